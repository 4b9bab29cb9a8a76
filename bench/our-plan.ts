/**
 * The plan of the bench workload (N applications, as bench/our-synth.ts builds them) against a base of the same size:
 * a git repository whose dist/ holds the workload as it was before a release that touched every application (a new
 * greeting in each ConfigMap, so each is renamed by its content hash and rolls its Deployment, and two replicas
 * instead of one). Every file differs, so the plan parses the whole base and the whole new synthesis: the worst case.
 *
 * Usage: tsx bench/our-plan.ts base <N> <repo>   (writes and commits the base; untimed)
 *        tsx bench/our-plan.ts <N> <repo>        (the timed plan, printed as counts)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { gitBase } from '../lib/plan/base';
import { planAgainst } from '../lib/plan/compare';
import { countPlan } from '../lib/plan/plan';
import { chooseEnvironments, renderEnvironments, synthesize } from '../lib/synthesize';
import { ourWorkload } from './our-workload';

/** The workload; `before` is the base, before the release. */
function build(n: number, before: boolean) {
  return ourWorkload(n, before ? { replicas: 2, greetingSuffix: ', before the release' } : {});
}

const [first, ...rest] = process.argv.slice(2);
const makeBase = first === 'base';
const [count, repo] = makeBase ? rest : [first, ...rest];
const n = Number(count);
if (!Number.isInteger(n) || n < 1 || repo === undefined) {
  console.error('usage: our-plan [base] <N> <repo>');
  process.exit(2);
}
const [env] = chooseEnvironments(['dev']);
if (makeBase) {
  fs.mkdirSync(repo, { recursive: true });
  synthesize({ outdir: `${repo}/dist`, environments: [env], build: build(n, true) });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
} else {
  const results = renderEnvironments({ environments: [env], build: build(n, false) });
  const [plan] = planAgainst(gitBase(repo, 'HEAD'), results, false);
  const counts = countPlan(plan);
  console.log(
    `plan: ${n} applications, ${plan.objects.length} objects planned (${counts.changed} changed, ${counts.rolls} roll pods)`,
  );
}
