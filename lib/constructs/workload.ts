import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { ContainerPort } from './container';
import * as k8s from '../../imports/k8s';
import { AutoscalingOptions, HorizontalPodAutoscaler, IScalable } from './horizontal-pod-autoscaler';
import { MetadataProps, OwnMetadata, objectMetadata } from './metadata';
import { NetworkPolicy } from './network-policy';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { ISelectable, PodSpecProps, RestartPolicy, renderPodTemplate } from './pod-spec';
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
  /** Add a PodDisruptionBudget that lets a node drain take only one pod down at once (when replicas > 1). @default true */
  readonly disruptionBudget?: boolean;
  /** Let a HorizontalPodAutoscaler set the replicas (then `replicas` must not be given). @default - a fixed `replicas` */
  readonly autoscaling?: AutoscalingOptions;
}

/** Whether a replicated workload may run more than one pod, and so spreads its pods by default. */
export function isReplicated(props: ReplicatedWorkloadProps): boolean {
  return (props.autoscaling?.maxReplicas ?? props.replicas ?? 2) > 1;
}

/** The API server's ports, which pods that use the API must reach. */
const API_SERVER_PORTS = [443, 6443];

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

  protected constructor(
    scope: Construct,
    id: string,
    private readonly props: WorkloadProps,
    restartPolicy: RestartPolicy,
    spreadByDefault = false,
  ) {
    super(scope, uniqueId(scope, id));
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const rendered = renderPodTemplate(this, this.name, props, restartPolicy, spreadByDefault);
    this.selectorLabels = rendered.selectorLabels;
    this.containerPorts = rendered.containerPorts;
    this.workloadLabels = rendered.workloadLabels;
    this.podTemplate = rendered.template;
    if (props.serviceAccount !== undefined && props.automountServiceAccountToken !== false) {
      new NetworkPolicy(this, 'ApiServerAccess', {
        name: `${this.name}-to-api-server`,
        podSelector: this.selectorLabels,
        egress: [{ ports: API_SERVER_PORTS.map((port) => ({ port })) }],
      });
    }
  }

  /** The autoscaler that sets its replicas, when `autoscaling` is given. */
  public get autoscaler(): HorizontalPodAutoscaler | undefined {
    return this.scaler;
  }

  /**
   * The metadata of the workload object itself: its name, the user's labels and annotations, and its pods' recommended
   * and selector labels, which win on the same key, as do the construct's `own` annotations.
   */
  protected objectMetadata(own: OwnMetadata = {}): k8s.ObjectMeta {
    return objectMetadata(this, this.name, this.props, { labels: this.workloadLabels, ...own });
  }

  /**
   * The replicas to write in the spec: the fixed count, or none under an autoscaler (which it then creates), so that
   * applying the manifests does not undo what the autoscaler set. Adds the PodDisruptionBudget for the least pods.
   */
  protected resolveReplicas(props: ReplicatedWorkloadProps, scalable: IScalable): number | undefined {
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

  /** Adds a PodDisruptionBudget allowing one pod down at once, when there is more than one and it is wanted. */
  protected addDisruptionBudget(replicas: number, wanted: boolean | undefined): void {
    if ((wanted ?? true) && replicas > 1) {
      new PodDisruptionBudget(this, 'DisruptionBudget', { name: this.name, selector: this });
    }
  }
}

/** Replicas are 0 (scaled down) or more. */
export function checkReplicas(scope: Construct, replicas: number | undefined, fallback: number): number {
  return checkCount(scope, 'replicas', replicas ?? fallback, 0);
}
