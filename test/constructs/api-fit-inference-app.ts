import { App, Cron, Duration, Size } from 'cdk8s';
import {
  AppChart,
  CompletionMode,
  ConcurrencyPolicy,
  CronJob,
  Deployment,
  Environment,
  ExitCodeOperator,
  Ingress,
  JobSpecProps,
  Job,
  LifecycleHandler,
  NetworkPolicy,
  PodFailureAction,
  PreemptionPolicy,
  PriorityClass,
  Probe,
  ScalingPolicy,
  SealedSecret,
  SecretRef,
  Service,
  ServiceAccount,
  Volume,
  WhenUnsatisfiable,
} from '../../lib';
import { BACKOFF_LIMIT_PER_INDEX_SINCE } from '../../lib/checks/job-rules';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { compareReleases } from '../../lib/config/kubernetes-version';

/** The namespace of the ML team's serving and batch inference. */
export const INFERENCE_NAMESPACE = 'ml-inference';
/** The Secret cert-manager makes for the inference host, which the environments declare external. */
export const INFERENCE_TLS_SECRET = 'inference-tls';
/** The label of the namespace's pods that may call the model server over gRPC. */
export const CLIENT_LABEL = 'inference.example.com/client';
/** The node label the GPU nodes carry (NVIDIA's GPU feature discovery), and the key of their taint. */
export const GPU_NODE_LABEL = 'nvidia.com/gpu.present';
/** The extended resource of one GPU. */
export const GPU = 'nvidia.com/gpu';
/** The model registry's network, which the model server and the fetcher reach on 443; its CI runners are not. */
export const MODEL_REGISTRY_CIDR = '10.40.0.0/16';
export const MODEL_REGISTRY_CI_CIDR = '10.40.200.0/24';
/** The model server's ports: gRPC (cleartext HTTP/2) for clients of the namespace, HTTP behind the Ingress. */
export const GRPC_PORT = 9000;
export const HTTP_PORT = 8080;
/** The exit code with which the embedding job says its input is broken: retrying cannot help. */
export const BAD_INPUT_EXIT_CODE = 42;
/** The image of the embedding batch job, from the team's private registry. */
const EMBED_IMAGE = 'registry.acme.dev/ml/embed-batch:2.3.1';

/** The host of the inference API in an environment. */
export function inferenceHost(env: Environment): string {
  return env.name === 'prod' ? 'inference.example.com' : 'inference.dev.localhost';
}

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37), or of another release, with the sealed registry
 * credentials and the TLS Secret declared external.
 */
export function inferenceEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      ...(release === undefined ? {} : { kubernetesVersion: release }),
      external: { secrets: [`${INFERENCE_NAMESPACE}/${INFERENCE_TLS_SECRET}`] },
    },
    { [`${INFERENCE_NAMESPACE}/registry-credentials`]: { '.dockerconfigjson': 'AgBsealedRegistryCredentials==' } },
  );
}

/**
 * An ML team's model serving and batch inference, as they write it by hand today, through the public API alone
 * (lib/index.ts and the environment's configuration; no JSON patch, raw object or generated binding:
 * test/constructs/api-fit-inference.test.ts checks this file's text):
 * - a model server Deployment on GPU nodes: one GPU per pod (an extended resource, request equal to limit), the GPU
 *   nodes' taint tolerated, a GPU node required by node affinity, spread over zones; the model fetched by an init
 *   container into a bounded emptyDir, shared memory in a memory-backed emptyDir at /dev/shm; a startup probe that
 *   waits 15 minutes for the model to load, a gRPC readiness probe of the inference service, an HTTP liveness probe of
 *   the named port; a drain before it stops; a PriorityClass of its own; a ServiceAccount that pulls from the private
 *   registry with a sealed docker config;
 * - a Service of two ports, gRPC (appProtocol kubernetes.io/h2c) and HTTP, and an Ingress with TLS to the HTTP port;
 * - an autoscaler on the queue depth each pod reports (custom metrics API), quick up and slow down;
 * - a batch embedding Job: Indexed, a pod failure policy that ignores disruptions and fails the Job on bad input, retries
 *   per index where the release has them (1.29 and later), a lower PriorityClass that preempts nobody, deleted six hours
 *   after it ends; and a CronJob that runs it nightly;
 * - network policies: the Ingress controller reaches the HTTP port, the namespace's clients and the embedding jobs gRPC,
 *   the server and its fetcher the model registry on 443 (beside DNS and the namespace, AppChart's defaults);
 * - a ResourceQuota of the namespace's GPUs.
 */
