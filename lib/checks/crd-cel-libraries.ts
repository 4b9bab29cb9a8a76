import type * as CelModule from '@bufbuild/cel';
import type { CelFunc, CelList, CelMap, CelValue } from '@bufbuild/cel';
import { compareReleases } from '../config/kubernetes-version';
import { isRequestUri } from './crd-formats';

/**
 * The functions of Kubernetes' CEL libraries (k8s.io/apiserver/pkg/cel/library, cel-go's ext) that the gate provides
 * to CustomResourceDefinitions' rules, each from the release that brought it (environment/base.go). A value of a
 * Kubernetes type (a URL, a quantity, an IP address, a CIDR) is a CEL map with one key, `$url`, `$quantity`, `$ip` or
 * `$cidr`, holding its canonical text, so that two equal values compare equal.
 */

/** The release from which Kubernetes' CEL has strings' format and strings.quote (strings library version 2). */
const STRINGS_V2_SINCE = '1.29';
const QUANTITY_SINCE = '1.28';
const SETS_SINCE = '1.29';
const IP_SINCE = '1.30';
/** The release from which Kubernetes' lists library has includes (lists library version 1). */
const LISTS_V1_SINCE = '1.37';

/** The functions of `release`, for @bufbuild/cel's environment. */
export function libraryFunctions(cel: typeof CelModule, release: string): CelFunc[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with @bufbuild/cel, at the first rule
  const { strings } = require('@bufbuild/cel/ext') as { strings: CelFunc[] };
  const since = (first: string) => compareReleases(release, first) >= 0;
  const stringFunctions = since(STRINGS_V2_SINCE)
    ? strings
    : strings.filter((func) => func.name !== 'format' && func.name !== 'strings.quote');
  return [
    ...stringFunctions,
    ...listFunctions(cel, since(LISTS_V1_SINCE)),
    ...regexFunctions(cel),
    ...urlFunctions(cel),
    ...(since(QUANTITY_SINCE) ? quantityFunctions(cel) : []),
    ...(since(SETS_SINCE) ? setFunctions(cel) : []),
    ...(since(IP_SINCE) ? ipFunctions(cel) : []),
  ];
}

function listFunctions(cel: typeof CelModule, includes: boolean): CelFunc[] {
  const { celMethod, listType, CelScalar } = cel;
  const list = listType(CelScalar.DYN);
  const { BOOL, DYN, INT } = CelScalar;
  return [
    celMethod('isSorted', list, [], BOOL, function (this: CelList) {
      const items = [...this];
      return items.every((item, position) => position === 0 || compare(items[position - 1], item) <= 0);
    }),
    celMethod('sum', list, [], DYN, function (this: CelList) {
      return [...this].reduce((total: CelValue, item) => add(total, item), 0n);
    }),
    celMethod('min', list, [], DYN, function (this: CelList) {
      return extreme([...this], 'min', (a, b) => compare(a, b) < 0);
    }),
    celMethod('max', list, [], DYN, function (this: CelList) {
      return extreme([...this], 'max', (a, b) => compare(a, b) > 0);
    }),
    celMethod('indexOf', list, [DYN], INT, function (this: CelList, wanted: CelValue) {
      return BigInt([...this].findIndex((item) => same(item, wanted)));
    }),
    celMethod('lastIndexOf', list, [DYN], INT, function (this: CelList, wanted: CelValue) {
      const items = [...this];
      let position = items.length - 1;
      while (position >= 0 && !same(items[position], wanted)) {
        position -= 1;
      }
      return BigInt(position);
    }),
    ...(includes
      ? [
          celMethod('includes', list, [DYN], BOOL, function (this: CelList, wanted: CelValue) {
            return [...this].some((item) => same(item, wanted));
          }),
        ]
      : []),
  ];
}

function regexFunctions(cel: typeof CelModule): CelFunc[] {
  const { celMethod, listType, CelScalar } = cel;
  const { INT, STRING } = CelScalar;
  return [
    celMethod('find', STRING, [STRING], STRING, function (this: string, pattern: string) {
      return regexOf(pattern).exec(this)?.[0] ?? '';
    }),
    celMethod('findAll', STRING, [STRING], listType(STRING), function (this: string, pattern: string) {
      return findAll(this, pattern, -1);
    }),
    celMethod(
      'findAll',
      STRING,
      [STRING, INT],
      listType(STRING),
      function (this: string, pattern: string, limit: bigint) {
        return findAll(this, pattern, Number(limit));
      },
    ),
  ];
}

