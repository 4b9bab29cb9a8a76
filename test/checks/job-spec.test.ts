import { countIndexes } from '../../lib/checks/job-spec';
import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV } from './fixtures';

function job(spec: AnyManifest, labels?: AnyManifest, name = 'embed'): AnyManifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'shop' },
    spec: {
      ttlSecondsAfterFinished: 600,
      ...spec,
      template: {
        ...(labels === undefined ? {} : { metadata: { labels } }),
        spec: { restartPolicy: 'Never', containers: [{ name: 'embed', image: 'embed:1.0.0' }] },
      },
    },
  };
}

function cronJob(jobSpec: AnyManifest): AnyManifest {
  const { spec } = job(jobSpec);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 600, jobTemplate: { spec } },
  };
}

function jobFindings(manifest: AnyManifest, release = '1.37'): string[] {
  return runChecks([{ path: 'shop/job', manifest }], { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'job-spec')
    .map((finding) => finding.message);
}

describe('job-spec: the selector', () => {
  it('takes a Job without a selector, and a manual selector that selects the pod template', () => {
    expect(jobFindings(job({}))).toEqual([]);
    expect(jobFindings(job({ manualSelector: true, selector: { matchLabels: { run: 'x' } } }, { run: 'x' }))).toEqual(
      [],
    );
    expect(
      jobFindings(
        job(
          {
            manualSelector: true,
            selector: { matchExpressions: [{ key: 'run', operator: 'In', values: ['x', 'y'] }] },
          },
          { run: 'y' },
        ),
      ),
    ).toEqual([]);
  });

  it('refuses manualSelector without a selector, or with one the pod template does not meet', () => {
    expect(jobFindings(job({ manualSelector: true }))).toEqual([
      'spec.manualSelector is true and spec.selector is not set, which the API server then requires',
    ]);
    expect(
      jobFindings(
        job(
          { manualSelector: true, selector: { matchExpressions: [{ key: 'run', operator: 'NotIn', values: ['x'] }] } },
          { run: 'x' },
        ),
      ),
    ).toEqual([
      "spec.selector requirement run NotIn [x] does not match the pod template's labels, which the API server refuses: the Job would not select its own pods",
    ]);
  });

  it('refuses a selector without manualSelector, and takes one of the labels the API server makes', () => {
    expect(jobFindings(job({ selector: { matchLabels: { a: 'b' } } }, { a: 'b' }))).toEqual([
      "spec.selector is set (a=b) and spec.manualSelector is not true: the API server makes the selector of a Job's uid itself, and refuses one it did not make",
    ]);
    expect(jobFindings(job({ manualSelector: false, selector: { matchLabels: { 'job-name': 'embed' } } }))).toEqual([]);
  });

  it("refuses a pod template label of another Job's name, or of a uid, which the API server would not overwrite", () => {
    expect(jobFindings(job({}, { 'job-name': 'other', 'batch.kubernetes.io/controller-uid': 'abc' }))).toEqual([
      'the pod template\'s label job-name is "other", not the Job\'s name "embed", which the API server refuses (it sets the label to the name)',
      "the pod template sets the label batch.kubernetes.io/controller-uid, which the API server refuses: it must be the Job's uid, which the server gives the Job when it creates it",
    ]);
    expect(jobFindings(job({}, { 'batch.kubernetes.io/job-name': 'embed' }))).toEqual([]);
  });

  it('refuses a name longer than a label value, unless the Job labels its pods itself (manualSelector)', () => {
    const name = 'e'.repeat(64);
    expect(jobFindings(job({}, undefined, name))).toEqual([
      "the Job's name is 64 characters, and the API server labels its pods job-name=<name>, a label value of at most 63: it refuses the Job",
    ]);
    expect(jobFindings(job({}, undefined, 'e'.repeat(63)))).toEqual([]);
    const manual = { manualSelector: true, selector: { matchLabels: { run: 'x' } } };
    expect(jobFindings(job(manual, { run: 'x' }, name))).toEqual([]);
  });

  it("refuses a selector or manualSelector in a CronJob's Job template", () => {
    expect(jobFindings(cronJob({ manualSelector: true, selector: { matchLabels: { a: 'b' } } }))).toEqual([
      "jobTemplate.spec.selector is set, which the API server refuses: each Job's selector is made for it",
      'jobTemplate.spec.manualSelector is true, which the API server refuses (it takes false or nothing)',
    ]);
    expect(jobFindings(cronJob({ manualSelector: false }))).toEqual([]);
  });
});

describe('job-spec: successPolicy, managedBy and the Indexed hostname', () => {
  const indexed = { completionMode: 'Indexed', completions: 5, parallelism: 5 };

  it('takes a successPolicy of an Indexed Job from 1.31, and leaves it to the schema before', () => {
    const policy = { rules: [{ succeededIndexes: '0,2-4', succeededCount: 3 }, { succeededCount: 5 }] };
    expect(jobFindings(job({ ...indexed, successPolicy: policy }))).toEqual([]);
    expect(jobFindings(job({ successPolicy: { rules: [] } }), '1.30')).toEqual([]);
  });

  it('refuses a successPolicy on a Job that is not Indexed, and of no or too many rules', () => {
    expect(jobFindings(job({ completions: 3, successPolicy: { rules: [{ succeededCount: 1 }] } }))).toEqual([
      'successPolicy is set on a Job of completionMode "NonIndexed", which the API server refuses: it takes one on an Indexed Job alone',
    ]);
    expect(jobFindings(job({ ...indexed, successPolicy: { rules: [] } }))).toEqual([
      'successPolicy.rules lists 0 rules; the API server takes 1 to 20',
    ]);
    const many = Array.from({ length: 21 }, () => ({ succeededCount: 1 }));
    expect(jobFindings(cronJob({ ...indexed, successPolicy: { rules: many } }))).toEqual([
      'jobTemplate.spec.successPolicy.rules lists 21 rules; the API server takes 1 to 20',
    ]);
  });

  it('refuses a rule of neither field, indexes the API server cannot read, and counts above what they allow', () => {
    const rules = [
      {},
      { succeededIndexes: '0-5' },
      { succeededIndexes: '3,1' },
      { succeededIndexes: '0-1', succeededCount: 3 },
      { succeededCount: 6 },
    ];
    expect(jobFindings(job({ ...indexed, successPolicy: { rules } }))).toEqual([
      'successPolicy.rules[0] has neither succeededCount nor succeededIndexes, which the API server refuses',
      'successPolicy.rules[1].succeededIndexes "0-5" is refused by the API server: the interval "0-5" goes past the last index, 4',
      'successPolicy.rules[2].succeededIndexes "3,1" is refused by the API server: the interval "1" does not come after the one before',
      'successPolicy.rules[3].succeededCount 3 is not from 0 to 2 (the indexes succeededIndexes names, and completions 5), which the API server refuses',
      'successPolicy.rules[4].succeededCount 6 is not from 0 to 5 (completions 5), which the API server refuses',
    ]);
  });

  it('counts the indexes of an interval list as the API server reads it', () => {
    expect(countIndexes('0,2-4', 5)).toBe(4);
    expect(countIndexes('', 5)).toBe(0);
    expect(countIndexes('1-1', 5)).toBe('the interval "1-1" does not increase');
    expect(countIndexes('0-1-2', 5)).toBe('the interval "0-1-2" has more than two parts');
    expect(countIndexes('a', 5)).toBe('the interval "a" is not an index or two joined by "-"');
    expect(countIndexes('0-2,2', 5)).toBe('the interval "2" does not come after the one before');
  });

  it('refuses a managedBy that is no domain-prefixed path of at most 63 characters, from 1.32', () => {
    expect(jobFindings(job({ managedBy: 'kueue.x-k8s.io/multikueue' }))).toEqual([]);
    const refusal = (value: string, at = '') =>
      `${at}managedBy ${JSON.stringify(value)} is not a domain-prefixed path of at most 63 characters (such as "kueue.x-k8s.io/multikueue"), which the API server refuses`;
    expect(jobFindings(job({ managedBy: 'notqualified' }))).toEqual([refusal('notqualified')]);
    expect(jobFindings(cronJob({ managedBy: 'Example.com/x' }))).toEqual([
      refusal('Example.com/x', 'jobTemplate.spec.'),
    ]);
    const long = `example.com/${'x'.repeat(52)}`;
    expect(jobFindings(job({ managedBy: long }))).toEqual([refusal(long)]);
    expect(jobFindings(job({ managedBy: 'notqualified' }), '1.31')).toEqual([]);
  });

  it("refuses an Indexed Job whose last pod's hostname is no DNS-1123 label", () => {
    const name = 'e'.repeat(61);
    expect(jobFindings(job({ ...indexed, completions: 11 }, undefined, name))).toEqual([
      `the hostname of its last pod, "${name}-10", is no DNS-1123 label (at most 63 characters), which the API server refuses for an Indexed Job of 11 completions`,
    ]);
    expect(jobFindings(job({ ...indexed, completions: 10 }, undefined, name))).toEqual([]);
  });
});
