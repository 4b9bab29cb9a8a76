import { NO_EXTERNAL } from '../../lib/config/environment';
import { runChecks } from '../../lib/checks/run-checks';
import { RELAXED_ENV_NAMES } from '../../lib/checks/pod-rules';
import {
  LIFECYCLE_SLEEP_SINCE,
  LIFECYCLE_SLEEP_ZERO_SINCE,
  MATCH_LABEL_KEYS_IN_SELECTOR_SINCE,
  POD_LEVEL_RESOURCES_SINCE,
  RELAXED_DNS_SEARCH,
  SIDECARS_SINCE,
} from '../../lib/checks/pod-values';
import { APPARMOR_FIELD_SINCE, PROC_MOUNT_CHECKED_SINCE, RELAXED_SERVICE_NAMES } from '../../lib/checks/value-rules';
import {
  CLAIM_TEMPLATES_VALIDATED_SINCE,
  DATA_SOURCE_GROUP_CHECKED_SINCE,
  NODE_ALLOCATABLE_UPDATE_SINCE,
  VOLUME_ATTRIBUTES_CLASS_SINCE,
} from '../../lib/checks/storage-rules';
import { VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE } from '../../lib/checks/quota-rules';
import { SCALE_TO_ZERO_SINCE } from '../../lib/checks/autoscaler-metrics';
import {
  BACKOFF_LIMIT_PER_INDEX_SINCE,
  CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE,
  POD_REPLACEMENT_POLICY_SINCE,
} from '../../lib/checks/job-rules';
import { MANAGED_BY_SINCE, SUCCESS_POLICY_SINCE } from '../../lib/checks/job-spec';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { MATCH_CONDITIONS_SINCE } from '../../lib/checks/webhook-rules';
import { STATEFUL_SET_MAX_UNAVAILABLE_SINCE } from '../../lib/checks/workload-rules';
import { HTTP_GET_PROTOCOL_SINCE } from '../../lib/checks/http-get-protocol';
import { AnyManifest } from '../helpers';
import { RAW_CSR } from '../checks/raw-kinds';
import { CATCH_ALL_FLOW_SCHEMA } from '../checks/flowcontrol-fixtures';
import { kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The gate against the API server on values it refuses: each object below is refused by the real API server (a
 * server-side dry run, which stores nothing) and by the named rule of our checks; each valid object is accepted by
 * both. An object a rule refuses but the server takes, or the reverse, fails here with both verdicts.
 */
const RELEASE = serverRelease();

type Patch = Record<string, unknown>;

function deployment(name: string, patches: { spec?: Patch; pod?: Patch; container?: Patch } = {}): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'refusal' } },
      template: {
        metadata: { labels: { app: 'refusal' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...patches.container }], ...patches.pod },
      },
      ...patches.spec,
    },
  };
}

function object(apiVersion: string, kind: string, body: Patch, namespaced = true): AnyManifest {
  return {
    apiVersion,
    kind,
    metadata: namespaced ? { name: 'refusal', namespace: 'default' } : { name: 'refusal' },
    ...body,
  };
}

const pods = (spec: Patch) => ({
  selector: { matchLabels: { app: 'refusal' } },
  template: { metadata: { labels: { app: 'refusal' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  ...spec,
});
const job = (spec: Patch) => ({
  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  ...spec,
});
const service = (spec: Patch) => ({ spec: { selector: { app: 'refusal' }, ports: [{ port: 80 }], ...spec } });
const storageClass = (body: Patch) => object('storage.k8s.io/v1', 'StorageClass', body, false);
const networkPolicy = (spec: Patch) => object('networking.k8s.io/v1', 'NetworkPolicy', { spec });
const budget = (spec: Patch) => object('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 1, ...spec } });
const role = (rules: unknown[]) => object('rbac.authorization.k8s.io/v1', 'Role', { rules });
const autoscaler = (metrics: unknown[]) =>
  object('autoscaling/v2', 'HorizontalPodAutoscaler', {
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, metrics },
  });
const cpuMetric = (type: string, targetType: string) => ({
  type,
  resource: { name: 'cpu', target: { type: targetType, averageUtilization: 50 } },
});
const resourceMetric = (target: Patch, name = 'cpu') => ({ type: 'Resource', resource: { name, target } });
const containerMetric = (target: Patch, container = 'app') => ({
  type: 'ContainerResource',
  containerResource: { name: 'cpu', container, target },
});
const podsMetric = (target: Patch, name = 'qps') => ({ type: 'Pods', pods: { metric: { name }, target } });
const objectMetric = (target: Patch, describedObject: Patch = { kind: 'Service', name: 'web' }, name = 'hits') => ({
  type: 'Object',
  object: { describedObject: { apiVersion: 'v1', ...describedObject }, metric: { name }, target },
});
const externalMetric = (target: Patch, metric: Patch = { name: 'queue' }) => ({
  type: 'External',
  external: { metric, target },
});
const UTILIZATION = { type: 'Utilization', averageUtilization: 50 };
const AVERAGE_VALUE = { type: 'AverageValue', averageValue: '100' };
const VALUE = { type: 'Value', value: '100' };
/** A StorageClass of the volumes of the zones `terms` select. */
const zonal = (terms: unknown[]) =>
  storageClass({ provisioner: 'kubernetes.io/no-provisioner', allowedTopologies: terms });
const ZONE = 'topology.kubernetes.io/zone';
const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const nodeTerm = (requirement: Patch) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] },
    },
  },
});
const selectorOf = (requirement: Patch) => ({ matchExpressions: [requirement] });
const ingress = (spec: Patch, annotations?: Record<string, string>) => {
  const made = object('networking.k8s.io/v1', 'Ingress', { spec });
  return annotations === undefined ? made : { ...made, metadata: { ...made.metadata, annotations } };
};
const backend = (port: Patch) => ({ service: { name: 'web', port } });

const RBAC = 'rbac.authorization.k8s.io';
const binding = (body: Patch) =>
  object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    ...body,
  });
const scaling = (behavior: Patch) =>
  object('autoscaling/v2', 'HorizontalPodAutoscaler', {
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, behavior },
  });

const failing = (rules: unknown[], restartPolicy = 'Never', spec: Patch = {}) =>
  object('batch/v1', 'Job', {
    spec: {
      podFailurePolicy: { rules },
      template: { spec: { restartPolicy, containers: [{ name: 'app', image: 'nginx:1.25' }] } },
      ...spec,
    },
  });
const exitCodes = (operator: string, values: number[]) => ({ action: 'FailJob', onExitCodes: { operator, values } });
/** An Indexed Job of 3 indexes, with `spec`, of pods that restart `restartPolicy`. */
const indexedJob = (spec: Patch, restartPolicy = 'Never') =>
  object('batch/v1', 'Job', {
    spec: {
      completionMode: 'Indexed',
      completions: 3,
      template: { spec: { restartPolicy, containers: [{ name: 'app', image: 'nginx:1.25' }] } },
      ...spec,
    },
  });
/** A Deployment spread over zones by one constraint of `spread` (DoNotSchedule, selecting its pods). */
const spreading = (spread: Patch) =>
  deployment('d', {
    pod: {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'refusal' } },
          ...spread,
        },
      ],
    },
  });

const quota = (spec: Patch) => object('v1', 'ResourceQuota', { spec });
const scopeSelector = (requirement: Patch) => ({ matchExpressions: [requirement] });

/** A webhook that the API server takes, of a configuration of `kind`, with `change` made to it. */
const webhookConfiguration = (kind: string, change: Patch = {}, rule: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    kind,
    {
      webhooks: [
        {
          name: 'check.refusal.example.com',
          clientConfig: { service: { namespace: 'default', name: 'refusal', path: '/check', port: 8443 } },
          rules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], ...rule },
          ],
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          namespaceSelector: { matchLabels: { 'refusal.example.com/checked': 'true' } },
          ...change,
        },
      ],
    },
    false,
  );
/** A validating webhook of these matchConditions. */
const conditioned = (...matchConditions: Patch[]) =>
  webhookConfiguration('ValidatingWebhookConfiguration', { matchConditions });
/** A ValidatingAdmissionPolicy the 1.37 API server takes, with `spec` merged into its spec. */
const validatingPolicy = (spec: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    'ValidatingAdmissionPolicy',
    {
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
          ],
        },
        variables: [{ name: 'replicas', expression: 'has(object.spec.replicas) ? object.spec.replicas : 1' }],
        validations: [{ expression: 'variables.replicas <= 50' }],
        ...spec,
      },
    },
    false,
  );
/** A MutatingAdmissionPolicy the 1.37 API server takes, with `spec` merged into its spec. */
const mutatingPolicy = (spec: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    'MutatingAdmissionPolicy',
    {
      spec: {
        reinvocationPolicy: 'Never',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
          ],
        },
        mutations: [
          {
            patchType: 'ApplyConfiguration',
            applyConfiguration: { expression: "Object{metadata: Object.metadata{labels: {'owner': 'course'}}}" },
          },
        ],
        ...spec,
      },
    },
    false,
  );
const policyBinding = (kind: string, spec: Patch) =>
  object('admissionregistration.k8s.io/v1', kind, { spec: { policyName: 'refusal', ...spec } }, false);
/** The release from which the servers serve flowcontrol v1, whose exempt priority level has spec.exempt. */
const FLOWCONTROL_V1_SINCE = '1.29';
/** A FlowSchema or PriorityLevelConfiguration of the server's flowcontrol version (v1beta3 before 1.29, then v1). */
const flowcontrol = (kind: string, spec: Patch) =>
  object(
    `flowcontrol.apiserver.k8s.io/${compareReleases(RELEASE, FLOWCONTROL_V1_SINCE) < 0 ? 'v1beta3' : 'v1'}`,
    kind,
    { spec },
    false,
  );
/** One of the mandatory objects the API server makes and keeps (exempt, catch-all), of this spec. */
const mandatory = (kind: string, name: string, spec: Patch) => ({ ...flowcontrol(kind, spec), metadata: { name } });
const flowSchema = (rule: Patch) =>
  flowcontrol('FlowSchema', {
    priorityLevelConfiguration: { name: 'refusal' },
    rules: [{ subjects: [{ kind: 'Group', group: { name: 'refusal' } }], ...rule }],
  });
const priorityLevel = (limitResponse: Patch) =>
  flowcontrol('PriorityLevelConfiguration', {
    type: 'Limited',
    limited: { nominalConcurrencyShares: 5, limitResponse },
  });
const csr = (spec: Patch) =>
  object(
    'certificates.k8s.io/v1',
    'CertificateSigningRequest',
    { spec: { request: RAW_CSR, signerName: 'example.com/refusal', usages: ['client auth'], ...spec } },
    false,
  );
const apiService = (name: string, spec: Patch) => ({
  ...object('apiregistration.k8s.io/v1', 'APIService', {}, false),
  metadata: { name },
  spec: {
    group: 'refusal.example.com',
    version: 'v1',
    groupPriorityMinimum: 100,
    versionPriority: 10,
    service: { namespace: 'default', name: 'refusal' },
    ...spec,
  },
});
const volumeAttachment = (spec: Patch) =>
  object(
    'storage.k8s.io/v1',
    'VolumeAttachment',
    { spec: { attacher: 'csi.example.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv' }, ...spec } },
    false,
  );
const csiNode = (driver: Patch) =>
  object(
    'storage.k8s.io/v1',
    'CSINode',
    { spec: { drivers: [{ name: 'csi.example.com', nodeID: 'n1', ...driver }] } },
    false,
  );
const ipAddress = (name: string) => ({
  ...object('networking.k8s.io/v1', 'IPAddress', {}, false),
  metadata: { name },
  spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'refusal' } },
});
const deviceClass = (expression: string) =>
  object('resource.k8s.io/v1', 'DeviceClass', { spec: { selectors: [{ cel: { expression } }] } }, false);
const endpointSlice = (body: Patch) =>
  object('discovery.k8s.io/v1', 'EndpointSlice', {
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.20.0.20'] }],
    ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
    ...body,
  });
const endpoints = (subset: Patch) =>
  object('v1', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.20.0.10' }], ports: [{ port: 5432 }], ...subset }] });
const ingressClass = (spec: Patch) =>
  object('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'k8s.io/ingress-nginx', ...spec } }, false);
const limitRange = (item: Patch) => object('v1', 'LimitRange', { spec: { limits: [{ max: { cpu: '2' }, ...item }] } });
const priorityClass = (name: string, value: number): AnyManifest => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
});
const SANDBOX_TAINT = { key: 'example.com/sandbox', operator: 'Exists', effect: 'NoExecute' };
const runtimeClassTolerating = (...tolerations: Patch[]) =>
  object('node.k8s.io/v1', 'RuntimeClass', { handler: 'runsc', scheduling: { tolerations } }, false);
const lease = (spec: Patch) => object('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'a', ...spec } });
const replicationController = (selector: Record<string, string>) =>
  object('v1', 'ReplicationController', {
    spec: {
      selector,
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    },
  });

type Refusal = readonly [name: string, rule: string, manifest: AnyManifest];
type Acceptance = readonly [name: string, manifest: AnyManifest];

/** A Deployment whose pods tolerate `tolerations`. */
const tolerating = (...tolerations: Patch[]) => deployment('d', { pod: { tolerations } });
const env = (entry: Patch) => deployment('d', { container: { env: [{ name: 'X', ...entry }] } });
const probe = (kind: string, value: Patch) => deployment('d', { container: { [kind]: value } });
const TCP = { tcpSocket: { port: 80 } };
const resources = (value: Patch) => deployment('d', { container: { resources: value } });
const lifecycle = (value: Patch) => deployment('d', { container: { lifecycle: value } });
/** A PersistentVolume of 1Gi, ReadWriteOnce, of `spec` beside. */
const persistentVolume = (spec: Patch) =>
  object(
    'v1',
    'PersistentVolume',
    { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, ...spec } },
    false,
  );
/** Node affinity of one node. */
const ON_NODE = {
  required: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }],
  },
};
const volume = (source: Patch) => deployment('d', { pod: { volumes: [{ name: 'v', ...source }] } });
const podSecurity = (context: Patch) => deployment('d', { pod: { securityContext: context } });
const dnsConfig = (config: Patch) => deployment('d', { pod: { dnsConfig: config } });
const mount = (value: Patch) =>
  deployment('d', {
    pod: { volumes: [{ name: 'v', emptyDir: {} }] },
    container: { volumeMounts: [{ name: 'v', ...value }] },
  });
/** A claim of 1Gi, ReadWriteOnce, of `spec` beside. */
const CLAIM_SPEC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
const claim = (spec: Patch) => object('v1', 'PersistentVolumeClaim', { spec: { ...CLAIM_SPEC, ...spec } });
/** A CSIDriver of `spec`; a ResourceClaim of `devices`; a DeviceClass of `spec`; NFS and CSI volume sources. */
const csiDriver = (spec: Patch) => object('storage.k8s.io/v1', 'CSIDriver', { spec }, false);
/** The tested release whose CSIDriver has serviceAccountTokenInSecrets (1.27 does not know it). */
const TOKENS_IN_SECRETS_SINCE = '1.37';
const resourceClaim = (devices: Patch) => object('resource.k8s.io/v1', 'ResourceClaim', { spec: { devices } });
const GPU_REQUEST = { name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } };
const classOf = (spec: Patch) => object('resource.k8s.io/v1', 'DeviceClass', { spec }, false);
const NFS = { nfs: { server: 'nfs.example.com', path: '/exports' } };
const CSI = { csi: { driver: 'csi.example.com', volumeHandle: 'vol-1' } };
/** A Deployment of an ephemeral volume whose claim template is such a claim. */
const ephemeralClaim = (spec: Patch) =>
  volume({ ephemeral: { volumeClaimTemplate: { spec: { ...CLAIM_SPEC, ...spec } } } });
/** A StatefulSet of one volumeClaimTemplate of such a claim. */
const claimTemplate = (spec: Patch) =>
  object('apps/v1', 'StatefulSet', {
    spec: pods({
      serviceName: 'refusal',
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { ...CLAIM_SPEC, ...spec } }],
    }),
  });
const containerSecurity = (context: Patch) => deployment('d', { container: { securityContext: context } });
/** `count` search domains of two labels of `length` letters each. */
const searchDomains = (count: number, length: number) =>
  Array.from({ length: count }, (_, index) => `s${index}.${'a'.repeat(length)}.${'b'.repeat(length)}.example.com`);