function setFunctions(cel: typeof CelModule): CelFunc[] {
  const { celFunc, listType, CelScalar } = cel;
  const list = listType(CelScalar.DYN);
  const has = (items: CelList, wanted: CelValue) => [...items].some((item) => same(item, wanted));
  return [
    celFunc('sets.contains', [list, list], CelScalar.BOOL, (a: CelList, b: CelList) =>
      [...b].every((item) => has(a, item)),
    ),
    celFunc(
      'sets.equivalent',
      [list, list],
      CelScalar.BOOL,
      (a: CelList, b: CelList) => [...b].every((item) => has(a, item)) && [...a].every((item) => has(b, item)),
    ),
    celFunc('sets.intersects', [list, list], CelScalar.BOOL, (a: CelList, b: CelList) =>
      [...b].some((item) => has(a, item)),
    ),
  ];
}

// URLs (Go's net/url, as Kubernetes' url() reads them).

interface ParsedUrl {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
}

function parseUrl(text: string): ParsedUrl {
  if (!isRequestUri(text)) {
    throw new Error(
      `URL parse error during conversion from string: ${JSON.stringify(text)} is no absolute URI or path`,
    );
  }
  const withoutFragment = text.split('#')[0];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(withoutFragment)?.[1] ?? '';
  const rest = withoutFragment.slice(scheme === '' ? 0 : scheme.length + 1);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rest.slice(queryAt + 1);
  if (!beforeQuery.startsWith('//')) {
    return { scheme: scheme.toLowerCase(), host: '', path: beforeQuery, query };
  }
  const pathAt = beforeQuery.indexOf('/', 2);
  const authority = pathAt < 0 ? beforeQuery.slice(2) : beforeQuery.slice(2, pathAt);
  return {
    scheme: scheme.toLowerCase(),
    host: authority.slice(authority.lastIndexOf('@') + 1),
    path: pathAt < 0 ? '' : beforeQuery.slice(pathAt),
    query,
  };
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    return host.slice(1, host.indexOf(']'));
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function portOf(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon < 0 || colon < host.lastIndexOf(']') ? '' : host.slice(colon + 1);
}

function queryOf(query: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '' || pair.includes(';')) {
      continue;
    }
    const [key, value = ''] = pair.split(/=(.*)/s);
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    try {
      const name = decode(key);
      values.set(name, [...(values.get(name) ?? []), decode(value)]);
    } catch {
      // Go's url.ParseQuery skips a pair with a bad escape, as here.
    }
  }
  return values;
}

function urlFunctions(cel: typeof CelModule): CelFunc[] {
  const { celFunc, celMethod, mapType, listType, CelScalar } = cel;
  const { BOOL, DYN, STRING } = CelScalar;
  const getter = (name: string, read: (url: ParsedUrl) => string) =>
    celMethod(name, DYN, [], STRING, function (this: CelValue) {
      return read(parseUrl(opaque(this, '$url')));
    });
  return [
    celFunc('url', [STRING], DYN, (text: string) => {
      parseUrl(text);
      return wrap('$url', text);
    }),
    celFunc('isURL', [STRING], BOOL, (text: string) => isRequestUri(text)),
    getter('getScheme', (url) => url.scheme),
    getter('getHost', (url) => url.host),
    getter('getHostname', (url) => hostnameOf(url.host)),
    getter('getPort', (url) => portOf(url.host)),
    getter('getEscapedPath', (url) => url.path),
    celMethod('getQuery', DYN, [], mapType(STRING, listType(STRING)), function (this: CelValue) {
      return queryOf(parseUrl(opaque(this, '$url')).query);
    }),
  ];
}

// Quantities, exactly, in units of 10^-9 (Kubernetes' smallest scale, to which it rounds up).

