import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV } from './fixtures';

function job(podFailurePolicy: AnyManifest, restartPolicy = 'Never'): RenderedObject {
  return {
    path: 'shop/job',
    manifest: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: {
        podFailurePolicy,
        template: { spec: { restartPolicy, containers: [{ name: 'migrate', image: 'shop:1.0.0' }] } },
      },
    },
  };
}

function failurePolicyFindings(object: RenderedObject, release = '1.27'): string[] {
  return runChecks([object], { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-failure-policy' || finding.rule === 'schema')
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

describe('pod-failure-policy', () => {
  it("passes Kubernetes' own example: ignore disruptions (status left to the server's default), fail on exit codes", () => {
    const policy = {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'In', values: [1, 42] } },
      ],
    };
    expect(failurePolicyFindings(job(policy))).toEqual([]);
  });

  it('refuses a policy on pods that restart OnFailure, and rules the API server refuses', () => {
    const policy = {
      rules: [
        { action: 'failjob', onExitCodes: { operator: 'in', values: [3, 1] } },
        {
          action: 'Ignore',
          onExitCodes: { operator: 'In', values: [0, 2] },
          onPodConditions: [{ type: 'DisruptionTarget' }],
        },
        { action: 'Count', onExitCodes: { operator: 'NotIn', values: [] } },
        { action: 'FailIndex', onPodConditions: [{ type: 'DisruptionTarget', status: 'true' }] },
      ],
    };
    expect(failurePolicyFindings(job(policy, 'OnFailure'))).toEqual([
      'pod-failure-policy: podFailurePolicy is set with the pod restartPolicy "OnFailure"; the API server takes it only with Never',
      'pod-failure-policy: podFailurePolicy.rules[0].action "failjob" is not one of Count, FailJob, Ignore',
      'pod-failure-policy: podFailurePolicy.rules[0].onExitCodes.operator "in" is not one of In, NotIn',
      'pod-failure-policy: podFailurePolicy.rules[0].onExitCodes.values [3,1] are not integers in increasing order, each once',
      'pod-failure-policy: podFailurePolicy.rules[1] has both onExitCodes and onPodConditions; the API server takes exactly one',
      'pod-failure-policy: podFailurePolicy.rules[1].onExitCodes matches exit code 0 with In, which the API server refuses (0 is success)',
      'pod-failure-policy: podFailurePolicy.rules[2].onExitCodes.values lists 0 exit codes; the API server takes 1 to 255',
      'pod-failure-policy: podFailurePolicy.rules[3].action "FailIndex" is not one of Count, FailJob, Ignore',
      'pod-failure-policy: podFailurePolicy.rules[3].onPodConditions[0].status "true" is not one of True, False, Unknown',
    ]);
  });

  it("takes FailIndex from 1.29 on, and checks a CronJob's Jobs", () => {
    const failIndex = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] };
    const perIndex = job(failIndex);
    Object.assign((perIndex.manifest as AnyManifest).spec, {
      completionMode: 'Indexed',
      completions: 2,
      backoffLimitPerIndex: 1,
    });
    expect(failurePolicyFindings(perIndex, '1.37')).toEqual([]);
    const cronJob: RenderedObject = {
      path: 'shop/cron',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop' },
        spec: {
          schedule: '0 * * * *',
          jobTemplate: { spec: (job(failIndex, 'OnFailure').manifest as AnyManifest).spec },
        },
      },
    };
    expect(failurePolicyFindings(cronJob, '1.37')).toEqual([
      'pod-failure-policy: jobTemplate.spec.podFailurePolicy is set with the pod restartPolicy "OnFailure"; the API server takes it only with Never',
      'pod-failure-policy: jobTemplate.spec.podFailurePolicy.rules[0].action is FailIndex without backoffLimitPerIndex, which the API server refuses',
    ]);
  });
});

describe("pod-failure-policy: a condition's status in a CronJob's Job template", () => {
  function cronJob(status: unknown): RenderedObject {
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status }] }] };
    return {
      path: 'shop/cron',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop' },
        spec: { schedule: '0 * * * *', jobTemplate: { spec: (job(policy).manifest as AnyManifest).spec } },
      },
    };
  }

  it('refuses it left out (or null) before 1.34, which fills it in for a CronJob as for a Job', () => {
    const refusal =
      'pod-failure-policy: jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status is not set, which the API server of Kubernetes 1.27 refuses in a CronJob\'s Job template (it fills in "True" for a Job only, before 1.34)';
    expect(failurePolicyFindings(cronJob(undefined))).toEqual([refusal]);
    expect(failurePolicyFindings(cronJob(null))).toEqual([refusal]);
    expect(failurePolicyFindings(cronJob(undefined), '1.34')).toEqual([]);
    expect(failurePolicyFindings(cronJob('True'))).toEqual([]);
  });

  it("takes it left out in a Job's own policy on every release", () => {
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    expect(failurePolicyFindings(job(policy))).toEqual([]);
  });
});

