import { MapEdge, MapGraph, MapNode } from './graph';

/** The fill of a node by what its kind is for; other kinds are white. */
const FILLS: Readonly<Record<string, string>> = {
  Namespace: '#eeeeee',
  Ingress: '#d7ecff',
  Service: '#d7ecff',
  Deployment: '#dff3df',
  StatefulSet: '#dff3df',
  DaemonSet: '#dff3df',
  ReplicaSet: '#dff3df',
  Job: '#dff3df',
  CronJob: '#dff3df',
  Pod: '#dff3df',
  ConfigMap: '#fff4cf',
  Secret: '#fff4cf',
  SealedSecret: '#fff4cf',
  PersistentVolumeClaim: '#f3e3d3',
  PersistentVolume: '#f3e3d3',
  StorageClass: '#f3e3d3',
  ServiceAccount: '#eadcf5',
  Role: '#eadcf5',
  ClusterRole: '#eadcf5',
  RoleBinding: '#eadcf5',
  ClusterRoleBinding: '#eadcf5',
  NetworkPolicy: '#f2f2f2',
};

/** The group of cluster-scoped objects, drawn apart from the namespaces. */
export const CLUSTER_SCOPED_GROUP = 'cluster-scoped objects';

/**
 * A string as a DOT quoted string: backslashes and quotes escaped (so Graphviz reads no escape sequence of its own),
 * line breaks as `\n`, and `&` as `&amp;`, because Graphviz writes `&` followed by an entity's name into the SVG as
 * that entity. Graphviz escapes `<`, `>` and quotes in the SVG itself.
 */
export function dotString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/&/g, '&amp;')
    .replace(/\r\n|\r|\n/g, '\\n');
  return `"${escaped}"`;
}

/** The element id of the node at this position, in the DOT and the SVG. */
export function nodeId(position: number): string {
  return `node_${position}`;
}

/** The element id of the edge at this position, in the DOT and the SVG. */
export function edgeId(position: number): string {
  return `edge_${position}`;
}

function nodeStatement(node: MapNode, position: number): string {
  const marks = [
    node.status !== 'object' ? node.status : undefined,
    node.findings.length > 0 ? 'finding' : undefined,
    node.exemptions.length > 0 ? 'exempt' : undefined,
  ].filter((mark): mark is string => mark !== undefined);
  const note =
    node.note !== undefined
      ? `\n${node.note}`
      : node.status === 'missing'
        ? '\n(missing)'
        : node.status === 'outside'
          ? '\n(outside the project)'
          : node.findings.length > 0
            ? `\n(${node.findings.length} finding${node.findings.length === 1 ? '' : 's'})`
            : node.exemptions.length > 0
              ? `\n(${node.exemptions.length} exempt)`
              : '';
  const attributes = [
    `id=${dotString(nodeId(position))}`,
    `class=${dotString(['kind_' + node.kind, ...marks].join(' '))}`,
    `label=${dotString(`${node.kind}\n${node.name}${note}`)}`,
    `tooltip=${dotString(node.key)}`,
  ];
  if (node.status === 'missing') {
    attributes.push('style="rounded,dashed,filled"', 'color="#c62828"', 'fillcolor="#fdecea"', 'penwidth=2');
  } else if (node.status === 'outside') {
    attributes.push('style="rounded,dotted,filled"', 'color="#777777"', 'fillcolor="#ffffff"');
  } else {
    attributes.push(`fillcolor=${dotString(FILLS[node.kind] ?? '#ffffff')}`);
    if (node.findings.length > 0) {
      attributes.push('color="#c62828"', 'penwidth=2.5');
    } else if (node.exemptions.length > 0) {
      attributes.push('color="#e08a00"', 'penwidth=2');
    }
  }
  return `${dotString(node.key)} [${attributes.join(', ')}];`;
}

/** Where a workload names the Service it connects to, for the tooltip: ` (env API_URL; args --db-host)`. */
function connectionPlaces(edge: MapEdge): string {
  return edge.connections === undefined ? '' : ` (${edge.connections.join('; ')})`;
}

function edgeStatement(edge: MapEdge, position: number): string {
  // A binding names its subjects, but reads best as subject → binding → role: drawn the other way round.
  const reversed = edge.relations.length === 1 && edge.relations[0] === 'subject';
  const [tail, head] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
  const attributes = [
    `id=${dotString(edgeId(position))}`,
    `label=${dotString(edge.relations.join(', '))}`,
    `tooltip=${dotString(`${edge.from} → ${edge.to}: ${edge.relations.join(', ')}${connectionPlaces(edge)}`)}`,
  ];
  if (edge.relations.includes('governs')) {
    attributes.push('style=dashed', 'color="#9e9e9e"', 'fontcolor="#757575"');
  } else if (edge.relations.includes('connects')) {
    // Traffic, not a name the API server resolves: drawn apart from the references.
    attributes.push('color="#1565c0"', 'fontcolor="#1565c0"', 'penwidth=1.5');
  }
  return `${dotString(tail)} -> ${dotString(head)} [${attributes.join(', ')}];`;
}

/** Options of `toDot`. */
export interface DotOptions {
  /**
   * Whether each group (namespace) is drawn as a cluster; without, nodes that no edge joins are packed in rows (an
   * overview of namespaces). @default true
   */
  readonly grouped?: boolean;
}

/**
 * The graph in Graphviz's DOT language: left to right, one cluster per namespace (in the nodes' order), the
 * cluster-scoped objects in a cluster of their own, nodes and edges with ids `node-<i>` and `edge-<i>` in the graph's
 * order. The same graph always gives the same text.
 */
export function toDot(graph: MapGraph, title: string, options: DotOptions = {}): string {
  const grouped = options.grouped ?? true;
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  graph.nodes.forEach((node, position) => {
    if (!grouped) {
      loose.push(nodeStatement(node, position));
      return;
    }
    const group = node.group ?? CLUSTER_SCOPED_GROUP;
    groups.set(group, [...(groups.get(group) ?? []), nodeStatement(node, position)]);
  });
  const positions = new Map(graph.nodes.map((node, position) => [node.key, position]));
  const lines = [
    `digraph ${dotString(title)} {`,
    `  graph [label=${dotString(title)}, labelloc=t, fontname="Helvetica", fontsize=14, rankdir=LR, nodesep=0.12, ranksep=0.45, newrank=true${grouped ? '' : ', pack=true, packmode="array_u"'}];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=9, height=0.3, margin="0.08,0.03"];',
    '  edge [fontname="Helvetica", fontsize=7, color="#607d8b", fontcolor="#455a64", arrowsize=0.5];',
  ];
  [...groups.entries()].forEach(([group, statements], position) => {
    const label = group === CLUSTER_SCOPED_GROUP ? group : `namespace ${group}`;
    lines.push(
      `  subgraph ${dotString(`cluster_${position}`)} {`,
      `    graph [id=${dotString(`group_${position}`)}, label=${dotString(label)}, fontsize=11, style="rounded", color="#b0bec5"];`,
      ...statements.map((statement) => `    ${statement}`),
      '  }',
    );
  });
  lines.push(...loose.map((statement) => `  ${statement}`));
  graph.edges.forEach((edge, position) => {
    if (positions.has(edge.from) && positions.has(edge.to)) {
      lines.push(`  ${edgeStatement(edge, position)}`);
    }
  });
  lines.push('}', '');
  return lines.join('\n');
}