/** Pod specs the API server refuses. */
const POD_REFUSALS: readonly Refusal[] = [
  [
    'a probe header named with a space',
    'probe-spec',
    probe('readinessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'bad header', value: 'x' }] } }),
  ],
  [
    'a probe header named with an underscore',
    'probe-spec',
    probe('livenessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'X_Custom', value: 'x' }] } }),
  ],
  [
    'a postStart hook header named with a space',
    'pod-spec',
    lifecycle({ postStart: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'bad header', value: 'x' }] } } }),
  ],
  [
    'a probe of scheme FTP',
    'enum-values',
    probe('readinessProbe', { httpGet: { path: '/', port: 80, scheme: 'FTP' } }),
  ],
  [
    'a probe of scheme http, in lower case',
    'enum-values',
    probe('startupProbe', { httpGet: { path: '/', port: 80, scheme: 'http' } }),
  ],
  ['a preStop hook of scheme FTP', 'enum-values', lifecycle({ preStop: { httpGet: { port: 80, scheme: 'FTP' } } })],
  [
    'a Deployment on the host network of hostPort 81 for containerPort 80',
    'pod-spec',
    deployment('d', { pod: { hostNetwork: true }, container: { ports: [{ containerPort: 80, hostPort: 81 }] } }),
  ],
  [
    'a Pod on the host network of hostPort 81 for containerPort 80',
    'pod-spec',
    object('v1', 'Pod', {
      spec: {
        hostNetwork: true,
        containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80, hostPort: 81 }] }],
      },
    }),
  ],
  [
    'a Pod of activeDeadlineSeconds 0',
    'counts',
    object('v1', 'Pod', { spec: { activeDeadlineSeconds: 0, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
  ],
  [
    'a Pod of activeDeadlineSeconds 2^31',
    'counts',
    object('v1', 'Pod', {
      spec: { activeDeadlineSeconds: 2 ** 31, containers: [{ name: 'app', image: 'nginx:1.25' }] },
    }),
  ],
  [
    'a Job pod template of activeDeadlineSeconds 0',
    'counts',
    object('batch/v1', 'Job', {
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            activeDeadlineSeconds: 0,
            containers: [{ name: 'app', image: 'nginx:1.25' }],
          },
        },
      },
    }),
  ],
  [
    'a Deployment pod template of activeDeadlineSeconds (not Supported)',
    'counts',
    deployment('d', { pod: { activeDeadlineSeconds: 30 } }),
  ],
  ['a dnsConfig option of no name', 'pod-spec', dnsConfig({ options: [{ name: 'ndots', value: '2' }, { name: '' }] })],
  ['a probe without a handler', 'probe-spec', probe('readinessProbe', { periodSeconds: 5 })],
  ['a probe of two handlers', 'probe-spec', probe('livenessProbe', { ...TCP, exec: { command: ['true'] } })],
  ['a liveness probe of successThreshold 2', 'probe-spec', probe('livenessProbe', { ...TCP, successThreshold: 2 })],
  ['a negative probe period', 'probe-spec', probe('readinessProbe', { ...TCP, periodSeconds: -1 })],
  [
    'a readiness probe with a grace period',
    'probe-spec',
    probe('readinessProbe', { ...TCP, terminationGracePeriodSeconds: 5 }),
  ],
  [
    'an env value beside valueFrom',
    'pod-spec',
    env({ value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }),
  ],
  [
    'an env valueFrom of two sources',
    'pod-spec',
    env({ valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } } }),
  ],
  [
    'a fieldRef the server does not expose',
    'pod-spec',
    env({ valueFrom: { fieldRef: { fieldPath: 'metadata.foo' } } }),
  ],
  ['a fieldRef of all labels', 'pod-spec', env({ valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } })],
  [
    'a resourceFieldRef of no resource',
    'pod-spec',
    env({ valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }),
  ],
  ['dnsPolicy None without dnsConfig', 'pod-spec', deployment('d', { pod: { dnsPolicy: 'None' } })],
  [
    'a host alias IP that is no address',
    'pod-spec',
    deployment('d', { pod: { hostAliases: [{ ip: 'not-an-ip', hostnames: ['db'] }] } }),
  ],
  [
    'a sysctl name the server refuses',
    'pod-spec',
    deployment('d', { pod: { securityContext: { sysctls: [{ name: 'not a sysctl', value: '1' }] } } }),
  ],
  [
    'a downward API volume reading the node name',
    'pod-spec',
    deployment('d', {
      pod: {
        volumes: [
          { name: 'info', downwardAPI: { items: [{ path: 'node', fieldRef: { fieldPath: 'spec.nodeName' } }] } },
        ],
      },
    }),
  ],
  ['a resource name that is not a container resource', 'pod-spec', resources({ requests: { cpus: '1' } })],
  ['huge pages without cpu or memory', 'pod-spec', resources({ limits: { 'hugepages-2Mi': '4Mi' } })],
  [
    'huge pages requested without a limit',
    'pod-spec',
    resources({ requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi' } }),
  ],
  [
    'huge pages requested below their limit',
    'pod-spec',
    resources({
      requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi' },
      limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi' },
    }),
  ],
  [
    "a pod's own huge pages requested without a limit (1.27 has no pod resources at all)",
    compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0 ? 'pod-spec' : 'schema',
    deployment('d', {
      pod: { resources: { requests: { memory: '1Gi', 'hugepages-2Mi': '128Mi' }, limits: { memory: '1Gi' } } },
    }),
  ],
  [
    "a pod's own limit of pids (1.27 has no pod resources at all)",
    compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0 ? 'pod-spec' : 'schema',
    deployment('d', { pod: { resources: { limits: { memory: '1Gi', pids: '100' } } } }),
  ],
  ['a hostPath with a ".." element', 'pod-spec', volume({ hostPath: { path: '/var/../etc' } })],
  [
    'a downward API file at an absolute path',
    'pod-spec',
    volume({ downwardAPI: { items: [{ path: '/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }),
  ],
  [
    'a downward API file above its volume',
    'pod-spec',
    volume({ downwardAPI: { items: [{ path: '../labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }),
  ],
  ['an extended resource that is not a whole number', 'quantity', resources({ limits: { 'example.com/gpu': '500m' } })],
  ['an extended resource requested without a limit', 'quantity', resources({ requests: { 'example.com/gpu': '1' } })],
  [
    'an extended resource requested below its limit',
    'quantity',
    resources({ requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } }),
  ],
  [
    'a preStop sleep longer than the termination grace period',
    'pod-spec',
    lifecycle({ preStop: { sleep: { seconds: 31 } } }),
  ],
  ['a hostname that is no DNS label', 'pod-spec', deployment('d', { pod: { hostname: 'My_Host' } })],
  ['a subdomain that is no DNS label', 'pod-spec', deployment('d', { pod: { subdomain: 'My_Sub' } })],
  ['a preStop hook without a handler', 'pod-spec', lifecycle({ preStop: {} })],
  [
    'a preStop hook of two handlers',
    'pod-spec',
    lifecycle({ preStop: { exec: { command: ['true'] }, httpGet: { path: '/', port: 80 } } }),
  ],
  ['a volume of two sources', 'pod-spec', volume({ emptyDir: {}, configMap: { name: 'c' } })],
  ['a configMap defaultMode above 0777', 'pod-spec', volume({ configMap: { name: 'c', defaultMode: 1000 } })],
  ['a configMap defaultMode below 0', 'pod-spec', volume({ configMap: { name: 'c', defaultMode: -1 } })],
  [
    'a secret item mode above 0777',
    'pod-spec',
    volume({ secret: { secretName: 's', items: [{ key: 'k', path: 'k', mode: 4095 }] } }),
  ],
  [
    'a projected defaultMode above 0777',
    'pod-spec',
    volume({ projected: { defaultMode: 512, sources: [{ configMap: { name: 'c' } }] } }),
  ],
  [
    'a projected item mode above 0777',
    'pod-spec',
    volume({ projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'k', mode: 512 }] } }] } }),
  ],
  [
    'a downwardAPI item mode above 0777',
    'pod-spec',
    volume({ downwardAPI: { items: [{ path: 'n', mode: 512, fieldRef: { fieldPath: 'metadata.name' } }] } }),
  ],
  [
    'a negative runAsUser of a container',
    'pod-spec',
    deployment('d', { container: { securityContext: { runAsUser: -1 } } }),
  ],
  ['a negative fsGroup', 'pod-spec', podSecurity({ fsGroup: -5 })],
  ['a negative supplemental group', 'pod-spec', podSecurity({ supplementalGroups: [1000, -1] })],
  ['a runAsGroup above 2^31 - 1', 'pod-spec', podSecurity({ runAsGroup: 2147483648 })],
  ['four nameservers', 'pod-spec', dnsConfig({ nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] })],
  ['33 search domains', 'pod-spec', dnsConfig({ searches: searchDomains(33, 1) })],
  ['search domains of more than 2048 characters', 'pod-spec', dnsConfig({ searches: searchDomains(20, 50) })],
  ['a fsGroupChangePolicy in the wrong case', 'enum-values', podSecurity({ fsGroupChangePolicy: 'onrootmismatch' })],
  ['a hostPath type in the wrong case', 'enum-values', volume({ hostPath: { path: '/var/log', type: 'directory' } })],
  ['a mount without a mountPath', 'pod-spec', mount({ mountPath: '' })],
  ['an absolute subPath', 'pod-spec', mount({ mountPath: '/d', subPath: '/abs' })],
  ['a subPath that climbs out with ".."', 'pod-spec', mount({ mountPath: '/d', subPath: 'a/../..' })],
  ['an absolute subPathExpr', 'pod-spec', mount({ mountPath: '/d', subPathExpr: '/$(POD)' })],
  ['an ephemeral volume without a claim template', 'pod-spec', volume({ ephemeral: {} })],
  [
    'two mounts of a container at one mountPath',
    'unique-names',
    deployment('d', {
      pod: {
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', emptyDir: {} },
        ],
      },
      container: {
        volumeMounts: [
          { name: 'a', mountPath: '/data' },
          { name: 'b', mountPath: '/data', subPath: 'b' },
        ],
      },
    }),
  ],
  [
    'a probe delay beyond 2^31 - 1 seconds',
    'schema',
    probe('readinessProbe', { ...TCP, initialDelaySeconds: 2 ** 31 }),
  ],
  ['a search domain in upper case', 'pod-spec', dnsConfig({ searches: ['Example.com'] })],
  [
    'a Localhost seccomp profile without localhostProfile',
    'pod-spec',
    containerSecurity({ seccompProfile: { type: 'Localhost' } }),
  ],
  [
    'a seccomp localhostProfile beside type RuntimeDefault',
    'pod-spec',
    containerSecurity({ seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x.json' } }),
  ],
  [
    "a pod's seccomp localhostProfile at an absolute path",
    'pod-spec',
    podSecurity({ seccompProfile: { type: 'Localhost', localhostProfile: '/abs/x.json' } }),
  ],
  ['an NFS volume of an empty server', 'pod-spec', volume({ nfs: { server: '', path: '/x' } })],
  ['an NFS volume at a relative path', 'pod-spec', volume({ nfs: { server: 's', path: 'x' } })],
  ['an inline CSI driver that is no DNS subdomain', 'pod-spec', volume({ csi: { driver: 'Bad_Driver' } })],
  ['an iSCSI iqn of no iqn, eui or naa form', 'pod-spec', volume({ iscsi: { targetPortal: 't', iqn: 'bad', lun: 0 } })],
  [
    'an iSCSI iqn of the iqn prefix and no date',
    'pod-spec',
    volume({ iscsi: { targetPortal: 't', iqn: 'iqn.bad', lun: 0 } }),
  ],
  [
    'an iSCSI lun above 255',
    'pod-spec',
    volume({ iscsi: { targetPortal: 't', iqn: 'eui.0123456789ABCDEF', lun: 256 } }),
  ],
  ['a mount of both subPath and subPathExpr', 'pod-spec', mount({ mountPath: '/d', subPath: 'x', subPathExpr: 'yy' })],
  [
    'Bidirectional mount propagation in a container that is not privileged',
    'pod-spec',
    mount({ mountPath: '/d', mountPropagation: 'Bidirectional' }),
  ],
  ['a mountPropagation of no known value', 'enum-values', mount({ mountPath: '/d', mountPropagation: 'Weird' })],
  ['an empty mountPropagation', 'enum-values', mount({ mountPath: '/d', mountPropagation: '' })],
  [
    'a secretKeyRef key with a space',
    'pod-spec',
    env({ valueFrom: { secretKeyRef: { name: 's', key: 'bad key', optional: true } } }),
  ],
  [
    'a configMapKeyRef key with a slash',
    'pod-spec',
    env({ valueFrom: { configMapKeyRef: { name: 'c', key: 'a/b', optional: true } } }),
  ],
  [
    'a configMapKeyRef key starting with ".."',
    'pod-spec',
    env({ valueFrom: { configMapKeyRef: { name: 'c', key: '..a', optional: true } } }),
  ],
  [
    'an envFrom item of both a ConfigMap and a Secret',
    'pod-spec',
    deployment('d', { container: { envFrom: [{ configMapRef: { name: 'c' }, secretRef: { name: 's' } }] } }),
  ],
  ['an envFrom item of neither source', 'pod-spec', deployment('d', { container: { envFrom: [{ prefix: 'P_' }] } })],
  [
    'an ephemeral claim template whose data source of the core group is no claim',
    'volume-spec',
    ephemeralClaim({ dataSource: { kind: 'Foo', name: 'x' } }),
  ],
  [
    "a claim's dataSourceRef of the core group that is no claim",
    'volume-spec',
    claim({ dataSourceRef: { kind: 'Foo', name: 'x' } }),
  ],
  [
    'a sysctl set twice',
    'pod-spec',
    podSecurity({
      sysctls: [
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'kernel.shm_rmid_forced', value: '0' },
      ],
    }),
  ],
  ['a nodeName that is no DNS subdomain', 'pod-spec', deployment('d', { pod: { nodeName: 'Bad_Node' } })],
  [
    'a claim of ReadWriteOncePod beside ReadWriteOnce',
    'volume-spec',
    claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
  ],
  [
    'an ephemeral claim template of ReadWriteOncePod beside ReadWriteOnce',
    'volume-spec',
    ephemeralClaim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
  ],
  [
    'a PersistentVolume of ReadWriteOncePod beside ReadWriteOnce',
    'volume-spec',
    object(
      'v1',
      'PersistentVolume',
      {
        spec: {
          accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          hostPath: { path: '/data' },
        },
      },
      false,
    ),
  ],
  ['a ConfigMap key starting with ".."', 'config-keys', object('v1', 'ConfigMap', { data: { '..data': 'x' } })],
];

/**
 * What the API server takes and the kubelet cannot run: images it cannot pull (InvalidImageName), a probe on a port
 * name it cannot resolve, a root user where non-root is required; the rules refuse them before a cluster sees them.
 */
const KUBELET_REFUSALS: readonly Refusal[] = [
  ['an image with upper case', 'image-reference', deployment('d', { container: { image: 'Nginx:1.25' } })],
  ['an image with a space', 'image-reference', deployment('d', { container: { image: 'nginx latest' } })],
  [
    'a probe on a port name the container does not give (the kubelet cannot resolve it)',
    'probe-port',
    probe('livenessProbe', { httpGet: { path: '/healthz', port: 'metrics' } }),
  ],
  [
    'a container that must run as non-root and runs as user 0 (the kubelet refuses to start it)',
    'non-root-user',
    deployment('d', {
      pod: { securityContext: { runAsNonRoot: true } },
      container: { securityContext: { runAsUser: 0 } },
    }),
  ],
];

/**
 * Values a release of `from` or later takes and earlier ones refuse: names with a digit first (Services, backends, env
 * names and envFrom prefixes), status.hostIPs, sidecar init containers, a sleep hook (of 0 seconds from 1.33), an env
 * var of an env file.
 */
const BY_RELEASE: readonly (readonly [from: string, refusal: Refusal])[] = [
  [
    CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE,
    [
      "a pod condition pattern without status in a CronJob's Job template",
      'pod-failure-policy',
      object('batch/v1', 'CronJob', {
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: job({
              podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
            }),
          },
        },
      }),
    ],
  ],
  [
    HTTP_GET_PROTOCOL_SINCE,
    [
      'an httpGet protocol of a probe and of a preStop hook (1.37 drops it, whatever its value)',
      'schema',
      deployment('protocol', {
        container: {
          readinessProbe: { httpGet: { path: '/', port: 80, protocol: 'HTTP2' } },
          lifecycle: { preStop: { httpGet: { path: '/', port: 80, protocol: 'FTP' } } },
        },
      }),
    ],
  ],
  [
    SCALE_TO_ZERO_SINCE,
    [
      'an autoscaler of minReplicas 0 beside an External metric',
      'autoscaler',
      object('autoscaling/v2', 'HorizontalPodAutoscaler', {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 0,
          maxReplicas: 3,
          metrics: [externalMetric(VALUE), resourceMetric(UTILIZATION)],
        },
      }),
    ],
  ],
  [
    VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE,
    [
      'a quota of the claims of a VolumeAttributesClass',
      'quota-scope',
      quota({
        hard: { 'requests.storage': '10Gi', persistentvolumeclaims: '5' },
        scopeSelector: scopeSelector({ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['gold'] }),
      }),
    ],
  ],
  [
    RELAXED_SERVICE_NAMES,
    [
      'a Service named with a digit first',
      'object-name',
      { ...object('v1', 'Service', service({})), metadata: { name: '1web', namespace: 'default' } },
    ],
  ],
  [
    RELAXED_SERVICE_NAMES,
    [
      'an Ingress backend named with a digit first',
      'ingress-spec',
      ingress({ defaultBackend: { service: { name: '1web', port: { number: 80 } } } }),
    ],
  ],
  [
    '1.29',
    ['a fieldRef of status.hostIPs', 'pod-spec', env({ valueFrom: { fieldRef: { fieldPath: 'status.hostIPs' } } })],
  ],
  [
    RELAXED_ENV_NAMES,
    [
      'an env name with a digit first',
      'pod-spec',
      deployment('d', { container: { env: [{ name: '1X', value: '1' }] } }),
    ],
  ],
  [
    RELAXED_ENV_NAMES,
    [
      'an envFrom prefix with a digit first',
      'pod-spec',
      deployment('d', { container: { envFrom: [{ prefix: '1_', configMapRef: { name: 'c' } }] } }),
    ],
  ],
  [
    SIDECARS_SINCE,
    [
      'an init container with restartPolicy Always (a sidecar)',
      'pod-spec',
      deployment('d', { pod: { initContainers: [{ name: 'side', image: 'nginx:1.25', restartPolicy: 'Always' }] } }),
    ],
  ],
  [
    LIFECYCLE_SLEEP_SINCE,
    ['a preStop hook that sleeps', 'pod-spec', lifecycle({ preStop: { sleep: { seconds: 5 } } })],
  ],
  [
    // Seen taken by 1.37, whose API has fileKeyRef; 1.27's has no such field.
    '1.37',
    [
      'an env var read from an env file (fileKeyRef)',
      'schema',
      deployment('d', {
        pod: { volumes: [{ name: 'env-files', emptyDir: {} }] },
        container: {
          env: [{ name: 'X', valueFrom: { fileKeyRef: { volumeName: 'env-files', path: 'app.env', key: 'X' } } }],
        },
      }),
    ],
  ],
  [
    POD_LEVEL_RESOURCES_SINCE,
    [
      "a pod's own cpu, memory and huge pages",
      'schema',
      deployment('d', {
        pod: {
          resources: {
            requests: { cpu: '1', memory: '1Gi', 'hugepages-2Mi': '128Mi' },
            limits: { memory: '1Gi', 'hugepages-2Mi': '128Mi' },
          },
        },
      }),
    ],
  ],
  [
    LIFECYCLE_SLEEP_ZERO_SINCE,
    ['a preStop hook that sleeps without seconds (0)', 'pod-spec', lifecycle({ preStop: { sleep: {} } })],
  ],
  [
    LIFECYCLE_SLEEP_ZERO_SINCE,
    ['a preStop hook that sleeps 0 seconds', 'pod-spec', lifecycle({ preStop: { sleep: { seconds: 0 } } })],
  ],
  [RELAXED_DNS_SEARCH, ['a search domain with "_"', 'pod-spec', dnsConfig({ searches: ['my_zone.example.com'] })]],
  [RELAXED_DNS_SEARCH, ['a search domain of "." alone', 'pod-spec', dnsConfig({ searches: ['.'] })]],
  [
    // Seen refused by 1.27 and taken by 1.37 (the selector merge of 1.34).
    MATCH_LABEL_KEYS_IN_SELECTOR_SINCE,
    ['matchLabelKeys with a key of the labelSelector', 'scheduling', spreading({ matchLabelKeys: ['app'] })],
  ],
  [
    // 1.27 refuses the fields under strict validation and drops them without it (seen); 1.28 drops them.
    BACKOFF_LIMIT_PER_INDEX_SINCE,
    [
      'an Indexed Job of per-index limits and FailIndex',
      'job-failure-handling',
      object('batch/v1', 'Job', {
        spec: job({
          completionMode: 'Indexed',
          completions: 3,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 3,
          podFailurePolicy: { rules: [{ ...exitCodes('In', [3]), action: 'FailIndex' }] },
        }),
      }),
    ],
  ],
  [
    POD_REPLACEMENT_POLICY_SINCE,
    [
      'a podReplacementPolicy of Failed beside a podFailurePolicy',
      'job-failure-handling',
      failing([exitCodes('In', [42])], 'Never', { podReplacementPolicy: 'Failed' }),
    ],
  ],
];

