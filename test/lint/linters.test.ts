import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** kube-score and Polaris, built on first run and cached, over every environment of the committed dist/. */
describe('kube-score and Polaris', () => {
  it(
    'find no kube-score CRITICAL and no Polaris danger in any environment, and no exemption without a reason',
    () => {
      const result = spawnSync('bash', [path.join(ROOT, 'policy', 'lint.sh')], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const report = `${result.stdout}\n${result.stderr}`;
      expect(report).toMatch(/RESULT dev \(dist\/dev\): PASS/);
      expect(report).toMatch(/RESULT prod \(dist\/prod\): PASS/);
      expect(result.status).toBe(0);
    },
    20 * 60 * 1000,
  );
});
