import * as kplus from 'cdk8s-plus-27';
import {
  CustomResourceDefinition,
  CustomResourceDefinitionProps,
  OpenApiSchema,
  PrinterColumnType,
} from '../../lib/constructs/custom-resource-definition';
import { find, renderedTestChart, testChart } from '../helpers';

const SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: { size: { type: 'integer', minimum: 1, default: 1 } },
      'x-kubernetes-validations': [{ rule: 'self.size <= 10', message: 'at most 10' }],
    },
  },
};

const props = (overrides: Partial<CustomResourceDefinitionProps> = {}): CustomResourceDefinitionProps => ({
  group: 'example.com',
  kind: 'Widget',
  versions: [{ name: 'v1', schema: SCHEMA }],
  ...overrides,
});

describe('CustomResourceDefinition', () => {
  it('is named <plural>.<group>, namespaced, its only version served and stored, its schema written unchanged', () => {
    const manifests = renderedTestChart((chart) => new CustomResourceDefinition(chart, 'widgets', props()));
    const crd = find(manifests, 'CustomResourceDefinition', 'widgets.example.com');
    expect(crd.metadata.namespace).toBeUndefined();
    expect(crd.spec).toEqual({
      group: 'example.com',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: SCHEMA } }],
    });
  });

  it('writes names, the status subresource and printer columns', () => {
    const manifests = renderedTestChart(
      (chart) =>
        new CustomResourceDefinition(
          chart,
          'gizmos',
          props({
            kind: 'Gizmo',
            plural: 'gizmoes',
            shortNames: ['gz'],
            categories: ['all'],
            versions: [
              {
                name: 'v1',
                schema: SCHEMA,
                storage: true,
                statusSubresource: true,
                printerColumns: [
                  { name: 'Size', type: PrinterColumnType.INTEGER, jsonPath: '.spec.size', priority: 1 },
                ],
              },
              { name: 'v1beta1', schema: SCHEMA, served: false, storage: false },
            ],
          }),
        ),
    );
    const crd = find(manifests, 'CustomResourceDefinition', 'gizmoes.example.com').spec;
    expect(crd.names).toEqual({
      kind: 'Gizmo',
      listKind: 'GizmoList',
      plural: 'gizmoes',
      singular: 'gizmo',
      shortNames: ['gz'],
      categories: ['all'],
    });
    expect(crd.versions[0]).toMatchObject({
      storage: true,
      subresources: { status: {} },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size', priority: 1 }],
    });
    expect(crd.versions[1]).toMatchObject({ name: 'v1beta1', served: false, storage: false });
  });

  it('is a resource of RBAC rules, and its status subresource too', () => {
    let role: kplus.ClusterRole | undefined;
    const manifests = renderedTestChart((chart) => {
      const crd = new CustomResourceDefinition(chart, 'widgets', props());
      role = new kplus.ClusterRole(chart, 'role', { metadata: { name: 'widget-controller' } });
      role.allow(['get', 'watch'], crd.resource);
      role.allow(['update'], crd.statusResource);
    });
    expect(role).toBeDefined();
    expect(find(manifests, 'ClusterRole', 'widget-controller').rules).toEqual([
      { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'watch'] },
      { apiGroups: ['example.com'], resources: ['widgets/status'], verbs: ['update'] },
    ]);
  });

  it.each(['example', 'Example.com'])('fails for a group that is no domain with a dot: %s', (group) => {
    expect(() => new CustomResourceDefinition(testChart(), 'widgets', props({ group }))).toThrow(
      `test/widgets: group must be a domain with at least one dot (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'), got "${group}"; write a domain the team owns, e.g. "${group.toLowerCase()}.example.com"`,
    );
  });

  it('fails unless exactly one version is stored', () => {
    const versions = [
      { name: 'v1', schema: SCHEMA },
      { name: 'v2', schema: SCHEMA },
    ];
    expect(() => new CustomResourceDefinition(testChart(), 'widgets', props({ versions }))).toThrow(
      'test/widgets: versions must have exactly one stored version (storage: true), got 0 (v1: storage false, v2: storage false); set storage: true on the version objects are kept in, and false on the others',
    );
  });

  it('fails for a printer column of an unknown type', () => {
    const versions = [
      {
        name: 'v1',
        schema: SCHEMA,
        printerColumns: [{ name: 'Size', type: 'int' as PrinterColumnType, jsonPath: '.spec.size' }],
      },
    ];
    expect(() => new CustomResourceDefinition(testChart(), 'widgets', props({ versions }))).toThrow(
      'test/widgets: versions[0].printerColumns[0].type must be one of "string", "integer", "number", "boolean", "date", got "int" (a string)',
    );
  });

  it('fails for a schema that is no JSON value', () => {
    const schema = { type: 'object', default: new Date(0) } as unknown as OpenApiSchema;
    expect(
      () => new CustomResourceDefinition(testChart(), 'widgets', props({ versions: [{ name: 'v1', schema }] })),
    ).toThrow(
      'test/widgets: versions[0].schema.default must be a JSON value (an object, list, string, number, true, false or null), got ',
    );
  });
});
