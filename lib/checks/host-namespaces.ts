import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { USER_NAMESPACES_SINCE } from './pod-os';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/**
 * A pod's Windows HostProcess containers (windowsOptions.hostProcess, a container's own or else the pod's), as both API
 * servers take them: all of its containers or none, a container's own value the pod's where both are set, and on the
 * host network.
 */
function hostProcessProblems(pod: Json): Problem[] {
  const podValue: unknown = pod.securityContext?.windowsOptions?.hostProcess;
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const problems: Problem[] = [];
  const effective = containers.map((container) => {
    const own: unknown = container?.securityContext?.windowsOptions?.hostProcess;
    if (typeof own === 'boolean' && typeof podValue === 'boolean' && own !== podValue) {
      problems.push({
        message: `container "${container.name}" sets windowsOptions.hostProcess ${own} and the pod ${podValue}, which the API server refuses (they must be identical where both are set)`,
        fix: "remove the container's hostProcess, which the pod's then sets",
      });
    }
    return typeof own === 'boolean' ? own : podValue === true;
  });
  if (effective.includes(true) && effective.includes(false)) {
    problems.push({
      message:
        'some containers of the pod are HostProcess containers (windowsOptions.hostProcess) and some not, which the API server refuses: a pod runs all of them on the host or none',
      fix: "set hostProcess: true in the pod's securityContext.windowsOptions, or run the others in a pod of their own",
    });
  }
  if (effective.includes(true) && pod.hostNetwork !== true) {
    problems.push({
      message:
        'the pod has a HostProcess container (windowsOptions.hostProcess) and is not on the host network, which the API server refuses',
      fix: 'set hostNetwork: true, as a HostProcess pod runs in the network of the node',
    });
  }
  return problems;
}

/**
 * The host namespaces a pod may not combine, as the API servers refuse them: shareProcessNamespace with hostPID (both
 * 1.27 and 1.37), a user namespace of its own (hostUsers false) with any host namespace (from USER_NAMESPACES_SINCE), and
 * a HostProcess container off the host network (both).
 */
export function hostNamespaceProblems(pod: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  if (pod.shareProcessNamespace === true && pod.hostPID === true) {
    problems.push({
      message:
        "the pod sets both shareProcessNamespace and hostPID, which the API server refuses (a pod shares its containers' process namespace or the host's, not both)",
      fix: 'remove shareProcessNamespace, or hostPID',
    });
  }
  if (pod.hostUsers === false && compareReleases(release, USER_NAMESPACES_SINCE) >= 0) {
    for (const field of HOST_NAMESPACES.filter((name) => pod[name] === true)) {
      problems.push({
        message: `the pod sets hostUsers false (a user namespace of its own) and ${field}, which the API server refuses: a pod in a user namespace shares no namespace of the host`,
        fix: `remove ${field}, or hostUsers: false`,
      });
    }
  }
  problems.push(...hostProcessProblems(pod));
  return problems;
}
