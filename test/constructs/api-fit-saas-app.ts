import { App, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  BackendService,
  ConcurrencyPolicy,
  CronJob,
  Deployment,
  Environment,
  Job,
  NetworkPolicy,
  PersistentVolumeClaim,
  Probe,
  Resources,
  SealedSecret,
  SecretRef,
  StatefulSet,
  TopologySpread,
  Volume,
  WebService,
  WhenUnsatisfiable,
} from '../../lib';

/** The namespace of the app. */
export const SAAS_NAMESPACE = 'saas';
/** The Secret cert-manager makes for the web host, which the environment declares external. */
export const SAAS_TLS_SECRET = 'app-tls';
/** The API's and the worker's image. */
const API_IMAGE = 'registry.example.com/saas/api:3.2.0';

/** The host of the web frontend in an environment. */
export function saasHost(env: Environment): string {
  return env.name === 'prod' ? 'app.example.com' : 'app.dev.localhost';
}

/**
 * A typical three-tier SaaS app, described with the public API (lib/index.ts) and cdk8s-plus alone, as a user would
 * write it (test/constructs/api-fit-saas.test.ts checks that it names no escape hatch): a web frontend behind an
 * Ingress with TLS from a cert-manager Secret; an API with its own ServiceAccount that reads ConfigMaps and holds a
 * leader-election Lease, with its settings as a file (subPath) and as environment; a Postgres StatefulSet with a claim
 * per member and its password in a SealedSecret; a migration Job applied before the API; a Redis cache; a queue worker
 * with no Service that scales on CPU; a nightly backup to a claim. Only web -> api -> postgres/redis may talk (and DNS).
 * Dev runs one of each on small resources; prod runs three, spread over zones strictly, with more.
 */
