import { ipAddressProblem } from '../../lib/checks/ip-address';

// Verdicts seen on the real API servers (hostAliases ip, kubectl apply --dry-run=server): 1.27.16 takes leading 0s and
// IPv4-mapped IPv6 addresses, 1.37.2 refuses both; neither takes a zone.
describe('ipAddressProblem', () => {
  it.each(['10.0.0.5', '0.0.0.0', '2001:db8::1', '::1'])('passes %s on 1.27 and 1.37', (address) => {
    expect(ipAddressProblem(address, '1.27')).toBeUndefined();
    expect(ipAddressProblem(address, '1.37')).toBeUndefined();
  });

  it.each(['not-an-ip', 'fe80::1%eth0', '10.0.0.256', '10.0.0', '10.0.0.1/32', ''])(
    'refuses %j everywhere',
    (value) => {
      expect(ipAddressProblem(value, '1.27')).toEqual({ problem: 'is not an IP address' });
      expect(ipAddressProblem(value, '1.37')).toEqual({ problem: 'is not an IP address' });
    },
  );

  it('passes leading 0s before 1.36 and refuses them from 1.36 on, suggesting the address without them', () => {
    expect(ipAddressProblem('010.0.0.01', '1.35')).toBeUndefined();
    expect(ipAddressProblem('010.0.0.01', '1.36')).toEqual({
      problem: 'has leading 0s, which Kubernetes 1.36 refuses (from 1.36 on)',
      suggestion: '10.0.0.1',
    });
  });

  it('passes an IPv4-mapped IPv6 address before 1.36 and refuses it from 1.36 on, suggesting the IPv4 address', () => {
    expect(ipAddressProblem('::ffff:1.2.3.4', '1.27')).toBeUndefined();
    expect(ipAddressProblem('::ffff:1.2.3.4', '1.37')).toEqual({
      problem: 'is an IPv4-mapped IPv6 address, which Kubernetes 1.37 refuses (from 1.36 on)',
      suggestion: '1.2.3.4',
    });
  });
});
