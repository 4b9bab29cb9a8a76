import { runChecks } from '../../lib/checks/run-checks';
import { renderApp } from '../../lib/writer/render';
import { CRD_GROUP, buildCrdKinds, crdKindsEnvironment } from '../checks/crd-kinds';
import { AnyManifest } from '../helpers';
import { dryRunStrict, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The checks of a CustomResourceDefinition itself against the API server: the corpus's Backup definition
 * (test/checks/crd-kinds.ts) of the server's release, with one change each, sent as `npm run apply` sends it (a
 * server-side dry run with strict field validation, which stores nothing). The server refuses each object of REFUSED
 * and the named rule does too; both take each object of ACCEPTED, which uses the same fields well.
 */
const RELEASE = serverRelease();
const ENV = crdKindsEnvironment(RELEASE === '1.27' ? 'dev' : 'prod');
const BACKUPS = `backups.${CRD_GROUP}`;

/** The corpus's Backup definition with `change` made to a copy of it. */
function backups(change: (crd: AnyManifest) => void): AnyManifest {
  const written = renderApp(buildCrdKinds(ENV))
    .flatMap((file) => file.objects)
    .find((object) => object.manifest.metadata.name === BACKUPS)!.manifest;
  const crd = JSON.parse(JSON.stringify(written)) as AnyManifest;
  change(crd);
  return crd;
}

type Case = readonly [string, string, (crd: AnyManifest) => void];

/** Whether the server's CEL rules may give a fieldPath and a reason, and call the libraries' namespaces (1.28 on). */
const RULE_DETAILS = RELEASE !== '1.27';

/** The schema of the Backup's spec, in v1. */
const specSchema = (crd: AnyManifest) => crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;

/** The CEL rule of the Backup's destinations. */
const destinationRule = (crd: AnyManifest) =>
  specSchema(crd).properties.destinations.items['x-kubernetes-validations'][0];

