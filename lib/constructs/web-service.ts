import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { ContainerPort, Mount } from './container';
import { Deployment } from './deployment';
import { Ingress, isIngressClassName } from './ingress';
import { objectMetadata } from './metadata';
import { PersistentVolumeClaim } from './persistent-volume-claim';
import { NON_HTTP_PORTS, Probe } from './probe';
import { Service } from './service';
import { ISelectable } from './pod-spec';
import { IStorageClass, isStorageClass } from './storage-class';
import { checkAnnotations, checkDnsSubdomain, fail } from './validation';
import { Volume } from './volume';
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

/** Storage a WebService keeps across restarts. */
export interface WebServiceStorage {
  /** How much. */
  readonly size: Size;
  /** Where the container sees it. */
  readonly mountPath: string;
  /** The class of storage. @default - the cluster's default class */
  readonly storageClass?: IStorageClass;
}

/** Properties of a `WebService`. */
export interface WebServiceProps extends ServerProps {
  /** The name of the Deployment, Service, Ingress and ConfigMap. @default - the construct id */
  readonly name?: string;
  /** The port the container serves HTTP on. @default 8080 */
  readonly containerPort?: number;
  /** The port the Service offers. @default 80 */
  readonly servicePort?: number;
  /** Pods to run. @default 2, or what `autoscaling` decides */
  readonly replicas?: number;
  /** Route this host to the Service through an Ingress. @default - no Ingress */
  readonly host?: string;
  /** The namespace of the Ingress controller that its Ingress lets reach the pods. @default - see `IngressProps.controllerNamespace` */
  readonly ingressControllerNamespace?: string;
  /**
   * The `kubernetes.io/tls` Secret of the certificate for `host`, e.g. one cert-manager makes (`SecretRef.fromName`,
   * declared in the environment's `external.secrets`); the Ingress serves the host over HTTPS. @default - plain HTTP
   */
  readonly tls?: kplus.ISecret;
  /** The IngressClass that serves the Ingress, when the cluster has several. @default - the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /**
   * Annotations of the Ingress only, beside `annotations`: its controller's settings, or cert-manager's
   * `cert-manager.io/cluster-issuer`. @default - none
   */
  readonly ingressAnnotations?: Readonly<Record<string, string>>;
  /** The Ingress path. @default '/' */
  readonly path?: string;
  /** The path that answers 2xx when the app can serve; the readiness probe asks it. @default '/' */
  readonly healthPath?: string;
  /** Settings, given to the app as environment variables and as files under `configMountPath`. @default - none */
  readonly config?: Readonly<Record<string, string>>;
  /** Where the settings are mounted as files. @default '/etc/app' */
  readonly configMountPath?: string;
  /** Storage that outlives the pods (its claim is ReadWriteOnce: keep replicas at 1). @default - none */
  readonly storage?: WebServiceStorage;
}

/** The shape of `WebServiceProps`. */
const WEB_SERVICE_SHAPE = {
  ...SERVER_SHAPE,
  name: is.text,
  containerPort: is.port,
  servicePort: is.port,
  replicas: is.count(0),
  host: is.text,
  ingressControllerNamespace: is.dnsLabel,
  tls: is.named,
  ingressClassName: isIngressClassName,
  ingressAnnotations: is.checkedElsewhere,
  path: is.text,
  healthPath: is.text,
  config: is.textMap,
  configMountPath: is.absolutePath,
  storage: is.object({
    size: is.required(is.instance(Size, 'Size.gibibytes(1)')),
    mountPath: is.required(is.absolutePath),
    storageClass: isStorageClass,
  } satisfies PropShape<WebServiceStorage>),
} satisfies PropShape<WebServiceProps>;

/**
 * A web application, which speaks HTTP, as teams run it (for a server that does not, use `BackendService`): a Deployment with probes and bounded resources, a Service in front of it,
 * and, when asked, an Ingress route, a ConfigMap given both as environment and as files, a Secret and a claim.
 */