/** From 1.36 (StrictIPCIDRValidation) the API server refuses CIDRs of leading 0s, IPv4-mapped or with host bits. */
const STRICT_CIDRS_SINCE = '1.36';

/** Values a release of `since` or later refuses and earlier ones take (1.27 drops a procMount it does not check). */
const REFUSED_SINCE: readonly (readonly [since: string, refusal: Refusal])[] = [
  ...(
    [
      ['a NetworkPolicy ipBlock cidr with bits beyond its prefix', { cidr: '10.1.2.3/8' }],
      ['a NetworkPolicy ipBlock except with bits beyond its prefix', { cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] }],
      ['a NetworkPolicy ipBlock cidr of leading 0s', { cidr: '010.0.0.0/8' }],
      ['a NetworkPolicy ipBlock cidr of an IPv4-mapped address', { cidr: '::ffff:10.0.0.0/104' }],
    ] as const
  ).map(
    ([name, ipBlock]) =>
      [
        STRICT_CIDRS_SINCE,
        [name, 'ip-block', networkPolicy({ podSelector: {}, ingress: [{ from: [{ ipBlock }] }] })],
      ] as const,
  ),
  [
    STRICT_CIDRS_SINCE,
    [
      'a loadBalancerSourceRanges entry with bits beyond its prefix',
      'service-spec',
      object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.5/24'] })),
    ],
  ],
  ...(
    [
      ['a StatefulSet maxUnavailable of 0 (1.27 drops the field)', 0],
      ['a StatefulSet maxUnavailable of "0%"', '0%'],
      ['a StatefulSet maxUnavailable of "101%"', '101%'],
    ] as const
  ).map(
    ([name, maxUnavailable]) =>
      [
        STATEFUL_SET_MAX_UNAVAILABLE_SINCE,
        [
          name,
          'update-strategy',
          object('apps/v1', 'StatefulSet', {
            spec: pods({
              serviceName: 'refusal',
              updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
            }),
          }),
        ],
      ] as const,
  ),
  [
    PROC_MOUNT_CHECKED_SINCE,
    [
      'a procMount in the wrong case',
      'enum-values',
      deployment('d', { container: { securityContext: { procMount: 'default' } } }),
    ],
  ],
  [
    PROC_MOUNT_CHECKED_SINCE,
    [
      'procMount Unmasked in the host user namespace',
      'pod-spec',
      deployment('d', { container: { securityContext: { procMount: 'Unmasked' } } }),
    ],
  ],
  [
    DATA_SOURCE_GROUP_CHECKED_SINCE,
    [
      'an ephemeral claim template of a data source group that is no DNS subdomain',
      'volume-spec',
      ephemeralClaim({ dataSource: { apiGroup: 'Bad_Group', kind: 'Foo', name: 'x' } }),
    ],
  ],
  [
    CLAIM_TEMPLATES_VALIDATED_SINCE,
    [
      "a StatefulSet's claim template whose data source of the core group is no claim (the claim made of it drops it before)",
      'volume-spec',
      claimTemplate({ dataSource: { kind: 'Foo', name: 'x' } }),
    ],
  ],
  ...(
    [
      [
        'a webhook matchCondition that does not parse',
        conditioned({ name: 'a', expression: 'object.metadata.name +' }),
      ],
      [
        'a webhook matchCondition of an undeclared name',
        conditioned({ name: 'a', expression: "objekt.kind == 'Pod'" }),
      ],
      ['a webhook matchCondition of a dyn, not a bool', conditioned({ name: 'a', expression: 'object.metadata.name' })],
      [
        'a webhook matchCondition that compares a string with null',
        conditioned({ name: 'a', expression: 'request.namespace == null' }),
      ],
      ['a webhook matchCondition of params', conditioned({ name: 'a', expression: 'params.enabled == true' })],
      ['a webhook matchCondition named with a space', conditioned({ name: 'a b', expression: 'true' })],
      [
        'a webhook of 65 matchConditions',
        conditioned(...Array.from({ length: 65 }, (_, index) => ({ name: `c${index}`, expression: 'true' }))),
      ],
    ] as const
  ).map(([name, manifest]) => [MATCH_CONDITIONS_SINCE, [name, 'webhook-spec', manifest]] as const),
];
/** The releases that serve ValidatingAdmissionPolicy and MutatingAdmissionPolicy at admissionregistration.k8s.io/v1. */
const VALIDATING_POLICIES_SINCE = '1.30';
const MUTATING_POLICIES_SINCE = '1.37';
/** The releases whose servers serve ServiceCIDR and IPAddress, and resource.k8s.io/v1 and storage.k8s.io/v1 VolumeAttributesClass, as v1 (1.37 is the one tested). */
const SERVICE_CIDRS_SINCE = '1.37';
const DEVICES_SINCE = '1.37';
/** The release whose server takes an autoscaler's behavior tolerance (HPAConfigurableTolerance; 1.27 has no field). */
const AUTOSCALER_TOLERANCE_SINCE = '1.37';

/** Refusals of kinds the API server serves from a release (admission policies), not sent to the releases before. */
const REFUSED_WHERE_SERVED: readonly (readonly [since: string, refusal: Refusal])[] = [
  [
    TOKENS_IN_SECRETS_SINCE,
    [
      'a CSIDriver of serviceAccountTokenInSecrets without token requests',
      'csi-driver-spec',
      csiDriver({ serviceAccountTokenInSecrets: true }),
    ],
  ],
  [
    SUCCESS_POLICY_SINCE,
    [
      'a successPolicy on a Job that is not Indexed',
      'job-spec',
      object('batch/v1', 'Job', { spec: job({ completions: 3, successPolicy: { rules: [{ succeededCount: 1 }] } }) }),
    ],
  ],
  [
    SUCCESS_POLICY_SINCE,
    [
      'succeededIndexes past the last index',
      'job-spec',
      indexedJob({ successPolicy: { rules: [{ succeededIndexes: '0-3' }] } }),
    ],
  ],
  [
    SUCCESS_POLICY_SINCE,
    [
      'a succeededCount above the indexes succeededIndexes names',
      'job-spec',
      indexedJob({ successPolicy: { rules: [{ succeededIndexes: '0-1', succeededCount: 3 }] } }),
    ],
  ],
  [
    MANAGED_BY_SINCE,
    [
      'a managedBy that is no domain-prefixed path',
      'job-spec',
      object('batch/v1', 'Job', { spec: job({ managedBy: 'notqualified' }) }),
    ],
  ],
  [
    FLOWCONTROL_V1_SINCE,
    [
      'the exempt priority level of negative shares',
      'flowcontrol-spec',
      mandatory('PriorityLevelConfiguration', 'exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: -1 } }),
    ],
  ],
  [
    AUTOSCALER_TOLERANCE_SINCE,
    ['an autoscaler tolerance below 0', 'autoscaler', scaling({ scaleDown: { tolerance: '-1m' } })],
  ],
  [
    VOLUME_ATTRIBUTES_CLASS_SINCE,
    [
      'an NFS PersistentVolume of a volumeAttributesClassName',
      'volume-spec',
      persistentVolume({ ...NFS, volumeAttributesClassName: 'gold' }),
    ],
  ],
  [
    VOLUME_ATTRIBUTES_CLASS_SINCE,
    ['a claim of a volumeAttributesClassName in capitals', 'volume-spec', claim({ volumeAttributesClassName: 'Gold' })],
  ],
  [
    NODE_ALLOCATABLE_UPDATE_SINCE,
    [
      'a CSIDriver of an allocatable count updated every 5 s',
      'csi-driver-spec',
      csiDriver({ nodeAllocatableUpdatePeriodSeconds: 5 }),
    ],
  ],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim of two requests of one name',
      'device-request-spec',
      resourceClaim({ requests: [GPU_REQUEST, GPU_REQUEST] }),
    ],
  ],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim config of no request of the claim',
      'device-request-spec',
      resourceClaim({
        requests: [GPU_REQUEST],
        config: [{ requests: ['cpu'], opaque: { driver: 'gpu.example.com', parameters: { a: 1 } } }],
      }),
    ],
  ],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim constraint of an attribute without a domain',
      'device-request-spec',
      resourceClaim({ requests: [GPU_REQUEST], constraints: [{ matchAttribute: 'numa' }] }),
    ],
  ],
  [DEVICES_SINCE, ['a DeviceClass config without opaque', 'device-request-spec', classOf({ config: [{}] })]],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim toleration of Exists and a value',
      'device-request-spec',
      resourceClaim({
        requests: [
          {
            name: 'gpu',
            exactly: {
              deviceClassName: 'gpu.example.com',
              tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }],
            },
          },
        ],
      }),
    ],
  ],
  [
    DEVICES_SINCE,
    ['a DeviceClass of a native extendedResourceName', 'device-request-spec', classOf({ extendedResourceName: 'cpu' })],
  ],
  [
    APPARMOR_FIELD_SINCE,
    [
      'an AppArmor profile of type Localhost without localhostProfile',
      'pod-spec',
      containerSecurity({ appArmorProfile: { type: 'Localhost' } }),
    ],
  ],
  [
    APPARMOR_FIELD_SINCE,
    [
      "a pod's AppArmor localhostProfile beside type RuntimeDefault",
      'pod-spec',
      podSecurity({ appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } }),
    ],
  ],
  [
    APPARMOR_FIELD_SINCE,
    [
      'an AppArmor localhostProfile padded with a space',
      'pod-spec',
      containerSecurity({ appArmorProfile: { type: 'Localhost', localhostProfile: ' x' } }),
    ],
  ],
  [
    APPARMOR_FIELD_SINCE,
    [
      'an AppArmor profile type of no known value',
      'enum-values',
      containerSecurity({ appArmorProfile: { type: 'Weird' } }),
    ],
  ],
  // Before CLAIM_TEMPLATES_VALIDATED_SINCE the server takes the StatefulSet and the controller's claim is refused.
  [
    CLAIM_TEMPLATES_VALIDATED_SINCE,
    [
      "a StatefulSet's claim template of ReadWriteOncePod beside ReadWriteOnce",
      'volume-spec',
      claimTemplate({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    ],
  ],
  ...(
    [
      ['a policy validation of a dyn, not a bool', validatingPolicy({ validations: [{ expression: 'object.spec' }] })],
      [
        'a policy variable used before it is declared',
        validatingPolicy({
          variables: [
            { name: 'double', expression: 'variables.replicas * 2' },
            { name: 'replicas', expression: 'object.spec.replicas' },
          ],
        }),
      ],
      [
        'a policy message of authorizer, which messages do not have',
        validatingPolicy({
          validations: [
            {
              expression: 'variables.replicas <= 50',
              messageExpression: "authorizer.path('/').check('get').reason()",
            },
          ],
        }),
      ],
      [
        'a policy audit annotation of a string or a null in one conditional',
        validatingPolicy({
          validations: [],
          auditAnnotations: [{ key: 'high', valueExpression: "variables.replicas > 10 ? 'high' : null" }],
        }),
      ],
      [
        'a policy matchCondition of params without a paramKind',
        validatingPolicy({ matchConditions: [{ name: 'p', expression: 'params.on' }] }),
      ],
      ['a policy variable named with a dash', validatingPolicy({ variables: [{ name: 'a-b', expression: '1' }] })],
      [
        'a policy validation reason of Unauthorized',
        validatingPolicy({ validations: [{ expression: 'true', reason: 'Unauthorized' }] }),
      ],
    ] as const
  ).map(([name, manifest]) => [VALIDATING_POLICIES_SINCE, [name, 'admission-policy-spec', manifest]] as const),
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy binding that both denies and warns',
      'admission-policy-binding',
      policyBinding('ValidatingAdmissionPolicyBinding', { validationActions: ['Deny', 'Warn'] }),
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy binding of a paramRef without parameterNotFoundAction',
      'admission-policy-binding',
      policyBinding('ValidatingAdmissionPolicyBinding', { validationActions: ['Deny'], paramRef: { name: 'p' } }),
    ],
  ],
  [
    MUTATING_POLICIES_SINCE,
    [
      'a mutating policy of a dyn, not an Object',
      'admission-policy-spec',
      mutatingPolicy({
        mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'object' } }],
      }),
    ],
  ],
  [
    MUTATING_POLICIES_SINCE,
    [
      'a mutating policy of DELETE',
      'admission-policy-spec',
      mutatingPolicy({
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['DELETE'], resources: ['deployments'] },
          ],
        },
      }),
    ],
  ],
  [
    SERVICE_CIDRS_SINCE,
    [
      'a ServiceCIDR of a CIDR not in canonical form',
      'service-cidr-spec',
      object('networking.k8s.io/v1', 'ServiceCIDR', { spec: { cidrs: ['10.250.0.1/24'] } }, false),
    ],
  ],
  [
    SERVICE_CIDRS_SINCE,
    ['an IPAddress of a name not in canonical form', 'service-cidr-spec', ipAddress('2001:DB8::A')],
  ],
  [DEVICES_SINCE, ['a DeviceClass selector of a string', 'device-request-spec', deviceClass('device.driver')]],
  [
    MUTATING_POLICIES_SINCE,
    [
      'a MutatingAdmissionPolicy of v1alpha1, an alpha API off by default',
      'api-version',
      { ...mutatingPolicy(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' },
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy matchPolicy in the wrong case',
      'enum-values',
      validatingPolicy({
        matchConstraints: {
          matchPolicy: 'exact',
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
          ],
        },
      }),
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy resource rule of scope Global',
      'enum-values',
      validatingPolicy({
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['apps'],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['deployments'],
              scope: 'Global',
            },
          ],
        },
      }),
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy binding matchPolicy in the wrong case',
      'enum-values',
      policyBinding('ValidatingAdmissionPolicyBinding', {
        validationActions: ['Deny'],
        matchResources: { matchPolicy: 'equivalent' },
      }),
    ],
  ],
  [
    DEVICES_SINCE,
    [
      'a VolumeAttributesClass of no parameters',
      'csi-object-spec',
      object('storage.k8s.io/v1', 'VolumeAttributesClass', { driverName: 'csi.example.com' }, false),
    ],
  ],
];

/** The same kinds, well written: accepted where served. */
const ACCEPTED_WHERE_SERVED: readonly (readonly [since: string, acceptance: Acceptance])[] = [
  [
    TOKENS_IN_SECRETS_SINCE,
    [
      'a CSIDriver of serviceAccountTokenInSecrets beside a token request',
      csiDriver({ serviceAccountTokenInSecrets: true, tokenRequests: [{ audience: 'a' }] }),
    ],
  ],
  [
    SUCCESS_POLICY_SINCE,
    [
      'a successPolicy of succeededIndexes and succeededCount on an Indexed Job',
      indexedJob({ successPolicy: { rules: [{ succeededIndexes: '0,2', succeededCount: 1 }, { succeededCount: 3 }] } }),
    ],
  ],
  [
    MANAGED_BY_SINCE,
    [
      'a Job managed by another controller',
      object('batch/v1', 'Job', { spec: job({ managedBy: 'kueue.x-k8s.io/multikueue' }) }),
    ],
  ],
  [
    FLOWCONTROL_V1_SINCE,
    [
      'the exempt priority level of its own shares and lendable percent',
      mandatory('PriorityLevelConfiguration', 'exempt', {
        type: 'Exempt',
        exempt: { nominalConcurrencyShares: 10, lendablePercent: 20 },
      }),
    ],
  ],
  [AUTOSCALER_TOLERANCE_SINCE, ['an autoscaler tolerance of 0', scaling({ scaleUp: { tolerance: '0' } })]],
  [
    VOLUME_ATTRIBUTES_CLASS_SINCE,
    [
      'a CSI PersistentVolume of a volumeAttributesClassName',
      persistentVolume({ ...CSI, volumeAttributesClassName: 'gold' }),
    ],
  ],
  [
    VOLUME_ATTRIBUTES_CLASS_SINCE,
    ['a claim of an empty volumeAttributesClassName', claim({ volumeAttributesClassName: '' })],
  ],
  [
    NODE_ALLOCATABLE_UPDATE_SINCE,
    ['a CSIDriver of an allocatable count updated every 10 s', csiDriver({ nodeAllocatableUpdatePeriodSeconds: 10 })],
  ],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim config and constraint of a sub-request, of a driver in capitals',
      resourceClaim({
        requests: [{ name: 'gpu', firstAvailable: [{ name: 'a', deviceClassName: 'gpu.example.com' }] }],
        constraints: [{ requests: ['gpu/a'], distinctAttribute: 'gpu.example.com/numa' }],
        config: [{ requests: ['gpu/a'], opaque: { driver: 'GPU.example.com', parameters: { a: 1 } } }],
      }),
    ],
  ],
  [DEVICES_SINCE, ['a DeviceClass of example.com/gpu', classOf({ extendedResourceName: 'example.com/gpu' })]],
  [
    DEVICES_SINCE,
    [
      'a ResourceClaim constraint of both matchAttribute and distinctAttribute',
      resourceClaim({
        requests: [GPU_REQUEST],
        constraints: [{ matchAttribute: 'gpu.example.com/numa', distinctAttribute: 'gpu.example.com/pci' }],
      }),
    ],
  ],
  [
    APPARMOR_FIELD_SINCE,
    [
      "an AppArmor profile of the node's by an absolute name, and the pod's RuntimeDefault",
      deployment('d', {
        pod: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
        container: { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '/abs/profile' } } },
      }),
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy of params, variables that use each other, a message, an audit annotation and a matchCondition',
      validatingPolicy({
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConditions: [{ name: 'enabled', expression: "params.data.enabled == 'true' && !request.dryRun" }],
        variables: [
          { name: 'replicas', expression: 'has(object.spec.replicas) ? object.spec.replicas : 1' },
          { name: 'limit', expression: 'int(params.data.limit)' },
          { name: 'over', expression: 'variables.replicas > variables.limit' },
        ],
        validations: [
          {
            expression: '!variables.over',
            messageExpression: "'replicas must be at most ' + string(variables.limit)",
            reason: 'Forbidden',
          },
        ],
        auditAnnotations: [{ key: 'replicas', valueExpression: "variables.over ? 'over' : 'within'" }],
      }),
    ],
  ],
  [
    VALIDATING_POLICIES_SINCE,
    [
      'a policy binding of a paramRef selector that denies and audits',
      policyBinding('ValidatingAdmissionPolicyBinding', {
        validationActions: ['Deny', 'Audit'],
        paramRef: { selector: { matchLabels: { policy: 'refusal' } }, parameterNotFoundAction: 'Allow' },
      }),
    ],
  ],
  [
    MUTATING_POLICIES_SINCE,
    [
      'a mutating policy of a JSON patch, and its binding',
      mutatingPolicy({
        mutations: [
          {
            patchType: 'JSONPatch',
            jsonPatch: { expression: "[JSONPatch{op: 'add', path: '/metadata/labels/owner', value: 'course'}]" },
          },
        ],
      }),
    ],
  ],
  [MUTATING_POLICIES_SINCE, ['a mutating policy binding', policyBinding('MutatingAdmissionPolicyBinding', {})]],
  [
    SERVICE_CIDRS_SINCE,
    [
      'a ServiceCIDR of both families',
      object('networking.k8s.io/v1', 'ServiceCIDR', { spec: { cidrs: ['10.250.0.0/24', 'fd00:10:250::/112'] } }, false),
    ],
  ],
  [SERVICE_CIDRS_SINCE, ['an IPAddress of an IPv6 address', ipAddress('fd00:10:250::a')]],
  [
    DEVICES_SINCE,
    ['a DeviceClass selector of an attribute', deviceClass("device.attributes['example.com'].model == 'a'")],
  ],
];

