/**
 * Generated JSON values for the YAML writer's property tests: nested maps and lists of strings, numbers, booleans and
 * null, with strings drawn from a corpus of what YAML readers take for something else, pieces of it glued together,
 * and arbitrary Unicode. Only what JSON (and so Kubernetes) carries: finite numbers, no lone surrogates. The unit test
 * reads them back with the `yaml` package and the lint test with sigs.k8s.io/yaml (`tools/yaml-decode`).
 */
import fc from 'fast-check';

/** A JSON value as the generator makes it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Strings that YAML 1.1 (go-yaml, kubectl) or 1.2 read as something else, or that are hard to write. */
export const AWKWARD_STRINGS: readonly string[] = [
  ...['', ' ', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'false', 'tRUE'],
  ...['y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF'],
  ...['0', '-0', '+0', '00', '012', '0777', '0o17', '0O17', '0x1F', '0X1f', '0b101', '+1', '-1', '1_000', '1__0'],
  ...['1e3', '1E3', '1e+3', '1.5e-3', '1.', '.5', '+.5', '-.5', '1.0', '1,000', '.inf', '-.inf', '+.INF', '.nan'],
  ...['.NaN', 'inf', 'Infinity', '-Infinity', 'NaN', '0.', '1:20', '190:20:30.15', '-1:20', '0x', '0b', '1e'],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14T00:00:00Z'],
  ...['=', '<<', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`'],
  ...['- a', '? a', ': a', 'a: b', 'a:b', 'a :b', 'a #b', 'a#b', '#a', '&a', '*a', '!a', '!!str', '|-', '>+', '%YAML'],
  ...['---', '...', '--- a', '... a', '-a', '?a', ':a', 'a:', 'a,', '[a]', '{a: 1}', '"a"', "'a'", '@a', '`a`'],
  ...['trailing ', ' leading', '  ', '\t', 'a\tb', '\ta', 'a\t', '\r', 'a\rb', 'a\r\nb', '\r\n', '\\', '\\n', 'a\\'],
  ...['\n', '\n\n', '\n\n\n', ' \n', '\n ', 'a\n', 'a\n\n', 'a\n\n\n', '\na', '\n\na', 'a\n\nb', 'a \nb', 'a\n b'],
  ...['\n  server {\n    listen 80;\n  }\n', '  indented\n', '  a\nb', '\n\n  a\n', 'a\n  b\n', '{\n  "a": 1\n}'],
  ...['\u0000', '\u0007', '\u001b', '\u007f', '\u0080', '\u0085', '\u009f', '\u00a0', 'a\u0085b', '\u2028', '\u2029'],
  ...['\ufeff', 'a\ufeff', '\ufffe', '\uffff', '\ufffd', '\ue000', 'é', 'ünïcödé', '😀', 'a😀\nb', '\u{10ffff}'],
  ...['kubernetes.io/change-cause', 'app.kubernetes.io/name', '10.0.0.0/8', '*/5 * * * *', 'nginx:1.27-alpine'],
  ...['x'.repeat(1100), `"${'y'.repeat(1030)}`, `${'z'.repeat(200)}\n${'z'.repeat(200)}`, '__proto__', 'constructor'],
];

/** A string: one from the corpus, a few pieces of it and of arbitrary text glued together, or arbitrary text. */
export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...AWKWARD_STRINGS),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...AWKWARD_STRINGS.filter((text) => text.length < 100)),
        fc.string({ unit: 'binary-ascii', maxLength: 4 }),
      ),
      { minLength: 2, maxLength: 4 },
    )
    .map((pieces) => pieces.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** Numbers JSON writes and reads back the same: finite, with -0, exponents and integers beyond 2^53 among them. */
export const jsonNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 0.1, 1e21, 1e-7, 5e-324, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e19, 1e20, Number.MAX_VALUE),
);

const scalar: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 6, arbitrary: awkwardString },
  { weight: 2, arbitrary: jsonNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Nested maps and lists of scalars, a few levels deep. */
export const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue; list: JsonValue[]; map: JsonValue }>(
  (tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(awkwardString, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  }),
).value;

/** A document: a map of values, as every Kubernetes object is, or now and then a list. */
export const jsonDocument: fc.Arbitrary<{ [key: string]: JsonValue } | JsonValue[]> = fc.oneof(
  { weight: 9, arbitrary: fc.dictionary(awkwardString, jsonValue, { maxKeys: 5, noNullPrototype: true }) },
  { weight: 1, arbitrary: fc.array(jsonValue, { maxLength: 4 }) },
);

/** The value as JSON carries it: -0 becomes 0. What both readers should give back. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
