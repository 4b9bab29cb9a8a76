import { Chart, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerProps } from '../../lib/constructs/container';
import { ConcurrencyPolicy, CronJob, CronJobProps } from '../../lib/constructs/cron-job';
import { RestartPolicy } from '../../lib/constructs/pod-spec';
import { findObject, testChart } from '../helpers';

/** A schedule written as a raw expression, as `Cron` holds it; `Cron.schedule` cannot write every expression. */
function cron(expressionString: string): Cron {
  return { expressionString };
}

const beat: ContainerProps = { name: 'beat', image: 'busybox:1.36', command: ['sh', '-c', 'date'] };

function heartbeat(chart: Chart, props: Partial<CronJobProps> = {}): CronJob {
  return new CronJob(chart, 'heartbeat', { schedule: Cron.everyMinute(), containers: [beat], ...props });
}

/** What the schedule errors say is allowed. */
const ALLOWED =
  'schedule must be five fields \\(minute hour day-of-month month day-of-week, e\\.g\\. "\\*/5 \\* \\* \\* \\*"\\), one of ' +
  '@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or @every <duration>';

describe('CronJob', () => {
  it('writes the schedule as a five-field cron expression', () => {
    const chart = testChart();
    const job = heartbeat(chart);
    expect(job.schedule).toBe('* * * * *');
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.schedule).toBe('* * * * *');
  });

  it('writes a schedule built with Cron.schedule', () => {
    const chart = testChart();
    heartbeat(chart, { schedule: Cron.schedule({ minute: '*/5', hour: '8-18', weekDay: 'MON-FRI' }) });
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.schedule).toBe('*/5 8-18 * * MON-FRI');
  });

  it.each(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])(
    'accepts the %s macro',
    (macro) => {
      const chart = testChart();
      heartbeat(chart, { schedule: cron(macro) });
      expect(findObject(chart, 'CronJob', 'heartbeat').spec.schedule).toBe(macro);
    },
  );

  it('never starts a run while the previous one runs, by default', () => {
    const chart = testChart();
    heartbeat(chart);
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.concurrencyPolicy).toBe('Forbid');
  });

  it('keeps three successful and one failed Job by default', () => {
    const chart = testChart();
    heartbeat(chart);
    const spec = findObject(chart, 'CronJob', 'heartbeat').spec;
    expect(spec.successfulJobsHistoryLimit).toBe(3);
    expect(spec.failedJobsHistoryLimit).toBe(1);
  });

  it('skips a run that could not start within five minutes, by default', () => {
    const chart = testChart();
    heartbeat(chart);
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.startingDeadlineSeconds).toBe(300);
  });

  it('leaves suspend and timeZone unset by default', () => {
    const chart = testChart();
    heartbeat(chart);
    const spec = findObject(chart, 'CronJob', 'heartbeat').spec;
    expect(spec.suspend).toBeUndefined();
    expect(spec.timeZone).toBeUndefined();
  });

  it('writes the concurrency policy, history limits and starting deadline it is given', () => {
    const chart = testChart();
    heartbeat(chart, {
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 0,
      startingDeadline: Duration.minutes(2),
    });
    const spec = findObject(chart, 'CronJob', 'heartbeat').spec;
    expect(spec.concurrencyPolicy).toBe('Replace');
    expect(spec.successfulJobsHistoryLimit).toBe(5);
    expect(spec.failedJobsHistoryLimit).toBe(0);
    expect(spec.startingDeadlineSeconds).toBe(120);
  });

  it('writes the time zone and suspension it is given', () => {
    const chart = testChart();
    heartbeat(chart, { timeZone: 'Europe/Paris', suspend: true });
    const spec = findObject(chart, 'CronJob', 'heartbeat').spec;
    expect(spec.timeZone).toBe('Europe/Paris');
    expect(spec.suspend).toBe(true);
  });

  it('creates Jobs with the Job settings it is given', () => {
    const chart = testChart();
    heartbeat(chart, { completions: 2, parallelism: 2, backoffLimit: 0, ttlAfterFinished: Duration.minutes(10) });
    const job = findObject(chart, 'CronJob', 'heartbeat').spec.jobTemplate.spec;
    expect(job.completions).toBe(2);
    expect(job.parallelism).toBe(2);
    expect(job.backoffLimit).toBe(0);
    expect(job.ttlSecondsAfterFinished).toBe(600);
  });

  it('creates Jobs whose pods never restart in place by default', () => {
    const chart = testChart();
    heartbeat(chart);
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('creates Jobs whose pods restart in place with RestartPolicy.ON_FAILURE', () => {
    const chart = testChart();
    heartbeat(chart, { restartPolicy: RestartPolicy.ON_FAILURE });
    expect(findObject(chart, 'CronJob', 'heartbeat').spec.jobTemplate.spec.template.spec.restartPolicy).toBe(
      'OnFailure',
    );
  });

  it('labels the pods of its Jobs with its name', () => {
    const chart = testChart();
    heartbeat(chart, { name: 'beat' });
    expect(
      findObject(chart, 'CronJob', 'beat').spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name'],
    ).toBe('beat');
  });

  it('runs the pods of its Jobs with the restricted security context', () => {
    const chart = testChart();
    heartbeat(chart);
    const pod = findObject(chart, 'CronJob', 'heartbeat').spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('accepts a name of 52 characters', () => {
    const chart = testChart();
    const job = heartbeat(chart, { name: 'a'.repeat(52) });
    expect(job.name).toHaveLength(52);
  });

  it('fails when its name is longer than 52 characters', () => {
    const chart = testChart();
    const name = 'a'.repeat(53);
    expect(() => heartbeat(chart, { name })).toThrow(
      new RegExp(`^test/heartbeat: name must be at most 52 characters, got "${name}" \\(53\\)$`),
    );
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { name: 'Heart_Beat' })).toThrow(
      /^test\/heartbeat: name must be a DNS-1123 subdomain .*, got "Heart_Beat"; rename it, e\.g\. "heart-beat"$/,
    );
  });

  it('fails when the schedule has six fields', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('0 * * * * *') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "0 \\* \\* \\* \\* \\*": 6 fields$`),
    );
  });

  it('fails when the schedule has four fields', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('* * * *') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "\\* \\* \\* \\*": 4 fields$`),
    );
  });

  it('fails when the schedule is not a cron expression', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('every minute') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "every minute": 2 fields$`),
    );
  });

  it('fails when the minute is 61', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('61 * * * *') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "61 \\* \\* \\* \\*": minute "61": 61 is above the maximum, 59$`),
    );
  });

  it('fails when the hour is 24', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: Cron.schedule({ minute: '0', hour: '24' }) })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "0 24 \\* \\* \\*": hour "24": 24 is above the maximum, 23$`),
    );
  });

  it('fails when a field holds letters that are no month or day name', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('x * * * *') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "x \\* \\* \\* \\*": minute "x": "x" is not a number$`),
    );
  });

  it('fails when the macro is not one the controller knows', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { schedule: cron('@reboot') })).toThrow(
      new RegExp(`^test/heartbeat: ${ALLOWED}, got "@reboot": "@reboot" is not a descriptor robfig/cron knows$`),
    );
  });

  it('fails when successfulJobsHistoryLimit is negative', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { successfulJobsHistoryLimit: -1 })).toThrow(
      /^test\/heartbeat: successfulJobsHistoryLimit must be an integer of 0 or more, got -1$/,
    );
  });

  it('fails when failedJobsHistoryLimit is negative', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { failedJobsHistoryLimit: -1 })).toThrow(
      /^test\/heartbeat: failedJobsHistoryLimit must be an integer of 0 or more, got -1$/,
    );
  });

  it('fails, at its own path, when its Jobs would run more pods at once than must complete', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { completions: 1, parallelism: 2 })).toThrow(
      /^test\/heartbeat: parallelism 2 is more than completions 1; no more than 1 pods can run: lower parallelism to 1, or raise completions to 2$/,
    );
  });

  it('fails, at its own path, when its Jobs have a negative backoffLimit', () => {
    const chart = testChart();
    expect(() => heartbeat(chart, { backoffLimit: -1 })).toThrow(
      /^test\/heartbeat: backoffLimit must be an integer of 0 or more, got -1$/,
    );
  });

  // The API server parses schedules with robfig/cron ParseStandard, which knows none of other cron dialects' extensions:
  // 'L' (last day), '#' (nth weekday) and 'H' (hashed). checkCronSchedule refuses them at synthesis.
  it.each(['0 0 L * *', '0 9 * * 1#1', 'H * * * *'])(
    'fails when the schedule %s uses an extension of other cron dialects, which Kubernetes rejects',
    (expression) => {
      const chart = testChart();
      expect(() => heartbeat(chart, { schedule: cron(expression) })).toThrow(
        /^test\/heartbeat: schedule must be five fields/,
      );
    },
  );

  it('fails for a time zone the tz database does not have', () => {
    expect(() => heartbeat(testChart(), { timeZone: 'Europe/Pariss' })).toThrow(
      'test/heartbeat: timeZone must be an IANA time zone such as "Europe/Paris" or "UTC", got "Europe/Pariss"',
    );
  });

  it('fails for a time zone in the wrong case, naming the right one', () => {
    expect(() => heartbeat(testChart(), { timeZone: 'utc' })).toThrow(
      'test/heartbeat: timeZone must be an IANA time zone such as "Europe/Paris" or "UTC", got "utc"; write "UTC"',
    );
  });

  it('carries the recommended name label on itself and on the pods of its Jobs', () => {
    const chart = testChart();
    heartbeat(chart);
    const cronJob = findObject(chart, 'CronJob', 'heartbeat');
    expect(cronJob.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'heartbeat' });
    expect(cronJob.spec.jobTemplate.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'heartbeat',
    });
  });

  it('may reach the API server when it runs as its own ServiceAccount', () => {
    const chart = testChart();
    heartbeat(chart, { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'beat') });
    expect(findObject(chart, 'NetworkPolicy', 'heartbeat-to-api-server').spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'heartbeat',
      'app.kubernetes.io/instance': 'test-dev',
    });
  });
});
