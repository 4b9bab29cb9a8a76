import { compareReleases } from '../config/kubernetes-version';
import { isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';
import { matchConditionProblems } from './match-conditions';
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

/** The parts of a URL as Go's url.Parse splits one of the form scheme://authority/path?query#fragment. */
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;
/** What a host (and port) may hold in a URL Go parses: a name, or an IPv6 address of an optional zone ("%25" and it). */
const URL_HOST = /^(\[[0-9A-Fa-f:.]+(%25[A-Za-z0-9._~-]+)?\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:\d*)?$/;

/** Whether the text has a control character, which Go's url.Parse refuses. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}

/**
 * The first escape of `text` Go's url.Parse refuses: a "%" without two hex digits, and in a host one of an ASCII byte
 * other than "%25" (RFC 3986 escapes only non-ASCII bytes there).
 */
function invalidEscape(text: string, host: boolean): string | undefined {
  for (let index = text.indexOf('%'); index >= 0; index = text.indexOf('%', index + 1)) {
    const escape = text.slice(index, index + 3);
    if (!/^%[0-9A-Fa-f]{2}$/.test(escape) || (host && parseInt(escape[1], 16) < 8 && escape !== '%25')) {
      return escape;
    }
  }
  return undefined;
}

/** What the API server refuses of a webhook's URL (apiserver's ValidateWebhookURL, with the https scheme forced). */
function urlProblems(where: string, url: unknown): Problem[] {
  const fix = 'write the URL as https://host[:port][/path], without user, query or fragment, "%" only to escape a byte';
  const parts = typeof url === 'string' && !hasControlCharacter(url) ? URL_PARTS.exec(url) : null;
  const problem = (what: string) => [{ message: `${where}.clientConfig.url ${JSON.stringify(url)} ${what}`, fix }];
  if (parts === null) {
    return problem('is not a URL of the form https://host[/path]');
  }
  const [, scheme, authority, path, query, fragment] = parts;
  if (scheme.toLowerCase() !== 'https') {
    return problem(`has the scheme ${JSON.stringify(scheme)}; https is the only one the API server calls`);
  }
  if (authority.includes('@')) {
    return problem('has user information, which the API server refuses in a webhook URL');
  }
  if (!URL_HOST.test(authority)) {
    return problem('has no host, or one that is not a host name, an address or a port');
  }
  const escape = invalidEscape(authority, true) ?? invalidEscape(path, false);
  if (escape !== undefined) {
    return problem(
      `has an invalid escape ${JSON.stringify(escape)} (a "%" and two hex digits; in the host only of a non-ASCII byte or "%25")`,
    );
  }
  if ((query ?? '') !== '' || (fragment ?? '') !== '') {
    return problem('has a query or a fragment, which the API server refuses in a webhook URL');
  }
  return [];
}

/** What the API server refuses of a webhook's Service reference (apiserver's ValidateWebhookService). */
function serviceProblems(where: string, service: Json): Problem[] {
  const at = `${where}.clientConfig.service`;
  const problems: Problem[] = [];
  // A missing one is the schema's finding.
  for (const field of ['name', 'namespace']) {
    if (service?.[field] === '') {
      problems.push({
        message: `${at}.${field} is empty`,
        fix: `give the ${field} of the Service the webhook runs behind`,
      });
    }
  }
  const port = service?.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    problems.push({
      message: `${at}.port ${JSON.stringify(port)} is outside 1-65535`,
      fix: 'give the Service port, or leave it out (443)',
    });
  }
  const path = service?.path;
  if (typeof path === 'string' && path !== '' && path !== '/') {
    const segments = path.replace(/^\//, '').replace(/\/$/, '').split('/');
    const bad = path === '//' ? '' : segments.find((segment) => !isDnsSubdomain(segment));
    if (!path.startsWith('/') || bad !== undefined) {
      problems.push({
        message: `${at}.path ${JSON.stringify(path)} must start with "/" and have segments that are DNS-1123 subdomains${bad === undefined ? '' : ` (not ${JSON.stringify(bad)})`}`,
        fix: 'write the path as /segment/segment, in lower-case letters, digits, "-" and "."',
      });
    }
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
  const { url, service } = webhook?.clientConfig ?? {};
  if ((url === undefined) === (service === undefined)) {
    problems.push({
      message: `${where}.clientConfig has ${url === undefined ? 'neither url nor service' : 'both url and service'}; it needs exactly one`,
      fix: 'give the Service the webhook runs behind (service), or its https URL outside the cluster (url)',
    });
  } else {
    problems.push(...(url !== undefined ? urlProblems(where, url) : serviceProblems(where, service)));
  }
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
