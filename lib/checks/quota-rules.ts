import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { Rule, specOf } from './rule';
import { closestName } from './schema-rules';
import { isLabelKey } from '../constructs/validation';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The release from which a quota may be scoped to claims of a VolumeAttributesClass (VolumeAttributesClass GA). */
export const VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE = '1.34';

const POD_COUNT = ['pods'];
const POD_COMPUTE = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/**
 * The resources of spec.hard each scope limits, as the API server's validation has them (seen: the 1.27 server refuses
 * services, secrets, storage, ephemeral-storage and huge pages under a pod scope, and takes `count/...` and extended
 * resources, whose names have a "/", under any).
 */
const SCOPE_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  Terminating: [...POD_COUNT, ...POD_COMPUTE],
  NotTerminating: [...POD_COUNT, ...POD_COMPUTE],
  BestEffort: POD_COUNT,
  NotBestEffort: [...POD_COUNT, ...POD_COMPUTE],
  PriorityClass: [...POD_COUNT, ...POD_COMPUTE],
  CrossNamespacePodAffinity: [...POD_COUNT, ...POD_COMPUTE],
  VolumeAttributesClass: ['persistentvolumeclaims', 'requests.storage'],
};

/** The scopes a selector may only ask to exist. */
const EXISTS_ONLY = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'CrossNamespacePodAffinity'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** Scopes no pod is in together. */
const CONFLICTING = [
  ['Terminating', 'NotTerminating'],
  ['BestEffort', 'NotBestEffort'],
];

/** The quota scopes of a release. */
function scopesOf(release: string): string[] {
  return Object.keys(SCOPE_RESOURCES).filter(
    (scope) => scope !== 'VolumeAttributesClass' || compareReleases(release, VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE) >= 0,
  );
}

/** One scope of a quota, and where it is written. */
interface Scope {
  readonly name: unknown;
  readonly where: string;
}

function unknownScope(scope: Scope, known: readonly string[], release: string): Problem {
  const name = String(scope.name);
  const later = SCOPE_RESOURCES[name] !== undefined;
  const suggestion = later ? undefined : closestName(name, known);
  return {
    message: `${scope.where} ${JSON.stringify(scope.name)} is not a quota scope of Kubernetes ${release}${later ? ` (it comes with ${VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE})` : ''}; it takes ${known.join(', ')}`,
    fix: later
      ? `remove it, or run Kubernetes ${VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE} or later`
      : suggestion === undefined
        ? `write one of ${known.join(', ')}`
        : `write ${suggestion}`,
  };
}

/** Resources of spec.hard the scope does not limit; names with a "/" (`count/...`, extended resources) it takes. */
function resourceProblems(scope: Scope, hard: readonly string[]): Problem[] {
  const name = String(scope.name);
  const limits = SCOPE_RESOURCES[name];
  return hard
    .filter((resource) => !resource.includes('/') && !limits.includes(resource))
    .map((resource) => ({
      message: `${scope.where} ${name} cannot limit spec.hard ${resource}, which the API server refuses (unsupported scope applied to resource); ${name} limits ${limits.join(', ')}`,
      fix: `limit ${resource} in a ResourceQuota without the ${name} scope`,
    }));
}

function conflictProblems(where: string, names: readonly unknown[]): Problem[] {
  return CONFLICTING.filter((pair) => pair.every((scope) => names.includes(scope))).map(([a, b]) => ({
    message: `${where} has both ${a} and ${b}, which no pod is at once; the API server refuses the quota (conflicting scopes)`,
    fix: 'keep one of them: a ResourceQuota for each limits both',
  }));
}

/** A scope selector requirement's operator and values. */
function requirementProblems(requirement: Json, where: string): Problem[] {
  const { scopeName, operator } = requirement;
  const values: unknown[] = Array.isArray(requirement.values) ? requirement.values : [];
  if (operator === undefined) {
    // The schema's finding: operator is required.
    return [];
  }
  if (!OPERATORS.includes(operator)) {
    return [
      {
        message: `${where}.operator ${JSON.stringify(operator)} is not a selector operator; it takes ${OPERATORS.join(', ')}`,
        fix: `write one of ${OPERATORS.join(', ')}`,
      },
    ];
  }
  if (EXISTS_ONLY.includes(scopeName) && operator !== 'Exists') {
    return [
      {
        message: `${where}.operator is ${JSON.stringify(operator)}; scope ${scopeName} takes only Exists`,
        fix: 'write operator: Exists and no values',
      },
    ];
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return [
      {
        message: `${where} has operator ${operator} and no values`,
        fix: 'list the priority classes in values, or write operator: Exists',
      },
    ];
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    return [
      {
        message: `${where} has operator ${operator} and values ${JSON.stringify(values)}, which it takes none of`,
        fix: 'remove the values, or write operator: In',
      },
    ];
  }
  return [];
}

