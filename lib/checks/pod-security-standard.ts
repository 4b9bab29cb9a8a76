import { releaseAtLeast } from '../config/kubernetes-version';
import { PROC_MOUNT_CHECKED_SINCE } from './value-rules';

/**
 * The Pod Security Standards as the API server's Pod Security admission evaluates them (the checks of
 * k8s.io/pod-security-admission/policy, 1.27 to 1.37): each check with Kubernetes' own id and the reason and detail
 * the API server prints when it refuses a pod ("violates PodSecurity "restricted:v1.27": <reason> (<detail>), ...").
 * Versions follow the library: a check's version is chosen by the enforced release (the namespace's
 * `enforce-version`), which the API server caps at its own release; and a field the API server's release drops
 * before admission (procMount before 1.33, appArmorProfile before 1.30) breaks no check there. Releases before 1.27
 * are not modelled, since the project supports none.
 */

/** A profile that refuses pods (`privileged` refuses none). */
export type StandardLevel = 'baseline' | 'restricted';

/** The part of a pod the standards read: its metadata (annotations) and its spec. */
export interface PodView {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly metadata?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec?: any;
}

/** One check a pod fails. */
export interface StandardViolation {
  /** Kubernetes' id of the check, e.g. `allowPrivilegeEscalation`, `capabilities_restricted`. */
  readonly check: string;
  /** The profile the check belongs to: baseline checks hold at restricted too. */
  readonly level: StandardLevel;
  /** The reason, as the API server words it, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason: string;
  /** What breaks it, as the API server words it, e.g. `container "app" must set ...`. */
  readonly detail: string;
  /** How to fix the pod. */
  readonly fix: string;
}

type Outcome = Pick<StandardViolation, 'reason' | 'detail' | 'fix'> | undefined;

/** A check of the standards. */
interface StandardCheck {
  /** Kubernetes' id of the check. */
  readonly id: string;
  readonly level: StandardLevel;
  /** The first release that has the check. @default - every release */
  readonly since?: string;
  /** The baseline check this restricted one replaces (at the restricted level, from `since`). */
  readonly overrides?: string;
  /** The violation of a pod at a release, if any. */
  evaluate(pod: Pod, release: string): Outcome;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A pod, with what the checks read of it gathered once. */
interface Pod {
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly spec: Json;
  /** The pod's securityContext, `{}` when unset. */
  readonly context: Json;
  /** The init containers, then the containers, then the ephemeral containers (the library's visiting order). */
  readonly containers: readonly Json[];
  /** The API server's release, which decides what fields reach admission. */
  readonly server: string;
}

/**
 * The first release whose API server has securityContext.appArmorProfile: older ones drop it as an unknown field, or
 * refuse it under strict field validation (the schema check's finding), so it never reaches their admission.
 */
export const APPARMOR_FIELD_SINCE = '1.30';

/** `"a", "b"`, as the library quotes a list. */
function joinQuote(items: readonly string[]): string {
  return items.map((item) => `"${item}"`).join(', ');
}

function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "app"`, `containers "a", "b"`. */
function containersNamed(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** The distinct values, sorted as Go's sets.String.List() sorts them (by code unit). */
function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** A Windows pod (spec.os.name), which the restricted checks of Linux-only fields admit from 1.25. */
function isWindows(pod: Pod): boolean {
  return pod.spec.os?.name === 'windows';
}

/** A pod in a user namespace (hostUsers: false), which from 1.35 may run as root and with any procMount. */
function inUserNamespace(pod: Pod, release: string): boolean {
  return releaseAtLeast(release, '1.35') && pod.spec.hostUsers === false;
}

/** The names of the containers for which `test` holds. */
function containersWhere(pod: Pod, test: (container: Json) => boolean): string[] {
  return pod.containers.filter(test).map((container) => String(container.name));
}

/** `pod`, `container "a"`, `pod and containers "a", "b"`: who sets a forbidden value. */
function setters(podSets: boolean, containers: readonly string[]): string[] {
  const who = podSets ? ['pod'] : [];
  return containers.length > 0 ? [...who, containersNamed(containers)] : who;
}

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_PROFILE_TYPES = ['RuntimeDefault', 'Localhost'];

/** The SELinux types baseline allows, by the release that added them. */
const SELINUX_TYPES: readonly (readonly [string, readonly string[]])[] = [
  ['1.0', ['', 'container_t', 'container_init_t', 'container_kvm_t']],
  ['1.31', ['container_engine_t']],
];

/** The "safe" sysctls baseline allows, by the release that added them. */
const SAFE_SYSCTLS: readonly (readonly [string, readonly string[]])[] = [
  [
    '1.0',
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  ['1.27', ['net.ipv4.ip_local_reserved_ports']],
  [
    '1.29',
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  ['1.32', ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  ['1.37', ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The values of a table of additions by release, as of `release`. */
function asOf(table: readonly (readonly [string, readonly string[]])[], release: string): string[] {
  return table.filter(([first]) => releaseAtLeast(release, first)).flatMap(([, values]) => values);
}

/** The sysctls baseline allows at a release. */
export function safeSysctls(release: string): string[] {
  return asOf(SAFE_SYSCTLS, release);
}

/** The inline volume sources restricted allows. */
const RESTRICTED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The volume sources restricted refuses, in the order the library names them. */
const REFUSED_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const windowsHostProcess: StandardCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  evaluate(pod) {
    const bad = containersWhere(pod, (container) => container.securityContext?.windowsOptions?.hostProcess === true);
    const who = setters(pod.context.windowsOptions?.hostProcess === true, bad);
    if (who.length === 0) return undefined;
    return {
      reason: 'hostProcess',
      detail: `${who.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
      fix: 'leave securityContext.windowsOptions.hostProcess out (or false)',
    };
  },
};

