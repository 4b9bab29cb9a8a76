import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

const REAP = path.join(__dirname, '..', '..', 'cluster', 'reap.sh');

/** Runs `body` in bash with the cluster scripts' settings (set -euo pipefail) and cluster/reap.sh sourced. */
function inReapShell(body: string) {
  const script = ['set -euo pipefail', 'say() { echo "say: $*"; }', `source ${JSON.stringify(REAP)}`, body].join('\n');
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('cluster/reap.sh', () => {
  it('reads a variable of a running process', () => {
    const child = spawn('sleep', ['30'], { env: { ...process.env, K8S_COURSE_PROCESS: '/some/state' } });
    try {
      expect(inReapShell(`echo "[$(proc_env ${child.pid} K8S_COURSE_PROCESS)]"`)).toEqual({
        status: 0,
        stdout: '[/some/state]\n',
      });
    } finally {
      child.kill();
    }
  });

  // A process that ends between the /proc listing and the read (the suite's clusters stop while another starts) must
  // not end up.sh, down.sh or controller.sh silently: under set -e, a failed `x=$(...)` ends the script.
  it('reads nothing, and does not end the caller, for a process that has ended', () => {
    expect(inReapShell('state=$(proc_env 999999999 K8S_COURSE_PROCESS); echo "after [$state]"')).toEqual({
      status: 0,
      stdout: 'after []\n',
    });
  });
});
