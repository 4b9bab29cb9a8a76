import { customResourceKind, customResourceSchema } from '../../lib/checks/custom-resources';
import { expectAgreement, gateVerdicts, serverVerdict } from './gate';
import { AnyManifest } from '../helpers';
import { kubectl, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The custom-resource checks against a real API server: a CustomResourceDefinition is created on it, and each custom
 * resource below is sent with `kubectl apply --dry-run=server --validate=strict`. The server refuses exactly those the
 * gate refuses, and its refusal names the field the gate's finding names.
 */
const RELEASE = serverRelease();
const GROUP = 'e2e.k8s-course.io';
const CRD_NAME = `gadgets.${GROUP}`;

const CRD: AnyManifest = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  tags: { type: 'array', items: { type: 'string', maxLength: 3 }, maxItems: 2 },
                  name: { type: 'string', pattern: '^[a-z]+$', minLength: 2, maxLength: 5 },
                  free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1 },
                  port: { 'x-kubernetes-int-or-string': true },
                  note: { type: 'string', nullable: true },
                  enabled: { type: 'boolean' },
                  rules: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['host', 'protocol'],
                    items: {
                      type: 'object',
                      required: ['host'],
                      properties: { host: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } },
                    },
                  },
                  zones: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

function gadget(spec: unknown, apiVersion = `${GROUP}/v1`, kind = 'Gadget'): AnyManifest {
  return { apiVersion, kind, metadata: { name: 'g1', namespace: 'default' }, spec };
}

/** [what, the custom resource, the field the server's refusal and the gate's finding name (undefined: accepted)]. */
const CASES: readonly [string, AnyManifest, string | undefined][] = [
  [
    'every field as the schema gives it',
    gadget({
      size: 3,
      ratio: 0.5,
      color: 'red',
      tags: ['a', 'bc'],
      name: 'ab',
      free: { any: [1] },
      labels: { team: 'x' },
      port: 'http',
      note: null,
      enabled: true,
    }),
    undefined,
  ],
  ['an int-or-string as an integer', gadget({ size: 10, port: 8080 }), undefined],
  ['an unknown field', gadget({ size: 1, colour: 'red' }), 'spec.colour'],
  ['an unknown top-level field', { ...gadget({ size: 1 }), extra: 1 }, 'extra'],
  ['a string for an integer', gadget({ size: '3' }), 'spec.size'],
  ['a fraction for an integer', gadget({ size: 2.5 }), 'spec.size'],
  ['a string for a boolean', gadget({ size: 1, enabled: 'yes' }), 'spec.enabled'],
  // A client-side apply drops it; server-side apply (npm run apply) sends it, and the server refuses it.
  ['null for a field that is not nullable', gadget({ size: 1, color: null }), 'spec.color'],
  ['a null in a list of items that are not nullable', gadget({ size: 1, tags: [null] }), 'spec.tags[0]'],
  ['two items of a keyed list with one key', gadget({ size: 1, rules: [{ host: 'a' }, { host: 'a' }] }), 'spec.rules'],
  ['two items of a set alike', gadget({ size: 1, zones: ['a', 'a'] }), 'spec.zones'],
  ['a null item of a keyed list', gadget({ size: 1, rules: [null] }), 'spec.rules'],
  [
    'items of a keyed list with keys of their own',
    gadget({ size: 1, rules: [{ host: 'a' }, { host: 'a', protocol: 'UDP' }] }),
    undefined,
  ],
  ['no required field', gadget({}), 'spec.size'],
  ['a value outside the enum', gadget({ size: 1, color: 'green' }), 'spec.color'],
  ['a number above the maximum', gadget({ size: 11 }), 'spec.size'],
  ['a number below the minimum', gadget({ size: 0 }), 'spec.size'],
  ['a number at an exclusive minimum', gadget({ size: 1, ratio: 0 }), 'spec.ratio'],
  ['a string too long', gadget({ size: 1, name: 'abcdef' }), 'spec.name'],
  ['a string too short', gadget({ size: 1, name: 'a' }), 'spec.name'],
  ['a string against the pattern', gadget({ size: 1, name: 'ab1' }), 'spec.name'],
  ['too many items', gadget({ size: 1, tags: ['a', 'b', 'c'] }), 'spec.tags'],
  ['an item too long', gadget({ size: 1, tags: ['long'] }), 'spec.tags[0]'],
  ['too many fields', gadget({ size: 1, labels: { a: 'x', b: 'y' } }), 'spec.labels'],
  ['a value of additionalProperties of another type', gadget({ size: 1, labels: { a: 5 } }), 'spec.labels.a'],
  ['a fraction for an int-or-string', gadget({ size: 1, port: 1.5 }), 'spec.port'],
  ['a version the definition does not serve', gadget({ size: 1 }, `${GROUP}/v1beta1`), 'v1beta1'],
  ['a kind no definition defines', gadget({ size: 1 }, `${GROUP}/v1`, 'Gizmo'), 'Gizmo'],
  [
    'a group no definition defines',
    gadget({ size: 1 }, 'monitoring.coreos.com/v1', 'ServiceMonitor'),
    'ServiceMonitor',
  ],
];

const RULES = new Set([customResourceKind.id, customResourceSchema.id]);

function gateFindings(manifest: AnyManifest): string[] {
  return gateVerdicts([CRD, manifest], RELEASE, [...RULES]).map((finding) => finding.message);
}

beforeAll(() => {
  kubectl(['apply', '-f', '-'], JSON.stringify(CRD));
  kubectl(['wait', '--for=condition=Established', `crd/${CRD_NAME}`, '--timeout=60s']);
});

afterAll(() => {
  kubectlResult(['delete', 'crd', CRD_NAME, '--ignore-not-found', '--wait=false']);
});

describe(`custom resources on Kubernetes ${RELEASE}`, () => {
  it.each(CASES)('%s: the server and the gate agree', (_what, manifest, field) => {
    const refusal = field === undefined ? undefined : { server: field, gate: field };
    expectAgreement(serverVerdict(manifest), gateFindings(manifest), refusal);
  });
});
