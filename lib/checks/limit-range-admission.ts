import { kindsWith } from '../kinds/kinds';
import { compareReleases } from '../config/kubernetes-version';
import { RenderedObject } from '../writer/render';
import { describeObject, Problem } from './finding';
import { Bound, LimitItem, isOvercommittable, storedLimits } from './limit-range-items';
import { ObjectIndex, PodTemplate, podTemplateOf } from './object-index';
import { POD_LEVEL_RESOURCES_SINCE } from './pod-values';
import { above, formatAmount } from './resource-amounts';
import { Rule, namespaceOf, specOf } from './rule';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The release from which LimitRanger adds up a pod's requests and limits (a LimitRange item of type Pod) as the
 * scheduler does: a resource that some container sets, and sidecars beside every later init container. Before it, a
 * resource that one container leaves out is missing from the sum ("No limit is specified"), and each init container
 * counts alone (Kubernetes 1.28 took pkg/api/v1/resource's PodRequests; 1.27 refuses the pod, 1.37 takes it: the e2e
 * suite holds both).
 */
export const POD_SUMS_SINCE = '1.28';

type Side = 'requests' | 'limits';

/** Where a request or limit of an admitted container comes from. */
type Source =
  | { readonly kind: 'written' }
  /** A request the API server sets to the container's limit (the pod's defaults, before admission). */
  | { readonly kind: 'own limit' }
  /** A LimitRange's default (LimitRanger's mutation). */
  | { readonly kind: 'default'; readonly item: LimitItem; readonly bound: Bound }
  /** The pod's own request or limit (spec.resources), which stands for its containers' sum (PodLevelResources). */
  | { readonly kind: 'pod level'; readonly side: Side; readonly from?: 'limits' };

interface Amount {
  readonly value: string;
  readonly amount: number;
  readonly source: Source;
}

/** A container of a pod as LimitRanger validates it: after the pod's defaults and the LimitRanges' defaults. */
interface AdmittedContainer {
  readonly name: string;
  /** `spec.containers[0]` or `spec.initContainers[0]`, as the API server names it in a pod. */
  readonly path: string;
  readonly init: boolean;
  readonly sidecar: boolean;
  readonly requests: ReadonlyMap<string, Amount>;
  readonly limits: ReadonlyMap<string, Amount>;
}

/** The default request and limit of each resource a container that sets none gets, with the item that gives it. */
interface Defaults {
  readonly requests: ReadonlyMap<string, Source>;
  readonly limits: ReadonlyMap<string, Source>;
}

/** A problem of a pod, with a key that names it apart from the defaults that made it (`problemsInEveryOrder`). */
interface KeyedProblem extends Problem {
  readonly key: string;
}

/** The LimitRanges of a namespace in the order they are written (and so indexed). */
function limitRangesIn(index: ObjectIndex, namespace: string): readonly RenderedObject[] {
  return index.ofKind('LimitRange', namespace);
}

/** The most LimitRanges of one namespace whose orders the pod rule tries when their defaults differ. */
const MOST_ORDERS_OF = 5;

/**
 * The defaults LimitRanger may give a container: each LimitRange in turn sets the defaults the container does not have
 * yet, in the order its informer lists them, which is no order anyone chooses; so, where two LimitRanges give different
 * defaults of one resource, every order's (up to MOST_ORDERS_OF LimitRanges; none beyond, and the rule says nothing).
 */
function possibleDefaults(limitRanges: readonly RenderedObject[]): Defaults[] {
  const givers = limitRanges.filter((limitRange) =>
    storedLimits(limitRange).some(
      (item) => item.type === 'Container' && (item.values.default.size > 0 || item.values.defaultRequest.size > 0),
    ),
  );
  if (givers.length <= 1) {
    return [defaultsInOrder(givers)];
  }
  if (givers.length > MOST_ORDERS_OF) {
    return [];
  }
  const seen = new Map<string, Defaults>();
  for (const order of permutations(givers)) {
    const defaults = defaultsInOrder(order);
    seen.set(defaultsKey(defaults), defaults);
  }
  return [...seen.values()];
}

function defaultsInOrder(limitRanges: readonly RenderedObject[]): Defaults {
  const requests = new Map<string, Source>();
  const limits = new Map<string, Source>();
  for (const limitRange of limitRanges) {
    const own = { requests: new Map<string, Source>(), limits: new Map<string, Source>() };
    // Within one LimitRange a later Container item's default wins (the API server takes one item of each type).
    for (const item of storedLimits(limitRange).filter((candidate) => candidate.type === 'Container')) {
      item.values.defaultRequest.forEach((bound, resource) =>
        own.requests.set(resource, { kind: 'default', item, bound }),
      );
      item.values.default.forEach((bound, resource) => own.limits.set(resource, { kind: 'default', item, bound }));
    }
    own.requests.forEach((source, resource) => requests.has(resource) || requests.set(resource, source));
    own.limits.forEach((source, resource) => limits.has(resource) || limits.set(resource, source));
  }
  return { requests, limits };
}

