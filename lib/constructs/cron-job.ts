import { Cron, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { JOB_SPEC_SHAPE, JobSpecProps, addNewerJobFields, renderJobSpec } from './job';
import { PropShape, is } from './prop-shapes';
import { RestartPolicy } from './pod-spec';
import { checkCount, checkCronSchedule, fail, timeZoneProblem } from './validation';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, restartPolicyOf } from './workload';

/** The longest CronJob name: the controller appends an 11-character suffix to name each Job it creates. */
const MAX_CRON_JOB_NAME = 52;

/** What the controller does when a run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run beside the old one. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the old run and start the new one. */
  REPLACE = 'Replace',
}

/** Properties of a `CronJob`. */
export interface CronJobProps extends WorkloadProps, JobSpecProps {
  /** When to run, in the cluster's time zone unless `timeZone` says otherwise, e.g. `Cron.schedule({ minute: '*\/5' })`. */
  readonly schedule: Cron;
  /** The IANA time zone of the schedule, e.g. "Europe/Paris". @default - the controller's time zone */
  readonly timeZone?: string;
  /** What to do when a run is due and the previous one still runs. @default ConcurrencyPolicy.FORBID */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /** Finished Jobs kept. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept. @default 1 */
  readonly failedJobsHistoryLimit?: number;
  /** A run that could not start within this time of its schedule is skipped. @default Duration.minutes(5) */
  readonly startingDeadline?: Duration;
  /** Stop scheduling new runs. @default false */
  readonly suspend?: boolean;
}

/** The shape of `CronJobProps`. */
const CRON_JOB_SHAPE = {
  ...WORKLOAD_SHAPE,
  ...JOB_SPEC_SHAPE,
  schedule: is.required(is.having('expressionString', "a Cron, e.g. Cron.schedule({ minute: '*/5' })")),
  timeZone: is.text,
  concurrencyPolicy: is.oneOf(Object.values(ConcurrencyPolicy)),
  successfulJobsHistoryLimit: is.count(0),
  failedJobsHistoryLimit: is.count(0),
  startingDeadline: is.seconds,
  suspend: is.bool,
} satisfies PropShape<CronJobProps>;

/** A CronJob: creates a Job on a cron schedule, keeping a few finished ones for `kubectl get jobs` and logs. */
export class CronJob extends Workload {
  /** The schedule as the controller reads it. */
  public readonly schedule: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeCronJob;

  public constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id, props, restartPolicyOf(props) ?? RestartPolicy.NEVER, false, CRON_JOB_SHAPE);
    if (this.name.length > MAX_CRON_JOB_NAME) {
      fail(this, `name must be at most ${MAX_CRON_JOB_NAME} characters, got "${this.name}" (${this.name.length})`);
    }
    this.schedule = checkCronSchedule(this, 'schedule', props.schedule.expressionString);
    const timeZone = props.timeZone === undefined ? undefined : timeZoneProblem(props.timeZone);
    if (timeZone !== undefined) {
      fail(this, `timeZone ${timeZone}`);
    }
    const jobSpec = renderJobSpec(this, this.podTemplate, props);
    this.apiObject = new k8s.KubeCronJob(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        schedule: this.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
        successfulJobsHistoryLimit: checkCount(
          this,
          'successfulJobsHistoryLimit',
          props.successfulJobsHistoryLimit ?? 3,
          0,
        ),
        failedJobsHistoryLimit: checkCount(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit ?? 1, 0),
        startingDeadlineSeconds: (props.startingDeadline ?? Duration.minutes(5)).toSeconds(),
        suspend: props.suspend,
        jobTemplate: { spec: jobSpec },
      },
    });
    this.addNewerPodFields(this.apiObject);
    addNewerJobFields(this.apiObject, jobSpec);
  }
}
