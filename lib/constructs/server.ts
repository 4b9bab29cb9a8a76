import * as kplus from 'cdk8s-plus-27';
import { ContainerProps, EnvVars, Mount, Resources } from './container';
import { DeploymentProps } from './deployment';
import { LifecycleHandler } from './lifecycle-handler';
import { MetadataProps } from './metadata';
import { Probe } from './probe';
import { ISelectable } from './pod-spec';
import { checkEnvShape, checkResourcesShape } from './pod-spec-shape';
import { METADATA_SHAPE, PropCheck, PropShape, is } from './prop-shapes';
import { Volume } from './volume';

/** The props a server passes on to its Deployment as they are: how it scales, rolls out, runs and is scheduled. */
const SERVER_DEPLOYMENT_KEYS = [
  'autoscaling',
  'disruptionBudget',
  'strategy',
  'revisionHistoryLimit',
  'initContainers',
  'serviceAccount',
  'automountServiceAccountToken',
  'fsGroup',
  'terminationGracePeriod',
  'nodeSelector',
  'tolerations',
  'affinity',
  'topologySpread',
  'priorityClassName',
  'imagePullSecrets',
  'dnsConfig',
  'hostAliases',
] as const;

/** What a server takes of its Deployment's props, for an app that needs more than the defaults. */
export type ServerDeploymentProps = Pick<DeploymentProps, (typeof SERVER_DEPLOYMENT_KEYS)[number]>;

/** The props of `ServerDeploymentProps` of a server's props, for its Deployment. */
export function serverDeploymentProps(props: ServerDeploymentProps): ServerDeploymentProps {
  return Object.fromEntries(SERVER_DEPLOYMENT_KEYS.map((key) => [key, props[key]])) as ServerDeploymentProps;
}

/** What a server behind a Service takes, whether it speaks HTTP (`WebService`) or not (`BackendService`). */
export interface ServerProps extends MetadataProps, ServerDeploymentProps {
  /** The image, with a tag or digest. */
  readonly image: string;
  /** Why this revision exists, shown by `kubectl rollout history`. @default - no change cause */
  readonly changeCause?: string;
  /** Replaces the image's entrypoint. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint, e.g. `['serve']` where the worker of the same image runs `['worker']`. @default - the image's arguments */
  readonly args?: readonly string[];
  /** Until it succeeds once, readiness and liveness wait: for a server that starts slowly. @default - none */
  readonly startup?: Probe;
  /** Environment variables: a string, or an `EnvValue` from a ConfigMap, Secret or field. @default - none */
  readonly env?: EnvVars;
  /** A Secret whose keys become environment variables. @default - none */
  readonly secret?: kplus.ISecret;
  /** ConfigMaps whose keys become environment variables, e.g. settings shared with a Job or a worker. @default - none */
  readonly envFromConfigMaps?: readonly kplus.IConfigMap[];
  /** Directories the server writes under its read-only root filesystem, each an emptyDir. @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** More volumes for the server's container (a Secret's files, a claim, ...). @default - none */
  readonly mounts?: readonly Mount[];
  /** Requests and limits. @default - see `Resources` */
  readonly resources?: Resources;
  /** The numeric user the server runs as. @default - see `ContainerProps.user` */
  readonly user?: number;
  /** Run before the server's container is sent SIGTERM, e.g. a drain, or a pause while endpoints drop the pod. @default - none */
  readonly preStop?: LifecycleHandler;
  /** Run right after the server's container starts. @default - none */
  readonly postStart?: LifecycleHandler;
  /**
   * More containers in each pod beside the server's, e.g. a proxy in front of it or a log shipper, each with the props
   * of any container and a name of its own; the Service keeps to the server's port. @default - none
   */
  readonly sidecars?: readonly ContainerProps[];
  /** Let the server listen on a port below 1024 (adds only NET_BIND_SERVICE). @default false */
  readonly allowPrivilegedPorts?: boolean;
  /** The only workloads whose pods may connect to the Service, e.g. `[web]`; `[]` none. @default - see `ServiceProps.allowFrom` */
  readonly allowFrom?: readonly ISelectable[];
  /** Labels added to the Deployment's selector, its pods and the Service's selector. @default - see `PodSpecProps.selectorLabels` */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** Labels of the pods only. @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of the pods. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/**
 * The shape of `ServerProps`; the props a server passes on to its Deployment as they are, the Deployment checks (the
 * message then names the Deployment, e.g. `shop/web/Deployment: strategy must be ...`).
 */
export const SERVER_SHAPE = {
  ...(Object.fromEntries(SERVER_DEPLOYMENT_KEYS.map((key) => [key, is.checkedElsewhere])) as Record<
    (typeof SERVER_DEPLOYMENT_KEYS)[number],
    PropCheck
  >),
  ...METADATA_SHAPE,
  image: is.required(is.anyText),
  changeCause: is.anyText,
  command: is.texts,
  args: is.texts,
  startup: is.checkedElsewhere,
  env: checkEnvShape,
  secret: is.named,
  envFromConfigMaps: is.list(is.named, '[settings]'),
  writablePaths: is.texts,
  mounts: is.list(is.checkedElsewhere, '[{ volume, path }]'),
  resources: checkResourcesShape,
  user: is.count(0),
  preStop: is.instance(LifecycleHandler, "LifecycleHandler.exec(['drain'])"),
  postStart: is.instance(LifecycleHandler, "LifecycleHandler.exec(['warm-up'])"),
  sidecars: is.list(is.checkedElsewhere, "[{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' }]"),
  allowPrivilegedPorts: is.bool,
  allowFrom: is.list(is.checkedElsewhere, '[apiDeployment]'),
  selectorLabels: is.textMap,
  podLabels: is.textMap,
  podAnnotations: is.textMap,
} satisfies PropShape<ServerProps>;

/** An emptyDir mount for each path a server writes under its read-only root filesystem (`/tmp` when none is given). */
export function writableMounts(paths: readonly string[] = ['/tmp']): Mount[] {
  return paths.map((path, index) => ({ volume: Volume.fromEmptyDir(`scratch-${index}`), path }));
}
