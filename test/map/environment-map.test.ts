import * as fs from 'fs';
import * as path from 'path';
import { MAP_FILE, SPLIT_ABOVE_NODES, environmentGraph, mapInput, mapViews } from '../../lib/map/environment-map';
import { buildGraph } from '../../lib/map/graph';
import { differences, synthesize } from '../../lib/synthesize';
import { RenderedObject } from '../../lib/writer/render';
import { baseline } from '../checks/fixtures';
import { DEV, tempDir } from '../helpers';

/** The baseline's namespace in `count` copies, its cluster-scoped objects once (but the binding of its namespace). */
function namespaces(count: number): RenderedObject[] {
  const ofNamespace = (object: RenderedObject) =>
    object.manifest.metadata.namespace !== undefined || object.manifest.kind === 'Namespace';
  const clusterScoped = baseline().filter(
    (object) => !ofNamespace(object) && object.manifest.kind !== 'ClusterRoleBinding',
  );
  const namespaced = Array.from({ length: count }, (_, i) =>
    baseline()
      .filter(ofNamespace)
      .map((object) => {
        const manifest = JSON.parse(JSON.stringify(object.manifest).replace(/"shop"/g, `"shop-${i}"`));
        return { path: `shop-${i}/${object.path}`, manifest };
      }),
  );
  return [...clusterScoped, ...namespaced.flat()];
}

describe('mapViews', () => {
  it('draws an environment of up to SPLIT_ABOVE_NODES nodes in one map', () => {
    const graph = buildGraph(baseline());
    expect(mapViews('dev', graph)).toEqual([
      { file: MAP_FILE, title: 'dev: objects and references', graph, grouped: true },
    ]);
  });

  it('splits a larger one into an overview of namespaces and a map per namespace', () => {
    const graph = buildGraph(namespaces(40));
    expect(graph.nodes.length).toBeGreaterThan(SPLIT_ABOVE_NODES);
    const views = mapViews('big', graph);
    expect(views.map((view) => view.file)).toEqual([
      'map.svg',
      ...Array.from({ length: 40 }, (_, i) => `map/shop-${i}.svg`).sort(),
      'map/_cluster.svg',
    ]);
    const [overview] = views;
    expect(overview.grouped).toBe(false);
    expect(overview.graph.nodes).toHaveLength(41);
    expect(overview.graph.nodes.find((node) => node.key === 'group/shop-7')?.note).toBe(
      `${graph.nodes.filter((node) => node.group === 'shop-7').length} nodes`,
    );
    expect(overview.graph.edges).toContainEqual({ from: 'group/shop-7', to: 'group/', relations: ['3 edges'] });
    const shop7 = views.find((view) => view.file === 'map/shop-7.svg');
    const inShop7 = graph.edges.filter((edge) => edge.from.includes('/shop-7/') || edge.to.includes('/shop-7/'));
    expect(shop7?.graph.edges).toEqual(inShop7);
    expect(new Set(shop7?.graph.nodes.map((node) => node.group))).toEqual(new Set(['shop-7', undefined]));
  });
});

describe('mapInput', () => {
  it("marks a synthesis' warnings as the findings of their objects, and its exemptions", () => {
    const objects = baseline();
    const web = objects.find((object) => object.manifest.kind === 'Deployment') as RenderedObject;
    const graph = environmentGraph(
      mapInput({
        env: DEV,
        files: [{ objects }],
        warnings: [{ rule: 'api-version', object: web, message: 'deprecated', fix: 'move on' }],
        exemptions: [{ rule: 'image-tag', object: web, reason: 'a lesson' }],
      }),
    );
    expect(graph.nodes.find((node) => node.key === 'Deployment/shop/web')).toMatchObject({
      findings: ['api-version: deprecated'],
      exemptions: ['image-tag: a lesson'],
    });
  });
});

describe('the map in dist/<env>/', () => {
  it('is written beside the YAML, and a hand-edited, stale or missing map is a difference', () => {
    const outdir = tempDir();
    const results = synthesize({ outdir, environments: [DEV] });
    const map = path.join(outdir, 'dev', MAP_FILE);
    const svg = fs.readFileSync(map, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Deployment');
    expect(differences(outdir, results)).toEqual([]);
    fs.writeFileSync(map, svg.replace('fill="#dff3df"', 'fill="#ff0000"'));
    expect(differences(outdir, results)).toEqual(['dev/map.svg (changed)']);
    const otherSvg = svg.replace(/input sha256 [0-9a-f]{64}/, `input sha256 ${'0'.repeat(64)}`);
    fs.writeFileSync(map, otherSvg);
    expect(differences(outdir, results)).toEqual(['dev/map.svg (changed)']);
    fs.rmSync(map);
    expect(differences(outdir, results)).toEqual(['dev/map.svg (missing)']);
  });

  it('is left out when maps are turned off', () => {
    const outdir = tempDir();
    synthesize({ outdir, environments: [DEV], maps: false });
    expect(fs.existsSync(path.join(outdir, 'dev', MAP_FILE))).toBe(false);
  });
});
