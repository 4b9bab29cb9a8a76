import * as fs from 'fs';
import * as path from 'path';
import { compareReleases } from '../config/kubernetes-version';
import { ROOT } from '../paths';
import { POD_KINDS } from '../writer/pod-template';
import { isServed, lifecycleOf } from './api-versions';
import { Problem } from './finding';
import { Rule } from './rule';
import { SCHEMA_RELEASES, schemaFileOf } from './schema-releases';
import { parseQuantity } from './value-rules';
import { Step, formatPath } from './field-path';
import { decodedManifest } from './decoded-object';
import { RenderedObject } from '../writer/render';

/**
 * The compact schema of one release of the Kubernetes API (imports/k8s-schema-<release>.json, written by
 * `npm run import`). A property's type
 * is a string: a primitive (`string`, `boolean`, `integer`, `int32`, `int64`, `number`, `byte` for base64 text,
 * `date-time`, `int-or-string`, `quantity`, `object` for any map, `any` for any value), the name of a definition,
 * or a type followed by `[]` (a list of it) or `{}` (a map of it).
 */
export interface CompactSchema {
  /** The Go module whose OpenAPI document it is made from. */
  readonly kubernetes: string;
  /** The definition of each kind the API serves, by `apiVersion/kind` (`apps/v1/Deployment`, `v1/Service`). */
  readonly kinds: Readonly<Record<string, string>>;
  /** Every definition that has properties, by its OpenAPI name. */
  readonly definitions: Readonly<Record<string, CompactDefinition>>;
}

/** One definition of the compact schema. */
export interface CompactDefinition {
  /** Each field's compact type. */
  readonly properties: Readonly<Record<string, string>>;
  /** The fields it must have. @default - none */
  readonly required?: readonly string[];
  /** The values a field may take, where the document lists them. @default - none */
  readonly enums?: Readonly<Record<string, readonly (string | number)[]>>;
  /** The list fields that server-side apply merges item by item, by key. @default - none: every list is atomic */
  readonly lists?: Readonly<Record<string, CompactList>>;
}

/**
 * A list that server-side apply merges by key (its OpenAPI v3 schema's `x-kubernetes-list-type` `map` or `set`, or a
 * patch merge key): it refuses a null item, and two items with one key.
 */
