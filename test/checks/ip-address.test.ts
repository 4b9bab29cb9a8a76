import { cidrProblem, ipAddressProblem, plainCidr, specialIpProblem } from '../../lib/checks/ip-address';

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

// Verdicts seen on the real API servers (an Endpoints address, an EndpointSlice address, a Service's externalIPs,
// kubectl apply --dry-run=server): both refuse these, written in any form Go parses; both take 239.1.1.1, ff05::1.
describe('specialIpProblem', () => {
  it.each([
    ['0.0.0.0', 'is unspecified (0.0.0.0, ::)'],
    ['0:0:0:0:0:0:0:0', 'is unspecified (0.0.0.0, ::)'],
    ['127.0.0.2', 'is in the loopback range (127.0.0.0/8, ::1/128)'],
    ['0:0:0:0:0:0:0:1', 'is in the loopback range (127.0.0.0/8, ::1/128)'],
    ['::ffff:127.0.0.1', 'is in the loopback range (127.0.0.0/8, ::1/128)'],
    ['169.254.169.254', 'is in the link-local range (169.254.0.0/16, fe80::/10)'],
    ['febf::1', 'is in the link-local range (169.254.0.0/16, fe80::/10)'],
    ['224.0.0.5', 'is in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
    ['ff12::1', 'is in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
  ])('refuses %s, which %s', (address, problem) => {
    expect(specialIpProblem(address)).toBe(problem);
  });

  it.each(['10.0.0.5', '239.1.1.1', '255.255.255.255', 'ff05::1', 'ff01::1', 'fec0::1', '2001:db8::1'])(
    'passes %s',
    (address) => {
      expect(specialIpProblem(address)).toBeUndefined();
    },
  );
});

// Verdicts seen on the real API servers (a NetworkPolicy ipBlock, a Service's loadBalancerSourceRanges): 1.27.16 takes
// leading 0s, IPv4-mapped IPv6 blocks and bits set beyond the prefix length; 1.37.2 refuses all three.
describe('cidrProblem', () => {
  it.each(['10.0.0.0/8', 'fd00::/48', '0.0.0.0/0', '10.0.0.5/32'])('passes %s on 1.27 and 1.37', (block) => {
    expect(cidrProblem(block, '1.27')).toBeUndefined();
    expect(cidrProblem(block, '1.37')).toBeUndefined();
  });

  it.each(['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'x/8', '10.0.0.0/8/8', ''])('refuses %j everywhere', (value) => {
    expect(cidrProblem(value, '1.27')).toEqual({ problem: 'is not an address block in CIDR notation' });
    expect(cidrProblem(value, '1.37')).toEqual({ problem: 'is not an address block in CIDR notation' });
  });

  it('passes bits beyond the prefix length before 1.36 and refuses them from 1.36 on, suggesting the network', () => {
    expect(cidrProblem('10.1.2.3/8', '1.35')).toBeUndefined();
    expect(cidrProblem('10.1.2.3/8', '1.36')).toEqual({
      problem: 'has bits set beyond its prefix length, which Kubernetes 1.36 refuses (from 1.36 on)',
      suggestion: '10.0.0.0/8',
    });
    expect(cidrProblem('fd00::1/64', '1.37')?.suggestion).toBe('fd00::/64');
  });

  it('passes leading 0s and IPv4-mapped blocks before 1.36 and refuses them from 1.36 on', () => {
    expect(cidrProblem('010.0.0.0/8', '1.27')).toBeUndefined();
    expect(cidrProblem('::ffff:10.0.0.0/104', '1.27')).toBeUndefined();
    expect(cidrProblem('010.0.0.0/8', '1.37')).toEqual({
      problem: 'has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on)',
      suggestion: '10.0.0.0/8',
    });
    expect(cidrProblem('10.0.0.0/08', '1.37')?.problem).toBe(
      'has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on)',
    );
    expect(cidrProblem('::ffff:10.0.0.0/104', '1.37')?.problem).toBe(
      'is an IPv4-mapped IPv6 address, which Kubernetes 1.37 refuses (from 1.36 on)',
    );
  });

  it('reads a block as the 1.27 API server does, leading 0s dropped', () => {
    expect(plainCidr('010.000.0.0/8')).toBe('10.0.0.0/8');
    expect(plainCidr('fd00::/8')).toBe('fd00::/8');
  });
});
