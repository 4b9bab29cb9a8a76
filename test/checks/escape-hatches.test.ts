import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Cron, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppChart } from '../../lib/charts/app-chart';
import { Environment, parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { BackendService } from '../../lib/constructs/backend-service';
import { ContainerProps } from '../../lib/constructs/container';
import { CronJob } from '../../lib/constructs/cron-job';
import { CustomResource } from '../../lib/constructs/custom-resource';
import { CustomResourceDefinition } from '../../lib/constructs/custom-resource-definition';
import { DaemonSet, DaemonSetUpdateStrategy } from '../../lib/constructs/daemon-set';
import { Deployment, DeploymentStrategy } from '../../lib/constructs/deployment';
import {
  AutoscalingOptions,
  HorizontalPodAutoscaler,
  ScalingPolicy,
} from '../../lib/constructs/horizontal-pod-autoscaler';
import { Ingress } from '../../lib/constructs/ingress';
import { CompletionMode, Job, JobProps, PodReplacementPolicy } from '../../lib/constructs/job';
import { ExitCodeOperator, PodFailureAction, PodFailureRule } from '../../lib/constructs/pod-failure-policy';
import { TopologySpread, WhenUnsatisfiable } from '../../lib/constructs/pod-spec';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { Namespace } from '../../lib/constructs/namespace';
import { NetworkPolicy } from '../../lib/constructs/network-policy';
import { AccessMode, PersistentVolume } from '../../lib/constructs/persistent-volume';
import { PersistentVolumeClaim } from '../../lib/constructs/persistent-volume-claim';
import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
import { exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { PriorityClass } from '../../lib/constructs/priority-class';
import { Probe } from '../../lib/constructs/probe';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { SealedSecret } from '../../lib/constructs/sealed-secret';
import { Service, ServiceType } from '../../lib/constructs/service';
import { ServiceAccount } from '../../lib/constructs/service-account';
import { StatefulSet, StatefulSetUpdateStrategy } from '../../lib/constructs/stateful-set';
import { StorageClass } from '../../lib/constructs/storage-class';
import {
  ValidatingWebhookConfiguration,
  WebhookOperation,
} from '../../lib/constructs/validating-webhook-configuration';
import { Volume } from '../../lib/constructs/volume';
import { WebService } from '../../lib/constructs/web-service';
import { EXEMPTIBLE_RULE_IDS } from '../../lib/checks/exemptible-rules';
import { formatWarnings } from '../../lib/checks/finding';
import { SynthesisError, renderEnvironments } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { DEV } from '../helpers';
import { TEST_CA_CERTIFICATE } from '../certificates';

/**
 * Every validation of a construct, made again through an escape hatch: (a) a JSON patch of the construct's own
 * ApiObject and (b) a raw ApiObject in the chart. Constructors never see either, so a check over the rendered
 * objects must refuse both, with the rule, the object, the construct path and the fix (or warn of both, where the
 * construct is stricter than Kubernetes).
 */
interface Row {
  /** The construct validation it mirrors, e.g. "Service: ports.port 1-65535". */
  readonly validation: string;
  /**
   * The call in lib/constructs/ that makes the validation: the file and a piece of the call's text (whitespace is
   * ignored). Undefined for rules whose constructor counterpart is a prop's type (e.g. a Job's restartPolicy).
   */
  readonly site?: readonly [file: string, call: string];
  /** Builds valid objects through the constructs; returns the ApiObject to break. */
  readonly build: (chart: AppChart) => ApiObject;
  /**
   * The bad value, as JSON patches of the object as written, with Kubernetes' field names and values: they apply to
   * the construct's ApiObject and to a raw ApiObject alike.
   */
  readonly patches: readonly JsonPatch[];
  /** The object in the report, `Kind namespace/name`. */
  readonly object: string;
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
  /** The environment the row's app is built for. @default DEV (Kubernetes 1.27) */
  readonly env?: Environment;
  /**
   * Whether the check only warns of it (the synthesis prints it and still writes `dist/`): the construct is stricter
   * than Kubernetes, which takes the value. @default false
   */
  readonly warning?: boolean;
}

const IMAGE = 'nginx:1.27';
/** The prod environment (Kubernetes 1.37), for a row whose field comes with a later release than DEV's 1.27. */
const PROD = parseEnvironment('prod', ENVIRONMENTS.prod);
/** The environment of the custom resource rows: Widget v1 installed with the cluster (so no order warning). */
const WIDGETS_ENV = parseEnvironment('dev', {
  ...ENVIRONMENTS.dev,
  external: { customResources: ['example.com/v1 Widget'] },
});

const CONTAINER = '/spec/template/spec/containers/0';
const POD = '/spec/template/spec';
const JOB_POD = '/spec/template/spec';
const CRON_JOB = '/spec/jobTemplate/spec';
const DNS_LABEL_RULE = 'is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")';
const RENAME = 'rename the object (the construct id or its `name` prop)';
const SUBDOMAIN = 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")';
const MIGRATION_GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';
const SEAL =
  'put the value in secrets/plain/<env>.json (git ignores the folder) or K8S_COURSE_SECRETS_<ENV>, then run ' +
  '`npm run seal -- --env <env>`';

function appContainer(props: Partial<ContainerProps> = {}): ContainerProps {
  return {
    name: 'app',
    image: IMAGE,
    ports: [{ number: 8080, name: 'http' }],
    readiness: Probe.httpGet('/', 'http'),
    liveness: Probe.tcpSocket('http'),
    ...props,
  };
}

function web(chart: AppChart, container: Partial<ContainerProps> = {}): Deployment {
  return new Deployment(chart, 'web', { containers: [appContainer(container)] });
}

/** A DaemonSet `agent` of the app's container, rolled out as `updateStrategy` says. */
function agent(chart: AppChart, updateStrategy: DaemonSetUpdateStrategy): DaemonSet {
  return new DaemonSet(chart, 'agent', { containers: [appContainer()], updateStrategy });
}

/** A Deployment `web` with a nameserver and a host alias of its own. */
function dnsWeb(chart: AppChart): Deployment {
  return new Deployment(chart, 'web', {
    containers: [appContainer()],
    dnsConfig: { nameservers: ['10.0.0.53'], options: { ndots: '2' } },
    hostAliases: { '10.0.0.5': ['legacy.internal'] },
  });
}

/** A Deployment `web` and a ClusterIP Service `web-svc` in front of it. */
function webAndService(chart: AppChart): { deployment: Deployment; service: Service } {
  const deployment = web(chart);
  const service = new Service(chart, 'web-svc', {
    selector: deployment,
    ports: [{ port: 80, targetPort: 'http', name: 'http' }],
  });
  return { deployment, service };
}

function ingress(chart: AppChart): Ingress {
  const { service } = webAndService(chart);
  new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
  return new Ingress(chart, 'routes', {
    rules: [{ host: 'web.example.com', paths: [{ path: '/api', service }] }],
  });
}

function job(chart: AppChart): Job {
  return new Job(chart, 'count', { containers: [{ name: 'count', image: 'busybox:1.36' }], completions: 3 });
}

function cronJob(chart: AppChart): CronJob {
  return new CronJob(chart, 'report', {
    schedule: Cron.schedule({ minute: '*/5' }),
    containers: [{ name: 'report', image: 'busybox:1.36' }],
  });
}

/** A Job `count` whose pods fail it at once on exit code 42, or by `rules`. */
function failingJob(
  chart: AppChart,
  rules: readonly PodFailureRule[] = [FAIL_ON_42],
  props: Partial<JobProps> = {},
): Job {
  return new Job(chart, 'count', {
    containers: [{ name: 'count', image: 'busybox:1.36' }],
    podFailurePolicy: rules,
    ...props,
  });
}

const FAIL_ON_42: PodFailureRule = {
  action: PodFailureAction.FAIL_JOB,
  onExitCodes: { operator: ExitCodeOperator.IN, values: [42] },
};
const IGNORE_DISRUPTION: PodFailureRule = {
  action: PodFailureAction.IGNORE,
  onPodConditions: [{ type: 'DisruptionTarget' }],
};

/** An Indexed Job `count` of 3 indexes, each retried once (Kubernetes 1.29 and later: rows on PROD). */
function perIndexJob(chart: AppChart, props: Partial<JobProps> = {}): Job {
  return new Job(chart, 'count', {
    containers: [{ name: 'count', image: 'busybox:1.36' }],
    completionMode: CompletionMode.INDEXED,
    completions: 3,
    backoffLimitPerIndex: 1,
    ...props,
  });
}

/** A Deployment `web` spread over zones by `spread`. */
function spreadWeb(chart: AppChart, spread: Partial<TopologySpread>): Deployment {
  return new Deployment(chart, 'web', {
    containers: [appContainer()],
    topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', ...spread }],
  });
}

function allowFromOffice(chart: AppChart): NetworkPolicy {
  return new NetworkPolicy(chart, 'allow-office', {
    podSelector: { app: 'web' },
    ingress: [{ peers: [{ cidr: '192.168.0.0/16' }], ports: [{ port: 8080 }] }],
  });
}

/** A WebService `api` with a metrics port, scraped from the namespace `monitoring`, beside its HTTP port. */
function apiWithMetrics(chart: AppChart): WebService {
  const monitoring = { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } };
  return new WebService(chart, 'api', {
    image: IMAGE,
    extraPorts: [{ name: 'metrics', number: 9090, allowFrom: [monitoring] }],
  });
}

/** The NetworkPolicy that opens a Service's ports to its clients. */
function allowIngressOf(service: Service): ApiObject {
  return (service.node.findChild('AllowIngress') as NetworkPolicy).apiObject;
}

function withCache(chart: AppChart): Deployment {
  return web(chart, { mounts: [{ volume: Volume.fromEmptyDir('cache'), path: '/cache' }] });
}

function storage(chart: AppChart): { volume: PersistentVolume; claim: PersistentVolumeClaim } {
  const storageClass = new StorageClass(chart, 'manual', {});
  const volume = new PersistentVolume(chart, 'notes-pv', {
    hostPath: '/var/lib/notes',
    capacity: Size.gibibytes(1),
    storageClass,
  });
  const claim = new PersistentVolumeClaim(chart, 'notes', { storage: Size.gibibytes(1), volume });
  return { volume, claim };
}

function redis(chart: AppChart): StatefulSet {
  return new StatefulSet(chart, 'redis', {
    port: 6379,
    containers: [
      {
        name: 'redis',
        image: 'redis:7.2',
        ports: [{ number: 6379, name: 'redis' }],
        readiness: Probe.tcpSocket('redis'),
        liveness: Probe.exec(['redis-cli', 'ping']),
      },
    ],
    volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
  });
}

/** A Service of the redis StatefulSet's pod 0 alone. */
function primaryService(chart: AppChart): Service {
  return new Service(chart, 'redis-primary', {
    selector: redis(chart).member(0),
    ports: [{ port: 6379, targetPort: 'redis', name: 'redis' }],
  });
}

/** A StatefulSet whose init container prepares the data on its claim. */
function preparedRedis(chart: AppChart): StatefulSet {
  return new StatefulSet(chart, 'redis', {
    port: 6379,
    initContainers: [{ name: 'prepare', image: 'busybox:1.36', command: ['sh', '-c', 'mkdir -p /data/db'] }],
    containers: [
      {
        name: 'redis',
        image: 'redis:7.2',
        ports: [{ number: 6379, name: 'redis' }],
        readiness: Probe.exec(['redis-cli', 'ping']),
      },
    ],
    volumeClaimTemplates: [
      {
        name: 'data',
        mountPath: '/data',
        storage: Size.gibibytes(1),
        otherMounts: [{ container: 'prepare', path: '/data' }],
      },
    ],
  });
}

/** A StatefulSet of two ports: its client port and, in extraPorts, the port its members replicate on. */
function brokers(chart: AppChart): StatefulSet {
  return new StatefulSet(chart, 'broker', {
    port: 9092,
    extraPorts: [{ name: 'replication', number: 9093 }],
    containers: [
      {
        name: 'broker',
        image: 'apache/kafka:3.7.0',
        ports: [
          { number: 9092, name: 'client' },
          { number: 9093, name: 'replication' },
        ],
        readiness: Probe.tcpSocket('client'),
      },
    ],
  });
}

function nodePortService(chart: AppChart): Service {
  return new Service(chart, 'web-nodeport', {
    type: ServiceType.NODE_PORT,
    selector: web(chart),
    ports: [{ port: 80, targetPort: 'http', nodePort: 30080, name: 'http' }],
  });
}

function externalName(chart: AppChart): Service {
  return new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
}

/** The node affinity of a local PersistentVolume on node-1. */
const ON_NODE_1 = {
  required: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }],
  },
};

