import * as fs from 'fs';
import * as path from 'path';
import * as k8s from '../../imports/k8s';
import { SCHEMA_RELEASES, schemaFileOf } from '../../lib/checks/schema-releases';
import { CompactSchema } from '../../lib/checks/schema-rules';
import { SwaggerDocument, compactSchema, compactSchemaText, fastToJsonSource } from '../../scripts/import-k8s';

const BINDINGS_JS = require.resolve('cdk8s-plus-27/lib/imports/k8s.js');
const ROOT = path.join(__dirname, '..', '..');
const KUBERNETES_MODULE = 'k8s.io/kubernetes@v1.27.16';

/** A small OpenAPI document with one of each thing the compact schema keeps. */
const SWAGGER: SwaggerDocument = {
  definitions: {
    'io.k8s.api.core.v1.Service': {
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: { $ref: '#/definitions/io.k8s.api.core.v1.ServiceSpec' },
      },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Service' }],
    },
    'io.k8s.api.core.v1.ServiceSpec': {
      required: ['ports', 'clusterIP'],
      properties: {
        type: { type: 'string', enum: ['ClusterIP', 'NodePort'] },
        clusterIP: { type: 'string' },
        ports: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.ServicePort' } },
        selector: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        anything: { type: 'object' },
        weight: { type: 'number', format: 'double' },
        since: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
        raw: { $ref: '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension' },
        json: { $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON' },
        data: { type: 'string', format: 'byte' },
        enabled: { type: 'boolean' },
        size: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
      },
    },
    'io.k8s.api.core.v1.ServicePort': {
      required: ['port'],
      properties: {
        port: { type: 'integer', format: 'int32' },
        limit: { type: 'integer', format: 'int64' },
        count: { type: 'integer' },
        targetPort: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
      },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { properties: { name: { type: 'string' } } },
    'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
    'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
      properties: { kind: { type: 'string' } },
      'x-kubernetes-group-version-kind': [
        { group: '', version: 'v1', kind: 'DeleteOptions' },
        { group: 'apps', version: 'v1', kind: 'DeleteOptions' },
      ],
    },
  },
};

/** Every definition a compact type names. */
function referencedDefinitions(type: string): string[] {
  const base = type.replace(/(\[\]|\{\})+$/, '');
  return base.includes('.') ? [base] : [];
}

