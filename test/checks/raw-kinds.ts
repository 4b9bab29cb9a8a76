import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart, Environment } from '../../lib';
import { Finding } from '../../lib/checks/finding';
import { runChecks } from '../../lib/checks/run-checks';
import { parseEnvironment } from '../../lib/config/environment';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

/** The namespace of the raw objects. */
export const RAW_NAMESPACE = 'raw-kinds';
/** The namespace of the raw ResourceQuota and LimitRange, with no pods: quota admission would judge them. */
export const RAW_QUOTA_NAMESPACE = 'raw-quota';
/** The pull secret the raw ServiceAccount names, which the environment declares external. */
export const RAW_PULL_SECRET = 'registry-credentials';

type Json = Record<string, unknown>;

/** A container that every policy of the gate takes: pinned, pulled Always, bounded, non-root, read-only. */
function container(name: string, port?: number): Json {
  return {
    name,
    image: 'registry.example.com/raw/worker:1.4.2',
    imagePullPolicy: 'Always',
    ...(port === undefined ? {} : { ports: [{ name: 'https', containerPort: port }] }),
    ...(port === undefined ? {} : { readinessProbe: { tcpSocket: { port: 'https' }, periodSeconds: 10 } }),
    resources: {
      requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '200m', memory: '128Mi', 'ephemeral-storage': '128Mi' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** A pod spec of the restricted profile that mounts no API token. */
function podSpec(containers: Json[], rest: Json = {}): Json {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers,
    ...rest,
  };
}

function raw(scope: Construct, id: string, manifest: Json & { apiVersion: string; kind: string }): ApiObject {
  return new ApiObject(scope, id, manifest);
}

/** The kinds a chart of the course never makes, and pods of them, as a user writes them with `new ApiObject`. */
function addRawKinds(chart: AppChart): void {
  raw(chart, 'priority-class', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'raw-batch-low' },
    value: 1000,
    preemptionPolicy: 'Never',
    description: 'batch work that waits rather than preempting',
  });
  raw(chart, 'ingress-class', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'raw-nginx' },
    spec: {
      controller: 'k8s.io/ingress-nginx',
      parameters: {
        apiGroup: 'k8s.example.com',
        kind: 'IngressParameters',
        name: 'external-lb',
        scope: 'Namespace',
        namespace: RAW_NAMESPACE,
      },
    },
  });
  raw(chart, 'runtime-class', {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: 'raw-gvisor' },
    handler: 'runsc',
    overhead: { podFixed: { cpu: '250m', memory: '120Mi' } },
    scheduling: {
      nodeSelector: { 'sandbox.example.com/runtime': 'gvisor' },
      tolerations: [{ key: 'sandbox.example.com/runtime', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' }],
    },
  });
  raw(chart, 'csi-driver', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: { name: 'raw.csi.example.com' },
    spec: {
      attachRequired: false,
      podInfoOnMount: true,
      fsGroupPolicy: 'File',
      volumeLifecycleModes: ['Persistent', 'Ephemeral'],
      storageCapacity: false,
      tokenRequests: [{ audience: 'raw.csi.example.com', expirationSeconds: 3600 }],
      requiresRepublish: false,
    },
  });

  raw(chart, 'deployer', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'raw-deployer' },
    automountServiceAccountToken: false,
    secrets: [{ name: 'raw-deployer-token' }],
    imagePullSecrets: [{ name: RAW_PULL_SECRET }],
  });
  raw(chart, 'worker-template', {
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name: 'raw-worker' },
    template: {
      metadata: { labels: { app: 'raw-worker' } },
      spec: podSpec([container('worker')], { restartPolicy: 'Never' }),
    },
  });
  raw(chart, 'legacy', {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'raw-legacy' },
    spec: {
      replicas: 1,
      minReadySeconds: 5,
      selector: { app: 'raw-legacy' },
      template: { metadata: { labels: { app: 'raw-legacy' } }, spec: podSpec([container('webhook', 8443)]) },
    },
  });
  raw(chart, 'scratch', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'raw-scratch' },
    spec: podSpec([{ ...container('scratch'), volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }], {
      restartPolicy: 'OnFailure',
      os: { name: 'linux' },
      enableServiceLinks: false,
      readinessGates: [{ conditionType: 'raw.example.com/warmed-up' }],
      volumes: [
        {
          name: 'scratch',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { labels: { app: 'raw-scratch' } },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          },
        },
      ],
    }),
  });

  // The webhooks' Service selects the ReplicationController's pods, which serve it.
  raw(chart, 'policy-webhook', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'raw-policy-webhook' },
    spec: { selector: { app: 'raw-legacy' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] },
  });
  raw(chart, 'validating-webhook', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'raw-policy.example.com' },
    webhooks: [
      {
        name: 'validate.raw-policy.example.com',
        clientConfig: {
          service: { namespace: RAW_NAMESPACE, name: 'raw-policy-webhook', path: '/validate', port: 443 },
        },
        rules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['deployments'],
            scope: 'Namespaced',
          },
        ],
        failurePolicy: 'Ignore',
        matchPolicy: 'Equivalent',
        namespaceSelector: { matchLabels: { 'raw-policy.example.com/enabled': 'true' } },
        sideEffects: 'None',
        timeoutSeconds: 5,
        admissionReviewVersions: ['v1'],
      },
    ],
  });
  raw(chart, 'mutating-webhook', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'raw-defaults.example.com' },
    webhooks: [
      {
        name: 'default.raw-defaults.example.com',
        clientConfig: { url: 'https://defaults.example.com/mutate' },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
        failurePolicy: 'Ignore',
        objectSelector: {
          matchExpressions: [{ key: 'raw-defaults.example.com/inject', operator: 'In', values: ['true'] }],
        },
        sideEffects: 'NoneOnDryRun',
        reinvocationPolicy: 'IfNeeded',
        admissionReviewVersions: ['v1', 'v1beta1'],
      },
    ],
  });

  // A database outside the cluster, reached through Services without selectors.
  raw(chart, 'external-db', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'raw-external-db' },
    spec: { ports: [{ name: 'postgres', port: 5432 }] },
  });
  raw(chart, 'external-db-endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'raw-external-db' },
    subsets: [{ addresses: [{ ip: '10.20.0.10' }], ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }] }],
  });
  raw(chart, 'external-cache', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'raw-external-cache' },
    spec: { ports: [{ name: 'redis', port: 6379 }] },
  });
  raw(chart, 'external-cache-slice', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'raw-external-cache-1', labels: { 'kubernetes.io/service-name': 'raw-external-cache' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.20.0.20'], conditions: { ready: true }, zone: 'zone-a' }],
    ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
  });
  raw(chart, 'leader', {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'raw-leader' },
    spec: { holderIdentity: 'raw-legacy-0', leaseDurationSeconds: 15, leaseTransitions: 0 },
  });
}