const scheduled = (schedule: string) =>
  object('batch/v1', 'CronJob', {
    spec: {
      schedule,
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] } } },
      },
    },
  });
const statefulSet = (spec: Patch) =>
  object('apps/v1', 'StatefulSet', { spec: pods({ serviceName: 'refusal', ...spec }) });

/** Jobs, schedules, update strategies and autoscaler metrics the API server refuses. */
const WORKLOAD_REFUSALS: readonly Refusal[] = [
  [
    'a required node affinity of no node selector term',
    'scheduling',
    deployment('d', {
      pod: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      },
    }),
  ],
  [
    'an owner reference of an empty uid',
    'owner-references',
    object('v1', 'ConfigMap', {
      metadata: {
        name: 'refusal',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '' }],
      },
    }),
  ],
  [
    'two owner references marked controller',
    'owner-references',
    object('v1', 'ConfigMap', {
      metadata: {
        name: 'refusal',
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1', controller: true },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: '2', controller: true },
        ],
      },
    }),
  ],
  [
    'an Event as owner',
    'owner-references',
    object('v1', 'ConfigMap', {
      metadata: {
        name: 'refusal',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1' }],
      },
    }),
  ],
  [
    'a StatefulSet name with a dot',
    'object-name',
    { ...object('apps/v1', 'StatefulSet', { spec: pods({}) }), metadata: { name: 'db.primary', namespace: 'default' } },
  ],
  [
    'a StatefulSet name of 64 characters',
    'object-name',
    {
      ...object('apps/v1', 'StatefulSet', { spec: pods({}) }),
      metadata: { name: 'd'.repeat(64), namespace: 'default' },
    },
  ],
  [
    'a Job name of 64 characters (its pods are labelled job-name=<name>)',
    'job-spec',
    { ...object('batch/v1', 'Job', { spec: job({}) }), metadata: { name: 'j'.repeat(64), namespace: 'default' } },
  ],
  [
    'a selector requirement its own pod template does not meet',
    'selector-labels',
    deployment('d', {
      spec: {
        selector: {
          matchLabels: { app: 'refusal' },
          matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['refusal'] }],
        },
      },
    }),
  ],
  [
    'a Job of manualSelector without a selector',
    'job-spec',
    object('batch/v1', 'Job', { spec: job({ manualSelector: true }) }),
  ],
  [
    'a Job of manualSelector and a selector its pod template does not meet',
    'job-spec',
    object('batch/v1', 'Job', {
      spec: job({ manualSelector: true, selector: { matchLabels: { run: 'once' } } }),
    }),
  ],
  [
    'a Job selector without manualSelector',
    'job-spec',
    object('batch/v1', 'Job', {
      spec: {
        ...job({ selector: { matchLabels: { run: 'once' } } }),
        template: { ...job({}).template, metadata: { labels: { run: 'once' } } },
      },
    }),
  ],
  [
    "a Job pod template label job-name of another Job's name",
    'job-spec',
    object('batch/v1', 'Job', {
      spec: { ...job({}), template: { ...job({}).template, metadata: { labels: { 'job-name': 'other' } } } },
    }),
  ],
  [
    'a Job pod template label controller-uid',
    'job-spec',
    object('batch/v1', 'Job', {
      spec: { ...job({}), template: { ...job({}).template, metadata: { labels: { 'controller-uid': 'abc' } } } },
    }),
  ],
  [
    "a selector in a CronJob's Job template",
    'job-spec',
    object('batch/v1', 'CronJob', {
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: job({ selector: { matchLabels: { run: 'once' } } }) } },
    }),
  ],
  [
    "manualSelector in a CronJob's Job template",
    'job-spec',
    object('batch/v1', 'CronJob', {
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: job({ manualSelector: true }) } },
    }),
  ],
  [
    'an Indexed Job whose last pod hostname is no DNS-1123 label',
    'job-spec',
    {
      ...object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed', completions: 11, parallelism: 1 }) }),
      metadata: { name: 'e'.repeat(61), namespace: 'default' },
    },
  ],
  [
    'a pod failure policy on pods that restart OnFailure',
    'pod-failure-policy',
    failing([exitCodes('In', [1])], 'OnFailure'),
  ],
  [
    'a pod failure policy action in the wrong case',
    'pod-failure-policy',
    failing([{ ...exitCodes('In', [1]), action: 'failjob' }]),
  ],
  ['exit codes out of order', 'pod-failure-policy', failing([exitCodes('In', [3, 1])])],
  ['exit code 0 under In', 'pod-failure-policy', failing([exitCodes('In', [0, 1])])],
  ['no exit codes', 'pod-failure-policy', failing([exitCodes('NotIn', [])])],
  [
    'exit codes and pod conditions in one rule',
    'pod-failure-policy',
    failing([{ ...exitCodes('In', [1]), onPodConditions: [{ type: 'DisruptionTarget' }] }]),
  ],
  ['a pod failure policy of 21 rules', 'pod-failure-policy', failing(Array(21).fill(exitCodes('In', [1])))],
  [
    'exit codes of a container the pod does not have',
    'pod-failure-policy',
    failing([{ action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'In', values: [1] } }]),
  ],
  [
    'a pod condition type that is not a qualified name',
    'pod-failure-policy',
    failing([{ action: 'Ignore', onPodConditions: [{ type: 'Disruption Target', status: 'True' }] }]),
  ],
  [
    'a rule of 21 pod conditions',
    'pod-failure-policy',
    failing([
      {
        action: 'Ignore',
        onPodConditions: Array.from({ length: 21 }, (_, index) => ({ type: `example.com/c${index}`, status: 'True' })),
      },
    ]),
  ],
  // Refused by both, by 1.27 for the field it does not have, by 1.37 for the value.
  [
    'FailIndex without backoffLimitPerIndex',
    'pod-failure-policy',
    failing([{ ...exitCodes('In', [3]), action: 'FailIndex' }], 'Never', { completionMode: 'Indexed', completions: 3 }),
  ],
  [
    'backoffLimitPerIndex on a Job that is not Indexed',
    'job-failure-handling',
    object('batch/v1', 'Job', { spec: job({ completions: 3, backoffLimitPerIndex: 1 }) }),
  ],
  ['a negative backoffLimitPerIndex', 'job-failure-handling', indexedJob({ backoffLimitPerIndex: -1 })],
  ['maxFailedIndexes without backoffLimitPerIndex', 'job-failure-handling', indexedJob({ maxFailedIndexes: 1 })],
  [
    'maxFailedIndexes above completions',
    'job-failure-handling',
    indexedJob({ backoffLimitPerIndex: 1, maxFailedIndexes: 4 }),
  ],
  [
    'more than 100000 indexes with backoffLimitPerIndex, without maxFailedIndexes',
    'job-failure-handling',
    indexedJob({ completions: 100_001, parallelism: 10, backoffLimitPerIndex: 1 }),
  ],
  [
    'maxFailedIndexes above 10000 past 100000 indexes with backoffLimitPerIndex',
    'job-failure-handling',
    indexedJob({ completions: 100_001, parallelism: 10, backoffLimitPerIndex: 1, maxFailedIndexes: 10_001 }),
  ],
  [
    'a podReplacementPolicy in the wrong case',
    'job-failure-handling',
    object('batch/v1', 'Job', { spec: job({ podReplacementPolicy: 'failed' }) }),
  ],
  [
    'podReplacementPolicy TerminatingOrFailed beside a podFailurePolicy',
    'job-failure-handling',
    failing([exitCodes('In', [42])], 'Never', { podReplacementPolicy: 'TerminatingOrFailed' }),
  ],
  ['a minute of 60', 'cron-schedule', scheduled('60 * * * *')],
  ['a day-of-week of 7', 'cron-schedule', scheduled('0 0 * * 7')],
  ['a step of 0', 'cron-schedule', scheduled('*/0 * * * *')],
  ['an L of another cron dialect', 'cron-schedule', scheduled('0 0 L * *')],
  ['an unknown descriptor', 'cron-schedule', scheduled('@reboot')],
  [
    'a DaemonSet rolling update of nothing',
    'update-strategy',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }),
    }),
  ],
  [
    'a DaemonSet rolling update that both surges and takes pods down',
    'update-strategy',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } } }),
    }),
  ],
  [
    'a DaemonSet surge beside the default maxUnavailable (1)',
    'update-strategy',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
    }),
  ],
  [
    'a DaemonSet maxUnavailable above 100%',
    'update-strategy',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } } }),
    }),
  ],
  [
    'a StatefulSet rollingUpdate on OnDelete',
    'update-strategy',
    statefulSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }),
  ],
  [
    'a negative StatefulSet partition',
    'update-strategy',
    statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }),
  ],
  [
    'a metric without the source its type names',
    'autoscaler',
    autoscaler([{ type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]),
  ],
  [
    'a Utilization target without averageUtilization',
    'autoscaler',
    autoscaler([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }]),
  ],
  ['a Pods target of Utilization, without averageValue', 'autoscaler', autoscaler([podsMetric(UTILIZATION)])],
  [
    'an autoscaler of minReplicas 0 on CPU alone',
    'autoscaler',
    object('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 0,
        maxReplicas: 3,
        metrics: [resourceMetric(UTILIZATION)],
      },
    }),
  ],
  ['a ContainerResource metric of no container', 'autoscaler', autoscaler([containerMetric(UTILIZATION, '')])],
  [
    'a ContainerResource metric of a container that is no DNS label',
    'autoscaler',
    autoscaler([containerMetric(UTILIZATION, 'Web_App')]),
  ],
  [
    'a ContainerResource metric of a resource no container has',
    'autoscaler',
    autoscaler([
      { type: 'ContainerResource', containerResource: { name: 'gpu', container: 'app', target: AVERAGE_VALUE } },
    ]),
  ],
  [
    'a Resource metric beside a Pods source',
    'autoscaler',
    autoscaler([{ ...resourceMetric(UTILIZATION), pods: podsMetric(AVERAGE_VALUE).pods }]),
  ],
  [
    'a Resource target of both averageUtilization and averageValue',
    'autoscaler',
    autoscaler([resourceMetric({ ...UTILIZATION, averageValue: '100m' })]),
  ],
  ['a Resource target of a Value', 'autoscaler', autoscaler([resourceMetric(VALUE)])],
  ['an Object target of Utilization', 'autoscaler', autoscaler([objectMetric(UTILIZATION)])],
  ['an Object target value of 0', 'autoscaler', autoscaler([objectMetric({ type: 'Value', value: '0' })])],
  [
    'an External target of both value and averageValue',
    'autoscaler',
    autoscaler([externalMetric({ ...VALUE, averageValue: '1' })]),
  ],
  ['an External target value below 0', 'autoscaler', autoscaler([externalMetric({ type: 'Value', value: '-1' })])],
  [
    'a Resource averageValue below 0',
    'autoscaler',
    autoscaler([resourceMetric({ type: 'AverageValue', averageValue: '-100m' })]),
  ],
  [
    'a ContainerResource averageUtilization of 0',
    'autoscaler',
    autoscaler([containerMetric({ type: 'Utilization', averageUtilization: 0 })]),
  ],
  [
    'a Pods averageUtilization of 0 beside its averageValue',
    'autoscaler',
    autoscaler([podsMetric({ ...AVERAGE_VALUE, averageUtilization: 0 })]),
  ],
  ['an empty Resource name', 'autoscaler', autoscaler([resourceMetric(UTILIZATION, '')])],
  ['a Pods metric name with a "/"', 'autoscaler', autoscaler([podsMetric(AVERAGE_VALUE, 'a/b')])],
  ['an empty External metric name', 'autoscaler', autoscaler([externalMetric(VALUE, { name: '' })])],
  [
    'an Object metric of a described kind with a "/"',
    'autoscaler',
    autoscaler([objectMetric(VALUE, { kind: 'a/b', name: 'web' })]),
  ],
  [
    'an Object metric of a described name with a "%"',
    'autoscaler',
    autoscaler([objectMetric(VALUE, { kind: 'Service', name: 'web%' })]),
  ],
];

/** A Namespace of `labels` (the Pod Security admission plugin validates its own). */
const labelledNamespace = (labels: Record<string, string>): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'refusal-labels', labels },
});
const sealed = (spec: Patch) =>
  object('bitnami.com/v1alpha1', 'SealedSecret', { spec: { encryptedData: { password: 'AgBsealed==' }, ...spec } });

/** Objects the API server refuses, each with the rule of ours that must refuse it. */
const UNNAMED_AND_NAMED_PORTS = [
  { name: '', port: 80 },
  { name: 'https', port: 443 },
];

