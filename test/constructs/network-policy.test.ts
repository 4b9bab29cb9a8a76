import * as kplus from 'cdk8s-plus-27';
import { Deployment } from '../../lib/constructs/deployment';
import { Ingress } from '../../lib/constructs/ingress';
import { NetworkPolicy } from '../../lib/constructs/network-policy';
import { Service, ServiceType } from '../../lib/constructs/service';
import { findObject, objectsOfKind, testChart } from '../helpers';

const containers = [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }];

describe('NetworkPolicy', () => {
  it('governs only the directions it is given, and selects every pod by default', () => {
    const chart = testChart();
    new NetworkPolicy(chart, 'deny-in', { ingress: [] });
    const spec = findObject(chart, 'NetworkPolicy', 'deny-in').spec;
    expect(spec.podSelector).toEqual({});
    expect(spec.policyTypes).toEqual(['Ingress']);
  });

  it('renders peers and ports', () => {
    const chart = testChart();
    new NetworkPolicy(chart, 'dns', {
      podSelector: { app: 'web' },
      egress: [
        {
          peers: [{ namespaces: { team: 'a' }, pods: { app: 'db' } }, { cidr: '10.0.0.0/8' }],
          ports: [{ port: 53, protocol: kplus.Protocol.UDP }],
        },
      ],
    });
    const spec = findObject(chart, 'NetworkPolicy', 'dns').spec;
    expect(spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(spec.policyTypes).toEqual(['Egress']);
    expect(spec.egress).toEqual([
      {
        to: [
          { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'db' } } },
          { ipBlock: { cidr: '10.0.0.0/8' } },
        ],
        ports: [{ port: 53, protocol: 'UDP' }],
      },
    ]);
  });

  it('fails for a name that is not a DNS-1123 subdomain', () => {
    expect(() => new NetworkPolicy(testChart(), 'Allow_All', { ingress: [] })).toThrow(
      /test\/Allow_All: name must be a DNS-1123 subdomain .* got "Allow_All"/,
    );
  });
});

describe('NetworkPolicy validation', () => {
  it('fails for a cidr without a prefix length, suggesting one address', () => {
    expect(() => new NetworkPolicy(testChart(), 'office', { ingress: [{ peers: [{ cidr: '10.1.2.3' }] }] })).toThrow(
      'test/office: cidr must be an address block such as "10.0.0.0/8", got "10.1.2.3"; for one address write "10.1.2.3/32"',
    );
  });

  it('fails for a cidr or except with bits beyond the prefix length, which Kubernetes refuses from 1.36 on', () => {
    expect(() => new NetworkPolicy(testChart(), 'office', { ingress: [{ peers: [{ cidr: '10.1.2.3/8' }] }] })).toThrow(
      'test/office: cidr "10.1.2.3/8" has bits set beyond its prefix length, which Kubernetes 1.36 refuses ' +
        '(from 1.36 on); write "10.0.0.0/8"',
    );
    expect(
      () =>
        new NetworkPolicy(testChart(), 'office', {
          ingress: [{ peers: [{ cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] }] }],
        }),
    ).toThrow('test/office: except "10.1.2.3/16" has bits set beyond its prefix length');
  });

  it('fails for an IPv4 prefix longer than 32', () => {
    expect(() => new NetworkPolicy(testChart(), 'office', { egress: [{ peers: [{ cidr: '10.0.0.0/33' }] }] })).toThrow(
      'test/office: cidr must be an address block such as "10.0.0.0/8", got "10.0.0.0/33"',
    );
  });

  it('fails for a peer of a cidr and a pod selector, which the API server refuses', () => {
    expect(
      () =>
        new NetworkPolicy(testChart(), 'office', {
          ingress: [{ peers: [{ cidr: '10.0.0.0/8', pods: { app: 'office' } }] }],
        }),
    ).toThrow(
      'test/office: a peer with cidr "10.0.0.0/8" selects pods or namespaces too, which the API server refuses (an ' +
        'address block stands alone in its peer); make them two peers of the rule',
    );
  });

  it.each([
    ['ingress', { ingress: [{ peers: [{ pods: { app: 'web' } }, {}] }] }, 'ingress[0].peers[1]'],
    ['egress', { egress: [{ ports: [{ port: 53 }] }, { peers: [{}] }] }, 'egress[1].peers[0]'],
  ])(
    'fails for an %s peer that selects nothing, which the API server refuses (props-fuzz, seed 12)',
    (_, props, at) => {
      expect(() => new NetworkPolicy(testChart(), 'office', props)).toThrow(
        `test/office: ${at} is an empty peer, which the API server refuses; give it pods, namespaces or a cidr ` +
          '(pods: {} for every pod of the namespace, namespaces: {} for every namespace), or remove it',
      );
    },
  );

  it('passes an IPv6 block', () => {
    const chart = testChart();
    new NetworkPolicy(chart, 'office', { egress: [{ peers: [{ cidr: 'fd00::/8' }] }] });
    expect(findObject(chart, 'NetworkPolicy', 'office').spec.egress[0].to).toEqual([{ ipBlock: { cidr: 'fd00::/8' } }]);
  });

  it('leaves the blocks of except out of its cidr', () => {
    const chart = testChart();
    new NetworkPolicy(chart, 'internet', {
      egress: [
        { peers: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.169.254/32'] }], ports: [{ port: 443 }] },
      ],
    });
    expect(findObject(chart, 'NetworkPolicy', 'internet').spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.169.254/32'] } },
    ]);
  });

  it.each([
    ['outside the cidr', '10.0.0.0/8', '192.168.0.0/16', 'cidr "10.0.0.0/8"'],
    ['the cidr itself', '10.0.0.0/8', '10.0.0.0/8', 'cidr "10.0.0.0/8"'],
    ['no address block', '10.0.0.0/8', '10.1.0.0', 'cidr "10.0.0.0/8"'],
    ['without a cidr', undefined, '10.1.0.0/16', 'cidr (none given)'],
  ])('fails for an except %s, naming it and the cidr', (_, cidr, block, named) => {
    expect(
      () =>
        new NetworkPolicy(testChart(), 'office', {
          egress: [{ peers: [{ cidr, pods: cidr ? undefined : {}, except: [block] }] }],
        }),
    ).toThrow(
      `test/office: except "${block}" must be an address block inside ${named} and smaller than it, which the API ` +
        'server requires; give the peer a cidr that holds it, or remove it',
    );
  });

  it('fails for a port out of range', () => {
    expect(() => new NetworkPolicy(testChart(), 'office', { ingress: [{ ports: [{ port: 70000 }] }] })).toThrow(
      'test/office: ingress[0].ports[0].port must be an integer from 1 to 65535, got 70000',
    );
  });
});

