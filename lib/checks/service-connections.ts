import { NAMESPACE_NAME_LABEL } from '../constructs/network-policy';
import { kindsWith } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { Problem, describeObject } from './finding';
import { ObjectIndex, PodTemplate, podTemplateOf } from './object-index';
import { labelSelectorSelects, policyDirections, serviceTemplates, unmetRequirement } from './references';
import { CheckContext, Rule, madeOutsideProject, namespaceIsOurs, namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The cluster's DNS domain, as the local control planes and most clusters have it. */
const CLUSTER_DOMAIN = 'svc.cluster.local';

/** Ports a URL of the scheme means when it gives none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  rediss: 6379,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  memcached: 11211,
};

/** Environment variables whose bare value (no scheme, no port) is a host: DB_HOST, REDIS_ADDR, KAFKA_SERVERS, ... */
const HOST_VARIABLE = /(^|_)(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT)$/i;
const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)/i;
const HOST_PORT = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?::(\d{1,5}))?$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A Service a container names in its environment, as a URL, `host:port` or a cluster DNS name. */
interface Mention {
  /** The variable, e.g. `API_URL`. */
  readonly variable: string;
  /** Its value as written. */
  readonly value: string;
  /** The Service's namespace and name. */
  readonly namespace: string;
  readonly service: string;
  /** The port it connects to, when the value gives one (or its scheme means one). */
  readonly port?: number;
}

/**
 * The variables of a container with their values: literal, from a ConfigMap key, or every key of a ConfigMap (`envFrom`,
 * `named` false: a ConfigMap shared by several workloads gives each every key, used or not).
 */
function variablesOf(
  container: Json,
  namespace: string,
  index: ObjectIndex,
): { variable: string; value: string; named: boolean }[] {
  const variables: { variable: string; value: string; named: boolean }[] = [];
  const configData = (name: unknown): Record<string, unknown> =>
    typeof name === 'string'
      ? ((index.get('ConfigMap', namespace, name)?.manifest.data ?? {}) as Record<string, unknown>)
      : {};
  for (const entry of Array.isArray(container.env) ? container.env : []) {
    if (typeof entry?.name !== 'string') {
      continue;
    }
    if (typeof entry.value === 'string') {
      variables.push({ variable: entry.name, value: entry.value, named: true });
    } else {
      const ref = entry.valueFrom?.configMapKeyRef;
      const value = ref === undefined ? undefined : configData(ref.name)[ref.key];
      if (typeof value === 'string') {
        variables.push({ variable: entry.name, value, named: true });
      }
    }
  }
  for (const source of Array.isArray(container.envFrom) ? container.envFrom : []) {
    const prefix = typeof source?.prefix === 'string' ? source.prefix : '';
    for (const [key, value] of Object.entries(configData(source?.configMapRef?.name))) {
      if (typeof value === 'string') {
        variables.push({ variable: prefix + key, value, named: false });
      }
    }
  }
  return variables;
}

/** The hosts (with the port given, or the scheme's) of a value: a URL, a list of `host:port`, or a bare host. */
function hostsOf(variable: string, value: string): { host: string; port?: number }[] {
  const trimmed = value.trim();
  const url = URL_FORM.exec(trimmed);
  const defaultPort = url === null ? undefined : DEFAULT_PORTS[url[1].toLowerCase()];
  const authority = url === null ? trimmed : url[2];
  const hosts: { host: string; port?: number }[] = [];
  for (const item of authority.split(',')) {
    const match = HOST_PORT.exec(item.trim());
    if (match === null) {
      return [];
    }
    if (match[3] === undefined && url === null && !HOST_VARIABLE.test(variable) && !isClusterName(match[1])) {
      return [];
    }
    hosts.push({ host: match[1], port: match[3] === undefined ? defaultPort : Number(match[3]) });
  }
  return hosts;
}

function isClusterName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name.endsWith('.svc') || name.endsWith(`.${CLUSTER_DOMAIN}`);
}

/**
 * The Service a host names from a pod of `namespace`, as the cluster DNS answers it (search domains
 * `<namespace>.svc.cluster.local`, `svc.cluster.local`): `api`, `api.shop`, `api.shop.svc[.cluster.local]`, and a
 * StatefulSet member's `db-0.db[.shop[.svc[.cluster.local]]]` (the governing Service `db`). Undefined for a name of no
 * namespace the project makes (another cluster's, the internet's, localhost), where the check knows nothing.
 */
