import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import * as k8s from '../../imports/k8s';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { parseQuantity } from '../checks/value-rules';
import {
  checkCount,
  checkDnsSubdomain,
  checkOptionalSeconds,
  describeGiven,
  fail,
  isPathSegmentName,
} from './validation';

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

/**
 * A metric each pod reports, served by the cluster's custom metrics API (e.g. prometheus-adapter): the autoscaler keeps
 * its average over the pods at `averageValue`, e.g. the requests waiting in each model server's queue.
 */
export interface PodMetric {
  /** The metric's name, as the custom metrics API serves it, e.g. "inference_queue_depth". */
  readonly name: string;
  /** The average per pod the autoscaler aims at: a quantity above 0, e.g. "30" or "500m". */
  readonly averageValue: string;
}

/** The most seconds a scaling policy's period takes (the API server's limit): half an hour. */
const MAX_POLICY_PERIOD = Duration.minutes(30);

/** How much an autoscaler may change the pods over a period, in one direction: by a count of pods or a percentage. */
export class ScalingPolicy {
  /** At most `count` pods added (or removed) over each `period`. */
  public static pods(count: number, period: Duration): ScalingPolicy {
    return new ScalingPolicy('Pods', count, period);
  }

  /** At most `percent` of the current pods added (or removed) over each `period`. */
  public static percent(percent: number, period: Duration): ScalingPolicy {
    return new ScalingPolicy('Percent', percent, period);
  }

  private constructor(
    /** `Pods` or `Percent`, as Kubernetes writes it. */
    public readonly type: 'Pods' | 'Percent',
    /** The pods or percent per period. */
    public readonly value: number,
    /** The period over which the change is counted. */
    public readonly period: Duration,
  ) {}
}

/** Which of a direction's scaling policies applies, or none: the autoscaler does not scale that way. */
export enum ScalingSelect {
  /** The policy that allows the most change (Kubernetes' default). */
  MAX = 'Max',
  /** The policy that allows the least change. */
  MIN = 'Min',
  /** None: the autoscaler never scales in this direction (e.g. a cache that must not lose pods it warmed). */
  DISABLED = 'Disabled',
}

