import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../files';

const SCRIPTS = path.join(__dirname, '..', '..', 'scripts');
const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');

/**
 * A small project with the runner and what it requires in its scripts/ (so the runner takes it as its project), the
 * repository's node_modules linked in, and a script that prints what a library file says and its arguments.
 */
function project(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.mkdirSync(path.join(root, 'lib'));
  for (const file of ['run-script.js', 'bundle.js', 'run-bundle.js', 'type-gate.js']) {
    fs.copyFileSync(path.join(SCRIPTS, file), path.join(root, 'scripts', file));
  }
  fs.symlinkSync(NODE_MODULES, path.join(root, 'node_modules'));
  fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "run-script-test", "private": true }\n');
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
  fs.writeFileSync(path.join(root, 'lib', 'greeting.ts'), "export const greeting: string = 'hello';\n");
  fs.writeFileSync(path.join(root, 'lib', 'unused.ts'), "export const unused: string = 'nobody imports me';\n");
  fs.writeFileSync(
    path.join(root, 'scripts', 'hello.ts'),
    [
      "import { greeting } from '../lib/greeting';",
      'console.log(JSON.stringify({ greeting, args: process.argv.slice(2), dir: __dirname }));',
      'process.exitCode = Number(process.argv[2] ?? 0);',
      '',
    ].join('\n'),
  );
  return root;
}

function run(root: string, ...args: string[]) {
  return spawnSync('node', [path.join(root, 'scripts', 'run-script.js'), 'scripts/hello.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

/** The bundle's modification time, which only a build changes. */
function builtAt(root: string): number {
  return fs.statSync(path.join(root, '.build', 'scripts', 'hello.js')).mtimeMs;
}

describe('scripts/run-script.js (npm run plan, diff, apply, seal, map)', () => {
  let root: string;
  beforeEach(() => {
    root = project();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs the script from a bundle in .build/scripts/, with its arguments and its exit code', () => {
    const result = run(root, '3', '--env', 'dev');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      greeting: 'hello',
      args: ['3', '--env', 'dev'],
      dir: path.join(root, '.build', 'scripts'),
    });
    expect(fs.readdirSync(path.join(root, '.build', 'scripts')).sort()).toEqual(
      expect.arrayContaining(['hello.js', 'hello.js.inputs', 'hello.js.map']),
    );
    // The source map (read by name, as main.js.map is, to say where an error was thrown) is of this bundle.
    expect(JSON.parse(fs.readFileSync(path.join(root, '.build', 'scripts', 'hello.js.map'), 'utf8')).sources).toEqual(
      expect.arrayContaining(['../../lib/greeting.ts', '../../scripts/hello.ts']),
    );
  });

  it('builds again only when a project file the script was built from changed', () => {
    expect(run(root).status).toBe(0);
    const first = builtAt(root);
    expect(run(root).status).toBe(0);
    expect(builtAt(root)).toBe(first);
    // A file the bundle does not contain changes nothing.
    fs.writeFileSync(path.join(root, 'lib', 'unused.ts'), "export const unused: string = 'still unused';\n");
    expect(run(root).status).toBe(0);
    expect(builtAt(root)).toBe(first);
    // One it contains does, and the run sees the change.
    fs.writeFileSync(path.join(root, 'lib', 'greeting.ts'), "export const greeting: string = 'good morning';\n");
    const changed = run(root);
    expect(JSON.parse(changed.stdout).greeting).toBe('good morning');
    expect(builtAt(root)).not.toBe(first);
    // So does package-lock.json, which stands for node_modules.
    const second = builtAt(root);
    fs.appendFileSync(path.join(root, 'package-lock.json'), '\n');
    expect(run(root).status).toBe(0);
    expect(builtAt(root)).not.toBe(second);
  });

  it('says where the code does not build, exits 1, and leaves the last bundle in place', () => {
    expect(run(root).status).toBe(0);
    const bundle = fs.readFileSync(path.join(root, '.build', 'scripts', 'hello.js'), 'utf8');
    fs.writeFileSync(path.join(root, 'lib', 'greeting.ts'), "export const greeting: string = 'hello;\n");
    const result = run(root);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^npm run hello failed: the code does not build:\n {2}lib\/greeting\.ts:1:\d+: /);
    expect(result.stderr).toContain('Unterminated string literal');
    expect(fs.readFileSync(path.join(root, '.build', 'scripts', 'hello.js'), 'utf8')).toBe(bundle);
  });

  it('refuses a script outside scripts/ or missing, with its usage', () => {
    const result = spawnSync('node', [path.join(root, 'scripts', 'run-script.js'), 'lib/greeting.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'run-script: "lib/greeting.ts" is not a TypeScript file of scripts/\nusage: node scripts/run-script.js scripts/<name>.ts [args...]\n',
    );
    expect(
      spawnSync('node', [path.join(root, 'scripts', 'run-script.js'), 'scripts/missing.ts'], { encoding: 'utf8' })
        .stderr,
    ).toContain('run-script: "scripts/missing.ts" is not a TypeScript file of scripts/');
  });
});
