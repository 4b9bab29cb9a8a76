#!/usr/bin/env node
// Runs a CommonJS bundle (an esbuild output) with V8's code cache. Node 20 parses and compiles the 2 MB bundle on
// every run; here the first run saves the compiled code beside the bundle (`<bundle>.cache`, in the same ignored
// folder) and later runs start from it. V8 checks the cache against the source and its own version and rejects a
// stale one, which is then written again. Usage: node scripts/run-bundle.js <bundle> [args...]
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

/** Loads `file` as the main module, from its code cache when there is a valid one. */
function runBundle(file) {
  const cacheFile = `${file}.cache`;
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Saved at exit, so the cache also holds the functions this run compiled lazily.
    process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
  }
  const bundle = new Module(file, null);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  const requireFromBundle = (id) => bundle.require(id);
  requireFromBundle.resolve = (request) => Module._resolveFilename(request, bundle);
  requireFromBundle.main = bundle;
  requireFromBundle.cache = Module._cache;
  script.runInThisContext().call(bundle.exports, bundle.exports, requireFromBundle, bundle, file, path.dirname(file));
}

module.exports = { runBundle };

if (require.main === module) {
  const [file] = process.argv.splice(2, 1);
  runBundle(path.resolve(file));
}