function serviceOf(
  host: string,
  namespace: string,
  context: Pick<CheckContext, 'index'>,
): { namespace: string; service: string } | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || IPV4.test(name)) {
    return undefined;
  }
  let labels = name.split('.');
  const clusterName = isClusterName(name);
  if (clusterName) {
    labels = labels.slice(0, name.endsWith(`.${CLUSTER_DOMAIN}`) ? -3 : -1);
  }
  const ours = (candidate: string) => namespaceIsOurs(candidate, context);
  if (labels.length === 1 && !clusterName) {
    return ours(namespace) ? { namespace, service: labels[0] } : undefined;
  }
  if (labels.length === 2) {
    if (ours(labels[1])) {
      return { namespace: labels[1], service: labels[0] };
    }
    // A member of a StatefulSet in the pod's own namespace: `<pod>.<service>`.
    return !clusterName && ours(namespace) && context.index.get('Service', namespace, labels[1]) !== undefined
      ? { namespace, service: labels[1] }
      : undefined;
  }
  if (labels.length === 3 && ours(labels[2])) {
    return { namespace: labels[2], service: labels[1] };
  }
  return undefined;
}

/** What a NetworkPolicy verdict can be where the check does not see everything (address blocks, other namespaces). */
type Verdict = 'yes' | 'no' | 'maybe';

function any(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = 'no';
  for (const verdict of verdicts) {
    if (verdict === 'yes') {
      return 'yes';
    }
    if (verdict === 'maybe') {
      result = 'maybe';
    }
  }
  return result;
}

/**
 * Whether a namespace selector selects the namespace: by its labels where the project makes it; of one made elsewhere
 * only the name label the API server gives every namespace is known, so a selector of other labels may select it.
 */
function namespaceSelected(selector: Json, namespace: string, index: ObjectIndex): Verdict {
  const named = { [NAMESPACE_NAME_LABEL]: namespace };
  const made = index.get('Namespace', undefined, namespace);
  if (made !== undefined) {
    return labelSelectorSelects(selector, { ...(made.manifest.metadata.labels ?? {}), ...named }) ? 'yes' : 'no';
  }
  if (labelSelectorSelects(selector, named)) {
    return 'yes';
  }
  const byName = {
    matchLabels:
      NAMESPACE_NAME_LABEL in (selector?.matchLabels ?? {})
        ? { [NAMESPACE_NAME_LABEL]: selector.matchLabels[NAMESPACE_NAME_LABEL] }
        : {},
    matchExpressions: (Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : []).filter(
      (expression: Json) => expression?.key === NAMESPACE_NAME_LABEL,
    ),
  };
  return typeof unmetRequirement(byName, named) === 'string' ? 'no' : 'maybe';
}

/** Whether a peer of a rule of a policy in `policyNamespace` is the pods of `template` in `namespace`. */
function peerIs(
  peer: Json,
  policyNamespace: string,
  namespace: string,
  template: PodTemplate,
  index: ObjectIndex,
): Verdict {
  if (peer?.ipBlock !== undefined) {
    // Pod addresses are not known ahead.
    return 'maybe';
  }
  const pods: Verdict =
    peer?.podSelector === undefined || labelSelectorSelects(peer.podSelector, template.labels) ? 'yes' : 'no';
  if (peer?.namespaceSelector === undefined) {
    return namespace === policyNamespace ? pods : 'no';
  }
  const namespaces = namespaceSelected(peer.namespaceSelector, namespace, index);
  return pods === 'no' || namespaces === 'no' ? 'no' : namespaces;
}

/** A port of the target pods, by number and name. */
interface PodPort {
  readonly number: number;
  readonly name?: string;
}

function portsAdmit(ports: Json, port: PodPort | undefined): boolean {
  if (!Array.isArray(ports) || ports.length === 0 || port === undefined) {
    return true;
  }
  return ports.some((each: Json) => {
    if ((each?.protocol ?? 'TCP') !== 'TCP') {
      return false;
    }
    const value = each.port;
    return (
      value === undefined ||
      value === port.number ||
      (port.name !== undefined && value === port.name) ||
      (typeof value === 'number' &&
        typeof each.endPort === 'number' &&
        value <= port.number &&
        port.number <= each.endPort)
    );
  });
}

/**
 * Whether the NetworkPolicies of `governed`'s namespace that govern it in `direction` let traffic through to or from
 * the `peer` pods in `peerNamespace`, on `port` of the target: yes when none governs it, or a rule of one admits it.
 */