describe('pod-failure-policy: rules, containers and conditions', () => {
  const failOn42 = { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } };

  it('refuses more than 20 rules', () => {
    expect(failurePolicyFindings(job({ rules: Array(21).fill(failOn42) }))).toEqual([
      'pod-failure-policy: podFailurePolicy has 21 rules; the API server takes at most 20',
    ]);
    expect(failurePolicyFindings(job({ rules: Array(20).fill(failOn42) }))).toEqual([]);
  });

  it('refuses a containerName the pod template does not have, and takes an init container', () => {
    const named = (containerName: string) => ({
      rules: [{ action: 'FailJob', onExitCodes: { containerName, operator: 'In', values: [42] } }],
    });
    expect(failurePolicyFindings(job(named('migrat')))).toEqual([
      'pod-failure-policy: podFailurePolicy.rules[0].onExitCodes.containerName "migrat" is not a container of the pod template ("migrate")',
    ]);
    const withInit = job(named('wait'));
    (withInit.manifest as AnyManifest).spec.template.spec.initContainers = [{ name: 'wait', image: 'busybox:1.36' }];
    expect(failurePolicyFindings(withInit)).toEqual([]);
  });

  it('refuses a condition type that is not a qualified name, and more than 20 patterns', () => {
    const conditions = (types: string[]) => ({
      rules: [{ action: 'Ignore', onPodConditions: types.map((type) => ({ type })) }],
    });
    expect(failurePolicyFindings(job(conditions(['Disruption Target'])))).toEqual([
      'pod-failure-policy: podFailurePolicy.rules[0].onPodConditions[0].type "Disruption Target" is not a condition type (a qualified name, e.g. DisruptionTarget)',
    ]);
    const many = Array.from({ length: 21 }, (_, index) => `example.com/c${index}`);
    expect(failurePolicyFindings(job(conditions(many)))).toEqual([
      'pod-failure-policy: podFailurePolicy.rules[0].onPodConditions has 21 patterns; the API server takes at most 20',
    ]);
  });

  it('refuses FailIndex without backoffLimitPerIndex from 1.29 (before, the action is unknown)', () => {
    const failIndex = job({ rules: [{ ...failOn42, action: 'FailIndex' }] });
    expect(failurePolicyFindings(failIndex, '1.37')).toEqual([
      'pod-failure-policy: podFailurePolicy.rules[0].action is FailIndex without backoffLimitPerIndex, which the API server refuses',
    ]);
    expect(failurePolicyFindings(failIndex, '1.27')).toEqual([
      'pod-failure-policy: podFailurePolicy.rules[0].action "FailIndex" is not one of Count, FailJob, Ignore',
    ]);
  });
});

/** A Job whose spec gets `fields`, of pods that restart `restartPolicy`. */
function jobWith(fields: AnyManifest, restartPolicy = 'Never'): RenderedObject {
  const object = job(undefined as unknown as AnyManifest, restartPolicy);
  const spec = (object.manifest as AnyManifest).spec;
  delete spec.podFailurePolicy;
  Object.assign(spec, fields);
  return object;
}

