import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { RestartPolicy } from './pod-spec';
import { PropShape, is } from './prop-shapes';
import { ONE_POD_SPREAD_EXEMPTION, WORKLOAD_SHAPE, Workload, WorkloadProps, restartPolicyOf } from './workload';

/** Properties of a bare `Pod`. */
export interface PodProps extends WorkloadProps {
  /** When the kubelet restarts the pod's containers. @default RestartPolicy.ALWAYS */
  readonly restartPolicy?: RestartPolicy;
}

/** The shape of `PodProps`. */
const POD_SHAPE = {
  ...WORKLOAD_SHAPE,
  restartPolicy: is.oneOf(Object.values(RestartPolicy)),
} satisfies PropShape<PodProps>;

/**
 * A single pod: one or more containers that share a network address (they reach each other on `localhost`) and
 * volumes. Nothing recreates it when it dies; use a Deployment for that.
 */
export class Pod extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubePod;

  public constructor(scope: Construct, id: string, props: PodProps) {
    super(scope, id, props, restartPolicyOf(props) ?? RestartPolicy.ALWAYS, false, POD_SHAPE);
    if (props.topologySpread === undefined) {
      this.settle('topologySpreadConstraint', ONE_POD_SPREAD_EXEMPTION);
    }
    this.apiObject = new k8s.KubePod(this, 'Resource', {
      metadata: this.objectMetadata(this.podTemplate.metadata),
      spec: this.podTemplate.spec,
    });
    this.addNewerPodFields(this.apiObject);
  }
}
