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
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {}, spec: { a: 1 } }, open, SOURCE),
    ).toEqual([]);
    const silent: StructuralSchema = { type: 'object', properties: { spec: {} } };
    expect(
      customResourceProblems({ apiVersion: 'a.b/v1', kind: 'X', metadata: {}, spec: { a: { b: 1 } } }, silent, SOURCE),
    ).toEqual([]);
  });
});
