import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { RestartPolicy } from './pod-spec';
import { IScalable } from './horizontal-pod-autoscaler';
import { PropShape, is } from './prop-shapes';
import { checkInt32Seconds } from './validation';
import { REPLICATED_WORKLOAD_SHAPE, ReplicatedWorkloadProps, Workload, isReplicated } from './workload';

/** Properties of a `ReplicaSet`. */
export interface ReplicaSetProps extends ReplicatedWorkloadProps {
  /** How many identical pods to keep running. @default 2 */
  readonly replicas?: number;
  /** How long a new pod must stay ready, none of its containers crashing, before it counts as available. @default - at once */
  readonly minReady?: Duration;
}

/** The shape of `ReplicaSetProps`. */
const REPLICA_SET_SHAPE = {
  ...REPLICATED_WORKLOAD_SHAPE,
  minReady: is.seconds,
} satisfies PropShape<ReplicaSetProps>;

/**
 * A ReplicaSet: keeps `replicas` identical pods running and replaces any that is deleted. cdk8s-plus-27 has no
 * ReplicaSet; Deployments manage ReplicaSets for you, so use one directly only to see how they work.
 */
export class ReplicaSet extends Workload implements IScalable {
  /** Its apiVersion and kind, for an autoscaler. */
  public readonly scaleTarget = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
  /** The number of pods it keeps, or undefined when an autoscaler sets it. */
  public get replicas(): number | undefined {
    return this.autoscaler === undefined ? this.fixedReplicas : undefined;
  }
  /** The replicas it was given or defaults to, before an autoscaler made apart takes them. */
  private readonly fixedReplicas: number | undefined;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeReplicaSet;

  public constructor(scope: Construct, id: string, props: ReplicaSetProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, isReplicated(props), REPLICA_SET_SHAPE);
    this.fixedReplicas = this.resolveReplicas(props, this);
    this.apiObject = new k8s.KubeReplicaSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        replicas: this.fixedReplicas,
        minReadySeconds: checkInt32Seconds(this, 'minReady', props.minReady),
        selector: { matchLabels: { ...this.selectorLabels } },
        template: this.podTemplate,
      },
    });
    this.addNewerPodFields(this.apiObject);
  }
}
