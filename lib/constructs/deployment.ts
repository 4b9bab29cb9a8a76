import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { RestartPolicy } from './pod-spec';
import { checkCount } from './validation';
import { ReplicatedWorkloadProps, Workload, checkReplicas } from './workload';

/** The annotation `kubectl rollout history` shows as CHANGE-CAUSE (what `kubectl apply --record` used to write). */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** Properties of a `Deployment`. */
export interface DeploymentProps extends ReplicatedWorkloadProps {
  /** How many pods to run. @default 2 */
  readonly replicas?: number;
  /** Why this revision exists; `kubectl rollout history` lists it per revision. @default - no change cause */
  readonly changeCause?: string;
  /** Old ReplicaSets kept for `kubectl rollout undo`. @default 10 */
  readonly revisionHistoryLimit?: number;
}

/**
 * A Deployment: runs `replicas` pods through a ReplicaSet per revision, rolls out a changed pod template
 * gradually, and keeps old revisions so `kubectl rollout undo` can bring one back.
 */
export class Deployment extends Workload {
  /** The number of pods it runs. */
  public readonly replicas: number;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeDeployment;

  public constructor(scope: Construct, id: string, props: DeploymentProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, (props.replicas ?? 2) > 1);
    this.replicas = checkReplicas(this, props.replicas, 2);
    this.addDisruptionBudget(this.replicas, props.disruptionBudget);
    const revisionHistoryLimit = checkCount(this, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0);
    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: this.objectMetadata({
        annotations: props.changeCause === undefined ? undefined : { [CHANGE_CAUSE_ANNOTATION]: props.changeCause },
      }),
      spec: {
        replicas: this.replicas,
        revisionHistoryLimit,
        selector: { matchLabels: { ...this.selectorLabels } },
        template: this.podTemplate,
      },
    });
  }
}