/** [what, the rule that refuses it, the change]. */
const REFUSED: readonly Case[] = [
  [
    'a name that is not <plural>.<group>',
    'crd-definition',
    (crd) => {
      crd.spec.names.plural = 'snapshots';
    },
  ],
  [
    'a group without a dot',
    'crd-definition',
    (crd) => {
      crd.metadata.name = 'backups.example';
      crd.spec.group = 'example';
    },
  ],
  [
    'a scope in lower case',
    'crd-definition',
    (crd) => {
      crd.spec.scope = 'namespaced';
    },
  ],
  [
    'a kind with an underscore',
    'crd-definition',
    (crd) => {
      crd.spec.names.kind = 'Back_up';
    },
  ],
  [
    'a listKind that is the kind',
    'crd-definition',
    (crd) => {
      crd.spec.names.listKind = 'Backup';
    },
  ],
  [
    'a plural in upper case',
    'crd-definition',
    (crd) => {
      crd.metadata.name = `Backups.${CRD_GROUP}`;
      crd.spec.names.plural = 'Backups';
    },
  ],
  [
    'a short name of a digit first',
    'crd-definition',
    (crd) => {
      crd.spec.names.shortNames = ['1bk'];
    },
  ],
  [
    'two stored versions',
    'crd-definition',
    (crd) => {
      crd.spec.versions[1].storage = true;
    },
  ],
  [
    'no stored version',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].storage = false;
    },
  ],
  [
    'a version name twice',
    'crd-definition',
    (crd) => {
      crd.spec.versions[1].name = 'v1';
    },
  ],
  [
    'a version name in upper case',
    'crd-definition',
    (crd) => {
      crd.spec.versions[1].name = 'V1beta1';
    },
  ],
  [
    'a deprecation warning of a version that is not deprecated',
    'crd-definition',
    (crd) => {
      crd.spec.versions[1].deprecated = false;
    },
  ],
  [
    'a deprecation warning with a tab',
    'crd-definition',
    (crd) => {
      crd.spec.versions[1].deprecationWarning = 'use\tv1';
    },
  ],
  [
    'a scale spec path under .status',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].subresources.scale.specReplicasPath = '.status.replicas';
    },
  ],
  [
    'a scale label selector path without its dot',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].subresources.scale.labelSelectorPath = 'status.selector';
    },
  ],
  [
    'a printer column of an unknown type',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].additionalPrinterColumns[0].type = 'text';
    },
  ],
  [
    'a printer column of an unknown format',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].additionalPrinterColumns[1].format = 'int';
    },
  ],
  [
    'a conversion strategy in lower case',
    'crd-definition',
    (crd) => {
      crd.spec.conversion.strategy = 'none';
    },
  ],
  [
    'a webhook conversion without its client config',
    'crd-definition',
    (crd) => {
      crd.spec.conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'] } };
    },
  ],
  [
    'a webhook conversion of neither url nor service',
    'crd-definition',
    (crd) => {
      crd.spec.conversion = { strategy: 'Webhook', webhook: { clientConfig: {}, conversionReviewVersions: ['v1'] } };
    },
  ],
  [
    'a webhook conversion of an http url',
    'crd-definition',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'http://convert.example.com/backups' }, conversionReviewVersions: ['v1'] },
      };
    },
  ],
  [
    'a webhook conversion of a Service port 0',
    'crd-definition',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 'convert', namespace: 'default', port: 0 } },
          conversionReviewVersions: ['v1'],
        },
      };
    },
  ],
  [
    'a webhook conversion of a Service path in capitals',
    'crd-definition',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 'convert', namespace: 'default', path: '/Convert' } },
          conversionReviewVersions: ['v1'],
        },
      };
    },
  ],
  [
    'a type of no known value',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.suspend.type = 'bool';
    },
  ],
  [
    'a field of no type',
    'crd-structure',
    (crd) => {
      delete specSchema(crd).properties.target.properties.name.type;
    },
  ],
  [
    'an array without items',
    'crd-structure',
    (crd) => {
      delete specSchema(crd).properties.zones.items;
    },
  ],
  [
    'properties beside additionalProperties',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.labels.properties = { team: { type: 'string' } };
    },
  ],
  [
    'x-kubernetes-preserve-unknown-fields false',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.options['x-kubernetes-preserve-unknown-fields'] = false;
    },
  ],
  [
    'an embedded resource of type string',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.hookPod.type = 'string';
    },
  ],
  [
    'a keyed list keyed by no field of its items',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.destinations['x-kubernetes-list-map-keys'] = ['id'];
    },
  ],
  [
    'a map key neither required nor defaulted',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.destinations.items.required = ['url'];
    },
  ],
  [
    'a list type of no known value',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.zones['x-kubernetes-list-type'] = 'Set';
    },
  ],
  [
    'uniqueItems',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.zones.uniqueItems = true;
    },
  ],
  [
    'a pattern that is no regular expression',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.schedule.pattern = '*';
    },
  ],
  [
    'a default of the wrong type',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.suspend.default = 'no';
    },
  ],
  [
    'a default below its minimum',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.retention.properties.keep.default = 0;
    },
  ],
  [
    'a default with an unknown field',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.retention.default = { days: 3 };
    },
  ],
  [
    'a type inside anyOf',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.schedule.anyOf = [{ type: 'string' }, { minLength: 1 }];
    },
  ],
  [
    'a version without a schema',
    'crd-structure',
    (crd) => {
      delete crd.spec.versions[1].schema;
    },
  ],
  [
    'a keyword of the wrong type under items',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.destinations.items.properties.url.maxLength = 'long';
    },
  ],
  [
    'items that are a list of schemas',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.zones.items = [{ type: 'string' }];
    },
  ],
  [
    'additionalProperties that are a string',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.labels.additionalProperties = 'x';
    },
  ],
  [
    'a default of [] for an integer',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.retention.properties.keep.default = [];
    },
  ],
  [
    'a default of a number for a duration',
    'crd-structure',
    (crd) => {
      specSchema(crd).properties.retention.properties.window.default = 5;
    },
  ],
  [
    'a status subresource that is a list',
    'crd-definition',
    (crd) => {
      crd.spec.versions[0].subresources.status = [];
    },
  ],
  [
    'a rule over too many items for its budget',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.zones.maxItems = 20_000_000;
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, z != "x")' }];
    },
  ],
  [
    "a rule over 1,700,000 items at CEL's default call cost (size(), '<' of ints; 1.02x)",
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.zones.maxItems = 1_700_000;
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, size(z) < 64)' }];
    },
  ],
  [
    'a rule on the items of too long a list for its budget',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 20_000_000;
    },
  ],
  [
    'a messageExpression that concatenates too long a string for its budget',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.target.properties.name.maxLength = 998_245_141;
    },
  ],
  [
    "a rule that negates a bool with '-'",
    'crd-rules',
    (crd) => {
      crd.spec.versions[0].schema.openAPIV3Schema['x-kubernetes-validations'][0].rule =
        "-self.metadata.name.startsWith('backup-')";
    },
  ],
  ...(RELEASE === '1.27'
    ? ([
        [
          "matches() called as a function (1.27's cel-go has it as a method alone)",
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = "matches(self.url, '^https://')";
          },
        ],
      ] as Case[])
    : []),
  ...(RELEASE === '1.37'
    ? ([
        [
          'a default under an integer of a fractional maximum (1.37)',
          'crd-structure',
          (crd) => {
            specSchema(crd).properties.destinations.items.properties.weight.maximum = 100.5;
          },
        ],
      ] as Case[])
    : []),
  [
    'a rule that does not parse',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self.url.startsWith('s3://') ||";
    },
  ],
  [
    'a rule of an undeclared name',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'url.startsWith("s3://")';
    },
  ],
  [
    'a rule of a field the schema does not give',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'self.address.startsWith("s3://")';
    },
  ],
  [
    'a rule of a field of a string',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'self.url.scheme == "s3"';
    },
  ],
  [
    'a root rule of a metadata field CEL does not see',
    'crd-rules',
    (crd) => {
      crd.spec.versions[0].schema.openAPIV3Schema['x-kubernetes-validations'][0].rule =
        'self.metadata.labels.size() > 0';
    },
  ],
  [
    'a rule that is an integer',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = '1';
    },
  ],
  [
    'a messageExpression that is a boolean',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].messageExpression = 'true';
    },
  ],
  [
    'cel.bind, which no server declares for a definition',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'cel.bind(v, self.url, v != "")';
    },
  ],
  [
    'an empty message',
    'crd-rules',
    (crd) => {
      destinationRule(crd).message = ' ';
    },
  ],
  [
    'a message of two lines',
    'crd-rules',
    (crd) => {
      destinationRule(crd).message = 'one\ntwo';
    },
  ],
  [
    'a rule of two lines without a message',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.retention['x-kubernetes-validations'] = [
        { rule: 'self.keep > 0 &&\nself.minimum >= 0' },
      ];
    },
  ],
  [
    'a concatenation of a string of no maxLength on each of 32 items',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 32;
      delete specSchema(crd).properties.destinations.items.properties.name.maxLength;
      destinationRule(crd).rule = "self.name + 'x' != 'y'";
    },
  ],
  [
    'a concatenation on each item of a list of no maxItems (1,048,576 strings)',
    'crd-rules',
    (crd) => {
      delete specSchema(crd).properties.zones.maxItems;
      specSchema(crd).properties.zones.items.maxLength = 100;
      specSchema(crd).properties.zones.items['x-kubernetes-validations'] = [{ rule: "self + 'x' != 'y'" }];
    },
  ],
  [
    'a concatenation on each item of a list of no maxItems (314,572 objects of a required field)',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.pairs = {
        type: 'array',
        items: {
          type: 'object',
          required: ['s'],
          properties: { s: { type: 'string', maxLength: 320 } },
          'x-kubernetes-validations': [{ rule: "self.s + 'x' != 'y'" }],
        },
      };
    },
  ],
  [
    'a rule of a syntax error beside a conditional',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self.name == 'a' ? true :";
    },
  ],
  [
    "a rule of '?.', which is no CEL (optional syntax is '.?')",
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self?.name == 'a'";
    },
  ],
  [
    'a rule comparing an integer with a string',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self.weight == 'three'";
    },
  ],
  [
    'a rule comparing a size with a bool',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'self.name.size() > true';
    },
  ],
  [
    'a rule of a string method on an integer',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self.weight.startsWith('1')";
    },
  ],
  [
    'a rule that is an integer field, no bool',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'self.weight';
    },
  ],
  [
    'a rule comparing a string with null',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'self.name != null';
    },
  ],
  [
    'a messageExpression that is an integer field, no string',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].messageExpression = 'self.retention.keep';
    },
  ],
  [
    "a rule comparing a list's string items with an integer",
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, z > 1)' }];
    },
  ],
  [
    'a rule of a field of what x-kubernetes-preserve-unknown-fields keeps',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = 'self.options.retries > 0';
    },
  ],
  [
    'a rule of a field of an embedded resource beyond its metadata',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = 'has(self.hookPod.spec)';
    },
  ],
  ...(RELEASE === '1.27'
    ? ([
        [
          'a function 1.27 does not have (isQuantity)',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'isQuantity(self.name)';
          },
        ],
        [
          'an integer beside a double, which 1.27 does not compare',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'self.weight < 1.5';
          },
        ],
      ] as Case[])
    : ([
        [
          "a string's reverse(), which 1.37 has for lists alone",
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = "self.name.reverse() == 'a'";
          },
        ],
        [
          "includes, which 1.37's rules do not have (they compile in 1.36's environment)",
          'crd-rules',
          (crd) => {
            specSchema(crd)['x-kubernetes-validations'][0].rule = "self.zones.includes('a')";
          },
        ],
      ] as Case[])),
  ...(RULE_DETAILS
    ? ([
        [
          'a reason of no known value',
          'crd-rules',
          (crd) => {
            specSchema(crd)['x-kubernetes-validations'][0].reason = 'FieldValueTooLong';
          },
        ],
        [
          'a fieldPath to no field of the schema',
          'crd-rules',
          (crd) => {
            specSchema(crd)['x-kubernetes-validations'][0].fieldPath = '.retention.days';
          },
        ],
        [
          'a fieldPath without its dot',
          'crd-rules',
          (crd) => {
            specSchema(crd)['x-kubernetes-validations'][0].fieldPath = 'retention.keep';
          },
        ],
      ] as Case[])
    : ([
        [
          'a library namespace 1.27 does not have (sets)',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'sets.contains([1], [1])';
          },
        ],
        [
          'the optional syntax 1.27 does not parse',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'self.?weight.orValue(0) >= 0';
          },
        ],
      ] as Case[])),
  [
    "an int `in` a map of string keys (the schema's additionalProperties)",
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = '1 in self.labels';
    },
  ],
  [
    'an int `in` a map literal of string keys',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = "1 in {'a': 1}";
    },
  ],
  [
    'the sum() of a list of strings',
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = "self.zones.sum() != ''";
    },
  ],
  [
    "a list's indexOf() beside a string",
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = "self.zones.indexOf('a') == 'x'";
    },
  ],
  [
    "a list's min() beside an int",
    'crd-rules',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule = 'self.zones.min() == 1';
    },
  ],
  [
    "a string's find() beside an int",
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "self.name.find('a') == 1";
    },
  ],
  [
    'a url() beside a string',
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = "url(self.url) == 'x'";
    },
  ],
  [
    "a url()'s host beside an int",
    'crd-rules',
    (crd) => {
      destinationRule(crd).rule = 'url(self.url).getHost() == 1';
    },
  ],
  [
    'a comparison of two strings of no maxLength on each of 32 items',
    'crd-rules',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 32;
      specSchema(crd).properties.destinations.items.properties.alias = { type: 'string' };
      delete specSchema(crd).properties.destinations.items.properties.name.maxLength;
      destinationRule(crd).rule = 'self.name != self.alias';
    },
  ],
  [
    'a pattern of 130 characters matched against a string of no maxLength',
    'crd-rules',
    (crd) => {
      delete specSchema(crd).properties.schedule.maxLength;
      specSchema(crd)['x-kubernetes-validations'][0].rule = `self.schedule.matches('^${'[0-9]'.repeat(25)}...$')`;
    },
  ],
  [
    'a string of no maxLength that contains another',
    'crd-rules',
    (crd) => {
      delete specSchema(crd).properties.schedule.maxLength;
      specSchema(crd).properties.alias = { type: 'string' };
      specSchema(crd)['x-kubernetes-validations'][0].rule = 'self.schedule.contains(self.alias)';
    },
  ],
  ...(RULE_DETAILS
    ? ([
        [
          "a quantity()'s asInteger() beside a string",
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = "quantity(self.name).asInteger() == 'a'";
          },
        ],
        [
          'a quantity() beside a string',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = "quantity(self.name) == '1'";
          },
        ],
        [
          "a quantity's sign() as a method, which is a function",
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'quantity(self.name).sign() == 1';
          },
        ],
        [
          "a quantity's method isInteger() as a function",
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = 'isInteger(quantity(self.name))';
          },
        ],
        [
          'url() and isQuantity() as methods of a string',
          'crd-rules',
          (crd) => {
            destinationRule(crd).rule = "self.name.url().getHost() == 'a' || self.name.isQuantity()";
          },
        ],
      ] as Case[])
    : []),
];