const hostNamespaces: StandardCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  evaluate(pod) {
    const shared = HOST_NAMESPACES.filter((field) => pod.spec[field] === true);
    if (shared.length === 0) return undefined;
    return {
      reason: 'host namespaces',
      detail: shared.map((field) => `${field}=true`).join(', '),
      fix: `leave ${shared.join(', ')} out of the pod spec (or false)`,
    };
  },
};

const privileged: StandardCheck = {
  id: 'privileged',
  level: 'baseline',
  evaluate(pod) {
    const bad = containersWhere(pod, (container) => container.securityContext?.privileged === true);
    if (bad.length === 0) return undefined;
    return {
      reason: 'privileged',
      detail: `${containersNamed(bad)} must not set securityContext.privileged=true`,
      fix: 'leave securityContext.privileged out (or false)',
    };
  },
};

const capabilitiesBaseline: StandardCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  evaluate(pod) {
    const added = new Set<string>();
    const bad = containersWhere(pod, (container) => {
      const extra = addedCapabilities(container).filter((capability) => !BASELINE_CAPABILITIES.includes(capability));
      extra.forEach((capability) => added.add(capability));
      return extra.length > 0;
    });
    if (bad.length === 0) return undefined;
    const capabilities = sortedSet(added);
    return {
      reason: 'non-default capabilities',
      detail: `${containersNamed(bad)} must not include ${joinQuote(capabilities)} in securityContext.capabilities.add`,
      fix: `remove ${capabilities.join(', ')} from securityContext.capabilities.add (baseline allows ${BASELINE_CAPABILITIES.join(', ')})`,
    };
  },
};

function addedCapabilities(container: Json): string[] {
  return (container.securityContext?.capabilities?.add ?? []).map(String);
}

const hostPathVolumes: StandardCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  evaluate(pod) {
    const names = volumesOf(pod)
      .filter((volume) => volume.hostPath != null)
      .map((volume) => String(volume.name));
    if (names.length === 0) return undefined;
    return {
      reason: 'hostPath volumes',
      detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
      fix: 'use an emptyDir, a configMap, a secret or a persistentVolumeClaim instead of a hostPath volume',
    };
  },
};

function volumesOf(pod: Pod): Json[] {
  return pod.spec.volumes ?? [];
}

const hostPorts: StandardCheck = {
  id: 'hostPorts',
  level: 'baseline',
  evaluate(pod) {
    const ports: string[] = [];
    const bad = containersWhere(pod, (container) => {
      const used = (container.ports ?? [])
        .map((port: Json) => port.hostPort ?? 0)
        .filter((hostPort: unknown) => hostPort !== 0);
      ports.push(...used.map(String));
      return used.length > 0;
    });
    if (bad.length === 0) return undefined;
    const distinct = sortedSet(ports);
    return {
      reason: 'hostPort',
      detail:
        `${containersNamed(bad)} ${pluralize('uses', 'use', bad.length)} ` +
        `${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
      fix: 'leave hostPort out of the container ports and reach the pods through a Service',
    };
  },
};

const hostProbesAndHostLifecycle: StandardCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  since: '1.34',
  evaluate(pod) {
    const hosts: string[] = [];
    const bad = containersWhere(pod, (container) => {
      const handlers = [
        container.livenessProbe,
        container.readinessProbe,
        container.startupProbe,
        container.lifecycle?.postStart,
        container.lifecycle?.preStop,
      ];
      const used = handlers
        .flatMap((handler: Json) => [handler?.httpGet?.host, handler?.tcpSocket?.host])
        .filter((host: unknown) => typeof host === 'string' && host !== '');
      hosts.push(...used);
      return used.length > 0;
    });
    if (bad.length === 0) return undefined;
    const containers = sortedSet(bad);
    const distinct = sortedSet(hosts);
    return {
      reason: 'probe or lifecycle host',
      detail:
        `${containersNamed(containers)} ${pluralize('uses', 'use', containers.length)} ` +
        `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`,
      fix: "leave host out of the probes' and lifecycle handlers' httpGet and tcpSocket (the kubelet uses the pod's IP)",
    };
  },
};

const appArmorProfile: StandardCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  evaluate(pod) {
    const annotations = Object.entries(pod.annotations)
      .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value))
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .sort();
    const fix =
      'set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or leave it out (an annotation ' +
      `${APPARMOR_ANNOTATION_PREFIX}<container> may be runtime/default or localhost/<profile>)`;
    if (!releaseAtLeast(pod.server, APPARMOR_FIELD_SINCE)) {
      // Before the field, the library lists the annotations alone.
      if (annotations.length === 0) return undefined;
      return {
        reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', annotations.length),
        detail: annotations.join(', '),
        fix,
      };
    }
    const badTypes: string[] = [];
    const badType = (profile: Json): boolean => {
      if (profile == null || ALLOWED_PROFILE_TYPES.includes(profile.type)) return false;
      badTypes.push(String(profile.type));
      return true;
    };
    const who = setters(
      badType(pod.context.appArmorProfile),
      containersWhere(pod, (container) => badType(appArmorFieldOf(pod, container))),
    );
    if (annotations.length > 0) {
      who.push(pluralize('annotation', 'annotations', annotations.length));
    }
    if (who.length === 0) return undefined;
    const values = [...sortedSet(badTypes), ...annotations];
    return {
      reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
      detail: `${who.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
      fix,
    };
  },
};

/**
 * A container's appArmorProfile as admission sees it: an API server that has the field copies a container's
 * annotation into it when the field is unset (and the value differs from the pod's), before admission; `unconfined`
 * becomes Unconfined. The other values it copies (RuntimeDefault, Localhost) break no check, so only that one matters.
 */
function appArmorFieldOf(pod: Pod, container: Json): Json {
  const field = container.securityContext?.appArmorProfile;
  if (field != null || isWindows(pod)) return field;
  const annotation = pod.annotations[`${APPARMOR_ANNOTATION_PREFIX}${String(container.name)}`];
  const podProfile = pod.context.appArmorProfile;
  const sameAsPod = podProfile?.type === 'Unconfined' && podProfile.localhostProfile == null;
  return annotation === 'unconfined' && !sameAsPod ? { type: 'Unconfined' } : undefined;
}

function allowedAppArmorAnnotation(value: unknown): boolean {
  const profile = String(value);
  return profile === '' || profile === 'runtime/default' || profile.startsWith('localhost/');
}

const seLinuxOptions: StandardCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  evaluate(pod, release) {
    const allowedTypes = asOf(SELINUX_TYPES, release);
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const forbidden = (context: Json): boolean => {
      const options = context?.seLinuxOptions;
      if (options == null) return false;
      let valid = true;
      const type = String(options.type ?? '');
      if (!allowedTypes.includes(type)) {
        badTypes.push(type);
        valid = false;
      }
      if ((options.user ?? '') !== '') {
        setUser = true;
        valid = false;
      }
      if ((options.role ?? '') !== '') {
        setRole = true;
        valid = false;
      }
      return !valid;
    };
    const who = setters(
      forbidden(pod.context),
      containersWhere(pod, (container) => forbidden(container.securityContext)),
    );
    if (who.length === 0) return undefined;
    const types = sortedSet(badTypes);
    const data = [
      ...(types.length > 0 ? [`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`] : []),
      ...(setUser ? ['user may not be set'] : []),
      ...(setRole ? ['role may not be set'] : []),
    ];
    return {
      reason: 'seLinuxOptions',
      detail: `${who.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      fix: `leave seLinuxOptions.user and role out, and its type out or one of ${allowedTypes.filter((type) => type !== '').join(', ')}`,
    };
  },
};

/**
 * The procMount check of both levels (baseline's relaxes it for a pod in a user namespace from 1.35); an API server
 * before PROC_MOUNT_CHECKED_SINCE drops the field, so that no value reaches admission.
 */
function procMountOutcome(pod: Pod): Outcome {
  if (!releaseAtLeast(pod.server, PROC_MOUNT_CHECKED_SINCE)) return undefined;
  const types: string[] = [];
  const bad = containersWhere(pod, (container) => {
    const procMount = container.securityContext?.procMount;
    if (procMount == null || procMount === 'Default') return false;
    types.push(String(procMount));
    return true;
  });
  if (bad.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersNamed(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
    fix: 'leave securityContext.procMount out (or Default)',
  };
}

const procMount: StandardCheck = {
  id: 'procMount',
  level: 'baseline',
  evaluate: (pod, release) => (inUserNamespace(pod, release) ? undefined : procMountOutcome(pod)),
};

/** The seccompProfile types both levels allow. */
function validSeccomp(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

const seccompProfileBaseline: StandardCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  evaluate(pod) {
    const badTypes: string[] = [];
    const badProfile = (context: Json): boolean => {
      const profile = context?.seccompProfile;
      if (profile == null || validSeccomp(profile.type)) return false;
      badTypes.push(String(profile.type));
      return true;
    };
    const who = setters(
      badProfile(pod.context),
      containersWhere(pod, (container) => badProfile(container.securityContext)),
    );
    if (who.length === 0) return undefined;
    return {
      reason: 'seccompProfile',
      detail: `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badTypes))}`,
      fix: 'set securityContext.seccompProfile.type to RuntimeDefault or Localhost, or leave it out',
    };
  },
};

const sysctls: StandardCheck = {
  id: 'sysctls',
  level: 'baseline',
  evaluate(pod, release) {
    const safe = safeSysctls(release);
    const forbidden = (pod.context.sysctls ?? [])
      .map((sysctl: Json) => String(sysctl.name))
      .filter((name: string) => !safe.includes(name));
    if (forbidden.length === 0) return undefined;
    return {
      reason: 'forbidden sysctls',
      detail: forbidden.join(', '),
      fix: `leave ${forbidden.join(', ')} out of securityContext.sysctls (safe at ${release}: ${safe.join(', ')})`,
    };
  },
};

const allowPrivilegeEscalation: StandardCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  evaluate(pod) {
    if (isWindows(pod)) return undefined;
    const bad = containersWhere(pod, (container) => container.securityContext?.allowPrivilegeEscalation !== false);
    if (bad.length === 0) return undefined;
    return {
      reason: 'allowPrivilegeEscalation != false',
      detail: `${containersNamed(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      fix: 'set securityContext.allowPrivilegeEscalation: false in each container',
    };
  },
};

const capabilitiesRestricted: StandardCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  overrides: capabilitiesBaseline.id,
  evaluate(pod) {
    if (isWindows(pod)) return undefined;
    const notDropped = containersWhere(
      pod,
      (container) => !(container.securityContext?.capabilities?.drop ?? []).includes('ALL'),
    );
    const added = new Set<string>();
    const adding = containersWhere(pod, (container) => {
      const extra = addedCapabilities(container).filter((capability) => capability !== 'NET_BIND_SERVICE');
      extra.forEach((capability) => added.add(capability));
      return extra.length > 0;
    });
    const details = [
      ...(notDropped.length > 0
        ? [`${containersNamed(notDropped)} must set securityContext.capabilities.drop=["ALL"]`]
        : []),
      ...(adding.length > 0
        ? [
            `${containersNamed(adding)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`,
          ]
        : []),
    ];
    if (details.length === 0) return undefined;
    return {
      reason: 'unrestricted capabilities',
      detail: details.join('; '),
      fix: 'set securityContext.capabilities.drop: ["ALL"] in each container, and add no capability but NET_BIND_SERVICE',
    };
  },
};

const procMountRestricted: StandardCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  since: '1.35',
  overrides: procMount.id,
  evaluate: procMountOutcome,
};

const restrictedVolumes: StandardCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  overrides: hostPathVolumes.id,
  evaluate(pod) {
    const types: string[] = [];
    const bad = volumesOf(pod).filter((volume) => {
      if (RESTRICTED_VOLUME_SOURCES.some((source) => volume[source] != null)) return false;
      types.push(REFUSED_VOLUME_SOURCES.find((source) => volume[source] != null) ?? 'unknown');
      return true;
    });
    if (bad.length === 0) return undefined;
    const names = bad.map((volume) => String(volume.name));
    const distinct = sortedSet(types);
    return {
      reason: 'restricted volume types',
      detail:
        `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ` +
        `${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
      fix: `use only ${RESTRICTED_VOLUME_SOURCES.join(', ')} volumes (a persistentVolumeClaim for other storage)`,
    };
  },
};

const runAsNonRoot: StandardCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  evaluate(pod, release) {
    if (inUserNamespace(pod, release)) return undefined;
    const podValue = pod.context.runAsNonRoot;
    const explicit = containersWhere(pod, (container) => container.securityContext?.runAsNonRoot === false);
    const implicit = containersWhere(pod, (container) => container.securityContext?.runAsNonRoot == null);
    const who = setters(podValue === false, explicit);
    const fix =
      'set securityContext.runAsNonRoot: true on the pod (or on each container), and run the image as a non-root user';
    if (who.length > 0) {
      return {
        reason: 'runAsNonRoot != true',
        detail: `${who.join(' and ')} must not set securityContext.runAsNonRoot=false`,
        fix,
      };
    }
    if (podValue !== true && implicit.length > 0) {
      return {
        reason: 'runAsNonRoot != true',
        detail: `pod or ${containersNamed(implicit)} must set securityContext.runAsNonRoot=true`,
        fix,
      };
    }
    return undefined;
  },
};

const runAsUser: StandardCheck = {
  id: 'runAsUser',
  level: 'restricted',
  evaluate(pod, release) {
    if (inUserNamespace(pod, release)) return undefined;
    const who = setters(
      pod.context.runAsUser === 0,
      containersWhere(pod, (container) => container.securityContext?.runAsUser === 0),
    );
    if (who.length === 0) return undefined;
    return {
      reason: 'runAsUser=0',
      detail: `${who.join(' and ')} must not set runAsUser=0`,
      fix: 'set runAsUser to a non-zero user id (above 10000, which no node user has)',
    };
  },
};

const seccompProfileRestricted: StandardCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  overrides: seccompProfileBaseline.id,
  evaluate(pod, release) {
    if (isWindows(pod)) return undefined;
    const explicitlyBad = seccompProfileBaseline.evaluate(pod, release);
    if (explicitlyBad !== undefined) return explicitlyBad;
    const podSet = validSeccomp(pod.context.seccompProfile?.type);
    const unset = containersWhere(pod, (container) => container.securityContext?.seccompProfile == null);
    if (podSet || unset.length === 0) return undefined;
    return {
      reason: 'seccompProfile',
      detail: `pod or ${containersNamed(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      fix: "set the pod's securityContext.seccompProfile.type to RuntimeDefault",
    };
  },
};

/** Every check, baseline's then restricted's, each sorted by id: the order of the API server's message. */
const CHECKS: readonly StandardCheck[] = [
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
].sort((a, b) => (a.level === b.level ? compareIds(a.id, b.id) : a.level === 'baseline' ? -1 : 1));

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ids of the checks a profile runs at a release, in the order the API server reports them. */
export function standardChecks(level: StandardLevel, release: string): string[] {
  return checksOf(level, release).map((check) => check.id);
}

function checksOf(level: StandardLevel, release: string): StandardCheck[] {
  const present = CHECKS.filter((check) => check.since === undefined || releaseAtLeast(release, check.since));
  if (level === 'baseline') {
    return present.filter((check) => check.level === 'baseline');
  }
  const overridden = new Set(present.map((check) => check.overrides).filter((id) => id !== undefined));
  return present.filter((check) => !overridden.has(check.id));
}

/**
 * The checks of the Pod Security Standards a pod fails at a level and release (`major.minor`, the enforced version
 * capped at the API server's release), on an API server of release `server`, in the order the API server lists them;
 * none when it passes.
 */
export function standardViolations(
  pod: PodView,
  level: StandardLevel,
  release: string,
  server: string = release,
): StandardViolation[] {
  const spec = pod.spec ?? {};
  const view: Pod = {
    annotations: pod.metadata?.annotations ?? {},
    spec,
    context: spec.securityContext ?? {},
    containers: [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])],
    server,
  };
  return checksOf(level, release).flatMap((check) => {
    const outcome = check.evaluate(view, release);
    return outcome === undefined ? [] : [{ check: check.id, level: check.level, ...outcome }];
  });
}

/** A violation as the API server words it: `reason (detail)`. */
export function describeViolation(violation: StandardViolation): string {
  return violation.detail === '' ? violation.reason : `${violation.reason} (${violation.detail})`;
}
