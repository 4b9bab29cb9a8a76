/**
 * Unit tests run in-process and build nothing; lint tests build Go tools on first run (kube-score, Polaris, kubeseal,
 * the sigs.k8s.io/yaml decoder), cached, and run them; end-to-end tests need a control plane, which their global setup
 * brings up.
 */
// swc strips the types of each file without checking them (tsconfig.json sets isolatedModules, so nothing needs the
// whole program); `npm test` type-checks the project once before the tests. Target and class fields as tsconfig.json.
const swc = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
  module: { type: 'commonjs' },
};
const transform = { '^.+\\.ts$': ['@swc/jest', swc] };
// `npm run bench` keeps a snapshot of the project (with its own package.json and tests) under bench/.work/.
const modulePathIgnorePatterns = ['<rootDir>/bench/.work/'];
// `npm test` and `npm run test:unit` start jest with V8's young generation at 16-64 MB semi-spaces (the default grows
// from 1 to 16 MB), which the workers inherit: each test file loads lib/ and cdk8s again, objects that live until the
// file ends, and the default scavenged them about 620 times a unit run (2.5-3.3 s of the workers' time); these take
// about 150 scavenges (1.6 s).

module.exports = {
  // One temporary folder per run, removed at its end (test/global-temp.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      ...(process.env.TEST_ISOLATE_MODULES === '1'
        ? { testEnvironment: 'node' }
        : {
            // lib/ and node_modules loaded once per worker, not once per test file (test/jest/shared-runtime.js).
            testEnvironment: '<rootDir>/test/jest/shared-environment.js',
            runtime: '<rootDir>/test/jest/shared-runtime.js',
          }),
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/e2e/', '<rootDir>/test/lint/', '<rootDir>/test/browser/'],
    },
    {
      // Opens the map page in Debian's chromium (headless, through puppeteer-core); skipped, saying how to install
      // it, where /usr/bin/chromium is missing.
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
    {
      displayName: 'lint',
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/lint/**/*.test.ts'],
    },
    ...e2eVersions().map((version) => ({
      displayName: version === '' ? 'e2e' : `e2e-${version}`,
      testEnvironment: 'node',
      transform,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // Each version's own files (jest runs a setup file once, however many projects name it); none for `e2e`.
      ...(version === ''
        ? {}
        : {
            globalSetup: `<rootDir>/test/e2e/versions/${version}.setup.ts`,
            globalTeardown: `<rootDir>/test/e2e/versions/${version}.teardown.ts`,
          }),
      globals: { E2E_K8S_VERSION: version },
      maxWorkers: 1,
    })),
  ],
};

/**
 * The e2e suite runs once per Kubernetes version of the local clusters (K8S_COURSE_K8S_VERSIONS in cluster/env.sh, or
 * those K8S_COURSE_E2E_VERSIONS lists), as projects e2e-<version>, each against its own cluster; with KUBECONFIG set
 * to a cluster of one's own, once against that cluster, as the project e2e (version '').
 */
function e2eVersions() {
  if ((process.env.KUBECONFIG ?? '') !== '') {
    return [''];
  }
  const env = require('fs').readFileSync(require('path').join(__dirname, 'cluster', 'env.sh'), 'utf8');
  const known = /^K8S_COURSE_K8S_VERSIONS="([^"]+)"$/m.exec(env)[1].split(' ');
  const versions = (process.env.K8S_COURSE_E2E_VERSIONS ?? known.join(' ')).split(/[ ,]+/).filter((v) => v !== '');
  const unknown = versions.find((version) => !known.includes(version));
  if (unknown !== undefined || versions.length === 0) {
    throw new Error(
      `K8S_COURSE_E2E_VERSIONS="${process.env.K8S_COURSE_E2E_VERSIONS}": ` +
        `${unknown === undefined ? 'no version' : `unknown version "${unknown}"`}; the local clusters are ` +
        `${known.join(', ')} (K8S_COURSE_K8S_VERSIONS in cluster/env.sh): list some of them, or unset it for all`,
    );
  }
  return versions;
}