describe('the policies constructs add', () => {
  it('lets a ClusterIP Service take traffic from its namespace on the target port', () => {
    const chart = testChart();
    new Service(chart, 'web', {
      selector: new Deployment(chart, 'app', { containers }),
      ports: [{ port: 80, targetPort: 'http' }],
    });
    const spec = findObject(chart, 'NetworkPolicy', 'web-allow-ingress').spec;
    expect(spec.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'test-dev' },
    });
    expect(spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  it('lets a NodePort Service take traffic from anywhere', () => {
    const chart = testChart();
    new Service(chart, 'web', {
      type: ServiceType.NODE_PORT,
      selector: new Deployment(chart, 'app', { containers }),
      ports: [{ port: 80, targetPort: 8080 }],
    });
    expect(findObject(chart, 'NetworkPolicy', 'web-allow-ingress').spec.ingress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });

  it('adds no policy for an ExternalName Service', () => {
    const chart = testChart();
    new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
    expect(objectsOfKind(chart, 'NetworkPolicy')).toEqual([]);
  });

  it('lets the Ingress controller namespace reach each backend', () => {
    const chart = testChart();
    const web = new Service(chart, 'web', {
      selector: new Deployment(chart, 'app', { containers }),
      ports: [{ port: 80, targetPort: 'http' }],
    });
    new Ingress(chart, 'routes', {
      controllerNamespace: 'traefik',
      rules: [
        {
          paths: [
            { path: '/', service: web },
            { path: '/b', service: web },
          ],
        },
      ],
    });
    const policies = objectsOfKind(chart, 'NetworkPolicy').map((policy) => policy.metadata.name);
    expect(policies).toEqual(['web-allow-ingress', 'routes-to-web']);
    expect(findObject(chart, 'NetworkPolicy', 'routes-to-web').spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
  });

  it('lets a workload that uses the API reach the API server, and no other', () => {
    const chart = testChart();
    new Deployment(chart, 'reader', {
      containers,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'reader'),
    });
    new Deployment(chart, 'plain', { containers });
    expect(objectsOfKind(chart, 'NetworkPolicy').map((policy) => policy.metadata.name)).toEqual([
      'reader-to-api-server',
    ]);
    expect(findObject(chart, 'NetworkPolicy', 'reader-to-api-server').spec.egress).toEqual([
      {
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 6443, protocol: 'TCP' },
        ],
      },
    ]);
  });
});
