import { RenderedObject } from '../writer/render';
import { describeObject, Problem } from './finding';
import { ObjectIndex, PodTemplate, podTemplateOf } from './object-index';
import { scaledPodCount, steadyPods } from './replicas';
import { Rule, namespaceOf, specOf } from './rule';
import { isLabelKey } from '../constructs/validation';
import { Bound, LimitItem, isOvercommittable, storedLimits } from './limit-range-items';
import { CONTAINER_RESOURCES } from './pod-values';
import { QUOTA_RESOURCES } from './quota-rules';
import { ContainerDefaults, quotaAppliesTo } from './quota-scopes';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The ResourceQuota keys whose resource every container of a pod must request (or be limited to) before the API
 * server admits the pod: ResourceQuota admission refuses it otherwise ("must specify ..."), for CPU and memory only
 * (Kubernetes' pod evaluator, kept for backward compatibility), after LimitRange defaults and the default of a request
 * to its limit are applied.
 */
const MUST_SPECIFY: Readonly<Record<string, { readonly side: 'requests' | 'limits'; readonly resource: string }>> = {
  cpu: { side: 'requests', resource: 'cpu' },
  'requests.cpu': { side: 'requests', resource: 'cpu' },
  memory: { side: 'requests', resource: 'memory' },
  'requests.memory': { side: 'requests', resource: 'memory' },
  'limits.cpu': { side: 'limits', resource: 'cpu' },
  'limits.memory': { side: 'limits', resource: 'memory' },
};

/** The quotas of a namespace that count the pods of `template` (`quotaAppliesTo`: by their scopes). */
function quotasOf(index: ObjectIndex, namespace: string, template: PodTemplate, defaults: Defaults): RenderedObject[] {
  return index.ofKind('ResourceQuota', namespace).filter((quota) => quotaAppliesTo(specOf(quota), template, defaults));
}

/** The requests and default limits the namespace's LimitRanges give a container that sets none. */
type Defaults = ContainerDefaults;

/** The defaults as the API server stores them: a Container item's max is its default limit, its min its request. */
function defaultAmounts(index: ObjectIndex, namespace: string): Defaults {
  const request = new Map<string, unknown>();
  const limit = new Map<string, unknown>();
  for (const limitRange of index.ofKind('LimitRange', namespace)) {
    for (const item of storedLimits(limitRange)) {
      if (item.type === 'Container') {
        item.values.defaultRequest.forEach((bound, resource) => request.set(resource, bound.value));
        item.values.default.forEach((bound, resource) => limit.set(resource, bound.value));
      }
    }
  }
  return { request, limit };
}

/**
 * A pod template whose pods the API server would refuse in a namespace with a ResourceQuota on CPU or memory: a
 * container (or init container) that neither sets the request or limit the quota tracks nor gets it from a LimitRange
 * of the namespace. The workload is accepted; its controller then creates no pod (FailedCreate: "must specify ...").
 */
export const quotaResourcesSpecified: Rule = {
  id: 'quota-resources-specified',
  description:
    "every container of a pod in a namespace whose ResourceQuota tracks CPU or memory sets the request and limit it tracks, or gets them from the namespace's LimitRange",
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const namespace = namespaceOf(object);
    if (context.index.ofKind('ResourceQuota', namespace).length === 0) {
      return [];
    }
    const defaults = defaultAmounts(context.index, namespace);
    const quotas = quotasOf(context.index, namespace, template, defaults);
    const problems: Problem[] = [];
    for (const quota of quotas) {
      const tracked = Object.keys(specOf(quota).hard ?? {}).filter((key) => Object.hasOwn(MUST_SPECIFY, key));
      for (const container of containersOf(template)) {
        const missing = tracked.filter((key) => !specifies(container, MUST_SPECIFY[key], defaults));
        if (missing.length > 0) {
          problems.push(missingProblem(container, [...new Set(missing.map(quotaName))], quota, namespace));
        }
      }
    }
    return problems;
  },
};

function containersOf(template: PodTemplate): Json[] {
  return [...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])].filter(
    (container) => container !== null && typeof container === 'object',
  );
}

