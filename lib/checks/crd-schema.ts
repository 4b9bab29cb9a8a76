import { Problem } from './finding';

/** The part of a CustomResourceDefinition's `openAPIV3Schema` (a structural schema) the API server validates by. */
export interface StructuralSchema {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly default?: unknown;
}

/** The fields every object has beside its schema's: the API server reads them itself. */
const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The problems of a custom resource against the structural schema of the CustomResourceDefinition version it is
 * written in, as the API server validates it with strict field validation (`kubectl apply`'s default): unknown fields
 * (unless the schema keeps unknown fields or gives `additionalProperties`), types (a `null` where the schema does not
 * make the field nullable, which server-side apply refuses), keyed lists (a null item, two items with one key),
 * required fields, enums, numeric bounds, string lengths and patterns, item and property counts. What the server also
 * validates and this does not: `format`, `allOf`/`anyOf`/`oneOf`/`not`, CEL rules (`x-kubernetes-validations`), and
 * the metadata of embedded resources. `source` names the definition in each message, e.g.
 * `CustomResourceDefinition widgets.example.com (v1)`.
 */
export function customResourceProblems(
  manifest: Readonly<Record<string, unknown>>,
  schema: StructuralSchema,
  source: string,
): Problem[] {
  const problems: Problem[] = [];
  const properties = schema.properties ?? {};
  for (const [field, value] of Object.entries(manifest)) {
    if (OBJECT_FIELDS.has(field)) {
      continue;
    }
    const fieldSchema = properties[field] ?? extraFieldSchema(schema);
    if (fieldSchema === undefined) {
      problems.push(unknownField(field, Object.keys(properties), source));
    } else {
      validate(value, fieldSchema, field, source, problems);
    }
  }
  for (const field of schema.required ?? []) {
    if (!OBJECT_FIELDS.has(field) && !(field in manifest)) {
      problems.push(missing(field, source));
    }
  }
  return problems;
}

/** The schema of a field a schema does not list: its additionalProperties, any value where it keeps unknown fields. */
function extraFieldSchema(schema: StructuralSchema): StructuralSchema | undefined {
  if (typeof schema.additionalProperties === 'object') {
    return schema.additionalProperties;
  }
  return schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'] === true
    ? {}
    : undefined;
}

function validate(value: unknown, schema: StructuralSchema, path: string, source: string, problems: Problem[]): void {
  if (value === null) {
    // A client-side `kubectl apply` drops such a null (a field set to null in its patch is removed); server-side apply
    // sends it, and the API server refuses it ("must be of type ...: null"). A schema without a type takes any value.
    if (schema.nullable !== true && schema.type !== undefined) {
      problems.push({
        message: `${path} is null, which ${source} does not make nullable: server-side apply (npm run apply) refuses it`,
        fix: `remove ${path}, or write a value of type ${schema.type}`,
      });
    }
    return;
  }
  const typeProblem = typeMismatch(value, schema);
  if (typeProblem !== undefined) {
    problems.push(wrongType(path, value, typeProblem, source));
    return;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    problems.push({
      message: `${path} is ${JSON.stringify(value)}, which ${source} does not allow: it allows ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`,
      fix: `write one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`,
    });
  }
  if (typeof value === 'number') {
    numberProblems(value, schema, path, source, problems);
  } else if (typeof value === 'string') {
    stringProblems(value, schema, path, source, problems);
  } else if (Array.isArray(value)) {
    countProblems(value.length, schema.minItems, schema.maxItems, 'items', path, source, problems);
    if (schema.items !== undefined) {
      value.forEach((item, position) => validate(item, schema.items!, `${path}[${position}]`, source, problems));
    }
    mergedListProblems(value, schema, path, source, problems);
  } else if (typeof value === 'object' && schema['x-kubernetes-embedded-resource'] !== true) {
    objectProblems(value as Record<string, unknown>, schema, path, source, problems);
  }
}

/**
 * What server-side apply (npm run apply) refuses of a list the schema merges by key (`x-kubernetes-list-type` `map`
 * or `set`), besides a null item (validate's): two items with one key (a key field left out counts with its default).
 */
function mergedListProblems(
  items: readonly unknown[],
  schema: StructuralSchema,
  path: string,
  source: string,
  problems: Problem[],
): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== 'map' && listType !== 'set') {
    return;
  }
  const keys = listType === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []) : [];
  const seen = new Map<string, number>();
  items.forEach((item, position) => {
    if (item === null) {
      // validate() reports it: the API server does not let the items of a keyed list be nullable.
      return;
    }
    const key =
      keys.length === 0
        ? JSON.stringify(item)
        : keys
            .map((field) => {
              const written = (item as Record<string, unknown>)[field];
              return `${field}=${JSON.stringify(written === undefined ? schema.items?.properties?.[field]?.default : written)}`;
            })
            .join(',');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, position);
    } else {
      problems.push({
        message: `${path}[${position}] has the key of item ${first} (${key}), in a list ${source} merges by key: server-side apply (npm run apply) refuses two items with one key`,
        fix:
          keys.length === 0
            ? 'remove the repeated item'
            : `merge the two items, or give each its own ${keys.join(' and ')}`,
      });
    }
  });
}

