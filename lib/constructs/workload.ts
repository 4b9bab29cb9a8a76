import { Construct } from 'constructs';
import { ContainerPort } from './container';
import * as k8s from '../../imports/k8s';
import { ISelectable, PodSpecProps, RestartPolicy, renderPodTemplate } from './pod-spec';
import { checkCount, checkDnsSubdomain } from './validation';

/** Properties every workload takes: a name and its pods. */
export interface WorkloadProps extends PodSpecProps {
  /** The object's name in its namespace; `kubectl get` shows it. @default - the construct id */
  readonly name?: string;
}

/** A construct that runs pods and that Services can select. */
export abstract class Workload extends Construct implements ISelectable {
  /** The object's name in its namespace. */
  public readonly name: string;
  /** The labels its pods carry and that select them. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ports its containers listen on. */
  public readonly containerPorts: readonly ContainerPort[];
  /** The rendered pod template, for subclasses to place in their spec. */
  protected readonly podTemplate: k8s.PodTemplateSpec;

  protected constructor(scope: Construct, id: string, props: WorkloadProps, restartPolicy: RestartPolicy) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const rendered = renderPodTemplate(this, this.name, props, restartPolicy);
    this.selectorLabels = rendered.selectorLabels;
    this.containerPorts = rendered.containerPorts;
    this.podTemplate = rendered.template;
  }
}

/** Replicas are 0 (scaled down) or more. */
export function checkReplicas(scope: Construct, replicas: number | undefined, fallback: number): number {
  return checkCount(scope, 'replicas', replicas ?? fallback, 0);
}
