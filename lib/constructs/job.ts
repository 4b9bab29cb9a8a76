import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PodSpecProps, RestartPolicy } from './pod-spec';
import { checkCount, fail } from './validation';
import { Workload, WorkloadProps } from './workload';

/** What a Job does: how many pods must succeed, how many run at once, how failures and finished Jobs are handled. */
export interface JobSpecProps extends PodSpecProps {
  /** Pods that must succeed for the Job to complete. @default 1 */
  readonly completions?: number;
  /** Pods that run at the same time. @default 1 */
  readonly parallelism?: number;
  /** Retries before the Job is marked failed. @default 3 */
  readonly backoffLimit?: number;
  /** Delete the finished Job (and its pods) this long after it ends. @default Duration.hours(1) */
  readonly ttlAfterFinished?: Duration;
  /** Fail the Job when it runs longer than this. @default - no deadline */
  readonly activeDeadline?: Duration;
  /** Restart failed containers in place (`OnFailure`) or leave them and start a new pod (`Never`). @default RestartPolicy.NEVER */
  readonly restartPolicy?: RestartPolicy.NEVER | RestartPolicy.ON_FAILURE;
}

/** Properties of a `Job`. */
export interface JobProps extends WorkloadProps, JobSpecProps {}

/** Renders the spec of a Job around its rendered pod template, for a `Job` or the template of a `CronJob`. */
export function renderJobSpec(scope: Construct, template: k8s.PodTemplateSpec, props: JobSpecProps): k8s.JobSpec {
  const completions = checkCount(scope, 'completions', props.completions ?? 1, 1);
  const parallelism = checkCount(scope, 'parallelism', props.parallelism ?? 1, 1);
  if (parallelism > completions) {
    fail(
      scope,
      `parallelism ${parallelism} is more than completions ${completions}; no more than ${completions} pods can run`,
    );
  }
  return {
    completions,
    parallelism,
    backoffLimit: checkCount(scope, 'backoffLimit', props.backoffLimit ?? 3, 0),
    ttlSecondsAfterFinished: (props.ttlAfterFinished ?? Duration.hours(1)).toSeconds(),
    activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
    template,
  };
}

/**
 * A Job: runs pods until `completions` of them succeed, then stops; deleted `ttlAfterFinished` later. As every
 * workload, it carries the recommended labels and, when it runs as its own ServiceAccount, may reach the API server.
 */
export class Job extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeJob;

  public constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props, props.restartPolicy ?? RestartPolicy.NEVER);
    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: renderJobSpec(this, this.podTemplate, props),
    });
    this.addNewerPodFields(this.apiObject);
  }
}