/** A certificate signing request of a P-256 key for CN=raw-client, O=raw-kinds (openssl req -new), base64. */
export const RAW_CSR =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIa01JR0xBZ0VBTUNreEV6QVJCZ05WQkFNTUNuSmhkeTFqYkdsbGJuUXhFakFRQmdOVkJBb01DWEpoZHkxcgphVzVrY3pCWk1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhBMElBQkpKWUx3Z1NzU1RibkFTbzV2VGM1TFBaCk5JMkd1SU54QkR3SHpuZWorc1lQV1FzbEtDVDN2b0ZWSlFjOUV3N3NpMmhuaW80K2RYTFBnYUhkR2k0R2lqV2cKQURBS0JnZ3Foa2pPUFFRREFnTklBREJGQWlBQWliSmo3NnJpcm04U1hvVGg0R29yWDd0N2pEaWZ5bzRSaUU4cQovSnVzV0FJaEFLdU9YRWhvNnlBY1p2RDd3ZVhqUWxXa0RvTmZkVCtiL0wzU3VJTHJYelo0Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=';

/**
 * The kinds of the cluster's control plane and of storage and devices, as an administrator writes them: API priority
 * and fairness (flowcontrol v1beta3 on 1.27, v1 from 1.29), an APIService, a CertificateSigningRequest, a
 * VolumeAttachment, a CSINode and a CSIStorageCapacity; and the kinds only 1.37 serves: admission policies with their
 * bindings, a VolumeAttributesClass, an IPAddress and a ServiceCIDR, a DeviceClass, a ResourceClaim and its template.
 */
