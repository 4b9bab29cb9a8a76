import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE, LockHolder, acquireLock, removeDeadLockAttempts, withLock } from '../../lib/writer/lock';
import { tempDir } from '../files';
import { REPOSITORY, runNodeAsync } from '../project-copy';
import { bundleArgs, cachedBundle } from '../script-bundle';

/** transaction-child.ts, bundled, so that the child starts with no TypeScript loader. */
const CHILD = cachedBundle(REPOSITORY, 'test/writer/transaction-child.ts');

let dirs: string[] = [];
function tracked(dir: string): string {
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  dirs = [];
});

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['--version']).pid;
}

function writeLock(dir: string, holder: Partial<LockHolder>): string {
  const record = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: '2026-11-30T18:00:00.000Z',
    token: 'other',
    ...holder,
  };
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(record));
  return JSON.stringify(record);
}

describe('withLock', () => {
  it('holds the lock file while the function runs and removes it after, also when the function throws', () => {
    const dir = tracked(tempDir());
    expect(withLock(dir, () => JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid)).toBe(process.pid);
    expect(() =>
      withLock(dir, () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails after the timeout naming the live holder, its pid and its start time', () => {
    const dir = tracked(tempDir());
    writeLock(dir, {});
    const waited: LockHolder[] = [];
    expect(() => withLock(dir, () => 1, { timeoutMs: 200, onWait: (holder) => waited.push(holder) })).toThrow(
      `${path.join(dir, LOCK_FILE)}: another synthesis holds the lock (pid ${process.pid} on ${os.hostname()}, ` +
        'started 2026-11-30T18:00:00.000Z); waited 0.2 s for it. Let it finish, or stop process ' +
        `${process.pid} and run again`,
    );
    expect(waited.map((holder) => holder.pid)).toEqual([process.pid]);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });

  it('takes over a lock whose holder is dead', () => {
    const dir = tracked(tempDir());
    writeLock(dir, { pid: deadPid() });
    expect(withLock(dir, () => 'ran', { timeoutMs: 1000 })).toBe('ran');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('leaves a lock that is no longer its own', () => {
    const dir = tracked(tempDir());
    const release = acquireLock(dir);
    const other = writeLock(dir, { token: 'someone else' });
    release();
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(other);
  });

  it('refuses a lock file it did not write', () => {
    const dir = tracked(tempDir());
    fs.writeFileSync(path.join(dir, LOCK_FILE), 'locked by hand');
    expect(() => withLock(dir, () => 1)).toThrow(
      `${path.join(dir, LOCK_FILE)} is not a lock this project wrote ("locked by hand"); remove it`,
    );
  });

  it('waits for a holder in another process and runs when it releases', async () => {
    const dir = tracked(tempDir());
    const holder = runNodeAsync(REPOSITORY, bundleArgs(CHILD, 'hold', dir, '600'));
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(path.join(dir, LOCK_FILE)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const waited: number[] = [];
    const started = Date.now();
    withLock(dir, () => undefined, { timeoutMs: 20_000, onWait: (h) => waited.push(h.pid) });
    expect(Date.now() - started).toBeGreaterThan(200);
    const held = await holder;
    expect(held.stdout).toBe('locked\n');
    expect(waited).toHaveLength(1);
    expect(waited[0]).not.toBe(process.pid);
  }, 30_000);
});

describe('removeDeadLockAttempts', () => {
  it('removes the temp files of dead processes only', () => {
    const dir = tracked(tempDir());
    const dead = `${LOCK_FILE}.${deadPid()}-0a1b.tmp`;
    const alive = `${LOCK_FILE}.${process.pid}-0a1b.tmp`;
    fs.writeFileSync(path.join(dir, dead), '');
    fs.writeFileSync(path.join(dir, alive), '');
    expect(removeDeadLockAttempts(dir)).toEqual([dead]);
    expect(fs.readdirSync(dir)).toEqual([alive]);
  });
});
