import type { StructuralSchema } from './crd-schema';
import { customResourceProblems } from './crd-schema';
import { Problem } from './finding';
import { compareReleases } from '../config/kubernetes-version';
import { Rule } from './rule';
import { decodeObject } from './schema-rules';

/**
 * What the API server (apiextensions validation, 1.27 to 1.37) refuses of a CustomResourceDefinition version's
 * `openAPIV3Schema` for not being a structural schema it can prune, default and validate by: a type of no known value,
 * no type where one is needed, an object root, an array without items, properties beside additionalProperties,
 * `x-kubernetes-*` extensions at odds with the type, keyed lists whose keys are not their items' scalar fields,
 * `uniqueItems`, a pattern that is no regular expression, and a default its own schema refuses. The OpenAPI shape of the
 * schema (a string where a number goes) is the schema rule's; the CEL rules are crd-rules'.
 */

type Json = Record<string, unknown>;

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const LIST_TYPES = ['atomic', 'set', 'map'];
const MAP_TYPES = ['granular', 'atomic'];
const SCALAR_TYPES = ['boolean', 'integer', 'number', 'string'];
/** The keywords of a value validation (allOf, anyOf, oneOf, not) that only the structural part of a schema may have. */
const STRUCTURAL_ONLY = [
  'type',
  'default',
  'nullable',
  'additionalProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
];