function addControlPlaneKinds(chart: AppChart, release: string): void {
  const flowcontrol = `flowcontrol.apiserver.k8s.io/${compareReleases(release, '1.29') < 0 ? 'v1beta3' : 'v1'}`;
  raw(chart, 'priority-level', {
    apiVersion: flowcontrol,
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'raw-batch' },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 10,
        lendablePercent: 50,
        borrowingLimitPercent: 100,
        limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 4, queueLengthLimit: 50 } },
      },
    },
  });
  raw(chart, 'flow-schema', {
    apiVersion: flowcontrol,
    kind: 'FlowSchema',
    metadata: { name: 'raw-deployer' },
    spec: {
      priorityLevelConfiguration: { name: 'raw-batch' },
      matchingPrecedence: 5000,
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        {
          subjects: [{ kind: 'ServiceAccount', serviceAccount: { name: 'raw-deployer', namespace: RAW_NAMESPACE } }],
          resourceRules: [
            { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], namespaces: [RAW_NAMESPACE] },
          ],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }],
        },
      ],
    },
  });
  raw(chart, 'api-service', {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.raw.example.com' },
    spec: {
      group: 'metrics.raw.example.com',
      version: 'v1beta1',
      service: { namespace: RAW_NAMESPACE, name: 'raw-policy-webhook', port: 443 },
      groupPriorityMinimum: 1000,
      versionPriority: 15,
    },
  });
  raw(chart, 'csr', {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'raw-client' },
    spec: {
      request: RAW_CSR,
      signerName: 'raw.example.com/client',
      usages: ['digital signature', 'client auth'],
      expirationSeconds: 86400,
    },
  });
  raw(chart, 'volume-attachment', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'VolumeAttachment',
    metadata: { name: 'raw-data-node-1' },
    spec: { attacher: 'raw.csi.example.com', nodeName: 'raw-node-1', source: { persistentVolumeName: 'raw-data' } },
  });
  raw(chart, 'csi-node', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: { name: 'raw-node-1' },
    spec: {
      drivers: [
        {
          name: 'raw.csi.example.com',
          nodeID: 'raw-node-1',
          topologyKeys: ['topology.raw.csi.example.com/zone'],
          allocatable: { count: 16 },
        },
      ],
    },
  });
  raw(chart, 'storage-capacity', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIStorageCapacity',
    metadata: { name: 'raw-zone-a' },
    storageClassName: 'raw-local',
    nodeTopology: { matchLabels: { 'topology.raw.csi.example.com/zone': 'zone-a' } },
    capacity: '100Gi',
    maximumVolumeSize: '10Gi',
  });
  if (compareReleases(release, '1.37') >= 0) {
    addAdmissionPolicies(chart);
    addNetworkingAndDevices(chart);
  }
}

/** A validating and a mutating admission policy (CEL), each with its binding: kinds 1.37 serves, 1.27 does not. */
function addAdmissionPolicies(chart: AppChart): void {
  const deployments = {
    resourceRules: [
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
    ],
  };
  raw(chart, 'replica-limit', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'raw-replica-limit' },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: deployments,
      matchConditions: [{ name: 'not-a-dry-run', expression: '!request.dryRun' }],
      variables: [{ name: 'replicas', expression: 'has(object.spec.replicas) ? object.spec.replicas : 1' }],
      validations: [
        {
          expression: 'variables.replicas <= 50',
          messageExpression: "'replicas must be at most 50, got ' + string(variables.replicas)",
          reason: 'Invalid',
        },
      ],
      auditAnnotations: [
        {
          key: 'replicas',
          valueExpression: "'replicas: ' + string(variables.replicas)",
        },
      ],
    },
  });
  raw(chart, 'replica-limit-binding', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'raw-replica-limit' },
    spec: {
      policyName: 'raw-replica-limit',
      validationActions: ['Deny', 'Audit'],
      matchResources: { namespaceSelector: { matchLabels: { 'raw-policy.example.com/enabled': 'true' } } },
    },
  });
  raw(chart, 'owner-label', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: 'raw-owner-label' },
    spec: {
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      matchConstraints: deployments,
      matchConditions: [
        { name: 'unlabelled', expression: "!has(object.metadata.labels) || !('owner' in object.metadata.labels)" },
      ],
      mutations: [
        {
          patchType: 'ApplyConfiguration',
          applyConfiguration: {
            expression: "Object{metadata: Object.metadata{labels: {'owner': request.userInfo.username}}}",
          },
        },
      ],
    },
  });
  raw(chart, 'owner-label-binding', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: 'raw-owner-label' },
    spec: { policyName: 'raw-owner-label' },
  });
}

