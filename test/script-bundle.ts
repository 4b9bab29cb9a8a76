import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The repository this test runs in. */
const REPOSITORY = path.join(__dirname, '..');

/** Runs a bundle with V8's code cache, as `npm run synth` does. */
const RUN_BUNDLE = path.join(REPOSITORY, 'scripts', 'run-bundle.js');

/** Where bundles are kept between test runs (ignored by git, as .build/ is). */
export const BUNDLE_CACHE = path.join(REPOSITORY, '.build', 'test-bundles');

/** The folders and files of a project that a bundle of its code can read; node_modules is keyed by the lock file. */
const SOURCES = ['main.ts', 'lib', 'imports', 'scripts', 'package-lock.json', 'tsconfig.json'];

/** Every file of `sources` under `root`, by path relative to it, sorted. */
function filesUnder(root: string, sources: readonly string[]): string[] {
  return sources
    .flatMap((source) => {
      const full = path.join(root, source);
      if (!fs.existsSync(full)) {
        return [];
      }
      if (!fs.statSync(full).isDirectory()) {
        return [source];
      }
      return fs
        .readdirSync(full, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
    })
    .sort();
}

/**
 * The key of a bundle of `entry` in `root`: a hash of the entry's path and of the path and content of every file the
 * bundle could read (the project's sources, the entry itself, and package-lock.json for node_modules), so that any
 * change to what esbuild would read makes a new bundle.
 */
export function bundleKey(root: string, entry: string): string {
  const hash = crypto.createHash('sha256').update(`${entry}\0`);
  for (const file of filesUnder(root, [...new Set([...SOURCES, entry])])) {
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds the bundle of `<root>/<entry>` into `outfile`. */
export type BundleBuilder = (root: string, entry: string, outfile: string) => void;

/** How `cachedBundle` builds and where it keeps bundles. */
export interface BundleOptions {
  /** @default - esbuild, as scripts/bundle.js calls it */
  readonly build?: BundleBuilder;
  /** @default BUNDLE_CACHE */
  readonly cacheDir?: string;
}

/** Bundles of an entry not used for this long are removed when another bundle of it is built. */
const STALE_MS = 60 * 60 * 1000;

/**
 * A CommonJS bundle (esbuild, for Node 20) of the TypeScript file `entry` of the project at `root`, kept under
 * .build/test-bundles/ by `bundleKey`, so that a test that runs a script in a child process starts it with no
 * TypeScript loader (tsx takes about 0.5 s a start) and the bundle is built once, not once per test file and run. It
 * is written under a temporary name and renamed, so a test in another worker never reads half a bundle; building one
 * removes the bundles of the same entry (and their code caches) that no test used in the last hour.
 */
export function cachedBundle(root: string, entry: string, options: BundleOptions = {}): string {
  const { build = buildScriptBundle, cacheDir = BUNDLE_CACHE } = options;
  const name = entry.replace(/\.ts$/, '').replace(/[/\\]/g, '-');
  const bundle = path.join(cacheDir, `${name}.${bundleKey(root, entry)}.js`);
  if (fs.existsSync(bundle)) {
    const now = new Date();
    [bundle, `${bundle}.map`].filter((file) => fs.existsSync(file)).forEach((file) => fs.utimesSync(file, now, now));
    return bundle;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // Older bundles of the entry, their source maps and code caches, and what a build killed halfway left.
  const ours = (file: string): boolean => file.startsWith(`${name}.`) || file.startsWith(`.${name}.`);
  for (const stale of fs.readdirSync(cacheDir).filter(ours)) {
    const file = path.join(cacheDir, stale);
    if (Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_MS) {
      fs.rmSync(file, { force: true });
    }
  }
  const building = path.join(cacheDir, `.${name}.${process.pid}.js`);
  build(root, entry, building);
  // The source map first, so that whoever finds the bundle finds its map.
  if (fs.existsSync(`${building}.map`)) {
    fs.renameSync(`${building}.map`, `${bundle}.map`);
  }
  fs.renameSync(building, bundle);
  return bundle;
}

/** Bundles a script as scripts/bundle.js bundles every entry point: everything in one CommonJS file for Node 20. */
function buildScriptBundle(root: string, entry: string, outfile: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildBundle } = require('../scripts/bundle') as {
    buildBundle(root: string, entry: string, outfile: string): string;
  };
  buildBundle(root, entry, outfile);
}

/** The code caches (`<bundle>.<hash>.cache`, written by run-bundle.js) beside a bundle, by their suffix. */
function codeCaches(bundle: string): string[] {
  const name = path.basename(bundle);
  return fs.existsSync(path.dirname(bundle))
    ? fs
        .readdirSync(path.dirname(bundle))
        .filter((file) => file.startsWith(`${name}.`) && file.endsWith('.cache'))
        .map((file) => file.slice(name.length))
    : [];
}

/** The bundles put into projects by `bundleInto`, with the cached bundle each is a copy of. */
const installed = new Map<string, string>();

/**
 * Puts the cached bundle of `<copy>/<entry>` into `<copy>/.build/<name>.js` and returns its path: there the code finds
 * the copy as its project (lib/paths.ts looks for the package.json above the bundle). The code cache of an earlier
 * copy goes beside it (`keepCodeCaches` brings it back), so that its first run does not compile the bundle either.
 */
export function bundleInto(copy: string, entry: string, options: BundleOptions = {}): string {
  const bundle = path.join(copy, '.build', `${path.basename(entry, '.ts')}.js`);
  const cached = cachedBundle(copy, entry, options);
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.copyFileSync(cached, bundle);
  codeCaches(cached).forEach((suffix) => fs.copyFileSync(`${cached}${suffix}`, `${bundle}${suffix}`));
  installed.set(bundle, cached);
  return bundle;
}

/** Keeps the code caches that runs in `copy` wrote beside its bundles with their cached bundles, for the next copy. */
export function keepCodeCaches(copy: string): void {
  for (const [bundle, cached] of installed) {
    if (bundle.startsWith(`${copy}${path.sep}`)) {
      const kept = codeCaches(cached);
      codeCaches(bundle)
        .filter((suffix) => !kept.includes(suffix) && fs.existsSync(cached))
        .forEach((suffix) => {
          const keeping = `${cached}.${process.pid}.tmp`;
          fs.copyFileSync(`${bundle}${suffix}`, keeping);
          fs.renameSync(keeping, `${cached}${suffix}`);
        });
      installed.delete(bundle);
    }
  }
}

/** The arguments of node that run `bundle` with V8's code cache (scripts/run-bundle.js), as `npm run synth` does. */
export function bundleArgs(bundle: string, ...args: string[]): string[] {
  return [RUN_BUNDLE, bundle, ...args];
}
