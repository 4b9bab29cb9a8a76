import { Problem } from './finding';
import { Rule } from './rule';
import { clientConfigProblems } from './webhook-client-config';

/**
 * What the API server (apiextensions validation, 1.27 to 1.37) refuses of a CustomResourceDefinition's names and
 * versions, beyond its OpenAPI shape (the schema rule's): the object's name, the group, the scope, the kind's names,
 * the versions (names, exactly one stored), a deprecation warning, the scale subresource's paths, printer columns and
 * the conversion strategy. The version's schema is crd-structure's, its CEL rules crd-rules'.
 */

type Json = Record<string, unknown>;

/** A DNS-1035 label: what a version, a plural, a singular, a short name and a category must be. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain, at most 253 characters: what a group must be. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SCOPES = ['Namespaced', 'Cluster'];
const CONVERSION_STRATEGIES = ['None', 'Webhook'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const CONVERSION_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** Why `value` is not a DNS-1035 label, or undefined when it is one. */
function notDns1035(value: string): string | undefined {
  if (value.length > 63) {
    return 'must be no more than 63 characters';
  }
  return DNS_1035_LABEL.test(value)
    ? undefined
    : "must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit";
}

/** The problems of a CustomResourceDefinition that a finding reports, each with its field. */
class Findings {
  readonly problems: Problem[] = [];

  constructor(private readonly crd: string) {}

  add(field: string, value: unknown, why: string, fix: string): void {
    const shown = value === undefined ? 'missing' : JSON.stringify(value);
    this.problems.push({
      message: `CustomResourceDefinition ${this.crd}: ${field} is ${shown}: ${why}; the API server refuses the definition`,
      fix,
    });
  }

