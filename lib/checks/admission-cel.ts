import type * as CelModule from '@bufbuild/cel';
import { compareReleases, parseRelease } from '../config/kubernetes-version';
import { isGoDuration } from '../constructs/validation';
import { Problem } from './finding';

/**
 * What the API server's CEL compiler refuses of an admission expression (a webhook's or an admission policy's
 * matchConditions, a policy's variables, validations, messages, audit annotations and mutations): what
 * k8s.io/apiserver's admission plugin compiler (admission/plugin/cel/compile.go) refuses when such an object is created,
 * judged with @bufbuild/cel's parser and a type check of the part of CEL these expressions use. The server compiles a
 * new expression in the environment of the release before its own (the "compatibility version": 1.37 compiles with
 * 1.36's libraries), declares `object`, `oldObject`, `request` (typed: an unknown field is an error),
 * `namespaceObject`, `authorizer` and, by context, `params` and `variables`, and requires a result type (a condition
 * is a bool, not a dyn). The check refuses what it can prove: a syntax error, an undeclared name or function, an
 * undefined field of a typed variable, an operator on operands of types it has no overload for (lists of different
 * items, objects of different types, a null beside a type no null is of), a method on a receiver of a type it has no
 * overload for (a list method on a list of items its library has no overload for: `sum()` of strings), an `in` or an
 * index of the wrong type for the list's items or the map's keys, a list or map literal of mixed types, a literal
 * duration or timestamp that does not parse, and a result of the wrong type. The libraries' functions give their
 * types (`indexOf` an int, `min` the list's item, `url()` a kubernetes.URL, `quantity()` a kubernetes.Quantity, `ip()`
 * a net.IP, `cidr()` a net.CIDR, `semver()` a kubernetes.Semver, each with its own methods). What it cannot judge (the
 * result of a function it does not type, the arguments of most methods) it passes; an expression with optional syntax
 * (`?.`, `[?`), which the parser does not read, is a warning.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Expr = any;

/** A CEL type, as far as the check follows it: `unknown` is a type it does not know, which nothing refuses. */
export interface CelType {
  readonly kind:
    | 'bool'
    | 'int'
    | 'uint'
    | 'double'
    | 'string'
    | 'bytes'
    | 'null'
    | 'duration'
    | 'timestamp'
    | 'type'
    | 'list'
    | 'map'
    | 'object'
    | 'dyn'
    | 'unknown';
  /** An object type's name, as the server names it (`kubernetes.AdmissionRequest`). */
  readonly name?: string;
  /** An object type's fields. */
  readonly fields?: Readonly<Record<string, CelType>>;
  /** A list's items, a map's values. */
  readonly items?: CelType;
  /** A map's keys: strings where not given (a schema's maps, the request's). */
  readonly keys?: CelType;
}

const scalar = (kind: CelType['kind']): CelType => ({ kind });
const BOOL = scalar('bool');
const INT = scalar('int');
const UINT = scalar('uint');
const DOUBLE = scalar('double');
const STRING = scalar('string');
const BYTES = scalar('bytes');
const NULL = scalar('null');
const DURATION = scalar('duration');
const TIMESTAMP = scalar('timestamp');
const TYPE = scalar('type');
const DYN = scalar('dyn');
const UNKNOWN = scalar('unknown');
const listOf = (items: CelType): CelType => ({ kind: 'list', items });
const mapOf = (items: CelType, keys?: CelType): CelType =>
  keys === undefined ? { kind: 'map', items } : { kind: 'map', items, keys };
const objectType = (name: string, fields: Record<string, CelType>): CelType => ({ kind: 'object', name, fields });

const GROUP_VERSION_KIND = objectType('kubernetes.GroupVersionKind', { group: STRING, version: STRING, kind: STRING });
const GROUP_VERSION_RESOURCE = objectType('kubernetes.GroupVersionResource', {
  group: STRING,
  version: STRING,
  resource: STRING,
});

/** `request`: the AdmissionRequest, of the fields compile.go's BuildRequestType gives it. */
const REQUEST = objectType('kubernetes.AdmissionRequest', {
  kind: GROUP_VERSION_KIND,
  resource: GROUP_VERSION_RESOURCE,
  subResource: STRING,
  requestKind: GROUP_VERSION_KIND,
  requestResource: GROUP_VERSION_RESOURCE,
  requestSubResource: STRING,
  name: STRING,
  namespace: STRING,
  operation: STRING,
  userInfo: objectType('kubernetes.UserInfo', {
    username: STRING,
    uid: STRING,
    groups: listOf(STRING),
    extra: mapOf(listOf(STRING)),
  }),
  dryRun: BOOL,
  options: DYN,
});

/** `device`: a device of dynamic resource allocation, as its selectors see it (dynamic-resource-allocation's cel). */
export const DEVICE: CelType = objectType('kubernetes.Device', {
  driver: STRING,
  attributes: mapOf(mapOf(DYN)),
  capacity: mapOf(mapOf(DYN)),
  allowMultipleAllocations: BOOL,
});