function defaultsKey(defaults: Defaults): string {
  const text = (map: ReadonlyMap<string, Source>) =>
    [...map.entries()]
      .map(
        ([resource, source]) =>
          `${resource}=${source.kind === 'default' ? source.bound.field : ''}@${source.kind === 'default' ? describeObject(source.item.limitRange) : ''}`,
      )
      .sort()
      .join(',');
  return `${text(defaults.requests)};${text(defaults.limits)}`;
}

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) {
    return [[...list]];
  }
  return list.flatMap((first, position) =>
    permutations([...list.slice(0, position), ...list.slice(position + 1)]).map((rest) => [first, ...rest]),
  );
}

/** A container's requests or limits as written: those that are quantities. */
function written(container: Json, side: Side): Map<string, Amount> {
  const result = new Map<string, Amount>();
  const list = container.resources?.[side];
  if (list !== null && typeof list === 'object') {
    for (const [resource, value] of Object.entries(list)) {
      const amount = parseQuantity(value);
      if (amount !== undefined) {
        result.set(resource, { value: String(value), amount, source: { kind: 'written' } });
      }
    }
  }
  return result;
}

/** The containers of a pod as LimitRanger validates them, with these defaults. */
function admittedContainers(spec: Json, defaults: Defaults): AdmittedContainer[] {
  const admit = (container: Json, path: string, init: boolean): AdmittedContainer => {
    const limits = written(container, 'limits');
    const requests = written(container, 'requests');
    // The pod's defaults, before admission: a request not given is its limit.
    limits.forEach(
      (limit, resource) =>
        requests.has(resource) || requests.set(resource, { ...limit, source: { kind: 'own limit' } }),
    );
    const fill = (target: Map<string, Amount>, from: ReadonlyMap<string, Source>) =>
      from.forEach((source, resource) => {
        if (!target.has(resource) && source.kind === 'default') {
          target.set(resource, { value: source.bound.value, amount: source.bound.amount, source });
        }
      });
    fill(limits, defaults.limits);
    fill(requests, defaults.requests);
    return {
      name: String(container.name),
      path,
      init,
      sidecar: init && container.restartPolicy === 'Always',
      requests,
      limits,
    };
  };
  const isContainer = (container: unknown) => container !== null && typeof container === 'object';
  return [
    ...((spec.containers ?? []) as Json[]).flatMap((container, position) =>
      isContainer(container) ? [admit(container, `spec.containers[${position}]`, false)] : [],
    ),
    ...((spec.initContainers ?? []) as Json[]).flatMap((container, position) =>
      isContainer(container) ? [admit(container, `spec.initContainers[${position}]`, true)] : [],
    ),
  ];
}

/** A request and limit LimitRanger checks against an item: a container's, or the pod's sums. */
interface Subject {
  /** `container "app"`, `init container "setup"`, `the pod (its containers together)`. */
  readonly name: string;
  readonly key: string;
  readonly requests: ReadonlyMap<string, Amount>;
  readonly limits: ReadonlyMap<string, Amount>;
  /** For a container: what to set, `resources.requests.cpu` of the container. */
  readonly own: string;
}

function containerSubject(container: AdmittedContainer): Subject {
  return {
    name: `${container.init ? 'init container' : 'container'} "${container.name}"`,
    key: container.path,
    requests: container.requests,
    limits: container.limits,
    own: "the container's",
  };
}

/** The words the API server gives a pod LimitRanger refuses, and what becomes of the object. */
function refusal(owner: RenderedObject): string {
  return owner.manifest.kind === 'Pod'
    ? 'the API server refuses the pod'
    : 'the API server takes it and refuses every pod of it, so its controller creates none (FailedCreate)';
}

function limitRangeOf(item: LimitItem): string {
  return describeObject(item.limitRange);
}

/** `the minimum 100m of LimitRange shop/limits (spec.limits[0].min["cpu"])`. */
function boundPhrase(words: string, bound: Bound, item: LimitItem): string {
  return `the ${words} ${bound.value} of ${limitRangeOf(item)} (${bound.field})`;
}

