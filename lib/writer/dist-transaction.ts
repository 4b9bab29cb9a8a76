import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { LockOptions, isLockEntry, removeDeadLockAttempts, withLock } from './lock';
import { syncPath, writeTree } from './write';

/**
 * Replaces several folders of an output directory (`dist/<env>/`) together: after any failure, and after a kill at any
 * instant followed by the next run's recovery, either every folder is new or every one is as it was.
 *
 * The steps, all under the directory's lock (`lock.ts`):
 *  1. recover from an interrupted run (below), then write each new folder to `.synth-new-<run>-<env>` and fsync it;
 *  2. write the journal `.synth-journal.json` (state `swapping`: each folder's staging and backup names and whether
 *     it existed) to a temp file, fsync, rename into place, fsync the directory;
 *  3. for each folder: rename `<env>` to its backup `.synth-old-<run>-<env>`, then the staging folder to `<env>`;
 *  4. rewrite the journal with state `committed` (the commit point);
 *  5. delete the backups, then the journal.
 *
 * Recovery reads the journal. `swapping`: roll back every folder: where its backup exists, the folder in place (if
 * any) is the new one and goes, and the backup is renamed back; a folder that did not exist before is removed. Then the
 * journal goes. `committed`: delete the backups and the journal. Without a journal, every `.synth-new-*` and
 * `.synth-old-*` is a leftover and goes. Each recovery step is idempotent, so a kill during recovery is recovered too.
 */

/** The journal of a swap in progress. */
export const JOURNAL_FILE = '.synth-journal.json';
const JOURNAL_TEMP = `${JOURNAL_FILE}.tmp`;
const STAGING_PREFIX = '.synth-new-';
const BACKUP_PREFIX = '.synth-old-';
/** Left by the writer before the journal: `.<env>-new-XXXXXX` and `.<env>-old-XXXXXX` (mkdtemp's six characters). */
const LEGACY_LEFTOVER = /^\.(.+)-(new|old)-[A-Za-z0-9]{6}$/;

/** A step of the swap, after which `afterStep` is called; `K8S_COURSE_FAULT=<step>` kills the process there. */
export type Step =
  | 'locked'
  | 'recovered'
  | 'staged'
  | 'journal-written'
  | `backed-up:${string}`
  | `swapped:${string}`
  | 'committed'
  | 'backups-deleted'
  | 'done';

/** Options of `replaceFolders` and `checkFolders`. */
export interface TransactionOptions extends LockOptions {
  /** Called after each step; a test throws from it to inject a failure there. @default - nothing */
  readonly afterStep?: (step: Step) => void;
  /** Called with what recovery repaired, when it repaired something. @default - nothing */
  readonly onRecover?: (repairs: readonly string[]) => void;
}

/** One folder of a swap, as the journal records it. */
interface JournalEntry {
  readonly name: string;
  readonly staging: string;
  readonly backup: string;
  /** Whether `<name>` existed before the swap (if not, rolling back removes it). */
  readonly existed: boolean;
}

interface Journal {
  readonly version: 1;
  readonly state: 'swapping' | 'committed';
  readonly run: string;
  readonly pid: number;
  readonly folders: readonly JournalEntry[];
}

/** A failure after which the output directory is not as it was; the message says exactly what changed. */
export class OutputChangedError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputChangedError';
  }
}

/**
 * Replaces the folders `<outdir>/<name>` with the given files (name → relative path → content), all of them or none
 * (see the steps above). A folder that already holds exactly its files is left as it is (not written, not fsynced,
 * its files keep their inodes and times); when every folder does, nothing is written at all. A failure before the commit rolls back and rethrows the error, the directory as it was; a
 * failure of the rollback, or after the commit, throws an `OutputChangedError` that says what changed.
 */
export function replaceFolders(
  outdir: string,
  folders: ReadonlyMap<string, ReadonlyMap<string, string>>,
  options: TransactionOptions = {},
): void {
  for (const name of folders.keys()) {
    if (name === '' || name.startsWith('.') || name.includes('/') || name.includes(path.sep)) {
      throw new Error(`${outdir}: cannot write a folder named "${name}"`);
    }
  }
  withLock(
    outdir,
    () => {
      step('locked', options);
      report(recover(outdir), options);
      step('recovered', options);
      const changed = new Map([...folders].filter(([name, files]) => !holdsExactly(path.join(outdir, name), files)));
      if (changed.size > 0) {
        swap(outdir, changed, options);
      }
    },
    options,
  );
}

/**
 * Runs `fn` under the lock of `outdir` after recovering from an interrupted run, so it reads a consistent state; when
 * `outdir` does not exist, runs it at once rather than create it for the lock.
 */
export function readConsistently<T>(outdir: string, fn: () => T, options: TransactionOptions = {}): T {
  if (!fs.existsSync(outdir)) {
    return fn();
  }
  return withLock(
    outdir,
    () => {
      report(recover(outdir), options);
      return fn();
    },
    options,
  );
}

