import { Duration, Size, Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import * as kplus from 'cdk8s-plus-27';
import { ServiceType, TrafficPolicy } from '../../lib/constructs/service';
import { StorageClass } from '../../lib/constructs/storage-class';
import { WebService } from '../../lib/constructs/web-service';
import { DeploymentStrategy } from '../../lib/constructs/deployment';
import { Probe } from '../../lib/constructs/probe';
import { Volume } from '../../lib/constructs/volume';
import { DEV, findObject, objectsOfKind, testChart } from '../helpers';

describe('WebService', () => {
  it('runs a Deployment behind a Service on the named http port', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', replicas: 3, changeCause: 'first release' });
    const deployment = findObject(chart, 'Deployment', 'shop');
    const service = findObject(chart, 'Service', 'shop');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata.annotations['kubernetes.io/change-cause']).toBe('first release');
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('is ready when the health path answers, and alive while the port accepts connections', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', healthPath: '/healthz' });
    const container = findObject(chart, 'Deployment', 'shop').spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 20 });
  });

  it('gives /tmp as a writable emptyDir under the read-only root', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0' });
    const pod = findObject(chart, 'Deployment', 'shop').spec.template.spec;
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'scratch-0', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'scratch-0', emptyDir: {} }]);
  });

  it('gives its settings both as environment and as files', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', config: { MODE: 'prod' } });
    expect(findObject(chart, 'ConfigMap', 'shop').data).toEqual({ MODE: 'prod' });
    const pod = findObject(chart, 'Deployment', 'shop').spec.template.spec;
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'shop' } }]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/app', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'shop' } });
  });

  it('takes a Secret as environment', () => {
    const chart = testChart();
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      secret: kplus.Secret.fromSecretName(chart, 's', 'shop-creds'),
    });
    const container = findObject(chart, 'Deployment', 'shop').spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ secretRef: { name: 'shop-creds' } }]);
  });

  it('claims storage and mounts it', () => {
    const chart = testChart();
    const storageClass = new StorageClass(chart, 'fast');
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      replicas: 1,
      storage: { size: Size.gibibytes(2), mountPath: '/data', storageClass },
    });
    const claim = findObject(chart, 'PersistentVolumeClaim', 'shop-data');
    expect(claim.spec.resources.requests.storage).toBe('2Gi');
    expect(claim.spec.storageClassName).toBe('fast');
    const pod = findObject(chart, 'Deployment', 'shop').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'shop-data' } });
  });

  it('routes a host to its Service through an Ingress', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', host: 'shop.example.com', path: '/store' });
    const rule = findObject(chart, 'Ingress', 'shop').spec.rules[0];
    expect(rule.host).toBe('shop.example.com');
    expect(rule.http.paths[0]).toEqual({
      path: '/store',
      pathType: 'Prefix',
      backend: { service: { name: 'shop', port: { number: 80 } } },
    });
  });

  it('has no Ingress, ConfigMap or claim unless asked', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0' });
    expect(objectsOfKind(chart, 'Ingress')).toHaveLength(0);
    expect(objectsOfKind(chart, 'ConfigMap')).toHaveLength(0);
    expect(objectsOfKind(chart, 'PersistentVolumeClaim')).toHaveLength(0);
  });

  it('opens a node port', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', serviceType: ServiceType.NODE_PORT, nodePort: 31000 });
    expect(findObject(chart, 'Service', 'shop').spec.ports[0].nodePort).toBe(31000);
  });

  it('fails for an Ingress path without a leading slash', () => {
    expect(
      () => new WebService(testChart(), 'shop', { image: 'shop:1.0.0', host: 'shop.example.com', path: 'store' }),
    ).toThrow('test/shop/Ingress: rules.paths.path must start with \'/\', got "store"; write "/store"');
  });

  it('fails for a node port out of range', () => {
    expect(
      () =>
        new WebService(testChart(), 'shop', { image: 'shop:1.0.0', serviceType: ServiceType.NODE_PORT, nodePort: 80 }),
    ).toThrow(/test\/shop\/Service: ports\.nodePort must be an integer from 30000 to 32767 .* got 80/);
  });

  it('fails for negative replicas', () => {
    expect(() => new WebService(testChart(), 'shop', { image: 'shop:1.0.0', replicas: -1 })).toThrow(
      'test/shop: replicas must be an integer of 0 or more, got -1',
    );
  });

  it("lets the environment's Ingress controller reach it when it is in an AppChart", () => {
    const chart = new AppChart(Testing.app(), 'shop', {
      env: { ...DEV, ingressControllerNamespace: 'traefik' },
      namespace: 'shop',
    });
    new WebService(chart, 'shop', { image: 'shop:1.0.0', host: 'shop.example.com' });
    const policy = findObject(chart, 'NetworkPolicy', 'shop-to-shop');
    expect(policy.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } },
    ]);
  });

  it('lets the Ingress controller of an explicit namespace reach it', () => {
    const chart = testChart();
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      host: 'shop.example.com',
      ingressControllerNamespace: 'haproxy',
    });
    const policy = findObject(chart, 'NetworkPolicy', 'shop-to-shop');
    expect(policy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'haproxy',
    });
  });

  it('serves on port 80 with allowPrivilegedPorts', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', containerPort: 80, allowPrivilegedPorts: true });
    const container = findObject(chart, 'Deployment', 'shop').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ containerPort: 80, name: 'http' }]);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  it('fails for container port 80 without allowPrivilegedPorts', () => {
    expect(() => new WebService(testChart(), 'shop', { image: 'shop:1.0.0', containerPort: 80 })).toThrow(
      /^test\/shop\/Deployment: containers\[app\]\.ports\[0\]\.number 80 is below 1024, .*set `allowPrivilegedPorts: true`/,
    );
  });

  it('fails for the port of a server that does not speak HTTP, naming BackendService', () => {
    expect(() => new WebService(testChart(), 'cache', { image: 'redis:7.2', containerPort: 6379 })).toThrow(
      'test/cache: containerPort 6379 is the port of Redis, which does not speak HTTP, so the HTTP readiness probe of a ' +
        'WebService would never pass; use a BackendService with portName "redis" (a TCP probe), or set containerPort ' +
        'to the port the app serves HTTP on',
    );
  });
});

