import { Chart, Testing } from 'cdk8s';

/** A manifest as synthesized, with the fields tests read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyManifest = any;

/** A chart in namespace `ns` with the labels an AppChart would give, for testing one construct. */
export function testChart(): Chart {
  return new Chart(Testing.app(), 'test', {
    namespace: 'ns',
    labels: { 'app.kubernetes.io/instance': 'test-dev', 'app.kubernetes.io/part-of': 'test' },
  });
}

/** The synthesized object of this kind and name; fails the test when there is none. */
export function findObject(chart: Chart, kind: string, name: string): AnyManifest {
  const found = Testing.synth(chart).find((object: AnyManifest) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} named ${name} in ${chart.node.path}`);
  }
  return found;
}

/** All synthesized objects of this kind. */
export function objectsOfKind(chart: Chart, kind: string): AnyManifest[] {
  return Testing.synth(chart).filter((object: AnyManifest) => object.kind === kind);
}
