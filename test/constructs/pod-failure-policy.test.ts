import { Chart, Testing } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { CompletionMode, Job, JobProps } from '../../lib/constructs/job';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import {
  ExitCodeOperator,
  PodConditionStatus,
  PodFailureAction,
  PodFailureRule,
} from '../../lib/constructs/pod-failure-policy';
import { RestartPolicy } from '../../lib/constructs/pod-spec';
import { findObject, testChart } from '../helpers';

const migrate: ContainerProps = { name: 'migrate', image: 'shop:1.0.0' };

function chartOn(release: string): Chart {
  const app = Testing.app();
  app.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
  return testChart(app);
}

function migration(chart: Chart, podFailurePolicy: readonly PodFailureRule[], props: Partial<JobProps> = {}): Job {
  return new Job(chart, 'migrate', { containers: [migrate], podFailurePolicy, ...props });
}

const failOn42: PodFailureRule = {
  action: PodFailureAction.FAIL_JOB,
  onExitCodes: { operator: ExitCodeOperator.IN, values: [42] },
};

describe('podFailurePolicy', () => {
  it('renders its rules in order, each pod condition True unless told otherwise', () => {
    const chart = testChart();
    migration(chart, [
      { action: PodFailureAction.IGNORE, onPodConditions: [{ type: 'DisruptionTarget' }] },
      {
        action: PodFailureAction.FAIL_JOB,
        onExitCodes: { containerName: 'migrate', operator: ExitCodeOperator.IN, values: [1, 42] },
      },
      { action: PodFailureAction.COUNT, onPodConditions: [{ type: 'Ready', status: PodConditionStatus.FALSE }] },
    ]);
    expect(findObject(chart, 'Job', 'migrate').spec.podFailurePolicy).toEqual({
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'In', values: [1, 42] } },
        { action: 'Count', onPodConditions: [{ type: 'Ready', status: 'False' }] },
      ],
    });
  });

  it('is left out when not given', () => {
    const chart = testChart();
    new Job(chart, 'migrate', { containers: [migrate] });
    expect(findObject(chart, 'Job', 'migrate').spec.podFailurePolicy).toBeUndefined();
  });

  it('fails on pods that restart OnFailure', () => {
    expect(() => migration(testChart(), [failOn42], { restartPolicy: RestartPolicy.ON_FAILURE })).toThrow(
      'test/migrate: podFailurePolicy needs pods that restart Never, got restartPolicy OnFailure; leave ' +
        'restartPolicy out (RestartPolicy.NEVER) or remove podFailurePolicy',
    );
  });

  it('fails with more than 20 rules', () => {
    expect(() => migration(testChart(), Array(21).fill(failOn42))).toThrow(
      'test/migrate: podFailurePolicy has 21 rules, more than the 20 the API server takes; merge rules of the same ' +
        'action (a rule takes up to 255 exit codes or 20 conditions)',
    );
  });

  it('fails for a rule of both matchers or of neither', () => {
    const both = { ...failOn42, onPodConditions: [{ type: 'DisruptionTarget' }] };
    expect(() => migration(testChart(), [both])).toThrow(
      'test/migrate: podFailurePolicy[0] has both onExitCodes and onPodConditions; a rule matches by exactly one of ' +
        'them: write two rules to match both',
    );
    expect(() => migration(testChart(), [failOn42, { action: PodFailureAction.IGNORE, onPodConditions: [] }])).toThrow(
      'test/migrate: podFailurePolicy[1] has neither onExitCodes nor onPodConditions',
    );
  });

  it('fails for FAIL_INDEX without backoffLimitPerIndex', () => {
    const failIndex = { ...failOn42, action: PodFailureAction.FAIL_INDEX };
    expect(() =>
      migration(chartOn('1.37'), [failIndex], { completionMode: CompletionMode.INDEXED, completions: 3 }),
    ).toThrow(
      'test/migrate: podFailurePolicy[0].action is PodFailureAction.FAIL_INDEX, which needs backoffLimitPerIndex (an ' +
        "Indexed Job's retries per index); set backoffLimitPerIndex, or use PodFailureAction.FAIL_JOB",
    );
  });

  it('takes FAIL_INDEX with backoffLimitPerIndex', () => {
    const chart = chartOn('1.37');
    migration(chart, [{ ...failOn42, action: PodFailureAction.FAIL_INDEX }], {
      completionMode: CompletionMode.INDEXED,
      completions: 3,
      backoffLimitPerIndex: 1,
    });
    expect(findObject(chart, 'Job', 'migrate').spec.podFailurePolicy.rules[0].action).toBe('FailIndex');
  });

  it('fails for exit codes out of order or repeated, naming them sorted', () => {
    const codes = (values: number[]) => [
      { action: PodFailureAction.FAIL_JOB, onExitCodes: { operator: ExitCodeOperator.NOT_IN, values } },
    ];
    expect(() => migration(testChart(), codes([3, 1, 3]))).toThrow(
      'test/migrate: podFailurePolicy[0].onExitCodes.values must be in increasing order, each once, got [3,1,3]; ' +
        'write [1,3]',
    );
    expect(() => migration(testChart(), codes([]))).toThrow(
      'test/migrate: podFailurePolicy[0].onExitCodes.values has 0 exit codes; a rule takes 1 to 255',
    );
    expect(() => migration(testChart(), codes(Array.from({ length: 256 }, (_, index) => index)))).toThrow(
      'podFailurePolicy[0].onExitCodes.values has 256 exit codes; a rule takes 1 to 255',
    );
  });

  it('fails for exit code 0 under IN, and takes it under NOT_IN', () => {
    const zero = (operator: ExitCodeOperator) => [
      { action: PodFailureAction.FAIL_JOB, onExitCodes: { operator, values: [0, 1] } },
    ];
    expect(() => migration(testChart(), zero(ExitCodeOperator.IN))).toThrow(
      'test/migrate: podFailurePolicy[0].onExitCodes.values has 0 under ExitCodeOperator.IN, which the API server ' +
        'refuses (0 is success, never a failure); remove 0',
    );
    expect(() => migration(testChart(), zero(ExitCodeOperator.NOT_IN))).not.toThrow();
  });

  it("fails for a containerName the pod does not have, and takes an init container's", () => {
    const of = (containerName: string) => [
      { ...failOn42, onExitCodes: { containerName, operator: ExitCodeOperator.IN, values: [42] } },
    ];
    expect(() => migration(testChart(), of('migrat'))).toThrow(
      'test/migrate: podFailurePolicy[0].onExitCodes.containerName "migrat" is not a container of the pod (it has ' +
        '"migrate"); name one of them, or leave it out for all',
    );
    const chart = testChart();
    migration(chart, of('wait'), { initContainers: [{ name: 'wait', image: 'busybox:1.36' }] });
    expect(findObject(chart, 'Job', 'migrate').spec.podFailurePolicy.rules[0].onExitCodes.containerName).toBe('wait');
  });

  it('fails for a condition type that is not a qualified name, and for more than 20 patterns', () => {
    expect(() =>
      migration(testChart(), [{ action: PodFailureAction.IGNORE, onPodConditions: [{ type: 'Disruption Target' }] }]),
    ).toThrow(
      'test/migrate: podFailurePolicy[0].onPodConditions[0].type "Disruption Target" is not a condition type (a ' +
        'qualified name such as DisruptionTarget or example.com/Stuck); write the type as `kubectl get pod -o yaml` ' +
        'shows it',
    );
    const many = Array.from({ length: 21 }, (_, index) => ({ type: `example.com/c${index}` }));
    expect(() => migration(testChart(), [{ action: PodFailureAction.IGNORE, onPodConditions: many }])).toThrow(
      'test/migrate: podFailurePolicy[0].onPodConditions has 21 patterns, more than the 20 the API server takes; ' +
        'split them over two rules of the same action',
    );
  });

  it('refuses a rule of the wrong shape from JavaScript', () => {
    const wrong = [{ action: 'failjob', onExitCodes: { operator: 'In', values: [42] } }] as unknown as PodFailureRule[];
    expect(() => migration(testChart(), wrong)).toThrow(
      'test/migrate: podFailurePolicy[0].action must be one of "FailJob", "FailIndex", "Ignore", "Count", got ' +
        '"failjob" (a string); write "FailJob"',
    );
    const codes = [{ action: 'FailJob', onExitCodes: { operator: 'In', values: '42' } }] as unknown as PodFailureRule[];
    expect(() => migration(testChart(), codes)).toThrow('test/migrate: podFailurePolicy[0].onExitCodes.values');
  });
});
