import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ContainerPort, ContainerProps, EnvVars, Mount, Resources, checkPortName } from './container';
import { DeploymentProps } from './deployment';
import { LifecycleHandler } from './lifecycle-handler';
import { MetadataProps } from './metadata';
import { Probe } from './probe';
import { checkContainerShape, checkEnvShape, checkResourcesShape } from './pod-spec-shape';
import { METADATA_SHAPE, PropCheck, PropShape, is } from './prop-shapes';
import { CLIENTS_SHAPE, ServiceClient, ServicePort, ServiceProps, ServiceType, checkAppProtocol } from './service';
import { checkString, fail } from './validation';
import { Volume } from './volume';

/** The props a server passes on to its Deployment as they are: how it scales, rolls out, runs and is scheduled. */
const SERVER_DEPLOYMENT_KEYS = [
  'autoscaling',
  'disruptionBudget',
  'strategy',
  'revisionHistoryLimit',
  'minReady',
  'progressDeadline',
  'initContainers',
  'serviceAccount',
  'automountServiceAccountToken',
  'fsGroup',
  'terminationGracePeriod',
  'nodeSelector',
  'tolerations',
  'affinity',
  'antiAffinity',
  'topologySpread',
  'priorityClassName',
  'runtimeClassName',
  'imagePullSecrets',
  'dnsConfig',
  'dnsPolicy',
  'hostAliases',
  'enableServiceLinks',
  'shareProcessNamespace',
  'fsGroupChangePolicy',
  'supplementalGroups',
] as const;

/** What a server takes of its Deployment's props, for an app that needs more than the defaults. */
export type ServerDeploymentProps = Pick<DeploymentProps, (typeof SERVER_DEPLOYMENT_KEYS)[number]>;

/** The props of `ServerDeploymentProps` of a server's props, for its Deployment. */
export function serverDeploymentProps(props: ServerDeploymentProps): ServerDeploymentProps {
  return Object.fromEntries(SERVER_DEPLOYMENT_KEYS.map((key) => [key, props[key]])) as ServerDeploymentProps;
}

/** The props a server passes on to its Service as they are: how clients reach its pods. */
const SERVER_SERVICE_KEYS = [
  'sessionAffinity',
  'externalTrafficPolicy',
  'internalTrafficPolicy',
  'loadBalancerSourceRanges',
  'loadBalancerClass',
] as const;

/** What a server takes of its Service's props, beyond its type and ports. */
export type ServerServiceProps = Pick<ServiceProps, (typeof SERVER_SERVICE_KEYS)[number]>;

/** The props of `ServerServiceProps` of a server's props, for its Service. */
export function serverServiceProps(props: ServerServiceProps): ServerServiceProps {
  return Object.fromEntries(SERVER_SERVICE_KEYS.map((key) => [key, props[key]])) as ServerServiceProps;
}

/** A port of a server beside its main one, e.g. metrics or gRPC: its container declares it, its Service offers it. */
export interface ServerPort {
  /** The port's name, for what it speaks (an IANA service name, e.g. "metrics" or "grpc"); the Service maps it by name. */
  readonly name: string;
  /** The port the container listens on. */
  readonly number: number;
  /** The port the Service offers. @default - the same as `number` */
  readonly servicePort?: number;
  /** The protocol. @default kplus.Protocol.TCP */
  readonly protocol?: kplus.Protocol;
  /**
   * What the port speaks above its protocol, for proxies and load balancers: an IANA name ("http", "https") or
   * Kubernetes' own ("kubernetes.io/h2c" for gRPC over cleartext HTTP/2). @default - none
   */
  readonly appProtocol?: string;
  /**
   * The only clients of this port, e.g. `[{ namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } }]` for a
   * metrics port; `[]` none. @default - the server's `allowFrom`
   */
  readonly allowFrom?: readonly ServiceClient[];
}

/** The shape of `ServerPort`. */
export const SERVER_PORT_SHAPE = {
  name: is.required((scope, field, value) => checkPortName(scope, field, checkString(scope, field, value))),
  number: is.required(is.port),
  servicePort: is.port,
  protocol: is.oneOf(Object.values(kplus.Protocol)),
  appProtocol: is.text,
  allowFrom: CLIENTS_SHAPE,
} satisfies PropShape<ServerPort>;

