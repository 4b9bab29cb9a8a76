import { canonicalCidr, canonicalIp } from '../../lib/checks/service-cidr-rules';
import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

const serviceCidr = (cidrs: unknown[]) =>
  rawFindings('ServiceCIDR', 'raw-extra', (manifest: AnyManifest) => (manifest.spec.cidrs = cidrs), 'prod');
const ipAddress = (change: (manifest: AnyManifest) => void) => rawFindings('IPAddress', '10.250.0.10', change, 'prod');

describe('service-cidr-spec', () => {
  it('passes the ServiceCIDR and IPAddress as written, and a CIDR of each family', () => {
    expect(serviceCidr(['10.250.0.0/24'])).toEqual([]);
    expect(serviceCidr(['10.250.0.0/24', 'fd00:10:96::/108'])).toEqual([]);
    expect(ipAddress(() => undefined)).toEqual([]);
    // An IPv6 address is no DNS-1123 subdomain: kinds.json gives IPAddress names the path-segment rule, and this one.
    expect(ipAddress((manifest) => (manifest.metadata.name = '2001:db8::a'))).toEqual([]);
  });

  it('writes addresses and CIDRs as Go does', () => {
    expect(canonicalIp('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('::ffff:1.2.3.4')).toBeUndefined();
    expect(canonicalCidr('10.250.0.1/24')).toBe('10.250.0.0/24');
    expect(canonicalCidr('2001:db8:0:0:0:0:0:0/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('10.0.0.0/024')).toBeUndefined();
    expect(canonicalCidr('10.0.0.0/33')).toBeUndefined();
  });

  it('fires for CIDRs that are none, not CIDRs, not canonical, or two of one family', () => {
    expect(serviceCidr([])).toEqual(['service-cidr-spec: spec.cidrs is empty']);
    expect(serviceCidr(['10.250.0.0/24:'])).toEqual([
      'service-cidr-spec: spec.cidrs[0] "10.250.0.0/24:" is not a CIDR',
    ]);
    expect(serviceCidr(['10.250.0.1/24', '10.251.0.0/24'])).toEqual([
      'service-cidr-spec: spec.cidrs[0] "10.250.0.1/24" is not in canonical form ("10.250.0.0/24")',
      'service-cidr-spec: spec.cidrs has two IPv4 CIDRs; at most one per family',
    ]);
  });

  it('fires for an address name that is not canonical, and a parentRef of a bad group, no resource, a bad name', () => {
    expect(ipAddress((manifest) => (manifest.metadata.name = '2001:DB8::A'))).toEqual([
      'service-cidr-spec: metadata.name "2001:DB8::A" is not an IP address in canonical form ("2001:db8::a")',
    ]);
    expect(
      ipAddress((manifest) => (manifest.spec.parentRef = { group: 'Bad_Group', resource: '', name: 'a/b' })),
    ).toEqual([
      'service-cidr-spec: spec.parentRef.group "Bad_Group" is not a DNS-1123 subdomain',
      'service-cidr-spec: spec.parentRef.resource "" is empty',
      'service-cidr-spec: spec.parentRef.name "a/b" is not a name (not "." or "..", without "/" or "%")',
    ]);
  });
});
