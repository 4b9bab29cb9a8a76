import * as fs from 'fs';
import * as path from 'path';

/**
 * Creates the directory `dir`, which must not exist, holding exactly `files` (relative path to content). With `durable`,
 * every file and folder is fsynced, so that a folder renamed into place afterwards survives a power cut with its content.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>, durable = false): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir);
  const made = new Set([dir]);
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    if (durable) {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } else {
      fs.writeFileSync(file, content, { flag: 'wx' });
    }
  }
  if (durable) {
    [...made].sort((a, b) => b.length - a.length).forEach(syncDirectory);
  }
}

/** Makes the entries of `dir` (new files, renames, removals) durable. */
export function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
