import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Folders and file trees for tests, apart from test/helpers.ts, which loads the project (cdk8s, the environments)
// when imported: a test that only needs these does not pay that (about 40 ms a file).

/** Every file under `dir`, by path relative to it, with its content. */
export function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      tree[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
    }
  }
  return tree;
}

/** A new empty directory under the system's temporary directory. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-course-test-'));
}
