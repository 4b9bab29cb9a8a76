import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The first release whose API server reads a container's resizePolicy (InPlacePodVerticalScaling on by default); before
 * it the field is dropped on create, so 1.27 takes any resizePolicy and 1.37 refuses a bad one.
 */
export const RESIZE_POLICY_SINCE = '1.33';

const RESOURCES = ['cpu', 'memory'];
const RESTART_POLICIES = ['NotRequired', 'RestartContainer'];

/** A container's resizePolicy: cpu or memory, once each, with a restart policy the API server knows. */
export function resizePolicyProblems(containers: readonly Json[], release: string): Problem[] {
  if (compareReleases(release, RESIZE_POLICY_SINCE) < 0) {
    return [];
  }
  return containers.flatMap((container) => {
    const seen = new Set<unknown>();
    return ((container?.resizePolicy ?? []) as Json[]).flatMap((policy, index): Problem[] => {
      const where = `resizePolicy[${index}] of container "${container.name}"`;
      const problems: Problem[] = [];
      const resource: unknown = policy?.resourceName;
      if (!RESOURCES.includes(resource as string)) {
        problems.push({
          message: `${where} names resource ${JSON.stringify(resource ?? null)}, which Kubernetes ${release} refuses: a container resizes cpu and memory in place`,
          fix: 'name cpu or memory, or remove the item',
        });
      } else if (seen.has(resource)) {
        problems.push({
          message: `${where} names resource "${resource}" again, which Kubernetes ${release} refuses`,
          fix: `keep one policy for ${resource}`,
        });
      }
      seen.add(resource);
      if (!RESTART_POLICIES.includes(policy?.restartPolicy)) {
        problems.push({
          message: `${where} has restartPolicy ${JSON.stringify(policy?.restartPolicy ?? null)}, which Kubernetes ${release} refuses; it takes ${RESTART_POLICIES.join(' or ')}`,
          fix: 'set NotRequired to resize the running container, or RestartContainer to restart it',
        });
      }
      return problems;
    });
  });
}
