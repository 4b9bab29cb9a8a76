/**
 * The unit project's test environment: Node's, with one VM context per jest worker instead of one per test file, so
 * that the modules the worker keeps between files (test/jest/shared-runtime.js) and every test file run in the same
 * realm (an array or an error made by lib/ is an Array or Error of the test that reads it).
 *
 * What one file may leave behind is taken away when it ends: every global it added (jest's own, the test framework's
 * state) is deleted, and each file gets its own `process` object (its own copy of process.env, as jest gives each
 * file), its own mock registry and its own fake timers, all bound to the shared global.
 */
const { TestEnvironment: NodeEnvironment } = require('jest-environment-node');
const { ModuleMocker } = require('jest-mock');
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');

/** The context of this worker, made by its first test file's environment. */
let shared;

class SharedContextEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    if (shared === undefined) {
      shared = { context: this.context, global: this.global };
    } else {
      shared.global.process = this.global.process;
      this.context = shared.context;
      this.global = shared.global;
      this.moduleMocker = new ModuleMocker(this.global);
      this.fakeTimers = new LegacyFakeTimers({
        config: config.projectConfig,
        global: this.global,
        moduleMocker: this.moduleMocker,
        timerConfig: {
          idToRef: (id) => ({
            id,
            ref() {
              return this;
            },
            unref() {
              return this;
            },
          }),
          refToId: (timer) => timer?.id,
        },
      });
      this.fakeTimersModern = new ModernFakeTimers({ config: config.projectConfig, global: this.global });
    }
    /** The globals before this file ran: what it adds is deleted at its end. */
    this.globalsBefore = new Set(Reflect.ownKeys(this.global));
  }

  async teardown() {
    for (const key of Reflect.ownKeys(this.global)) {
      if (!this.globalsBefore.has(key) && Object.getOwnPropertyDescriptor(this.global, key).configurable) {
        delete this.global[key];
      }
    }
    await super.teardown();
  }
}

module.exports = SharedContextEnvironment;