export function buildInference(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const chart = new AppChart(app, 'inference', {
    env,
    namespace: INFERENCE_NAMESPACE,
    quota: { extendedRequests: { [GPU]: prod ? 16 : 2 }, pods: prod ? 60 : 20 },
  });
  const clients = { pods: { [CLIENT_LABEL]: 'true' } };

  const registryCredentials = new SealedSecret(chart, 'registry-credentials', {
    type: 'kubernetes.io/dockerconfigjson',
    keys: ['.dockerconfigjson'],
    sealedValues: env.sealedValues,
  });
  const account = new ServiceAccount(chart, 'inference', { imagePullSecrets: [registryCredentials.secret] });

  const serving = new PriorityClass(chart, 'model-serving', {
    value: 100_000,
    description: 'online inference: scheduled before batch work, which it may preempt',
  });
  const batch = new PriorityClass(chart, 'batch-embedding', {
    value: 1_000,
    preemptionPolicy: PreemptionPolicy.NEVER,
    description: 'batch inference: waits for free GPUs, preempting nobody',
  });

  // Every GPU pod: on a GPU node (required), tolerating the taint that keeps other pods off them.
  const onGpuNodes = {
    tolerations: [{ key: GPU, operator: 'Exists', effect: 'NoSchedule' }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_NODE_LABEL, operator: 'In', values: ['true'] }] }],
        },
      },
    },
    // The account pulls the images; none of the pods calls the API server, so none gets a token.
    serviceAccount: account,
    automountServiceAccountToken: false,
  };
  const model = Volume.fromEmptyDir('model', { sizeLimit: Size.gibibytes(prod ? 40 : 10) });
  const tmp = Volume.fromEmptyDir('tmp', { sizeLimit: Size.gibibytes(1) });

  const server = new Deployment(chart, 'model-server', {
    ...onGpuNodes,
    autoscaling: {
      minReplicas: prod ? 2 : 1,
      maxReplicas: prod ? 8 : 2,
      podMetrics: [{ name: 'inference_queue_depth', averageValue: '30' }],
      // Up at once, by up to 4 pods or double a minute; down one pod each 2 minutes, after 10 minutes of less load.
      scaleUpStabilization: Duration.seconds(0),
      scaleUpPolicies: [ScalingPolicy.pods(4, Duration.minutes(1)), ScalingPolicy.percent(100, Duration.minutes(1))],
      scaleDownStabilization: Duration.minutes(10),
      scaleDownPolicies: [ScalingPolicy.pods(1, Duration.minutes(2))],
    },
    priorityClassName: serving.name,
    topologySpread: [
      {
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: prod ? WhenUnsatisfiable.DO_NOT_SCHEDULE : WhenUnsatisfiable.SCHEDULE_ANYWAY,
      },
    ],
    terminationGracePeriod: Duration.seconds(60),
    initContainers: [
      {
        name: 'fetch-model',
        image: 'registry.acme.dev/ml/model-fetcher:1.2.0',
        args: ['--model', 'embedder', '--version', '2024-11-01', '--to', '/models'],
        env: { MODEL_REGISTRY_URL: 'https://models.registry.acme.dev' },
        mounts: [
          { volume: model, path: '/models' },
          { volume: tmp, path: '/tmp' },
        ],
        resources: { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '1Gi' },
      },
    ],
    containers: [
      {
        name: 'server',
        image: 'registry.acme.dev/ml/model-server:4.1.0',
        args: ['--model-dir', '/models', '--grpc-port', `${GRPC_PORT}`, '--http-port', `${HTTP_PORT}`],
        ports: [
          { number: GRPC_PORT, name: 'grpc' },
          { number: HTTP_PORT, name: 'http' },
        ],
        // Loading the model to the GPU takes minutes: liveness and readiness wait for up to 15 of them.
        startup: Probe.httpGet('/healthz', 'http', { period: Duration.seconds(10), failureThreshold: 90 }),
        readiness: Probe.grpc(GRPC_PORT, { service: 'inference', period: Duration.seconds(5) }),
        liveness: Probe.httpGet('/healthz', 'http', { period: Duration.seconds(20), failureThreshold: 3 }),
        // Stop taking requests and finish those in flight before SIGTERM.
        preStop: LifecycleHandler.httpGet('/drain', 'http'),
        mounts: [
          { volume: model, path: '/models', readOnly: true },
          { volume: Volume.fromEmptyDir('dshm', { memory: true, sizeLimit: Size.gibibytes(2) }), path: '/dev/shm' },
          { volume: tmp, path: '/tmp' },
        ],
        resources: prod
          ? { cpuRequest: '4', memoryRequest: '24Gi', cpuLimit: '8', memoryLimit: '32Gi', extended: { [GPU]: 1 } }
          : { cpuRequest: '1', memoryRequest: '8Gi', cpuLimit: '2', memoryLimit: '12Gi', extended: { [GPU]: 1 } },
      },
    ],
  });

  const embedding: JobSpecProps = {
    ...onGpuNodes,
    priorityClassName: batch.name,
    completionMode: CompletionMode.INDEXED,
    completions: prod ? 32 : 4,
    parallelism: prod ? 4 : 1,
    podFailurePolicy: [
      {
        action: PodFailureAction.FAIL_JOB,
        onExitCodes: { containerName: 'embed', operator: ExitCodeOperator.IN, values: [BAD_INPUT_EXIT_CODE] },
      },
      { action: PodFailureAction.IGNORE, onPodConditions: [{ type: 'DisruptionTarget' }] },
    ],
    // Each shard retried on its own where the release has it; before, the Job's retries are shared.
    ...(compareReleases(env.kubernetesVersion, BACKOFF_LIMIT_PER_INDEX_SINCE) >= 0
      ? { backoffLimitPerIndex: 2, maxFailedIndexes: prod ? 4 : 1 }
      : { backoffLimit: 6 }),
    ttlAfterFinished: Duration.hours(6),
    containers: [
      {
        name: 'embed',
        image: EMBED_IMAGE,
        args: ['embed', '--shards', prod ? '32' : '4', '--model-server', `model-server:${GRPC_PORT}`],
        mounts: [{ volume: Volume.fromEmptyDir('scratch', { sizeLimit: Size.gibibytes(5) }), path: '/tmp' }],
        resources: {
          cpuRequest: '2',
          memoryRequest: '8Gi',
          cpuLimit: '4',
          memoryLimit: '12Gi',
          extended: { [GPU]: 1 },
        },
      },
    ],
  };
  const backfill = new Job(chart, 'embed-backfill', embedding);
  const nightly = new CronJob(chart, 'embed-nightly', {
    ...embedding,
    schedule: Cron.schedule({ minute: '0', hour: '1' }),
    timeZone: 'Etc/UTC',
    concurrencyPolicy: ConcurrencyPolicy.FORBID,
    startingDeadline: Duration.minutes(30),
  });

  const service = new Service(chart, 'model-server-svc', {
    name: 'model-server',
    selector: server,
    ports: [
      {
        port: GRPC_PORT,
        targetPort: 'grpc',
        name: 'grpc',
        appProtocol: 'kubernetes.io/h2c',
        allowFrom: [clients, backfill, nightly],
      },
      // The Ingress lets its controller in; nobody else.
      { port: 80, targetPort: 'http', name: 'http', appProtocol: 'http', allowFrom: [] },
    ],
  });
  new Ingress(chart, 'model-server-ingress', {
    name: 'model-server',
    annotations: { 'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned' },
    rules: [{ host: inferenceHost(env), paths: [{ path: '/', service, port: 80 }] }],
    tls: [{ hosts: [inferenceHost(env)], secret: SecretRef.fromName(chart, 'tls', INFERENCE_TLS_SECRET) }],
  });
  // The fetcher downloads the model from the registry; nothing else outside the cluster, not its CI runners.
  new NetworkPolicy(chart, 'model-server-to-registry', {
    podSelector: server.selectorLabels,
    egress: [{ peers: [{ cidr: MODEL_REGISTRY_CIDR, except: [MODEL_REGISTRY_CI_CIDR] }], ports: [{ port: 443 }] }],
  });
  return app;
}
