import { App, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  BackendService,
  ConcurrencyPolicy,
  CronJob,
  Environment,
  Job,
  NetworkPolicy,
  PodManagementPolicy,
  Probe,
  Resources,
  SealedSecret,
  SecretRef,
  StatefulSet,
  StorageClass,
  Volume,
  WebService,
} from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';

/** The namespace of the app. */
export const PIPELINE_NAMESPACE = 'api-fit-pipeline';
/** The Secret cert-manager makes for the ingest host, which the environment declares external. */
export const PIPELINE_TLS_SECRET = 'ingest-tls';
/** The StorageClass of the brokers' disks, which the cluster's administrators install (declared external). */
export const BROKER_STORAGE_CLASS = 'fast-ssd';
/** The object store the compaction writes to, outside the cluster: the only address its pods may reach. */
export const OBJECT_STORE_CIDR = '198.51.100.0/24';
/** The namespace of Prometheus, the only client of the consumer's metrics. */
export const MONITORING_NAMESPACE = 'monitoring';
/** The broker's port for clients (producers, consumers, admin tools). */
export const CLIENT_PORT = 9092;
/** The port brokers replicate partitions on, between themselves. */
export const REPLICATION_PORT = 9093;
/** The port of the brokers' KRaft controllers (the metadata quorum), between themselves. */
export const CONTROLLER_PORT = 9094;

/** The broker image, and the image of the tools (topic setup) that talk to it. */
const KAFKA_IMAGE = 'apache/kafka:3.8.0';
/** The pipeline's own image: `ingest`, `consume` and `compact` are its commands. */
const PIPELINE_IMAGE = 'registry.example.com/pipeline/events:1.9.2';
/** The brokers, by their stable DNS names through the headless Service. */
const BOOTSTRAP = [0, 1, 2].map((ordinal) => `broker-${ordinal}.broker:${CLIENT_PORT}`).join(',');
/** The controller quorum: each broker's node id is its ordinal. */
const VOTERS = [0, 1, 2].map((ordinal) => `${ordinal}@broker-${ordinal}.broker:${CONTROLLER_PORT}`).join(',');

/** The sealed API key of the ingest, as `npm run seal` would write it. */
export const PIPELINE_SEALED_VALUES = {
  [`${PIPELINE_NAMESPACE}/ingest-api-key`]: { 'api-key': 'AgBsealedIngestApiKey==' },
};

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37, or `release`) with the ingest's sealed API key, and its TLS
 * Secret and the brokers' StorageClass declared external.
 */
export function pipelineEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      ...(release === undefined ? {} : { kubernetesVersion: release }),
      external: {
        secrets: [`${PIPELINE_NAMESPACE}/${PIPELINE_TLS_SECRET}`],
        storageClasses: [BROKER_STORAGE_CLASS],
      },
    },
    PIPELINE_SEALED_VALUES,
  );
}

/** The host of the ingest API in an environment. */
export function ingestHost(env: Environment): string {
  return env.name === 'prod' ? 'events.example.com' : 'events.dev.localhost';
}

/**
 * An event-processing pipeline through the public API alone (lib/index.ts and cdk8s-plus; no JSON patch, raw object or
 * generated binding: test/constructs/api-fit-pipeline.test.ts checks this file's text), in one namespace with a quota
 * and container defaults: an HTTP ingest API (TLS, autoscaled, its key from a SealedSecret) produces to a Kafka broker
 * of three (a StatefulSet in parallel, one per node, a claim each from the cluster's SSD class, a client port for the
 * producer, the consumers and the topic setup, and a replication port for the brokers alone), consumers read from it
 * and expose metrics to Prometheus only, a compaction runs every hour as its own ServiceAccount (it may only get and
 * list ConfigMaps) and sends only to the object store outside the cluster, and a one-off Job creates the topics once
 * the brokers are applied.
 */
