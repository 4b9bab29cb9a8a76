// Builds the esbuild bundle of a project's main.ts, as `npm run synth` runs it (scripts/synth.js) and as the tests
// that run the bundle in a copy of the project build it.
const path = require('path');

/** Bundles `<root>/main.ts` into `outfile` (CommonJS for Node 20) and returns `outfile`. */
function buildMainBundle(root, outfile) {
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    // `<outfile>.map`, read only when a synthesis fails with an error of no check or construct, to say where in the
    // TypeScript sources it was thrown (lib/cli/error-location.ts); the bundle itself is the same with or without it.
    sourcemap: 'external',
    sourcesContent: false,
    // No comments, indentation or other text a run need not read: every synthesis reads, hashes and loads the bundle
    // (scripts/run-bundle.js), and the 4.2 MB bundle cost about 30 ms more a run than its 3 MB minified twin. Names
    // stay as written (no identifier minifying, no syntax rewriting): messages, stack traces and the source map use
    // them. The banner keeps the code off the first line, whose columns a module wrapper (run-bundle.js's, jest's)
    // shifts, so that the source map still finds where an error was thrown.
    minifyWhitespace: true,
    banner: { js: '// main.ts and what it imports, bundled by scripts/bundle.js' },
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildMainBundle };
