import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { ContainerPort } from './container';
import * as k8s from '../../imports/k8s';
import { podTemplatePath } from '../kinds/kinds';
import { AUTOSCALING_SHAPE, AutoscalingOptions, HorizontalPodAutoscaler, IScalable } from './horizontal-pod-autoscaler';
import { Labels } from './labels';
import { MetadataProps, OwnMetadata, objectMetadata } from './metadata';
import { DEFAULT_DENY_CONTEXT, NetworkPolicy } from './network-policy';
import { DISRUPTION_BUDGET_OPTIONS_SHAPE, DisruptionBudgetOptions, PodDisruptionBudget } from './pod-disruption-budget';
import { ISelectable, PodSpecProps, RestartPolicy, renderPodTemplate } from './pod-spec';
import { exemptFromPolicy, withToolExemption } from './policy-exemption';
import { POD_SPEC_SHAPE } from './pod-spec-shape';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import { checkCount, checkDnsSubdomain, fail } from './validation';

/** Properties every workload takes: a name and its pods. */
export interface WorkloadProps extends PodSpecProps, MetadataProps {
  /** The object's name in its namespace; `kubectl get` shows it. @default - the construct id */
  readonly name?: string;
}

/** Properties of workloads that run several copies of a pod. */
export interface ReplicatedWorkloadProps extends WorkloadProps {
  /** How many pods to run. @default 2 */
  readonly replicas?: number;
  /**
   * Add a PodDisruptionBudget that lets a node drain take only one pod down at once (when replicas > 1), or with
   * options, e.g. `{ unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW }`; false adds none. @default true
   */
  readonly disruptionBudget?: boolean | DisruptionBudgetOptions;
  /** Let a HorizontalPodAutoscaler set the replicas (then `replicas` must not be given). @default - a fixed `replicas` */
  readonly autoscaling?: AutoscalingOptions;
}

/** The shape of `WorkloadProps` (the pod spec's own is checked when the pods are rendered). */
export const WORKLOAD_SHAPE = {
  ...POD_SPEC_SHAPE,
  ...METADATA_SHAPE,
  name: is.text,
} satisfies PropShape<WorkloadProps>;

/** The shape of `ReplicatedWorkloadProps`. */
export const REPLICATED_WORKLOAD_SHAPE = {
  ...WORKLOAD_SHAPE,
  replicas: is.count(0),
  disruptionBudget: is.boolOrObject(DISRUPTION_BUDGET_OPTIONS_SHAPE, '{ maxUnavailable, unhealthyPodEvictionPolicy }'),
  autoscaling: is.object(AUTOSCALING_SHAPE),
} satisfies PropShape<ReplicatedWorkloadProps>;

/** The restart policy props give, read before their shape is checked (untyped code may pass null, refused then). */
export function restartPolicyOf(props: { readonly restartPolicy?: RestartPolicy }): RestartPolicy | undefined {
  return (props as { readonly restartPolicy?: RestartPolicy } | null | undefined)?.restartPolicy;
}

/** Whether a replicated workload may run more than one pod, and so spreads its pods by default. */
export function isReplicated(props: ReplicatedWorkloadProps): boolean {
  // Read before the props' shape is checked: untyped code may pass null, which the check then refuses.
  const given = props as ReplicatedWorkloadProps | null | undefined;
  return (given?.autoscaling?.maxReplicas ?? given?.replicas ?? 2) > 1;
}

/**
 * Why a workload is exempt from Polaris' metadataAndInstanceMismatched, which wants `app.kubernetes.io/instance` to be
 * the object's name: here, as in the Kubernetes recommended labels and Helm, it names the instance of the application
 * (`<chart>-<env>`), which the selectors and pruning by label rely on.
 */
export const INSTANCE_LABEL_EXEMPTION =
  'app.kubernetes.io/instance names the application instance (<chart>-<env>) that selectors use, not the object';

/** Why a workload of one pod is exempt from Polaris' missingPodDisruptionBudget. */
export const ONE_POD_BUDGET_EXEMPTION =
  'one pod: a PodDisruptionBudget would protect nothing or block every node drain';

/** Why a workload of one pod is exempt from Polaris' topologySpreadConstraint. */
export const ONE_POD_SPREAD_EXEMPTION = 'one pod: a topology spread has nothing to spread';

/**
 * Why a workload under its namespace's default-deny NetworkPolicy is exempt from Polaris' missingNetworkPolicy: Polaris
 * counts only a policy that selects the pod's labels by `matchLabels` and allows some ingress and some egress in the
 * same object, so the deny-all policy (empty selector, no rules) does not count, and satisfying it would open pods
 * that need no traffic in. The project's own `network-policy` check is the gate.
 */
