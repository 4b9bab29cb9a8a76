#!/usr/bin/env node
// `npm run synth`: runs main.ts from a bundle in .build/, made by esbuild when a source is newer than it, so a run
// pays neither a type-checker nor a TypeScript loader (the test command type-checks), and with V8's code cache
// (run-bundle.js), so it does not compile the bundle again either. Arguments pass through.
const fs = require('fs');
const path = require('path');
const { runBundle } = require('./run-bundle');

const root = path.join(__dirname, '..');
const bundle = path.join(root, '.build', 'main.js');
const sources = ['main.ts', 'package-lock.json', 'lib', 'imports'];

function newestChange(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
if (built < Math.max(...sources.map((source) => newestChange(path.join(root, source))))) {
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
}
runBundle(bundle);