/** `namespaceObject`: the Namespace, of the fields compile.go's BuildNamespaceType gives it. */
const NAMESPACE = objectType('kubernetes.Namespace', {
  metadata: objectType('kubernetes.NamespaceMetadata', {
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    labels: mapOf(STRING),
    annotations: mapOf(STRING),
    UID: STRING,
    creationTimestamp: TIMESTAMP,
    deletionGracePeriodSeconds: INT,
    deletionTimestamp: TIMESTAMP,
    generation: INT,
    resourceVersion: STRING,
    finalizers: listOf(STRING),
  }),
  spec: objectType('kubernetes.NamespaceSpec', { finalizers: listOf(STRING) }),
  status: objectType('kubernetes.NamespaceStatus', {
    conditions: listOf(
      objectType('kubernetes.NamespaceCondition', {
        status: STRING,
        type: STRING,
        lastTransitionTime: TIMESTAMP,
        message: STRING,
        reason: STRING,
      }),
    ),
    phase: STRING,
  }),
});

/**
 * The functions of the environment, by the release that brought them (apiserver's cel/environment/base.go): CEL's
 * standard functions; Kubernetes' urls, regex and lists (version 0) libraries and cel-go's strings extension (version
 * 0); authz (1.27); quantity and optional types (1.28); strings version 2 and sets (1.29); ip and cidr (1.30); format
 * and authz selectors (1.31); semver (1.33); cel-go's lists extension version 3 (1.34); lists version 1 (1.37).
 */
const FUNCTIONS_SINCE: Readonly<Record<string, string>> = {
  '1.0':
    'size matches startsWith endsWith contains int uint double string bytes bool duration timestamp dyn type ' +
    'getFullYear getMonth getDayOfYear getDayOfMonth getDate getDayOfWeek getHours getMinutes getSeconds ' +
    'getMilliseconds url isURL getScheme getHost getHostname getPort getEscapedPath getQuery find findAll isSorted ' +
    'sum min max indexOf lastIndexOf charAt join lowerAscii upperAscii replace split substring trim',
  '1.27': 'path group serviceAccount resource subresource namespace name check allowed reason errored error',
  '1.28':
    'quantity isQuantity sign isGreaterThan isLessThan compareTo add sub isInteger asInteger asApproximateFloat ' +
    'optional.of optional.ofNonZeroValue optional.none hasValue value or orValue',
  '1.29': 'format strings.quote sets.contains sets.equivalent sets.intersects',
  '1.30':
    'ip isIP ip.isCanonical family isUnspecified isLoopback isLinkLocalMulticast isLinkLocalUnicast ' +
    'isGlobalUnicast cidr isCIDR containsIP containsCIDR masked prefixLength',
  '1.31':
    'format.named validate format.dns1123Label format.dns1123Subdomain format.dns1035Label format.qualifiedName ' +
    'format.dns1123LabelPrefix format.dns1123SubdomainPrefix format.dns1035LabelPrefix format.labelValue ' +
    'format.uri format.uuid format.byte format.date format.datetime fieldSelector labelSelector',
  '1.33': 'semver isSemver major minor patch',
  '1.34': 'lists.range slice flatten distinct reverse sort first last',
  '1.37': 'includes',
};

/** Macros the parser leaves as calls: optional types' (1.28), two-variable comprehensions (1.32), sortBy (1.34). */
const MACROS_SINCE: Readonly<Record<string, string>> = {
  optMap: '1.28',
  optFlatMap: '1.28',
  all: '1.32',
  exists: '1.32',
  existsOne: '1.32',
  transformList: '1.32',
  transformMap: '1.32',
  transformMapEntry: '1.32',
  sortBy: '1.34',
};

/** The release from which numbers of different types compare (`1 < 1.5`). */
const CROSS_TYPE_NUMERIC_SINCE = '1.28';
/** The release from which a literal duration, timestamp or regular expression must parse. */
const LITERAL_VALIDATORS_SINCE = '1.29';

/**
 * The opaque types of Kubernetes' libraries, as the servers name them (`found no matching overload for '_==_' applied
 * to '(kubernetes.URL, string)'`): of no fields, each one type, none of them null.
 */
const libraryType = (name: string): CelType => ({ kind: 'object', name });
const URL = libraryType('kubernetes.URL');
const QUANTITY = libraryType('kubernetes.Quantity');
const IP = libraryType('net.IP');
const CIDR = libraryType('net.CIDR');
const SEMVER = libraryType('kubernetes.Semver');
/** The types of Kubernetes' libraries, by name: a value of one has no fields, and its methods are its library's. */
const LIBRARY_TYPES = new Set([URL, QUANTITY, IP, CIDR, SEMVER].map((type) => type.name));

