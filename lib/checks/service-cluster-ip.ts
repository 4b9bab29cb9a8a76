import { isIPv4, isIPv6 } from 'net';
import { isStrictSubnet } from '../constructs/validation';
import { Problem } from './finding';
import { Rule } from './rule';
import { canonicalIp } from './service-cidr-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

type Family = 'IPv4' | 'IPv6';

function familyOf(text: string): Family | undefined {
  return isIPv4(text) ? 'IPv4' : isIPv6(text) ? 'IPv6' : undefined;
}

/** An IPv4 address as a number. */
function ipv4Bits(address: string): number {
  return address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
}

/**
 * Whether the service range `cidr` hands out `ip`: inside it, and neither its first address nor, of IPv4, its last
 * (the API server's allocator keeps the network and broadcast addresses out).
 */
function allocates(cidr: string, ip: string): boolean {
  const [network, prefix] = cidr.split('/');
  if (familyOf(network) !== familyOf(ip) || !isStrictSubnet(`${ip}/${familyOf(ip) === 'IPv4' ? 32 : 128}`, cidr)) {
    return false;
  }
  if (familyOf(ip) === 'IPv6') {
    return canonicalIp(ip) !== canonicalIp(network);
  }
  // The host part: a range's network address is a multiple of its size.
  const hosts = 2 ** (32 - Number(prefix));
  const host = ipv4Bits(ip) % hosts;
  return host !== 0 && host !== hosts - 1;
}

/** The ranges the cluster hands service addresses from: the environment's, and those of the ServiceCIDRs we make. */
function serviceRanges(declared: readonly string[], serviceCidrs: readonly Json[]): string[] {
  const made = serviceCidrs.flatMap((object) => {
    const cidrs: unknown = object.manifest.spec?.cidrs;
    return Array.isArray(cidrs) ? cidrs.filter((cidr): cidr is string => typeof cidr === 'string') : [];
  });
  return [...declared, ...made].filter((cidr) => familyOf(cidr.split('/')[0]) !== undefined);
}

/**
 * A Service the API server of the environment's cluster refuses for its service ranges (`external.serviceCidrs`, and
 * the ServiceCIDRs the project makes): a clusterIP outside them (or a range's first address, or an IPv4 range's last),
 * of a family they do not have, an ipFamilies entry of such a family, RequireDualStack on a single-stack cluster. Seen
 * refused by the 1.27 and 1.37 API servers of 10.96.0.0/16. Where no range is declared, nothing is judged.
 */
export const serviceClusterIp: Rule = {
  id: 'service-cluster-ip',
  description:
    "a Service's clusterIP lies in the cluster's service range (external.serviceCidrs), of a family it has, and RequireDualStack only on a dual-stack cluster",
  kinds: ['Service'],
  check(object, context) {
    const ranges = serviceRanges(context.external.serviceCidrs, context.index.ofKind('ServiceCIDR', undefined));
    if (ranges.length === 0) {
      return [];
    }
    const spec = (object.manifest as Json).spec ?? {};
    const families = new Set(ranges.map((cidr) => familyOf(cidr.split('/')[0])));
    const shown = ranges.join(', ');
    const onlyFamily = families.size === 1 ? [...families][0] : undefined;
    const problems: Problem[] = [];
    const written: unknown[] = [spec.clusterIP, ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])];
    const addresses = [...new Set(written.filter((ip): ip is string => typeof ip === 'string'))];
    for (const ip of addresses) {
      const family = familyOf(ip);
      const field = ip === spec.clusterIP ? 'spec.clusterIP' : `spec.clusterIPs[${spec.clusterIPs.indexOf(ip)}]`;
      if (family === undefined) {
        continue; // None, "" or no address: service-spec's
      }
      if (!families.has(family)) {
        problems.push({
          message: `${field} ${ip} is ${family}, and the cluster has service ranges of ${onlyFamily} only (${shown}), which the API server refuses ("${family} is not configured on this cluster")`,
          fix: `leave clusterIP out (the API server picks one), or give an ${onlyFamily} address of ${shown}`,
        });
      } else if (!ranges.some((cidr) => allocates(cidr, ip))) {
        problems.push({
          message: `${field} ${ip} is not in the cluster's service range (${shown}, but its first and last addresses), which the API server refuses ("the provided IP is not in the valid range")`,
          fix: `leave clusterIP out (the API server picks one), or give an address of ${shown}`,
        });
      }
    }
    (Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((family: unknown, index: number) => {
      if ((family === 'IPv4' || family === 'IPv6') && !families.has(family)) {
        problems.push({
          message: `spec.ipFamilies[${index}] ${family} is a family the cluster has no service range of (it has ${shown}), which the API server refuses ("not configured on this cluster")`,
          fix: `leave ipFamilies out, or list ${[...families].join(' and ')}`,
        });
      }
    });
    if (spec.ipFamilyPolicy === 'RequireDualStack' && onlyFamily !== undefined) {
      problems.push({
        message: `spec.ipFamilyPolicy RequireDualStack needs service ranges of both IP families, and the cluster has ${onlyFamily} only (${shown}), which the API server refuses ("this cluster is not configured for dual-stack services")`,
        fix: 'use PreferDualStack (dual stack where the cluster has it), or SingleStack',
      });
    }
    return problems;
  },
};

export const SERVICE_CLUSTER_IP_RULES: readonly Rule[] = [serviceClusterIp];
