import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { escapeHtml } from '../../lib/map/page';
import { writeMapPage } from '../../lib/map/write-page';
import { DEV, tempDir } from '../helpers';
import { awkwardApp } from './fixtures';
import { runNode } from '../project-copy';
import { bundleArgs, cachedBundle } from '../script-bundle';

const ROOT = path.join(__dirname, '..', '..');

describe('escapeHtml', () => {
  it('escapes &, <, > and double quotes', () => {
    expect(escapeHtml('a & <b> "c"')).toBe('a &amp; &lt;b&gt; &quot;c&quot;');
  });
});

describe('writeMapPage', () => {
  it('writes a page that loads nothing, with every text of the objects escaped', () => {
    const outdir = tempDir();
    const file = writeMapPage(DEV, { build: awkwardApp, outdir, dist: outdir });
    expect(file).toBe(path.join(outdir, 'dev.html'));
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link|<iframe|<img|url\(|fetch\(|XMLHttpRequest|import\(/);
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(');
  });

  it('draws the map of an environment whose checks fail, the missing object marked', () => {
    const outdir = tempDir();
    const html = fs.readFileSync(writeMapPage(DEV, { build: awkwardApp, outdir, dist: outdir }), 'utf8');
    expect(html).toContain('ConfigMap/shop/gone');
    expect(html).toMatch(/class="node kind_ConfigMap missing"/);
    expect(html).toContain(
      'pod-reference: envFrom of container \\"app\\" needs ConfigMap shop/gone, which does not exist',
    );
  });

  it('draws an environment without objects', () => {
    const outdir = tempDir();
    const html = fs.readFileSync(writeMapPage(DEV, { build: () => new App(), outdir, dist: outdir }), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toContain('class="node');
  });
});

describe('npm run map', () => {
  /** Runs scripts/map.ts, bundled (the command is the script's, not tsx's). */
  const run = (...args: string[]) => runNode(ROOT, bundleArgs(cachedBundle(ROOT, 'scripts/map.ts'), ...args));

  it('writes the page of an environment and prints its path', () => {
    const result = run('--env', 'dev');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${path.join('.build', 'map', 'dev.html')}\n`);
    expect(fs.readFileSync(path.join(ROOT, '.build', 'map', 'dev.html'), 'utf8')).toContain(
      'Deployment/course-web/web',
    );
  });

  it('refuses an unknown option or environment with exit 2 and the usage, writing nothing', () => {
    const result = run('--env', 'staging');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'npm run map: --env: unknown environment "staging"; known environments: dev, prod\nusage: npm run map -- [--env <name>]...\n',
    );
    expect(run('--open').stderr).toBe('npm run map: unknown option --open\nusage: npm run map -- [--env <name>]...\n');
  });
});