/** A VolumeAttributesClass, an IPAddress and a ServiceCIDR, and dynamic resource allocation's kinds (1.37). */
function addNetworkingAndDevices(chart: AppChart): void {
  raw(chart, 'fast-volumes', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'VolumeAttributesClass',
    metadata: { name: 'raw-fast' },
    driverName: 'raw.csi.example.com',
    parameters: { iops: '4000', throughput: '250' },
  });
  raw(chart, 'service-cidr', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: { name: 'raw-extra' },
    spec: { cidrs: ['10.250.0.0/24'] },
  });
  raw(chart, 'ip-address', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: { name: '10.250.0.10' },
    spec: { parentRef: { group: '', resource: 'services', namespace: RAW_NAMESPACE, name: 'raw-policy-webhook' } },
  });
  raw(chart, 'gpu-class', {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: 'raw-gpu' },
    spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.raw.example.com'" } }] },
  });
  const devices = {
    requests: [{ name: 'gpu', exactly: { deviceClassName: 'raw-gpu', allocationMode: 'ExactCount', count: 1 } }],
  };
  raw(chart, 'gpu-claim', {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: 'raw-gpu' },
    spec: { devices },
  });
  raw(chart, 'gpu-claim-template', {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'raw-gpu' },
    spec: { metadata: { labels: { app: 'raw-worker' } }, spec: { devices } },
  });
}

/** A namespace's quota and limits, in a namespace of their own. */
function addQuota(chart: AppChart): void {
  raw(chart, 'quota', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'raw-compute' },
    spec: {
      hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi' },
    },
  });
  raw(chart, 'batch-quota', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'raw-batch' },
    spec: {
      hard: { pods: '4' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['raw-batch-low'] }] },
    },
  });
  raw(chart, 'limits', {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'raw-limits' },
    spec: {
      limits: [
        {
          type: 'Container',
          min: { cpu: '10m', memory: '16Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '256Mi' },
          max: { cpu: '2', memory: '1Gi' },
        },
        { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } },
      ],
    },
  });
}

/**
 * Objects of the built-in kinds the constructs do not make, as a user writes them with `new ApiObject(...)` in an
 * AppChart: a PriorityClass, IngressClass, RuntimeClass and CSIDriver, a ServiceAccount with its secrets, a PodTemplate,
 * a ReplicationController, a Pod with an ephemeral volume, validating and mutating webhooks with the Service they call,
 * Endpoints and an EndpointSlice of Services without selectors, a Lease; a ResourceQuota and a LimitRange in a namespace
 * of their own. Every one passes the gate (test/checks/run-checks-property.test.ts) and both API servers
 * (test/e2e/gate-fuzz.test.ts), which then judge them with one field changed.
 */
export function buildRawKinds(env: Environment): App {
  const app = new App();
  const chart = new AppChart(app, 'raw', { env, namespace: RAW_NAMESPACE });
  addRawKinds(chart);
  addControlPlaneKinds(chart, env.kubernetesVersion);
  addQuota(new AppChart(app, 'quota', { env, namespace: RAW_QUOTA_NAMESPACE }));
  return app;
}

/** The environment `name` (dev: 1.27, prod: 1.37) the raw objects pass in: their pull secret declared external. */
export function rawKindsEnvironment(name: 'dev' | 'prod'): Environment {
  return parseEnvironment(name, {
    ...ENVIRONMENTS[name],
    external: { secrets: [`${RAW_NAMESPACE}/${RAW_PULL_SECRET}`] },
  });
}

/**
 * The findings (`rule: message`, warnings aside) of the raw object of `kind` and `name` with `change` made to a copy of
 * it, among the other raw objects of the environment `name`: how a rule's test judges a kind the constructs do not make.
 */
export function rawFindings(
  kind: string,
  name: string,
  change: (manifest: AnyManifest) => void,
  environment: 'dev' | 'prod' = 'dev',
): string[] {
  return rawVerdict(kind, name, change, environment).findings;
}

/** The warnings (`rule: message`) of the raw object changed as `rawFindings` changes it. */
export function rawWarnings(
  kind: string,
  name: string,
  change: (manifest: AnyManifest) => void,
  environment: 'dev' | 'prod' = 'dev',
): string[] {
  return rawVerdict(kind, name, change, environment).warnings;
}

function rawVerdict(
  kind: string,
  name: string,
  change: (manifest: AnyManifest) => void,
  environment: 'dev' | 'prod',
): { findings: string[]; warnings: string[] } {
  const env = rawKindsEnvironment(environment);
  const objects = renderApp(buildRawKinds(env)).flatMap((file) => file.objects);
  const position = objects.findIndex(
    (object) => object.manifest.kind === kind && object.manifest.metadata.name === name,
  );
  if (position < 0) {
    throw new Error(`no raw ${kind} ${name}`);
  }
  const manifest = JSON.parse(JSON.stringify(objects[position].manifest));
  change(manifest);
  const changed = { path: objects[position].path, manifest };
  objects[position] = changed;
  const result = runChecks(objects, env);
  const of = (findings: readonly Finding[]) =>
    findings.filter((finding) => finding.object === changed).map((finding) => `${finding.rule}: ${finding.message}`);
  return { findings: of(result.findings), warnings: of(result.warnings) };
}