/** Whether the container has the request or limit, as written, defaulted from its limit, or from a LimitRange. */
function specifies(
  container: Json,
  need: { readonly side: 'requests' | 'limits'; readonly resource: string },
  defaults: Defaults,
): boolean {
  const resources = container.resources ?? {};
  const has = (side: 'requests' | 'limits') => resources[side]?.[need.resource] !== undefined;
  // The API server sets a request that is not given to its limit, or to the LimitRange's default limit.
  return need.side === 'requests'
    ? has('requests') || has('limits') || defaults.request.has(need.resource) || defaults.limit.has(need.resource)
    : has('limits') || defaults.limit.has(need.resource);
}

/** `requests.cpu` for both `cpu` and `requests.cpu`, as the API server names what is missing. */
function quotaName(key: string): string {
  const need = MUST_SPECIFY[key];
  return `${need.side}.${need.resource}`;
}

function missingProblem(
  container: Json,
  missing: readonly string[],
  quota: RenderedObject,
  namespace: string,
): Problem {
  const name = String(container.name);
  const props = missing.map((key) =>
    key.replace(
      /^(requests|limits)\.(cpu|memory)$/,
      (_all, side: string, resource: string) => `${resource}${side === 'requests' ? 'Request' : 'Limit'}`,
    ),
  );
  return {
    message: `container "${name}" sets no ${missing.join(' and no ')}, which ${describeObject(quota)} tracks, and no LimitRange of namespace ${namespace} gives ${missing.length === 1 ? 'it' : 'them'} a default: the API server refuses every pod of it (failed quota: must specify ${missing.join(',')})`,
    fix: `set the container's ${props.join(' and ')} (resources.${missing.join(', resources.')}), or give namespace ${namespace} containerDefaults (a LimitRange)`,
  };
}

/** A quota key whose usage the capacity rule adds up, and how much one object uses of it. */
type Usage = (object: RenderedObject, index: ObjectIndex) => number;

/**
 * What one pod of the template requests (or is limited to) of a resource, as quota counts it: the containers' sum
 * (sidecars, restartable init containers, included), or the largest init container's if more, with a request that is
 * not given taken from its limit or the namespace's LimitRange.
 */
function podAmount(template: PodTemplate, side: 'requests' | 'limits', resource: string, defaults: Defaults): number {
  const amount = (container: Json) => {
    const resources = container.resources ?? {};
    const given = resources[side]?.[resource] ?? (side === 'requests' ? resources.limits?.[resource] : undefined);
    const value =
      given ??
      (side === 'requests'
        ? (defaults.request.get(resource) ?? defaults.limit.get(resource))
        : defaults.limit.get(resource));
    return parseQuantity(value ?? 0) ?? 0;
  };
  const init = (template.spec.initContainers ?? []) as Json[];
  const sidecars = init.filter((container) => container?.restartPolicy === 'Always');
  const running = [...((template.spec.containers ?? []) as Json[]), ...sidecars].reduce(
    (sum, container) => sum + amount(container),
    0,
  );
  const largestInit = init
    .filter((container) => container?.restartPolicy !== 'Always')
    .reduce((most, container) => Math.max(most, amount(container)), 0);
  return Math.max(running, largestInit);
}

/** What one pod of a template uses of a quota key the capacity rule adds up. */
type PodUsage = (template: PodTemplate) => number;

/** How much of a key one pod uses, by the keys the capacity rule adds up over the pods of a namespace. */
const COMPUTE_KEYS: Readonly<Record<string, (defaults: Defaults) => PodUsage>> = {
  pods: () => () => 1,
  cpu: perPod('requests', 'cpu'),
  'requests.cpu': perPod('requests', 'cpu'),
  memory: perPod('requests', 'memory'),
  'requests.memory': perPod('requests', 'memory'),
  'limits.cpu': perPod('limits', 'cpu'),
  'limits.memory': perPod('limits', 'memory'),
  'ephemeral-storage': perPod('requests', 'ephemeral-storage'),
  'requests.ephemeral-storage': perPod('requests', 'ephemeral-storage'),
  'limits.ephemeral-storage': perPod('limits', 'ephemeral-storage'),
};

function perPod(side: 'requests' | 'limits', resource: string): (defaults: Defaults) => PodUsage {
  return (defaults) => (template) => podAmount(template, side, resource, defaults);
}

/**
 * The pods of an object that run all the time: its replicas (`steadyPods`), and one for a DaemonSet, whose pods are
 * one a node: a lower bound, for a cluster of at least one node.
 */
