// Builds esbuild bundles of a project's TypeScript entry points, each one CommonJS file for Node 20: main.ts, as
// `npm run synth` runs it (scripts/synth.js) and as the tests that run it in a copy of the project build it; the
// scripts that scripts/run-script.js runs; and the bench's entry points, so that the bench measures what users run.
const path = require('path');

/**
 * The esbuild options of every bundle of `entry` (relative to the project root) into `outfile`.
 * - `<outfile>.map` is read only when a run fails with an error of no check or construct, to say where in the
 *   TypeScript sources it was thrown (lib/cli/error-location.ts); the bundle itself is the same with or without it.
 * - No comments, indentation or other text a run need not read: every run reads, hashes and loads the bundle
 *   (scripts/run-bundle.js), and the 4.2 MB bundle of main.ts cost about 30 ms more a run than its 3 MB minified
 *   twin. Names stay as written (no identifier minifying, no syntax rewriting): messages, stack traces and the source
 *   map use them.
 * - The banner keeps the code off the first line, whose columns a module wrapper (run-bundle.js's, jest's) shifts, so
 *   that the source map still finds where an error was thrown.
 */
function bundleOptions(root, entry, outfile) {
  return {
    entryPoints: [path.resolve(root, entry)],
    absWorkingDir: path.resolve(root),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    sourcemap: 'external',
    sourcesContent: false,
    minifyWhitespace: true,
    banner: { js: `// ${entry} and what it imports, bundled by scripts/bundle.js` },
    logLevel: 'warning',
  };
}

/** Bundles `<root>/<entry>` into `outfile` and returns `outfile`. */
function buildBundle(root, entry, outfile) {
  require('esbuild').buildSync(bundleOptions(root, entry, outfile));
  return outfile;
}

/** Bundles `<root>/main.ts` into `outfile` and returns `outfile`. */
function buildMainBundle(root, outfile) {
  return buildBundle(root, 'main.ts', outfile);
}

module.exports = { bundleOptions, buildBundle, buildMainBundle };
