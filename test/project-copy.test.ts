import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from './files';
import { keepSynthesisState, restoreSynthesisState } from './project-copy';

/** What scripts/synth.js leaves in .build/ after it passed the gate and bundled, and a file it does not reuse. */
const SYNTHESIZED = {
  'typecheck/pass.json': '{"files": ["main.ts"], "hash": "a1"}\n',
  'typecheck/tsbuildinfo': '{"version": "7.0.2"}\n',
  'main.js': 'console.log("bundle");\n',
  'main.js.sources': 'a1',
  'main.js.0123456789abcdef.cache': 'code cache',
  'test-bundles/other.js': 'not the synthesis',
};

/** A project copy with these sources and these files in .build/. */
function copyWith(main: string, build: Readonly<Record<string, string>>): string {
  const copy = tempDir();
  fs.writeFileSync(path.join(copy, 'main.ts'), main);
  for (const [name, content] of Object.entries(build)) {
    fs.mkdirSync(path.dirname(path.join(copy, '.build', name)), { recursive: true });
    fs.writeFileSync(path.join(copy, '.build', name), content);
  }
  return copy;
}

/** The files of a copy's .build/, empty when it has none. */
function buildOf(copy: string): Record<string, string> {
  return fs.existsSync(path.join(copy, '.build')) ? readTree(path.join(copy, '.build')) : {};
}

describe('the synthesis state of project copies', () => {
  it('goes from a removed copy to a new copy of the same sources: the pass, the bundle and its caches', () => {
    const states = tempDir();
    keepSynthesisState(copyWith('app();\n', SYNTHESIZED), states);
    const next = copyWith('app();\n', {});
    restoreSynthesisState(next, states);
    const { 'test-bundles/other.js': _notKept, ...kept } = SYNTHESIZED;
    expect(buildOf(next)).toEqual(kept);
  });

  it('goes to no copy of other sources', () => {
    const states = tempDir();
    keepSynthesisState(copyWith('app();\n', SYNTHESIZED), states);
    const other = copyWith('otherApp();\n', {});
    restoreSynthesisState(other, states);
    expect(buildOf(other)).toEqual({});
  });

  it('is kept only where synth.js passed the gate and bundled, and the last one kept replaces an earlier one', () => {
    const states = tempDir();
    const { 'main.js.sources': _unbundled, ...gateOnly } = SYNTHESIZED;
    keepSynthesisState(copyWith('app();\n', gateOnly), states);
    keepSynthesisState(copyWith('app();\n', { 'main.js': 'a bundle from bundleMain\n' }), states);
    expect(fs.readdirSync(states)).toEqual([]);
    keepSynthesisState(copyWith('app();\n', SYNTHESIZED), states);
    keepSynthesisState(copyWith('app();\n', { ...SYNTHESIZED, 'main.js.sources': 'b2' }), states);
    const next = copyWith('app();\n', {});
    restoreSynthesisState(next, states);
    expect(buildOf(next)['main.js.sources']).toBe('b2');
    expect(fs.readdirSync(states)).toHaveLength(1);
  });
});
