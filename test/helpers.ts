import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseEnvironment } from '../lib/config/environment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { readSealedStore, sealedStorePath } from '../lib/secrets/sealed-store';
import { renderApp } from '../lib/writer/render';

/** A manifest as synthesized, with the fields tests read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyManifest = any;

/** A chart `test` in namespace `ns` with an AppChart's labels, for testing one construct; in a new app by default. */
export function testChart(app: App = Testing.app()): Chart {
  return new Chart(app, 'test', {
    namespace: 'ns',
    labels: { 'app.kubernetes.io/instance': 'test-dev', 'app.kubernetes.io/part-of': 'test' },
  });
}

/** The manifest of this kind and name in the list; fails the test when there is none. */
export function find(manifests: readonly AnyManifest[], kind: string, name: string): AnyManifest {
  return lookUp(manifests, kind, name, '');
}

/** The synthesized object of this kind and name; fails the test when there is none. */
export function findObject(chart: Chart, kind: string, name: string): AnyManifest {
  return lookUp(Testing.synth(chart), kind, name, ` in ${chart.node.path}`);
}

/** All objects of this kind: synthesized from a chart, or picked from a list of manifests. */
export function objectsOfKind(source: Chart | readonly AnyManifest[], kind: string): AnyManifest[] {
  const manifests = source instanceof Chart ? Testing.synth(source) : source;
  return manifests.filter((object: AnyManifest) => object.kind === kind);
}

/** The tidied manifests of one chart, built in a new app, in the order `renderApp` writes them to its file. */
export function renderedChart(build: (app: App) => Chart, fileName?: string): AnyManifest[] {
  const app = Testing.app();
  const chart = build(app);
  const wanted = fileName ?? `${chart.node.path.replace(/\//g, '-')}.k8s.yaml`;
  const files = renderApp(app);
  const file = files.find((candidate) => candidate.fileName === wanted);
  if (file === undefined) {
    throw new Error(`no ${wanted} among the rendered files ${files.map((candidate) => candidate.fileName).join(', ')}`);
  }
  return file.objects.map((object) => object.manifest);
}

/** The tidied manifests of a `testChart()` after `add` fills it, as `renderApp` writes them to test.k8s.yaml. */
export function renderedTestChart(add: (chart: Chart) => unknown): AnyManifest[] {
  return renderedChart((app) => {
    const chart = testChart(app);
    add(chart);
    return chart;
  }, 'test.k8s.yaml');
}

/** A storage quantity written in Ki, Mi or Gi, in kibibytes; fails the test for any other unit. */
export function kibibytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (match === null) {
    throw new Error(`unexpected quantity ${quantity}`);
  }
  return Number(match[1]) * { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[match[2] as 'Ki' | 'Mi' | 'Gi'];
}

/** The manifest of this kind and name in the list, or an error naming `where` it was looked for. */
function lookUp(manifests: readonly AnyManifest[], kind: string, name: string, where: string): AnyManifest {
  const found = manifests.find((object: AnyManifest) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} named ${name}${where}`);
  }
  return found;
}

/** The validated `dev` environment. */
export const DEV = parseEnvironment(
  'dev',
  ENVIRONMENTS.dev,
  readSealedStore(sealedStorePath(path.join(__dirname, '..'), 'dev')),
);

export { readTree, tempDir } from './files';
