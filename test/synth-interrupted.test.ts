// `npm run synth` killed at each step of its transaction, and two runs at once, from the bundle in a copy of the
// project: the next run finds every environment whole.
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from './helpers';
import { bundleMain, copyProject, removeProjectCopy, runNode, runNodeAsync } from './project-copy';
import { bundleArgs } from './script-bundle';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('npm run synth (the bundle, in a copy of the project)', () => {
  let copy: string;
  let bundle: string;
  let dist: string;
  beforeAll(() => {
    copy = copyProject();
    bundle = bundleMain(copy);
    dist = path.join(copy, 'dist');
  });
  afterAll(() => removeProjectCopy(copy));
  beforeEach(() => {
    fs.rmSync(dist, { recursive: true, force: true });
    fs.cpSync(DIST, dist, { recursive: true });
  });

  const synth = (...argv: string[]) => runNode(copy, bundleArgs(bundle, ...argv));

  it.each<[string, 'old' | 'new']>([
    ['staged', 'old'],
    ['journal-written', 'old'],
    ['backed-up:dev', 'old'],
    ['swapped:dev', 'old'],
    ['backed-up:prod', 'old'],
    ['committed', 'new'],
    ['backups-deleted', 'new'],
  ])('killed after %s, the next --check repairs dist/ to the %s synthesis of every environment', (step, expected) => {
    for (const env of ['dev', 'prod']) {
      fs.appendFileSync(path.join(dist, env, 'web.k8s.yaml'), '# old\n');
    }
    const old = readTree(dist);
    const killed = runNode(copy, bundleArgs(bundle), { K8S_COURSE_FAULT: step });
    expect(killed.signal).toBe('SIGKILL');
    const check = synth('--check');
    expect(check.stderr).toMatch(/^repaired dist\/:\n {2}/);
    expect(readTree(dist)).toEqual(expected === 'old' ? old : readTree(DIST));
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
    expect(check.status).toBe(expected === 'old' ? 1 : 0);
  });

  it('two runs at once never interleave, and leave dist/ whole', async () => {
    fs.appendFileSync(path.join(dist, 'dev', 'web.k8s.yaml'), '# old\n');
    const runs = await Promise.all([runNodeAsync(copy, bundleArgs(bundle)), runNodeAsync(copy, bundleArgs(bundle))]);
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('synthesized prod');
    }
    expect(readTree(dist)).toEqual(readTree(DIST));
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod']);
  }, 60_000);
});