/** [what, the change]. */
const ACCEPTED: readonly (readonly [string, (crd: AnyManifest) => void])[] = [
  ['the corpus’s definition', () => undefined],
  [
    'a version without served, a list default of a duration, a rule over a list and on items of a list within budget',
    (crd) => {
      delete crd.spec.versions[1].served;
      specSchema(crd).properties.retention.properties.window.default = [true, null];
      specSchema(crd).properties.zones.maxItems = 16_000;
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, z != "x")' }];
      specSchema(crd).properties.destinations.maxItems = 1_000_000;
    },
  ],
  ...(RELEASE === '1.27'
    ? ([
        [
          'a default under an integer of a fractional maximum (1.27)',
          (crd) => {
            specSchema(crd).properties.destinations.items.properties.weight.maximum = 100.5;
          },
        ],
      ] as (readonly [string, (crd: AnyManifest) => void])[])
    : []),
  [
    'a singular and listKind left out (defaulted from the kind)',
    (crd) => {
      delete crd.spec.names.singular;
      delete crd.spec.names.listKind;
    },
  ],
  [
    'the other version stored',
    (crd) => {
      crd.spec.versions[0].storage = false;
      crd.spec.versions[1].storage = true;
    },
  ],
  [
    'a scale label selector path under .spec, printer columns of type number and format date-time',
    (crd) => {
      crd.spec.versions[0].subresources.scale.labelSelectorPath = '.spec.target.name';
      crd.spec.versions[0].additionalPrinterColumns[1].type = 'number';
      crd.spec.versions[0].additionalPrinterColumns[2].format = 'date-time';
    },
  ],
  [
    'a webhook conversion of a Service of any name, a port and a path of DNS segments',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 'Convert_Svc', namespace: 'default', port: 8443, path: '/v1.2/convert/' } },
          conversionReviewVersions: ['v1'],
        },
      };
    },
  ],
  [
    'a webhook conversion with its client config',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://convert.example.com/backups' }, conversionReviewVersions: ['v1'] },
      };
    },
  ],
  [
    'a field of no type that keeps unknown fields, an int-or-string of a type, additionalProperties alone',
    (crd) => {
      const spec = specSchema(crd);
      delete spec.properties.options.type;
      spec.properties.target.properties.port.type = 'string';
      spec.properties.labels.additionalProperties = true;
    },
  ],
  [
    'a map key with a default instead of required, a pattern of RE2 flags',
    (crd) => {
      const spec = specSchema(crd);
      spec.properties.destinations.items.required = ['url'];
      spec.properties.destinations.items.properties.name.default = 'main';
      spec.properties.schedule.pattern = '(?i)^@daily$';
    },
  ],
  [
    'rules of macros, has() and the root fields',
    (crd) => {
      destinationRule(crd).rule = '[self.url].all(u, u.size() > 0) && has(self.weight)';
      crd.spec.versions[0].schema.openAPIV3Schema['x-kubernetes-validations'][0].rule =
        'self.kind == "Backup" && self.metadata.name.startsWith("backup-")';
    },
  ],
  [
    "a rule over 1,600,000 items at CEL's default call cost, within budget",
    (crd) => {
      specSchema(crd).properties.zones.maxItems = 1_600_000;
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, size(z) < 64)' }];
    },
  ],
  [
    'a concatenation of a string of no maxLength on each of 31 items, within budget',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 31;
      delete specSchema(crd).properties.destinations.items.properties.name.maxLength;
      destinationRule(crd).rule = "self.name + 'x' != 'y'";
    },
  ],
  [
    'rules of the types the schema gives: an int-or-string, a duration and an object beside null, an escaped name',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule =
        "(self.target.port == 80 || self.target.port == 'http') && self.retention.window != null && self.retention != null";
      specSchema(crd).properties.retention.properties['max-size'] = { type: 'integer' };
      specSchema(crd).properties.retention['x-kubernetes-validations'] = [
        { rule: '!has(self.max__dash__size) || self.max__dash__size > 0' },
      ];
    },
  ],
  [
    'a string `in` a map, an int `in` a map of int keys, the sum() of ints, indexOf(), min() and find() of their types',
    (crd) => {
      specSchema(crd)['x-kubernetes-validations'][0].rule =
        "'a' in self.labels && 1 in {1: 'a'} && [self.retention.keep].sum() > 0 && self.zones.indexOf('a') >= -1 && self.zones.min() != 'a'";
      destinationRule(crd).rule = "self.name.find('a') == 'a' || url(self.url).getHost() == 'x'";
    },
  ],
  [
    'a comparison of two strings of no maxLength on each of 31 items, and of one with a constant on each of 32',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 31;
      specSchema(crd).properties.destinations.items.properties.alias = { type: 'string' };
      delete specSchema(crd).properties.destinations.items.properties.name.maxLength;
      destinationRule(crd).rule = 'self.name != self.alias';
      specSchema(crd).properties.zones.maxItems = 32;
      delete specSchema(crd).properties.zones.items.maxLength;
      specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: "self.all(z, z != 'x')" }];
    },
  ],
  [
    'a comparison of two date-time strings (timestamps, of no traversal) of maxLength 100 on each of 1,000,000 items',
    (crd) => {
      specSchema(crd).properties.destinations.maxItems = 1_000_000;
      specSchema(crd).properties.destinations.items.properties.since = {
        type: 'string',
        format: 'date-time',
        maxLength: 100,
      };
      destinationRule(crd).rule = 'self.since < self.since';
    },
  ],
  [
    'a pattern of 117 characters matched against a string of no maxLength, which contains a constant',
    (crd) => {
      delete specSchema(crd).properties.schedule.maxLength;
      specSchema(crd)['x-kubernetes-validations'][0].rule =
        `self.schedule.matches('^${'[0-9]'.repeat(23)}$') && !self.schedule.contains('x')`;
    },
  ],
  ...(RULE_DETAILS
    ? ([
        [
          'a function and a comparison of 1.28 on, a list reverse() (1.34)',
          (crd) => {
            destinationRule(crd).rule = "isQuantity(self.name) || self.weight < 1.5 || self.name == 'a'";
            specSchema(crd)['x-kubernetes-validations'][0].rule =
              "quantity(self.target.name).add(1).isInteger() && quantity(self.target.name) == quantity('1') && cidr(self.target.name).containsIP(self.target.name)";
            specSchema(crd).properties.zones['x-kubernetes-validations'] = [{ rule: 'self.reverse().size() >= 0' }];
          },
        ],
        [
          "sign() of a quantity, a function; size() and matches() as functions; a CIDR's ip()",
          (crd) => {
            destinationRule(crd).rule =
              "sign(quantity(self.name)) >= 0 && size(self.name) > 0 && matches(self.name, '^[a-z]') && cidr('10.0.0.0/8').ip().family() == 4";
          },
        ],
      ] as (readonly [string, (crd: AnyManifest) => void])[])
    : []),
  ...(RULE_DETAILS
    ? ([
        [
          'a fieldPath of brackets, and into a map; a library namespace (sets); the optional syntax',
          (crd) => {
            specSchema(crd)['x-kubernetes-validations'][0].fieldPath = ".labels['team.a']";
            specSchema(crd).properties.retention['x-kubernetes-validations'] = [
              // The server runs it on the default {} too, without the defaults of its fields (1.37).
              { rule: '!has(self.keep) || self.keep >= 1', fieldPath: "['keep']" },
            ];
            destinationRule(crd).rule = 'sets.contains([1], [1]) && self.?weight.orValue(0) >= 0';
          },
        ],
      ] as (readonly [string, (crd: AnyManifest) => void])[])
    : []),
];

