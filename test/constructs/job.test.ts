import { Chart, Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerProps } from '../../lib/constructs/container';
import { CronJob } from '../../lib/constructs/cron-job';
import { CompletionMode, Job, JobProps, PodReplacementPolicy, renderJobSpec } from '../../lib/constructs/job';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import { ExitCodeOperator, PodFailureAction } from '../../lib/constructs/pod-failure-policy';
import { RestartPolicy } from '../../lib/constructs/pod-spec';
import { AnyManifest, find, findObject, objectsOfKind, renderedChart, testChart } from '../helpers';

const count: ContainerProps = { name: 'count', image: 'busybox:1.36', command: ['sh', '-c', 'seq 1 10'] };

function countJob(chart: Chart, props: Partial<JobProps> = {}): Job {
  return new Job(chart, 'count', { containers: [count], ...props });
}

describe('Job', () => {
  it('gives each pod its index with CompletionMode.INDEXED, and leaves the mode to Kubernetes by default', () => {
    const chart = testChart();
    countJob(chart, { completionMode: CompletionMode.INDEXED, completions: 3, parallelism: 3 });
    new Job(chart, 'plain', { containers: [count] });
    expect(findObject(chart, 'Job', 'count').spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 3,
      parallelism: 3,
    });
    expect(findObject(chart, 'Job', 'plain').spec.completionMode).toBeUndefined();
  });

  it('fails for an Indexed Job that runs more pods at once than the API server takes, and takes more completions', () => {
    expect(() =>
      countJob(testChart(), { completionMode: CompletionMode.INDEXED, completions: 100_001, parallelism: 100_001 }),
    ).toThrow(
      'test/count: parallelism 100001 is more than an Indexed Job runs at once (100000); run at most 100000 pods at ' +
        'once (completions may stay 100001)',
    );
    expect(() => countJob(testChart(), { completionMode: CompletionMode.INDEXED, completions: 100_001 })).not.toThrow();
  });

  it('needs one successful pod, one at a time, by default', () => {
    const chart = testChart();
    countJob(chart);
    const spec = findObject(chart, 'Job', 'count').spec;
    expect(spec.completions).toBe(1);
    expect(spec.parallelism).toBe(1);
  });

  it('retries a failed pod three times by default', () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.backoffLimit).toBe(3);
  });

  it('is deleted an hour after it finishes by default', () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.ttlSecondsAfterFinished).toBe(3600);
  });

  it('has no deadline by default', () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.activeDeadlineSeconds).toBeUndefined();
  });

  it('never restarts a failed container in place by default', () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs until the given number of pods succeed, the given number at a time', () => {
    const chart = testChart();
    countJob(chart, { completions: 3, parallelism: 2 });
    const spec = findObject(chart, 'Job', 'count').spec;
    expect(spec.completions).toBe(3);
    expect(spec.parallelism).toBe(2);
  });

  it('accepts parallelism equal to completions', () => {
    const chart = testChart();
    countJob(chart, { completions: 2, parallelism: 2 });
    expect(findObject(chart, 'Job', 'count').spec.parallelism).toBe(2);
  });

  it('gives up after the backoffLimit it is given, including zero retries', () => {
    const chart = testChart();
    countJob(chart, { backoffLimit: 0 });
    expect(findObject(chart, 'Job', 'count').spec.backoffLimit).toBe(0);
  });

  it('writes ttlAfterFinished and activeDeadline in seconds', () => {
    const chart = testChart();
    countJob(chart, { ttlAfterFinished: Duration.minutes(10), activeDeadline: Duration.minutes(2) });
    const spec = findObject(chart, 'Job', 'count').spec;
    expect(spec.ttlSecondsAfterFinished).toBe(600);
    expect(spec.activeDeadlineSeconds).toBe(120);
  });

  it('refuses an activeDeadline of 0, which fails the Job as it starts', () => {
    expect(() => countJob(testChart(), { activeDeadline: Duration.seconds(0) })).toThrow(
      'test/count: activeDeadline in seconds must be an integer of 1 or more, got 0',
    );
    const chart = testChart();
    countJob(chart, { activeDeadline: Duration.seconds(1) });
    expect(findObject(chart, 'Job', 'count').spec.activeDeadlineSeconds).toBe(1);
  });

  it('restarts failed containers in place with RestartPolicy.ON_FAILURE', () => {
    const chart = testChart();
    countJob(chart, { restartPolicy: RestartPolicy.ON_FAILURE });
    expect(findObject(chart, 'Job', 'count').spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('is named after its id unless given a name', () => {
    const chart = testChart();
    const job = countJob(chart, { name: 'count-to-ten' });
    expect(job.name).toBe('count-to-ten');
    expect(findObject(chart, 'Job', 'count-to-ten').metadata.namespace).toBe('ns');
  });

  it("labels its pods with its name and the chart's instance", () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'count',
      'app.kubernetes.io/instance': 'test-dev',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/version': '1.36',
    });
  });

  it('lets Kubernetes generate its pod selector', () => {
    const chart = testChart();
    countJob(chart);
    expect(findObject(chart, 'Job', 'count').spec.selector).toBeUndefined();
  });

  it('runs its pods as non-root with seccomp RuntimeDefault', () => {
    const chart = testChart();
    countJob(chart);
    const pod = findObject(chart, 'Job', 'count').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('renderJobSpec renders the spec of a Job around the pod template it is given, for a CronJob template', () => {
    const template = { metadata: { labels: { 'app.kubernetes.io/name': 'nightly' } } };
    const spec = renderJobSpec(testChart(), template, {
      containers: [count],
      completions: 4,
      parallelism: 2,
      backoffLimit: 1,
    });
    expect(spec.completions).toBe(4);
    expect(spec.parallelism).toBe(2);
    expect(spec.backoffLimit).toBe(1);
    expect(spec.template).toBe(template);
  });

  it('renderJobSpec reports errors at the scope it is given', () => {
    expect(() => renderJobSpec(testChart(), {}, { containers: [count], completions: 0 })).toThrow(
      /^test: completions must be an integer of 1 or more, got 0$/,
    );
  });

  it('fails when parallelism is more than completions', () => {
    const chart = testChart();
    expect(() => countJob(chart, { completions: 2, parallelism: 3 })).toThrow(
      /^test\/count: parallelism 3 is more than completions 2; no more than 2 pods can run: lower parallelism to 2, or raise completions to 3$/,
    );
  });

  it('fails when parallelism is more than the default of one completion', () => {
    const chart = testChart();
    expect(() => countJob(chart, { parallelism: 2 })).toThrow(/^test\/count: parallelism 2 is more than completions 1/);
  });

  it('fails when completions is 0', () => {
    const chart = testChart();
    expect(() => countJob(chart, { completions: 0 })).toThrow(
      /^test\/count: completions must be an integer of 1 or more, got 0$/,
    );
  });

  it('fails when completions is not an integer', () => {
    const chart = testChart();
    expect(() => countJob(chart, { completions: 2.5 })).toThrow(
      /^test\/count: completions must be an integer of 1 or more, got 2\.5$/,
    );
  });

  it('fails when parallelism is 0', () => {
    const chart = testChart();
    expect(() => countJob(chart, { parallelism: 0 })).toThrow(
      /^test\/count: parallelism must be an integer of 1 or more, got 0$/,
    );
  });

  it('fails when backoffLimit is negative', () => {
    const chart = testChart();
    expect(() => countJob(chart, { backoffLimit: -1 })).toThrow(
      /^test\/count: backoffLimit must be an integer of 0 or more, got -1$/,
    );
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => countJob(chart, { name: 'Count_To_Ten' })).toThrow(
      /^test\/count: name must be a DNS-1123 subdomain .*, got "Count_To_Ten"; rename it, e\.g\. "count-to-ten"$/,
    );
  });

  it('fails when it has no container', () => {
    const chart = testChart();
    expect(() => countJob(chart, { containers: [] })).toThrow(
      /^test\/count: a pod needs at least one container, got none; add one to `containers`$/,
    );
  });

  it('fails when two containers have the same name', () => {
    const chart = testChart();
    expect(() => countJob(chart, { containers: [count, count] })).toThrow(
      /^test\/count: container names must be unique, got "count" more than once/,
    );
  });

  it('fails when ttlAfterFinished is not a whole number of seconds', () => {
    const chart = testChart();
    expect(() => countJob(chart, { ttlAfterFinished: Duration.millis(1500) })).toThrow(
      'test/count: ttlAfterFinished must be a whole number of seconds, got 1.5 seconds; write e.g. Duration.seconds(2)',
    );
  });

  it('fails when ttlAfterFinished is more seconds than the API server stores in its int32', () => {
    expect(() => countJob(testChart(), { ttlAfterFinished: Duration.days(30000) })).toThrow(
      'test/count: ttlAfterFinished in seconds must be an integer from 0 to 2147483647 (the largest the API server ' +
        'stores), got 2592000000',
    );
  });

  it('carries the recommended name label, as its pods do', () => {
    const chart = testChart();
    countJob(chart);
    const job = findObject(chart, 'Job', 'count');
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'count' });
    expect(job.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'count' });
  });

  it('may reach the API server when it runs as its own ServiceAccount', () => {
    const chart = testChart();
    countJob(chart, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'counter') });
    const policy = findObject(chart, 'NetworkPolicy', 'count-to-api-server');
    expect(policy.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'count',
      'app.kubernetes.io/instance': 'test-dev',
    });
    expect(policy.spec.egress[0].ports.map((port: { port: number }) => port.port)).toEqual([443, 6443]);
  });

  it('opens nothing to the API server without a ServiceAccount', () => {
    const chart = testChart();
    countJob(chart);
    expect(objectsOfKind(chart, 'NetworkPolicy')).toEqual([]);
  });
});

