import * as path from 'path';
import { Finding } from '../checks/finding';
import { Exemption } from '../checks/run-checks';
import { Environment } from '../config/environment';
import { RenderedObject } from '../writer/render';
import { CLUSTER_SCOPED_GROUP, toDot } from './dot';
import { MapEdge, MapGraph, MapNode, buildGraph } from './graph';
import { LayoutOptions, layoutAll } from './layout';

/** The map of an environment, beside its YAML: `dist/<env>/map.svg`. */
export const MAP_FILE = 'map.svg';

/** Where the maps of each namespace go when an environment's map is split: `dist/<env>/map/<namespace>.svg`. */
export const MAP_FOLDER = 'map';

/** The file of the cluster-scoped objects' map in a split map (`_` is in no namespace's name). */
export const CLUSTER_SCOPED_FILE = '_cluster.svg';

/**
 * Above this many nodes, one layout would take seconds (Graphviz's dot grows faster than linearly), so the map is split:
 * `map.svg` becomes an overview of the namespaces, and each namespace gets a map of its own.
 */
export const SPLIT_ABOVE_NODES = 400;

/** One drawing of a map: a file of `dist/<env>/`, its title and the part of the graph it draws. */
export interface MapView {
  /** The path under `dist/<env>/`, e.g. `map.svg` or `map/course-web.svg`. */
  readonly file: string;
  readonly title: string;
  readonly graph: MapGraph;
  /** Whether its nodes are drawn in a cluster per namespace (all but an overview). */
  readonly grouped: boolean;
}

/** What the map of an environment shows: its objects, and what its checks found and exempted. */
export interface MapInput {
  readonly env: Pick<Environment, 'name' | 'external' | 'kubernetesVersion'>;
  readonly objects: readonly RenderedObject[];
  /** @default - none */
  readonly findings?: readonly Finding[];
  /** @default - none */
  readonly exemptions?: readonly Exemption[];
  /** The objects as the checks decoded them (`GraphOptions.decoded`). @default - decoded again */
  readonly decoded?: readonly RenderedObject[];
}

/**
 * What a synthesis knows of an environment, as the map's input: its checks passed, so the findings it marks are the
 * warnings, which do not fail a synthesis.
 */
export function mapInput(result: {
  readonly env: MapInput['env'];
  readonly files: readonly { readonly objects: readonly RenderedObject[] }[];
  readonly exemptions: readonly Exemption[];
  readonly warnings?: readonly Finding[];
  readonly decoded?: readonly RenderedObject[];
}): MapInput {
  return {
    env: result.env,
    objects: result.files.flatMap((file) => file.objects),
    findings: result.warnings ?? [],
    exemptions: result.exemptions,
    decoded: result.decoded,
  };
}

/** The graph of an environment's map (`buildGraph` with its external objects, findings and exemptions). */
export function environmentGraph(input: MapInput): MapGraph {
  return buildGraph(input.objects, {
    kubernetesVersion: input.env.kubernetesVersion,
    external: input.env.external,
    findings: input.findings,
    exemptions: input.exemptions,
    decoded: input.decoded,
  });
}

/** The drawings of a graph: the whole map, or, above `SPLIT_ABOVE_NODES`, an overview and one map per group. */
export function mapViews(environment: string, graph: MapGraph): MapView[] {
  if (graph.nodes.length <= SPLIT_ABOVE_NODES) {
    return [{ file: MAP_FILE, title: `${environment}: objects and references`, graph, grouped: true }];
  }
  const groups = [...new Set(graph.nodes.map((node) => node.group))];
  return [
    {
      file: MAP_FILE,
      title: `${environment}: namespaces (one map each in ${MAP_FOLDER}/)`,
      graph: overview(graph),
      grouped: false,
    },
    ...groups.map((group) => ({
      file: path.posix.join(MAP_FOLDER, group === undefined ? CLUSTER_SCOPED_FILE : `${group}.svg`),
      title: `${environment}: ${group === undefined ? CLUSTER_SCOPED_GROUP : `namespace ${group}`}`,
      graph: groupGraph(graph, group),
      grouped: true,
    })),
  ];
}

/** The part of the graph about one group: its nodes, the edges from or to them, and the nodes at their other ends. */
function groupGraph(graph: MapGraph, group: string | undefined): MapGraph {
  const inGroup = new Set(graph.nodes.filter((node) => node.group === group).map((node) => node.key));
  const edges = graph.edges.filter((edge) => inGroup.has(edge.from) || inGroup.has(edge.to));
  const shown = new Set([...inGroup, ...edges.flatMap((edge) => [edge.from, edge.to])]);
  return { nodes: graph.nodes.filter((node) => shown.has(node.key)), edges };
}

/** One node per group, with its count of objects and marks, and one edge per pair of groups that references join. */
function overview(graph: MapGraph): MapGraph {
  const groupKey = (group: string | undefined): string => `group/${group ?? ''}`;
  const byKey = new Map(graph.nodes.map((node) => [node.key, node]));
  const nodes = new Map<string, MapNode>();
  for (const node of graph.nodes) {
    const key = groupKey(node.group);
    const previous = nodes.get(key);
    const count = (previous === undefined ? 0 : Number(previous.note?.split(' ')[0])) + 1;
    nodes.set(key, {
      key,
      kind: node.group === undefined ? 'Cluster' : 'Namespace',
      name: node.group ?? CLUSTER_SCOPED_GROUP,
      namespace: undefined,
      group: node.group,
      status: 'object',
      findings: [...(previous?.findings ?? []), ...node.findings.map((finding) => `${node.key}: ${finding}`)],
      exemptions: [...(previous?.exemptions ?? []), ...node.exemptions.map((reason) => `${node.key}: ${reason}`)],
      note: `${count} node${count === 1 ? '' : 's'}`,
    });
  }
  const edges = new Map<string, MapEdge & { count: number }>();
  for (const edge of graph.edges) {
    const from = groupKey(byKey.get(edge.from)?.group);
    const to = groupKey(byKey.get(edge.to)?.group);
    if (from !== to) {
      const previous = edges.get(`${from}\n${to}`);
      const count = (previous?.count ?? 0) + 1;
      edges.set(`${from}\n${to}`, { from, to, count, relations: [`${count} edge${count === 1 ? '' : 's'}`] });
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ from, to, relations }) => ({ from, to, relations })),
  };
}

/** The DOT text of a view. */
export function viewDot(view: MapView): string {
  return toDot(view.graph, view.title, { grouped: view.grouped });
}

/**
 * The SVG files of an environment's map, by path under `dist/<env>/`, laid out by Graphviz (`layoutAll`: a layout
 * already made for the same input is reused, from the cache or from `previous`, the folder a synthesis wrote before).
 */
export function mapFiles(input: MapInput, previous?: string, options: LayoutOptions = {}): Map<string, string> {
  const views = mapViews(input.env.name, environmentGraph(input));
  const svgs = layoutAll(views.map(viewDot), {
    ...options,
    candidates: (position) => (previous === undefined ? [] : [path.join(previous, views[position].file)]),
  });
  return new Map(views.map((view, position) => [view.file, svgs[position]]));
}
