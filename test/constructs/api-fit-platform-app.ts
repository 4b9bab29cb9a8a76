import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  BackendService,
  ContainerProps,
  ContainerRestartPolicy,
  Environment,
  FsGroupChangePolicy,
  Ingress,
  InitContainerProps,
  LifecycleHandler,
  PodField,
  Probe,
  ProjectedSource,
  SealedSecret,
  SecretRef,
  UnhealthyPodEvictionPolicy,
  Volume,
  WebService,
} from '../../lib';
import { LIFECYCLE_SLEEP_SINCE, SIDECARS_SINCE } from '../../lib/checks/pod-values';
import { compareReleases } from '../../lib/config/kubernetes-version';

/** The namespace of the app. */
export const PLATFORM_NAMESPACE = 'api-fit-platform';
/** The Secret cert-manager makes for the catalog's host, which the environment declares external. */
export const PLATFORM_TLS_SECRET = 'catalog-tls';
/** The PriorityClass the cluster's administrators install for platform services, declared external. */
export const PLATFORM_PRIORITY_CLASS = 'platform-critical';
/** The audience of the catalog's projected token: Vault's Kubernetes auth method checks it. */
export const VAULT_AUDIENCE = 'vault';

/** The host of the catalog in an environment. */
export function catalogHost(env: Environment): string {
  return env.name === 'prod' ? 'catalog.platform.example.com' : 'catalog.dev.localhost';
}

/** Whether the environment's release runs native sidecars (init containers with restartPolicy Always). */
export function nativeSidecars(env: Environment): boolean {
  return compareReleases(env.kubernetesVersion, SIDECARS_SINCE) >= 0;
}

/**
 * An internal platform service through the public API alone (lib/index.ts and cdk8s-plus; no JSON patch, raw object or generated binding:
 * test/constructs/api-fit-platform.test.ts checks this file's text): a service catalog API that waits for its
 * database in an init container, ships its logs through a native sidecar (an init container with restartPolicy Always;
 * a plain sidecar container before 1.29), reads a Vault-audience ServiceAccount token and its settings from one
 * projected volume, knows its pod, node and memory limit from the downward API, keeps its replicas in different zones
 * (required in prod), survives drains through a PodDisruptionBudget, runs at the cluster's platform priority, drains
 * on shutdown with a preStop pause inside a longer grace period, may read only its own ConfigMap, and is served over
 * TLS on two paths (the API and its docs) by one Ingress.
 */
