import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { ContainerPort, Mount, checkPortName } from './container';
import { Deployment } from './deployment';
import { objectMetadata } from './metadata';
import { ISelectable } from './pod-spec';
import { Probe } from './probe';
import { Service } from './service';
import { checkDnsSubdomain, checkString } from './validation';
import { PropShape, checkShape, is } from './prop-shapes';
import {
  SERVER_SHAPE,
  ServerProps,
  checkExtraPorts,
  extraContainerPorts,
  extraServicePorts,
  serverDeploymentProps,
  serverServiceProps,
  writableMounts,
} from './server';

/** Properties of a `BackendService`. */
export interface BackendServiceProps extends ServerProps {
  /** The name of the Deployment, its container and the Service. @default - the construct id */
  readonly name?: string;
  /** The TCP port the server listens on, e.g. 6379 for Redis. */
  readonly port: number;
  /** The port's name, for what it speaks (an IANA service name such as "redis", "mysql" or "amqp"). */
  readonly portName: string;
  /** The port the Service offers. @default - the same as `port` */
  readonly servicePort?: number;
  /** Pods to run. @default 1, or what `autoscaling` decides */
  readonly replicas?: number;
  /** When a pod may receive traffic. @default - a TCP connect to the port */
  readonly readiness?: Probe;
  /** When a pod must be restarted; make it cheaper or more patient than readiness. @default - none */
  readonly liveness?: Probe;
}

/** The shape of `BackendServiceProps`. */
const BACKEND_SERVICE_SHAPE = {
  ...SERVER_SHAPE,
  name: is.text,
  port: is.required(is.port),
  portName: is.required((scope, field, value) => checkPortName(scope, field, checkString(scope, field, value))),
  servicePort: is.port,
  replicas: is.count(0),
  readiness: is.checkedElsewhere,
  liveness: is.checkedElsewhere,
} satisfies PropShape<BackendServiceProps>;

/**
 * A server that speaks TCP but not HTTP (a database, a cache, a queue): a Deployment whose readiness is a TCP connect
 * (or a probe of yours, e.g. `Probe.exec(['redis-cli', 'ping'])`), behind a ClusterIP Service on a port named for what
 * it speaks. The sibling of `WebService`, which probes over HTTP. For data that must outlive a pod, use a
 * `StatefulSet`.
 */
export class BackendService extends Construct implements ISelectable {
  /** The Deployment that runs the server. */
  public readonly deployment: Deployment;
  /** The Service in front of it. */
  public readonly service: Service;

  public constructor(scope: Construct, id: string, props: BackendServiceProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, BACKEND_SERVICE_SHAPE);
    const name = checkDnsSubdomain(this, 'name', props.name ?? id);
    objectMetadata(this, name, props);
    const metadata = { labels: props.labels, annotations: props.annotations };
    const servicePort = props.servicePort ?? props.port;
    checkExtraPorts(this, { name: props.portName, number: props.port, servicePort }, props.extraPorts, props.sidecars);
    const mounts: Mount[] = [...writableMounts(props.writablePaths), ...(props.mounts ?? [])];
    this.deployment = new Deployment(this, 'Deployment', {
      ...serverDeploymentProps(props),
      ...metadata,
      name,
      // An autoscaler sets the replicas; given with it, they are refused (Deployment).
      replicas: props.replicas ?? (props.autoscaling === undefined ? 1 : undefined),
      changeCause: props.changeCause,
      selectorLabels: props.selectorLabels,
      podLabels: props.podLabels,
      podAnnotations: props.podAnnotations,
      containers: [
        {
          name,
          image: props.image,
          command: props.command,
          args: props.args,
          ports: [{ number: props.port, name: props.portName }, ...extraContainerPorts(props.extraPorts)],
          env: props.env,
          envFromConfigMaps: props.envFromConfigMaps,
          envFromSecrets: props.secret === undefined ? undefined : [props.secret],
          mounts,
          readiness: props.readiness ?? Probe.tcpSocket(props.portName),
          liveness: props.liveness,
          startup: props.startup,
          resources: props.resources,
          user: props.user,
          allowPrivilegedPorts: props.allowPrivilegedPorts,
          preStop: props.preStop,
          postStart: props.postStart,
        },
        ...(props.sidecars ?? []),
      ],
    });
    this.service = new Service(this, 'Service', {
      ...serverServiceProps(props),
      ...metadata,
      name,
      type: props.serviceType,
      selector: this.deployment,
      allowFrom: props.allowFrom,
      ports: [
        { port: servicePort, targetPort: props.portName, nodePort: props.nodePort, name: props.portName },
        ...extraServicePorts(props.extraPorts),
      ],
    });
  }

  /** The labels of its pods, for a Service, a PodDisruptionBudget or another server's `allowFrom`. */
  public get selectorLabels(): Readonly<Record<string, string>> {
    return this.deployment.selectorLabels;
  }

  /** The ports its containers listen on. */
  public get containerPorts(): readonly ContainerPort[] {
    return this.deployment.containerPorts;
  }
}
