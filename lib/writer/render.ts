import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { suffixContentHashes } from './content-hash';
import { installRank } from '../kinds/kinds';
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

/**
 * Renders every chart of the app into one YAML file each, objects in install order, ConfigMap and Secret names
 * suffixed with a hash of their content (references follow). Unlike `App.synth()`, which
 * re-validates the whole app once per chart, it validates every construct once in one walk of the tree and renders each
 * object once, so the time grows linearly with the number of charts.
 */
export function renderApp(app: App): RenderedFile[] {
  const objectsByChart = new Map<Chart, ApiObject[]>();
  const errors: string[] = [];
  const visit = (construct: IConstruct, chart: Chart | undefined): void => {
    errors.push(...construct.node.validate().map((error) => `${construct.node.path}: ${error}`));
    const owner = Chart.isChart(construct) ? construct : chart;
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
  const rendered = [...objectsByChart.entries()].map(([chart, objects]) => ({
    chart,
    objects: objects.map((object): RenderedObject => ({
      path: object.node.path,
      manifest: tidy(manifestOf(object) as Manifest),
    })),
  }));
  suffixContentHashes(rendered.flatMap(({ objects }) => objects.map((object) => object.manifest)));
  return rendered.map(({ chart, objects }) => {
    const ordered = sortForInstall(objects);
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

/** Sorts by install order, keeping the construct order within a kind (a stable sort). */
function sortForInstall(objects: readonly RenderedObject[]): RenderedObject[] {
  return [...objects].sort((a, b) => installRank(a.manifest.kind) - installRank(b.manifest.kind));
}
