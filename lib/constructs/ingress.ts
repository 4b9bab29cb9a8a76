import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { NAMESPACE_NAME_LABEL, NetworkPolicy } from './network-policy';
import { IService, ServiceType, targetPortsOf } from './service';
import { checkDnsSubdomain, checkIngressPath, fail } from './validation';

/**
 * The construct context key that names the Ingress controller's namespace for every Ingress under a scope (an
 * `AppChart` sets it from its environment's `ingressControllerNamespace`).
 */
export const INGRESS_CONTROLLER_NAMESPACE_CONTEXT = 'k8s-course:ingressControllerNamespace';

/** The namespace of the Ingress controller when none is given: the scope's context, or ingress-nginx's. */
export function defaultIngressControllerNamespace(scope: Construct): string {
  const fromContext: unknown = scope.node.tryGetContext(INGRESS_CONTROLLER_NAMESPACE_CONTEXT);
  return typeof fromContext === 'string' ? fromContext : 'ingress-nginx';
}

/** How an Ingress path matches a request path. */
export enum PathType {
  /** Matches the path and everything under it, segment by segment. */
  PREFIX = 'Prefix',
  /** Matches the path exactly. */
  EXACT = 'Exact',
  /** Left to the Ingress controller. */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** Where requests for one path go. */
export interface IngressPath {
  /** The request path, starting with '/'. */
  readonly path: string;
  /** How the path matches. @default PathType.PREFIX */
  readonly pathType?: PathType;
  /** The Service that receives the requests. */
  readonly service: IService;
  /** The Service port. @default - the Service's only port */
  readonly port?: number;
}

/** The paths of one host. */
export interface IngressRule {
  /** The host name requests must carry. @default - every host */
  readonly host?: string;
  /** The paths and their Services. */
  readonly paths: readonly IngressPath[];
}

/** A TLS certificate for some hosts. */
export interface IngressTls {
  /** The hosts the certificate covers. */
  readonly hosts: readonly string[];
  /** The `kubernetes.io/tls` Secret holding the certificate and key. */
  readonly secret: kplus.ISecret;
}

/** Properties of an `Ingress`. */
export interface IngressProps extends MetadataProps {
  /** The Ingress's name. @default - the construct id */
  readonly name?: string;
  /** The IngressClass that serves it. @default - the cluster's default IngressClass */
  readonly className?: string;
  /** Host and path rules. */
  readonly rules: readonly IngressRule[];
  /** TLS certificates. @default - plain HTTP */
  readonly tls?: readonly IngressTls[];
  /** The namespace of the Ingress controller, which NetworkPolicies let reach the backends. @default - the context's `INGRESS_CONTROLLER_NAMESPACE_CONTEXT` (an AppChart's environment), else 'ingress-nginx' */
  readonly controllerNamespace?: string;
}

/** The shape of `IngressPath`. */
const INGRESS_PATH_SHAPE = {
  path: is.required(is.text),
  pathType: is.oneOf(Object.values(PathType)),
  service: is.required(is.having('ports', 'a Service, or one of Service.fromName(...)')),
  port: is.port,
} satisfies PropShape<IngressPath>;

/** The name of an IngressClass, an object name: a DNS-1123 subdomain. */
export const isIngressClassName: PropCheck = (scope, field, value) => checkDnsSubdomain(scope, field, value);

/** The shape of `IngressProps`. */
const INGRESS_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  className: isIngressClassName,
  rules: is.required(
    is.list(
      is.object({
        host: is.text,
        paths: is.required(is.list(is.object(INGRESS_PATH_SHAPE))),
      } satisfies PropShape<IngressRule>),
      "[{ host: 'shop.example.com', paths: [{ path: '/', service }] }]",
    ),
  ),
  tls: is.list(
    is.object({ hosts: is.required(is.texts), secret: is.required(is.named) } satisfies PropShape<IngressTls>),
  ),
  controllerNamespace: is.dnsLabel,
} satisfies PropShape<IngressProps>;

/** An Ingress: HTTP routing by host and path to Services, served by the cluster's Ingress controller. */
export class Ingress extends Construct {
  /** The Ingress's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeIngress;

  public constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, INGRESS_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    if (props.rules.length === 0) {
      fail(this, 'an Ingress needs at least one rule in `rules`');
    }
    props.tls?.forEach((tls, index) =>
      tls.hosts.forEach((host, at) =>
        checkDnsSubdomain(this, `tls[${index}].hosts[${at}]`, host.startsWith('*.') ? host.slice(2) : host),
      ),
    );
    this.apiObject = new k8s.KubeIngress(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        ingressClassName: props.className,
        tls: props.tls?.map((tls) => ({ hosts: [...tls.hosts], secretName: tls.secret.name })),
        rules: props.rules.map((rule) => this.renderRule(rule)),
      },
    });
    this.allowController(props);
  }

  /**
   * Lets the Ingress controller reach each backend Service's pods on the target ports of the ports it routes to, and
   * no other port of the Service (a metrics or admin port stays with its own clients).
   */
  private allowController(props: IngressProps): void {
    const routed = new Map<IService, Set<number>>();
    for (const path of props.rules.flatMap((rule) => rule.paths)) {
      routed.set(path.service, (routed.get(path.service) ?? new Set()).add(this.servicePort(path)));
    }
    const controller = {
      namespaces: { [NAMESPACE_NAME_LABEL]: props.controllerNamespace ?? defaultIngressControllerNamespace(this) },
    };
    for (const [service, ports] of routed) {
      if (service.selectorLabels !== undefined) {
        new NetworkPolicy(this, `AllowController-${service.name}`, {
          name: `${this.name}-to-${service.name}`,
          podSelector: service.selectorLabels,
          ingress: [
            { peers: [controller], ports: targetPortsOf(service.ports.filter((port) => ports.has(port.port))) },
          ],
        });
      }
    }
  }

  private servicePort(path: IngressPath): number {
    const ports = path.service.ports.map((port) => port.port);
    if (path.port === undefined && ports.length === 1) {
      return ports[0];
    }
    if (path.port === undefined || !ports.includes(path.port)) {
      fail(
        this,
        `path "${path.path}" routes to port ${path.port ?? '(none given)'} of Service ${path.service.node.path}, ` +
          `which has ports ${ports.join(', ') || 'none'}; set \`port\` to one of them`,
      );
    }
    return path.port;
  }

  private renderRule(rule: IngressRule): k8s.IngressRule {
    if (rule.host !== undefined) {
      checkDnsSubdomain(this, 'rules.host', rule.host.startsWith('*.') ? rule.host.slice(2) : rule.host);
    }
    if (rule.paths.length === 0) {
      fail(this, `the rule for host "${rule.host ?? '*'}" needs at least one path`);
    }
    return {
      host: rule.host,
      http: {
        paths: rule.paths.map((path) => {
          checkIngressPath(this, 'rules.paths.path', path.path, path.pathType ?? PathType.PREFIX);
          if (path.service.type === ServiceType.EXTERNAL_NAME) {
            fail(
              this,
              `path "${path.path}" routes to ExternalName Service ${path.service.node.path}, which has no endpoints`,
            );
          }
          const port = this.servicePort(path);
          return {
            path: path.path,
            pathType: path.pathType ?? PathType.PREFIX,
            backend: { service: { name: path.service.name, port: { number: port } } },
          };
        }),
      },
    };
  }
}
