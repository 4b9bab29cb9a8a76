import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { checkNoTemplateHash } from './labels';
import { RestartPolicy } from './pod-spec';
import { checkCount, checkInt32Seconds, describeGiven, fail } from './validation';
import { IScalable } from './horizontal-pod-autoscaler';
import { PropShape, checkShape, is } from './prop-shapes';
import { REPLICATED_WORKLOAD_SHAPE, ReplicatedWorkloadProps, Workload, isReplicated } from './workload';

/** The annotation `kubectl rollout history` shows as CHANGE-CAUSE (what `kubectl apply --record` used to write). */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** A count of pods, or a percentage of the replicas such as `'25%'`. */
export type PodCount = number | `${number}%`;

/** How far a rolling update may go above and below the replicas. */
export interface RollingUpdateOptions {
  /** Pods created above the replicas during the rollout. @default '25%' */
  readonly maxSurge?: PodCount;
  /** Pods that may be unavailable during the rollout. @default '25%' */
  readonly maxUnavailable?: PodCount;
}

/** How a Deployment replaces its pods when the pod template changes. */
export class DeploymentStrategy {
  /** New pods start while old ones stop, within `maxSurge` above and `maxUnavailable` below the replicas. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): DeploymentStrategy {
    return new DeploymentStrategy('RollingUpdate', options);
  }

  /** Every old pod stops before the new ones start: for apps that cannot run two versions at once. */
  public static recreate(): DeploymentStrategy {
    return new DeploymentStrategy('Recreate');
  }

  private constructor(
    /** `RollingUpdate` or `Recreate`. */
    public readonly type: 'RollingUpdate' | 'Recreate',
    /** The bounds of a rolling update. */
    public readonly rollingUpdate?: RollingUpdateOptions,
  ) {}
}

/** Properties of a `Deployment`. */
export interface DeploymentProps extends ReplicatedWorkloadProps {
  /** How many pods to run. @default 2 */
  readonly replicas?: number;
  /** Why this revision exists; `kubectl rollout history` lists it per revision. @default - no change cause */
  readonly changeCause?: string;
  /** Old ReplicaSets kept for `kubectl rollout undo`. @default 10 */
  readonly revisionHistoryLimit?: number;
  /** How pods are replaced when the template changes. @default - Kubernetes' rolling update, 25% surge and 25% unavailable */
  readonly strategy?: DeploymentStrategy;
  /**
   * How long a new pod must stay ready, none of its containers crashing, before it counts as available and a rollout
   * goes on: a guard against a version that passes its readiness probe and then fails. @default - at once
   */
  readonly minReady?: Duration;
  /**
   * How long a rollout may go without progress before the Deployment reports it failed (`kubectl rollout status`
   * then exits non-zero); longer than `minReady`. @default - 10 minutes
   */
  readonly progressDeadline?: Duration;
}

/** The progress deadline the API server gives a Deployment that sets none (its defaulting). */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** The shape of `DeploymentProps`. */
const DEPLOYMENT_SHAPE = {
  ...REPLICATED_WORKLOAD_SHAPE,
  changeCause: is.anyText,
  revisionHistoryLimit: is.count(0),
  minReady: is.seconds,
  progressDeadline: is.seconds,
  strategy: (scope, field, value) => {
    is.instance(DeploymentStrategy, 'DeploymentStrategy.rollingUpdate({ maxSurge: 1 })')(scope, field, value);
    const options = (value as DeploymentStrategy).rollingUpdate;
    if ((value as DeploymentStrategy).type === 'RollingUpdate') {
      // Their values are checked with the strategy (renderStrategy); a misspelt key would be dropped.
      checkShape(scope, `${field} (DeploymentStrategy.rollingUpdate) options`, options, {
        maxSurge: is.checkedElsewhere,
        maxUnavailable: is.checkedElsewhere,
      } satisfies PropShape<RollingUpdateOptions>);
    }
  },
} satisfies PropShape<DeploymentProps>;

/**
 * A Deployment: runs `replicas` pods through a ReplicaSet per revision, rolls out a changed pod template
 * gradually, and keeps old revisions so `kubectl rollout undo` can bring one back.
 */
