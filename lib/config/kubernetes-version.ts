import apiVersions from '../checks/api-versions.json';
import { SCHEMA_RELEASES } from '../checks/schema-releases';

/** A Kubernetes release as `major.minor`, e.g. `1.37`. */
const RELEASE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/**
 * Releases already parsed: the checks compare the environment's release with a field's "since" for every object, so
 * the same few texts come back thousands of times in a synthesis.
 */
const PARSED = new Map<string, readonly [number, number] | undefined>();

/** The major and minor numbers of a `major.minor` release, or undefined when the text is not one. */
export function parseRelease(text: string): readonly [major: number, minor: number] | undefined {
  let release = PARSED.get(text);
  if (release === undefined && !PARSED.has(text)) {
    const match = RELEASE.exec(text);
    release = match === null ? undefined : Object.freeze([Number(match[1]), Number(match[2])] as const);
    PARSED.set(text, release);
  }
  return release;
}

/** Negative when release `a` comes before `b`, zero when they are the same, positive after; both must parse. */
export function compareReleases(a: string, b: string): number {
  const [aMajor, aMinor] = releaseOf(a);
  const [bMajor, bMinor] = releaseOf(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Whether `release` is `first` or a later release (a feature served, or a check made, from `first` on); both must parse. */
export function releaseAtLeast(release: string, first: string): boolean {
  return compareReleases(release, first) >= 0;
}

function releaseOf(text: string): readonly [number, number] {
  const release = parseRelease(text);
  if (release === undefined) {
    throw new Error(`"${text}" is not a Kubernetes release written "major.minor", such as "1.37"`);
  }
  return release;
}

/**
 * The oldest release an environment may declare: the release of the API bindings and the oldest schema the project
 * builds and checks with (cdk8s-plus-27 and imports/k8s-schema-1.27.json, Kubernetes 1.27); the output of
 * cdk8s-plus-XX is meant for XX and later.
 */
export const OLDEST_RELEASE: string = SCHEMA_RELEASES[0].release;

/** The newest release an environment may declare: the last one lib/checks/api-versions.json covers. */
export const NEWEST_RELEASE: string = apiVersions.through;

/** What `kubernetesVersion` may be, for messages. */
export const KNOWN_RELEASES = `a Kubernetes release "major.minor" from ${OLDEST_RELEASE} to ${NEWEST_RELEASE}`;

/** Why a declared Kubernetes version is not one the project supports, or undefined when it is. */
export function releaseProblem(text: string): string | undefined {
  if (parseRelease(text) === undefined) {
    return `must be ${KNOWN_RELEASES}, such as "${NEWEST_RELEASE}" (major and minor only, no "v" and no patch)`;
  }
  if (compareReleases(text, OLDEST_RELEASE) < 0) {
    return (
      `must be ${KNOWN_RELEASES}: ${OLDEST_RELEASE} is the oldest, since the project builds on cdk8s-plus-27 and ` +
      `checks against the Kubernetes ${OLDEST_RELEASE} schema`
    );
  }
  if (compareReleases(text, NEWEST_RELEASE) > 0) {
    return (
      `must be ${KNOWN_RELEASES}: ${NEWEST_RELEASE} is the newest lib/checks/api-versions.json knows; add the API ` +
      `removals and deprecations of the newer releases there (and raise its "through") first`
    );
  }
  return undefined;
}
