import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const RUN_BUNDLE = path.join(__dirname, '..', '..', 'scripts', 'run-bundle.js');

function run(bundle: string, ...args: string[]) {
  return spawnSync('node', [RUN_BUNDLE, bundle, ...args], { encoding: 'utf8' });
}

describe('scripts/run-bundle.js', () => {
  let dir: string;
  let bundle: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-bundle-'));
    bundle = path.join(dir, 'app.js');
    fs.writeFileSync(
      bundle,
      [
        "const path = require('path');",
        'console.log(JSON.stringify({ args: process.argv.slice(2), file: path.basename(__filename), dir: __dirname, main: require.main === module }));',
        'process.exitCode = Number(process.argv[2] ?? 0);',
      ].join('\n'),
    );
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle as the main module with the arguments after it, and keeps its exit code', () => {
    const result = run(bundle, '3', '--check');
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({ args: ['3', '--check'], file: 'app.js', dir, main: true });
  });

  /** The code cache files beside the bundle. */
  function caches(): string[] {
    return fs.readdirSync(dir).filter((name) => name.endsWith('.cache'));
  }

  it('writes a code cache on the first run and reuses it while the bundle is unchanged', () => {
    run(bundle, '0');
    expect(caches()).toHaveLength(1);
    const cache = path.join(dir, caches()[0]);
    const written = fs.statSync(cache).mtimeMs;
    expect(run(bundle, '0').status).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBe(written);
  });

  it('never runs a stale cache: a changed bundle of the same length gets a cache of its own', () => {
    fs.writeFileSync(bundle, 'console.log("first");\n');
    expect(run(bundle).stdout).toBe('first\n');
    const first = caches();
    fs.writeFileSync(bundle, 'console.log("again");\n');
    expect(run(bundle).stdout).toBe('again\n');
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toEqual(first);
  });
});
