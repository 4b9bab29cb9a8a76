import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
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
const nodeTerm = (requirement: Patch) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] },
    },
  },
});
const selectorOf = (requirement: Patch) => ({ matchExpressions: [requirement] });
const ingress = (spec: Patch) => object('networking.k8s.io/v1', 'Ingress', { spec });
const backend = (port: Patch) => ({ service: { name: 'web', port } });

/** Objects the API server refuses, each with the rule of ours that must refuse it. */
const REFUSED: readonly (readonly [name: string, rule: string, manifest: AnyManifest])[] = [
  ['dnsPolicy in the wrong case', 'enum-values', deployment('d', { pod: { dnsPolicy: 'clusterfirst' } })],
  [
    'a toleration effect misspelt',
    'enum-values',
    deployment('d', { pod: { tolerations: [{ operator: 'Exists', effect: 'NoSchedul' }] } }),
  ],
  [
    'a toleration operator in the wrong case',
    'enum-values',
    deployment('d', { pod: { tolerations: [{ key: 'a', operator: 'exists' }] } }),
  ],
  [
    'a toleration key with a space',
    'scheduling',
    deployment('d', { pod: { tolerations: [{ key: 'a b', operator: 'Exists' }] } }),
  ],
  [
    'an empty toleration key with Equal',
    'scheduling',
    deployment('d', { pod: { tolerations: [{ operator: 'Equal', value: 'x' }] } }),
  ],
  [
    'a value with Exists',
    'scheduling',
    deployment('d', { pod: { tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] } }),
  ],
  [
    'tolerationSeconds without NoExecute',
    'scheduling',
    deployment('d', {
      pod: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] },
    }),
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
];

/** Objects the API server accepts that use the same fields well: none of the rules above may refuse them. */
const ACCEPTED: readonly (readonly [name: string, manifest: AnyManifest])[] = [
  ['a plain Deployment', deployment('d')],
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
];

const RULES_UNDER_TEST = new Set(REFUSED.map(([, rule]) => rule));

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
    external: { namespaces: [], storageClasses: [], clusterRoles: [], secrets: [], services: [] },
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

  it.each(ACCEPTED)('%s: accepted by the server and by the rules', (_name, manifest) => {
    expect({ server: serverVerdict(manifest), gate: gateFindings(manifest) }).toEqual({ server: 'accepted', gate: [] });
  });
});
