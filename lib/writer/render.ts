import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { installRank } from '../kinds/kinds';
import { suffixContentHashes } from './content-hash';
import { Dependencies, installOrder } from './kind-order';
import { manifestOf } from './manifest';
import { Manifest, tidy } from './tidy';
import { toYaml } from './yaml';

/** One object of the output and the construct that made it. */
export interface RenderedObject {
  /** The construct path of the ApiObject, for error messages. */
  readonly path: string;
  /** The object as written. */
  readonly manifest: Manifest;
}

/** One file of the output: a chart. */
export interface RenderedFile {
  /** The file name, `<chart id>.k8s.yaml`. */
  readonly fileName: string;
  /** The objects in apply order. */
  readonly objects: readonly RenderedObject[];
  /** The YAML text, written when first read. */
  readonly content: string;
}

/** A dependency recorded with `addDependency`: `source` needs `target`. */
interface Dependency {
  readonly source: IConstruct;
  readonly target: IConstruct;
}

/**
 * Renders every chart of the app into one YAML file each, objects in install order, ConfigMap and Secret names
 * suffixed with a hash of their content (references follow). Unlike `App.synth()`, which
 * re-validates the whole app once per chart, it validates every construct once in one walk of the tree and renders each
 * object once, so the time grows linearly with the number of charts.
 *
 * Dependencies (`addDependency`, read from cdk8s' `node.dependencies`) order the output as cdk8s orders it: a construct
 * that depends on another makes each of its objects come after each of the other's in the same file, and its chart's
 * file after the other's chart's file (the files come in that order); a chart comes after the charts nested in it.
 * Without dependencies, files keep the order of the charts and objects follow the kinds' install order.
 */
export function renderApp(app: App): RenderedFile[] {
  const charts: Chart[] = [];
  const objectsByChart = new Map<Chart, ApiObject[]>();
  const dependencies: Dependency[] = [];
  const errors: string[] = [];
  const visit = (construct: IConstruct, chart: Chart | undefined): void => {
    errors.push(...construct.node.validate().map((error) => `${construct.node.path}: ${error}`));
    const owner = Chart.isChart(construct) ? construct : chart;
    if (Chart.isChart(construct)) {
      charts.push(construct);
      if (chart !== undefined) {
        // cdk8s applies a chart after the charts nested in it.
        dependencies.push({ source: chart, target: construct });
      }
    }
    for (const target of construct.node.dependencies) {
      dependencies.push({ source: construct, target });
    }
    if (construct instanceof ApiObject) {
      const objectChart = owner ?? Chart.of(construct);
      const objects = objectsByChart.get(objectChart) ?? [];
      objects.push(construct);
      objectsByChart.set(objectChart, objects);
    }
    for (const child of construct.node.children) {
      visit(child, owner);
    }
  };
  visit(app, undefined);
  if (errors.length > 0) {
    throw new Error(`validation failed:\n  ${errors.join('\n  ')}`);
  }
  const order = resolveDependencies(dependencies);
  const chartOrder = installOrder(
    charts,
    order.charts,
    () => 0,
    (chart) => chart.node.path,
  );
  const rendered = chartOrder
    .filter((chart) => objectsByChart.has(chart))
    .map((chart) => ({
      chart,
      objects: (objectsByChart.get(chart) ?? []).map((object): RenderedObject => ({
        path: object.node.path,
        manifest: tidy(manifestOf(object) as Manifest),
      })),
    }));
  suffixContentHashes(rendered.flatMap(({ objects }) => objects.map((object) => object.manifest)));
  return rendered.map(({ chart, objects }) => {
    const ordered = sortForInstall(objects, order.objects);
    // The text is written when first read, after the checks: a value the YAML writer refuses (a lone surrogate) is
    // then reported by its check, with the field's path, instead of stopping the writer.
    let content: string | undefined;
    return {
      fileName: `${chart.node.path.replace(/\//g, '-')}.k8s.yaml`,
      objects: ordered,
      get content(): string {
        content ??= toYaml(ordered.map((object) => object.manifest));
        return content;
      },
    };
  });
}

/** Adds `target` with its reason to what `source` waits for. */
function addEdge<T>(edges: Map<T, Map<T, string>>, source: T, target: T, reason: string): void {
  const needs = edges.get(source) ?? new Map<T, string>();
  if (!needs.has(target)) {
    needs.set(target, reason);
  }
  edges.set(source, needs);
}

/** The ApiObjects of a construct's subtree that its own chart writes (nested charts write theirs). */
function apiObjectsOf(construct: IConstruct, chart: Chart): ApiObject[] {
  return construct.node
    .findAll()
    .filter((child): child is ApiObject => child instanceof ApiObject && Chart.of(child) === chart);
}

/**
 * What each chart and each object waits for, by cdk8s' rules (`App.synth`'s resolveDependencies, without changing the
 * tree): a dependency between constructs of two charts makes the first chart wait for the second; one within a chart
 * makes each object of the first construct wait for each object of the second, by construct path.
 */
function resolveDependencies(dependencies: readonly Dependency[]): {
  charts: Dependencies<Chart>;
  objects: Dependencies<string>;
} {
  const charts = new Map<Chart, Map<Chart, string>>();
  const objects = new Map<string, Map<string, string>>();
  for (const { source, target } of dependencies) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const reason = `${source.node.path} depends on ${target.node.path}`;
    if (sourceChart !== targetChart) {
      addEdge(charts, sourceChart, targetChart, reason);
      continue;
    }
    const targets = apiObjectsOf(target, targetChart);
    for (const sourceObject of apiObjectsOf(source, sourceChart)) {
      for (const targetObject of targets) {
        if (sourceObject !== targetObject) {
          addEdge(objects, sourceObject.node.path, targetObject.node.path, reason);
        }
      }
    }
  }
  return { charts, objects };
}

/** Orders a file's objects: after what they depend on, else by install rank, else in construct order. */
function sortForInstall(objects: readonly RenderedObject[], dependencies: Dependencies<string>): RenderedObject[] {
  const byPath = new Map(objects.map((object) => [object.path, object]));
  const paths = installOrder(
    objects.map((object) => object.path),
    dependencies,
    (path) => installRank(byPath.get(path)?.manifest.kind ?? ''),
    (path) => path,
  );
  return paths.map((path) => byPath.get(path) as RenderedObject);
}