export class WebService extends Construct implements ISelectable {
  /** The Deployment that runs the app. */
  public readonly deployment: Deployment;
  /** The Service in front of it. */
  public readonly service: Service;
  /** The Ingress route, when `host` is given. */
  public readonly ingress?: Ingress;
  /** The settings, when `config` is given. */
  public readonly configMap?: kplus.ConfigMap;
  /** The claim, when `storage` is given. */
  public readonly claim?: PersistentVolumeClaim;

  public constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, WEB_SERVICE_SHAPE);
    const name = checkDnsSubdomain(this, 'name', props.name ?? id);
    // Validated here, so an error names the WebService; every object it makes carries them.
    const { labels, annotations } = objectMetadata(this, name, props);
    const metadata = { labels: props.labels, annotations: props.annotations };
    const containerPort = props.containerPort ?? 8080;
    const servicePort = props.servicePort ?? 80;
    checkExtraPorts(this, { name: 'http', number: containerPort, servicePort }, props.extraPorts, props.sidecars);
    const nonHttp = NON_HTTP_PORTS[containerPort];
    if (nonHttp !== undefined) {
      fail(
        this,
        `containerPort ${containerPort} is the port of ${nonHttp.server}, which does not speak HTTP, so the HTTP readiness ` +
          `probe of a WebService would never pass; use a BackendService with portName "${nonHttp.portName}" (a TCP ` +
          'probe), or set containerPort to the port the app serves HTTP on',
      );
    }
    const mounts: Mount[] = [...writableMounts(props.writablePaths), ...(props.mounts ?? [])];
    if (props.config !== undefined) {
      this.configMap = new kplus.ConfigMap(this, 'Config', {
        metadata: { name, labels, annotations },
        data: { ...props.config },
      });
      mounts.push({
        volume: Volume.fromConfigMap(this.configMap, { name: 'config' }),
        path: props.configMountPath ?? '/etc/app',
        readOnly: true,
      });
    }
    if (props.storage !== undefined) {
      this.claim = new PersistentVolumeClaim(this, 'Data', {
        ...metadata,
        name: `${name}-data`,
        storage: props.storage.size,
        storageClass: props.storage.storageClass,
      });
      mounts.push({
        volume: Volume.fromPersistentVolumeClaim(this.claim, { name: 'data' }),
        path: props.storage.mountPath,
      });
    }
    // Readiness asks the app; liveness only checks that it still accepts connections, so a slow app is taken out of
    // the Service rather than restarted.
    const readiness = Probe.httpGet(props.healthPath ?? '/', 'http');
    const liveness = Probe.tcpSocket('http', { period: Duration.seconds(20) });
    this.deployment = new Deployment(this, 'Deployment', {
      ...serverDeploymentProps(props),
      ...metadata,
      name,
      selectorLabels: props.selectorLabels,
      podLabels: props.podLabels,
      podAnnotations: props.podAnnotations,
      replicas: props.replicas,
      changeCause: props.changeCause,
      containers: [
        {
          name: 'app',
          image: props.image,
          command: props.command,
          args: props.args,
          ports: [{ number: containerPort, name: 'http' }, ...extraContainerPorts(props.extraPorts)],
          env: props.env,
          envFromConfigMaps:
            this.configMap === undefined
              ? props.envFromConfigMaps
              : [this.configMap, ...(props.envFromConfigMaps ?? [])],
          envFromSecrets: props.secret === undefined ? undefined : [props.secret],
          mounts,
          readiness,
          liveness,
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
        { port: servicePort, targetPort: 'http', nodePort: props.nodePort, name: 'http' },
        ...extraServicePorts(props.extraPorts),
      ],
    });
    if (props.host !== undefined) {
      this.ingress = new Ingress(this, 'Ingress', {
        ...metadata,
        annotations:
          props.ingressAnnotations === undefined
            ? props.annotations
            : { ...props.annotations, ...checkAnnotations(this, 'ingressAnnotations', props.ingressAnnotations) },
        name,
        className: props.ingressClassName,
        controllerNamespace: props.ingressControllerNamespace,
        rules: [{ host: props.host, paths: [{ path: props.path ?? '/', service: this.service, port: servicePort }] }],
        tls: props.tls === undefined ? undefined : [{ hosts: [props.host], secret: props.tls }],
      });
    }
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
