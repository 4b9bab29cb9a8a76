import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { checkPortName } from './container';
import { Labels } from './labels';
import {
  NAMESPACE_NAME_LABEL,
  NETWORK_POLICY_PEER_SHAPE,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
} from './network-policy';
import { ISelectable } from './pod-spec';
import { intOrString } from './probe';
import { releaseOf } from './lifecycle-handler';
import { serviceNameProblem } from '../checks/value-rules';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkNodePort,
  checkOptionalSeconds,
  checkPort,
  checkUnique,
  describeGiven,
  describeValue,
  fail,
  hostOfUrl,
  isCidr,
  oneAddressHint,
  isLabelKey,
  isPlainObject,
} from './validation';

/** How a Service is reached. */
export enum ServiceType {
  /** A virtual IP reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** A cluster IP plus the same port (30000-32767) on every node. */
  NODE_PORT = 'NodePort',
  /** A node port plus an external load balancer from the cloud provider. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A DNS alias (CNAME) for a host outside the cluster; no proxying, no selector. */
  EXTERNAL_NAME = 'ExternalName',
}

/** Which of a Service's pods its traffic may go to. */
export enum TrafficPolicy {
  /** Any ready pod of the Service, on any node (Kubernetes' default). */
  CLUSTER = 'Cluster',
  /**
   * Only pods on the node the traffic reaches: no hop to another node, and, for external traffic, the client's address
   * kept; a node without such a pod drops the traffic.
   */
  LOCAL = 'Local',
}

/** Options of `SessionAffinity.clientIp`. */
export interface ClientIpAffinityOptions {
  /** How long after its last connection a client keeps its pod, from 1 second to a day. @default - 3 hours (Kubernetes') */
  readonly timeout?: Duration;
}

/** The longest a Service keeps a client on one pod (the API servers refuse more). */
const MAX_AFFINITY_SECONDS = 86400;

/** Whether a Service sends each client's connections to the same pod. */
export class SessionAffinity {
  /** A client's connections go to one pod, by its address, until `timeout` after its last one. */
  public static clientIp(options: ClientIpAffinityOptions = {}): SessionAffinity {
    return new SessionAffinity('ClientIP', options);
  }

  /** Each connection may go to any pod (Kubernetes' default). */
  public static none(): SessionAffinity {
    return new SessionAffinity('None');
  }

  private constructor(
    /** `ClientIP` or `None`. */
    public readonly type: 'ClientIP' | 'None',
    /** The options of a ClientIP affinity. */
    public readonly options?: ClientIpAffinityOptions,
  ) {}
}

/**
 * Who may connect to a Service's pods: a workload of the project (its pods, in its namespace), or pods the project does
 * not make, as a NetworkPolicy peer, e.g. Prometheus' namespace `{ namespaces: { 'kubernetes.io/metadata.name':
 * 'monitoring' } }`.
 */
export type ServiceClient = ISelectable | NetworkPolicyPeer;

/** One port of a Service. */
export interface ServicePort {
  /** The port clients connect to. */
  readonly port: number;
  /** The container port number or name traffic goes to. @default - the same number as `port` */
  readonly targetPort?: number | string;
  /** The port on every node (NodePort and LoadBalancer only). @default - one Kubernetes picks */
  readonly nodePort?: number;
  /** The port's name; required when there is more than one. @default - no name */
  readonly name?: string;
  /** The protocol. @default kplus.Protocol.TCP */
  readonly protocol?: kplus.Protocol;
  /**
   * What the port speaks above its protocol, for proxies and load balancers: an IANA name ("http", "https") or
   * Kubernetes' own ("kubernetes.io/h2c" for gRPC over cleartext HTTP/2, "kubernetes.io/ws"). @default - none
   */
  readonly appProtocol?: string;
  /**
   * The only clients of this port, instead of the Service's `allowFrom`, e.g. a monitoring namespace for a metrics
   * port; `[]` none. @default - the Service's `allowFrom`
   */
  readonly allowFrom?: readonly ServiceClient[];
}

