import { isIPv6 } from 'net';
import { compareReleases } from '../config/kubernetes-version';
import { isGoDuration } from '../constructs/validation';

/**
 * The `format`s of a CustomResourceDefinition's schema that the API server validates, as it validates them
 * (k8s.io/apiextensions-apiserver's validation/formats.go, k8s.io/kube-openapi's validate and strfmt): a string format
 * the server does not know is ignored (it strips it from the schema), and so is one on a value of another type.
 */

/** A string format: what a value of it is, in words, and whether a value is one. */
interface StringFormat {
  readonly what: string;
  readonly since?: string;
  readonly test: (value: string) => boolean;
}

const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const LOOSE_IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const MAC =
  /^(?:[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){7}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){19}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){3}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){9})$/i;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const SCALA_DURATION = /(\d+)\s*([A-Za-z\u00b5]+)/g;
const DURATION_UNITS = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];
const SHORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LONG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL_ADDRESS = new RegExp(
  `^(?:${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")@(?:${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*|\\[[^\\[\\]\\\\\\r\\n]*\\])$`,
);

/** Go's net.ParseIPSloppy (k8s.io/utils/net): an IPv4 octet may have leading 0s; no zone. */
function parsesAsIpSloppy(value: string): boolean {
  const octets = LOOSE_IPV4.exec(value)?.slice(1);
  if (octets !== undefined) {
    return octets.every((octet) => Number(octet) <= 255);
  }
  return !value.includes('%') && isIPv6(value);
}

/** Go's net.ParseIP: no leading 0s in an IPv4 octet, no zone. */
function parsesAsIp(value: string): boolean {
  const octets = LOOSE_IPV4.exec(value)?.slice(1);
  if (octets !== undefined) {
    return octets.every((octet) => Number(octet) <= 255 && (octet.length === 1 || !octet.startsWith('0')));
  }
  return !value.includes('%') && isIPv6(value);
}

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (slash < 0 || !/^\d+$/.test(prefix) || !parsesAsIpSloppy(address)) {
    return false;
  }
  return Number(prefix) <= (LOOSE_IPV4.test(address) ? 32 : 128);
}

/** Go's time.Parse("2006-01-02"): a real day of a real month. */
function isDate(value: string): boolean {
  const parts = FULL_DATE.exec(value);
  if (parts === null) {
    return false;
  }
  const [year, month, day] = parts.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

/** kube-openapi's IsDateTime: a date, a `t`, a time of day with a zone. */
function isDateTime(value: string): boolean {
  const parts = value.toLowerCase().split('t');
  if (value.length < 4 || parts.length < 2 || !isDate(parts[0])) {
    return false;
  }
  const time = TIME_OF_DAY.exec(parts[1]);
  return time !== null && time[1] <= '23' && time[2] <= '59' && time[3] <= '59';
}

/** Go's time.ParseDuration, or else kube-openapi's Scala-like `<n> <unit>` anywhere in the text. */
function isDuration(value: string): boolean {
  if (isGoDuration(value)) {
    return true;
  }
  return [...value.matchAll(SCALA_DURATION)].some((match) => {
    const unit = match[2].toLowerCase();
    return DURATION_UNITS.some((variants) =>
      variants.some(
        (variant, position) =>
          unit === variant.toLowerCase() || (position === variants.length - 1 && unit.startsWith(variant)),
      ),
    );
  });
}

/** Go's net/url.ParseRequestURI: an absolute URI or an absolute path, with valid escapes and host. */
export function isRequestUri(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (value === '' || /[\x00-\x1f\x7f]/.test(value)) {
    return false;
  }
  if (value === '*') {
    return true;
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value);
  if (scheme === null && value.startsWith(':')) {
    return false;
  }
  const afterScheme = scheme === null ? value : value.slice(scheme[0].length);
  const rest = afterScheme.split('?')[0];
  if (!rest.startsWith('/')) {
    return scheme !== null;
  }
  let path = rest;
  if (scheme !== null && rest.startsWith('//') && !rest.startsWith('///')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
    path = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (!validHost(host)) {
      return false;
    }
  }
  return validEscapes(path);
}

function validHost(host: string): boolean {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 && /^(?::\d*)?$/.test(host.slice(close + 1));
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) {
    return false;
  }
  const name = colon >= 0 ? host.slice(0, colon) : host;
  return validEscapes(name) && /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uffff]*$/.test(name);
}

function validEscapes(text: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(text);
}

