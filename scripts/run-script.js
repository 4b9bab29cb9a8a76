#!/usr/bin/env node
// `npm run plan`, `diff`, `apply`, `seal` and `map`: runs scripts/<name>.ts from an esbuild bundle in
// .build/scripts/<name>.js with V8's code cache (run-bundle.js), as `npm run synth` runs main.ts, instead of through
// tsx, which loaded its TypeScript loader and transformed the project at every start (about 1.2 s of each command on
// a 2-core machine, `--help` included). The bundle is built again when a project file it was built from changed:
// `<bundle>.inputs` lists the files esbuild read (node_modules stands as package-lock.json) with a hash of them.
// Those that synthesize the working tree (plan, diff, map) first pass `npm run synth`'s type-check gate
// (type-gate.js, cached by a hash of the sources), so that none shows a synthesis of code that `npm run synth` refuses.
// Usage: node scripts/run-script.js scripts/<name>.ts [args...]
const fs = require('fs');
const path = require('path');
const { bundleOptions } = require('./bundle');
const { runBundle } = require('./run-bundle');
const { hashFiles, readStamp, typeCheck, writeAtomically } = require('./type-gate');

/** The scripts that synthesize the project's code, and so refuse code that does not type-check. */
const SYNTHESIZING = new Set(['plan', 'diff', 'map']);

const USAGE = 'usage: node scripts/run-script.js scripts/<name>.ts [args...]';

/**
 * Bundles `<root>/<entry>` into `bundle` (and `<bundle>.map`, which lib/cli/error-location.ts reads to say where an
 * error was thrown), built in a folder of its own and moved into place, so that a concurrent run never reads half a
 * bundle. Returns the project files esbuild read, sorted, with package-lock.json for everything under node_modules.
 */
function build(root, entry, bundle) {
  // Beside .build/scripts/, at the same depth, so that the source map's relative paths hold after the move.
  const building = fs.mkdtempSync(path.join(path.dirname(path.dirname(bundle)), '.building-scripts-'));
  try {
    const result = require('esbuild').buildSync({
      ...bundleOptions(root, entry, path.join(building, path.basename(bundle))),
      metafile: true,
      logLevel: 'silent',
    });
    fs.renameSync(path.join(building, `${path.basename(bundle)}.map`), `${bundle}.map`);
    fs.renameSync(path.join(building, path.basename(bundle)), bundle);
    const files = Object.keys(result.metafile.inputs).filter((file) => !file.split('/').includes('node_modules'));
    return [...new Set([...files, 'package-lock.json'])].sort();
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/** esbuild's errors as `  file:line:column: text` lines. */
function buildErrors(error) {
  const errors = Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : [{ text: error.message }];
  return errors
    .map(({ location, text }) =>
      location ? `  ${location.file}:${location.line}:${location.column}: ${text}` : `  ${text}`,
    )
    .join('\n');
}

/** The bundle of `<root>/<entry>`, built again when its inputs changed since the last build. */
function currentBundle(root, entry) {
  const bundle = path.join(root, '.build', 'scripts', `${path.basename(entry, '.ts')}.js`);
  const record = `${bundle}.inputs`;
  const inputs = readStamp(record);
  if (inputs !== undefined && fs.existsSync(bundle) && hashFiles(root, inputs.files) === inputs.hash) {
    return bundle;
  }
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const files = build(root, entry, bundle);
  writeAtomically(record, `${JSON.stringify({ files, hash: hashFiles(root, files) }, null, 2)}\n`);
  return bundle;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const [entry] = process.argv.splice(2, 1);
  const normalized =
    entry === undefined ? '' : path.relative(root, path.resolve(root, entry)).split(path.sep).join('/');
  if (!/^scripts\/[^/]+\.ts$/.test(normalized) || !fs.existsSync(path.join(root, normalized))) {
    console.error(`run-script: ${JSON.stringify(entry ?? '')} is not a TypeScript file of scripts/\n${USAGE}`);
    process.exit(2);
  }
  const name = path.basename(normalized, '.ts');
  if (SYNTHESIZING.has(name)) {
    const checked = typeCheck(root);
    if (!checked.ok) {
      console.error(
        `npm run ${name} failed: the code does not type-check (tsc -p tsconfig.synth.json):\n${checked.report}`,
      );
      process.exit(1);
    }
  }
  let bundle;
  try {
    bundle = currentBundle(root, normalized);
  } catch (error) {
    console.error(`npm run ${name} failed: the code does not build:\n${buildErrors(error)}`);
    process.exit(1);
  }
  runBundle(bundle);
}

module.exports = { currentBundle };
