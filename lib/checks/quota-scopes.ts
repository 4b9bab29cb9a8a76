import { PodTemplate } from './object-index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The requests and default limits a namespace's LimitRanges give a container that sets none. */
export interface ContainerDefaults {
  readonly request: ReadonlyMap<string, unknown>;
  readonly limit: ReadonlyMap<string, unknown>;
}

/** The resources a pod's quality of service is computed from (Kubernetes' qos.GetPodQOS). */
const QOS_RESOURCES = ['cpu', 'memory'];

/**
 * Whether the pods of `template` match a quota scope: Kubernetes' pod evaluator (pkg/quota/v1/evaluator/core/pods.go,
 * podMatchesScopeFunc). Undefined for a scope or operator it does not know (quota-scope reports those).
 */
function matchesScope(
  scopeName: string,
  operator: string,
  values: readonly unknown[],
  template: PodTemplate,
  defaults: ContainerDefaults,
): boolean | undefined {
  const spec = template.spec;
  switch (scopeName) {
    case 'Terminating':
      return typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0);
    case 'BestEffort':
      return isBestEffort(template, defaults);
    case 'NotBestEffort':
      return !isBestEffort(template, defaults);
    case 'PriorityClass':
      return matchesPriorityClass(
        operator,
        values,
        typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '',
      );
    case 'CrossNamespacePodAffinity':
      return hasCrossNamespaceAffinity(spec);
    case 'VolumeAttributesClass':
      return false; // a scope of claims: it counts no pod
    default:
      return undefined;
  }
}

function matchesPriorityClass(operator: string, values: readonly unknown[], name: string): boolean | undefined {
  switch (operator) {
    case 'In':
      return values.includes(name);
    case 'NotIn':
      return !values.includes(name);
    case 'Exists':
      return name !== '';
    case 'DoesNotExist':
      return name === '';
    default:
      return undefined;
  }
}

/** BestEffort: no container or init container requests or is limited to CPU or memory, LimitRange defaults included. */
function isBestEffort(template: PodTemplate, defaults: ContainerDefaults): boolean {
  if (QOS_RESOURCES.some((resource) => defaults.request.has(resource) || defaults.limit.has(resource))) {
    return false;
  }
  const containers = [...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])] as Json[];
  return containers.every((container) =>
    QOS_RESOURCES.every(
      (resource) =>
        container?.resources?.requests?.[resource] === undefined &&
        container?.resources?.limits?.[resource] === undefined,
    ),
  );
}

/** Whether a pod affinity or anti-affinity term names other namespaces (`namespaces` or a `namespaceSelector`). */
function hasCrossNamespaceAffinity(spec: Json): boolean {
  const terms = ['podAffinity', 'podAntiAffinity'].flatMap((kind) => {
    const affinity = spec.affinity?.[kind] ?? {};
    return [
      ...(affinity.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
        (weighted: Json) => weighted?.podAffinityTerm,
      ),
    ] as Json[];
  });
  return terms.some(
    (term) =>
      (term?.namespaces ?? []).length > 0 ||
      (term?.namespaceSelector !== undefined && term?.namespaceSelector !== null),
  );
}

/**
 * Whether a ResourceQuota of this spec counts the pods of `template`: every one of its `scopes` and of its
 * `scopeSelector`'s requirements must match (a quota without either counts every pod). Undefined when a scope or
 * operator is one this does not know: the caller leaves the quota alone.
 */
export function quotaAppliesTo(
  quotaSpec: Json,
  template: PodTemplate,
  defaults: ContainerDefaults,
): boolean | undefined {
  const requirements: { scopeName: string; operator: string; values: readonly unknown[] }[] = [
    ...((quotaSpec.scopes ?? []) as unknown[]).map((scope) => ({
      scopeName: String(scope),
      operator: 'Exists',
      values: [],
    })),
    ...((quotaSpec.scopeSelector?.matchExpressions ?? []) as Json[]).map((requirement) => ({
      scopeName: String(requirement?.scopeName),
      operator: String(requirement?.operator),
      values: Array.isArray(requirement?.values) ? requirement.values : [],
    })),
  ];
  let applies = true;
  for (const { scopeName, operator, values } of requirements) {
    const matches = matchesScope(scopeName, operator, values, template, defaults);
    if (matches === undefined) {
      return undefined;
    }
    applies &&= matches;
  }
  return applies;
}
