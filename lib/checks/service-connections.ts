import { NAMESPACE_NAME_LABEL } from '../constructs/network-policy';
import { kindsWith } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { Problem, describeObject } from './finding';
import { ObjectIndex, PodTemplate, podTemplateOf } from './object-index';
import {
  labelSelectorSelects,
  policyDirections,
  policyPortsAdmit,
  serviceTemplates,
  unmetRequirement,
} from './references';
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

/**
 * Schemes of a URL whose authority is a host to connect to: an environment, a command line or a file also holds URLs of
 * other things (`S3_URL=s3://bucket`, `file:///data`, an app's own `myapp://callback`), and is read for these only.
 */
const CONNECTION_SCHEMES = new Set([...Object.keys(DEFAULT_PORTS), 'grpc', 'grpcs', 'tcp', 'kafka', 'h2c']);

/** Environment variables whose bare value (no scheme, no port) is a host: DB_HOST, REDIS_ADDR, KAFKA_SERVERS, ... */
const HOST_VARIABLE = /(^|_)(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT)$/i;
/**
 * Variables of a host that is the container's own, not one it connects to: HOSTNAME, BIND_ADDRESS, LISTEN_HOST,
 * PUBLIC_HOST, ADVERTISED_HOST, EXTERNAL_HOSTNAME (a bare value of theirs is no Service).
 */
