import {
  BACKOFF_LIMIT_PER_INDEX_SINCE,
  CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE,
  POD_REPLACEMENT_POLICY_SINCE,
} from '../../../lib/checks/job-rules';
import { MANAGED_BY_SINCE, SUCCESS_POLICY_SINCE } from '../../../lib/checks/job-spec';
import { Patch, RefusalTables, object } from './builders';

const job = (spec: Patch) => ({
  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] } },
  ...spec,
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
const scheduled = (schedule: string) =>
  object('batch/v1', 'CronJob', {
    spec: {
      schedule,
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] } } },
      },
    },
  });

/** Jobs and CronJobs: selectors, completions and indexes, pod failure and success policies, backoff, schedules. */
export const JOBS: RefusalTables = {
  refusedEverywhere: [
    ['a Job of spec null', 'schema', object('batch/v1', 'Job', { spec: null })],
    [
      'a CronJob of a job template without spec',
      'schema',
      object('batch/v1', 'CronJob', { spec: { schedule: '* * * * *', jobTemplate: {} } }),
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
      'a Job name of 64 characters (its pods are labelled job-name=<name>)',
      'job-spec',
      { ...object('batch/v1', 'Job', { spec: job({}) }), metadata: { name: 'j'.repeat(64), namespace: 'default' } },
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
          onPodConditions: Array.from({ length: 21 }, (_, index) => ({
            type: `example.com/c${index}`,
            status: 'True',
          })),
        },
      ]),
    ],
    // Refused by both, by 1.27 for the field it does not have, by 1.37 for the value.
    [
      'FailIndex without backoffLimitPerIndex',
      'pod-failure-policy',
      failing([{ ...exitCodes('In', [3]), action: 'FailIndex' }], 'Never', {
        completionMode: 'Indexed',
        completions: 3,
      }),
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
  ],
  byRelease: [
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
  ],
  refusedWhereServed: [
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
  ],
  acceptedEverywhere: [
    [
      'a Job name of 63 characters',
      { ...object('batch/v1', 'Job', { spec: job({}) }), metadata: { name: 'j'.repeat(63), namespace: 'default' } },
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
      'an Indexed Job without completions or parallelism (the server sets both to 1)',
      object('batch/v1', 'Job', { spec: job({ completionMode: 'Indexed' }) }),
    ],
    [
      'an Indexed Job of more than 100000 completions, 100000 at once',
      object('batch/v1', 'Job', {
        spec: job({ completionMode: 'Indexed', completions: 100_001, parallelism: 100_000 }),
      }),
    ],
    [
      "Kubernetes' own pod failure policy example (onPodConditions without status)",
      failing([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }, exitCodes('NotIn', [0])]),
    ],
    ['a schedule of names, ranges and steps', scheduled('*/15 0-6 1,15 jan-jun mon-fri')],
    ['a schedule of ? and N/step', scheduled('5/15 ? * * *')],
    ['an @every schedule', scheduled('@every 1h30m')],
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    ['a pod failure policy without rules', object('batch/v1', 'Job', { spec: job({ podFailurePolicy: {} }) })],
    [
      "a pod failure policy on a container's exit codes, NotIn with 0, and 20 rules",
      failing([
        { action: 'Count', onExitCodes: { containerName: 'app', operator: 'NotIn', values: [0, 1] } },
        ...Array(19).fill(exitCodes('In', [1, 255])),
      ]),
    ],
    // Values the constructs refuse and the servers take, of which counts only warns.
    [
      'a Job of 0 completions, parallelism and activeDeadlineSeconds',
      object('batch/v1', 'Job', { spec: job({ completions: 0, parallelism: 0, activeDeadlineSeconds: 0 }) }),
    ],
    [
      'a Job of more parallelism than completions',
      object('batch/v1', 'Job', { spec: job({ completions: 2, parallelism: 5 }) }),
    ],
    [
      'an indexed Job',
      object('batch/v1', 'Job', {
        spec: job({ completionMode: 'Indexed', completions: 2, ttlSecondsAfterFinished: 0 }),
      }),
    ],
  ],
  acceptedWhereServed: [
    [
      SUCCESS_POLICY_SINCE,
      [
        'a successPolicy of succeededIndexes and succeededCount on an Indexed Job',
        indexedJob({
          successPolicy: { rules: [{ succeededIndexes: '0,2', succeededCount: 1 }, { succeededCount: 3 }] },
        }),
      ],
    ],
    [
      MANAGED_BY_SINCE,
      [
        'a Job managed by another controller',
        object('batch/v1', 'Job', { spec: job({ managedBy: 'kueue.x-k8s.io/multikueue' }) }),
      ],
    ],
  ],
};
