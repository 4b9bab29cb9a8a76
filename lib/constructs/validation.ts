import { isIPv4, isIPv6 } from 'net';
import { Duration, Size } from 'cdk8s';
import { CRON_DESCRIPTORS, cronProblem } from './cron-schedule';
import { Construct, IConstruct } from 'constructs';

/** A DNS-1123 label: Services, Namespaces, container, port and volume names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: most object names. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether a value, of any type, is a DNS-1123 label of at most 63 characters (apimachinery's IsDNS1123Label). */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

/** Whether a value, of any type, is a DNS-1123 subdomain of at most 253 characters (IsDNS1123Subdomain). */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** The path after a domain, as apimachinery's httpPathFmt takes it. */
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/**
 * Whether a value is a domain-prefixed path such as "acme.io/foo" (apimachinery's IsDomainPrefixedPath): a DNS-1123
 * subdomain, "/", and a non-empty HTTP path. Lengths beyond the subdomain's are the caller's.
 */
export function isDomainPrefixedPath(value: unknown): value is string {
  if (typeof value !== 'string') {
    return false;
  }
  const slash = value.indexOf('/');
  return slash > 0 && isDnsSubdomain(value.slice(0, slash)) && HTTP_PATH.test(value.slice(slash + 1));
}

/**
 * A path segment name, as apimachinery's IsPathSegmentName takes one (a name the API server puts in a URL path): a
 * string that is not "." or "..", without "/" or "%". "" passes: where a name is required, the caller says so.
 */
export function isPathSegmentName(value: unknown): value is string {
  return typeof value === 'string' && value !== '.' && value !== '..' && !/[/%]/.test(value);
}

/**
 * Whether a value is a duration as Go's time.ParseDuration reads it ("90s", "1h30m", "-1.5h", "0"): the syntax of a
 * CRD's `format: duration`, of CEL's duration() and of cron's `@every`. The micro sign and the Greek mu are escaped,
 * so that the bundle stays ASCII (test/scripts/bundle.test.ts).
 */
export function isGoDuration(value: string): boolean {
  return GO_DURATION.test(value);
}

const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/** The range Kubernetes gives NodePorts unless the API server is started with another `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** A construct's refusal of its props: the message starts with the construct path and says how to fix them. */
export class ConstructError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConstructError';
  }
}

/** Throws an error that starts with the construct path, so the user knows which object to fix. */
export function fail(scope: IConstruct, message: string): never {
  throw new ConstructError(`${scope.node.path}: ${message}`);
}

/** A name that must be a DNS-1123 label: Services, Namespaces, container and port names. */
export function checkDnsLabel(scope: IConstruct, field: string, given: unknown): string {
  const value = checkString(scope, field, given, true);
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    fail(
      scope,
      `${field} must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending with a ` +
        `letter or digit), got "${value}"; rename it, e.g. "${suggestDnsName(value)}"`,
    );
  }
  return value;
}

/** A name that must be a DNS-1123 subdomain: most object names. */
export function checkDnsSubdomain(scope: IConstruct, field: string, given: unknown): string {
  const value = checkString(scope, field, given, true);
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    fail(
      scope,
      `${field} must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' or '.', starting and ending ` +
        `with a letter or digit), got "${value}"; rename it, e.g. "${suggestDnsName(value)}"`,
    );
  }
  return value;
}

/** Whether `value` is a number without a fraction (not NaN, not Infinity, not the string "3"). */
function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

export function checkPort(scope: IConstruct, field: string, value: unknown): number {
  if (!isInteger(value) || value < 1 || value > 65535) {
    fail(scope, `${field} must be an integer from 1 to 65535, got ${describeValue(value)}${typeNote(value)}`);
  }
  return value;
}

