import * as fs from 'fs';
import * as path from 'path';

/** The project's root: the nearest folder above this file with a package.json (also from a bundle in .build/). */
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

/** The project's root folder. */
export const ROOT = findRoot(__dirname);

/** Where the synthesized manifests go, one folder per environment. */
export const DIST = path.join(ROOT, 'dist');
