import { execFileSync, spawnSync } from 'child_process';
import fc from 'fast-check';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { toYaml } from '../../lib/writer/yaml';
import { asJson, jsonDocument } from '../../tools/yaml-decode/values';

const ROOT = path.join(__dirname, '..', '..');
/** Generated documents per run, all read by one process of the decoder; `YAML_INTEROP_RUNS` sets another count. */
const RUNS = Number(process.env.YAML_INTEROP_RUNS ?? 10_000);
/** A failing run names its seed; `YAML_INTEROP_SEED=<seed>` replays it. */
const SEED = Number(process.env.YAML_INTEROP_SEED ?? Date.now() % 2 ** 31);

/** What sigs.k8s.io/yaml made of one document: its JSON, or why it refused it. */
interface Decoded {
  readonly json?: unknown;
  readonly error?: string;
}

/** Builds the decoder (once; cached by a hash of its sources) and returns its path. */
function buildDecoder(): string {
  return execFileSync('bash', [path.join(ROOT, 'tools', 'yaml-decode', 'build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * The documents as sigs.k8s.io/yaml (kubectl's and Argo CD's reader) converts them to JSON, in one process. Go sorts the keys
 * of each map, so compare them as sets.
 */
function decodeAll(decoder: string, documents: readonly string[]): Decoded[] {
  const result = spawnSync(decoder, [], {
    input: JSON.stringify(documents),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`yaml-decode exited with ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Decoded[];
}

describe('toYaml, read by sigs.k8s.io/yaml v1.4.0 (kubectl, Argo CD)', () => {
  let decoder: string;

  beforeAll(
    () => {
      decoder = buildDecoder();
    },
    10 * 60 * 1000,
  );

  it('reads a document the writer cannot have written as an error, so that a refusal shows', () => {
    expect(decodeAll(decoder, ['a: [', 'a: 1\n'])).toEqual([
      { error: expect.stringContaining('did not find expected node content') },
      { json: { a: 1 } },
    ]);
  });

  it(`reads every generated document back as the JSON of its value (${RUNS} values, seed ${SEED})`, () => {
    const values = fc.sample(jsonDocument, { numRuns: RUNS, seed: SEED });
    const texts = values.map((value) => toYaml([value]));
    const decoded = decodeAll(decoder, texts);
    const mismatches = values.flatMap((value, i) => {
      const expected = asJson(value);
      const got = decoded[i];
      return got.error === undefined && isDeepStrictEqual(got.json, expected)
        ? []
        : [{ value: expected, yaml: texts[i], decoded: got }];
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
