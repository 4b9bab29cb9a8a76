import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Creates the directory `dir`, which must not exist, holding exactly `files` (relative path to content). With `durable`,
 * every file and folder is made durable before it returns (`makeDurable`), so that a folder renamed into place
 * afterwards survives a power cut with its content.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>, durable = false): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir);
  const made = new Set([dir]);
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    fs.writeFileSync(file, content, { flag: 'wx' });
    written.push(file);
  }
  if (durable) {
    makeDurable(dir, written, [...made]);
  }
}

/**
 * Up to this many files and folders, an fsync each costs less than starting `sync --file-system`, which also waits
 * for whatever else is pending on the file system: measured here, 12 files 2 ms against 3 ms (9 ms with other writes
 * going on), 24 files about even, 96 files 17 ms against 4.5 ms.
 */
export const FSYNC_EACH_UP_TO = 16;

/**
 * Flushes the files and folders just written under `dir` to disk. A large tree on Linux takes one
 * `sync --file-system` (syncfs(2)), one journal commit, where an fsync per file pays one each: a thousand files cost
 * about 0.3 s more that way on this project's machines. A small tree (`FSYNC_EACH_UP_TO`), or one where that command
 * fails, has each file and then each folder (deepest first) fsynced.
 */
export function makeDurable(dir: string, files: readonly string[], folders: readonly string[]): void {
  if (files.length + folders.length > FSYNC_EACH_UP_TO && syncFileSystem(dir)) {
    return;
  }
  files.forEach(syncPath);
  [...folders].sort((a, b) => b.length - a.length).forEach(syncPath);
}

/** Runs syncfs(2) on the file system of `dir` through coreutils' `sync -f`; false where that is not available. */
export function syncFileSystem(dir: string): boolean {
  if (process.platform !== 'linux') {
    return false;
  }
  const result = spawnSync('sync', ['--file-system', dir], { stdio: 'ignore', env: process.env });
  return result.error === undefined && result.status === 0;
}

/** fsyncs a file (its content) or a folder (its entries: new files, renames, removals). */
export function syncPath(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