/** The functions that return one type whatever their arguments, by that type. */
const RESULTS: ReadonlyMap<string, CelType> = new Map([
  ...resultsOf(
    BOOL,
    'bool matches startsWith endsWith contains isURL isSorted isQuantity isInteger isIP isCIDR isSemver containsIP ' +
      'isGreaterThan isLessThan isUnspecified isLoopback isLinkLocalMulticast isLinkLocalUnicast isGlobalUnicast ' +
      'ip.isCanonical includes ' +
      'containsCIDR sets.contains sets.equivalent sets.intersects allowed errored hasValue',
  ),
  ...resultsOf(
    STRING,
    'string lowerAscii upperAscii replace trim charAt join getScheme getHost getHostname getPort getEscapedPath ' +
      'strings.quote find substring format',
  ),
  ...resultsOf(
    INT,
    'size int indexOf lastIndexOf getFullYear getMonth getDayOfYear getDayOfMonth getDate getDayOfWeek getHours ' +
      'getMinutes getSeconds getMilliseconds sign asInteger compareTo family prefixLength major minor patch',
  ),
  ...resultsOf(listOf(STRING), 'split findAll'),
  ...resultsOf(listOf(INT), 'lists.range'),
  ...resultsOf(mapOf(listOf(STRING)), 'getQuery'),
  ...resultsOf(UINT, 'uint'),
  ...resultsOf(DOUBLE, 'double asApproximateFloat'),
  ...resultsOf(BYTES, 'bytes'),
  ...resultsOf(DURATION, 'duration'),
  ...resultsOf(TIMESTAMP, 'timestamp'),
  ...resultsOf(DYN, 'dyn'),
  ...resultsOf(TYPE, 'type'),
  ...resultsOf(URL, 'url'),
  ...resultsOf(QUANTITY, 'quantity add sub'),
  ...resultsOf(IP, 'ip'),
  ...resultsOf(CIDR, 'cidr masked'),
  ...resultsOf(SEMVER, 'semver'),
]);

/** The list methods whose result is the receiver's item type (`[1, 2].sum()` is an int), or the receiver's type. */
const ITEM_RESULTS = new Set(['sum', 'min', 'max']);
const LIST_RESULTS = new Set(['reverse', 'distinct', 'sort', 'slice']);

/**
 * The item types each list method of Kubernetes' lists library has an overload for (lists.go): `sum` of numbers and
 * durations, `min`, `max` and `isSorted` of the comparable types, `join` of strings. A list of other items has none
 * (`found no matching overload for 'sum' applied to 'list(string).()'`).
 */
const LIST_ITEMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['sum', new Set(['int', 'uint', 'double', 'duration'])],
  ...['min', 'max', 'isSorted'].map((name): [string, ReadonlySet<string>] => [
    name,
    new Set(['int', 'uint', 'double', 'bool', 'duration', 'timestamp', 'string', 'bytes']),
  ]),
  ['join', new Set(['string'])],
]);

/** The methods that compare a quantity or a semantic version with one of its own type (1.37: not with an int). */
const COMPARED = new Set(['isGreaterThan', 'isLessThan', 'compareTo']);

/** The functions of one string argument that read it as a value of a library type (`quantity('1')`, `isIP('a')`). */
const STRING_ARGUMENT = new Set(
  'url isURL quantity isQuantity ip isIP ip.isCanonical cidr isCIDR semver isSemver'.split(' '),
);

function resultsOf(type: CelType, names: string): [string, CelType][] {
  return names.split(' ').map((name) => [name, type]);
}

/** The names a compile of `release`'s new expressions knows: the functions of the release before it. */
function functionsOf(release: string): ReadonlySet<string> {
  const compatibility = compatibilityRelease(release);
  return new Set(
    Object.entries(FUNCTIONS_SINCE)
      .filter(([since]) => compareReleases(compatibility, since) >= 0)
      .flatMap(([, names]) => names.split(' ')),
  );
}

const FUNCTIONS = new Map<string, ReadonlySet<string>>();

/** The release whose CEL environment compiles `release`'s new expressions: the one before it. */
export function compatibilityRelease(release: string): string {
  const [major, minor] = parseRelease(release) ?? [1, 0];
  return `${major}.${Math.max(minor - 1, 0)}`;
}

/** Which variables an expression may use, besides `object`, `oldObject`, `request` and `namespaceObject`. */
export interface AdmissionVariables {
  /** `params`: the policy has a paramKind. */
  readonly params: boolean;
  /** `authorizer` and `authorizer.requestResource` (all but a validation's messageExpression). */
  readonly authorizer: boolean;
  /** `variables`, by name, with their types: a policy's variables (none in a matchCondition). */
  readonly variables?: ReadonlyMap<string, CelType>;
  /** The types `Object` and `JSONPatch` a mutating policy's mutations build. @default false */
  readonly patchTypes?: boolean;
}

/** The result types an expression may have, as the server names them in its message. */
export type ResultTypes = 'bool' | 'string' | 'string or null' | 'any' | 'Object' | 'list(JSONPatch)';

/** What a compile found: the error the API server reports, a warning that the gate cannot judge, or the type. */
export type Compiled =
  | { readonly error: string; readonly cannotJudge?: undefined }
  | { readonly cannotJudge: string; readonly error?: undefined }
  | { readonly type: CelType; readonly error?: undefined; readonly cannotJudge?: undefined };

class CompileError extends Error {}

let cel: typeof CelModule | undefined;

function celModule(): typeof CelModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when an object has CEL to compile
  cel ??= require('@bufbuild/cel') as typeof CelModule;
  return cel;
}

/** The type as the API server's messages write it. */
export function typeName(type: CelType): string {
  switch (type.kind) {
    case 'object':
      return type.name ?? 'object';
    case 'null':
      return 'null_type';
    case 'list':
      return `list(${typeName(type.items ?? DYN)})`;
    case 'map':
      return `map(${typeName(type.keys ?? STRING)}, ${typeName(type.items ?? DYN)})`;
    case 'unknown':
      return 'dyn';
    default:
      return type.kind;
  }
}

