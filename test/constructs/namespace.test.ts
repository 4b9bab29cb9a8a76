import { Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
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

  it("enforces the profile of the environment's Kubernetes release, in an AppChart", () => {
    const chart = new AppChart(Testing.app(), 'shop', {
      env: parseEnvironment('prod', ENVIRONMENTS.prod),
      namespace: 'shop',
    });
    new Namespace(chart, 'other');
    for (const name of ['shop', 'other']) {
      const labels = findObject(chart, 'Namespace', name).metadata.labels;
      expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.37');
      // warn and audit follow the cluster's release, to announce what an upgrade would refuse.
      expect(labels['pod-security.kubernetes.io/warn-version']).toBeUndefined();
      expect(labels['pod-security.kubernetes.io/audit-version']).toBeUndefined();
    }
  });

  it('takes the release as a prop', () => {
    const chart = testChart();
    new Namespace(chart, 'shop', { kubernetesVersion: '1.33' });
    expect(findObject(chart, 'Namespace', 'shop').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe(
      'v1.33',
    );
  });

  it.each(['v1.33', '1.26', 'latest'])(
    'fails for a kubernetesVersion %s that is not a release the project knows',
    (value) => {
      expect(() => new Namespace(testChart(), 'shop', { kubernetesVersion: value })).toThrow(
        `test/shop: kubernetesVersion must be a Kubernetes release "major.minor" from 1.27 to 1.37`,
      );
      expect(() => new Namespace(testChart(), 'shop', { kubernetesVersion: value })).toThrow(`, got "${value}"`);
    },
  );

  it('fails for a name that is not a DNS-1123 label', () => {
    expect(() => new Namespace(testChart(), 'ns', { name: 'my.shop' })).toThrow(
      /test\/ns: name must be a DNS-1123 label .* got "my\.shop"/,
    );
  });
});
