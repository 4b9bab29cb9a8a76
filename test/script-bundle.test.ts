import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './files';
import { runNode } from './project-copy';
import { bundleArgs, bundleInto, bundleKey, cachedBundle, keepCodeCaches } from './script-bundle';

/** A small project: a script that prints a value from lib/, and the files a bundle's key covers. */
function project(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'lib'));
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.writeFileSync(path.join(root, 'package.json'), '{}\n');
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  fs.writeFileSync(path.join(root, 'README.md'), 'notes\n');
  fs.writeFileSync(path.join(root, 'lib', 'value.ts'), "export const VALUE: string = 'one';\n");
  fs.writeFileSync(
    path.join(root, 'scripts', 'hello.ts'),
    "import { VALUE } from '../lib/value';\nconsole.log(`${VALUE} ${process.argv.slice(2).join(' ')}`);\n",
  );
  return root;
}

describe('bundleKey', () => {
  it('changes with a source the bundle can read, and not with a file outside the sources', () => {
    const root = project();
    const key = bundleKey(root, 'scripts/hello.ts');
    fs.appendFileSync(path.join(root, 'README.md'), 'more notes\n');
    expect(bundleKey(root, 'scripts/hello.ts')).toBe(key);
    fs.writeFileSync(path.join(root, 'lib', 'value.ts'), "export const VALUE: string = 'two';\n");
    expect(bundleKey(root, 'scripts/hello.ts')).not.toBe(key);
  });

  it('changes with the lock file of node_modules, and with a new source file', () => {
    const root = project();
    const key = bundleKey(root, 'scripts/hello.ts');
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    const locked = bundleKey(root, 'scripts/hello.ts');
    expect(locked).not.toBe(key);
    fs.writeFileSync(path.join(root, 'lib', 'other.ts'), 'export {};\n');
    expect(bundleKey(root, 'scripts/hello.ts')).not.toBe(locked);
  });
});

describe('cachedBundle', () => {
  it('builds once for the same sources, and again when one changes', () => {
    const root = project();
    const cacheDir = tempDir();
    const built: string[] = [];
    const build = (from: string, entry: string, outfile: string) => {
      built.push(entry);
      fs.writeFileSync(
        outfile,
        `console.log(${JSON.stringify(fs.readFileSync(path.join(from, 'lib', 'value.ts'), 'utf8'))});\n`,
      );
    };
    const first = cachedBundle(root, 'scripts/hello.ts', { build, cacheDir });
    expect(cachedBundle(root, 'scripts/hello.ts', { build, cacheDir })).toBe(first);
    expect(built).toEqual(['scripts/hello.ts']);
    fs.writeFileSync(path.join(root, 'lib', 'value.ts'), "export const VALUE: string = 'two';\n");
    const second = cachedBundle(root, 'scripts/hello.ts', { build, cacheDir });
    expect(second).not.toBe(first);
    expect(built).toHaveLength(2);
    expect(fs.readFileSync(second, 'utf8')).toContain('two');
    expect(fs.readdirSync(cacheDir).filter((file) => file.startsWith('.'))).toEqual([]);
  });

  it('removes the bundles of the entry that went unused for an hour (and their maps) when it builds a new one', () => {
    const root = project();
    const cacheDir = tempDir();
    const old = cachedBundle(root, 'scripts/hello.ts', { cacheDir });
    // What a build killed halfway leaves: a bundle or map under its temporary name.
    const leftover = path.join(cacheDir, '.scripts-hello.12345.js.map');
    fs.writeFileSync(leftover, '{}');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    [old, `${old}.map`, leftover].forEach((file) => fs.utimesSync(file, hourAgo, hourAgo));
    fs.writeFileSync(path.join(root, 'lib', 'value.ts'), "export const VALUE: string = 'two';\n");
    const current = cachedBundle(root, 'scripts/hello.ts', { cacheDir });
    expect(fs.readdirSync(cacheDir).sort()).toEqual([path.basename(current), `${path.basename(current)}.map`]);
  });
});

describe('bundleInto', () => {
  it('puts a bundle that runs as the script into the project, with the code cache of run-bundle.js beside it', () => {
    const root = project();
    const bundle = bundleInto(root, 'scripts/hello.ts', { cacheDir: tempDir() });
    expect(bundle).toBe(path.join(root, '.build', 'hello.js'));
    const result = runNode(root, bundleArgs(bundle, 'two', 'args'));
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: 'one two args\n',
      stderr: '',
    });
    expect(fs.readdirSync(path.dirname(bundle)).filter((file) => file.endsWith('.cache'))).toHaveLength(1);
  });

  it('gives the next project the code cache that a run in the previous one wrote', () => {
    const cacheDir = tempDir();
    const first = project();
    runNode(first, bundleArgs(bundleInto(first, 'scripts/hello.ts', { cacheDir })));
    keepCodeCaches(first);
    const second = project();
    const bundle = bundleInto(second, 'scripts/hello.ts', { cacheDir });
    const caches = fs.readdirSync(path.dirname(bundle)).filter((file) => file.endsWith('.cache'));
    expect(caches).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(bundle), caches[0]))).toEqual(
      fs.readFileSync(path.join(first, '.build', caches[0])),
    );
  });
});