function policiesAdmit(
  direction: 'Ingress' | 'Egress',
  governed: PodTemplate,
  peer: PodTemplate,
  peerNamespace: string,
  port: PodPort | undefined,
  index: ObjectIndex,
): { verdict: Verdict; governing: RenderedObject[] } {
  const namespace = namespaceOf(governed.owner);
  const governing = index
    .ofKind('NetworkPolicy', namespace)
    .filter(
      (policy) =>
        policyDirections(policy).includes(direction) &&
        labelSelectorSelects(specOf(policy).podSelector ?? {}, governed.labels),
    );
  if (governing.length === 0) {
    return { verdict: 'yes', governing };
  }
  const field = direction === 'Ingress' ? 'from' : 'to';
  const verdicts = governing.flatMap((policy) =>
    ((specOf(policy)[direction === 'Ingress' ? 'ingress' : 'egress'] ?? []) as Json[]).map((rule): Verdict => {
      if (!portsAdmit(rule?.ports, port)) {
        return 'no';
      }
      const peers = rule?.[field];
      return !Array.isArray(peers) || peers.length === 0
        ? 'yes'
        : any(peers.map((each: Json) => peerIs(each, namespace, peerNamespace, peer, index)));
    }),
  );
  return { verdict: any(verdicts), governing };
}

/** The port of the pods a connection to the Service's `port` reaches (for a headless Service, `port` itself). */
function podPort(service: RenderedObject, port: number, target: PodTemplate): PodPort | undefined {
  const spec = specOf(service);
  const servicePort = ((spec.ports ?? []) as Json[]).find((each) => each?.port === port);
  const targetPort: unknown = servicePort === undefined ? port : (servicePort.targetPort ?? port);
  const containerPorts = ((target.spec.containers ?? []) as Json[]).flatMap((container) =>
    Array.isArray(container?.ports) ? (container.ports as Json[]) : [],
  );
  if (typeof targetPort === 'string') {
    const named = containerPorts.find((each) => each?.name === targetPort);
    return named === undefined ? undefined : { number: named.containerPort, name: targetPort };
  }
  const numbered = containerPorts.find((each) => each?.containerPort === targetPort);
  return { number: Number(targetPort), name: typeof numbered?.name === 'string' ? numbered.name : undefined };
}

function isHeadless(service: RenderedObject): boolean {
  return specOf(service).clusterIP === 'None';
}

function describeMention(container: string, mention: Mention): string {
  return `container "${container}" env ${mention.variable} (${JSON.stringify(mention.value)})`;
}

function mentionProblems(
  client: PodTemplate,
  container: string,
  mention: Mention,
  named: boolean,
  context: CheckContext,
): Problem[] {
  const { index } = context;
  const qualified = `${mention.namespace}/${mention.service}`;
  const service = index.get('Service', mention.namespace, mention.service);
  const at = describeMention(container, mention);
  if (service === undefined) {
    return madeOutsideProject('Service', mention.namespace, mention.service, context.external)
      ? []
      : [
          {
            warning: true,
            message: `${at} names Service ${qualified}, which the project does not make: the name does not resolve`,
            fix: `make the Service (a server's Service has the server's name), correct the name, or declare "${qualified}" in the environment's external.services if something outside the project makes it`,
          },
        ];
  }
  if (specOf(service).type === 'ExternalName') {
    return [];
  }
  const servicePorts = ((specOf(service).ports ?? []) as Json[]).map((each) => each?.port);
  const targets = serviceTemplates(service, index) ?? [];
  if (mention.port !== undefined && !servicePorts.includes(mention.port)) {
    const podPorts = targets.flatMap((target) =>
      ((target.spec.containers ?? []) as Json[]).flatMap((each) =>
        Array.isArray(each?.ports) ? each.ports.map((port: Json) => port?.containerPort) : [],
      ),
    );
    // A headless Service's clients reach the pods' own ports.
    if (!(isHeadless(service) && podPorts.includes(mention.port))) {
      return [
        {
          warning: true,
          message: `${at} connects to port ${mention.port} of Service ${qualified}, which has no such port (its ports: ${servicePorts.join(', ') || 'none'})`,
          fix: `connect to a port of the Service (clients use the Service's port, which it maps to the pods' targetPort), or give the Service port ${mention.port}`,
        },
      ];
    }
  }
  const problems: Problem[] = [];
  // A variable every key of a shared ConfigMap gives may be one the container never reads: its connection is not judged.
  for (const target of named ? targets : []) {
    const port = mention.port === undefined ? undefined : podPort(service, mention.port, target);
    const where = port === undefined ? '' : ` on port ${port.name ?? port.number}`;
    const ingress = policiesAdmit('Ingress', target, client, namespaceOf(client.owner), port, index);
    if (ingress.verdict === 'no') {
      problems.push({
        warning: true,
        message: `${at} connects to Service ${qualified}, whose pods (${describeObject(target.owner)}) take traffic only as ${ingress.governing.map(describeObject).join(', ')} admit, and none admits these pods${where}`,
        fix: `let these pods in: name this workload in the allowFrom of ${String(target.owner.manifest.metadata.name)} (allowFrom: [${String(client.owner.manifest.metadata.name)}]), or allow it in a NetworkPolicy of namespace ${mention.namespace}`,
      });
    }
    const egress = policiesAdmit('Egress', client, target, mention.namespace, port, index);
    if (egress.verdict === 'no') {
      problems.push({
        warning: true,
        message: `${at} connects to Service ${qualified}, but these pods' egress is governed by ${egress.governing.map(describeObject).join(', ')}, and none lets them reach its pods (${describeObject(target.owner)})${where}`,
        fix: `allow the egress: a NetworkPolicy of namespace ${namespaceOf(client.owner)} whose egress rule admits namespace ${mention.namespace}'s pods of ${describeObject(target.owner)}${where}`,
      });
    }
  }
  return problems;
}

