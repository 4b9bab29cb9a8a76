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
import { DaemonSet, DaemonSetUpdateStrategy } from '../../lib/constructs/daemon-set';
import { Deployment, DeploymentStrategy } from '../../lib/constructs/deployment';
import { AutoscalingOptions, HorizontalPodAutoscaler } from '../../lib/constructs/horizontal-pod-autoscaler';
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
import { StatefulSet, StatefulSetUpdateStrategy } from '../../lib/constructs/stateful-set';
import { StorageClass } from '../../lib/constructs/storage-class';
import { Volume } from '../../lib/constructs/volume';
import { WebService } from '../../lib/constructs/web-service';
import { formatWarnings } from '../../lib/checks/finding';
import { SynthesisError, renderEnvironments } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { DEV } from '../helpers';

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
    validation: 'Volume: ConfigMap and Secret items land at relative paths (no constructor check)',
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
    site: ['persistent-volume.ts', 'hostPath must be an absolute path'],
    build: (chart) => storage(chart).volume.apiObject,
    patches: [JsonPatch.replace('/spec/hostPath/path', 'var/lib/notes')],
    object: 'PersistentVolume notes-pv',
    rule: 'host-path',
    message: 'hostPath "var/lib/notes" must be an absolute path',
    fix: "write the directory's full path on the node, starting with '/'",
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
    patches: [JsonPatch.replace(`${POD}/containers`, [])],
    object: 'Deployment eh/web',
    rule: 'pod-spec',
    message: 'the pod has no containers',
    fix: 'add a container to `containers`',
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
    message: 'metrics[0] (cpu) averageUtilization 0 is not an integer of 1 or more',
    fix: 'aim at a percentage of the requests such as 80',
  },
  {
    validation: 'HorizontalPodAutoscaler: memoryUtilization 1 or more',
    site: ['horizontal-pod-autoscaler.ts', "checkCount(this, 'memoryUtilization'"],
    build: (chart) => autoscaled(chart, { memoryUtilization: 75 }).autoscaler?.apiObject as ApiObject,
    patches: [JsonPatch.replace('/spec/metrics/1/resource/target/averageUtilization', 0)],
    object: 'HorizontalPodAutoscaler eh/web',
    rule: 'autoscaler',
    message: 'metrics[1] (memory) averageUtilization 0 is not an integer of 1 or more',
    fix: 'aim at a percentage of the requests such as 80',
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
];

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
