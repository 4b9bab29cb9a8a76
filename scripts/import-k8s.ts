import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCommand } from '../lib/cli/args';
import { CompactDefinition, CompactList, CompactSchema } from '../lib/checks/schema-rules';
import { SCHEMA_RELEASES, schemaFileOf } from '../lib/checks/schema-releases';

/**
 * Regenerates `imports/k8s.ts`, `imports/k8s-json.ts` and `imports/k8s-schema-<release>.json`. `cdk8s import k8s` downloads the Kubernetes schema, which
 * this project's machines cannot reach; cdk8s-plus-27 ships the module that command generates for k8s@1.27.0, so the
 * project takes the bindings from there: `k8s.ts` re-exports them, and `k8s-json.ts` is a copy of their `toJson_*`
 * functions (props to Kubernetes JSON) that drops undefined fields with a loop instead of cdk8s' `reduce` that spreads
 * the result once per field, which was a fifth of a large synthesis. `k8s-schema-<release>.json` is the structure of
 * every definition of the OpenAPI document of one release of the Kubernetes API (from the Go module k8s.io/kubernetes,
 * fetched through the Go module proxy), compacted for the `schema` check: one file per release of SCHEMA_RELEASES.
 */

/** The part of an OpenAPI v2 schema object the compact schema keeps. */
export interface SwaggerSchema {
  readonly type?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly items?: SwaggerSchema;
  readonly additionalProperties?: SwaggerSchema | boolean;
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly (string | number)[];
  readonly 'x-kubernetes-group-version-kind'?: readonly { group: string; version: string; kind: string }[];
}

/** An OpenAPI v2 document (`swagger.json`), as far as the compact schema reads it. */
export interface SwaggerDocument {
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  /**
   * The schemas of the release's OpenAPI v3 documents (`api/openapi-spec/v3/*.json`, `components.schemas`, by the same
   * names), which the API server's server-side apply reads: how each list merges, and the defaults of its keys.
   * @default - no list is keyed
   */
  readonly v3?: Readonly<Record<string, OpenApiV3Schema>>;
}

/** The part of an OpenAPI v3 schema object that says how server-side apply merges a list. */
export interface OpenApiV3Schema {
  readonly $ref?: string;
  readonly allOf?: readonly OpenApiV3Schema[];
  readonly items?: OpenApiV3Schema;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, OpenApiV3Schema>>;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-patch-strategy'?: string;
  readonly 'x-kubernetes-patch-merge-key'?: string;
}

const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const PRIMITIVE_FORMATS: Readonly<Record<string, readonly string[]>> = {
  integer: ['int32', 'int64'],
  number: ['double'],
  string: ['byte', 'date-time', 'int-or-string'],
};

/** The compact type of a property: a primitive, a definition with properties, `T[]` or `T{}` (see CompactSchema). */
function compactType(schema: SwaggerSchema, document: SwaggerDocument, where: string): string {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = document.definitions[name];
    if (target === undefined) {
      throw new Error(`${where}: $ref to a missing definition ${name}`);
    }
    if (name === QUANTITY_DEFINITION) {
      return 'quantity';
    }
    return target.properties !== undefined ? name : compactType(target, document, name);
  }
  switch (schema.type) {
    case undefined:
      return 'any';
    case 'array':
      if (schema.items === undefined) {
        throw new Error(`${where}: an array without items`);
      }
      return `${compactType(schema.items, document, `${where}[]`)}[]`;
    case 'object':
      return typeof schema.additionalProperties === 'object'
        ? `${compactType(schema.additionalProperties, document, `${where}{}`)}{}`
        : 'object';
    case 'boolean':
    case 'integer':
    case 'number':
    case 'string':
      if (schema.format === undefined) {
        return schema.type;
      }
      if (!(PRIMITIVE_FORMATS[schema.type] ?? []).includes(schema.format)) {
        throw new Error(`${where}: a format the schema check does not know, ${schema.type} ${schema.format}`);
      }
      return schema.type === 'number' ? 'number' : schema.format;
    default:
      throw new Error(`${where}: a type the schema check does not know, ${schema.type}`);
  }
}

function sortedKeys(record: object): string[] {
  return Object.keys(record).sort();
}