/** net/mail.ParseAddress: an address, alone or in angle brackets after a display name. */
function isEmail(value: string): boolean {
  const bracketed = /^[^<>]*<([^<>]*)>\s*$/.exec(value);
  return EMAIL_ADDRESS.test(bracketed === null ? value.trim() : bracketed[1]);
}

function isHostname(value: string): boolean {
  return (
    HOSTNAME.test(value) &&
    Buffer.byteLength(value) <= 255 &&
    value.split('.').every((part) => Buffer.byteLength(part) <= 63)
  );
}

/** The string formats, by their name without dashes (go-openapi's normalization: `date-time` is `datetime`). */
const STRING_FORMATS: Readonly<Record<string, StringFormat>> = {
  uri: { what: 'an absolute URI or an absolute path (Go url.ParseRequestURI)', test: isRequestUri },
  email: { what: 'an email address', test: isEmail },
  hostname: { what: 'a host name (RFC 1034), labels of at most 63 characters', test: isHostname },
  ipv4: { what: 'an IPv4 address', test: (value) => value.includes('.') && parsesAsIpSloppy(value) },
  ipv6: { what: 'an IPv6 address', test: (value) => value.includes(':') && parsesAsIp(value) },
  cidr: { what: 'a CIDR (an IP address, / and a prefix length)', test: isCidr },
  mac: { what: 'a MAC address (e.g. 01:23:45:67:89:ab)', test: (value) => MAC.test(value) },
  uuid: { what: 'a UUID', test: (value) => UUID.test(value) },
  uuid3: { what: 'a version 3 UUID', test: (value) => UUID3.test(value) },
  uuid4: { what: 'a version 4 UUID', test: (value) => UUID4.test(value) },
  uuid5: { what: 'a version 5 UUID', test: (value) => UUID5.test(value) },
  bsonobjectid: { what: 'a BSON object id (24 hexadecimal digits)', test: (value) => /^[0-9a-fA-F]{24}$/.test(value) },
  hexcolor: {
    what: 'a hex color (#fff or #ffffff)',
    test: (value) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value),
  },
  ssn: {
    what: 'a U.S. social security number',
    test: (value) => value.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(value),
  },
  byte: { what: 'base64-encoded data (standard alphabet, padded)', test: (value) => BASE64.test(value) },
  password: { what: 'any text', test: () => true },
  date: { what: 'a date (RFC 3339 full-date, 2006-01-02)', test: isDate },
  datetime: { what: 'a date and time (RFC 3339, 2006-01-02T15:04:05Z)', test: isDateTime },
  duration: { what: 'a duration (Go: 1h30m, or 3 days)', test: isDuration },
  k8sshortname: {
    what: 'a short Kubernetes name (lower-case alphanumerics and -, at most 63 characters)',
    since: '1.34',
    test: (value) => value.length <= 63 && SHORT_NAME.test(value),
  },
  k8slongname: {
    what: 'a long Kubernetes name (dot-separated lower-case alphanumerics and -, at most 253 characters)',
    since: '1.34',
    test: (value) => value.length <= 253 && LONG_NAME.test(value),
  },
};

/** The release from which the API server keeps `int32`, `int64`, `float` and `double` and checks a number's range. */
const NUMBER_FORMATS_SINCE = '1.37';
const NUMBER_RANGES: Readonly<
  Record<string, { readonly type: string; readonly limit: number; readonly what: string }>
> = {
  int32: { type: 'integer', limit: 2 ** 31, what: 'an int32 (-2147483648 to 2147483647)' },
  int64: { type: 'integer', limit: 2 ** 63, what: 'an int64' },
  float: { type: 'number', limit: 3.4028234663852886e38, what: 'a float (at most 3.4028234663852886e38 either way)' },
};

/** What a value of the format is, when the API server of the release refuses `value` for it; undefined when it takes it. */
export function formatProblem(
  value: unknown,
  format: string,
  type: string | undefined,
  release: string,
): string | undefined {
  if (typeof value === 'string') {
    const known = type === undefined || type === 'string' ? STRING_FORMATS[format.replace(/-/g, '')] : undefined;
    const applies = known !== undefined && (known.since === undefined || compareReleases(release, known.since) >= 0);
    return applies && !known.test(value) ? known.what : undefined;
  }
  if (typeof value === 'number') {
    const range = NUMBER_RANGES[format];
    const applies = range !== undefined && range.type === type && compareReleases(release, NUMBER_FORMATS_SINCE) >= 0;
    const inRange =
      range === undefined ||
      (range.type === 'integer' ? value >= -range.limit && value < range.limit : Math.abs(value) <= range.limit);
    return applies && !inRange ? range.what : undefined;
  }
  return undefined;
}
