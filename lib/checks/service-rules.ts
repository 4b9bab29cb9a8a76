import {
  DNS_SUBDOMAIN,
  hostOfUrl,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
} from '../constructs/validation';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { compareReleases } from '../config/kubernetes-version';
import { STRICT_SINCE, cidrProblem, ipAddressProblem, ipFamilyOf, specialIpProblem } from './ip-address';
import { canonicalIp } from './service-cidr-rules';
import { PodTemplate } from './object-index';
import { serviceTemplates } from './references';
import { POD_NAME_LABEL, memberNames, templateHashLabel } from './controller-labels';
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

/**
 * A Service that selects a workload's pods by the hash its controller computes of the pod template: the API server
 * takes it, and it selects them only while the value it names is the hash of the template they run.
 */
function hashSelectorWarning(selector: Record<string, string>, template: PodTemplate): Problem {
  const { kind, metadata } = template.owner.manifest;
  const label = templateHashLabel(kind) as string;
  return {
    warning: true,
    message: `selector ${formatLabels(selector)} names ${label}, which the ${kind} controller sets on each pod to a hash of its pod template, computed when the object is applied and changed at every change of the template: it selects the pods of ${kind} ${String(metadata.name)} only while ${JSON.stringify(selector[label])} is that hash`,
    fix: `select the workload's own labels (pass the workload as \`selector\`), without ${label}`,
  };
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
    const selector: Record<string, string> = specOf(service).selector;
    const namespace = namespaceOf(service);
    const hashed = context.index.templatesSelectedBesides(namespace, selector, ({ owner }) =>
      templateHashLabel(owner.manifest.kind),
    );
    if (hashed.length > 0) {
      return hashed.map((template) => hashSelectorWarning(selector, template));
    }
    const noMatch = `selector ${formatLabels(selector)} matches no pod template in namespace ${namespace}`;
    const sets = context.index.templatesSelectedBesides(namespace, selector, ({ owner }) =>
      owner.manifest.kind === 'StatefulSet' ? POD_NAME_LABEL : undefined,
    );
    if (sets.length > 0) {
      const members = sets.map(
        ({ owner }) =>
          `the pods of StatefulSet ${String(owner.manifest.metadata.name)} are ${memberNames(owner.manifest)}`,
      );
      return [
        {
          message: `${noMatch}: ${members.join('; ')}`,
          fix: `name a pod the set runs in ${POD_NAME_LABEL}, or raise its replicas`,
        },
      ];
    }
    return [
      {
        message: noMatch,
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
    const special = specialIpProblem(String(ip));
    const wrong = ipAddressProblem(ip, release) ?? (special === undefined ? undefined : { problem: special });
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
  for (const range of (spec.loadBalancerSourceRanges ?? []) as unknown[]) {
    const wrong = cidrProblem(typeof range === 'string' ? range.trim() : range, release);
    if (wrong !== undefined) {
      problems.push({
        message: `loadBalancerSourceRanges has ${JSON.stringify(range)}, which ${wrong.problem}`,
        fix:
          wrong.suggestion === undefined
            ? 'write an address and a prefix length, e.g. "203.0.113.0/24"'
            : `write "${wrong.suggestion}"`,
      });
    }
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
    problems.push(
      ...appProtocolProblems(`appProtocol ${JSON.stringify(port?.appProtocol)} of port ${port?.port}`, port),
    );
  }
  return problems;
}

/** The problem of a port's appProtocol (a Service's, an Endpoints', an EndpointSlice's) that is no qualified name. */
function appProtocolProblems(where: string, port: Json): Problem[] {
  const protocol: unknown = port?.appProtocol;
  return protocol === undefined || (typeof protocol === 'string' && isLabelKey(protocol))
    ? []
    : [
        {
          message: `${where} is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")`,
          fix: 'name the protocol as IANA does, or as <domain>/<name> for your own',
        },
      ];
}

/** The family of an address, by how the API server tells them apart (netutils.IsIPv6String). */
function familyOf(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

const NO_CLUSTER_IP = '(an ExternalName Service has no cluster IP)';

/**
 * What the API server refuses of a Service's cluster IPs and IP families (core's validateServiceClusterIPsRelatedFields
 * and ExternalName checks, the same on 1.27 and 1.37): any of them on an ExternalName Service; clusterIPs without
 * clusterIP first, None beside an address, two of one family; repeated families, SingleStack with two, and a cluster
 * IP of another family than its ipFamilies entry. Whether the cluster serves a family is the cluster's, not the gate's.
 */
function clusterIpProblems(spec: Json, type: string): Problem[] {
  const clusterIp: unknown = spec.clusterIP;
  const clusterIps: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const families: unknown[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (type === 'ExternalName') {
    const set = [
      ...(clusterIp !== undefined && clusterIp !== '' && clusterIp !== 'None'
        ? [`clusterIP ${JSON.stringify(clusterIp)}`]
        : []),
      ...(clusterIps.length > 0 && (clusterIp === undefined || clusterIp === '') ? ['clusterIPs'] : []),
      ...(families.length > 0 ? ['ipFamilies'] : []),
      ...(spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null ? ['ipFamilyPolicy'] : []),
    ];
    return set.map((field) => ({
      message: `${field} is set on an ExternalName Service, which the API server refuses ${NO_CLUSTER_IP}`,
      fix: `remove ${field.split(' ')[0]}, or make the type ClusterIP`,
    }));
  }
  const problems: Problem[] = [];
  const listed = JSON.stringify(clusterIps);
  const fix = 'give clusterIP alone (Kubernetes copies it into clusterIPs), or clusterIPs led by clusterIP';
  if (clusterIps.length > 0 && (clusterIp === undefined || clusterIp === '')) {
    problems.push({
      message: `clusterIPs ${listed} is set without clusterIP; the API server takes clusterIPs only when clusterIP is their first`,
      fix,
    });
  } else if (clusterIps.length > 0 && clusterIps[0] !== clusterIp) {
    problems.push({
      message: `clusterIPs ${listed} does not start with clusterIP ${JSON.stringify(clusterIp)}; the API server takes clusterIPs only when clusterIP is their first`,
      fix,
    });
  }
  const addresses = clusterIps.filter((ip): ip is string => typeof ip === 'string' && ip !== 'None');
  if (clusterIps.includes('None') && clusterIps.length > 1) {
    problems.push({
      message: `clusterIPs ${listed} has "None" beside an address; "None" must be the only value`,
      fix: 'write clusterIPs ["None"] for a headless Service, or addresses only',
    });
  } else if (addresses.length === 2 && familyOf(addresses[0]) === familyOf(addresses[1])) {
    problems.push({
      message: `clusterIPs ${listed} has two ${familyOf(addresses[0])} addresses; at most one per IP family`,
      fix: 'give one address, or one IPv4 and one IPv6 address',
    });
  }
  const repeated = families.find((family, index) => families.indexOf(family) !== index);
  if (repeated !== undefined) {
    problems.push({
      message: `ipFamilies ${JSON.stringify(families)} names ${String(repeated)} twice; give each family once`,
      fix: 'list IPv4, IPv6 or both, each once',
    });
  }
  const stacked = Math.max(families.length, clusterIps.length);
  if (spec.ipFamilyPolicy === 'SingleStack' && stacked > 1) {
    problems.push({
      message: `ipFamilyPolicy SingleStack is set with ${stacked} ${families.length > 1 ? 'IP families' : 'cluster IPs'}; the API server wants PreferDualStack or RequireDualStack then`,
      fix: 'set ipFamilyPolicy to PreferDualStack or RequireDualStack, or give one family',
    });
  }
  const effective = clusterIps.length > 0 ? clusterIps : clusterIp === undefined || clusterIp === '' ? [] : [clusterIp];
  if (clusterIp !== 'None') {
    effective.forEach((ip, index) => {
      const family = families[index];
      if (typeof ip === 'string' && (family === 'IPv4' || family === 'IPv6') && familyOf(ip) !== family) {
        problems.push({
          message: `clusterIPs[${index}] ${JSON.stringify(ip)} is not an ${family} address, as ipFamilies[${index}] says it is`,
          fix: `give an ${family} address, or list the families in the order of the addresses`,
        });
      }
    });
  }
  return problems;
}

/**
 * The fields of node ports on a Service of another type than takes them (1.27 and 1.37): allocateLoadBalancerNodePorts
 * on one that is no LoadBalancer, a healthCheckNodePort but on a LoadBalancer of externalTrafficPolicy Local, or one
 * outside 1-65535.
 */
function nodePortFieldProblems(spec: Json, type: string): Problem[] {
  const problems: Problem[] = [];
  if (
    type !== 'LoadBalancer' &&
    spec.allocateLoadBalancerNodePorts !== undefined &&
    spec.allocateLoadBalancerNodePorts !== null
  ) {
    problems.push({
      message: `allocateLoadBalancerNodePorts is set on a ${type} Service; the API server takes it only for LoadBalancer`,
      fix: 'remove allocateLoadBalancerNodePorts, or make the type LoadBalancer',
    });
  }
  const port: unknown = spec.healthCheckNodePort;
  if (port === undefined || port === null || port === 0) {
    return problems;
  }
  const policy = spec.externalTrafficPolicy ?? 'Cluster';
  if (type !== 'LoadBalancer' || policy !== 'Local') {
    problems.push({
      message: `healthCheckNodePort ${JSON.stringify(port)} is set on a ${type} Service of externalTrafficPolicy ${policy}; the API server takes it only for a LoadBalancer Service of externalTrafficPolicy Local`,
      fix: 'remove healthCheckNodePort (Kubernetes picks one for a LoadBalancer of policy Local)',
    });
  } else if (!(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) {
    problems.push({
      message: `healthCheckNodePort ${JSON.stringify(port)} is outside 1-65535`,
      fix: 'give a node port of the cluster, e.g. 30100, or leave it out to let Kubernetes pick one',
    });
  }
  return problems;
}

export const serviceSpec: Rule = {
  id: 'service-spec',
  description:
    'a Service other than ExternalName selects pods (or has endpoints written by hand); only a ClusterIP Service is headless; only NodePort and LoadBalancer Services have an externalTrafficPolicy, only LoadBalancer Services source ranges and a class (a qualified name); cluster and external IPs are addresses, source ranges address blocks, a ClientIP affinity lasts at most a day, app protocols are qualified names; clusterIPs led by clusterIP, one per family, of the families ipFamilies lists (each once, two only with a dual-stack policy), none on an ExternalName Service; allocateLoadBalancerNodePorts only on LoadBalancer, healthCheckNodePort only on LoadBalancer of policy Local; external IPs not loopback, unspecified or link-local',
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
    problems.push(...clusterIpProblems(spec, type), ...nodePortFieldProblems(spec, type));
    if (
      spec.externalTrafficPolicy !== undefined &&
      spec.externalTrafficPolicy !== '' &&
      !NODE_PORT_TYPES.includes(type)
    ) {
      problems.push({
        message: `externalTrafficPolicy ${JSON.stringify(spec.externalTrafficPolicy)} is set on a ${type} Service; the API server takes it only for NodePort and LoadBalancer`,
        fix: 'remove externalTrafficPolicy, or make the type NodePort or LoadBalancer',
      });
    }
    problems.push(...loadBalancerProblems(spec, type));
    return problems;
  },
};

/**
 * The fields of a cloud load balancer: refused by the API servers on a Service of another type (1.27 and 1.37:
 * "Forbidden: may only be used when `type` is 'LoadBalancer'"), and a class that is not a qualified name.
 */
function loadBalancerProblems(spec: Json, type: string): Problem[] {
  const problems: Problem[] = [];
  const ranges: unknown = spec.loadBalancerSourceRanges;
  if (type !== 'LoadBalancer' && Array.isArray(ranges) && ranges.length > 0) {
    problems.push({
      message: `loadBalancerSourceRanges is set on a ${type} Service; the API server takes it only for LoadBalancer (spec.LoadBalancerSourceRanges: Forbidden: may only be used when \`type\` is 'LoadBalancer')`,
      fix: 'remove loadBalancerSourceRanges (a NetworkPolicy limits the clients of other Services), or make the type LoadBalancer',
    });
  }
  const loadBalancerClass: unknown = spec.loadBalancerClass;
  if (loadBalancerClass === undefined || loadBalancerClass === null) {
    return problems;
  }
  if (type !== 'LoadBalancer') {
    problems.push({
      message: `loadBalancerClass ${JSON.stringify(loadBalancerClass)} is set on a ${type} Service; the API server takes it only for LoadBalancer (spec.loadBalancerClass: Forbidden: may only be used when \`type\` is 'LoadBalancer')`,
      fix: 'remove loadBalancerClass, or make the type LoadBalancer',
    });
  } else if (typeof loadBalancerClass !== 'string' || !isLabelKey(loadBalancerClass)) {
    problems.push({
      message: `loadBalancerClass ${JSON.stringify(loadBalancerClass)} is not a qualified name (a name of letters, digits, "-", "_" and ".", with an optional DNS subdomain and "/" before it)`,
      fix: 'name the load balancer implementation as its controller does, e.g. "example.com/internal-vip"',
    });
  }
  return problems;
}

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
    // A name of "" is none, as the API server reads it: one port may have it, several must each have a name.
    const unnamed = (port: Json) => port.name === undefined || port.name === '';
    if (ports.length > 1) {
      for (const port of ports.filter(unnamed)) {
        problems.push({
          message: `port ${port.port} has no name, and a Service with more than one port must name each`,
          fix: 'add `name` to every port',
        });
      }
    }
    for (const name of repeatedValues(ports.flatMap((port) => (unnamed(port) ? [] : [port.name])))) {
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

/** Why the API server refuses an endpoint's IP address (core's ValidateEndpointIP), or undefined. */
function endpointIpProblem(ip: unknown, release: string): string | undefined {
  return ipAddressProblem(ip, release)?.problem ?? specialIpProblem(String(ip));
}

/** The problem of a node name (of an endpoint, a node hint) that is no DNS-1123 subdomain. */
function nodeNameProblems(where: string, name: unknown): Problem[] {
  return name === undefined || isDnsSubdomain(name)
    ? []
    : [
        {
          message: `${where} ${JSON.stringify(name)} is not a node name (a DNS-1123 subdomain)`,
          fix: 'name the node as `kubectl get nodes` lists it, or leave it out',
        },
      ];
}

/** The problems of one address of Endpoints, or of an EndpointSlice of address type IPv4 or IPv6. */
function endpointAddressProblems(where: string, address: unknown, release: string): Problem[] {
  const wrong = endpointIpProblem(address, release);
  return wrong === undefined
    ? []
    : [
        {
          message: `${where} ${JSON.stringify(address ?? null)} ${wrong}: the API server takes the address of a pod or host, not of this node or no one`,
          fix: 'give the address the endpoint serves on',
        },
      ];
}

function portNameProblems(where: string, name: unknown): Problem[] {
  return name === undefined || name === '' || isDnsLabel(name)
    ? []
    : [
        {
          message: `${where}.name ${JSON.stringify(name)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
          fix: "name the port as the Service's port it serves is named",
        },
      ];
}

function endpointsProblems(manifest: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  ((manifest.subsets ?? []) as Json[]).forEach((subset, index) => {
    const where = `subsets[${index}]`;
    const addresses = [
      ...((subset?.addresses ?? []) as Json[]).map((address, at) => [`${where}.addresses[${at}]`, address]),
      ...((subset?.notReadyAddresses ?? []) as Json[]).map((address, at) => [
        `${where}.notReadyAddresses[${at}]`,
        address,
      ]),
    ];
    if (addresses.length === 0) {
      problems.push({
        message: `${where} has neither addresses nor notReadyAddresses`,
        fix: 'list the addresses of the subset, or remove it',
      });
    }
    for (const [at, address] of addresses) {
      problems.push(...endpointAddressProblems(`${at}.ip`, address?.ip, release));
      problems.push(...nodeNameProblems(`${at}.nodeName`, address?.nodeName));
      if (address?.hostname !== undefined && address.hostname !== '' && !isDnsLabel(address.hostname)) {
        problems.push({
          message: `${at}.hostname ${JSON.stringify(address.hostname)} is not a DNS-1123 label`,
          fix: 'give a host name of lower-case letters, digits and "-"',
        });
      }
    }
    const ports = (subset?.ports ?? []) as Json[];
    ports.forEach((port, at) => {
      const path = `${where}.ports[${at}]`;
      if (ports.length > 1 && (port?.name === undefined || port.name === '')) {
        problems.push({ message: `${path} has no name, which a subset of several ports needs`, fix: 'name each port' });
      }
      problems.push(...portNameProblems(path, port?.name));
      problems.push(...appProtocolProblems(`${path}.appProtocol ${JSON.stringify(port?.appProtocol)}`, port));
      if (!(Number.isInteger(port?.port) && port.port >= 1 && port.port <= 65535)) {
        problems.push({
          message: `${path}.port ${JSON.stringify(port?.port ?? null)} is outside 1-65535`,
          fix: 'give the port the endpoints serve on',
        });
      }
    });
  });
  return problems;
}

function endpointSliceProblems(manifest: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const type: unknown = manifest.addressType;
  ((manifest.endpoints ?? []) as Json[]).forEach((endpoint, index) => {
    const where = `endpoints[${index}]`;
    const addresses = (endpoint?.addresses ?? []) as unknown[];
    if (addresses.length === 0 || addresses.length > 100) {
      problems.push({
        message: `${where}.addresses has ${addresses.length} addresses; an endpoint has 1 to 100`,
        fix: 'give each endpoint its address',
      });
    }
    addresses.forEach((address, at) => {
      const path = `${where}.addresses[${at}]`;
      if (type === 'IPv4' || type === 'IPv6') {
        problems.push(...sliceAddressProblems(path, address, type, release));
      } else if (type === 'FQDN' && !(typeof address === 'string' && isDomainName(address))) {
        problems.push({
          message: `${path} ${JSON.stringify(address)} is not a fully qualified domain name (two or more DNS labels)`,
          fix: 'give the domain name the endpoint serves on',
        });
      }
    });
    if (endpoint?.hostname !== undefined && !isDnsLabel(endpoint.hostname)) {
      problems.push({
        message: `${where}.hostname ${JSON.stringify(endpoint.hostname)} is not a DNS-1123 label`,
        fix: 'give a host name of lower-case letters, digits and "-"',
      });
    }
    problems.push(
      ...nodeNameProblems(`${where}.nodeName`, endpoint?.nodeName),
      ...hintProblems(where, endpoint?.hints),
    );
  });
  const names: unknown[] = [];
  ((manifest.ports ?? []) as Json[]).forEach((port, index) => {
    const where = `ports[${index}]`;
    const name = port?.name ?? '';
    problems.push(...portNameProblems(where, name));
    problems.push(...appProtocolProblems(`${where}.appProtocol ${JSON.stringify(port?.appProtocol)}`, port));
    if (names.includes(name)) {
      problems.push({
        message: `${where}.name ${JSON.stringify(name)} is the name of an earlier port`,
        fix: 'name each port once',
      });
    }
    names.push(name);
  });
  return problems;
}

/**
 * The problems of an address of an EndpointSlice of address type IPv4 or IPv6: one of the other family, one an endpoint
 * may not have, and from 1.36 one not in canonical form (the 1.37 API server refuses "FD00::2" and "fd00:0::2", 1.27
 * takes them).
 */
function sliceAddressProblems(path: string, address: unknown, type: 'IPv4' | 'IPv6', release: string): Problem[] {
  const family = ipFamilyOf(address);
  if (family !== undefined && family !== type) {
    return [
      {
        message: `${path} ${JSON.stringify(address)} is not an ${type} address`,
        fix: `give an ${type} address, or change addressType`,
      },
    ];
  }
  const problems = endpointAddressProblems(path, address, release);
  const canonical = canonicalIp(String(address));
  if (
    problems.length === 0 &&
    compareReleases(STRICT_SINCE, release) <= 0 &&
    canonical !== undefined &&
    canonical !== address
  ) {
    problems.push({
      message: `${path} ${JSON.stringify(address)} is not in canonical form (${JSON.stringify(canonical)}), which Kubernetes ${release} refuses in an EndpointSlice (from ${STRICT_SINCE} on)`,
      fix: `write "${canonical}"`,
    });
  }
  return problems;
}

/** The most zone or node hints an endpoint takes. */
const MAX_HINTS = 8;

/**
 * What the API server refuses of an endpoint's hints (discovery's validateHints): more than 8 zones or nodes, one
 * named twice, a zone that is no label value, a node (forNodes, 1.33 on; the schema of 1.27 has no such field) that is
 * no DNS-1123 subdomain.
 */
function hintProblems(where: string, hints: Json): Problem[] {
  const problems: Problem[] = [];
  for (const [field, kind, nameProblems] of [
    [
      'forZones',
      'zone',
      (path: string, name: unknown): Problem[] =>
        typeof name === 'string' && isLabelValue(name)
          ? []
          : [
              {
                message: `${path} ${JSON.stringify(name)} is not a label value (at most 63 letters, digits, "-", "_" or ".")`,
                fix: "name the zone as its nodes' topology.kubernetes.io/zone label does",
              },
            ],
    ],
    ['forNodes', 'node', nodeNameProblems],
  ] as const) {
    const list: Json[] = Array.isArray(hints?.[field]) ? hints[field] : [];
    if (list.length > MAX_HINTS) {
      problems.push({
        message: `${where}.hints.${field} has ${list.length} ${kind}s; at most ${MAX_HINTS}`,
        fix: `hint at most ${MAX_HINTS} ${kind}s`,
      });
      continue;
    }
    list.forEach((hint, index) => {
      const path = `${where}.hints.${field}[${index}].name`;
      problems.push(...nameProblems(path, hint?.name));
      if (list.findIndex((other) => other?.name === hint?.name) < index) {
        problems.push({
          message: `${path} ${JSON.stringify(hint?.name)} is the name of an earlier ${kind} hint`,
          fix: `hint each ${kind} once`,
        });
      }
    });
  }
  return problems;
}

/** A fully qualified domain name (apimachinery's IsFullyQualifiedDomainName): two DNS labels or more, a trailing dot taken. */
function isDomainName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length <= 253 && DNS_SUBDOMAIN.test(name) && name.includes('.');
}

/**
 * What the API server refuses of the Endpoints and EndpointSlices written by hand for a Service without a selector:
 * addresses that are not of their type, or are unspecified, loopback or link-local; port names that are not DNS-1123
 * labels, repeated or (Endpoints of several ports) missing; Endpoints ports outside 1-65535; host names. Protocols and
 * address types are enum-values'.
 */
export const endpointsSpec: Rule = {
  id: 'endpoints-spec',
  description:
    'Endpoints and EndpointSlices have addresses of their type (not unspecified, loopback or link-local), port names that are DNS-1123 labels, given once (every port of an Endpoints subset of several), Endpoints ports of 1-65535, host names that are DNS-1123 labels, node names that are DNS-1123 subdomains, app protocols that are qualified names, at most 8 zone and node hints, each once, of label values and node names',
  kinds: ['Endpoints', 'EndpointSlice'],
  check(object, context) {
    return object.manifest.kind === 'Endpoints'
      ? endpointsProblems(object.manifest, context.kubernetesVersion)
      : endpointSliceProblems(object.manifest, context.kubernetesVersion);
  },
};

export const SERVICE_RULES: readonly Rule[] = [
  serviceSelector,
  serviceTargetPort,
  externalName,
  serviceSpec,
  servicePorts,
  endpointsSpec,
];
