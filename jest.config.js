/**
 * Unit tests run in-process and build nothing; lint tests build Go tools on first run (kube-score, Polaris, kubeseal,
 * the sigs.k8s.io/yaml decoder), cached, and run them; end-to-end tests need a control plane, which their global setup
 * brings up.
 */
// tsconfig.json sets isolatedModules, so ts-jest only transpiles; `tsc --noEmit` type-checks before the tests.
const transform = { '^.+\\.ts$': 'ts-jest' };
// `npm run bench` keeps a snapshot of the project (with its own package.json and tests) under bench/.work/.
const modulePathIgnorePatterns = ['<rootDir>/bench/.work/'];

module.exports = {
  // One temporary folder per run, removed at its end (test/global-temp.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/e2e/', '<rootDir>/test/lint/'],
    },
    {
      displayName: 'lint',
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/lint/**/*.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
      maxWorkers: 1,
    },
  ],
};