const REFUSED_EVERYWHERE: readonly Refusal[] = [
  [
    'a VolumeAttachment of an inline volume of a capacity',
    'csi-object-spec',
    volumeAttachment({
      source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } },
    }),
  ],
  [
    'a VolumeAttachment of an inline CSI volume of a driver with "_"',
    'csi-object-spec',
    volumeAttachment({
      source: {
        inlineVolumeSpec: { csi: { driver: 'csi_example', volumeHandle: 'v' }, accessModes: ['ReadWriteOnce'] },
      },
    }),
  ],
  [
    'a StorageClass of a parameter of no name',
    'storage-class-spec',
    storageClass({ provisioner: 'ebs.csi.aws.com', parameters: { '': 'gp3' } }),
  ],
  [
    'a PersistentVolume of a cpu capacity',
    'volume-spec',
    persistentVolume({ ...NFS, capacity: { storage: '1Gi', cpu: '1' } }),
  ],
  [
    'a hostPath PersistentVolume whose path climbs',
    'host-path',
    persistentVolume({ hostPath: { path: '/data/../x' } }),
  ],
  [
    "a hostPath PersistentVolume of the node's root, recycled",
    'host-path',
    persistentVolume({ hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }),
  ],
  [
    'a claim of a dataSource and a dataSourceRef of different claims',
    'volume-spec',
    claim({
      dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
      dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' },
    }),
  ],
  [
    'a claim of a dataSource of no name',
    'volume-spec',
    claim({ dataSource: { kind: 'PersistentVolumeClaim', name: '' } }),
  ],
  [
    'a claim of a dataSource of apiGroup "" beside a dataSourceRef of none',
    'volume-spec',
    claim({
      dataSource: { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'a' },
      dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'a' },
    }),
  ],
  [
    'a VolumeAttachment of an inline NFS volume',
    'csi-object-spec',
    volumeAttachment({ source: { inlineVolumeSpec: { ...NFS, accessModes: ['ReadWriteOnce'] } } }),
  ],
  [
    'a VolumeAttachment of an inline volume of a storage class',
    'csi-object-spec',
    volumeAttachment({
      source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'], storageClassName: 'fast' } },
    }),
  ],
  // gate-fuzz on the api-fit shop, seed 41: a spec left out or null is the empty spec, which the servers validate.
  ['a Deployment without spec', 'schema', object('apps/v1', 'Deployment', {})],
  ['a Job of spec null', 'schema', object('batch/v1', 'Job', { spec: null })],
  [
    'a CronJob of a job template without spec',
    'schema',
    object('batch/v1', 'CronJob', { spec: { schedule: '* * * * *', jobTemplate: {} } }),
  ],
  [
    'a Service of two ports, one named "" (no name)',
    'service-ports',
    object('v1', 'Service', service({ ports: UNNAMED_AND_NAMED_PORTS })),
  ],
  [
    'a FlowSchema non-resource rule of "*" beside a URL',
    'flowcontrol-spec',
    flowSchema({ nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '*'] }] }),
  ],
  [
    'a readiness probe that execs no command',
    'probe-spec',
    deployment('exec-probe', { container: { readinessProbe: { exec: { command: [] } } } }),
  ],
  [
    'a preStop hook that execs no command',
    'pod-spec',
    deployment('exec-hook', { container: { lifecycle: { preStop: { exec: {} } } } }),
  ],
  [
    'a FlowSchema subject written null, which the server reads as a subject of no kind',
    'schema',
    flowSchema({ subjects: [null], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }),
  ],
  [
    'a priority level of a hand larger than its queues',
    'flowcontrol-spec',
    priorityLevel({ type: 'Queue', queuing: { queues: 4, handSize: 5, queueLengthLimit: 10 } }),
  ],
  ['a priority level that queues with no queuing', 'flowcontrol-spec', priorityLevel({ type: 'Queue' })],
  ['a certificate request of an unknown usage', 'certificate-request-spec', csr({ usages: ['client auth_x'] })],
  [
    'a certificate request that is not a PEM certificate request',
    'certificate-request-spec',
    csr({ request: Buffer.from('not a PEM').toString('base64') }),
  ],
  [
    'a certificate request to a signer of a one-label domain',
    'certificate-request-spec',
    csr({ signerName: 'example/x' }),
  ],
  ['an APIService not named <version>.<group>', 'api-service-spec', apiService('v2.refusal.example.com', {})],
  [
    'an APIService of a group priority over 20000',
    'api-service-spec',
    apiService('v1.refusal.example.com', { groupPriorityMinimum: 20001 }),
  ],
  [
    'a VolumeAttachment of an attacher that is no driver name',
    'csi-object-spec',
    volumeAttachment({ attacher: '-csi' }),
  ],
  ['a CSINode topology key that is not a label key', 'csi-object-spec', csiNode({ topologyKeys: ['a b'] })],
  [
    'a toleration value that is not a label value',
    'scheduling',
    deployment('d', { pod: { tolerations: [{ key: 'a', operator: 'Equal', value: 'a/b', effect: 'NoSchedule' }] } }),
  ],
  [
    'a Namespace whose Pod Security audit level is no profile',
    'pod-security-labels',
    labelledNamespace({ 'pod-security.kubernetes.io/audit': 'Restricted' }),
  ],
  [
    'a Namespace whose Pod Security enforce-version is no version',
    'pod-security-labels',
    labelledNamespace({ 'pod-security.kubernetes.io/enforce-version': '1.27' }),
  ],
  [
    'a SealedSecret whose template namespace is no string',
    'sealed-secret',
    sealed({ template: { metadata: { namespace: {} } } }),
  ],
  ['a SealedSecret of an unknown field', 'sealed-secret', sealed({ templates: {} })],
  [
    'a SealedSecret whose name is no string (metadata of a custom resource)',
    'schema',
    { ...sealed({}), metadata: { name: true, namespace: 'default' } },
  ],
  ['a Deployment of an empty selector', 'selector-labels', deployment('d', { spec: { selector: {} } })],
  [
    'a preStop hook on a port name that is no IANA service name',
    'port-name',
    deployment('d', { container: { lifecycle: { preStop: { httpGet: { port: 'http x' } } } } }),
  ],
  [
    'a postStart hook on port 0',
    'port-range',
    deployment('d', { container: { lifecycle: { postStart: { tcpSocket: { port: 0 } } } } }),
  ],
  [
    'an autoscaler whose scaleTargetRef kind has a "/"',
    'autoscaler',
    object('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment/x', name: 'web' }, maxReplicas: 3 },
    }),
  ],
  [
    'a PersistentVolume of a hostPath type that is no type',
    'enum-values',
    object(
      'v1',
      'PersistentVolume',
      {
        spec: {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          hostPath: { path: '/srv/data', type: 'directory' },
        },
      },
      false,
    ),
  ],
  [
    'a quota of BestEffort pods limiting cpu',
    'quota-scope',
    quota({ hard: { 'requests.cpu': '1' }, scopes: ['BestEffort'] }),
  ],
  [
    'a quota of the pods that cross namespaces limiting storage',
    'quota-scope',
    quota({
      hard: { 'requests.storage': '1Gi' },
      scopeSelector: scopeSelector({ scopeName: 'CrossNamespacePodAffinity', operator: 'Exists' }),
    }),
  ],
  [
    'a quota of Terminating and NotTerminating pods',
    'quota-scope',
    quota({ hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] }),
  ],
  [
    'a quota scope selector of BestEffort In',
    'quota-scope',
    quota({
      hard: { pods: '1' },
      scopeSelector: scopeSelector({ scopeName: 'BestEffort', operator: 'In', values: ['a'] }),
    }),
  ],
  [
    'a quota scope selector of PriorityClass In no values',
    'quota-scope',
    quota({ hard: { pods: '1' }, scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'In' }) }),
  ],
  [
    'a quota scope selector of PriorityClass Exists with values',
    'quota-scope',
    quota({
      hard: { pods: '1' },
      scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'Exists', values: ['high'] }),
    }),
  ],
  ...POD_REFUSALS,
  ...WORKLOAD_REFUSALS,
  [
    'a pod naming a PriorityClass the cluster does not have',
    'priority-class',
    object('v1', 'Pod', {
      spec: { priorityClassName: 'no-such-class', containers: [{ name: 'app', image: 'nginx:1.25' }] },
    }),
  ],
  ['dnsPolicy in the wrong case', 'enum-values', deployment('d', { pod: { dnsPolicy: 'clusterfirst' } })],
  ['a toleration effect misspelt', 'enum-values', tolerating({ operator: 'Exists', effect: 'NoSchedul' })],
  ['a toleration operator in the wrong case', 'enum-values', tolerating({ key: 'a', operator: 'exists' })],
  ['a toleration key with a space', 'scheduling', tolerating({ key: 'a b', operator: 'Exists' })],
  ['an empty toleration key with Equal', 'scheduling', tolerating({ operator: 'Equal', value: 'x' })],
  ['a value with Exists', 'scheduling', tolerating({ key: 'a', operator: 'Exists', value: 'x' })],
  [
    'tolerationSeconds without NoExecute',
    'scheduling',
    tolerating({ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }),
  ],
  [
    'a node selector operator misspelt',
    'selector-syntax',
    deployment('d', { pod: nodeTerm({ key: 'zone', operator: 'Inn', values: ['a'] }) }),
  ],
  [
    'Exists with values in node affinity',
    'selector-syntax',
    deployment('d', { pod: nodeTerm({ key: 'zone', operator: 'Exists', values: ['a'] }) }),
  ],
  [
    'Gt with two values',
    'selector-syntax',
    deployment('d', { pod: nodeTerm({ key: 'cores', operator: 'Gt', values: ['1', '2'] }) }),
  ],
  [
    'In without values in node affinity',
    'selector-syntax',
    deployment('d', { pod: nodeTerm({ key: 'zone', operator: 'In', values: [] }) }),
  ],
  [
    'a pod anti-affinity selector operator misspelt',
    'selector-syntax',
    deployment('d', {
      pod: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                topologyKey: 'kubernetes.io/hostname',
                labelSelector: selectorOf({ key: 'app', operator: 'Inn', values: ['a'] }),
              },
            ],
          },
        },
      },
    }),
  ],
  [
    'a pod anti-affinity term without topologyKey',
    'scheduling',
    deployment('d', {
      pod: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: '', labelSelector: { matchLabels: { app: 'a' } } },
            ],
          },
        },
      },
    }),
  ],
  [
    'a preferred affinity of weight 0',
    'scheduling',
    deployment('d', {
      pod: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
      },
    }),
  ],
  [
    'a workload selector operator misspelt',
    'selector-syntax',
    deployment('d', {
      spec: {
        selector: { matchLabels: { app: 'refusal' }, ...selectorOf({ key: 'app', operator: 'Inn', values: ['a'] }) },
      },
    }),
  ],
  [
    'whenUnsatisfiable in the wrong case',
    'enum-values',
    deployment('d', {
      pod: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'scheduleanyway' }] },
    }),
  ],
  [
    'a spread without topologyKey',
    'scheduling',
    deployment('d', {
      pod: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'ScheduleAnyway' }] },
    }),
  ],
  ['a spread of minDomains 0', 'scheduling', spreading({ minDomains: 0 })],
  ['minDomains with ScheduleAnyway', 'scheduling', spreading({ whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 })],
  ['matchLabelKeys that are not label keys', 'scheduling', spreading({ matchLabelKeys: ['pod template hash'] })],
  [
    'matchLabelKeys without a labelSelector',
    'scheduling',
    spreading({ labelSelector: undefined, matchLabelKeys: ['pod-template-hash'] }),
  ],
  ['a nodeAffinityPolicy in the wrong case', 'enum-values', spreading({ nodeAffinityPolicy: 'ignore' })],
  [
    'terminationMessagePolicy in the wrong case',
    'enum-values',
    deployment('d', { container: { terminationMessagePolicy: 'file' } }),
  ],
  ['preemptionPolicy in the wrong case', 'enum-values', deployment('d', { pod: { preemptionPolicy: 'never' } })],
  [
    'a seccomp profile type in the wrong case',
    'enum-values',
    deployment('d', { pod: { securityContext: { seccompProfile: { type: 'runtimedefault' } } } }),
  ],
  ['a restartPolicy in the wrong case', 'restart-policy', deployment('d', { pod: { restartPolicy: 'always' } })],
  ['a negative minReadySeconds', 'counts', deployment('d', { spec: { minReadySeconds: -1 } })],
  ['minReadySeconds over the default progress deadline', 'counts', deployment('d', { spec: { minReadySeconds: 700 } })],
  ['a progress deadline of 0', 'counts', deployment('d', { spec: { progressDeadlineSeconds: 0 } })],
  [
    'a strategy type in the wrong case',
    'enum-values',
    deployment('d', { spec: { strategy: { type: 'rollingUpdate' } } }),
  ],
  [
    'rollingUpdate on Recreate',
    'deployment-strategy',
    deployment('d', { spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } }),
  ],
  [
    'a Service sessionAffinity in the wrong case',
    'enum-values',
    object('v1', 'Service', service({ sessionAffinity: 'clientip' })),
  ],
  [
    'an externalTrafficPolicy in the wrong case',
    'enum-values',
    object('v1', 'Service', service({ type: 'NodePort', externalTrafficPolicy: 'local' })),
  ],
  [
    'externalTrafficPolicy on a ClusterIP Service',
    'service-spec',
    object('v1', 'Service', service({ externalTrafficPolicy: 'Local' })),
  ],
  [
    'an internalTrafficPolicy in the wrong case',
    'enum-values',
    object('v1', 'Service', service({ internalTrafficPolicy: 'local' })),
  ],
  [
    'an ipFamilyPolicy in the wrong case',
    'enum-values',
    object('v1', 'Service', service({ ipFamilyPolicy: 'singlestack' })),
  ],
  [
    'a claim volumeMode in the wrong case',
    'enum-values',
    object('v1', 'PersistentVolumeClaim', {
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'filesystem', resources: { requests: { storage: '1Gi' } } },
    }),
  ],
  [
    'a podManagementPolicy in the wrong case',
    'enum-values',
    object('apps/v1', 'StatefulSet', { spec: pods({ serviceName: 'refusal', podManagementPolicy: 'parallel' }) }),
  ],
  [
    'a StatefulSet update strategy in the wrong case',
    'enum-values',
    object('apps/v1', 'StatefulSet', { spec: pods({ serviceName: 'refusal', updateStrategy: { type: 'ondelete' } }) }),
  ],
  [
    'a DaemonSet update strategy in the wrong case',
    'enum-values',
    object('apps/v1', 'DaemonSet', { spec: pods({ updateStrategy: { type: 'ondelete' } }) }),
  ],
  [
    'a Job completionMode in the wrong case',
    'enum-values',
    object('batch/v1', 'Job', { spec: job({ completionMode: 'indexed' }) }),
  ],
  [
    'an Indexed Job of more than 100000 pods at once',
    'counts',
    object('batch/v1', 'Job', {
      spec: job({ completionMode: 'Indexed', completions: 100_001, parallelism: 100_001 }),
    }),
  ],
  [
    'an Indexed Job with parallelism but no completions',
    'counts',
    object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed', parallelism: 2 }) }),
  ],
  [
    'a negative Job ttlSecondsAfterFinished',
    'counts',
    object('batch/v1', 'Job', { spec: job({ ttlSecondsAfterFinished: -1 }) }),
  ],
  ['an empty provisioner', 'storage-class-spec', storageClass({ provisioner: '' })],
  [
    'a provisioner that is no qualified name',
    'storage-class-spec',
    storageClass({ provisioner: 'not a provisioner!' }),
  ],
  [
    'allowedTopologies values of none',
    'storage-class-spec',
    zonal([{ matchLabelExpressions: [{ key: ZONE, values: [] }] }]),
  ],
  [
    'allowedTopologies values of a zone twice',
    'storage-class-spec',
    zonal([{ matchLabelExpressions: [{ key: ZONE, values: ['a', 'a'] }] }]),
  ],
  [
    'allowedTopologies of a key twice in a term',
    'storage-class-spec',
    zonal([
      {
        matchLabelExpressions: [
          { key: ZONE, values: ['a'] },
          { key: ZONE, values: ['b'] },
        ],
      },
    ]),
  ],
  [
    'allowedTopologies of a key that is no label key',
    'storage-class-spec',
    zonal([{ matchLabelExpressions: [{ key: 'bad key!', values: ['a'] }] }]),
  ],
  [
    'allowedTopologies of a term twice, values in another order',
    'storage-class-spec',
    zonal([
      { matchLabelExpressions: [{ key: ZONE, values: ['a', 'b'] }] },
      { matchLabelExpressions: [{ key: ZONE, values: ['b', 'a'] }] },
    ]),
  ],
  ['allowedTopologies of an empty term', 'storage-class-spec', zonal([{ matchLabelExpressions: [] }])],
  [
    'a StorageClass reclaimPolicy Recycle',
    'enum-values',
    storageClass({ provisioner: 'example.com/disk', reclaimPolicy: 'Recycle' }),
  ],
  [
    'a volumeBindingMode in the wrong case',
    'enum-values',
    storageClass({ provisioner: 'example.com/disk', volumeBindingMode: 'immediate' }),
  ],
  [
    'an ingressClassName with upper case and "_"',
    'ingress-spec',
    ingress({ ingressClassName: 'Nginx_Class', defaultBackend: backend({ number: 80 }) }),
  ],
  [
    'a backend port by number and by name',
    'ingress-spec',
    ingress({ defaultBackend: backend({ number: 80, name: 'http' }) }),
  ],
  ['a backend of neither a Service nor a resource', 'ingress-spec', ingress({ defaultBackend: {} })],
  ['a backend Service without a port', 'ingress-spec', ingress({ defaultBackend: { service: { name: 'web' } } })],
  [
    'a backend of both a Service and a resource',
    'ingress-spec',
    ingress({ defaultBackend: { ...backend({ number: 80 }), resource: { kind: 'Bucket', name: 'static' } } }),
  ],
  [
    'a NetworkPolicy selector operator misspelt',
    'selector-syntax',
    networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'Inn', values: ['b'] }) }),
  ],
  [
    'Exists with values in a NetworkPolicy',
    'selector-syntax',
    networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'Exists', values: ['b'] }) }),
  ],
  [
    'In without values in a NetworkPolicy',
    'selector-syntax',
    networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'In' }) }),
  ],
  [
    'a peer namespace selector operator in the wrong case',
    'selector-syntax',
    networkPolicy({
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: selectorOf({ key: 'a', operator: 'notin', values: ['b'] }) }] }],
    }),
  ],
  [
    'a PodDisruptionBudget selector operator misspelt',
    'selector-syntax',
    budget({ selector: selectorOf({ key: 'a', operator: 'Inn', values: ['b'] }) }),
  ],
  [
    'an unhealthyPodEvictionPolicy in the wrong case',
    'enum-values',
    budget({ unhealthyPodEvictionPolicy: 'alwaysallow', selector: { matchLabels: { a: 'b' } } }),
  ],
  ['a Role rule without verbs', 'role-rules', role([{ apiGroups: [''], resources: ['pods'], verbs: [] }])],
  ['a Role rule without apiGroups', 'role-rules', role([{ resources: ['pods'], verbs: ['get'] }])],
  ['an autoscaler metric type in the wrong case', 'enum-values', autoscaler([cpuMetric('resource', 'Utilization')])],
  ['an autoscaler target type in the wrong case', 'enum-values', autoscaler([cpuMetric('Resource', 'utilization')])],
  [
    'a binding roleRef apiGroup cut short',
    'binding-spec',
    binding({ roleRef: { apiGroup: 'rbac', kind: 'ClusterRole', name: 'view' } }),
  ],
  [
    'a binding roleRef kind in the wrong case',
    'binding-spec',
    binding({ roleRef: { apiGroup: RBAC, kind: 'clusterrole', name: 'view' } }),
  ],
  [
    'a subject kind in the wrong case',
    'binding-spec',
    binding({ subjects: [{ kind: 'serviceaccount', name: 'web', namespace: 'default' }] }),
  ],
  [
    'a ServiceAccount subject with the RBAC group',
    'binding-spec',
    binding({ subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default', apiGroup: RBAC }] }),
  ],
  [
    'a ServiceAccount subject name with upper case',
    'binding-spec',
    binding({ subjects: [{ kind: 'ServiceAccount', name: 'Web_SA', namespace: 'default' }] }),
  ],
  [
    'a ClusterRoleBinding ServiceAccount without a namespace',
    'binding-spec',
    {
      ...binding({ subjects: [{ kind: 'ServiceAccount', name: 'web' }] }),
      kind: 'ClusterRoleBinding',
      metadata: { name: 'refusal' },
    },
  ],
  ['a Pod without spec', 'schema', object('v1', 'Pod', {})],
  [
    'a TLS Secret whose tls.key is no base64',
    'schema',
    object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': 'not base64!' } }),
  ],
  [
    'a TLS Secret without tls.key',
    'secret-type-keys',
    object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }),
  ],
  [
    'a dockerconfigjson Secret without .dockerconfigjson',
    'secret-type-keys',
    object('v1', 'Secret', { type: 'kubernetes.io/dockerconfigjson', data: { config: '' } }),
  ],
  [
    'a dockerconfigjson Secret that is not JSON',
    'secret-type-keys',
    object('v1', 'Secret', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': base64('not json') } }),
  ],
  [
    'a dockerconfigjson Secret of a JSON string',
    'secret-type-keys',
    object('v1', 'Secret', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': base64('"auths"') } }),
  ],
  [
    'a dockerconfigjson Secret of JSON data and stringData that is not JSON',
    'secret-type-keys',
    object('v1', 'Secret', {
      type: DOCKER_CONFIG_JSON,
      data: { '.dockerconfigjson': base64('{}') },
      stringData: { '.dockerconfigjson': '{' },
    }),
  ],
  [
    'a dockercfg Secret of stringData that is a JSON array',
    'secret-type-keys',
    object('v1', 'Secret', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '[]' } }),
  ],
  [
    'a basic-auth Secret without username or password',
    'secret-type-keys',
    object('v1', 'Secret', { type: 'kubernetes.io/basic-auth', data: { user: '' } }),
  ],
  [
    'a service-account-token Secret without its annotation',
    'secret-type-keys',
    object('v1', 'Secret', { type: 'kubernetes.io/service-account-token' }),
  ],
  [
    'an except outside its cidr',
    'ip-block',
    networkPolicy({
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }],
    }),
  ],
  [
    'an except equal to its cidr',
    'ip-block',
    networkPolicy({
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] }],
    }),
  ],
  [
    'an ipBlock beside a pod selector',
    'ip-block',
    networkPolicy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }),
  ],
  ['an empty peer', 'ip-block', networkPolicy({ podSelector: {}, ingress: [{ from: [{}] }] })],
  [
    'an endPort below its port',
    'port-range',
    networkPolicy({ podSelector: {}, ingress: [{ ports: [{ port: 100, endPort: 50 }] }] }),
  ],
  [
    'an endPort after a named port',
    'port-range',
    networkPolicy({ podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 50 }] }] }),
  ],
  ['a cluster IP that is no address', 'service-spec', object('v1', 'Service', service({ clusterIP: '10.0.0.300' }))],
  [
    'an external IP that is no address',
    'service-spec',
    object('v1', 'Service', service({ externalIPs: ['edge-router'] })),
  ],
  [
    'a source range that is no CIDR block',
    'service-spec',
    object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['not-a-cidr'] })),
  ],
  [
    'source ranges on a NodePort Service',
    'service-spec',
    object('v1', 'Service', service({ type: 'NodePort', loadBalancerSourceRanges: ['10.0.0.0/8'] })),
  ],
  [
    'a load balancer class on a ClusterIP Service',
    'service-spec',
    object('v1', 'Service', service({ loadBalancerClass: 'example.com/lb' })),
  ],
  [
    'a load balancer class that is no qualified name',
    'service-spec',
    object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerClass: 'a/b/c' })),
  ],
  [
    'an empty load balancer class',
    'service-spec',
    object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerClass: '' })),
  ],
  [
    'a ClientIP affinity of more than a day',
    'service-spec',
    object(
      'v1',
      'Service',
      service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
    ),
  ],
  [
    'an appProtocol with a space',
    'service-spec',
    object('v1', 'Service', service({ ports: [{ port: 80, appProtocol: 'my protocol' }] })),
  ],
  ...['10.0.0.1', '010.000.000.001'].map((host): Refusal => [
    `an IP address (${host}) as an Ingress rule host`,
    'ingress-spec',
    ingress({
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] } }],
    }),
  ]),
  ...(
    [
      [
        'an optional configMapKeyRef of no ConfigMap name',
        { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: 'k', optional: true } } }] },
      ],
      [
        'an optional secretKeyRef of an empty name',
        { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: '', key: 'k', optional: true } } }] },
      ],
      [
        'an optional envFrom secretRef of no Secret name',
        { envFrom: [{ secretRef: { name: 'Bad_Name', optional: true } }] },
      ],
      [
        'an optional envFrom configMapRef of an empty name',
        { envFrom: [{ configMapRef: { name: '', optional: true } }] },
      ],
    ] as const
  ).map(([name, container]): Refusal => [name, 'pod-spec', deployment('d', { container })]),
  [
    'a finalizer that is no qualified name',
    'finalizer-names',
    object('v1', 'ConfigMap', { metadata: { name: 'refusal', namespace: 'default', finalizers: ['bad finalizer'] } }),
  ],
  [
    'a finalizer of a built-in kind without a domain',
    'finalizer-names',
    object('v1', 'ConfigMap', { metadata: { name: 'refusal', namespace: 'default', finalizers: ['cleanup'] } }),
  ],
  [
    'both the orphan and the foregroundDeletion finalizer',
    'finalizer-names',
    object('v1', 'ConfigMap', {
      metadata: { name: 'refusal', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] },
    }),
  ],
  [
    "a Namespace's spec finalizer without a domain",
    'finalizer-names',
    object('v1', 'Namespace', { spec: { finalizers: ['cleanup'] } }, false),
  ],
  [
    'a TLS host with upper case',
    'ingress-spec',
    ingress({ tls: [{ hosts: ['Shop.example.com'] }], defaultBackend: backend({ number: 80 }) }),
  ],
  [
    'a TLS secret name with upper case',
    'ingress-spec',
    ingress({ tls: [{ hosts: ['shop.example.com'], secretName: 'Web_TLS' }], defaultBackend: backend({ number: 80 }) }),
  ],
  [
    'a PersistentVolume without capacity',
    'volume-spec',
    {
      ...object(
        'v1',
        'PersistentVolume',
        { spec: { accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
        false,
      ),
    },
  ],
  ...(
    [
      ['a local PersistentVolume without node affinity', { local: { path: '/mnt/disks/ssd1' } }],
      ['a PersistentVolume of node affinity without required terms', { hostPath: { path: '/data' }, nodeAffinity: {} }],
      [
        'a PersistentVolume of no node selector terms',
        { hostPath: { path: '/data' }, nodeAffinity: { required: { nodeSelectorTerms: [] } } },
      ],
      ['a local PersistentVolume whose path climbs', { local: { path: '/mnt/../etc' }, nodeAffinity: ON_NODE }],
      ['an NFS PersistentVolume of a relative path', { nfs: { server: 'nfs.example.com', path: 'exports/data' } }],
      ['an NFS PersistentVolume of an empty server', { nfs: { server: '', path: '/exports' } }],
      ['a CSI PersistentVolume of a driver with "_"', { csi: { driver: 'ebs_csi', volumeHandle: 'v' } }],
      [
        'a CSI PersistentVolume of a driver name of 64',
        { csi: { driver: `${'a'.repeat(60)}.com`, volumeHandle: 'v' } },
      ],
      ['a CSI PersistentVolume of an empty volume handle', { csi: { driver: 'ebs.csi.aws.com', volumeHandle: '' } }],
    ] as const
  ).map(([name, source]): Refusal => [name, 'volume-spec', persistentVolume(source)]),
  [
    'a PersistentVolume without a source',
    'volume-spec',
    object('v1', 'PersistentVolume', { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } }, false),
  ],
  [
    'a PersistentVolume with two sources',
    'volume-spec',
    object(
      'v1',
      'PersistentVolume',
      {
        spec: {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          hostPath: { path: '/data' },
          nfs: { server: 'nfs', path: '/x' },
        },
      },
      false,
    ),
  ],
  [
    'a claim without access modes',
    'volume-spec',
    object('v1', 'PersistentVolumeClaim', { spec: { resources: { requests: { storage: '1Gi' } } } }),
  ],
  [
    'a claim without a storage request',
    'volume-spec',
    object('v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: {} } } }),
  ],
  [
    'an autoscaler without a target name',
    'autoscaler',
    object('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: '' }, maxReplicas: 2 },
    }),
  ],
  ['a stabilization window over an hour', 'autoscaler', scaling({ scaleDown: { stabilizationWindowSeconds: 3601 } })],
  [
    'a scaling policy of value 0',
    'autoscaler',
    scaling({ scaleDown: { policies: [{ type: 'Pods', value: 0, periodSeconds: 60 }] } }),
  ],
  [
    'a scaling policy period over half an hour',
    'autoscaler',
    scaling({ scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1801 }] } }),
  ],
  [
    'a scaling policy type in the wrong case',
    'enum-values',
    scaling({ scaleDown: { policies: [{ type: 'pods', value: 1, periodSeconds: 60 }] } }),
  ],
  ['a selectPolicy in the wrong case', 'enum-values', scaling({ scaleDown: { selectPolicy: 'max' } })],
  ['an empty list of scaling policies', 'autoscaler', scaling({ scaleUp: { policies: [], selectPolicy: 'Disabled' } })],
  [
    'annotations over 256 KiB',
    'object-size',
    {
      ...deployment('d'),
      metadata: { name: 'd', namespace: 'default', annotations: { 'example.com/notes': 'x'.repeat(257 * 1024) } },
    },
  ],
  ['a ConfigMap over 1 MiB', 'object-size', object('v1', 'ConfigMap', { data: { a: 'x'.repeat(1025 * 1024) } })],
  [
    'a ConfigMap too large for the annotation of kubectl apply',
    'object-size',
    object('v1', 'ConfigMap', { data: { a: 'x'.repeat(300 * 1024) } }),
  ],
  [
    'a webhook whose name has two segments',
    'webhook-spec',
    webhookConfiguration('ValidatingWebhookConfiguration', { name: 'refusal.example' }),
  ],
  [
    'a webhook of an http url',
    'webhook-spec',
    webhookConfiguration('MutatingWebhookConfiguration', { clientConfig: { url: 'http://refusal.example.com/x' } }),
  ],
  [
    'a webhook rule of "*" beside an operation',
    'webhook-spec',
    webhookConfiguration('ValidatingWebhookConfiguration', {}, { operations: ['*', 'CREATE'] }),
  ],
  [
    'a webhook of no AdmissionReview version',
    'webhook-spec',
    webhookConfiguration('ValidatingWebhookConfiguration', { admissionReviewVersions: [] }),
  ],
  [
    'a webhook failurePolicy in the wrong case',
    'enum-values',
    webhookConfiguration('MutatingWebhookConfiguration', { failurePolicy: 'ignore' }),
  ],
  [
    'a webhook objectSelector of no operator',
    'selector-syntax',
    webhookConfiguration('ValidatingWebhookConfiguration', {
      objectSelector: { matchExpressions: [{ key: 'tier', operator: 'InIn', values: ['a'] }] },
    }),
  ],
  [
    'a webhook url of a "%" that is no escape',
    'webhook-spec',
    webhookConfiguration('ValidatingWebhookConfiguration', {
      clientConfig: { url: 'https://refusal.example.com/a%zz' },
    }),
  ],
  [
    'an APIService of service port 0',
    'api-service-spec',
    apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 0 } }),
  ],
  [
    'a CertificateSigningRequest of the legacy signer',
    'certificate-request-spec',
    csr({ signerName: 'kubernetes.io/legacy-unknown' }),
  ],
  [
    'a ValidatingAdmissionPolicy of v1alpha1 (off by default on 1.27, not served by 1.37)',
    compareReleases(RELEASE, VALIDATING_POLICIES_SINCE) < 0 ? 'api-version' : 'schema',
    { ...validatingPolicy(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' },
  ],
  [
    'an EndpointSlice of a loopback address',
    'endpoints-spec',
    endpointSlice({ endpoints: [{ addresses: ['127.0.0.1'] }] }),
  ],
  [
    'an EndpointSlice port name in upper case',
    'endpoints-spec',
    endpointSlice({ ports: [{ name: 'REDIS', port: 6379 }] }),
  ],
  ['an EndpointSlice of no address type', 'enum-values', endpointSlice({ addressType: 'IP' })],
  ['Endpoints of port 0', 'endpoints-spec', endpoints({ ports: [{ port: 0 }] })],
  [
    'Endpoints of an IPv6 loopback written long',
    'endpoints-spec',
    endpoints({ addresses: [{ ip: '0:0:0:0:0:0:0:1' }] }),
  ],
  [
    'Endpoints of a not-ready link-local multicast address',
    'endpoints-spec',
    endpoints({ notReadyAddresses: [{ ip: 'ff12::1' }] }),
  ],
  [
    'Endpoints of a node name with "_"',
    'endpoints-spec',
    endpoints({ addresses: [{ ip: '10.20.0.10', nodeName: 'Node_1' }] }),
  ],
  [
    'Endpoints of an appProtocol with a space',
    'endpoints-spec',
    endpoints({ ports: [{ port: 5432, appProtocol: 'a b' }] }),
  ],
  [
    'an EndpointSlice of a link-local multicast IPv6 address',
    'endpoints-spec',
    endpointSlice({ addressType: 'IPv6', endpoints: [{ addresses: ['ff12::1'] }] }),
  ],
  [
    'an EndpointSlice endpoint of a node name with "_"',
    'endpoints-spec',
    endpointSlice({ endpoints: [{ addresses: ['10.20.0.20'], nodeName: 'Node_1' }] }),
  ],
  [
    'an EndpointSlice port of an appProtocol with a space',
    'endpoints-spec',
    endpointSlice({ ports: [{ name: 'redis', port: 6379, appProtocol: 'bad proto' }] }),
  ],
  [
    'an EndpointSlice zone hint that is no label value',
    'endpoints-spec',
    endpointSlice({ endpoints: [{ addresses: ['10.20.0.20'], hints: { forZones: [{ name: 'zone a' }] } }] }),
  ],
  [
    'an EndpointSlice zone hint given twice',
    'endpoints-spec',
    endpointSlice({
      endpoints: [{ addresses: ['10.20.0.20'], hints: { forZones: [{ name: 'z1' }, { name: 'z1' }] } }],
    }),
  ],
  [
    'an EndpointSlice of 9 zone hints',
    'endpoints-spec',
    endpointSlice({
      endpoints: [
        { addresses: ['10.20.0.20'], hints: { forZones: [...'123456789'].map((zone) => ({ name: `z${zone}` })) } },
      ],
    }),
  ],
  ...['127.0.0.1', '0.0.0.0', '169.254.169.254', '::1', '224.0.0.1'].map((ip): Refusal => [
    `a Service of external IP ${ip}`,
    'service-spec',
    object('v1', 'Service', service({ externalIPs: [ip] })),
  ]),
  [
    'a Service of clusterIPs without clusterIP',
    'service-spec',
    object('v1', 'Service', service({ clusterIPs: ['10.96.100.12'] })),
  ],
  [
    'a Service whose clusterIPs does not start with its clusterIP',
    'service-spec',
    object('v1', 'Service', service({ clusterIP: '10.96.100.10', clusterIPs: ['10.96.100.11'] })),
  ],
  [
    'a Service of two IPv4 clusterIPs',
    'service-spec',
    object(
      'v1',
      'Service',
      service({
        clusterIP: '10.96.100.10',
        clusterIPs: ['10.96.100.10', '10.96.100.11'],
        ipFamilyPolicy: 'PreferDualStack',
      }),
    ),
  ],
  [
    'a Service of IPv4 twice in ipFamilies',
    'service-spec',
    object('v1', 'Service', service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv4'] })),
  ],
  [
    'a SingleStack Service of two IP families',
    'service-spec',
    object('v1', 'Service', service({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] })),
  ],
  [
    'a Service of an IPv4 cluster IP and ipFamilies IPv6',
    'service-spec',
    object('v1', 'Service', service({ clusterIP: '10.96.100.13', ipFamilies: ['IPv6'] })),
  ],
  ...(
    [
      ['a cluster IP', { clusterIP: '10.96.100.20' }],
      ['ipFamilies', { ipFamilies: ['IPv4'] }],
      ['an ipFamilyPolicy', { ipFamilyPolicy: 'SingleStack' }],
    ] as const
  ).map(([what, fields]): Refusal => [
    `an ExternalName Service of ${what}`,
    'service-spec',
    object('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'db.example.com', ...fields } }),
  ]),
  [
    'a ClusterIP Service of allocateLoadBalancerNodePorts',
    'service-spec',
    object('v1', 'Service', service({ allocateLoadBalancerNodePorts: false })),
  ],
  [
    'a NodePort Service of allocateLoadBalancerNodePorts',
    'service-spec',
    object('v1', 'Service', service({ type: 'NodePort', allocateLoadBalancerNodePorts: true })),
  ],
  [
    'a ClusterIP Service of a healthCheckNodePort',
    'service-spec',
    object('v1', 'Service', service({ healthCheckNodePort: 30555 })),
  ],
  [
    'a LoadBalancer Service of policy Cluster and a healthCheckNodePort',
    'service-spec',
    object('v1', 'Service', service({ type: 'LoadBalancer', healthCheckNodePort: 30556 })),
  ],
  [
    'a healthCheckNodePort of 70000',
    'service-spec',
    object(
      'v1',
      'Service',
      service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 }),
    ),
  ],
  ...['HTTP', 'averyverylongname', '123', 'a--b'].map((name): Refusal => [
    `a Service targetPort named ${JSON.stringify(name)}`,
    'port-name',
    object('v1', 'Service', service({ ports: [{ port: 80, targetPort: name }] })),
  ]),
  ...['my_port', 'HTTP', 'averyverylongname'].map((name): Refusal => [
    `an Ingress backend port named ${JSON.stringify(name)}`,
    'port-name',
    ingress({ defaultBackend: backend({ name }) }),
  ]),
  ['an Ingress backend port of 70000', 'ingress-spec', ingress({ defaultBackend: backend({ number: 70000 }) })],
  ['an Ingress backend port of 0 (none)', 'ingress-spec', ingress({ defaultBackend: backend({ number: 0 }) })],
  [
    'an Ingress resource backend of an apiGroup with "_"',
    'ingress-spec',
    ingress({ defaultBackend: { resource: { apiGroup: 'K8s_example', kind: 'Bucket', name: 'static' } } }),
  ],
  [
    'an Ingress resource backend of a name with "/"',
    'ingress-spec',
    ingress({ defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'a/b' } } }),
  ],
  [
    'an Ingress resource backend of kind ""',
    'ingress-spec',
    ingress({ defaultBackend: { resource: { kind: '', name: 'static' } } }),
  ],
  [
    'an Ingress whose class annotation is another class than ingressClassName',
    'ingress-spec',
    ingress(
      { ingressClassName: 'nginx', defaultBackend: backend({ number: 80 }) },
      { 'kubernetes.io/ingress.class': 'traefik' },
    ),
  ],
  [
    'a NetworkPolicy of three policyTypes',
    'ip-block',
    networkPolicy({ podSelector: {}, policyTypes: ['Ingress', 'Ingress', 'Egress'] }),
  ],
  [
    'an IngressClass whose controller has no domain',
    'ingress-class-spec',
    ingressClass({ controller: 'ingress-nginx' }),
  ],
  [
    'an IngressClass of Cluster parameters with a namespace',
    'ingress-class-spec',
    ingressClass({ parameters: { kind: 'Params', name: 'lb', scope: 'Cluster', namespace: 'default' } }),
  ],
  [
    'a RuntimeClass whose handler has "_"',
    'runtime-class-spec',
    object('node.k8s.io/v1', 'RuntimeClass', { handler: 'run_sc' }, false),
  ],
  ['a LimitRange item of no type', 'quota-values', limitRange({ type: 'Container_x' })],
  ['a LimitRange Pod item with a default', 'quota-values', limitRange({ type: 'Pod', default: { cpu: '1' } })],
  [
    'a LimitRange ratio below 1',
    'quota-values',
    limitRange({ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }),
  ],
  [
    'a LimitRange ratio above its max over its min',
    'quota-values',
    limitRange({ type: 'Container', min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '50' } }),
  ],
  [
    'a LimitRange of a GPU default and defaultRequest apart',
    'quota-values',
    limitRange({ type: 'Container', default: { 'example.com/gpu': '2' }, defaultRequest: { 'example.com/gpu': '1' } }),
  ],
  [
    'a LimitRange of a hugepages max and defaultRequest apart (the default limit copies the max)',
    'quota-values',
    limitRange({
      type: 'Container',
      max: { cpu: '2', 'hugepages-2Mi': '4Mi' },
      defaultRequest: { 'hugepages-2Mi': '2Mi' },
    }),
  ],
  ['a Lease of no duration', 'counts', lease({ leaseDurationSeconds: 0 })],
  ['a ReplicationController selector key with a space', 'label-syntax', replicationController({ 'app x': 'a' })],
  [
    'a ReplicationController whose pods restart Never',
    'restart-policy',
    object('v1', 'ReplicationController', {
      spec: {
        selector: { app: 'a' },
        template: {
          metadata: { labels: { app: 'a' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] },
        },
      },
    }),
  ],
  [
    'an IngressClass without a controller',
    'ingress-class-spec',
    object('networking.k8s.io/v1', 'IngressClass', { spec: {} }, false),
  ],
  ['a ResourceQuota of a resource no quota limits', 'quota-hard', quota({ hard: { 'requests.gpu': '1' } })],
  ['a ResourceQuota of half a Secret', 'quota-hard', quota({ hard: { secrets: '1.5' } })],
  [
    'a CSIDriver of a token request of a minute',
    'csi-driver-spec',
    object(
      'storage.k8s.io/v1',
      'CSIDriver',
      { spec: { tokenRequests: [{ audience: 'a', expirationSeconds: 60 }] } },
      false,
    ),
  ],
  [
    'a RuntimeClass overhead of pods',
    'runtime-class-spec',
    object('node.k8s.io/v1', 'RuntimeClass', { handler: 'runsc', overhead: { podFixed: { pods: '1' } } }, false),
  ],
  [
    'the mandatory FlowSchema catch-all of another matchingPrecedence',
    'flowcontrol-spec',
    mandatory('FlowSchema', 'catch-all', { ...CATCH_ALL_FLOW_SCHEMA, matchingPrecedence: 9000 }),
  ],
  [
    'the mandatory PriorityLevelConfiguration catch-all of other shares',
    'flowcontrol-spec',
    mandatory('PriorityLevelConfiguration', 'catch-all', {
      type: 'Limited',
      limited: { nominalConcurrencyShares: 50, limitResponse: { type: 'Reject' } },
    }),
  ],
  ['a PriorityClass named system-', 'priority-class-spec', priorityClass('system-probe', 10)],
  ['a PriorityClass above 1000000000', 'priority-class-spec', priorityClass('refusal', 1_000_000_001)],
  [
    "a PriorityClass system-node-critical of the other built-in class's value",
    'priority-class-spec',
    priorityClass('system-node-critical', 2_000_000_000),
  ],
  [
    'a RuntimeClass toleration given twice, of other tolerationSeconds',
    'runtime-class-spec',
    runtimeClassTolerating(SANDBOX_TAINT, { ...SANDBOX_TAINT, tolerationSeconds: 30 }),
  ],
  [
    'a readiness gate of a condition with a space',
    'pod-spec',
    deployment('d', { pod: { readinessGates: [{ conditionType: 'warmed up' }] } }),
  ],
  [
    'an ephemeral volume claim template of no access mode',
    'enum-values',
    volume({
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce:'], resources: { requests: { storage: '1Gi' } } } },
      },
    }),
  ],
];