function objectProblems(
  value: Readonly<Record<string, unknown>>,
  schema: StructuralSchema,
  path: string,
  source: string,
  problems: Problem[],
): void {
  const fields = Object.keys(value);
  countProblems(fields.length, schema.minProperties, schema.maxProperties, 'fields', path, source, problems);
  const properties = schema.properties ?? {};
  for (const field of fields) {
    const at = `${path}.${field}`;
    const fieldSchema = properties[field] ?? extraFieldSchema(schema);
    if (fieldSchema === undefined) {
      // A schema that says nothing of an object's fields (no properties, no type) takes any.
      if (schema.properties !== undefined || schema.type === 'object') {
        problems.push(unknownField(at, Object.keys(properties), source));
      }
    } else {
      validate(value[field], fieldSchema, at, source, problems);
    }
  }
  for (const field of schema.required ?? []) {
    if (!(field in value)) {
      problems.push(missing(`${path}.${field}`, source));
    }
  }
}

function numberProblems(
  value: number,
  schema: StructuralSchema,
  path: string,
  source: string,
  problems: Problem[],
): void {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && (value < minimum || (schema.exclusiveMinimum === true && value === minimum))) {
    const bound = schema.exclusiveMinimum === true ? `more than ${minimum}` : `at least ${minimum}`;
    problems.push({
      message: `${path} is ${value}; ${source} requires ${bound}`,
      fix: `write a value ${bound}`,
    });
  }
  if (maximum !== undefined && (value > maximum || (schema.exclusiveMaximum === true && value === maximum))) {
    const bound = schema.exclusiveMaximum === true ? `less than ${maximum}` : `at most ${maximum}`;
    problems.push({
      message: `${path} is ${value}; ${source} requires ${bound}`,
      fix: `write a value ${bound}`,
    });
  }
}

function stringProblems(
  value: string,
  schema: StructuralSchema,
  path: string,
  source: string,
  problems: Problem[],
): void {
  // The API server counts characters (runes), not UTF-16 units.
  countProblems([...value].length, schema.minLength, schema.maxLength, 'characters', path, source, problems);
  const pattern = schema.pattern === undefined ? undefined : compiled(schema.pattern);
  if (pattern !== undefined && !pattern.test(value)) {
    problems.push({
      message: `${path} is ${JSON.stringify(value)}, which does not match the pattern ${schema.pattern} of ${source}`,
      fix: `write a value that matches ${schema.pattern}`,
    });
  }
}

function countProblems(
  count: number,
  min: number | undefined,
  max: number | undefined,
  noun: string,
  path: string,
  source: string,
  problems: Problem[],
): void {
  const counted = count === 1 ? noun.slice(0, -1) : noun;
  if (min !== undefined && count < min) {
    problems.push({
      message: `${path} has ${count} ${counted}; ${source} requires at least ${min}`,
      fix: `give it at least ${min} ${noun}`,
    });
  }
  if (max !== undefined && count > max) {
    problems.push({
      message: `${path} has ${count} ${counted}; ${source} allows at most ${max}`,
      fix: `give it at most ${max} ${noun}`,
    });
  }
}

/** The patterns of the schemas met, compiled once; undefined for one JavaScript cannot read (the server's is RE2). */
const PATTERNS = new Map<string, RegExp | undefined>();

function compiled(pattern: string): RegExp | undefined {
  if (!PATTERNS.has(pattern)) {
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      regex = undefined;
    }
    PATTERNS.set(pattern, regex);
  }
  return PATTERNS.get(pattern);
}

/** What the value should have been when it is not of the schema's type; undefined when it is. */
function typeMismatch(value: unknown, schema: StructuralSchema): string | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) {
    return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))
      ? undefined
      : 'an integer or a string';
  }
  switch (schema.type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? undefined : 'an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'a list';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer';
    case 'number':
      return typeof value === 'number' ? undefined : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    default:
      return undefined;
  }
}

function wrongType(path: string, value: unknown, expected: string, source: string): Problem {
  return {
    message: `${path} is ${describe(value)}; ${source} gives it the type ${expected}`,
    fix: `write ${expected}`,
  };
}

function unknownField(path: string, known: readonly string[], source: string): Problem {
  return {
    message: `${path} is a field ${source} does not know; the API server refuses it (strict field validation)`,
    fix:
      known.length === 0
        ? 'remove it'
        : `remove it, or write one of the fields it knows: ${[...known].sort().join(', ')}`,
  };
}

function missing(path: string, source: string): Problem {
  return { message: `${path} is missing; ${source} requires it`, fix: `set ${path}` };
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'an object' : `${JSON.stringify(value)} (${typeof value})`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