/** Where a request or limit comes from, when not written as it is. */
function provenance(amount: Amount): string {
  const { source } = amount;
  switch (source.kind) {
    case 'own limit':
      return ' (its limit, which the API server takes for a request not given)';
    case 'default':
      return ` (the default of ${limitRangeOf(source.item)}, ${source.bound.field}${
        source.bound.from === undefined ? '' : `, which the API server copies from its ${source.bound.from}`
      })`;
    case 'pod level':
      return source.from === undefined
        ? ` (the pod's own, spec.resources.${source.side})`
        : " (the pod's own limit, spec.resources.limits, which the API server takes for its request)";
    default:
      return '';
  }
}

function requestPhrase(amount: Amount, resource: string): string {
  return `requests ${resource} ${amount.value}${provenance(amount)}`;
}

function limitPhrase(amount: Amount, resource: string): string {
  return `has a ${resource} limit of ${amount.value}${provenance(amount)}`;
}

/**
 * What LimitRanger refuses of one subject against one item of type `type` (Kubernetes' minConstraint, maxConstraint
 * and limitRequestRatioConstraint): a request below the min (or none), a limit below it; a limit above the max (or
 * none), a request above it; no request or limit, or a limit more than maxLimitRequestRatio times the request.
 */
function constraintProblems(
  subject: Subject,
  item: LimitItem,
  type: string,
  owner: RenderedObject,
  skip: (resource: string) => boolean = () => false,
): KeyedProblem[] {
  const problems: KeyedProblem[] = [];
  const add = (check: string, resource: string, message: string, words: string, fix: string) =>
    problems.push({
      key: `${subject.key}|${item.where}|${limitRangeOf(item)}|${check}|${resource}`,
      message: `${subject.name} ${message}: ${refusal(owner)} (LimitRanger: "${words}")`,
      fix,
    });
  const of = (bound: Bound) => `${bound.field} of ${limitRangeOf(item)}`;
  for (const [resource, min] of item.values.min) {
    if (skip(resource)) {
      continue;
    }
    const request = subject.requests.get(resource);
    const limit = subject.limits.get(resource);
    const usage = `minimum ${resource} usage per ${type} is ${min.value}`;
    const fix = `request at least ${min.value} of ${resource} (resources.requests.${resource} of ${subject.own}), or lower ${of(min)}`;
    if (request === undefined) {
      add(
        'min',
        resource,
        `requests no ${resource}, which ${boundPhrase('minimum', min, item)} requires`,
        `${usage}.  No request is specified`,
        fix,
      );
    } else if (above(min.amount, request.amount)) {
      add(
        'min',
        resource,
        `${requestPhrase(request, resource)}, below ${boundPhrase('minimum', min, item)}`,
        `${usage}, but request is ${request.value}`,
        fix,
      );
    } else if (limit !== undefined && above(min.amount, limit.amount)) {
      add(
        'min',
        resource,
        `${limitPhrase(limit, resource)}, below ${boundPhrase('minimum', min, item)}`,
        `${usage}, but limit is ${limit.value}`,
        `raise the ${resource} limit (resources.limits.${resource} of ${subject.own}) to at least ${min.value}, or lower ${of(min)}`,
      );
    }
  }
  for (const [resource, max] of item.values.max) {
    if (skip(resource)) {
      continue;
    }
    const request = subject.requests.get(resource);
    const limit = subject.limits.get(resource);
    const usage = `maximum ${resource} usage per ${type} is ${max.value}`;
    const fix = `set a ${resource} limit of at most ${max.value} (resources.limits.${resource} of ${subject.own}), or raise ${of(max)}`;
    if (limit === undefined) {
      add(
        'max',
        resource,
        `has no ${resource} limit, which ${boundPhrase('maximum', max, item)} requires`,
        `${usage}.  No limit is specified`,
        fix,
      );
    } else if (above(limit.amount, max.amount)) {
      add(
        'max',
        resource,
        `${limitPhrase(limit, resource)}, above ${boundPhrase('maximum', max, item)}`,
        `${usage}, but limit is ${limit.value}`,
        fix,
      );
    } else if (request !== undefined && above(request.amount, max.amount)) {
      add(
        'max',
        resource,
        `${requestPhrase(request, resource)}, above ${boundPhrase('maximum', max, item)}`,
        `${usage}, but request is ${request.value}`,
        `lower the ${resource} request (resources.requests.${resource} of ${subject.own}) to at most ${max.value}, or raise ${of(max)}`,
      );
    }
  }
  for (const [resource, ratio] of item.values.maxLimitRequestRatio) {
    if (skip(resource)) {
      continue;
    }
    const request = subject.requests.get(resource);
    const limit = subject.limits.get(resource);
    const usage = `${resource} max limit to request ratio per ${type} is ${ratio.value}`;
    const fix = `set both a ${resource} request and a limit of at most ${ratio.value} times it (resources.requests.${resource} and resources.limits.${resource} of ${subject.own}), or raise ${of(ratio)}`;
    const needs = `which ${boundPhrase('maxLimitRequestRatio', ratio, item)} requires`;
    if (request === undefined || request.amount === 0) {
      add(
        'ratio',
        resource,
        `requests no ${resource} (or 0), ${needs}`,
        `${usage}, but no request is specified or request is 0`,
        fix,
      );
    } else if (limit === undefined || limit.amount === 0) {
      add(
        'ratio',
        resource,
        `has no ${resource} limit (or 0), ${needs}`,
        `${usage}, but no limit is specified or limit is 0`,
        fix,
      );
    } else if (above(Math.abs(limit.amount) / Math.abs(request.amount), ratio.amount)) {
      const observed = Math.abs(limit.amount) / Math.abs(request.amount);
      add(
        'ratio',
        resource,
        `${limitPhrase(limit, resource)} and ${requestPhrase(request, resource)}: ${observed.toFixed(2)} times, above ${boundPhrase('maxLimitRequestRatio', ratio, item)}`,
        `${usage}, but provided ratio is ${observed.toFixed(6)}`,
        fix,
      );
    }
  }
  return problems;
}