/** Objects the API server accepts that use the same fields well: none of the rules above may refuse them. */
const ACCEPTED_EVERYWHERE: readonly Acceptance[] = [
  [
    'annotation keys of capitals, which the API server checks lower-cased',
    object('v1', 'ConfigMap', {
      metadata: { name: 'refusal', namespace: 'default', annotations: { 'Example.com/Owner': 'team-a' } },
    }),
  ],
  [
    'one owner reference of the controller beside another',
    object('v1', 'ConfigMap', {
      metadata: {
        name: 'refusal',
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1', controller: true },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: '2' },
        ],
      },
    }),
  ],
  [
    'a Job name of 63 characters',
    { ...object('batch/v1', 'Job', { spec: job({}) }), metadata: { name: 'j'.repeat(63), namespace: 'default' } },
  ],
  [
    'a selector of matchExpressions its pod template meets',
    deployment('d', {
      spec: {
        selector: {
          matchLabels: { app: 'refusal' },
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['refusal', 'other'] },
            { key: 'tier', operator: 'DoesNotExist' },
          ],
        },
      },
    }),
  ],
  [
    'a Job of manualSelector and a selector its pod template meets',
    object('batch/v1', 'Job', {
      spec: {
        ...job({ manualSelector: true, selector: { matchLabels: { run: 'once' } } }),
        template: { ...job({}).template, metadata: { labels: { run: 'once' } } },
      },
    }),
  ],
  [
    "a Job selector of its own name's label alone, without manualSelector",
    object('batch/v1', 'Job', { spec: job({ selector: { matchLabels: { 'job-name': 'refusal' } } }) }),
  ],
  [
    'an Indexed Job whose last pod hostname is 63 characters',
    {
      ...object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed', completions: 10, parallelism: 1 }) }),
      metadata: { name: 'e'.repeat(61), namespace: 'default' },
    },
  ],
  [
    'a LimitRange of a GPU default and a min (the default request copies the default)',
    limitRange({ type: 'Container', default: { 'example.com/gpu': '2' }, min: { 'example.com/gpu': '1' } }),
  ],
  [
    'an Object target of type Value that gives averageValue alone (a warning: the autoscaler fails on it)',
    autoscaler([objectMetric({ type: 'Value', averageValue: '10' })]),
  ],
  [
    'a StorageClass of a parameter of an empty value',
    storageClass({ provisioner: 'ebs.csi.aws.com', parameters: { type: '' } }),
  ],
  [
    'a hostPath PersistentVolume of "..x", recycled',
    persistentVolume({ hostPath: { path: '/data/..x' }, persistentVolumeReclaimPolicy: 'Recycle' }),
  ],
  [
    'a claim of one claim as its dataSource and dataSourceRef',
    claim({
      dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
      dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'a' },
    }),
  ],
  [
    'a claim of a dataSource the API server drops, of no name',
    claim({ dataSource: { apiGroup: 'example.com', kind: 'Foo', name: '' } }),
  ],
  [
    'a VolumeAttachment of an inline CSI volume',
    volumeAttachment({ source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'] } } }),
  ],
  ['a Service of one port named "" (no name)', object('v1', 'Service', service({ ports: [{ name: '', port: 80 }] }))],
  ['a NetworkPolicy without spec (podSelector defaulted)', object('networking.k8s.io/v1', 'NetworkPolicy', {})],
  [
    'probe and hook headers of letters, digits and "-"; schemes HTTPS and "" (HTTP)',
    deployment('d', {
      container: {
        readinessProbe: {
          httpGet: {
            path: '/',
            port: 80,
            scheme: '',
            httpHeaders: [
              { name: 'X-Custom-Header', value: 'x' },
              { name: '-1', value: '' },
            ],
          },
        },
        lifecycle: {
          preStop: {
            httpGet: {
              path: '/',
              port: 80,
              scheme: 'HTTPS',
              httpHeaders: [{ name: 'authorization', value: 'Bearer t' }],
            },
          },
        },
      },
    }),
  ],
  [
    'a Pod on the host network of equal ports, a port without hostPort, and an init container of another hostPort',
    object('v1', 'Pod', {
      spec: {
        hostNetwork: true,
        initContainers: [{ name: 'init', image: 'nginx:1.25', ports: [{ containerPort: 90, hostPort: 91 }] }],
        containers: [
          { name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }] },
        ],
      },
    }),
  ],
  [
    'a Deployment on the host network of a port without hostPort',
    deployment('d', { pod: { hostNetwork: true }, container: { ports: [{ containerPort: 80 }] } }),
  ],
  [
    'a Pod of activeDeadlineSeconds 1',
    object('v1', 'Pod', { spec: { activeDeadlineSeconds: 1, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
  ],
  [
    'a Job pod template of activeDeadlineSeconds 2^31 - 1',
    object('batch/v1', 'Job', {
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            activeDeadlineSeconds: 2 ** 31 - 1,
            containers: [{ name: 'app', image: 'nginx:1.25' }],
          },
        },
      },
    }),
  ],
  [
    'dnsConfig options named, with and without a value',
    dnsConfig({ options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] }),
  ],
  ...[2, '50%', '100%'].map(
    (maxUnavailable) =>
      [
        `a StatefulSet maxUnavailable of ${JSON.stringify(maxUnavailable)}`,
        object('apps/v1', 'StatefulSet', {
          spec: pods({
            serviceName: 'refusal',
            updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
          }),
        }),
      ] as const,
  ),
  [
    'seccomp Localhost profiles at relative paths, "" and ".." inside a name among them',
    deployment('d', {
      pod: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } },
      container: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a..b/x.json' } } },
    }),
  ],
  [
    'a seccomp Localhost profile of an empty path',
    containerSecurity({ seccompProfile: { type: 'Localhost', localhostProfile: '' } }),
  ],
  ['an NFS volume at "/"', volume({ nfs: { server: 'nfs.example.com', path: '/' } })],
  ['an inline CSI volume of a driver in upper case', volume({ csi: { driver: 'Inline.CSI.example.com', fsType: '' } })],
  [
    'iSCSI volumes of iqn and eui names',
    deployment('d', {
      pod: {
        volumes: [
          { name: 'a', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
          { name: 'b', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.0123456789ABCDEF', lun: 255 } },
        ],
      },
    }),
  ],
  [
    'HostToContainer mount propagation in a plain container',
    mount({ mountPath: '/d', mountPropagation: 'HostToContainer' }),
  ],
  ['an empty subPath beside subPathExpr', mount({ mountPath: '/d', subPath: '', subPathExpr: 'yy' })],
  [
    'a configMapKeyRef key with ".." inside',
    env({ valueFrom: { configMapKeyRef: { name: 'c', key: 'a..b', optional: true } } }),
  ],
  [
    "a claim's data source of the core group that is no claim, which the server drops without a dataSourceRef",
    claim({ dataSource: { kind: 'Foo', name: 'x' } }),
  ],
  [
    'an ephemeral claim template of a populator of another group',
    ephemeralClaim({ dataSource: { apiGroup: 'populator.example.com', kind: 'Foo', name: 'x' } }),
  ],
  ['a claim of ReadWriteOncePod twice', claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOncePod'] })],
  [
    'a sysctl written with dots and with slashes',
    podSecurity({
      sysctls: [
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'kernel/shm_rmid_forced', value: '0' },
      ],
    }),
  ],
  ['a nodeName of a DNS subdomain', deployment('d', { pod: { nodeName: 'node-1.example' } })],
  [
    'a hostIP that is no IP address',
    deployment('d', { container: { ports: [{ containerPort: 80, hostIP: 'not-ip' }] } }),
  ],
  ['a capability with a space', containerSecurity({ capabilities: { add: ['NET ADMIN'] } })],
  ['a schedulerName with a space', deployment('d', { pod: { schedulerName: 'Bad Scheduler' } })],
  ['preemptionPolicy Never', deployment('d', { pod: { preemptionPolicy: 'Never' } })],
  ['a Windows pod', deployment('d', { pod: { os: { name: 'windows' } } })],
  ["a pod's overhead without a RuntimeClass", deployment('d', { pod: { overhead: { cpu: '100m' } } })],
  [
    'mounts at a path and at the path with a slash; a probe of period and timeout 0 (the defaults) and of 2^31 - 1 delay',
    deployment('d', {
      pod: {
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', emptyDir: {} },
        ],
      },
      container: {
        volumeMounts: [
          { name: 'a', mountPath: '/data' },
          { name: 'b', mountPath: '/data/' },
        ],
        readinessProbe: { ...TCP, periodSeconds: 0, timeoutSeconds: 0, initialDelaySeconds: 2 ** 31 - 1 },
      },
    }),
  ],
  [
    'a FlowSchema of a group and a cluster-scoped rule',
    flowSchema({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true }] }),
  ],
  ['a priority level that rejects', priorityLevel({ type: 'Reject' })],
  ['a priority level that queues with the default queuing', priorityLevel({ type: 'Queue', queuing: {} })],
  [
    'a certificate request of server and client usages for ten minutes',
    csr({ usages: ['digital signature', 'server auth', 'client auth'], expirationSeconds: 600 }),
  ],
  [
    'an APIService of a service',
    apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 8443 } }),
  ],
  ['a VolumeAttachment of a driver name in capitals', volumeAttachment({ attacher: 'CSI.example.com' })],
  [
    'a CSINode of topology keys and a count',
    csiNode({ topologyKeys: ['topology.example.com/zone'], allocatable: { count: 0 } }),
  ],
  [
    'a Namespace of every Pod Security level and version label',
    labelledNamespace({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'v1.0',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.27',
    }),
  ],
  [
    'a SealedSecret with a template of metadata, type, data and immutable',
    sealed({
      template: {
        metadata: { name: 'refusal', labels: { a: 'b' }, annotations: { c: 'd' } },
        type: 'Opaque',
        data: { note: 'x' },
        immutable: true,
      },
    }),
  ],
  [
    'a quota of NotBestEffort pods of a priority class, with counts and extended resources',
    quota({
      hard: { pods: '10', 'requests.cpu': '4', 'count/jobs.batch': '5', 'requests.nvidia.com/gpu': '1' },
      scopes: ['NotBestEffort'],
      scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }),
    }),
  ],
  ['a quota of BestEffort pods by count', quota({ hard: { pods: '10', 'count/pods': '10' }, scopes: ['BestEffort'] })],
  // The Container construct refuses it all the same: no device plugin offers a resource in Kubernetes' own domain.
  ['a resource in the kubernetes.io domain', resources({ limits: { 'kubernetes.io/gpu': '1' } })],
  [
    'an Indexed Job without completions or parallelism (the server sets both to 1)',
    object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed' }) }),
  ],
  [
    'an Indexed Job of more than 100000 completions, 100000 at once',
    object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed', completions: 100_001, parallelism: 100_000 }) }),
  ],
  [
    'an extended resource limited alone, or requested at its limit',
    resources({ requests: { 'example.com/gpu': '2' }, limits: { 'example.com/gpu': '2', 'example.com/fpga': '1' } }),
  ],
  [
    "Kubernetes' own pod failure policy example (onPodConditions without status)",
    failing([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }, exitCodes('NotIn', [0])]),
  ],
  ['a schedule of names, ranges and steps', scheduled('*/15 0-6 1,15 jan-jun mon-fri')],
  ['a schedule of ? and N/step', scheduled('5/15 ? * * *')],
  ['an @every schedule', scheduled('@every 1h30m')],
  [
    'a DaemonSet rollingUpdate on OnDelete, which the server takes',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } } }),
    }),
  ],
  [
    'a DaemonSet rolling update over 10% of the nodes',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } }),
    }),
  ],
  [
    'a DaemonSet surge of one node with none down',
    object('apps/v1', 'DaemonSet', {
      spec: pods({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }),
    }),
  ],
  [
    'a StatefulSet partition of 1',
    statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }),
  ],
  ['a plain Deployment', deployment('d')],
  // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
  ['a StatefulSet without serviceName', object('apps/v1', 'StatefulSet', { spec: pods({}) })],
  ['a NetworkPolicy without podSelector (all pods)', networkPolicy({ policyTypes: ['Ingress'] })],
  [
    'a PriorityClass without value (0)',
    object('scheduling.k8s.io/v1', 'PriorityClass', { description: 'the default priority' }, false),
  ],
  ['an EndpointSlice without endpoints', object('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4' })],
  [
    'a probe header of empty value',
    probe('livenessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'X-Probe' }] } }),
  ],
  ['a sysctl of empty value', podSecurity({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start' }] })],
  ['a pod failure policy without rules', object('batch/v1', 'Job', { spec: job({ podFailurePolicy: {} }) })],
  [
    "a pod failure policy on a container's exit codes, NotIn with 0, and 20 rules",
    failing([
      { action: 'Count', onExitCodes: { containerName: 'app', operator: 'NotIn', values: [0, 1] } },
      ...Array(19).fill(exitCodes('In', [1, 255])),
    ]),
  ],
  [
    'a spread of minDomains, matchLabelKeys beside its labelSelector, and node policies',
    spreading({
      minDomains: 3,
      matchLabelKeys: ['pod-template-hash'],
      nodeAffinityPolicy: 'Ignore',
      nodeTaintsPolicy: 'Honor',
    }),
  ],
  // Values the constructs refuse and the servers take, of which counts only warns.
  [
    'a Job of 0 completions, parallelism and activeDeadlineSeconds',
    object('batch/v1', 'Job', { spec: job({ completions: 0, parallelism: 0, activeDeadlineSeconds: 0 }) }),
  ],
  ['a PodDisruptionBudget of maxUnavailable 0', budget({ minAvailable: undefined, maxUnavailable: 0 })],
  ['a PodDisruptionBudget percentage of leading zeros', budget({ minAvailable: '050%' })],
  ['a PodDisruptionBudget of maxUnavailable "0100%"', budget({ minAvailable: undefined, maxUnavailable: '0100%' })],
  [
    'an autoscaler of policies null (the defaults)',
    scaling({ scaleDown: { policies: null, stabilizationWindowSeconds: 60 } }),
  ],
  [
    'a Job of more parallelism than completions',
    object('batch/v1', 'Job', { spec: job({ completions: 2, parallelism: 5 }) }),
  ],
  [
    'a binding roleRef without apiGroup (defaulted)',
    binding({ roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'jane' }] }),
  ],
  [
    'probes on port numbers the container does not declare (probe-port only warns)',
    deployment('d', {
      container: {
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        livenessProbe: { tcpSocket: { port: 8081 } },
      },
    }),
  ],
  [
    'tolerations, node and pod affinity, spreads, policies of every kind',
    deployment('d', {
      spec: { minReadySeconds: 30, progressDeadlineSeconds: 60, strategy: { type: 'Recreate' } },
      pod: {
        dnsPolicy: 'ClusterFirst',
        preemptionPolicy: 'Never',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        tolerations: [
          { operator: 'Exists' },
          { key: 'example.com/gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        ],
        affinity: {
          ...nodeTerm({ key: 'example.com/cores', operator: 'Gt', values: ['4'] }).affinity,
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: selectorOf({ key: 'app', operator: 'In', values: ['refusal'] }),
                },
              },
            ],
          },
        },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      },
      container: { terminationMessagePolicy: 'FallbackToLogsOnError' },
    }),
  ],
  [
    'a NodePort Service with its traffic policies',
    object(
      'v1',
      'Service',
      service({
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        sessionAffinity: 'ClientIP',
        internalTrafficPolicy: 'Local',
        ipFamilyPolicy: 'SingleStack',
      }),
    ),
  ],
  [
    'an optional configMapKeyRef of a ConfigMap name with a dot',
    deployment('d', {
      container: {
        env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'good.name', key: 'k', optional: true } } }],
      },
    }),
  ],
  [
    'a container port of hostPort 0 (none)',
    deployment('d', { container: { ports: [{ containerPort: 80, hostPort: 0 }] } }),
  ],
  [
    'a domain-qualified and a standard finalizer',
    object('v1', 'ConfigMap', {
      metadata: { name: 'refusal', namespace: 'default', finalizers: ['example.com/drain', 'orphan'] },
    }),
  ],
  [
    'a Namespace of the standard and a qualified spec finalizer',
    object('v1', 'Namespace', { spec: { finalizers: ['kubernetes', 'example.com/drain'] } }, false),
  ],
  [
    'an Ingress rule host that looks like an address, and an address as a TLS host',
    ingress({
      tls: [{ hosts: ['10.0.0.1'] }],
      rules: [
        {
          host: '10.0.0.1.nip.io',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] },
        },
      ],
    }),
  ],
  [
    'a local PersistentVolume pinned to a node',
    persistentVolume({ local: { path: 'mnt/disks' }, nodeAffinity: ON_NODE }),
  ],
  [
    'an NFS PersistentVolume of mount options',
    persistentVolume({ nfs: { server: 'nfs.example.com', path: '/' }, mountOptions: ['nfsvers=4.1', 'hard'] }),
  ],
  [
    'a CSI PersistentVolume of an upper-case driver',
    persistentVolume({ csi: { driver: 'EBS.csi.aws.com', volumeHandle: 'vol-1', fsType: 'ext4', readOnly: true } }),
  ],
  [
    'a LoadBalancer Service of a class, with source ranges, its traffic policies and unready addresses',
    object(
      'v1',
      'Service',
      service({
        type: 'LoadBalancer',
        loadBalancerClass: 'example.com/internal-vip',
        loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
        externalTrafficPolicy: 'Local',
        internalTrafficPolicy: 'Local',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
        publishNotReadyAddresses: true,
      }),
    ),
  ],
  [
    'a StatefulSet of parallel pods updated on delete',
    object('apps/v1', 'StatefulSet', {
      spec: pods({ serviceName: 'refusal', podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }),
    }),
  ],
  [
    'an indexed Job',
    object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed', completions: 2, ttlSecondsAfterFinished: 0 }) }),
  ],
  [
    'a StorageClass that retains and waits',
    storageClass({
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    }),
  ],
  [
    'an Ingress of a class with a port by name',
    ingress({ ingressClassName: 'nginx', defaultBackend: backend({ name: 'http' }) }),
  ],
  [
    'an Ingress rule with an empty host (every host)',
    ingress({
      rules: [{ host: '', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] } }],
    }),
  ],
  [
    'a NetworkPolicy with expressions',
    networkPolicy({
      podSelector: selectorOf({ key: 'a', operator: 'Exists' }),
      ingress: [{ from: [{ namespaceSelector: selectorOf({ key: 'team', operator: 'NotIn', values: ['x'] }) }] }],
    }),
  ],
  [
    'a PodDisruptionBudget that always allows eviction of unhealthy pods',
    budget({
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: selectorOf({ key: 'a', operator: 'In', values: ['b'] }),
    }),
  ],
  ['a Role of the core group', role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])],
  ['an autoscaler on CPU utilization', autoscaler([cpuMetric('Resource', 'Utilization')])],
  [
    'a Resource target of type AverageValue that gives averageUtilization',
    autoscaler([resourceMetric({ type: 'AverageValue', averageUtilization: 50 })]),
  ],
  [
    'an External metric whose selector key is no label key',
    autoscaler([externalMetric(VALUE, { name: 'queue', selector: { matchLabels: { 'bad key!': 'v' } } })]),
  ],
  [
    'metrics of each source at their bounds',
    autoscaler([
      resourceMetric({ type: 'AverageValue', averageValue: '1m' }, 'memory'),
      containerMetric({ type: 'Utilization', averageUtilization: 1 }),
      podsMetric({ type: 'AverageValue', averageValue: '1m' }, 'Requests Per Second!'),
      objectMetric({ type: 'Value', value: '1', averageValue: '1' }),
      externalMetric({ type: 'AverageValue', value: '1' }),
    ]),
  ],
  [
    'allowedTopologies of two terms, values no label values',
    zonal([
      { matchLabelExpressions: [{ key: ZONE, values: ['a', 'not a label value!'] }] },
      {
        matchLabelExpressions: [
          { key: ZONE, values: ['a'] },
          { key: 'example.com/rack', values: ['r1'] },
        ],
      },
    ]),
  ],
  [
    'a dockerconfigjson Secret of stringData JSON over data that is not',
    object('v1', 'Secret', {
      type: DOCKER_CONFIG_JSON,
      data: { '.dockerconfigjson': base64('not json') },
      stringData: { '.dockerconfigjson': ' {"auths": {}} ' },
    }),
  ],
  [
    'a dockercfg Secret of null',
    object('v1', 'Secret', { type: 'kubernetes.io/dockercfg', data: { '.dockercfg': base64('null') } }),
  ],
  [
    'bindings of a ServiceAccount, a User and a Group',
    binding({
      subjects: [
        { kind: 'ServiceAccount', name: 'web', namespace: 'default' },
        { kind: 'User', name: 'alice', apiGroup: RBAC },
        { kind: 'Group', name: 'devs' },
      ],
    }),
  ],
  [
    'a TLS Secret with its keys',
    object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
  ],
  [
    'a basic-auth Secret with a password only',
    object('v1', 'Secret', { type: 'kubernetes.io/basic-auth', data: { password: '' } }),
  ],
  [
    'peers of an ipBlock with a strict except, selectors, and a port range',
    networkPolicy({
      podSelector: {},
      ingress: [
        {
          from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { podSelector: {} }],
          ports: [{ port: 8000, endPort: 8080 }],
        },
      ],
    }),
  ],
  [
    'a Service of set addresses, a day of affinity and an app protocol',
    object(
      'v1',
      'Service',
      service({
        type: 'LoadBalancer',
        clusterIP: '10.96.0.50',
        externalIPs: ['203.0.113.10'],
        loadBalancerSourceRanges: ['203.0.113.0/24'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
        ports: [{ port: 80, appProtocol: 'kubernetes.io/h2c' }],
      }),
    ),
  ],
  [
    'an Ingress with wildcard TLS',
    ingress({ tls: [{ hosts: ['*.example.com'], secretName: 'web-tls' }], defaultBackend: backend({ number: 80 }) }),
  ],
  [
    'a PersistentVolume and a claim with what they need',
    object(
      'v1',
      'PersistentVolume',
      {
        spec: {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          csi: { driver: 'disk.csi.example.com', volumeHandle: 'data' },
        },
      },
      false,
    ),
  ],
  [
    'a claim with access modes and a request',
    object('v1', 'PersistentVolumeClaim', {
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }),
  ],
  [
    'an autoscaler behavior at the bounds',
    scaling({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' },
      scaleDown: { stabilizationWindowSeconds: 3600, policies: [{ type: 'Percent', value: 10, periodSeconds: 1800 }] },
    }),
  ],
  ['a ConfigMap of 200 KiB', object('v1', 'ConfigMap', { data: { a: 'x'.repeat(200 * 1024) } })],
  [
    'pod values at their bounds: resources of every kind, hooks, modes, ids, hostname, DNS limits, enums',
    deployment('d', {
      pod: {
        hostname: 'web-0',
        subdomain: 'web',
        securityContext: {
          runAsUser: 2147483647,
          runAsGroup: 0,
          fsGroup: 0,
          supplementalGroups: [0, 65532],
          fsGroupChangePolicy: 'OnRootMismatch',
        },
        hostUsers: false,
        dnsConfig: {
          nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3'],
          searches: [...searchDomains(31, 20), 'shop.svc.cluster.local.'],
        },
        volumes: [
          { name: 'scratch' },
          { name: 'conf', configMap: { name: 'c', defaultMode: 511, items: [{ key: 'k', path: 'k', mode: 0 }] } },
          { name: 'all', projected: { defaultMode: 420, sources: [{ secret: { name: 's' } }] } },
          { name: 'logs', hostPath: { path: '/var/log', type: '' } },
          { name: 'run', hostPath: { path: '/run', type: 'Directory' } },
          {
            name: 'scratch-claim',
            ephemeral: {
              volumeClaimTemplate: {
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
              },
            },
          },
        ],
      },
      container: {
        resources: {
          requests: { cpu: '100m', 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' },
          limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1' },
        },
        lifecycle: { postStart: { exec: { command: ['true'] } }, preStop: { tcpSocket: { port: 80 } } },
        securityContext: { runAsUser: 0, runAsGroup: 2147483647, procMount: 'Unmasked' },
        volumeMounts: [
          { name: 'scratch', mountPath: '/a', subPath: 'x/y' },
          { name: 'scratch', mountPath: '/b', subPath: 'a..b' },
          { name: 'scratch', mountPath: '/c', subPathExpr: '$(POD)/logs' },
        ],
      },
    }),
  ],
  [
    'webhooks of a service, an https url of a port, and rules of "*" and subresources',
    webhookConfiguration(
      'ValidatingWebhookConfiguration',
      { timeoutSeconds: 30, matchPolicy: 'Exact' },
      {
        operations: ['*'],
        apiGroups: ['*'],
        apiVersions: ['*'],
        resources: ['*', 'pods/status'],
        scope: '*',
      },
    ),
  ],
  [
    'a mutating webhook of an https url with a port and an empty query',
    webhookConfiguration('MutatingWebhookConfiguration', {
      clientConfig: { url: 'HTTPS://refusal.example.com:8443/mutate?' },
      admissionReviewVersions: ['v1beta1', 'v2'],
      reinvocationPolicy: 'IfNeeded',
      sideEffects: 'NoneOnDryRun',
      objectSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    }),
  ],
  [
    'a webhook url of escapes in its path and of a non-ASCII byte in its host',
    webhookConfiguration('ValidatingWebhookConfiguration', {
      clientConfig: { url: 'https://r%C3%A9fusal.example.com/a%2Fb%20c' },
    }),
  ],
  [
    'a webhook url of an IPv6 address of a zone',
    webhookConfiguration('ValidatingWebhookConfiguration', { clientConfig: { url: 'https://[fe80::1%25en0]:8443/x' } }),
  ],
  [
    'an APIService of service port 1',
    apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 1 } }),
  ],
  [
    'a CertificateSigningRequest named in upper case, with "_" and ":"',
    { ...csr({}), metadata: { name: 'Refusal_CSR:a' } },
  ],
  [
    'a webhook of matchConditions that compile (1.27 drops them)',
    conditioned(
      { name: 'not-kube-system', expression: "request.namespace != 'kube-system'" },
      { name: 'example.com/labelled', expression: "has(object.metadata.labels) && 'app' in object.metadata.labels" },
      { name: 'allowed', expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" },
    ),
  ],
  [
    'an EndpointSlice of named ports, a hostname and a zone',
    endpointSlice({
      endpoints: [{ addresses: ['10.20.0.20', '10.20.0.21'], hostname: 'cache-0', zone: 'zone-a' }],
      ports: [{ name: 'redis', port: 6379 }, { name: 'metrics', port: 9121, appProtocol: 'http' }, { port: 6380 }],
    }),
  ],
  [
    'an EndpointSlice of FQDN addresses',
    endpointSlice({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com'] }] }),
  ],
  [
    'Endpoints of named ports and a not-ready address',
    endpoints({
      notReadyAddresses: [{ ip: '10.20.0.11' }],
      ports: [
        { name: 'pg', port: 5432 },
        { name: 'm', port: 9187 },
      ],
    }),
  ],
  [
    'an IngressClass of Namespace parameters',
    ingressClass({
      controller: 'example.com/ingress/v2',
      parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'lb', scope: 'Namespace', namespace: 'default' },
    }),
  ],
  ['an IngressClass of parameters without a scope', ingressClass({ parameters: { kind: 'Params', name: 'lb' } })],
  ['Endpoints of a multicast address that is not link-local', endpoints({ addresses: [{ ip: '239.1.1.1' }] })],
  [
    'an EndpointSlice of a site-local multicast IPv6 address, a node name and a zone hint of ""',
    endpointSlice({
      addressType: 'IPv6',
      endpoints: [{ addresses: ['ff05::1'], nodeName: 'node-1.example', hints: { forZones: [{ name: '' }] } }],
    }),
  ],
  [
    'a NetworkPolicy of policyType Ingress twice',
    networkPolicy({ podSelector: {}, policyTypes: ['Ingress', 'Ingress'] }),
  ],
  [
    'an Ingress of a TLS secretName "" and a rule without http',
    ingress({
      defaultBackend: backend({ number: 80 }),
      tls: [{ hosts: ['a.example.com'], secretName: '' }],
      rules: [{ host: 'a.example.com' }],
    }),
  ],
  [
    'an Ingress whose class annotation is its ingressClassName',
    ingress(
      { ingressClassName: 'nginx', defaultBackend: backend({ number: 80 }) },
      { 'kubernetes.io/ingress.class': 'nginx' },
    ),
  ],
  [
    'an Ingress resource backend without apiGroup',
    ingress({ defaultBackend: { resource: { kind: 'StorageBucket', name: 'static' } } }),
  ],
  ['a Service targetPort of 0 (the port)', object('v1', 'Service', service({ ports: [{ port: 80, targetPort: 0 }] }))],
  [
    'a Service targetPort named "http-alt"',
    object('v1', 'Service', service({ ports: [{ port: 80, targetPort: 'http-alt' }] })),
  ],
  [
    'a LoadBalancer Service of policy Local, a healthCheckNodePort and allocateLoadBalancerNodePorts false',
    object(
      'v1',
      'Service',
      service({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30557,
        allocateLoadBalancerNodePorts: false,
      }),
    ),
  ],
  [
    'a Service of PreferDualStack and one family',
    object('v1', 'Service', service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] })),
  ],
  ['a Service of external IP 239.1.1.1', object('v1', 'Service', service({ externalIPs: ['239.1.1.1'] }))],
  ['a RuntimeClass of a handler with a dash', object('node.k8s.io/v1', 'RuntimeClass', { handler: 'kata-fc' }, false)],
  [
    'the mandatory FlowSchema catch-all as the API server fixes it',
    mandatory('FlowSchema', 'catch-all', CATCH_ALL_FLOW_SCHEMA),
  ],
  [
    'the mandatory PriorityLevelConfiguration catch-all as the API server fixes it, lendablePercent left out',
    mandatory('PriorityLevelConfiguration', 'catch-all', {
      type: 'Limited',
      limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } },
    }),
  ],
  ['a PriorityClass of value 1000000000', priorityClass('refusal', 1_000_000_000)],
  [
    'the PriorityClass system-cluster-critical as the cluster keeps it (value 2000000000)',
    priorityClass('system-cluster-critical', 2_000_000_000),
  ],
  [
    'a RuntimeClass tolerating one taint key of two effects, and by Equal and no operator',
    runtimeClassTolerating(
      SANDBOX_TAINT,
      { ...SANDBOX_TAINT, effect: 'NoSchedule' },
      { key: SANDBOX_TAINT.key, value: 'gvisor' },
      { key: SANDBOX_TAINT.key, operator: 'Equal', value: 'gvisor' },
    ),
  ],
  ['a LimitRange item of a qualified type', limitRange({ type: 'example.com/gpu' })],
  ['a LimitRange Pod item without defaults', limitRange({ type: 'Pod', default: {} })],
  [
    'a LimitRange ratio of its max over its min',
    limitRange({ type: 'Container', min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '20' } }),
  ],
  ['a Lease of a duration and transitions', lease({ leaseDurationSeconds: 1, leaseTransitions: 0 })],
  ['a ReplicationController selector of a prefixed key', replicationController({ 'example.com/app': 'a' })],
  [
    'a ResourceQuota of hugepages, counts of a kind and a whole extended resource',
    quota({
      hard: { 'requests.hugepages-2Mi': '1Gi', 'count/deployments.apps': '5', 'requests.example.com/gpu': '2' },
    }),
  ],
  [
    'a CSIDriver of token requests of 10 minutes and of 2^32 seconds',
    object(
      'storage.k8s.io/v1',
      'CSIDriver',
      {
        spec: {
          tokenRequests: [
            { audience: 'a', expirationSeconds: 600 },
            { audience: 'b', expirationSeconds: 4294967296 },
          ],
        },
      },
      false,
    ),
  ],
  [
    'a RuntimeClass overhead of cpu, memory and huge pages',
    object(
      'node.k8s.io/v1',
      'RuntimeClass',
      { handler: 'runsc', overhead: { podFixed: { cpu: '250m', memory: '120Mi', 'hugepages-2Mi': '2Mi' } } },
      false,
    ),
  ],
  [
    'a readiness gate of a qualified condition',
    deployment('d', { pod: { readinessGates: [{ conditionType: 'example.com/ready' }] } }),
  ],
];

