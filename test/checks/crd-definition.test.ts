import { CRD_GROUP, crdFindings, crdProblems } from './crd-kinds';

const BACKUPS = `backups.${CRD_GROUP}`;
const QUOTAS = `storagequotas.${CRD_GROUP}`;

/** The crd-definition findings of the corpus's Backup definition with `change` made. */
function backupFindings(change: Parameters<typeof crdFindings>[1]): string[] {
  return crdFindings(BACKUPS, change).filter((finding) => finding.startsWith('crd-definition: '));
}

describe('crd-definition', () => {
  it('passes the corpus’s definitions', () => {
    expect(crdFindings(BACKUPS, () => undefined)).toEqual([]);
    expect(crdFindings(QUOTAS, () => undefined, 'prod')).toEqual([]);
  });

  it('refuses a name that is not <plural>.<group>, naming the one it must be', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.names.plural = 'snapshots';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: metadata.name is "${BACKUPS}": it must be spec.names.plural + "." + spec.group, "snapshots.${CRD_GROUP}"; the API server refuses the definition`,
    ]);
  });

  it('refuses a group without a dot, or not a DNS-1123 subdomain', () => {
    expect(
      backupFindings((crd) => {
        crd.metadata.name = 'backups.example';
        crd.spec.group = 'example';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition backups.example: spec.group is "example": a group must be a domain with at least one dot; the API server refuses the definition`,
    ]);
    expect(
      backupFindings((crd) => {
        crd.metadata.name = 'backups.Example.com';
        crd.spec.group = 'Example.com';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition backups.Example.com: spec.group is "Example.com": a group must be a DNS-1123 subdomain (lower case letters, digits, - and .); the API server refuses the definition`,
    ]);
  });

  it('refuses a scope other than Namespaced or Cluster', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.scope = 'namespaced';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.scope is "namespaced": it is one of Namespaced, Cluster; the API server refuses the definition`,
    ]);
  });

  it('refuses names that are not DNS-1035 labels, and a listKind that is the kind', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.names.singular = 'Backup';
        crd.spec.names.kind = 'Back_up';
        crd.spec.names.listKind = 'Back_up';
        crd.spec.names.shortNames = ['bk', '1bk'];
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.names.singular is "Backup": must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.names.kind is "Back_up": it may have mixed case, but otherwise must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.names.listKind is "Back_up": it may have mixed case, but otherwise must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.names.listKind is "Back_up": kind and listKind may not be the same; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.names.shortNames[1] is "1bk": must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit; the API server refuses the definition`,
    ]);
  });

  it('refuses versions of no storage, two, a repeated name or one that is not a DNS-1035 label', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.versions[1].storage = true;
        crd.spec.versions[1].name = 'V1';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[1].name is "V1": must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit, such as v1, v1beta1 or v2alpha1; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions is "2 stored": exactly one version must be marked as the storage version; the API server refuses the definition`,
    ]);
    expect(
      backupFindings((crd) => {
        crd.spec.versions[0].storage = false;
        crd.spec.versions[1].name = 'v1';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[1].name is "v1": version names must be unique; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions is "0 stored": exactly one version must be marked as the storage version; the API server refuses the definition`,
    ]);
  });

  it('refuses a deprecation warning of a version that is not deprecated, or with a control character', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.versions[1].deprecated = false;
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[1].deprecationWarning is "${BACKUPS}/v1beta1 is deprecated; use v1": it can only be set for deprecated versions; the API server refuses the definition`,
    ]);
    expect(
      backupFindings((crd) => {
        crd.spec.versions[1].deprecationWarning = 'use\tv1';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[1].deprecationWarning is "use\\tv1": it must only contain printable UTF-8 characters; the API server refuses the definition`,
    ]);
  });

  it('refuses scale paths outside .spec and .status, and printer columns of an unknown type or format', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.versions[0].subresources.scale.specReplicasPath = '.status.replicas';
        crd.spec.versions[0].subresources.scale.labelSelectorPath = 'status.selector';
        crd.spec.versions[0].additionalPrinterColumns[0].type = 'text';
        crd.spec.versions[0].additionalPrinterColumns[1].format = 'int';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[0].subresources.scale.specReplicasPath is ".status.replicas": it must be a JSON path under .spec; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[0].subresources.scale.labelSelectorPath is "status.selector": it must be a simple JSON path starting with .; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[0].additionalPrinterColumns[0].type is "text": a printer column's type is one of boolean, date, integer, number, string; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[0].additionalPrinterColumns[1].format is "int": a printer column's format is one of byte, date, date-time, double, float, int32, int64, password; the API server refuses the definition`,
    ]);
  });

  it('refuses a conversion strategy of no known value, and a webhook without its config', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.conversion.strategy = 'none';
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.conversion.strategy is "none": it is one of None, Webhook; the API server refuses the definition`,
    ]);
    expect(
      backupFindings((crd) => {
        crd.spec.conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v2'] } };
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.conversion.webhook.clientConfig is missing: it is required when the strategy is Webhook; the API server refuses the definition`,
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.conversion.webhook.conversionReviewVersions is ["v2"]: it must include at least one of v1, v1beta1; the API server refuses the definition`,
    ]);
  });

  it('refuses a conversion webhook client config the API server refuses, as an admission webhook’s', () => {
    const clientConfig = (config: unknown) =>
      backupFindings((crd) => {
        crd.spec.conversion = {
          strategy: 'Webhook',
          webhook: { conversionReviewVersions: ['v1'], clientConfig: config },
        };
      });
    const refused = (what: string) =>
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.conversion.webhook.clientConfig${what}; the API server refuses the definition`;
    expect(clientConfig({})).toEqual([refused(' has neither url nor service; it needs exactly one')]);
    expect(clientConfig({ url: 'http://convert.example.com/v1' })).toEqual([
      refused('.url "http://convert.example.com/v1" has the scheme "http"; https is the only one the API server calls'),
    ]);
    expect(clientConfig({ service: { name: '', namespace: 'backups', port: 0, path: '/Convert' } })).toEqual([
      refused('.service.name is empty'),
      refused('.service.port 0 is outside 1-65535'),
      refused(
        '.service.path "/Convert" must start with "/" and have segments that are DNS-1123 subdomains (not "Convert")',
      ),
    ]);
    expect(
      clientConfig({ service: { name: 'converter', namespace: 'backups', port: 8443, path: '/convert/' } }),
    ).toEqual([]);
  });

  it('refuses a subresource that is no object', () => {
    expect(
      backupFindings((crd) => {
        crd.spec.versions[0].subresources.status = [];
      }),
    ).toEqual([
      `crd-definition: CustomResourceDefinition ${BACKUPS}: spec.versions[0].subresources.status is []: a subresource is an object ({} for status); the API server refuses the definition`,
    ]);
  });

  it('takes a version without served, which the API servers take as false', () => {
    expect(
      crdFindings(BACKUPS, (crd) => {
        delete crd.spec.versions[1].served;
      }),
    ).toEqual([]);
  });

  it('gives the fix with each finding', () => {
    expect(
      crdProblems(BACKUPS, (crd) => {
        crd.spec.scope = 'Global';
      }).map((finding) => finding.fix),
    ).toEqual(['write Namespaced (objects live in a namespace) or Cluster']);
  });
});
