import { formatProblem } from '../../lib/checks/crd-formats';

/** [format, values the API server takes, values it refuses]. */
const STRING_CASES: readonly [string, readonly string[], readonly string[]][] = [
  [
    'uri',
    ['https://example.com/a?b=c', '/absolute/path', 'mailto:x@y.z', '*'],
    ['relative/path', '', 'http://a b/', '/%zz', ':x'],
  ],
  ['email', ['a@example.com', 'Jo <jo@example.com>', 'a.b+c@d'], ['example.com', 'a@', '@b', 'a b@c']],
  [
    'hostname',
    ['example.com', 'a', 'xn--bcher-kva.example', 'bücher.de'],
    ['-a.com', 'a_b.com', 'a..b', `${'a'.repeat(64)}.com`],
  ],
  ['ipv4', ['10.0.0.1', '010.0.0.1', '::ffff:1.2.3.4'], ['10.0.0.256', '10.0.0', '::1', 'a.b.c.d']],
  ['ipv6', ['::1', 'fe80::1', '2001:db8::ff00:42:8329'], ['10.0.0.1', 'fe80::1%eth0', ':::1', 'g::1']],
  ['cidr', ['10.0.0.0/8', '010.0.0.0/8', '2001:db8::/32'], ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/x']],
  [
    'mac',
    ['01:23:45:67:89:ab', '01-23-45-67-89-AB', '0123.4567.89ab'],
    ['01:23:45:67:89', '0123456789ab', '01:23:45:67:89:zz'],
  ],
  [
    'uuid',
    ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'],
    ['123e4567-e89b-12d3-a456', 'x'],
  ],
  ['byte', ['aGVsbG8=', 'YWJj'], ['aGVsbG8', 'not base64!', '']],
  ['date', ['2024-02-29', '2023-12-31'], ['2023-02-29', '2024-13-01', '2024-1-01', '24-01-01']],
  [
    'date-time',
    ['2024-01-01T10:00:00Z', '2024-01-01t10:00:00.5+02:00'],
    ['2024-01-01', '2024-01-01T25:00:00Z', '2024-01-01T10:00:00'],
  ],
  ['datetime', ['2024-01-01T10:00:00Z'], ['yesterday']],
  ['duration', ['1h30m', '0', '1.5s', '3 days', '10 sec', '-5m'], ['1x', 'soon', '', 'h']],
  ['password', ['anything at all', ''], []],
];

describe('formatProblem', () => {
  it.each(STRING_CASES)('checks format %s as the API server does', (format, taken, refused) => {
    expect(taken.filter((value) => formatProblem(value, format, 'string', '1.37') !== undefined)).toEqual([]);
    expect(refused.filter((value) => formatProblem(value, format, 'string', '1.37') === undefined)).toEqual([]);
  });

  it('says what a value of the format is', () => {
    expect(formatProblem('nope', 'date', 'string', '1.27')).toBe('a date (RFC 3339 full-date, 2006-01-02)');
    expect(formatProblem('nope', 'uuid', undefined, '1.27')).toBe('a UUID');
  });

  it('ignores a format the API server does not know, and one on a value of another type', () => {
    expect(formatProblem('anything', 'no-such-format', 'string', '1.37')).toBeUndefined();
    expect(formatProblem('anything', 'date', 'integer', '1.37')).toBeUndefined();
    expect(formatProblem(5, 'date', 'string', '1.37')).toBeUndefined();
  });

  it('checks the Kubernetes name formats from 1.34 on', () => {
    expect(formatProblem('Not-Short', 'k8s-short-name', 'string', '1.27')).toBeUndefined();
    expect(formatProblem('Not-Short', 'k8s-short-name', 'string', '1.37')).toContain('a short Kubernetes name');
    expect(formatProblem('a.b-c', 'k8s-long-name', 'string', '1.37')).toBeUndefined();
    expect(formatProblem('a..b', 'k8s-long-name', 'string', '1.37')).toContain('a long Kubernetes name');
  });

  it("checks a number's int32 and float range from 1.37 on; before, the API server strips those formats", () => {
    expect(formatProblem(2147483648, 'int32', 'integer', '1.37')).toBe('an int32 (-2147483648 to 2147483647)');
    expect(formatProblem(2147483647, 'int32', 'integer', '1.37')).toBeUndefined();
    expect(formatProblem(-2147483648, 'int32', 'integer', '1.37')).toBeUndefined();
    expect(formatProblem(2147483648, 'int32', 'integer', '1.27')).toBeUndefined();
    expect(formatProblem(1e39, 'float', 'number', '1.37')).toContain('a float');
    expect(formatProblem(1e39, 'double', 'number', '1.37')).toBeUndefined();
    expect(formatProblem(2147483648, 'int32', 'number', '1.37')).toBeUndefined();
  });
});
