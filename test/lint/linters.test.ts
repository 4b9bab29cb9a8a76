import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The lowest Polaris score an environment may have (the goal; README, "Secure and reliable by default"). */
const POLARIS_SCORE_FLOOR = 95;

/** kube-score checks that the spread defaults (topology spread and host anti-affinity) settle, which must not warn. */
const SPREAD_CHECKS = /podantiaffinity|topology/;

/** The section `policy/report.mjs` prints for one environment, from its `=== <env> (` line to the next one. */
function section(report: string, env: string): string {
  const start = report.indexOf(`=== ${env} (`);
  if (start < 0) {
    throw new Error(`no report for ${env} in:\n${report}`);
  }
  const end = report.indexOf('\n=== ', start + 1);
  return report.slice(start, end < 0 ? undefined : end);
}

/** kube-score and Polaris, built on first run and cached, over every environment of the committed dist/. */
describe('kube-score and Polaris', () => {
  let report: string;
  let status: number | null;

  beforeAll(
    () => {
      const result = spawnSync('bash', [path.join(ROOT, 'policy', 'lint.sh')], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      report = `${result.stdout}\n${result.stderr}`;
      status = result.status;
    },
    20 * 60 * 1000,
  );

  it('find no kube-score CRITICAL and no Polaris danger in any environment, and no exemption without a reason', () => {
    expect(report).toMatch(/RESULT dev \(dist\/dev\): PASS/);
    expect(report).toMatch(/RESULT prod \(dist\/prod\): PASS/);
    expect(status).toBe(0);
  });

  it.each(['dev', 'prod'])(`gives %s a Polaris score of ${POLARIS_SCORE_FLOOR} or more`, (env) => {
    const score = /^Polaris: score (\d+)\/100/m.exec(section(report, env));
    expect(score).not.toBeNull();
    expect(Number(score?.[1])).toBeGreaterThanOrEqual(POLARIS_SCORE_FLOOR);
  });

  it.each(['dev', 'prod'])('finds no kube-score anti-affinity or topology warning in %s', (env) => {
    const warnings = /^kube-score: .*\n {2}warnings by check: (.*)$/m.exec(section(report, env));
    expect(warnings).not.toBeNull();
    expect(warnings?.[1].split(', ').filter((check) => SPREAD_CHECKS.test(check))).toEqual([]);
  });
});