/** A type the check knows exactly: operators and results are judged on these alone. */
function known(type: CelType): boolean {
  return type.kind !== 'dyn' && type.kind !== 'unknown';
}

/**
 * Whether two known types may be one (`==`, `?:`, a literal's items): of one kind, of list items or map values that
 * may be one, and, when `deep`, of one object type where both are a schema's (named, of fields); or null beside an
 * object, a duration or a timestamp, which CEL lets be null (both servers: `self.obj == null` compiles, `self.name ==
 * null`, `self.tags == null`, `self.b == null` do not). A type the check does not know may be any.
 */
function mayBeOne(a: CelType, b: CelType, deep = true): boolean {
  if (!known(a) || !known(b)) {
    return true;
  }
  if (a.kind === 'null' || b.kind === 'null') {
    const other = a.kind === 'null' ? b : a;
    return !NEVER_NULL.has(other.kind);
  }
  if (a.kind !== b.kind) {
    return false;
  }
  if (!deep) {
    return true;
  }
  if ((a.kind === 'list' || a.kind === 'map') && a.items !== undefined && b.items !== undefined) {
    return mayBeOne(a.items, b.items);
  }
  const named = (type: CelType) =>
    type.name !== undefined && (type.fields !== undefined || LIBRARY_TYPES.has(type.name));
  return a.kind !== 'object' || !named(a) || !named(b) || a.name === b.name;
}

/** The types a null is never of (both servers refuse `x == null` for each). */
const NEVER_NULL = new Set(['bool', 'int', 'double', 'string', 'bytes', 'list', 'map']);

/**
 * The kinds of receiver each method has an overload for (`'a'.startsWith('b')`, `[1].indexOf(1)`), where the release
 * has the method at all: a method on another known type is `found no matching overload for 'startsWith' applied to
 * 'int.(string)'` on both servers. An empty list: the method's receivers are types the check does not follow
 * (a URL, an IP, a quantity, a semantic version), so a known receiver has none.
 */
const RECEIVERS: ReadonlyMap<string, readonly string[]> = new Map([
  ...receiversOf(
    ['string'],
    'startsWith endsWith matches contains charAt lowerAscii upperAscii replace split substring trim find findAll format',
  ),
  ...receiversOf(['string', 'list'], 'indexOf lastIndexOf'),
  ...receiversOf(['list'], 'join isSorted sum min max reverse'),
  ...receiversOf(['string', 'bytes', 'list', 'map'], 'size'),
  ...receiversOf(['timestamp'], 'getFullYear getMonth getDayOfYear getDayOfMonth getDate getDayOfWeek'),
  ...receiversOf(['timestamp', 'duration'], 'getHours getMinutes getSeconds getMilliseconds'),
  ...receiversOf([URL.name!], 'getScheme getHost getHostname getPort getEscapedPath getQuery'),
  ...receiversOf([QUANTITY.name!], 'isInteger asInteger asApproximateFloat add sub'),
  ...receiversOf([QUANTITY.name!, SEMVER.name!], 'isGreaterThan isLessThan compareTo'),
  ...receiversOf([SEMVER.name!], 'major minor patch'),
  ...receiversOf([IP.name!], 'family isUnspecified isLoopback isLinkLocalMulticast isLinkLocalUnicast isGlobalUnicast'),
  ...receiversOf([CIDR.name!], 'containsIP containsCIDR ip masked prefixLength'),
]);

/**
 * The functions of Kubernetes' libraries that are no methods (cel.Overload, not cel.MemberOverload): `sign(q)` of a
 * quantity, not `q.sign()`; `url(s)`, not `s.url()` (both servers: "found no matching overload for 'sign' applied to
 * 'kubernetes.Quantity.()'"). `ip` is both: `ip(s)` and a CIDR's `c.ip()`.
 */
const FUNCTIONS_ONLY = new Set('sign quantity isQuantity url isURL isIP cidr isCIDR semver isSemver'.split(' '));

/** The methods of RECEIVERS that CEL also has as functions (`size(s)`, `matches(s, re)`, `ip(s)`). */
const FUNCTIONS_TOO = new Set(['size', 'matches', 'ip']);

/**
 * The release whose API server takes `matches(s, re)` as a function: 1.27's cel-go (0.12.7) has matches as a string's
 * method alone and refuses it, 1.37's (0.29) takes both (dry runs); the releases between are taken to take it, which
 * refuses nothing they take. By the server's own release (its cel-go), not the environment it compiles in.
 */
const MATCHES_FUNCTION_SINCE = '1.28';

/** The kind a method's receiver is matched by: a library type's name, a schema object's none of them, else its kind. */
function kindOf(type: CelType): string {
  return type.kind === 'object' && type.name !== undefined && LIBRARY_TYPES.has(type.name) ? type.name : type.kind;
}

function receiversOf(kinds: readonly string[], names: string): [string, readonly string[]][] {
  return names.split(' ').map((name) => [name, kinds]);
}

const NUMBERS = new Set(['int', 'uint', 'double']);
const ORDERED = new Set(['int', 'uint', 'double', 'string', 'bytes', 'bool', 'timestamp', 'duration']);

