import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../helpers';

const CLUSTER = path.join(__dirname, '..', '..', 'cluster');

/** Waits until `predicate` holds, up to `ms`. */
async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (predicate()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return predicate();
}

/** Processes that hold the lock of `state` (flock on its .lock, and the sleep it runs) until `release`. */
async function holdLock(state: string): Promise<{ release(): void }> {
  const held = path.join(state, 'held');
  const holder: ChildProcess = spawn(
    'flock',
    [path.join(state, '.lock'), 'bash', '-c', `touch ${held}; exec sleep 60`],
    { detached: true, stdio: 'ignore' },
  );
  expect(await until(() => fs.existsSync(held), 5000)).toBe(true);
  // The sleep holds the lock's descriptor too: the whole process group goes.
  return { release: () => process.kill(-(holder.pid as number), 'SIGKILL') };
}

describe('cluster/state-lock.sh: up.sh and down.sh of one state dir never run at once', () => {
  it('makes down.sh wait, saying so, while another script holds the state dir, and then stop it', async () => {
    const state = tempDir();
    fs.mkdirSync(path.join(state, 'pki'));
    fs.writeFileSync(path.join(state, 'pki', 'ca.crt'), 'a certificate an up.sh is about to use');
    const holder = await holdLock(state);
    let stdout = '';
    const down = spawn('bash', [path.join(CLUSTER, 'down.sh'), '--version', '1.27'], {
      env: { ...process.env, K8S_COURSE_STATE: state },
    });
    down.stdout.on('data', (chunk) => (stdout += chunk));
    const ended = new Promise<number | null>((resolve) => down.on('close', resolve));
    try {
      expect(await until(() => stdout.includes('waiting for'), 5000)).toBe(true);
      expect(stdout).toContain(`waiting for another up.sh or down.sh of ${state} to end`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fs.existsSync(path.join(state, 'pki', 'ca.crt'))).toBe(true);
    } finally {
      holder.release();
    }
    expect(await ended).toBe(0);
    expect(fs.existsSync(path.join(state, 'pki'))).toBe(false);
  }, 30_000);

  it('does not make a script wait for the script that runs it (up.sh runs down.sh), nor for itself', () => {
    const state = tempDir();
    const script = [
      'set -euo pipefail',
      'say() { echo "say: $*"; }',
      `STATE=${JSON.stringify(state)}`,
      `source ${JSON.stringify(path.join(CLUSTER, 'state-lock.sh'))}`,
      'lock_state',
      'lock_state',
      // A child run with the lock held, as up.sh runs down.sh: timeout fails it if it waits.
      `timeout 5 bash -c 'set -e; STATE=$1; say() { echo "say: $*"; }; source "$2"; lock_state; echo child locked' _ ${JSON.stringify(state)} ${JSON.stringify(path.join(CLUSTER, 'state-lock.sh'))}`,
    ].join('\n');
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'child locked\n',
      stderr: '',
    });
    // The state dir it made for its lock stays out of git, as up.sh's does.
    expect(fs.readFileSync(path.join(state, '.gitignore'), 'utf8')).toBe('*\n');
  });
});
