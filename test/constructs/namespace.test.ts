import { Namespace, PodSecurityLevel } from '../../lib/constructs/namespace';
import { findObject, testChart } from '../helpers';

describe('Namespace', () => {
  it('enforces, warns and audits the restricted Pod Security profile by default', () => {
    const chart = testChart();
    new Namespace(chart, 'shop');
    expect(findObject(chart, 'Namespace', 'shop').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  it('takes another profile', () => {
    const chart = testChart();
    new Namespace(chart, 'legacy', { podSecurity: PodSecurityLevel.BASELINE });
    expect(findObject(chart, 'Namespace', 'legacy').metadata.labels['pod-security.kubernetes.io/enforce']).toBe(
      'baseline',
    );
  });

  it('fails for a name that is not a DNS-1123 label', () => {
    expect(() => new Namespace(testChart(), 'ns', { name: 'my.shop' })).toThrow(
      /test\/ns: name must be a DNS-1123 label .* got "my\.shop"/,
    );
  });
});