export const DEFAULT_DENY_EXEMPTION =
  "the namespace's default-deny NetworkPolicy governs its pods both ways (Polaris counts only a policy allowing both)";

/** The construct id of a workload's PodDisruptionBudget. */
const DISRUPTION_BUDGET_ID = 'DisruptionBudget';

/** The API server's ports, which pods that use the API must reach. */
const API_SERVER_PORTS = [443, 6443];

/**
 * The API server's addresses that the `<workload>-to-api-server` policy allows: the environment's `apiServerCidrs`,
 * from the AppChart the workload is in (read by shape, so that constructs do not import charts). Undefined in a bare
 * cdk8s Chart, which has no environment and no default-deny policy.
 */
function apiServerCidrs(scope: Construct): readonly string[] | undefined {
  const chart = Chart.of(scope) as Chart & { readonly env?: { readonly apiServerCidrs?: readonly string[] } };
  return chart.env?.apiServerCidrs;
}

/** A construct that runs pods and that Services can select. */
export abstract class Workload extends Construct implements ISelectable {
  /** The object's name in its namespace. */
  public readonly name: string;
  /** The labels its pods carry and that select them. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ports its containers listen on. */
  public readonly containerPorts: readonly ContainerPort[];
  /** The recommended and selector labels of the workload object. */
  private readonly workloadLabels: Readonly<Record<string, string>>;
  /** The rendered pod template, for subclasses to place in their spec. */
  protected readonly podTemplate: k8s.PodTemplateSpec;
  private scaler?: HorizontalPodAutoscaler;
  /** Polaris checks that the construct's own choices settle, each with why, written as exemptions on the object. */
  private readonly settled: { readonly check: string; readonly reason: string }[] = [];