describe('WebService, passing its Deployment what a real app needs', () => {
  it('scales with an autoscaler, leaving spec.replicas to it, with a disruption budget of one pod at a time', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { image: 'shop:1.0.0', autoscaling: { minReplicas: 2, maxReplicas: 6 } });
    expect(findObject(chart, 'Deployment', 'shop').spec.replicas).toBeUndefined();
    const [autoscaler] = objectsOfKind(chart, 'HorizontalPodAutoscaler');
    expect(autoscaler.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
    });
    expect(findObject(chart, 'PodDisruptionBudget', 'shop').spec.maxUnavailable).toBe(1);
  });

  it('refuses replicas given with autoscaling, naming the construct', () => {
    expect(
      () =>
        new WebService(testChart(), 'shop', {
          image: 'shop:1.0.0',
          replicas: 3,
          autoscaling: { maxReplicas: 6 },
        }),
    ).toThrow(/^test\/shop\/Deployment: replicas 3 and autoscaling are both given/);
  });

  it('runs as a ServiceAccount, on tolerated nodes, with a strategy, an init container and more mounts', () => {
    const chart = testChart();
    const account = new kplus.ServiceAccount(chart, 'shop-account', { metadata: { name: 'shop' } });
    const certs = new kplus.Secret(chart, 'certs', { metadata: { name: 'certs' } });
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      serviceAccount: account,
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      strategy: DeploymentStrategy.recreate(),
      minReady: Duration.seconds(15),
      progressDeadline: Duration.minutes(3),
      initContainers: [{ name: 'migrate', image: 'shop:1.0.0', command: ['shop', 'migrate'] }],
      mounts: [{ volume: Volume.fromSecret(certs, { name: 'certs' }), path: '/etc/certs', readOnly: true }],
    });
    const deployment = findObject(chart, 'Deployment', 'shop');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec).toMatchObject({ minReadySeconds: 15, progressDeadlineSeconds: 180 });
    expect(pod.serviceAccountName).toBe('shop');
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.initContainers.map((container: { name: string }) => container.name)).toEqual(['migrate']);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'certs', mountPath: '/etc/certs', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'certs', secret: { secretName: 'certs', defaultMode: 0o444 } });
  });

  it('keeps the client address behind its load balancer and lets only given addresses in', () => {
    const chart = testChart();
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      serviceType: ServiceType.LOAD_BALANCER,
      externalTrafficPolicy: TrafficPolicy.LOCAL,
      internalTrafficPolicy: TrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['203.0.113.0/24'],
    });
    expect(findObject(chart, 'Service', 'shop').spec).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
    });
  });

  it("serves its host over HTTPS with the certificate's Secret", () => {
    const chart = testChart();
    const certificate = kplus.Secret.fromSecretName(chart, 'cert', 'shop-tls');
    new WebService(chart, 'shop', { image: 'shop:1.0.0', host: 'shop.example.com', tls: certificate });
    expect(findObject(chart, 'Ingress', 'shop').spec.tls).toEqual([
      { hosts: ['shop.example.com'], secretName: 'shop-tls' },
    ]);
  });

  it('fails for a tls that is no Secret, naming the field', () => {
    const chart = testChart();
    expect(
      () => new WebService(chart, 'shop', { image: 'shop:1.0.0', host: 'shop.example.com', tls: 'shop-tls' as never }),
    ).toThrow(
      'test/shop: tls must be an object with a name, e.g. a Secret or StorageClass.fromName(...), got "shop-tls"',
    );
  });

  it('lets in only the workloads of allowFrom, which may be another WebService', () => {
    const chart = testChart();
    const web = new WebService(chart, 'web', { image: 'web:1.0.0' });
    const api = new WebService(chart, 'api', { image: 'api:1.0.0', allowFrom: [web] });
    expect(web.selectorLabels).toEqual(web.deployment.selectorLabels);
    expect(findObject(chart, 'NetworkPolicy', 'api-allow-ingress').spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: web.deployment.selectorLabels } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
    expect(api.containerPorts).toEqual([{ number: 8080, name: 'http' }]);
  });

  it('gives ingressAnnotations and ingressClassName to its Ingress alone', () => {
    const chart = testChart();
    new WebService(chart, 'shop', {
      image: 'shop:1.0.0',
      host: 'shop.example.com',
      annotations: { 'example.com/team': 'shop' },
      ingressClassName: 'public',
      ingressAnnotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    });
    const ingress = findObject(chart, 'Ingress', 'shop');
    expect(ingress.spec.ingressClassName).toBe('public');
    expect(ingress.metadata.annotations).toEqual({
      'example.com/team': 'shop',
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(findObject(chart, 'Service', 'shop').metadata.annotations).toEqual({ 'example.com/team': 'shop' });
    expect(findObject(chart, 'Deployment', 'shop').metadata.annotations).not.toHaveProperty(
      'cert-manager.io/cluster-issuer',
    );
  });

  it('fails for an ingressAnnotations key that is no annotation key, naming the field', () => {
    const chart = testChart();
    expect(
      () =>
        new WebService(chart, 'shop', {
          image: 'shop:1.0.0',
          host: 'shop.example.com',
          ingressAnnotations: { 'cert-manager.io/ cluster-issuer': 'letsencrypt' },
        }),
    ).toThrow('test/shop: ingressAnnotations key "cert-manager.io/ cluster-issuer" is not an annotation key');
  });

  it('runs its image with the command, args and startup probe given', () => {
    const chart = testChart();
    new WebService(chart, 'api', {
      image: 'api:1.0.0',
      command: ['/app/bin'],
      args: ['serve', '--port=8080'],
      startup: Probe.httpGet('/healthz', 'http', { failureThreshold: 30 }),
    });
    const [app] = findObject(chart, 'Deployment', 'api').spec.template.spec.containers;
    expect(app.command).toEqual(['/app/bin']);
    expect(app.args).toEqual(['serve', '--port=8080']);
    expect(app.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 30 });
  });

  it('fails for args that are no list of strings, naming the field', () => {
    const chart = testChart();
    expect(() => new WebService(chart, 'api', { image: 'api:1.0.0', args: 'serve' as never })).toThrow(
      'test/api: args must be a list, got "serve" (a string); write it as a list, e.g. ["a", "b"]',
    );
  });

  it('takes shared ConfigMaps as environment, after its own settings', () => {
    const chart = testChart();
    const shared = new kplus.ConfigMap(chart, 'shared', { metadata: { name: 'shared' }, data: { REGION: 'eu' } });
    new WebService(chart, 'api', { image: 'api:1.0.0', config: { MODE: 'api' }, envFromConfigMaps: [shared] });
    expect(findObject(chart, 'Deployment', 'api').spec.template.spec.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'api' } },
      { configMapRef: { name: 'shared' } },
    ]);
  });
});
