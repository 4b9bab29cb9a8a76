// `npm run synth` killed at each step of its transaction, and two runs at once, from the bundle in a copy of the
// project: the next run finds every environment whole.
import * as fs from 'fs';
import * as path from 'path';
import { readTree } from './files';
import { runNode, runNodeAsync, useSynthesisCopy } from './project-copy';
import { bundleArgs } from './script-bundle';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('npm run synth (the bundle, in a copy of the project)', () => {
  const project = useSynthesisCopy();
  const synth = project.synth;

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
      fs.appendFileSync(path.join(project.dist, env, 'web.k8s.yaml'), '# old\n');
    }
    const old = readTree(project.dist);
    const killed = runNode(project.copy, bundleArgs(project.bundle), { K8S_COURSE_FAULT: step });
    expect(killed.signal).toBe('SIGKILL');
    const check = synth('--check');
    expect(check.stderr).toMatch(/^repaired dist\/:\n {2}/);
    expect(readTree(project.dist)).toEqual(expected === 'old' ? old : readTree(DIST));
    expect(fs.readdirSync(project.dist).sort()).toEqual(['dev', 'prod']);
    expect(check.status).toBe(expected === 'old' ? 1 : 0);
  });

  it('two runs at once never interleave, and leave dist/ whole', async () => {
    fs.appendFileSync(path.join(project.dist, 'dev', 'web.k8s.yaml'), '# old\n');
    const runs = await Promise.all([
      runNodeAsync(project.copy, bundleArgs(project.bundle)),
      runNodeAsync(project.copy, bundleArgs(project.bundle)),
    ]);
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('synthesized prod');
    }
    expect(readTree(project.dist)).toEqual(readTree(DIST));
    expect(fs.readdirSync(project.dist).sort()).toEqual(['dev', 'prod']);
  }, 60_000);
});
