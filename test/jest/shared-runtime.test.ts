import * as fs from 'fs';
import * as path from 'path';
import { stripVTControlCharacters } from 'util';

// Stack traces are mapped to the TypeScript source by one source-map-support per worker (test/jest/shared-runtime.js),
// which keeps the source maps it has read for the worker's next test files, and finds those of each file's own modules.
// The first test maps its file's frames for the first time after jest.resetModules(), which gives the file a registry
// of its own: it comes first, before a stack through this file has been mapped.
describe('stack traces', () => {
  it("name the TypeScript line of a frame in the test file's own code, after jest.resetModules() too", () => {
    jest.resetModules();
    const error = new Error('thrown here');
    expect(error.stack).toContain(`${__filename}:${lineOf(__filename, "new Error('thrown here')")}:`);
  });

  it('name the TypeScript line of a frame in lib/', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseCommandLine } = require('../../lib/cli/args');
    const args = path.join(__dirname, '..', '..', 'lib', 'cli', 'args.ts');
    expect(() => parseCommandLine({ command: 'npm run seal', environments: ['dev'], envRequired: true }, [])).toThrow(
      expect.objectContaining({
        stack: expect.stringContaining(`${args}:${lineOf(args, 'name at least one environment')}:`),
      }),
    );
  });
});

/** The line of `text` in `file` (1-based). */
function lineOf(file: string, text: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

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

// Stateless packages that jest loads into each test file for its matchers (semver, micromatch, pretty-format, jest-diff
// and the like) are loaded once per worker too; a kept one requires what it loads late through the running file. The
// messages are read without their colours, which jest adds when its output is a terminal or FORCE_COLOR is set (CI).
describe("jest's matchers", () => {
  it('print the diff of a failed toEqual', () => {
    expect(failureOf(() => expect({ replicas: 1, name: 'web' }).toEqual({ replicas: 2, name: 'web' }))).toMatch(
      /Expected.*\n.*Received.*\n\n {2}Object \{\n.* {4}"name": "web",\n.*- {3}"replicas": 2,\n.*\+ {3}"replicas": 1,/,
    );
  });

  it('print a failed toThrow with the code and the stack of what was thrown', () => {
    expect(
      failureOf(() =>
        expect(() => {
          throw new Error('refused');
        }).toThrow('accepted'),
      ),
    ).toMatch(/Expected substring: "accepted"\nReceived message: {3}"refused"\n\n[^]*> \d+ \|.*'refused'[^]*\n {6}at /);
  });
});

/** The message of the assertion that `assert` fails, without terminal colours. */
function failureOf(assert: () => void): string {
  try {
    assert();
  } catch (error) {
    return stripVTControlCharacters((error as Error).message);
  }
  throw new Error('the assertion passed');
}
