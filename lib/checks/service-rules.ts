import { isIPv4, isIPv6 } from 'net';
import { DNS_SUBDOMAIN, hostOfUrl, isCidr, isDnsLabel, isLabelKey } from '../constructs/validation';
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
    'a Service other than ExternalName selects pods (or has endpoints written by hand); only a ClusterIP Service is headless; only NodePort and LoadBalancer Services have an externalTrafficPolicy, only LoadBalancer Services source ranges and a class (a qualified name); cluster and external IPs are addresses, source ranges address blocks, a ClientIP affinity lasts at most a day, app protocols are qualified names',
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
  const wrong = ipAddressProblem(ip, release);
  if (wrong !== undefined) {
    return wrong.problem;
  }
  const text = String(ip).toLowerCase();
  const v4 = /^(\d+)\.(\d+)\./.exec(text.replace(/^::ffff:/, ''));
  const [a, b] = v4 === null ? [] : [Number(v4[1]), Number(v4[2])];
  if (v4 !== null ? a === 0 && /^0+\.0+\.0+\.0+$/.test(text.replace(/^::ffff:/, '')) : /^[0:]+$/.test(text)) {
    return 'is unspecified';
  }
  if (v4 !== null ? a === 127 : text === '::1') {
    return 'is in the loopback range (127.0.0.0/8, ::1/128)';
  }
  if (v4 !== null ? a === 169 && b === 254 : /^fe[89ab]/.test(text)) {
    return 'is in the link-local range (169.254.0.0/16, fe80::/10)';
  }
  if (v4 !== null ? /^224\.0+\.0+\./.test(text.replace(/^::ffff:/, '')) : /^ff02:/.test(text)) {
    return 'is in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  }
  return undefined;
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
        const family = typeof address === 'string' && (type === 'IPv4' ? isIPv4(address) : isIPv6(address));
        problems.push(
          ...(family || ipAddressProblem(address, release) !== undefined
            ? endpointAddressProblems(path, address, release)
            : [
                {
                  message: `${path} ${JSON.stringify(address)} is not an ${type} address`,
                  fix: `give an ${type} address, or change addressType`,
                },
              ]),
        );
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
  });
  const names: unknown[] = [];
  ((manifest.ports ?? []) as Json[]).forEach((port, index) => {
    const where = `ports[${index}]`;
    const name = port?.name ?? '';
    problems.push(...portNameProblems(where, name));
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
    'Endpoints and EndpointSlices have addresses of their type (not unspecified, loopback or link-local), port names that are DNS-1123 labels, given once (every port of an Endpoints subset of several), Endpoints ports of 1-65535, host names that are DNS-1123 labels',
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