/** A Service an Ingress routes to: one of the project's, or one made outside it (`Service.fromName`). */
export interface IService extends IConstruct {
  /** The Service's name. */
  readonly name: string;
  /** The Service's type. */
  readonly type: ServiceType;
  /** Its ports. */
  readonly ports: readonly ServicePort[];
  /** The labels of the pods it sends traffic to, when the project knows them. */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** The container ports its traffic goes to, as a NetworkPolicy names them. */
  readonly targetPorts: NetworkPolicyPort[];
}

/** A port of a Service the project does not create: no `allowFrom`, since no policy of the project's opens its pods. */
export type ServiceRefPort = Omit<ServicePort, 'allowFrom'>;

/** What the project knows of a Service it does not create. */
export interface ServiceRefOptions {
  /** The ports the Service offers. */
  readonly ports: readonly ServiceRefPort[];
  /** The Service's type. @default ServiceType.CLUSTER_IP */
  readonly type?: ServiceType;
}

/** A Service the project refers to but does not create; its pods are not the project's, so no policy opens them. */
class ServiceRef extends Construct implements IService {
  public readonly type: ServiceType;
  public readonly ports: readonly ServicePort[];

  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    options: ServiceRefOptions,
  ) {
    super(scope, uniqueId(scope, id));
    checkDnsLabel(this, 'Service.fromName name', name);
    checkShape(this, 'Service.fromName options', options, {
      ports: is.required(is.list(is.object(SERVICE_REF_PORT_SHAPE), '[{ port: 80 }]')),
      type: is.oneOf(Object.values(ServiceType)),
    } satisfies PropShape<ServiceRefOptions>);
    this.type = options.type ?? ServiceType.CLUSTER_IP;
    this.ports = options.ports;
    checkPorts(this, 'Service.fromName ports', this.type, this.ports);
  }

  public get targetPorts(): NetworkPolicyPort[] {
    return targetPortsOf(this.ports);
  }
}

/**
 * The rules of a Service's ports, alike for a Service the project creates and one it refers to (`Service.fromName`),
 * whose ports become Ingress backends: `field` names the ports in the message (`ports`, `Service.fromName ports`).
 */
function checkPorts(scope: IConstruct, field: string, type: ServiceType, ports: readonly ServicePort[]): void {
  if (ports.length > 1 && ports.some((port) => port.name === undefined)) {
    fail(scope, `a Service with more than one port must name each of them; add \`name\` to every port of \`${field}\``);
  }
  checkUnique(
    scope,
    `${field}.name`,
    ports.flatMap((port) => (port.name === undefined ? [] : [port.name])),
  );
  const seen = new Set<string>();
  for (const port of ports) {
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (seen.has(key)) {
      fail(
        scope,
        `${field} has port ${key} more than once; remove the repeated port, or change its number or protocol`,
      );
    }
    seen.add(key);
  }
  for (const port of ports) {
    checkPort(scope, `${field}.port`, port.port);
    if (port.name !== undefined) {
      checkDnsLabel(scope, `${field}.name`, port.name);
    }
    checkAppProtocol(scope, `${field}.appProtocol`, port.appProtocol);
    if (port.nodePort !== undefined) {
      if (type !== ServiceType.NODE_PORT && type !== ServiceType.LOAD_BALANCER) {
        fail(scope, `nodePort ${port.nodePort} needs type NodePort or LoadBalancer, got ${type}`);
      }
      checkNodePort(scope, `${field}.nodePort`, port.nodePort);
    }
    const target = port.targetPort ?? port.port;
    if (typeof target === 'number') {
      checkPort(scope, `${field}.targetPort`, target);
    } else {
      checkPortName(scope, `${field}.targetPort`, target);
    }
  }
}

/** The container ports that Service ports send their traffic to, as a NetworkPolicy names them. */
export function targetPortsOf(ports: readonly ServicePort[]): NetworkPolicyPort[] {
  return ports.map((port) => ({ port: port.targetPort ?? port.port, protocol: port.protocol }));
}

