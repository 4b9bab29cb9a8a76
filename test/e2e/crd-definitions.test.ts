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
];

/** [what, the change]. */
const ACCEPTED: readonly (readonly [string, (crd: AnyManifest) => void])[] = [
  ['the corpus’s definition', () => undefined],
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
    'a webhook conversion with its client config',
    (crd) => {
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://convert.example.com/backups' }, conversionReviewVersions: ['v1'] },
      };
    },
  ],
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