/** Go's time.ParseDuration, which a literal duration must pass (`duration('1h30m')`). */
/** RFC 3339, which a literal timestamp must be (`timestamp('2024-01-01T00:00:00Z')`). */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

class Checker {
  private readonly functions: ReadonlySet<string>;
  private readonly compatibility: string;

  constructor(
    private readonly release: string,
    private readonly globals: ReadonlyMap<string, CelType>,
  ) {
    this.compatibility = compatibilityRelease(release);
    let functions = FUNCTIONS.get(release);
    if (functions === undefined) {
      functions = functionsOf(release);
      FUNCTIONS.set(release, functions);
    }
    this.functions = functions;
  }

  private since(release: string): boolean {
    return compareReleases(this.compatibility, release) >= 0;
  }

  typeOf(expr: Expr, locals: ReadonlyMap<string, CelType>): CelType {
    const { case: kind, value } = expr.exprKind;
    switch (kind) {
      case 'constExpr':
        return this.constant(value);
      case 'identExpr':
        return this.variable(value.name, locals);
      case 'selectExpr':
        return this.select(value, locals);
      case 'listExpr':
        return listOf(this.homogeneous(value.elements.map((item: Expr) => this.typeOf(item, locals))));
      case 'structExpr':
        return this.struct(value, locals);
      case 'comprehensionExpr':
        return this.comprehension(value, locals);
      case 'callExpr':
        return this.call(value, locals);
      default:
        return UNKNOWN;
    }
  }

  private constant(value: Expr): CelType {
    switch (value.constantKind.case) {
      case 'boolValue':
        return BOOL;
      case 'int64Value':
        return INT;
      case 'uint64Value':
        return UINT;
      case 'doubleValue':
        return DOUBLE;
      case 'stringValue':
        return STRING;
      case 'bytesValue':
        return BYTES;
      case 'nullValue':
        return NULL;
      default:
        return UNKNOWN;
    }
  }

  private variable(name: string, locals: ReadonlyMap<string, CelType>): CelType {
    const type = locals.get(name) ?? this.globals.get(name);
    if (type === undefined) {
      throw new CompileError(`undeclared reference to '${name}' (in container '')`);
    }
    return type;
  }

  /** `a.b.c` of identifiers and selections alone, or undefined. */
  private qualifiedName(expr: Expr): string | undefined {
    const { case: kind, value } = expr.exprKind;
    if (kind === 'identExpr') {
      return value.name;
    }
    if (kind === 'selectExpr' && !value.testOnly) {
      const operand = this.qualifiedName(value.operand);
      return operand === undefined ? undefined : `${operand}.${value.field}`;
    }
    return undefined;
  }

  private select(value: Expr, locals: ReadonlyMap<string, CelType>): CelType {
    const qualified = this.qualifiedName(value.operand);
    const declared = qualified === undefined ? undefined : this.globals.get(`${qualified}.${value.field}`);
    if (declared !== undefined && !locals.has(qualified!.split('.')[0]) && !value.testOnly) {
      return declared;
    }
    const operand = this.typeOf(value.operand, locals);
    let type = UNKNOWN;
    if (operand.kind === 'dyn') {
      type = DYN;
    } else if (operand.kind === 'map') {
      type = operand.items ?? UNKNOWN;
    } else if (operand.kind === 'object' && operand.fields === undefined) {
      type = UNKNOWN;
    } else if (operand.kind === 'object') {
      const field = operand.fields?.[value.field];
      if (field === undefined) {
        throw new CompileError(`undefined field '${value.field}'`);
      }
      type = field;
    } else if (known(operand) && operand.kind !== 'null') {
      throw new CompileError(`type '${typeName(operand)}' does not support field selection`);
    }
    return value.testOnly ? BOOL : type;
  }

  /** The type of a literal's items, which must all be one (HomogeneousAggregateLiterals). */
  private homogeneous(types: readonly CelType[]): CelType {
    const first = types.find(known);
    for (const type of types) {
      if (first !== undefined && !mayBeOne(first, type, false)) {
        throw new CompileError(`expected type '${typeName(first)}' but found '${typeName(type)}'`);
      }
    }
    return first ?? (types.length === 0 ? UNKNOWN : DYN);
  }

  private struct(value: Expr, locals: ReadonlyMap<string, CelType>): CelType {
    const root = String(value.messageName).split('.')[0];
    if (value.messageName !== '' && this.globals.get(root)?.kind !== 'type') {
      throw new CompileError(`undeclared reference to '${value.messageName}' (in container '')`);
    }
    const keys: CelType[] = [];
    const values: CelType[] = [];
    for (const entry of value.entries) {
      if (entry.keyKind.case === 'mapKey') {
        keys.push(this.typeOf(entry.keyKind.value, locals));
      }
      values.push(this.typeOf(entry.value, locals));
    }
    if (value.messageName !== '') {
      // An object of a declared type (a mutating policy's `Object{...}`, `JSONPatch{...}`): its fields are not followed.
      return { kind: 'object', name: value.messageName };
    }
    const keyType = this.homogeneous(keys);
    return mapOf(this.homogeneous(values), keyType);
  }

