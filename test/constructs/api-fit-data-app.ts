import { App, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  BackendService,
  ClaimRetention,
  ConcurrencyPolicy,
  CronJob,
  Environment,
  LifecycleHandler,
  NAMESPACE_NAME_LABEL,
  PersistentVolumeClaim,
  PodManagementPolicy,
  Probe,
  ReclaimPolicy,
  SealedSecret,
  Service,
  StatefulSet,
  StatefulSetUpdateStrategy,
  StorageClass,
  Volume,
  VolumeBindingMode,
} from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';

/** The namespace of the data tier. */
export const DATA_NAMESPACE = 'data-tier';
/** The label of the namespace's pods that may use the databases (the applications' pods carry it). */
export const CLIENT_LABEL = 'data-tier.example.com/client';
/** The StorageClass of the databases' and the backups' volumes. */
export const DATA_STORAGE_CLASS = 'data-tier-ssd';
/** Postgres' port. */
export const POSTGRES_PORT = 5432;
/** Redis' port. */
export const REDIS_PORT = 6379;
/** The port of the Postgres metrics exporter. */
export const METRICS_PORT = 9187;
/** Where Postgres keeps its data: a directory of the claim, so that the claim's lost+found is not in it. */
const PGDATA = '/var/lib/postgresql/data/pgdata';
/** The user and group of Postgres and its backup (the constructs' default, well above the node's users), which own the data. */
const POSTGRES_USER_ID = 65532;

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37), or of another release, with the sealed superuser and
 * replication passwords.
 */
export function dataEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    { ...ENVIRONMENTS[name], ...(release === undefined ? {} : { kubernetesVersion: release }) },
    {
      [`${DATA_NAMESPACE}/postgres-credentials`]: {
        'superuser-password': 'AgBsealedSuperuserPassword==',
        'replication-password': 'AgBsealedReplicationPassword==',
      },
    },
  );
}

/** postgresql.conf: streaming replication from pod 0 to the others, which serve reads while they follow. */
const POSTGRESQL_CONF = `listen_addresses = '*'
port = ${POSTGRES_PORT}
max_connections = 200
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hba_file = '/etc/postgresql/pg_hba.conf'
`;

/** pg_hba.conf: passwords for every client, replication for the replicator alone. */
const PG_HBA_CONF = `local   all           all                      trust
host    replication   replicator  0.0.0.0/0    scram-sha-256
host    all           all         0.0.0.0/0    scram-sha-256
`;

/**
 * Run by the init container before Postgres starts, as a user of no /etc/passwd entry: pod 0 initializes an empty data directory as the primary, every
 * other pod clones the primary into its own and follows it (pg_basebackup -R writes standby.signal). A directory that
 * holds data already is left as it is.
 */
const PREPARE_DATA = `set -eu
# initdb looks the user up by its id, which the image's /etc/passwd does not have (the image's entrypoint does the same).
echo "postgres:x:$(id -u):$(id -g):PostgreSQL:/var/lib/postgresql:/bin/false" > /tmp/passwd
export LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD=/tmp/passwd NSS_WRAPPER_GROUP=/etc/group
if [ -s "$PGDATA/PG_VERSION" ]; then
  echo "data directory ready"; exit 0
fi
mkdir -p "$PGDATA"; chmod 0700 "$PGDATA"
if [ "\${POD_NAME##*-}" = 0 ]; then
  echo "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb --username=postgres --pwfile=/tmp/pwfile --auth=scram-sha-256 -D "$PGDATA"
  rm /tmp/pwfile
  pg_ctl -D "$PGDATA" -w start -o "-c listen_addresses=''"
  psql -v ON_ERROR_STOP=1 -U postgres -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD'"
  pg_ctl -D "$PGDATA" -w stop
else
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h postgres-0.postgres -U replicator -D "$PGDATA" -R -X stream
fi
`;

/**
 * A replicated data tier as a team runs it without an operator, through the public API alone (lib/index.ts and
 * cdk8s-plus; no JSON patch, raw object or generated binding: test/constructs/api-fit-data.test.ts checks this file's
 * text):
 * - Postgres as one StatefulSet whose pod 0 is the primary and the others its streaming replicas: an init container
 *   that prepares each data directory (initdb on pod 0, a clone of the primary elsewhere), configuration files from a
 *   ConfigMap mounted by subPath, passwords from a SealedSecret, startup, readiness and liveness probes (exec and TCP),
 *   a checkpoint before it stops within a long grace period, a metrics exporter beside it; members start in order and
 *   find each other through the headless Service before they are ready; a rollout that holds pod 0 back until the
 *   replicas run the new version (partition 1); one member per node (required) and spread over zones (preferred); a
 *   claim per member of a StorageClass of its own (expandable, bound where the pod lands, kept when released), kept
 *   when the set is deleted and deleted when it scales down; a budget of one member down at a time;
 * - a read-write Service of the primary's pod alone, and a read-only Service of every member, which serve reads;
 * - Redis as a cache in memory: a memory limit, and an emptyDir in memory with a size limit;
 * - a nightly backup CronJob (never two at once, a deadline to start and to run, its own claim) as a non-root user on
 *   a read-only root filesystem;
 * - network policies: the namespace's pods labelled as clients reach Postgres and Redis, the backup reaches the
 *   primary, the members reach each other, the monitoring namespace the exporter, and nothing else gets in (egress:
 *   DNS and the namespace, AppChart's defaults);
 * - a ResourceQuota and container defaults (a LimitRange) for the namespace.
 */
