import { isIPv4, isIPv6 } from 'net';
import { CRON_DESCRIPTORS, cronProblem } from './cron-schedule';
import { IConstruct } from 'constructs';

/** A DNS-1123 label: Services, Namespaces, container, port and volume names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: most object names. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
export function checkDnsLabel(scope: IConstruct, field: string, value: string): string {
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
export function checkDnsSubdomain(scope: IConstruct, field: string, value: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    fail(
      scope,
      `${field} must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' or '.', starting and ending ` +
        `with a letter or digit), got "${value}"; rename it, e.g. "${suggestDnsName(value)}"`,
    );
  }
  return value;
}

export function checkPort(scope: IConstruct, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(scope, `${field} must be an integer from 1 to 65535, got ${value}`);
  }
  return value;
}

export function checkNodePort(scope: IConstruct, field: string, value: number): number {
  if (!Number.isInteger(value) || value < NODE_PORT_RANGE.min || value > NODE_PORT_RANGE.max) {
    fail(
      scope,
      `${field} must be an integer from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max} (the cluster's ` +
        `service-node-port-range), got ${value}; pick a free port in that range or leave it out to let Kubernetes choose`,
    );
  }
  return value;
}

/** A count such as replicas or completions; `min` is 0 for replicas (scaled down) and 1 for Job completions. */
export function checkCount(scope: IConstruct, field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    fail(scope, `${field} must be an integer of ${min} or more, got ${value}`);
  }
  return value;
}

/** A cron schedule as the CronJob controller reads it: five fields, or one of the @ macros. */
export function checkCronSchedule(scope: IConstruct, field: string, value: string): string {
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

/** Whether `key` is a label or annotation key: an optional DNS subdomain prefix and '/', then a name of 63 or less. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  return (
    (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) &&
    name.length <= 63 &&
    LABEL_NAME.test(name)
  );
}

/** Whether `value` is a label value: empty, or at most 63 of LABEL_NAME. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

const LABEL_KEY_RULE =
  "an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** Labels given by the user: keys and values with Kubernetes' label syntax. */
export function checkLabels(
  scope: IConstruct,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  for (const [key, value] of Object.entries(labels ?? {})) {
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
  for (const key of Object.keys(annotations ?? {})) {
    if (!isLabelKey(key)) {
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
