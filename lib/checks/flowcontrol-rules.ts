import { compareReleases } from '../config/kubernetes-version';
import { isDnsLabel, isDnsSubdomain } from '../constructs/validation';
import { Problem } from './finding';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The names of the mandatory objects, whose specs the API server fixes; only `exempt` is of type Exempt. */
const EXEMPT = 'exempt';
const MAX_MATCHING_PRECEDENCE = 10000;
const MAX_QUEUES = 10_000_000;
/** The most bits of entropy a shuffle-sharding hand may need (apiserver's shufflesharding.MaxHashBits). */
const MAX_HASH_BITS = 60;
/** The defaults of a queuing configuration's zero values (flowcontrol's SetDefaults_QueuingConfiguration). */
const DEFAULT_QUEUES = 64;
const DEFAULT_HAND_SIZE = 8;
const VERBS = ['get', 'list', 'create', 'update', 'delete', 'deletecollection', 'patch', 'watch', 'proxy'];
const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];
const DISTINGUISHER_METHODS = ['ByUser', 'ByNamespace'];
const LIMIT_RESPONSE_TYPES = ['Queue', 'Reject'];
/** The version whose schema requires a limited priority level's limitResponse. */
const FLOWCONTROL_V1 = 'flowcontrol.apiserver.k8s.io/v1';
/** The release from which a priority level's nominalConcurrencyShares may be 0 (flowcontrol v1). */
const ZERO_SHARES_SINCE = '1.29';

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function problem(message: string, fix: string): Problem {
  return { message, fix };
}

/** A list that must not be empty, and has "*" alone when it has it. */
function wildcardList(at: string, values: unknown, what: string): Problem[] {
  const items = list(values);
  if (items.length === 0) {
    return [problem(`${at} is empty`, `list the ${what}, or "*" for all`)];
  }
  return items.length > 1 && items.includes('*')
    ? [problem(`${at} ${JSON.stringify(items)} has "*" beside others`, `keep "*" alone, or list the ${what}`)]
    : [];
}

function verbProblems(at: string, verbs: unknown): Problem[] {
  const problems = wildcardList(at, verbs, 'verbs');
  const items = list(verbs);
  if (problems.length === 0 && !items.includes('*')) {
    items.forEach((verb, index) => {
      if (!VERBS.includes(verb)) {
        problems.push(
          problem(
            `${at}[${index}] ${JSON.stringify(verb)} is not a verb of the API (${VERBS.join(', ')})`,
            'list verbs in lower case, or "*" alone',
          ),
        );
      }
    });
  }
  return problems;
}

/** A non-resource URL: "/", or "/"-led without spaces or "//", a "*" only as its last segment (`/metrics/*`). */
function urlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') {
    return 'is empty';
  }
  if (url === '/') {
    return undefined;
  }
  if (!url.startsWith('/')) {
    return 'does not start with "/"';
  }
  if (url.includes(' ') || url.includes('//')) {
    return 'has a space or "//"';
  }
  const wildcards = url.split('*').length - 1;
  return wildcards > 1 || (wildcards === 1 && !url.endsWith('/*'))
    ? 'has a "*" other than a last segment "/*"'
    : undefined;
}

function subjectProblems(at: string, subject: Json): Problem[] {
  const kind = subject?.kind;
  if (!SUBJECT_KINDS.includes(kind)) {
    return kind === undefined
      ? []
      : [
          problem(
            `${at}.kind ${JSON.stringify(kind)} is not one of ${SUBJECT_KINDS.join(', ')}`,
            'name the kind of subject',
          ),
        ];
  }
  const field = { ServiceAccount: 'serviceAccount', User: 'user', Group: 'group' }[kind as string]!;
  const problems: Problem[] = ['serviceAccount', 'user', 'group']
    .filter((other) => other !== field && subject[other] !== undefined)
    .map((other) => problem(`${at}.${other} is given for a subject of kind ${kind}`, `give ${field} alone`));
  const member = subject[field];
  if (member === undefined) {
    return [...problems, problem(`${at}.${field} is missing for a subject of kind ${kind}`, `give ${field}.name`)];
  }
  if (typeof member.name !== 'string' || member.name === '') {
    problems.push(problem(`${at}.${field}.name is empty`, `name the ${field}, or "*" for all`));
  } else if (kind === 'ServiceAccount' && member.name !== '*' && !isDnsSubdomain(member.name)) {
    problems.push(
      problem(
        `${at}.serviceAccount.name ${JSON.stringify(member.name)} is not a DNS-1123 subdomain, nor "*"`,
        'name the ServiceAccount',
      ),
    );
  }
  if (kind === 'ServiceAccount' && !isDnsLabel(member.namespace)) {
    problems.push(
      problem(
        `${at}.serviceAccount.namespace ${JSON.stringify(member.namespace ?? '')} is not a namespace name (a DNS-1123 label)`,
        'give the namespace of the ServiceAccount',
      ),
    );
  }
  return problems;
}