/** Properties of a `Service`. */
export interface ServiceProps extends MetadataProps {
  /** The Service's name; it is also its DNS name in the namespace. @default - the construct id */
  readonly name?: string;
  /** How the Service is reached. @default ServiceType.CLUSTER_IP */
  readonly type?: ServiceType;
  /** The workload whose pods receive the traffic. @default - none (required except for ExternalName) */
  readonly selector?: ISelectable;
  /** The ports. @default - none (required except for ExternalName and headless Services) */
  readonly ports?: readonly ServicePort[];
  /** The host an ExternalName Service aliases. @default - none (required for ExternalName) */
  readonly externalName?: string;
  /** No cluster IP: DNS returns the pods' addresses, as a StatefulSet needs. @default false */
  readonly headless?: boolean;
  /**
   * Publish the addresses (and DNS names) of pods that are not ready too, so that members of a replicated database or a
   * quorum find each other while they start. @default - ready pods only
   */
  readonly publishNotReadyAddresses?: boolean;
  /** Whether a client's connections all go to one pod, e.g. `SessionAffinity.clientIp()`. @default - any pod per connection */
  readonly sessionAffinity?: SessionAffinity;
  /**
   * Where traffic from outside the cluster goes (NodePort and LoadBalancer only): `TrafficPolicy.LOCAL` keeps the
   * client's address and skips the hop to another node. @default TrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: TrafficPolicy;
  /** Where traffic from pods of the cluster goes: `TrafficPolicy.LOCAL` only to pods on their node. @default TrafficPolicy.CLUSTER */
  readonly internalTrafficPolicy?: TrafficPolicy;
  /**
   * The address blocks a cloud load balancer lets in, e.g. `['203.0.113.0/24']` (LoadBalancer only).
   * @default - any address
   */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * The load balancer implementation that serves the Service, e.g. `'service.k8s.aws/nlb'` (LoadBalancer only; it
   * cannot change once set). @default - the cloud provider's default
   */
  readonly loadBalancerClass?: string;
  /**
   * The only workloads whose pods may connect, e.g. `[api]` for a database, each in its own namespace; `[]` lets no
   * pod in (an Ingress still lets its controller in). @default - every pod of the namespace, or, for a NodePort or
   * LoadBalancer Service, any client
   */
  readonly allowFrom?: readonly ServiceClient[];
}

/**
 * A client of `allowFrom`: a workload (its pods and ports; a Service, whose selector may be none, is not one), or a
 * NetworkPolicy peer that selects something (a peer of nothing is refused by the API server).
 */
const isClient: PropCheck = (scope, field, value) => {
  if (isPlainObject(value)) {
    checkShape(scope, field, value, NETWORK_POLICY_PEER_SHAPE);
    if (value.pods === undefined && value.namespaces === undefined && value.cidr === undefined) {
      fail(
        scope,
        `${field} must select pods, namespaces or a cidr, got ${describeValue(value)}; e.g. ` +
          "{ namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } }, or pass a workload",
      );
    }
    return;
  }
  if (value === null || typeof value !== 'object' || !('containerPorts' in value)) {
    fail(
      scope,
      `${field} must be a workload whose pods may connect, e.g. a Deployment, got ${describeGiven(value)}; or, for ` +
        "pods the project does not make, a peer such as { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } }",
    );
  }
};

/** The shape of a Service's clients, for the props of constructs that make a Service. */
export const CLIENTS_SHAPE = is.list(isClient, "[apiDeployment, { namespaces: { team: 'monitoring' } }]");

/** The shape of `ServiceRefPort`. */
const SERVICE_REF_PORT_SHAPE = {
  port: is.required(is.port),
  targetPort: is.portOrName,
  nodePort: is.port,
  name: is.text,
  protocol: is.oneOf(Object.values(kplus.Protocol)),
  appProtocol: is.text,
} satisfies PropShape<ServiceRefPort>;

/** The shape of `ServicePort`. */
const SERVICE_PORT_SHAPE = { ...SERVICE_REF_PORT_SHAPE, allowFrom: CLIENTS_SHAPE } satisfies PropShape<ServicePort>;

