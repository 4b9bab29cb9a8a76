import { StructuralSchema, customResourceProblems } from '../../lib/checks/crd-schema';

const SOURCE = 'CustomResourceDefinition widgets.example.com (v1)';

const SCHEMA: StructuralSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
        color: { type: 'string', enum: ['red', 'blue'] },
        tags: { type: 'array', items: { type: 'string', maxLength: 3 }, minItems: 1, maxItems: 2 },
        name: { type: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 5 },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        enabled: { type: 'boolean' },
        rules: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['host', 'protocol'],
          items: {
            type: 'object',
            properties: { host: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        zones: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    },
  },
};

function problems(spec: unknown, extra: Record<string, unknown> = {}): string[] {
  return customResourceProblems(
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec, ...extra },
    SCHEMA,
    SOURCE,
    '1.37',
  ).map((problem) => problem.message);
}

describe('customResourceProblems', () => {
  it('passes a resource the schema takes', () => {
    expect(
      problems({
        size: 3,
        ratio: 0.5,
        color: 'red',
        tags: ['a'],
        name: 'ab',
        free: { anything: { at: ['all'] } },
        labels: { team: 'x' },
        port: 'http',
        note: null,
        enabled: false,
        template: { apiVersion: 'v1', kind: 'Pod', anything: 1 },
      }),
    ).toEqual([]);
    expect(problems({ size: 10, port: 8080 })).toEqual([]);
  });

  it('refuses fields the schema does not know, at the top and inside, naming the ones it knows', () => {
    expect(problems({ size: 1, colour: 'red' }, { status2: {} })).toEqual([
      `spec.colour is a field ${SOURCE} does not know; the API server refuses it (strict field validation)`,
      `status2 is a field ${SOURCE} does not know; the API server refuses it (strict field validation)`,
    ]);
    const [unknown] = customResourceProblems(
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: {}, spec: { size: 1, colour: 'red' } },
      SCHEMA,
      SOURCE,
      '1.37',
    );
    expect(unknown.fix).toContain(
      'color, enabled, free, labels, name, note, port, ratio, rules, size, tags, template, zones',
    );
  });

  it('refuses values of another type, and a null where the schema does not make the field nullable', () => {
    expect(problems({ size: '3', enabled: 'yes', tags: 'a', free: [], labels: { team: 5 }, port: 1.5 })).toEqual([
      `spec.size is "3" (string); ${SOURCE} gives it the type an integer`,
      `spec.enabled is "yes" (string); ${SOURCE} gives it the type true or false`,
      `spec.tags is "a" (string); ${SOURCE} gives it the type a list`,
      `spec.free is a list; ${SOURCE} gives it the type an object`,
      `spec.labels.team is 5 (number); ${SOURCE} gives it the type a string`,
      `spec.port is 1.5 (number); ${SOURCE} gives it the type an integer or a string`,
    ]);
    expect(problems({ size: 2.5 })).toEqual([`spec.size is 2.5 (number); ${SOURCE} gives it the type an integer`]);
    // Server-side apply (npm run apply) sends the null, and the API server refuses it; a nullable field takes it.
    expect(problems({ size: 1, color: null })).toEqual([
      `spec.color is null, which ${SOURCE} does not make nullable: server-side apply (npm run apply) refuses it`,
    ]);
    expect(problems({ size: 1, note: null })).toEqual([]);
  });

  it('refuses what server-side apply refuses of a keyed list: a null item, and two items with one key', () => {
    expect(problems({ size: 1, rules: [{ host: 'a' }, { host: 'b' }, { host: 'a', protocol: 'UDP' }] })).toEqual([]);
    expect(problems({ size: 1, rules: [{ host: 'a' }, null, { host: 'a', protocol: 'TCP' }] })).toEqual([
      `spec.rules[1] is null, which ${SOURCE} does not make nullable: server-side apply (npm run apply) refuses it`,
      `spec.rules[2] has the key of item 0 (host="a",protocol="TCP"), in a list ${SOURCE} merges by key: server-side apply (npm run apply) refuses two items with one key`,
    ]);
    expect(problems({ size: 1, zones: ['a', 'b', 'a'] })).toEqual([
      `spec.zones[2] has the key of item 0 ("a"), in a list ${SOURCE} merges by key: server-side apply (npm run apply) refuses two items with one key`,
    ]);
    // A null item is reported once, as a null.
    expect(problems({ size: 1, zones: [null] })).toEqual([
      `spec.zones[0] is null, which ${SOURCE} does not make nullable: server-side apply (npm run apply) refuses it`,
    ]);
  });

  it('refuses a resource without a required field', () => {
    expect(problems({})).toEqual([`spec.size is missing; ${SOURCE} requires it`]);
  });

  it('takes a required field left out that has a default, which the API server fills in before it validates', () => {
    const defaulted: StructuralSchema = {
      type: 'object',
      required: ['spec'],
      properties: {
        spec: {
          type: 'object',
          default: {},
          required: ['mode'],
          properties: { mode: { type: 'string', default: 'a' } },
        },
      },
    };
    expect(
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {} }, defaulted, SOURCE, '1.37'),
    ).toEqual([]);
  });

  it('refuses values outside an enum, naming the allowed ones', () => {
    expect(problems({ size: 1, color: 'green' })).toEqual([
      `spec.color is "green", which ${SOURCE} does not allow: it allows "red", "blue"`,
    ]);
  });

  it('refuses numbers out of bounds, exclusive bounds included', () => {
    expect(problems({ size: 0 })).toEqual([`spec.size is 0; ${SOURCE} requires at least 1`]);
    expect(problems({ size: 11 })).toEqual([`spec.size is 11; ${SOURCE} requires at most 10`]);
    expect(problems({ size: 1, ratio: 0 })).toEqual([`spec.ratio is 0; ${SOURCE} requires more than 0`]);
    expect(problems({ size: 1, ratio: 1 })).toEqual([`spec.ratio is 1; ${SOURCE} requires less than 1`]);
  });

  it('refuses strings by length (in characters) and pattern', () => {
    expect(problems({ size: 1, name: 'a' })).toEqual([`spec.name has 1 character; ${SOURCE} requires at least 2`]);
    expect(problems({ size: 1, name: 'abcdef' })).toEqual([`spec.name has 6 characters; ${SOURCE} allows at most 5`]);
    expect(problems({ size: 1, name: 'ab1' })).toEqual([
      `spec.name is "ab1", which does not match the pattern ^[a-z]+$ of ${SOURCE}`,
    ]);
    expect(problems({ size: 1, tags: ['äöü'] })).toEqual([]);
  });

  it('refuses lists and objects by their counts, and checks every item', () => {
    expect(problems({ size: 1, tags: [] })).toEqual([`spec.tags has 0 items; ${SOURCE} requires at least 1`]);
    expect(problems({ size: 1, tags: ['a', 'b', 'c'] })).toEqual([`spec.tags has 3 items; ${SOURCE} allows at most 2`]);
    expect(problems({ size: 1, tags: ['a', 'long'] })).toEqual([
      `spec.tags[1] has 4 characters; ${SOURCE} allows at most 3`,
    ]);
    expect(problems({ size: 1, labels: { a: 'x', b: 'y' } })).toEqual([
      `spec.labels has 2 fields; ${SOURCE} allows at most 1`,
    ]);
  });

  it('takes any field of an object whose schema keeps unknown fields, or says nothing of them', () => {
    const open: StructuralSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    expect(
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {}, spec: { a: 1 } }, open, SOURCE, '1.37'),
    ).toEqual([]);
    const silent: StructuralSchema = { type: 'object', properties: { spec: {} } };
    expect(
      customResourceProblems(
        { apiVersion: 'a.b/v1', kind: 'X', metadata: {}, spec: { a: { b: 1 } } },
        silent,
        SOURCE,
        '1.37',
      ),
    ).toEqual([]);
  });

  it('refuses a string or number against its format, as the API server of the release checks formats', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { when: { type: 'string', format: 'date-time' }, count: { type: 'integer', format: 'int32' } },
        },
      },
    };
    const check = (spec: unknown, release: string) =>
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {}, spec }, schema, SOURCE, release).map(
        (problem) => problem.message,
      );
    expect(check({ when: '2024-01-01T00:00:00Z', count: 1 }, '1.37')).toEqual([]);
    expect(check({ when: 'tomorrow' }, '1.27')).toEqual([
      `spec.when is "tomorrow", which is not a date and time (RFC 3339, 2006-01-02T15:04:05Z): ${SOURCE} gives it the format date-time`,
    ]);
    expect(check({ count: 2 ** 31 }, '1.37')).toEqual([
      `spec.count is 2147483648, which is not an int32 (-2147483648 to 2147483647): ${SOURCE} gives it the format int32`,
    ]);
    expect(check({ count: 2 ** 31 }, '1.27')).toEqual([]);
  });

  describe('allOf, anyOf, oneOf and not', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' }, n: { type: 'integer' } },
          anyOf: [{ required: ['a'] }, { required: ['b'] }],
          not: { required: ['a', 'b'] },
          allOf: [{ properties: { a: { maxLength: 3 } } }],
        },
        port: {
          type: 'integer',
          oneOf: [
            { minimum: 1, maximum: 10 },
            { minimum: 5, maximum: 20 },
          ],
        },
        size: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 3 }] },
      },
    };
    const check = (fields: Record<string, unknown>) =>
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {}, ...fields }, schema, SOURCE, '1.27').map(
        (problem) => problem.message,
      );

    it('passes a value that meets them, and their properties do not make other fields unknown', () => {
      expect(check({ spec: { a: 'x', n: 1 }, port: 2, size: 2 })).toEqual([]);
      expect(check({ spec: { b: 'y' }, port: 15 })).toEqual([]);
    });

    it('refuses a value that meets no schema of anyOf, saying why each fails', () => {
      expect(check({ spec: { n: 1 } })).toEqual([
        `spec must validate at least one schema (anyOf) of ${SOURCE}, and matches none: 1. spec.a is missing; ${SOURCE} requires it 2. spec.b is missing; ${SOURCE} requires it`,
      ]);
    });

    it('refuses a value that meets none, or more than one, schema of oneOf', () => {
      expect(check({ spec: { a: 'x' }, port: 7 })).toEqual([
        `port must validate one and only one schema (oneOf) of ${SOURCE}, and matches 2`,
      ]);
      expect(check({ spec: { a: 'x' }, port: 30 })).toEqual([
        `port must validate one and only one schema (oneOf) of ${SOURCE}, and matches none`,
      ]);
    });

    it('refuses a value that meets the schema of not', () => {
      expect(check({ spec: { a: 'x', b: 'y' } })).toEqual([
        `spec must not validate the schema (not) of ${SOURCE}, and does`,
      ]);
    });

    it('refuses a value against each schema of allOf it fails', () => {
      expect(check({ spec: { a: 'x' }, size: 4 })).toEqual([`size is 4; ${SOURCE} requires at most 3`]);
      expect(check({ spec: { a: 'long' } })).toEqual([`spec.a has 4 characters; ${SOURCE} allows at most 3`]);
    });
  });

  describe('CEL rules', () => {
    const schema: StructuralSchema = {
      type: 'object',
      'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('w-')", message: 'name must start with w-' }],
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer', maximum: 10 },
            color: { type: 'string', enum: ['red', 'blue'] },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' } },
                'x-kubernetes-validations': [{ rule: 'self.name.size() > 1', message: 'name too short' }],
              },
            },
          },
          'x-kubernetes-validations': [{ rule: 'self.size % 2 == 0', message: 'size must be even' }],
        },
      },
    };
    const check = (name: string, spec: unknown) =>
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: { name }, spec }, schema, SOURCE, '1.37');

    it('runs the rules of every node, the root and list items included, with their field paths', () => {
      expect(check('w-1', { size: 2, items: [{ name: 'ab' }] })).toEqual([]);
      expect(check('x', { size: 3, items: [{ name: 'ab' }, { name: 'a' }] }).map((problem) => problem.message)).toEqual(
        [
          `spec.items[1]: Invalid value: name too short (x-kubernetes-validations of ${SOURCE}: "self.name.size() > 1")`,
          `spec: Invalid value: size must be even (x-kubernetes-validations of ${SOURCE}: "self.size % 2 == 0")`,
          `the object: Invalid value: name must start with w- (x-kubernetes-validations of ${SOURCE}: "self.metadata.name.startsWith('w-')")`,
        ],
      );
    });

    it('skips the rules, as the API server does, after a wrong type, enum, required field, count or unknown field', () => {
      expect(check('x', { size: 3, colour: 'red' }).map((problem) => problem.message)).toEqual([
        `spec.colour is a field ${SOURCE} does not know; the API server refuses it (strict field validation)`,
      ]);
      expect(check('x', { size: 3, color: 'green' }).map((problem) => problem.message)).toEqual([
        `spec.color is "green", which ${SOURCE} does not allow: it allows "red", "blue"`,
      ]);
      expect(check('x', { size: 11 }).map((problem) => problem.message)).toEqual([
        `spec.size is 11; ${SOURCE} requires at most 10`,
        `spec: Invalid value: size must be even (x-kubernetes-validations of ${SOURCE}: "self.size % 2 == 0")`,
        `the object: Invalid value: name must start with w- (x-kubernetes-validations of ${SOURCE}: "self.metadata.name.startsWith('w-')")`,
      ]);
    });
  });
});
