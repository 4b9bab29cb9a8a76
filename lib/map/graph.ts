import { Finding, describeObject } from '../checks/finding';
import { ObjectIndex } from '../checks/object-index';
import { Reference, referencesOf } from '../checks/references';
import { connectionsOf } from '../checks/service-connections';
import { decodeObject } from '../checks/schema-rules';
import { CheckContext, madeOutsideProject } from '../checks/rule';
import { Exemption } from '../checks/run-checks';
import { Environment, NO_EXTERNAL } from '../config/environment';
import { installRank, isClusterScoped } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';

/** Whether a node is an object of the environment, or only named by one. */
export type NodeStatus = 'object' | 'missing' | 'outside';

/** One object of the map, or a target that a reference names but the environment does not hold. */
export interface MapNode {
  /** `Kind/namespace/name` (`Kind//name` for cluster-scoped kinds): unique in the graph. */
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  /** Undefined for a cluster-scoped kind. */
  readonly namespace: string | undefined;
  /** The group the node is drawn in: its namespace, the namespace a Namespace object creates, or undefined. */
  readonly group: string | undefined;
  /**
   * `object`: in the environment; `missing`: named, but neither in the environment nor known outside it (the reference
   * checks report it); `outside`: made outside the project (declared in `external`, or built in).
   */
  readonly status: NodeStatus;
  /** The object as written (undefined unless `object`). */
  readonly object?: RenderedObject;
  /** `rule: message` of each finding of the checks on the object. */
  readonly findings: readonly string[];
  /** `rule: reason` of each policy finding the object is exempted from. */
  readonly exemptions: readonly string[];
  /** A line under the name (an overview's count of objects). @default - what the node's marks say */
  readonly note?: string;
}

/** All the references from one object to another, as one edge. */
export interface MapEdge {
  /** The key of the referring object. */
  readonly from: string;
  /** The key of the object it names. */
  readonly to: string;
  /** The relations, each once, in the order the references come (`volume`, `envFrom`, ...). */
  readonly relations: readonly string[];
  /**
   * Where the referring object names the Service it `connects` to, each once (`env API_URL`, `args --db-host`,
   * `ConfigMap nginx default.conf:12`): for the edge's tooltip. @default - not a connection
   */
  readonly connections?: readonly string[];
}