function handlingFindings(object: RenderedObject, release = '1.37'): string[] {
  return runChecks([object], { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'job-failure-handling')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

describe('job-failure-handling', () => {
  const indexed = { completionMode: 'Indexed', completions: 10 };

  it('takes per-index limits on an Indexed Job of pods that restart Never, and a replacement policy, from 1.29', () => {
    const fields = { ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 10, podReplacementPolicy: 'Failed' };
    expect(handlingFindings(jobWith(fields), '1.29')).toEqual([]);
    expect(handlingFindings(jobWith(fields), '1.37')).toEqual([]);
  });

  it('refuses the three fields before 1.29, where the API server refuses or drops them', () => {
    const fields = { ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 1, podReplacementPolicy: 'Failed' };
    expect(handlingFindings(jobWith(fields), '1.28')).toEqual([
      'backoffLimitPerIndex is not taken by Kubernetes 1.28 (it comes with 1.29): the API server refuses the field or drops it without a word | ' +
        "remove backoffLimitPerIndex, or raise the environment's kubernetesVersion to 1.29 or later once the cluster runs it",
      'maxFailedIndexes is not taken by Kubernetes 1.28 (it comes with 1.29): the API server refuses the field or drops it without a word | ' +
        "remove maxFailedIndexes, or raise the environment's kubernetesVersion to 1.29 or later once the cluster runs it",
      'podReplacementPolicy is not taken by Kubernetes 1.28 (it comes with 1.29): the API server refuses the field or drops it without a word | ' +
        "remove podReplacementPolicy, or raise the environment's kubernetesVersion to 1.29 or later once the cluster runs it",
    ]);
  });

  it('refuses per-index limits on a Job that is not Indexed, and takes them on pods that restart OnFailure', () => {
    expect(handlingFindings(jobWith({ completions: 3, backoffLimitPerIndex: 1 }))).toEqual([
      'backoffLimitPerIndex on a Job of completionMode "NonIndexed"; the API server takes it on an Indexed Job alone | ' +
        'set completionMode to Indexed, or use backoffLimit',
    ]);
    // The API server of 1.37 takes it (seen), though the field's description names Never.
    expect(handlingFindings(jobWith({ ...indexed, backoffLimitPerIndex: 1 }, 'OnFailure'))).toEqual([]);
  });

  it('refuses maxFailedIndexes without backoffLimitPerIndex or above completions, and negative limits', () => {
    expect(handlingFindings(jobWith({ ...indexed, maxFailedIndexes: 2 }))).toEqual([
      'maxFailedIndexes is set without backoffLimitPerIndex, which the API server refuses | ' +
        'set backoffLimitPerIndex (the retries of each index), or remove maxFailedIndexes',
    ]);
    expect(handlingFindings(jobWith({ ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 11 }))).toEqual([
      'maxFailedIndexes 11 is more than completions 10 | set maxFailedIndexes to 10 or less',
    ]);
    expect(handlingFindings(jobWith({ ...indexed, backoffLimitPerIndex: -1 }))).toEqual([
      'backoffLimitPerIndex must be an integer of 0 or more, got -1 | set backoffLimitPerIndex to an integer of 0 or more',
    ]);
  });

  it('refuses more than 100000 indexes with backoffLimitPerIndex without maxFailedIndexes, or with either above 10000', () => {
    const many = { completionMode: 'Indexed', completions: 100_001, backoffLimitPerIndex: 1 };
    expect(handlingFindings(jobWith(many))).toEqual([
      'completions 100001 is more than 100000 with backoffLimitPerIndex, and maxFailedIndexes is not set, which the API server then requires | set maxFailedIndexes to at most 10000',
    ]);
    expect(handlingFindings(jobWith({ ...many, maxFailedIndexes: 10_001, parallelism: 10_001 }))).toEqual([
      'completions 100001 is more than 100000 with backoffLimitPerIndex, so maxFailedIndexes may be at most 10000, got 10001 | lower maxFailedIndexes to 10000 or less',
      'completions 100001 is more than 100000 with backoffLimitPerIndex, so parallelism may be at most 10000, got 10001 | lower parallelism to 10000 or less',
    ]);
    expect(handlingFindings(jobWith({ ...many, maxFailedIndexes: 10_000, parallelism: 10_000 }))).toEqual([]);
  });

  it('refuses a podReplacementPolicy of another value, or other than Failed beside a podFailurePolicy', () => {
    expect(handlingFindings(jobWith({ podReplacementPolicy: 'failed' }))).toEqual([
      'podReplacementPolicy "failed" is not one of TerminatingOrFailed, Failed | write "Failed" (the API server minds the case)',
    ]);
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
    expect(
      handlingFindings(jobWith({ podFailurePolicy: policy, podReplacementPolicy: 'TerminatingOrFailed' })),
    ).toEqual([
      'podReplacementPolicy is "TerminatingOrFailed" beside a podFailurePolicy, which takes Failed alone | set podReplacementPolicy to Failed, or remove it (Failed then)',
    ]);
  });

  it("checks a CronJob's Job template", () => {
    const spec = (jobWith({ completions: 3, backoffLimitPerIndex: 1 }).manifest as AnyManifest).spec;
    const cronJob: RenderedObject = {
      path: 'shop/cron',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop' },
        spec: { schedule: '0 * * * *', jobTemplate: { spec } },
      },
    };
    expect(handlingFindings(cronJob)).toEqual([
      'jobTemplate.spec.backoffLimitPerIndex on a Job of completionMode "NonIndexed"; the API server takes it on an Indexed Job alone | ' +
        'set completionMode to Indexed, or use backoffLimit',
    ]);
  });
});
