import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** What a copy of the project needs to synthesize: the sources, the scripts, the configs, the sealed stores, dist/. */
const PARTS = [
  'main.ts',
  'lib',
  'imports',
  'scripts',
  'secrets',
  'dist',
  'cdk8s.yaml',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.synth.json',
];

/** Plaintext values files (git-ignored) stay out of a copy. */
const isPlaintext = (file: string): boolean => /\.values\./.test(path.basename(file));

/**
 * A copy of the project in a new temporary folder, for tests that run its scripts and may write its dist/ or break
 * its sources; node_modules is a link to the project's own. Remove it with `removeProjectCopy`.
 */
export function copyProject(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-course-copy-'));
  for (const part of PARTS) {
    fs.cpSync(path.join(ROOT, part), path.join(copy, part), {
      recursive: true,
      filter: (source) => !isPlaintext(source),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Removes a copy made by `copyProject`. */
export function removeProjectCopy(copy: string): void {
  fs.rmSync(copy, { recursive: true, force: true });
}
