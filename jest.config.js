/**
 * Unit tests run in-process; lint tests run kube-score and Polaris (built on first run); end-to-end tests need a
 * control plane, which their global setup brings up.
 */
// tsconfig.json sets isolatedModules, so ts-jest only transpiles; `tsc --noEmit` type-checks before the tests.
const transform = { '^.+\\.ts$': 'ts-jest' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/e2e/', '<rootDir>/test/lint/'],
    },
    {
      displayName: 'lint',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/lint/**/*.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
      maxWorkers: 1,
    },
  ],
};