export function checkNodePort(scope: IConstruct, field: string, value: unknown): number {
  if (!isInteger(value) || value < NODE_PORT_RANGE.min || value > NODE_PORT_RANGE.max) {
    fail(
      scope,
      `${field} must be an integer from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max} (the cluster's ` +
        `service-node-port-range), got ${describeValue(value)}${typeNote(value)}; pick a free port in that range or leave it out to let Kubernetes choose`,
    );
  }
  return value;
}

/** The largest count the API server stores: counts, ids and exit codes are 32-bit integers. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * A count such as replicas or completions; `min` is 0 for replicas (scaled down) and 1 for Job completions, `max` is
 * the 32-bit integers' largest unless the field is a quantity (a quota's count).
 */
export function checkCount(scope: IConstruct, field: string, value: unknown, min: number, max = INT32_MAX): number {
  if (!isInteger(value) || value < min) {
    fail(scope, `${field} must be an integer of ${min} or more, got ${describeValue(value)}${typeNote(value)}`);
  }
  if (value > max) {
    fail(
      scope,
      `${field} must be an integer from ${min} to ${max} (the largest the API server stores), got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A cron schedule as the CronJob controller reads it: five fields, or one of the @ macros. */
export function checkCronSchedule(scope: IConstruct, field: string, given: unknown): string {
  const value = checkString(scope, field, given);
  const problem = cronScheduleProblem(value);
  if (problem !== undefined) {
    fail(scope, `${field} ${problem}`);
  }
  return value;
}

/** Why the CronJob controller would not read `value` as a schedule (robfig/cron's ParseStandard), or undefined. */
export function cronScheduleProblem(value: string): string | undefined {
  const problem = cronProblem(value);
  return problem === undefined
    ? undefined
    : `must be five fields (minute hour day-of-month month day-of-week, e.g. "*/5 * * * *"), one of ${CRON_DESCRIPTORS.join(', ')}, or @every <duration>, got "${value}": ${problem}`;
}

/** Why the CronJob controller would not load `value` as a time zone, or undefined when it would. */
export function timeZoneProblem(value: string): string | undefined {
  const allowed = `must be an IANA time zone such as "Europe/Paris" or "UTC", got "${value}"`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return allowed;
  }
  // Intl ignores case; the controller looks the zone up in the tz database, whose names have case.
  return value !== resolved && value.toLowerCase() === resolved.toLowerCase()
    ? `${allowed}; write "${resolved}"`
    : undefined;
}

/**
 * The fix for an address block that is not one, for the error that refuses it: a lone address (no `/`) gets
 * `; for one address write "10.0.0.5/32"` (`/128` for IPv6), anything else nothing.
 */
export function oneAddressHint(value: string): string {
  return value.includes('/') ? '' : `; for one address write "${value}/${value.includes(':') ? '128' : '32'}"`;
}

/** Whether `value` is an address block in CIDR notation, e.g. "10.0.0.0/8" or "fd00::/8". */
export function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) {
    return false;
  }
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  return Number(prefix) <= bits;
}

/** The bits of an IPv4 or IPv6 address as a number, with its width; undefined for something else. */
function addressBits(address: string): { value: bigint; width: number } | undefined {
  if (isIPv4(address)) {
    return { value: address.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n), width: 32 };
  }
  if (!isIPv6(address)) {
    return undefined;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (text: string | undefined) => (text === undefined || text === '' ? [] : text.split(':'));
  const expand = (parts: string[]) =>
    parts.flatMap((part) => {
      if (!part.includes('.')) {
        return [part];
      }
      const v4 = addressBits(part)!.value; // an IPv4 tail, as in ::ffff:10.0.0.1
      return [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    });
  const front = expand(groups(head));
  const back = expand(groups(tail));
  const all = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill('0'), ...back];
  return { value: all.reduce((sum, part) => (sum << 16n) + BigInt(parseInt(part, 16)), 0n), width: 128 };
}

/**
 * Whether the address block `inner` lies strictly inside `outer` (both in CIDR notation, of one family): what the
 * API server requires of a NetworkPolicy ipBlock's `except` entries.
 */
export function isStrictSubnet(inner: string, outer: string): boolean {
  const [innerAddress, innerPrefix] = inner.split('/');
  const [outerAddress, outerPrefix] = outer.split('/');
  const a = addressBits(innerAddress);
  const b = addressBits(outerAddress);
  if (a === undefined || b === undefined || a.width !== b.width || Number(innerPrefix) <= Number(outerPrefix)) {
    return false;
  }
  const shift = BigInt(a.width - Number(outerPrefix));
  return a.value >> shift === b.value >> shift;
}

/** An environment variable name as the API server takes it: letters, digits, '-', '_' and '.', not starting with a digit. */
export const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Sequences the API server refuses in an Ingress path of pathType Prefix or Exact. */
const INVALID_INGRESS_PATH_PARTS = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_INGRESS_PATH_ENDS = ['/..', '/.'];

/** The part of a Prefix or Exact Ingress path that the API server refuses, or undefined when there is none. */
export function invalidIngressPathPart(value: string): string | undefined {
  return (
    INVALID_INGRESS_PATH_PARTS.find((part) => value.includes(part)) ??
    INVALID_INGRESS_PATH_ENDS.find((end) => value.endsWith(end))
  );
}

/** Ingress paths are absolute, and Prefix and Exact ones free of `//`, `/./`, `/../` and `%2f`: the API server rejects others. */
export function checkIngressPath(scope: IConstruct, field: string, value: string, pathType = 'Prefix'): string {
  if (!value.startsWith('/')) {
    fail(scope, `${field} must start with '/', got "${value}"; write "/${value}"`);
  }
  const part = pathType === 'ImplementationSpecific' ? undefined : invalidIngressPathPart(value);
  if (part !== undefined) {
    fail(
      scope,
      `${field} must not contain "${part}" with pathType ${pathType}, got "${value}"; write the path without it`,
    );
  }
  return value;
}

/** Names that Kubernetes requires to be unique in one list, such as the containers of a pod. */
export function checkUnique(scope: IConstruct, field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) {
      fail(scope, `${field} must be unique, got "${value}" more than once; give each a name of its own`);
    }
    seen.add(value);
  }
}

/** The host of `value` when it is a URL such as `http://db.example.com/x`, lower-cased; undefined otherwise. */
export function hostOfUrl(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return undefined;
  }
  try {
    return new URL(value).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

function suggestDnsName(value: string): string {
  const suggestion = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return suggestion === '' ? 'my-name' : suggestion;
}

/** The name part of a label key, and a label value: letters, digits, '-', '_' and '.', alphanumeric at both ends. */
export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Label keys and values already found valid. The constructs and the checks ask about the same few (the recommended
 * labels, an app's names) for every object, so each is matched against the patterns once.
 */
const VALID_LABEL_KEYS = new Set<string>();
const VALID_LABEL_VALUES = new Set<string>();

/** Whether `key` is a label or annotation key: an optional DNS subdomain prefix and '/', then a name of 63 or less. */
export function isLabelKey(key: string): boolean {
  if (VALID_LABEL_KEYS.has(key)) {
    return true;
  }
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  const valid =
    (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) &&
    name.length <= 63 &&
    LABEL_NAME.test(name);
  if (valid) {
    VALID_LABEL_KEYS.add(key);
  }
  return valid;
}

/** Whether `value` is a label value: empty, or at most 63 of LABEL_NAME. */
export function isLabelValue(value: string): boolean {
  if (VALID_LABEL_VALUES.has(value)) {
    return true;
  }
  const valid = value === '' || (value.length <= 63 && LABEL_NAME.test(value));
  if (valid) {
    VALID_LABEL_VALUES.add(value);
  }
  return valid;
}

const LABEL_KEY_RULE =
  "an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** Labels given by the user: keys and values with Kubernetes' label syntax. */
export function checkLabels(
  scope: IConstruct,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  if (!isGiven(scope, field, labels)) {
    return {};
  }
  for (const [key, value] of Object.entries(checkStringMap(scope, field, labels))) {
    if (!isLabelKey(key)) {
      fail(
        scope,
        `${field} key "${key}" is not a label key (${LABEL_KEY_RULE}); rename it, e.g. "${suggestLabel(key)}"`,
      );
    }
    if (!isLabelValue(value)) {
      fail(
        scope,
        `${field} "${key}" has value "${value}", which is not a label value (at most 63 letters, digits, '-', '_' or ` +
          `'.', starting and ending with a letter or digit); use e.g. "${suggestLabel(value)}", or put free text in an annotation`,
      );
    }
  }
  return { ...labels };
}

/** Annotations given by the user: keys with Kubernetes' key syntax; values are free text. */
export function checkAnnotations(
  scope: IConstruct,
  field: string,
  annotations: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  if (!isGiven(scope, field, annotations)) {
    return {};
  }
  for (const key of Object.keys(checkStringMap(scope, field, annotations))) {
    if (!isLabelKey(key.toLowerCase())) {
      fail(
        scope,
        `${field} key "${key}" is not an annotation key (${LABEL_KEY_RULE}); rename it, e.g. "${suggestLabel(key)}"`,
      );
    }
  }
  return { ...annotations };
}

function suggestLabel(value: string): string {
  const suggestion = value
    .replace(/[^-A-Za-z0-9_./]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63);
  return suggestion === '' ? 'my-label' : suggestion;
}

/** ` (a string)` after a value of another type than the number asked for, so that "8080" is not read as 8080. */
function typeNote(value: unknown): string {
  return typeof value === 'number' ? '' : ` (${kindOf(value)})`;
}

/** A value as a message shows it after "got": with its kind unless it is a number, so that "8080" is not read as 8080. */
export function describeGiven(value: unknown): string {
  return `${describeValue(value)}${typeNote(value)}`;
}

/** A value as a message shows it: JSON, with NaN, Infinity and undefined spelt out and long text cut. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return String(value);
  }
  if (typeof value === 'string' && value.length > 80) {
    return `${JSON.stringify(value.slice(0, 40))}... (${value.length} characters)`;
  }
  if (Construct.isConstruct(value)) {
    return `the construct ${value.node.path === '' ? '(the app)' : value.node.path}`; // its JSON is circular
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    const shown = String(value);
    return shown === '[object Object]' ? kindOf(value) : shown;
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** What kind of value it is, for a message about a value of the wrong type: "a string", "a list", "null", "a Duration". */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
  }
  return `a ${typeof value}`;
}

/** `got <value> (<kind>)`: the end of a message about a value of the wrong type. */
function got(value: unknown): string {
  return `got ${describeValue(value)} (${kindOf(value)})`;
}

/** Whether `value` is an object literal: not null, not a list, not an instance of a class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A prop that must be a string, blank only when `allowBlank` (a Job's working directory is never blank). */
export function checkString(scope: IConstruct, field: string, value: unknown, allowBlank = false): string {
  if (typeof value !== 'string') {
    fail(
      scope,
      value === undefined
        ? `${field} is required, got undefined; give it a string`
        : `${field} must be a string, ${got(value)}`,
    );
  }
  if (!allowBlank && value.trim() === '') {
    fail(scope, `${field} must not be empty or blank, got ${describeValue(value)}; give it a value or leave it out`);
  }
  return value;
}

/**
 * Whether an optional prop is given: undefined means it is not, and null (which JSON writes for "nothing") is refused,
 * since the constructs would read it now as the default and now as a value.
 */
export function isGiven(scope: IConstruct, field: string, value: unknown): boolean {
  if (value === null) {
    fail(scope, `${field} must not be null; leave it out (undefined) for its default, or give it a value`);
  }
  return value !== undefined;
}

/** An optional string prop. */
export function checkOptionalString(
  scope: IConstruct,
  field: string,
  value: unknown,
  allowBlank = false,
): string | undefined {
  return isGiven(scope, field, value) ? checkString(scope, field, value, allowBlank) : undefined;
}

/** A prop that must be a list (an array); `field` names it, `example` shows one. */
export function checkList(scope: IConstruct, field: string, value: unknown, example = '[...]'): readonly unknown[] {
  if (!Array.isArray(value)) {
    fail(
      scope,
      value === undefined
        ? `${field} is required, got undefined; give it a list, e.g. ${example}`
        : `${field} must be a list, ${got(value)}; write it as a list, e.g. ${example}`,
    );
  }
  return Array.from(value); // a hole of a sparse list is an undefined item, which `each` then refuses
}

/** An optional list prop; each item is checked by `each`, with its index. */
export function checkOptionalList<T>(
  scope: IConstruct,
  field: string,
  value: unknown,
  each: (item: unknown, field: string) => T,
  example?: string,
): T[] | undefined {
  return isGiven(scope, field, value)
    ? checkList(scope, field, value, example).map((item, index) => each(item, `${field}[${index}]`))
    : undefined;
}

/** A list of strings, such as a command, its arguments or the hosts of a certificate: a lone string is refused. */
export function checkStringList(scope: IConstruct, field: string, value: unknown): string[] {
  return checkList(scope, field, value, '["a", "b"]').map((item, index) =>
    checkString(scope, `${field}[${index}]`, item, true),
  );
}

/** A map of string values, such as labels, a selector or settings: an object whose every value is a string. */
export function checkStringMap(scope: IConstruct, field: string, value: unknown): Record<string, string> {
  if (!isPlainObject(value)) {
    fail(scope, `${field} must be an object of string values, e.g. { key: 'value' }, ${got(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      fail(
        scope,
        `${field} "${key}" must have a string value, ${got(item)}` +
          (typeof item === 'number' || typeof item === 'boolean' ? `; quote it: "${String(item)}"` : ''),
      );
    }
  }
  return { ...(value as Record<string, string>) };
}

/**
 * An object prop whose keys are known: a misspelt key (`cpu` for `cpuRequest`) would otherwise be dropped without a
 * word. `allowed` comes from an object that `satisfies Record<keyof XxxProps, true>`, so it lists every key.
 */
export function checkKnownKeys(
  scope: IConstruct,
  field: string,
  value: unknown,
  allowed: Readonly<Record<string, unknown>>,
): void {
  if (!isPlainObject(value)) {
    fail(scope, `${field} must be an object, ${got(value)}`);
  }
  const keys = Object.keys(allowed);
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(allowed, key)) {
      const near = closest(key, keys);
      fail(
        scope,
        `${field} has an unknown key "${key}"; ` +
          (near === undefined ? 'remove it' : `did you mean "${near}"?`) +
          ` (the keys it takes: ${keys.join(', ')})`,
      );
    }
  }
}

/**
 * The candidate most like `key`, if any: the same letters in another case, a few letters off (a typo), or one that
 * contains the other (`cpu` for `cpuLimit`), nearest first.
 */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const scored = candidates.map((candidate) => {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const contains = Math.min(lower.length, other.length) >= 3 && (other.includes(lower) || lower.includes(other));
    const typo = distance <= Math.max(2, Math.floor(Math.max(lower.length, other.length) / 4));
    const score = Math.min(typo ? distance : Infinity, contains ? Math.abs(lower.length - other.length) : Infinity);
    return { candidate, score };
  });
  const best = scored.filter(({ score }) => score < Infinity).sort((a, b) => a.score - b.score)[0];
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** An optional boolean prop: "yes", 1 and "false" are refused. */
export function checkOptionalBoolean(scope: IConstruct, field: string, value: unknown): boolean | undefined {
  if (!isGiven(scope, field, value)) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    fail(scope, `${field} must be true or false, ${got(value)}`);
  }
  return value;
}

/** An optional count (see `checkCount`). */
export function checkOptionalCount(
  scope: IConstruct,
  field: string,
  value: unknown,
  min: number,
  max = INT32_MAX,
): number | undefined {
  return isGiven(scope, field, value) ? checkCount(scope, field, value, min, max) : undefined;
}

/** A value of one of a few strings, such as an enum member: "always" for "Always" is refused with the right case. */
export function checkOneOf<T extends string>(
  scope: IConstruct,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const sameLetters = allowed.find((each) => typeof value === 'string' && each.toLowerCase() === value.toLowerCase());
    fail(
      scope,
      `${field} must be one of ${allowed.map((each) => JSON.stringify(each)).join(', ')}, ${got(value)}` +
        (sameLetters === undefined ? '' : `; write "${sameLetters}"`),
    );
  }
  return value as T;
}

/** An optional `checkOneOf`. */
export function checkOptionalOneOf<T extends string>(
  scope: IConstruct,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  return isGiven(scope, field, value) ? checkOneOf(scope, field, value, allowed) : undefined;
}

/** An instance of a class the prop takes (a Duration, a Size, a Probe, a Volume), e.g. "Duration.seconds(30)". */
export function checkInstance<T>(
  scope: IConstruct,
  field: string,
  value: unknown,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a class, whose constructor may be private
  type: Function & { readonly prototype: T },
  example: string,
): T {
  if (!(value instanceof type)) {
    fail(
      scope,
      value === undefined
        ? `${field} is required, got undefined; give it a ${type.name}, e.g. ${example}`
        : `${field} must be a ${type.name}, e.g. ${example}, ${got(value)}`,
    );
  }
  if (value instanceof Duration || value instanceof Size) {
    checkAmount(scope, field, value, example);
  }
  return value as T;
}

/**
 * A Duration's or Size's amount: cdk8s takes any (`Duration.seconds(undefined)` of a setting read from JSON that was
 * not there, `Size.gibibytes('5')`), then throws deep inside a conversion, or writes NaN.
 */
function checkAmount(scope: IConstruct, field: string, value: Duration | Size, example: string): void {
  // The fields are private in cdk8s' types, and public in its JavaScript.
  const { amount, unit } = value as unknown as { amount: unknown; unit: { label: string } };
  const type = value instanceof Duration ? 'Duration' : 'Size';
  const given = `${field} must be a ${type} of a number, e.g. ${example}, got ${type}.${unit.label}(${describeValue(amount)})`;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    fail(scope, `${given}; give its amount as a number`);
  }
  if (value instanceof Duration && !Number.isFinite(value.toMilliseconds({ integral: false }))) {
    fail(scope, `${given}, too long to count in milliseconds`);
  }
}

/** An optional duration in whole seconds, as Kubernetes counts them. */
export function checkOptionalSeconds(scope: IConstruct, field: string, value: unknown): number | undefined {
  if (!isGiven(scope, field, value)) {
    return undefined;
  }
  const duration = checkInstance(scope, field, value, Duration, 'Duration.seconds(30)');
  // cdk8s throws on a fraction of a millisecond unless asked for a fraction.
  const seconds = duration.toMilliseconds({ integral: false }) / 1000;
  if (!Number.isInteger(seconds)) {
    fail(
      scope,
      `${field} must be a whole number of seconds, got ${seconds} seconds; write e.g. Duration.seconds(${Math.ceil(seconds)})`,
    );
  }
  return seconds;
}

/** An optional duration in whole seconds that the API server keeps in a 32-bit integer (minReadySeconds and the like). */
export function checkInt32Seconds(scope: IConstruct, field: string, value: unknown): number | undefined {
  const seconds = checkOptionalSeconds(scope, field, value);
  if (seconds !== undefined && seconds > INT32_MAX) {
    fail(scope, `${field} must be at most ${INT32_MAX} seconds (a 32-bit integer), got ${seconds} seconds`);
  }
  return seconds;
}
