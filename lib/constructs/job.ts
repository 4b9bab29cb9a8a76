import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PodSpecProps, RestartPolicy } from './pod-spec';
import { checkCount, fail } from './validation';
import { POD_SPEC_SHAPE } from './pod-spec-shape';
import { PropShape, is } from './prop-shapes';
import { WORKLOAD_SHAPE, Workload, WorkloadProps } from './workload';

/** How a Job counts its pods' completions. */
export enum CompletionMode {
  /** Any `completions` pods that succeed complete the Job (Kubernetes' default). */
  NON_INDEXED = 'NonIndexed',
  /**
   * Each pod gets an index from 0 to completions - 1 (env JOB_COMPLETION_INDEX, and in its hostname), and the Job is
   * complete when one pod of each index succeeded: work split by index, or members of a group that need stable names.
   */
  INDEXED = 'Indexed',
}

/** The most pods an Indexed Job may run at once: the API server's limit (its completions may be more). */
export const MAX_INDEXED_PARALLELISM = 100_000;

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
  /** Whether the pods are told their index, and each index must succeed once. @default CompletionMode.NON_INDEXED */
  readonly completionMode?: CompletionMode;
  /** Restart failed containers in place (`OnFailure`) or leave them and start a new pod (`Never`). @default RestartPolicy.NEVER */
  readonly restartPolicy?: RestartPolicy.NEVER | RestartPolicy.ON_FAILURE;
}

/** The shape of `JobSpecProps`. */
export const JOB_SPEC_SHAPE = {
  ...POD_SPEC_SHAPE,
  completions: is.count(1),
  parallelism: is.count(1),
  backoffLimit: is.count(0),
  ttlAfterFinished: is.seconds,
  activeDeadline: is.seconds,
  restartPolicy: is.oneOf([RestartPolicy.NEVER, RestartPolicy.ON_FAILURE]),
  completionMode: is.oneOf(Object.values(CompletionMode)),
} satisfies PropShape<JobSpecProps>;

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
  if (props.completionMode === CompletionMode.INDEXED && parallelism > MAX_INDEXED_PARALLELISM) {
    fail(
      scope,
      `parallelism ${parallelism} is more than an Indexed Job runs at once (${MAX_INDEXED_PARALLELISM}); run at most ` +
        `${MAX_INDEXED_PARALLELISM} pods at once (completions may stay ${completions})`,
    );
  }
  return {
    completions,
    parallelism,
    completionMode: props.completionMode,
    backoffLimit: checkCount(scope, 'backoffLimit', props.backoffLimit ?? 3, 0),
    ttlSecondsAfterFinished: (props.ttlAfterFinished ?? Duration.hours(1)).toSeconds(),
    activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
    template,
  };
}

/** The shape of `JobProps`. */
const JOB_SHAPE = { ...WORKLOAD_SHAPE, ...JOB_SPEC_SHAPE } satisfies PropShape<JobProps>;

/**
 * A Job: runs pods until `completions` of them succeed, then stops; deleted `ttlAfterFinished` later. As every
 * workload, it carries the recommended labels and, when it runs as its own ServiceAccount, may reach the API server.
 */
export class Job extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeJob;

  public constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props, props.restartPolicy ?? RestartPolicy.NEVER, false, JOB_SHAPE);
    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: renderJobSpec(this, this.podTemplate, props),
    });
    this.addNewerPodFields(this.apiObject);
  }
}
