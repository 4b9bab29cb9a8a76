import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { RestartPolicy } from './pod-spec';
import { WORKLOAD_SHAPE, Workload, WorkloadProps } from './workload';

/** Properties of a `DaemonSet`. */
export type DaemonSetProps = WorkloadProps;

/**
 * A DaemonSet: one pod on every node (or every node its `nodeSelector`, affinity and tolerations allow), for node
 * agents such as log shippers and monitoring exporters. Nodes added later get their pod too.
 */
export class DaemonSet extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeDaemonSet;

  public constructor(scope: Construct, id: string, props: DaemonSetProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, false, WORKLOAD_SHAPE);
    this.apiObject = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        template: this.podTemplate,
      },
    });
    this.addNewerPodFields(this.apiObject);
  }
}
