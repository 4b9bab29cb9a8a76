import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { AppChart } from '../../lib/charts/app-chart';
import { DEV, tempDir } from '../helpers';
import { writeDevDist } from './dev-dist';
import { KUBECTL, getJson, kubectlResult, runScript, waitFor } from './kubectl';

jest.setTimeout(240_000);

/**
 * `npm run apply` on charts that make a CustomResourceDefinition and objects of its kind: kubectl maps every object's
 * kind before it sends any, so one `kubectl apply` of such a chart refuses the objects; `npm run apply` applies the
 * definitions first and waits until they are established. Every name here is the test's own.
 */
const GROUP = 'e2e-apply-crds.k8s-course.io';
const GADGETS = `gadgets.${GROUP}`;
/** A definition in one chart whose objects are in a later chart. */
const SPROCKETS = `sprockets.${GROUP}`;
/** A definition the server accepts and cannot establish: its kind is Gadget's, already taken by GADGETS. */
const CLASHING = `gizmos.${GROUP}`;
const DEFINITIONS = [GADGETS, SPROCKETS, CLASHING];
/** The namespaces (and charts) of the applications. */
const TOGETHER = 'e2e-apply-crds-together';
const DEFINES = 'e2e-apply-crds-a-defines';
const USES = 'e2e-apply-crds-b-uses';
const PLAIN = 'e2e-apply-crds-plain';
const CLASH = 'e2e-apply-crds-clash';
/** A chart `npm run apply` refuses to start on. */
const NEVER = 'e2e-apply-crds-never';
const PART_OF = 'applyset.kubernetes.io/part-of';
const NAMESPACES = [TOGETHER, DEFINES, USES, PLAIN, CLASH, NEVER];

interface ChartSpec {
  /** The chart's namespace, and its name. */
  readonly name: string;
  /** The definitions it makes: `[plural, kind]`. */
  readonly definitions?: readonly (readonly [string, string])[];
  /** The custom resources it makes: `[kind, name]`. */
  readonly objects?: readonly (readonly [string, string])[];
  /** The charts (names) it depends on, whose files come first. */
  readonly after?: readonly string[];
}

function definition(chart: AppChart, plural: string, kind: string): void {
  const singular = plural.replace(/s$/, '');
  new k8s.KubeCustomResourceDefinition(chart, `crd-${plural}`, {
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      // The list kind follows the plural, so that a clash of kinds is one of kinds only.
      names: { kind, plural, singular, listKind: `${singular[0].toUpperCase()}${singular.slice(1)}List` },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openApiv3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        },
      ],
    },
  });
}

/** Writes dist/dev/ of these charts to a new folder as the writer does, with its Kustomization; returns the folder. */
function writeDist(specs: readonly ChartSpec[]): string {
  const app = Testing.app();
  const charts = new Map<string, AppChart>();
  for (const spec of specs) {
    const chart = new AppChart(app, spec.name, { env: DEV, namespace: spec.name, denyTrafficByDefault: false });
    charts.set(spec.name, chart);
    for (const [plural, kind] of spec.definitions ?? []) {
      definition(chart, plural, kind);
    }
    for (const [kind, name] of spec.objects ?? []) {
      new ApiObject(chart, `${kind}-${name}`, {
        apiVersion: `${GROUP}/v1`,
        kind,
        metadata: { name, namespace: spec.name },
        spec: { size: 3 },
      });
    }
  }
  for (const spec of specs) {
    for (const before of spec.after ?? []) {
      charts.get(spec.name)!.addDependency(charts.get(before)!);
    }
  }
  return writeDevDist(app);
}

