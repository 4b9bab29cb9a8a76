import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../helpers';
import { REPOSITORY } from '../project-copy';
import { cachedBundle } from '../script-bundle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildBundle, buildMainBundle } = require('../../scripts/bundle') as {
  buildBundle(root: string, entry: string, out: string): string;
  buildMainBundle(root: string, out: string): string;
};

/** The bundle of the repository's main.ts, as `npm run synth` builds it (cached by its sources). */
function mainBundle(): string {
  return fs.readFileSync(
    cachedBundle(REPOSITORY, 'main.ts', { build: (root, _entry, outfile) => buildMainBundle(root, outfile) }),
    'utf8',
  );
}

describe('scripts/bundle.js', () => {
  const bundle = mainBundle();

  it('writes the bundle of main.ts in ASCII, so that V8 holds its source as one byte a character', () => {
    // One character above U+007F anywhere (a comment, a regular expression) makes the whole source a two-byte string:
    // twice the memory, and a slower read and scan at every synthesis. Write such characters as \u escapes.
    const found = /[\u0080-\uffff]/.exec(bundle);
    expect(found === null ? 'none' : `"${bundle.slice(Math.max(0, found.index - 60), found.index + 20)}"`).toBe('none');
  });

  it('leaves out comments, which every synthesis would read and hash, but for the banner line', () => {
    const [banner, ...code] = bundle.split('\n');
    expect(banner).toMatch(/^\/\/ main\.ts .*scripts\/bundle\.js$/);
    expect(/^\s*\/\/ .*$/m.exec(code.join('\n'))?.[0]).toBeUndefined();
    expect(/^\s*\/\*\*? .*$/m.exec(code.join('\n'))?.[0]).toBeUndefined();
  });
});

describe('buildBundle', () => {
  it('takes a project root relative to the working directory', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'hello.ts'), "console.log('hello');\n");
    const out = buildBundle(path.relative(process.cwd(), root), 'hello.ts', path.join(root, 'out', 'hello.js'));
    expect(fs.readFileSync(out, 'utf8')).toContain('console.log("hello")');
  });
});
