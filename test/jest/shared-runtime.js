/**
 * The unit project's module runtime: jest's, except that a module outside test/ (lib/, imports/, scripts/, bench/ and
 * node_modules) is loaded once per jest worker and kept for the worker's next test files, instead of once per test
 * file. Loading lib/ and cdk8s anew cost each of about 140 unit test files about 0.1 s of CPU, most of the per-file
 * overhead of a unit run.
 *
 * Of jest's own modules that it loads into each test file, the packages of no state its matchers use are kept too
 * (STATELESS_INTERNAL_PACKAGES), and one source-map-support maps the stack traces of all files.
 *
 * Test files and the helpers under test/ are still loaded per file. `jest.isolateModules` still loads fresh copies
 * (jest keeps those in a registry of their own); a file that mocks a module (`jest.mock`, `jest.doMock`) or calls
 * `jest.resetModules()` loads all of its modules itself from then on, and keeps none. A module kept from an earlier file requires what it has not loaded
 * yet through the runtime of the file running now. The modules share one realm with the tests because the
 * environment (test/jest/shared-environment.js) keeps one VM context per worker. `TEST_ISOLATE_MODULES=1` runs the
 * unit project with jest's own runtime and environment (see jest.config.js), to tell a test that depends on module
 * state from one that fails on its own.
 */
const path = require('path');
const Runtime = require('jest-runtime').default;

/** Modules, and their source maps, kept for the worker's next test files, by path. */
const KEPT_MODULES = new Map();
const KEPT_SOURCE_MAPS = new Map();

/**
 * Packages of no state that jest loads into each test file for its matchers and their messages (jest-snapshot's
 * semver, micromatch, pretty-format, jest-diff, the code frame of a failure), kept for the worker's next test files
 * too: loading them cost each file about 15 ms of CPU. Jest's own state (expect, jest-snapshot, jest-circus) is still
 * loaded per file.
 */
const STATELESS_INTERNAL_PACKAGES = new Set([
  '@babel/code-frame',
  '@babel/helper-validator-identifier',
  'ansi-styles',
  'braces',
  'chalk',
  'color-convert',
  'color-name',
  'diff-sequences',
  'escape-string-regexp',
  'fill-range',
  'has-flag',
  'is-number',
  'jest-diff',
  'jest-get-type',
  'jest-matcher-utils',
  'js-tokens',
  'micromatch',
  'picocolors',
  'picomatch',
  'pretty-format',
  'pure-rand',
  'react-is',
  'semver',
  'stack-utils',
  'supports-color',
  'to-regex-range',
]);
const KEPT_INTERNAL_MODULES = new Map();

/** The package of a file under node_modules (the innermost one: `semver` of `jest-snapshot/node_modules/semver/`). */
function packageOf(file) {
  const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (at === -1) {
    return undefined;
  }
  const parts = file.slice(at + `${path.sep}node_modules${path.sep}`.length).split(path.sep);
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The runtime of the test file running now. */
let current;

/** The source-map-support that jest-runner installs in each test file to map stack traces (runTest.js). */
const SOURCE_MAP_SUPPORT = require.resolve('source-map-support', {
  paths: [path.dirname(require.resolve('jest-runner'))],
});

/** The worker's source-map-support, loaded by its first test file, and the stack formatter it installed. */
let keptSourceMapSupport;

/**
 * A registry that keeps the entries of shared paths in `kept` and the others in itself; `clear()`, which jest calls
 * at the end of each file and on `jest.resetModules()`, clears only the file's own.
 */
class LayeredRegistry extends Map {
  constructor(kept, isKept) {
    super();
    this.kept = kept;
    this.isKept = isKept;
  }

  get(key) {
    return this.isKept(key) ? this.kept.get(key) : super.get(key);
  }

  has(key) {
    return this.isKept(key) ? this.kept.has(key) : super.has(key);
  }

  set(key, value) {
    if (this.isKept(key)) {
      this.kept.set(key, value);
    } else {
      super.set(key, value);
    }
    return this;
  }

  delete(key) {
    return this.isKept(key) ? this.kept.delete(key) : super.delete(key);
  }

  *keys() {
    yield* this.kept.keys();
    yield* super.keys();
  }
}

class SharedModulesRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    const testDir = path.join(config.rootDir, 'test') + path.sep;
    const isKept = (file) => typeof file === 'string' && !file.startsWith(testDir);
    this._moduleRegistry = new LayeredRegistry(KEPT_MODULES, isKept);
    this._sourceMapRegistry = new LayeredRegistry(KEPT_SOURCE_MAPS, isKept);
    this._internalModuleRegistry = new LayeredRegistry(
      KEPT_INTERNAL_MODULES,
      (file) => typeof file === 'string' && STATELESS_INTERNAL_PACKAGES.has(packageOf(file)),
    );
    // `jest.mock` and `jest.doMock` (which set a module's explicit mock): the file gets modules of its own.
    const ownModules = () => this.useOwnModules();
    this._explicitShouldMock = new (class extends Map {
      set(moduleId, mocked) {
        if (mocked === true) {
          ownModules();
        }
        return super.set(moduleId, mocked);
      }
    })();
    // The runtime that a module kept from an earlier file requires through (requireModuleOrMock).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    current = this;
  }

  /**
   * From here on, this file loads every module itself and keeps none, as jest's own runtime does: for a file that
   * mocks a module (a kept module would not see the mock, and a module loaded with the mock must not be kept for
   * later files) and after `jest.resetModules()` (which promises fresh copies).
   */
  useOwnModules() {
    if (this._moduleRegistry instanceof LayeredRegistry) {
      this._moduleRegistry = new Map();
      // The source maps of what is loaded so far stay, so that a stack trace through the test file itself or a module
      // it holds still names its TypeScript lines.
      const sourceMaps = this._sourceMapRegistry;
      this._sourceMapRegistry = new Map([...sourceMaps.keys()].map((file) => [file, sourceMaps.get(file)]));
    }
  }

  resetModules() {
    super.resetModules();
    this.useOwnModules();
  }

  /**
   * The worker's one source-map-support in place of a fresh one per file: it keeps the source maps it parsed (those of
   * lib/ and imports/ parsed anew by each test file whose `toThrow` read an error's stack cost about 3 s of CPU a
   * run), and each file's install makes the file's source maps the only ones it looks up.
   */
  requireInternalModule(from, to) {
    if (this.isTornDown && current !== undefined && current !== this) {
      return current.requireInternalModule(from, to);
    }
    if (from !== SOURCE_MAP_SUPPORT || to !== undefined) {
      return super.requireInternalModule(from, to);
    }
    if (keptSourceMapSupport === undefined) {
      const module = super.requireInternalModule(from);
      keptSourceMapSupport = { module, prepareStackTrace: undefined };
    }
    const { module } = keptSourceMapSupport;
    const { Error } = this._environment.global;
    return {
      ...module,
      install(options) {
        module.install({ ...options, overrideRetrieveSourceMap: true });
        // A file may have set its own formatter on the shared realm's Error: each file starts with the kept one.
        keptSourceMapSupport.prepareStackTrace ??= Error.prepareStackTrace;
        Error.prepareStackTrace = keptSourceMapSupport.prepareStackTrace;
      },
    };
  }

  requireModuleOrMock(from, moduleName) {
    if (this.isTornDown && current !== undefined && current !== this) {
      return current.requireModuleOrMock(from, moduleName);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedModulesRuntime;