/**
 * A ResourceQuota's scopes, as the API server validates them: scopes of the release (VolumeAttributesClass from 1.34),
 * each applied only to resources it can limit, none conflicting, and a selector's operators and values.
 */
export const quotaScopeRule: Rule = {
  id: 'quota-scope',
  description:
    "a ResourceQuota's scopes (spec.scopes and scopeSelector) are the release's, each applied to resources it limits, none conflicting; a scope selector's operators and values as the API server takes them",
  kinds: ['ResourceQuota'],
  check(object, context) {
    const spec = specOf(object);
    const release = context.kubernetesVersion;
    const known = scopesOf(release);
    const hard = Object.keys(spec.hard ?? {});
    const requirements: Json[] = spec.scopeSelector?.matchExpressions ?? [];
    const problems: Problem[] = [];
    const scopes: Scope[] = [
      ...((spec.scopes ?? []) as unknown[]).map((name, index) => ({ name, where: `spec.scopes[${index}]` })),
      ...requirements.map((requirement, index) => ({
        name: requirement.scopeName,
        where: `spec.scopeSelector.matchExpressions[${index}].scopeName`,
      })),
    ];
    for (const scope of scopes) {
      if (scope.name === undefined) {
        // A requirement without scopeName: the schema's finding.
        continue;
      }
      if (typeof scope.name !== 'string' || !known.includes(scope.name)) {
        problems.push(unknownScope(scope, known, release));
      } else {
        problems.push(...resourceProblems(scope, hard));
      }
    }
    problems.push(...conflictProblems('spec.scopes', spec.scopes ?? []));
    problems.push(
      ...conflictProblems(
        'spec.scopeSelector.matchExpressions',
        requirements.map((requirement) => requirement.scopeName),
      ),
    );
    requirements.forEach((requirement, index) => {
      const where = `spec.scopeSelector.matchExpressions[${index}]`;
      // An empty requirement (null, or {}) is the schema check's finding: it requires scopeName and operator.
      if (Object.keys(requirement ?? {}).length > 0) {
        problems.push(...requirementProblems(requirement, where));
      }
    });
    return problems;
  },
};

/** The resources a quota may limit by a name without a domain (core's standardQuotaResources), hugepages aside. */
export const QUOTA_RESOURCES = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
];
/** The resources counted in whole objects (core's integerResources); extended resources too. */
const COUNTED = [
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
];

/** Whether the API server reads a resource name as an extended resource (core's IsExtendedResourceName). */
export function isExtendedResourceName(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return !native && !name.startsWith('requests.') && isLabelKey(`requests.${name}`);
}

/** Why the API server refuses a resource name of a quota's spec.hard, or undefined. */
function hardNameProblem(name: string): string | undefined {
  if (!isLabelKey(name)) {
    return 'is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")';
  }
  return name.includes('/') || QUOTA_RESOURCES.includes(name) || /^(requests\.)?hugepages-/.test(name)
    ? undefined
    : `is not a resource a quota limits (${QUOTA_RESOURCES.slice(0, 4).join(', ')}, ..., or a name with a domain such as count/deployments.apps)`;
}

/**
 * What the API server refuses of a ResourceQuota's spec.hard (core's ValidateResourceQuotaSpec, the same on 1.27 and
 * 1.37): a resource name it does not know, a value below 0, a count of objects or of an extended resource that is not a
 * whole number. A value that is no quantity is the schema's.
 */
export const quotaHard: Rule = {
  id: 'quota-hard',
  description:
    "a ResourceQuota's spec.hard names resources a quota limits (standard names, hugepages, or names with a domain), with values of 0 or more, whole for counts and extended resources",
  kinds: ['ResourceQuota'],
  check(object) {
    const hard: Record<string, unknown> = specOf(object).hard ?? {};
    return Object.entries(hard).flatMap(([name, value]): Problem[] => {
      const wrongName = hardNameProblem(name);
      if (wrongName !== undefined) {
        return [
          {
            message: `spec.hard ${JSON.stringify(name)} ${wrongName}`,
            fix: 'name the resource to limit as the ResourceQuota reference lists it, e.g. requests.cpu or count/jobs.batch',
          },
        ];
      }
      const amount = parseQuantity(value);
      if (amount === undefined) {
        return [];
      }
      if (amount < 0) {
        return [{ message: `spec.hard ${name} is ${String(value)}, below 0`, fix: 'give a limit of 0 or more' }];
      }
      const counted = COUNTED.includes(name) || isExtendedResourceName(name);
      return counted && Math.ceil(amount * 1000) % 1000 !== 0
        ? [
            {
              message: `spec.hard ${name} is ${String(value)}, which is not a whole number; it counts ${isExtendedResourceName(name) ? 'units of an extended resource' : 'objects'}`,
              fix: 'give a whole number',
            },
          ]
        : [];
    });
  },
};

export const QUOTA_RULES: readonly Rule[] = [quotaScopeRule, quotaHard];
