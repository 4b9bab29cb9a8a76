import { celProblems } from '../../lib/checks/crd-cel';
import { StructuralSchema } from '../../lib/checks/crd-schema';

const SOURCE = 'CustomResourceDefinition widgets.example.com (v1)';

/** What a rule on `self` gives: 'holds', 'refused' (a finding) or 'warning' (the gate cannot run it). */
function verdict(rule: string, self: unknown, release = '1.37', schema: StructuralSchema = {}): string {
  const problems = celProblems(self, { ...schema, 'x-kubernetes-validations': [{ rule }] }, 'spec.x', SOURCE, release);
  return problems.length === 0 ? 'holds' : problems[0].warning === true ? 'warning' : 'refused';
}

/** Rules that hold for their `self` on 1.37. */
const HOLDING: readonly [string, unknown][] = [
  // lists
  ['self.isSorted() && self.sum() == 6 && self.min() == 1 && self.max() == 3', [1, 2, 3]],
  ["['b', 'a'].isSorted() == false && ['a', 'b'].min() == 'a'", null],
  ['self.indexOf(2) == 1 && self.lastIndexOf(2) == 2 && self.indexOf(9) == -1', [1, 2, 2]],
  ['self.includes(2) && !self.includes(5)', [1, 2]],
  // strings
  ["self.split(',').size() == 2 && self.lowerAscii() == 'a,b' && self.charAt(1) == ','", 'A,B'],
  ["self.trim().upperAscii().replace('B', 'c') == 'AcC' && self.indexOf('b') == 2", ' abc '],
  ["['a', 'b'].join('-') == 'a-b' && self.substring(1, 3) == 'bc' && self.lastIndexOf('a') == 3", 'abca'],
  ["'%s is %d'.format([self, 1]) == 'a is 1'", 'a'],
  // regex
  ["self.find('[0-9]+') == '42' && self.findAll('[a-z]').size() == 2 && self.findAll('[a-z]', 1) == ['a']", 'ab42'],
  ["self.find('(?i)B') == 'b'", 'ab'],
  // urls
  [
    "isURL(self) && url(self).getScheme() == 'https' && url(self).getHost() == 'example.com:8443' && url(self).getHostname() == 'example.com' && url(self).getPort() == '8443' && url(self).getEscapedPath() == '/a/b' && url(self).getQuery()['q'] == ['1', '2']",
    'https://example.com:8443/a/b?q=1&q=2',
  ],
  ["!isURL(self) && url('/path').getEscapedPath() == '/path' && url('https://[::1]:80/').getHostname() == '::1'", 'x'],
  // quantity
  [
    "isQuantity(self) && quantity(self).isGreaterThan(quantity('1Gi')) && quantity(self).compareTo(quantity('2048Mi')) == 0",
    '2Gi',
  ],
  [
    "quantity('1.5').isInteger() == false && quantity('2k').asInteger() == 2000 && quantity('500m').asApproximateFloat() == 0.5",
    null,
  ],
  ["quantity('1').add(quantity('500m')) == quantity('1500m') && sign(quantity('1').sub(2)) == -1", null],
  ["!isQuantity('1.2.3') && quantity('1e3') == quantity('1k') && quantity('100Mi').isLessThan(quantity('1Gi'))", null],
  // sets
  ['sets.contains(self, [1]) && sets.equivalent(self, [2, 1, 1]) && sets.intersects(self, [2, 3])', [1, 2]],
  // ip and cidr
  [
    "isIP(self) && ip(self).family() == 4 && ip(self).isLoopback() && !isIP('127.0.0.01') && !isIP('::ffff:1.2.3.4')",
    '127.0.0.1',
  ],
  [
    "ip.isCanonical('2001:db8::abcd') && ip.isCanonical('2001:db8:0:1:1:1:1:1') && !ip.isCanonical('2001:db8::1:1:1:1:1') && !ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8::0:0:0:abcd') && ip('2001:db8:0:0:0:0:0:1') == ip('2001:db8::1')",
    null,
  ],
  [
    "ip('fe80::1').isLinkLocalUnicast() && ip('ff02::1').isLinkLocalMulticast() && ip('10.0.0.1').isGlobalUnicast() && !ip('0.0.0.0').isGlobalUnicast() && ip('::').isUnspecified()",
    null,
  ],
  [
    "isCIDR(self) && cidr(self).containsIP('10.1.2.3') && !cidr(self).containsIP(ip('11.0.0.1')) && cidr(self).containsCIDR('10.1.0.0/16') && cidr(self).prefixLength() == 8",
    '10.0.0.0/8',
  ],
  [
    "cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && !isCIDR('10.0.0.0/33')",
    null,
  ],
];