/** The shape of `ServiceProps`. */
const SERVICE_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  type: is.oneOf(Object.values(ServiceType)),
  selector: is.having('selectorLabels', 'a workload whose pods the Service selects, e.g. a Deployment'),
  ports: is.list(is.object(SERVICE_PORT_SHAPE), '[{ port: 80, targetPort: 8080 }]'),
  externalName: is.text,
  headless: is.bool,
  publishNotReadyAddresses: is.bool,
  sessionAffinity: (scope, field, value) => {
    is.instance(SessionAffinity, 'SessionAffinity.clientIp({ timeout: Duration.hours(1) })')(scope, field, value);
    if ((value as SessionAffinity).type === 'ClientIP') {
      checkShape(scope, `${field} (SessionAffinity.clientIp) options`, (value as SessionAffinity).options, {
        timeout: is.checkedElsewhere,
      } satisfies PropShape<ClientIpAffinityOptions>);
    }
  },
  externalTrafficPolicy: is.oneOf(Object.values(TrafficPolicy)),
  internalTrafficPolicy: is.oneOf(Object.values(TrafficPolicy)),
  loadBalancerSourceRanges: is.texts,
  loadBalancerClass: is.text,
  allowFrom: CLIENTS_SHAPE,
} satisfies PropShape<ServiceProps>;

/**
 * A Service: a stable name and address for a set of pods, of any of the four types. Its DNS name in the cluster is
 * `<name>.<namespace>.svc.cluster.local`.
 */
export class Service extends Construct implements IService {
  /** A Service of the chart's namespace that the project does not create (another tool or team makes it). */
  public static fromName(scope: Construct, id: string, name: string, options: ServiceRefOptions): IService {
    return new ServiceRef(scope, id, name, options);
  }

  /** The Service's name. */
  public readonly name: string;
  /** The Service's type. */
  public readonly type: ServiceType;
  /** Its ports. */
  public readonly ports: readonly ServicePort[];
  /** The labels of the pods it sends traffic to, when it selects pods. */
  public readonly selectorLabels?: Readonly<Record<string, string>>;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeService;