const ROWS: readonly Row[] = [
  // container.ts
  {
    validation: 'Container: name is a DNS-1123 label',
    site: ['container.ts', "checkDnsLabel(scope, 'container name'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/name`, 'App_1')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: `container name "App_1" ${DNS_LABEL_RULE}`,
    fix: 'rename the container',
  },
  {
    validation: 'Container: image is not empty',
    site: ['container.ts', 'image must name an image'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/image`, ' ')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'container "app" names no image',
    fix: 'set `image` to an image with a tag or a digest',
  },
  {
    validation: 'Container: image is a reference the kubelet can parse',
    site: ['container.ts', 'is not an image reference the kubelet can parse'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/image`, 'Nginx:1.27')],
    object: 'Deployment eh/web',
    rule: 'image-reference',
    message:
      'container "app" image "Nginx:1.27" is not an image reference the kubelet can parse (the pod would never ' +
      'start, InvalidImageName): the repository name "Nginx" must be lower case',
    fix: 'write "nginx:1.27"',
  },
  {
    validation: 'Container: ports.number 1-65535',
    site: ['container.ts', 'checkPort(scope, `${where}.ports[${index}].number`'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/0/containerPort`, 0)],
    object: 'Deployment eh/web',
    rule: 'port-range',
    message: 'containerPort of container "app" 0 is outside 1-65535',
    fix: 'use a port from 1 to 65535',
  },
  {
    validation: 'Container: ports.name is an IANA service name',
    site: ['container.ts', 'must be at most 15 lower-case letters'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/0/name`, 'a-very-long-port-name')],
    object: 'Deployment eh/web',
    rule: 'port-name',
    message:
      'port name "a-very-long-port-name" of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
    fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
  },
  {
    validation: 'Container: port numbers unique',
    site: ['container.ts', '`${where} port numbers`'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/ports/-`, { containerPort: 8080 })],
    object: 'Deployment eh/web',
    rule: 'unique-names',
    message: 'port number of container "app" "8080/TCP" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'Container: port names unique',
    site: ['container.ts', '`${where} port names`'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/ports/-`, { containerPort: 8081, name: 'http' })],
    object: 'Deployment eh/web',
    rule: 'unique-names',
    message: 'port name of container "app" "http" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'Container: requests and limits of 0 or more',
    site: ['container.ts', 'is negative, which the API server refuses; give 0 or more'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/resources/requests/cpu`, '-100m')],
    object: 'Deployment eh/web',
    rule: 'quantity',
    message: 'container "app" requests.cpu "-100m" is negative',
    fix: 'write a quantity of 0 or more',
  },
  {
    validation: 'Container: no request above its limit',
    site: ['container.ts', 'which the API server refuses; raise ${limited.prop}'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/resources/limits/memory`, '0')],
    object: 'Deployment eh/web',
    rule: 'quantity',
    message: 'container "app" requests memory 64Mi, more than its limit 0',
    fix: 'raise the limit or lower the request',
  },
  {
    validation: "Container: a container's mount paths are unique",
    site: ['container.ts', "a container's mount paths must be unique"],
    build: (chart) => web(chart, { mounts: [{ volume: Volume.fromEmptyDir('cache'), path: '/cache' }] }).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 'cache', mountPath: '/cache', subPath: 'b' })],
    object: 'Deployment eh/web',
    rule: 'unique-names',
    message: 'mountPath of container "app" "/cache" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'Container: a probe port name is a port the container names',
    site: ['container.ts', 'which the container does not name'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/port`, 'web')],
    object: 'Deployment eh/web',
    rule: 'probe-port',
    message:
      'readinessProbe.httpGet of container "app" targets port "web", which the container does not name; named ports: "http"',
    fix: 'name one of the container\'s ports "web", or probe a port it declares',
  },
  {
    validation: 'Container: a probe port number is a port the container declares',
    site: ['container.ts', 'which the container does not declare'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/livenessProbe/tcpSocket/port`, 9090)],
    object: 'Deployment eh/web',
    rule: 'probe-port',
    message:
      'livenessProbe.tcpSocket of container "app" targets port 9090, which is not a containerPort of the container; it declares 8080 ("http")',
    fix: "probe one of the declared ports, or declare port 9090 in the container's ports",
    warning: true,
  },
  {
    validation: 'Probe: a duration the API server decodes (an int32 of seconds)',
    site: ['probe.ts', 'seconds, got ${seconds} seconds; ${advice}'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/readinessProbe/periodSeconds`, 2 ** 31)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.containers[0].readinessProbe.periodSeconds must be an integer (int32), got 2147483648',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'Probe: a duration of 0 or more (a Duration is never negative; written raw, it is refused)',
    site: ['probe.ts', 'seconds, got ${seconds} seconds; ${advice}'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/livenessProbe/timeoutSeconds`, -1)],
    object: 'Deployment eh/web',
    rule: 'probe-spec',
    message: 'livenessProbe.timeoutSeconds of container "app" is -1, which must be 0 or more',
    fix: 'set timeoutSeconds to 0 or more, or leave it out for the default',
  },
  {
    validation: 'Container: a probe port number, in a container that declares no ports',
    site: ['container.ts', 'which the container does not declare'],
    build: (chart) =>
      new Deployment(chart, 'worker', {
        containers: [{ name: 'worker', image: IMAGE, ports: [{ number: 8080 }], liveness: Probe.tcpSocket(8080) }],
      }).apiObject,
    patches: [JsonPatch.remove(`${CONTAINER}/ports`)],
    object: 'Deployment eh/worker',
    rule: 'probe-port',
    message: 'livenessProbe.tcpSocket of container "worker" targets port 8080, but the container declares no ports',
    fix: "declare port 8080 in the container's ports, or probe a port it declares",
    warning: true,
  },
  {
    validation: 'Container: an env value reads a key a ConfigMap or Secret may have',
    site: ['container.ts', 'which no ConfigMap'],
    build: (chart) => web(chart, { env: { MODE: kplus.EnvValue.fromValue('prod') } }).apiObject,
    patches: [
      JsonPatch.replace(`${CONTAINER}/env/0`, {
        name: 'MODE',
        valueFrom: { configMapKeyRef: { name: 'settings', key: 'app/mode', optional: true } },
      }),
    ],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'env MODE of container "app" reads configMapKeyRef key "app/mode", which is no key of a ConfigMap or Secret: at ' +
      "most 253 letters, digits, '-', '_' or '.', not \".\" and not starting with \"..\"",
    fix: 'name a key the object has, e.g. "app-mode"',
  },
  {
    validation: 'Container: env names are environment variable names',
    site: ['container.ts', '.env name'],
    build: (chart) => web(chart, { env: { MODE: kplus.EnvValue.fromValue('prod') } }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/env/0/name`, 'LOG LEVEL')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'env name "LOG LEVEL" of container "app" must be letters, digits, "-", "_" or ".", not starting with a digit ' +
      '(Kubernetes before 1.32 refuses others, and this environment runs 1.27)',
    fix: 'rename the variable',
  },
  {
    validation: 'Pod spec: a container mounts only volumes of the pod (the construct adds every mounted volume)',
    build: (chart) => withCache(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/volumeMounts/0/name`, 'scratch')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'container "app" mounts volume "scratch" at /cache, which the pod does not have',
    fix: 'mount a volume of the pod (pass the Volume in `mounts`, which adds it to the pod)',
  },
  {
    validation: 'Volume: ConfigMap and Secret items land at relative paths',
    site: ['volume.ts', 'must be a relative path without a ".." element'],
    build: (chart) => {
      const settings = new kplus.ConfigMap(chart, 'settings', { data: { MODE: 'prod' } });
      const volume = Volume.fromConfigMap(settings, { name: 'settings', items: { MODE: 'mode' } });
      return web(chart, { mounts: [{ volume, path: '/etc/app', readOnly: true }] }).apiObject;
    },
    patches: [JsonPatch.replace(`${POD}/volumes/0/configMap/items/0/path`, '../mode')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'volume "settings" writes key "MODE" to "../mode", which must be a relative path without ".."',
    fix: 'write the path relative to the mount path, e.g. "settings.json" or "conf/settings.json"',
  },
  // cron-job.ts
  {
    validation: 'CronJob: name is a DNS-1123 subdomain',
    site: ['workload.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Report_1')],
    object: 'CronJob eh/Report_1',
    rule: 'object-name',
    message: `name "Report_1" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'CronJob: name at most 52 characters',
    site: ['cron-job.ts', 'name must be at most ${MAX_CRON_JOB_NAME} characters'],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'r'.repeat(53))],
    object: `CronJob eh/${'r'.repeat(53)}`,
    rule: 'object-name',
    message: `name "${'r'.repeat(53)}" must be at most 52 characters (the controller appends 11 to name its Jobs)`,
    fix: RENAME,
  },
  {
    validation: 'CronJob: schedule is five cron fields or a macro',
    site: ['cron-job.ts', "checkCronSchedule(this, 'schedule'"],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/schedule', '*/5 * *')],
    object: 'CronJob eh/report',
    rule: 'cron-schedule',
    message:
      'schedule must be five fields (minute hour day-of-month month day-of-week, e.g. "*/5 * * * *"), one of ' +
      '@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or @every <duration>, got "*/5 * *": 3 fields',
    fix: 'write a standard cron schedule, e.g. Cron.schedule({ minute: "*/5" })',
  },
  {
    validation: 'CronJob: timeZone is an IANA time zone',
    site: ['cron-job.ts', 'fail(this, `timeZone ${timeZone}`'],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.add('/spec/timeZone', 'europe/paris')],
    object: 'CronJob eh/report',
    rule: 'cron-schedule',
    message:
      'timeZone must be an IANA time zone such as "Europe/Paris" or "UTC", got "europe/paris"; write "Europe/Paris"',
    fix: 'write a name of the tz database (https://www.iana.org/time-zones), with its case, or leave timeZone out',
  },
  {
    validation: 'CronJob: successfulJobsHistoryLimit integer >= 0',
    site: ['cron-job.ts', "'successfulJobsHistoryLimit'"],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/successfulJobsHistoryLimit', -1)],
    object: 'CronJob eh/report',
    rule: 'counts',
    message: 'successfulJobsHistoryLimit must be an integer of 0 or more, got -1',
    fix: 'set successfulJobsHistoryLimit to an integer of 0 or more',
  },
  {
    validation: 'CronJob: failedJobsHistoryLimit integer >= 0',
    site: ['cron-job.ts', "'failedJobsHistoryLimit'"],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/failedJobsHistoryLimit', 1.5)],
    object: 'CronJob eh/report',
    rule: 'counts',
    message: 'failedJobsHistoryLimit must be an integer of 0 or more, got 1.5',
    fix: 'set failedJobsHistoryLimit to an integer of 0 or more',
  },
  {
    validation: "CronJob: the Job template's restartPolicy is Never or OnFailure (a typed prop)",
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.remove(`${CRON_JOB}/template/spec/restartPolicy`)],
    object: 'CronJob eh/report',
    rule: 'restart-policy',
    message: "restartPolicy is not set (Always by default); a CronJob's pods must restart Never or OnFailure",
    fix: "set the pod template's restartPolicy to Never or OnFailure",
  },
  // deployment.ts, replica-set.ts, stateful-set.ts, workload.ts
  {
    validation: 'Deployment: replicas integer >= 0',
    site: ['workload.ts', "checkCount(scope, 'replicas'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace('/spec/replicas', -1)],
    object: 'Deployment eh/web',
    rule: 'counts',
    message: 'replicas must be an integer of 0 or more, got -1',
    fix: 'set replicas to an integer of 0 or more',
  },
  {
    validation: 'ReplicaSet: replicas integer >= 0',
    site: ['workload.ts', "checkCount(scope, 'replicas'"],
    build: (chart) => new ReplicaSet(chart, 'hello', { containers: [{ name: 'hello', image: IMAGE }] }).apiObject,
    patches: [JsonPatch.replace('/spec/replicas', 2.5)],
    object: 'ReplicaSet eh/hello',
    rule: 'counts',
    message: 'replicas must be an integer of 0 or more, got 2.5',
    fix: 'set replicas to an integer of 0 or more',
  },
  {
    validation: 'ReplicaSet: minReady at most int32 seconds',
    site: ['replica-set.ts', "checkInt32Seconds(this, 'minReady'"],
    build: (chart) => new ReplicaSet(chart, 'hello', { containers: [{ name: 'hello', image: IMAGE }] }).apiObject,
    patches: [JsonPatch.add('/spec/minReadySeconds', 2 ** 31)],
    object: 'ReplicaSet eh/hello',
    rule: 'schema',
    message: 'spec.minReadySeconds must be an integer (int32), got 2147483648',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'DaemonSet: minReady is whole seconds',
    site: ['daemon-set.ts', "checkInt32Seconds(this, 'minReady'"],
    build: (chart) => agent(chart, DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: '10%' })).apiObject,
    patches: [JsonPatch.add('/spec/minReadySeconds', 0.5)],
    object: 'DaemonSet eh/agent',
    rule: 'schema',
    message: 'spec.minReadySeconds must be an integer (int32), got 0.5',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'StatefulSet: minReady at most int32 seconds',
    site: ['stateful-set.ts', "checkInt32Seconds(this, 'minReady'"],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.add('/spec/minReadySeconds', 2 ** 31)],
    object: 'StatefulSet eh/redis',
    rule: 'schema',
    message: 'spec.minReadySeconds must be an integer (int32), got 2147483648',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'StatefulSet: replicas integer >= 0',
    site: ['workload.ts', "checkCount(scope, 'replicas'"],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.replace('/spec/replicas', -2)],
    object: 'StatefulSet eh/redis',
    rule: 'counts',
    message: 'replicas must be an integer of 0 or more, got -2',
    fix: 'set replicas to an integer of 0 or more',
  },
  {
    validation: 'Deployment: revisionHistoryLimit integer >= 0',
    site: ['deployment.ts', "checkCount(this, 'revisionHistoryLimit'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace('/spec/revisionHistoryLimit', -1)],
    object: 'Deployment eh/web',
    rule: 'counts',
    message: 'revisionHistoryLimit must be an integer of 0 or more, got -1',
    fix: 'set revisionHistoryLimit to an integer of 0 or more',
  },
  {
    validation: 'Deployment: minReady is a whole number of seconds',
    site: ['deployment.ts', "checkInt32Seconds(this, 'minReady'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/minReadySeconds', 1.5)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.minReadySeconds must be an integer (int32), got 1.5',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'Deployment: progressDeadline at most int32 seconds',
    site: ['deployment.ts', "checkInt32Seconds(this, 'progressDeadline'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/progressDeadlineSeconds', 2 ** 31)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.progressDeadlineSeconds must be an integer (int32), got 2147483648',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'Deployment: progressDeadline longer than minReady (the default 600 s too)',
    site: ['deployment.ts', '`progressDeadline (${deadline} s'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/minReadySeconds', 600)],
    object: 'Deployment eh/web',
    rule: 'counts',
    message:
      'progressDeadlineSeconds 600 (the default) is not more than minReadySeconds 600, which the API server refuses',
    fix: 'set progressDeadlineSeconds above 600, or lower minReadySeconds',
  },
  {
    validation: 'Deployment: selectorLabels do not name pod-template-hash, which the controller sets',
    site: ['labels.ts', '`selectorLabels name ${label}'],
    build: (chart) => web(chart).apiObject,
    patches: [
      JsonPatch.add('/spec/selector/matchLabels/pod-template-hash', 'x'),
      JsonPatch.add('/spec/template/metadata/labels/pod-template-hash', 'x'),
    ],
    object: 'Deployment eh/web',
    rule: 'selector-labels',
    message:
      "the selector names pod-template-hash, which the Deployment controller adds to the selector and pod template of each ReplicaSet it makes, with the hash of the template: the ReplicaSet no longer matches the Deployment's selector, so the controller lets it go and makes another, without end (90 ReplicaSets, each with its pod, in 25 seconds on the 1.27 and 1.37 clusters); the API server takes it",
    fix: "remove pod-template-hash from the selector (and from the template's labels): the controller adds it to each ReplicaSet itself",
  },
  {
    validation: 'StatefulSet: selectorLabels do not name controller-revision-hash, which the controller sets',
    site: ['labels.ts', '`selectorLabels name ${label}'],
    build: (chart) => redis(chart).apiObject,
    patches: [
      JsonPatch.add('/spec/selector/matchLabels/controller-revision-hash', 'x'),
      JsonPatch.add('/spec/template/metadata/labels/controller-revision-hash', 'x'),
    ],
    object: 'StatefulSet eh/redis',
    rule: 'selector-labels',
    message:
      'the selector names controller-revision-hash, which the StatefulSet controller sets on each pod it makes, with the hash of the template: no pod it makes matches the selector, so it makes its first pod, which it does not count as its own, and no other (0 replicas ready on the 1.27 and 1.37 clusters, pod 0 left running); the API server takes it',
    fix: "remove controller-revision-hash from the selector (and from the template's labels): the controller adds it to each pod itself",
  },
  {
    validation: 'DaemonSet: selectorLabels do not name controller-revision-hash, which the controller sets',
    site: ['labels.ts', '`selectorLabels name ${label}'],
    build: (chart) => agent(chart, DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: '10%' })).apiObject,
    patches: [
      JsonPatch.add('/spec/selector/matchLabels/controller-revision-hash', 'x'),
      JsonPatch.add('/spec/template/metadata/labels/controller-revision-hash', 'x'),
    ],
    object: 'DaemonSet eh/agent',
    rule: 'selector-labels',
    message:
      'the selector names controller-revision-hash, which the DaemonSet controller sets on each pod it makes, with the hash of the template: no pod it makes matches the selector, so it makes pods without end (a new pod every second or so on the 1.27 and 1.37 clusters); the API server takes it',
    fix: "remove controller-revision-hash from the selector (and from the template's labels): the controller adds it to each pod itself",
  },
  {
    validation: 'Workload (Deployment, ReplicaSet, StatefulSet, Pod, Job): name is a DNS-1123 subdomain',
    site: ['workload.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Web')],
    object: 'Deployment eh/Web',
    rule: 'object-name',
    message: `name "Web" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: "Deployment: the pod template's restartPolicy is Always (set by the construct)",
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/restartPolicy`, 'Never')],
    object: 'Deployment eh/web',
    rule: 'restart-policy',
    message: 'restartPolicy "Never"; a Deployment\'s pods must restart Always',
    fix: "set the pod template's restartPolicy to Always",
  },
  // ingress.ts
  {
    validation: 'Ingress: name is a DNS-1123 subdomain',
    site: ['ingress.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Routes')],
    object: 'Ingress eh/Routes',
    rule: 'object-name',
    message: `name "Routes" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'Ingress: TLS hosts are DNS names',
    site: ['ingress.ts', 'checkDnsSubdomain(this, `tls[${index}].hosts[${at}]`'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.add('/spec/tls', [{ hosts: ['*'], secretName: 'web-tls' }])],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message: 'tls[0] host "*" is not a DNS name (a DNS-1123 subdomain, optionally after "*.")',
    fix: 'list the lower-case host names the certificate covers, as the rules name them',
  },
  {
    validation: 'Ingress: at least one rule',
    site: ['ingress.ts', 'an Ingress needs at least one rule'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.remove('/spec/rules')],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message: 'the Ingress has no rules and no defaultBackend, so it routes nothing',
    fix: 'add a rule with a host and paths',
  },
  {
    validation: 'Ingress: a path routes to a port of its Service',
    site: ['ingress.ts', 'routes to port'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/port/number', 81)],
    object: 'Ingress eh/routes',
    rule: 'ingress-backend',
    message: 'backend port 81 is not a port of Service eh/web-svc, which has 80 ("http")',
    fix: "use one of the Service's port numbers or names",
  },
  {
    validation: 'Ingress: rules.host is a DNS-1123 subdomain (after "*.")',
    site: ['ingress.ts', "checkDnsSubdomain(this, 'rules.host'"],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/host', 'https://web.example.com')],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message: 'host "https://web.example.com" is not a DNS name (a DNS-1123 subdomain, optionally after "*.")',
    fix: 'write a lower-case host name without scheme, port or path, e.g. "web.example.com"',
  },
  {
    validation: 'Ingress: rules.host is no IP address',
    site: ['ingress.ts', '`rules.host "${rule.host}" is an IP address'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/host', '10.0.0.1')],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message:
      'host "10.0.0.1" is an IP address; the API server takes only a DNS name as a rule\'s host (must be a DNS name, not an IP address)',
    fix: 'leave host out to serve every host (and so the address), or route a DNS name that resolves to it, e.g. "10.0.0.1.nip.io"',
  },
  {
    validation: 'Ingress: className is a DNS-1123 subdomain (a WebService checks its ingressClassName alike)',
    site: ['ingress.ts', 'checkDnsSubdomain(scope, field, value)'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.add('/spec/ingressClassName', 'Nginx')],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message:
      'ingressClassName "Nginx" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), so it names no IngressClass',
    fix: 'name an IngressClass of the cluster as `kubectl get ingressclass` lists it, e.g. "nginx"',
  },
  {
    validation: 'Ingress: a rule has at least one path',
    site: ['ingress.ts', 'needs at least one path'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths', [])],
    object: 'Ingress eh/routes',
    rule: 'ingress-spec',
    message: 'the rule for host "web.example.com" has no paths',
    fix: 'add a path and the Service it routes to',
  },
  {
    validation: "Ingress: rules.paths.path starts with '/'",
    site: ['ingress.ts', "checkIngressPath(this, 'rules.paths.path'"],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths/0/path', 'api')],
    object: 'Ingress eh/routes',
    rule: 'ingress-path',
    message: 'path "api" must start with \'/\'',
    fix: 'write "/api"',
  },
  {
    validation: 'Ingress: a Prefix or Exact path has no "//", "/./", "/../" or "%2f"',
    site: ['ingress.ts', "checkIngressPath(this, 'rules.paths.path'"],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths/0/path', '/api/./v1')],
    object: 'Ingress eh/routes',
    rule: 'ingress-path',
    message: 'path "/api/./v1" contains "/./", which the API server refuses in a Prefix path',
    fix: 'write the path without it',
  },
  {
    validation: 'Ingress: a path has a pathType (set by the construct)',
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.remove('/spec/rules/0/http/paths/0/pathType')],
    object: 'Ingress eh/routes',
    rule: 'ingress-path',
    message: 'path "/api" has no pathType',
    fix: 'set pathType to Prefix, Exact or ImplementationSpecific',
  },
  {
    validation: 'Ingress: a path routes to no ExternalName Service',
    site: ['ingress.ts', 'which has no endpoints'],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/name', 'docs')],
    object: 'Ingress eh/routes',
    rule: 'ingress-backend',
    message: 'backend Service eh/docs is an ExternalName Service, which has no endpoints to route to',
    fix: 'route to a Service that selects pods',
  },
  // job.ts
  {
    validation: 'Job: ttlAfterFinished fits the int32 of seconds',
    site: ['job.ts', "'ttlAfterFinished in seconds'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ttlSecondsAfterFinished', 2 ** 31)],
    object: 'Job eh/count',
    rule: 'schema',
    message: 'spec.ttlSecondsAfterFinished must be an integer (int32), got 2147483648',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'Job: activeDeadline of 1 second or more',
    site: ['job.ts', "'activeDeadline in seconds'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.add('/spec/activeDeadlineSeconds', 0)],
    object: 'Job eh/count',
    rule: 'counts',
    message: 'activeDeadlineSeconds is 0: the Job fails at once, its deadline passed',
    fix: 'set activeDeadlineSeconds to an integer of 1 or more',
    warning: true,
  },
  {
    validation: 'Job: completions integer >= 1',
    site: ['job.ts', "checkCount(scope, 'completions'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/spec/completions', 0)],
    object: 'Job eh/count',
    rule: 'counts',
    message: 'completions is 0: the Job succeeds at once, without running a pod',
    fix: 'set completions to an integer of 1 or more',
    warning: true,
  },
  {
    validation: 'Job: parallelism integer >= 1',
    site: ['job.ts', "checkCount(scope, 'parallelism'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/spec/parallelism', 0)],
    object: 'Job eh/count',
    rule: 'counts',
    message:
      'parallelism is 0: the Job runs no pod until parallelism is raised (suspend: true is the way to pause a Job)',
    fix: 'set parallelism to an integer of 1 or more',
    warning: true,
  },
  {
    validation: 'Job: parallelism at most completions',
    site: ['job.ts', 'is more than completions'],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/spec/parallelism', 5)],
    object: 'Job eh/count',
    rule: 'counts',
    message: 'parallelism 5 is more than completions 3; no more than 3 pods can run',
    fix: 'lower parallelism to completions or less',
    warning: true,
  },
  {
    validation: 'CronJob: the Job template parallelism at most completions',
    site: ['job.ts', 'is more than completions'],
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace(`${CRON_JOB}/parallelism`, 2)],
    object: 'CronJob eh/report',
    rule: 'counts',
    message: 'jobTemplate.spec.parallelism 2 is more than completions 1; no more than 1 pods can run',
    fix: 'lower parallelism to completions or less',
    warning: true,
  },
  {
    validation: 'Job: backoffLimit integer >= 0',
    site: ['job.ts', "checkCount(scope, 'backoffLimit'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/spec/backoffLimit', -1)],
    object: 'Job eh/count',
    rule: 'counts',
    message: 'backoffLimit must be an integer of 0 or more, got -1',
    fix: 'set backoffLimit to an integer of 0 or more',
  },
  {
    validation: 'Job: name is a DNS-1123 subdomain',
    site: ['workload.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'count_1')],
    object: 'Job eh/count_1',
    rule: 'object-name',
    message: `name "count_1" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: "Job: the pod template's restartPolicy is Never or OnFailure (a typed prop)",
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.replace(`${JOB_POD}/restartPolicy`, 'Always')],
    object: 'Job eh/count',
    rule: 'restart-policy',
    message: 'restartPolicy "Always"; a Job\'s pods must restart Never or OnFailure',
    fix: "set the pod template's restartPolicy to Never or OnFailure",
  },
  // namespace.ts, network-policy.ts
  {
    validation: 'Namespace: name is a DNS-1123 label',
    site: ['namespace.ts', "checkDnsLabel(this, 'name'"],
    build: (chart) => chart.ns.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'eh.v2')],
    object: 'Namespace eh.v2',
    rule: 'object-name',
    message: 'name "eh.v2" must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
    fix: RENAME,
  },
  {
    validation: 'NetworkPolicy: name is a DNS-1123 subdomain',
    site: ['network-policy.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => new NetworkPolicy(chart, 'allow-web', { podSelector: { app: 'web' }, ingress: [] }).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Allow Web')],
    object: 'NetworkPolicy eh/Allow Web',
    rule: 'object-name',
    message: `name "Allow Web" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'NetworkPolicy: a peer selects pods, namespaces or a cidr',
    site: ['network-policy.ts', 'is an empty peer, which the API server refuses'],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.add('/spec/ingress/0/from/-', {})],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'ip-block',
    message: 'ingress[0].from[1] is an empty peer, which the API server refuses',
    fix: 'select pods or namespaces, or give an ipBlock; leave `from`/`to` out to allow every peer',
  },
  {
    validation: 'NetworkPolicy: a peer cidr is an address block',
    site: ['network-policy.ts', 'cidr must be an address block'],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ingress/0/from/0/ipBlock/cidr', '10.0.0.0/33')],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'ip-block',
    message: 'ipBlock "10.0.0.0/33" is not an address block in CIDR notation',
    fix: 'write an address and a prefix length, e.g. "10.0.0.0/8" (or "10.0.0.5/32" for one address)',
  },
  {
    validation: 'NetworkPolicy: a peer cidr has no bits beyond its prefix (from 1.36)',
    site: ['network-policy.ts', '`${field} "${block}" ${strict.problem}'],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ingress/0/from/0/ipBlock/cidr', '192.168.1.1/16')],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'ip-block',
    message:
      'ingress[0].from[0] ipBlock.cidr "192.168.1.1/16" has bits set beyond its prefix length, which Kubernetes 1.37 refuses (from 1.36 on)',
    fix: 'write "192.168.0.0/16"',
    env: PROD,
  },
  {
    validation: 'NetworkPolicy: a peer with a cidr selects nothing else',
    site: ['network-policy.ts', 'selects pods or namespaces too'],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.add('/spec/ingress/0/from/0/podSelector', { matchLabels: { app: 'office' } })],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'ip-block',
    message: 'ingress[0].from[0] has an ipBlock and a podSelector; the API server takes an ipBlock alone',
    fix: 'make them two peers of the rule',
  },
  {
    validation: 'NetworkPolicy: a peer except is an address block inside its cidr',
    site: ['network-policy.ts', 'must be an address block inside cidr'],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.add('/spec/ingress/0/from/0/ipBlock/except', ['10.0.0.0/8'])],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'ip-block',
    message:
      'ingress[0].from[0] ipBlock except "10.0.0.0/8" is not inside cidr "192.168.0.0/16" and smaller than it, which the API server refuses',
    fix: 'except only blocks within 192.168.0.0/16, or widen the cidr',
  },
  {
    validation: 'NetworkPolicy: ports.port 1-65535',
    site: ['network-policy.ts', "checkPort(this, 'ports.port'"],
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ingress/0/ports/0/port', 0)],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'port-range',
    message: 'NetworkPolicy port 0 is outside 1-65535',
    fix: 'use a port from 1 to 65535',
  },
  {
    validation: 'NetworkPolicy: a port name is an IANA service name (no constructor check)',
    build: (chart) => allowFromOffice(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ingress/0/ports/0/port', 'web_port')],
    object: 'NetworkPolicy eh/allow-office',
    rule: 'port-name',
    message:
      'port name "web_port" of a NetworkPolicy rule must be at most 15 lower-case letters, digits or single "-", with a letter',
    fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
  },
  // namespace.ts: quota and container defaults
  {
    validation: 'Namespace: quota values are quantities',
    site: ['namespace.ts', 'must be a quantity such as'],
    build: (chart) => new Namespace(chart, 'team', { quota: { cpuRequests: '4' } }).quota!,
    patches: [JsonPatch.replace('/spec/hard/requests.cpu', 'four')],
    object: 'ResourceQuota team/quota',
    rule: 'schema',
    message: 'spec.hard["requests.cpu"] must be a quantity, got "four"',
    fix: 'write a quantity such as "250m", "1", "128Mi" or "1Gi"',
  },
  {
    validation: 'Namespace: quota values of 0 or more',
    site: ['namespace.ts', 'must be a quantity of 0 or more'],
    build: (chart) => new Namespace(chart, 'team', { quota: { memoryLimits: '8Gi' } }).quota!,
    patches: [JsonPatch.replace('/spec/hard/limits.memory', '-8Gi')],
    object: 'ResourceQuota team/quota',
    rule: 'quota-hard',
    message: 'spec.hard limits.memory is -8Gi, below 0',
    fix: 'give a limit of 0 or more',
  },
  {
    validation: 'Namespace: quota extendedRequests of extended resource names',
    site: ['namespace.ts', 'is not an extended resource name'],
    build: (chart) => new Namespace(chart, 'team', { quota: { extendedRequests: { 'nvidia.com/gpu': 4 } } }).quota!,
    patches: [JsonPatch.remove('/spec/hard/requests.nvidia.com~1gpu'), JsonPatch.add('/spec/hard/requests.gpu', '4')],
    object: 'ResourceQuota team/quota',
    rule: 'quota-hard',
    message:
      'spec.hard "requests.gpu" is not a resource a quota limits (cpu, memory, ephemeral-storage, requests.cpu, ..., or a name with a domain such as count/deployments.apps)',
    fix: 'name the resource to limit as the ResourceQuota reference lists it, e.g. requests.cpu or count/jobs.batch',
  },
  {
    validation: 'Namespace: container defaults of 0 or more',
    site: ['namespace.ts', 'the API server takes the LimitRange, then refuses the pod'],
    build: (chart) => new Namespace(chart, 'team', { containerDefaults: { cpuLimit: '500m' } }).containerDefaults!,
    patches: [JsonPatch.replace('/spec/limits/0/default/cpu', '-1')],
    object: 'LimitRange team/container-defaults',
    rule: 'limit-range-defaults',
    message:
      'spec.limits[0].default["cpu"] is -1, a default limit below 0: the API server takes the LimitRange, but every container of namespace team that sets no cpu limit gets it, and the API server refuses its pod (resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0)',
    fix: 'make spec.limits[0].default["cpu"] 0 or more, or remove it',
  },
  {
    validation: 'Namespace: a default request at most its default limit',
    site: ['namespace.ts', 'is more than containerDefaults'],
    build: (chart) =>
      new Namespace(chart, 'team', { containerDefaults: { cpuRequest: '100m', cpuLimit: '1' } }).containerDefaults!,
    patches: [JsonPatch.replace('/spec/limits/0/defaultRequest/cpu', '2')],
    object: 'LimitRange team/container-defaults',
    rule: 'quota-values',
    message:
      'spec.limits[0].defaultRequest["cpu"] 2 is more than its default limit 1 (spec.limits[0].default): the API server refuses the LimitRange',
    fix: 'lower the default request of cpu, or raise its default limit',
  },
  // persistent-volume-claim.ts, persistent-volume.ts, storage-class.ts
  {
    validation: 'PersistentVolumeClaim: name is a DNS-1123 subdomain',
    site: ['persistent-volume-claim.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Notes')],
    object: 'PersistentVolumeClaim eh/Notes',
    rule: 'object-name',
    message: `name "Notes" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'PersistentVolume.fromName: name is a DNS-1123 subdomain',
    site: ['persistent-volume.ts', "checkDnsSubdomain(this, 'PersistentVolume.fromName name'"],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/volumeName', 'NFS_share')],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'claim-volume',
    message: 'volumeName "NFS_share" names no PersistentVolume of the project',
    fix: "define the PersistentVolume and pass it as `volume`, or, when it is made outside the project, bind PersistentVolume.fromName and declare it in the environment's external.persistentVolumes (e.g. ['NFS_share'])",
  },
  {
    validation: 'PersistentVolumeClaim: storage more than 0',
    site: ['persistent-volume-claim.ts', 'storage must be more than 0'],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/resources/requests/storage', '0')],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'quantity',
    message: 'requested storage "0" must be more than 0',
    fix: 'ask for the size the pods need',
  },
  {
    validation: 'PersistentVolumeClaim: storage at most the capacity of its volume',
    site: ['persistent-volume-claim.ts', 'is more than the'],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/resources/requests/storage', '2Gi')],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'claim-volume',
    message: 'requested storage 2Gi is more than the 1Gi of PersistentVolume notes-pv',
    fix: 'request at most the capacity of the volume',
  },
  {
    validation: 'PersistentVolumeClaim: access modes offered by its volume',
    site: ['persistent-volume-claim.ts', 'are not offered by volume'],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/accessModes', [AccessMode.READ_WRITE_MANY])],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'claim-volume',
    message: 'accessModes ReadWriteMany are not offered by PersistentVolume notes-pv, which offers ReadWriteOnce',
    fix: 'ask only for access modes the volume offers',
  },
  {
    validation: 'PersistentVolumeClaim: storage class of its volume',
    site: ['persistent-volume-claim.ts', 'differs from'],
    build: (chart) => {
      const { claim } = storage(chart);
      new StorageClass(chart, 'fast', {});
      return claim.apiObject;
    },
    patches: [JsonPatch.replace('/spec/storageClassName', 'fast')],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'claim-volume',
    message: 'storageClassName "fast" differs from "manual" of PersistentVolume notes-pv; they must match to bind',
    fix: "ask for the volume's class (or leave storageClass out to take it from the volume)",
  },
  {
    validation: 'PersistentVolume: name is a DNS-1123 subdomain',
    site: ['persistent-volume.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Notes_PV')],
    object: 'PersistentVolume Notes_PV',
    rule: 'object-name',
    message: `name "Notes_PV" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'PersistentVolume: hostPath is absolute',
    site: ['persistent-volume.ts', '`${field} must be an absolute path, got "${path}"`'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/hostPath/path', 'var/lib/notes')],
    object: 'PersistentVolume notes-pv',
    rule: 'host-path',
    message: 'hostPath "var/lib/notes" must be an absolute path',
    fix: "write the directory's full path on the node, starting with '/'",
  },
  {
    validation: 'PersistentVolume: hostPath has no ".." element',
    site: ['persistent-volume.ts', 'must not have a ".." element (the API server refuses it)'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/hostPath/path', '/var/lib/../notes')],
    object: 'PersistentVolume notes-pv',
    rule: 'host-path',
    message: `hostPath "/var/lib/../notes" has a ".." element, which the API server refuses of a PersistentVolume (must not contain '..')`,
    fix: 'write the path without "..", e.g. "/data/x" for "/data/y/../x"',
  },
  {
    validation: 'PersistentVolume: an NFS server is given',
    site: ['persistent-volume.ts', '`${field} server must be a host name or address'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.remove('/spec/hostPath'), JsonPatch.add('/spec/nfs', { server: '', path: '/exports' })],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'nfs.server is empty, which the API server refuses (Required value)',
    fix: "give the NFS server's host name or address",
  },
  {
    validation: 'PersistentVolume: an NFS path is absolute',
    site: ['persistent-volume.ts', '`${field} path must be an absolute path'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [
      JsonPatch.remove('/spec/hostPath'),
      JsonPatch.add('/spec/nfs', { server: 'nfs.example.com', path: 'exports' }),
    ],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'nfs.path "exports" is not an absolute path, which the API server refuses',
    fix: 'write the exported directory from "/", e.g. "/exports/data"',
  },
  {
    validation: 'PersistentVolume: a CSI driver is a DNS subdomain of at most 63',
    site: ['persistent-volume.ts', '`${field} driver must be a DNS-1123 subdomain'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.remove('/spec/hostPath'), JsonPatch.add('/spec/csi', { driver: 'ebs_csi', volumeHandle: 'v' })],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message:
      'csi.driver "ebs_csi" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; the API server compares it in lower case), which the API server refuses',
    fix: 'name the driver as it names itself, e.g. "ebs.csi.aws.com"',
  },
  {
    validation: 'PersistentVolume: a CSI volume handle is given',
    site: ['persistent-volume.ts', '`${field} volumeHandle must be the id'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [
      JsonPatch.remove('/spec/hostPath'),
      JsonPatch.add('/spec/csi', { driver: 'ebs.csi.aws.com', volumeHandle: '' }),
    ],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'csi.volumeHandle is empty, which the API server refuses (Required value)',
    fix: 'give the id of the volume in its storage system, e.g. "vol-0123456789abcdef0"',
  },
  {
    validation: "Shape (persistent-volume.ts): a PersistentVolumeSource factory's argument that is no string",
    site: ['persistent-volume.ts', 'checkString(scope,'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.remove('/spec/hostPath'), JsonPatch.add('/spec/nfs', { server: 5, path: '/exports' })],
    object: 'PersistentVolume notes-pv',
    rule: 'schema',
    message: 'spec.nfs.server must be a string, got 5',
    fix: 'write "5", with quotes',
  },
  {
    validation: 'PersistentVolume: a local path is given',
    site: ['persistent-volume.ts', '`${field} path must be the directory or device'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [
      JsonPatch.remove('/spec/hostPath'),
      JsonPatch.add('/spec/local', { path: '' }),
      JsonPatch.add('/spec/nodeAffinity', ON_NODE_1),
    ],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'local.path is empty, which the API server refuses (Required value)',
    fix: 'give the directory or device of the disk on the node, e.g. "/mnt/disks/ssd1"',
  },
  {
    validation: "PersistentVolume: a local volume's nodes are label values (node affinity values, from 1.37)",
    site: ['persistent-volume.ts', '`${field} nodes must be node names'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [
      JsonPatch.remove('/spec/hostPath'),
      JsonPatch.add('/spec/local', { path: '/mnt/disks/ssd1' }),
      JsonPatch.add('/spec/nodeAffinity', {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1:'] }] },
          ],
        },
      }),
    ],
    object: 'PersistentVolume notes-pv',
    rule: 'selector-syntax',
    message:
      'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0] has the value "node-1:", which is not a label value, which the API server of 1.37 refuses (from 1.37 on)',
    fix: 'match node label values: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    env: PROD,
  },
  {
    validation: 'PersistentVolume: a local path does not climb',
    site: ['persistent-volume.ts', '`${field} path must not climb'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [
      JsonPatch.remove('/spec/hostPath'),
      JsonPatch.add('/spec/local', { path: '/mnt/../etc' }),
      JsonPatch.add('/spec/nodeAffinity', ON_NODE_1),
    ],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'local.path "/mnt/../etc" has a ".." element, which the API server refuses (must not contain \'..\')',
    fix: 'write the path without ".."',
  },
  {
    validation: 'PersistentVolume: a local volume has node affinity',
    site: ['persistent-volume.ts', '`${field} nodes must name at least one node'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.remove('/spec/hostPath'), JsonPatch.add('/spec/local', { path: '/mnt/disks/ssd1' })],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message:
      'is a local volume without nodeAffinity, which the API server refuses (spec.nodeAffinity: Required value: Local volume requires node affinity)',
    fix: 'pin it to the node that has the disk: nodeAffinity.required.nodeSelectorTerms matching kubernetes.io/hostname',
  },
  {
    validation: 'PersistentVolume: one source, not hostPath and another',
    site: ['persistent-volume.ts', 'give either hostPath or source, not both'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.add('/spec/nfs', { server: 'nfs.example.com', path: '/exports' })],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'names 2 volume sources (hostPath, nfs); the API server takes exactly one',
    fix: 'give the one storage the volume is, e.g. csi: { driver, volumeHandle } or nfs: { server, path }',
  },
  {
    validation: 'PersistentVolume: a source is given',
    site: ['persistent-volume.ts', 'give the storage it is: `source`'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.remove('/spec/hostPath')],
    object: 'PersistentVolume notes-pv',
    rule: 'volume-spec',
    message: 'names no volume source (hostPath, nfs, csi, local, ...), which the API server requires',
    fix: 'give the one storage the volume is, e.g. csi: { driver, volumeHandle } or nfs: { server, path }',
  },
  {
    validation: 'PersistentVolume: capacity more than 0',
    site: ['persistent-volume.ts', 'capacity must be more than 0'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/capacity/storage', '0Gi')],
    object: 'PersistentVolume notes-pv',
    rule: 'quantity',
    message: 'capacity "0Gi" must be more than 0',
    fix: 'ask for the size the pods need',
  },
  {
    validation: 'StorageClass: name is a DNS-1123 subdomain',
    site: ['storage-class.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => new StorageClass(chart, 'manual', {}).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Manual')],
    object: 'StorageClass Manual',
    rule: 'object-name',
    message: `name "Manual" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'StorageClass: parameters the API server takes',
    site: ['storage-class.ts', '`${parameterProblem.message}; ${parameterProblem.fix}`'],
    build: (chart) => new StorageClass(chart, 'manual', {}).apiObject,
    patches: [JsonPatch.add('/parameters', { '': 'gp3' })],
    object: 'StorageClass manual',
    rule: 'storage-class-spec',
    message:
      'parameters has an empty key (of value "gp3"), which the API server refuses of a StorageClass (field can not be empty)',
    fix: 'give each parameter a name, e.g. type: gp3',
  },
  {
    validation: 'StorageClass: provisioner is a qualified name',
    site: ['storage-class.ts', 'is not a qualified name (an optional DNS subdomain prefix'],
    build: (chart) => new StorageClass(chart, 'manual', {}).apiObject,
    patches: [JsonPatch.replace('/provisioner', '*')],
    object: 'StorageClass manual',
    rule: 'storage-class-spec',
    message:
      'provisioner "*" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, ' +
      'digits, "-", "_" or ".")',
    fix: 'name the CSI driver or in-tree provisioner that makes its volumes, e.g. "rancher.io/local-path" or "ebs.csi.aws.com"',
  },
  {
    validation: 'PriorityClass: name is a DNS-1123 subdomain',
    site: ['priority-class.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => new PriorityClass(chart, 'platform-critical', { value: 1000 }).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Platform_Critical')],
    object: 'PriorityClass Platform_Critical',
    rule: 'object-name',
    message: `name "Platform_Critical" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'PriorityClass: a name without the system- prefix',
    site: ['priority-class.ts', 'startswith"${SYSTEM_PRIORITY_PREFIX}"'],
    build: (chart) => new PriorityClass(chart, 'platform-critical', { value: 1000 }).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'system-platform')],
    object: 'PriorityClass system-platform',
    rule: 'priority-class-spec',
    message:
      'the name starts with "system-", which the API server keeps for the cluster\'s own PriorityClasses (system-cluster-critical, system-node-critical)',
    fix: 'name it without "system-"; for the priority of a built-in class, name that class in priorityClassName instead of making it',
  },
  {
    validation: 'PriorityClass: value at most 1000000000',
    site: ['priority-class.ts', 'valuemustbeatmost${HIGHEST_USER_PRIORITY}'],
    build: (chart) => new PriorityClass(chart, 'platform-critical', { value: 1000 }).apiObject,
    patches: [JsonPatch.replace('/value', 2_000_000_000)],
    object: 'PriorityClass platform-critical',
    rule: 'priority-class-spec',
    message:
      "value 2000000000 is above 1000000000, the highest the API server takes for a PriorityClass (higher values are kept for the cluster's own classes, system-cluster-critical and system-node-critical)",
    fix: 'give it a value of at most 1000000000; to outrank every user class, give 1000000000',
  },
  {
    validation: 'StorageClass.fromName: name is a DNS-1123 subdomain (a volume or claim storageClassName)',
    site: ['storage-class.ts', "checkDnsSubdomain(this, 'StorageClass.fromName name'"],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/storageClassName', 'Fast_SSD')],
    object: 'PersistentVolume notes-pv',
    rule: 'storage-class',
    message: 'storageClassName asks for StorageClass "Fast_SSD", which the project does not define',
    fix: "define the StorageClass and pass it by object, or declare it in the environment's external.storageClasses",
  },
  {
    validation: 'A claim, volume or claim template has at least one access mode',
    site: ['persistent-volume.ts', 'must hold at least one access mode'],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/accessModes', [])],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'volume-spec',
    message: 'has no accessModes; the API server requires at least one',
    fix: 'ask for the access it needs, e.g. accessModes: ["ReadWriteOnce"]',
  },
  {
    validation: 'A claim, volume or claim template has ReadWriteOncePod only alone',
    site: ['persistent-volume.ts', 'has ReadWriteOncePod beside'],
    build: (chart) => storage(chart).claim.apiObject,
    patches: [JsonPatch.replace('/spec/accessModes', [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE])],
    object: 'PersistentVolumeClaim eh/notes',
    rule: 'volume-spec',
    message:
      'accessModes ReadWriteOncePod, ReadWriteOnce: the API server refuses ReadWriteOncePod beside other access modes ' +
      '(may not use ReadWriteOncePod with other access modes)',
    fix: 'ask for ReadWriteOncePod alone (one pod reads and writes), or leave it out',
  },
  {
    validation: 'A storageClass prop is a StorageClass (any named object gave its name as the class name)',
    site: ['storage-class.ts', 'must be a StorageClass'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/storageClassName', 'settings')],
    object: 'PersistentVolume notes-pv',
    rule: 'storage-class',
    message: 'storageClassName asks for StorageClass "settings", which the project does not define',
    fix: "define the StorageClass and pass it by object, or declare it in the environment's external.storageClasses",
  },
  // pod-disruption-budget.ts
  {
    validation: 'PodDisruptionBudget: name is a DNS-1123 subdomain',
    site: ['pod-disruption-budget.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => new PodDisruptionBudget(chart, 'web-pdb', { selector: web(chart) }).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Web PDB')],
    object: 'PodDisruptionBudget eh/Web PDB',
    rule: 'object-name',
    message: `name "Web PDB" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'PodDisruptionBudget: maxUnavailable integer >= 1',
    site: ['pod-disruption-budget.ts', "checkCount(this, 'maxUnavailable'"],
    build: (chart) => new PodDisruptionBudget(chart, 'web-pdb', { selector: web(chart) }).apiObject,
    patches: [JsonPatch.replace('/spec/maxUnavailable', 0)],
    object: 'PodDisruptionBudget eh/web-pdb',
    rule: 'counts',
    message: 'maxUnavailable is 0: no pod may be evicted, so a node drain waits on this budget until it is changed',
    fix: 'set maxUnavailable to a number of pods (1 or more) or a percentage',
    warning: true,
  },
  // pod-spec.ts
  {
    validation: 'Pod spec: at least one container',
    site: ['pod-spec.ts', 'a pod needs at least one container'],
    build: (chart) => web(chart).apiObject,
    // cdk8s renders an empty list as none, which schema reports (PodSpec requires containers), and pod-spec leaves to it.
    patches: [JsonPatch.replace(`${POD}/containers`, [])],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.containers is missing; PodSpec requires containers',
    fix: 'add spec.template.spec.containers',
  },
  {
    validation: 'Pod spec: container names unique',
    site: ['pod-spec.ts', "'container names'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/containers/-`, { name: 'app', image: IMAGE })],
    object: 'Deployment eh/web',
    rule: 'unique-names',
    message: 'container name "app" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'Pod spec: volume names are DNS-1123 labels',
    site: ['pod-spec.ts', "checkDnsLabel(scope, 'volume name'"],
    build: (chart) => withCache(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/volumes/0/name`, 'Cache')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: `volume name "Cache" ${DNS_LABEL_RULE}`,
    fix: 'rename the volume (and its mounts)',
  },
  {
    validation: 'Pod spec: volume names unique',
    site: ['pod-spec.ts', 'volume names must be unique in a pod'],
    build: (chart) => withCache(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/volumes/-`, { name: 'cache', emptyDir: {} })],
    object: 'Deployment eh/web',
    rule: 'unique-names',
    message: 'volume name "cache" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'Container: privileged only with privilege escalation allowed (the `privileged` prop)',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/securityContext/privileged`, true)],
    object: 'Deployment eh/web',
    rule: 'privilege-escalation',
    message: 'container "app" is privileged and sets allowPrivilegeEscalation false, which the API server refuses',
    fix: 'set allowPrivilegeEscalation to true (or leave it out) in a privileged container, or do not make it privileged',
  },
  {
    validation: 'Container: CAP_SYS_ADMIN only with privilege escalation allowed (no prop adds capabilities)',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/securityContext/capabilities/add`, ['CAP_SYS_ADMIN'])],
    object: 'Deployment eh/web',
    rule: 'privilege-escalation',
    message: 'container "app" adds CAP_SYS_ADMIN and sets allowPrivilegeEscalation false, which the API server refuses',
    fix: 'set allowPrivilegeEscalation to true (or leave it out), or do not add CAP_SYS_ADMIN',
  },
  {
    validation: 'Container: a non-root container listens on 1024 or above (no constructor check)',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/0/containerPort`, 80)],
    object: 'Deployment eh/web',
    rule: 'low-port',
    message:
      'container "app" listens on port 80, below 1024, as a non-root user without the capability NET_BIND_SERVICE, so it cannot bind it',
    fix:
      "listen on a port of 1024 or more (a Service can still offer port 80), or add NET_BIND_SERVICE to the container's " +
      'securityContext.capabilities.add, or set the pod sysctl net.ipv4.ip_unprivileged_port_start to 80 or less',
  },
  // policy-exemption.ts
  {
    validation: 'exemptFromPolicy: a reason',
    site: ['policy-exemption.ts', 'a policy exemption needs a reason'],
    build: (chart) => {
      const deployment = web(chart);
      exemptFromPolicy(deployment.apiObject, { rules: ['host-access'], reason: 'reads the node logs' });
      return deployment.apiObject;
    },
    patches: [JsonPatch.replace('/metadata/annotations/policy.k8s-course.io~1exempt-host-access', ' ')],
    object: 'Deployment eh/web',
    rule: 'exemption',
    message: 'the exemption from host-access gives no reason',
    fix: 'write why as the value of policy.k8s-course.io/exempt-host-access',
  },
  {
    validation: 'exemptFromPolicy: a rule an object can be exempted from',
    site: ['policy-exemption.ts', 'is not a rule an object can be exempted from'],
    build: (chart) => {
      const deployment = web(chart);
      exemptFromPolicy(deployment.apiObject, { rules: ['host-access'], reason: 'reads the node logs' });
      return deployment.apiObject;
    },
    patches: [JsonPatch.add('/metadata/annotations/policy.k8s-course.io~1exempt-host-acess', 'reads the node logs')],
    object: 'Deployment eh/web',
    rule: 'exemption',
    message: '"host-acess" is not a policy rule that can be exempted',
    fix: `did you mean "host-access"? (the rules that can be: ${EXEMPTIBLE_RULE_IDS.join(', ')})`,
  },
  // sealed-secret.ts
  {
    validation: 'SealedSecret: name is a DNS-1123 subdomain',
    site: ['sealed-secret.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => sealedSecret(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Creds')],
    object: 'SealedSecret eh/Creds',
    rule: 'object-name',
    message: `name "Creds" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'SealedSecret: every key has a sealed value',
    site: ['sealed-secret.ts', 'no sealed value for key'],
    build: (chart) => sealedSecret(chart).apiObject,
    patches: [JsonPatch.replace('/spec/encryptedData/password', '')],
    object: 'SealedSecret eh/creds',
    rule: 'sealed-secret',
    message: 'key "password" has no sealed value',
    fix: SEAL,
  },
  // references.ts
  {
    validation: 'ServiceAccountRef.fromName: name is a DNS-1123 subdomain (a pod serviceAccountName)',
    site: ['references.ts', "checkDnsSubdomain(account, 'ServiceAccountRef.fromName name'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/serviceAccountName`, 'Web_SA')],
    object: 'Deployment eh/web',
    rule: 'pod-service-account',
    message: 'serviceAccountName "Web_SA" names no ServiceAccount in namespace eh',
    fix: 'create the ServiceAccount in this namespace and pass it as `serviceAccount`',
  },
  {
    validation: 'ConfigMapRef.fromName: name is a DNS-1123 subdomain (a pod envFrom)',
    site: ['references.ts', "checkDnsSubdomain(configMap, 'ConfigMapRef.fromName name'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/envFrom`, [{ configMapRef: { name: 'Shared_Settings' } }])],
    object: 'Deployment eh/web',
    rule: 'pod-reference',
    message: 'envFrom of container "app" needs ConfigMap eh/Shared_Settings, which does not exist',
    fix: 'create the ConfigMap in this namespace (and pass the object, not its name), or mark the reference optional',
  },
  {
    validation: 'SecretRef.fromName: name is a DNS-1123 subdomain (a pod envFrom)',
    site: ['references.ts', "checkDnsSubdomain(secret, 'SecretRef.fromName name'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/envFrom`, [{ secretRef: { name: 'Web_TLS' } }])],
    object: 'Deployment eh/web',
    rule: 'pod-reference',
    message: 'envFrom of container "app" needs Secret eh/Web_TLS, which does not exist',
    fix: 'create the Secret in this namespace (and pass the object, not its name), or mark the reference optional',
  },
  // service.ts
  {
    validation: 'Service: name is a DNS-1123 label',
    site: ['service.ts', "checkDnsLabel(this, 'name'"],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'web.svc')],
    object: 'Service eh/web.svc',
    rule: 'object-name',
    message: 'name "web.svc" must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
    fix: RENAME,
  },
  {
    validation: 'Service: name starts with a letter before 1.37',
    site: ['service.ts', 'must be ${nameProblem}'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/metadata/name', '0web')],
    object: 'Service eh/0web',
    rule: 'object-name',
    message:
      'name "0web" must be a DNS-1035 label, starting with a letter (Kubernetes before 1.37 refuses a digit first, ' +
      'and this environment runs 1.27)',
    fix: RENAME,
  },
  {
    validation: 'Service.fromName: name is a DNS-1123 label (an Ingress backend)',
    site: ['service.ts', "checkDnsLabel(this, 'Service.fromName name'"],
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/name', 'My_Service')],
    object: 'Ingress eh/routes',
    rule: 'ingress-backend',
    message: 'backend Service eh/My_Service does not exist',
    fix:
      'route to a Service of this namespace (pass the Service object), or, for one made outside the project ' +
      '(Service.fromName), declare "eh/My_Service" in the environment\'s external.services',
  },
  {
    validation: 'Service: externalTrafficPolicy only on NodePort and LoadBalancer',
    site: ['service.ts', '`${field} is for a ${names} Service'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/externalTrafficPolicy', 'Local')],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      'externalTrafficPolicy "Local" is set on a ClusterIP Service; the API server takes it only for NodePort and LoadBalancer',
    fix: 'remove externalTrafficPolicy, or make the type NodePort or LoadBalancer',
  },
  {
    validation: 'Service: loadBalancerSourceRanges only on LoadBalancer',
    site: ['service.ts', '`${field} is for a ${names} Service'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/loadBalancerSourceRanges', ['10.0.0.0/8'])],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      "loadBalancerSourceRanges is set on a ClusterIP Service; the API server takes it only for LoadBalancer (spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer')",
    fix: 'remove loadBalancerSourceRanges (a NetworkPolicy limits the clients of other Services), or make the type LoadBalancer',
  },
  {
    validation: 'Service: loadBalancerClass only on LoadBalancer',
    site: ['service.ts', '`${field} is for a ${names} Service'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/loadBalancerClass', 'example.com/lb')],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      'loadBalancerClass "example.com/lb" is set on a ClusterIP Service; the API server takes it only for LoadBalancer (spec.loadBalancerClass: Forbidden: may only be used when `type` is \'LoadBalancer\')',
    fix: 'remove loadBalancerClass, or make the type LoadBalancer',
  },
  {
    validation: 'Service: loadBalancerSourceRanges are address blocks',
    site: ['service.ts', '`loadBalancerSourceRanges must be address blocks'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [
      JsonPatch.add('/spec/type', 'LoadBalancer'),
      JsonPatch.add('/spec/loadBalancerSourceRanges', ['203.0.113.7']),
    ],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message: 'loadBalancerSourceRanges has "203.0.113.7", which is not an address block in CIDR notation',
    fix: 'write an address and a prefix length, e.g. "203.0.113.0/24"',
  },
  {
    validation: 'Service: loadBalancerClass is a qualified name',
    site: ['service.ts', "'loadBalancerClass must be a qualified name"],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/type', 'LoadBalancer'), JsonPatch.add('/spec/loadBalancerClass', 'a/b/c')],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      'loadBalancerClass "a/b/c" is not a qualified name (a name of letters, digits, "-", "_" and ".", with an optional DNS subdomain and "/" before it)',
    fix: 'name the load balancer implementation as its controller does, e.g. "example.com/internal-vip"',
  },
  {
    validation: 'ServiceAccount: name is a DNS-1123 subdomain',
    site: ['service-account.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) =>
      ApiObject.of(new ServiceAccount(chart, 'puller', { imagePullSecrets: [sealedSecret(chart).secret] })),
    patches: [JsonPatch.replace('/metadata/name', 'Puller')],
    object: 'ServiceAccount eh/Puller',
    rule: 'object-name',
    message: `name "Puller" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'Service: appProtocol is a qualified name',
    site: ['service.ts', '`${field} must be a qualified name'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/0/appProtocol', 'grpc over h2c')],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      'appProtocol "grpc over h2c" of port 80 is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")',
    fix: 'name the protocol as IANA does, or as <domain>/<name> for your own',
  },
  {
    validation: 'Service: a ClientIP affinity timeout is whole seconds',
    site: ['service.ts', 'checkOptionalSeconds(this, field, affinity?.options?.timeout)'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [
      JsonPatch.add('/spec/sessionAffinity', 'ClientIP'),
      JsonPatch.add('/spec/sessionAffinityConfig', { clientIP: { timeoutSeconds: 1.5 } }),
    ],
    object: 'Service eh/web-svc',
    rule: 'schema',
    message: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds must be an integer (int32), got 1.5',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'Service: a ClientIP affinity timeout is at most a day',
    site: ['service.ts', '`${field} must be from 1 to ${MAX_AFFINITY_SECONDS} seconds'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [
      JsonPatch.add('/spec/sessionAffinity', 'ClientIP'),
      JsonPatch.add('/spec/sessionAffinityConfig', { clientIP: { timeoutSeconds: 86401 } }),
    ],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message: 'sessionAffinityConfig.clientIP.timeoutSeconds 86401 is not from 1 to 86400 (a day)',
    fix: 'keep clients on one pod for at most a day, e.g. 10800 (three hours, the default)',
  },
  {
    validation: 'Service: ExternalName needs externalName',
    site: ['service.ts', 'an ExternalName Service needs `externalName`'],
    build: (chart) => externalName(chart).apiObject,
    patches: [JsonPatch.remove('/spec/externalName')],
    object: 'Service eh/docs',
    rule: 'external-name',
    message: 'an ExternalName Service has no externalName',
    fix: 'set externalName to the host it aliases, e.g. "db.example.com"',
  },
  {
    validation: 'Service: externalName is a host, not a URL',
    site: ['service.ts', 'externalName must be a host name, not a URL'],
    build: (chart) => externalName(chart).apiObject,
    patches: [JsonPatch.replace('/spec/externalName', 'http://db.example.com/x')],
    object: 'Service eh/docs',
    rule: 'external-name',
    message: 'externalName "http://db.example.com/x" is a URL, not a host name',
    fix: 'set externalName to the host "db.example.com"',
  },
  {
    validation: 'Service: externalName is a DNS-1123 subdomain',
    site: ['service.ts', "checkDnsSubdomain(this, 'externalName'"],
    build: (chart) => externalName(chart).apiObject,
    patches: [JsonPatch.replace('/spec/externalName', 'DB_Host.example.com')],
    object: 'Service eh/docs',
    rule: 'external-name',
    message:
      'externalName "DB_Host.example.com" is not a DNS name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".")',
    fix: 'set externalName to the lower-case host name the Service aliases, e.g. "db.example.com"',
  },
  {
    validation: 'Service: an ExternalName Service has no selector',
    site: ['service.ts', 'an ExternalName Service aliases a host and selects no pods'],
    build: (chart) => externalName(chart).apiObject,
    patches: [JsonPatch.add('/spec/selector', { app: 'web' })],
    object: 'Service eh/docs',
    rule: 'external-name',
    message: 'an ExternalName Service aliases a host but has a selector',
    fix: 'remove the selector',
  },
  {
    validation: 'Service: externalName only on ExternalName',
    site: ['service.ts', 'externalName is only for ServiceType.EXTERNAL_NAME'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/externalName', 'db.example.com')],
    object: 'Service eh/web-svc',
    rule: 'external-name',
    message: 'externalName "db.example.com" is set on a ClusterIP Service',
    fix: 'remove externalName, or make the type ExternalName',
  },
  {
    validation: 'Service: a selector (except ExternalName)',
    site: ['service.ts', 'Service needs a \\`selector\\`'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.remove('/spec/selector')],
    object: 'Service eh/web-svc',
    rule: 'service-spec',
    message:
      'a ClusterIP Service has no selector and no Endpoints or EndpointSlice of its own, so nothing receives its traffic unless something outside the project writes its endpoints',
    fix: "select the labels of a workload's pod template (pass the workload as `selector`), or write its endpoints by hand",
    warning: true,
  },
  {
    validation: 'Service: at least one port (except ExternalName and headless)',
    site: ['service.ts', 'Service needs at least one port'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.remove('/spec/ports')],
    object: 'Service eh/web-svc',
    rule: 'service-ports',
    message: 'a ClusterIP Service has no ports',
    fix: 'add a port to `ports` (only an ExternalName or headless Service may have none)',
  },
  {
    validation: 'Service: only a ClusterIP Service is headless',
    site: ['service.ts', 'only a ClusterIP Service can be headless'],
    build: (chart) => nodePortService(chart).apiObject,
    patches: [JsonPatch.add('/spec/clusterIP', 'None')],
    object: 'Service eh/web-nodeport',
    rule: 'service-spec',
    message: 'only a ClusterIP Service can be headless (clusterIP None), got type NodePort',
    fix: 'make the type ClusterIP, or give the Service a cluster IP',
  },
  {
    validation: 'Service: every port named when there are several',
    site: ['service.ts', 'a Service with more than one port must name each of them'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/-', { port: 81, targetPort: 8080 })],
    object: 'Service eh/web-svc',
    rule: 'service-ports',
    message: 'port 81 has no name, and a Service with more than one port must name each',
    fix: 'add `name` to every port',
  },
  {
    validation: 'Service: port names unique',
    site: ['service.ts', 'checkUnique(scope, `${field}.name`'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/-', { port: 81, targetPort: 8080, name: 'http' })],
    object: 'Service eh/web-svc',
    rule: 'service-ports',
    message: 'port name "http" appears more than once',
    fix: 'give each port a name of its own',
  },
  {
    validation: 'Service: ports unique',
    site: ['service.ts', 'has port ${key} more than once'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/-', { port: 80, targetPort: 8080, name: 'other' })],
    object: 'Service eh/web-svc',
    rule: 'service-ports',
    message: 'port 80/TCP appears more than once',
    fix: 'remove the repeated port',
  },
  {
    validation: 'Service: ports.port 1-65535',
    site: ['service.ts', 'checkPort(scope, `${field}.port`'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/port', 0)],
    object: 'Service eh/web-svc',
    rule: 'port-range',
    message: 'port 0 is outside 1-65535',
    fix: 'use a port from 1 to 65535',
  },
  {
    validation: 'Service: ports.name is a DNS-1123 label',
    site: ['service.ts', 'checkDnsLabel(scope, `${field}.name`'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/name', 'HTTP')],
    object: 'Service eh/web-svc',
    rule: 'port-name',
    message: 'port name "HTTP" of port 80 must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
    fix: 'rename the port (and the Ingress backends that name it)',
  },
  {
    validation: 'Service: nodePort only on NodePort or LoadBalancer',
    site: ['service.ts', 'needs type NodePort or LoadBalancer'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/0/nodePort', 30080)],
    object: 'Service eh/web-svc',
    rule: 'service-ports',
    message: 'nodePort 30080 of port 80 needs type NodePort or LoadBalancer, got ClusterIP',
    fix: 'remove nodePort, or change the type to NodePort or LoadBalancer',
  },
  {
    validation: 'Service: ports.nodePort 30000-32767',
    site: ['service.ts', 'checkNodePort(scope, `${field}.nodePort`'],
    build: (chart) => nodePortService(chart).apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/nodePort', 8080)],
    object: 'Service eh/web-nodeport',
    rule: 'port-range',
    message: 'nodePort 8080 is outside 30000-32767',
    fix: 'use a port from 30000 to 32767',
  },
  {
    validation: 'Service: ports.targetPort 1-65535',
    site: ['service.ts', 'checkPort(scope, `${field}.targetPort`'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/targetPort', 70000)],
    object: 'Service eh/web-svc',
    rule: 'port-range',
    message: 'targetPort 70000 is outside 1-65535',
    fix: 'use a port from 1 to 65535',
  },
  {
    validation: 'Service: a named targetPort is an IANA service name',
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/targetPort', 'HTTP')],
    object: 'Service eh/web-svc',
    rule: 'port-name',
    message:
      'port name "HTTP" of the targetPort of port 80 must be at most 15 lower-case letters, digits or single "-", with a letter',
    fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
  },
  {
    validation: "Service: a named targetPort is a container port of the Service port's protocol",
    site: ['service.ts', 'Kubernetes resolves a named targetPort by name'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/0/protocol', 'UDP')],
    object: 'Service eh/web-svc',
    rule: 'service-target-port',
    message:
      'targetPort "http" of port 80/UDP is a TCP port of eh/web/Resource, and Kubernetes resolves a named targetPort ' +
      'by name and protocol, so no endpoint serves it',
    fix: 'give the Service port and the container port the same protocol',
  },
  {
    validation: 'Service: a client of allowFrom that is a peer selects pods, namespaces or a cidr',
    site: ['service.ts', 'must select pods, namespaces or a cidr'],
    build: (chart) => allowIngressOf(apiWithMetrics(chart).service),
    patches: [JsonPatch.replace('/spec/ingress/1/from/0', {})],
    object: 'NetworkPolicy eh/api-allow-ingress',
    rule: 'ip-block',
    message: 'ingress[1].from[0] is an empty peer, which the API server refuses',
    fix: 'select pods or namespaces, or give an ipBlock; leave `from`/`to` out to allow every peer',
  },
  {
    validation: 'Service: a client of allowFrom is a workload or a peer (a shape check)',
    site: ['service.ts', 'must be a workload whose pods may connect'],
    build: (chart) => allowIngressOf(apiWithMetrics(chart).service),
    patches: [JsonPatch.replace('/spec/ingress/1/from/0', 'prometheus')],
    object: 'NetworkPolicy eh/api-allow-ingress',
    rule: 'schema',
    message: 'spec.ingress[1].from[0] must be an object (NetworkPolicyPeer), got "prometheus"',
    fix: 'write an object (NetworkPolicyPeer)',
  },
  {
    validation: "Server: an extraPorts name is an IANA service name (the container's rule, at the server)",
    site: ['server.ts', 'checkString(scope, field, value)'],
    build: (chart) => apiWithMetrics(chart).deployment.apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/1/name`, 'prometheus-metrics')],
    object: 'Deployment eh/api',
    rule: 'port-name',
    message:
      'port name "prometheus-metrics" of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
    fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
  },
  {
    validation: 'Server: an extraPorts appProtocol is a qualified name',
    site: ['service.ts', '`${field} must be a qualified name'],
    build: (chart) => apiWithMetrics(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/ports/1/appProtocol', 'prometheus text')],
    object: 'Service eh/api',
    rule: 'service-spec',
    message:
      'appProtocol "prometheus text" of port 9090 is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")',
    fix: 'name the protocol as IANA does, or as <domain>/<name> for your own',
  },
  {
    validation: "Server: an extraPorts name is not the server's port's or another's",
    site: ['server.ts', 'is already the name of'],
    build: (chart) => apiWithMetrics(chart).deployment.apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/1/name`, 'http')],
    object: 'Deployment eh/api',
    rule: 'unique-names',
    message: 'port name of container "app" "http" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: "Server: an extraPorts number (per protocol) is not the server's port's or another's",
    site: ['server.ts', 'a container listens on a port once per protocol'],
    build: (chart) => apiWithMetrics(chart).deployment.apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/1/containerPort`, 8080)],
    object: 'Deployment eh/api',
    rule: 'unique-names',
    message: 'port number of container "app" "8080/TCP" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: "Server: an extraPorts servicePort is not the Service's port for another",
    site: ['server.ts', 'set servicePort to a port of its own'],
    build: (chart) => apiWithMetrics(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/1/port', 80)],
    object: 'Service eh/api',
    rule: 'service-ports',
    message: 'port 80/TCP appears more than once',
    fix: 'remove the repeated port',
  },
  {
    validation: "StatefulSet: an extraPorts entry is not the set's `port`",
    site: ['stateful-set.ts', 'is already the port of \\`port\\`'],
    build: (chart) => brokers(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/1/port', 9092)],
    object: 'Service eh/broker',
    rule: 'service-ports',
    message: 'port 9092/TCP appears more than once',
    fix: 'remove the repeated port',
  },
  {
    validation: 'StatefulSet: an extraPorts entry is a port its containers declare',
    site: ['stateful-set.ts', 'is not a port of its containers'],
    build: (chart) => brokers(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/1/targetPort', 'raft')],
    object: 'Service eh/broker',
    rule: 'service-target-port',
    message: 'targetPort "raft" of port 9093 is not a container port of eh/broker/Resource',
    fix: 'set targetPort to a containerPort number or port name of the selected containers, or declare the port there',
  },
  {
    validation: 'Service: targetPort is a port of the selected containers',
    site: ['service.ts', 'is not a port of ${selector.node.path}'],
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/targetPort', 9090)],
    object: 'Service eh/web-svc',
    rule: 'service-target-port',
    message: 'targetPort 9090 of port 80 is not a container port of eh/web/Resource',
    fix: 'set targetPort to a containerPort number or port name of the selected containers, or declare the port there',
  },
  {
    validation: 'Service: type is one of the four (a typed enum)',
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/type', 'Nodeport')],
    object: 'Service eh/web-svc',
    rule: 'enum-values',
    message: 'type "Nodeport" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName',
    fix: 'write "NodePort" (the API server minds the case)',
  },
  // stateful-set.ts
  {
    validation: 'StatefulSet: volumeClaimTemplates names unique',
    site: ['stateful-set.ts', "'volumeClaimTemplates names'"],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.add('/spec/volumeClaimTemplates/-', { metadata: { name: 'data' }, spec: {} })],
    object: 'StatefulSet eh/redis',
    rule: 'volume-claim-template',
    message: 'volumeClaimTemplate "data" appears more than once',
    fix: 'give each claim a name of its own',
  },
  {
    validation: 'StatefulSet: volumeClaimTemplates.name is a DNS-1123 label',
    site: ['stateful-set.ts', "checkDnsLabel(this, 'volumeClaimTemplates.name'"],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.replace('/spec/volumeClaimTemplates/0/metadata/name', 'Data')],
    object: 'StatefulSet eh/redis',
    rule: 'volume-claim-template',
    message: `volumeClaimTemplate name "Data" ${DNS_LABEL_RULE}`,
    fix: 'rename the volumeClaimTemplate (and its mounts)',
  },
  {
    validation: 'StatefulSet: volumeClaimTemplates mountPath is absolute',
    site: ['stateful-set.ts', 'mountPath must be an absolute path'],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, 'data')],
    object: 'StatefulSet eh/redis',
    rule: 'volume-claim-template',
    message: 'container "redis" mounts volumeClaimTemplate "data" at "data", which is not an absolute path',
    fix: "write the mount path starting with '/'",
  },
  {
    validation: 'StatefulSet: no pod volume named like a volumeClaimTemplate',
    site: ['stateful-set.ts', 'is also the name of a pod volume'],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/volumes`, [{ name: 'data', emptyDir: {} }])],
    object: 'StatefulSet eh/redis',
    rule: 'volume-claim-template',
    message: 'volumeClaimTemplate "data" is also the name of a pod volume, which the controller would replace',
    fix: 'rename the claim or the pod volume',
  },
  {
    validation: "StatefulSet: a volumeClaimTemplate's mountPath is not already a mount of the first container",
    site: ['stateful-set.ts', 'is already a mount of container'],
    build: (chart) => redis(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 'other', mountPath: '/data' })],
    object: 'StatefulSet eh/redis',
    rule: 'unique-names',
    message: 'mountPath of container "redis" "/data" appears more than once',
    fix: 'give each a name (or path) of its own',
  },
  {
    validation: 'StatefulSet: member(ordinal) takes an ordinal of 0 or more',
    site: ['stateful-set.ts', ': the ordinal'],
    build: (chart) => primaryService(chart).apiObject,
    patches: [JsonPatch.replace('/spec/selector/statefulset.kubernetes.io~1pod-name', 'redis-1.5')],
    object: 'Service eh/redis-primary',
    rule: 'service-selector',
    message:
      'selector app.kubernetes.io/instance=eh-dev,app.kubernetes.io/name=redis,statefulset.kubernetes.io/pod-name=redis-1.5 matches no pod template in namespace eh: the pods of StatefulSet redis are redis-0 to redis-1',
    fix: 'name a pod the set runs in statefulset.kubernetes.io/pod-name, or raise its replicas',
  },
  {
    validation: 'StatefulSet: member(ordinal) is a pod the set runs',
    site: ['stateful-set.ts', 'the set runs'],
    build: (chart) => primaryService(chart).apiObject,
    patches: [JsonPatch.replace('/spec/selector/statefulset.kubernetes.io~1pod-name', 'redis-2')],
    object: 'Service eh/redis-primary',
    rule: 'service-selector',
    message:
      'selector app.kubernetes.io/instance=eh-dev,app.kubernetes.io/name=redis,statefulset.kubernetes.io/pod-name=redis-2 matches no pod template in namespace eh: the pods of StatefulSet redis are redis-0 to redis-1',
    fix: 'name a pod the set runs in statefulset.kubernetes.io/pod-name, or raise its replicas',
  },
  {
    validation: "StatefulSet: a claim's otherMounts name a container of the pod (raw: a mount names a volume or claim)",
    site: ['stateful-set.ts', 'is not a container of the pod'],
    build: (chart) => preparedRedis(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/initContainers/0/volumeMounts/0/name`, 'datum')],
    object: 'StatefulSet eh/redis',
    rule: 'pod-spec',
    message: 'container "prepare" mounts volume "datum" at /data, which the pod does not have',
    fix: 'mount a volume of the pod (pass the Volume in `mounts`, which adds it to the pod)',
  },
  // web-service.ts
  {
    validation: 'WebService: name is a DNS-1123 subdomain',
    site: ['web-service.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => new WebService(chart, 'shop', { image: IMAGE }).deployment.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Shop')],
    object: 'Deployment eh/Shop',
    rule: 'object-name',
    message: `name "Shop" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  // metadata.ts, pod-spec.ts: labels and annotations
  {
    validation: 'every construct: labels have label syntax',
    site: ['metadata.ts', "checkLabels(scope, 'labels'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/metadata/labels/my tier', 'a')],
    object: 'Deployment eh/web',
    rule: 'label-syntax',
    message:
      'label key "my tier" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    fix: 'rename the label key',
  },
  {
    validation: 'every construct: annotation keys have key syntax',
    site: ['metadata.ts', "checkAnnotations(scope, 'annotations'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/metadata/annotations', { 'example.com/': 'x' })],
    object: 'Deployment eh/web',
    rule: 'annotation-key',
    message:
      'annotation key "example.com/" is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    fix: 'rename the annotation key',
  },
  {
    validation: 'WebService: ingressAnnotations keys have key syntax',
    site: ['web-service.ts', "checkAnnotations(this, 'ingressAnnotations'"],
    build: (chart) =>
      (new WebService(chart, 'shop', { image: IMAGE, host: 'shop.example.com' }).ingress as Ingress).apiObject,
    patches: [JsonPatch.add('/metadata/annotations', { 'cert-manager.io/ cluster-issuer': 'letsencrypt' })],
    object: 'Ingress eh/shop',
    rule: 'annotation-key',
    message:
      'annotation key "cert-manager.io/ cluster-issuer" is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    fix: 'rename the annotation key',
  },
  {
    validation: 'workloads: selectorLabels have label syntax',
    site: ['pod-spec.ts', "checkLabels(scope, 'selectorLabels'"],
    build: (chart) => web(chart).apiObject,
    patches: [
      JsonPatch.add('/spec/selector/matchLabels/app', 'a b'),
      JsonPatch.add('/spec/template/metadata/labels/app', 'a b'),
    ],
    object: 'Deployment eh/web',
    rule: 'label-syntax',
    message:
      'selector "app" has value "a b", which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    fix: 'shorten or clean the value; put free text in an annotation instead',
  },
  {
    validation: 'workloads: podLabels have label syntax',
    site: ['pod-spec.ts', "checkLabels(scope, 'podLabels'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/template/metadata/labels/tier', 'front end')],
    object: 'Deployment eh/web',
    rule: 'label-syntax',
    message:
      'pod template label "tier" has value "front end", which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    fix: 'shorten or clean the value; put free text in an annotation instead',
  },
  {
    validation: 'workloads: podAnnotations keys have key syntax',
    site: ['pod-spec.ts', "checkAnnotations(scope, 'podAnnotations'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/template/metadata/annotations', { 'example..com/x': 'y' })],
    object: 'Deployment eh/web',
    rule: 'annotation-key',
    message:
      'pod template annotation key "example..com/x" is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    fix: 'rename the annotation key',
  },
  // container.ts: low ports
  {
    validation: 'Container: a port below 1024 needs allowPrivilegedPorts',
    site: ['container.ts', 'which a non-root container cannot bind'],
    build: (chart) => web(chart, { ports: [{ number: 80, name: 'http' }], allowPrivilegedPorts: true }).apiObject,
    patches: [JsonPatch.remove(`${CONTAINER}/securityContext/capabilities/add`)],
    object: 'Deployment eh/web',
    rule: 'low-port',
    message:
      'container "app" listens on port 80, below 1024, as a non-root user without the capability NET_BIND_SERVICE, so it cannot bind it',
    fix:
      'listen on a port of 1024 or more (a Service can still offer port 80), or add NET_BIND_SERVICE to the ' +
      "container's securityContext.capabilities.add, or set the pod sysctl net.ipv4.ip_unprivileged_port_start to 80 or less",
  },
  // web-service.ts, backend-service.ts: what the server speaks
  {
    validation: 'WebService: the container port is not that of a server that does not speak HTTP',
    site: ['web-service.ts', 'which does not speak HTTP'],
    build: (chart) => new WebService(chart, 'shop', { image: IMAGE }).deployment.apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/0/containerPort`, 6379)],
    object: 'Deployment eh/shop',
    rule: 'http-probe',
    message: 'container "app" has an HTTP readinessProbe on port 6379, the port of Redis, which does not speak HTTP',
    fix: 'probe it with tcpSocket or exec (a BackendService with portName "redis" does), or probe the port that serves HTTP',
  },
  {
    validation: 'BackendService: name is a DNS-1123 subdomain',
    site: ['backend-service.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) =>
      new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portName: 'redis' }).deployment.apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Cache')],
    object: 'Deployment eh/Cache',
    rule: 'object-name',
    message: `name "Cache" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  // pod-spec.ts: scheduling
  {
    validation: 'workloads: nodeSelector has label syntax',
    site: ['pod-spec.ts', "checkLabels(scope, 'nodeSelector'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/nodeSelector`, { 'disk type': 'ssd' })],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'nodeSelector key "disk type" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    fix: 'use the node label key',
  },
  {
    validation: "workloads: a topology spread's topologyKey is a node label key",
    site: ['pod-spec.ts', 'is not a node label key; name the node label'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/topologyKey`, 'zone key')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message: 'topologySpreadConstraints[0].topologyKey "zone key" is not a node label key',
    fix: 'name the node label that defines the domain, e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"',
  },
  {
    validation: 'workloads: one topology spread of a topologyKey and whenUnsatisfiable',
    site: ['pod-spec.ts', 'the API server refuses two spreads of one topologyKey'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/1/topologyKey`, 'topology.kubernetes.io/zone')],
    object: 'Deployment eh/web',
    rule: 'schema',
    message:
      'spec.template.spec.topologySpreadConstraints[1] has the key of item 0 (topologyKey="topology.kubernetes.io/zone",' +
      'whenUnsatisfiable="ScheduleAnyway"), in a list keyed by topologyKey and whenUnsatisfiable: server-side apply ' +
      '(npm run apply) refuses two items with one key',
    fix: 'merge the two items into one, or give each its own topologyKey and whenUnsatisfiable',
  },
  {
    validation: 'workloads: dnsPolicy None has dnsConfig nameservers',
    site: ['pod-spec.ts', "'dnsPolicy DnsPolicy.NONE needs the nameservers"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/dnsPolicy`, 'None')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'dnsPolicy is None, but the pod has no dnsConfig',
    fix: 'give dnsConfig with at least one nameserver, or use another dnsPolicy (ClusterFirst, the default, or Default)',
  },
  {
    validation: 'workloads: dnsConfig search domains are DNS-1123 subdomains',
    site: ['pod-spec.ts', '`${search.message}; ${search.fix}`'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/dnsConfig/searches`, ['svc.cluster.local_x'])],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'dnsConfig search domain "svc.cluster.local_x" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ' +
      '"."; "_", and "." alone, only from 1.33, and this environment runs 1.27)',
    fix: 'write the domain in lower case, e.g. "shop.svc.cluster.local"',
  },
  {
    validation: 'workloads: dnsConfig options are named',
    site: ['pod-spec.ts', '`${option.message}; ${option.fix}`'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/dnsConfig/options/-`, { name: '' })],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'dnsConfig.options[1] has no name, which the API server refuses (Required value)',
    fix: 'name the resolver option, e.g. "ndots", or remove it',
  },
  {
    validation: 'workloads: a pull Secret named once',
    site: ['pod-spec.ts', 'refuses a list of one name twice'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/imagePullSecrets`, [{ name: 'registry' }, { name: 'registry' }])],
    object: 'Deployment eh/web',
    rule: 'schema',
    message:
      'spec.template.spec.imagePullSecrets[1] has the key of item 0 (name="registry"), in a list keyed by name: ' +
      'server-side apply (npm run apply) refuses two items with one key',
    fix: 'merge the two items into one, or give each its own name',
  },
  {
    validation: "workloads: antiAffinity's topologyKey is a node label key",
    site: ['pod-spec.ts', 'is not a node label key; name the node label'],
    build: (chart) =>
      new Deployment(chart, 'web', {
        containers: [appContainer()],
        antiAffinity: [{ topologyKey: 'topology.kubernetes.io/zone' }],
      }).apiObject,
    patches: [
      JsonPatch.replace(
        `${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey`,
        'zone key',
      ),
    ],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey "zone key" is not a node label key',
    fix: 'name the node label that defines the domain, e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"',
  },
  {
    validation: "workloads: antiAffinity's weight is an integer from 1 to 100",
    site: ['pod-spec.ts', '.weight must be an integer from 1 to 100'],
    build: (chart) =>
      new Deployment(chart, 'web', {
        containers: [appContainer()],
        antiAffinity: [{ topologyKey: 'topology.kubernetes.io/zone' }],
      }).apiObject,
    patches: [
      JsonPatch.replace(`${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight`, 0),
    ],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight 0 is not an integer from 1 to 100',
    fix: 'weigh the preference from 1 (least) to 100 (most)',
  },
  {
    validation: 'workloads: runtimeClassName is a DNS-1123 subdomain',
    site: ['pod-spec.ts', "checkDnsSubdomain(scope, 'runtimeClassName'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/runtimeClassName`, 'gVisor')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message: 'runtimeClassName "gVisor" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
    fix: 'name a RuntimeClass the nodes offer',
  },
  {
    validation: 'workloads: priorityClassName is a DNS-1123 subdomain',
    site: ['pod-spec.ts', "checkDnsSubdomain(scope, 'priorityClassName'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${POD}/priorityClassName`, 'High_Priority')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message: 'priorityClassName "High_Priority" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
    fix: 'name an existing PriorityClass',
  },
  {
    validation: 'workloads: topologySpread maxSkew 1 or more',
    site: ['pod-spec.ts', "checkCount(scope, 'topologySpread.maxSkew'"],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/maxSkew`, 0)],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message: 'topologySpreadConstraints[0].maxSkew 0 is not an integer of 1 or more',
    fix: 'set maxSkew to 1 (spread evenly) or more',
  },
  // deployment.ts: strategy
  {
    validation: 'Deployment: strategy maxSurge and maxUnavailable are counts or percentages up to 100%',
    site: ['deployment.ts', 'must be an integer of 0 or more or a percentage from 0% to 100%'],
    build: (chart) =>
      new Deployment(chart, 'web', {
        containers: [appContainer()],
        strategy: DeploymentStrategy.rollingUpdate({ maxUnavailable: '25%' }),
      }).apiObject,
    patches: [JsonPatch.replace('/spec/strategy/rollingUpdate/maxUnavailable', '150%')],
    object: 'Deployment eh/web',
    rule: 'deployment-strategy',
    message:
      'strategy.rollingUpdate.maxUnavailable "150%" is not an integer of 0 or more or a percentage from 0% to 100%',
    fix: 'set maxUnavailable to a count such as 1 or a percentage such as "25%"',
  },
  {
    validation: 'Deployment: strategy maxSurge and maxUnavailable are not both 0',
    site: ['deployment.ts', 'are both 0, so a rollout could never replace a pod'],
    build: (chart) =>
      new Deployment(chart, 'web', {
        containers: [appContainer()],
        strategy: DeploymentStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 0 }),
      }).apiObject,
    patches: [JsonPatch.replace('/spec/strategy/rollingUpdate/maxSurge', 0)],
    object: 'Deployment eh/web',
    rule: 'deployment-strategy',
    message: 'strategy.rollingUpdate maxSurge and maxUnavailable are both 0, which the API server refuses',
    fix: 'let one of them be 1 or more, e.g. maxSurge: 1',
  },
  // lifecycle-handler.ts, container.ts: hooks and extended resources
  {
    validation: 'LifecycleHandler.sleep: only from Kubernetes 1.30',
    site: ['lifecycle-handler.ts', 'is LifecycleHandler.sleep, which Kubernetes'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/lifecycle`, { preStop: { sleep: { seconds: 5 } } })],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'lifecycle.preStop of container "app" sleeps, which Kubernetes 1.27 does not know (the sleep handler comes with 1.30)',
    fix: 'use exec with a command such as ["sleep", "5"], or run Kubernetes 1.30 or later',
  },
  {
    validation: 'LifecycleHandler.sleep: whole seconds from 1 to the termination grace period',
    site: ['lifecycle-handler.ts', 'sleeps ${sleep.seconds} seconds'],
    env: PROD,
    build: (chart) => web(chart, { preStop: LifecycleHandler.sleep(Duration.seconds(5)) }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/lifecycle/preStop/sleep/seconds`, 31)],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'lifecycle.preStop of container "app" sleeps 31 seconds; the API server takes whole seconds from 0 to the pod\'s terminationGracePeriodSeconds (30)',
    fix: 'sleep less, or raise terminationGracePeriodSeconds',
  },
  {
    validation: 'Native sidecar (an init container with restartPolicy Always): only from Kubernetes 1.29',
    site: ['pod-spec.ts', 'a native ` +'],
    build: (chart) =>
      new Deployment(chart, 'web', { containers: [appContainer()], initContainers: [{ name: 'wait', image: IMAGE }] })
        .apiObject,
    patches: [JsonPatch.add(`${POD}/initContainers/0/restartPolicy`, 'Always')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'init container "wait" sets restartPolicy "Always", which Kubernetes 1.27 does not take (sidecar init containers come with 1.29)',
    fix: 'remove restartPolicy and run the sidecar as a container of the pod, or run Kubernetes 1.29 or later',
  },
  {
    validation: 'Container: an extended resource name has a domain',
    site: ['container.ts', 'is not an extended resource name'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/resources/limits/gpu`, 1)],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message:
      'resources.limits of container "app" names "gpu", which is not a resource of a container; it takes cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain (e.g. example.com/gpu)',
    fix: 'write one of these names',
  },
  {
    validation: 'Container: an extended resource is a whole number (written as equal request and limit)',
    site: ['container.ts', 'must be a whole number of 1 or more'],
    build: (chart) => web(chart, { resources: { extended: { 'example.com/gpu': 1 } } }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/resources/limits/example.com~1gpu`, '500m')],
    object: 'Deployment eh/web',
    rule: 'quantity',
    message:
      'container "app" limits.example.com/gpu "500m" is not a whole number; an extended resource is counted in whole devices',
    fix: 'ask for a whole number of devices, e.g. 1',
  },
  // job.ts: completionMode
  {
    validation: 'Job: an Indexed Job runs at most 100000 pods at once',
    site: ['job.ts', 'is more than an Indexed Job runs at once'],
    build: (chart) =>
      new Job(chart, 'count', {
        containers: [{ name: 'count', image: 'busybox:1.36' }],
        completions: 100_001,
        parallelism: 2,
        completionMode: CompletionMode.INDEXED,
      }).apiObject,
    patches: [JsonPatch.replace('/spec/parallelism', 100_001)],
    object: 'Job eh/count',
    rule: 'counts',
    message: 'parallelism 100001 is more than an Indexed Job takes (100000)',
    fix: 'run at most 100000 pods at once',
  },
  // job.ts: failures per index and pod replacement
  {
    validation: 'Job: backoffLimitPerIndex, maxFailedIndexes and podReplacementPolicy from Kubernetes 1.29',
    site: ['job.ts', 'needs Kubernetes ${since} or later'],
    build: (chart) => job(chart).apiObject,
    patches: [JsonPatch.add('/spec/podReplacementPolicy', 'Failed')],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message:
      'podReplacementPolicy is not taken by Kubernetes 1.27 (it comes with 1.29): the API server refuses the field or ' +
      'drops it without a word',
    fix: "remove podReplacementPolicy, or raise the environment's kubernetesVersion to 1.29 or later once the cluster runs it",
  },
  {
    validation: 'Job: maxFailedIndexes needs backoffLimitPerIndex',
    site: ['job.ts', 'is given without backoffLimitPerIndex, which it needs'],
    env: PROD,
    build: (chart) => perIndexJob(chart).apiObject,
    patches: [JsonPatch.remove('/spec/backoffLimitPerIndex'), JsonPatch.add('/spec/maxFailedIndexes', 1)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message: 'maxFailedIndexes is set without backoffLimitPerIndex, which the API server refuses',
    fix: 'set backoffLimitPerIndex (the retries of each index), or remove maxFailedIndexes',
  },
  {
    validation: 'Job: backoffLimitPerIndex integer >= 0',
    site: ['job.ts', "checkCount(scope, 'backoffLimitPerIndex'"],
    env: PROD,
    build: (chart) => perIndexJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/backoffLimitPerIndex', -1)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message: 'backoffLimitPerIndex must be an integer of 0 or more, got -1',
    fix: 'set backoffLimitPerIndex to an integer of 0 or more',
  },
  {
    validation: 'Job: backoffLimitPerIndex on an Indexed Job alone',
    site: ['job.ts', 'backoffLimitPerIndex is given to a Job of completionMode'],
    env: PROD,
    build: (chart) => perIndexJob(chart).apiObject,
    patches: [JsonPatch.remove('/spec/completionMode')],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message:
      'backoffLimitPerIndex on a Job of completionMode "NonIndexed"; the API server takes it on an Indexed Job alone',
    fix: 'set completionMode to Indexed, or use backoffLimit',
  },
  {
    validation: 'Job: maxFailedIndexes given for more than 100000 indexes with backoffLimitPerIndex',
    site: ['job.ts', 'which needs maxFailedIndexes; set it to at most'],
    env: PROD,
    build: (chart) => perIndexJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/completions', 100_001)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message:
      'completions 100001 is more than 100000 with backoffLimitPerIndex, and maxFailedIndexes is not set, which the ' +
      'API server then requires',
    fix: 'set maxFailedIndexes to at most 10000',
  },
  {
    validation: 'Job: maxFailedIndexes and parallelism at most 10000 past 100000 indexes with backoffLimitPerIndex',
    site: ['job.ts', 'may be at most ${MAX_FOR_MANY_INDEXES}, got ${value}'],
    env: PROD,
    build: (chart) => perIndexJob(chart, { maxFailedIndexes: 3 }).apiObject,
    patches: [JsonPatch.replace('/spec/completions', 100_001), JsonPatch.replace('/spec/parallelism', 10_001)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message:
      'completions 100001 is more than 100000 with backoffLimitPerIndex, so parallelism may be at most 10000, got 10001',
    fix: 'lower parallelism to 10000 or less',
  },
  {
    validation: 'Job: maxFailedIndexes integer >= 0',
    site: ['job.ts', "checkCount(scope, 'maxFailedIndexes'"],
    env: PROD,
    build: (chart) => perIndexJob(chart, { maxFailedIndexes: 1 }).apiObject,
    patches: [JsonPatch.replace('/spec/maxFailedIndexes', -1)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message: 'maxFailedIndexes must be an integer of 0 or more, got -1',
    fix: 'set maxFailedIndexes to an integer of 0 or more',
  },
  {
    validation: 'Job: maxFailedIndexes at most completions',
    site: ['job.ts', 'is more than completions ${completions}, the Job'],
    env: PROD,
    build: (chart) => perIndexJob(chart, { maxFailedIndexes: 1 }).apiObject,
    patches: [JsonPatch.replace('/spec/maxFailedIndexes', 4)],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message: 'maxFailedIndexes 4 is more than completions 3',
    fix: 'set maxFailedIndexes to 3 or less',
  },
  {
    validation: 'Job: podReplacementPolicy Failed beside a podFailurePolicy',
    site: ['job.ts', 'beside a podFailurePolicy, which takes'],
    env: PROD,
    build: (chart) => failingJob(chart, [FAIL_ON_42], { podReplacementPolicy: PodReplacementPolicy.FAILED }).apiObject,
    patches: [JsonPatch.replace('/spec/podReplacementPolicy', 'TerminatingOrFailed')],
    object: 'Job eh/count',
    rule: 'job-failure-handling',
    message: 'podReplacementPolicy is "TerminatingOrFailed" beside a podFailurePolicy, which takes Failed alone',
    fix: 'set podReplacementPolicy to Failed, or remove it (Failed then)',
  },
  // pod-failure-policy.ts
  {
    validation: 'Job: podFailurePolicy on pods that restart Never',
    site: ['pod-failure-policy.ts', 'podFailurePolicy needs pods that restart Never'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.replace(`${JOB_POD}/restartPolicy`, 'OnFailure')],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy is set with the pod restartPolicy "OnFailure"; the API server takes it only with Never',
    fix: "set the pods' restartPolicy to Never (RestartPolicy.NEVER), or remove podFailurePolicy",
  },
  {
    validation: 'Job: podFailurePolicy of at most 20 rules',
    site: ['pod-failure-policy.ts', 'rules, more than the'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/podFailurePolicy/rules', Array(21).fill(FAIL_ON_42))],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy has 21 rules; the API server takes at most 20',
    fix: 'merge rules of the same action (a rule takes up to 255 exit codes or 20 conditions)',
  },
  {
    validation: 'Job: a podFailurePolicy rule on exit codes or on pod conditions, not both',
    site: ['pod-failure-policy.ts', "'neither onExitCodes nor onPodConditions'"],
    build: (chart) => failingJob(chart).apiObject,
    patches: [
      JsonPatch.add('/spec/podFailurePolicy/rules/0/onPodConditions', [{ type: 'DisruptionTarget', status: 'True' }]),
    ],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy.rules[0] has both onExitCodes and onPodConditions; the API server takes exactly one',
    fix: 'match either the exit codes of a container or the conditions of the pod, in two rules if you need both',
  },
  {
    validation: 'Job: the action FailIndex needs backoffLimitPerIndex',
    site: ['pod-failure-policy.ts', 'which needs backoffLimitPerIndex'],
    env: PROD,
    build: (chart) =>
      failingJob(chart, [{ ...FAIL_ON_42, action: PodFailureAction.FAIL_INDEX }], {
        completionMode: CompletionMode.INDEXED,
        completions: 3,
        backoffLimitPerIndex: 1,
      }).apiObject,
    patches: [JsonPatch.remove('/spec/backoffLimitPerIndex')],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy.rules[0].action is FailIndex without backoffLimitPerIndex, which the API server refuses',
    fix: 'set backoffLimitPerIndex (an Indexed Job), or use the action FailJob',
  },
  {
    validation: 'Job: a podFailurePolicy rule of at most 20 pod conditions',
    site: ['pod-failure-policy.ts', 'patterns, more than the'],
    build: (chart) => failingJob(chart, [IGNORE_DISRUPTION]).apiObject,
    patches: [
      JsonPatch.replace(
        '/spec/podFailurePolicy/rules/0/onPodConditions',
        Array.from({ length: 21 }, (_, index) => ({ type: `example.com/c${index}`, status: 'True' })),
      ),
    ],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy.rules[0].onPodConditions has 21 patterns; the API server takes at most 20',
    fix: 'split them over two rules of the same action',
  },
  {
    validation: 'Job: a podFailurePolicy condition type is a qualified name',
    site: ['pod-failure-policy.ts', 'is not a condition type'],
    build: (chart) => failingJob(chart, [IGNORE_DISRUPTION]).apiObject,
    patches: [JsonPatch.replace('/spec/podFailurePolicy/rules/0/onPodConditions/0/type', 'Disruption Target')],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message:
      'podFailurePolicy.rules[0].onPodConditions[0].type "Disruption Target" is not a condition type (a qualified ' +
      'name, e.g. DisruptionTarget)',
    fix: 'write the condition type as `kubectl get pod -o yaml` shows it',
  },
  {
    validation: 'Job: a podFailurePolicy rule of 1 to 255 exit codes',
    site: ['pod-failure-policy.ts', 'exit codes; a rule takes 1 to'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/podFailurePolicy/rules/0/onExitCodes/values', [])],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy.rules[0].onExitCodes.values lists 0 exit codes; the API server takes 1 to 255',
    fix: 'list the exit codes the rule is about, e.g. [42]',
  },
  {
    validation: 'Job: podFailurePolicy exit codes in increasing order, each once',
    site: ['pod-failure-policy.ts', 'must be in increasing order, each once'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/podFailurePolicy/rules/0/onExitCodes/values', [42, 1])],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message: 'podFailurePolicy.rules[0].onExitCodes.values [42,1] are not integers in increasing order, each once',
    fix: 'sort them and remove repeats, e.g. [1,42]',
  },
  {
    validation: 'Job: podFailurePolicy exit code 0 not under In',
    site: ['pod-failure-policy.ts', 'under ExitCodeOperator.IN'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.replace('/spec/podFailurePolicy/rules/0/onExitCodes/values', [0, 42])],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message:
      'podFailurePolicy.rules[0].onExitCodes matches exit code 0 with In, which the API server refuses (0 is success)',
    fix: 'remove 0 from values',
  },
  {
    validation: "Job: a podFailurePolicy containerName is one of the pod's containers",
    site: ['pod-failure-policy.ts', 'is not a container of the pod'],
    build: (chart) => failingJob(chart).apiObject,
    patches: [JsonPatch.add('/spec/podFailurePolicy/rules/0/onExitCodes/containerName', 'nope')],
    object: 'Job eh/count',
    rule: 'pod-failure-policy',
    message:
      'podFailurePolicy.rules[0].onExitCodes.containerName "nope" is not a container of the pod template ("count")',
    fix: 'name one of its containers or init containers, or remove containerName to match them all',
  },
  // pod-spec.ts: topology spread
  {
    validation: 'workloads: topologySpread minDomains 1 or more',
    site: ['pod-spec.ts', 'checkCount(scope, `${where}.minDomains`'],
    build: (chart) =>
      spreadWeb(chart, { whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE, minDomains: 2 }).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/minDomains`, 0)],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message: 'topologySpreadConstraints[0].minDomains 0 is not an integer of 1 or more',
    fix: 'set minDomains to the fewest domains to count, e.g. 3 zones, or remove it',
  },
  {
    validation: 'workloads: topologySpread minDomains with DoNotSchedule alone',
    site: ['pod-spec.ts', 'is given with whenUnsatisfiable'],
    build: (chart) =>
      spreadWeb(chart, { whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE, minDomains: 2 }).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/whenUnsatisfiable`, 'ScheduleAnyway')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'topologySpreadConstraints[0].minDomains is set with whenUnsatisfiable "ScheduleAnyway"; the API server takes ' +
      'it with DoNotSchedule alone',
    fix: 'set whenUnsatisfiable to DoNotSchedule, or remove minDomains',
  },
  {
    validation: 'workloads: topologySpread matchLabelKeys are label keys',
    site: ['pod-spec.ts', 'checkLabels(scope, `${where}.matchLabelKeys`'],
    build: (chart) => spreadWeb(chart, { matchLabelKeys: ['pod-template-hash'] }).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/matchLabelKeys/0`, 'pod template hash')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'topologySpreadConstraints[0].matchLabelKeys[0] "pod template hash" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    fix: "name a label of the workload's pods, e.g. pod-template-hash",
  },
  {
    validation: "workloads: topologySpread matchLabelKeys not in the spread's labelSelector",
    site: ['pod-spec.ts', "a key of the workload's selector"],
    build: (chart) => spreadWeb(chart, { matchLabelKeys: ['pod-template-hash'] }).apiObject,
    patches: [JsonPatch.replace(`${POD}/topologySpreadConstraints/0/matchLabelKeys/0`, 'app.kubernetes.io/name')],
    object: 'Deployment eh/web',
    rule: 'scheduling',
    message:
      'topologySpreadConstraints[0].matchLabelKeys[0] "app.kubernetes.io/name" is also in its labelSelector, which ' +
      'the API server of 1.27 refuses (from 1.34, it merges the two)',
    fix: 'remove it from matchLabelKeys (the labelSelector already selects by it)',
  },
  // stateful-set.ts: update strategy
  {
    validation: 'StatefulSet: updateStrategy.partition integer >= 0',
    site: ['stateful-set.ts', "checkCount(this, 'updateStrategy.partition'"],
    build: (chart) =>
      new StatefulSet(chart, 'redis', {
        port: 6379,
        replicas: 3,
        updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
        containers: [
          {
            name: 'redis',
            image: 'redis:7.2',
            ports: [{ number: 6379, name: 'redis' }],
            readiness: Probe.tcpSocket('redis'),
          },
        ],
      }).apiObject,
    patches: [JsonPatch.replace('/spec/updateStrategy/rollingUpdate/partition', -1)],
    object: 'StatefulSet eh/redis',
    rule: 'update-strategy',
    message: 'updateStrategy.rollingUpdate.partition must be an integer of 0 or more, got -1',
    fix: 'set updateStrategy.rollingUpdate.partition to 0 or more',
  },
  // daemon-set.ts: update strategy
  {
    validation: 'DaemonSet: updateStrategy maxUnavailable and maxSurge are counts or percentages up to 100%',
    site: ['daemon-set.ts', 'must be an integer of 0 or more or a percentage from 0% to 100%'],
    build: (chart) => agent(chart, DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: '10%' })).apiObject,
    patches: [JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', '150%')],
    object: 'DaemonSet eh/agent',
    rule: 'update-strategy',
    message:
      'updateStrategy.rollingUpdate.maxUnavailable "150%" is not an integer of 0 or more or a percentage from 0% to 100%',
    fix: 'set maxUnavailable to a count such as 1 or a percentage such as "10%"',
  },
  {
    validation: 'DaemonSet: updateStrategy maxUnavailable and maxSurge are not both 0',
    site: ['daemon-set.ts', 'are both 0, so a rollout could never replace a pod'],
    build: (chart) => agent(chart, DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0, maxSurge: 1 })).apiObject,
    patches: [JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxSurge', 0)],
    object: 'DaemonSet eh/agent',
    rule: 'update-strategy',
    message: 'updateStrategy.rollingUpdate maxUnavailable and maxSurge are both 0, which the API server refuses',
    fix: 'let one of them be 1 or more, e.g. maxUnavailable: 1',
  },
  {
    validation: 'DaemonSet: updateStrategy maxUnavailable and maxSurge are not both above 0',
    site: ['daemon-set.ts', 'are both above 0, which the API server refuses'],
    build: (chart) => agent(chart, DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0, maxSurge: 1 })).apiObject,
    patches: [JsonPatch.replace('/spec/updateStrategy/rollingUpdate/maxUnavailable', 1)],
    object: 'DaemonSet eh/agent',
    rule: 'update-strategy',
    message:
      'updateStrategy.rollingUpdate maxUnavailable 1 and maxSurge 1 are both above 0, which the API server refuses ' +
      '(a DaemonSet either surges or takes pods down, not both)',
    fix: 'set maxUnavailable: 0 to surge, or leave maxSurge out to replace pods in place',
  },
  // pod-spec.ts: DNS
  {
    validation: 'Pod spec: at most 3 dnsConfig nameservers',
    site: ['pod-spec.ts', 'a pod takes at most'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/dnsConfig/nameservers`, ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'dnsConfig has 4 nameservers (10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4); the API server takes at most 3',
    fix: 'keep 3 nameservers (a resolver reads no more)',
  },
  {
    validation: 'Pod spec: a dnsConfig nameserver is an IP address',
    site: ['pod-spec.ts', '${problem.problem}; write'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/dnsConfig/nameservers/0`, 'dns.example.com')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'dnsConfig nameserver "dns.example.com" is not an IP address',
    fix: 'write the IPv4 or IPv6 address of the DNS server, e.g. 10.96.0.10',
  },
  {
    validation: 'Pod spec: a hostAliases ip is an IP address',
    site: ['pod-spec.ts', '${problem.problem}; write'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/hostAliases/0/ip`, 'legacy.internal')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'hostAliases ip "legacy.internal" is not an IP address',
    fix: 'write an IPv4 or IPv6 address, e.g. 10.0.0.5; the names go in hostnames',
  },
  {
    validation: 'Pod spec: a hostAliases host name is a DNS-1123 subdomain',
    site: ['pod-spec.ts', 'host name`, hostname)'],
    build: (chart) => dnsWeb(chart).apiObject,
    patches: [JsonPatch.replace(`${POD}/hostAliases/0/hostnames/0`, 'Legacy_Host')],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'hostAliases hostname "Legacy_Host" (ip 10.0.0.5) is not a DNS-1123 subdomain',
    fix: 'write a host name of lower-case letters, digits, "-" and ".", e.g. "db.internal"',
  },
  // horizontal-pod-autoscaler.ts, workload.ts: autoscaling
  {
    validation: 'HorizontalPodAutoscaler: name is a DNS-1123 subdomain',
    site: ['horizontal-pod-autoscaler.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => autoscaled(chart).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Web')],
    object: 'HorizontalPodAutoscaler eh/Web',
    rule: 'object-name',
    message: `name "Web" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'HorizontalPodAutoscaler: minReplicas 1 or more',
    site: ['horizontal-pod-autoscaler.ts', "checkCount(this, 'minReplicas'"],
    build: (chart) => autoscaled(chart).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/minReplicas', 0)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'minReplicas 0 is not an integer of 1 or more',
    fix: 'set minReplicas to 1 or more',
  },
  {
    validation: 'HorizontalPodAutoscaler: a stabilization window of 0 to 3600 seconds',
    site: ['horizontal-pod-autoscaler.ts', 'must be whole seconds from 0 to'],
    build: (chart) =>
      autoscaled(chart, { scaleDownStabilization: Duration.minutes(5) }).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/behavior/scaleDown/stabilizationWindowSeconds', 7200)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'behavior.scaleDown.stabilizationWindowSeconds 7200 is not from 0 to 3600 (an hour)',
    fix: 'look back at most an hour, e.g. 300 (the default for scaling down)',
  },
  {
    validation: 'HorizontalPodAutoscaler: maxReplicas at least minReplicas',
    site: ['horizontal-pod-autoscaler.ts', 'is below minReplicas'],
    build: (chart) => autoscaled(chart).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/maxReplicas', 1)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'maxReplicas 1 is below minReplicas 2',
    fix: 'set maxReplicas to 2 or more',
  },
  {
    validation: 'HorizontalPodAutoscaler: cpuUtilization 1 or more',
    site: ['horizontal-pod-autoscaler.ts', "checkCount(this, 'cpuUtilization'"],
    build: (chart) => autoscaled(chart).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/metrics/0/resource/target/averageUtilization', 0)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'metrics[0].resource.target.averageUtilization 0 is not an integer of 1 or more',
    fix: 'aim at a percentage of the requests such as 80',
  },
  {
    validation: 'HorizontalPodAutoscaler: memoryUtilization 1 or more',
    site: ['horizontal-pod-autoscaler.ts', "checkCount(this, 'memoryUtilization'"],
    build: (chart) => autoscaled(chart, { memoryUtilization: 75 }).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/metrics/1/resource/target/averageUtilization', 0)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'metrics[1].resource.target.averageUtilization 0 is not an integer of 1 or more',
    fix: 'aim at a percentage of the requests such as 80',
  },
  {
    validation: 'HorizontalPodAutoscaler: a Pods metric name without "/" or "%"',
    site: ['horizontal-pod-autoscaler.ts', 'must not be empty, "." or "..", nor contain'],
    build: (chart) =>
      autoscaled(chart, { podMetrics: [{ name: 'queue_depth', averageValue: '30' }] }).autoscaler
        ?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/metrics/0/pods/metric/name', 'queue/depth')],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message:
      'metrics[0].pods.metric.name "queue/depth" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
    fix: 'write the name of the metric without "/" or "%"',
  },
  {
    validation: 'HorizontalPodAutoscaler: a Pods metric average above 0',
    site: ['horizontal-pod-autoscaler.ts', 'must be a quantity above 0'],
    build: (chart) =>
      autoscaled(chart, { podMetrics: [{ name: 'queue_depth', averageValue: '30' }] }).autoscaler
        ?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/metrics/0/pods/target/averageValue', '0')],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'metrics[0].pods.target.averageValue "0" is not a quantity above 0',
    fix: 'aim at a quantity above 0, e.g. "100" or "500m"',
  },
  {
    validation: 'HorizontalPodAutoscaler: a scaling policy value of 1 or more',
    site: ['horizontal-pod-autoscaler.ts', 'value must be a whole number of 1 or more'],
    build: (chart) =>
      autoscaled(chart, { scaleUpPolicies: [ScalingPolicy.pods(4, Duration.minutes(1))] }).autoscaler
        ?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/behavior/scaleUp/policies/0/value', 0)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'behavior.scaleUp.policies[0].value 0 is not an integer above 0',
    fix: 'change by at least one pod or one percent per period, or set selectPolicy: Disabled to stop scaling this way',
  },
  {
    validation: 'HorizontalPodAutoscaler: a scaling policy period of 1 to 1800 seconds',
    site: ['horizontal-pod-autoscaler.ts', 'period must be from 1 to'],
    build: (chart) =>
      autoscaled(chart, { scaleDownPolicies: [ScalingPolicy.pods(1, Duration.minutes(2))] }).autoscaler
        ?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/behavior/scaleDown/policies/0/periodSeconds', 3600)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'behavior.scaleDown.policies[0].periodSeconds 3600 is not from 1 to 1800 (half an hour)',
    fix: 'measure the change over at most half an hour, e.g. 60',
  },
  {
    validation: 'HorizontalPodAutoscaler: a scaling policy period of whole seconds',
    site: ['horizontal-pod-autoscaler.ts', 'checkOptionalSeconds(this, `${where} period`'],
    build: (chart) =>
      autoscaled(chart, { scaleUpPolicies: [ScalingPolicy.percent(100, Duration.minutes(1))] }).autoscaler
        ?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/behavior/scaleUp/policies/0/periodSeconds', 1.5)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'schema',
    message: 'spec.behavior.scaleUp.policies[0].periodSeconds must be an integer (int32), got 1.5',
    fix: 'write an integer (int32) from -2147483648 to 2147483647',
  },
  {
    validation: 'workloads: replicas and autoscaling are not both given',
    site: ['workload.ts', 'and autoscaling are both given'],
    build: (chart) => autoscaled(chart).apiObject,
    patches: [JsonPatch.add('/spec/replicas', 3)],
    object: 'Deployment eh/web',
    rule: 'autoscaler',
    message:
      'sets spec.replicas 3 but HorizontalPodAutoscaler web scales it, so every apply resets what the autoscaler set',
    fix: 'leave spec.replicas out (give the workload `autoscaling` instead of `replicas`)',
  },
  {
    validation: 'workloads: a HorizontalPodAutoscaler made apart scales no workload that sets replicas',
    site: ['workload.ts', 'which the autoscaler would set'],
    build: (chart) => autoscaled(chart).apiObject,
    patches: [JsonPatch.add('/spec/replicas', 3)],
    object: 'Deployment eh/web',
    rule: 'autoscaler',
    message:
      'sets spec.replicas 3 but HorizontalPodAutoscaler web scales it, so every apply resets what the autoscaler set',
    fix: 'leave spec.replicas out (give the workload `autoscaling` instead of `replicas`)',
  },
  {
    validation: 'workloads: one autoscaler a workload',
    site: ['workload.ts', 'a workload takes one autoscaler'],
    build: (chart) => {
      autoscaled(chart);
      const api = new Deployment(chart, 'api', { containers: [appContainer()] });
      return new HorizontalPodAutoscaler(chart, 'z-scaler', { target: api, maxReplicas: 3 }).apiObject;
    },
    patches: [JsonPatch.replace('/spec/scaleTargetRef/name', 'web')],
    object: 'HorizontalPodAutoscaler eh/z-scaler',
    rule: 'autoscaler-target',
    message:
      "HorizontalPodAutoscaler web scales Deployment web too; two autoscalers of one workload undo each other's replicas (the controller then scales neither: AmbiguousSelector)",
    fix: 'keep one autoscaler of Deployment web: remove this one, or put its metrics into web',
  },
  // The structure the API server reads. The constructors check the shape of their props as JavaScript, `as any` or
  // JSON may give them (prop-shapes.ts, pod-spec-shape.ts, and each factory's check): a value of the wrong type, an
  // unknown key, a missing required prop. In a rendered object, the schema rule is their gate; one row per file of
  // shape checks, since every call there is the same kind of check on another prop.
  {
    validation: "Shape (prop-shapes.ts): a construct's props of the wrong type, unknown or missing",
    site: ['prop-shapes.ts', 'scope'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace('/spec/replicas', '3')],
    object: 'Deployment eh/web',
    rule: 'counts',
    message: 'replicas must be an integer of 0 or more, got "3"',
    fix: 'set replicas to an integer of 0 or more',
  },
  {
    validation: "Shape (pod-spec-shape.ts): a pod's or container's props of the wrong type, unknown or missing",
    site: ['pod-spec-shape.ts', 'scope'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/imagePullPolicyy`, 'Always')],
    object: 'Deployment eh/web',
    rule: 'schema',
    message:
      'spec.template.spec.containers[0].imagePullPolicyy is not a field of Container; did you mean imagePullPolicy?',
    fix: 'rename spec.template.spec.containers[0].imagePullPolicyy to imagePullPolicy',
  },
  {
    validation: "Shape (probe.ts): what a probe's factory was given, of the wrong type",
    site: ['probe.ts', 'scope'],
    build: (chart) => web(chart, { readiness: Probe.httpGet('/', 'http') }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/path`, 8080)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.containers[0].readinessProbe.httpGet.path must be a string, got 8080',
    fix: 'write "8080", with quotes',
  },
  {
    validation: "Shape (lifecycle-handler.ts): what a hook's factory was given, of the wrong type",
    site: ['lifecycle-handler.ts', '${where}'],
    build: (chart) => web(chart, { preStop: LifecycleHandler.exec(['drain']) }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/lifecycle/preStop/exec/command`, 'drain')],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.containers[0].lifecycle.preStop.exec.command must be a list of string, got "drain"',
    fix: 'write a list of string',
  },
  {
    validation: "BackendService: portName is an IANA service name (the container's rule, at the BackendService)",
    site: ['backend-service.ts', 'checkString(scope, field, value)'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/ports/0/name`, 'a-very-long-port-name')],
    object: 'Deployment eh/web',
    rule: 'port-name',
    message:
      'port name "a-very-long-port-name" of container "app" must be at most 15 lower-case letters, digits or single "-", with a letter',
    fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
  },
  {
    validation: "Shape (volume.ts): what a volume's factory was given, of the wrong type",
    site: ['volume.ts', 'scope'],
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/template/spec/volumes', [{ name: 'cache', emptyDir: { medium: 5 } }])],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.volumes[0].emptyDir.medium must be a string, got 5',
    fix: 'write "5", with quotes',
  },
  {
    validation: 'Schema: a misspelled field',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add('/spec/replica', 3)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.replica is not a field of DeploymentSpec; did you mean replicas?',
    fix: 'rename spec.replica to replicas',
  },
  {
    validation: "Schema: a field in the props' camelCase (clusterIp for clusterIP)",
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.add('/spec/clusterIp', 'None')],
    object: 'Service eh/web-svc',
    rule: 'schema',
    message: 'spec.clusterIp is not a field of ServiceSpec; did you mean clusterIP?',
    fix: 'rename spec.clusterIp to clusterIP',
  },
  {
    validation: 'Schema: a misspelled field in a pod template',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.add(`${CONTAINER}/imagePullPolicyy`, 'Always')],
    object: 'Deployment eh/web',
    rule: 'schema',
    message:
      'spec.template.spec.containers[0].imagePullPolicyy is not a field of Container; did you mean imagePullPolicy?',
    fix: 'rename spec.template.spec.containers[0].imagePullPolicyy to imagePullPolicy',
  },
  {
    validation: 'Schema: a quoted number where an integer is required',
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.replace('/spec/ports/0/port', '80')],
    object: 'Service eh/web-svc',
    rule: 'schema',
    message: 'spec.ports[0].port must be an integer (int32), got "80"',
    fix: 'write 80, without quotes',
  },
  {
    validation: 'Schema: a number where a string is required',
    build: (chart) => web(chart, { env: { WORKERS: kplus.EnvValue.fromValue('4') } }).apiObject,
    patches: [JsonPatch.replace(`${CONTAINER}/env/0/value`, 4)],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.template.spec.containers[0].env[0].value must be a string, got 4',
    fix: 'write "4", with quotes',
  },
  {
    validation: 'Schema: a missing required field',
    build: (chart) => webAndService(chart).service.apiObject,
    patches: [JsonPatch.remove('/spec/ports/0/port')],
    object: 'Service eh/web-svc',
    rule: 'schema',
    message: 'spec.ports[0].port is missing; ServicePort requires port',
    fix: 'add spec.ports[0].port',
  },
  {
    validation: "Schema: a missing required field in a workload's spec",
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.remove('/spec/selector')],
    object: 'Deployment eh/web',
    rule: 'schema',
    message: 'spec.selector is missing; DeploymentSpec requires selector and template',
    fix: 'add spec.selector',
  },
  {
    validation: 'Namespace: Pod Security admission enforces a profile (the construct always sets the label)',
    build: (chart) => chart.ns.apiObject,
    patches: [JsonPatch.remove('/metadata/labels/pod-security.kubernetes.io~1enforce')],
    object: 'Namespace eh',
    rule: 'pod-security-enforced',
    message:
      'the label pod-security.kubernetes.io/enforce is not set, so the API server admits any pod in the namespace, ' +
      'privileged ones included',
    fix:
      'set the label pod-security.kubernetes.io/enforce to "restricted" (the Namespace construct does, or takes ' +
      'podSecurity), or exempt the Namespace from pod-security-enforced with a reason',
  },
  {
    validation: 'Namespace: the enforced Pod Security profile is one Kubernetes knows',
    build: (chart) => chart.ns.apiObject,
    patches: [JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce', 'strict')],
    object: 'Namespace eh',
    rule: 'pod-security-labels',
    message:
      'the label pod-security.kubernetes.io/enforce is "strict", which the API server refuses: a Pod Security level ' +
      'is privileged, baseline or restricted',
    fix:
      'set pod-security.kubernetes.io/enforce to privileged, baseline or restricted (lower case), or remove it (the ' +
      'Namespace construct writes them from podSecurity)',
  },
  // The environment's Kubernetes version (version-rules.ts): DEV declares 1.27.
  {
    validation: "Namespace: Pod Security's enforce-version is the environment's kubernetesVersion",
    site: ['namespace.ts', 'fail(this, `kubernetesVersion'],
    build: (chart) => chart.ns.apiObject,
    patches: [JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce-version', 'latest')],
    object: 'Namespace eh',
    rule: 'pod-security-version',
    message:
      'pod-security.kubernetes.io/enforce-version is "latest", the profile of whatever release the cluster runs, not ' +
      'that of Kubernetes 1.27 (kubernetesVersion of environment dev)',
    fix: 'set the label pod-security.kubernetes.io/enforce-version to "v1.27" (the Namespace construct sets it from the environment)',
  },
  {
    validation:
      'API version: a Deployment in an apiVersion that Kubernetes 1.16 removed (the constructs write apps/v1)',
    build: (chart) => web(chart).apiObject,
    patches: [JsonPatch.replace('/apiVersion', 'extensions/v1beta1')],
    object: 'Deployment eh/web',
    rule: 'api-version',
    message:
      'apiVersion extensions/v1beta1 of Deployment is not served by Kubernetes 1.27 (kubernetesVersion of ' +
      'environment dev): removed in 1.16, use apps/v1 Deployment',
    fix: `write apiVersion: apps/v1 and migrate the fields that changed (${MIGRATION_GUIDE})`,
  },
  {
    validation: 'API version: a CronJob in an apiVersion that Kubernetes 1.25 removed (the constructs write batch/v1)',
    build: (chart) => cronJob(chart).apiObject,
    patches: [JsonPatch.replace('/apiVersion', 'batch/v1beta1')],
    object: 'CronJob eh/report',
    rule: 'api-version',
    message:
      'apiVersion batch/v1beta1 of CronJob is not served by Kubernetes 1.27 (kubernetesVersion of environment dev): ' +
      'removed in 1.25, use batch/v1 CronJob',
    fix: `write apiVersion: batch/v1 and migrate the fields that changed (${MIGRATION_GUIDE})`,
  },
  {
    validation:
      'API version: an Ingress in an apiVersion that Kubernetes 1.22 removed (the construct writes networking.k8s.io/v1)',
    build: (chart) => ingress(chart).apiObject,
    patches: [JsonPatch.replace('/apiVersion', 'networking.k8s.io/v1beta1')],
    object: 'Ingress eh/routes',
    rule: 'api-version',
    message:
      'apiVersion networking.k8s.io/v1beta1 of Ingress is not served by Kubernetes 1.27 (kubernetesVersion of ' +
      'environment dev): removed in 1.22, use networking.k8s.io/v1 Ingress',
    fix: `write apiVersion: networking.k8s.io/v1 and migrate the fields that changed (${MIGRATION_GUIDE})`,
  },
  {
    validation: 'CustomResourceDefinition: group is a domain with a dot',
    site: ['custom-resource-definition.ts', 'groupmustbeadomainwithatleastonedot'],
    build: (chart) => widgets(chart).apiObject,
    patches: [
      JsonPatch.replace('/spec/group', 'examplecom'),
      JsonPatch.replace('/metadata/name', 'widgets.examplecom'),
    ],
    object: 'CustomResourceDefinition widgets.examplecom',
    rule: 'crd-definition',
    message:
      'CustomResourceDefinition widgets.examplecom: spec.group is "examplecom": a group must be a domain with at least one dot; the API server refuses the definition',
    fix: 'write examplecom.example.com or a domain you own',
  },
  {
    validation: 'CustomResourceDefinition: exactly one stored version',
    site: ['custom-resource-definition.ts', 'versionsmusthaveexactlyonestoredversion'],
    build: (chart) => widgets(chart).apiObject,
    patches: [JsonPatch.replace('/spec/versions/0/storage', false)],
    object: 'CustomResourceDefinition widgets.example.com',
    rule: 'crd-definition',
    message:
      'CustomResourceDefinition widgets.example.com: spec.versions is "0 stored": exactly one version must be marked as the storage version; the API server refuses the definition',
    fix: 'set storage: true on one version (the one objects are kept in) and false on the others',
  },
  {
    validation: 'CustomResource: name is a DNS-1123 subdomain',
    site: ['custom-resource.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => widget(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Small_One')],
    object: 'Widget eh/Small_One',
    rule: 'object-name',
    message: `name "Small_One" ${SUBDOMAIN}`,
    fix: RENAME,
    env: WIDGETS_ENV,
  },
  {
    validation: 'CustomResource: a version its definition serves',
    site: ['custom-resource.ts', 'isnotservedbythedefinitionof'],
    build: (chart) => widget(chart).apiObject,
    patches: [JsonPatch.replace('/apiVersion', 'example.com/v2')],
    object: 'Widget eh/small',
    rule: 'custom-resource-kind',
    message:
      'no API of the cluster serves Widget in version example.com/v2: the project defines no CustomResourceDefinition of it and the environment\'s external.customResources does not declare it, so kubectl apply refuses the object (no matches for kind "Widget" in version "example.com/v2")',
    fix: "if the cluster has its CustomResourceDefinition (installed with its operator), declare it in the environment's external.customResources (e.g. ['example.com/v2 Widget']); else add its CustomResourceDefinition to the project",
    env: WIDGETS_ENV,
  },
  {
    validation: 'ValidatingWebhookConfiguration: name is a DNS-1123 subdomain',
    site: ['validating-webhook-configuration.ts', "checkDnsSubdomain(this, 'name'"],
    build: (chart) => widgetWebhook(chart).apiObject,
    patches: [JsonPatch.replace('/metadata/name', 'Widgets_Hook')],
    object: 'ValidatingWebhookConfiguration Widgets_Hook',
    rule: 'object-name',
    message: `name "Widgets_Hook" ${SUBDOMAIN}`,
    fix: RENAME,
  },
  {
    validation: 'ValidatingWebhookConfiguration: a webhook name of three segments or more',
    site: ['validating-webhook-configuration.ts', 'subdomainofatleastthreesegments'],
    build: (chart) => widgetWebhook(chart).apiObject,
    patches: [JsonPatch.replace('/webhooks/0/name', 'vwidget.example')],
    object: 'ValidatingWebhookConfiguration widget-hooks',
    rule: 'webhook-spec',
    message:
      'webhooks[0].name "vwidget.example" is not a fully qualified name (a DNS-1123 subdomain of at least three segments, e.g. "validate.policy.example.com")',
    fix: "name the webhook in its owner's domain, e.g. <what>.<service>.<domain>",
  },
  {
    validation: 'ValidatingWebhookConfiguration: a path of DNS-1123 subdomains between single "/"s',
    site: ['validating-webhook-configuration.ts', 'path must be "/" or segments'],
    build: (chart) => widgetWebhook(chart).apiObject,
    patches: [JsonPatch.replace('/webhooks/0/clientConfig/service/path', '/Validate')],
    object: 'ValidatingWebhookConfiguration widget-hooks',
    rule: 'webhook-spec',
    message:
      'webhooks[0].clientConfig.service.path "/Validate" must start with "/" and have segments that are DNS-1123 subdomains (not "Validate")',
    fix: 'write the path as /segment/segment, in lower-case letters, digits, "-" and "."',
  },
  {
    validation: 'ValidatingWebhookConfiguration: a timeout of 1-30 seconds',
    site: ['validating-webhook-configuration.ts', 'timeoutmustbe1to30seconds'],
    build: (chart) => widgetWebhook(chart).apiObject,
    patches: [JsonPatch.add('/webhooks/0/timeoutSeconds', 45)],
    object: 'ValidatingWebhookConfiguration widget-hooks',
    rule: 'webhook-spec',
    message: 'webhooks[0].timeoutSeconds 45 is outside 1-30',
    fix: 'give the webhook 1 to 30 seconds, or leave it out (10)',
  },
  {
    validation: 'ValidatingWebhookConfiguration: matchConditions from 1.28 (1.27 drops them; the gate warns)',
    site: ['validating-webhook-configuration.ts', 'matchConditionsneedKubernetes'],
    build: (chart) => widgetWebhook(chart).apiObject,
    patches: [JsonPatch.add('/webhooks/0/matchConditions', [{ name: 'all', expression: 'true' }])],
    object: 'ValidatingWebhookConfiguration widget-hooks',
    rule: 'webhook-spec',
    message:
      'webhooks[0].matchConditions are dropped by the API server of Kubernetes 1.27 (AdmissionWebhookMatchConditions is alpha there, off by default): the webhook is called for every request its rules match',
    fix: "filter requests with the webhook's rules and selectors, or run Kubernetes 1.28 or later",
    warning: true,
  },
];

/** A CustomResourceDefinition `widgets.example.com` of one version, v1. */
function widgets(chart: AppChart): CustomResourceDefinition {
  return new CustomResourceDefinition(chart, 'widgets', {
    group: 'example.com',
    kind: 'Widget',
    versions: [{ name: 'v1', schema: { type: 'object', properties: { spec: { type: 'object' } } } }],
  });
}

/** A Widget `small`, of the definition the cluster has (WIDGETS_ENV). */
function widget(chart: AppChart): CustomResource {
  const definition = { group: 'example.com', kind: 'Widget', servedVersions: ['v1'], storageVersion: 'v1' };
  return new CustomResource(chart, 'small', { definition, spec: {} });
}

/** A ValidatingWebhookConfiguration `widget-hooks` of one webhook, `vwidget.example.com`, behind the Service `web`. */
function widgetWebhook(chart: AppChart): ValidatingWebhookConfiguration {
  return new ValidatingWebhookConfiguration(chart, 'widget-hooks', {
    webhooks: [
      {
        name: 'vwidget.example.com',
        service: webAndService(chart).service,
        path: '/validate',
        caCertificate: TEST_CA_CERTIFICATE,
        rules: [{ resources: [widgets(chart).resource], operations: [WebhookOperation.CREATE] }],
      },
    ],
  });
}

/** A Deployment `web` scaled by an autoscaler between 2 and 5 pods. */
function autoscaled(chart: AppChart, autoscaling: Partial<AutoscalingOptions> = {}): Deployment {
  return new Deployment(chart, 'web', {
    containers: [appContainer()],
    autoscaling: { minReplicas: 2, maxReplicas: 5, ...autoscaling },
  });
}

function sealedSecret(chart: AppChart): SealedSecret {
  return new SealedSecret(chart, 'creds', {
    keys: ['password'],
    sealedValues: { 'eh/creds': { password: 'AgBsealed==' } },
  });
}

/**
 * The outdir of the rows' apps, which nothing writes: the report renders in memory. Testing.app() without one makes a
 * folder for each app, a fifth of this file's time over its 400 rows.
 */
const NOT_WRITTEN = path.join(os.tmpdir(), 'escape-hatches-not-written');

/** A new app with one AppChart, `eh`, built by the row; returns the app, the chart and the object to break. */
function scene(row: Row): { app: App; chart: AppChart; target: ApiObject } {
  const app = Testing.app({ outdir: NOT_WRITTEN });
  const chart = new AppChart(app, 'eh', { env: row.env ?? DEV, namespace: 'eh' });
  return { app, chart, target: row.build(chart) };
}

/** What a synthesis of the app says: whether it failed, and its report, or the warnings of a pass ('' for none). */
function outcome(app: App, env: Environment = DEV): { failed: boolean; text: string } {
  try {
    const text = renderEnvironments({ environments: [env], build: () => app })
      .filter(({ warnings }) => warnings.length > 0)
      .map(({ env, warnings }) => formatWarnings(env.name, warnings))
      .join('\n');
    return { failed: false, text };
  } catch (error) {
    if (error instanceof SynthesisError) {
      return { failed: true, text: error.message };
    }
    throw error;
  }
}

function report(app: App, env: Environment = DEV): string {
  return outcome(app, env).text;
}

/** How the report shows the row's finding on the object made at `constructPath`. */
function finding(row: Row, constructPath: string): string {
  return [
    `  ${row.rule}: ${row.object} (construct ${constructPath})`,
    `    ${row.message}`,
    `    fix: ${row.fix}`,
  ].join('\n');
}

describe.each(ROWS.map((row) => [row.validation, row] as const))('%s', (_, row) => {
  it('passes when built through the construct', () => {
    expect(report(scene(row).app, row.env)).toBe('');
  });

  const refused = row.warning === true ? 'is warned of' : 'is refused';

  it(`${refused} when the construct is patched with addJsonPatch`, () => {
    const { app, target } = scene(row);
    target.addJsonPatch(...row.patches);
    const result = outcome(app, row.env);
    expect(result.text).toContain(finding(row, target.node.path));
    expect(result.failed).toBe(row.warning !== true);
  });

  it(`${refused} when written as a raw ApiObject`, () => {
    const { app, chart, target } = scene(row);
    const written = renderApp(app)
      .flatMap((file) => file.objects)
      .find((object) => object.path === target.node.path);
    if (written === undefined) {
      throw new Error(`${target.node.path} was not rendered`);
    }
    target.node.scope?.node.tryRemoveChild(target.node.id);
    const raw = new ApiObject(
      chart,
      'Raw',
      JsonPatch.apply(JSON.parse(JSON.stringify(written.manifest)), ...row.patches),
    );
    const result = outcome(app, row.env);
    expect(result.text).toContain(finding(row, raw.node.path));
    expect(result.failed).toBe(row.warning !== true);
  });
});

const CONSTRUCTS = path.join(__dirname, '..', '..', 'lib', 'constructs');

/** The text of a call from `start` (at its name) to its closing parenthesis, without whitespace. */
function callText(source: string, start: number): string {
  let depth = 0;
  for (let index = source.indexOf('(', start); index < source.length; index++) {
    if (source[index] === '(') {
      depth++;
    } else if (source[index] === ')' && --depth === 0) {
      return source.slice(start, index + 1).replace(/\s+/g, '');
    }
  }
  throw new Error(`unbalanced call at ${start}`);
}

/** Every call of `fail`, of a `check*` helper of validation.ts, or of `addValidation` in lib/constructs/. */
function validationCalls(): { file: string; line: number; text: string }[] {
  const helpers = [
    ...fs.readFileSync(path.join(CONSTRUCTS, 'validation.ts'), 'utf8').matchAll(/export function (check\w+)/g),
  ].map((match) => match[1]);
  const call = new RegExp(`(?<!function )\\b(fail|${helpers.join('|')}|addValidation)\\(`, 'g');
  return fs
    .readdirSync(CONSTRUCTS)
    .filter((file) => file.endsWith('.ts') && file !== 'validation.ts')
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(CONSTRUCTS, file), 'utf8');
      return [...source.matchAll(call)].map((match) => ({
        file,
        line: source.slice(0, match.index).split('\n').length,
        text: callText(source, match.index ?? 0),
      }));
    });
}

function covers(row: Row, site: { file: string; text: string }): boolean {
  return row.site !== undefined && row.site[0] === site.file && site.text.includes(row.site[1].replace(/\s+/g, ''));
}

describe('the table', () => {
  it('has a row for every validation call in lib/constructs/', () => {
    const missing = validationCalls()
      .filter((site) => !ROWS.some((row) => covers(row, site)))
      .map((site) => `lib/constructs/${site.file}:${site.line} ${site.text.slice(0, 80)}`);
    expect(missing.map((site) => `${site}: add a row to ROWS in test/checks/escape-hatches.test.ts`)).toEqual([]);
  });

  it('names in each row a validation call that exists', () => {
    const sites = validationCalls();
    const stale = ROWS.filter((row) => row.site !== undefined && !sites.some((site) => covers(row, site))).map(
      (row) => `${row.validation}: no call in lib/constructs/${row.site?.[0]} contains ${row.site?.[1]}`,
    );
    expect(stale).toEqual([]);
  });
});

describe('JSON patches of typed objects', () => {
  // A patch applies to the Kubernetes JSON of the object, as a raw ApiObject's fields are written; a value in the
  // shape of the typed props (an IntOrString as { value }) is not Kubernetes JSON, and the schema check says so.
  it('refuses an IntOrString written in the shape of the props, { value: 8080 }', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'eh', { env: DEV, namespace: 'eh' });
    const deployment = web(chart);
    deployment.apiObject.addJsonPatch(JsonPatch.replace(`${CONTAINER}/readinessProbe/httpGet/port`, { value: 8080 }));
    expect(report(app)).toContain(
      [
        '  schema: Deployment eh/web (construct eh/web/Resource)',
        '    spec.template.spec.containers[0].readinessProbe.httpGet.port must be an integer or a string (IntOrString), got {"value":8080}',
        '    fix: write an integer or a string (IntOrString)',
      ].join('\n'),
    );
  });
});
