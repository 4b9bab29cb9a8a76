import { escapedName, schemaCelType } from '../../lib/checks/crd-cel-types';

/**
 * The types follow k8s.io/apiserver's SchemaDeclType; each case held to the 1.27 and 1.37 API servers with a rule on a
 * CustomResourceDefinition (kubectl apply --dry-run=server, December 2026).
 */
describe('schemaCelType', () => {
  it('types scalars by type and format: an integer an int, a number a double, byte bytes, duration, date and date-time timestamps', () => {
    const fields = schemaCelType({
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        ratio: { type: 'number' },
        on: { type: 'boolean' },
        name: { type: 'string', format: 'uri' },
        data: { type: 'string', format: 'byte' },
        window: { type: 'string', format: 'duration' },
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        // `self.at2.startsWith('2')` compiles: datetime (no dash) is a string
        at2: { type: 'string', format: 'datetime' },
        port: { 'x-kubernetes-int-or-string': true },
      },
    })?.fields;
    expect(fields).toEqual({
      replicas: { kind: 'int' },
      ratio: { kind: 'double' },
      on: { kind: 'bool' },
      name: { kind: 'string' },
      data: { kind: 'bytes' },
      window: { kind: 'duration' },
      day: { kind: 'timestamp' },
      at: { kind: 'timestamp' },
      at2: { kind: 'string' },
      port: { kind: 'dyn' },
    });
  });

  it('types lists by their items, maps by additionalProperties, objects by their path', () => {
    expect(
      schemaCelType({
        type: 'object',
        properties: {
          tags: { type: 'array', items: { type: 'string' } },
          labels: { type: 'object', additionalProperties: { type: 'integer' } },
          target: { type: 'object', properties: { name: { type: 'string' } } },
        },
      }),
    ).toEqual({
      kind: 'object',
      name: 'selfType',
      fields: {
        tags: { kind: 'list', items: { kind: 'string' } },
        labels: { kind: 'map', items: { kind: 'int' } },
        target: { kind: 'object', name: 'selfType.target', fields: { name: { kind: 'string' } } },
      },
    });
  });

  it('gives no field for a property of no type, nor for what preserve-unknown-fields keeps (undefined field on both servers)', () => {
    const type = schemaCelType({
      type: 'object',
      properties: {
        any: { 'x-kubernetes-preserve-unknown-fields': true },
        options: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    expect(type?.fields).toEqual({ options: { kind: 'object', name: 'selfType.options', fields: {} } });
  });

  it('gives the root and an embedded resource apiVersion, kind and a metadata of name and generateName alone', () => {
    const metadata = {
      type: 'object',
      properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } },
    };
    const type = schemaCelType(
      {
        type: 'object',
        properties: {
          metadata,
          pod: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      true,
    );
    const resource = (name: string) => ({
      apiVersion: { kind: 'string' },
      kind: { kind: 'string' },
      metadata: {
        kind: 'object',
        name: `${name}.metadata`,
        fields: { name: { kind: 'string' }, generateName: { kind: 'string' } },
      },
    });
    expect(type?.fields).toEqual({
      ...resource('selfType'),
      pod: { kind: 'object', name: 'selfType.pod', fields: resource('selfType.pod') },
    });
  });
});

describe('escapedName', () => {
  it.each([
    ['plain_name', 'plain_name'],
    ['a.b', 'a__dot__b'],
    ['a-b', 'a__dash__b'],
    ['a/b', 'a__slash__b'],
    ['a__b', 'a__underscores__b'],
    ['namespace', '__namespace__'],
    ['1a', undefined],
    ['a@b', undefined],
  ])('reads %s as %s', (name, escaped) => {
    expect(escapedName(name)).toBe(escaped);
  });
});