const OWN_HOST_VARIABLE = /^HOST(NAME)?$|BIND|LISTEN|ADVERTISE|PUBLIC|EXTERNAL/i;
/** Command-line flags whose bare value is a host: --db-host, -addr, --bootstrap-server, --upstream, --api-url, ... */
const HOST_FLAG = /(^|[-_.])(host|hosts|addr|address|addresses|server|servers|endpoint|endpoints|upstream|url|uri)$/i;
/** Flags of the container's own addresses or of an image (`--bind-address`, `--image=postgres:16`): no connection. */
const NOT_A_CONNECTION_FLAG = /bind|listen|advertise|image/i;
const FLAG = /^(--?[a-z][-a-z0-9_.]*)(?:=(.*))?$/is;
const URL_FORM = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)/i;
/** A host (a Service's name is a DNS label that starts with a letter, so `1000:1000` or `10.0.0.7` is none) and port. */
const HOST_PORT = /^([a-z]([-a-z0-9.]*[a-z0-9])?)(?::(\d{1,5}))?$/i;
/** In a file: a URL, and `host:port` inside quotes (Prometheus' `targets: ['app:9090']`). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>;,)\]}]+/gi;
const QUOTED_HOST_PORT = /(["'])([a-z][-a-z0-9.]*:\d{1,5})\1/gi;

/** A Service a container names: in its environment, command line or a file it mounts, as a URL, `host:port` or name. */
interface Mention {
  /**
   * Where it is written: a variable (`env API_URL`), a flag (`args --db-host`) or elsewhere on the command line
   * (`command`), or a line of a ConfigMap's key the container mounts (`ConfigMap nginx default.conf:12`).
   */
  readonly where: string;
  /** Whether it is written in a file, which may serve another container or be a template. */
  readonly inFile: boolean;
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

/** A value a container is given, where it is written, and whether a bare word of it is a host. */
interface Written {
  readonly where: string;
  readonly value: string;
  /** A bare host (no scheme, no port) counts: a variable or flag whose name says it is a host. */
  readonly bareHost: boolean;
  /** Whether the container reads it: see `Connection.named`. */
  readonly named: boolean;
  readonly inFile: boolean;
}

function fromEnvironment(container: Json, namespace: string, index: ObjectIndex): Written[] {
  return variablesOf(container, namespace, index).map(({ variable, value, named }) => ({
    where: `env ${variable}`,
    value,
    bareHost: HOST_VARIABLE.test(variable) && !OWN_HOST_VARIABLE.test(variable),
    named,
    inFile: false,
  }));
}

/**
 * The words of a container's `command` and `args` (a shell's `-c` script split at blanks, quotes and `;` trimmed), each
 * with the flag it is the value of (`--db-host=postgres`, `--upstream http://api:8080`): a value of a flag of a host
 * is written at the flag, any other word at `command` or `args`, where only a URL, `host:port` or `.svc` name counts.
 */
function fromCommandLine(container: Json): Written[] {
  const written: Written[] = [];
  for (const field of ['command', 'args'] as const) {
    const words = (Array.isArray(container?.[field]) ? (container[field] as unknown[]) : [])
      .flatMap((each) => (typeof each === 'string' ? each.split(/\s+/) : []))
      .map((word) => word.replace(/^["'`(]+/, '').replace(/["'`;,&|)]+$/, ''))
      .filter((word) => word !== '');
    for (let position = 0; position < words.length; position++) {
      const flag = FLAG.exec(words[position]);
      let value = flag === null ? words[position] : flag[2];
      if (flag !== null && value === undefined && !(words[position + 1] ?? '-').startsWith('-')) {
        value = words[++position];
      }
      if (value === undefined || (flag !== null && NOT_A_CONNECTION_FLAG.test(flag[1]))) {
        continue;
      }
      const hostFlag = flag !== null && HOST_FLAG.test(flag[1].replace(/^-+/, ''));
      written.push({
        where: hostFlag ? `${field} ${flag[1]}` : field,
        value,
        bareHost: hostFlag,
        named: true,
        inFile: false,
      });
    }
  }
  return written;
}

/**
 * The URLs and quoted `host:port`s of each line of the keys of the ConfigMaps a container mounts (a volume of the
 * ConfigMap or one that projects it; only the keys of `items` when it lists them), each key once a pod (`seen`).
 */
function fromFiles(container: Json, spec: Json, namespace: string, index: ObjectIndex, seen: Set<string>): Written[] {
  const mounted = new Set(
    (Array.isArray(container?.volumeMounts) ? container.volumeMounts : []).map((mount: Json) => mount?.name),
  );
  const written: Written[] = [];
  for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (!mounted.has(volume?.name)) {
      continue;
    }
    const sources: Json[] = [
      volume?.configMap,
      ...(Array.isArray(volume?.projected?.sources)
        ? volume.projected.sources.map((each: Json) => each?.configMap)
        : []),
    ].filter((source) => typeof source?.name === 'string');
    for (const source of sources) {
      const data = (index.get('ConfigMap', namespace, source.name)?.manifest.data ?? {}) as Record<string, unknown>;
      const keys = Array.isArray(source.items) ? source.items.map((item: Json) => item?.key) : Object.keys(data);
      for (const key of keys) {
        const text = data[key];
        if (typeof text !== 'string' || seen.has(`${source.name}\n${key}`)) {
          continue;
        }
        seen.add(`${source.name}\n${key}`);
        text.split('\n').forEach((line, number) => {
          const values = [
            ...[...line.matchAll(URL_IN_TEXT)].map((match) => match[0]),
            ...[...line.matchAll(QUOTED_HOST_PORT)].map((match) => match[2]),
          ];
          for (const value of values) {
            written.push({
              where: `ConfigMap ${source.name} ${key}:${number + 1}`,
              value,
              bareHost: false,
              named: false,
              inFile: true,
            });
          }
        });
      }
    }
  }
  return written;
}

/** The hosts (with the port given, or the scheme's) of a value: a URL, a list of `host:port`, or a bare host. */
function hostsOf({ value, bareHost }: Written): { host: string; port?: number }[] {
  const trimmed = value.trim();
  const url = URL_FORM.exec(trimmed);
  if (url !== null && !CONNECTION_SCHEMES.has(url[1].toLowerCase())) {
    return [];
  }
  const defaultPort = url === null ? undefined : DEFAULT_PORTS[url[1].toLowerCase()];
  const authority = url === null ? trimmed : url[2];
  const hosts: { host: string; port?: number }[] = [];
  for (const item of authority.split(',')) {
    const match = HOST_PORT.exec(item.trim());
    if (match === null) {
      return [];
    }
    if (match[3] === undefined && url === null && !bareHost && !isClusterName(match[1])) {
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
  if (name === 'localhost') {
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
      if (port !== undefined && !policyPortsAdmit(rule?.ports, { ...port, protocol: 'TCP' })) {
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
  const value = JSON.stringify(mention.value);
  return mention.inFile
    ? `${mention.where} (${value}), mounted by container "${container}",`
    : `container "${container}" ${mention.where} (${value})`;
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
  // A variable every key of a shared ConfigMap gives may be one the container never reads, and a file may serve another
  // container or be a template: their connections are not judged.
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

/** A Service a container of a workload names: where the workload's traffic goes. */
export interface Connection extends Mention {
  /** The container. */
  readonly container: string;
  /**
   * Whether it is written for the container (a variable it names, literal or a ConfigMap key; its command line), and
   * held to the NetworkPolicies: not a variable of every key of a ConfigMap (`envFrom`), nor a file it mounts.
   */
  readonly named: boolean;
}

/**
 * The Services an object's pods name (a URL, `host:port`, a cluster DNS name, a bare host where a name says it is one):
 * in their containers' environment (a *_HOST variable; literal, or from a ConfigMap of the project), command line (a
 * `--*host`, `--*addr`, `--*server`, `--*endpoint`, `--*url` or `--upstream` flag; a shell script) and the files of the
 * ConfigMaps they mount (a URL, a quoted `host:port`), in namespaces the project makes, each Service and port once per
 * place it is written. None for pods on the node's network, of their own DNS settings or search domains, or a name a
 * host alias answers, which resolve names otherwise. What the `service-connections` rule judges, and the map draws.
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
  const filesSeen = new Set<string>();
  for (const container of [
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.containers) ? spec.containers : []),
  ]) {
    for (const written of [
      ...fromEnvironment(container, namespace, context.index),
      ...fromCommandLine(container),
      ...fromFiles(container, spec, namespace, context.index, filesSeen),
    ]) {
      const { where, value, named, inFile } = written;
      for (const { host, port } of hostsOf(written)) {
        const found = aliases.has(host) ? undefined : serviceOf(host, namespace, context);
        // Members of one StatefulSet listed one by one are one connection to its Service.
        if (
          found !== undefined &&
          !connections.some(
            (each) =>
              each.where === where &&
              each.container === String(container?.name) &&
              each.namespace === found.namespace &&
              each.service === found.service &&
              each.port === port,
          )
        ) {
          connections.push({ container: String(container?.name), where, inFile, value, port, named, ...found });
        }
      }
    }
  }
  return connections;
}

/**
 * Services a pod's containers name in their environment, command line or mounted files (`connectionsOf`): the Service
 * must exist, have the port, and (but for a variable of every key, or a file) the NetworkPolicies of both ends must let
 * these pods reach its pods on it. Warnings: a value that looks like a Service's name may not be one, and the network
 * plugin, not the API server, enforces the policies.
 */
export const serviceConnections: Rule = {
  id: 'service-connections',
  description:
    'a Service a container names (environment, command line, mounted files) exists, has the port, and the NetworkPolicies let the pods reach it',
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
