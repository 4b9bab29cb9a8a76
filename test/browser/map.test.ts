import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ObjectIndex } from '../../lib/checks/object-index';
import { referencesOf } from '../../lib/checks/references';
import { connectionsOf } from '../../lib/checks/service-connections';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { buildCourseApp } from '../../lib/course-app';
import { isClusterScoped } from '../../lib/kinds/kinds';
import { LAYOUT_CACHE } from '../../lib/map/layout';
import { writeMapPage } from '../../lib/map/write-page';
import { chooseEnvironments } from '../../lib/synthesize';
import { RenderedObject, renderApp } from '../../lib/writer/render';
import { toYaml } from '../../lib/writer/yaml';
import { DEV, tempDir } from '../helpers';
import { HOSTILE, awkwardApp } from '../map/fixtures';

/** Debian's chromium; nothing in the project downloads a browser. */
const CHROMIUM = process.env.K8S_COURSE_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, one per environment (ignored by git, with the rest of .build/). */
const SCREENSHOTS = path.join(LAYOUT_CACHE, 'screenshots');

jest.setTimeout(120_000);

const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipping the map's browser test: ${CHROMIUM} is missing; install it with \`apt-get install chromium\``);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

function keyOf(object: RenderedObject): string {
  const { kind, metadata } = object.manifest;
  return `${kind}/${isClusterScoped(kind) ? '' : String(metadata.namespace ?? 'default')}/${String(metadata.name)}`;
}

/**
 * The nodes and edges the map must draw, from the checks' index and references (not from lib/map/), and the Services
 * the workloads connect to (the service-connections check's `connectionsOf`).
 */
function expected(objects: readonly RenderedObject[]): { nodes: string[]; edges: string[] } {
  const index = new ObjectIndex(objects);
  const nodes = new Set(objects.map(keyOf));
  const edges = new Set<string>();
  for (const object of objects) {
    const connections = connectionsOf(object, { index }).map((connection) => ({
      kind: 'Service',
      namespace: connection.namespace as string | undefined,
      name: connection.service,
    }));
    for (const reference of [...referencesOf(object, index), ...connections]) {
      const found = index.get(reference.kind, reference.namespace, reference.name);
      const target =
        found === undefined
          ? `${reference.kind}/${reference.namespace ?? ''}/${reference.name}`
          : keyOf(index.origin(found));
      nodes.add(target);
      edges.add(`${keyOf(object)} -> ${target}`);
    }
  }
  return { nodes: [...nodes].sort(), edges: [...edges].sort() };
}

/** What drive-map-page.mjs saw on the page. */
interface Seen {
  readonly nodes: string[];
  readonly edges: [string, string, string][];
  readonly missing: string[];
  readonly search?: { matches: string; marked: number; shown: string };
  readonly clicks: { key: string; shown: string; yaml: string; findings: string[]; elements: number }[];
  readonly problems: string[];
}

/** Opens the page in chromium, searches, clicks the nodes of these keys, takes the screenshot; what it saw. */
function drive(file: string, screenshot: string, clicks: readonly string[], search?: string): Seen {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'drive-map-page.mjs')], {
    input: JSON.stringify({ chromium: CHROMIUM, file, screenshot, search, clicks }),
    encoding: 'utf8',
    timeout: 100_000,
  });
  if (result.status !== 0) {
    throw new Error(`drive-map-page.mjs failed (exit ${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Seen;
}

function drawn(seen: Seen): { nodes: string[]; edges: string[] } {
  return { nodes: [...seen.nodes].sort(), edges: seen.edges.map(([from, to]) => `${from} -> ${to}`).sort() };
}

describeInBrowser('the map page in a real browser (Debian chromium, headless)', () => {
  beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

  for (const name of Object.keys(ENVIRONMENTS)) {
    it(`draws ${name}: a node per object and target, an edge per reference; the search finds, a click shows the YAML`, () => {
      const [env] = chooseEnvironments([name]);
      const objects = renderApp(buildCourseApp(env)).flatMap((file) => file.objects);
      const web = objects.find((object) => keyOf(object) === 'Deployment/course-web/web') as RenderedObject;
      const seen = drive(
        writeMapPage(env),
        path.join(SCREENSHOTS, `${name}.png`),
        ['Deployment/course-web/web'],
        'Deployment/course-config/settings-reader',
      );
      expect(seen.problems).toEqual([]);
      expect(drawn(seen)).toEqual(expected(objects));
      expect(seen.missing).toEqual([]);
      expect(seen.search).toEqual({ matches: '1 found', marked: 1, shown: 'Deployment course-config/settings-reader' });
      expect(seen.clicks).toEqual([
        {
          key: 'Deployment/course-web/web',
          shown: 'Deployment course-web/web',
          yaml: toYaml([web.manifest]),
          findings: [],
          elements: 0,
        },
      ]);
      expect(fs.statSync(path.join(SCREENSHOTS, `${name}.png`)).size).toBeGreaterThan(0);
    });
  }

  it('draws an environment whose checks fail: the missing object marked, findings shown, names escaped', () => {
    const outdir = tempDir();
    const objects = renderApp(awkwardApp()).flatMap((file) => file.objects);
    // The writer suffixes the ConfigMap's name with a hash of its content.
    const settings = keyOf(objects.find((object) => object.manifest.kind === 'ConfigMap') as RenderedObject);
    const seen = drive(
      writeMapPage(DEV, { build: awkwardApp, outdir, dist: outdir }),
      path.join(SCREENSHOTS, 'bad-input.png'),
      ['Pod/shop/web', settings],
    );
    expect(seen.problems).toEqual([]);
    expect(drawn(seen)).toEqual(expected(objects));
    expect(seen.missing).toEqual(['ConfigMap/shop/gone']);
    const [pod, configMap] = seen.clicks;
    expect(pod.findings).toContain(
      'pod-reference: envFrom of container "app" needs ConfigMap shop/gone, which does not exist',
    );
    expect(configMap.yaml).toContain(JSON.stringify(HOSTILE));
    expect(configMap.elements).toBe(0);
  });
});
