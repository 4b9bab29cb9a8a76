import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { ROOT } from '../paths';
import { toYaml } from '../writer/yaml';
import { describeNode } from './graph';
import { MapView } from './environment-map';

/** What the page knows of one node: enough to show it when clicked, and to find it. */
interface NodeData {
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly yaml: string;
  readonly findings: readonly string[];
  readonly exemptions: readonly string[];
}

/** One drawing on the page: its title, and the keys of its nodes and edges in the order of their SVG ids. */
interface ViewData {
  readonly file: string;
  readonly title: string;
  readonly nodes: readonly string[];
  readonly edges: readonly (readonly [string, string, string])[];
}

/** svg-pan-zoom's script, inlined so that the page loads nothing. */
function panZoomScript(): string {
  const entry = createRequire(path.join(ROOT, 'package.json')).resolve('svg-pan-zoom');
  return fs.readFileSync(path.join(path.dirname(entry), 'svg-pan-zoom.min.js'), 'utf8');
}

/** Text for an HTML element's content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A script's text that cannot end its `<script>` element early, nor open a comment there. */
function scriptText(text: string): string {
  return text.replace(/<(?=[/!])/gi, '\\u003c');
}

/** JSON that is safe inside a `<script>` element: every `<` written as `\u003c`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The SVG element of a map, without the XML declaration and doctype, which HTML does not take. */
function inlineSvg(svg: string): string {
  return svg.slice(svg.indexOf('<svg'));
}

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: grid; grid-template-columns: 1fr 32rem; height: 100vh; }
header { grid-column: 1 / 3; display: flex; gap: 0.75rem; align-items: center; padding: 0.4rem 0.75rem; border-bottom: 1px solid #ccc; }
header h1 { font-size: 1rem; margin: 0; }
#search { width: 18rem; padding: 0.2rem 0.4rem; }
#matches { color: #555; }
main { position: relative; overflow: hidden; }
.view { position: absolute; inset: 0; }
.view[hidden] { display: none; }
.view svg { width: 100%; height: 100%; }
aside { border-left: 1px solid #ccc; overflow: auto; padding: 0.5rem 0.75rem; }
aside pre { background: #f6f8fa; padding: 0.5rem; overflow: auto; font-size: 12px; }
aside .findings li { color: #b71c1c; }
aside .exemptions li { color: #8a5a00; }
g.node { cursor: pointer; }
g.node.match path, g.node.match polygon { stroke: #1565c0; stroke-width: 4px; }
g.node.selected path, g.node.selected polygon { stroke: #000; stroke-width: 4px; }
body { grid-template-rows: auto 1fr; }
`;

// The page's behaviour, in plain browser JavaScript: no framework, nothing fetched.
const SCRIPT = `
const data = JSON.parse(document.getElementById('map-data').textContent);
const panZooms = [];
const views = [...document.querySelectorAll('.view')];
const details = document.getElementById('details');
const search = document.getElementById('search');
const matches = document.getElementById('matches');
const chooser = document.getElementById('view');
let current = 0;

function panZoomOf(index) {
  if (panZooms[index] === undefined) {
    panZooms[index] = svgPanZoom(views[index].querySelector('svg'), { zoomEnabled: true, controlIconsEnabled: true, fit: true, center: true, minZoom: 0.05, maxZoom: 40 });
  }
  return panZooms[index];
}

function show(index) {
  views.forEach((view, position) => { view.hidden = position !== index; });
  chooser.value = String(index);
  current = index;
  panZoomOf(index);
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function list(items, className, heading) {
  const section = document.createDocumentFragment();
  section.append(element('h3', heading));
  const ul = element('ul', undefined, className);
  items.forEach((item) => ul.append(element('li', item)));
  section.append(items.length === 0 ? element('p', 'none') : ul);
  return section;
}

function select(key) {
  const node = data.nodes[key];
  document.querySelectorAll('g.node.selected').forEach((g) => g.classList.remove('selected'));
  const g = findNode(current, key);
  if (g !== undefined) g.classList.add('selected');
  details.replaceChildren(
    element('h2', node.title),
    element('p', node.status),
    list(node.findings, 'findings', 'Findings'),
    list(node.exemptions, 'exemptions', 'Exemptions'),
    element('h3', 'YAML'),
    element('pre', node.yaml, 'yaml'),
  );
}

function findNode(viewIndex, key) {
  const position = data.views[viewIndex].nodes.indexOf(key);
  return position < 0 ? undefined : views[viewIndex].querySelector('#node_' + position);
}

// Computed from svg-pan-zoom's state, not from the screen: it draws a new pan or zoom in the next animation frame.
function centerOn(g) {
  const panZoom = panZoomOf(current);
  const svg = views[current].querySelector('svg');
  const toViewport = svg.querySelector('.svg-pan-zoom_viewport').getCTM().inverse().multiply(g.getCTM());
  const box = g.getBBox();
  const point = svg.createSVGPoint();
  point.x = box.x + box.width / 2;
  point.y = box.y + box.height / 2;
  const middle = point.matrixTransform(toViewport);
  if (panZoom.getSizes().realZoom < 1) {
    panZoom.zoom(panZoom.getZoom() / panZoom.getSizes().realZoom);
  }
  const { width, height, realZoom } = panZoom.getSizes();
  panZoom.pan({ x: width / 2 - middle.x * realZoom, y: height / 2 - middle.y * realZoom });
}

function find(text) {
  const query = text.trim().toLowerCase();
  document.querySelectorAll('g.node.match').forEach((g) => g.classList.remove('match'));
  if (query === '') { matches.textContent = ''; return []; }
  const found = Object.keys(data.nodes).filter((key) => key.toLowerCase().includes(query) || data.nodes[key].title.toLowerCase().includes(query));
  found.forEach((key) => { const g = findNode(current, key); if (g !== undefined) g.classList.add('match'); });
  matches.textContent = found.length + ' found';
  return found;
}

search.addEventListener('input', () => find(search.value));
search.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  const [first] = find(search.value);
  if (first === undefined) return;
  let viewIndex = data.views.findIndex((view, position) => position === current && view.nodes.includes(first));
  if (viewIndex < 0) viewIndex = data.views.findIndex((view) => view.nodes.includes(first));
  if (viewIndex >= 0 && viewIndex !== current) { show(viewIndex); find(search.value); }
  const g = findNode(current, first);
  if (g !== undefined) centerOn(g);
  select(first);
});
chooser.addEventListener('change', () => { show(Number(chooser.value)); find(search.value); });
views.forEach((view, viewIndex) => {
  view.addEventListener('click', (event) => {
    const g = event.target.closest('g.node');
    if (g === null) return;
    const key = data.views[viewIndex].nodes[Number(g.id.slice('node_'.length))];
    if (key !== undefined && data.nodes[key] !== undefined) select(key);
  });
});
show(0);
`;

/** The data of the page's script: each node once, each view's nodes and edges by position. */
function pageData(views: readonly MapView[]): { nodes: Record<string, NodeData>; views: ViewData[] } {
  const nodes: Record<string, NodeData> = {};
  for (const view of views) {
    for (const node of view.graph.nodes) {
      const status =
        node.status === 'missing'
          ? 'missing: named by a reference, but not an object of the environment'
          : node.status === 'outside'
            ? 'made outside the project (declared in the environment, or built in)'
            : node.object === undefined
              ? `${node.note ?? ''}`
              : `construct ${node.object.path}`;
      nodes[node.key] ??= {
        key: node.key,
        title: node.object === undefined && node.note !== undefined ? `${node.kind} ${node.name}` : describeNode(node),
        status,
        yaml: node.object === undefined ? '' : toYaml([node.object.manifest]),
        findings: node.findings,
        exemptions: node.exemptions,
      };
    }
  }
  return {
    nodes,
    views: views.map((view) => ({
      file: view.file,
      title: view.title,
      nodes: view.graph.nodes.map((node) => node.key),
      edges: view.graph.edges.map((edge): [string, string, string] => [edge.from, edge.to, edge.relations.join(', ')]),
    })),
  };
}

/**
 * The HTML page of an environment's map: the SVG of each view inline, with pan and zoom (svg-pan-zoom, inlined), a
 * search box that marks the nodes whose kind, namespace or name contain the text (Enter centres the first and shows
 * it), and a panel that shows a clicked node's YAML, findings and exemptions. It loads nothing, so it works from a file.
 */
export function mapPage(environment: string, views: readonly MapView[], svgs: readonly string[]): string {
  const options = views
    .map((view, position) => `<option value="${position}">${escapeHtml(view.title)}</option>`)
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`map of ${environment}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(`map of ${environment}`)}</h1>`,
    `<select id="view" aria-label="map">${options}</select>`,
    '<input id="search" type="search" placeholder="find an object: kind, namespace or name" aria-label="find an object">',
    '<span id="matches"></span>',
    '</header>',
    '<main>',
    ...svgs.map(
      (svg, position) => `<div class="view" data-file="${escapeHtml(views[position].file)}">${inlineSvg(svg)}</div>`,
    ),
    '</main>',
    '<aside id="details"><p>Click an object to see its YAML and its findings.</p></aside>',
    `<script id="map-data" type="application/json">${scriptJson(pageData(views))}</script>`,
    `<script>${scriptText(panZoomScript())}</script>`,
    `<script>${scriptText(SCRIPT)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
