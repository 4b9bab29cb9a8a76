import { ValidationRule, celProblems } from './crd-cel';
import { withDefaults } from './crd-defaults';
import { formatProblem } from './crd-formats';
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
  readonly format?: string;
  readonly allOf?: readonly StructuralSchema[];
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
}

/** One walk of a custom resource through its schema: where findings go, and what the API server would skip. */
interface Walk {
  readonly source: string;
  readonly release: string;
  readonly problems: Problem[];
  /** The findings of CEL rules, which the API server runs only when no blocking finding comes first. */
  readonly rules: Problem[];
  /**
   * Whether a finding so far is of a kind that makes the API server skip the CEL rules (hasBlockingErr: a wrong type,
   * a value outside an enum, a missing required field, too long a string, too many items or fields; and an unknown
   * field, which strict field validation refuses before it validates anything).
   */
  blocking: boolean;
  /** Whether the schema is one of allOf, anyOf, oneOf or not: its properties do not make other fields unknown. */
  readonly inCombinator: boolean;
}

/** The fields every object has beside its schema's: the API server reads them itself. */
const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The problems of a custom resource against the structural schema of the CustomResourceDefinition version it is
 * written in, as the API server validates it with strict field validation (`kubectl apply`'s default), its defaults
 * filled in (lib/checks/crd-defaults.ts): unknown fields
 * (unless the schema keeps unknown fields or gives `additionalProperties`), types (a `null` where the schema does not
 * make the field nullable, which server-side apply refuses), keyed lists (a null item, two items with one key),
 * required fields, enums, numeric bounds, string lengths and patterns, item and property counts, formats
 * (lib/checks/crd-formats.ts), `allOf`/`anyOf`/`oneOf`/`not`, and CEL rules (`x-kubernetes-validations`,
 * lib/checks/crd-cel.ts; skipped, as the server skips them, when a wrong type, enum, required field, length or count
 * comes first), each as the API server of `release` does. What the server also validates and this does not: the
 * metadata of embedded resources. `source` names the definition in each message, e.g.
 * `CustomResourceDefinition widgets.example.com (v1)`.
 */
export function customResourceProblems(
  written: Readonly<Record<string, unknown>>,
  schema: StructuralSchema,
  source: string,
  release: string,
): Problem[] {
  const walk: Walk = { source, release, problems: [], rules: [], blocking: false, inCombinator: false };
  const manifest = withDefaults(written, schema) as Readonly<Record<string, unknown>>;
  const properties = schema.properties ?? {};
  for (const [field, value] of Object.entries(manifest)) {
    if (OBJECT_FIELDS.has(field)) {
      continue;
    }
    const fieldSchema = properties[field] ?? extraFieldSchema(schema);
    if (fieldSchema === undefined) {
      walk.problems.push(unknownField(field, Object.keys(properties), source));
      walk.blocking = true;
    } else {
      validate(value, fieldSchema, field, walk);
    }
  }
  for (const field of schema.required ?? []) {
    if (!OBJECT_FIELDS.has(field) && !(field in manifest)) {
      walk.problems.push(missing(field, source));
      walk.blocking = true;
    }
  }
  combinatorProblems(manifest, schema, '', walk);
  walk.rules.push(...celProblems(manifest, schema, '', source, release, true));
  return walk.blocking
    ? [...walk.problems, ...walk.rules.filter((rule) => rule.warning === true)]
    : [...walk.problems, ...walk.rules];
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

function validate(value: unknown, schema: StructuralSchema, path: string, walk: Walk): void {
  const { source, problems } = walk;
  if (value === null) {
    // A client-side `kubectl apply` drops such a null (a field set to null in its patch is removed); server-side apply
    // sends it, and the API server refuses it ("must be of type ...: null"). A schema without a type takes any value.
    if (schema.nullable !== true && schema.type !== undefined) {
      problems.push({
        message: `${path} is null, which ${source} does not make nullable: server-side apply (npm run apply) refuses it`,
        fix: `remove ${path}, or write a value of type ${schema.type}`,
      });
      walk.blocking = true;
    }
    return;
  }
  const typeProblem = typeMismatch(value, schema);
  if (typeProblem !== undefined) {
    problems.push(wrongType(path, value, typeProblem, source));
    walk.blocking = true;
    return;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    walk.blocking = true;
    problems.push({
      message: `${path} is ${JSON.stringify(value)}, which ${source} does not allow: it allows ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`,
      fix: `write one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`,
    });
  }
  if (typeof value === 'number') {
    numberProblems(value, schema, path, walk);
  } else if (typeof value === 'string') {
    stringProblems(value, schema, path, walk);
  } else if (Array.isArray(value)) {
    countProblems(value.length, schema.minItems, schema.maxItems, 'items', path, walk);
    if (schema.items !== undefined) {
      value.forEach((item, position) => validate(item, schema.items!, `${path}[${position}]`, walk));
    }
    mergedListProblems(value, schema, path, source, problems);
  } else if (typeof value === 'object' && schema['x-kubernetes-embedded-resource'] !== true) {
    objectProblems(value as Record<string, unknown>, schema, path, walk);
  }
  combinatorProblems(value, schema, path, walk);
  if (!walk.inCombinator) {
    walk.rules.push(...celProblems(value, schema, path, source, walk.release));
  }
}

/**
 * What the schema's allOf, anyOf, oneOf and not refuse of a value (value validations only, in a structural schema),
 * as go-openapi reports them: each failed schema of allOf, and one finding for anyOf, oneOf or not.
 */
function combinatorProblems(value: unknown, schema: StructuralSchema, path: string, walk: Walk): void {
  const { allOf, anyOf, oneOf, not } = schema;
  if (allOf === undefined && anyOf === undefined && oneOf === undefined && not === undefined) {
    return;
  }
  const at = path || 'the object';
  for (const part of allOf ?? []) {
    const { problems, blocking } = tryAgainst(value, part, path, walk);
    walk.problems.push(...problems);
    walk.blocking ||= blocking;
  }
  if (anyOf !== undefined) {
    const tries = anyOf.map((part) => tryAgainst(value, part, path, walk));
    if (!tries.some((attempt) => attempt.problems.length === 0)) {
      walk.blocking ||= tries.some((attempt) => attempt.blocking);
      walk.problems.push({
        message: `${at} must validate at least one schema (anyOf) of ${walk.source}, and matches none: ${tries.map((attempt, position) => `${position + 1}. ${attempt.problems.map((problem) => problem.message).join('; ')}`).join(' ')}`,
        fix: `write ${at} so that it meets one of the ${anyOf.length} schemas of its anyOf`,
      });
    }
  }
  if (oneOf !== undefined) {
    const matched = oneOf.filter((part) => tryAgainst(value, part, path, walk).problems.length === 0).length;
    if (matched !== 1) {
      walk.problems.push({
        message: `${at} must validate one and only one schema (oneOf) of ${walk.source}, and matches ${matched === 0 ? 'none' : matched}`,
        fix: `write ${at} so that it meets exactly one of the ${oneOf.length} schemas of its oneOf`,
      });
    }
  }
  if (not !== undefined && tryAgainst(value, not, path, walk).problems.length === 0) {
    walk.problems.push({
      message: `${at} must not validate the schema (not) of ${walk.source}, and does`,
      fix: `write ${at} so that it does not meet the schema of its not`,
    });
  }
}

/** The findings of a value against one schema of a combinator, apart from the walk's. */
function tryAgainst(
  value: unknown,
  schema: StructuralSchema,
  path: string,
  walk: Walk,
): { readonly problems: readonly Problem[]; readonly blocking: boolean } {
  const trial: Walk = { ...walk, problems: [], rules: [], blocking: false, inCombinator: true };
  if (value !== undefined) {
    validate(value, schema, path, trial);
  }
  return { problems: trial.problems, blocking: trial.blocking };
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
  walk: Walk,
): void {
  const { source, problems } = walk;
  const fields = Object.keys(value);
  countProblems(fields.length, schema.minProperties, schema.maxProperties, 'fields', path, walk);
  const properties = schema.properties ?? {};
  for (const field of fields) {
    const at = `${path}.${field}`;
    const fieldSchema = properties[field] ?? extraFieldSchema(schema);
    if (fieldSchema === undefined) {
      // A schema that says nothing of an object's fields (no properties, no type) takes any; so does one of a
      // combinator, which only adds validations to the fields it names.
      if (!walk.inCombinator && (schema.properties !== undefined || schema.type === 'object')) {
        problems.push(unknownField(at, Object.keys(properties), source));
        walk.blocking = true;
      }
    } else {
      validate(value[field], fieldSchema, at, walk);
    }
  }
  for (const field of schema.required ?? []) {
    if (!(field in value)) {
      problems.push(missing(`${path}.${field}`, source));
      walk.blocking = true;
    }
  }
}

function numberProblems(value: number, schema: StructuralSchema, path: string, walk: Walk): void {
  const { source, problems } = walk;
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
  formatProblems(value, schema, path, walk);
}

function stringProblems(value: string, schema: StructuralSchema, path: string, walk: Walk): void {
  const { source, problems } = walk;
  // The API server counts characters (runes), not UTF-16 units.
  countProblems([...value].length, schema.minLength, schema.maxLength, 'characters', path, walk);
  const pattern = schema.pattern === undefined ? undefined : compiled(schema.pattern);
  if (pattern !== undefined && !pattern.test(value)) {
    problems.push({
      message: `${path} is ${JSON.stringify(value)}, which does not match the pattern ${schema.pattern} of ${source}`,
      fix: `write a value that matches ${schema.pattern}`,
    });
  }
  formatProblems(value, schema, path, walk);
}

function formatProblems(value: string | number, schema: StructuralSchema, path: string, walk: Walk): void {
  const wanted =
    schema.format === undefined ? undefined : formatProblem(value, schema.format, schema.type, walk.release);
  if (wanted !== undefined) {
    walk.problems.push({
      message: `${path} is ${JSON.stringify(value)}, which is not ${wanted}: ${walk.source} gives it the format ${schema.format}`,
      fix: `write ${wanted}`,
    });
  }
}

function countProblems(
  count: number,
  min: number | undefined,
  max: number | undefined,
  noun: string,
  path: string,
  walk: Walk,
): void {
  const { source, problems } = walk;
  const counted = count === 1 ? noun.slice(0, -1) : noun;
  if (min !== undefined && count < min) {
    problems.push({
      message: `${path} has ${count} ${counted}; ${source} requires at least ${min}`,
      fix: `give it at least ${min} ${noun}`,
    });
  }
  if (max !== undefined && count > max) {
    // Too long a string, too many items or fields: the API server skips the CEL rules.
    walk.blocking = true;
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