/** How an autoscaler scales a workload: between two counts, to keep the pods' average use at a target. */
export interface AutoscalingOptions {
  /** The fewest pods. @default 1 */
  readonly minReplicas?: number;
  /** The most pods. */
  readonly maxReplicas: number;
  /** The average CPU use, in percent of the pods' CPU requests, the autoscaler aims at. @default - 80, or CPU is not watched when `podMetrics` are given */
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
  /**
   * Metrics of each pod to aim at too, e.g. `[{ name: 'queue_depth', averageValue: '30' }]`; the autoscaler follows
   * whichever metric asks for the most pods. @default - none
   */
  readonly podMetrics?: readonly PodMetric[];
  /**
   * How fast it may add pods, e.g. `[ScalingPolicy.pods(4, Duration.minutes(1))]`; of several, the one that allows
   * the most change applies. @default - Kubernetes' own: 4 pods or 100% per 15 seconds, whichever is more
   */
  readonly scaleUpPolicies?: readonly ScalingPolicy[];
  /** How fast it may remove pods, e.g. `[ScalingPolicy.pods(1, Duration.minutes(2))]`. @default - Kubernetes' own: 100% per 15 seconds */
  readonly scaleDownPolicies?: readonly ScalingPolicy[];
  /** Which scale-up policy applies, or `ScalingSelect.DISABLED` never to add pods. @default ScalingSelect.MAX */
  readonly scaleUpSelect?: ScalingSelect;
  /** Which scale-down policy applies, or `ScalingSelect.DISABLED` never to remove pods. @default ScalingSelect.MAX */
  readonly scaleDownSelect?: ScalingSelect;
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
  // The values are the autoscaler's to check, so that a message names it.
  podMetrics: is.list(
    is.object({ name: is.required(is.anyText), averageValue: is.required(is.anyText) } satisfies PropShape<PodMetric>),
    "[{ name: 'queue_depth', averageValue: '30' }]",
  ),
  scaleUpPolicies: is.list(is.instance(ScalingPolicy, 'ScalingPolicy.pods(4, Duration.minutes(1))')),
  scaleDownPolicies: is.list(is.instance(ScalingPolicy, 'ScalingPolicy.pods(1, Duration.minutes(2))')),
  scaleUpSelect: is.oneOf(Object.values(ScalingSelect)),
  scaleDownSelect: is.oneOf(Object.values(ScalingSelect)),
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
    const podMetrics = (props.podMetrics ?? []).map((metric, index) => this.podMetric(`podMetrics[${index}]`, metric));
    const cpuUtilization = props.cpuUtilization ?? (podMetrics.length > 0 ? undefined : 80);
    const targets: [string, number | undefined][] = [
      ['cpu', cpuUtilization === undefined ? undefined : checkCount(this, 'cpuUtilization', cpuUtilization, 1)],
      [
        'memory',
        props.memoryUtilization === undefined
          ? undefined
          : checkCount(this, 'memoryUtilization', props.memoryUtilization, 1),
      ],
    ];
    const scaleDown = this.scalingRules(
      this.stabilization('scaleDownStabilization', props.scaleDownStabilization),
      this.policies('scaleDownPolicies', props.scaleDownPolicies),
      props.scaleDownSelect,
    );
    const scaleUp = this.scalingRules(
      this.stabilization('scaleUpStabilization', props.scaleUpStabilization),
      this.policies('scaleUpPolicies', props.scaleUpPolicies),
      props.scaleUpSelect,
    );
    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        scaleTargetRef: { ...props.target.scaleTarget, name: props.target.name },
        minReplicas: this.minReplicas,
        maxReplicas: this.maxReplicas,
        behavior: scaleDown === undefined && scaleUp === undefined ? undefined : { scaleDown, scaleUp },
        metrics: [
          ...targets.flatMap(([name, averageUtilization]) =>
            averageUtilization === undefined
              ? []
              : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } }],
          ),
          ...podMetrics,
        ],
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

  /** A Pods metric whose name and average the API server takes. */
  private podMetric(field: string, metric: PodMetric): k8s.MetricSpecV2 {
    if (metric.name === '' || !isPathSegmentName(metric.name)) {
      fail(
        this,
        `${field}.name ${JSON.stringify(metric.name)} must not be empty, "." or "..", nor contain "/" or "%" (the API ` +
          'server refuses it); name the metric as the custom metrics API serves it, e.g. "queue_depth"',
      );
    }
    if (!((parseQuantity(metric.averageValue) ?? 0) > 0)) {
      fail(
        this,
        `${field}.averageValue ${JSON.stringify(metric.averageValue)} must be a quantity above 0, e.g. "30" or "500m"`,
      );
    }
    return {
      type: 'Pods',
      pods: {
        metric: { name: metric.name },
        target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(metric.averageValue) },
      },
    };
  }

  /** Scaling policies whose values and periods the API server takes: 1 or more per 1 second to half an hour. */
  private policies(
    field: string,
    policies: readonly ScalingPolicy[] | undefined,
  ): k8s.HpaScalingPolicyV2[] | undefined {
    return policies?.map((policy, index) => {
      const where = `${field}[${index}] (ScalingPolicy.${policy.type === 'Pods' ? 'pods' : 'percent'})`;
      if (!Number.isInteger(policy.value) || policy.value < 1) {
        fail(
          this,
          `${where} value must be a whole number of 1 or more, got ${describeGiven(policy.value)}; to stop scaling ` +
            `${field.startsWith('scaleUp') ? 'up, set scaleUpSelect' : 'down, set scaleDownSelect'} to ScalingSelect.DISABLED`,
        );
      }
      const seconds = checkOptionalSeconds(this, `${where} period`, policy.period) ?? 0;
      if (seconds < 1 || seconds > MAX_POLICY_PERIOD.toSeconds()) {
        fail(
          this,
          `${where} period must be from 1 to ${MAX_POLICY_PERIOD.toSeconds()} seconds (half an hour), got ` +
            `${seconds}; e.g. Duration.minutes(1)`,
        );
      }
      return { type: policy.type, value: policy.value, periodSeconds: seconds };
    });
  }

  /** One direction of the behavior: its window, policies and which applies, or nothing when none is given. */
  private scalingRules(
    stabilizationWindowSeconds: number | undefined,
    policies: k8s.HpaScalingPolicyV2[] | undefined,
    selectPolicy: ScalingSelect | undefined,
  ): k8s.HpaScalingRulesV2 | undefined {
    return stabilizationWindowSeconds === undefined && policies === undefined && selectPolicy === undefined
      ? undefined
      : { stabilizationWindowSeconds, policies, selectPolicy };
  }
}