/** The definition a v3 schema names, by `$ref` or a one-item `allOf` (how v3 gives a reference a default). */
function v3Target(schema: OpenApiV3Schema | undefined, v3: Readonly<Record<string, OpenApiV3Schema>>) {
  const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return ref === undefined ? undefined : v3[ref.replace(/^#\/components\/schemas\//, '')];
}

/**
 * How server-side apply merges a list field, as the API server reads its schema (kube-openapi's schemaconv): keyed by
 * `x-kubernetes-list-map-keys` (list type `map`), or by the patch merge key of a list without a list type that merges;
 * a `set` (or a merging list without a key) is keyed by its items; any other list is atomic (undefined here).
 */
function compactList(
  property: OpenApiV3Schema,
  v3: Readonly<Record<string, OpenApiV3Schema>>,
): CompactList | undefined {
  const listType = property['x-kubernetes-list-type'];
  const strategy = property['x-kubernetes-patch-strategy'];
  let keys: readonly string[];
  if (listType === 'map') {
    keys = property['x-kubernetes-list-map-keys'] ?? [];
  } else if (listType === 'set') {
    keys = [];
  } else if (listType === undefined && (strategy === 'merge' || strategy === 'merge,retainKeys')) {
    const key = property['x-kubernetes-patch-merge-key'];
    keys = key === undefined ? [] : [key];
  } else {
    return undefined;
  }
  const item = v3Target(property.items, v3);
  const defaults: Record<string, unknown> = {};
  for (const key of keys) {
    const fallback = item?.properties?.[key]?.default;
    if (fallback !== undefined) {
      defaults[key] = fallback;
    }
  }
  return { keys: [...keys], ...(Object.keys(defaults).length > 0 ? { defaults } : {}) };
}

function compactDefinition(name: string, schema: SwaggerSchema, document: SwaggerDocument): CompactDefinition {
  const properties: Record<string, string> = {};
  const enums: Record<string, readonly (string | number)[]> = {};
  const lists: Record<string, CompactList> = {};
  const v3 = document.v3 ?? {};
  for (const key of sortedKeys(schema.properties ?? {})) {
    const property = schema.properties![key];
    properties[key] = compactType(property, document, `${name}.${key}`);
    if (property.enum !== undefined) {
      enums[key] = property.enum;
    }
    const v3Property = v3[name]?.properties?.[key];
    const list = property.type === 'array' && v3Property !== undefined ? compactList(v3Property, v3) : undefined;
    if (list !== undefined) {
      lists[key] = list;
    }
  }
  return {
    properties,
    ...(schema.required !== undefined && schema.required.length > 0 ? { required: [...schema.required].sort() } : {}),
    ...(Object.keys(enums).length > 0 ? { enums } : {}),
    ...(Object.keys(lists).length > 0 ? { lists } : {}),
  };
}

/**
 * The compact schema of an OpenAPI v2 document: every definition that has properties, with their compact types,
 * required fields, enums and the lists server-side apply merges by key (from the v3 schemas), and the definition of each `apiVersion/kind` of an object; descriptions and the rest
 * dropped. A pure
 * function, so a test can prove the committed file is its output without the network.
 */
export function compactSchema(document: SwaggerDocument, kubernetes: string): CompactSchema {
  const kinds: Record<string, string> = {};
  const definitions: Record<string, CompactDefinition> = {};
  for (const name of sortedKeys(document.definitions)) {
    const schema = document.definitions[name];
    if (schema.properties === undefined) {
      continue;
    }
    definitions[name] = compactDefinition(name, schema, document);
    const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
    // DeleteOptions, WatchEvent and Status name every group version: they are messages of the API, not objects.
    if (gvks.length === 1) {
      const { group, version, kind } = gvks[0];
      kinds[`${group === '' ? version : `${group}/${version}`}/${kind}`] = name;
    }
  }
  const sortedKinds: Record<string, string> = {};
  for (const key of sortedKeys(kinds)) {
    sortedKinds[key] = kinds[key];
  }
  return { kubernetes, kinds: sortedKinds, definitions };
}

/** The compact schema as the committed file holds it: one kind and one definition a line, so a diff reads. */
export function compactSchemaText(schema: CompactSchema): string {
  const lines = (record: Readonly<Record<string, unknown>>): string =>
    Object.entries(record)
      .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(',\n');
  return [
    '{',
    `  "kubernetes": ${JSON.stringify(schema.kubernetes)},`,
    '  "kinds": {',
    lines(schema.kinds),
    '  },',
    '  "definitions": {',
    lines(schema.definitions),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The OpenAPI document of a Go module `k8s.io/kubernetes@<version>`, from the Go module cache (`go mod download` fetches it if needed). */
export function readSwagger(module: string): SwaggerDocument {
  const download = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8', cwd: os.tmpdir() }),
  ) as { Dir?: string; Error?: string };
  if (download.Dir === undefined) {
    throw new Error(`go mod download ${module} failed: ${download.Error ?? 'no Dir'}`);
  }
  const spec = path.join(download.Dir, 'api', 'openapi-spec');
  const document = JSON.parse(fs.readFileSync(path.join(spec, 'swagger.json'), 'utf8')) as SwaggerDocument;
  const v3: Record<string, OpenApiV3Schema> = {};
  for (const file of fs.readdirSync(path.join(spec, 'v3')).sort()) {
    const part = JSON.parse(fs.readFileSync(path.join(spec, 'v3', file), 'utf8')) as {
      components?: { schemas?: Record<string, OpenApiV3Schema> };
    };
    Object.assign(v3, part.components?.schemas);
  }
  return { ...document, v3 };
}

/** The `toJson_*` functions of a cdk8s-generated bindings module (its JavaScript), as TypeScript with the faster filter. */
export function fastToJsonSource(bindings: string): string {
  const functions = [...bindings.matchAll(/^function (toJson_\w+)\(obj\) \{\n([\s\S]*?)\n\}$/gm)];
  if (functions.length === 0) {
    throw new Error('no toJson_* functions found in the bindings module');
  }
  const body = functions.map(([, name, lines]) => {
    const fast = lines
      .replace(
        /^ {4}\/\/ filter undefined values\n {4}return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);$/m,
        '    return definedFields(result);',
      )
      .replace(
        /Object\.entries\((obj\.\w+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.+?) \}\), \{\}\)/g,
        (_match, map: string, value: string) => `mapDefined(${map}, (value) => ${value.replace(/i\[1\]/g, 'value')})`,
      )
      .replace(/\by => /g, '(y: any) => ')
      .replace(/^ +/gm, (indent) => ' '.repeat(indent.length / 2));
    if (fast.includes('reduce(')) {
      throw new Error(`${name}: a reduce the generator does not know how to rewrite:\n${lines}`);
    }
    return `export function ${name}(obj: any): any {\n${fast}\n}`;
  });
  return [
    '// Generated by `npm run import`: do not edit.',
    '// The toJson_* functions of the k8s@1.27.0 bindings that cdk8s-plus-27 ships, filtering undefined fields with a loop.',
    '/* eslint-disable */',
    '',
    '/** The fields of `result` that are not undefined, in their order. */',
    'function definedFields(result: Record<string, any>): Record<string, any> {',
    '  const fields: Record<string, any> = {};',
    '  for (const key of Object.keys(result)) {',
    '    if (result[key] !== undefined) {',
    '      fields[key] = result[key];',
    '    }',
    '  }',
    '  return fields;',
    '}',
    '',
    '/** A map with each defined value mapped, in its order. */',
    'function mapDefined(map: Record<string, any>, convert: (value: any) => any): Record<string, any> {',
    '  const result: Record<string, any> = {};',
    '  for (const key of Object.keys(map)) {',
    '    if (map[key] !== undefined) {',
    '      result[key] = convert(map[key]);',
    '    }',
    '  }',
    '  return result;',
    '}',
    '',
    ...body.map((fn) => `${fn}\n`),
  ].join('\n');
}

