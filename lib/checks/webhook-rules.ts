import { compareReleases } from '../config/kubernetes-version';
import { isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';
import { matchConditionProblems } from './match-conditions';
import { clientConfigProblems } from './webhook-client-config';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The AdmissionReview versions the API servers send (a webhook must accept one of them). */
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
/** The release whose API server validates webhooks' matchConditions (AdmissionWebhookMatchConditions beta, on). */
export const MATCH_CONDITIONS_SINCE = '1.28';
/** A DNS-1035 label: an AdmissionReview version's syntax. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A webhook's name: a DNS-1123 subdomain of at least three segments (apimachinery's IsFullyQualifiedName). */
function nameProblems(where: string, name: unknown): Problem[] {
  if (isDnsSubdomain(name) && name.split('.').length >= 3) {
    return [];
  }
  return [
    {
      message: `${where}.name ${JSON.stringify(name ?? null)} is not a fully qualified name (a DNS-1123 subdomain of at least three segments, e.g. "validate.policy.example.com")`,
      fix: "name the webhook in its owner's domain, e.g. <what>.<service>.<domain>",
    },
  ];
}

function reviewVersionProblems(where: string, versions: unknown): Problem[] {
  const items = list(versions);
  const fix = `list the AdmissionReview versions the webhook reads, among ${REVIEW_VERSIONS.join(' and ')}, e.g. ["v1"]`;
  if (items.length === 0) {
    return [
      { message: `${where}.admissionReviewVersions is empty; it needs one of ${REVIEW_VERSIONS.join(', ')}`, fix },
    ];
  }
  const problems: Problem[] = [];
  items.forEach((version, index) => {
    if (items.indexOf(version) !== index) {
      problems.push({ message: `${where}.admissionReviewVersions[${index}] repeats ${JSON.stringify(version)}`, fix });
    } else if (!(typeof version === 'string' && version.length <= 63 && DNS_1035_LABEL.test(version))) {
      problems.push({
        message: `${where}.admissionReviewVersions[${index}] ${JSON.stringify(version)} is not a version (a DNS-1035 label: lower-case letters, digits and "-", a letter first)`,
        fix,
      });
    }
  });
  if (!items.some((version) => REVIEW_VERSIONS.includes(version as string))) {
    problems.push({
      message: `${where}.admissionReviewVersions ${JSON.stringify(items)} has neither ${REVIEW_VERSIONS.join(' nor ')}, the versions the API server sends`,
      fix,
    });
  }
  return problems;
}

/** A list of a rule that must not be empty, and has "*" alone when it has it. */
function wildcardListProblems(where: string, field: string, values: unknown, what: string): Problem[] {
  const items = list(values);
  if (items.length === 0) {
    return [
      { message: `${where}.${field} is empty`, fix: `list the ${what} the webhook is called for, or "*" for all` },
    ];
  }
  if (items.length > 1 && items.includes('*')) {
    return [
      {
        message: `${where}.${field} ${JSON.stringify(items)} has "*" beside others`,
        fix: `keep "*" alone, or list the ${what}`,
      },
    ];
  }
  return [];
}

/** What the API server refuses of a rule's resources besides their emptiness (admissionregistration's validateResources). */
function resourceProblems(where: string, resources: unknown): Problem[] {
  const items = list(resources).map((item) => (typeof item === 'string' ? item : ''));
  const problems: Problem[] = [];
  const fix = 'list resources as "pods" or "pods/status", with "*" or "*/*" alone for all';
  const wildcardSubresources = new Set<string>();
  const wildcardResources = new Set<string>();
  items.forEach((item, index) => {
    if (item === '') {
      problems.push({ message: `${where}.resources[${index}] is empty`, fix });
      return;
    }
    const slash = item.indexOf('/');
    if (slash < 0) {
      return;
    }
    const [resource, subresource] = [item.slice(0, slash), item.slice(slash + 1)];
    if (wildcardSubresources.has(resource) || wildcardResources.has(subresource)) {
      problems.push({
        message: `${where}.resources[${index}] ${JSON.stringify(item)} is covered by a wildcard before it`,
        fix,
      });
    }
    if (subresource === '*') wildcardSubresources.add(resource);
    if (resource === '*') wildcardResources.add(subresource);
  });
  if (items.length > 1 && items.includes('*/*')) {
    problems.push({ message: `${where}.resources has "*/*" beside others`, fix });
  }
  if (items.includes('*') && items.some((item) => item !== '*' && !item.includes('/'))) {
    problems.push({ message: `${where}.resources has "*" beside other resources without subresources`, fix });
  }
  return problems;
}

/** What the API server refuses of a rule of operations, groups, versions and resources (a webhook's, a policy's). */
export function admissionRuleProblems(where: string, rule: Json): Problem[] {
  return [
    ...wildcardListProblems(where, 'operations', rule?.operations, 'operations'),
    ...wildcardListProblems(where, 'apiGroups', rule?.apiGroups, 'API groups ("" for the core group)'),
    ...wildcardListProblems(where, 'apiVersions', rule?.apiVersions, 'API versions'),
    ...list(rule?.apiVersions).flatMap((version, index) =>
      version === ''
        ? [{ message: `${where}.apiVersions[${index}] is empty`, fix: 'name an API version, e.g. "v1", or "*"' }]
        : [],
    ),
    ...(list(rule?.resources).length === 0
      ? wildcardListProblems(where, 'resources', rule?.resources, 'resources')
      : resourceProblems(where, rule.resources)),
  ];
}

/**
 * A webhook's matchConditions: judged as the API server judges them from 1.28; before, a warning that the server drops
 * them (AdmissionWebhookMatchConditions is alpha, off by default), so the webhook is called for every request.
 */
function webhookMatchConditionProblems(where: string, conditions: unknown, release: string): Problem[] {
  if (!Array.isArray(conditions) || conditions.length === 0) {
    return [];
  }
  if (compareReleases(release, MATCH_CONDITIONS_SINCE) < 0) {
    return [
      {
        warning: true,
        message: `${where}.matchConditions are dropped by the API server of Kubernetes ${release} (AdmissionWebhookMatchConditions is alpha there, off by default): the webhook is called for every request its rules match`,
        fix: `filter requests with the webhook's rules and selectors, or run Kubernetes ${MATCH_CONDITIONS_SINCE} or later`,
      },
    ];
  }
  return matchConditionProblems(`${where}.matchConditions`, conditions, release);
}

function webhookProblems(webhook: Json, index: number, release: string): Problem[] {
  const where = `webhooks[${index}]`;
  const problems = [
    ...nameProblems(where, webhook?.name),
    ...reviewVersionProblems(where, webhook?.admissionReviewVersions),
  ];
  const timeout = webhook?.timeoutSeconds;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 30)) {
    problems.push({
      message: `${where}.timeoutSeconds ${JSON.stringify(timeout)} is outside 1-30`,
      fix: 'give the webhook 1 to 30 seconds, or leave it out (10)',
    });
  }
  problems.push(...clientConfigProblems(`${where}.clientConfig`, webhook?.clientConfig));
  list(webhook?.rules).forEach((rule, position) =>
    problems.push(...admissionRuleProblems(`${where}.rules[${position}]`, rule)),
  );
  problems.push(...webhookMatchConditionProblems(where, webhook?.matchConditions, release));
  return problems;
}

