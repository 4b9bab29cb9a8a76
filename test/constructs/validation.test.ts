import { Construct } from 'constructs';
import {
  isStrictSubnet,
  checkCount,
  checkCronSchedule,
  checkDnsLabel,
  checkDnsSubdomain,
  checkIngressPath,
  checkNodePort,
  checkPort,
  checkUnique,
  describeValue,
  oneAddressHint,
} from '../../lib/constructs/validation';
import { testChart } from '../helpers';

function scope(): Construct {
  return new Construct(testChart(), 'thing');
}

describe('checkDnsLabel', () => {
  it('accepts a lower-case name with dashes', () => {
    expect(checkDnsLabel(scope(), 'name', 'web-1')).toBe('web-1');
  });

  it('fails with the path, the value and a suggested name for upper case and underscores', () => {
    expect(() => checkDnsLabel(scope(), 'name', 'Web_App')).toThrow(
      'test/thing: name must be a DNS-1123 label (at most 63 lower-case letters, digits or \'-\', starting and ending with a letter or digit), got "Web_App"; rename it, e.g. "web-app"',
    );
  });

  it('fails for a name of 64 characters', () => {
    expect(() => checkDnsLabel(scope(), 'name', 'a'.repeat(64))).toThrow(/must be a DNS-1123 label .* got "a{64}"/);
  });

  it('fails for a dot, which only subdomains allow', () => {
    expect(() => checkDnsLabel(scope(), 'name', 'a.b')).toThrow(/DNS-1123 label/);
  });
});

describe('checkDnsSubdomain', () => {
  it('accepts dots', () => {
    expect(checkDnsSubdomain(scope(), 'name', 'db.example.com')).toBe('db.example.com');
  });

  it('fails for a trailing dash', () => {
    expect(() => checkDnsSubdomain(scope(), 'name', 'web-')).toThrow(
      /test\/thing: name must be a DNS-1123 subdomain .* got "web-"/,
    );
  });
});

describe('checkPort', () => {
  it.each([0, 65536, 80.5])('fails for %p', (port) => {
    expect(() => checkPort(scope(), 'port', port)).toThrow(
      `test/thing: port must be an integer from 1 to 65535, got ${port}`,
    );
  });

  it('accepts 1 and 65535', () => {
    expect(checkPort(scope(), 'port', 1)).toBe(1);
    expect(checkPort(scope(), 'port', 65535)).toBe(65535);
  });
});

describe('checkNodePort', () => {
  it('fails outside 30000-32767 and says how to fix it', () => {
    expect(() => checkNodePort(scope(), 'nodePort', 8080)).toThrow(
      /test\/thing: nodePort must be an integer from 30000 to 32767 .* got 8080; pick a free port in that range or leave it out/,
    );
  });

  it('accepts the bounds', () => {
    expect(checkNodePort(scope(), 'nodePort', 30000)).toBe(30000);
    expect(checkNodePort(scope(), 'nodePort', 32767)).toBe(32767);
  });
});

describe('checkCount', () => {
  it('fails for a negative count', () => {
    expect(() => checkCount(scope(), 'replicas', -1, 0)).toThrow(
      'test/thing: replicas must be an integer of 0 or more, got -1',
    );
  });
});

describe('checkCronSchedule', () => {
  it.each(['*/5 * * * *', '0 3 * * 1-5', '@hourly'])('accepts %p', (schedule) => {
    expect(checkCronSchedule(scope(), 'schedule', schedule)).toBe(schedule);
  });

  it('fails for a value out of range, with the parser reason', () => {
    expect(() => checkCronSchedule(scope(), 'schedule', '61 * * * *')).toThrow(
      /test\/thing: schedule must be five fields \(minute hour day-of-month month day-of-week.* got "61 \* \* \* \*": .*59/,
    );
  });

  it('fails for six fields, which the CronJob controller does not read', () => {
    expect(() => checkCronSchedule(scope(), 'schedule', '0 0 * * * *')).toThrow(/got "0 0 \* \* \* \*": 6 fields/);
  });

  it('fails for an unknown macro', () => {
    expect(() => checkCronSchedule(scope(), 'schedule', '@sometimes')).toThrow(/one of @yearly.*got "@sometimes"/);
  });
});

describe('checkIngressPath', () => {
  it('fails for a path without a leading slash and shows the fix', () => {
    expect(() => checkIngressPath(scope(), 'path', 'api')).toThrow(
      'test/thing: path must start with \'/\', got "api"; write "/api"',
    );
  });
});

describe('checkUnique', () => {
  it('fails on the first repeated value', () => {
    expect(() => checkUnique(scope(), 'container names', ['a', 'b', 'a'])).toThrow(
      'test/thing: container names must be unique, got "a" more than once; give each a name of its own',
    );
  });
});

describe('checkCronSchedule names', () => {
  it('accepts month and day names', () => {
    expect(checkCronSchedule(new Construct(testChart(), 'thing'), 'schedule', '0 9 * JUL-AUG MON-FRI')).toBe(
      '0 9 * JUL-AUG MON-FRI',
    );
  });

  it('fails for L and says Kubernetes does not read it', () => {
    expect(() => checkCronSchedule(new Construct(testChart(), 'thing'), 'schedule', '0 0 L * *')).toThrow(
      /got "0 0 L \* \*": day-of-month "L": "L" is an extension of other cron dialects \(L, W, # or H\), which Kubernetes does not read$/,
    );
  });
});

describe('isStrictSubnet', () => {
  it('holds for a smaller block inside the larger, in IPv4 and IPv6', () => {
    expect(isStrictSubnet('10.1.0.0/16', '10.0.0.0/8')).toBe(true);
    expect(isStrictSubnet('10.0.0.5/32', '10.0.0.0/24')).toBe(true);
    expect(isStrictSubnet('fd00:1::/32', 'fd00::/16')).toBe(true);
    expect(isStrictSubnet('::ffff:10.0.0.0/120', '::ffff:0:0/96')).toBe(true);
  });

  it('fails for the same block, a larger one, one outside, and mixed families', () => {
    expect(isStrictSubnet('10.0.0.0/8', '10.0.0.0/8')).toBe(false);
    expect(isStrictSubnet('10.0.0.0/8', '10.1.0.0/16')).toBe(false);
    expect(isStrictSubnet('192.168.0.0/16', '10.0.0.0/8')).toBe(false);
    expect(isStrictSubnet('fd01::/32', 'fd00::/32')).toBe(false);
    expect(isStrictSubnet('fd00::/64', '10.0.0.0/8')).toBe(false);
  });
});

describe('oneAddressHint', () => {
  it('shows a lone address as a block of one, /32 for IPv4 and /128 for IPv6', () => {
    expect(oneAddressHint('10.1.2.3')).toBe('; for one address write "10.1.2.3/32"');
    expect(oneAddressHint('fd00::1')).toBe('; for one address write "fd00::1/128"');
  });

  it('has nothing to add to a value with a prefix length, however wrong', () => {
    expect(oneAddressHint('10.1.2.3/33')).toBe('');
    expect(oneAddressHint('nonsense/8')).toBe('');
  });
});

describe('describeValue', () => {
  it('shows a construct by its path, whose JSON is circular', () => {
    expect(describeValue(testChart())).toBe('the construct test');
  });

  it('shows a plain object with a node key as its JSON, not as a construct', () => {
    expect(describeValue({ node: { path: 'x' } })).toBe('{"node":{"path":"x"}}');
  });

  it('shows an object of no JSON by its kind, not as [object Object]', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(describeValue(loop)).toBe('an object');
  });
});