/** A kubectl that writes each command line it runs to `log`, one a line, then runs the real one. */
function loggingKubectl(dir: string): { kubectl: string; calls: () => string[] } {
  const log = path.join(dir, 'kubectl.log');
  const kubectl = path.join(dir, 'kubectl');
  fs.writeFileSync(kubectl, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${KUBECTL}' "$@"\n`, { mode: 0o755 });
  return { kubectl, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

function exists(...resourceAndName: string[]): boolean {
  return kubectlResult(['get', ...resourceAndName, '-o', 'name']).status === 0;
}

function resourceVersion(...resourceAndName: string[]): string {
  return getJson(resourceAndName).metadata.resourceVersion;
}

function labelOf(label: string, ...resourceAndName: string[]): string | undefined {
  return getJson(resourceAndName).metadata.labels?.[label];
}

/** Deletes what this test makes, and waits until it is gone (a namespace takes a while). */
async function deleteAll(): Promise<void> {
  kubectlResult(['delete', 'namespace', ...NAMESPACES, '--ignore-not-found', '--wait=false']);
  kubectlResult(['delete', 'crd', ...DEFINITIONS, '--ignore-not-found', '--wait=false']);
  await waitFor(
    'the test`s namespaces and definitions to go',
    () =>
      ![...NAMESPACES.map((name) => `namespace/${name}`), ...DEFINITIONS.map((name) => `crd/${name}`)].some((name) =>
        exists(name),
      ),
    180,
  );
}

describe('npm run apply of CustomResourceDefinitions on a real API server', () => {
  const dists: string[] = [];
  const apply = (specs: readonly ChartSpec[], args: readonly string[] = [], kubectl?: string) => {
    const dist = writeDist(specs);
    dists.push(dist);
    return runScript('apply', ['--env', 'dev', ...args], {
      K8S_COURSE_DIST: dist,
      ...(kubectl === undefined ? {} : { KUBECTL: kubectl }),
    });
  };

  // Leftovers of an earlier run that was killed would make the first apply a second one.
  beforeAll(deleteAll);

  afterAll(async () => {
    await deleteAll();
    dists.forEach((dist) => fs.rmSync(dist, { recursive: true, force: true }));
  });

  const together: ChartSpec = { name: TOGETHER, definitions: [['gadgets', 'Gadget']], objects: [['Gadget', 'g1']] };

  it('applies a chart that makes a definition and an object of its kind in one run', () => {
    const result = apply([together]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(getJson([`crd/${GADGETS}`]).status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Established', status: 'True' }),
    );
    expect(getJson([`gadgets.${GROUP}/g1`, '-n', TOGETHER]).spec).toEqual({ size: 3 });
  });

  it('keeps the definition and the object in the chart`s ApplySet, and its parent lists both kinds', () => {
    const id = labelOf('applyset.kubernetes.io/id', 'secret/applyset', '-n', TOGETHER);
    expect(id).toMatch(/^applyset-.*-v1$/);
    expect(labelOf(PART_OF, `crd/${GADGETS}`)).toBe(id);
    expect(labelOf(PART_OF, `gadgets.${GROUP}/g1`, '-n', TOGETHER)).toBe(id);
    // kubectl 1.27 lists the parent's members as resources (contains-group-resources), later ones as kinds.
    const annotations = getJson(['secret/applyset', '-n', TOGETHER]).metadata.annotations;
    const listed = ['contains-group-kinds', 'contains-group-resources'].flatMap(
      (key) => annotations[`applyset.kubernetes.io/${key}`]?.split(',') ?? [],
    );
    const group = GROUP.replace(/\./g, '\\.');
    expect(listed).toContainEqual(
      expect.stringMatching(/^(CustomResourceDefinition|customresourcedefinitions)\.apiextensions\.k8s\.io$/),
    );
    expect(listed).toContainEqual(expect.stringMatching(new RegExp(`^(Gadget|gadgets)\\.${group}$`)));
  });

  it('changes nothing on a second run', () => {
    const before = [resourceVersion(`crd/${GADGETS}`), resourceVersion(`gadgets.${GROUP}/g1`, '-n', TOGETHER)];
    const result = apply([together]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect([resourceVersion(`crd/${GADGETS}`), resourceVersion(`gadgets.${GROUP}/g1`, '-n', TOGETHER)]).toEqual(before);
  });

  it('prunes an object removed from the chart, and keeps the definition', async () => {
    const result = apply([{ ...together, objects: [] }]);
    expect(result.status).toBe(0);
    await waitFor('the removed Gadget to go', () => !exists(`gadgets.${GROUP}/g1`, '-n', TOGETHER), 60);
    expect(exists(`crd/${GADGETS}`)).toBe(true);
  });

  it('applies a definition in one chart and its objects in a later chart in one run', () => {
    const result = apply([
      together,
      { name: USES, objects: [['Sprocket', 's1']], after: [DEFINES] },
      { name: DEFINES, definitions: [['sprockets', 'Sprocket']] },
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(getJson([`sprockets.${GROUP}/s1`, '-n', USES]).spec).toEqual({ size: 3 });
  });

  it('waits for the definitions of a chart that makes some, and runs nothing more for a chart that makes none', () => {
    const logging = loggingKubectl(tempDir());
    dists.push(path.dirname(logging.kubectl));
    const result = apply([together, { name: PLAIN }], [], logging.kubectl);
    expect(result.status).toBe(0);
    const calls = logging.calls();
    expect(calls.filter((call) => call.startsWith('wait '))).toEqual([
      `wait --for=condition=Established crd/${GADGETS} --timeout=60s`,
    ]);
    // Each chart: its namespace, the namespace's mark, (its definitions, the wait,) the chart; then the pruning.
    const verbs = calls.map((call) => call.split(' ')[0]);
    expect(verbs.slice(0, verbs.indexOf('get'))).toEqual([
      ...['apply', 'apply', 'apply', 'wait', 'apply'],
      ...['apply', 'apply', 'apply'],
    ]);
  });

  it('prunes a definition removed from the chart', async () => {
    const result = apply([{ name: TOGETHER }]);
    expect(result.status).toBe(0);
    await waitFor('the removed definition to go', () => !exists(`crd/${GADGETS}`), 60);
  });

  it('fails, naming the definition, the chart file and what kubectl said, when a definition is not established', () => {
    const result = apply(
      [
        { name: TOGETHER, definitions: [['gadgets', 'Gadget']] },
        { name: CLASH, definitions: [['gizmos', 'Gadget']], objects: [['Gadget', 'g2']], after: [TOGETHER] },
      ],
      ['--crd-timeout', '5s'],
    );
    expect(result.status).not.toBe(0);
    const file = path.join(dists[dists.length - 1], 'dev', `${CLASH}.k8s.yaml`);
    expect(result.stderr).toContain(
      `apply dev: CustomResourceDefinition ${CLASHING} of ${file} is not established after 5s (kubectl wait: error: timed out waiting for the condition on customresourcedefinitions/${CLASHING}); its conditions: NamesAccepted=False (KindConflict: "Gadget" is already in use), Established=False (NotAccepted: not all names are accepted). The chart's other objects were not applied: fix what the conditions say`,
    );
    // The chart's other objects were not applied.
    expect(exists('secret/applyset', '-n', CLASH)).toBe(false);
  });

  it('refuses a --crd-timeout kubectl wait would not take, before it applies anything', () => {
    const result = apply([{ name: NEVER }], ['--crd-timeout', '5']);
    expect(result.stderr).toBe(
      'npm run apply failed: --crd-timeout: "5" is not a duration kubectl wait takes here; give whole seconds or minutes, e.g. 90s or 2m\n',
    );
    expect(result.status).toBe(2);
    expect(exists(`namespace/${NEVER}`)).toBe(false);
  });
});