/** A sum of requests or limits as the pod's, in the units a message reads: cores, bytes with a binary suffix. */
function sumAmount(resource: string, amount: number): Amount {
  return { value: formatAmount(resource, amount), amount, source: { kind: 'written' } };
}

function addTo(sums: Map<string, number>, list: ReadonlyMap<string, Amount>): void {
  list.forEach((value, resource) => sums.set(resource, (sums.get(resource) ?? 0) + value.amount));
}

function maxInto(sums: Map<string, number>, list: ReadonlyMap<string, number>): void {
  list.forEach((value, resource) => {
    const current = sums.get(resource);
    if (current === undefined || value > current) {
      sums.set(resource, value);
    }
  });
}

/**
 * The pod's requests or limits as a LimitRange item of type Pod reads them. From POD_SUMS_SINCE, the scheduler's: the
 * containers' and sidecars' sum, or more where an init container with the sidecars started before it needs more.
 * Before it, the containers' sum of the resources every container sets, or more where one init container needs more.
 */
function podSums(containers: readonly AdmittedContainer[], side: Side, release: string): Map<string, Amount> {
  const list = (container: AdmittedContainer) => container[side];
  const regular = containers.filter((container) => !container.init);
  const init = containers.filter((container) => container.init);
  const sums = new Map<string, number>();
  if (compareReleases(release, POD_SUMS_SINCE) >= 0) {
    regular.forEach((container) => addTo(sums, list(container)));
    const sidecars = new Map<string, number>();
    const initNeeds = new Map<string, number>();
    for (const container of init) {
      if (container.sidecar) {
        addTo(sums, list(container));
        addTo(sidecars, list(container));
        maxInto(initNeeds, sidecars);
      } else {
        const need = new Map(sidecars);
        addTo(need, list(container));
        maxInto(initNeeds, need);
      }
    }
    maxInto(sums, initNeeds);
  } else {
    const everyone = new Set(regular.flatMap((container) => [...list(container).keys()]));
    for (const resource of everyone) {
      if (regular.every((container) => list(container).has(resource))) {
        sums.set(
          resource,
          regular.reduce((sum, container) => sum + list(container).get(resource)!.amount, 0),
        );
      }
    }
    init.forEach((container) =>
      maxInto(sums, new Map([...list(container)].map(([name, value]) => [name, value.amount]))),
    );
  }
  return new Map([...sums].map(([resource, amount]) => [resource, sumAmount(resource, amount)]));
}

/** The resources LimitRanger reads of a pod's own requests and limits (isSupportedPodLevelResource). */
const POD_LEVEL_RESOURCES = ['cpu', 'memory'];

/**
 * A pod's sums of one side with its own requests or limits (spec.resources) in their place, from the release that
 * has them (PodLevelResources): LimitRanger's podRequests and podLimits override the sums of cpu and memory with them.
 * A pod of own limits gets own requests where it gives none (the pod defaults, defaultPodRequests): its containers'
 * requests of the resource in all, where they have some before LimitRanger, else its limit.
 */
