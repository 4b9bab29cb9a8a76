import { DNS_SUBDOMAIN, hostOfUrl, isCidr, isLabelKey } from '../constructs/validation';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { ipAddressProblem } from './ip-address';
import { PodTemplate } from './object-index';
import { serviceTemplates } from './references';
import { CheckContext, Rule, formatLabels, namespaceOf, specOf } from './rule';

/** The ports of the template's containers. */
function containerPorts(template: PodTemplate): Json[] {
  return (template.spec.containers ?? []).flatMap((container: Json) => container.ports ?? []);
}

/** Whether a container of the template listens on `target`, a port number or name. */
function listensOn(template: PodTemplate, target: number | string): boolean {
  return containerPorts(template).some((port) => port.containerPort === target || port.name === target);
}

/** The protocols a port takes; enum-values reports any other. */
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

/**
 * The protocols of the template's container ports named `name`: the endpoints controller resolves a named targetPort
 * by name and protocol, so a Service port of another protocol has no endpoint. A protocol that is none (enum-values
 * reports it) is left out.
 */
function protocolsOfName(template: PodTemplate, name: string): string[] {
  return containerPorts(template)
    .filter((port) => port.name === name)
    .map((port) => port.protocol ?? 'TCP')
    .filter((protocol) => PROTOCOLS.includes(protocol));
}

export const serviceSelector: Rule = {
  id: 'service-selector',
  description: "a Service's selector matches the pod template of at least one workload in its namespace",
  kinds: ['Service'],
  check(service, context) {
    const templates = serviceTemplates(service, context.index);
    if (templates === undefined || templates.length > 0) {
      return [];
    }
    return [
      {
        message: `selector ${formatLabels(specOf(service).selector)} matches no pod template in namespace ${namespaceOf(service)}`,
        fix: "select the labels of a workload's pod template in the same namespace (pass the workload as `selector`)",
      },
    ];
  },
};

export const serviceTargetPort: Rule = {
  id: 'service-target-port',
  description:
    'each targetPort of a Service (number or name) is a port of the containers it selects, a named one of the same protocol as the Service port',
  kinds: ['Service'],
  check(service, context) {
    const templates = serviceTemplates(service, context.index);
    if (templates === undefined || templates.length === 0) {
      return [];
    }
    const problems: Problem[] = [];
    for (const port of specOf(service).ports ?? []) {
      const target: number | string = port.targetPort ?? port.port;
      const owners = templates.map((template) => template.owner.path).join(', ');
      if (!templates.some((template) => listensOn(template, target))) {
        problems.push({
          message: `targetPort ${JSON.stringify(target)} of port ${port.port} is not a container port of ${owners}`,
          fix: 'set targetPort to a containerPort number or port name of the selected containers, or declare the port there',
        });
        continue;
      }
      const protocol: string = port.protocol ?? 'TCP';
      const protocols = typeof target === 'string' ? templates.flatMap((t) => protocolsOfName(t, target)) : [];
      if (protocols.length > 0 && !protocols.includes(protocol)) {
        problems.push({
          message:
            `targetPort "${target}" of port ${port.port}/${protocol} is a ${protocols[0]} port of ${owners}, and ` +
            'Kubernetes resolves a named targetPort by name and protocol, so no endpoint serves it',
          fix: 'give the Service port and the container port the same protocol',
        });
      }
    }
    return problems;
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const NODE_PORT_TYPES = ['NodePort', 'LoadBalancer'];

function externalNameProblem(value: unknown): Problem | undefined {
  if (typeof value !== 'string' || value === '') {
    return {
      message: 'an ExternalName Service has no externalName',
      fix: 'set externalName to the host it aliases, e.g. "db.example.com"',
    };
  }
  const host = hostOfUrl(value);
  if (host !== undefined) {
    return {
      message: `externalName "${value}" is a URL, not a host name`,
      fix: `set externalName to the host "${host}"`,
    };
  }
  // A fully qualified name may end with a dot.
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length <= 253 && DNS_SUBDOMAIN.test(name)
    ? undefined
    : {
        message: `externalName "${value}" is not a DNS name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".")`,
        fix: 'set externalName to the lower-case host name the Service aliases, e.g. "db.example.com"',
      };
}

export const externalName: Rule = {
  id: 'external-name',
  description:
    'an ExternalName Service names a DNS host (not a URL) and selects no pods; other types set no externalName',
  kinds: ['Service'],
  check(service) {
    const spec = specOf(service);
    const problems: Problem[] = [];
    if (spec.type === 'ExternalName') {
      const problem = externalNameProblem(spec.externalName);
      if (problem !== undefined) {
        problems.push(problem);
      }
      if (Object.keys(spec.selector ?? {}).length > 0) {
        problems.push({
          message: 'an ExternalName Service aliases a host but has a selector',
          fix: 'remove the selector',
        });
      }
    } else if (spec.externalName !== undefined) {
      problems.push({
        message: `externalName "${spec.externalName}" is set on a ${spec.type ?? 'ClusterIP'} Service`,
        fix: 'remove externalName, or make the type ExternalName',
      });
    }
    return problems;
  },
};

/** The label that ties an EndpointSlice to its Service. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Whether the project writes the endpoints of a Service that selects no pods. */
function hasManualEndpoints(service: RenderedObject, context: CheckContext): boolean {
  const namespace = namespaceOf(service);
  const name = String(service.manifest.metadata.name);
  return (
    context.index.get('Endpoints', namespace, name) !== undefined ||
    context.index
      .ofKind('EndpointSlice', namespace)
      .some(
        (slice) =>
          (slice.manifest.metadata.labels as Record<string, unknown> | undefined)?.[SERVICE_NAME_LABEL] === name,
      )
  );
}

/** The longest session affinity the API server takes, a day in seconds (exclusive). */
const MAX_AFFINITY_SECONDS = 86400;

/** What the API server refuses in a Service's addresses, source ranges, session affinity timeout and app protocols. */
function addressProblems(spec: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const clusterIps: unknown[] = [spec.clusterIP, ...(spec.clusterIPs ?? [])].filter(
    (ip) => ip !== undefined && ip !== 'None' && ip !== '',
  );
  for (const ip of clusterIps) {
    const wrong = ipAddressProblem(ip, release);
    if (wrong !== undefined) {
      problems.push({
        message: `clusterIP ${JSON.stringify(ip)} ${wrong.problem} (or "None" for a headless Service)`,
        fix:
          wrong.suggestion === undefined
            ? 'leave clusterIP out to let Kubernetes choose one, or write "None" for a headless Service'
            : `write "${wrong.suggestion}"`,
      });
    }
  }
  for (const ip of (spec.externalIPs ?? []) as unknown[]) {
    const wrong = ipAddressProblem(ip, release);
    if (wrong !== undefined) {
      problems.push({
        message: `externalIPs has ${JSON.stringify(ip)}, which ${wrong.problem}`,
        fix:
          wrong.suggestion === undefined
            ? 'list the addresses of the nodes or routers that receive the traffic, e.g. "203.0.113.10"'
            : `write "${wrong.suggestion}"`,
      });
    }
  }
  for (const range of ((spec.loadBalancerSourceRanges ?? []) as unknown[]).filter(
    (value) => typeof value !== 'string' || !isCidr(value.trim()),
  )) {
    problems.push({
      message: `loadBalancerSourceRanges has ${JSON.stringify(range)}, which is not an address block in CIDR notation`,
      fix: 'write an address and a prefix length, e.g. "203.0.113.0/24"',
    });
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (
    spec.sessionAffinity === 'ClientIP' &&
    timeout !== undefined &&
    !(Number.isInteger(timeout) && timeout > 0 && timeout <= MAX_AFFINITY_SECONDS)
  ) {
    problems.push({
      message: `sessionAffinityConfig.clientIP.timeoutSeconds ${JSON.stringify(timeout)} is not from 1 to ${MAX_AFFINITY_SECONDS} (a day)`,
      fix: 'keep clients on one pod for at most a day, e.g. 10800 (three hours, the default)',
    });
  }
  for (const port of (spec.ports ?? []) as Json[]) {
    const protocol: unknown = port?.appProtocol;
    if (protocol !== undefined && !(typeof protocol === 'string' && isLabelKey(protocol))) {
      problems.push({
        message: `appProtocol ${JSON.stringify(protocol)} of port ${port.port} is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")`,
        fix: 'name the protocol as IANA does, or as <domain>/<name> for your own',
      });
    }
  }
  return problems;
}

export const serviceSpec: Rule = {
  id: 'service-spec',
  description:
    'a Service other than ExternalName selects pods (or has endpoints written by hand); only a ClusterIP Service is headless; only NodePort and LoadBalancer Services have an externalTrafficPolicy; cluster and external IPs are addresses, source ranges address blocks, a ClientIP affinity lasts at most a day, app protocols are qualified names',
  kinds: ['Service'],
  check(service, context) {
    const spec = specOf(service);
    const type = spec.type ?? 'ClusterIP';
    const problems: Problem[] = [];
    if (
      type !== 'ExternalName' &&
      Object.keys(spec.selector ?? {}).length === 0 &&
      !hasManualEndpoints(service, context)
    ) {
      // A warning: the API server takes it, and something outside the project (a controller, an operator) may write
      // its endpoints; the project cannot know.
      problems.push({
        message: `a ${type} Service has no selector and no Endpoints or EndpointSlice of its own, so nothing receives its traffic unless something outside the project writes its endpoints`,
        fix: "select the labels of a workload's pod template (pass the workload as `selector`), or write its endpoints by hand",
        warning: true,
      });
    }
    if (spec.clusterIP === 'None' && type !== 'ClusterIP') {
      problems.push({
        message: `only a ClusterIP Service can be headless (clusterIP None), got type ${type}`,
        fix: 'make the type ClusterIP, or give the Service a cluster IP',
      });
    }
    problems.push(...addressProblems(spec, context.kubernetesVersion));
    if (spec.externalTrafficPolicy !== undefined && !NODE_PORT_TYPES.includes(type)) {
      problems.push({
        message: `externalTrafficPolicy ${JSON.stringify(spec.externalTrafficPolicy)} is set on a ${type} Service; the API server takes it only for NodePort and LoadBalancer`,
        fix: 'remove externalTrafficPolicy, or make the type NodePort or LoadBalancer',
      });
    }
    return problems;
  },
};

function repeatedValues(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.size === seen.add(value).size))];
}

