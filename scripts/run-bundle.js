#!/usr/bin/env node
// Runs a CommonJS bundle (an esbuild output) with V8's code cache. Node 20 parses and compiles the 2 MB bundle on
// every run; here the first run saves the compiled code beside the bundle (`<bundle>.<hash>.cache`, in the same
// ignored folder) and later runs start from it. The file name carries a hash of the bundle's content, because V8
// itself only compares the source's length (and its own version and flags) before it trusts a cache.
// Usage: node scripts/run-bundle.js <bundle> [args...]
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

/** Loads `file` as the main module, from its code cache when there is a valid one. */
function runBundle(file) {
  // Hashed as read: hashing the decoded string would encode it to UTF-8 again (about 3 ms of a 3 MB bundle).
  const bytes = fs.readFileSync(file);
  const hash = crypto.createHash('sha1').update(bytes).digest('hex').slice(0, 16);
  const source = bytes.toString('utf8');
  const cacheFile = `${file}.${hash}.cache`;
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Saved at exit, so the cache also holds the functions this run compiled lazily; caches of older builds go.
    process.once('exit', () => {
      const stale = fs
        .readdirSync(path.dirname(file))
        .filter((name) => name.startsWith(`${path.basename(file)}.`) && name.endsWith('.cache'));
      stale.forEach((name) => fs.rmSync(path.join(path.dirname(file), name), { force: true }));
      fs.writeFileSync(cacheFile, script.createCachedData());
    });
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