export function buildDataTier(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const replicas = prod ? 3 : 2;
  const data = new AppChart(app, 'data-tier', {
    env,
    namespace: DATA_NAMESPACE,
    quota: {
      cpuRequests: prod ? '8' : '2',
      memoryLimits: prod ? '32Gi' : '8Gi',
      storageRequests: prod ? '500Gi' : '20Gi',
      pods: 20,
      persistentVolumeClaims: 10,
    },
    containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  });
  const clients = { pods: { [CLIENT_LABEL]: 'true' } };

  const ssd = new StorageClass(data, 'ssd', {
    name: DATA_STORAGE_CLASS,
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3' },
    allowVolumeExpansion: true,
    volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    reclaimPolicy: ReclaimPolicy.RETAIN,
  });

  const credentials = new SealedSecret(data, 'postgres-credentials', {
    keys: ['superuser-password', 'replication-password'],
    sealedValues: env.sealedValues,
  });
  const secretValue = (key: string) => kplus.EnvValue.fromSecretValue({ secret: credentials.secret, key });
  const config = new kplus.ConfigMap(data, 'postgres-config', {
    metadata: { name: 'postgres-config' },
    data: { 'postgresql.conf': POSTGRESQL_CONF, 'pg_hba.conf': PG_HBA_CONF, 'prepare-data.sh': PREPARE_DATA },
  });
  const configFiles = Volume.fromConfigMap(config, { name: 'config' });
  const fileOf = (key: string, path: string) => ({ volume: configFiles, path, subPath: key, readOnly: true });
  const run = Volume.fromEmptyDir('run');
  const tmp = Volume.fromEmptyDir('tmp');
  const postgresResources = prod
    ? { cpuRequest: '1', memoryRequest: '2Gi', cpuLimit: '2', memoryLimit: '4Gi' }
    : { cpuRequest: '250m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' };
  const pgIsReady = ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1', '-p', `${POSTGRES_PORT}`];

  const backups = new PersistentVolumeClaim(data, 'postgres-backups', {
    storage: Size.gibibytes(prod ? 200 : 5),
    storageClass: ssd,
  });
  const backup = new CronJob(data, 'postgres-backup', {
    schedule: Cron.schedule({ minute: '30', hour: '2' }),
    timeZone: 'Europe/Amsterdam',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.minutes(30),
    successfulJobsHistoryLimit: 7,
    failedJobsHistoryLimit: 3,
    activeDeadline: Duration.hours(2),
    backoffLimit: 2,
    fsGroup: POSTGRES_USER_ID,
    containers: [
      {
        name: 'pg-dump',
        image: 'postgres:16.4',
        command: [
          'sh',
          '-c',
          'pg_dumpall -h postgres-rw -U postgres | gzip > /backups/all-$(date +%Y%m%dT%H%M).sql.gz && ' +
            'find /backups -name "all-*.sql.gz" -mtime +14 -delete',
        ],
        env: { PGPASSWORD: secretValue('superuser-password') },
        // Written out, though they are the defaults: the backup reads every database and must hold nothing more.
        user: POSTGRES_USER_ID,
        group: POSTGRES_USER_ID,
        readOnlyRootFilesystem: true,
        mounts: [
          { volume: Volume.fromPersistentVolumeClaim(backups), path: '/backups' },
          { volume: tmp, path: '/tmp' },
        ],
        resources: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
      },
    ],
  });

  const postgres = new StatefulSet(data, 'postgres', {
    replicas,
    port: POSTGRES_PORT,
    // Each replica clones pod 0, so pods start in order: the primary first.
    podManagementPolicy: PodManagementPolicy.ORDERED_READY,
    // A new version reaches the replicas first; the team lowers the partition to 0 to update the primary.
    updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }),
    persistentVolumeClaimRetentionPolicy: { whenDeleted: ClaimRetention.RETAIN, whenScaled: ClaimRetention.DELETE },
    // A replica clones the primary by its DNS name before it is ready.
    publishNotReadyAddresses: true,
    fsGroup: POSTGRES_USER_ID,
    terminationGracePeriod: Duration.minutes(2),
    antiAffinity: [
      { topologyKey: 'kubernetes.io/hostname', required: true },
      { topologyKey: 'topology.kubernetes.io/zone', weight: 100 },
    ],
    // Reached through postgres-rw and postgres-ro; on the headless Service, by one another alone.
    allowFrom: [],
    extraPorts: [
      { name: 'metrics', number: METRICS_PORT, allowFrom: [{ namespaces: { [NAMESPACE_NAME_LABEL]: 'monitoring' } }] },
    ],
    volumeClaimTemplates: [
      {
        name: 'data',
        mountPath: '/var/lib/postgresql/data',
        storage: Size.gibibytes(prod ? 100 : 2),
        storageClass: ssd,
        otherMounts: [{ container: 'prepare-data', path: '/var/lib/postgresql/data' }],
      },
    ],
    initContainers: [
      {
        name: 'prepare-data',
        image: 'postgres:16.4',
        command: ['sh', '/scripts/prepare-data.sh'],
        env: {
          PGDATA,
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          POSTGRES_PASSWORD: secretValue('superuser-password'),
          REPLICATION_PASSWORD: secretValue('replication-password'),
        },
        mounts: [
          fileOf('prepare-data.sh', '/scripts/prepare-data.sh'),
          { volume: run, path: '/var/run/postgresql' },
          { volume: tmp, path: '/tmp' },
        ],
        resources: postgresResources,
      },
    ],
    containers: [
      {
        name: 'postgres',
        image: 'postgres:16.4',
        args: ['-c', 'config_file=/etc/postgresql/postgresql.conf'],
        ports: [{ number: POSTGRES_PORT, name: 'postgres' }],
        env: { PGDATA },
        startup: Probe.exec(pgIsReady, { period: Duration.seconds(10), failureThreshold: 30 }),
        readiness: Probe.exec(pgIsReady, { period: Duration.seconds(5) }),
        liveness: Probe.tcpSocket('postgres', { period: Duration.seconds(20), failureThreshold: 6 }),
        // A fast shutdown: clients are disconnected and a checkpoint is written before SIGTERM arrives.
        preStop: LifecycleHandler.exec(['pg_ctl', 'stop', '-D', PGDATA, '-m', 'fast', '-w', '-t', '100']),
        mounts: [
          fileOf('postgresql.conf', '/etc/postgresql/postgresql.conf'),
          fileOf('pg_hba.conf', '/etc/postgresql/pg_hba.conf'),
          { volume: run, path: '/var/run/postgresql' },
          { volume: tmp, path: '/tmp' },
        ],
        resources: postgresResources,
      },
      {
        name: 'metrics',
        image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
        ports: [{ number: METRICS_PORT, name: 'metrics' }],
        env: {
          DATA_SOURCE_URI: `127.0.0.1:${POSTGRES_PORT}/postgres?sslmode=disable`,
          DATA_SOURCE_USER: 'postgres',
          DATA_SOURCE_PASS: secretValue('superuser-password'),
        },
        readiness: Probe.httpGet('/metrics', 'metrics'),
        resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '200m', memoryLimit: '128Mi' },
      },
    ],
  });
  // Writes go to the primary, pod 0, alone; the backup reads from it too.
  new Service(data, 'postgres-rw', {
    selector: postgres.member(0),
    ports: [{ port: POSTGRES_PORT, targetPort: 'postgres', name: 'postgres' }],
    allowFrom: [clients, backup],
  });
  // Reads go to any member: the replicas follow the primary, which serves reads as well.
  new Service(data, 'postgres-ro', {
    selector: postgres,
    ports: [{ port: POSTGRES_PORT, targetPort: 'postgres', name: 'postgres' }],
    allowFrom: [clients],
  });

  new BackendService(data, 'redis', {
    image: 'redis:7.4.1',
    port: REDIS_PORT,
    portName: 'redis',
    args: [
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory',
      prod ? '768mb' : '192mb',
      '--maxmemory-policy',
      'allkeys-lru',
    ],
    readiness: Probe.exec(['redis-cli', 'ping']),
    liveness: Probe.tcpSocket('redis', { period: Duration.seconds(20) }),
    resources: prod
      ? { cpuRequest: '250m', memoryRequest: '1Gi', cpuLimit: '1', memoryLimit: '1Gi' }
      : { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
    // Its working directory in memory, which counts against the memory limit: bounded well below it; nothing else.
    writablePaths: [],
    mounts: [
      { volume: Volume.fromEmptyDir('cache-data', { memory: true, sizeLimit: Size.mebibytes(32) }), path: '/data' },
    ],
    allowFrom: [clients],
  });
  return app;
}
