import * as kplus from 'cdk8s-plus-27';
import { BackendService } from '../../lib/constructs/backend-service';
import { ContainerProps } from '../../lib/constructs/container';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { Probe } from '../../lib/constructs/probe';
import { SecretRef } from '../../lib/constructs/references';
import { ServerPort } from '../../lib/constructs/server';
import { WebService } from '../../lib/constructs/web-service';
import { AnyManifest, findObject, testChart } from '../helpers';

const shipper: ContainerProps = {
  name: 'log-shipper',
  image: 'fluent/fluent-bit:3.1.9',
  resources: { cpuLimit: '100m', memoryLimit: '64Mi' },
};

function containerNamed(deployment: AnyManifest, name: string): AnyManifest {
  return deployment.spec.template.spec.containers.find((container: AnyManifest) => container.name === name);
}

describe('servers (WebService and BackendService)', () => {
  it('run sidecars beside the server, which keeps the first place and the Service', () => {
    const chart = testChart();
    new WebService(chart, 'web', { image: 'ghcr.io/acme/web:1.4.2', sidecars: [shipper] });
    const deployment = findObject(chart, 'Deployment', 'web');
    expect(deployment.spec.template.spec.containers.map((c: AnyManifest) => c.name)).toEqual(['app', 'log-shipper']);
    expect(containerNamed(deployment, 'log-shipper')).toMatchObject({
      image: 'fluent/fluent-bit:3.1.9',
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
      resources: { limits: { cpu: '100m', memory: '64Mi' } },
    });
    expect(findObject(chart, 'Service', 'web').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
  });

  it('give a BackendService a gRPC readiness probe, a preStop drain, a proxy sidecar and pull Secrets', () => {
    const chart = testChart();
    const envoy: ContainerProps = {
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      ports: [{ number: 9901, name: 'envoy-admin' }],
      preStop: LifecycleHandler.httpGet('/drain_listeners?graceful', 'envoy-admin'),
    };
    new BackendService(chart, 'orders', {
      image: 'registry.acme.dev/orders:2.0.1',
      port: 9090,
      portName: 'grpc',
      readiness: Probe.grpc(9090),
      preStop: LifecycleHandler.exec(['/bin/orders', 'drain']),
      sidecars: [envoy],
      imagePullSecrets: [SecretRef.fromName(chart, 'registry', 'acme-registry')],
    });
    const deployment = findObject(chart, 'Deployment', 'orders');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
    const orders = containerNamed(deployment, 'orders');
    expect(orders.readinessProbe).toEqual({ grpc: { port: 9090 } });
    expect(orders.lifecycle).toEqual({ preStop: { exec: { command: ['/bin/orders', 'drain'] } } });
    expect(containerNamed(deployment, 'envoy').lifecycle).toEqual({
      preStop: { httpGet: { path: '/drain_listeners?graceful', port: 'envoy-admin' } },
    });
  });

  it("fail for a sidecar named as the server's container", () => {
    expect(
      () =>
        new WebService(testChart(), 'web', {
          image: 'ghcr.io/acme/web:1.4.2',
          sidecars: [{ ...shipper, name: 'app' }],
        }),
    ).toThrow(
      'test/web/Deployment: container names must be unique, got "app" more than once; give each a name of its own',
    );
  });

  it("fail for a sidecar's own bad props, naming the sidecar", () => {
    expect(
      () =>
        new BackendService(testChart(), 'cache', {
          image: 'redis:7.2',
          port: 6379,
          portName: 'redis',
          sidecars: [{ ...shipper, image: '' }],
        }),
    ).toThrow('test/cache/Deployment: containers[log-shipper].image must name an image, got an empty string');
  });

  it('pass DNS settings and host aliases on to their pods', () => {
    const chart = testChart();
    new WebService(chart, 'web', {
      image: 'ghcr.io/acme/web:1.4.2',
      dnsConfig: { options: { ndots: '2' } },
      hostAliases: { '10.0.0.5': ['legacy.internal'] },
    });
    const pod = findObject(chart, 'Deployment', 'web').spec.template.spec;
    expect(pod.dnsConfig).toEqual({ options: [{ name: 'ndots', value: '2' }] });
    expect(pod.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['legacy.internal'] }]);
  });
});

