import { Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { DEV, find } from '../helpers';

function synthShop(props: Partial<ConstructorParameters<typeof AppChart>[2]> = {}) {
  return Testing.synth(new AppChart(Testing.app(), 'shop', { env: DEV, namespace: 'shop', ...props }));
}

describe('AppChart', () => {
  it('creates its namespace, labelled with the chart and environment', () => {
    const namespace = find(synthShop(), 'Namespace', 'shop');
    expect(namespace.metadata.labels).toMatchObject({
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/instance': 'shop-dev',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  it('denies all traffic by default, in and out', () => {
    expect(find(synthShop(), 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    });
  });

  it('allows DNS queries to kube-dns and traffic to pods of its own namespace', () => {
    const manifests = synthShop();
    expect(find(manifests, 'NetworkPolicy', 'allow-dns').spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
    ]);
    expect(find(manifests, 'NetworkPolicy', 'allow-namespace-egress').spec.egress).toEqual([
      { to: [{ podSelector: {} }] },
    ]);
  });

  it('leaves traffic alone when told to', () => {
    expect(synthShop({ denyTrafficByDefault: false }).map((object) => object.kind)).toEqual(['Namespace']);
  });

  it("gives its namespace the quota and container defaults it is given, in the namespace's own objects", () => {
    const manifests = synthShop({
      quota: { cpuRequests: '4', memoryLimits: '8Gi', pods: 20 },
      containerDefaults: { cpuRequest: '100m', memoryLimit: '256Mi' },
    });
    expect(find(manifests, 'ResourceQuota', 'quota')).toMatchObject({
      metadata: { namespace: 'shop' },
      spec: { hard: { 'requests.cpu': '4', 'limits.memory': '8Gi', pods: '20' } },
    });
    expect(find(manifests, 'LimitRange', 'container-defaults').spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m' }, default: { memory: '256Mi' } },
    ]);
  });

  it('gives its namespace the labels it is given, for selectors of namespaces, beside its own', () => {
    const namespace = find(
      synthShop({ namespaceLabels: { 'platform.example.com/tenant': 'true' } }),
      'Namespace',
      'shop',
    );
    expect(namespace.metadata.labels).toMatchObject({
      'platform.example.com/tenant': 'true',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'app.kubernetes.io/part-of': 'shop',
    });
  });

  it('makes no quota and no container defaults unless given', () => {
    expect(synthShop().map((object) => object.kind)).not.toContain('ResourceQuota');
    expect(synthShop().map((object) => object.kind)).not.toContain('LimitRange');
  });

  it('fails, naming its namespace, when a quota is not a quantity', () => {
    expect(() => synthShop({ quota: { cpuRequests: 'four' } })).toThrow(
      'shop/Namespace: quota.cpuRequests must be a quantity such as "4" or "500m" (CPU), "8Gi" (memory, storage), ' +
        'got "four"',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a string for denyTrafficByDefault ("false" turned it on)',
      { denyTrafficByDefault: 'false' },
      'shop: denyTrafficByDefault must be true or false, got "false" (a string)',
    ],
    [
      'a misspelt prop',
      { podSecurityLevel: 'baseline' },
      'shop: props has an unknown key "podSecurityLevel"; did you mean "podSecurity"?',
    ],
    [
      'a namespace that is no DNS label, by the prop',
      { namespace: 'Shop_1' },
      'shop: namespace must be a DNS-1123 label (at most 63 lower-case letters, digits or \'-\', starting and ending with a letter or digit), got "Shop_1"; rename it, e.g. "shop-1"',
    ],
    ['no namespace', { namespace: undefined }, 'shop: namespace is required, got undefined'],
    [
      'a namespace label of no label syntax',
      { namespaceLabels: { 'tenant/': 'true' } },
      'shop: namespaceLabels key "tenant/" is not a label key (an optional DNS subdomain prefix and \'/\', then at ' +
        "most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit); rename it, e.g. \"tenant\"",
    ],
    ['no environment', { env: undefined }, 'shop: env is required, got undefined'],
    [
      'an environment name where the Environment belongs',
      { env: 'dev' },
      'shop: env must be the Environment the app is built for (its build function is given it), got "dev" (a string)',
    ],
  ])('fails on %s, naming the chart and the prop', (_, props, message) => {
    expect(() => synthShop(props as object)).toThrow(message);
  });
});