function runningPods(object: RenderedObject, index: ObjectIndex): number {
  return object.manifest.kind === 'DaemonSet' ? 1 : steadyPods(object, index);
}

/**
 * The pods a run of a Job or CronJob starts at once: its parallelism (1 when not given), no more than its completions;
 * 0 for any other kind.
 */
function podsOfRun(object: RenderedObject): number {
  const { kind } = object.manifest;
  const job = kind === 'Job' ? specOf(object) : kind === 'CronJob' ? specOf(object).jobTemplate?.spec : undefined;
  if (job === undefined || job === null) {
    return 0;
  }
  const count = (value: unknown, otherwise: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : otherwise;
  const parallelism = count(job.parallelism, 1);
  return Math.min(parallelism, count(job.completions, parallelism));
}

/** What the pods of `object` use of a key, `pods` of them. */
function usageOf(object: RenderedObject, pods: number, usage: PodUsage): number {
  const template = pods === 0 ? undefined : podTemplateOf(object);
  return template === undefined ? 0 : pods * usage(template);
}

/**
 * A ResourceQuota (without scopes) that the long-running pods of its namespace (Pods, and the replicas of
 * Deployments, StatefulSets, ReplicaSets and ReplicationControllers, an autoscaler's minReplicas, one pod a DaemonSet)
 * go over together, in pods, CPU, memory or node disk: the API server refuses the pods beyond it (exceeded quota), so
 * some workload never reaches its replicas. Or that leaves them no room for a pod of a Job's or CronJob's run: its
 * pods are refused while the others run, so it never runs. A warning when it leaves no room for a rollout's surge pods,
 * or for all the pods a run starts at once.
 */
export const quotaCapacity: Rule = {
  id: 'quota-capacity',
  description:
    'a ResourceQuota the long-running pods of its namespace go over together (pods, CPU, memory, node disk), or leave no room for a rollout',
  kinds: ['ResourceQuota'],
  check(quota, context) {
    const spec = specOf(quota);
    const namespace = namespaceOf(quota);
    const defaults = defaultAmounts(context.index, namespace);
    // The pods of the namespace this quota counts, by its scopes; none at all where a scope is one it does not know.
    const counted = new Map<RenderedObject, boolean | undefined>();
    for (const object of context.index.objects) {
      const template = namespaceOf(object) === namespace ? podTemplateOf(object) : undefined;
      if (template !== undefined) {
        counted.set(object, quotaAppliesTo(spec, template, defaults));
      }
    }
    if ([...counted.values()].includes(undefined)) {
      return [];
    }
    const inNamespace = [...counted.keys()].filter((object) => counted.get(object) === true);
    const runners = inNamespace.filter((object) => runningPods(object, context.index) > 0);
    const batches = inNamespace.filter((object) => podsOfRun(object) > 0);
    const problems: Problem[] = [];
    for (const [key, limit] of Object.entries((spec.hard ?? {}) as Record<string, unknown>)) {
      const perPodOf = COMPUTE_KEYS[key]?.(defaults);
      const allowed = parseQuantity(limit);
      // A limit below 0 is quota-hard's finding.
      if (perPodOf === undefined || allowed === undefined || allowed < 0) {
        continue;
      }
      const over = (amount: number) => amount > allowed * (1 + 1e-9);
      const uses = runners
        .map((object) => ({ object, amount: usageOf(object, runningPods(object, context.index), perPodOf) }))
        .filter((use) => use.amount > 0);
      const total = uses.reduce((sum, use) => sum + use.amount, 0);
      const need = `the pods namespace ${namespace} runs at once need ${key} ${format(key, total)}`;
      if (over(total)) {
        problems.push({
          message: `${need} (${uses.map((use) => `${describeObject(use.object)} ${format(key, use.amount)}`).join(', ')}), more than the ${format(key, allowed)} this quota allows: the API server refuses the pods beyond it (exceeded quota), so a workload never reaches its replicas`,
          fix: `raise hard["${key}"] to at least ${format(key, total)}, or lower the replicas or ${key === 'pods' ? 'the number of workloads' : 'the requests and limits'} of the workloads listed`,
        });
        continue;
      }
      problems.push(...batchProblems(batches, key, perPodOf, { need, total, allowed, over }));
      const surge = largestSurge(
        runners,
        (object, index) => usageOf(object, steadyPods(object, index), perPodOf),
        context.index,
      );
      if (surge !== undefined && over(total + surge.amount)) {
        problems.push({
          warning: true,
          message: `${need} of the ${format(key, allowed)} this quota allows, which leaves no room for the ${format(key, surge.amount)} of the surge pods of a rollout of ${describeObject(surge.object)}: the rollout waits for room (exceeded quota)`,
          fix: `raise hard["${key}"] to at least ${format(key, total + surge.amount)}, or roll ${describeObject(surge.object)} out with maxSurge 0`,
        });
      }
    }
    return problems;
  },
};

/**
 * What a quota leaves too little of, beside the pods that run all the time, for a run of each Job and CronJob: not a
 * pod of it (its pods are refused while the others run, so it never runs), or not all the pods it starts at once (it
 * runs them fewer at a time, a warning).
 */
function batchProblems(
  batches: readonly RenderedObject[],
  key: string,
  perPodOf: PodUsage,
  room: { need: string; total: number; allowed: number; over: (amount: number) => boolean },
): Problem[] {
  const problems: Problem[] = [];
  for (const batch of batches) {
    const pod = usageOf(batch, 1, perPodOf);
    const pods = podsOfRun(batch);
    const run = usageOf(batch, pods, perPodOf);
    const of = `${room.need} of the ${format(key, room.allowed)} this quota allows`;
    if (pod > 0 && room.over(room.total + pod)) {
      problems.push({
        message: `${of}, which leaves no room for a pod of ${describeObject(batch)} (${format(key, pod)}): the API server refuses its pods while the others run (exceeded quota), so it never runs`,
        fix: `raise hard["${key}"] to at least ${format(key, room.total + pod)}, or lower the replicas or ${key === 'pods' ? 'the number' : 'the requests and limits'} of the long-running workloads`,
      });
    } else if (pods > 1 && room.over(room.total + run)) {
      problems.push({
        warning: true,
        message: `${of}, which leaves room for fewer than the ${pods} pods a run of ${describeObject(batch)} starts at once (${format(key, run)}): it runs them fewer at a time (exceeded quota)`,
        fix: `raise hard["${key}"] to at least ${format(key, room.total + run)}, or lower its parallelism`,
      });
    }
  }
  return problems;
}

/** The rollout of a Deployment whose surge pods use the most of a key: replicas × maxSurge (25% when not given). */
function largestSurge(
  runners: readonly RenderedObject[],
  usageOf: Usage,
  index: ObjectIndex,
): { object: RenderedObject; amount: number } | undefined {
  let largest: { object: RenderedObject; amount: number } | undefined;
  for (const object of runners) {
    if (object.manifest.kind !== 'Deployment' || specOf(object).strategy?.type === 'Recreate') {
      continue;
    }
    const replicas = steadyPods(object, index);
    const maxSurge: unknown = specOf(object).strategy?.rollingUpdate?.maxSurge ?? '25%';
    const surgePods = scaledPodCount(maxSurge, replicas) ?? 0;
    const amount = replicas === 0 ? 0 : (usageOf(object, index) / replicas) * surgePods;
    if (amount > 0 && (largest === undefined || amount > largest.amount)) {
      largest = { object, amount };
    }
  }
  return largest;
}

/** A usage as the quota key is read: CPU in cores (`1.5`), memory and disk in bytes with a binary suffix when whole. */
function format(key: string, value: number): string {
  if (key === 'pods' || key.endsWith('cpu')) {
    return String(Math.round(value * 1000) / 1000);
  }
  for (const [suffix, size] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (value >= size && Number.isInteger(value / size)) {
      return `${value / size}${suffix}`;
    }
  }
  return String(Math.round(value));
}

/** The fields of a LimitRange item, in the order the API server requires their values per resource (min ≤ ... ≤ max). */
const LIMIT_ORDER = ['min', 'defaultRequest', 'default', 'max'] as const;

/** What the fields are called in a message: `default` is the default limit. */
const LIMIT_WORDS: Readonly<Record<(typeof LIMIT_ORDER)[number], string>> = {
  min: 'minimum',
  defaultRequest: 'default request',
  default: 'default limit',
  max: 'maximum',
};

/**
 * A LimitRange item whose values are out of order for a resource: the API server requires min ≤ defaultRequest ≤
 * default ≤ max and refuses the LimitRange otherwise. Values that are no quantity are the schema check's.
 */
export const quotaValues: Rule = {
  id: 'quota-values',
  description:
    "a LimitRange's items of a type the API server takes (Pod, Container, PersistentVolumeClaim or a qualified name with a domain), once each, of resources it knows (a container's for Pod and Container items) or qualified with a domain, a Pod item without defaults, a PersistentVolumeClaim item with a storage min or max, and values in order: min ≤ defaultRequest ≤ default ≤ max for each resource, default and defaultRequest one value of a resource that cannot be overcommitted (hugepages-<size>, example.com/gpu)",
  kinds: ['LimitRange'],
  check(object) {
    const items = (specOf(object).limits ?? []) as Json[];
    const types = items.map((item) => item?.type);
    const problems = items.flatMap((item, position) =>
      item === null || typeof item !== 'object'
        ? []
        : [
            ...typeProblems(item, `spec.limits[${position}]`, types.indexOf(item.type) !== position),
            ...resourceNameProblems(item, `spec.limits[${position}]`),
            ...orderProblems(item, `spec.limits[${position}]`),
            ...ratioProblems(item, `spec.limits[${position}]`),
          ],
    );
    const containerItems = storedLimits(object).filter((item) => item.type === 'Container');
    return [...problems, ...containerItems.flatMap(overcommitProblems)];
  },
};

/**
 * A Container item's default and default request, as stored (a default limit copied from max counts), that differ for
 * a resource that cannot be overcommitted: core's ValidateLimitRange refuses the LimitRange.
 */
function overcommitProblems(item: LimitItem): Problem[] {
  const problems: Problem[] = [];
  for (const [resource, request] of item.values.defaultRequest) {
    const limit = item.values.default.get(resource);
    if (limit === undefined || isOvercommittable(resource) || limit.amount === request.amount) {
      continue;
    }
    const from = (bound: Bound) => (bound.from === undefined ? '' : `, from ${bound.from}`);
    problems.push({
      message: `${item.where}.defaultRequest["${resource}"] ${request.value} is not its default limit ${limit.value} (${item.where}.default${from(limit)})${request.from === undefined ? '' : ` (copied from ${request.from})`}, and ${resource} cannot be overcommitted (a request is its limit): the API server refuses the LimitRange (default value ${limit.value} must equal to defaultRequest value ${request.value} in ${resource})`,
      fix: `give ${resource} one value in default and defaultRequest (${limit.value}), or leave its defaultRequest out: it then takes the default limit`,
    });
  }
  return problems;
}

/** The types of limit the API server knows; another must be a qualified name with a domain (`example.com/gpu`). */
const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

/** What the API server refuses of a LimitRange item's type and the fields its type takes (core's ValidateLimitRange). */
function typeProblems(item: Json, where: string, repeated: boolean): Problem[] {
  const type: unknown = item.type;
  const text = String(type);
  if (!(typeof type === 'string' && isLabelKey(type) && (type.includes('/') || LIMIT_TYPES.includes(type)))) {
    return [
      {
        message: `${where}.type ${JSON.stringify(type ?? null)} is not a type of limit (${LIMIT_TYPES.join(', ')}, or a qualified name with a domain such as "example.com/gpu")`,
        fix: `use one of ${LIMIT_TYPES.join(', ')}`,
      },
    ];
  }
  const problems: Problem[] = [];
  if (repeated) {
    problems.push({
      message: `${where}.type ${text} is the type of an earlier item; the API server takes one item of each type`,
      fix: `merge the ${text} items into one`,
    });
  }
  if (
    type === 'Pod' &&
    (Object.keys(item.default ?? {}).length > 0 || Object.keys(item.defaultRequest ?? {}).length > 0)
  ) {
    problems.push({
      message: `${where} of type Pod sets default or defaultRequest, which the API server refuses (a pod gets no default of its own; its containers do)`,
      fix: 'move the defaults to an item of type Container',
    });
  }
  if (type === 'PersistentVolumeClaim' && item.min?.storage === undefined && item.max?.storage === undefined) {
    problems.push({
      message: `${where} of type PersistentVolumeClaim has neither a min nor a max storage, which the API server refuses`,
      fix: 'set min.storage or max.storage',
    });
  }
  return problems;
}

/** The resources every LimitRange type may limit without a domain (core's standardResources): a quota's, and storage. */
const STANDARD_RESOURCES = [...QUOTA_RESOURCES, 'storage'];

/**
 * The resources a LimitRange item names (the keys of its min, max, defaults and ratio) that the API server refuses
 * (validateLimitRangeResourceName): one that is no qualified name, or without a domain one it does not know; a Pod
 * or Container item only those of containers.
 */
function resourceNameProblems(item: Json, where: string): Problem[] {
  const container = item.type === 'Pod' || item.type === 'Container';
  const problems: Problem[] = [];
  for (const field of [...LIMIT_ORDER, 'maxLimitRequestRatio']) {
    const values = item[field];
    for (const name of values !== null && typeof values === 'object' ? Object.keys(values) : []) {
      const standard = container
        ? CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-')
        : STANDARD_RESOURCES.includes(name) || /^(requests\.)?hugepages-/.test(name);
      if (!isLabelKey(name) || (!name.includes('/') && !standard)) {
        problems.push({
          message: `${where}.${field} names ${JSON.stringify(name)}, which is not ${container ? 'a resource of containers' : 'a standard resource'} nor a qualified name with a domain`,
          fix: container
            ? 'limit cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource such as example.com/gpu'
            : 'limit a standard resource such as storage, or one qualified with a domain',
        });
      }
    }
  }
  return problems;
}

/** Each pair of a LimitRange item's values of one resource that is out of order. */
function orderProblems(item: Json, where: string): Problem[] {
  const problems: Problem[] = [];
  const resources = new Set(LIMIT_ORDER.flatMap((field) => Object.keys(item[field] ?? {})));
  for (const resource of resources) {
    const given = LIMIT_ORDER.filter((field) => item[field]?.[resource] !== undefined).map((field) => ({
      field,
      value: item[field][resource],
      amount: parseQuantity(item[field][resource]),
    }));
    for (let lower = 0; lower < given.length; lower++) {
      for (let upper = lower + 1; upper < given.length; upper++) {
        const [low, high] = [given[lower], given[upper]];
        if (low.amount !== undefined && high.amount !== undefined && low.amount > high.amount) {
          problems.push({
            message: `${where}.${low.field}["${resource}"] ${String(low.value)} is more than its ${LIMIT_WORDS[high.field]} ${String(high.value)} (${where}.${high.field}): the API server refuses the LimitRange`,
            fix: `lower the ${LIMIT_WORDS[low.field]} of ${resource}, or raise its ${LIMIT_WORDS[high.field]}`,
          });
        }
      }
    }
  }
  return problems;
}

/**
 * A maxLimitRequestRatio the API server refuses (ValidateLimitRange): one below 1, or one above the item's max over its
 * min of the resource (a min of 0 or less bounds nothing).
 */
function ratioProblems(item: Json, where: string): Problem[] {
  const problems: Problem[] = [];
  const ratios = item.maxLimitRequestRatio;
  for (const [resource, value] of Object.entries(ratios !== null && typeof ratios === 'object' ? ratios : {})) {
    const ratio = parseQuantity(value);
    const field = `${where}.maxLimitRequestRatio["${resource}"] ${String(value)}`;
    if (ratio === undefined) {
      continue;
    }
    if (ratio < 1) {
      problems.push({
        message: `${field} is less than 1: the API server refuses the LimitRange (ratio ${String(value)} is less than 1)`,
        fix: 'give a ratio of 1 or more (a limit at most that many times the request)',
      });
      continue;
    }
    const min = parseQuantity(item.min?.[resource]);
    const max = parseQuantity(item.max?.[resource]);
    if (min !== undefined && max !== undefined && min > 0 && ratio > (max / min) * (1 + 1e-9)) {
      const most = max / min;
      problems.push({
        message: `${field} is more than its maximum over its minimum (${String(item.max[resource])} / ${String(item.min[resource])} = ${Math.round(most * 1e6) / 1e6}): the API server refuses the LimitRange (ratio ${String(value)} is greater than max/min = ${most.toFixed(6)})`,
        fix: `lower the ratio of ${resource} to at most ${Math.round(most * 1e6) / 1e6}, or widen its min and max`,
      });
    }
  }
  return problems;
}

export const QUOTA_ADMISSION_RULES: readonly Rule[] = [quotaValues, quotaResourcesSpecified, quotaCapacity];