describe("Kubernetes' CEL libraries", () => {
  it.each(HOLDING)('runs %s as the API server does', (rule, self) => {
    expect(verdict(rule, self)).toBe('holds');
  });

  it('refuses a value that the rule does not hold for', () => {
    expect(verdict('self.isSorted()', [2, 1])).toBe('refused');
    expect(verdict("cidr('10.0.0.0/8').containsIP(self)", '11.0.0.1')).toBe('refused');
    expect(verdict("quantity(self).isLessThan(quantity('1Gi'))", '2Gi')).toBe('refused');
  });

  it("refuses what the server fails to convert: an evaluation error of the object's value", () => {
    expect(verdict('sign(quantity(self)) == 1', '1 Gi')).toBe('refused');
    expect(verdict("url(self).getScheme() == 'https'", 'not a url')).toBe('refused');
    expect(verdict('ip(self).family() == 4', '10.0.0.256')).toBe('refused');
    expect(verdict('cidr(self).prefixLength() == 8', '10.0.0.0')).toBe('refused');
    expect(verdict('quantity(self).asInteger() == 1', '1.5')).toBe('refused');
  });

  it('gives each library only from the release that brought it; before, a rule calling it is a warning', () => {
    expect(verdict("isQuantity('1Gi')", null, '1.28')).toBe('holds');
    expect(verdict("isQuantity('1Gi')", null, '1.27')).toBe('warning');
    expect(verdict('sets.contains([1], [1])', null, '1.29')).toBe('holds');
    expect(verdict('sets.contains([1], [1])', null, '1.28')).toBe('warning');
    expect(verdict("isIP('::1')", null, '1.30')).toBe('holds');
    expect(verdict("isIP('::1')", null, '1.29')).toBe('warning');
    expect(verdict("'%s'.format(['a']) == 'a'", null, '1.29')).toBe('holds');
    expect(verdict("'%s'.format(['a']) == 'a'", null, '1.28')).toBe('warning');
    expect(verdict('[1].includes(1)', null, '1.36')).toBe('warning');
    expect(verdict("isURL('https://a') && ['a'].isSorted() && 'ab'.find('b') == 'b'", null, '1.27')).toBe('holds');
  });

  it('types a string of format duration, date-time, date or byte as Kubernetes does: duration, timestamp, bytes', () => {
    expect(verdict("self > duration('1m')", '5m', '1.37', { type: 'string', format: 'duration' })).toBe('holds');
    expect(verdict("self > duration('1h')", '5m', '1.37', { type: 'string', format: 'duration' })).toBe('refused');
    const dateTime = { type: 'string', format: 'date-time' };
    expect(verdict("self < timestamp('2025-01-01T00:00:00Z')", '2024-06-01T10:00:00Z', '1.37', dateTime)).toBe('holds');
    expect(verdict('self.getFullYear() == 2024', '2024-06-01', '1.37', { type: 'string', format: 'date' })).toBe(
      'holds',
    );
    expect(verdict("self == b'abc'", 'YWJj', '1.37', { type: 'string', format: 'byte' })).toBe('holds');
  });
});