/**
 * Whether `name`, an entry at the top of an output directory, is the transaction's own while it runs (the lock, and
 * nothing else once recovery has run): a check of the directory leaves it out.
 */
export function isTransactionEntry(name: string): boolean {
  return isLockEntry(name);
}

/**
 * Repairs what an interrupted run left in `outdir` (see the top of this file); call it holding the lock. Returns what
 * it did, one line each, empty when there was nothing to do.
 */
export function recover(outdir: string): string[] {
  if (!fs.existsSync(outdir)) {
    return [];
  }
  const repairs: string[] = [];
  const journal = readJournal(outdir);
  if (journal !== undefined) {
    if (journal.state === 'committed') {
      journal.folders.forEach((entry) => removeAll(outdir, [entry.backup, entry.staging]));
      repairs.push(
        `finished an interrupted synthesis (pid ${journal.pid}) of ${names(journal)}: it had committed; removed its backups`,
      );
    } else {
      journal.folders.forEach((entry) => rollBack(outdir, entry));
      syncPath(outdir);
      repairs.push(
        `rolled back an interrupted synthesis (pid ${journal.pid}) of ${names(journal)}: restored the previous folders`,
      );
    }
    fs.rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
    syncPath(outdir);
  }
  repairs.push(...removeLeftovers(outdir), ...removeDeadLockAttempts(outdir).map((name) => `removed ${name}`));
  return repairs;
}

/**
 * Whether the folder `dir` holds exactly `files`: each of them, byte for byte, as a regular file, and nothing else at
 * any depth (no other file, folder or link). Stops at the first difference; sizes are compared before contents.
 */
export function holdsExactly(dir: string, files: ReadonlyMap<string, string>): boolean {
  let found = 0;
  const same = (relative: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const name = relative === '' ? entry.name : path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!same(name)) {
          return false;
        }
        continue;
      }
      const content = files.get(name);
      if (!entry.isFile() || content === undefined) {
        return false;
      }
      const file = path.join(dir, name);
      const bytes = Buffer.from(content, 'utf8');
      if (fs.statSync(file).size !== bytes.length || !fs.readFileSync(file).equals(bytes)) {
        return false;
      }
      found++;
    }
    // A folder of no files (an empty one) is not written by writeTree unless it holds one.
    return entries.length > 0 || relative === '';
  };
  return same('') && found === files.size;
}

/** Stages, journals, swaps, commits and cleans up; rolls back on a failure before the commit. */
function swap(outdir: string, folders: ReadonlyMap<string, ReadonlyMap<string, string>>, options: TransactionOptions) {
  const run = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
  const journal: Journal = {
    version: 1,
    state: 'swapping',
    run,
    pid: process.pid,
    folders: [...folders.keys()].map((name) => ({
      name,
      staging: `${STAGING_PREFIX}${run}-${name}`,
      backup: `${BACKUP_PREFIX}${run}-${name}`,
      existed: fs.existsSync(path.join(outdir, name)),
    })),
  };
  let journalWritten = false;
  try {
    for (const entry of journal.folders) {
      writeTree(path.join(outdir, entry.staging), folders.get(entry.name)!, true);
    }
    syncPath(outdir);
    step('staged', options);
    writeJournal(outdir, journal);
    journalWritten = true;
    step('journal-written', options);
    for (const entry of journal.folders) {
      if (entry.existed) {
        fs.renameSync(path.join(outdir, entry.name), path.join(outdir, entry.backup));
        step(`backed-up:${entry.name}`, options);
      }
      fs.renameSync(path.join(outdir, entry.staging), path.join(outdir, entry.name));
      step(`swapped:${entry.name}`, options);
    }
    syncPath(outdir);
  } catch (error) {
    undo(outdir, journal, journalWritten, error as Error);
    throw error;
  }
  try {
    writeJournal(outdir, { ...journal, state: 'committed' });
  } catch (error) {
    undo(outdir, journal, true, error as Error);
    throw error;
  }
  try {
    step('committed', options);
    journal.folders.forEach((entry) => removeAll(outdir, [entry.backup]));
    step('backups-deleted', options);
    fs.rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
    syncPath(outdir);
    step('done', options);
  } catch (error) {
    throw new OutputChangedError(
      `${describe(
        outdir,
        journal.folders.map((entry) => entry.name),
      )} replaced with the new synthesis; then cleaning ` +
        `up failed: ${(error as Error).message}\n(the next run removes what is left: ${journal.folders
          .map((entry) => entry.backup)
          .join(', ')}, ${JOURNAL_FILE})`,
    );
  }
}

/** Rolls back a swap that failed in this process; when that fails too, says exactly what the directory holds. */
function undo(outdir: string, journal: Journal, journalWritten: boolean, cause: Error): void {
  try {
    journal.folders.forEach((entry) => rollBack(outdir, entry));
    if (journalWritten) {
      syncPath(outdir);
      fs.rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
    }
    fs.rmSync(path.join(outdir, JOURNAL_TEMP), { force: true });
  } catch (rollbackError) {
    throw new OutputChangedError(
      `${cause.message}\nrolling back failed too: ${(rollbackError as Error).message}\n` +
        `${stateOf(outdir, journal)}\n` +
        (journalWritten
          ? `the next \`npm run synth\` (or \`npm run synth -- --check\`) restores the previous folders from ${path.join(outdir, JOURNAL_FILE)}`
          : 'no folder was replaced yet'),
    );
  }
}