export function buildPipeline(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const chart = new AppChart(app, 'pipeline', {
    env,
    namespace: PIPELINE_NAMESPACE,
    quota: {
      cpuRequests: prod ? '16' : '4',
      memoryRequests: prod ? '32Gi' : '8Gi',
      cpuLimits: prod ? '32' : '8',
      memoryLimits: prod ? '64Gi' : '16Gi',
      storageRequests: prod ? '1Ti' : '20Gi',
      pods: 40,
      persistentVolumeClaims: 6,
    },
    // For containers the project does not write: `kubectl debug`'s, or a one-off `kubectl run` of the Kafka tools.
    containerDefaults: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  });
  const small: Resources = { cpuRequest: '50m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' };

  const settings = new kplus.ConfigMap(chart, 'pipeline-settings', {
    metadata: { name: 'pipeline-settings' },
    data: { KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, EVENTS_TOPIC: 'events', LOG_LEVEL: prod ? 'info' : 'debug' },
  });
  const apiKey = new SealedSecret(chart, 'ingest-api-key', { keys: ['api-key'], sealedValues: env.sealedValues });

  const ingest = new WebService(chart, 'ingest', {
    image: PIPELINE_IMAGE,
    args: ['ingest'],
    autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
    healthPath: '/healthz',
    host: ingestHost(env),
    tls: SecretRef.fromName(chart, 'tls', PIPELINE_TLS_SECRET),
    ingressAnnotations: { 'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned' },
    envFromConfigMaps: [settings],
    env: { INGEST_API_KEY: kplus.EnvValue.fromSecretValue({ secret: apiKey.secret, key: 'api-key' }) },
    resources: small,
    // Only the Ingress controller sends events in.
    allowFrom: [],
  });
  const consumer = new BackendService(chart, 'consumer', {
    image: PIPELINE_IMAGE,
    args: ['consume', '--group', 'events-consumers'],
    replicas: prod ? 3 : 1,
    // The consumer serves nothing but its metrics, which only Prometheus scrapes.
    port: 9090,
    portName: 'metrics',
    readiness: Probe.httpGet('/metrics', 'metrics'),
    allowFrom: [{ namespaces: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } }],
    envFromConfigMaps: [settings],
    resources: small,
  });

  const topicSetup = new Job(chart, 'topic-setup', {
    backoffLimit: 10,
    activeDeadline: Duration.minutes(15),
    ttlAfterFinished: Duration.hours(6),
    containers: [
      {
        name: 'create-topics',
        image: KAFKA_IMAGE,
        command: [
          '/opt/kafka/bin/kafka-topics.sh',
          '--bootstrap-server',
          BOOTSTRAP,
          '--create',
          '--if-not-exists',
          '--topic',
          'events',
          '--partitions',
          '12',
          '--replication-factor',
          '3',
        ],
      },
    ],
  });

  const broker = new StatefulSet(chart, 'broker', {
    replicas: 3,
    podManagementPolicy: PodManagementPolicy.PARALLEL,
    port: CLIENT_PORT,
    // Replication and the controller quorum are between brokers alone.
    extraPorts: [
      { name: 'replication', number: REPLICATION_PORT, allowFrom: [] },
      { name: 'controller', number: CONTROLLER_PORT, allowFrom: [] },
    ],
    antiAffinity: [{ topologyKey: 'kubernetes.io/hostname', required: true }],
    disruptionBudget: { maxUnavailable: 1 },
    fsGroup: 1000,
    allowFrom: [ingest, consumer, topicSetup],
    volumeClaimTemplates: [
      {
        name: 'data',
        mountPath: '/var/lib/kafka/data',
        storage: Size.gibibytes(prod ? 200 : 5),
        storageClass: StorageClass.fromName(chart, 'broker-storage', BROKER_STORAGE_CLASS),
      },
    ],
    containers: [
      {
        name: 'kafka',
        image: KAFKA_IMAGE,
        ports: [
          { number: CLIENT_PORT, name: 'kafka' },
          { number: REPLICATION_PORT, name: 'replication' },
          { number: CONTROLLER_PORT, name: 'controller' },
        ],
        env: {
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: `CLIENT://:${CLIENT_PORT},REPLICATION://:${REPLICATION_PORT},CONTROLLER://:${CONTROLLER_PORT}`,
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CLIENT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT',
          KAFKA_INTER_BROKER_LISTENER_NAME: 'REPLICATION',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_CONTROLLER_QUORUM_VOTERS: VOTERS,
          KAFKA_LOG_DIRS: '/var/lib/kafka/data',
          // The entrypoint takes the node id from the pod's ordinal (broker-2: 2).
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        },
        readiness: Probe.tcpSocket('kafka'),
        resources: prod
          ? { cpuRequest: '1', memoryRequest: '4Gi', cpuLimit: '2', memoryLimit: '8Gi' }
          : { cpuRequest: '250m', memoryRequest: '1Gi', cpuLimit: '1', memoryLimit: '2Gi' },
        mounts: [
          { volume: Volume.fromEmptyDir('config'), path: '/opt/kafka/config/kraft' },
          { volume: Volume.fromEmptyDir('tmp'), path: '/tmp' },
        ],
      },
    ],
  });
  // The topics are created once the brokers are applied, and before their producer and consumers roll out.
  topicSetup.node.addDependency(broker);
  ingest.node.addDependency(topicSetup);
  consumer.node.addDependency(topicSetup);

  const compactionAccount = new kplus.ServiceAccount(chart, 'compaction-account', {
    metadata: { name: 'compaction' },
  });
  const compactionRole = new kplus.Role(chart, 'compaction-role', { metadata: { name: 'compaction' } });
  compactionRole.allow(['get', 'list'], kplus.ApiResource.CONFIG_MAPS);
  new kplus.RoleBinding(chart, 'compaction-binding', {
    metadata: { name: 'compaction' },
    role: compactionRole,
  }).addSubjects(compactionAccount);
  const compaction = new CronJob(chart, 'compaction', {
    schedule: Cron.schedule({ minute: '0' }),
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.minutes(10),
    activeDeadline: Duration.minutes(50),
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 5,
    serviceAccount: compactionAccount,
    containers: [
      {
        name: 'compact',
        image: PIPELINE_IMAGE,
        args: ['compact', '--since', '1h', '--to', 's3://events-archive/'],
        envFromConfigMaps: [settings],
      },
    ],
  });
  new NetworkPolicy(chart, 'compaction-to-object-store', {
    podSelector: compaction.selectorLabels,
    egress: [{ peers: [{ cidr: OBJECT_STORE_CIDR }], ports: [{ port: 443 }] }],
  });
  return app;
}