/** A test chart whose environment runs `release`, as an AppChart gives it. */
function chartOn(release: string): Chart {
  const app = Testing.app();
  app.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
  return testChart(app);
}

/** The manifests the writer renders (with the fields the 1.27 bindings drop) for a chart on `release`. */
function renderedOn(release: string, add: (chart: Chart) => unknown): AnyManifest[] {
  return renderedChart((app) => {
    app.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
    const chart = testChart(app);
    add(chart);
    return chart;
  }, 'test.k8s.yaml');
}

const indexed: Partial<JobProps> = { completionMode: CompletionMode.INDEXED, completions: 10, parallelism: 2 };

describe('Job failure handling per index and pod replacement', () => {
  it('writes backoffLimitPerIndex, maxFailedIndexes and podReplacementPolicy in a Job and a CronJob on 1.29 and later', () => {
    const props = {
      ...indexed,
      backoffLimitPerIndex: 1,
      maxFailedIndexes: 3,
      podReplacementPolicy: PodReplacementPolicy.FAILED,
    };
    const manifests = renderedOn('1.29', (chart) => {
      countJob(chart, props);
      new CronJob(chart, 'nightly', { containers: [count], schedule: Cron.daily(), ...props });
    });
    const wanted = { backoffLimitPerIndex: 1, maxFailedIndexes: 3, podReplacementPolicy: 'Failed' };
    expect(find(manifests, 'Job', 'count').spec).toMatchObject(wanted);
    expect(find(manifests, 'CronJob', 'nightly').spec.jobTemplate.spec).toMatchObject(wanted);
  });

  it('leaves backoffLimit to the API server with backoffLimitPerIndex, unless it is given', () => {
    const manifests = renderedOn('1.37', (chart) => {
      countJob(chart, { ...indexed, backoffLimitPerIndex: 2 });
      new Job(chart, 'capped', { containers: [count], ...indexed, backoffLimitPerIndex: 2, backoffLimit: 10 });
    });
    expect(find(manifests, 'Job', 'count').spec.backoffLimit).toBeUndefined();
    expect(find(manifests, 'Job', 'capped').spec.backoffLimit).toBe(10);
  });

  it('writes none of them when not given', () => {
    const spec = find(
      renderedOn('1.37', (chart) => countJob(chart, indexed)),
      'Job',
      'count',
    ).spec;
    expect([spec.backoffLimitPerIndex, spec.maxFailedIndexes, spec.podReplacementPolicy]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('fails for backoffLimitPerIndex and podReplacementPolicy before 1.29', () => {
    expect(() => countJob(chartOn('1.28'), { ...indexed, backoffLimitPerIndex: 1 })).toThrow(
      "test/count: backoffLimitPerIndex needs Kubernetes 1.29 or later, and the environment's kubernetesVersion is " +
        '1.28, whose API server does not take it; remove backoffLimitPerIndex, or raise kubernetesVersion once the ' +
        'cluster runs 1.29',
    );
    expect(() => countJob(testChart(), { podReplacementPolicy: PodReplacementPolicy.FAILED })).toThrow(
      "test/count: podReplacementPolicy needs Kubernetes 1.29 or later, and the environment's kubernetesVersion is 1.27",
    );
  });

  it('fails for backoffLimitPerIndex on a Job that is not Indexed', () => {
    expect(() => countJob(chartOn('1.37'), { completions: 3, backoffLimitPerIndex: 1 })).toThrow(
      'test/count: backoffLimitPerIndex is given to a Job of completionMode NonIndexed; only an Indexed Job has ' +
        'indexes: set completionMode to CompletionMode.INDEXED, or use backoffLimit',
    );
  });

  it('takes backoffLimitPerIndex on pods that restart OnFailure, as the API server does', () => {
    const manifests = renderedOn('1.37', (chart) =>
      countJob(chart, { ...indexed, backoffLimitPerIndex: 1, restartPolicy: RestartPolicy.ON_FAILURE }),
    );
    expect(find(manifests, 'Job', 'count').spec.backoffLimitPerIndex).toBe(1);
  });

  it('fails for a negative backoffLimitPerIndex or maxFailedIndexes', () => {
    expect(() => countJob(chartOn('1.37'), { ...indexed, backoffLimitPerIndex: -1 })).toThrow(
      'test/count: backoffLimitPerIndex must be an integer of 0 or more, got -1',
    );
    expect(() => countJob(chartOn('1.37'), { ...indexed, backoffLimitPerIndex: 0, maxFailedIndexes: -1 })).toThrow(
      'test/count: maxFailedIndexes must be an integer of 0 or more, got -1',
    );
  });

  it('fails for maxFailedIndexes without backoffLimitPerIndex, or above completions', () => {
    expect(() => countJob(chartOn('1.37'), { ...indexed, maxFailedIndexes: 2 })).toThrow(
      'test/count: maxFailedIndexes 2 is given without backoffLimitPerIndex, which it needs; set ' +
        'backoffLimitPerIndex (the retries of each index), or remove maxFailedIndexes',
    );
    expect(() => countJob(chartOn('1.37'), { ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 11 })).toThrow(
      "test/count: maxFailedIndexes 11 is more than completions 10, the Job's indexes; set it to 10 or less",
    );
    expect(() =>
      countJob(chartOn('1.37'), { ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 10 }),
    ).not.toThrow();
  });

  it('fails for more than 100000 indexes with backoffLimitPerIndex without maxFailedIndexes, or with either above 10000', () => {
    const many = { ...indexed, completions: 100_001, backoffLimitPerIndex: 1 };
    expect(() => countJob(chartOn('1.37'), many)).toThrow(
      'test/count: completions 100001 is more than 100000 with backoffLimitPerIndex, which needs maxFailedIndexes; ' +
        'set it to at most 10000',
    );
    expect(() => countJob(chartOn('1.37'), { ...many, maxFailedIndexes: 10_001 })).toThrow(
      'test/count: completions 100001 is more than 100000 with backoffLimitPerIndex, so maxFailedIndexes may be at ' +
        'most 10000, got 10001; lower it',
    );
    expect(() => countJob(chartOn('1.37'), { ...many, maxFailedIndexes: 10, parallelism: 10_001 })).toThrow(
      'so parallelism may be at most 10000, got 10001; lower it',
    );
    expect(() => countJob(chartOn('1.37'), { ...many, maxFailedIndexes: 10_000, parallelism: 10_000 })).not.toThrow();
  });

  it('fails for podReplacementPolicy TERMINATING_OR_FAILED beside a podFailurePolicy', () => {
    const podFailurePolicy = [
      { action: PodFailureAction.FAIL_JOB, onExitCodes: { operator: ExitCodeOperator.IN, values: [42] } },
    ];
    expect(() =>
      countJob(chartOn('1.37'), { podFailurePolicy, podReplacementPolicy: PodReplacementPolicy.TERMINATING_OR_FAILED }),
    ).toThrow(
      'test/count: podReplacementPolicy is TerminatingOrFailed beside a podFailurePolicy, which takes ' +
        'PodReplacementPolicy.FAILED alone; set it to FAILED, or leave it out (FAILED then)',
    );
  });

  it('refuses a podReplacementPolicy in the wrong case from JavaScript', () => {
    expect(() =>
      countJob(chartOn('1.37'), { podReplacementPolicy: 'failed' as unknown as PodReplacementPolicy }),
    ).toThrow(
      'test/count: podReplacementPolicy must be one of "TerminatingOrFailed", "Failed", got "failed" (a string); write "Failed"',
    );
  });
});