/**
 * What the API server refuses of a ValidatingWebhookConfiguration or MutatingWebhookConfiguration beyond its schema
 * (admissionregistration's validation, the same on 1.27 and 1.37): webhook names, AdmissionReview versions, the client
 * config, rules and timeouts; and matchConditions (match-conditions.ts), which 1.27 drops. Their fixed-value fields are enum-values', their selectors selector-syntax's, a repeated
 * webhook name (the list is keyed by name) and a missing field the schema's.
 */
export const webhookSpec: Rule = {
  id: 'webhook-spec',
  description:
    'every webhook of a Validating- or MutatingWebhookConfiguration has a fully qualified name, AdmissionReview versions that include v1 or v1beta1, exactly one of an https url (no user, query, fragment or invalid "%" escape) or a Service (name, namespace, a port of 1-65535, a path of DNS segments), a timeout of 1-30 s, rules that list operations, API groups, versions and resources, "*" alone, and at most 64 matchConditions of unique qualified names whose CEL expressions compile to a bool (from 1.28; 1.27 drops them: a warning)',
  kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  check(object, context) {
    return list((object.manifest as Json).webhooks).flatMap((webhook, index) =>
      webhookProblems(webhook, index, context.kubernetesVersion),
    );
  },
};

export const WEBHOOK_RULES: readonly Rule[] = [webhookSpec];
