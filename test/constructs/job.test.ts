import { Chart, Duration, Testing } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { Job, JobProps, renderJobSpec } from '../../lib/constructs/job';
import { RestartPolicy } from '../../lib/constructs/pod-spec';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

function makeChart(): Chart {
  const app = Testing.app();
  return new Chart(app, 'test', {
    namespace: 'ns',
    labels: { 'app.kubernetes.io/instance': 'test-dev', 'app.kubernetes.io/part-of': 'test' },
  });
}

function find(chart: Chart, kind: string, name: string): Manifest {
  const found = Testing.synth(chart).find((object: Manifest) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} named ${name}`);
  }
  return found;
}

const count: ContainerProps = { name: 'count', image: 'busybox:1.36', command: ['sh', '-c', 'seq 1 10'] };

function countJob(chart: Chart, props: Partial<JobProps> = {}): Job {
  return new Job(chart, 'count', { containers: [count], ...props });
}

describe('Job', () => {
  it('needs one successful pod, one at a time, by default', () => {
    const chart = makeChart();
    countJob(chart);
    const spec = find(chart, 'Job', 'count').spec;
    expect(spec.completions).toBe(1);
    expect(spec.parallelism).toBe(1);
  });

  it('retries a failed pod three times by default', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.backoffLimit).toBe(3);
  });

  it('is deleted an hour after it finishes by default', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.ttlSecondsAfterFinished).toBe(3600);
  });

  it('has no deadline by default', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.activeDeadlineSeconds).toBeUndefined();
  });

  it('never restarts a failed container in place by default', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs until the given number of pods succeed, the given number at a time', () => {
    const chart = makeChart();
    countJob(chart, { completions: 3, parallelism: 2 });
    const spec = find(chart, 'Job', 'count').spec;
    expect(spec.completions).toBe(3);
    expect(spec.parallelism).toBe(2);
  });

  it('accepts parallelism equal to completions', () => {
    const chart = makeChart();
    countJob(chart, { completions: 2, parallelism: 2 });
    expect(find(chart, 'Job', 'count').spec.parallelism).toBe(2);
  });

  it('gives up after the backoffLimit it is given, including zero retries', () => {
    const chart = makeChart();
    countJob(chart, { backoffLimit: 0 });
    expect(find(chart, 'Job', 'count').spec.backoffLimit).toBe(0);
  });

  it('writes ttlAfterFinished and activeDeadline in seconds', () => {
    const chart = makeChart();
    countJob(chart, { ttlAfterFinished: Duration.minutes(10), activeDeadline: Duration.minutes(2) });
    const spec = find(chart, 'Job', 'count').spec;
    expect(spec.ttlSecondsAfterFinished).toBe(600);
    expect(spec.activeDeadlineSeconds).toBe(120);
  });

  it('restarts failed containers in place with RestartPolicy.ON_FAILURE', () => {
    const chart = makeChart();
    countJob(chart, { restartPolicy: RestartPolicy.ON_FAILURE });
    expect(find(chart, 'Job', 'count').spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('is named after its id unless given a name', () => {
    const chart = makeChart();
    const job = countJob(chart, { name: 'count-to-ten' });
    expect(job.name).toBe('count-to-ten');
    expect(find(chart, 'Job', 'count-to-ten').metadata.namespace).toBe('ns');
  });

  it('labels its pods with its name and the chart\'s instance', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'count',
      'app.kubernetes.io/instance': 'test-dev',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/version': '1.36',
    });
  });

  it('lets Kubernetes generate its pod selector', () => {
    const chart = makeChart();
    countJob(chart);
    expect(find(chart, 'Job', 'count').spec.selector).toBeUndefined();
  });

  it('runs its pods as non-root with seccomp RuntimeDefault', () => {
    const chart = makeChart();
    countJob(chart);
    const pod = find(chart, 'Job', 'count').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('renderJobSpec renders the spec of a Job named as it is told, for a CronJob template', () => {
    const spec = renderJobSpec(makeChart(), 'nightly', { containers: [count], completions: 4, parallelism: 2, backoffLimit: 1 });
    expect(spec.completions).toBe(4);
    expect(spec.parallelism).toBe(2);
    expect(spec.backoffLimit).toBe(1);
    expect(spec.template.metadata?.labels?.['app.kubernetes.io/name']).toBe('nightly');
  });

  it('renderJobSpec reports errors at the scope it is given', () => {
    expect(() => renderJobSpec(makeChart(), 'nightly', { containers: [count], completions: 0 })).toThrow(
      /^test: completions must be an integer of 1 or more, got 0$/,
    );
  });

  it('fails when parallelism is more than completions', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { completions: 2, parallelism: 3 })).toThrow(
      /^test\/count: parallelism 3 is more than completions 2; no more than 2 pods can run$/,
    );
  });

  it('fails when parallelism is more than the default of one completion', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { parallelism: 2 })).toThrow(/^test\/count: parallelism 2 is more than completions 1/);
  });

  it('fails when completions is 0', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { completions: 0 })).toThrow(/^test\/count: completions must be an integer of 1 or more, got 0$/);
  });

  it('fails when completions is not an integer', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { completions: 2.5 })).toThrow(/^test\/count: completions must be an integer of 1 or more, got 2\.5$/);
  });

  it('fails when parallelism is 0', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { parallelism: 0 })).toThrow(/^test\/count: parallelism must be an integer of 1 or more, got 0$/);
  });

  it('fails when backoffLimit is negative', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { backoffLimit: -1 })).toThrow(/^test\/count: backoffLimit must be an integer of 0 or more, got -1$/);
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { name: 'Count_To_Ten' })).toThrow(
      /^test\/count: name must be a DNS-1123 subdomain .*, got "Count_To_Ten"; rename it, e\.g\. "count-to-ten"$/,
    );
  });

  it('fails when it has no container', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { containers: [] })).toThrow(/^test\/count: a pod needs at least one container, got none; add one to `containers`$/);
  });

  it('fails when two containers have the same name', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { containers: [count, count] })).toThrow(
      /^test\/count: container names must be unique, got "count" more than once/,
    );
  });

  it('fails when ttlAfterFinished is not a whole number of seconds', () => {
    const chart = makeChart();
    expect(() => countJob(chart, { ttlAfterFinished: Duration.millis(1500) })).toThrow(/1500 millis.*whole number of seconds/);
  });
});