  /** A problem another module words (its message starts at the field's path). */
  addProblem(problem: Problem): void {
    this.problems.push({
      ...problem,
      // A warning is of a definition the API server takes.
      message: `CustomResourceDefinition ${this.crd}: ${problem.message}${problem.warning === true ? '' : '; the API server refuses the definition'}`,
    });
  }
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function checkGroup(group: string, found: Findings): void {
  if (group === '') {
    found.add(
      'spec.group',
      undefined,
      'a definition needs its API group',
      'set spec.group to a domain you own, e.g. example.com',
    );
  } else if (group.length > 253 || !DNS_SUBDOMAIN.test(group)) {
    found.add(
      'spec.group',
      group,
      'a group must be a DNS-1123 subdomain (lower case letters, digits, - and .)',
      `write it in lower case, e.g. ${JSON.stringify(group.toLowerCase().replace(/[^a-z0-9.-]/g, '-'))}`,
    );
  } else if (!group.includes('.')) {
    found.add(
      'spec.group',
      group,
      'a group must be a domain with at least one dot',
      `write ${group}.example.com or a domain you own`,
    );
  }
}

/** The names: plural, singular, kind and listKind (singular and listKind are defaulted from kind), short names, categories. */
function checkNames(names: Json, found: Findings): void {
  const kind = asString(names.kind);
  for (const field of ['plural', 'kind'] as const) {
    if (asString(names[field]) === '') {
      found.add(`spec.names.${field}`, names[field], 'a definition needs it', `set spec.names.${field}`);
    }
  }
  for (const field of ['plural', 'singular'] as const) {
    const value = asString(names[field]);
    const why = value === '' ? undefined : notDns1035(value);
    if (why !== undefined) {
      found.add(
        `spec.names.${field}`,
        value,
        why,
        `write it in lower case, e.g. ${JSON.stringify(value.toLowerCase())}`,
      );
    }
  }
  for (const field of ['kind', 'listKind'] as const) {
    const value = asString(names[field]);
    const why = value === '' ? undefined : notDns1035(value.toLowerCase());
    if (why !== undefined) {
      found.add(
        `spec.names.${field}`,
        value,
        `it may have mixed case, but otherwise ${why}`,
        'write it in CamelCase of letters and digits, e.g. Widget',
      );
    }
  }
  if (kind !== '' && asString(names.listKind) === kind) {
    found.add(
      'spec.names.listKind',
      kind,
      'kind and listKind may not be the same',
      `write listKind: ${kind}List, or leave it out (it defaults to that)`,
    );
  }
  for (const field of ['shortNames', 'categories'] as const) {
    asList(names[field]).forEach((value, position) => {
      const why = notDns1035(asString(value));
      if (why !== undefined) {
        found.add(`spec.names.${field}[${position}]`, value, why, 'write it in lower case letters and digits');
      }
    });
  }
}

/** A simple JSON path of the dot notation (`.spec.replicas`), under one of `roots` when given. */
function checkPath(field: string, value: unknown, roots: readonly string[], found: Findings): void {
  const path = asString(value);
  if (path === '') {
    found.add(field, value, 'it is required', `set ${field}, e.g. ${roots[0] ?? ''}.replicas`);
  } else if (!path.startsWith('.')) {
    found.add(field, path, 'it must be a simple JSON path starting with .', `write .${path}`);
  } else if (roots.length > 0 && !roots.some((root) => path.startsWith(`${root}.`))) {
    found.add(
      field,
      path,
      `it must be a JSON path under ${roots.join(' or ')}`,
      `write a path of the form ${roots[0]}.<field>`,
    );
  }
}

function checkScale(scale: Json, at: string, found: Findings): void {
  checkPath(`${at}.specReplicasPath`, scale.specReplicasPath, ['.spec'], found);
  checkPath(`${at}.statusReplicasPath`, scale.statusReplicasPath, ['.status'], found);
  if (asString(scale.labelSelectorPath) !== '') {
    checkPath(`${at}.labelSelectorPath`, scale.labelSelectorPath, ['.spec', '.status'], found);
  }
}

function checkColumn(column: Json, at: string, found: Findings): void {
  if (asString(column.name) === '') {
    found.add(`${at}.name`, column.name, 'a printer column needs a name', `set ${at}.name`);
  }
  const type = asString(column.type);
  if (!COLUMN_TYPES.includes(type)) {
    found.add(
      `${at}.type`,
      column.type,
      `a printer column's type is one of ${COLUMN_TYPES.join(', ')}`,
      `write one of ${COLUMN_TYPES.join(', ')}`,
    );
  }
  const format = asString(column.format);
  if (format !== '' && !COLUMN_FORMATS.includes(format)) {
    found.add(
      `${at}.format`,
      format,
      `a printer column's format is one of ${COLUMN_FORMATS.join(', ')}`,
      `write one of ${COLUMN_FORMATS.join(', ')}, or leave it out`,
    );
  }
  checkPath(`${at}.jsonPath`, column.jsonPath, [], found);
}

function checkDeprecation(version: Json, at: string, found: Findings): void {
  if (version.deprecationWarning === undefined) {
    return;
  }
  const warning = asString(version.deprecationWarning);
  if (version.deprecated !== true) {
    found.add(
      `${at}.deprecationWarning`,
      warning,
      'it can only be set for deprecated versions',
      `set ${at}.deprecated: true, or remove the warning`,
    );
  } else if (warning.length > 256) {
    found.add(
      `${at}.deprecationWarning`,
      `${warning.slice(0, 40)}...`,
      `it has ${warning.length} characters; at most 256 are allowed`,
      'shorten it',
    );
  } else if ([...warning].some((character) => !isPrintable(character))) {
    found.add(
      `${at}.deprecationWarning`,
      warning,
      'it must only contain printable UTF-8 characters',
      'remove the control characters (tabs and newlines among them)',
    );
  }
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(character: string): boolean {
  return character === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(character);
}

function checkVersions(versions: unknown[], found: Findings): void {
  if (versions.length === 0) {
    found.add(
      'spec.versions',
      [],
      'a definition needs at least one version',
      'add a version with served: true and storage: true',
    );
    return;
  }
  const names = new Set<string>();
  let stored = 0;
  versions.forEach((entry, position) => {
    const version = asObject(entry) ?? {};
    const at = `spec.versions[${position}]`;
    const name = asString(version.name);
    const why = notDns1035(name);
    if (why !== undefined) {
      found.add(
        `${at}.name`,
        version.name,
        `${why}, such as v1, v1beta1 or v2alpha1`,
        'name the version like v1 or v1beta1',
      );
    }
    if (names.has(name)) {
      found.add(`${at}.name`, name, 'version names must be unique', 'remove or rename the repeated version');
    }
    names.add(name);
    if (version.storage === true) {
      stored++;
    }
    checkDeprecation(version, at, found);
    const subresources = asObject(version.subresources);
    for (const subresource of ['status', 'scale']) {
      const value = subresources?.[subresource];
      if (value !== undefined && value !== null && asObject(value) === undefined) {
        found.add(
          `${at}.subresources.${subresource}`,
          value,
          'a subresource is an object ({} for status)',
          `write ${subresource === 'status' ? '{}' : 'the scale paths as an object'}, or leave it out`,
        );
      }
    }
    const scale = asObject(subresources?.scale);
    if (scale !== undefined) {
      checkScale(scale, `${at}.subresources.scale`, found);
    }
    asList(version.additionalPrinterColumns).forEach((column, index) =>
      checkColumn(asObject(column) ?? {}, `${at}.additionalPrinterColumns[${index}]`, found),
    );
  });
  if (stored !== 1) {
    found.add(
      'spec.versions',
      `${stored} stored`,
      'exactly one version must be marked as the storage version',
      'set storage: true on one version (the one objects are kept in) and false on the others',
    );
  }
}

function checkConversion(conversion: Json, found: Findings): void {
  const strategy = conversion.strategy === undefined ? 'None' : asString(conversion.strategy);
  if (!CONVERSION_STRATEGIES.includes(strategy)) {
    found.add(
      'spec.conversion.strategy',
      conversion.strategy,
      `it is one of ${CONVERSION_STRATEGIES.join(', ')}`,
      'write None (versions differ only in their schemas) or Webhook',
    );
    return;
  }
  const webhook = asObject(conversion.webhook);
  if (strategy === 'None') {
    if (webhook !== undefined) {
      found.add(
        'spec.conversion.webhook',
        webhook,
        'it should not be set when the strategy is not Webhook',
        'remove it, or set strategy: Webhook',
      );
    }
    return;
  }
  const clientConfig = asObject(webhook?.clientConfig);
  if (clientConfig === undefined) {
    found.add(
      'spec.conversion.webhook.clientConfig',
      undefined,
      'it is required when the strategy is Webhook',
      "give the conversion webhook's service or url",
    );
  } else {
    clientConfigProblems('spec.conversion.webhook.clientConfig', clientConfig).forEach((problem) =>
      found.addProblem(problem),
    );
  }
  const reviews = asList(webhook?.conversionReviewVersions).map(asString);
  if (!reviews.some((version) => CONVERSION_REVIEW_VERSIONS.includes(version))) {
    found.add(
      'spec.conversion.webhook.conversionReviewVersions',
      webhook?.conversionReviewVersions,
      `it must include at least one of ${CONVERSION_REVIEW_VERSIONS.join(', ')}`,
      'write [v1]',
    );
  }
}

/**
 * A CustomResourceDefinition the API server refuses for its names, scope, versions, subresources, printer columns or
 * conversion (apiextensions validation).
 */
export const crdDefinition: Rule = {
  id: 'crd-definition',
  description:
    'a CustomResourceDefinition named <plural>.<group>, of a group with a dot, a scope, DNS-1035 names, kind and listKind apart, exactly one stored version of unique DNS-1035 names, scale paths under .spec and .status, printer columns of a known type and format, a conversion strategy of None or Webhook, and a conversion webhook client config as admission webhooks have it',
  kinds: ['CustomResourceDefinition'],
  check(object) {
    const name = String(object.manifest.metadata.name ?? '');
    const spec = asObject((object.manifest as Json).spec) ?? {};
    const found = new Findings(name);
    const group = asString(spec.group);
    const names = asObject(spec.names) ?? {};
    checkGroup(group, found);
    const plural = asString(names.plural);
    if (plural !== '' && group !== '' && name !== `${plural}.${group}`) {
      found.add(
        'metadata.name',
        name,
        `it must be spec.names.plural + "." + spec.group, ${JSON.stringify(`${plural}.${group}`)}`,
        `name it ${plural}.${group}`,
      );
    }
    const scope = asString(spec.scope);
    if (!SCOPES.includes(scope)) {
      found.add(
        'spec.scope',
        spec.scope,
        `it is one of ${SCOPES.join(', ')}`,
        'write Namespaced (objects live in a namespace) or Cluster',
      );
    }
    checkNames(names, found);
    checkVersions(asList(spec.versions), found);
    if (spec.preserveUnknownFields === true) {
      found.add(
        'spec.preserveUnknownFields',
        true,
        'apiextensions.k8s.io/v1 does not take it',
        "remove it, and set x-kubernetes-preserve-unknown-fields: true in the version's schema where unknown fields are kept",
      );
    }
    const conversion = asObject(spec.conversion);
    if (conversion !== undefined) {
      checkConversion(conversion, found);
    }
    return found.problems;
  },
};
