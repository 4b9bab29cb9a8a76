import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with a directory holding exactly `files` (name to content). The files are written to a staging
 * directory beside it first and swapped in with renames, so an error or an interruption leaves either the old
 * directory or the new one, never a mix.
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}-new-`));
  try {
    const made = new Set([staging]);
    for (const [name, content] of files) {
      const file = path.join(staging, name);
      if (!made.has(path.dirname(file))) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        made.add(path.dirname(file));
      }
      fs.writeFileSync(file, content);
    }
    const previous = `${staging.replace(/-new-/, '-old-')}`;
    const hadPrevious = fs.existsSync(dir);
    if (hadPrevious) {
      fs.renameSync(dir, previous);
    }
    fs.renameSync(staging, dir);
    if (hadPrevious) {
      fs.rmSync(previous, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
