import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { checkDnsSubdomain, fail } from './validation';

/** Whether pods of a class may evict pods of lower priority to be scheduled. */
export enum PreemptionPolicy {
  /** Evict pods of lower priority when no node has room (Kubernetes' default). */
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  /** Wait for room ahead of lower-priority pods in the scheduling queue, evicting none: e.g. batch work. */
  NEVER = 'Never',
}

/** The lowest value a PriorityClass takes (an int32). */
const MIN_PRIORITY = -(2 ** 31);

/** The highest value of a PriorityClass other than the cluster's own (Kubernetes' HighestUserDefinablePriority). */
export const HIGHEST_USER_PRIORITY = 1_000_000_000;

/** The prefix of the names Kubernetes keeps for the cluster's own PriorityClasses. */
export const SYSTEM_PRIORITY_PREFIX = 'system-';

/** Properties of a `PriorityClass`. */
export interface PriorityClassProps extends MetadataProps {
  /** The class's name, which pods name in `priorityClassName`. @default - the construct id */
  readonly name?: string;
  /**
   * The priority of its pods: the higher, the earlier scheduled and the later preempted. Values above 1000000000 are
   * reserved for the cluster's system classes.
   */
  readonly value: number;
  /** What the class is for, shown by `kubectl describe`. @default - none */
  readonly description?: string;
  /** Whether its pods may evict pods of lower priority. @default - PreemptionPolicy.PREEMPT_LOWER_PRIORITY, Kubernetes' own */
  readonly preemptionPolicy?: PreemptionPolicy;
  /** Give its value to every pod that names no class (one class of the cluster at most). @default false */
  readonly globalDefault?: boolean;
}

/** The shape of `PriorityClassProps`. */
const PRIORITY_CLASS_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  value: is.required(is.count(MIN_PRIORITY)),
  description: is.anyText,
  preemptionPolicy: is.oneOf(Object.values(PreemptionPolicy)),
  globalDefault: is.bool,
} satisfies PropShape<PriorityClassProps>;

/**
 * A PriorityClass (cluster-wide): a priority that pods name in `priorityClassName`, which decides who is scheduled
 * first and who is preempted first. One the cluster has already is declared in the environment's
 * `external.priorityClasses` instead. cdk8s-plus-27 has no PriorityClass.
 */
export class PriorityClass extends Construct {
  /** The class's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubePriorityClass;

  public constructor(scope: Construct, id: string, props: PriorityClassProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, PRIORITY_CLASS_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    if (this.name.startsWith(SYSTEM_PRIORITY_PREFIX)) {
      fail(
        this,
        `name "${this.name}" starts with "${SYSTEM_PRIORITY_PREFIX}", which Kubernetes keeps for the cluster's own PriorityClasses; name it without "${SYSTEM_PRIORITY_PREFIX}", or name a built-in class in priorityClassName instead of making it`,
      );
    }
    if (props.value > HIGHEST_USER_PRIORITY) {
      fail(
        this,
        `value must be at most ${HIGHEST_USER_PRIORITY} (higher values are kept for the cluster's own classes), got ${props.value}; give ${HIGHEST_USER_PRIORITY} to outrank every other class`,
      );
    }
    this.apiObject = new k8s.KubePriorityClass(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      value: props.value,
      description: props.description,
      preemptionPolicy: props.preemptionPolicy,
      globalDefault: props.globalDefault,
    });
  }
}