  private comprehension(value: Expr, locals: ReadonlyMap<string, CelType>): CelType {
    const range = this.typeOf(value.iterRange, locals);
    const item = range.kind === 'list' ? (range.items ?? UNKNOWN) : range.kind === 'map' ? UNKNOWN : range;
    const accumulator = this.typeOf(value.accuInit, locals);
    const inLoop = new Map(locals).set(value.iterVar, item).set(value.accuVar, accumulator);
    if (value.iterVar2 !== '') {
      inLoop.set(value.iterVar2, UNKNOWN);
    }
    this.typeOf(value.loopCondition, inLoop);
    this.typeOf(value.loopStep, inLoop);
    return this.typeOf(value.result, new Map(locals).set(value.accuVar, accumulator));
  }

  private noOverload(name: string, types: readonly CelType[]): never {
    throw new CompileError(`found no matching overload for '${name}' applied to '(${types.map(typeName).join(', ')})'`);
  }

  private call(value: Expr, locals: ReadonlyMap<string, CelType>): CelType {
    const name: string = value.function;
    const macro = this.macro(value, locals);
    if (macro !== undefined) {
      return macro;
    }
    const target = value.target === undefined ? undefined : this.qualifiedName(value.target);
    const root = target?.split('.')[0];
    const qualified =
      target !== undefined && !locals.has(root!) && !this.globals.has(root!) && !this.globals.has(target)
        ? `${target}.${name}`
        : undefined;
    const args: CelType[] = value.args.map((arg: Expr) => this.typeOf(arg, locals));
    if (qualified !== undefined) {
      if (!this.functions.has(qualified)) {
        throw new CompileError(`undeclared reference to '${root}' (in container '')`);
      }
      return RESULTS.get(qualified) ?? UNKNOWN;
    }
    const receiver = value.target === undefined ? undefined : this.typeOf(value.target, locals);
    if (name.startsWith('_') || name.startsWith('@') || name === '!_' || name === '-_') {
      return this.operator(name, args);
    }
    if (!this.functions.has(name)) {
      throw new CompileError(`undeclared reference to '${name}' (in container '')`);
    }
    this.literalArguments(name, value, receiver);
    if (receiver !== undefined && FUNCTIONS_ONLY.has(name)) {
      this.noMethodOverload(name, receiver, args);
    }
    if (receiver === undefined && RECEIVERS.has(name) && !FUNCTIONS_TOO.has(name)) {
      this.noOverload(name, args);
    }
    if (receiver === undefined && name === 'matches' && compareReleases(this.release, MATCHES_FUNCTION_SINCE) < 0) {
      this.noOverload(name, args);
    }
    const receivers = RECEIVERS.get(name);
    if (receiver !== undefined && known(receiver) && receivers !== undefined && !receivers.includes(kindOf(receiver))) {
      this.noMethodOverload(name, receiver, args);
    }
    if (receiver !== undefined) {
      return this.method(name, receiver, args);
    }
    if (name === 'size' && args.length === 1) {
      const [arg] = args;
      if (known(arg) && !['string', 'bytes', 'list', 'map'].includes(arg.kind)) {
        this.noOverload('size', args);
      }
    }
    if (STRING_ARGUMENT.has(name) && args.length === 1 && known(args[0]) && args[0].kind !== 'string') {
      this.noOverload(name, args);
    }
    return RESULTS.get(name) ?? UNKNOWN;
  }

  private noMethodOverload(name: string, receiver: CelType, args: readonly CelType[]): never {
    throw new CompileError(
      `found no matching overload for '${name}' applied to '${typeName(receiver)}.(${args.map(typeName).join(', ')})'`,
    );
  }

  /**
   * A method's result, on a receiver of a type it has an overload for: a list method's of the list's items (`sum`,
   * `min`, `max` give an item, `reverse` the list), when the lists library has it for those items; `indexOf` of an
   * item of the list's (or a string's) type.
   */
  private method(name: string, receiver: CelType, args: readonly CelType[]): CelType {
    const items = receiver.kind === 'list' ? receiver.items : undefined;
    const itemKinds = LIST_ITEMS.get(name);
    if (items !== undefined && known(items) && itemKinds !== undefined && !itemKinds.has(items.kind)) {
      this.noMethodOverload(name, receiver, args);
    }
    if ((name === 'indexOf' || name === 'lastIndexOf') && args.length >= 1 && known(receiver)) {
      const wanted = receiver.kind === 'string' ? STRING : (items ?? UNKNOWN);
      if (!mayBeOne(wanted, args[0])) {
        this.noMethodOverload(name, receiver, args);
      }
    }
    if (COMPARED.has(name) && known(receiver) && args.length === 1 && !mayBeOne(receiver, args[0])) {
      this.noMethodOverload(name, receiver, args);
    }
    if (ITEM_RESULTS.has(name) && receiver.kind === 'list') {
      return items ?? UNKNOWN;
    }
    if (LIST_RESULTS.has(name) && receiver.kind === 'list') {
      return receiver;
    }
    return RESULTS.get(name) ?? UNKNOWN;
  }

  /** A literal duration or timestamp the server parses as it compiles (1.29's AST validators). */
  private literalArguments(name: string, value: Expr, receiver: CelType | undefined): void {
    if (!this.since(LITERAL_VALIDATORS_SINCE) || receiver !== undefined || value.args.length !== 1) {
      return;
    }
    const arg = value.args[0].exprKind;
    if (arg.case !== 'constExpr' || arg.value.constantKind.case !== 'stringValue') {
      return;
    }
    const text: string = arg.value.constantKind.value;
    if (name === 'duration' && !isGoDuration(text)) {
      throw new CompileError('invalid duration argument');
    }
    if (name === 'timestamp' && !RFC_3339.test(text)) {
      throw new CompileError('invalid timestamp argument');
    }
  }