export function buildPlatform(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const chart = new AppChart(app, 'platform', { env, namespace: PLATFORM_NAMESPACE });

  const settings = new kplus.ConfigMap(chart, 'catalog-settings', {
    metadata: { name: 'catalog-settings' },
    data: { 'catalog.yaml': `environment: ${env.name}\nlogFormat: json\n`, LOG_LEVEL: prod ? 'info' : 'debug' },
  });
  const account = new kplus.ServiceAccount(chart, 'catalog-account', { metadata: { name: 'catalog' } });
  const role = new kplus.Role(chart, 'catalog-role', { metadata: { name: 'catalog' } });
  role.allowRead(settings);
  new kplus.RoleBinding(chart, 'catalog-binding', { metadata: { name: 'catalog' }, role }).addSubjects(account);

  const credentials = new SealedSecret(chart, 'catalog-db', { keys: ['password'], sealedValues: env.sealedValues });
  const password = kplus.EnvValue.fromSecretValue({ secret: credentials.secret, key: 'password' });

  const logs = Volume.fromEmptyDir('logs');
  const logShipper: ContainerProps = {
    name: 'log-shipper',
    image: 'fluent/fluent-bit:3.1.9',
    ports: [{ number: 2020, name: 'fluent-http' }],
    readiness: Probe.httpGet('/api/v1/health', 'fluent-http'),
    mounts: [{ volume: logs, path: '/var/log/catalog', readOnly: true }],
    resources: { cpuLimit: '100m', memoryLimit: '64Mi', cpuRequest: '10m', memoryRequest: '32Mi' },
  };
  const waitForDatabase: InitContainerProps = {
    name: 'wait-for-db',
    image: 'postgres:16.4',
    command: ['sh', '-c', 'until pg_isready -h postgres -p 5432; do sleep 2; done'],
    resources: { cpuLimit: '100m', memoryLimit: '64Mi' },
  };
  const sidecar = nativeSidecars(env);

  const catalog = new WebService(chart, 'catalog', {
    image: 'registry.example.com/platform/catalog:2.4.0',
    replicas: prod ? 3 : 2,
    healthPath: '/healthz',
    serviceAccount: account,
    priorityClassName: PLATFORM_PRIORITY_CLASS,
    terminationGracePeriod: Duration.seconds(45),
    minReady: Duration.seconds(10),
    progressDeadline: Duration.minutes(5),
    // The namespace has many Services; the catalog reads none of their variables, and one named CATALOG_PORT would
    // clash with its own setting.
    enableServiceLinks: false,
    fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH,
    // Endpoints drop the pod before it stops accepting connections.
    preStop:
      compareReleases(env.kubernetesVersion, LIFECYCLE_SLEEP_SINCE) >= 0
        ? LifecycleHandler.sleep(Duration.seconds(10))
        : LifecycleHandler.exec(['sleep', '10']),
    initContainers: sidecar
      ? [waitForDatabase, { ...logShipper, restartPolicy: ContainerRestartPolicy.ALWAYS }]
      : [waitForDatabase],
    sidecars: sidecar ? [] : [logShipper],
    antiAffinity: [{ topologyKey: 'topology.kubernetes.io/zone', required: prod }],
    // A pod that never gets ready protects nothing: it must not block a node drain.
    disruptionBudget: { unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW },
    env: {
      DATABASE_HOST: 'postgres',
      DATABASE_PASSWORD: password,
      POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
      POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
      NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      // The Go runtime collects garbage before the container's memory limit, not after.
      GOMEMLIMIT: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT),
      LOG_LEVEL: kplus.EnvValue.fromConfigMap(settings, 'LOG_LEVEL'),
    },
    mounts: [
      { volume: logs, path: '/var/log/catalog' },
      {
        volume: Volume.fromProjected('identity', [
          ProjectedSource.serviceAccountToken('vault/token', {
            audience: VAULT_AUDIENCE,
            expiration: Duration.hours(1),
          }),
          ProjectedSource.configMap(settings, { items: { 'catalog.yaml': 'config/catalog.yaml' } }),
          ProjectedSource.downwardApi({ 'pod/labels': PodField.LABELS }),
        ]),
        path: '/var/run/catalog',
        readOnly: true,
      },
    ],
    resources: prod
      ? { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' }
      : { cpuRequest: '50m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  });
  const docs = new WebService(chart, 'docs', {
    image: 'registry.example.com/platform/catalog-docs:2.4.0',
    replicas: prod ? 2 : 1,
    resources: { cpuRequest: '10m', memoryRequest: '32Mi', cpuLimit: '100m', memoryLimit: '64Mi' },
  });
  new Ingress(chart, 'catalog-ingress', {
    name: 'catalog',
    annotations: { 'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned' },
    rules: [
      {
        host: catalogHost(env),
        paths: [
          { path: '/api', service: catalog.service },
          { path: '/docs', service: docs.service },
        ],
      },
    ],
    // Any other path of the host, or another host, gets the docs' front page rather than the controller's 404.
    defaultBackend: { service: docs.service },
    tls: [{ hosts: [catalogHost(env)], secret: SecretRef.fromName(chart, 'tls', PLATFORM_TLS_SECRET) }],
  });

  new BackendService(chart, 'postgres', {
    image: 'postgres:16.4',
    port: 5432,
    portName: 'postgres',
    replicas: 1,
    readiness: Probe.exec(['pg_isready', '-U', 'postgres']),
    env: { POSTGRES_PASSWORD: password, PGDATA: '/var/lib/postgresql/data/pgdata' },
    writablePaths: ['/var/lib/postgresql/data', '/var/run/postgresql', '/tmp'],
    allowFrom: [catalog],
  });
  return app;
}