const REFUSED: readonly Refusal[] = [
  ...REFUSED_EVERYWHERE,
  ...BY_RELEASE.filter(([from]) => compareReleases(RELEASE, from) < 0).map(([, refusal]) => refusal),
  ...REFUSED_SINCE.filter(([since]) => compareReleases(RELEASE, since) >= 0).map(([, refusal]) => refusal),
  ...REFUSED_WHERE_SERVED.filter(([since]) => compareReleases(RELEASE, since) >= 0).map(([, refusal]) => refusal),
];
const ACCEPTED: readonly Acceptance[] = [
  ...ACCEPTED_EVERYWHERE,
  ...BY_RELEASE.filter(([from]) => compareReleases(RELEASE, from) >= 0).map(
    ([, [name, , manifest]]) => [name, manifest] as const,
  ),
  ...REFUSED_SINCE.filter(([since]) => compareReleases(RELEASE, since) < 0).map(
    ([, [name, , manifest]]) => [name, manifest] as const,
  ),
  ...ACCEPTED_WHERE_SERVED.filter(([since]) => compareReleases(RELEASE, since) >= 0).map(
    ([, acceptance]) => acceptance,
  ),
];

const RULES_UNDER_TEST = new Set(
  [
    ...REFUSED_EVERYWHERE,
    ...KUBELET_REFUSALS,
    ...[...BY_RELEASE, ...REFUSED_SINCE, ...REFUSED_WHERE_SERVED].map(([, refusal]) => refusal),
  ].map(([, rule]) => rule),
);