/** A Service a container of a workload names in its environment: where the workload's traffic goes. */
export interface Connection extends Mention {
  /** The container. */
  readonly container: string;
  /** Whether the variable is named in the container (a literal or a ConfigMap key), not one of every key (`envFrom`). */
  readonly named: boolean;
}

/**
 * The Services an object's pods name in their containers' environment (a URL, `host:port`, a host in a *_HOST variable,
 * a cluster DNS name; literal, or from a ConfigMap of the project), in namespaces the project makes, each Service
 * and port once per variable. None for pods on the node's network, of their own DNS settings or search domains, or a
 * name a host alias answers, which resolve names otherwise. What the `service-connections` rule judges, and the map
 * draws.
 */
export function connectionsOf(object: RenderedObject, context: Pick<CheckContext, 'index'>): Connection[] {
  const template = podTemplateOf(object);
  const spec = template?.spec;
  if (
    template === undefined ||
    spec.hostNetwork === true ||
    (spec.dnsPolicy !== undefined && spec.dnsPolicy !== 'ClusterFirst') ||
    (Array.isArray(spec.dnsConfig?.searches) && spec.dnsConfig.searches.length > 0)
  ) {
    return [];
  }
  const namespace = namespaceOf(object);
  const aliases = new Set<string>(
    (Array.isArray(spec.hostAliases) ? spec.hostAliases : []).flatMap((alias: Json) =>
      Array.isArray(alias?.hostnames) ? alias.hostnames : [],
    ),
  );
  const connections: Connection[] = [];
  for (const container of [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ]) {
    for (const { variable, value, named } of variablesOf(container, namespace, context.index)) {
      for (const { host, port } of hostsOf(variable, value)) {
        const found = aliases.has(host) ? undefined : serviceOf(host, namespace, context);
        // Members of one StatefulSet listed one by one are one connection to its Service.
        if (
          found !== undefined &&
          !connections.some(
            (each) =>
              each.variable === variable &&
              each.container === String(container?.name) &&
              each.namespace === found.namespace &&
              each.service === found.service &&
              each.port === port,
          )
        ) {
          connections.push({ container: String(container?.name), variable, value, port, named, ...found });
        }
      }
    }
  }
  return connections;
}

/**
 * Services a pod's containers name in their environment (`connectionsOf`): the Service must exist, have the port, and
 * the NetworkPolicies of both ends must let these pods reach its pods on it. Warnings: a value that looks like a
 * Service's name may not be one, and the network plugin, not the API server, enforces the policies.
 */
export const serviceConnections: Rule = {
  id: 'service-connections',
  description:
    'a Service named in a container environment exists, has the port, and the NetworkPolicies let the pods reach it',
  kinds: kindsWith('podTemplate'),
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    return connectionsOf(object, context).flatMap((connection) =>
      mentionProblems(template, connection.container, connection, connection.named, context),
    );
  },
};