describe('npm run import', () => {
  it('compacts an OpenAPI document: types, references, lists, maps, required fields, enums and kinds', () => {
    const schema = compactSchema(SWAGGER, KUBERNETES_MODULE);
    expect(schema.kubernetes).toBe('k8s.io/kubernetes@v1.27.16');
    expect(schema.kinds).toEqual({ 'v1/Service': 'io.k8s.api.core.v1.Service' });
    expect(Object.keys(schema.definitions)).toEqual([
      'io.k8s.api.core.v1.Service',
      'io.k8s.api.core.v1.ServicePort',
      'io.k8s.api.core.v1.ServiceSpec',
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    ]);
    expect(schema.definitions['io.k8s.api.core.v1.ServiceSpec']).toEqual({
      properties: {
        anything: 'object',
        clusterIP: 'string',
        data: 'byte',
        enabled: 'boolean',
        extra: 'string[]{}',
        json: 'any',
        ports: 'io.k8s.api.core.v1.ServicePort[]',
        raw: 'object',
        selector: 'string{}',
        since: 'date-time',
        size: 'quantity',
        type: 'string',
        weight: 'number',
      },
      required: ['clusterIP', 'ports'],
      enums: { type: ['ClusterIP', 'NodePort'] },
    });
    expect(schema.definitions['io.k8s.api.core.v1.ServicePort']).toEqual({
      properties: { count: 'integer', limit: 'int64', port: 'int32', targetPort: 'int-or-string' },
      required: ['port'],
    });
    expect(schema.definitions['io.k8s.api.core.v1.Service'].properties.metadata).toBe(
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );
  });

  it('records the lists server-side apply merges by key, as the v3 schemas say, with the defaults of their keys', () => {
    const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/io.k8s.api.core.v1.${name}` }] });
    const document: SwaggerDocument = {
      definitions: {
        ...SWAGGER.definitions,
        'io.k8s.api.core.v1.ServiceSpec': {
          properties: {
            ports: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.ServicePort' } },
            names: { type: 'array', items: { type: 'string' } },
            tags: { type: 'array', items: { type: 'string' } },
            hosts: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.ServicePort' } },
            args: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      v3: {
        'io.k8s.api.core.v1.ServiceSpec': {
          properties: {
            ports: {
              items: ref('ServicePort'),
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['port', 'protocol'],
            },
            names: { 'x-kubernetes-list-type': 'set' },
            tags: { 'x-kubernetes-patch-strategy': 'merge' },
            hosts: {
              items: ref('ServicePort'),
              'x-kubernetes-patch-strategy': 'merge',
              'x-kubernetes-patch-merge-key': 'port',
            },
            args: { 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-patch-strategy': 'merge' },
          },
        },
        'io.k8s.api.core.v1.ServicePort': { properties: { protocol: { default: 'TCP' }, port: {} } },
      },
    };
    expect(compactSchema(document, KUBERNETES_MODULE).definitions['io.k8s.api.core.v1.ServiceSpec'].lists).toEqual({
      ports: { keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } },
      names: { keys: [] },
      tags: { keys: [] },
      hosts: { keys: ['port'] },
    });
    // Without v3 schemas, every list is atomic.
    expect(
      compactSchema(SWAGGER, KUBERNETES_MODULE).definitions['io.k8s.api.core.v1.ServiceSpec'].lists,
    ).toBeUndefined();
  });

  it('writes the compact schema one kind and one definition a line, in a stable order', () => {
    const text = compactSchemaText(compactSchema(SWAGGER, KUBERNETES_MODULE));
    expect(text.split('\n')).toContain(
      '    "io.k8s.api.core.v1.ServicePort": {"properties":{"count":"integer","limit":"int64","port":"int32","targetPort":"int-or-string"},"required":["port"]},',
    );
    expect(JSON.parse(text)).toEqual(compactSchema(SWAGGER, KUBERNETES_MODULE));
    expect(compactSchemaText(compactSchema(JSON.parse(JSON.stringify(SWAGGER)), KUBERNETES_MODULE))).toBe(text);
  });

  it('writes the same text whatever the order of the definitions, properties and required fields it reads', () => {
    const text = compactSchemaText(compactSchema(SWAGGER, KUBERNETES_MODULE));
    const reversed = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
      Object.fromEntries(Object.entries(record).reverse());
    const shuffled: SwaggerDocument = {
      definitions: reversed(
        Object.fromEntries(
          Object.entries(SWAGGER.definitions).map(([name, schema]) => [
            name,
            {
              ...schema,
              ...(schema.properties === undefined ? {} : { properties: reversed(schema.properties) }),
              ...(schema.required === undefined ? {} : { required: [...schema.required].reverse() }),
            },
          ]),
        ),
      ),
    };
    expect(Object.keys(shuffled.definitions)[0]).not.toBe(Object.keys(SWAGGER.definitions)[0]);
    expect(compactSchemaText(compactSchema(shuffled, KUBERNETES_MODULE))).toBe(text);
  });

  it('refuses a type, a format or a reference it does not know, naming the field', () => {
    const document = (property: object): SwaggerDocument => ({
      definitions: { 'x.Thing': { properties: { field: property } } },
    });
    expect(() => compactSchema(document({ type: 'string', format: 'uuid' }), KUBERNETES_MODULE)).toThrow(
      'x.Thing.field: a format the schema check does not know, string uuid',
    );
    expect(() => compactSchema(document({ type: 'tuple' }), KUBERNETES_MODULE)).toThrow(
      'x.Thing.field: a type the schema check does not know, tuple',
    );
    expect(() => compactSchema(document({ $ref: '#/definitions/x.Gone' }), KUBERNETES_MODULE)).toThrow(
      'x.Thing.field: $ref to a missing definition x.Gone',
    );
  });

  it('has written one schema file per release of SCHEMA_RELEASES, and no other', () => {
    const files = fs.readdirSync(path.join(ROOT, 'imports')).filter((file) => file.startsWith('k8s-schema'));
    expect(files.map((file) => `imports/${file}`).sort()).toEqual(
      SCHEMA_RELEASES.map(({ release }) => schemaFileOf(release)).sort(),
    );
  });

  describe.each(SCHEMA_RELEASES)('the committed schema of Kubernetes $release', ({ release, module }) => {
    const text = fs.readFileSync(path.join(ROOT, schemaFileOf(release)), 'utf8');
    const schema = JSON.parse(text) as CompactSchema;

    it('is laid out as compactSchemaText writes it (test/lint/k8s-schema.test.ts compares it with swagger.json)', () => {
      expect(schema.kubernetes).toBe(module);
      expect(module).toMatch(new RegExp(`^k8s\\.io/kubernetes@v${release.replace('.', '\\.')}\\.\\d+$`));
      expect(compactSchemaText(schema)).toBe(text);
    });

    it('names only definitions it holds', () => {
      const types = [
        ...Object.values(schema.kinds),
        ...Object.values(schema.definitions).flatMap((definition) => Object.values(definition.properties)),
      ];
      const missing = types.flatMap(referencedDefinitions).filter((name) => schema.definitions[name] === undefined);
      expect(missing).toEqual([]);
    });

    it("holds Kubernetes' own field names and types", () => {
      const spec = schema.definitions[schema.kinds['v1/Service']].properties.spec;
      expect(schema.definitions[spec].properties).toMatchObject({ clusterIP: 'string', type: 'string' });
      expect(schema.definitions['io.k8s.api.core.v1.ServicePort'].properties.targetPort).toBe('int-or-string');
      expect(schema.definitions['io.k8s.api.apps.v1.DeploymentSpec']).toMatchObject({
        properties: { replicas: 'int32', template: 'io.k8s.api.core.v1.PodTemplateSpec' },
        required: ['selector', 'template'],
      });
      expect(schema.definitions['io.k8s.api.core.v1.ResourceRequirements'].properties.limits).toBe('quantity{}');
    });

    it('stays small: it is read at every synthesis of an environment of its release', () => {
      expect(text.length).toBeLessThan(240_000);
      // Descriptions are prose; every string the compact schema keeps is a name or a type.
      const strings = JSON.stringify(schema).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
      expect(strings.filter((string) => string.includes(' '))).toEqual([]);
    });
  });

  it('describes in the 1.27 schema every kind of the bindings in imports/k8s (k8s@1.27.0)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, schemaFileOf('1.27')), 'utf8')) as CompactSchema;
    const gvks = Object.values(k8s)
      .map((value) => (value as { GVK?: { apiVersion: string; kind: string } }).GVK)
      .filter((gvk) => gvk !== undefined)
      .map((gvk) => `${gvk.apiVersion}/${gvk.kind}`)
      // Status, like DeleteOptions, names several group versions: a message of the API, not an object.
      .filter((gvk) => gvk !== 'v1/Status');
    expect(gvks.length).toBeGreaterThan(100);
    expect(gvks.filter((gvk) => schema.kinds[gvk] === undefined)).toEqual([]);
  });

  it('holds in the 1.37 schema what 1.37 changed: fields added and removed, kinds added', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, schemaFileOf('1.37')), 'utf8')) as CompactSchema;
    expect(schema.definitions['io.k8s.api.core.v1.ServiceSpec'].properties.trafficDistribution).toBe('string');
    expect(schema.definitions['io.k8s.api.core.v1.PersistentVolumeClaimSpec'].properties.resources).toBe(
      'io.k8s.api.core.v1.VolumeResourceRequirements',
    );
    expect(schema.definitions['io.k8s.api.networking.v1.NetworkPolicy'].properties.status).toBeUndefined();
    expect(schema.kinds['storage.k8s.io/v1/VolumeAttributesClass']).toBe('io.k8s.api.storage.v1.VolumeAttributesClass');
    expect(schema.kinds['flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema']).toBeUndefined();
  });

  it('has written imports/k8s-json.ts from the installed cdk8s-plus-27 (run `npm run import` if not)', () => {
    const expected = fastToJsonSource(fs.readFileSync(BINDINGS_JS, 'utf8'));
    expect(fs.readFileSync(path.join(ROOT, 'imports', 'k8s-json.ts'), 'utf8')).toBe(expected);
  });

  it('rewrites the undefined filters of a binding function into loops, keeping the field mapping', () => {
    const js = [
      'function toJson_Thing(obj) {',
      '    if (obj === undefined) {',
      '        return undefined;',
      '    }',
      '    const result = {',
      "        'clusterIP': obj.clusterIp,",
      "        'limits': ((obj.limits) === undefined) ? undefined : (Object.entries(obj.limits).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1]?.value }), {})),",
      "        'ports': obj.ports?.map(y => toJson_Port(y)),",
      '    };',
      '    // filter undefined values',
      '    return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});',
      '}',
    ].join('\n');
    const ts = fastToJsonSource(js);
    expect(ts).toContain('export function toJson_Thing(obj: any): any {');
    expect(ts).toContain("'clusterIP': obj.clusterIp,");
    expect(ts).toContain(
      "'limits': ((obj.limits) === undefined) ? undefined : (mapDefined(obj.limits, (value) => value?.value)),",
    );
    expect(ts).toContain("'ports': obj.ports?.map((y: any) => toJson_Port(y)),");
    expect(ts).toContain('  return definedFields(result);');
    expect(ts).not.toContain('reduce(');
  });

  it('fails on a reduce it does not know how to rewrite, naming the function', () => {
    const js = ['function toJson_Odd(obj) {', '    return [obj].reduce((a, b) => a + b, 0);', '}'].join('\n');
    expect(() => fastToJsonSource(js)).toThrow('toJson_Odd: a reduce the generator does not know how to rewrite');
  });

  it('fails when the module holds no toJson functions', () => {
    expect(() => fastToJsonSource('exports.x = 1;')).toThrow('no toJson_* functions found in the bindings module');
  });
});