export class Deployment extends Workload implements IScalable {
  /** Its apiVersion and kind, for an autoscaler. */
  public readonly scaleTarget = { apiVersion: 'apps/v1', kind: 'Deployment' };
  /** The number of pods it runs, or undefined when an autoscaler sets it. */
  public get replicas(): number | undefined {
    return this.autoscaler === undefined ? this.fixedReplicas : undefined;
  }
  /** The replicas it was given or defaults to, before an autoscaler made apart takes them. */
  private readonly fixedReplicas: number | undefined;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeDeployment;

  public constructor(scope: Construct, id: string, props: DeploymentProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, isReplicated(props), DEPLOYMENT_SHAPE);
    checkNoTemplateHash(this, 'Deployment', props.selectorLabels);
    this.fixedReplicas = this.resolveReplicas(props, this);
    const revisionHistoryLimit = checkCount(this, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0);
    const { minReadySeconds, progressDeadlineSeconds } = this.rolloutTimes(props);
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: this.objectMetadata({
        annotations: props.changeCause === undefined ? undefined : { [CHANGE_CAUSE_ANNOTATION]: props.changeCause },
      }),
      spec: {
        replicas: this.fixedReplicas,
        revisionHistoryLimit,
        minReadySeconds,
        progressDeadlineSeconds,
        strategy: props.strategy === undefined ? undefined : this.renderStrategy(props.strategy),
        selector: { matchLabels: { ...this.selectorLabels } },
        template: this.podTemplate,
      },
    });
    this.addNewerPodFields(this.apiObject);
  }

  /**
   * `minReady` and `progressDeadline` in seconds, each a 32-bit integer, the deadline longer than the minimum (the API
   * server compares them after it defaults the deadline to 600 s).
   */
  private rolloutTimes(props: DeploymentProps): { minReadySeconds?: number; progressDeadlineSeconds?: number } {
    const minReadySeconds = checkInt32Seconds(this, 'minReady', props.minReady);
    const progressDeadlineSeconds = checkInt32Seconds(this, 'progressDeadline', props.progressDeadline);
    const deadline = progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
    if (minReadySeconds !== undefined && deadline <= minReadySeconds) {
      fail(
        this,
        `progressDeadline (${deadline} s${progressDeadlineSeconds === undefined ? ', the default' : ''}) must be longer ` +
          `than minReady (${minReadySeconds} s), or a rollout would be reported stalled before any new pod could count ` +
          'as available (the API server refuses it: progressDeadlineSeconds must be greater than minReadySeconds); ' +
          `lengthen progressDeadline, e.g. Duration.seconds(${minReadySeconds + DEFAULT_PROGRESS_DEADLINE_SECONDS}), or shorten minReady`,
      );
    }
    return { minReadySeconds, progressDeadlineSeconds };
  }

  private renderStrategy(strategy: DeploymentStrategy): k8s.DeploymentStrategy {
    if (strategy.rollingUpdate === undefined) {
      return { type: strategy.type };
    }
    const { maxSurge, maxUnavailable } = strategy.rollingUpdate;
    for (const [field, value] of [
      ['maxSurge', maxSurge],
      ['maxUnavailable', maxUnavailable],
    ] as const) {
      if (value !== undefined && podCountValue(value) === undefined) {
        fail(
          this,
          `strategy.${field} must be an integer of 0 or more or a percentage from 0% to 100%, got ${describeGiven(value)}`,
        );
      }
    }
    if (
      maxSurge !== undefined &&
      maxUnavailable !== undefined &&
      podCountValue(maxSurge) === 0 &&
      podCountValue(maxUnavailable) === 0
    ) {
      fail(
        this,
        'strategy maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod; let one of them be ' +
          '1 or more, e.g. maxSurge: 1',
      );
    }
    const intOrString = (value: PodCount | undefined) =>
      value === undefined
        ? undefined
        : typeof value === 'number'
          ? k8s.IntOrString.fromNumber(value)
          : k8s.IntOrString.fromString(value);
    return {
      type: strategy.type,
      rollingUpdate: { maxSurge: intOrString(maxSurge), maxUnavailable: intOrString(maxUnavailable) },
    };
  }
}

/** The number a pod count stands for (a percentage's number), or undefined when it is not one Kubernetes takes. */
export function podCountValue(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  }
  const match = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return match !== null && Number(match[1]) <= 100 ? Number(match[1]) : undefined;
}