  protected constructor(
    scope: Construct,
    id: string,
    private readonly props: WorkloadProps,
    restartPolicy: RestartPolicy,
    spreadByDefault: boolean,
    shape: Readonly<Record<string, PropCheck>>,
  ) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, shape);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const rendered = renderPodTemplate(this, this.name, props, restartPolicy, spreadByDefault);
    this.selectorLabels = rendered.selectorLabels;
    this.containerPorts = rendered.containerPorts;
    this.workloadLabels = rendered.workloadLabels;
    this.podTemplate = rendered.template;
    if (Chart.of(this).labels[Labels.INSTANCE] !== undefined) {
      this.settle('metadataAndInstanceMismatched', INSTANCE_LABEL_EXEMPTION);
    }
    if (this.node.tryGetContext(DEFAULT_DENY_CONTEXT) === true) {
      this.settle('missingNetworkPolicy', DEFAULT_DENY_EXEMPTION);
    }
    if (props.serviceAccount !== undefined && props.automountServiceAccountToken !== false) {
      new NetworkPolicy(this, 'ApiServerAccess', {
        name: `${this.name}-to-api-server`,
        podSelector: this.selectorLabels,
        egress: [
          {
            peers: apiServerCidrs(this)?.map((cidr) => ({ cidr })),
            ports: API_SERVER_PORTS.map((port) => ({ port })),
          },
        ],
      });
    }
  }

  /** The autoscaler that sets its replicas: the one `autoscaling` makes, or one made apart that scales it. */
  public get autoscaler(): HorizontalPodAutoscaler | undefined {
    return this.scaler;
  }

  /**
   * Leaves the replicas to a HorizontalPodAutoscaler made apart that scales this workload (it calls this as it is
   * made): the spec then leaves them out, as under `autoscaling`, so that an apply does not undo what the autoscaler
   * set; its PodDisruptionBudget follows the autoscaler's minReplicas, as under `autoscaling` (none for one pod).
   * Refused when the workload sets `replicas`, or when another autoscaler scales it.
   */
  public scaledBy(autoscaler: HorizontalPodAutoscaler): void {
    const props = this.props as ReplicatedWorkloadProps;
    if (props.autoscaling !== undefined && this.scaler === undefined) {
      return; // the autoscaler of `autoscaling`, which resolveReplicas is making
    }
    if (this.scaler !== undefined) {
      fail(
        autoscaler,
        `target ${this.node.path} is already scaled by ${this.scaler.node.path}; a workload takes one autoscaler`,
      );
    }
    const replicas = props.replicas;
    if (replicas !== undefined) {
      fail(
        autoscaler,
        `target ${this.node.path} sets replicas ${replicas}, which the autoscaler would set; remove replicas from ` +
          `${this.node.path} (minReplicas is the floor)`,
      );
    }
    this.scaler = autoscaler;
    ApiObject.of(this).addJsonPatch(JsonPatch.remove('/spec/replicas'));
    if (autoscaler.minReplicas <= 1) {
      // As under `autoscaling`, the budget is for the least pods: the one made for the default two goes.
      this.node.tryRemoveChild(DISRUPTION_BUDGET_ID);
      exemptFromPolicy(ApiObject.of(this), {
        rules: [],
        polarisChecks: ['missingPodDisruptionBudget'],
        reason: ONE_POD_BUDGET_EXEMPTION,
      });
    }
  }

  /**
   * The metadata of the workload object itself: its name, the user's labels and annotations, and its pods' recommended
   * and selector labels, which win on the same key, as do the construct's `own` annotations.
   */
  protected objectMetadata(own: OwnMetadata = {}): k8s.ObjectMeta {
    const annotations = this.settled.reduce(
      (merged, { check, reason }) => withToolExemption(merged, { polarisChecks: [check], reason }),
      { ...this.props.annotations, ...own.annotations },
    );
    return objectMetadata(this, this.name, this.props, { labels: this.workloadLabels, ...own, annotations });
  }

  /**
   * Adds to the workload's API object, as JSON patches at its pod template's path, the fields of its pods that the 1.27
   * bindings (imports/k8s) drop when they render it: a lifecycle hook's `sleep`, and an init container's
   * `restartPolicy` (a native sidecar). Each workload calls it on its object.
   */
  protected addNewerPodFields(resource: ApiObject): void {
    const spec = this.podTemplate.spec;
    const template = ['', ...(podTemplatePath(resource.kind) ?? []), 'spec'];
    for (const list of ['containers', 'initContainers'] as const) {
      (spec?.[list] ?? []).forEach((container, index) => {
        const at = (...path: (string | number)[]) => [...template, list, index, ...path].join('/');
        const { restartPolicy } = container as { readonly restartPolicy?: string };
        if (restartPolicy !== undefined) {
          resource.addJsonPatch(JsonPatch.add(at('restartPolicy'), restartPolicy));
        }
        for (const hook of ['postStart', 'preStop'] as const) {
          const handler = container.lifecycle?.[hook] as { readonly sleep?: object } | undefined;
          if (handler?.sleep !== undefined) {
            resource.addJsonPatch(JsonPatch.add(at('lifecycle', hook), { sleep: handler.sleep }));
          }
        }
      });
    }
  }

  /** Records a Polaris check that the construct's own choice settles, and why; `objectMetadata` writes it. */
  protected settle(check: string, reason: string): void {
    this.settled.push({ check, reason });
  }

  /**
   * The replicas to write in the spec: the fixed count, or none under an autoscaler (which it then creates), so that
   * applying the manifests does not undo what the autoscaler set. Adds the PodDisruptionBudget for the least pods.
   */
  protected resolveReplicas(props: ReplicatedWorkloadProps, scalable: IScalable): number | undefined {
    if (!isReplicated(props) && props.topologySpread === undefined) {
      this.settle('topologySpreadConstraint', ONE_POD_SPREAD_EXEMPTION);
    }
    if (props.autoscaling === undefined) {
      const replicas = checkReplicas(this, props.replicas, 2);
      this.addDisruptionBudget(replicas, props.disruptionBudget);
      return replicas;
    }
    if (props.replicas !== undefined) {
      fail(
        this,
        `replicas ${props.replicas} and autoscaling are both given; the autoscaler sets the replicas, so remove ` +
          '`replicas` (autoscaling.minReplicas is the floor)',
      );
    }
    this.scaler = new HorizontalPodAutoscaler(this, 'Autoscaler', {
      ...props.autoscaling,
      name: this.name,
      target: scalable,
    });
    this.addDisruptionBudget(this.scaler.minReplicas, props.disruptionBudget);
    return undefined;
  }

  /** Adds a PodDisruptionBudget (one pod down at once unless its options say), when there is more than one and it is wanted. */
  protected addDisruptionBudget(replicas: number, wanted: boolean | DisruptionBudgetOptions | undefined): void {
    if (replicas <= 1) {
      this.settle('missingPodDisruptionBudget', ONE_POD_BUDGET_EXEMPTION);
    } else if (wanted !== false) {
      const options = typeof wanted === 'object' ? wanted : {};
      new PodDisruptionBudget(this, DISRUPTION_BUDGET_ID, { ...options, name: this.name, selector: this });
    }
  }
}

/** Replicas are 0 (scaled down) or more. */
export function checkReplicas(scope: Construct, replicas: number | undefined, fallback: number): number {
  return checkCount(scope, 'replicas', replicas ?? fallback, 0);
}
