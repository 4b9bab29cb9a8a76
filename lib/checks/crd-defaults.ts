import type { StructuralSchema } from './crd-schema';

/**
 * A custom resource as the API server validates it: with the `default`s of its schema filled in where a field is left
 * out (structural defaulting, which runs before validation, so a required field with a default is never missing), into
 * defaulted values too. The value itself when the schema has no default, which is the common case and costs a lookup.
 */
export function withDefaults(value: unknown, schema: StructuralSchema): unknown {
  return hasDefaults(schema) ? defaulted(value, schema) : value;
}

/** Whether each schema met has a default anywhere in it, computed once per schema. */
const HAS_DEFAULTS = new WeakMap<StructuralSchema, boolean>();

function hasDefaults(schema: StructuralSchema): boolean {
  let found = HAS_DEFAULTS.get(schema);
  if (found === undefined) {
    const additional = typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
    const children = [
      ...Object.values(schema.properties ?? {}),
      ...(schema.items ? [schema.items] : []),
      ...additional,
    ];
    found = schema.default !== undefined || children.some(hasDefaults);
    HAS_DEFAULTS.set(schema, found);
  }
  return found;
}

function defaulted(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (schema === undefined || !hasDefaults(schema) || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => defaulted(item, schema.items));
  }
  const fields: Record<string, unknown> = {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    fields[field] = defaulted(fieldValue, schema.properties?.[field] ?? additional);
  }
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    if (!(field in fields) && fieldSchema.default !== undefined) {
      fields[field] = defaulted(structuredClone(fieldSchema.default), fieldSchema);
    }
  }
  return fields;
}
