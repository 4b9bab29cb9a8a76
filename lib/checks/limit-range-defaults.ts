import { ObjectIndex } from './object-index';
import { specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The resources a container that sets none gets a limit or a request of from the LimitRanges of its namespace. */
export interface DefaultedResources {
  readonly limits: ReadonlySet<string>;
  readonly requests: ReadonlySet<string>;
}

export const NO_DEFAULTS: DefaultedResources = { limits: new Set(), requests: new Set() };

/**
 * The resources LimitRanger gives a container of `namespace` that sets none, before the pod is validated: a Container
 * item's default limits (its default, or else its max) and default requests (its defaultRequest, or else the default
 * limit, or else its min), as the API server stores the item. By name only: a value that is no quantity is the
 * schema check's. So a request of example.com/gpu or hugepages-2Mi without a limit, or huge pages without memory, is
 * taken where a LimitRange gives the rest, and limit-range-pods compares the two.
 */
export function containerDefaultsIn(index: ObjectIndex, namespace: string): DefaultedResources {
  const limits = new Set<string>();
  const requests = new Set<string>();
  for (const limitRange of index.ofKind('LimitRange', namespace)) {
    for (const item of (specOf(limitRange).limits ?? []) as Json[]) {
      if (item?.type !== 'Container') {
        continue;
      }
      const keys = (field: string) => Object.keys(item[field] ?? {});
      [...keys('default'), ...keys('max')].forEach((resource) => limits.add(resource));
      [...keys('defaultRequest'), ...keys('default'), ...keys('max'), ...keys('min')].forEach((resource) =>
        requests.add(resource),
      );
    }
  }
  return { limits, requests };
}
