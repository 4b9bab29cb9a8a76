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
});