function resourceRuleProblems(at: string, rule: Json): Problem[] {
  const problems = [
    ...verbProblems(`${at}.verbs`, rule?.verbs),
    ...wildcardList(`${at}.apiGroups`, rule?.apiGroups, 'API groups ("" for the core group)'),
    ...wildcardList(`${at}.resources`, rule?.resources, 'resources'),
  ];
  const namespaces = list(rule?.namespaces);
  if (namespaces.length === 0) {
    if (rule?.clusterScope !== true) {
      problems.push(
        problem(
          `${at}.namespaces is empty for a rule that is not clusterScope`,
          'list the namespaces, "*" for all, or set clusterScope',
        ),
      );
    }
  } else if (namespaces.includes('*')) {
    problems.push(...wildcardList(`${at}.namespaces`, namespaces, 'namespaces'));
  } else {
    namespaces.forEach((namespace, index) => {
      if (!isDnsLabel(namespace)) {
        problems.push(
          problem(
            `${at}.namespaces[${index}] ${JSON.stringify(namespace)} is not "*" nor a DNS-1123 label`,
            'list namespace names',
          ),
        );
      }
    });
  }
  return problems;
}

function nonResourceRuleProblems(at: string, rule: Json): Problem[] {
  const problems = [
    ...verbProblems(`${at}.verbs`, rule?.verbs),
    ...wildcardList(`${at}.nonResourceURLs`, rule?.nonResourceURLs, 'non-resource URLs'),
  ];
  const urls = list(rule?.nonResourceURLs);
  if (!urls.includes('*')) {
    urls.forEach((url, index) => {
      const wrong = urlProblem(url);
      if (wrong !== undefined && !(url === '' && urls.length === 0)) {
        problems.push(
          problem(
            `${at}.nonResourceURLs[${index}] ${JSON.stringify(url)} ${wrong}`,
            'write a path such as "/healthz" or "/metrics/*"',
          ),
        );
      }
    });
  }
  return problems;
}

function flowSchemaProblems(name: unknown, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const precedence = integer(spec.matchingPrecedence) ?? 0;
  if (precedence < 0 || precedence > MAX_MATCHING_PRECEDENCE) {
    problems.push(
      problem(
        `spec.matchingPrecedence ${precedence} is outside 1-${MAX_MATCHING_PRECEDENCE}`,
        'give a precedence of 2 to 10000 (lower matches first), or leave it out (1000)',
      ),
    );
  } else if (precedence === 1 && name !== EXEMPT) {
    problems.push(
      problem('spec.matchingPrecedence 1 is reserved for the mandatory FlowSchema "exempt"', 'give 2 or more'),
    );
  }
  if (spec.distinguisherMethod !== undefined && !DISTINGUISHER_METHODS.includes(spec.distinguisherMethod?.type)) {
    problems.push(
      problem(
        `spec.distinguisherMethod.type ${JSON.stringify(spec.distinguisherMethod?.type ?? '')} is not one of ${DISTINGUISHER_METHODS.join(', ')}`,
        'distinguish flows ByUser or ByNamespace, or leave distinguisherMethod out',
      ),
    );
  }
  const level = spec.priorityLevelConfiguration?.name;
  if (!isDnsSubdomain(level)) {
    problems.push(
      problem(
        `spec.priorityLevelConfiguration.name ${JSON.stringify(level ?? '')} is not a DNS-1123 subdomain`,
        'name the PriorityLevelConfiguration the matching requests go to',
      ),
    );
  }
  list(spec.rules).forEach((rule, index) => {
    const at = `spec.rules[${index}]`;
    if (list(rule?.subjects).length === 0) {
      problems.push(problem(`${at}.subjects is empty`, 'list the users, groups or ServiceAccounts the rule matches'));
    }
    list(rule?.subjects).forEach((subject, position) =>
      problems.push(...subjectProblems(`${at}.subjects[${position}]`, subject)),
    );
    if (list(rule?.resourceRules).length === 0 && list(rule?.nonResourceRules).length === 0) {
      problems.push(
        problem(`${at} has neither resourceRules nor nonResourceRules`, 'give the requests the rule matches'),
      );
    }
    list(rule?.resourceRules).forEach((item, position) =>
      problems.push(...resourceRuleProblems(`${at}.resourceRules[${position}]`, item)),
    );
    list(rule?.nonResourceRules).forEach((item, position) =>
      problems.push(...nonResourceRuleProblems(`${at}.nonResourceRules[${position}]`, item)),
    );
  });
  return problems;
}

