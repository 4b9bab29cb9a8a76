import { isIPv4, isIPv6 } from 'net';
import { isDnsSubdomain, isPathSegmentName } from '../constructs/validation';
import { Problem } from './finding';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * An IP address in the canonical form Go's net.IP.String writes (IPv4 without leading 0s, IPv6 compressed in lower
 * case), which the API server requires of new fields (apimachinery's IsValidIP), or undefined when it is not an
 * address it parses (an IPv4-mapped IPv6 address, a zone).
 */
export function canonicalIp(value: string): string | undefined {
  if (isIPv4(value)) {
    return value.split('.').map(Number).join('.');
  }
  if (!isIPv6(value) || value.includes('%') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) {
    return undefined;
  }
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}

/** The bits of an address, and its width. */
function bitsOf(address: string): { value: bigint; width: number } {
  if (isIPv4(address)) {
    return { value: address.split('.').reduce((total, octet) => (total << 8n) | BigInt(octet), 0n), width: 32 };
  }
  const hex = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head, tail] = hex.includes('::') ? hex.split('::') : [hex, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { value: groups.reduce((total, group) => (total << 16n) | BigInt(parseInt(group, 16)), 0n), width: 128 };
}

function addressOf(value: bigint, width: number): string {
  if (width === 32) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, index) => ((value >> BigInt(112 - 16 * index)) & 0xffffn).toString(16));
  return canonicalIp(groups.join(':'))!;
}

/** A CIDR in the canonical form Go's net.IPNet.String writes (the network's address, the prefix length), or undefined. */
export function canonicalCidr(value: string): string | undefined {
  const match = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(value);
  const address = match === null ? undefined : canonicalIp(match[1]);
  if (match === null || address === undefined) {
    return undefined;
  }
  const { value: bits, width } = bitsOf(address);
  const prefix = Number(match[2]);
  if (prefix > width) {
    return undefined;
  }
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return `${addressOf(bits & mask, width)}/${prefix}`;
}

function serviceCidrProblems(spec: Json): Problem[] {
  const cidrs: unknown[] = Array.isArray(spec.cidrs) ? spec.cidrs : [];
  const fix = 'give one CIDR, or one IPv4 and one IPv6, in canonical form, e.g. ["10.96.0.0/16", "fd00:10:96::/108"]';
  if (cidrs.length === 0) {
    return [{ message: 'spec.cidrs is empty', fix }];
  }
  if (cidrs.length > 2) {
    return [{ message: `spec.cidrs has ${cidrs.length} CIDRs; at most 2 (one per IP family)`, fix }];
  }
  const problems: Problem[] = [];
  cidrs.forEach((cidr, index) => {
    const canonical = typeof cidr === 'string' ? canonicalCidr(cidr) : undefined;
    if (canonical === undefined) {
      problems.push({ message: `spec.cidrs[${index}] ${JSON.stringify(cidr)} is not a CIDR`, fix });
    } else if (canonical !== cidr) {
      problems.push({
        message: `spec.cidrs[${index}] ${JSON.stringify(cidr)} is not in canonical form (${JSON.stringify(canonical)})`,
        fix: `write ${JSON.stringify(canonical)}`,
      });
    }
  });
  const families = cidrs.map((cidr) =>
    typeof cidr === 'string' ? (cidr.includes(':') ? 6 : cidr.includes('.') ? 4 : 0) : 0,
  );
  if (cidrs.length === 2 && families[0] !== 0 && families[0] === families[1]) {
    problems.push({ message: `spec.cidrs has two IPv${families[0]} CIDRs; at most one per family`, fix });
  }
  return problems;
}

function ipAddressProblems(name: unknown, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const canonical = typeof name === 'string' ? canonicalIp(name) : undefined;
  if (canonical === undefined || canonical !== name) {
    problems.push({
      message: `metadata.name ${JSON.stringify(name)} is not an IP address in canonical form${canonical === undefined ? '' : ` (${JSON.stringify(canonical)})`}`,
      fix: 'name the IPAddress by the address, e.g. "10.96.0.10" or "2001:db8::a"',
    });
  }
  const parent = spec.parentRef;
  if (parent === undefined) {
    return problems;
  }
  if (parent.group !== undefined && parent.group !== '' && !isDnsSubdomain(parent.group)) {
    problems.push({
      message: `spec.parentRef.group ${JSON.stringify(parent.group)} is not a DNS-1123 subdomain`,
      fix: 'give the API group of the parent, "" for the core group',
    });
  }
  for (const field of ['resource', 'name', 'namespace']) {
    const value = parent[field];
    const required = field !== 'namespace';
    if ((required || (value !== undefined && value !== '')) && !(value !== '' && isPathSegmentName(value))) {
      problems.push({
        message: `spec.parentRef.${field} ${JSON.stringify(value ?? '')} is ${value === undefined || value === '' ? 'empty' : 'not a name (not "." or "..", without "/" or "%")'}`,
        fix: `give the ${field} of the object the address belongs to, e.g. a Service`,
      });
    }
  }
  return problems;
}

/**
 * What the API server refuses of a ServiceCIDR or an IPAddress (networking's validation, 1.37): CIDRs that are none,
 * more than two, not canonical or of one family; an address name that is not canonical, and a parentRef without
 * resource or name or with a group that is not a DNS-1123 subdomain.
 */
export const serviceCidrSpec: Rule = {
  id: 'service-cidr-spec',
  description:
    'a ServiceCIDR of no CIDRs, more than two, two of one family, or one that is not a CIDR in canonical form; an IPAddress whose name is not an address in canonical form, or whose parentRef has no resource or name, a group that is not a DNS-1123 subdomain or names with "/" or "%"',
  kinds: ['ServiceCIDR', 'IPAddress'],
  check(object) {
    const manifest = object.manifest as Json;
    return manifest.kind === 'ServiceCIDR'
      ? serviceCidrProblems(manifest.spec ?? {})
      : ipAddressProblems(manifest.metadata?.name, manifest.spec ?? {});
  },
};

export const SERVICE_CIDR_RULES: readonly Rule[] = [serviceCidrSpec];
