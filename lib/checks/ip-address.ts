import { isIPv4, isIPv6 } from 'net';
import { compareReleases } from '../config/kubernetes-version';

/**
 * IP addresses in the fields that take one (a pod's hostAliases ip and dnsConfig nameservers, a Service's cluster and
 * external IPs), as the API server validates
 * them (IsValidIPForLegacyField): before 1.36 it parses them loosely (an IPv4 octet may have leading 0s, an IPv4-mapped
 * IPv6 address passes); from 1.36 on (StrictIPCIDRValidation, on by default) it refuses both. Neither takes a zone.
 */

/** The release from which the API server refuses leading 0s and IPv4-mapped IPv6 addresses. */
const STRICT_SINCE = '1.36';
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
