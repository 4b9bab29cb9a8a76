import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { USER_NAMESPACES_SINCE } from './pod-os';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Whether the pod or one of its containers is a Windows HostProcess container (windowsOptions.hostProcess). */
function hasHostProcess(pod: Json): boolean {
  return (
    pod.securityContext?.windowsOptions?.hostProcess === true ||
    [...(pod.initContainers ?? []), ...(pod.containers ?? [])].some(
      (container: Json) => container?.securityContext?.windowsOptions?.hostProcess === true,
    )
  );
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
  if (pod.hostNetwork !== true && hasHostProcess(pod)) {
    problems.push({
      message:
        'the pod has a HostProcess container (windowsOptions.hostProcess) and is not on the host network, which the API server refuses',
      fix: 'set hostNetwork: true, as a HostProcess pod runs in the network of the node',
    });
  }
  return problems;
}