/** What a server behind a Service takes, whether it speaks HTTP (`WebService`) or not (`BackendService`). */
export interface ServerProps extends MetadataProps, ServerDeploymentProps, ServerServiceProps {
  /** The image, with a tag or digest. */
  readonly image: string;
  /** How the Service is reached. @default ServiceType.CLUSTER_IP */
  readonly serviceType?: ServiceType;
  /** The node port of the server's own port, for ServiceType.NODE_PORT or LOAD_BALANCER. @default - one Kubernetes picks */
  readonly nodePort?: number;
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
  /**
   * Ports beside the server's own, e.g. metrics scraped from a monitoring namespace, or gRPC beside HTTP, each with its
   * own clients; an Ingress still routes the server's own port only. @default - none
   */
  readonly extraPorts?: readonly ServerPort[];
  /** Let the server listen on a port below 1024 (adds only NET_BIND_SERVICE). @default false */
  readonly allowPrivilegedPorts?: boolean;
  /** The only workloads whose pods may connect to the Service, e.g. `[web]`; `[]` none. @default - see `ServiceProps.allowFrom` */
  readonly allowFrom?: readonly ServiceClient[];
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
  ...(Object.fromEntries(
    [...SERVER_DEPLOYMENT_KEYS, ...SERVER_SERVICE_KEYS].map((key) => [key, is.checkedElsewhere]),
  ) as Record<(typeof SERVER_DEPLOYMENT_KEYS)[number] | (typeof SERVER_SERVICE_KEYS)[number], PropCheck>),
  ...METADATA_SHAPE,
  image: is.required(is.anyText),
  serviceType: is.oneOf(Object.values(ServiceType)),
  nodePort: is.port,
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
  // Here, not only as its Deployment's containers: the check of `extraPorts` reads the sidecars' ports.
  sidecars: is.list(checkContainerShape, "[{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' }]"),
  extraPorts: is.list(is.object(SERVER_PORT_SHAPE), "[{ name: 'metrics', number: 9090 }]"),
  allowPrivilegedPorts: is.bool,
  allowFrom: CLIENTS_SHAPE,
  selectorLabels: is.textMap,
  podLabels: is.textMap,
  podAnnotations: is.textMap,
} satisfies PropShape<ServerProps>;

/** An emptyDir mount for each path a server writes under its read-only root filesystem (`/tmp` when none is given). */
export function writableMounts(paths: readonly string[] = ['/tmp']): Mount[] {
  return paths.map((path, index) => ({ volume: Volume.fromEmptyDir(`scratch-${index}`), path }));
}

/** A server's own port: its container's, and the Service's in front of it. */
export interface MainServerPort {
  readonly name: string;
  readonly number: number;
  readonly servicePort: number;
}

/** A port of the pod, and how a message names it when a later port takes its name or number. */
interface TakenPort {
  readonly port: ContainerPort;
  readonly byName: string;
  readonly byNumber: string;
}

const protocolOf = (port: { readonly protocol?: kplus.Protocol }): string => port.protocol ?? kplus.Protocol.TCP;

/**
 * The rules of `extraPorts` beyond their shape: a name and a number (per protocol) of their own in the pod, against the
 * server's port, each other and the sidecars' (two containers of a pod share its ports), and a Service port of their
 * own.
 */
export function checkExtraPorts(
  scope: IConstruct,
  main: MainServerPort,
  extraPorts: readonly ServerPort[] = [],
  sidecars: readonly ContainerProps[] = [],
): void {
  const taken: TakenPort[] = [
    { port: main, byName: `the server's port ${main.number}`, byNumber: `the server's port "${main.name}"` },
    ...sidecars.flatMap((sidecar) =>
      (sidecar.ports ?? []).map((port) => ({
        port,
        byName: `sidecar "${sidecar.name}"'s port ${port.number}`,
        byNumber: `sidecar "${sidecar.name}"'s port${port.name === undefined ? '' : ` "${port.name}"`}`,
      })),
    ),
  ];
  const offered = new Map([[`${main.servicePort}/TCP`, main.name]]);
  extraPorts.forEach((extra, index) => {
    const field = `extraPorts[${index}]`;
    checkAppProtocol(scope, `${field}.appProtocol`, extra.appProtocol);
    const sameName = taken.find((other) => other.port.name === extra.name);
    if (sameName !== undefined) {
      fail(
        scope,
        `${field}.name "${extra.name}" is already the name of ${sameName.byName}; give each port a name of its own, ` +
          'for what it speaks, e.g. "metrics" or "grpc"',
      );
    }
    const key = `${extra.number}/${protocolOf(extra)}`;
    const sameNumber = taken.find((other) => `${other.port.number}/${protocolOf(other.port)}` === key);
    if (sameNumber !== undefined) {
      fail(
        scope,
        `${field}.number ${key} is already ${sameNumber.byNumber}; a container listens on a port once per protocol, ` +
          'so pick another number',
      );
    }
    const serviceKey = `${extra.servicePort ?? extra.number}/${protocolOf(extra)}`;
    const sameServicePort = offered.get(serviceKey);
    if (sameServicePort !== undefined) {
      fail(
        scope,
        `${field}.servicePort ${serviceKey}${extra.servicePort === undefined ? ' (by default its number)' : ''} is ` +
          `already the Service's port for "${sameServicePort}"; set servicePort to a port of its own`,
      );
    }
    taken.push({
      port: extra,
      byName: `${field} (port ${extra.number})`,
      byNumber: `${field} ("${extra.name}")`,
    });
    offered.set(serviceKey, extra.name);
  });
}

/** The container ports of `extraPorts`. */
export function extraContainerPorts(extraPorts: readonly ServerPort[] = []): ContainerPort[] {
  return extraPorts.map((port) => ({ number: port.number, name: port.name, protocol: port.protocol }));
}

/** The Service ports of `extraPorts`, each to its container port by name, with its own clients when it has them. */
export function extraServicePorts(extraPorts: readonly ServerPort[] = []): ServicePort[] {
  return extraPorts.map((port) => ({
    port: port.servicePort ?? port.number,
    targetPort: port.name,
    name: port.name,
    protocol: port.protocol,
    appProtocol: port.appProtocol,
    allowFrom: port.allowFrom,
  }));
}
