import { withDefaults } from '../../lib/checks/crd-defaults';
import { StructuralSchema } from '../../lib/checks/crd-schema';

const SCHEMA: StructuralSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        mode: { type: 'string', default: 'fast' },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } },
          },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } },
        },
      },
    },
  },
};

describe('withDefaults', () => {
  it('fills in the default of a field left out, into defaulted objects, list items and map values', () => {
    expect(withDefaults({ kind: 'X' }, SCHEMA)).toEqual({ kind: 'X', spec: { mode: 'fast' } });
    expect(
      withDefaults({ spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }], labels: { a: {} } } }, SCHEMA),
    ).toEqual({
      spec: {
        mode: 'fast',
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        labels: { a: { on: true } },
      },
    });
  });

  it('keeps a value written, null included, and leaves the object written as it was', () => {
    const written = { spec: { mode: 'slow', ports: null } };
    expect(withDefaults(written, SCHEMA)).toEqual({ spec: { mode: 'slow', ports: null } });
    expect(written).toEqual({ spec: { mode: 'slow', ports: null } });
  });

  it('returns the object itself under a schema without defaults', () => {
    const written = { spec: { a: 1 } };
    expect(withDefaults(written, { type: 'object', properties: { spec: { type: 'object' } } })).toBe(written);
  });
});
