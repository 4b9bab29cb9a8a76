import { SCALE_TO_ZERO_SINCE } from '../../../lib/checks/autoscaler-metrics';
import { STATEFUL_SET_MAX_UNAVAILABLE_SINCE } from '../../../lib/checks/workload-rules';
import { Patch, RefusalTables, deployment, object, pods, selectorOf } from './builders';

const budget = (spec: Patch) => object('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 1, ...spec } });
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
const scaling = (behavior: Patch) =>
  object('autoscaling/v2', 'HorizontalPodAutoscaler', {
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, behavior },
  });
const replicationController = (selector: Record<string, string>) =>
  object('v1', 'ReplicationController', {
    spec: {
      selector,
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    },
  });
/** The release whose server takes an autoscaler's behavior tolerance (HPAConfigurableTolerance; 1.27 has no field). */
const AUTOSCALER_TOLERANCE_SINCE = '1.37';
/** A Deployment of this selector whose pod template sets pod-template-hash itself (its controller overwrites it). */
const hashLabelled = (selector: Patch) =>
  object('apps/v1', 'Deployment', {
    spec: {
      selector,
      template: {
        metadata: { labels: { app: 'refusal', 'pod-template-hash': 'x' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
      },
    },
  });
/** A StatefulSet or DaemonSet selecting and labelling its pods controller-revision-hash: x, the controller's label. */
const revisionLabelled = (kind: string, spec: Patch) => {
  const labels = { app: 'refusal', 'controller-revision-hash': 'x' };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
  return object('apps/v1', kind, { spec: { ...spec, selector: { matchLabels: labels }, template } });
};
const statefulSet = (spec: Patch) =>
  object('apps/v1', 'StatefulSet', { spec: pods({ serviceName: 'refusal', ...spec }) });

/**
 * Deployments, StatefulSets, DaemonSets, ReplicationControllers, PodDisruptionBudgets and HorizontalPodAutoscalers:
 * selectors, strategies, counts and metrics.
 */
export const WORKLOADS: RefusalTables = {
  refusedEverywhere: [
    // gate-fuzz on the api-fit shop, seed 41: a spec left out or null is the empty spec, which the servers validate.
    ['a Deployment without spec', 'schema', object('apps/v1', 'Deployment', {})],
    ['a Deployment of an empty selector', 'selector-labels', deployment('d', { spec: { selector: {} } })],
    [
      'an autoscaler whose scaleTargetRef kind has a "/"',
      'autoscaler',
      object('autoscaling/v2', 'HorizontalPodAutoscaler', {
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment/x', name: 'web' }, maxReplicas: 3 },
      }),
    ],
    [
      'a StatefulSet name with a dot',
      'object-name',
      {
        ...object('apps/v1', 'StatefulSet', { spec: pods({}) }),
        metadata: { name: 'db.primary', namespace: 'default' },
      },
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
        spec: pods({
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } },
        }),
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
      autoscaler([
        { type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      ]),
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
    [
      'a workload selector operator misspelt',
      'selector-syntax',
      deployment('d', {
        spec: {
          selector: { matchLabels: { app: 'refusal' }, ...selectorOf({ key: 'app', operator: 'Inn', values: ['a'] }) },
        },
      }),
    ],
    ['a negative minReadySeconds', 'counts', deployment('d', { spec: { minReadySeconds: -1 } })],
    [
      'minReadySeconds over the default progress deadline',
      'counts',
      deployment('d', { spec: { minReadySeconds: 700 } }),
    ],
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
      'a podManagementPolicy in the wrong case',
      'enum-values',
      object('apps/v1', 'StatefulSet', { spec: pods({ serviceName: 'refusal', podManagementPolicy: 'parallel' }) }),
    ],
    [
      'a StatefulSet update strategy in the wrong case',
      'enum-values',
      object('apps/v1', 'StatefulSet', {
        spec: pods({ serviceName: 'refusal', updateStrategy: { type: 'ondelete' } }),
      }),
    ],
    [
      'a DaemonSet update strategy in the wrong case',
      'enum-values',
      object('apps/v1', 'DaemonSet', { spec: pods({ updateStrategy: { type: 'ondelete' } }) }),
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
    ['an autoscaler metric type in the wrong case', 'enum-values', autoscaler([cpuMetric('resource', 'Utilization')])],
    ['an autoscaler target type in the wrong case', 'enum-values', autoscaler([cpuMetric('Resource', 'utilization')])],
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
    [
      'an empty list of scaling policies',
      'autoscaler',
      scaling({ scaleUp: { policies: [], selectPolicy: 'Disabled' } }),
    ],
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
  ],
  byRelease: [
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
  ],
  refusedSince: [
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
  ],
  refusedWhereServed: [
    [
      AUTOSCALER_TOLERANCE_SINCE,
      ['an autoscaler tolerance below 0', 'autoscaler', scaling({ scaleDown: { tolerance: '-1m' } })],
    ],
  ],
  // Taken by both servers; real applies showed the controllers making ReplicaSets or pods without end (a
  // StatefulSet: pod 0 alone, not counted).
  kubeletRefusals: [
    [
      'a Deployment selecting pod-template-hash: x, its template labelled so',
      'selector-labels',
      hashLabelled({ matchLabels: { app: 'refusal', 'pod-template-hash': 'x' } }),
    ],
    [
      'a StatefulSet selecting controller-revision-hash: x, its template labelled so',
      'selector-labels',
      revisionLabelled('StatefulSet', { serviceName: 'refusal' }),
    ],
    [
      'a DaemonSet selecting controller-revision-hash: x, its template labelled so',
      'selector-labels',
      revisionLabelled('DaemonSet', {}),
    ],
    [
      'a StatefulSet selecting statefulset.kubernetes.io/pod-name: mine, its template labelled so',
      'selector-labels',
      object('apps/v1', 'StatefulSet', {
        spec: {
          serviceName: 'refusal',
          selector: { matchLabels: { app: 'refusal', 'statefulset.kubernetes.io/pod-name': 'mine' } },
          template: {
            metadata: { labels: { app: 'refusal', 'statefulset.kubernetes.io/pod-name': 'mine' } },
            spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
          },
        },
      }),
    ],
  ],
  acceptedEverywhere: [
    [
      'a Deployment selecting pods of any pod-template-hash (Exists), its template labelled pod-template-hash: x',
      hashLabelled({
        matchLabels: { app: 'refusal' },
        matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }],
      }),
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
      'an Object target of type Value that gives averageValue alone (a warning: the autoscaler fails on it)',
      autoscaler([objectMetric({ type: 'Value', averageValue: '10' })]),
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
    ['a PodDisruptionBudget of maxUnavailable 0', budget({ minAvailable: undefined, maxUnavailable: 0 })],
    ['a PodDisruptionBudget percentage of leading zeros', budget({ minAvailable: '050%' })],
    ['a PodDisruptionBudget of maxUnavailable "0100%"', budget({ minAvailable: undefined, maxUnavailable: '0100%' })],
    [
      'an autoscaler of policies null (the defaults)',
      scaling({ scaleDown: { policies: null, stabilizationWindowSeconds: 60 } }),
    ],
    [
      'a StatefulSet of parallel pods updated on delete',
      object('apps/v1', 'StatefulSet', {
        spec: pods({ serviceName: 'refusal', podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }),
      }),
    ],
    [
      'a PodDisruptionBudget that always allows eviction of unhealthy pods',
      budget({
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: selectorOf({ key: 'a', operator: 'In', values: ['b'] }),
      }),
    ],
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
      'an autoscaler behavior at the bounds',
      scaling({
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' },
        scaleDown: {
          stabilizationWindowSeconds: 3600,
          policies: [{ type: 'Percent', value: 10, periodSeconds: 1800 }],
        },
      }),
    ],
    ['a ReplicationController selector of a prefixed key', replicationController({ 'example.com/app': 'a' })],
  ],
  acceptedWhereServed: [
    [AUTOSCALER_TOLERANCE_SINCE, ['an autoscaler tolerance of 0', scaling({ scaleUp: { tolerance: '0' } })]],
  ],
};
