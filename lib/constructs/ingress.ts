import { isIP } from 'net';
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

/** Where requests go: a Service and one of its ports. */
export interface IngressBackend {
  /** The Service that receives the requests. */
  readonly service: IService;
  /** The Service port. @default - the Service's only port */
  readonly port?: number;
}

/** A path of an Ingress rule and the Service behind it. */
export interface IngressPath extends IngressBackend {
  /** The request path, starting with '/'. */
  readonly path: string;
  /** How the path matches. @default PathType.PREFIX */
  readonly pathType?: PathType;
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
  /** Host and path rules. @default - none: every request goes to `defaultBackend` */
  readonly rules?: readonly IngressRule[];
  /**
   * Where requests go that no rule matches, e.g. a catch-all page, or the only backend of an Ingress without rules.
   * @default - the Ingress controller's own default (typically a 404)
   */
  readonly defaultBackend?: IngressBackend;
  /** TLS certificates. @default - plain HTTP */
  readonly tls?: readonly IngressTls[];
  /** The namespace of the Ingress controller, which NetworkPolicies let reach the backends. @default - the context's `INGRESS_CONTROLLER_NAMESPACE_CONTEXT` (an AppChart's environment), else 'ingress-nginx' */
  readonly controllerNamespace?: string;
}

/** The shape of `IngressPath`. */
const INGRESS_BACKEND_SHAPE = {
  service: is.required(is.having('ports', 'a Service, or one of Service.fromName(...)')),
  port: is.port,
} satisfies PropShape<IngressBackend>;
const INGRESS_PATH_SHAPE = {
  ...INGRESS_BACKEND_SHAPE,
  path: is.required(is.text),
  pathType: is.oneOf(Object.values(PathType)),
} satisfies PropShape<IngressPath>;

/** The name of an IngressClass, an object name: a DNS-1123 subdomain. */
export const isIngressClassName: PropCheck = (scope, field, value) => checkDnsSubdomain(scope, field, value);

/** The shape of `IngressProps`. */
const INGRESS_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  className: isIngressClassName,
  rules: is.list(
    is.object({
      host: is.text,
      paths: is.required(is.list(is.object(INGRESS_PATH_SHAPE))),
    } satisfies PropShape<IngressRule>),
    "[{ host: 'shop.example.com', paths: [{ path: '/', service }] }]",
  ),
  defaultBackend: is.object(INGRESS_BACKEND_SHAPE),
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
    const rules = props.rules ?? [];
    if (rules.length === 0 && props.defaultBackend === undefined) {
      fail(this, 'an Ingress needs at least one rule in `rules`, or a `defaultBackend` for every request');
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
        defaultBackend:
          props.defaultBackend === undefined ? undefined : this.renderBackend('defaultBackend', props.defaultBackend),
        rules: rules.length === 0 ? undefined : rules.map((rule) => this.renderRule(rule)),
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
    const backends: [string, IngressBackend][] = [
      ...(props.rules ?? []).flatMap((rule) =>
        rule.paths.map((path): [string, IngressBackend] => [pathField(path), path]),
      ),
      ...(props.defaultBackend === undefined
        ? []
        : [['defaultBackend', props.defaultBackend] as [string, IngressBackend]]),
    ];
    for (const [field, backend] of backends) {
      routed.set(backend.service, (routed.get(backend.service) ?? new Set()).add(this.servicePort(field, backend)));
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

  /** The Service port a backend routes to; `field` names it in a message (`path "/api"`, `defaultBackend`). */
  private servicePort(field: string, backend: IngressBackend): number {
    const ports = backend.service.ports.map((port) => port.port);
    if (backend.port === undefined && ports.length === 1) {
      return ports[0];
    }
    if (backend.port === undefined || !ports.includes(backend.port)) {
      fail(
        this,
        `${field} routes to port ${backend.port ?? '(none given)'} of ${describeService(backend.service)}, ` +
          `which has ports ${ports.join(', ') || 'none'}; set \`port\` to one of them`,
      );
    }
    return backend.port;
  }

  private renderBackend(field: string, backend: IngressBackend): k8s.IngressBackend {
    if (backend.service.type === ServiceType.EXTERNAL_NAME) {
      fail(
        this,
        `${field} routes to ExternalName ${describeService(backend.service)}, which has no endpoints for the Ingress controller to send requests to; route to a Service of pods`,
      );
    }
    return { service: { name: backend.service.name, port: { number: this.servicePort(field, backend) } } };
  }

  private renderRule(rule: IngressRule): k8s.IngressRule {
    if (rule.host !== undefined) {
      if (isIP(rule.host) !== 0) {
        fail(
          this,
          `rules.host "${rule.host}" is an IP address, and an Ingress routes DNS names only (the API server refuses it); ` +
            'leave host out to serve every host, or use a name that resolves to the address',
        );
      }
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
          return {
            path: path.path,
            pathType: path.pathType ?? PathType.PREFIX,
            backend: this.renderBackend(pathField(path), path),
          };
        }),
      },
    };
  }
}

/** How a message names a path of a rule. */
function pathField(path: IngressPath): string {
  return `path "${path.path}"`;
}

/** A Service by its name and the construct that makes it (a server's Service is `<server>/Service`). */
function describeService(service: IService): string {
  return `Service "${service.name}" (construct ${service.node.path})`;
}
