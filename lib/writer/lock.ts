import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The lock file of an output directory, beside the environments' folders. */
export const LOCK_FILE = '.synth.lock';

/** Who holds a lock, as its file records it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock, ISO 8601. */
  readonly startedAt: string;
  /** Tells this holder's lock from a later one of the same process. */
  readonly token: string;
}

/** Options of `withLock`. */
export interface LockOptions {
  /** How long to wait for a holder that is alive. @default - $K8S_COURSE_LOCK_TIMEOUT_MS, or 120000 */
  readonly timeoutMs?: number;
  /** How often to look again while waiting. @default 50 */
  readonly pollMs?: number;
  /** Called once when the lock is held by another process and this one starts waiting. @default - nothing */
  readonly onWait?: (holder: LockHolder) => void;
}

/** A mkdir-made mutex around taking over a dead holder's lock; left by a process killed inside it, it goes stale. */
const TAKEOVER_SUFFIX = '.takeover';
const TAKEOVER_STALE_MS = 10_000;

/**
 * Runs `fn` holding the lock `<dir>/.synth.lock`, so that runs on the same directory never interleave. A lock whose
 * holder is a dead process of this host is taken over; a live holder is waited for up to the timeout, then this fails
 * naming the holder's pid and start time. The lock file is made complete and then linked into place, so it never
 * exists half written.
 */
export function withLock<T>(dir: string, fn: () => T, options: LockOptions = {}): T {
  const release = acquireLock(dir, options);
  try {
    return fn();
  } finally {
    release();
  }
}

/** Takes the lock of `dir` (see `withLock`) and returns the function that releases it. */
export function acquireLock(dir: string, options: LockOptions = {}): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    token: crypto.randomBytes(8).toString('hex'),
  };
  const timeoutMs = options.timeoutMs ?? Number(process.env.K8S_COURSE_LOCK_TIMEOUT_MS ?? 120_000);
  const deadline = Date.now() + timeoutMs;
  let waitedFor: string | undefined;
  for (;;) {
    if (tryCreate(lock, holder)) {
      return () => releaseLock(lock, holder);
    }
    const raw = readRaw(lock);
    if (raw === undefined) {
      continue;
    }
    const current = parseHolder(lock, raw);
    if (!isAlive(current)) {
      takeOver(lock, raw);
      continue;
    }
    if (waitedFor !== raw) {
      waitedFor = raw;
      options.onWait?.(current);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${lock}: another synthesis holds the lock (pid ${current.pid} on ${current.host}, started ${current.startedAt}); ` +
          `waited ${timeoutMs / 1000} s for it. Let it finish, or stop process ${current.pid} and run again`,
      );
    }
    sleep(options.pollMs ?? 50);
  }
}

/** Whether `name`, an entry of a locked directory, belongs to the lock (the lock, its takeover mutex, a temp file). */
export function isLockEntry(name: string): boolean {
  return name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);
}

/** Removes the temp files of lock attempts whose process is dead (left by a kill between writing and linking). */
export function removeDeadLockAttempts(dir: string): string[] {
  const removed: string[] = [];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const match = new RegExp(`^${escape(LOCK_FILE)}\\.(\\d+)-[0-9a-f]+\\.tmp$`).exec(name);
    if (match !== null && !isAlive({ pid: Number(match[1]), host: os.hostname(), startedAt: '', token: '' })) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Creates the lock with `holder`'s record, complete, or returns false when it exists. */
function tryCreate(lock: string, holder: LockHolder): boolean {
  const temp = `${lock}.${holder.pid}-${holder.token}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(holder)}\n`);
  try {
    fs.linkSync(temp, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Removes the lock if it still holds the dead holder's record `seen`; one process at a time does so. */
function takeOver(lock: string, seen: string): void {
  const mutex = `${lock}${TAKEOVER_SUFFIX}`;
  try {
    fs.mkdirSync(mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const age = Date.now() - (fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > TAKEOVER_STALE_MS) {
      fs.rmSync(mutex, { recursive: true, force: true });
    } else {
      sleep(10);
    }
    return;
  }
  try {
    if (readRaw(lock) === seen) {
      fs.rmSync(lock, { force: true });
    }
  } finally {
    fs.rmSync(mutex, { recursive: true, force: true });
  }
}

/** Removes the lock when it is still this holder's. */
function releaseLock(lock: string, holder: LockHolder): void {
  const raw = readRaw(lock);
  if (raw !== undefined && parseHolder(lock, raw).token === holder.token) {
    fs.rmSync(lock, { force: true });
  }
}

function readRaw(lock: string): string | undefined {
  try {
    return fs.readFileSync(lock, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function parseHolder(lock: string, raw: string): LockHolder {
  try {
    const holder = JSON.parse(raw) as LockHolder;
    if (Number.isInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.token === 'string') {
      return holder;
    }
  } catch {
    // reported below, with the file's content
  }
  throw new Error(`${lock} is not a lock this project wrote (${JSON.stringify(raw.slice(0, 80))}); remove it`);
}

/** Whether the holder may still run: a process of another host is assumed alive, since it cannot be asked. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) {
    return true;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
