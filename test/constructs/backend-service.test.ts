import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BackendService } from '../../lib/constructs/backend-service';
import { Probe } from '../../lib/constructs/probe';
import { ServiceType, SessionAffinity, TrafficPolicy } from '../../lib/constructs/service';
import { findObject, objectsOfKind, testChart } from '../helpers';

describe('BackendService', () => {
  it('runs a Deployment behind a ClusterIP Service on a TCP port named for what it speaks', () => {
    const chart = testChart();
    new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis' });
    const deployment = findObject(chart, 'Deployment', 'cache');
    const service = findObject(chart, 'Service', 'cache');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.name).toBe('cache');
    expect(container.ports).toEqual([{ containerPort: 6379, name: 'redis' }]);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('is reached through a load balancer when asked, with its Service settings passed on', () => {
    const chart = testChart();
    new BackendService(chart, 'game', {
      image: 'registry.example.com/game:1.0.0',
      port: 7777,
      portName: 'game',
      serviceType: ServiceType.LOAD_BALANCER,
      nodePort: 30777,
      externalTrafficPolicy: TrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['198.51.100.0/24'],
      loadBalancerClass: 'example.com/udp-lb',
      sessionAffinity: SessionAffinity.clientIp({ timeout: Duration.minutes(30) }),
    });
    expect(findObject(chart, 'Service', 'game').spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ name: 'game', port: 7777, targetPort: 'game', nodePort: 30777 }],
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['198.51.100.0/24'],
      loadBalancerClass: 'example.com/udp-lb',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } },
    });
  });

  it('fails for a Service setting of another type, naming its Service', () => {
    expect(
      () =>
        new BackendService(testChart(), 'cache', {
          image: 'redis:7.2',
          port: 6379,
          portName: 'redis',
          loadBalancerSourceRanges: ['10.0.0.0/8'],
        }),
    ).toThrow(
      'test/cache/Service: loadBalancerSourceRanges is for a LoadBalancer Service, got type ClusterIP (the API server refuses it); remove it, or make the type LoadBalancer',
    );
  });

  it('is ready when its port accepts connections, and has no HTTP probe', () => {
    const chart = testChart();
    new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis' });
    const container = findObject(chart, 'Deployment', 'cache').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'redis' } });
    expect(container.livenessProbe).toBeUndefined();
    expect(JSON.stringify(container)).not.toContain('httpGet');
  });

  it('takes its own readiness, liveness and startup probes', () => {
    const chart = testChart();
    new BackendService(chart, 'cache', {
      image: 'redis:7.2',
      port: 6379,
      portName: 'redis',
      readiness: Probe.exec(['redis-cli', 'ping']),
      liveness: Probe.tcpSocket('redis', { period: Duration.seconds(20) }),
      startup: Probe.tcpSocket('redis', { failureThreshold: 30 }),
    });
    const container = findObject(chart, 'Deployment', 'cache').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ exec: { command: ['redis-cli', 'ping'] } });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'redis' }, periodSeconds: 20 });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'redis' }, failureThreshold: 30 });
  });

  it('runs one replica by default, with no PodDisruptionBudget', () => {
    const chart = testChart();
    new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis' });
    expect(findObject(chart, 'Deployment', 'cache').spec.replicas).toBe(1);
    expect(objectsOfKind(chart, 'PodDisruptionBudget')).toEqual([]);
  });

  it('offers another Service port when asked', () => {
    const chart = testChart();
    new BackendService(chart, 'db', { image: 'mysql:8.4', port: 3306, portName: 'mysql', servicePort: 3307 });
    expect(findObject(chart, 'Service', 'db').spec.ports).toEqual([{ name: 'mysql', port: 3307, targetPort: 'mysql' }]);
  });

  it('takes env as strings or EnvValues, command, args, labels and selector labels', () => {
    const chart = testChart();
    const secret = kplus.Secret.fromSecretName(chart, 'pw', 'redis-password');
    new BackendService(chart, 'redis-leader', {
      image: 'redis:7.2',
      port: 6379,
      portName: 'redis',
      command: ['redis-server'],
      args: ['--appendonly', 'yes'],
      env: { MODE: 'leader', PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) },
      labels: { tier: 'backend' },
      selectorLabels: { app: 'redis', role: 'leader' },
    });
    const deployment = findObject(chart, 'Deployment', 'redis-leader');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.command).toEqual(['redis-server']);
    expect(container.args).toEqual(['--appendonly', 'yes']);
    expect(container.env).toEqual([
      { name: 'MODE', value: 'leader' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-password', key: 'password' } } },
    ]);
    expect(deployment.metadata.labels.tier).toBe('backend');
    expect(findObject(chart, 'Service', 'redis-leader').spec.selector).toMatchObject({ app: 'redis', role: 'leader' });
  });

  it('fails for a port name that is not an IANA service name', () => {
    expect(
      () => new BackendService(testChart(), 'cache', { image: 'redis:7.2', port: 6379, portName: 'Redis_Port' }),
    ).toThrow(/^test\/cache: portName must be at most 15 .*got "Redis_Port"/);
  });
});

describe('BackendService with an autoscaler', () => {
  it('leaves spec.replicas to it instead of its default of one pod', () => {
    const chart = testChart();
    new BackendService(chart, 'queue', {
      image: 'rabbitmq:3.13',
      port: 5672,
      portName: 'amqp',
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
    });
    expect(findObject(chart, 'Deployment', 'queue').spec.replicas).toBeUndefined();
    expect(objectsOfKind(chart, 'HorizontalPodAutoscaler').map((hpa) => hpa.spec.maxReplicas)).toEqual([4]);
  });

  it('lets in only the workloads of allowFrom, and is one itself', () => {
    const chart = testChart();
    const worker = new BackendService(chart, 'worker', { image: 'worker:1.0.0', port: 9000, portName: 'metrics' });
    new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis', allowFrom: [worker] });
    expect(findObject(chart, 'NetworkPolicy', 'cache-allow-ingress').spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: worker.deployment.selectorLabels } },
    ]);
    expect(worker.containerPorts).toEqual([{ number: 9000, name: 'metrics' }]);
  });

  it('takes ConfigMaps and a Secret as environment', () => {
    const chart = testChart();
    const settings = new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { MODE: 'x' } });
    const secret = kplus.Secret.fromSecretName(chart, 'creds', 'creds');
    new BackendService(chart, 'cache', {
      image: 'redis:7.2',
      port: 6379,
      portName: 'redis',
      envFromConfigMaps: [settings],
      secret,
    });
    expect(findObject(chart, 'Deployment', 'cache').spec.template.spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'settings' } },
      { secretRef: { name: 'creds' } },
    ]);
  });

  it('fails for an envFromConfigMaps item without a name, naming the field', () => {
    const chart = testChart();
    expect(
      () =>
        new BackendService(chart, 'cache', {
          image: 'redis:7.2',
          port: 6379,
          portName: 'redis',
          envFromConfigMaps: ['settings'] as never,
        }),
    ).toThrow('test/cache: envFromConfigMaps[0] must be an object with a name');
  });
});