export const servicePorts: Rule = {
  id: 'service-ports',
  description:
    'a Service has ports (unless ExternalName or headless), named when more than one, unique, with nodePorts only on NodePort and LoadBalancer',
  kinds: ['Service'],
  check(service) {
    const spec = specOf(service);
    const type = spec.type ?? 'ClusterIP';
    const ports: Json[] = spec.ports ?? [];
    const problems: Problem[] = [];
    if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') {
      problems.push({
        message: `a ${type} Service has no ports`,
        fix: 'add a port to `ports` (only an ExternalName or headless Service may have none)',
      });
    }
    if (ports.length > 1) {
      for (const port of ports.filter((candidate) => candidate.name === undefined)) {
        problems.push({
          message: `port ${port.port} has no name, and a Service with more than one port must name each`,
          fix: 'add `name` to every port',
        });
      }
    }
    for (const name of repeatedValues(ports.flatMap((port) => (port.name === undefined ? [] : [port.name])))) {
      problems.push({ message: `port name "${name}" appears more than once`, fix: 'give each port a name of its own' });
    }
    for (const port of repeatedValues(ports.map((candidate) => `${candidate.port}/${candidate.protocol ?? 'TCP'}`))) {
      problems.push({ message: `port ${port} appears more than once`, fix: 'remove the repeated port' });
    }
    if (!NODE_PORT_TYPES.includes(type)) {
      for (const port of ports.filter((candidate) => candidate.nodePort !== undefined)) {
        problems.push({
          message: `nodePort ${port.nodePort} of port ${port.port} needs type NodePort or LoadBalancer, got ${type}`,
          fix: 'remove nodePort, or change the type to NodePort or LoadBalancer',
        });
      }
    }
    return problems;
  },
};

export const SERVICE_RULES: readonly Rule[] = [
  serviceSelector,
  serviceTargetPort,
  externalName,
  serviceSpec,
  servicePorts,
];
