import { BackendService } from '../../lib/constructs/backend-service';
import { ContainerProps } from '../../lib/constructs/container';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { Probe } from '../../lib/constructs/probe';
import { SecretRef } from '../../lib/constructs/references';
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
