// The unit project's runtime keeps modules outside test/ between test files (test/jest/shared-runtime.js); these are
// the promises of jest's own runtime that it keeps.
describe('modules kept between test files', () => {
  it('jest.resetModules() gives the next require a fresh copy', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const first = require('../../lib/kinds/kinds');
    jest.resetModules();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../lib/kinds/kinds')).not.toBe(first);
  });

  it('jest.isolateModules() loads fresh copies, and the kept ones come back after it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kept = require('../../lib/config/kubernetes-version');
    let isolated: unknown;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      isolated = require('../../lib/config/kubernetes-version');
    });
    expect(isolated).not.toBe(kept);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../lib/config/kubernetes-version')).toBe(kept);
  });
});
