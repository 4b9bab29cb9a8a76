import fc from 'fast-check';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { toYaml } from '../../lib/writer/yaml';
import { asJson, jsonDocument } from '../../tools/yaml-decode/values';

/** Generated values per run (`YAML_PROPERTY_RUNS` sets another count); a failure prints its seed and shrunk value. */
const RUNS = Number(process.env.YAML_PROPERTY_RUNS ?? 10_000);

/** The documents of `text` as the `yaml` package reads them; errors are thrown, not left in the document. */
function readAll(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version }).map((document) => {
    if (document.errors.length > 0) {
      throw document.errors[0];
    }
    return document.toJS({ maxAliasCount: -1 });
  });
}

/**
 * `expect(actual).toEqual(expected)`, with Node's deep strict equality tried first: what it finds equal, toEqual does
 * too (it is the looser of the two), so the outcome is toEqual's, with its diff on a failure; and it costs a tenth of
 * jest's comparison, which was a quarter of this file's time over 22,000 documents.
 */
function expectEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    expect(actual).toEqual(expected);
  }
}

describe('toYaml, on generated values', () => {
  it(`writes what the yaml package reads back equal, in YAML 1.2 and 1.1 (${RUNS} values)`, () => {
    fc.assert(
      fc.property(jsonDocument, (value) => {
        const text = toYaml([value]);
        expectEqual(readAll(text, '1.2'), [asJson(value)]);
        expectEqual(readAll(text, '1.1'), [asJson(value)]);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes a stream of generated documents that reads back document by document', () => {
    fc.assert(
      fc.property(fc.array(jsonDocument, { minLength: 2, maxLength: 4 }), (values) => {
        expectEqual(readAll(toYaml(values), '1.1'), values.map(asJson));
      }),
      { numRuns: 1_000 },
    );
  });
});
