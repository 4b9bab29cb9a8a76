import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PodCount, podCountValue } from './deployment';
import { RestartPolicy } from './pod-spec';
import { checkNoTemplateHash } from './labels';
import { PropShape, checkShape, is } from './prop-shapes';
import { checkInt32Seconds, describeGiven, fail } from './validation';
import { WORKLOAD_SHAPE, Workload, WorkloadProps } from './workload';

/**
 * How far a DaemonSet's rolling update goes: exactly one of the two above 0, since a DaemonSet either takes a node's
 * old pod down before it starts the new one, or starts the new one beside it first.
 */
export interface DaemonSetRollingUpdateOptions {
  /** Nodes whose pod may be down at once, a count or a share of the nodes such as `'10%'`. @default 1 */
  readonly maxUnavailable?: PodCount;
  /**
   * Nodes that may run the new pod beside the old one until it is ready, so that no node goes without its agent;
   * with `maxUnavailable: 0`. @default 0
   */
  readonly maxSurge?: PodCount;
}

/** How a DaemonSet replaces its pods when the pod template changes. */
export class DaemonSetUpdateStrategy {
  /** Node by node, within `maxUnavailable` nodes down (or `maxSurge` nodes running two pods) at once. */
  public static rollingUpdate(options: DaemonSetRollingUpdateOptions = {}): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('RollingUpdate', options);
  }

  /** A node's pod is replaced only when someone deletes it. */
  public static onDelete(): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('OnDelete');
  }

  private constructor(
    /** `RollingUpdate` or `OnDelete`. */
    public readonly type: 'RollingUpdate' | 'OnDelete',
    /** The bounds of a rolling update, as JavaScript may give them; the DaemonSet checks them. */
    public readonly rollingUpdate?: DaemonSetRollingUpdateOptions,
  ) {}
}

/** Properties of a `DaemonSet`. */
export interface DaemonSetProps extends WorkloadProps {
  /**
   * How pods are replaced when the template changes, e.g. `DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable:
   * '10%' })`. @default - Kubernetes' rolling update, one node at a time (maxUnavailable 1)
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;
  /**
   * How long a new pod must stay ready, none of its containers crashing, before it counts as available and a rolling
   * update goes on to the next node. @default - at once
   */
  readonly minReady?: Duration;
  /** Old revisions (ControllerRevisions) kept for `kubectl rollout undo`. @default 10 (Kubernetes') */
  readonly revisionHistoryLimit?: number;
}

/** The shape of `DaemonSetProps`. */
const DAEMON_SET_SHAPE = {
  ...WORKLOAD_SHAPE,
  minReady: is.seconds,
  revisionHistoryLimit: is.count(0),
  updateStrategy: (scope, field, value) => {
    is.instance(DaemonSetUpdateStrategy, 'DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 1 })')(
      scope,
      field,
      value,
    );
    const strategy = value as DaemonSetUpdateStrategy;
    if (strategy.type === 'RollingUpdate') {
      // Their values are checked with the strategy (renderUpdateStrategy); a misspelt key would be dropped.
      checkShape(scope, `${field} (DaemonSetUpdateStrategy.rollingUpdate) options`, strategy.rollingUpdate, {
        maxUnavailable: is.checkedElsewhere,
        maxSurge: is.checkedElsewhere,
      } satisfies PropShape<DaemonSetRollingUpdateOptions>);
    }
  },
} satisfies PropShape<DaemonSetProps>;

/** Kubernetes' bounds of a DaemonSet's rolling update when one is not given. */
const DEFAULT_BOUNDS = { maxUnavailable: 1, maxSurge: 0 } as const;

/**
 * A DaemonSet: one pod on every node (or every node its `nodeSelector`, affinity and tolerations allow), for node
 * agents such as log shippers and monitoring exporters. Nodes added later get their pod too.
 */
export class DaemonSet extends Workload {
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeDaemonSet;

  public constructor(scope: Construct, id: string, props: DaemonSetProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, false, DAEMON_SET_SHAPE);
    checkNoTemplateHash(this, 'DaemonSet', props.selectorLabels);
    this.apiObject = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        minReadySeconds: checkInt32Seconds(this, 'minReady', props.minReady),
        revisionHistoryLimit: props.revisionHistoryLimit,
        updateStrategy:
          props.updateStrategy === undefined ? undefined : this.renderUpdateStrategy(props.updateStrategy),
        template: this.podTemplate,
      },
    });
    this.addNewerPodFields(this.apiObject);
  }

  /** A rolling update's bounds are counts or percentages up to 100%, exactly one of them above 0 (with the defaults). */
  private renderUpdateStrategy(strategy: DaemonSetUpdateStrategy): k8s.DaemonSetUpdateStrategy {
    if (strategy.rollingUpdate === undefined) {
      return { type: strategy.type };
    }
    const given = strategy.rollingUpdate;
    const bounds = { ...DEFAULT_BOUNDS, ...given };
    for (const field of ['maxUnavailable', 'maxSurge'] as const) {
      if (podCountValue(bounds[field]) === undefined) {
        fail(
          this,
          `updateStrategy.${field} must be an integer of 0 or more or a percentage from 0% to 100%, got ` +
            describeGiven(bounds[field]),
        );
      }
    }
    const shown = (field: keyof DaemonSetRollingUpdateOptions) =>
      given[field] === undefined ? `${DEFAULT_BOUNDS[field]} (the default)` : JSON.stringify(given[field]);
    const described = `maxUnavailable ${shown('maxUnavailable')} and maxSurge ${shown('maxSurge')}`;
    const unavailable = podCountValue(bounds.maxUnavailable) ?? 0;
    const surge = podCountValue(bounds.maxSurge) ?? 0;
    if (unavailable === 0 && surge === 0) {
      fail(
        this,
        `updateStrategy ${described} are both 0, so a rollout could never replace a pod; let one of them be 1 or ` +
          'more, e.g. maxUnavailable: 1',
      );
    }
    if (unavailable > 0 && surge > 0) {
      fail(
        this,
        `updateStrategy ${described} are both above 0, which the API server refuses: a DaemonSet either starts the ` +
          'new pod beside the old one (maxSurge) or takes the old one down first (maxUnavailable); set ' +
          'maxUnavailable: 0 to surge, or remove maxSurge',
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
      rollingUpdate: { maxUnavailable: intOrString(given.maxUnavailable), maxSurge: intOrString(given.maxSurge) },
    };
  }
}