export interface CompactList {
  /** The fields that identify an item (`containers` by `name`); none for a set, whose items are their own keys. */
  readonly keys: readonly string[];
  /** The value a key field left out takes (`protocol` `TCP` of a port). @default - none */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/**
 * A value the API server would not decode as written: a null, or a value of the wrong type. `value` is what decoding
 * leaves in its place: REMOVED for a field or a map entry, the zero value of its type for a list item (the index of
 * the items after it stays).
 */
export interface Repair {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** What a Repair's value is when the field or map entry is left out. */
export const REMOVED: unique symbol = Symbol('removed');

/** One walk over one object: the path from the object to the value being checked, and what was found so far. */
interface Walk {
  kind: string;
  readonly path: Step[];
  reportedElsewhere: ReportedElsewhere | undefined;
  problems: Problem[] | undefined;
  repairs: Repair[] | undefined;
}

/**
 * Whether another check reports a value of the wrong type at `path` (as the messages write it) in an object of `kind`
 * with a message of its own, so that the schema check leaves it out.
 */
export type ReportedElsewhere = (kind: string, path: string, value: unknown) => boolean;

/** Checks one value (never null or undefined) at the walk's path. */
type Check = (value: unknown, walk: Walk) => void;

/** A definition's checks, compiled the first time an object of it is met. */
interface CompiledDefinition {
  readonly fields: Readonly<Record<string, Check>>;
  readonly required: readonly string[];
  /** The check of its spec, where a spec left out is validated as the empty spec (see `emptySpecCheck`). */
  readonly emptySpec: Check | undefined;
  readonly enums: readonly (readonly [field: string, values: ReadonlySet<unknown>])[];
}

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_VALUE_TEXT = 60;
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
const NO_REPAIRS: readonly Repair[] = Object.freeze([]);
const EMPTY: readonly string[] = [];

/**
 * Fields the OpenAPI document marks required that the API server takes without (seen with a server-side dry run on
 * 1.27 and 1.37, where the release's document marks them): it fills them in, or their zero value is valid. Kubernetes'
 * own example of a pod failure policy leaves `status` out of onPodConditions, which the server defaults to "True"; the
 * others were met sweeping valid objects: a StatefulSet without serviceName and a NetworkPolicy without podSelector
 * (all pods), which 1.27's document requires and 1.37's no longer does, as a PriorityClass's value (0), an
 * EndpointSlice's endpoints and a roleRef's apiGroup (defaulted to rbac.authorization.k8s.io); an HTTP header or a
 * sysctl of empty value, a pod failure policy without rules, a sleep hook without seconds (0, which 1.37 takes), a
 * CustomResourceDefinition version without `served` (false; gate-fuzz on the crd kinds), a CSIDriver token request
 * without audience (the API server's own audiences), a CSINode without spec or drivers, a LimitRange without limits (gate-fuzz on the raw kinds).
 */
const DEFAULTED_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.apps.v1.StatefulSetSpec': ['serviceName'],
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': ['served'],
  'io.k8s.api.batch.v1.PodFailurePolicy': ['rules'],
  'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern': ['status'],
  'io.k8s.api.core.v1.HTTPHeader': ['value'],
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'],
  'io.k8s.api.core.v1.SleepAction': ['seconds'],
  'io.k8s.api.core.v1.Sysctl': ['value'],
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
  'io.k8s.api.networking.v1.NetworkPolicySpec': ['podSelector'],
  'io.k8s.api.rbac.v1.RoleRef': ['apiGroup'],
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  'io.k8s.api.storage.v1.CSINode': ['spec'],
  'io.k8s.api.storage.v1.CSINodeSpec': ['drivers'],
  'io.k8s.api.storage.v1.TokenRequest': ['audience'],
};

/**
 * The release from which server-side apply takes an item of a keyed list that leaves out some of its key fields
 * (structured-merge-diff v6, kubernetes-sigs/structured-merge-diff#296): before it, each key field without a default
 * must be there ("omits key field"); from it, one is enough ("omits all key fields").
 */
export const OPTIONAL_LIST_KEYS_SINCE = '1.34';

/**
 * Keyed lists whose repeated keys unique-names reports in words of its own (a pod's containers and volumes, and a
 * container's ports, env and mounts), by `<definition>.<field>`: the schema check leaves those duplicates to it.
 */
const DUPLICATES_REPORTED_BY_UNIQUE_NAMES: ReadonlySet<string> = new Set(
  [
    'PodSpec.containers',
    'PodSpec.initContainers',
    'PodSpec.volumes',
    'Container.ports',
    'Container.env',
    'Container.volumeMounts',
  ].map((field) => `io.k8s.api.core.v1.${field}`),
);

/** The required fields of a definition that an object must give itself. */
function withoutDefaulted(name: string, required: readonly string[]): readonly string[] {
  const defaulted = DEFAULTED_REQUIRED[name];
  return defaulted === undefined ? required : required.filter((field) => !defaulted.includes(field));
}

/** A value as the message shows it, shortened. */
function formatValue(value: unknown): string {
  if (typeof value === 'string' && value.length > MAX_VALUE_TEXT - 2) {
    return JSON.stringify(`${value.slice(0, MAX_VALUE_TEXT - 5)}...`);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 3)}...` : text;
}

/** The types a value may be written in YAML without quotes. */
const UNQUOTED_TYPES = ['boolean', 'integer', 'int32', 'int64', 'number'];

/** The last part of a definition's name, as the API documentation names it (`ServiceSpec`). */
function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

/** What a compact type allows, in words: `an integer (int32)`, `a list of Container`. */
function describeType(type: string): string {
  if (type.endsWith('[]')) {
    return `a list of ${nameOfType(type.slice(0, -2))}`;
  }
  if (type.endsWith('{}')) {
    return `a map of ${nameOfType(type.slice(0, -2))}`;
  }
  switch (type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'int32':
    case 'int64':
      return `an integer (${type})`;
    case 'number':
      return 'a number';
    case 'byte':
      return 'base64 text';
    case 'date-time':
      return 'a time in RFC 3339';
    case 'int-or-string':
      return 'an integer or a string (IntOrString)';
    case 'quantity':
      return 'a quantity';
    case 'object':
    case 'any':
      return 'any value';
    default:
      return `an object (${shortName(type)})`;
  }
}

/** A type as the element of a list or map: `Container`, `string`, `list of string`. */
function nameOfType(type: string): string {
  if (type.endsWith('[]') || type.endsWith('{}')) {
    return describeType(type).replace(/^a /, '');
  }
  return type.includes('.') ? shortName(type) : type;
}

/** How to write a value of the type instead of `value`. */
function fixFor(type: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '' && UNQUOTED_TYPES.includes(type)) {
    const unquoted = type === 'boolean' ? value === 'true' || value === 'false' : isValid(type, Number(value));
    if (unquoted) {
      return `write ${value}, without quotes`;
    }
  }
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `write "${value}", with quotes`;
  }
  switch (type) {
    case 'int32':
      return `write an integer (int32) from ${-INT32} to ${INT32 - 1}`;
    case 'byte':
      return 'encode the value in base64, or put it in stringData as text';
    case 'date-time':
      return 'write a time such as "2024-01-31T12:00:00Z"';
    case 'quantity':
      return 'write a quantity such as "250m", "1", "128Mi" or "1Gi"';
    default:
      return `write ${describeType(type)}`;
  }
}

const isInt32 = (value: unknown): boolean =>
  Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32;
const isInt64 = (value: unknown): boolean => Number.isInteger(value) && Math.abs(value as number) < INT64;

/** Quantities met that parse: a course writes the same few many times. */
const VALID_QUANTITIES = new Set<string>();

function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (typeof value !== 'string') {
    return false;
  }
  if (VALID_QUANTITIES.has(value)) {
    return true;
  }
  // Kubernetes trims the spaces around a quantity before it parses it.
  const valid = parseQuantity(value.trim()) !== undefined;
  if (valid) {
    VALID_QUANTITIES.add(value);
  }
  return valid;
}

/** The test of each primitive type, for a value that is not null. */
const PRIMITIVES: Readonly<Record<string, (value: unknown) => boolean>> = {
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  int32: isInt32,
  integer: isInt64,
  int64: isInt64,
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  byte: (value) => typeof value === 'string' && BASE64.test(value.replace(/[\r\n]/g, '')),
  'date-time': (value) => typeof value === 'string' && RFC3339.test(value),
  'int-or-string': (value) => typeof value === 'string' || isInt32(value),
  quantity: isQuantity,
};

/** Whether a value (not null) has a primitive type; any value passes a type that is not primitive. */
function isValid(type: string, value: unknown): boolean {
  return PRIMITIVES[type]?.(value) ?? true;
}

function report(walk: Walk, message: string, fix: string): void {
  (walk.problems ??= []).push({ message, fix });
}

/**
 * The value Go's decoder leaves for a list item or map entry of `type` written null: "", 0, false, an empty object,
 * list or map.
 */
function zeroValue(type: string): unknown {
  if (type.endsWith('[]')) {
    return [];
  }
  switch (type) {
    case 'string':
    case 'byte':
    case 'date-time':
      return '';
    case 'boolean':
      return false;
    case 'integer':
    case 'int32':
    case 'int64':
    case 'number':
    case 'int-or-string':
    case 'quantity':
      return 0;
    default:
      return {};
  }
}

/**
 * Records that the value at the walk's path decodes as absent, or as the zero value of `type` in a list; text that is
 * no base64 where bytes go (a Secret's data) as the base64 of that text, so that the other rules read the key as
 * there, holding what its author wrote, and report no second finding of the one mistake.
 */
function repair(walk: Walk, type: string, value?: unknown): void {
  const last = walk.path[walk.path.length - 1];
  (walk.repairs ??= []).push({
    path: [...(walk.path as (string | number)[])],
    value:
      type === 'byte' && typeof value === 'string'
        ? Buffer.from(value, 'utf8').toString('base64')
        : typeof last === 'number'
          ? zeroValue(type)
          : REMOVED,
  });
}

function reportType(walk: Walk, type: string, value: unknown): void {
  const where = formatPath(walk.path);
  if (walk.reportedElsewhere?.(walk.kind, where, value) === true) {
    return;
  }
  repair(walk, type, value);
  const message =
    type === 'quantity'
      ? `${where} must be a quantity, got ${formatValue(value)}`
      : `${where} must be ${describeType(type)}, got ${formatValue(value)}`;
  report(walk, message, fixFor(type, value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The optimal string alignment distance of two names (a swap of neighbours counts once), up to `limit` + 1. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) {
    return limit + 1;
  }
  const rows = [...Array(a.length + 1)].map((_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) {
    rows[0][j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/** The known name `name` was most likely meant to be: the same ignoring case, or the closest within a few edits. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameCase !== undefined) {
    return sameCase;
  }
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The definition of every object's metadata. */
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The major and minor release of the schema's Kubernetes: `1.27`. */
function releaseOf(schema: CompactSchema): string {
  return /@v(\d+\.\d+)/.exec(schema.kubernetes)?.[1] ?? schema.kubernetes;
}

/**
 * Validates objects against the compact schema the way the API server decodes them with strict field validation
 * (`kubectl apply --validate=strict`): unknown fields (case matters), wrong types, missing required fields, values
 * outside an enum. Each definition is compiled into checks the first time an object of it is met, and a valid value
 * costs its type test and no allocation.
 */
export class SchemaValidator {
  private readonly checks = new Map<string, Check>();
  private readonly kindChecks = new Map<string, Map<string, Check | null>>();
  /** The walk of the object being checked, reused: objects are checked one at a time, and a valid one allocates nothing. */
  private readonly walk: Walk = {
    kind: '',
    path: [],
    reportedElsewhere: undefined,
    problems: undefined,
    repairs: undefined,
  };
  private servedKinds?: Map<string, Map<string, readonly string[]>>;
  private customResource?: Check;
  /** The release `major.minor` of the schema's Kubernetes. */
  public readonly release: string;

  /** The release whose server-side apply reads the objects (an environment's, between two schema releases). */
  private readonly applyRelease: string;

  public constructor(
    private readonly schema: CompactSchema,
    applyRelease?: string,
  ) {
    this.release = releaseOf(schema);
    this.applyRelease = applyRelease ?? this.release;
  }

  /** The problems of one object; none when its apiVersion and kind are not of a built-in group. */
  public problems(
    manifest: Readonly<Record<string, unknown>> & { readonly apiVersion: string; readonly kind: string },
    reportedElsewhere?: ReportedElsewhere,
  ): readonly Problem[] {
    return this.decode(manifest, reportedElsewhere).problems;
  }

  /**
   * The problems of one object, and the nulls and values of the wrong type that the API server's decoder would not
   * take as written (`Repair`): none of those the values `reportedElsewhere` leaves to another check.
   */
  public decode(
    manifest: Readonly<Record<string, unknown>> & { readonly apiVersion: string; readonly kind: string },
    reportedElsewhere?: ReportedElsewhere,
  ): { readonly problems: readonly Problem[]; readonly repairs: readonly Repair[] } {
    const check = this.kindCheck(manifest.apiVersion, manifest.kind) ?? this.customResourceCheck(manifest);
    if (check === undefined) {
      return { problems: this.unservedKindProblems(manifest.apiVersion, manifest.kind), repairs: NO_REPAIRS };
    }
    const walk = this.walk;
    walk.kind = manifest.kind;
    walk.path.length = 0;
    walk.reportedElsewhere = reportedElsewhere;
    walk.problems = undefined;
    walk.repairs = undefined;
    check(manifest, walk);
    const { problems, repairs } = walk;
    walk.problems = undefined;
    walk.repairs = undefined;
    return { problems: problems ?? NO_PROBLEMS, repairs: repairs ?? NO_REPAIRS };
  }

  /**
   * The check of a custom resource (an apiVersion of a group Kubernetes does not serve): its metadata, which the API
   * server decodes as every object's ObjectMeta whatever the resource's schema says (custom-resource-schema checks the
   * rest, where the project defines the resource). Undefined for a built-in group, and for a List, which kubectl reads
   * item by item.
   */
  private customResourceCheck(manifest: { readonly apiVersion: string; readonly kind: string }): Check | undefined {
    const slash = manifest.apiVersion.lastIndexOf('/');
    if (manifest.kind === 'List' || this.servesGroup(slash < 0 ? '' : manifest.apiVersion.slice(0, slash))) {
      return undefined;
    }
    if (this.customResource === undefined) {
      const metadata = this.checkOf(OBJECT_META);
      this.customResource = (value, walk) => {
        const meta = (value as Record<string, unknown>).metadata;
        if (meta !== null && meta !== undefined) {
          walk.path.push('metadata');
          metadata(meta, walk);
          walk.path.pop();
        }
      };
    }
    return this.customResource;
  }

  /** The check of a kind, or undefined when the schema does not know it; found without building a key per object. */
  private kindCheck(apiVersion: string, kind: string): Check | undefined {
    let kinds = this.kindChecks.get(apiVersion);
    if (kinds === undefined) {
      kinds = new Map();
      this.kindChecks.set(apiVersion, kinds);
    }
    let check = kinds.get(kind);
    if (check === undefined) {
      const definition = this.schema.kinds[`${apiVersion}/${kind}`];
      check = definition === undefined ? null : this.checkOf(definition);
      kinds.set(kind, check);
    }
    return check ?? undefined;
  }

  /** A kind its built-in group does not serve in this apiVersion; custom resources (other groups) pass. */
  private unservedKindProblems(apiVersion: string, kind: string): readonly Problem[] {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const versions = this.served().get(group);
    // kubectl reads a List itself, item by item.
    if (versions === undefined || kind === 'List') {
      return NO_PROBLEMS;
    }
    const release = this.release;
    const serving = [...versions].filter(([, kinds]) => kinds.includes(kind)).map(([version]) => version);
    if (serving.length > 0) {
      return [
        {
          message: `apiVersion ${apiVersion} serves no ${kind} in Kubernetes ${release}`,
          fix: `write apiVersion: ${serving.join(' or ')}`,
        },
      ];
    }
    const suggestion = closestName(kind, versions.get(apiVersion) ?? [...versions.values()].flat());
    return [
      suggestion === undefined
        ? {
            message: `apiVersion ${apiVersion} serves no ${kind} in Kubernetes ${release}`,
            fix: `write a kind of ${group === '' ? 'the core group' : group}: ${[...new Set([...versions.values()].flat())].sort().join(', ')}`,
          }
        : {
            message: `apiVersion ${apiVersion} serves no ${kind} in Kubernetes ${release}; did you mean ${suggestion}?`,
            fix: `write kind: ${suggestion}`,
          },
    ];
  }

  /** Whether the schema's release has the kind in the apiVersion (built in, served by default or not). */
  public servesKind(apiVersion: string, kind: string): boolean {
    const slash = apiVersion.lastIndexOf('/');
    return (
      this.served()
        .get(slash < 0 ? '' : apiVersion.slice(0, slash))
        ?.get(apiVersion)
        ?.includes(kind) === true
    );
  }

  /** Whether the schema's release serves the API group (`''` for the core group) in some version. */
  public servesGroup(group: string): boolean {
    return this.served().has(group);
  }

  /** The kinds of each built-in group, by apiVersion. */
  private served(): Map<string, Map<string, readonly string[]>> {
    if (this.servedKinds === undefined) {
      const groups = new Map<string, Map<string, string[]>>();
      for (const key of Object.keys(this.schema.kinds)) {
        const slash = key.lastIndexOf('/');
        const apiVersion = key.slice(0, slash);
        const versionSlash = apiVersion.lastIndexOf('/');
        const group = versionSlash < 0 ? '' : apiVersion.slice(0, versionSlash);
        const versions = groups.get(group) ?? new Map<string, string[]>();
        versions.set(apiVersion, [...(versions.get(apiVersion) ?? []), key.slice(slash + 1)]);
        groups.set(group, versions);
      }
      this.servedKinds = groups;
    }
    return this.servedKinds;
  }

  /** The check of a compact type, made once per type. */
  private checkOf(type: string): Check {
    let check = this.checks.get(type);
    if (check === undefined) {
      check = this.makeCheck(type);
      this.checks.set(type, check);
    }
    return check;
  }

  private makeCheck(type: string): Check {
    if (type.endsWith('[]')) {
      return this.listCheck(type, this.checkOf(type.slice(0, -2)));
    }
    if (type.endsWith('{}')) {
      return this.mapCheck(type, this.checkOf(type.slice(0, -2)));
    }
    if (type === 'object' || type === 'any') {
      return () => undefined;
    }
    if (type.includes('.')) {
      return this.definitionCheck(type);
    }
    const test = PRIMITIVES[type];
    if (test === undefined) {
      throw new Error(`the schema names a type the schema check does not know: ${type}`);
    }
    return (value, walk) => {
      if (!test(value)) {
        reportType(walk, type, value);
      }
    };
  }

  /**
   * `emptyForNull`: a null item of objects is checked as the empty object the API server reads; a list merged by key
   * leaves it to `mergedListCheck`, which refuses it.
   */
  private listCheck(type: string, item: Check, emptyForNull = true): Check {
    const itemType = type.slice(0, -2);
    return (value, walk) => {
      if (!Array.isArray(value)) {
        reportType(walk, type, value);
        return;
      }
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        walk.path.push(index);
        if (element !== null && element !== undefined) {
          item(element, walk);
        } else {
          repair(walk, itemType);
          const zero = zeroValue(itemType);
          if (emptyForNull && isObject(zero)) {
            // The API server validates the empty object it reads, whose required fields are then missing.
            item(zero, walk);
          }
        }
        walk.path.pop();
      }
    };
  }

  private mapCheck(type: string, entry: Check): Check {
    return (value, walk) => {
      if (!isObject(value)) {
        reportType(walk, type, value);
        return;
      }
      for (const key in value) {
        const element = value[key];
        walk.path.push(key);
        if (element !== null && element !== undefined) {
          entry(element, walk);
        } else {
          // Go's decoder keeps the key, with its type's zero value: a label written null is the label "".
          (walk.repairs ??= []).push({ path: [...(walk.path as string[])], value: zeroValue(type.slice(0, -2)) });
        }
        walk.path.pop();
      }
    };
  }

  private definitionCheck(name: string): Check {
    let compiled: CompiledDefinition | undefined;
    return (value, walk) => {
      if (!isObject(value)) {
        reportType(walk, name, value);
        return;
      }
      compiled ??= this.compile(name);
      const fields = compiled.fields;
      for (const key in value) {
        const check = fields[key];
        if (check === undefined) {
          this.reportUnknownField(walk, name, key);
          continue;
        }
        const field = value[key];
        walk.path.push(key);
        if (field !== null && field !== undefined) {
          check(field, walk);
        } else {
          repair(walk, name);
        }
        walk.path.pop();
      }
      for (const field of compiled.required) {
        if (value[field] === undefined || value[field] === null) {
          this.reportMissing(walk, name, field);
        }
      }
      if (compiled.emptySpec !== undefined && (value.spec === undefined || value.spec === null)) {
        walk.path.push('spec');
        compiled.emptySpec({}, walk);
        walk.path.pop();
      }
      for (const [field, values] of compiled.enums) {
        if (value[field] !== undefined && value[field] !== null && !values.has(value[field])) {
          walk.path.push(field);
          const allowed = [...values].join(', ');
          report(
            walk,
            `${formatPath(walk.path)} ${formatValue(value[field])} is not one of ${allowed}`,
            `write one of ${allowed}`,
          );
          walk.path.pop();
        }
      }
    };
  }

  /** The check of a merged list's items, which leaves its null items to `mergedListCheck`. */
  private mergedItemsCheck(type: string): Check {
    return type.endsWith('[]') ? this.listCheck(type, this.checkOf(type.slice(0, -2)), false) : this.checkOf(type);
  }

  private compile(name: string): CompiledDefinition {
    const definition = this.schema.definitions[name];
    const fields: Record<string, Check> = Object.create(null) as Record<string, Check>;
    for (const [field, type] of Object.entries(definition.properties)) {
      const list = definition.lists?.[field];
      fields[field] =
        list === undefined
          ? this.checkOf(type)
          : this.mergedListCheck(this.mergedItemsCheck(type), list, `${name}.${field}`);
    }
    return {
      fields,
      required: withoutDefaulted(name, definition.required ?? EMPTY),
      emptySpec: this.emptySpecCheck(definition),
      enums: Object.entries(definition.enums ?? {}).map(
        ([field, values]) => [field, new Set<unknown>(values)] as const,
      ),
    };
  }

  /**
   * The check of a definition's spec left out or null, where the document does not require it: the empty spec, whose
   * required fields are then missing. A spec (of an object, a pod template or a job template) is a struct in Go, not a
   * pointer, so the API server validates its zero value: 1.27's document requires no workload's spec (1.37's does), and
   * no release's a Job's or a job template's, which both servers refuse without ("spec.template.spec.containers:
   * Required value").
   */
  private emptySpecCheck(definition: CompactDefinition): Check | undefined {
    const spec = definition.properties.spec;
    return spec === undefined ||
      this.schema.definitions[spec] === undefined ||
      (definition.required ?? EMPTY).includes('spec')
      ? undefined
      : this.checkOf(spec);
  }

  /**
   * The check of a list that server-side apply merges by key (`npm run apply` sends every object so): before its items'
   * checks, what structured-merge-diff refuses when it reads the object. A null item, which a create takes as its
   * type's zero value; an item without its key: before 1.34 any key field that has no default, from 1.34 (optional
   * map keys) only all of them; and two items with one key (key fields left out count with their defaults), which a
   * create takes for some lists (env, finalizers, owner references). Duplicates that unique-names reports with words
   * of its own are left to it.
   */
  private mergedListCheck(items: Check, list: CompactList, field: string): Check {
    const keys = list.keys;
    const defaults = list.defaults ?? {};
    const strictKeys = compareReleases(this.applyRelease, OPTIONAL_LIST_KEYS_SINCE) < 0;
    const duplicates = !DUPLICATES_REPORTED_BY_UNIQUE_NAMES.has(field);
    const what = keys.length === 0 ? 'a set' : `a list keyed by ${keys.join(' and ')}`;
    return (value, walk) => {
      if (Array.isArray(value)) {
        let seen: Map<string, number> | undefined;
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          let key: string | undefined;
          if (item === null || item === undefined) {
            walk.path.push(index);
            report(
              walk,
              `${formatPath(walk.path)} is null, in ${what}: server-side apply (npm run apply) refuses a null item there`,
              'remove the item, or write it in full',
            );
            walk.path.pop();
          } else if (keys.length === 0) {
            key = typeof item === 'object' ? undefined : JSON.stringify(item);
          } else if (isObject(item)) {
            key = this.itemKey(item, keys, defaults, strictKeys, index, walk);
          }
          if (key !== undefined && duplicates && value.length > 1) {
            seen ??= new Map();
            const first = seen.get(key);
            if (first === undefined) {
              seen.set(key, index);
            } else {
              walk.path.push(index);
              report(
                walk,
                `${formatPath(walk.path)} has the key of item ${first} (${key}), in ${what}: server-side apply (npm run apply) refuses two items with one key`,
                keys.length === 0
                  ? 'remove the repeated item'
                  : `merge the two items into one, or give each its own ${keys.join(' and ')}`,
              );
              walk.path.pop();
            }
          }
        }
      }
      items(value, walk);
    };
  }

  /** The key of a keyed list's item, as server-side apply reads it (`name="web"`); undefined when it refuses it. */
  private itemKey(
    item: Readonly<Record<string, unknown>>,
    keys: readonly string[],
    defaults: Readonly<Record<string, unknown>>,
    strictKeys: boolean,
    index: number,
    walk: Walk,
  ): string | undefined {
    let key = '';
    let missing: string | undefined;
    for (const field of keys) {
      const written = item[field];
      const value = written !== undefined ? written : defaults[field];
      if (value === undefined) {
        missing ??= field;
        if (strictKeys) {
          break;
        }
        continue;
      }
      key += `${key === '' ? '' : ','}${field}=${JSON.stringify(value)}`;
    }
    if (missing !== undefined && (strictKeys || key === '')) {
      walk.path.push(index);
      const fields = strictKeys ? missing : keys.join(' and ');
      report(
        walk,
        `${formatPath(walk.path)} has no ${fields}, the key of its list: server-side apply (npm run apply) refuses an item without ${strictKeys ? 'its key' : 'any key field'} in Kubernetes ${this.applyRelease}`,
        `add ${fields}`,
      );
      walk.path.pop();
      return undefined;
    }
    return key;
  }

  private reportUnknownField(walk: Walk, name: string, key: string): void {
    walk.path.push(key);
    const where = formatPath(walk.path);
    walk.path.pop();
    const known = Object.keys(this.schema.definitions[name].properties);
    const suggestion = closestName(key, known);
    const definition = shortName(name);
    if (suggestion === undefined) {
      report(
        walk,
        `${where} is not a field of ${definition}`,
        `remove it, or use a field of ${definition}: ${known.join(', ')}`,
      );
    } else {
      report(
        walk,
        `${where} is not a field of ${definition}; did you mean ${suggestion}?`,
        `rename ${where} to ${suggestion}`,
      );
    }
  }

  private reportMissing(walk: Walk, name: string, field: string): void {
    walk.path.push(field);
    const where = formatPath(walk.path);
    walk.path.pop();
    const required = this.schema.definitions[name].required ?? [];
    const list = required.length === 1 ? required[0] : `${required.slice(0, -1).join(', ')} and ${required.at(-1)}`;
    report(walk, `${where} is missing; ${shortName(name)} requires ${list}`, `add ${where}`);
  }
}

/** A key at the end of a path: `.cpu`, `["nvidia.com/gpu"]`. */
const KEY = String.raw`(\.[A-Za-z_][A-Za-z0-9_-]*|\["(?:[^"\\]|\\.)*"\])`;
/** The pod spec of a Pod, a workload or a CronJob. */
const POD_SPEC = String.raw`^spec(\.jobTemplate\.spec)?(\.template\.spec)?\.`;
const JOB_COUNTS = 'completions|parallelism|backoffLimit|ttlSecondsAfterFinished|activeDeadlineSeconds';

/** One kind of value that a rule of value-rules.ts reports, with a message of its own, when it is of the wrong type. */
interface ValueRuleField {
  readonly rule: string;
  /** The kinds it looks at. @default - every kind */
  readonly kinds?: readonly string[];
  readonly path: RegExp;
  /** Whether that rule reports the value. @default - it reports every value of the wrong type */
  readonly reports?: (value: unknown) => boolean;
}

const notAnInteger = (value: unknown): boolean => !Number.isInteger(value);

/**
 * Values that a rule of value-rules.ts reports with a message of its own when they are wrong (a quantity that does
 * not parse, a label value that is not a string, a count that is not an integer): the schema check leaves them to it,
 * so that a problem is reported once. test/checks/schema-rules.test.ts checks that each of them is reported, once.
 */
const VALUE_RULE_FIELDS: readonly ValueRuleField[] = [
  {
    rule: 'quantity',
    kinds: POD_KINDS,
    path: new RegExp(`${POD_SPEC}(initContainers|containers)\\[\\d+\\]\\.resources\\.(requests|limits)${KEY}$`),
  },
  { rule: 'quantity', kinds: POD_KINDS, path: new RegExp(`${POD_SPEC}volumes\\[\\d+\\]\\.emptyDir\\.sizeLimit$`) },
  { rule: 'quantity', kinds: ['PersistentVolumeClaim'], path: /^spec\.resources\.requests\.storage$/ },
  {
    rule: 'quantity',
    kinds: ['StatefulSet'],
    path: /^spec\.volumeClaimTemplates\[\d+\]\.spec\.resources\.requests\.storage$/,
  },
  { rule: 'quantity', kinds: ['PersistentVolume'], path: /^spec\.capacity\.storage$/ },
  { rule: 'label-syntax', path: new RegExp(`^metadata\\.labels${KEY}$`) },
  {
    rule: 'label-syntax',
    kinds: POD_KINDS,
    path: new RegExp(`^spec(\\.jobTemplate\\.spec)?\\.template\\.metadata\\.labels${KEY}$`),
  },
  { rule: 'label-syntax', kinds: ['Service'], path: new RegExp(`^spec\\.selector${KEY}$`) },
  { rule: 'label-syntax', path: new RegExp(`^spec\\.selector\\.matchLabels${KEY}$`) },
  {
    rule: 'counts',
    kinds: ['Deployment', 'StatefulSet'],
    path: /^spec\.(replicas|revisionHistoryLimit)$/,
    reports: notAnInteger,
  },
  { rule: 'counts', kinds: ['ReplicaSet'], path: /^spec\.replicas$/, reports: notAnInteger },
  { rule: 'counts', kinds: ['DaemonSet'], path: /^spec\.revisionHistoryLimit$/, reports: notAnInteger },
  { rule: 'counts', kinds: ['Job'], path: new RegExp(`^spec\\.(${JOB_COUNTS})$`), reports: notAnInteger },
  {
    rule: 'counts',
    kinds: ['CronJob'],
    path: new RegExp(
      `^spec\\.((successfulJobsHistoryLimit|failedJobsHistoryLimit|startingDeadlineSeconds)|jobTemplate\\.spec\\.(${JOB_COUNTS}))$`,
    ),
    reports: notAnInteger,
  },
];

/** The rule of value-rules.ts that reports a value of the wrong type at `path`, if one does. */
export function valueRuleFor(kind: string, path: string, value: unknown): string | undefined {
  return VALUE_RULE_FIELDS.find(
    (field) =>
      (field.kinds === undefined || field.kinds.includes(kind)) &&
      field.path.test(path) &&
      (field.reports === undefined || field.reports(value)),
  )?.rule;
}

const reportedByValueRules: ReportedElsewhere = (kind, path, value) => valueRuleFor(kind, path, value) !== undefined;

/**
 * The release of SCHEMA_RELEASES whose schema checks an environment of `release`: that release, or else the newest
 * before it (a release without a schema of its own is checked against the one before, merged with the one after if
 * there is one, see mergeSchemas; an apiVersion it added is left to the api-version check).
 */
export function schemaReleaseFor(release: string): string {
  const known = SCHEMA_RELEASES.filter((candidate) => compareReleases(candidate.release, release) <= 0);
  if (known.length === 0) {
    throw new Error(
      `no schema for Kubernetes ${release}: the oldest the schema check knows is ${SCHEMA_RELEASES[0].release}`,
    );
  }
  return known[known.length - 1].release;
}

/** The compact schema of a release of SCHEMA_RELEASES, read from its file in imports/. */
export function loadSchema(release: string): CompactSchema {
  return JSON.parse(fs.readFileSync(path.join(ROOT, schemaFileOf(release)), 'utf8')) as CompactSchema;
}

/** The release of SCHEMA_RELEASES after `release`, the oldest newer one; undefined after the newest. */
function nextSchemaRelease(release: string): string | undefined {
  return SCHEMA_RELEASES.find((candidate) => compareReleases(candidate.release, release) > 0)?.release;
}

/**
 * The schema of a release between two that have one: what either takes, since which release in between added or
 * dropped a field neither document says. A field is known if either knows it (the older's type where both do),
 * required if both require it, and limited to an enum only where both limit it (to the values of either). The older
 * names the release, so that a kind it does not serve is left to the api-version check as before. Without it, a 1.30
 * environment was checked against 1.27's document alone, which refused every field added since (a sidecar's
 * restartPolicy, a sleep hook) that pod-spec takes by release.
 */
export function mergeSchemas(older: CompactSchema, newer: CompactSchema): CompactSchema {
  const definitions: Record<string, CompactDefinition> = { ...newer.definitions };
  for (const [name, old] of Object.entries(older.definitions)) {
    const recent = newer.definitions[name];
    definitions[name] = recent === undefined ? old : mergeDefinitions(old, recent);
  }
  return { kubernetes: older.kubernetes, kinds: { ...newer.kinds, ...older.kinds }, definitions };
}

function mergeDefinitions(older: CompactDefinition, newer: CompactDefinition): CompactDefinition {
  const required = (older.required ?? []).filter((field) => (newer.required ?? []).includes(field));
  const enums: Record<string, readonly (string | number)[]> = {};
  for (const [field, values] of Object.entries(older.enums ?? {})) {
    const recent = newer.enums?.[field];
    if (recent !== undefined) {
      enums[field] = [...new Set([...values, ...recent])];
    }
  }
  // A list is merged by key where both merge it by the same keys, with a default where either gives one.
  const lists: Record<string, CompactList> = {};
  for (const [field, list] of Object.entries(older.lists ?? {})) {
    const recent = newer.lists?.[field];
    if (recent !== undefined && recent.keys.join() === list.keys.join()) {
      const defaults = { ...list.defaults, ...recent.defaults };
      lists[field] = { keys: list.keys, ...(Object.keys(defaults).length > 0 ? { defaults } : {}) };
    }
  }
  return {
    properties: { ...newer.properties, ...older.properties },
    ...(required.length > 0 ? { required } : {}),
    ...(Object.keys(enums).length > 0 ? { enums } : {}),
    ...(Object.keys(lists).length > 0 ? { lists } : {}),
  };
}

/**
 * The validator of each environment's release, made when the first object of an environment of it is checked: a
 * synthesis reads only the schemas of the releases its environments declare.
 */
const validators = new Map<string, SchemaValidator>();

function validatorFor(release: string): SchemaValidator {
  let validator = validators.get(release);
  if (validator === undefined) {
    const schemaRelease = schemaReleaseFor(release);
    const next = schemaRelease === release ? undefined : nextSchemaRelease(release);
    if (next === undefined) {
      validator = validators.get(schemaRelease) ?? new SchemaValidator(loadSchema(schemaRelease));
      validators.set(schemaRelease, validator);
    } else {
      validator = new SchemaValidator(mergeSchemas(loadSchema(schemaRelease), loadSchema(next)), release);
    }
    validators.set(release, validator);
  }
  return validator;
}

/** Whether Kubernetes `release` serves the API group (`''` for the core group): it is not a custom resource's. */
export function servesGroup(release: string, group: string): boolean {
  return validatorFor(release).servesGroup(group);
}

/** Whether Kubernetes `release` has the kind in the apiVersion: a built-in kind, served by default or not (alpha). */
export function servesKind(release: string, apiVersion: string, kind: string): boolean {
  return validatorFor(release).servesKind(apiVersion, kind);
}

/** What the schema check found in an object, and the object as the API server decodes it (`decodedManifest`). */
export interface DecodedObject {
  readonly problems: readonly Problem[];
  readonly decoded: RenderedObject;
}

/**
 * The schema check of an object for an environment of `release`, and the object the other rules read: the same object
 * when the API server would decode it as written, else a copy without its nulls and values of the wrong type (each a
 * problem here, or another check's, see VALUE_RULE_FIELDS), so that no rule meets a type the schema does not give.
 */
export function decodeObject(object: RenderedObject, release: string): DecodedObject {
  const validator = validatorFor(release);
  // An apiVersion that the environment's release does not serve is the api-version check's to report, with what
  // replaces it: one mistake, one finding. One first served after the schema's release is not in the schema; whether
  // the environment's release serves it is that check's to say too.
  const row = lifecycleOf(object.manifest.apiVersion, object.manifest.kind);
  const { problems, repairs } =
    row !== undefined && !(isServed(row, release) && isServed(row, validator.release))
      ? { problems: NO_PROBLEMS, repairs: NO_REPAIRS }
      : validator.decode(object.manifest, reportedByValueRules);
  const manifest = decodedManifest(object.manifest, repairs);
  return { problems, decoded: manifest === object.manifest ? object : { path: object.path, manifest } };
}

/** The schema check; runChecks takes its problems from the `decodeObject` it runs first, on the object as written. */
export const schemaRule: Rule = {
  id: 'schema',
  description:
    "the structure of every object of a built-in kind, as the API server of the environment's release reads it: known fields, types, required fields, enums",
  check(object, context) {
    return decodeObject(object, context.kubernetesVersion).problems as Problem[];
  },
};

export const SCHEMA_RULES: readonly Rule[] = [schemaRule];
