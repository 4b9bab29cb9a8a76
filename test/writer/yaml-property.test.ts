import fc from 'fast-check';
import { isDeepStrictEqual } from 'util';
import { Composer, parseAllDocuments, Parser } from 'yaml';
import { toYaml } from '../../lib/writer/yaml';
import { asJson, jsonDocument } from '../../tools/yaml-decode/values';

/**
 * Generated values per run (`YAML_PROPERTY_RUNS` sets another count); a failure prints its seed and shrunk value.
 * `npm test` runs 10,000; `npm run test:unit`, the edit loop, runs 2,000 (about 0.7 s instead of 3.5 s).
 */
const RUNS = Number(process.env.YAML_PROPERTY_RUNS ?? 10_000);

type YamlVersion = '1.1' | '1.2';

/**
 * The documents of `text` as the `yaml` package reads them in each of `versions`; errors are thrown, not left in the
 * document. This is parseAllDocuments (parse to tokens, compose them into documents) with the text parsed once for
 * all versions, since only composing depends on the version and parsing was half of this file's time; an error is
 * thrown as parseAllDocuments words it, with its line and column.
 */
function readAll(text: string, versions: readonly YamlVersion[]): unknown[][] {
  const tokens = Array.from(new Parser().parse(text));
  return versions.map((version) =>
    Array.from(new Composer({ version }).compose(tokens)).map((document) => {
      if (document.errors.length > 0) {
        throw firstError(text, version) ?? document.errors[0];
      }
      return document.toJS({ maxAliasCount: -1 });
    }),
  );
}

/** The first error parseAllDocuments reports for `text`, with the position it adds to the message. */
function firstError(text: string, version: YamlVersion): Error | undefined {
  return parseAllDocuments(text, { version }).find((document) => document.errors.length > 0)?.errors[0];
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
        const expected = [asJson(value)];
        const [read12, read11] = readAll(toYaml([value]), ['1.2', '1.1']);
        expectEqual(read12, expected);
        expectEqual(read11, expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes a stream of generated documents that reads back document by document', () => {
    fc.assert(
      fc.property(fc.array(jsonDocument, { minLength: 2, maxLength: 4 }), (values) => {
        const [read11] = readAll(toYaml(values), ['1.1']);
        expectEqual(read11, values.map(asJson));
      }),
      { numRuns: 1_000 },
    );
  });
});