const RULES = new Set(REFUSED.map(([, rule]) => rule));

/** What the API server says: accepted, or its refusal. */
function serverVerdict(manifest: AnyManifest): string {
  const result = dryRunStrict('-', JSON.stringify(manifest));
  return result.status === 0 ? 'accepted' : `refused: ${result.stderr.trim()}`;
}

/** The findings of the rules under test on the definition, in the corpus's environment of the server's release. */
function gateFindings(manifest: AnyManifest): string[] {
  return runChecks([{ path: 'crd-definitions/backups', manifest }], ENV)
    .findings.filter((finding) => RULES.has(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

describe(`CustomResourceDefinitions the API server of Kubernetes ${RELEASE} refuses, and our checks`, () => {
  it.each(REFUSED)('%s: refused by the server and by %s', (_what, rule, change) => {
    const manifest = backups(change);
    const server = serverVerdict(manifest);
    const gate = gateFindings(manifest);
    expect({
      server: server.startsWith('refused') ? 'refused' : server,
      gate: gate.some((line) => line.startsWith(`${rule}: `)) ? rule : gate,
    }).toEqual({ server: 'refused', gate: rule });
  });

  it.each(ACCEPTED)('%s: accepted by the server and by the rules', (_what, change) => {
    const manifest = backups(change);
    expect({ server: serverVerdict(manifest), gate: gateFindings(manifest) }).toEqual({ server: 'accepted', gate: [] });
  });
});