interface Walk {
  readonly crd: string;
  readonly release: string;
  readonly problems: Problem[];
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function refuse(walk: Walk, field: string, value: unknown, why: string, fix: string): void {
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  walk.problems.push({
    message: `CustomResourceDefinition ${walk.crd}: ${field} is ${shown.length > 120 ? `${shown.slice(0, 117)}...` : shown}: ${why}; the API server refuses the definition`,
    fix,
  });
}

/** Whether JavaScript cannot compile a pattern RE2 cannot compile either (RE2's own syntax, `(?i)` and the like, aside). */
function badPattern(pattern: string): string | undefined {
  if (pattern.includes('(?')) {
    return undefined;
  }
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * What the schema rule would say of a schema the CustomResourceDefinition's OpenAPI document types as any (`items`,
 * `additionalProperties`, which may also be an array or a boolean there): a keyword of the wrong type, an unknown one.
 * The schema rule judges the schema at its place in a definition of its own, and the findings are moved to `at`.
 */
function shapeProblems(schema: Json, at: string, walk: Walk): void {
  const root = 'spec.versions[0].schema.openAPIV3Schema';
  const manifest = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'shapes.crd-structure.k8s-course.io' },
    spec: {
      group: 'crd-structure.k8s-course.io',
      scope: 'Namespaced',
      names: { plural: 'shapes', kind: 'Shape' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
  for (const problem of decodeObject({ path: at, manifest }, walk.release).problems) {
    if (problem.message.startsWith(root)) {
      walk.problems.push({
        message: `CustomResourceDefinition ${walk.crd}: ${at}${problem.message.slice(root.length)}; the API server refuses the definition`,
        fix: problem.fix,
      });
    }
  }
}

/** The children of a schema node that are schemas of values: properties, additionalProperties, items. */
function walkChildren(schema: Json, at: string, walk: Walk, valueValidation: boolean): void {
  for (const [name, child] of Object.entries(asObject(schema.properties) ?? {})) {
    walkNode(asObject(child) ?? {}, `${at}.properties[${name}]`, walk, valueValidation);
  }
  const additional = asObject(schema.additionalProperties);
  if (additional !== undefined) {
    shapeProblems(additional, `${at}.additionalProperties`, walk);
    walkNode(additional, `${at}.additionalProperties`, walk, valueValidation);
  } else if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean') {
    refuse(
      walk,
      `${at}.additionalProperties`,
      schema.additionalProperties,
      'it must be a boolean or a schema',
      'write a schema of the values of the map, e.g. { type: string }',
    );
  }
  const items = asObject(schema.items);
  if (items !== undefined) {
    shapeProblems(items, `${at}.items`, walk);
    walkNode(items, `${at}.items`, walk, valueValidation);
  } else if (schema.items !== undefined) {
    refuse(
      walk,
      `${at}.items`,
      schema.items,
      'it must be one schema (an object), the schema of every item',
      'write the schema of the items, e.g. { type: string }',
    );
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const parts = Array.isArray(schema[combinator]) ? (schema[combinator] as unknown[]) : [];
    parts.forEach((part, position) => walkNode(asObject(part) ?? {}, `${at}.${combinator}[${position}]`, walk, true));
  }
  const not = asObject(schema.not);
  if (not !== undefined) {
    walkNode(not, `${at}.not`, walk, true);
  }
}

function walkNode(schema: Json, at: string, walk: Walk, valueValidation: boolean): void {
  const type = typeof schema.type === 'string' ? schema.type : '';
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (valueValidation) {
    for (const keyword of STRUCTURAL_ONLY) {
      if (schema[keyword] !== undefined && !(keyword === 'type' && type === '')) {
        refuse(
          walk,
          `${at}.${keyword}`,
          schema[keyword],
          'it must not be set inside a value validation (allOf, anyOf, oneOf, not)',
          `move it to the schema beside ${at.replace(/\.(allOf|anyOf|oneOf)\[\d+\]$|\.not$/, '')}, or remove it`,
        );
      }
    }
  } else {
    structuralProblems(schema, type, intOrString, preserve, at, walk);
  }
  if (schema.uniqueItems === true) {
    refuse(
      walk,
      `${at}.uniqueItems`,
      true,
      'it cannot be true: checking it is quadratic in the items',
      'remove it; for unique items use x-kubernetes-list-type: set',
    );
  }
  if (typeof schema.pattern === 'string') {
    const why = badPattern(schema.pattern);
    if (why !== undefined) {
      refuse(
        walk,
        `${at}.pattern`,
        schema.pattern,
        `it must be a valid regular expression (${why})`,
        'write a regular expression of RE2 syntax, escaping the characters it gives a meaning',
      );
    }
  }
  walkChildren(schema, at, walk, valueValidation);
}

function structuralProblems(
  schema: Json,
  type: string,
  intOrString: boolean,
  preserve: boolean,
  at: string,
  walk: Walk,
): void {
  if (type !== '' && !TYPES.includes(type)) {
    refuse(
      walk,
      `${at}.type`,
      type,
      `it is one of ${TYPES.join(', ')}${type === 'null' ? ' (for null, set nullable: true)' : ''}`,
      `write one of ${TYPES.join(', ')}`,
    );
  }
  if (type === '' && !intOrString && !preserve) {
    refuse(
      walk,
      `${at}.type`,
      undefined,
      'every field of a structural schema must have a type (unless it is x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields)',
      `set ${at}.type`,
    );
  }
  if (type === 'array' && schema.items === undefined) {
    refuse(
      walk,
      `${at}.items`,
      schema.items,
      'an array must give the schema of its items',
      `set ${at}.items, e.g. { type: string }`,
    );
  }
  if (
    schema.additionalProperties !== undefined &&
    schema.additionalProperties !== false &&
    asObject(schema.properties) !== undefined &&
    Object.keys(asObject(schema.properties)!).length > 0
  ) {
    refuse(
      walk,
      `${at}.additionalProperties`,
      schema.additionalProperties,
      'properties and additionalProperties are mutually exclusive',
      'keep properties (fields of fixed names) or additionalProperties (a map), not both',
    );
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    refuse(walk, `${at}.x-kubernetes-preserve-unknown-fields`, false, 'it must be true or left out', 'remove it');
  }
  if (schema['x-kubernetes-embedded-resource'] === true) {
    if (type !== 'object') {
      refuse(
        walk,
        `${at}.type`,
        schema.type,
        'it must be object where x-kubernetes-embedded-resource is true',
        'write type: object',
      );
    } else if (!preserve && asObject(schema.properties) === undefined) {
      refuse(
        walk,
        `${at}.x-kubernetes-embedded-resource`,
        true,
        'an embedded resource needs properties or x-kubernetes-preserve-unknown-fields: true',
        'give its fields (apiVersion, kind, metadata, ...), or set x-kubernetes-preserve-unknown-fields: true',
      );
    }
  }
  listProblems(schema, type, at, walk);
  if (schema['x-kubernetes-map-type'] !== undefined && !MAP_TYPES.includes(String(schema['x-kubernetes-map-type']))) {
    refuse(
      walk,
      `${at}.x-kubernetes-map-type`,
      schema['x-kubernetes-map-type'],
      `it is one of ${MAP_TYPES.join(', ')}`,
      `write one of ${MAP_TYPES.join(', ')}`,
    );
  }
  if (schema.default !== undefined) {
    defaultProblems(schema, at, walk);
  }
}

function listProblems(schema: Json, type: string, at: string, walk: Walk): void {
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'];
  if (listType !== undefined && !LIST_TYPES.includes(String(listType))) {
    refuse(
      walk,
      `${at}.x-kubernetes-list-type`,
      listType,
      `it is one of ${LIST_TYPES.join(', ')}`,
      `write one of ${LIST_TYPES.join(', ')}`,
    );
    return;
  }
  if (listType !== undefined && type !== 'array') {
    refuse(walk, `${at}.x-kubernetes-list-type`, listType, 'it is for arrays only', 'remove it, or write type: array');
    return;
  }
  const items = asObject(schema.items);
  const itemType = typeof items?.type === 'string' ? items.type : '';
  if (listType === 'map') {
    const names = Array.isArray(keys) ? keys.map(String) : [];
    const properties = asObject(items?.properties) ?? {};
    if (itemType !== 'object') {
      refuse(
        walk,
        `${at}.items.type`,
        items?.type,
        'the items of a list of x-kubernetes-list-type map must be objects',
        'write type: object for its items',
      );
    } else if (names.length === 0) {
      refuse(
        walk,
        `${at}.x-kubernetes-list-map-keys`,
        keys,
        'a list of x-kubernetes-list-type map must name its keys',
        'name the item fields that identify an item, e.g. [name]',
      );
    } else {
      for (const name of names) {
        const key = asObject(properties[name]);
        if (key === undefined) {
          refuse(
            walk,
            `${at}.x-kubernetes-list-map-keys`,
            keys,
            `its entries must all be fields of the items, and ${JSON.stringify(name)} is not`,
            `name fields of the items: ${Object.keys(properties).join(', ')}`,
          );
        } else if (!SCALAR_TYPES.includes(String(key.type)) && key['x-kubernetes-int-or-string'] !== true) {
          refuse(
            walk,
            `${at}.items.properties[${name}].type`,
            key.type,
            'a map key must be a scalar (string, integer, number or boolean)',
            'key the list by a scalar field',
          );
        } else if (key.default === undefined && !(Array.isArray(items?.required) && items.required.includes(name))) {
          refuse(
            walk,
            `${at}.items.properties[${name}].default`,
            undefined,
            'a field of x-kubernetes-list-map-keys must have a default or be required',
            `add ${name} to the required fields of the items, or give it a default`,
          );
        }
      }
    }
  } else if (keys !== undefined) {
    refuse(
      walk,
      `${at}.x-kubernetes-list-map-keys`,
      keys,
      'it is only allowed where x-kubernetes-list-type is map',
      'remove it, or set x-kubernetes-list-type: map',
    );
  }
  if (listType === 'set' && itemType === 'object' && items?.['x-kubernetes-map-type'] !== 'atomic') {
    refuse(
      walk,
      `${at}.items.type`,
      itemType,
      'the items of a list of x-kubernetes-list-type set must be scalars or atomic',
      'make it a list of x-kubernetes-list-type map with keys, or set x-kubernetes-map-type: atomic on its items',
    );
  }
}

/** The release from which an integer's bound that is no integer fails the validation of a default (1.27 takes it). */
const FRACTIONAL_BOUND_REFUSED_SINCE = '1.37';
const INT64 = 2 ** 63;

/**
 * A default the schema it is the default of refuses (its unknown fields, which the server prunes, included), the
 * schema read as the server reads it (`readSchema`). Not judged: a default under an integer of a bound of 1e21 or more
 * (server-side apply stores another number), a default against its CEL rules (which 1.37 runs on it, its fields'
 * defaults not filled in). An integer's bound that is no integer of 64 bits fails 1.37's validation of any default.
 */
function defaultProblems(schema: Json, at: string, walk: Walk): void {
  const read = readSchema(schema) as Json;
  if (read.default === undefined || integerBound(read, (bound) => Math.abs(bound) >= 1e21)) {
    return;
  }
  if (
    compareReleases(walk.release, FRACTIONAL_BOUND_REFUSED_SINCE) >= 0 &&
    integerBound(read, (bound) => !Number.isInteger(bound) || Math.abs(bound) >= INT64)
  ) {
    refuse(
      walk,
      `${at}.default`,
      schema.default,
      'the server cannot validate it: a minimum or maximum of an integer in its schema is no integer of 64 bits',
      'write the bounds of integers as integers from -2^63 to 2^63-1',
    );
    return;
  }
  const wrapper: StructuralSchema = { type: 'object', properties: { default: read as StructuralSchema } };
  const problems = customResourceProblems({ default: read.default }, wrapper, `its schema`, walk.release).filter(
    (problem) => problem.warning !== true && !problem.message.includes('x-kubernetes-validations'),
  );
  for (const problem of problems.slice(0, 1)) {
    refuse(
      walk,
      `${at}.default`,
      schema.default,
      `its own schema refuses it (${problem.message})`,
      'write a default the schema takes, or remove it',
    );
  }
}

/**
 * A copy of a schema as the server validates a default by it: without the keywords written null (Go decodes them as
 * unset), and without a default that is a list of a string of a format, which both servers take (of a duration:
 * gate-fuzz on the crd kinds; a number or an object they refuse), here and where a default of an object would fill it
 * in.
 */
function readSchema(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(readSchema);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const schema = value as Json;
  const formatted = schema.type === 'string' && typeof schema.format === 'string';
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, field]) => field !== null && !(key === 'default' && formatted && Array.isArray(field)))
      .map(([key, field]) => [key, key === 'default' || key === 'enum' ? field : readSchema(field)]),
  );
}

