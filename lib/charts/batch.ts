import { Cron, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { ConcurrencyPolicy, CronJob } from '../constructs/cron-job';
import { Job } from '../constructs/job';
import { AppChart } from './app-chart';
import { BUSYBOX_IMAGE } from './pods';

/**
 * Jobs and CronJobs: a Job that must succeed three times, two pods at a time, and a CronJob that runs every
 * minute, never twice at once, keeping the last three successful runs.
 */
export class BatchChart extends AppChart {
  /** The Job. */
  public readonly job: Job;
  /** The CronJob. */
  public readonly cronJob: CronJob;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-batch' });
    this.job = new Job(this, 'count-to-ten', {
      completions: 3,
      parallelism: 2,
      backoffLimit: 4,
      ttlAfterFinished: Duration.hours(1),
      containers: [
        { name: 'count', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'for i in $(seq 1 10); do echo $i; done'] },
      ],
    });
    this.cronJob = new CronJob(this, 'heartbeat', {
      schedule: Cron.everyMinute(),
      concurrencyPolicy: ConcurrencyPolicy.FORBID,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      startingDeadline: Duration.minutes(2),
      ttlAfterFinished: Duration.minutes(10),
      containers: [{ name: 'beat', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'date; echo "still alive"'] }],
    });
  }
}
