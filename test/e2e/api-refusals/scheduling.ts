import { MATCH_LABEL_KEYS_IN_SELECTOR_SINCE } from '../../../lib/checks/pod-values';
import { AnyManifest } from '../../helpers';
import { Patch, RefusalTables, deployment, object, selectorOf } from './builders';

const nodeTerm = (requirement: Patch) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] },
    },
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
const priorityClass = (name: string, value: number): AnyManifest => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
});
const SANDBOX_TAINT = { key: 'example.com/sandbox', operator: 'Exists', effect: 'NoExecute' };
const runtimeClassTolerating = (...tolerations: Patch[]) =>
  object('node.k8s.io/v1', 'RuntimeClass', { handler: 'runsc', scheduling: { tolerations } }, false);
/** A Deployment whose pods tolerate `tolerations`. */
const tolerating = (...tolerations: Patch[]) => deployment('d', { pod: { tolerations } });

/**
 * Where pods run: tolerations, node and pod affinity, spreads, nodeName, priority (PriorityClass and a pod's
 * priorityClassName, preemption) and RuntimeClass.
 */
export const SCHEDULING: RefusalTables = {
  refusedEverywhere: [
    [
      'a Pod of priority 10 beside no PriorityClass (Priority admission)',
      'pod-spec',
      object('v1', 'Pod', { spec: { priority: 10, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
    ],
    [
      'a Pod of overhead without a RuntimeClass (RuntimeClass admission)',
      'pod-spec',
      object('v1', 'Pod', { spec: { overhead: { cpu: '100m' }, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
    ],
    [
      'a node affinity matchFields of two node names',
      'selector-syntax',
      deployment('d', {
        pod: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] }],
              },
            },
          },
        },
      }),
    ],
    [
      'a pod affinity term of a namespace that is no DNS label',
      'scheduling',
      deployment('d', {
        pod: {
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', namespaces: ['Bad_NS'] }],
            },
          },
        },
      }),
    ],
    [
      'a Pod of a nodeName beside schedulingGates',
      'pod-spec',
      object('v1', 'Pod', {
        spec: {
          nodeName: 'node-1',
          schedulingGates: [{ name: 'example.com/wait' }],
          containers: [{ name: 'app', image: 'nginx:1.25' }],
        },
      }),
    ],
    [
      'a scheduling gate named with a space',
      'scheduling',
      deployment('d', { pod: { schedulingGates: [{ name: 'Bad Gate' }] } }),
    ],
    [
      'a toleration value that is not a label value',
      'scheduling',
      deployment('d', { pod: { tolerations: [{ key: 'a', operator: 'Equal', value: 'a/b', effect: 'NoSchedule' }] } }),
    ],
    ['a nodeName that is no DNS subdomain', 'pod-spec', deployment('d', { pod: { nodeName: 'Bad_Node' } })],
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
      'a pod naming a PriorityClass the cluster does not have',
      'priority-class',
      object('v1', 'Pod', {
        spec: { priorityClassName: 'no-such-class', containers: [{ name: 'app', image: 'nginx:1.25' }] },
      }),
    ],
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
    ['preemptionPolicy in the wrong case', 'enum-values', deployment('d', { pod: { preemptionPolicy: 'never' } })],
    [
      'a RuntimeClass whose handler has "_"',
      'runtime-class-spec',
      object('node.k8s.io/v1', 'RuntimeClass', { handler: 'run_sc' }, false),
    ],
    [
      'a RuntimeClass overhead of pods',
      'runtime-class-spec',
      object('node.k8s.io/v1', 'RuntimeClass', { handler: 'runsc', overhead: { podFixed: { pods: '1' } } }, false),
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
  ],
  byRelease: [
    [
      // Seen refused by 1.27 and taken by 1.37 (the selector merge of 1.34).
      MATCH_LABEL_KEYS_IN_SELECTOR_SINCE,
      ['matchLabelKeys with a key of the labelSelector', 'scheduling', spreading({ matchLabelKeys: ['app'] })],
    ],
  ],
  // Taken of the template; admission refuses each pod of it, so the Deployment runs none.
  kubeletRefusals: [
    [
      'a node affinity Gt of a value that is no integer (the scheduler matches no node)',
      'selector-syntax',
      deployment('d', { pod: nodeTerm({ key: 'cores', operator: 'Gt', values: ['abc'] }) }),
    ],
    [
      'a Deployment of a nodeName beside schedulingGates',
      'pod-spec',
      deployment('d', { pod: { nodeName: 'node-1', schedulingGates: [{ name: 'example.com/wait' }] } }),
    ],
    ['a Deployment of priority 10 beside no PriorityClass', 'pod-spec', deployment('d', { pod: { priority: 10 } })],
    [
      'a Deployment of overhead without a RuntimeClass',
      'pod-spec',
      deployment('d', { pod: { overhead: { cpu: '100m' } } }),
    ],
  ],
  acceptedEverywhere: [
    ['a nodeName of a DNS subdomain', deployment('d', { pod: { nodeName: 'node-1.example' } })],
    [
      'a scheduling gate of a qualified name',
      deployment('d', { pod: { schedulingGates: [{ name: 'example.com/wait' }] } }),
    ],
    ['a schedulerName with a space', deployment('d', { pod: { schedulerName: 'Bad Scheduler' } })],
    ['preemptionPolicy Never', deployment('d', { pod: { preemptionPolicy: 'Never' } })],
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    [
      'a PriorityClass without value (0)',
      object('scheduling.k8s.io/v1', 'PriorityClass', { description: 'the default priority' }, false),
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
      'a RuntimeClass of a handler with a dash',
      object('node.k8s.io/v1', 'RuntimeClass', { handler: 'kata-fc' }, false),
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
    [
      'a RuntimeClass overhead of cpu, memory and huge pages',
      object(
        'node.k8s.io/v1',
        'RuntimeClass',
        { handler: 'runsc', overhead: { podFixed: { cpu: '250m', memory: '120Mi', 'hugepages-2Mi': '2Mi' } } },
        false,
      ),
    ],
  ],
};
