import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { suffixContentHashes } from './content-hash';
import { installRank } from './kind-order';
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
  /** The YAML text. */
  readonly content: string;
}

/**
 * Renders every chart of the app into one YAML file each, objects in install order, ConfigMap and Secret names
 * suffixed with a hash of their content (references follow). Unlike `App.synth()`, which
 * re-validates the whole app once per chart, it validates every construct once and walks the tree once, so the
 * time grows linearly with the number of charts.
 */
export function renderApp(app: App): RenderedFile[] {
  const constructs = app.node.findAll();
  validateAll(constructs);
  const objectsByChart = new Map<Chart, RenderedObject[]>();
  for (const construct of constructs) {
    if (construct instanceof ApiObject) {
      const chart = Chart.of(construct);
      const objects = objectsByChart.get(chart) ?? [];
      objects.push({ path: construct.node.path, manifest: tidy(construct.toJson() as Manifest) });
      objectsByChart.set(chart, objects);
    }
  }
  suffixContentHashes([...objectsByChart.values()].flatMap((objects) => objects.map((object) => object.manifest)));
  return [...objectsByChart.entries()].map(([chart, objects]) => {
    const ordered = sortForInstall(objects);
    return {
      fileName: `${chart.node.path.replace(/\//g, '-')}.k8s.yaml`,
      objects: ordered,
      content: toYaml(ordered.map((object) => object.manifest)),
    };
  });
}

/** Runs every construct's validations (`node.addValidation`) and reports all failures together. */
function validateAll(constructs: readonly IConstruct[]): void {
  const errors = constructs.flatMap((construct) => construct.node.validate().map((error) => `${construct.node.path}: ${error}`));
  if (errors.length > 0) {
    throw new Error(`validation failed:\n  ${errors.join('\n  ')}`);
  }
}

/** Sorts by install order, keeping the construct order within a kind (a stable sort). */
function sortForInstall(objects: readonly RenderedObject[]): RenderedObject[] {
  return [...objects].sort((a, b) => installRank(a.manifest.kind) - installRank(b.manifest.kind));
}
