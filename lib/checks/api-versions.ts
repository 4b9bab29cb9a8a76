import data from './api-versions.json';
import { compareReleases, parseRelease } from '../config/kubernetes-version';
import { groupOf } from '../kinds/kinds';

/** When Kubernetes served one apiVersion of one kind, from api-versions.json. */
export interface ApiVersionLifecycle {
  /** The apiVersion, as in `apiVersion:` (`batch/v1beta1`). */
  readonly apiVersion: string;
  /** The kind, as in `kind:`. */
  readonly kind: string;
  /** The release that first served it. @default - a release before every one the project supports */
  readonly introduced?: string;
  /** The release that deprecated it (the API server warns on every use). @default - not deprecated */
  readonly deprecated?: string;
  /** The first release that no longer serves it. @default - still served */
  readonly removed?: string;
  /**
   * Whether the API server serves it only when its `--runtime-config` turns it on: the beta versions introduced from
   * 1.24 on (KEP-3136, beta APIs off by default). @default false
   */
  readonly offByDefault?: boolean;
  /** The API to use instead, `apiVersion Kind` (`batch/v1 CronJob`). @default - none */
  readonly replacement?: string;
  /** What to use instead when no API replaces it, in words. @default - none */
  readonly instead?: string;
}

const RELEASE_FIELDS = ['introduced', 'deprecated', 'removed'] as const;
const FIELDS: readonly string[] = ['apiVersion', 'kind', ...RELEASE_FIELDS, 'offByDefault', 'replacement', 'instead'];
const API_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const REPLACEMENT = /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)? [A-Z][A-Za-z0-9]*$/;

/** Refuses a row that does not follow the schema, naming the row and the field; fills in nothing. */
function describe(raw: Readonly<Record<string, unknown>>): ApiVersionLifecycle {
  const name = `${String(raw.apiVersion)} ${String(raw.kind)}`;
  const problem = (field: string, allowed: string): Error =>
    new Error(
      `lib/checks/api-versions.json: ${name}: ${field} must be ${allowed}, got ${JSON.stringify(raw[field]) ?? 'nothing'}`,
    );
  const unknown = Object.keys(raw).find((field) => !FIELDS.includes(field));
  if (unknown !== undefined) {
    throw problem(unknown, `left out (the fields are ${FIELDS.join(', ')})`);
  }
  if (typeof raw.apiVersion !== 'string' || !API_VERSION.test(raw.apiVersion)) {
    throw problem('apiVersion', 'an apiVersion such as "batch/v1beta1" or "v1"');
  }
  if (typeof raw.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(raw.kind)) {
    throw problem('kind', 'a kind such as "CronJob"');
  }
  const releases = RELEASE_FIELDS.filter((field) => raw[field] !== undefined);
  for (const field of releases) {
    if (typeof raw[field] !== 'string' || parseRelease(raw[field]) === undefined) {
      throw problem(field, 'a release "major.minor" such as "1.25"');
    }
  }
  for (let index = 1; index < releases.length; index++) {
    const [before, after] = [releases[index - 1], releases[index]];
    if (compareReleases(raw[before] as string, raw[after] as string) >= 0) {
      throw problem(after, `a release after ${before} ${String(raw[before])}`);
    }
  }
  if (raw.deprecated === undefined && raw.removed === undefined && raw.introduced === undefined) {
    throw problem('introduced', 'given, or deprecated or removed: the row says nothing');
  }
  if (raw.offByDefault !== undefined && (raw.offByDefault !== true || !/(alpha|beta)[0-9]+$/.test(raw.apiVersion))) {
    throw problem('offByDefault', 'true on an alpha or beta version, or left out');
  }
  if (raw.replacement !== undefined && (typeof raw.replacement !== 'string' || !REPLACEMENT.test(raw.replacement))) {
    throw problem('replacement', '"apiVersion Kind", such as "batch/v1 CronJob"');
  }
  if (raw.instead !== undefined && (typeof raw.instead !== 'string' || raw.instead.trim() === '')) {
    throw problem('instead', 'a sentence that says what to use');
  }
  return raw as unknown as ApiVersionLifecycle;
}

/** The rows of api-versions.json, checked; fails on a row that breaks the schema or an apiVersion and kind given twice. */
export function parseApiVersions(rows: readonly Readonly<Record<string, unknown>>[]): ApiVersionLifecycle[] {
  const parsed = rows.map(describe);
  const seen = new Set<string>();
  for (const row of parsed) {
    const key = `${row.apiVersion} ${row.kind}`;
    if (seen.has(key)) {
      throw new Error(`lib/checks/api-versions.json: ${key} is described twice; keep one row`);
    }
    seen.add(key);
  }
  return parsed;
}

/** Every row of api-versions.json. */
export const API_VERSIONS: readonly ApiVersionLifecycle[] = parseApiVersions(data.apis);

const BY_API_VERSION_AND_KIND = new Map(API_VERSIONS.map((row) => [`${row.apiVersion} ${row.kind}`, row]));

/** What the table knows of this apiVersion of this kind; undefined for one that every supported release serves. */
export function lifecycleOf(apiVersion: string, kind: string): ApiVersionLifecycle | undefined {
  return BY_API_VERSION_AND_KIND.get(`${apiVersion} ${kind}`);
}

/** Whether the release has the row's apiVersion (on by default or not: see `offByDefault`). */
export function isServed(row: ApiVersionLifecycle, release: string): boolean {
  return (
    (row.introduced === undefined || compareReleases(row.introduced, release) <= 0) &&
    (row.removed === undefined || compareReleases(release, row.removed) < 0)
  );
}

/**
 * The apiVersions of the table that the release serves by default for the same kind in the same group, not deprecated
 * first, then newest first: what to write instead of an apiVersion the release does not serve.
 */
export function servedAlternatives(apiVersion: string, kind: string, release: string): string[] {
  const group = groupOf(apiVersion);
  const deprecated = (row: ApiVersionLifecycle): number =>
    row.deprecated !== undefined && compareReleases(row.deprecated, release) <= 0 ? 1 : 0;
  return API_VERSIONS.filter(
    (row) => row.kind === kind && row.apiVersion !== apiVersion && groupOf(row.apiVersion) === group,
  )
    .filter((row) => isServed(row, release) && row.offByDefault !== true)
    .sort((a, b) => deprecated(a) - deprecated(b) || compareReleases(b.introduced ?? '0.0', a.introduced ?? '0.0'))
    .map((row) => row.apiVersion);
}