function withPodLevel(
  sums: Map<string, Amount>,
  containers: readonly AdmittedContainer[],
  spec: Json,
  side: Side,
  release: string,
): Map<string, Amount> {
  const own = spec.resources;
  if (compareReleases(release, POD_LEVEL_RESOURCES_SINCE) < 0 || own === null || typeof own !== 'object') {
    return sums;
  }
  const limits = own.limits !== null && typeof own.limits === 'object' ? own.limits : {};
  const written = side === 'requests' ? writtenRequestSums(containers, release) : new Map<string, Amount>();
  const result = new Map(sums);
  for (const resource of POD_LEVEL_RESOURCES) {
    const value = own[side]?.[resource];
    const amount = parseQuantity(value);
    if (amount !== undefined) {
      result.set(resource, { value: String(value), amount, source: { kind: 'pod level', side } });
    } else if (side === 'requests' && Object.keys(limits).length > 0) {
      const limit = parseQuantity(limits[resource]);
      const fromContainers = written.get(resource);
      if (fromContainers !== undefined) {
        result.set(resource, fromContainers);
      } else if (limit !== undefined) {
        result.set(resource, {
          value: String(limits[resource]),
          amount: limit,
          source: { kind: 'pod level', side, from: 'limits' },
        });
      }
    }
  }
  return result;
}

/** The containers' requests in all as the pod defaults read them, before LimitRanger: none of a LimitRange's. */
function writtenRequestSums(containers: readonly AdmittedContainer[], release: string): Map<string, Amount> {
  const own = containers.map((container) => ({
    ...container,
    requests: new Map([...container.requests].filter(([, amount]) => amount.source.kind !== 'default')),
  }));
  return podSums(own, 'requests', release);
}

/** The resources whose request may not exceed the limit, as the pod validation after admission checks them. */
const OVERCOMMITTED = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * What the pod's validation, after LimitRanger's defaults, refuses of a container because of a default: a negative
 * request or limit, or a request above the limit where one of the two is a LimitRange's default.
 */
function defaultedValueProblems(container: AdmittedContainer, owner: RenderedObject): KeyedProblem[] {
  const subject = containerSubject(container);
  const problems: KeyedProblem[] = [];
  // A negative default limit and the request the API server copies from it are one mistake: one finding.
  const resources = new Set([...container.limits.keys(), ...container.requests.keys()]);
  for (const resource of resources) {
    const negative = (['limits', 'requests'] as const).flatMap((side) => {
      const amount = container[side].get(resource);
      return amount !== undefined && amount.source.kind === 'default' && amount.amount < 0 ? [{ side, amount }] : [];
    });
    if (negative.length === 0) {
      continue;
    }
    const parts = negative.map(({ side, amount }) =>
      side === 'limits' ? limitPhrase(amount, resource) : requestPhrase(amount, resource),
    );
    const [first] = negative;
    const fields = negative.map(({ amount }) => (amount.source.kind === 'default' ? amount.source.bound.field : ''));
    const limitRange = first.amount.source.kind === 'default' ? limitRangeOf(first.amount.source.item) : '';
    problems.push({
      key: `${subject.key}|negative|${resource}`,
      message: `${subject.name} ${parts.join(' and ')}, below 0: ${refusal(owner)} (${container.path}.resources.${first.side}[${resource}]: Invalid value: "${first.amount.value}": must be greater than or equal to 0)`,
      fix: `set ${resource} in resources.${first.side} of the container, or make ${fields.join(' and ')} of ${limitRange} 0 or more`,
    });
  }
  for (const resource of OVERCOMMITTED) {
    const request = container.requests.get(resource);
    const limit = container.limits.get(resource);
    if (
      request !== undefined &&
      limit !== undefined &&
      (request.source.kind === 'default' || limit.source.kind === 'default') &&
      request.amount >= 0 &&
      limit.amount >= 0 &&
      above(request.amount, limit.amount)
    ) {
      problems.push({
        key: `${subject.key}|request-above-limit|${resource}`,
        message: `${subject.name} ${requestPhrase(request, resource)} and ${limitPhrase(limit, resource)}, a request above its limit: ${refusal(owner)} (${container.path}.resources.requests: Invalid value: "${request.value}": must be less than or equal to ${resource} limit)`,
        fix:
          limit.source.kind === 'default'
            ? `set the container's ${resource} limit (resources.limits.${resource}) to at least its request, or lower its request to ${limit.value} or less`
            : `set the container's ${resource} request (resources.requests.${resource}) to at most its limit ${limit.value}`,
      });
    }
  }
  // A resource that cannot be overcommitted is requested at its limit: the pod validation refuses a request and a
  // limit of it that differ, one of them a default (both defaults apart are the LimitRange's finding, quota-values').
  for (const resource of container.requests.keys()) {
    const request = container.requests.get(resource)!;
    const limit = container.limits.get(resource);
    if (
      limit === undefined ||
      isOvercommittable(resource) ||
      (request.source.kind === 'default') === (limit.source.kind === 'default') ||
      !(above(request.amount, limit.amount) || above(limit.amount, request.amount))
    ) {
      continue;
    }
    problems.push({
      key: `${subject.key}|request-not-limit|${resource}`,
      message: `${subject.name} ${requestPhrase(request, resource)} and ${limitPhrase(limit, resource)}, which differ, and ${resource} cannot be overcommitted (a request is its limit): ${refusal(owner)} (${container.path}.resources.requests[${resource}]: Invalid value: "${request.value}": must be equal to ${resource} limit of ${limit.value})`,
      fix:
        limit.source.kind === 'default'
          ? `set the container's ${resource} limit (resources.limits.${resource}) to its request, or request ${limit.value}`
          : `leave the container's ${resource} request out (it follows the limit), or make it ${limit.value}`,
    });
  }
  return problems;
}

