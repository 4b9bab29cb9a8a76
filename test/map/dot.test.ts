import { dotString, toDot } from '../../lib/map/dot';
import { buildGraph } from '../../lib/map/graph';
import { layoutAll } from '../../lib/map/layout';
import { baseline, withChange } from '../checks/fixtures';

describe('dotString', () => {
  it('escapes quotes and backslashes, writes line breaks as \\n and & as an entity', () => {
    expect(dotString('a "b" \\N & c\nd')).toBe('"a \\"b\\" \\\\N &amp; c\\nd"');
  });
});

describe('toDot', () => {
  it('draws a cluster per namespace, the cluster-scoped objects apart, and ids by position', () => {
    const dot = toDot(buildGraph(baseline()), 'test');
    expect(dot).toContain('label="namespace shop"');
    expect(dot).toContain('label="cluster-scoped objects"');
    expect(dot).toMatch(/"Deployment\/shop\/web" \[id="node_\d+"/);
    expect(dot).toMatch(/"Ingress\/shop\/web" -> "Service\/shop\/web" \[id="edge_\d+", label="backend"/);
  });

  it('draws a binding after the ServiceAccount it names: subject → binding → role', () => {
    const dot = toDot(buildGraph(baseline()), 'test');
    expect(dot).toMatch(/"ServiceAccount\/shop\/web" -> "RoleBinding\/shop\/web-reader" \[[^\]]*label="subject"/);
  });

  it('says in the tooltip of a connection where the workload names the Service', () => {
    const objects = withChange('Deployment', 'web', (manifest) => {
      manifest.spec.template.spec.containers[0].env.push({ name: 'DB_HOST', value: 'db' });
      manifest.spec.template.spec.containers[0].args = ['--db-host=db'];
    });
    expect(toDot(buildGraph(objects), 'test')).toContain(
      'tooltip="Deployment/shop/web → Service/shop/db: connects (env DB_HOST; args --db-host)"',
    );
  });

  it('gives the same text for the same objects in any order', () => {
    const objects = baseline();
    expect(toDot(buildGraph([...objects].reverse()), 'test')).toBe(toDot(buildGraph(objects), 'test'));
  });

  it('is a graph Graphviz lays out, also without objects', () => {
    const [svg] = layoutAll([toDot(buildGraph([]), 'empty')], { reuse: false });
    expect(svg).toContain('<svg');
    expect(svg).not.toContain('class="node');
  });

  it('keeps <, & and quotes of a name as text in the SVG, not markup', () => {
    const objects = baseline();
    objects[0].manifest.metadata.name = 'a<b>&"c"&amp;';
    const dot = toDot(buildGraph(objects), 'x < y & "z"');
    const [svg] = layoutAll([dot], { reuse: false });
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;&amp;amp;');
    expect(svg).toContain('x &lt; y &amp; &quot;z&quot;');
    expect(svg).not.toContain('a<b');
  });
});
