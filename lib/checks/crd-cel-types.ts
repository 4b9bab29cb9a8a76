import type { CelType } from './admission-cel';

/**
 * The CEL type the API server declares for `self` at a node of a CustomResourceDefinition's schema, as
 * k8s.io/apiserver's cel/common SchemaDeclType builds it (the same on 1.27 and 1.37, each case held to both servers):
 * an object of properties is an object type of the properties that have a type (a property of no type, such as one of
 * `x-kubernetes-preserve-unknown-fields` alone, is no field: `undefined field`), an object of additionalProperties a
 * map of string keys, an array a list of its items' type, an integer an int, a number a double, a string of format
 * byte bytes, of format duration a duration, of format date or date-time a timestamp (any other format, `datetime`
 * included, a string), an int-or-string dyn. `x-kubernetes-preserve-unknown-fields` adds no field: an object of it
 * and no properties has none. The root of the schema, and an embedded resource, have apiVersion, kind and a metadata
 * of name and generateName alone, whatever the schema says of them. Each object type is named by its path from the
 * version's root (`selfType.spec.target`), since the server's types of two paths differ (`self.a == self.b` of two
 * objects has no overload) and one path's are one.
 */

type Json = Record<string, unknown>;

const STRING: CelType = { kind: 'string' };

/** A string's type by its format, as SchemaDeclType gives it. */
const STRING_FORMATS: Readonly<Record<string, CelType>> = {
  byte: { kind: 'bytes' },
  duration: { kind: 'duration' },
  date: { kind: 'timestamp' },
  'date-time': { kind: 'timestamp' },
};

/** CEL's reserved words, which the server escapes as `__<word>__`. */
const RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(
    ' ',
  ),
);

/**
 * A property's name as CEL reads it (the server's Escape): `__` as `__underscores__`, `.` as `__dot__`, `-` as
 * `__dash__`, `/` as `__slash__`, a reserved word as `__<word>__`; undefined for a name CEL cannot read (a leading
 * digit, any other character), which is no field.
 */
export function escapedName(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) {
    return undefined;
  }
  if (RESERVED.has(name)) {
    return `__${name}__`;
  }
  const escapes: Readonly<Record<string, string>> = {
    __: '__underscores__',
    '.': '__dot__',
    '-': '__dash__',
    '/': '__slash__',
  };
  let readable = true;
  const escaped = name.replace(/__|[-./]|[^a-zA-Z0-9_]/g, (match) => {
    const escape = escapes[match];
    readable &&= escape !== undefined;
    return escape ?? '';
  });
  return readable ? escaped : undefined;
}

/** The types of the schema nodes already read (null: a node of no type), by node. */
const TYPES = new WeakMap<Json, CelType | null>();

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * The CEL type of `self` at `schema`, or undefined for a node of no type; `root` is whether the node is the root of
 * its version's schema, `name` the path its object types are named by. A node is read once, whatever rules it holds.
 */
export function schemaCelType(schema: Json, root = false, name = 'selfType'): CelType | undefined {
  const cached = TYPES.get(schema);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const type = declType(schema, root, name);
  TYPES.set(schema, type ?? null);
  return type;
}

function declType(schema: Json, root: boolean, name: string): CelType | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) {
    return { kind: 'dyn' };
  }
  const embedded = root || schema['x-kubernetes-embedded-resource'] === true;
  switch (embedded ? 'object' : schema.type) {
    case 'array': {
      const items = asObject(schema.items);
      const itemType = items === undefined ? undefined : schemaCelType(items, false, name);
      return itemType === undefined ? undefined : { kind: 'list', items: itemType };
    }
    case 'object':
      return objectType(schema, embedded, name);
    case 'string':
      return STRING_FORMATS[String(schema.format)] ?? STRING;
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return { kind: 'double' };
    case 'integer':
      return { kind: 'int' };
    default:
      return undefined;
  }
}

function objectType(schema: Json, embedded: boolean, name: string): CelType | undefined {
  const additional = asObject(schema.additionalProperties);
  if (additional !== undefined && !embedded) {
    const values = schemaCelType(additional, false, name);
    return values === undefined ? undefined : { kind: 'map', items: values };
  }
  const fields: Record<string, CelType> = {};
  for (const [property, child] of Object.entries(asObject(schema.properties) ?? {})) {
    const field = escapedName(property);
    const childSchema = asObject(child);
    const type =
      field === undefined || childSchema === undefined
        ? undefined
        : schemaCelType(childSchema, false, `${name}.${field}`);
    if (field !== undefined && type !== undefined) {
      fields[field] = type;
    }
  }
  if (embedded) {
    fields.apiVersion = STRING;
    fields.kind = STRING;
    fields.metadata = {
      kind: 'object',
      name: `${name}.metadata`,
      fields: { name: STRING, generateName: STRING },
    };
  }
  return { kind: 'object', name, fields };
}
