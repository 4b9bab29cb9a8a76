#!/usr/bin/env node
// `npm run synth`: refuses code that does not type-check (type-gate.js, cached by a hash of the sources), then runs
// main.ts from a bundle in .build/, made by esbuild when those sources changed, so a run pays no TypeScript loader,
// and with V8's code cache (run-bundle.js), so it does not compile the bundle again either. Arguments pass through.
const fs = require('fs');
const path = require('path');
const { buildMainBundle } = require('./bundle');
const { runBundle } = require('./run-bundle');
const { typeCheck, writeAtomically } = require('./type-gate');

const root = path.join(__dirname, '..');
const bundle = path.join(root, '.build', 'main.js');
// The bundle is built from the sources the type-check read, so the hash of those sources tells whether it is current
// (a modification time would miss a file that a checkout set back to an older one).
const bundleSources = `${bundle}.sources`;

const checked = typeCheck(root);
if (!checked.ok) {
  console.error(
    `synthesis failed, dist/ left as it was: the code does not type-check (tsc -p tsconfig.synth.json):\n${checked.report}`,
  );
  process.exit(1);
}

const builtFrom = fs.existsSync(bundle) && fs.existsSync(bundleSources) ? fs.readFileSync(bundleSources, 'utf8') : '';
if (builtFrom !== checked.hash) {
  buildMainBundle(root, bundle);
  writeAtomically(bundleSources, checked.hash);
}
runBundle(bundle);