/** What LimitRanger and the pod validation after it refuse of a pod of `template`, with one set of defaults. */
function podProblems(
  template: PodTemplate,
  limitRanges: readonly RenderedObject[],
  defaults: Defaults,
  release: string,
): KeyedProblem[] {
  const containers = admittedContainers(template.spec, defaults);
  const owner = template.owner;
  const problems = containers.flatMap((container) => defaultedValueProblems(container, owner));
  // One mistake, one finding: the pod validation refuses a value before LimitRanger would (its key ends in the
  // resource), so LimitRanger's words of the same resource are left out.
  const invalid = new Set(problems.map((problem) => problem.key.replace(/\|.*\|/, '|')));
  const invalidResources = new Set([...invalid].map((key) => key.split('|')[1]));
  for (const limitRange of limitRanges) {
    for (const item of storedLimits(limitRange)) {
      if (item.type === 'Container') {
        for (const container of containers) {
          const skip = (resource: string) => invalid.has(`${container.path}|${resource}`);
          problems.push(...constraintProblems(containerSubject(container), item, 'Container', owner, skip));
        }
      } else if (item.type === 'Pod') {
        const sums = (side: Side) =>
          withPodLevel(podSums(containers, side, release), containers, template.spec, side, release);
        const pod: Subject = {
          name: 'the pod (its containers together)',
          key: 'pod',
          requests: sums('requests'),
          limits: sums('limits'),
          own: 'its containers, in all',
        };
        const skip = (resource: string) => invalidResources.has(resource);
        problems.push(...constraintProblems(pod, item, 'Pod', owner, skip));
      }
    }
  }
  return problems;
}

/** The problems that hold whichever order LimitRanger applies the namespace's LimitRanges in. */
function problemsInEveryOrder(each: readonly KeyedProblem[][]): Problem[] {
  if (each.length === 0) {
    return [];
  }
  const [first, ...rest] = each;
  const seen = new Set<string>();
  return first
    .filter((problem) => rest.every((other) => other.some((candidate) => candidate.key === problem.key)))
    .filter((problem) => !seen.has(problem.key) && seen.add(problem.key) !== undefined)
    .map(({ message, fix }) => ({ message, fix }));
}

/** The kinds whose objects run pods (a PodTemplate only holds one). */
const POD_KINDS = kindsWith('podTemplate').filter((kind) => kind !== 'PodTemplate');

/**
 * A pod, or the pods of a workload, that the LimitRanges of its namespace refuse (the LimitRanger admission plugin):
 * a container or init container whose request is below an item's min or limit above its max, or a limit more than its
 * maxLimitRequestRatio times the request, after the pod's defaults and the LimitRanges' (a Container item's max is its
 * default limit, its min its default request); the same of the pod's sums against an item of type Pod; and a default
 * the pod's validation then refuses (below 0, or a request above the limit). The workload is accepted, and its
 * controller creates no pod.
 */
export const limitRangePods: Rule = {
  id: 'limit-range-pods',
  description:
    "a pod (or the pods of a workload) that its namespace's LimitRanges refuse: a container's request, limit or limit-to-request ratio outside a Container item's min, max or maxLimitRequestRatio, the pod's sums outside a Pod item's, after LimitRange defaults, or a default that makes a request negative or above its limit",
  kinds: POD_KINDS,
  check(object, context) {
    const limitRanges = limitRangesIn(context.index, namespaceOf(object));
    const template = limitRanges.length === 0 ? undefined : podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    return problemsInEveryOrder(
      possibleDefaults(limitRanges).map((defaults) =>
        podProblems(template, limitRanges, defaults, context.kubernetesVersion),
      ),
    );
  },
};