describe('servers with extraPorts', () => {
  const MONITORING = { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } };

  function shopWithMetrics(extra: Partial<ServerPort> = {}) {
    const chart = testChart();
    const web = new WebService(chart, 'web', { image: 'web:1.0.0' });
    const api = new WebService(chart, 'api', {
      image: 'api:1.0.0',
      host: 'api.example.com',
      allowFrom: [web],
      extraPorts: [
        { name: 'metrics', number: 9090, allowFrom: [MONITORING], ...extra },
        { name: 'grpc', number: 9000, servicePort: 90 },
      ],
    });
    return { chart, web, api };
  }

  it('declare each port on the server container and map it by name on the Service', () => {
    const { chart, api } = shopWithMetrics();
    const deployment = findObject(chart, 'Deployment', 'api');
    expect(containerNamed(deployment, 'app').ports).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 9090, name: 'metrics' },
      { containerPort: 9000, name: 'grpc' },
    ]);
    expect(findObject(chart, 'Service', 'api').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 'metrics' },
      { name: 'grpc', port: 90, targetPort: 'grpc' },
    ]);
    expect(api.containerPorts.map((port) => port.name)).toEqual(['http', 'metrics', 'grpc']);
  });

  it("open each port to its own clients, the others to the server's allowFrom", () => {
    const { chart, web } = shopWithMetrics();
    expect(findObject(chart, 'NetworkPolicy', 'api-allow-ingress').spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: web.selectorLabels } }],
        ports: [
          { port: 'http', protocol: 'TCP' },
          { port: 'grpc', protocol: 'TCP' },
        ],
      },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
  });

  it('route only the HTTP port through the Ingress, and let its controller reach no other', () => {
    const { chart } = shopWithMetrics();
    expect(findObject(chart, 'Ingress', 'api').spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'api', port: { number: 80 } },
    });
    expect(findObject(chart, 'NetworkPolicy', 'api-to-api').spec.ingress[0].ports).toEqual([
      { port: 'http', protocol: 'TCP' },
    ]);
  });

  it('give a BackendService a UDP port beside its TCP one, on the same number', () => {
    const chart = testChart();
    new BackendService(chart, 'dns', {
      image: 'coredns/coredns:1.11.3',
      port: 5353,
      portName: 'dns-tcp',
      extraPorts: [{ name: 'dns', number: 5353, servicePort: 53, protocol: kplus.Protocol.UDP, allowFrom: [] }],
    });
    expect(containerNamed(findObject(chart, 'Deployment', 'dns'), 'dns').ports).toEqual([
      { containerPort: 5353, name: 'dns-tcp' },
      { containerPort: 5353, name: 'dns', protocol: 'UDP' },
    ]);
    expect(findObject(chart, 'Service', 'dns').spec.ports).toEqual([
      { name: 'dns-tcp', port: 5353, targetPort: 'dns-tcp' },
      { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
    ]);
    expect(findObject(chart, 'NetworkPolicy', 'dns-allow-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: {} }], ports: [{ port: 'dns-tcp', protocol: 'TCP' }] },
    ]);
  });

  const web = (extraPorts: readonly ServerPort[]) => () =>
    new WebService(testChart(), 'api', { image: 'api:1.0.0', extraPorts });
  const backend = (extraPorts: readonly ServerPort[]) => () =>
    new BackendService(testChart(), 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis', extraPorts });

  it('give an extra port an appProtocol, on its Service port, and fail for one that is no qualified name', () => {
    const chart = testChart();
    new BackendService(chart, 'model', {
      image: 'model:1.0.0',
      port: 8080,
      portName: 'http',
      extraPorts: [{ name: 'grpc', number: 9000, appProtocol: 'kubernetes.io/h2c' }],
    });
    expect(findObject(chart, 'Service', 'model').spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 'http' },
      { name: 'grpc', port: 9000, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' },
    ]);
    expect(web([{ name: 'grpc', number: 9000, appProtocol: 'grpc over h2c' }])).toThrow(
      'test/api: extraPorts[0].appProtocol must be a qualified name (letters, digits, "-", "_" and ".", with an ' +
        'optional DNS subdomain and "/" before it), got "grpc over h2c"; name the protocol as IANA does ("http", ' +
        '"https"), or as Kubernetes does ("kubernetes.io/h2c", "kubernetes.io/ws")',
    );
  });

  it("fail for a name taken by the server's port or another extra port", () => {
    expect(web([{ name: 'http', number: 9090 }])).toThrow(
      'test/api: extraPorts[0].name "http" is already the name of the server\'s port 8080; give each port a name ' +
        'of its own, for what it speaks, e.g. "metrics" or "grpc"',
    );
    expect(
      backend([
        { name: 'metrics', number: 9121 },
        { name: 'metrics', number: 9122 },
      ]),
    ).toThrow(
      'test/cache: extraPorts[1].name "metrics" is already the name of extraPorts[0] (port 9121); give each port a ' +
        'name of its own, for what it speaks, e.g. "metrics" or "grpc"',
    );
  });

  it("fail for a number taken by the server's port or another extra port, on the same protocol", () => {
    expect(web([{ name: 'metrics', number: 8080 }])).toThrow(
      'test/api: extraPorts[0].number 8080/TCP is already the server\'s port "http"; a container listens on a port ' +
        'once per protocol, so pick another number',
    );
    expect(
      backend([
        { name: 'metrics', number: 9121 },
        { name: 'admin', number: 9121 },
      ]),
    ).toThrow(
      'test/cache: extraPorts[1].number 9121/TCP is already extraPorts[0] ("metrics"); a container listens on a port ' +
        'once per protocol, so pick another number',
    );
  });

  it("fail for a Service port taken by the server's, naming the default", () => {
    expect(web([{ name: 'metrics', number: 80 }])).toThrow(
      'test/api: extraPorts[0].servicePort 80/TCP (by default its number) is already the Service\'s port for "http"; ' +
        'set servicePort to a port of its own',
    );
    expect(web([{ name: 'metrics', number: 9090, servicePort: 80 }])).toThrow(
      'test/api: extraPorts[0].servicePort 80/TCP is already the Service\'s port for "http"; set servicePort to a ' +
        'port of its own',
    );
  });

  it.each([
    ['longer than 15 characters', 'prometheus-metrics', 'prometheus-metr'],
    ['upper case and an underscore', 'Metrics_Port', 'metrics-port'],
    ['a leading dash', '-metrics', 'metrics'],
    ['a double dash', 'admin--http', 'admin-http'],
  ])('fail for a name that is not an IANA service name: %s', (_, name, suggestion) => {
    expect(web([{ name, number: 9090 }])).toThrow(
      `test/api: extraPorts[0].name must be at most 15 lower-case letters, digits or single '-', with a letter, ` +
        `got "${name}"; rename it, e.g. "${suggestion}"`,
    );
  });

  it('fail for a name without a letter, suggesting one for what the port speaks', () => {
    expect(web([{ name: '9090', number: 9090 }])).toThrow(
      `test/api: extraPorts[0].name must be at most 15 lower-case letters, digits or single '-', with a letter, ` +
        'got "9090"; rename it for what the port speaks, e.g. "metrics"',
    );
  });

  it('fail for a port number outside 1-65535, and a servicePort', () => {
    expect(web([{ name: 'metrics', number: 70000 }])).toThrow(
      'test/api: extraPorts[0].number must be an integer from 1 to 65535, got 70000',
    );
    expect(backend([{ name: 'metrics', number: 9121, servicePort: 0 }])).toThrow(
      'test/cache: extraPorts[0].servicePort must be an integer from 1 to 65535, got 0',
    );
  });

  it('fail for a protocol other than TCP, UDP and SCTP', () => {
    expect(web([{ name: 'metrics', number: 9090, protocol: 'HTTP' as kplus.Protocol }])).toThrow(
      /^test\/api: extraPorts\[0\]\.protocol must be one of "TCP", "UDP", "SCTP", got "HTTP"/,
    );
  });

  it('fail for a port without a name, or a client that is no workload or peer', () => {
    expect(web([{ number: 9090 } as ServerPort])).toThrow('test/api: extraPorts[0].name is required, got undefined');
    expect(web([{ name: 'metrics', number: 9090, allowFrom: ['prometheus' as never] }])).toThrow(
      'test/api: extraPorts[0].allowFrom[0] must be a workload whose pods may connect, e.g. a Deployment, got ' +
        '"prometheus"',
    );
  });

  it("fail for a name or number a sidecar's port already has", () => {
    const sidecars = [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: [{ number: 9901, name: 'admin' }] }];
    expect(
      () =>
        new WebService(testChart(), 'api', {
          image: 'api:1.0.0',
          sidecars,
          extraPorts: [{ name: 'admin', number: 9000 }],
        }),
    ).toThrow('test/api: extraPorts[0].name "admin" is already the name of sidecar "proxy"\'s port 9901;');
    expect(
      () =>
        new WebService(testChart(), 'api', {
          image: 'api:1.0.0',
          sidecars,
          extraPorts: [{ name: 'stats', number: 9901 }],
        }),
    ).toThrow('test/api: extraPorts[0].number 9901/TCP is already sidecar "proxy"\'s port "admin";');
  });
});
