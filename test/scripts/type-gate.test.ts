import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from '../files';
import { copyProject, removeProjectCopy, runNode } from '../project-copy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nativeTsc, typeCheck } = require('../../scripts/type-gate') as {
  nativeTsc(root: string): string;
  typeCheck(root: string): { ok: boolean; cached?: boolean; hash?: string; report?: string };
};

/** A chart of the course with a duplicated key in an object literal: esbuild keeps the last value, tsc refuses it. */
const DUPLICATE_KEY = "{ name: 'web', name: 'api' }";

function synth(copy: string, ...args: string[]) {
  return runNode(copy, [path.join(copy, 'scripts', 'synth.js'), ...args]);
}

describe('the type-check gate of npm run synth', () => {
  let copy: string;

  beforeAll(() => {
    copy = copyProject();
  });

  afterAll(() => removeProjectCopy(copy));

  it('passes the project, and remembers the pass by the sources tsc read', () => {
    const first = typeCheck(copy);
    expect(first).toMatchObject({ ok: true, cached: false });
    const second = typeCheck(copy);
    expect(second).toEqual({ ok: true, cached: true, hash: first.hash });
    const stamp = JSON.parse(fs.readFileSync(path.join(copy, '.build', 'typecheck', 'pass.json'), 'utf8'));
    expect(stamp.files).toEqual(expect.arrayContaining(['main.ts', 'lib/charts/web.ts', 'imports/k8s.ts']));
    expect(stamp.files.some((file: string) => file.includes('node_modules') || file.startsWith('test'))).toBe(false);
  });

  it('keeps the pass in a copy of the checked project elsewhere: the hash names the files relative to the project', () => {
    const checked = typeCheck(copy);
    const moved = fs.mkdtempSync(path.join(path.dirname(copy), 'k8s-course-moved-'));
    try {
      fs.cpSync(copy, moved, { recursive: true, filter: (source) => path.basename(source) !== 'dist' });
      expect(typeCheck(moved)).toEqual({ ok: true, cached: true, hash: checked.hash });
    } finally {
      fs.rmSync(moved, { recursive: true, force: true });
    }
  });

  it('type-checks with TypeScript 7, the native compiler', () => {
    const version = spawnSync(nativeTsc(copy), ['--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^Version 7\./);
    // The incremental build info the gate keeps is written by the compiler that ran.
    const buildInfo = JSON.parse(fs.readFileSync(path.join(copy, '.build', 'typecheck', 'tsbuildinfo'), 'utf8'));
    expect(buildInfo.version).toMatch(/^7\./);
  });

  it('checks again after a one-line change to a source it read, and not after a change elsewhere', () => {
    const before = typeCheck(copy);
    fs.appendFileSync(path.join(copy, 'README.md'), '\n');
    expect(typeCheck(copy)).toEqual({ ok: true, cached: true, hash: before.hash });
    fs.appendFileSync(path.join(copy, 'lib', 'charts', 'web.ts'), '\n// a one-line change\n');
    const after = typeCheck(copy);
    expect(after).toMatchObject({ ok: true, cached: false });
    expect(after.hash).not.toBe(before.hash);
  });

  it('refuses code that does not type-check, with the compiler message, exit 1 and dist/ as it was; so do npm run plan, diff and map', () => {
    const chart = path.join(copy, 'lib', 'charts', 'batch.ts');
    const source = fs.readFileSync(chart, 'utf8');
    fs.appendFileSync(chart, `\nexport const twice = ${DUPLICATE_KEY};\n`);
    const dist = readTree(path.join(copy, 'dist'));
    try {
      for (const args of [[], ['--check']]) {
        const result = synth(copy, ...args);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(
          'synthesis failed, dist/ left as it was: the code does not type-check (tsc -p tsconfig.synth.json):',
        );
        expect(result.stderr).toMatch(/lib\/charts\/batch\.ts\(\d+,\d+\): error TS1117: An object literal cannot/);
        expect(result.stdout).toBe('');
      }
      // The failure is remembered by the sources tsc read, as a pass is: asked again, the gate answers without tsc.
      const failed = typeCheck(copy);
      expect(failed).toMatchObject({ ok: false, cached: true });
      expect(failed.report).toMatch(/lib\/charts\/batch\.ts\(\d+,\d+\): error TS1117: An object literal cannot/);
      // The commands that synthesize the working tree refuse it too, before they bundle it (scripts/run-script.js).
      for (const command of ['plan', 'diff', 'map']) {
        const result = runNode(copy, [path.join(copy, 'scripts', 'run-script.js'), `scripts/${command}.ts`]);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(
          `npm run ${command} failed: the code does not type-check (tsc -p tsconfig.synth.json):`,
        );
        expect(result.stderr).toMatch(/lib\/charts\/batch\.ts\(\d+,\d+\): error TS1117: An object literal cannot/);
        expect(result.stdout).toBe('');
        expect(fs.existsSync(path.join(copy, '.build', 'scripts', `${command}.js`))).toBe(false);
      }
      expect(readTree(path.join(copy, 'dist'))).toEqual(dist);
    } finally {
      fs.writeFileSync(chart, source);
    }
  });

  it('synthesizes again once the error is fixed, from a bundle of the fixed sources', () => {
    const result = synth(copy, '--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dist/ is up to date');
    expect(fs.readFileSync(path.join(copy, '.build', 'main.js.sources'), 'utf8')).toBe(typeCheck(copy).hash);
  });
});