/** A claim the object makes or has made: its requests, and what to call it in a message. */
interface Claim {
  readonly name: string;
  readonly requests: ReadonlyMap<string, Amount>;
  /** `resources.requests` of the claim, as written in the object. */
  readonly field: string;
}

/** The claims of an object: a PVC's own, a StatefulSet's volumeClaimTemplates', a pod's ephemeral volumes'. */
function claimsOf(object: RenderedObject): Claim[] {
  const spec = specOf(object);
  const claim = (name: string, claimSpec: Json, field: string): Claim => ({
    name,
    requests: written(claimSpec ?? {}, 'requests'),
    field,
  });
  const claims: Claim[] = [];
  if (object.manifest.kind === 'PersistentVolumeClaim') {
    claims.push(claim('the claim', spec, 'spec.resources.requests'));
  }
  if (object.manifest.kind === 'StatefulSet') {
    ((spec.volumeClaimTemplates ?? []) as Json[]).forEach((template, position) => {
      if (template !== null && typeof template === 'object') {
        const field = `spec.volumeClaimTemplates[${position}].spec.resources.requests`;
        claims.push(claim(`volumeClaimTemplate "${String(template.metadata?.name)}"`, template.spec, field));
      }
    });
  }
  const template = podTemplateOf(object);
  ((template?.spec.volumes ?? []) as Json[]).forEach((volume, position) => {
    const claimTemplate = volume?.ephemeral?.volumeClaimTemplate;
    if (claimTemplate !== null && typeof claimTemplate === 'object') {
      const field = `volumes[${position}].ephemeral.volumeClaimTemplate.spec.resources.requests of the pod template`;
      claims.push(claim(`ephemeral volume "${String(volume.name)}"`, claimTemplate.spec, field));
    }
  });
  return claims;
}

/**
 * A PersistentVolumeClaim, or a claim a StatefulSet or a pod's ephemeral volume makes, whose request is outside a
 * PersistentVolumeClaim item of a LimitRange of its namespace (LimitRanger's PersistentVolumeClaimValidateLimitFunc:
 * the request is compared, never a limit). A claim of no storage request at all is the schema's and storage rules'.
 */
export const limitRangeClaims: Rule = {
  id: 'limit-range-claims',
  description:
    "a PersistentVolumeClaim (or a StatefulSet's or ephemeral volume's claim template) whose request is below the min or above the max of a PersistentVolumeClaim item of its namespace's LimitRange",
  kinds: ['PersistentVolumeClaim', ...POD_KINDS],
  check(object, context) {
    const limitRanges = limitRangesIn(context.index, namespaceOf(object));
    const items = limitRanges.flatMap(storedLimits).filter((item) => item.type === 'PersistentVolumeClaim');
    if (items.length === 0) {
      return [];
    }
    const problems: Problem[] = [];
    for (const claim of claimsOf(object)) {
      for (const item of items) {
        problems.push(...claimProblems(claim, item, object));
      }
    }
    return problems;
  },
};

function claimProblems(claim: Claim, item: LimitItem, object: RenderedObject): Problem[] {
  const refused =
    object.manifest.kind === 'PersistentVolumeClaim'
      ? 'the API server refuses the claim'
      : 'the API server takes the object and refuses the claim made of it, so its pods wait for a volume that never comes';
  const problems: Problem[] = [];
  const check = (field: 'min' | 'max', words: string, out: (request: number, bound: number) => boolean) => {
    for (const [resource, bound] of item.values[field]) {
      const request = claim.requests.get(resource);
      const usage = `${field === 'min' ? 'minimum' : 'maximum'} ${resource} usage per PersistentVolumeClaim is ${bound.value}`;
      const fix = `request ${field === 'min' ? 'at least' : 'at most'} ${bound.value} of ${resource} (${claim.field}), or ${field === 'min' ? 'lower' : 'raise'} ${bound.field} of ${limitRangeOf(item)}`;
      if (request === undefined) {
        // A claim needs a storage request anyway; another resource an item bounds, it must request too.
        if (resource !== 'storage') {
          problems.push({
            message: `${claim.name} requests no ${resource}, which ${boundPhrase(words, bound, item)} requires: ${refused} (LimitRanger: "${usage}.  No request is specified")`,
            fix,
          });
        }
      } else if (out(request.amount, bound.amount)) {
        problems.push({
          message: `${claim.name} requests ${resource} ${request.value}, ${field === 'min' ? 'below' : 'above'} ${boundPhrase(words, bound, item)}: ${refused} (LimitRanger: "${usage}, but request is ${request.value}")`,
          fix,
        });
      }
    }
  };
  check('min', 'minimum', (request, bound) => above(bound, request));
  check('max', 'maximum', (request, bound) => above(request, bound));
  return problems;
}

