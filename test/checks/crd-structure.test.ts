import { CRD_GROUP, crdFindings } from './crd-kinds';

const BACKUPS = `backups.${CRD_GROUP}`;
const QUOTAS = `storagequotas.${CRD_GROUP}`;
const V1 = 'spec.versions[0].schema.openAPIV3Schema';
const SPEC = `${V1}.properties[spec]`;

// The corpus's schema, changed in place by a test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

/** The crd-structure findings (sorted) of the corpus's definition `name` with `change` made to its v1 schema. */
function structure(change: (schema: Schema) => void, name = BACKUPS, environment: 'dev' | 'prod' = 'dev'): string[] {
  return crdFindings(name, (crd) => change(crd.spec.versions[0].schema.openAPIV3Schema), environment)
    .filter((finding) => finding.startsWith('crd-structure: '))
    .map((finding) => finding.slice('crd-structure: '.length))
    .sort();
}

const refused = (field: string, value: string, why: string, crd = BACKUPS) =>
  `CustomResourceDefinition ${crd}: ${field} is ${value}: ${why}; the API server refuses the definition`;

describe('crd-structure', () => {
  it('passes the corpus’s definitions', () => {
    expect(structure(() => undefined)).toEqual([]);
    expect(structure(() => undefined, QUOTAS)).toEqual([]);
  });

  it('refuses a type of no known value, and a root that is not an object', () => {
    expect(
      structure((schema) => {
        schema.properties.spec.properties.suspend.type = 'bool';
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[suspend].type`,
          '"bool"',
          'it is one of array, boolean, integer, number, object, string',
        ),
      ].sort(),
    );
    expect(
      structure((schema) => {
        schema.type = 'array';
        schema.items = { type: 'string' };
      }),
    ).toEqual([refused(`${V1}.type`, '"array"', 'the root of a schema must be of type object')]);
  });

  it('refuses a field without a type, unless it is int-or-string or keeps unknown fields', () => {
    expect(
      structure((schema) => {
        delete schema.properties.spec.properties.zones.type;
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[zones].type`,
          'missing',
          'every field of a structural schema must have a type (unless it is x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)',
        ),
        refused(`${SPEC}.properties[zones].x-kubernetes-list-type`, '"set"', 'it is for arrays only'),
      ].sort(),
    );
    expect(
      structure((schema) => {
        delete schema.properties.spec.properties.options.type;
      }),
    ).toEqual([]);
  });

  it('refuses an array without items, and properties beside additionalProperties', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        delete spec.zones.items;
        spec.labels.properties = { team: { type: 'string' } };
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[labels].additionalProperties`,
          '{"maxLength":63,"type":"string"}',
          'properties and additionalProperties are mutually exclusive',
        ),
        refused(`${SPEC}.properties[zones].items`, 'missing', 'an array must give the schema of its items'),
      ].sort(),
    );
  });

  it('takes an int-or-string of a type (the API servers take it)', () => {
    expect(
      structure((schema) => {
        schema.properties.spec.properties.target.properties.port.type = 'string';
      }),
    ).toEqual([]);
  });

  it('refuses extensions at odds with the schema: preserve false, an embedded resource not an object', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.options['x-kubernetes-preserve-unknown-fields'] = false;
        spec.hookPod.type = 'string';
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[options].x-kubernetes-preserve-unknown-fields`,
          'false',
          'it must be true or left out',
        ),
        refused(
          `${SPEC}.properties[hookPod].type`,
          '"string"',
          'it must be object where x-kubernetes-embedded-resource is true',
        ),
      ].sort(),
    );
  });

  it('refuses keyed lists whose keys are not scalar fields of their items, and map keys without a map list', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.destinations['x-kubernetes-list-map-keys'] = ['id'];
        spec.zones['x-kubernetes-list-type'] = 'Set';
        spec.labels['x-kubernetes-list-map-keys'] = ['name'];
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[labels].x-kubernetes-list-map-keys`,
          '["name"]',
          'it is only allowed where x-kubernetes-list-type is map',
        ),
        refused(
          `${SPEC}.properties[destinations].x-kubernetes-list-map-keys`,
          '["id"]',
          'its entries must all be fields of the items, and "id" is not',
        ),
        refused(`${SPEC}.properties[zones].x-kubernetes-list-type`, '"Set"', 'it is one of atomic, set, map'),
      ].sort(),
    );
  });

  it('refuses a map key that is neither required nor defaulted', () => {
    expect(
      structure((schema) => {
        schema.properties.spec.properties.destinations.items.required = ['url'];
      }),
    ).toEqual([
      refused(
        `${SPEC}.properties[destinations].items.properties[name].default`,
        'missing',
        'a field of x-kubernetes-list-map-keys must have a default or be required',
      ),
    ]);
    expect(
      structure((schema) => {
        const items = schema.properties.spec.properties.destinations.items;
        items.required = ['url'];
        items.properties.name.default = 'main';
      }),
    ).toEqual([]);
  });

  it('refuses uniqueItems and a pattern that is no regular expression', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.zones.uniqueItems = true;
        spec.schedule.pattern = '*';
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[schedule].pattern`,
          '"*"',
          'it must be a valid regular expression (Invalid regular expression: /*/: Nothing to repeat)',
        ),
        refused(
          `${SPEC}.properties[zones].uniqueItems`,
          'true',
          'it cannot be true: checking it is quadratic in the items',
        ),
      ].sort(),
    );
    expect(
      structure((schema) => {
        schema.properties.spec.properties.schedule.pattern = '(?i)^@daily$';
      }),
    ).toEqual([]);
  });

  it('refuses a default its schema refuses: of the wrong type, outside its bounds, with unknown fields', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.suspend.default = 'no';
        spec.retention.properties.keep.default = 0;
        spec.retention.default = { days: 3 };
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[suspend].default`,
          '"no"',
          'its own schema refuses it (default is "no" (string); its schema gives it the type true or false)',
        ),
        refused(
          `${SPEC}.properties[retention].default`,
          '{"days":3}',
          'its own schema refuses it (default.days is a field its schema does not know; the API server refuses it (strict field validation))',
        ),
        refused(
          `${SPEC}.properties[retention].properties[keep].default`,
          '0',
          'its own schema refuses it (default is 0; its schema requires at least 1)',
        ),
      ].sort(),
    );
  });

  it('refuses items that are no schema, additionalProperties that are no boolean nor schema, a keyword of the wrong type under them', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.zones.items = [{ type: 'string' }];
        spec.labels.additionalProperties = 'x';
        spec.destinations.items.properties.url.maxLength = 'long';
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[zones].items`,
          '[{"type":"string"}]',
          'it must be one schema (an object), the schema of every item',
        ),
        refused(`${SPEC}.properties[labels].additionalProperties`, '"x"', 'it must be a boolean or a schema'),
        `CustomResourceDefinition ${BACKUPS}: ${SPEC}.properties[destinations].items.properties.url.maxLength must be an integer (int64), got "long"; the API server refuses the definition`,
      ].sort(),
    );
  });

  it('reads a default as the server does: a bound written null is none, a string of a format takes any default', () => {
    expect(
      structure((schema) => {
        const spec = schema.properties.spec.properties;
        spec.destinations.items.properties.weight.maximum = null;
        spec.retention.properties.window.default = [true, null];
      }),
    ).toEqual([]);
    expect(
      structure((schema) => {
        schema.properties.spec.properties.retention.properties.window.default = {};
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[retention].properties[window].default`,
          '{}',
          'its own schema refuses it (default is an object; its schema gives it the type a string)',
        ),
        refused(
          `${SPEC}.properties[retention].default`,
          '{}',
          'its own schema refuses it (default.window is an object; its schema gives it the type a string)',
        ),
      ].sort(),
    );
    expect(
      structure((schema) => {
        schema.properties.spec.properties.retention.properties.keep.default = [];
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[retention].properties[keep].default`,
          '[]',
          'its own schema refuses it (default is a list; its schema gives it the type an integer)',
        ),
        refused(
          `${SPEC}.properties[retention].default`,
          '{}',
          'its own schema refuses it (default.keep is a list; its schema gives it the type an integer)',
        ),
      ].sort(),
    );
  });

  it('refuses, from 1.37, a default under an integer whose bound is no integer of 64 bits', () => {
    const fractional = (schema: Schema) => {
      schema.properties.spec.properties.destinations.items.properties.weight.maximum = 100.5;
    };
    const beyond = (schema: Schema) => {
      schema.properties.spec.properties.destinations.items.properties.weight.maximum = 15469153655787305000;
    };
    expect(structure(beyond, BACKUPS, 'dev')).toEqual([]);
    expect(structure(beyond, BACKUPS, 'prod')).toHaveLength(1);
    expect(structure(fractional, BACKUPS, 'dev')).toEqual([]);
    expect(structure(fractional, BACKUPS, 'prod')).toEqual([
      refused(
        `${SPEC}.properties[destinations].items.properties[weight].default`,
        '50',
        'the server cannot validate it: a minimum or maximum of an integer in its schema is no integer of 64 bits',
      ),
    ]);
  });

  it('takes the default of an integer of a bound of 1e21 or more, which server-side apply stores as another number', () => {
    expect(
      structure((schema) => {
        schema.properties.spec.properties.retention.properties.keep.minimum = 6.5e233;
      }),
    ).toEqual([]);
  });

  it('refuses the keywords of the structural part inside a value validation', () => {
    expect(
      structure((schema) => {
        schema.properties.spec.properties.schedule.anyOf = [{ type: 'string', maxLength: 10 }, { minLength: 1 }];
      }),
    ).toEqual(
      [
        refused(
          `${SPEC}.properties[schedule].anyOf[0].type`,
          '"string"',
          'it must not be set inside a value validation (allOf, anyOf, oneOf, not)',
        ),
      ].sort(),
    );
  });

  it('refuses a version without a schema', () => {
    expect(
      crdFindings(BACKUPS, (crd) => {
        delete crd.spec.versions[1].schema;
      }).filter((finding) => finding.startsWith('crd-structure: ')),
    ).toEqual(
      [
        `crd-structure: ${refused('spec.versions[1].schema.openAPIV3Schema', 'missing', 'apiextensions.k8s.io/v1 requires a schema of every version')}`,
      ].sort(),
    );
  });
});
