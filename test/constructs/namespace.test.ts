import { Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { Namespace, PodSecurityLevel } from '../../lib/constructs/namespace';
import { findObject, objectsOfKind, testChart } from '../helpers';

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

describe('Namespace quota and container defaults', () => {
  it('limits what the namespace may use in total with a ResourceQuota in it', () => {
    const chart = testChart();
    new Namespace(chart, 'shop', {
      quota: { cpuRequests: '4', memoryRequests: '8Gi', cpuLimits: '8', memoryLimits: '16Gi', pods: 20, services: 5 },
    });
    const quota = findObject(chart, 'ResourceQuota', 'quota');
    expect(quota.metadata.namespace).toBe('shop');
    expect(quota.spec).toEqual({
      hard: {
        'requests.cpu': '4',
        'requests.memory': '8Gi',
        'limits.cpu': '8',
        'limits.memory': '16Gi',
        pods: '20',
        services: '5',
      },
    });
  });

  it('limits LoadBalancer and NodePort Services by their own counts (0: a tenant may make none)', () => {
    const chart = testChart();
    new Namespace(chart, 'tenant-acme', { quota: { services: 10, loadBalancers: 0, nodePorts: 0 } });
    expect(findObject(chart, 'ResourceQuota', 'quota').spec.hard).toEqual({
      services: '10',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
  });

  it('limits the devices of an extended resource the pods may request together, e.g. GPUs', () => {
    const chart = testChart();
    new Namespace(chart, 'ml', { quota: { extendedRequests: { 'nvidia.com/gpu': 4 }, pods: 20 } });
    expect(findObject(chart, 'ResourceQuota', 'quota').spec.hard).toEqual({
      'requests.nvidia.com/gpu': '4',
      pods: '20',
    });
  });

  it('gives containers that set no requests or limits defaults, with a LimitRange in it', () => {
    const chart = testChart();
    new Namespace(chart, 'shop', {
      containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '1', memoryLimit: '256Mi' },
    });
    const limitRange = findObject(chart, 'LimitRange', 'container-defaults');
    expect(limitRange.metadata.namespace).toBe('shop');
    expect(limitRange.spec).toEqual({
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '1', memory: '256Mi' },
        },
      ],
    });
  });

  it('makes neither without them, or with them empty', () => {
    const chart = testChart();
    new Namespace(chart, 'shop');
    new Namespace(chart, 'empty', { quota: {}, containerDefaults: {} });
    expect(objectsOfKind(chart, 'ResourceQuota')).toEqual([]);
    expect(objectsOfKind(chart, 'LimitRange')).toEqual([]);
  });

  it.each<[string, object, RegExp]>([
    [
      'a quantity that does not parse',
      { quota: { cpuRequests: 'four' } },
      /^test\/shop: quota\.cpuRequests must be a quantity such as "4" or "500m" \(CPU\), "8Gi" \(memory, storage\), got "four"$/,
    ],
    ['a negative count', { quota: { pods: -1 } }, /^test\/shop: quota\.pods must be an integer of 0 or more, got -1$/],
    [
      'a count of LoadBalancers that is no whole number',
      { quota: { loadBalancers: 0.5 } },
      /^test\/shop: quota\.loadBalancers must be an integer of 0 or more, got 0\.5$/,
    ],
    [
      'a negative quantity of a quota (props-fuzz, seeds 11 and 13)',
      { quota: { memoryLimits: '-8Gi' } },
      /^test\/shop: quota\.memoryLimits must be a quantity of 0 or more, got "-8Gi", which the API server refuses$/,
    ],

    [
      'a negative container default, which every container that sets none would get (limit-range-defaults)',
      { containerDefaults: { cpuLimit: '-1' } },
      /^test\/shop: containerDefaults\.cpuLimit must be a quantity of 0 or more, got "-1": the API server takes the LimitRange, then refuses the pod of every container that sets no cpu limit of its own$/,
    ],
    [
      'a default request above its default limit',
      { containerDefaults: { cpuRequest: '2', cpuLimit: '1' } },
      /^test\/shop: containerDefaults\.cpuRequest "2" is more than containerDefaults\.cpuLimit "1"/,
    ],
    [
      'an extended resource without a domain',
      { quota: { extendedRequests: { gpu: 2 } } },
      /^test\/shop: quota\.extendedRequests name "gpu" is not an extended resource name; it takes a domain, '\/' and a name, e\.g\. "nvidia\.com\/gpu" \(the quota limits requests\.<name>\)$/,
    ],
    [
      'a part of a device',
      { quota: { extendedRequests: { 'nvidia.com/gpu': 0.5 } } },
      /^test\/shop: quota\.extendedRequests\["nvidia\.com\/gpu"\] must be an integer of 0 or more, got 0\.5$/,
    ],
    [
      'an unknown quota key',
      { quota: { cpu: '1' } },
      /^test\/shop: quota has an unknown key "cpu"; did you mean "cpuLimits"\?/,
    ],
  ])('fails on %s', (_what, props, message) => {
    const chart = testChart();
    expect(() => new Namespace(chart, 'shop', props)).toThrow(message);
  });
});
