import * as kplus from 'cdk8s-plus-27';
import { EnvVars, Mount, Resources } from './container';
import { DeploymentProps } from './deployment';
import { MetadataProps } from './metadata';
import { Volume } from './volume';

/**
 * What a server passes on to its Deployment as it is: how it scales, rolls out, runs and is scheduled, for an app
 * that needs more than the defaults without leaving the high-level construct.
 */
export type ServerDeploymentProps = Pick<
  DeploymentProps,
  | 'autoscaling'
  | 'disruptionBudget'
  | 'strategy'
  | 'revisionHistoryLimit'
  | 'initContainers'
  | 'serviceAccount'
  | 'automountServiceAccountToken'
  | 'fsGroup'
  | 'terminationGracePeriod'
  | 'nodeSelector'
  | 'tolerations'
  | 'affinity'
  | 'topologySpread'
  | 'priorityClassName'
>;

/** The props of `ServerDeploymentProps` of a server's props, for its Deployment. */
export function serverDeploymentProps(props: ServerDeploymentProps): ServerDeploymentProps {
  return {
    autoscaling: props.autoscaling,
    disruptionBudget: props.disruptionBudget,
    strategy: props.strategy,
    revisionHistoryLimit: props.revisionHistoryLimit,
    initContainers: props.initContainers,
    serviceAccount: props.serviceAccount,
    automountServiceAccountToken: props.automountServiceAccountToken,
    fsGroup: props.fsGroup,
    terminationGracePeriod: props.terminationGracePeriod,
    nodeSelector: props.nodeSelector,
    tolerations: props.tolerations,
    affinity: props.affinity,
    topologySpread: props.topologySpread,
    priorityClassName: props.priorityClassName,
  };
}

/** What a server behind a Service takes, whether it speaks HTTP (`WebService`) or not (`BackendService`). */
export interface ServerProps extends MetadataProps, ServerDeploymentProps {
  /** The image, with a tag or digest. */
  readonly image: string;
  /** Why this revision exists, shown by `kubectl rollout history`. @default - no change cause */
  readonly changeCause?: string;
  /** Environment variables: a string, or an `EnvValue` from a ConfigMap, Secret or field. @default - none */
  readonly env?: EnvVars;
  /** A Secret whose keys become environment variables. @default - none */
  readonly secret?: kplus.ISecret;
  /** Directories the server writes under its read-only root filesystem, each an emptyDir. @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** More volumes for the server's container (a Secret's files, a claim, ...). @default - none */
  readonly mounts?: readonly Mount[];
  /** Requests and limits. @default - see `Resources` */
  readonly resources?: Resources;
  /** The numeric user the server runs as. @default - see `ContainerProps.user` */
  readonly user?: number;
  /** Let the server listen on a port below 1024 (adds only NET_BIND_SERVICE). @default false */
  readonly allowPrivilegedPorts?: boolean;
  /** Labels added to the Deployment's selector, its pods and the Service's selector. @default - see `PodSpecProps.selectorLabels` */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** Labels of the pods only. @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of the pods. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** An emptyDir mount for each path a server writes under its read-only root filesystem (`/tmp` when none is given). */
export function writableMounts(paths: readonly string[] = ['/tmp']): Mount[] {
  return paths.map((path, index) => ({ volume: Volume.fromEmptyDir(`scratch-${index}`), path }));
}