  /** A macro the parser leaves as a call (`m.all(k, v, ...)`, `o.optMap(x, ...)`), with its variables declared. */
  private macro(value: Expr, locals: ReadonlyMap<string, CelType>): CelType | undefined {
    const since = MACROS_SINCE[value.function];
    const args: Expr[] = value.args;
    const variables = value.function.startsWith('opt') || value.function === 'sortBy' ? 1 : 2;
    if (
      since === undefined ||
      !this.since(since) ||
      value.target === undefined ||
      args.length !== variables + 1 ||
      !args.slice(0, variables).every((arg) => arg.exprKind.case === 'identExpr')
    ) {
      return undefined;
    }
    this.typeOf(value.target, locals);
    const inner = new Map(locals);
    for (const arg of args.slice(0, variables)) {
      inner.set(arg.exprKind.value.name, UNKNOWN);
    }
    this.typeOf(args[variables], inner);
    return ['all', 'exists', 'existsOne'].includes(value.function) ? BOOL : UNKNOWN;
  }

  private operator(name: string, args: readonly CelType[]): CelType {
    const [a, b] = args;
    const both = args.length === 2 && known(a) && known(b);
    switch (name) {
      case '_&&_':
      case '_||_':
        for (const arg of args) {
          if (known(arg) && arg.kind !== 'bool') {
            throw new CompileError(`expected type 'bool' but found '${typeName(arg)}'`);
          }
        }
        return BOOL;
      case '!_':
        if (known(a) && a.kind !== 'bool') this.noOverload(name, args);
        return BOOL;
      case '-_':
        if (known(a) && !['int', 'double', 'duration'].includes(a.kind)) this.noOverload(name, args);
        return known(a) ? a : UNKNOWN;
      case '_==_':
      case '_!=_':
        if (both && !mayBeOne(a, b)) this.noOverload(name, args);
        return BOOL;
      case '_<_':
      case '_<=_':
      case '_>_':
      case '_>=_':
        if (both && !this.ordered(a, b)) this.noOverload(name, args);
        return BOOL;
      case '_+_':
      case '_-_':
      case '_*_':
      case '_/_':
      case '_%_':
        return this.arithmetic(name, args);
      case '_?_:_':
        return this.conditional(args);
      case '_[_]':
        // A list's index is a number (an int; the gate does not refuse a uint or a double), a map's of its keys' type.
        if (
          both &&
          ((a.kind === 'list' && !NUMBERS.has(b.kind)) || (a.kind === 'map' && !mayBeOne(a.keys ?? STRING, b)))
        )
          this.noOverload(name, args);
        return a.kind === 'dyn' ? DYN : a.kind === 'list' || a.kind === 'map' ? (a.items ?? UNKNOWN) : UNKNOWN;
      case '@in':
        if (known(a) && b.kind === 'list' && b.items !== undefined && !mayBeOne(a, b.items))
          this.noOverload(name, args);
        if (known(a) && b.kind === 'map' && !mayBeOne(a, b.keys ?? STRING)) this.noOverload(name, args);
        return BOOL;
      case '@not_strictly_false':
        return BOOL;
      default:
        return UNKNOWN;
    }
  }

  private ordered(a: CelType, b: CelType): boolean {
    if (a.kind === b.kind) {
      return ORDERED.has(a.kind);
    }
    return this.since(CROSS_TYPE_NUMERIC_SINCE) && NUMBERS.has(a.kind) && NUMBERS.has(b.kind);
  }

  private arithmetic(name: string, args: readonly CelType[]): CelType {
    const [a, b] = args;
    const allowed: Readonly<Record<string, readonly string[]>> = {
      '_+_': ['int', 'uint', 'double', 'string', 'bytes', 'list', 'duration'],
      '_-_': ['int', 'uint', 'double', 'duration', 'timestamp'],
      '_*_': ['int', 'uint', 'double'],
      '_/_': ['int', 'uint', 'double'],
      '_%_': ['int', 'uint'],
    };
    if (known(a) && known(b)) {
      const same = a.kind === b.kind && allowed[name].includes(a.kind);
      const time =
        (name === '_+_' && [a.kind, b.kind].sort().join() === 'duration,timestamp') ||
        (name === '_-_' && a.kind === 'timestamp' && b.kind === 'duration');
      if (!same && !time) {
        this.noOverload(name, args);
      }
      if (time) {
        return TIMESTAMP;
      }
      return name === '_-_' && a.kind === 'timestamp' ? DURATION : a;
    }
    const one = known(a) ? a : known(b) ? b : undefined;
    if (one !== undefined && !allowed[name].includes(one.kind) && one.kind !== 'timestamp') {
      this.noOverload(name, args);
    }
    // One known operand: the overload of its type, which gives that type (a timestamp aside).
    return one !== undefined && one.kind !== 'timestamp' && one.kind !== 'duration' ? one : UNKNOWN;
  }