const QUANTITY = /^([+-]?)(\d+)?(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const NANO = 10n ** 9n;
const INT64_MAX = 2n ** 63n - 1n;

/** A quantity's value in nano-units, rounded up as Kubernetes rounds it; undefined when it does not parse. */
function nanosOf(text: string): bigint | undefined {
  const parts = QUANTITY.exec(text);
  if (parts === null || (parts[2] === undefined && (parts[3] ?? '') === '')) {
    return undefined;
  }
  const [, sign, whole = '', fraction = '', suffix = ''] = parts;
  let numerator = BigInt(whole + fraction || '0') * NANO;
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix in BINARY_EXPONENTS) {
    numerator *= 2n ** BigInt(BINARY_EXPONENTS[suffix]);
  } else {
    const exponent = suffix === '' ? 0 : (DECIMAL_EXPONENTS[suffix] ?? Number(suffix.slice(1)));
    if (exponent >= 0) {
      numerator *= 10n ** BigInt(exponent);
    } else {
      denominator *= 10n ** BigInt(-exponent);
    }
  }
  const rounded = (numerator + denominator - 1n) / denominator;
  return sign === '-' ? -rounded : rounded;
}

function quantityFunctions(cel: typeof CelModule): CelFunc[] {
  const { celFunc, celMethod, CelScalar } = cel;
  const { BOOL, DOUBLE, DYN, INT, STRING } = CelScalar;
  const nanos = (value: CelValue): bigint => {
    if (typeof value === 'bigint') {
      return value * NANO;
    }
    return BigInt(opaque(value, '$quantity'));
  };
  const method = <R extends typeof BOOL | typeof DOUBLE | typeof INT | typeof DYN>(
    name: string,
    args: readonly (typeof DYN)[],
    result: R,
    impl: (self: bigint, ...others: bigint[]) => unknown,
  ) =>
    celMethod(name, DYN, args, result, function (this: CelValue, ...others: CelValue[]) {
      return impl(nanos(this), ...others.map(nanos)) as never;
    });
  return [
    celFunc('quantity', [STRING], DYN, (text: string) => {
      const value = nanosOf(text);
      if (value === undefined) {
        throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      }
      return wrap('$quantity', String(value));
    }),
    celFunc('isQuantity', [STRING], BOOL, (text: string) => nanosOf(text) !== undefined),
    // A function of a quantity, no method (quantity.go's cel.Overload): sign(q).
    celFunc('sign', [DYN], INT, (value: CelValue) => {
      const self = nanos(value);
      return BigInt(self > 0n ? 1 : self < 0n ? -1 : 0);
    }),
    method(
      'isInteger',
      [],
      BOOL,
      (self) => self % NANO === 0n && self / NANO <= INT64_MAX && self / NANO >= -INT64_MAX - 1n,
    ),
    method('asInteger', [], INT, (self) => {
      if (self % NANO !== 0n || self / NANO > INT64_MAX || self / NANO < -INT64_MAX - 1n) {
        throw new Error('cannot convert value to integer');
      }
      return self / NANO;
    }),
    method('asApproximateFloat', [], DOUBLE, (self) => Number(self) / 1e9),
    method('isGreaterThan', [DYN], BOOL, (self, other) => self > other),
    method('isLessThan', [DYN], BOOL, (self, other) => self < other),
    method('compareTo', [DYN], INT, (self, other) => BigInt(self > other ? 1 : self < other ? -1 : 0)),
    method('add', [DYN], DYN, (self, other) => wrap('$quantity', String(self + other))),
    method('sub', [DYN], DYN, (self, other) => wrap('$quantity', String(self - other))),
  ];
}

// IP addresses and CIDRs (Go's net/netip, as Kubernetes' ip() and cidr() read them).

interface Address {
  readonly family: 4 | 6;
  readonly bits: bigint;
}

const STRICT_IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

function parseAddress(text: string): Address | undefined {
  return STRICT_IPV4.test(text) ? parseIpv4(text) : parseIpv6(text);
}

function parseIpv4(text: string): Address | undefined {
  const octets = STRICT_IPV4.exec(text)?.slice(1).map(Number);
  return octets !== undefined && octets.every((octet) => octet <= 255)
    ? { family: 4, bits: octets.reduce((bits, octet) => (bits << 8n) | BigInt(octet), 0n) }
    : undefined;
}