/** What the API server says: accepted, or its refusal. */
function serverVerdict(manifest: AnyManifest): string {
  const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(manifest));
  return result.status === 0 ? 'accepted' : `refused: ${result.stderr.trim()}`;
}

/** The findings of the rules under test on the object alone, for an environment of the server's release. */
function gateFindings(manifest: AnyManifest): string[] {
  return runChecks([{ path: `api-refusals/${manifest.kind}`, manifest }], {
    name: 'api-refusals',
    kubernetesVersion: RELEASE,
    external: NO_EXTERNAL,
  })
    .findings.filter((finding) => RULES_UNDER_TEST.has(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

describe(`values the API server of Kubernetes ${RELEASE} refuses, and our checks`, () => {
  it.each(REFUSED)('%s: refused by the server and by %s', (_name, rule, manifest) => {
    const server = serverVerdict(manifest);
    const gate = gateFindings(manifest);
    // On a failure, the server's answer and the rules' findings show in full.
    expect({
      server: server.startsWith('refused') ? 'refused' : server,
      gate: gate.some((line) => line.startsWith(`${rule}: `)) ? rule : gate,
    }).toEqual({ server: 'refused', gate: rule });
  });

  it.each(KUBELET_REFUSALS)(
    '%s: accepted by the server, which the kubelet cannot run, and refused by %s',
    (_name, rule, manifest) => {
      const gate = gateFindings(manifest);
      expect({
        server: serverVerdict(manifest),
        gate: gate.some((line) => line.startsWith(`${rule}: `)) ? rule : gate,
      }).toEqual({ server: 'accepted', gate: rule });
    },
  );

  it.each(ACCEPTED)('%s: accepted by the server and by the rules', (_name, manifest) => {
    expect({ server: serverVerdict(manifest), gate: gateFindings(manifest) }).toEqual({ server: 'accepted', gate: [] });
  });
});