  private conditional(args: readonly CelType[]): CelType {
    const [condition, a, b] = args;
    if (known(condition) && condition.kind !== 'bool') this.noOverload('_?_:_', args);
    if (known(a) && known(b)) {
      if (!mayBeOne(a, b)) this.noOverload('_?_:_', args);
      return a.kind === 'null' ? b : a;
    }
    return a.kind === 'unknown' || b.kind === 'unknown' ? UNKNOWN : DYN;
  }
}

/** The names of CEL's types, which an expression may compare with `type(x)`. */
const TYPE_NAMES = ['int', 'uint', 'double', 'string', 'bytes', 'bool', 'list', 'map', 'null_type', 'type', 'dyn'];

/** Optional syntax (`a.?b`, `a[?b]`, `{?k: v}`), which @bufbuild/cel's parser does not read. */
export const OPTIONAL_SYNTAX = /\.\s*\?|\[\s*\?|[{,]\s*\?/;

/** The result types' text, and whether a type is one of them. */
const RESULT_TYPES: Readonly<Record<ResultTypes, (type: CelType) => boolean>> = {
  bool: (type) => type.kind === 'bool',
  string: (type) => type.kind === 'string',
  'string or null': (type) => type.kind === 'string' || type.kind === 'null',
  any: () => true,
  // A mutating policy's: an `Object{...}` (a type the check does not follow), a list of `JSONPatch{...}`.
  Object: (type) => type.kind === 'object' && /^Object(\.|$)/.test(type.name ?? ''),
  'list(JSONPatch)': (type) => type.kind === 'list',
};

const RESULT_WORDS: Readonly<Record<ResultTypes, string>> = {
  bool: 'must evaluate to bool',
  string: 'must evaluate to string',
  'string or null': 'must evaluate to one of [string null_type]',
  any: '',
  Object: 'must evaluate to Object',
  'list(JSONPatch)': 'must evaluate to list(JSONPatch)',
};

/**
 * The API server's verdict on compiling `expression` for `release` with the given variables and result types: its
 * error (`compilation failed: ...` or `must evaluate to bool but got dyn`), or the expression's type.
 */
export function compileAdmissionExpression(
  expression: string,
  release: string,
  variables: AdmissionVariables,
  result: ResultTypes,
): Compiled {
  const globals = new Map<string, CelType>([
    ['object', DYN],
    ['oldObject', DYN],
    ['request', REQUEST],
    ['namespaceObject', NAMESPACE],
  ]);
  if (variables.params) {
    globals.set('params', DYN);
  }
  if (variables.authorizer) {
    globals.set('authorizer', objectType('kubernetes.authorization.Authorizer', {}));
    globals.set('authorizer.requestResource', objectType('kubernetes.authorization.ResourceCheck', {}));
  }
  if (variables.patchTypes === true) {
    globals.set('Object', TYPE).set('JSONPatch', TYPE);
  }
  if (variables.variables !== undefined) {
    globals.set('variables', objectType('kubernetes.variables', Object.fromEntries(variables.variables)));
  }
  return compileExpression(expression, release, globals, result);
}

/**
 * The API server's verdict on compiling `expression` for `release` with these variables (`globals`, by name) and
 * result types: the environments of admission (above) and of dynamic resource allocation's selectors share it.
 */
export function compileExpression(
  expression: string,
  release: string,
  globals: ReadonlyMap<string, CelType>,
  result: ResultTypes,
): Compiled {
  const declared = new Map<string, CelType>([...TYPE_NAMES.map((name): [string, CelType] => [name, TYPE]), ...globals]);
  let parsed: Expr;
  try {
    parsed = celModule().parse(expression);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    if (OPTIONAL_SYNTAX.test(expression) && compareReleases(compatibilityRelease(release), '1.28') >= 0) {
      return { cannotJudge: `it uses optional syntax, which the gate's CEL parser does not read (${message})` };
    }
    return { error: `compilation failed: ERROR: ${message.replace(/^<input>:\d+:\d+: /, '')}` };
  }
  let type: CelType;
  try {
    type = new Checker(release, declared).typeOf(parsed.expr, new Map());
  } catch (error) {
    if (error instanceof CompileError) {
      return { error: `compilation failed: ERROR: ${error.message}` };
    }
    throw error;
  }
  if (known(type) || type.kind === 'dyn') {
    if (!RESULT_TYPES[result](type)) {
      return { error: `${RESULT_WORDS[result]} but got ${typeName(type)}` };
    }
  }
  return { type };
}

/**
 * The problems of an expression at `at` (`spec.validations[0].expression`) as the API server words them: its
 * compile error as a finding, or a warning that the gate cannot judge it.
 */
export function expressionProblems(at: string, expression: string, compiled: Compiled, fix: string): Problem[] {
  if (compiled.error !== undefined) {
    return [{ message: `${at} ${JSON.stringify(expression)} does not compile: ${compiled.error}`, fix }];
  }
  if (compiled.cannotJudge !== undefined) {
    return [
      {
        warning: true,
        message: `the gate cannot judge ${at} ${JSON.stringify(expression)}: ${compiled.cannotJudge}; the API server compiles it`,
        fix: 'check it with kubectl apply --dry-run=server, or write it without optional syntax',
      },
    ];
  }
  return [];
}
