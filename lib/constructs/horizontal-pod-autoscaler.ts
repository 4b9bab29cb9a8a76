import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import * as k8s from '../../imports/k8s';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { checkCount, checkDnsSubdomain, fail } from './validation';

/** A workload an autoscaler can scale: a Deployment, StatefulSet or ReplicaSet. */
export interface IScalable extends IConstruct {
  /** The workload's name. */
  readonly name: string;
  /** Its apiVersion and kind, as the autoscaler's scaleTargetRef names them. */
  readonly scaleTarget: { readonly apiVersion: string; readonly kind: string };
  /**
   * Told by the autoscaler that scales it, as the autoscaler is made: the workload leaves its replicas to it (and may
   * refuse it, with an error that says why). @default - nothing is told
   */
  scaledBy?(autoscaler: HorizontalPodAutoscaler): void;
}

/** How an autoscaler scales a workload: between two counts, to keep the pods' average use at a target. */
export interface AutoscalingOptions {
  /** The fewest pods. @default 1 */
  readonly minReplicas?: number;
  /** The most pods. */
  readonly maxReplicas: number;
  /** The average CPU use, in percent of the pods' CPU requests, the autoscaler aims at. @default 80 */
  readonly cpuUtilization?: number;
  /** The average memory use, in percent of the pods' memory requests, it also aims at. @default - memory is not watched */
  readonly memoryUtilization?: number;
  /**
   * How far back the autoscaler looks before it removes pods: it keeps the highest count of this window, so that a
   * short dip in load does not scale down (whole seconds, at most an hour). @default - Kubernetes' 5 minutes
   */
  readonly scaleDownStabilization?: Duration;
  /** The same before it adds pods, for load that spikes briefly. @default - none: Kubernetes adds pods at once */
  readonly scaleUpStabilization?: Duration;
}

/** The longest stabilization window the API server takes: an hour. */
const MAX_STABILIZATION = Duration.hours(1);

/** The shape of `AutoscalingOptions`. */
export const AUTOSCALING_SHAPE = {
  minReplicas: is.count(1),
  maxReplicas: is.required(is.count(1)),
  cpuUtilization: is.count(1),
  memoryUtilization: is.count(1),
  scaleDownStabilization: is.seconds,
  scaleUpStabilization: is.seconds,
} satisfies PropShape<AutoscalingOptions>;

/** Properties of a `HorizontalPodAutoscaler`. */
export interface HorizontalPodAutoscalerProps extends AutoscalingOptions, MetadataProps {
  /** The autoscaler's name. @default - the construct id */
  readonly name?: string;
  /** The workload it scales; give it no `replicas`, or every apply resets what the autoscaler set. */
  readonly target: IScalable;
}

/** The shape of `HorizontalPodAutoscalerProps`. */
const HORIZONTAL_POD_AUTOSCALER_SHAPE = {
  ...AUTOSCALING_SHAPE,
  ...METADATA_SHAPE,
  name: is.text,
  target: is.required(is.having('scaleTarget', 'a Deployment, StatefulSet or ReplicaSet')),
} satisfies PropShape<HorizontalPodAutoscalerProps>;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2): adds pods when their average CPU (and, if asked, memory) use is above
 * the target, removes them when below, between `minReplicas` and `maxReplicas`. Needs the cluster's metrics-server.
 */
export class HorizontalPodAutoscaler extends Construct {
  /** The autoscaler's name. */
  public readonly name: string;
  /** The fewest pods it keeps. */
  public readonly minReplicas: number;
  /** The most pods it runs. */
  public readonly maxReplicas: number;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeHorizontalPodAutoscalerV2;

  public constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, HORIZONTAL_POD_AUTOSCALER_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.minReplicas = checkCount(this, 'minReplicas', props.minReplicas ?? 1, 1);
    this.maxReplicas = props.maxReplicas;
    if (!Number.isInteger(this.maxReplicas) || this.maxReplicas < this.minReplicas) {
      fail(
        this,
        `maxReplicas ${this.maxReplicas} is below minReplicas ${this.minReplicas}; raise maxReplicas to ${this.minReplicas} or more`,
      );
    }
    const targets: [string, number | undefined][] = [
      ['cpu', checkCount(this, 'cpuUtilization', props.cpuUtilization ?? 80, 1)],
      [
        'memory',
        props.memoryUtilization === undefined
          ? undefined
          : checkCount(this, 'memoryUtilization', props.memoryUtilization, 1),
      ],
    ];
    const scaleDown = this.stabilization('scaleDownStabilization', props.scaleDownStabilization);
    const scaleUp = this.stabilization('scaleUpStabilization', props.scaleUpStabilization);
    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        scaleTargetRef: { ...props.target.scaleTarget, name: props.target.name },
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        behavior:
          scaleDown === undefined && scaleUp === undefined
            ? undefined
            : { scaleDown: scalingRules(scaleDown), scaleUp: scalingRules(scaleUp) },
        metrics: targets.flatMap(([name, averageUtilization]) =>
          averageUtilization === undefined
            ? []
            : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } }],
        ),
      },
    });
    props.target.scaledBy?.(this);
  }

  /** A stabilization window in whole seconds, from 0 to an hour (the API server's range). */
  private stabilization(field: string, window: Duration | undefined): number | undefined {
    if (window === undefined) {
      return undefined;
    }
    const seconds = window.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_STABILIZATION.toSeconds()) {
      fail(
        this,
        `${field} must be whole seconds from 0 to ${MAX_STABILIZATION.toSeconds()} (an hour), got ${seconds}; ` +
          'e.g. Duration.minutes(5), the default for scaling down',
      );
    }
    return seconds;
  }
}

function scalingRules(stabilizationWindowSeconds: number | undefined): k8s.HpaScalingRulesV2 | undefined {
  return stabilizationWindowSeconds === undefined ? undefined : { stabilizationWindowSeconds };
}
