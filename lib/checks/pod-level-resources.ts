import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { POD_LEVEL_RESOURCES_SINCE } from './pod-values';
import { above, formatAmount } from './resource-amounts';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/*
 * A pod's own requests and limits (spec.resources, PodLevelResources, on by default from 1.34) against its
 * containers', as the API server's validatePodResources and validatePodResourceConsistency judge them (1.37 seen):
 * the pod's request of a resource covers what its containers request in all, no container's limit is above the pod's,
 * the pod's huge pages limit covers its containers', and a pod requests no more than its own limit. A container that
 * sets only a limit requests its limit, and a pod that sets a limit and no request of a resource requests what its
 * containers request in all (the Pod's defaults): a template is taken with these, and each pod of it refused.
 */

/** Requests or limits of one container, parsed; a value that does not parse is left out (schema's finding). */
function amounts(values: Json): Map<string, number> {
  const parsed = new Map<string, number>();
  if (values === null || typeof values !== 'object') {
    return parsed;
  }
  for (const [name, value] of Object.entries(values)) {
    const amount = parseQuantity(value);
    if (amount !== undefined) {
      parsed.set(name, amount);
    }
  }
  return parsed;
}

/** A container's requests as the Pod's defaults leave them: a resource it only limits, it requests at the limit. */
function containerRequests(container: Json): Map<string, number> {
  return new Map([...amounts(container?.resources?.limits), ...amounts(container?.resources?.requests)]);
}

function containerLimits(container: Json): Map<string, number> {
  return amounts(container?.resources?.limits);
}

function addInto(sums: Map<string, number>, list: ReadonlyMap<string, number>): void {
  list.forEach((amount, name) => sums.set(name, (sums.get(name) ?? 0) + amount));
}

function maxInto(sums: Map<string, number>, list: ReadonlyMap<string, number>): void {
  list.forEach((amount, name) => sums.set(name, Math.max(sums.get(name) ?? amount, amount)));
}

/**
 * What a pod's containers need in all, of their requests or limits (component-helpers' AggregateContainerRequests and
 * AggregateContainerLimits): the containers' and sidecars' (init containers of restartPolicy Always) sum, or more
 * where an init container, with the sidecars started before it, needs more.
 */