function queuingProblems(queuing: Json): Problem[] {
  const at = 'spec.limited.limitResponse.queuing';
  const problems: Problem[] = [];
  const queues = integer(queuing?.queues) || DEFAULT_QUEUES;
  const handSize = integer(queuing?.handSize) || DEFAULT_HAND_SIZE;
  const fix = 'give positive queues (at most 10000000), a hand size of at most queues, and a positive queue length';
  for (const field of ['queues', 'handSize', 'queueLengthLimit']) {
    if ((integer(queuing?.[field]) ?? 0) < 0) {
      problems.push(problem(`${at}.${field} ${queuing[field]} is negative`, fix));
    }
  }
  if (queues > MAX_QUEUES) {
    problems.push(problem(`${at}.queues ${queues} is more than ${MAX_QUEUES}`, fix));
  }
  if (queues > 0 && handSize > 0) {
    if (handSize > queues) {
      problems.push(problem(`${at}.handSize ${handSize} is more than queues (${queues})`, fix));
    } else if (Math.ceil(Math.log2(queues) * handSize) > MAX_HASH_BITS) {
      problems.push(
        problem(
          `${at}.handSize ${handSize} of ${queues} queues needs more than ${MAX_HASH_BITS} bits of entropy (log2(queues) x handSize)`,
          'make the hand smaller, or use fewer queues',
        ),
      );
    }
  }
  return problems;
}

/** The shares and lendable percent a limited or an exempt priority level has (`at` is spec.limited or spec.exempt). */
function sharesProblems(at: string, config: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const shares = integer(config.nominalConcurrencyShares) ?? 0;
  if (shares < 0) {
    problems.push(
      problem(
        `${at}.nominalConcurrencyShares ${shares} is negative`,
        `give ${compareReleases(release, ZERO_SHARES_SINCE) >= 0 ? '0' : '1'} or more, or leave it out (${at === 'spec.exempt' ? '0' : '30'})`,
      ),
    );
  }
  const lendable = integer(config.lendablePercent);
  if (lendable !== undefined && (lendable < 0 || lendable > 100)) {
    problems.push(problem(`${at}.lendablePercent ${lendable} is outside 0-100`, 'give a percentage of 0 to 100'));
  }
  return problems;
}

