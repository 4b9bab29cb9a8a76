import {
  DNS_SUBDOMAIN,
  invalidIngressPathPart,
  isDnsLabel,
  isDnsSubdomain,
  isDomainPrefixedPath,
  isPathSegmentName,
} from '../constructs/validation';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { Reference, ingressBackends, ingressTlsSecrets } from './references';
import { CheckContext, Rule, madeOutsideProject, objectExists, specOf } from './rule';
import { serviceNameProblem } from './value-rules';

function backendProblem(backend: Reference, context: CheckContext): Problem | undefined {
  const { namespace, name, port } = backend;
  const service = context.index.get('Service', namespace, name);
  if (service === undefined) {
    if (madeOutsideProject('Service', namespace, name, context.external)) {
      return undefined;
    }
    return {
      message: `backend Service ${namespace}/${name} does not exist`,
      fix:
        'route to a Service of this namespace (pass the Service object), or, for one made outside the project ' +
        `(Service.fromName), declare "${namespace}/${name}" in the environment's external.services`,
    };
  }
  if (specOf(service).type === 'ExternalName') {
    return {
      message: `backend Service ${namespace}/${name} is an ExternalName Service, which has no endpoints to route to`,
      fix: 'route to a Service that selects pods',
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ports: any[] = specOf(service).ports ?? [];
  if (
    port !== undefined &&
    !ports.some(
      (candidate) => candidate.port === port.number || (port.name !== undefined && candidate.name === port.name),
    )
  ) {
    const offered = ports.map((candidate) =>
      candidate.name === undefined ? `${candidate.port}` : `${candidate.port} ("${candidate.name}")`,
    );
    return {
      message: `backend port ${JSON.stringify(port.number ?? port.name)} is not a port of Service ${namespace}/${name}, which has ${offered.join(', ') || 'no ports'}`,
      fix: "use one of the Service's port numbers or names",
    };
  }
  return undefined;
}

export const ingressBackend: Rule = {
  id: 'ingress-backend',
  description: 'an Ingress backend names an existing Service of its namespace and one of its ports',
  kinds: ['Ingress'],
  check(ingress, context) {
    return ingressBackends(ingress).flatMap((backend) => backendProblem(backend, context) ?? []);
  },
};

export const ingressTlsSecret: Rule = {
  id: 'ingress-tls-secret',
  description: "an Ingress's TLS secret exists in its namespace (or is declared external)",
  kinds: ['Ingress'],
  check(ingress, context) {
    return ingressTlsSecrets(ingress).flatMap(({ namespace, name }) =>
      objectExists('Secret', namespace, name, context)
        ? []
        : [
            {
              message: `TLS Secret ${namespace}/${name} does not exist`,
              fix: `create the Secret in the project, or declare "${namespace}/${name}" in the environment's external.secrets`,
            },
          ],
    );
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const PATH_TYPES = ['Prefix', 'Exact', 'ImplementationSpecific'];

/** The annotation that named an Ingress's class before ingressClassName. */
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function rulesOf(ingress: RenderedObject): Json[] {
  return specOf(ingress).rules ?? [];
}

/** Every backend of an Ingress as written: its default backend and each path's. */
function backendsOf(ingress: RenderedObject): Json[] {
  const spec = specOf(ingress);
  return [
    ...(spec.defaultBackend === undefined ? [] : [spec.defaultBackend]),
    ...rulesOf(ingress).flatMap((rule) => (rule?.http?.paths ?? []).map((path: Json) => path?.backend ?? {})),
  ];
}

export const ingressSpec: Rule = {
  id: 'ingress-spec',
  description:
    'an Ingress has rules (or a default backend) and a class name that is a DNS-1123 subdomain; each rule has a DNS host (or none) and at least one path; TLS hosts are DNS names and secret names DNS-1123 subdomains; a backend names a Service (by a DNS-1035 label, and its port by number of 1-65535 or by name, one of them) or a resource (of a DNS-subdomain apiGroup, a kind and name that are path segments), one of them; a rule without http is a warning',
  kinds: ['Ingress'],
  check(ingress, context) {
    const rules = rulesOf(ingress);
    const problems: Problem[] = [];
    const className: unknown = specOf(ingress).ingressClassName;
    if (className !== undefined && !isDnsSubdomain(className)) {
      problems.push({
        message: `ingressClassName ${JSON.stringify(className)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), so it names no IngressClass`,
        fix: 'name an IngressClass of the cluster as `kubectl get ingressclass` lists it, e.g. "nginx"',
      });
    }
    const annotation: unknown = (ingress.manifest.metadata?.annotations as Record<string, unknown> | undefined)?.[
      CLASS_ANNOTATION
    ];
    if (className !== undefined && className !== null && annotation !== undefined && annotation !== className) {
      problems.push({
        message: `annotation ${CLASS_ANNOTATION} ${JSON.stringify(annotation)} is not ingressClassName ${JSON.stringify(className)}; the API server wants them to match when both are set`,
        fix: `remove the annotation (ingressClassName replaces it), or make it ${JSON.stringify(className)}`,
      });
    }
    for (const [index, tls] of ((specOf(ingress).tls ?? []) as Json[]).entries()) {
      for (const host of (tls?.hosts ?? []) as unknown[]) {
        const name = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
        if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
          problems.push({
            message: `tls[${index}] host ${JSON.stringify(host)} is not a DNS name (a DNS-1123 subdomain, optionally after "*.")`,
            fix: 'list the lower-case host names the certificate covers, as the rules name them',
          });
        }
      }
      const secret: unknown = tls?.secretName;
      // A secretName of "" is none, as the API servers read it (the controller's default certificate).
      if (secret !== undefined && secret !== '' && !isDnsSubdomain(secret)) {
        problems.push({
          message: `tls[${index}].secretName ${JSON.stringify(secret)} is not a Secret name (a DNS-1123 subdomain)`,
          fix: 'name the kubernetes.io/tls Secret as it is created (pass the object)',
        });
      }
    }
    for (const backend of backendsOf(ingress)) {
      const serviceName: unknown = backend.service?.name;
      const nameProblem =
        backend.service === undefined
          ? undefined
          : typeof serviceName === 'string'
            ? serviceNameProblem(serviceName, context.kubernetesVersion)
            : 'a Service name';
      if (nameProblem !== undefined) {
        problems.push({
          message: `a backend names the Service ${JSON.stringify(serviceName ?? null)}, which is not ${nameProblem}`,
          fix: 'route to a Service of this namespace (pass the Service object)',
        });
      }
      if ((backend.service === undefined) === (backend.resource === undefined)) {
        problems.push(
          backend.service === undefined
            ? {
                message: 'a backend names neither a Service nor a resource; the API server requires one',
                fix: 'route to a Service (pass the Service object)',
              }
            : {
                message: `a backend names both the Service "${String(backend.service?.name)}" and a resource; the API server takes one`,
                fix: 'keep `service` or `resource`',
              },
        );
      }
      if (backend.resource !== undefined && backend.resource !== null) {
        const where = backend === specOf(ingress).defaultBackend ? 'defaultBackend.resource' : "a backend's resource";
        problems.push(...typedReferenceProblems(where, backend.resource));
      }
      const port = backend.service?.port;
      // A number of 0 and a name of "" are none, as the API servers read them.
      const number: unknown = port?.number === 0 ? undefined : port?.number;
      const portName: unknown = port?.name === '' ? undefined : port?.name;
      if (backend.service !== undefined && number === undefined && portName === undefined) {
        problems.push({
          message: `the backend Service "${String(backend.service.name)}" gives no port; the API server requires its number or name`,
          fix: "name one of the Service's ports by `number` or `name`",
        });
      }
      if (
        number !== undefined &&
        !(Number.isInteger(number) && (number as number) >= 1 && (number as number) <= 65535)
      ) {
        problems.push({
          message: `the backend Service "${backend.service.name}" names port ${JSON.stringify(number)}, outside 1-65535`,
          fix: "name one of the Service's ports by `number` or `name`",
        });
      }
      if (number !== undefined && portName !== undefined) {
        problems.push({
          message: `the backend Service "${backend.service.name}" names its port both by number (${JSON.stringify(port.number)}) and by name (${JSON.stringify(port.name)}); the API server takes one`,
          fix: 'keep `number` or `name`',
        });
      }
    }
    if (rules.length === 0 && specOf(ingress).defaultBackend === undefined) {
      problems.push({
        message: 'the Ingress has no rules and no defaultBackend, so it routes nothing',
        fix: 'add a rule with a host and paths',
      });
    }
    for (const [index, rule] of rules.entries()) {
      const host: unknown = rule.host;
      // An empty host is no host (the API server reads it so): the rule serves every host.
      if (host !== undefined && host !== '') {
        const name = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
        if (typeof host === 'string' && isIpv4Sloppy(host)) {
          problems.push({
            message: `host ${JSON.stringify(host)} is an IP address; the API server takes only a DNS name as a rule's host (must be a DNS name, not an IP address)`,
            fix: 'leave host out to serve every host (and so the address), or route a DNS name that resolves to it, e.g. "10.0.0.1.nip.io"',
          });
        } else if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
          problems.push({
            message: `host ${JSON.stringify(host)} is not a DNS name (a DNS-1123 subdomain, optionally after "*.")`,
            fix: 'write a lower-case host name without scheme, port or path, e.g. "web.example.com"',
          });
        }
      }
      if (rule.http === undefined || rule.http === null) {
        // A warning: both API servers take a rule without http, and the controller serves its host from its default
        // backend; a rule meant to route has forgotten its paths.
        problems.push({
          warning: true,
          message: `${typeof rule.host === 'string' && rule.host !== '' ? `the rule for host "${rule.host}"` : `rules[${index}] (every host)`} has no http paths, so the controller serves the host from its default backend`,
          fix: 'add http paths and the Services they route to, or remove the rule',
        });
      } else if ((rule.http?.paths ?? []).length === 0) {
        problems.push({
          message:
            typeof rule.host === 'string' && rule.host !== ''
              ? `the rule for host "${rule.host}" has no paths`
              : `rules[${index}] (every host) has no paths`,
          fix: 'add a path and the Service it routes to',
        });
      }
    }
    return problems;
  },
};

function pathProblems(path: Json): Problem[] {
  const value: unknown = path.path;
  const pathType: unknown = path.pathType;
  if (pathType === undefined) {
    return [
      {
        message: `path ${JSON.stringify(value)} has no pathType`,
        fix: 'set pathType to Prefix, Exact or ImplementationSpecific',
      },
    ];
  }
  if (!PATH_TYPES.includes(String(pathType))) {
    return [
      {
        message: `pathType ${JSON.stringify(pathType)} of path ${JSON.stringify(value)} is not Prefix, Exact or ImplementationSpecific`,
        fix: 'set pathType to Prefix, Exact or ImplementationSpecific',
      },
    ];
  }
  if (pathType === 'ImplementationSpecific' && (value === undefined || value === '')) {
    return [];
  }
  if (typeof value !== 'string' || !value.startsWith('/')) {
    return [
      {
        message: `path ${JSON.stringify(value)} must start with '/'`,
        fix: typeof value === 'string' ? `write "/${value}"` : 'write an absolute path, e.g. "/"',
      },
    ];
  }
  if (pathType === 'ImplementationSpecific') {
    return [];
  }
  const sequence = invalidIngressPathPart(value);
  return sequence === undefined
    ? []
    : [
        {
          message: `path "${value}" contains "${sequence}", which the API server refuses in a ${pathType} path`,
          fix: 'write the path without it',
        },
      ];
}

export const ingressPath: Rule = {
  id: 'ingress-path',
  description: "an Ingress path has a pathType and starts with '/' (without //, /./ or /../ for Prefix and Exact)",
  kinds: ['Ingress'],
  check(ingress) {
    return rulesOf(ingress).flatMap((rule) => (rule.http?.paths ?? []).flatMap(pathProblems));
  },
};

/** Whether a TLS host (exact, or a wildcard of one label, `*.example.com`) covers a rule's host. */
function covers(tlsHost: string, host: string): boolean {
  const [tls, rule] = [tlsHost.toLowerCase(), host.toLowerCase()];
  if (tls === rule) {
    return true;
  }
  return tls.startsWith('*.') && rule.endsWith(tls.slice(1)) && !rule.slice(0, -tls.length + 1).includes('.');
}

/**
 * An Ingress with TLS whose rule hosts and TLS hosts do not meet: a rule host that no TLS entry covers is served with
 * the controller's default certificate (or over HTTP only), and a TLS host of no rule serves nothing. A warning: the
 * API server takes both, and a shared certificate may be meant.
 */
export const ingressTlsHosts: Rule = {
  id: 'ingress-tls-hosts',
  description: "an Ingress with TLS covers each rule's host with a TLS entry, and each TLS host is a rule's",
  kinds: ['Ingress'],
  check(ingress) {
    const spec = specOf(ingress);
    const tls = (Array.isArray(spec.tls) ? spec.tls : []) as { hosts?: unknown }[];
    // No TLS is plain HTTP by design; an entry without hosts covers every host.
    if (tls.length === 0 || tls.some((entry) => !Array.isArray(entry?.hosts) || entry.hosts.length === 0)) {
      return [];
    }
    const tlsHosts = tls.flatMap((entry) => (entry.hosts as unknown[]).filter((host) => typeof host === 'string'));
    const ruleHosts = rulesOf(ingress)
      .map((rule) => rule.host)
      .filter((host): host is string => typeof host === 'string' && host !== '');
    const problems: Problem[] = [];
    for (const host of [...new Set(ruleHosts)]) {
      if (!tlsHosts.some((tlsHost) => covers(tlsHost, host))) {
        problems.push({
          warning: true,
          message: `rule host "${host}" is in no tls.hosts: it is served with the controller's default certificate (or over HTTP only), not with a certificate of its own`,
          fix: `add "${host}" to the hosts of the TLS entry whose certificate names it, or add a TLS entry for it`,
        });
      }
    }
    tls.forEach((entry, position) => {
      for (const tlsHost of entry.hosts as unknown[]) {
        if (typeof tlsHost === 'string' && !ruleHosts.some((host) => covers(tlsHost, host))) {
          problems.push({
            warning: true,
            message: `tls[${position}] host "${tlsHost}" is the host of no rule: its certificate serves nothing here`,
            fix: `route "${tlsHost}" in a rule, or remove it from the TLS entry`,
          });
        }
      }
    });
    return problems;
  },
};

/** What the API server refuses of an IngressClass's controller (a domain-prefixed path) and parameters reference. */
function ingressClassProblems(spec: Json): Problem[] {
  const problems: Problem[] = [];
  const controller: unknown = spec.controller;
  if (controller === undefined || controller === '') {
    problems.push({
      message: 'has no controller, which the API server requires (the ingress controller that serves the class)',
      fix: 'name the controller as its documentation does, e.g. "k8s.io/ingress-nginx"',
    });
  } else if (!(isDomainPrefixedPath(controller) && controller.length <= 250)) {
    problems.push({
      message: `controller ${JSON.stringify(controller)} is not a domain-prefixed path of at most 250 characters (such as "k8s.io/ingress-nginx")`,
      fix: 'name the controller as its documentation does, e.g. "k8s.io/ingress-nginx"',
    });
  }
  const parameters = spec.parameters;
  if (parameters === undefined || parameters === null) {
    return problems;
  }
  problems.push(...typedReferenceProblems('parameters', parameters));
  const { scope, namespace } = parameters;
  if (scope === 'Namespace' && namespace === undefined) {
    problems.push({
      message: 'parameters.scope is Namespace, and parameters.namespace is not set',
      fix: 'give the namespace of the parameters resource, or set scope to Cluster',
    });
  } else if (scope === 'Namespace' && !isDnsLabel(namespace)) {
    problems.push({
      message: `parameters.namespace ${JSON.stringify(namespace)} is not a namespace name (a DNS-1123 label)`,
      fix: 'give the namespace of the parameters resource',
    });
  } else if ((scope ?? 'Cluster') === 'Cluster' && namespace !== undefined) {
    problems.push({
      message: `parameters.namespace ${JSON.stringify(namespace)} is set, and parameters.scope is Cluster`,
      fix: 'remove the namespace, or set scope to Namespace',
    });
  }
  return problems;
}

/**
 * What the API server refuses of a reference to a resource (an IngressClass's parameters, an Ingress's resource
 * backend; networking's validateIngressTypedLocalObjectReference): an apiGroup that is no DNS-1123 subdomain, a kind or
 * name that is empty or no path segment. A missing kind or name is the schema's.
 */
function typedReferenceProblems(where: string, reference: Json): Problem[] {
  const problems: Problem[] = [];
  const { apiGroup, kind, name } = reference;
  if (apiGroup !== undefined && apiGroup !== null && !isDnsSubdomain(apiGroup)) {
    problems.push({
      message: `${where}.apiGroup ${JSON.stringify(apiGroup)} is not an API group (a DNS-1123 subdomain)`,
      fix: 'give the API group of the resource, e.g. "k8s.example.com"',
    });
  }
  for (const [field, value] of [
    ['kind', kind],
    ['name', name],
  ] as const) {
    if (value !== undefined && !(value !== '' && isPathSegmentName(value))) {
      problems.push({
        message: `${where}.${field} ${JSON.stringify(value)} is empty, "." or "..", or has "/" or "%"`,
        fix: `give the ${field} of the resource`,
      });
    }
  }
  return problems;
}

/**
 * What the API server refuses of an IngressClass (networking's validateIngressClassSpec, the same on 1.27 and 1.37):
 * a controller that is not a domain-prefixed path, a parameters reference of an apiGroup that is no DNS subdomain, a
 * kind or name that is no path segment, a namespace where the scope is Cluster or none where it is Namespace. The
 * scope's values are enum-values'.
 */
export const ingressClassSpec: Rule = {
  id: 'ingress-class-spec',
  description:
    'an IngressClass has a controller that is a domain-prefixed path (e.g. k8s.io/ingress-nginx), and parameters of a DNS-subdomain apiGroup, a kind and name that are path segments, and a namespace (a DNS-1123 label) exactly when their scope is Namespace',
  kinds: ['IngressClass'],
  check(object) {
    return ingressClassProblems(specOf(object));
  },
};

export const INGRESS_RULES: readonly Rule[] = [
  ingressClassSpec,
  ingressSpec,
  ingressPath,
  ingressBackend,
  ingressTlsSecret,
  ingressTlsHosts,
];

/**
 * Four dotted decimal numbers of at most 255, leading 0s allowed: an address as the API servers parse a rule's host
 * (netutils.ParseIPSloppy), which they refuse there. An IPv6 address is no DNS subdomain, so the host check has it.
 */
function isIpv4Sloppy(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}