/** Whether an integer of the schema (it, or a field, item or value of it) has a minimum or maximum `bad` says is. */
function integerBound(schema: Json, bad: (bound: number) => boolean): boolean {
  const bounds = [schema.minimum, schema.maximum].filter((bound): bound is number => typeof bound === 'number');
  if (schema.type === 'integer' && bounds.some(bad)) {
    return true;
  }
  const children = [...Object.values(asObject(schema.properties) ?? {}), schema.items, schema.additionalProperties];
  return children.some((child) => asObject(child) !== undefined && integerBound(asObject(child)!, bad));
}

/** The schema of each version, with its path. */
function versionSchemas(spec: Json): { readonly at: string; readonly schema: Json }[] {
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return versions.flatMap((version, position) => {
    const schema = asObject(asObject(asObject(version)?.schema)?.openAPIV3Schema);
    return schema === undefined ? [] : [{ at: `spec.versions[${position}].schema.openAPIV3Schema`, schema }];
  });
}

/** A CustomResourceDefinition whose version schema the API server refuses as not structural. */
export const crdStructure: Rule = {
  id: 'crd-structure',
  description:
    "a CustomResourceDefinition's version schemas are structural: a known type on every field (object at the root), items of every array, properties or additionalProperties, extensions that fit the type, keyed lists keyed by scalar fields of their items, no uniqueItems, patterns that compile, defaults their schema takes",
  kinds: ['CustomResourceDefinition'],
  check(object, context) {
    const crd = String(object.manifest.metadata.name ?? '');
    const spec = asObject((object.manifest as Json).spec) ?? {};
    const walk: Walk = { crd, release: context.kubernetesVersion, problems: [] };
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    versions.forEach((version, position) => {
      const schema = asObject(asObject(asObject(version)?.schema)?.openAPIV3Schema);
      if (schema === undefined) {
        refuse(
          walk,
          `spec.versions[${position}].schema.openAPIV3Schema`,
          undefined,
          'apiextensions.k8s.io/v1 requires a schema of every version',
          'give the version a schema, e.g. { type: object, x-kubernetes-preserve-unknown-fields: true }',
        );
      }
    });
    for (const { at, schema } of versionSchemas(spec)) {
      const untyped =
        schema.type === undefined &&
        schema['x-kubernetes-int-or-string'] !== true &&
        schema['x-kubernetes-preserve-unknown-fields'] !== true;
      if (schema.type !== 'object' && !untyped) {
        refuse(
          walk,
          `${at}.type`,
          schema.type,
          'the root of a schema must be of type object',
          'write type: object at the root',
        );
      }
      walkNode(schema, at, walk, false);
    }
    return walk.problems;
  },
};
