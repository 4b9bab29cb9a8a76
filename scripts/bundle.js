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
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildMainBundle };
