import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { APPARMOR_FIELD_SINCE, SELINUX_CHANGE_POLICY_SINCE, SUPPLEMENTAL_GROUPS_POLICY_SINCE } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The first release whose API server reads hostUsers (UserNamespacesSupport on by default); before it the field is
 * dropped on create, so 1.27 takes hostUsers of a windows pod and hostUsers false beside host namespaces, which 1.37
 * refuses.
 */
export const USER_NAMESPACES_SINCE = '1.33';

/**
 * The pod securityContext fields both API servers (1.27 and 1.37) refuse of a windows pod: Linux-only. A field newer
 * than 1.27 counts from the release that reads it (1.27 has none of them: the schema check's finding).
 */
const LINUX_POD_FIELDS: Readonly<Record<string, string>> = {
  seLinuxOptions: '1.27',
  seccompProfile: '1.27',
  appArmorProfile: APPARMOR_FIELD_SINCE,
  fsGroup: '1.27',
  fsGroupChangePolicy: '1.27',
  sysctls: '1.27',
  runAsUser: '1.27',
  runAsGroup: '1.27',
  supplementalGroups: '1.27',
  supplementalGroupsPolicy: SUPPLEMENTAL_GROUPS_POLICY_SINCE,
  seLinuxChangePolicy: SELINUX_CHANGE_POLICY_SINCE,
};

/** The host namespaces both API servers refuse of a windows pod (hostNetwork it may share, as HostProcess pods do). */
const LINUX_HOST_NAMESPACES = ['hostPID', 'hostIPC'];

/** The container securityContext fields both API servers refuse of a windows pod. */
const LINUX_CONTAINER_FIELDS = [
  'seLinuxOptions',
  'seccompProfile',
  'appArmorProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
];

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Whether a securityContext sets a field; an empty sysctls list is none, as the API servers read it. */
function isSetField(context: Json, field: string): boolean {
  const value: unknown = context?.[field];
  return field === 'sysctls' ? Array.isArray(value) && value.length > 0 : isSet(value);
}

function containersOf(pod: Json): Json[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

function windowsProblem(field: string): Problem {
  return {
    message: `the pod's os.name is "windows", and it sets ${field}, which the API server refuses of a windows pod (a Linux-only field)`,
    fix: `remove ${field}, which Windows does not use (a windows pod sets its user in securityContext.windowsOptions), or set os.name to "linux" if the pod runs on Linux`,
  };
}

/**
 * The fields a pod of a declared os.name may not set, as the API servers refuse them: Linux-only securityContext fields,
 * shareProcessNamespace and (from USER_NAMESPACES_SINCE) hostUsers of a windows pod; windowsOptions of a linux pod.
 */
export function podOsProblems(pod: Json, release: string): Problem[] {
  const os: unknown = pod.os?.name;
  if (os === 'windows') {
    const fields = [
      ...Object.entries(LINUX_POD_FIELDS)
        .filter(([field, since]) => compareReleases(release, since) >= 0 && isSetField(pod.securityContext, field))
        .map(([field]) => field)
        .map((field) => `securityContext.${field}`),
      ...(isSet(pod.shareProcessNamespace) ? ['shareProcessNamespace'] : []),
      ...LINUX_HOST_NAMESPACES.filter((field) => pod[field] === true),
      ...(isSet(pod.hostUsers) && compareReleases(release, USER_NAMESPACES_SINCE) >= 0 ? ['hostUsers'] : []),
      ...containersOf(pod).flatMap((container) =>
        LINUX_CONTAINER_FIELDS.filter((field) => isSet(container?.securityContext?.[field])).map(
          (field) => `securityContext.${field} of container "${container.name}"`,
        ),
      ),
    ];
    return fields.map(windowsProblem);
  }
  if (os === 'linux') {
    const fields = [
      ...(isSet(pod.securityContext?.windowsOptions) ? ['securityContext.windowsOptions'] : []),
      ...containersOf(pod)
        .filter((container) => isSet(container?.securityContext?.windowsOptions))
        .map((container) => `securityContext.windowsOptions of container "${container.name}"`),
    ];
    return fields.map((field) => ({
      message: `the pod's os.name is "linux", and it sets ${field}, which the API server refuses of a linux pod`,
      fix: `remove ${field}, or set os.name to "windows" if the pod runs on Windows`,
    }));
  }
  return [];
}
