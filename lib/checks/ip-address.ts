import { BlockList, isIPv4, isIPv6 } from 'net';
import { compareReleases } from '../config/kubernetes-version';
import { canonicalCidr, canonicalIp } from './service-cidr-rules';

/**
 * IP addresses in the fields that take one (a pod's hostAliases ip and dnsConfig nameservers, a Service's cluster and
 * external IPs), as the API server validates
 * them (IsValidIPForLegacyField): before 1.36 it parses them loosely (an IPv4 octet may have leading 0s, an IPv4-mapped
 * IPv6 address passes); from 1.36 on (StrictIPCIDRValidation, on by default) it refuses both. Neither takes a zone.
 */

/** The release from which the API server refuses leading 0s and IPv4-mapped IPv6 addresses. */
export const STRICT_SINCE = '1.36';
const LOOSE_IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** What is wrong with an IP address, and the address to write instead where one is meant. */
export interface IpAddressProblem {
  readonly problem: string;
  readonly suggestion?: string;
}

/** The address with leading 0s dropped from its octets, when it is an IPv4 address written with them. */
function withoutLeadingZeros(value: string): string | undefined {
  const octets = LOOSE_IPV4.exec(value)?.slice(1);
  return octets !== undefined && octets.every((octet) => Number(octet) <= 255)
    ? octets.map((octet) => String(Number(octet))).join('.')
    : undefined;
}

/** Why the API server of the release refuses `value` as an IP address, or undefined when it takes it. */
export function ipAddressProblem(value: unknown, release: string): IpAddressProblem | undefined {
  const text = String(value);
  const strict = compareReleases(STRICT_SINCE, release) <= 0;
  if (isIPv4(text) || (isIPv6(text) && !text.includes('%'))) {
    const mapped = MAPPED_IPV4.exec(text);
    return strict && mapped !== null
      ? {
          problem: `is an IPv4-mapped IPv6 address, which Kubernetes ${release} refuses (from ${STRICT_SINCE} on)`,
          suggestion: mapped[1],
        }
      : undefined;
  }
  const plain = withoutLeadingZeros(text);
  if (plain === undefined) {
    return { problem: 'is not an IP address' };
  }
  return strict
    ? { problem: `has leading 0s, which Kubernetes ${release} refuses (from ${STRICT_SINCE} on)`, suggestion: plain }
    : undefined;
}

/** A list of address blocks, each "address/prefix". */
function blockList(blocks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const block of blocks) {
    const [address, prefix] = block.split('/');
    list.addSubnet(address, Number(prefix), isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return list;
}

/**
 * The ranges the API server refuses for the address of an endpoint or an external IP (core's ValidateNonSpecialIP and
 * ValidateEndpointIP), as Go's net.IP classifies them: IPv6 link-local multicast is every ffX2::/16 (its scope nibble),
 * and an IPv4-mapped IPv6 address is read as its IPv4 address (BlockList does the same).
 */
const SPECIAL_RANGES: readonly [problem: string, ranges: BlockList][] = [
  ['is unspecified (0.0.0.0, ::)', blockList(['0.0.0.0/32', '::/128'])],
  ['is in the loopback range (127.0.0.0/8, ::1/128)', blockList(['127.0.0.0/8', '::1/128'])],
  ['is in the link-local range (169.254.0.0/16, fe80::/10)', blockList(['169.254.0.0/16', 'fe80::/10'])],
  [
    'is in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    blockList(['224.0.0.0/24', ...Array.from({ length: 16 }, (_, scope) => `ff${scope.toString(16)}2::/16`)]),
  ],
];

/**
 * Why the API server refuses an address it parses as the address of an endpoint or an external IP (unspecified,
 * loopback, link-local, link-local multicast), or undefined. Other multicast addresses (239.1.1.1, ff05::1) it takes.
 */
export function specialIpProblem(value: string): string | undefined {
  const address = withoutLeadingZeros(value) ?? value;
  const type = isIPv4(address) ? 'ipv4' : 'ipv6';
  return SPECIAL_RANGES.find(([, ranges]) => ranges.check(address, type))?.[0];
}

const CIDR = /^([^/]+)\/(\d{1,3})$/;

/** A CIDR as the API servers before 1.36 read it: leading 0s dropped from an IPv4 address and the prefix length. */
export function plainCidr(value: string): string {
  const match = CIDR.exec(value);
  return match === null ? value : `${withoutLeadingZeros(match[1]) ?? match[1]}/${Number(match[2])}`;
}

/**
 * Why the API server of the release refuses `value` as an address block in CIDR notation (IsValidCIDRForLegacyField:
 * a NetworkPolicy's ipBlock, a Service's loadBalancerSourceRanges), or undefined when it takes it. Before 1.36 it parses
 * loosely; from 1.36 on (StrictIPCIDRValidation) it also refuses leading 0s, an IPv4-mapped IPv6 address and bits set
 * beyond the prefix length.
 */
export function cidrProblem(value: unknown, release: string): IpAddressProblem | undefined {
  const match = CIDR.exec(String(value));
  const address = match?.[1] ?? '';
  const wrong = ipAddressProblem(address, release);
  const width = isIPv4(withoutLeadingZeros(address) ?? address) ? 32 : 128;
  if (match === null || wrong?.problem === 'is not an IP address' || Number(match[2]) > width) {
    return { problem: 'is not an address block in CIDR notation' };
  }
  const prefix = Number(match[2]);
  if (wrong !== undefined) {
    return { problem: wrong.problem, suggestion: canonicalCidr(`${wrong.suggestion}/${prefix}`) };
  }
  const strict = compareReleases(STRICT_SINCE, release) <= 0;
  if (strict && String(prefix) !== match[2]) {
    return {
      problem: `has leading 0s, which Kubernetes ${release} refuses (from ${STRICT_SINCE} on)`,
      suggestion: canonicalCidr(`${address}/${prefix}`),
    };
  }
  const network = canonicalCidr(`${address}/${prefix}`);
  return strict && network !== undefined && network.split('/')[0] !== canonicalIp(address)
    ? {
        problem: `has bits set beyond its prefix length, which Kubernetes ${release} refuses (from ${STRICT_SINCE} on)`,
        suggestion: network,
      }
    : undefined;
}

/** The family of an address as the API servers before 1.36 parse it (leading 0s taken), or undefined for none. */
export function ipFamilyOf(value: unknown): 'IPv4' | 'IPv6' | undefined {
  const text = String(value);
  if (isIPv4(withoutLeadingZeros(text) ?? text)) {
    return 'IPv4';
  }
  return isIPv6(text) && !text.includes('%') ? 'IPv6' : undefined;
}