  public constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, SERVICE_SHAPE);
    this.name = checkDnsLabel(this, 'name', props.name ?? id);
    const nameProblem = serviceNameProblem(this.name, releaseOf(this));
    if (nameProblem !== undefined) {
      fail(this, `name "${this.name}" must be ${nameProblem}; rename it, e.g. "${`svc-${this.name}`.slice(0, 63)}"`);
    }
    this.type = props.type ?? ServiceType.CLUSTER_IP;
    this.ports = props.ports ?? [];
    this.validate(props);
    const selector = props.selector?.selectorLabels;
    this.selectorLabels = selector;
    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props, {
        labels: selector?.[Labels.NAME] === undefined ? undefined : { [Labels.NAME]: selector[Labels.NAME] },
      }),
      spec: {
        type: this.type,
        clusterIp: props.headless ? 'None' : undefined,
        externalName: props.externalName,
        selector: selector === undefined ? undefined : { ...selector },
        publishNotReadyAddresses: props.publishNotReadyAddresses,
        sessionAffinity: props.sessionAffinity?.type,
        sessionAffinityConfig: this.affinityConfig(props.sessionAffinity),
        externalTrafficPolicy: props.externalTrafficPolicy,
        internalTrafficPolicy: props.internalTrafficPolicy,
        loadBalancerSourceRanges: props.loadBalancerSourceRanges && [...props.loadBalancerSourceRanges],
        loadBalancerClass: props.loadBalancerClass,
        ports:
          this.ports.length === 0
            ? undefined
            : this.ports.map((port) => ({
                name: port.name,
                port: port.port,
                targetPort: port.targetPort === undefined ? undefined : intOrString(port.targetPort),
                nodePort: port.nodePort,
                protocol: port.protocol,
                appProtocol: port.appProtocol,
              })),
      },
    });
    if (selector !== undefined && this.ports.length > 0) {
      this.allowTraffic(selector, props.allowFrom);
    }
  }

  /** The name other pods resolve: `<name>.<namespace>.svc.cluster.local`. */
  public get dnsName(): string {
    const namespace = Chart.of(this).namespace ?? 'default';
    return `${this.name}.${namespace}.svc.cluster.local`;
  }

  /** The container ports its traffic goes to, as a NetworkPolicy names them. */
  public get targetPorts(): NetworkPolicyPort[] {
    return targetPortsOf(this.ports);
  }

  /**
   * Lets traffic reach the selected pods on the target ports: from the clients of a port's own `allowFrom`, else from
   * the Service's `allowFrom`, else from the namespace, or from anywhere when exposed on nodes. An empty `allowFrom`
   * writes no rule, and no rule no policy: a rule without peers would allow all.
   */
  private allowTraffic(selector: Readonly<Record<string, string>>, allowFrom?: readonly ServiceClient[]): void {
    const exposed = this.type === ServiceType.NODE_PORT || this.type === ServiceType.LOAD_BALANCER;
    const everyone = exposed ? undefined : [{ pods: {} }];
    const shared = this.ports.filter((port) => port.allowFrom === undefined);
    const rules: NetworkPolicyRule[] = [];
    if (shared.length > 0 && allowFrom?.length !== 0) {
      rules.push({ peers: allowFrom?.map((client) => this.peerOf(client)) ?? everyone, ports: targetPortsOf(shared) });
    }
    for (const port of this.ports) {
      if (port.allowFrom !== undefined && port.allowFrom.length > 0) {
        rules.push({ peers: port.allowFrom.map((client) => this.peerOf(client)), ports: targetPortsOf([port]) });
      }
    }
    if (rules.length > 0) {
      new NetworkPolicy(this, 'AllowIngress', {
        name: `${this.name}-allow-ingress`,
        podSelector: selector,
        ingress: rules,
      });
    }
  }

  /** The pods of a client workload, with its namespace when it is not the Service's; a peer as it is. */
  private peerOf(client: ServiceClient): NetworkPolicyPeer {
    if (!('containerPorts' in client)) {
      return client;
    }
    const namespace = Chart.of(client).namespace;
    const pods = { ...client.selectorLabels };
    return namespace === undefined || namespace === Chart.of(this).namespace
      ? { pods }
      : { pods, namespaces: { [NAMESPACE_NAME_LABEL]: namespace } };
  }

  private validate(props: ServiceProps): void {
    if (this.type === ServiceType.EXTERNAL_NAME) {
      if (props.externalName === undefined) {
        fail(this, 'an ExternalName Service needs `externalName`, the host it aliases, e.g. "db.example.com"');
      }
      const host = hostOfUrl(props.externalName);
      if (host !== undefined) {
        fail(
          this,
          `externalName must be a host name, not a URL, got "${props.externalName}"; write the host, e.g. "${host}"`,
        );
      }
      checkDnsSubdomain(this, 'externalName', props.externalName);
      if (props.selector !== undefined) {
        fail(this, 'an ExternalName Service aliases a host and selects no pods; remove `selector`');
      }
    } else {
      if (props.externalName !== undefined) {
        fail(
          this,
          `externalName is only for ServiceType.EXTERNAL_NAME, got type ${this.type}; remove it or change the type`,
        );
      }
      if (props.selector === undefined) {
        fail(this, `a ${this.type} Service needs a \`selector\`, the workload that receives its traffic`);
      }
      if (this.ports.length === 0 && !props.headless) {
        fail(this, `a ${this.type} Service needs at least one port in \`ports\``);
      }
    }
    if (props.headless && this.type !== ServiceType.CLUSTER_IP) {
      fail(this, `only a ClusterIP Service can be headless, got type ${this.type}`);
    }
    checkPorts(this, 'ports', this.type, this.ports);
    for (const port of this.ports) {
      this.checkTargetPortSelected(port, props.selector);
    }
    this.checkTrafficFields(props);
  }

  /** The fields of traffic from outside the cluster, on the types that have it, and their values. */
  private checkTrafficFields(props: ServiceProps): void {
    const onlyFor = (field: string, types: readonly ServiceType[]) => {
      if (!types.includes(this.type)) {
        const names = types.join(' or ');
        fail(
          this,
          `${field} is for a ${names} Service, got type ${this.type} (the API server refuses it); remove it, or make ` +
            `the type ${names}`,
        );
      }
    };
    if (props.externalTrafficPolicy !== undefined) {
      onlyFor('externalTrafficPolicy', [ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER]);
    }
    if (props.loadBalancerSourceRanges !== undefined) {
      onlyFor('loadBalancerSourceRanges', [ServiceType.LOAD_BALANCER]);
      for (const range of props.loadBalancerSourceRanges.filter((block) => !isCidr(block))) {
        fail(
          this,
          `loadBalancerSourceRanges must be address blocks such as "203.0.113.0/24", got "${range}"` +
            oneAddressHint(range),
        );
      }
    }
    if (props.loadBalancerClass !== undefined) {
      onlyFor('loadBalancerClass', [ServiceType.LOAD_BALANCER]);
      if (!isLabelKey(props.loadBalancerClass)) {
        fail(
          this,
          'loadBalancerClass must be a qualified name (letters, digits, "-", "_" and ".", with an optional DNS ' +
            `subdomain and "/" before it), got "${props.loadBalancerClass}"; e.g. "example.com/internal-vip"`,
        );
      }
    }
  }

  /** A ClientIP affinity's timeout, from 1 second to a day. */
  private affinityConfig(affinity: SessionAffinity | undefined): k8s.SessionAffinityConfig | undefined {
    const field = 'sessionAffinity (SessionAffinity.clientIp) timeout';
    const seconds = checkOptionalSeconds(this, field, affinity?.options?.timeout);
    if (seconds === undefined) {
      return undefined;
    }
    if (seconds < 1 || seconds > MAX_AFFINITY_SECONDS) {
      fail(
        this,
        `${field} must be from 1 to ${MAX_AFFINITY_SECONDS} seconds (a day), got ${seconds} seconds; keep a client on ` +
          'one pod for at most a day',
      );
    }
    return { clientIp: { timeoutSeconds: seconds } };
  }

  private checkTargetPortSelected(port: ServicePort, selector: ISelectable | undefined): void {
    const target = port.targetPort ?? port.port;
    const protocol = port.protocol ?? kplus.Protocol.TCP;
    const named = selector?.containerPorts.find((p) => p.name === target);
    if (selector !== undefined && named !== undefined && (named.protocol ?? kplus.Protocol.TCP) !== protocol) {
      fail(
        this,
        `targetPort "${target}" is a ${named.protocol ?? kplus.Protocol.TCP} port of ${selector.node.path} and port ` +
          `${port.port} is ${protocol}, so no endpoint would serve it (Kubernetes resolves a named targetPort by name ` +
          'and protocol); give both the same protocol',
      );
    }
    if (selector !== undefined && !selector.containerPorts.some((p) => p.number === target || p.name === target)) {
      const known = selector.containerPorts.map((p) =>
        p.name === undefined ? `${p.number}` : `${p.number} ("${p.name}")`,
      );
      fail(
        this,
        `targetPort ${JSON.stringify(target)} is not a port of ${selector.node.path}; its containers listen on ` +
          `${known.join(', ') || 'no ports'}; set targetPort to one of them or add the port to the container`,
      );
    }
  }
}

/**
 * A port's appProtocol, when given: a qualified name, as the API server takes one (an IANA name such as "http", or
 * Kubernetes' own such as "kubernetes.io/h2c").
 */
export function checkAppProtocol(scope: IConstruct, field: string, value: string | undefined): void {
  if (value !== undefined && !isLabelKey(value)) {
    fail(
      scope,
      `${field} must be a qualified name (letters, digits, "-", "_" and ".", with an optional DNS ` +
        `subdomain and "/" before it), got "${value}"; name the protocol as IANA does ("http", ` +
        '"https"), or as Kubernetes does ("kubernetes.io/h2c", "kubernetes.io/ws")',
    );
  }
}