function main(): number {
  const plusPackage = JSON.parse(fs.readFileSync(require.resolve('cdk8s-plus-27/package.json'), 'utf8')) as {
    version: string;
  };
  const root = path.join(__dirname, '..');
  const imports = path.join(root, 'imports');
  const reexport = path.join(imports, 'k8s.ts');
  fs.writeFileSync(
    reexport,
    [
      '// Generated by `npm run import`: do not edit.',
      `// Kubernetes 1.27 API bindings (k8s@1.27.0), as generated by \`cdk8s import k8s@1.27.0\` and shipped in cdk8s-plus-27 ${plusPackage.version}.`,
      "export * from 'cdk8s-plus-27/lib/imports/k8s';",
      '',
    ].join('\n'),
  );
  const toJson = path.join(imports, 'k8s-json.ts');
  fs.writeFileSync(
    toJson,
    fastToJsonSource(fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.js'), 'utf8')),
  );
  const schemas = SCHEMA_RELEASES.map(({ release, module }) => {
    const schema = path.join(root, schemaFileOf(release));
    fs.writeFileSync(schema, compactSchemaText(compactSchema(readSwagger(module), module)));
    return schema;
  });
  // The schema of a release no longer listed goes, so that imports/ holds what the list says.
  for (const name of fs.readdirSync(imports).filter((file) => /^k8s-schema.*\.json$/.test(file))) {
    if (!schemas.includes(path.join(imports, name))) {
      fs.rmSync(path.join(imports, name));
    }
  }
  console.log(`wrote ${[reexport, toJson, ...schemas].map((file) => path.relative(process.cwd(), file)).join(', ')}`);
  return 0;
}

if (require.main === module) {
  void runCommand({ command: 'npm run import', environments: [] }, main);
}