/** The words for an item's field in a message. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  default: 'default limit',
  defaultRequest: 'default request',
  max: 'maximum',
  min: 'minimum',
};

/**
 * A LimitRange the API server takes that makes it refuse pods (or claims) for the LimitRange's own sake: a Container
 * item's default limit or request below 0 (written, or copied from its max or min), which every container that does
 * not set its own gets and the pod validation refuses; a max below 0, which no pod or claim meets; a Container item's
 * default limit more than maxLimitRequestRatio times its default request, which every container that sets neither
 * gets and LimitRanger refuses.
 */
export const limitRangeDefaults: Rule = {
  id: 'limit-range-defaults',
  description:
    "a LimitRange the API server takes that refuses pods by itself: a Container item's default limit or request below 0 (given, or from its max or min), a max below 0, or default limit and request further apart than its maxLimitRequestRatio",
  kinds: ['LimitRange'],
  check(limitRange) {
    const namespace = namespaceOf(limitRange);
    const problems: Problem[] = [];
    // A value copied from another field is reported once, where it is written.
    const reported = new Set<string>();
    for (const item of storedLimits(limitRange)) {
      for (const field of ['max', 'default', 'defaultRequest'] as const) {
        if (field !== 'max' && item.type !== 'Container') {
          continue;
        }
        for (const [resource, bound] of item.values[field]) {
          const origin = `${item.where}.${bound.from ?? field}["${resource}"]`;
          if (bound.amount >= 0 || reported.has(origin)) {
            continue;
          }
          reported.add(origin);
          problems.push(negativeProblem(item, field, resource, bound, namespace));
        }
      }
      if (item.type === 'Container') {
        problems.push(...defaultRatioProblems(item, namespace));
      }
    }
    return problems;
  },
};

function negativeProblem(item: LimitItem, field: string, resource: string, bound: Bound, namespace: string): Problem {
  const written = bound.from === undefined ? bound.field : `${item.where}.${bound.from}["${resource}"]`;
  const claims = item.type === 'PersistentVolumeClaim';
  const what =
    field === 'max'
      ? `no ${claims ? 'claim' : 'pod'} of namespace ${namespace} can meet it (a ${claims ? 'request' : 'limit'} below 0 is refused), so the API server refuses every ${claims ? 'claim that requests' : 'pod that uses'} ${resource} there${item.type === 'Container' ? ', and gives every container that sets no limit this one' : ''}`
      : `every container of namespace ${namespace} that sets no ${resource} ${field === 'default' ? 'limit' : 'request'} gets it, and the API server refuses its pod (resources.${field === 'default' ? 'limits' : 'requests'}[${resource}]: Invalid value: "${bound.value}": must be greater than or equal to 0)`;
  return {
    message: `${written} is ${bound.value}, a ${FIELD_WORDS[bound.from ?? field]} below 0${bound.from === undefined ? '' : `, which the API server copies into ${bound.field}`}: the API server takes the LimitRange, but ${what}`,
    fix: `make ${written} 0 or more, or remove it`,
  };
}

/** A Container item's default limit and default request further apart than its maxLimitRequestRatio. */
function defaultRatioProblems(item: LimitItem, namespace: string): Problem[] {
  const problems: Problem[] = [];
  for (const [resource, ratio] of item.values.maxLimitRequestRatio) {
    const limit = item.values.default.get(resource);
    const request = item.values.defaultRequest.get(resource);
    if (limit === undefined || request === undefined || request.amount <= 0 || limit.amount < 0) {
      continue;
    }
    const observed = limit.amount / request.amount;
    if (above(observed, ratio.amount)) {
      problems.push({
        message: `the default limit ${limit.value} (${limit.field}) of ${resource} is ${observed.toFixed(2)} times the default request ${request.value} (${request.field}), above the maxLimitRequestRatio ${ratio.value} (${ratio.field}): every container of namespace ${namespace} that sets neither gets both, and the API server refuses its pod (LimitRanger: "${resource} max limit to request ratio per Container is ${ratio.value}, but provided ratio is ${observed.toFixed(6)}")`,
        fix: `raise the default request or lower the default limit of ${resource} to within ${ratio.value} times, or raise the maxLimitRequestRatio`,
      });
    }
  }
  return problems;
}

export const LIMIT_RANGE_RULES: readonly Rule[] = [limitRangeDefaults, limitRangePods, limitRangeClaims];