/** The objects of an environment and their references, each list in a fixed order. */
export interface MapGraph {
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

/** What the graph marks besides the objects: the checks' findings and exemptions, and what exists outside. */
export interface GraphOptions {
  /** What the environment declares to exist outside the project. @default - nothing */
  readonly external?: Environment['external'];
  /** The findings of the checks. @default - none */
  readonly findings?: readonly Finding[];
  /** The exemptions of the checks. @default - none */
  readonly exemptions?: readonly Exemption[];
  /**
   * The environment's Kubernetes release: the references are read from each object as its API server decodes it, as
   * the checks read them (`decodeObject`), so that a null or a value of the wrong type an escape hatch wrote is left
   * out instead of failing the map. @default - the objects as written
   */
  readonly kubernetesVersion?: string;
  /**
   * The objects as `decodeObject` gives them at `kubernetesVersion`, one per object and in their order, where the
   * caller has them (a synthesis: the checks' `CheckResult.decoded`): read instead of decoding every object again.
   * @default - decoded here
   */
  readonly decoded?: readonly RenderedObject[];
}

/** The key of an object of this kind, namespace and name. */
export function nodeKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function keyOf(object: RenderedObject): string {
  const { kind, metadata } = object.manifest;
  return nodeKey(
    kind,
    isClusterScoped(kind) ? undefined : String(metadata.namespace ?? 'default'),
    String(metadata.name),
  );
}

/** Nodes in reading order: namespaces by name (cluster-scoped last), then by install rank, kind and name. */
function compareNodes(a: MapNode, b: MapNode): number {
  const groupA = a.group === undefined ? '\uffff' : a.group;
  const groupB = b.group === undefined ? '\uffff' : b.group;
  return (
    compare(groupA, groupB) ||
    installRank(a.kind) - installRank(b.kind) ||
    compare(a.kind, b.kind) ||
    compare(a.name, b.name) ||
    compare(a.key, b.key)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupOf(kind: string, namespace: string | undefined, name: string): string | undefined {
  return kind === 'Namespace' ? name : namespace;
}

/**
 * The Services an object's pods connect to, by the names their environment, command line or mounted files give them
 * (`connectionsOf`, which the service-connections check judges), as references of the relation `connects`.
 */
export function connectionReferences(object: RenderedObject, index: ObjectIndex): Reference[] {
  return connectionsOf(object, { index }).map((connection) => ({
    kind: 'Service',
    namespace: connection.namespace,
    name: connection.service,
    relation: 'connects',
    where: connection.where,
  }));
}

/**
 * The map of an environment: a node per object (the first of duplicates), an edge per referring object and target,
 * from the same references the checks follow (`referencesOf`), and a node for each target that is not an object of
 * the environment, marked missing or made outside.
 */
export function buildGraph(objects: readonly RenderedObject[], options: GraphOptions = {}): MapGraph {
  const release = options.kubernetesVersion;
  if (options.decoded !== undefined && options.decoded.length !== objects.length) {
    throw new Error(`buildGraph: ${options.decoded.length} decoded objects for ${objects.length} objects`);
  }
  const views =
    options.decoded ??
    (release === undefined ? objects : objects.map((object) => decodeObject(object, release).decoded));
  const index = new ObjectIndex(views, release);
  // clusterRoleExists reads only these two fields of the context.
  const context = { index, external: options.external ?? NO_EXTERNAL } as CheckContext;
  const findings = new Map<RenderedObject, string[]>();
  for (const finding of options.findings ?? []) {
    findings.set(finding.object, [...(findings.get(finding.object) ?? []), `${finding.rule}: ${finding.message}`]);
  }
  const exemptions = new Map<RenderedObject, string[]>();
  for (const exemption of options.exemptions ?? []) {
    exemptions.set(exemption.object, [
      ...(exemptions.get(exemption.object) ?? []),
      `${exemption.rule}: ${exemption.reason}`,
    ]);
  }
  const nodes = new Map<string, MapNode>();
  for (const object of objects) {
    const key = keyOf(object);
    if (nodes.has(key)) {
      continue;
    }
    const { kind, metadata } = object.manifest;
    const namespace = isClusterScoped(kind) ? undefined : String(metadata.namespace ?? 'default');
    const name = String(metadata.name);
    nodes.set(key, {
      key,
      kind,
      name,
      namespace,
      group: groupOf(kind, namespace, name),
      status: 'object',
      object,
      findings: findings.get(object) ?? [],
      exemptions: exemptions.get(object) ?? [],
    });
  }
  const edges = new Map<string, { from: string; to: string; relations: string[]; connections?: string[] }>();
  objects.forEach((object, position) => {
    const from = keyOf(object);
    if (nodes.get(from)?.object !== object) {
      return; // a duplicate: its references are the first one's to draw
    }
    for (const reference of [
      ...referencesOf(views[position], index),
      ...connectionReferences(views[position], index),
    ]) {
      const found = index.get(reference.kind, reference.namespace, reference.name);
      const to =
        found === undefined ? nodeKey(reference.kind, reference.namespace, reference.name) : keyOf(index.origin(found));
      if (!nodes.has(to)) {
        nodes.set(to, {
          key: to,
          kind: reference.kind,
          name: reference.name,
          namespace: reference.namespace,
          group: groupOf(reference.kind, reference.namespace, reference.name),
          status: madeOutsideProject(reference.kind, reference.namespace, reference.name, context.external)
            ? 'outside'
            : 'missing',
          findings: [],
          exemptions: [],
        });
      }
      const id = `${from}\n${to}`;
      const edge = edges.get(id) ?? { from, to, relations: [] };
      if (!edge.relations.includes(reference.relation)) {
        edge.relations.push(reference.relation);
      }
      if (reference.relation === 'connects' && !(edge.connections ?? []).includes(reference.where)) {
        edge.connections = [...(edge.connections ?? []), reference.where];
      }
      edges.set(id, edge);
    }
  });
  const sorted = [...nodes.values()].sort(compareNodes);
  const order = new Map(sorted.map((node, position) => [node.key, position]));
  const position = (key: string): number => order.get(key) as number;
  return {
    nodes: sorted,
    edges: [...edges.values()].sort((a, b) => position(a.from) - position(b.from) || position(a.to) - position(b.to)),
  };
}

/** `Kind namespace/name` of a node, as the checks' report names objects. */
export function describeNode(node: MapNode): string {
  return node.object !== undefined
    ? describeObject(node.object)
    : node.namespace === undefined
      ? `${node.kind} ${node.name}`
      : `${node.kind} ${node.namespace}/${node.name}`;
}