export function buildSaas(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const saas = new AppChart(app, 'saas', { env, namespace: SAAS_NAMESPACE });
  const small: Resources = { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '250m', memoryLimit: '128Mi' };
  const large: Resources = prod
    ? { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' }
    : { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' };
  const replicas = prod ? 3 : 1;
  const zones: TopologySpread[] = [
    {
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: prod ? WhenUnsatisfiable.DO_NOT_SCHEDULE : WhenUnsatisfiable.SCHEDULE_ANYWAY,
    },
  ];

  const credentials = new SealedSecret(saas, 'postgres-credentials', {
    keys: ['password'],
    sealedValues: env.sealedValues,
  });
  const password = kplus.EnvValue.fromSecretValue({ secret: credentials.secret, key: 'password' });
  const settings = new kplus.ConfigMap(saas, 'api-settings', {
    metadata: { name: 'api-settings' },
    data: { 'app.yaml': 'leaderElection: true\nqueue: redis://redis:6379/0\n', LOG_LEVEL: prod ? 'info' : 'debug' },
  });
  const database = { DATABASE_HOST: 'postgres', DATABASE_USER: 'postgres', DATABASE_PASSWORD: password };

  const account = new kplus.ServiceAccount(saas, 'api-account', { metadata: { name: 'api' } });
  const role = new kplus.Role(saas, 'api-role', { metadata: { name: 'api' } });
  role.allow(['get', 'list', 'watch'], kplus.ApiResource.CONFIG_MAPS);
  role.allow(['get', 'list', 'watch', 'create', 'update', 'patch'], kplus.ApiResource.LEASES);
  new kplus.RoleBinding(saas, 'api-binding', { metadata: { name: 'api' }, role }).addSubjects(account);

  const migrate = new Job(saas, 'migrate', {
    backoffLimit: 2,
    activeDeadline: Duration.minutes(10),
    containers: [{ name: 'migrate', image: API_IMAGE, args: ['migrate', 'up'], env: database, resources: small }],
  });
  const worker = new Deployment(saas, 'worker', {
    autoscaling: { minReplicas: prod ? 2 : 1, maxReplicas: prod ? 10 : 2, cpuUtilization: 70 },
    topologySpread: zones,
    containers: [
      {
        name: 'worker',
        image: API_IMAGE,
        args: ['worker'],
        env: database,
        envFromConfigMaps: [settings],
        resources: large,
      },
    ],
  });
  // The worker calls the payment provider's webhooks; not the cluster's networks, nor the cloud's metadata service.
  new NetworkPolicy(saas, 'worker-to-internet', {
    podSelector: worker.selectorLabels,
    egress: [
      {
        peers: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.169.254/32'] }],
        ports: [{ port: 443 }],
      },
    ],
  });
  const backups = new PersistentVolumeClaim(saas, 'backups', { storage: Size.gibibytes(prod ? 50 : 1) });
  const backup = new CronJob(saas, 'backup', {
    schedule: Cron.schedule({ minute: '0', hour: '3' }),
    timeZone: 'Etc/UTC',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    containers: [
      {
        name: 'pg-dump',
        image: 'postgres:16.4',
        command: ['sh', '-c', 'pg_dump -h postgres -U postgres -f /backups/saas-$(date +%F).sql'],
        env: { PGPASSWORD: password },
        mounts: [{ volume: Volume.fromPersistentVolumeClaim(backups), path: '/backups' }],
        resources: small,
      },
    ],
  });

  const web = new WebService(saas, 'web', {
    image: 'registry.example.com/saas/web:3.2.0',
    replicas,
    resources: small,
    topologySpread: zones,
    host: saasHost(env),
    tls: SecretRef.fromName(saas, 'tls', SAAS_TLS_SECRET),
    // cert-manager's ingress-shim makes the Secret from this annotation.
    ingressAnnotations: { 'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned' },
    env: { API_URL: 'http://api' },
    // Only the Ingress controller talks to the frontend.
    allowFrom: [],
  });
  const api = new WebService(saas, 'api', {
    image: API_IMAGE,
    args: ['serve'],
    // Patient while it loads its caches; then readiness and liveness take over.
    startup: Probe.httpGet('/healthz', 'http', { period: Duration.seconds(5), failureThreshold: 24 }),
    replicas,
    resources: large,
    topologySpread: zones,
    healthPath: '/healthz',
    serviceAccount: account,
    env: { ...database, LOG_LEVEL: kplus.EnvValue.fromConfigMap(settings, 'LOG_LEVEL') },
    envFromConfigMaps: [settings],
    mounts: [
      {
        volume: Volume.fromConfigMap(settings, { name: 'settings' }),
        path: '/etc/api/app.yaml',
        subPath: 'app.yaml',
        readOnly: true,
      },
    ],
    allowFrom: [web],
  });
  // The schema is migrated before the API rolls out: the Job comes first in the file.
  api.node.addDependency(migrate);

  new BackendService(saas, 'redis', {
    image: 'redis:7.4.1',
    port: 6379,
    portName: 'redis',
    readiness: Probe.exec(['redis-cli', 'ping']),
    resources: small,
    writablePaths: ['/data'],
    allowFrom: [api, worker],
  });
  const postgres = new StatefulSet(saas, 'postgres', {
    replicas,
    port: 5432,
    fsGroup: 65532,
    topologySpread: zones,
    volumeClaimTemplates: [
      { name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(prod ? 20 : 1) },
    ],
    containers: [
      {
        name: 'postgres',
        image: 'postgres:16.4',
        ports: [{ number: 5432, name: 'postgres' }],
        env: { POSTGRES_PASSWORD: password, PGDATA: '/var/lib/postgresql/data/pgdata' },
        readiness: Probe.exec(['pg_isready', '-U', 'postgres']),
        resources: large,
        mounts: [
          { volume: Volume.fromEmptyDir('run'), path: '/var/run/postgresql' },
          { volume: Volume.fromEmptyDir('tmp'), path: '/tmp' },
        ],
      },
    ],
    allowFrom: [api, worker, migrate, backup],
  });
  migrate.node.addDependency(postgres);
  return app;
}