/** Puts the folder of `entry` back as it was before the swap; idempotent. */
function rollBack(outdir: string, entry: JournalEntry): void {
  const live = path.join(outdir, entry.name);
  const staging = path.join(outdir, entry.staging);
  const backup = path.join(outdir, entry.backup);
  if (fs.existsSync(backup)) {
    if (fs.existsSync(live)) {
      fs.rmSync(staging, { recursive: true, force: true });
      fs.renameSync(live, staging);
    }
    fs.renameSync(backup, live);
  } else if (!entry.existed && fs.existsSync(live) && !fs.existsSync(staging)) {
    fs.renameSync(live, staging);
  } else if (entry.existed && !fs.existsSync(live)) {
    throw new Error(`${live} is missing and so is its backup ${backup}; restore it from git`);
  }
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Per folder of the journal: new, previous, or missing (and where its previous content is). */
function stateOf(outdir: string, journal: Journal): string {
  return journal.folders
    .map((entry) => {
      const live = path.join(outdir, entry.name);
      const backup = path.join(outdir, entry.backup);
      if (fs.existsSync(backup)) {
        return fs.existsSync(live)
          ? `${live}: the new synthesis; the previous one is in ${backup}`
          : `${live}: missing; the previous one is in ${backup}`;
      }
      if (!fs.existsSync(live)) {
        return `${live}: missing${entry.existed ? '' : ' (as before)'}`;
      }
      return fs.existsSync(path.join(outdir, entry.staging)) || entry.existed
        ? `${live}: as it was`
        : `${live}: the new synthesis (it did not exist before)`;
    })
    .join('\n');
}

/** Removes staging folders, backups and journal temp files that no journal refers to, and the old writer's leftovers. */
function removeLeftovers(outdir: string): string[] {
  const repairs: string[] = [];
  for (const name of fs.readdirSync(outdir).sort()) {
    const entry = path.join(outdir, name);
    if (name.startsWith(STAGING_PREFIX) || name.startsWith(BACKUP_PREFIX) || name === JOURNAL_TEMP) {
      fs.rmSync(entry, { recursive: true, force: true });
      repairs.push(`removed ${name}, left by an interrupted synthesis`);
      continue;
    }
    const legacy = LEGACY_LEFTOVER.exec(name);
    if (legacy === null || !fs.statSync(entry).isDirectory()) {
      continue;
    }
    const live = path.join(outdir, legacy[1]);
    if (legacy[2] === 'old' && !fs.existsSync(live)) {
      fs.renameSync(entry, live);
      repairs.push(`restored ${legacy[1]} from ${name}, left by an interrupted synthesis`);
    } else {
      fs.rmSync(entry, { recursive: true, force: true });
      repairs.push(`removed ${name}, left by an interrupted synthesis`);
    }
  }
  return repairs;
}

function readJournal(outdir: string): Journal | undefined {
  const file = path.join(outdir, JOURNAL_FILE);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  const valid =
    journal.version === 1 &&
    (journal.state === 'swapping' || journal.state === 'committed') &&
    Array.isArray(journal.folders) &&
    journal.folders.every(
      (entry) =>
        /^[^./][^/]*$/.test(entry.name) &&
        entry.staging === `${STAGING_PREFIX}${journal.run}-${entry.name}` &&
        entry.backup === `${BACKUP_PREFIX}${journal.run}-${entry.name}`,
    );
  if (!valid) {
    throw new Error(`${file} is not a journal this project wrote; look at it, then remove it`);
  }
  return journal;
}

/** Writes the journal so that it is either the previous one or this one, and durable before anything is renamed. */
function writeJournal(outdir: string, journal: Journal): void {
  const temp = path.join(outdir, JOURNAL_TEMP);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, `${JSON.stringify(journal, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, path.join(outdir, JOURNAL_FILE));
  syncPath(outdir);
}

function removeAll(outdir: string, names: readonly string[]): void {
  names.forEach((name) => fs.rmSync(path.join(outdir, name), { recursive: true, force: true }));
}

function step(reached: Step, options: TransactionOptions): void {
  if (process.env.K8S_COURSE_FAULT === reached) {
    process.kill(process.pid, 'SIGKILL');
  }
  options.afterStep?.(reached);
}

function report(repairs: readonly string[], options: TransactionOptions): void {
  if (repairs.length > 0) {
    options.onRecover?.(repairs);
  }
}

function names(journal: Journal): string {
  return journal.folders.map((entry) => entry.name).join(', ');
}

function describe(outdir: string, folders: readonly string[]): string {
  return folders.map((name) => path.join(outdir, name)).join(', ');
}
