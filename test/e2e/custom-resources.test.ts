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
/**
 * Whether the server's CEL rules may give a fieldPath and a reason, and call the quantity (1.28), ip and cidr (1.30)
 * and semver (1.33) libraries: 1.27 has none of them.
 */
const RULE_DETAILS = RELEASE !== '1.27';
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
            'x-kubernetes-validations': [
              { rule: "self.metadata.name.startsWith('g')", message: 'the name of a gadget starts with g' },
            ],
            properties: {
              spec: {
                type: 'object',
                required: ['size', 'mode'],
                properties: {
                  // Required, and filled in by its default before the server validates.
                  mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] },
                  email: { type: 'string', format: 'email' },
                  when: { type: 'string', format: 'date-time' },
                  uid: { type: 'string', format: 'uuid' },
                  address: { type: 'string', format: 'ipv4' },
                  count: { type: 'integer', format: 'int32' },
                  code: { type: 'string', allOf: [{ minLength: 2 }, { pattern: '^[A-Z]+$' }] },
                  level: {
                    type: 'integer',
                    oneOf: [
                      { minimum: 1, maximum: 5 },
                      { minimum: 3, maximum: 9 },
                    ],
                  },
                  window: {
                    type: 'object',
                    properties: { start: { type: 'integer' }, end: { type: 'integer' } },
                    anyOf: [{ required: ['start'] }, { required: ['end'] }],
                    not: { required: ['start', 'end'] },
                  },
                  range: {
                    type: 'object',
                    properties: { min: { type: 'integer' }, max: { type: 'integer' } },
                    'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min must not exceed max' }],
                  },
                  slug: {
                    type: 'string',
                    maxLength: 20,
                    'x-kubernetes-validations': [{ rule: "self.lowerAscii() == self && self.find('[0-9]+') != ''" }],
                  },
                  weights: {
                    type: 'array',
                    maxItems: 5,
                    items: { type: 'integer' },
                    'x-kubernetes-validations': [
                      {
                        rule: 'self.isSorted()',
                        // A messageExpression with string(...) costs too much for the server to take the CRD.
                        messageExpression:
                          "self.size() > 2 ? 'the weights are not sorted' : 'the two weights are not sorted'",
                      },
                    ],
                  },
                  limits: {
                    type: 'object',
                    properties: { low: { type: 'integer' }, high: { type: 'integer' } },
                    'x-kubernetes-validations': [
                      {
                        rule: 'self.low < self.high',
                        message: 'low must be under high',
                        ...(RULE_DETAILS ? { fieldPath: '.low', reason: 'FieldValueForbidden' } : {}),
                      },
                    ],
                  },
                  site: {
                    type: 'string',
                    maxLength: 100,
                    'x-kubernetes-validations': [
                      { rule: "isURL(self) && url(self).getScheme() == 'https'", message: 'the site is an https URL' },
                    ],
                  },
                  ...(RULE_DETAILS
                    ? {
                        memory: {
                          type: 'string',
                          maxLength: 20,
                          'x-kubernetes-validations': [
                            {
                              rule: "isQuantity(self) && quantity(self).isLessThan(quantity('1Gi'))",
                              message: 'memory is a quantity under 1Gi',
                            },
                          ],
                        },
                        subnet: {
                          type: 'string',
                          maxLength: 50,
                          'x-kubernetes-validations': [
                            {
                              rule: "isCIDR(self) && cidr(self).containsIP('10.0.0.1')",
                              message: 'the subnet holds 10.0.0.1',
                            },
                          ],
                        },
                        version: {
                          type: 'string',
                          maxLength: 20,
                          'x-kubernetes-validations': [{ rule: 'isSemver(self)' }],
                        },
                      }
                    : {}),
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

function gadget(spec: unknown, apiVersion = `${GROUP}/v1`, kind = 'Gadget', name = 'g1'): AnyManifest {
  return { apiVersion, kind, metadata: { name, namespace: 'default' }, spec };
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
      email: 'jo@example.com',
      when: '2024-01-01T10:00:00Z',
      uid: '123e4567-e89b-12d3-a456-426614174000',
      address: '10.0.0.1',
      count: 2147483647,
      code: 'AB',
      level: 2,
      window: { start: 1 },
      range: { min: 1, max: 2 },
      slug: 'web-1',
      weights: [1, 2, 3],
      limits: { low: 1, high: 2 },
      site: 'https://example.com/a',
      ...(RULE_DETAILS ? { memory: '512Mi', subnet: '10.0.0.0/8' } : {}),
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
  ['a required field with a default, left out', gadget({ size: 1 }), undefined],
  ['a required field with a default, written', gadget({ size: 1, mode: 'slow' }), undefined],
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
  ['a string that is no email (format)', gadget({ size: 1, email: 'jo at example.com' }), 'spec.email'],
  ['a string that is no date-time (format)', gadget({ size: 1, when: '2024-01-01' }), 'spec.when'],
  ['a string that is no UUID (format)', gadget({ size: 1, uid: '123e4567' }), 'spec.uid'],
  ['a string that is no IPv4 address (format)', gadget({ size: 1, address: '10.0.0.256' }), 'spec.address'],
  // 1.27 strips the int32 format of an integer; 1.37 keeps it and checks the range.
  [
    'an integer beyond int32 (format)',
    gadget({ size: 1, count: 2147483648 }),
    RELEASE === '1.27' ? undefined : 'spec.count',
  ],
  ['a string that fails one schema of allOf', gadget({ size: 1, code: 'A' }), 'spec.code'],
  ['a string that fails another schema of allOf', gadget({ size: 1, code: 'ab' }), 'spec.code'],
  ['an integer that meets both schemas of oneOf', gadget({ size: 1, level: 4 }), 'spec.level'],
  ['an integer that meets no schema of oneOf', gadget({ size: 1, level: 10 }), 'spec.level'],
  ['an object that meets no schema of anyOf', gadget({ size: 1, window: {} }), 'spec.window'],
  ['an object that meets the schema of not', gadget({ size: 1, window: { start: 1, end: 2 } }), 'spec.window'],
  [
    'an object its CEL rule refuses, with its message',
    gadget({ size: 1, range: { min: 3, max: 2 } }),
    'min must not exceed max',
  ],
  ['an object its CEL rule refuses, at its path', gadget({ size: 1, range: { min: 3, max: 2 } }), 'spec.range'],
  ['a CEL rule that reads a field the object lacks', gadget({ size: 1, range: { min: 3 } }), 'spec.range'],
  [
    'a string its CEL rule (strings, regex) refuses, with the default message',
    gadget({ size: 1, slug: 'Web-1' }),
    'failed rule',
  ],
  ['a string its CEL rule refuses, without a number', gadget({ size: 1, slug: 'web' }), 'spec.slug'],
  [
    'a list its CEL rule (lists) refuses, with the messageExpression',
    gadget({ size: 1, weights: [2, 1] }),
    'the two weights are not sorted',
  ],
  [
    'a rule with a fieldPath and a reason (from 1.28)',
    gadget({ size: 1, limits: { low: 2, high: 1 } }),
    RULE_DETAILS ? 'spec.limits.low: Forbidden: low must be under high' : 'spec.limits: Invalid value',
  ],
  ['a URL its CEL rule (urls) refuses', gadget({ size: 1, site: 'http://example.com/' }), 'the site is an https URL'],
  ['a string that is no URL, which its CEL rule refuses', gadget({ size: 1, site: 'example.com' }), 'spec.site'],
  ...(RULE_DETAILS
    ? ([
        ['a quantity its CEL rule (quantity, 1.28) refuses', gadget({ size: 1, memory: '2Gi' }), 'spec.memory'],
        ['a string that is no quantity, in a quantity rule', gadget({ size: 1, memory: '1 Gi' }), 'spec.memory'],
        ['a CIDR its CEL rule (cidr, 1.30) refuses', gadget({ size: 1, subnet: '192.168.0.0/16' }), 'spec.subnet'],
        ['a string that is no CIDR, in a cidr rule', gadget({ size: 1, subnet: '10.0.0.1' }), 'spec.subnet'],
      ] as [string, AnyManifest, string | undefined][])
    : []),
  [
    'a root CEL rule on the name',
    gadget({ size: 1 }, `${GROUP}/v1`, 'Gadget', 'x1'),
    'the name of a gadget starts with g',
  ],
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

  // 1.27's server has no CEL function the gate does not provide; 1.37's has semver (1.33), which the gate does not.
  (RULE_DETAILS ? it : it.skip)('warns of a CEL rule the gate cannot run (isSemver), which the server runs', () => {
    const good = gadget({ size: 1, version: '1.2.3' });
    expectAgreement(serverVerdict(good), gateFindings(good));
    const warnings = gateVerdicts([CRD, good], RELEASE, [...RULES], true).map((warning) => warning.message);
    expect(warnings).toEqual([expect.stringContaining('the gate cannot vouch for the rule "isSemver(self)"')]);
    const bad = gadget({ size: 1, version: 'one' });
    expect(serverVerdict(bad).stderr).toContain('spec.version');
    expect(gateFindings(bad)).toEqual([]);
  });
});