function limitedProblems(limited: Json, release: string, apiVersion: unknown): Problem[] {
  const problems = sharesProblems('spec.limited', limited, release);
  const borrowing = integer(limited.borrowingLimitPercent);
  if (borrowing !== undefined && borrowing < 0) {
    problems.push(
      problem(
        `spec.limited.borrowingLimitPercent ${borrowing} is negative`,
        'give 0 or more, or leave it out (no limit)',
      ),
    );
  }
  // The schema of v1 requires limitResponse (its check reports it missing); v1beta3's does not, and validation then
  // reads a limit response of no type.
  if (limited.limitResponse === undefined && apiVersion !== FLOWCONTROL_V1) {
    problems.push(
      problem(
        'spec.limited.limitResponse is missing (or null), which the API server reads as a limit response of type "", and refuses',
        'give limitResponse: { type: Reject }, or { type: Queue, queuing: {} } to queue with the default queues',
      ),
    );
  }
  const response = limited.limitResponse ?? {};
  if (response.type !== undefined && !LIMIT_RESPONSE_TYPES.includes(response.type)) {
    problems.push(
      problem(
        `spec.limited.limitResponse.type ${JSON.stringify(response.type)} is not one of ${LIMIT_RESPONSE_TYPES.join(', ')}`,
        'queue the requests over the limit, or reject them',
      ),
    );
  } else if (response.type === 'Reject' && response.queuing !== undefined) {
    problems.push(
      problem('spec.limited.limitResponse.queuing is given for type Reject', 'leave queuing out, or use type Queue'),
    );
  } else if (response.type === 'Queue' && response.queuing === undefined) {
    problems.push(
      problem(
        'spec.limited.limitResponse.queuing is missing (or null) for type Queue, which the API server requires',
        'give queuing: {} to queue with the defaults (64 queues, a hand of 8, 50 requests a queue), or use type Reject',
      ),
    );
  } else if (response.type === 'Queue') {
    problems.push(...queuingProblems(response.queuing));
  }
  return problems;
}

function priorityLevelProblems(name: unknown, spec: Json, release: string, apiVersion: unknown): Problem[] {
  const problems: Problem[] = [];
  const type = spec.type;
  if (type !== undefined && type !== 'Exempt' && type !== 'Limited') {
    return [problem(`spec.type ${JSON.stringify(type)} is not one of Exempt, Limited`, 'give Limited')];
  }
  if (type !== undefined && (type === 'Exempt') !== (name === EXEMPT)) {
    problems.push(
      type === 'Exempt'
        ? problem(
            'spec.type "Exempt" is only for the mandatory PriorityLevelConfiguration "exempt"',
            'give type Limited with its limits',
          )
        : problem('the mandatory PriorityLevelConfiguration "exempt" must be of type Exempt', 'give type Exempt'),
    );
  }
  if (type === 'Exempt' && spec.limited !== undefined) {
    problems.push(problem('spec.limited is given for type Exempt', 'leave limited out'));
  }
  if (type === 'Exempt' && spec.exempt !== undefined && spec.exempt !== null) {
    problems.push(...sharesProblems('spec.exempt', spec.exempt, release));
  }
  if (type === 'Limited') {
    if (spec.exempt !== undefined) {
      problems.push(problem('spec.exempt is given for type Limited', 'leave exempt out'));
    }
    if (spec.limited === undefined) {
      problems.push(
        problem('spec.limited is missing for type Limited', 'give limited.nominalConcurrencyShares and limitResponse'),
      );
    } else {
      problems.push(...limitedProblems(spec.limited, release, apiVersion));
    }
  }
  return problems;
}

/** The manager of the mandatory objects' fields, whom server-side apply of another value conflicts with. */
const MANDATORY_MANAGER = 'api-priority-and-fairness-config-producer-v1';
const EVERY_REQUEST = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
};
const GROUP = (name: string) => ({ kind: 'Group', group: { name } });
/**
 * The specs of the mandatory objects, which the API server makes, keeps, and refuses any other spec of (apiserver's
 * bootstrap MandatoryFlowSchemas and MandatoryPriorityLevelConfigurations; read on 1.27 and 1.37 alike). The exempt
 * priority level's spec.exempt (v1 only) is the one part the API server lets change.
 */
const MANDATORY_SPECS: Readonly<Record<string, Readonly<Record<string, Json>>>> = {
  FlowSchema: {
    exempt: {
      matchingPrecedence: 1,
      priorityLevelConfiguration: { name: 'exempt' },
      rules: [{ subjects: [GROUP('system:masters')], ...EVERY_REQUEST }],
    },
    'catch-all': {
      matchingPrecedence: MAX_MATCHING_PRECEDENCE,
      priorityLevelConfiguration: { name: 'catch-all' },
      distinguisherMethod: { type: 'ByUser' },
      rules: [{ subjects: [GROUP('system:unauthenticated'), GROUP('system:authenticated')], ...EVERY_REQUEST }],
    },
  },
  PriorityLevelConfiguration: {
    exempt: { type: 'Exempt' },
    'catch-all': {
      type: 'Limited',
      limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } },
    },
  },
};

