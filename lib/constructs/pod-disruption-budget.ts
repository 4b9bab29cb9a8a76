import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { ISelectable } from './pod-spec';
import { checkCount, checkDnsSubdomain } from './validation';

/** Whether a drain may evict a pod of the budget that runs but is not ready. */
export enum UnhealthyPodEvictionPolicy {
  /** Only while the budget holds counting the ready pods alone: a pod that never gets ready can block every drain. */
  IF_HEALTHY_BUDGET = 'IfHealthyBudget',
  /** Always: a pod that is not ready serves nothing the budget protects, so it never blocks a drain. */
  ALWAYS_ALLOW = 'AlwaysAllow',
}

/** How many pods of a workload a voluntary disruption may take, and which. */
export interface DisruptionBudgetOptions {
  /** Pods that may be down at once during voluntary disruptions (node drains, upgrades). @default 1 */
  readonly maxUnavailable?: number;
  /** Whether a drain may evict a pod that is not ready; `ALWAYS_ALLOW` keeps a crash-looping pod from blocking it. @default - UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET, Kubernetes' own */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
}

/** The shape of `DisruptionBudgetOptions`. */
export const DISRUPTION_BUDGET_OPTIONS_SHAPE = {
  maxUnavailable: is.count(1),
  unhealthyPodEvictionPolicy: is.oneOf(Object.values(UnhealthyPodEvictionPolicy)),
} satisfies PropShape<DisruptionBudgetOptions>;

/** Properties of a `PodDisruptionBudget`. */
export interface PodDisruptionBudgetProps extends DisruptionBudgetOptions, MetadataProps {
  /** The budget's name. @default - the construct id */
  readonly name?: string;
  /** The workload whose pods it protects. */
  readonly selector: ISelectable;
}

/** The shape of `PodDisruptionBudgetProps`. */
const POD_DISRUPTION_BUDGET_SHAPE = {
  ...METADATA_SHAPE,
  ...DISRUPTION_BUDGET_OPTIONS_SHAPE,
  name: is.text,
  selector: is.required(is.having('selectorLabels', 'a workload whose pods it protects, e.g. a Deployment')),
} satisfies PropShape<PodDisruptionBudgetProps>;

/** A PodDisruptionBudget: limits how many pods of a workload a node drain may take down at once. */
export class PodDisruptionBudget extends Construct {
  /** The budget's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubePodDisruptionBudget;

  public constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, POD_DISRUPTION_BUDGET_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const maxUnavailable = checkCount(this, 'maxUnavailable', props.maxUnavailable ?? 1, 1);
    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable),
        selector: { matchLabels: { ...props.selector.selectorLabels } },
        unhealthyPodEvictionPolicy: props.unhealthyPodEvictionPolicy,
      },
    });
  }
}