function aggregateOfContainers(spec: Json, side: (container: Json) => Map<string, number>): Map<string, number> {
  const sums = new Map<string, number>();
  const containers: Json[] = Array.isArray(spec.containers) ? spec.containers : [];
  const initContainers: Json[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  containers.forEach((container) => addInto(sums, side(container)));
  const sidecars = new Map<string, number>();
  const initNeeds = new Map<string, number>();
  for (const container of initContainers) {
    if (container?.restartPolicy === 'Always') {
      addInto(sums, side(container));
      addInto(sidecars, side(container));
      maxInto(initNeeds, sidecars);
    } else {
      const need = new Map(sidecars);
      addInto(need, side(container));
      maxInto(initNeeds, need);
    }
  }
  maxInto(sums, initNeeds);
  return sums;
}

/** The API server's verdict on a pod whose problem shows only once the Pod's defaults are applied. */
function refusedPods(kind: string): string {
  return kind === 'Pod'
    ? 'which the API server refuses'
    : 'which the API server takes of the template and refuses of every pod of it, so its controller creates none (FailedCreate)';
}

/**
 * What the API server refuses of a pod's own resources against its containers', from POD_LEVEL_RESOURCES_SINCE (the
 * schema rule reports the field before). `kind`: the kind of the object that holds the pod spec.
 */
export function podLevelResourceProblems(spec: Json, kind: string, release: string): Problem[] {
  const own = spec.resources;
  if (own === undefined || own === null || compareReleases(release, POD_LEVEL_RESOURCES_SINCE) < 0) {
    return [];
  }
  if (spec.os?.name === 'windows') {
    return [
      {
        message:
          'the pod sets resources of its own (spec.resources) and runs on Windows (os.name: windows), which the API server refuses',
        fix: "set the requests and limits in the containers' resources, and remove the pod's",
      },
    ];
  }
  const problems: Problem[] = [];
  if (own.claims !== undefined && own.claims !== null) {
    problems.push({
      message: "resources.claims of the pod lists resource claims, which a pod's own resources do not take",
      fix: 'list each claim in the resources.claims of the containers that use it',
    });
  }
  const requests = amounts(own.requests);
  const limits = amounts(own.limits);
  const containerSums = aggregateOfContainers(spec, containerRequests);
  const writtenSums = aggregateOfContainers(spec, (container) => amounts(container?.resources?.requests));
  for (const [resource, request] of requests) {
    const sum = containerSums.get(resource);
    if (sum !== undefined && above(sum, request)) {
      // Without the limits the Pod's defaults turn into requests, a template is taken as it is.
      const written = writtenSums.get(resource);
      const verdict =
        written !== undefined && above(written, request) ? 'which the API server refuses' : refusedPods(kind);
      problems.push({
        message: `resources.requests.${resource} of the pod is ${JSON.stringify(own.requests[resource])}, below what its containers request in all (${formatAmount(resource, sum)}), ${verdict}`,
        fix: `raise the pod's request to ${formatAmount(resource, sum)} or more, or lower its containers' requests (a container that sets only a limit requests its limit)`,
      });
    }
    const limit = limits.get(resource);
    if (limit !== undefined && above(request, limit)) {
      problems.push({
        message: `resources.requests.${resource} of the pod is ${JSON.stringify(own.requests[resource])}, above its limit ${JSON.stringify(own.limits[resource])}, which the API server refuses`,
        fix: "raise the pod's limit or lower its request",
      });
    }
  }
  for (const [resource, limit] of limits) {
    const sum = containerSums.get(resource);
    if (!requests.has(resource) && sum !== undefined && above(sum, limit)) {
      problems.push({
        message: `resources.limits.${resource} of the pod is ${JSON.stringify(own.limits[resource])}, below what its containers request in all (${formatAmount(resource, sum)}), the pod's request when it sets none, ${refusedPods(kind)}`,
        fix: `raise the pod's limit to ${formatAmount(resource, sum)} or more, or lower its containers' requests`,
      });
    }
  }
  problems.push(...containerLimitProblems(spec, own.limits, limits));
  return problems;
}

/**
 * Each container's limit within the pod's (the containers', not the init containers', as the API server checks them),
 * and the pod's huge pages limit at or above its containers' in all, since huge pages are not overcommitted.
 */
function containerLimitProblems(spec: Json, written: Json, limits: ReadonlyMap<string, number>): Problem[] {
  const problems: Problem[] = [];
  const exceeded = new Set<string>();
  for (const container of Array.isArray(spec.containers) ? (spec.containers as Json[]) : []) {
    for (const [resource, amount] of containerLimits(container)) {
      const limit = limits.get(resource);
      if (limit !== undefined && above(amount, limit)) {
        exceeded.add(resource);
        problems.push({
          message: `container "${container.name}" limits ${resource} to ${JSON.stringify(container.resources.limits[resource])}, above the pod's own limit ${JSON.stringify(written[resource])}, which the API server refuses`,
          fix: `lower the container's limit to ${JSON.stringify(written[resource])} or less, or raise the pod's`,
        });
      }
    }
  }
  for (const [resource, sum] of aggregateOfContainers(spec, containerLimits)) {
    const limit = limits.get(resource);
    if (/^hugepages-/.test(resource) && !exceeded.has(resource) && limit !== undefined && above(sum, limit)) {
      problems.push({
        message: `resources.limits.${resource} of the pod is ${JSON.stringify(written[resource])}, below its containers' limits in all (${formatAmount(resource, sum)}), which the API server refuses: huge pages are not overcommitted`,
        fix: `raise the pod's limit to ${formatAmount(resource, sum)} or more`,
      });
    }
  }
  return problems;
}