function parseIpv6(text: string): Address | undefined {
  if (text.includes('%') || !/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) {
    return undefined;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') {
      return [];
    }
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [position, piece] of pieces.entries()) {
      const v4 = position === pieces.length - 1 ? parseIpv4(piece) : undefined;
      if (v4 !== undefined) {
        groups.push(Number(v4.bits >> 16n), Number(v4.bits & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  if (first === undefined || last === undefined) {
    return undefined;
  }
  const missing = 8 - first.length - last.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) {
    return undefined;
  }
  const groups = [...first, ...new Array<number>(missing).fill(0), ...last];
  return { family: 6, bits: groups.reduce((bits, group) => (bits << 16n) | BigInt(group), 0n) };
}

function isMapped(address: Address): boolean {
  return address.family === 6 && address.bits >> 32n === 0xffffn;
}

/** Go's netip String: dotted IPv4; IPv6 in lower case with the longest run of two or more zero groups as ::. */
function formatAddress({ family, bits }: Address): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((bits >> shift) & 0xffn)).join('.');
  }
  const groups = [...Array(8).keys()].map((index) => Number((bits >> BigInt(112 - 16 * index)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) {
      length += 1;
    }
    if (length > best.length && length >= 2) {
      best = { start, length };
    }
  }
  const hex = groups.map((group) => group.toString(16));
  return best.start < 0
    ? hex.join(':')
    : `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

function strictAddress(text: string): Address {
  const address = parseAddress(text);
  if (address === undefined) {
    throw new Error(`IP Address ${JSON.stringify(text)} parse error during conversion from string`);
  }
  if (isMapped(address)) {
    throw new Error('IPv4-mapped IPv6 address is not allowed');
  }
  return address;
}

interface Prefix {
  readonly address: Address;
  readonly length: number;
}

function strictPrefix(text: string): Prefix {
  const slash = text.indexOf('/');
  const length = text.slice(slash + 1);
  const address = slash < 0 ? undefined : parseAddress(text.slice(0, slash));
  if (address === undefined || !/^(0|[1-9]\d*)$/.test(length) || Number(length) > (address.family === 4 ? 32 : 128)) {
    throw new Error(`network address parse error during conversion from string: ${JSON.stringify(text)}`);
  }
  if (isMapped(address)) {
    throw new Error('IPv4-mapped IPv6 address is not allowed');
  }
  return { address, length: Number(length) };
}

function maskedBits({ address, length }: Prefix): bigint {
  const width = address.family === 4 ? 32n : 128n;
  const host = width - BigInt(length);
  return (address.bits >> host) << host;
}

function inRange(bits: bigint, family: 4 | 6, low: bigint, prefix: number): boolean {
  const width = family === 4 ? 32n : 128n;
  const host = width - BigInt(prefix);
  return bits >> host === low >> host;
}

function ipFunctions(cel: typeof CelModule): CelFunc[] {
  const { celFunc, celMethod, CelScalar } = cel;
  const { BOOL, DYN, INT, STRING } = CelScalar;
  const ipOf = (value: CelValue) => strictAddress(opaque(value, '$ip'));
  const prefixOf = (value: CelValue) => strictPrefix(opaque(value, '$cidr'));
  const wrapIp = (address: Address) => wrap('$ip', formatAddress(address));
  const wrapCidr = (prefix: Prefix) => wrap('$cidr', `${formatAddress(prefix.address)}/${prefix.length}`);
  const test = (name: string, check: (address: Address) => boolean) =>
    celMethod(name, DYN, [], BOOL, function (this: CelValue) {
      return check(ipOf(this));
    });
  const v4 = (address: Address, low: bigint, prefix: number) =>
    address.family === 4 && inRange(address.bits, 4, low, prefix);
  const v6 = (address: Address, low: bigint, prefix: number) =>
    address.family === 6 && inRange(address.bits, 6, low, prefix);
  const loopback = (address: Address) => v4(address, 0x7f000000n, 8) || (address.family === 6 && address.bits === 1n);
  const unspecified = (address: Address) => address.bits === 0n;
  const linkLocalUnicast = (address: Address) => v4(address, 0xa9fe0000n, 16) || v6(address, 0xfe80n << 112n, 10);
  const multicast = (address: Address) => v4(address, 0xe0000000n, 4) || v6(address, 0xffn << 120n, 8);
  const parses = (parse: (text: string) => unknown) => (text: string) => {
    try {
      parse(text);
      return true;
    } catch {
      return false;
    }
  };
  return [
    celFunc('ip', [STRING], DYN, (text: string) => wrapIp(strictAddress(text))),
    celFunc('isIP', [STRING], BOOL, parses(strictAddress)),
    celFunc('ip.isCanonical', [STRING], BOOL, (text: string) => formatAddress(strictAddress(text)) === text),
    celMethod('family', DYN, [], INT, function (this: CelValue) {
      return BigInt(ipOf(this).family);
    }),
    test('isUnspecified', unspecified),
    test('isLoopback', loopback),
    test('isLinkLocalMulticast', (address) => v4(address, 0xe0000000n, 24) || v6(address, 0xff02n << 112n, 16)),
    test('isLinkLocalUnicast', linkLocalUnicast),
    test('isGlobalUnicast', (address) =>
      !unspecified(address) &&
      !loopback(address) &&
      !multicast(address) &&
      !linkLocalUnicast(address) &&
      !(address.family === 4 && address.bits === 0xffffffffn)),
    celFunc('cidr', [STRING], DYN, (text: string) => wrapCidr(strictPrefix(text))),
    celFunc('isCIDR', [STRING], BOOL, parses(strictPrefix)),
    celMethod('containsIP', DYN, [DYN], BOOL, function (this: CelValue, other: CelValue) {
      const prefix = prefixOf(this);
      const address = typeof other === 'string' ? strictAddress(other) : ipOf(other);
      return (
        address.family === prefix.address.family &&
        inRange(address.bits, address.family, maskedBits(prefix), prefix.length)
      );
    }),
    celMethod('containsCIDR', DYN, [DYN], BOOL, function (this: CelValue, other: CelValue) {
      const prefix = prefixOf(this);
      const inner = typeof other === 'string' ? strictPrefix(other) : prefixOf(other);
      return (
        inner.address.family === prefix.address.family &&
        inner.length >= prefix.length &&
        inRange(inner.address.bits, inner.address.family, maskedBits(prefix), prefix.length)
      );
    }),
    celMethod('ip', DYN, [], DYN, function (this: CelValue) {
      return wrapIp(prefixOf(this).address);
    }),
    celMethod('prefixLength', DYN, [], INT, function (this: CelValue) {
      return BigInt(prefixOf(this).length);
    }),
    celMethod('masked', DYN, [], DYN, function (this: CelValue) {
      const prefix = prefixOf(this);
      return wrapCidr({ address: { family: prefix.address.family, bits: maskedBits(prefix) }, length: prefix.length });
    }),
  ];
}

// Helpers.

/** A value of a Kubernetes type: a map of one key that names the type. */
function wrap(kind: string, text: string): Map<string, string> {
  return new Map([[kind, text]]);
}

/** The text of a value of a Kubernetes type; a value of another type has no such overload. */
function opaque(value: CelValue, kind: string): string {
  const text = (value as CelMap | undefined)?.get?.(kind);
  if (typeof text !== 'string') {
    throw new Error(`no such overload: ${kind.slice(1)} expected`);
  }
  return text;
}

function findAll(text: string, pattern: string, limit: number): string[] {
  const found = [...text.matchAll(regexOf(pattern, 'g'))].map((match) => match[0]);
  return limit < 0 ? found : found.slice(0, limit);
}

/** A regular expression of Kubernetes' (RE2) syntax as JavaScript reads it: a leading (?i) is the i flag. */
function regexOf(pattern: string, flags = ''): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, `${flags}u${insensitive ? 'i' : ''}`);
}

function extreme(items: CelValue[], name: string, better: (a: CelValue, b: CelValue) => boolean): CelValue {
  if (items.length === 0) {
    throw new Error(`${name} called on empty list`);
  }
  return items.reduce((best, item) => (better(item, best) ? item : best));
}

function compare(a: CelValue, b: CelValue): number {
  const comparable = (value: CelValue) =>
    typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
  if (!comparable(a) || !comparable(b) || typeof a !== typeof b) {
    throw new Error('no such overload');
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function add(a: CelValue, b: CelValue): CelValue {
  if (typeof b === 'bigint' && typeof a === 'bigint') {
    return a + b;
  }
  if (typeof b === 'number') {
    return Number(a) + b;
  }
  throw new Error('no such overload');
}

function same(a: CelValue, b: CelValue): boolean {
  return a === b || (typeof a !== 'object' && typeof b !== 'object' && a == b);
}