/**
 * A spec as the API server compares it with the fixed one, after its defaults (a precedence of 0 is 1000; shares left
 * out, or 0 in v1beta3, are 30; a lendable percent left out is 0): without the exempt level's own field, and without
 * what Go reads as absent (null, false, empty lists and objects).
 */
function comparable(spec: Json, apiVersion: unknown): Json {
  const defaulted = JSON.parse(JSON.stringify(spec ?? {}));
  delete defaulted.exempt;
  if ('rules' in defaulted || 'priorityLevelConfiguration' in defaulted) {
    defaulted.matchingPrecedence = integer(defaulted.matchingPrecedence) || 1000;
  }
  const limited = defaulted.limited;
  if (limited !== null && typeof limited === 'object') {
    const shares = limited.nominalConcurrencyShares;
    limited.nominalConcurrencyShares =
      shares === undefined || shares === null || (shares === 0 && apiVersion !== FLOWCONTROL_V1) ? 30 : shares;
    limited.lendablePercent ??= 0;
  }
  return canonical(defaulted);
}

/** The value with sorted keys, and without null, false, empty lists and empty objects. */
function canonical(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.keys(value)
    .sort()
    .map((key) => [key, canonical(value[key])] as const)
    .filter(
      ([, field]) =>
        field !== null &&
        field !== undefined &&
        field !== false &&
        !(Array.isArray(field) && field.length === 0) &&
        !(typeof field === 'object' && !Array.isArray(field) && Object.keys(field).length === 0),
    );
  return Object.fromEntries(entries);
}

function mandatoryProblems(kind: string, name: unknown, spec: Json, apiVersion: unknown): Problem[] {
  const fixed = MANDATORY_SPECS[kind]?.[String(name)];
  if (
    fixed === undefined ||
    JSON.stringify(comparable(spec, apiVersion)) === JSON.stringify(comparable(fixed, FLOWCONTROL_V1))
  ) {
    return [];
  }
  return [
    problem(
      `the spec of the mandatory ${kind} "${String(name)}" is not the one the API server fixes, which it refuses ("spec of '${String(name)}' must equal the fixed value"; server-side apply conflicts with its manager ${MANDATORY_MANAGER})`,
      kind === 'FlowSchema'
        ? 'leave the mandatory FlowSchema out (the API server makes and keeps it); to route requests otherwise, write a FlowSchema of another name and a lower matchingPrecedence'
        : 'leave the mandatory PriorityLevelConfiguration out (the API server makes and keeps it); to give requests other limits, write one of another name and a FlowSchema that sends them to it',
    ),
  ];
}

/**
 * What the API server refuses of API priority and fairness's objects beyond their schema (flowcontrol's validation,
 * with the defaults of zero values applied): a FlowSchema's precedence, distinguisher, priority level name, subjects
 * and rules; a PriorityLevelConfiguration's type, shares, percentages, limit response and queuing.
 */
export const flowControlSpec: Rule = {
  id: 'flowcontrol-spec',
  description:
    'a FlowSchema of a matchingPrecedence outside 2-10000, an unknown distinguisher, no priority level name, rules without subjects or requests, unknown verbs or subject kinds, "*" beside others, non-resource URLs not "/"-led or with "*" inside, namespaces that are not labels; a PriorityLevelConfiguration of an unknown type, Exempt but not named "exempt", negative shares or borrowing, a lendable percent outside 0-100 (limited or exempt), no limit response (v1beta3), queuing on Reject or none on Queue, queues over 10^7, a hand larger than queues or of more than 60 bits of entropy',
  kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
  check(object, context) {
    const manifest = object.manifest as Json;
    const spec = manifest.spec ?? {};
    const name = manifest.metadata?.name;
    return [
      ...(manifest.kind === 'FlowSchema'
        ? flowSchemaProblems(name, spec)
        : priorityLevelProblems(name, spec, context.kubernetesVersion, manifest.apiVersion)),
      ...mandatoryProblems(manifest.kind, name, spec, manifest.apiVersion),
    ];
  },
};

export const FLOWCONTROL_RULES: readonly Rule[] = [flowControlSpec];
