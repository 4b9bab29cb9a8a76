import { inputHash } from '../../lib/map/layout';

// A file that mocks a module of lib/ sees the mock from every module of lib/ it loads, as under jest's own runtime,
// even where an earlier test file of the same jest worker loaded those modules (test/jest/shared-runtime.js).
jest.mock('../../lib/paths', () => ({
  ...jest.requireActual('../../lib/paths'),
  ROOT: '/nonexistent-project-root',
}));

it('a module that imports the mocked one reads the mock', () => {
  // The layout engine's version is read from its package, found from ROOT: no package there.
  expect(() => inputHash('digraph {}')).toThrow(/nonexistent-project-root/);
});
