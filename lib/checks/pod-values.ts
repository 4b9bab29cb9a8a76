import { compareReleases } from '../config/kubernetes-version';
import { DNS_LABEL, DNS_SUBDOMAIN, isDnsSubdomain } from '../constructs/validation';
import {
  APPARMOR_FIELD_SINCE,
  CONTAINER_RESTART_RULES_SINCE,
  PROC_MOUNT_CHECKED_SINCE,
  RECURSIVE_READ_ONLY_SINCE,
  parseQuantity,
} from './value-rules';
import { Problem } from './finding';
import { DefaultedResources, NO_DEFAULTS } from './limit-range-defaults';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** No problems, shared: most values have none. */
const NONE: Problem[] = [];

/*
 * Values of a pod spec the API server refuses (seen refused by the 1.27 and 1.37 API servers unless a release is
 * named): pod-spec's findings on resources, lifecycle handlers, volume sources and file modes, user and group ids,
 * hostname and subdomain, and the limits of dnsConfig.
 */

/** The resources a container may request without a domain; any other needs one, as example.com/gpu. */
export const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
export const HUGEPAGES = /^hugepages-/;

function resourceNames(resources: Json, list: 'requests' | 'limits'): string[] {
  const values = resources?.[list];
  return values !== null && typeof values === 'object' ? Object.keys(values) : [];
}

/** Whether a list of requests or limits names only cpu, memory and ephemeral-storage (or is absent). */
function onlyStandard(values: Json): boolean {
  if (values === null || typeof values !== 'object') {
    return true;
  }
  for (const name in values) {
    if (!CONTAINER_RESOURCES.includes(name)) {
      return false;
    }
  }
  return true;
}

/**
 * Huge pages are never overcommitted: a request needs a limit, and equals it (a limit alone is enough, the request
 * follows it). `owner` is `container "web"` or `the pod`.
 */
function hugePageLimitProblems(resources: Json, owner: string, defaults: DefaultedResources): Problem[] {
  const problems: Problem[] = [];
  for (const name of resourceNames(resources, 'requests').filter((resource) => HUGEPAGES.test(resource))) {
    const request = resources.requests[name];
    const limit = resources.limits?.[name];
    if ((limit === undefined || limit === null) && !defaults.limits.has(name)) {
      problems.push({
        message: `resources.requests.${name} of ${owner} is ${JSON.stringify(request)} without a limit, which the API server refuses: huge pages are not overcommitted`,
        fix: `set resources.limits.${name} to the request (a limit alone is enough: the request follows it)`,
      });
    } else if (limit !== undefined && limit !== null && parseQuantity(request) !== parseQuantity(limit)) {
      problems.push({
        message: `resources.requests.${name} of ${owner} is ${JSON.stringify(request)}, not its limit ${JSON.stringify(limit)}, which the API server refuses: huge pages are requested at their limit`,
        fix: 'make the request equal to the limit, or leave it out (it follows the limit)',
      });
    }
  }
  return problems;
}

/**
 * A container's requests and limits: standard resource names, hugepages only beside cpu or memory, and requested at
 * their limit. `defaults`: the resources a LimitRange of the namespace gives the container when it sets none
 * (containerDefaultsIn), whose limit-range-pods judges.
 */
export function resourceProblems(container: Json, defaults: DefaultedResources = NO_DEFAULTS): Problem[] {
  const resources = container.resources;
  if (onlyStandard(resources?.requests) && onlyStandard(resources?.limits)) {
    // Most containers: nothing to build a list of.
    return [];
  }
  const names = [...resourceNames(resources, 'requests'), ...resourceNames(resources, 'limits')];
  const problems: Problem[] = (['requests', 'limits'] as const).flatMap((list) =>
    resourceNames(resources, list)
      .filter((name) => !name.includes('/') && !CONTAINER_RESOURCES.includes(name) && !HUGEPAGES.test(name))
      .map((name) => ({
        message: `resources.${list} of container "${container.name}" names "${name}", which is not a resource of a container; it takes ${CONTAINER_RESOURCES.join(', ')}, hugepages-<size> or an extended resource with a domain (e.g. example.com/gpu)`,
        fix: `write one of these names${name.toLowerCase().startsWith('cpu') ? ', e.g. "cpu"' : ''}`,
      })),
  );
  const hugepages = [...new Set(names.filter((name) => HUGEPAGES.test(name)))];
  const memoryOrCpu = ['cpu', 'memory'].some(
    (name) => names.includes(name) || defaults.limits.has(name) || defaults.requests.has(name),
  );
  if (hugepages.length > 0 && !memoryOrCpu) {
    problems.push({
      message: `container "${container.name}" asks for ${hugepages.join(', ')} without cpu or memory, which the API server refuses`,
      fix: 'request or limit memory (or cpu) beside the huge pages',
    });
  }
  problems.push(...hugePageLimitProblems(resources, `container "${container.name}"`, defaults));
  return problems;
}

/**
 * The release from which a topology spread's matchLabelKeys may name a key its labelSelector has too (1.37 takes it,
 * seen; 1.27 refuses it): MatchLabelKeysInPodTopologySpreadSelectorMerge, on by default from 1.34, merges the keys
 * into the selector, and validation takes both.
 */
export const MATCH_LABEL_KEYS_IN_SELECTOR_SINCE = '1.34';

/**
 * The release from which a pod's own requests and limits (spec.resources) are on by default (PodLevelResources beta;
 * 1.27 has no such field, and a release that has it turned off drops it).
 */
export const POD_LEVEL_RESOURCES_SINCE = '1.34';

/** What a pod's own resources take besides hugepages-<size> (1.37 refuses ephemeral-storage, pids, example.com/gpu). */
const POD_LEVEL_RESOURCES = ['cpu', 'memory'];

/** A pod's own requests and limits: cpu, memory and hugepages-<size> only, huge pages requested at their limit. */
export function podResourceProblems(pod: Json, release: string): Problem[] {
  if (
    pod.resources === undefined ||
    pod.resources === null ||
    compareReleases(release, POD_LEVEL_RESOURCES_SINCE) < 0
  ) {
    return NONE;
  }
  return [
    ...(['requests', 'limits'] as const).flatMap((list) =>
      resourceNames(pod.resources, list)
        .filter((name) => !POD_LEVEL_RESOURCES.includes(name) && !HUGEPAGES.test(name))
        .map((name) => ({
          message: `resources.${list} of the pod names "${name}", which a pod's own resources do not take; they take ${POD_LEVEL_RESOURCES.join(', ')} and hugepages-<size>`,
          fix: "set it in the resources of the containers that need it, or remove it from the pod's",
        })),
    ),
    ...hugePageLimitProblems(pod.resources, 'the pod', NO_DEFAULTS),
  ];
}

/**
 * The release from which a lifecycle handler may `sleep` (PodLifecycleSleepAction on by default; 1.27 refuses the
 * field).
 */
export const LIFECYCLE_SLEEP_SINCE = '1.30';

/**
 * The release from which a lifecycle sleep may be of 0 seconds, or leave seconds out (PodLifecycleSleepActionAllowZero
 * on by default; 1.37 takes both, seen).
 */
export const LIFECYCLE_SLEEP_ZERO_SINCE = '1.33';

/** The termination grace period of a pod that sets none, which bounds a lifecycle sleep. */
const DEFAULT_GRACE_PERIOD_SECONDS = 30;

/**
 * postStart and preStop: exactly one handler each, of those the release knows; a sleep of 1 second (0 from
 * LIFECYCLE_SLEEP_ZERO_SINCE) to the pod's termination grace period.
 */
export function lifecycleProblems(
  container: Json,
  release: string,
  gracePeriodSeconds: unknown = DEFAULT_GRACE_PERIOD_SECONDS,
): Problem[] {
  if (container.lifecycle === undefined || container.lifecycle === null) {
    return [];
  }
  const known = [
    'exec',
    'httpGet',
    'tcpSocket',
    ...(compareReleases(release, LIFECYCLE_SLEEP_SINCE) >= 0 ? ['sleep'] : []),
  ];
  return ['postStart', 'preStop'].flatMap((hook): Problem[] => {
    const handler = container.lifecycle?.[hook];
    if (handler === undefined || handler === null) {
      return [];
    }
    const where = `lifecycle.${hook} of container "${container.name}"`;
    if (handler.sleep !== undefined && !known.includes('sleep')) {
      return [
        {
          message: `${where} sleeps, which Kubernetes ${release} does not know (the sleep handler comes with ${LIFECYCLE_SLEEP_SINCE})`,
          fix: `use exec with a command such as ["sleep", "5"], or run Kubernetes ${LIFECYCLE_SLEEP_SINCE} or later`,
        },
      ];
    }
    // Left out, seconds is 0 to the API server.
    const seconds = handler.sleep?.seconds ?? 0;
    const least = compareReleases(release, LIFECYCLE_SLEEP_ZERO_SINCE) >= 0 ? 0 : 1;
    const grace = Number.isInteger(gracePeriodSeconds) ? (gracePeriodSeconds as number) : DEFAULT_GRACE_PERIOD_SECONDS;
    if (handler.sleep !== undefined && !(Number.isInteger(seconds) && seconds >= least && seconds <= grace)) {
      return [
        {
          message: `${where} sleeps ${JSON.stringify(seconds)} seconds; the API server takes whole seconds from ${least} to the pod's terminationGracePeriodSeconds (${grace})`,
          fix: 'sleep less, or raise terminationGracePeriodSeconds',
        },
      ];
    }
    const handlers = known.filter((name) => handler[name] !== undefined && handler[name] !== null);
    if (handlers.length === 0) {
      return [{ message: `${where} has no handler`, fix: `give it one of ${known.join(', ')}, or remove ${hook}` }];
    }
    return handlers.length > 1
      ? [
          {
            message: `${where} has ${handlers.length} handlers (${handlers.join(', ')}); it takes one`,
            fix: `keep one of ${handlers.join(', ')}`,
          },
        ]
      : [
          ...execCommandProblems(`lifecycle.${hook}.exec of container "${container.name}"`, handler),
          ...httpHeaderProblems(`lifecycle.${hook}.httpGet of container "${container.name}"`, handler),
        ];
  });
}

const EXEC_COMMAND_FIX = 'give exec.command the command to run, a list of its words, or use another handler';

/** The API server's HTTP header name (IsHTTPHeaderName): letters, digits and "-". */
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/**
 * The headers an httpGet handler (of a probe or a lifecycle hook, `where`) sends: named as HTTP headers, which both
 * API servers require ("a valid HTTP header must consist of alphanumeric characters or '-'"). A header of no name or
 * of a name not a string is the schema's finding.
 */
export function httpHeaderProblems(where: string, handler: Json): Problem[] {
  return ((handler?.httpGet?.httpHeaders ?? []) as Json[])
    .map((header) => header?.name)
    .filter((name): name is string => typeof name === 'string' && !HTTP_HEADER_NAME.test(name))
    .map((name) => ({
      message: `${where} sends the header ${JSON.stringify(name)}, which is no HTTP header name (letters, digits and "-")`,
      fix: `name the header with letters, digits and "-", e.g. "${
        name.replace(/[^-A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'X-Probe'
      }"`,
    }));
}

/** An exec handler (of a probe or a lifecycle hook, `where`) runs a command: the API server refuses one of none. */
export function execCommandProblems(where: string, handler: Json): Problem[] {
  const exec = handler?.exec;
  if (exec === undefined || exec === null || (Array.isArray(exec.command) && exec.command.length > 0)) {
    return [];
  }
  return [{ message: `${where} has no command`, fix: EXEC_COMMAND_FIX }];
}

/** A pod volume has one source (none is defaulted to emptyDir). */
export function volumeSourceProblems(volume: Json): Problem[] {
  const sources = Object.keys(volume).filter(
    (key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null,
  );
  return sources.length > 1
    ? [
        {
          message: `volume "${volume.name}" has ${sources.length} sources (${sources.join(', ')}); a volume takes one`,
          fix: 'give each source its own volume, or combine ConfigMaps, Secrets and downward API items in one `projected` volume',
        },
      ]
    : [];
}

/** The shortest and the longest lifetime of a projected ServiceAccount token the API server takes (1.27 and 1.37). */
const TOKEN_SECONDS_MIN = 600;
const TOKEN_SECONDS_MAX = 2 ** 32;

/**
 * The first release whose API server refuses a projected ServiceAccount token written outside its volume (an absolute
 * path, a ".." element, or a name starting with ".."); before it, the kubelet refused to write it, and the pod never
 * started (kubernetes/kubernetes#121731).
 */
export const TOKEN_PATH_CHECKED_SINCE = '1.30';

/** A path the kubelet writes a volume's file at: relative, without a ".." element, not starting with "..". */
function isLocalNonReservedPath(path: unknown): boolean {
  return typeof path === 'string' && !path.startsWith('/') && !path.startsWith('..') && !path.split('/').includes('..');
}

/**
 * The ServiceAccount tokens of a projected volume: a lifetime of 10 minutes to 2^32 seconds, and a path inside the
 * volume.
 */
export function serviceAccountTokenProblems(volume: Json, release: string): Problem[] {
  return ((volume.projected?.sources ?? []) as Json[]).flatMap((source, index) => {
    const token = source?.serviceAccountToken;
    if (token === undefined || token === null) {
      return [];
    }
    const problems: Problem[] = [];
    const seconds = token.expirationSeconds;
    if (typeof seconds === 'number' && (seconds < TOKEN_SECONDS_MIN || seconds > TOKEN_SECONDS_MAX)) {
      problems.push({
        message: `volume "${volume.name}" projected.sources[${index}].serviceAccountToken.expirationSeconds is ${seconds}; the API server takes ${TOKEN_SECONDS_MIN} (10 minutes) to ${TOKEN_SECONDS_MAX} (2^32) seconds`,
        fix: `ask for a lifetime from ${TOKEN_SECONDS_MIN} seconds to 2^32 (the kubelet renews the token before it expires; 3600, an hour, is the default)`,
      });
    }
    if (typeof token.path === 'string' && !isLocalNonReservedPath(token.path)) {
      const refused =
        compareReleases(release, TOKEN_PATH_CHECKED_SINCE) >= 0
          ? `the API server refuses it (from ${TOKEN_PATH_CHECKED_SINCE})`
          : `the API server of ${release} takes it, and the kubelet refuses to write it, so the pod never starts`;
      problems.push({
        message: `volume "${volume.name}" writes its ServiceAccount token to ${JSON.stringify(token.path)}, which must be a relative path without a ".." element, not starting with ".."; ${refused}`,
        fix: 'write the path relative to the mount path, e.g. "token" or "vault/token"',
      });
    }
    return problems;
  });
}

/** The highest file mode the API server takes: 0777. */
const MAX_MODE = 0o777;

function modeText(mode: unknown): string {
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0
    ? `${mode} (0${mode.toString(8)})`
    : JSON.stringify(mode);
}

/** The defaultMode and item modes of configMap, secret, downwardAPI and projected volumes: 0 to 0777. */
export function fileModeProblems(volume: Json): Problem[] {
  const sourceNames = ['configMap', 'secret', 'downwardAPI'];
  const modes: (readonly [where: string, mode: unknown])[] = [];
  for (const name of [...sourceNames, 'projected']) {
    if (volume[name]?.defaultMode !== undefined && volume[name]?.defaultMode !== null) {
      modes.push([`${name}.defaultMode`, volume[name].defaultMode]);
    }
  }
  const sources: (readonly [string, Json])[] = [
    ...sourceNames.map((name) => [name, volume[name]] as const),
    ...((volume.projected?.sources ?? []) as Json[]).flatMap((source) =>
      sourceNames.map((name) => [`projected ${name}`, source?.[name]] as const),
    ),
  ];
  for (const [name, source] of sources) {
    for (const item of source?.items ?? []) {
      if (item?.mode !== undefined && item?.mode !== null) {
        modes.push([`${name} item "${item.path}" mode`, item.mode]);
      }
    }
  }
  return modes
    .filter(([, mode]) => typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > MAX_MODE)
    .map(([where, mode]) => ({
      message: `volume "${volume.name}" ${where} is ${modeText(mode)}, which must be a file mode from 0 to 0777 (511)`,
      fix: 'write the mode as an octal number in YAML (0644) or its decimal value in JSON (420); at most 0777',
    }));
}

/** The largest user or group id the API server takes. */
const MAX_ID = 2147483647;

/** `where` is a function where it is built from names, so the text is made only for a bad id. */
function idProblem(where: string | (() => string), value: unknown): Problem[] {
  return value === undefined ||
    value === null ||
    (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ID)
    ? NONE
    : [
        {
          message: `${typeof where === 'string' ? where : where()} is ${JSON.stringify(value)}, which must be a user or group id from 0 to ${MAX_ID}`,
          fix: "write the numeric id (0 is root; images often use 1000 or 65532), or leave it out for the image's user",
        },
      ];
}

/** runAsUser, runAsGroup (pod and containers), fsGroup and supplementalGroups: ids from 0 to 2^31 - 1. */
export function userIdProblems(pod: Json, containers: readonly Json[]): Problem[] {
  const context = pod.securityContext ?? {};
  return [
    ...idProblem('pod securityContext.runAsUser', context.runAsUser),
    ...idProblem('pod securityContext.runAsGroup', context.runAsGroup),
    ...idProblem('pod securityContext.fsGroup', context.fsGroup),
    ...((context.supplementalGroups ?? []) as unknown[]).flatMap((group, index) =>
      idProblem(() => `pod securityContext.supplementalGroups[${index}]`, group),
    ),
    ...containers.flatMap((container) => [
      ...idProblem(
        () => `securityContext.runAsUser of container "${container.name}"`,
        container.securityContext?.runAsUser,
      ),
      ...idProblem(
        () => `securityContext.runAsGroup of container "${container.name}"`,
        container.securityContext?.runAsGroup,
      ),
    ]),
  ];
}

/** A pod's hostname and subdomain: DNS-1123 labels. */
export function hostnameProblems(pod: Json): Problem[] {
  return (['hostname', 'subdomain'] as const)
    .filter((field) => pod[field] !== undefined && pod[field] !== null && pod[field] !== '')
    .filter((field) => typeof pod[field] !== 'string' || pod[field].length > 63 || !DNS_LABEL.test(pod[field]))
    .map((field) => ({
      message: `${field} ${JSON.stringify(pod[field])} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit)`,
      fix: `write the ${field} in lower case with "-" for other characters, e.g. "${String(pod[field])
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')}"`,
    }));
}

/** A pod's nodeName, which names a node: a DNS-1123 subdomain. */
export function nodeNameProblems(pod: Json): Problem[] {
  const name: unknown = pod.nodeName;
  if (name === undefined || name === null || name === '' || (typeof name === 'string' && isDnsSubdomain(name))) {
    return NONE;
  }
  return [
    {
      message: `nodeName ${JSON.stringify(name)} is not a DNS-1123 subdomain (at most 253 lower-case letters, digits, "-" and "."), so it names no node`,
      fix: `write the name of the node as \`kubectl get nodes\` shows it, e.g. "${String(name)
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')}", or leave nodeName out and let the scheduler pick`,
    },
  ];
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARACTERS = 2048;

/** dnsConfig: at most 3 nameservers, 32 search domains of 2048 characters in all. */
export function dnsLimitProblems(pod: Json): Problem[] {
  const nameservers: unknown[] = pod.dnsConfig?.nameservers ?? [];
  const searches: unknown[] = pod.dnsConfig?.searches ?? [];
  const problems: Problem[] = [];
  if (nameservers.length > MAX_NAMESERVERS) {
    problems.push({
      message: `dnsConfig has ${nameservers.length} nameservers (${nameservers.join(', ')}); the API server takes at most ${MAX_NAMESERVERS}`,
      fix: `keep ${MAX_NAMESERVERS} nameservers (a resolver reads no more)`,
    });
  }
  if (searches.length > MAX_SEARCHES) {
    problems.push({
      message: `dnsConfig has ${searches.length} search domains; the API server takes at most ${MAX_SEARCHES}`,
      fix: `keep at most ${MAX_SEARCHES} search domains`,
    });
  }
  const characters = searches.map(String).join(' ').length;
  if (characters > MAX_SEARCH_CHARACTERS) {
    problems.push({
      message: `dnsConfig search domains take ${characters} characters (joined by spaces); the API server takes at most ${MAX_SEARCH_CHARACTERS}`,
      fix: 'keep fewer or shorter search domains',
    });
  }
  return problems;
}

/** dnsConfig options: each named, which both API servers require (Required value: must not be empty). */
export function dnsOptionProblems(pod: Json): Problem[] {
  return ((pod.dnsConfig?.options ?? []) as Json[]).flatMap((option, index): Problem[] => {
    const name: unknown = option?.name;
    if (name !== undefined && name !== null && name !== '') {
      return NONE;
    }
    const value: unknown = option?.value;
    const valued =
      value === undefined || value === null || value === '' ? '' : ` (its value is ${JSON.stringify(value)})`;
    return [
      {
        message: `dnsConfig.options[${index}] has no name${valued}, which the API server refuses (Required value)`,
        fix: 'name the resolver option, e.g. "ndots", or remove it',
      },
    ];
  });
}

/**
 * On the node's network (hostNetwork) a container's port is the node's: a hostPort, when given, is its containerPort
 * (1.27: "containerPort: must match `hostPort` when `hostNetwork` is true"; 1.37: "hostPort: must match
 * `containerPort`"). No hostPort, or 0, the API server makes the containerPort; neither compares init containers'.
 */
export function hostNetworkPortProblems(pod: Json): Problem[] {
  if (pod.hostNetwork !== true) {
    return NONE;
  }
  return ((pod.containers ?? []) as Json[]).flatMap((container) =>
    ((container?.ports ?? []) as Json[])
      .filter((port) => Number.isInteger(port?.hostPort) && port.hostPort !== 0 && port.hostPort !== port.containerPort)
      .map((port) => ({
        message: `container "${container.name}" maps containerPort ${port.containerPort} to hostPort ${port.hostPort}, but the pod is on the node's network (hostNetwork), where a port must be the same on both`,
        fix: `set hostPort to ${port.containerPort}, or leave it out (the API server makes it containerPort)`,
      })),
  );
}

/**
 * The release from which an init container may set restartPolicy, and as a sidecar (Always) have probes
 * (SidecarContainers on by default; 1.27 refuses the field).
 */
export const SIDECARS_SINCE = '1.29';

/** An init container's restartPolicy, which releases before SIDECARS_SINCE do not take. */
export function initRestartPolicyProblems(pod: Json, release: string): Problem[] {
  if (compareReleases(release, SIDECARS_SINCE) >= 0) {
    return [];
  }
  return ((pod.initContainers ?? []) as Json[])
    .filter((container) => container.restartPolicy !== undefined && container.restartPolicy !== null)
    .map((container) => ({
      message: `init container "${container.name}" sets restartPolicy ${JSON.stringify(container.restartPolicy)}, which Kubernetes ${release} does not take (sidecar init containers come with ${SIDECARS_SINCE})`,
      fix: `remove restartPolicy and run the sidecar as a container of the pod, or run Kubernetes ${SIDECARS_SINCE} or later`,
    }));
}

/**
 * An init container's lifecycle hooks, which the API server takes only of a sidecar (restartPolicy Always, from
 * SIDECARS_SINCE): 1.27 refuses them of any init container ('may not be set for init containers'), 1.37 of one without
 * restartPolicy Always.
 */
export function initLifecycleProblems(pod: Json, release: string): Problem[] {
  const sidecars = compareReleases(release, SIDECARS_SINCE) >= 0;
  return ((pod.initContainers ?? []) as Json[])
    .filter((container) => container?.lifecycle !== undefined && container?.lifecycle !== null)
    .filter((container) => !sidecars || container.restartPolicy !== 'Always')
    .map((container) => ({
      message: `init container "${container.name}" has lifecycle hooks, which the API server refuses of an init container ${sidecars ? 'that is not a sidecar (restartPolicy Always)' : `on Kubernetes ${release} (sidecars, which may have them, come with ${SIDECARS_SINCE})`}`,
      fix: sidecars
        ? 'remove lifecycle (an init container runs to completion; do the work in its command), or make it a sidecar with restartPolicy: Always'
        : 'remove lifecycle (an init container runs to completion; do the work in its command)',
    }));
}

/**
 * The first release that takes "_" in a dnsConfig search domain, and "." alone (RelaxedDNSSearchValidation on by
 * default): 1.27 refuses both, 1.37 takes them.
 */
export const RELAXED_DNS_SEARCH = '1.33';
const RELAXED_SEARCH = /^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*$/;

/** dnsConfig search domains: DNS-1123 subdomains (one trailing "." is dropped), with "_" and "." alone from 1.33. */
export function dnsSearchProblems(pod: Json, release: string): Problem[] {
  const relaxed = compareReleases(release, RELAXED_DNS_SEARCH) >= 0;
  return ((pod.dnsConfig?.searches ?? []) as unknown[])
    .filter((search) => {
      if (typeof search !== 'string') {
        return true;
      }
      if (relaxed && search === '.') {
        return false;
      }
      const name = search.endsWith('.') ? search.slice(0, -1) : search;
      return name.length > 253 || !(relaxed ? RELAXED_SEARCH : DNS_SUBDOMAIN).test(name);
    })
    .map((search) => ({
      message: `dnsConfig search domain ${JSON.stringify(search)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."${relaxed ? ', and "_"' : `; "_", and "." alone, only from ${RELAXED_DNS_SEARCH}, and this environment runs ${release}`})`,
      fix: 'write the domain in lower case, e.g. "shop.svc.cluster.local"',
    }));
}

function hasDotDot(path: string): boolean {
  return path.split('/').includes('..');
}

/**
 * A container's volume mounts: a mountPath; a subPath or subPathExpr that is relative, without "..", and not both;
 * Bidirectional propagation only in a privileged container.
 */
export function mountPathProblems(container: Json): Problem[] {
  return ((container.volumeMounts ?? []) as Json[]).flatMap((mount): Problem[] => {
    if (
      typeof mount.mountPath === 'string' &&
      mount.mountPath !== '' &&
      mount.subPath === undefined &&
      mount.subPathExpr === undefined &&
      mount.mountPropagation === undefined
    ) {
      // Most mounts: nothing to describe.
      return NONE;
    }
    const where = `volume mount "${mount.name}" of container "${container.name}"`;
    if (typeof mount.mountPath !== 'string' || mount.mountPath === '') {
      return [{ message: `${where} has no mountPath`, fix: 'give the mount a mountPath, e.g. "/data"' }];
    }
    const problems: Problem[] = (['subPath', 'subPathExpr'] as const)
      .filter((field) => typeof mount[field] === 'string' && (mount[field].startsWith('/') || hasDotDot(mount[field])))
      .map((field) => ({
        message: `${where} at ${mount.mountPath} has ${field} ${JSON.stringify(mount[field])}, which must be a relative path without ".."`,
        fix: `write the ${field} relative to the volume's root, e.g. "conf/app.yaml"`,
      }));
    if (
      typeof mount.subPath === 'string' &&
      mount.subPath !== '' &&
      typeof mount.subPathExpr === 'string' &&
      mount.subPathExpr !== ''
    ) {
      problems.push({
        message: `${where} at ${mount.mountPath} has both subPath ${JSON.stringify(mount.subPath)} and subPathExpr ${JSON.stringify(mount.subPathExpr)}, which the API server refuses (mutually exclusive)`,
        fix: 'keep subPathExpr to expand variables, or subPath for a fixed path',
      });
    }
    // An unknown propagation is enum-values' finding.
    if (mount.mountPropagation === 'Bidirectional' && container.securityContext?.privileged !== true) {
      problems.push({
        message: `${where} at ${mount.mountPath} has mountPropagation Bidirectional, which the API server allows only in a privileged container`,
        fix: 'use HostToContainer to see the mounts of the host, or make the container privileged (securityContext.privileged: true)',
      });
    }
    return problems;
  });
}

/**
 * What 1.37 requires of fields newer than 1.27, from the releases that read them: a mount's recursiveReadOnly other
 * than Disabled only on a readOnly mount ('may only be specified when readOnly is true'), and a container's
 * restartPolicyRules only beside its own restartPolicy ('must specify restartPolicy when restart rules are used').
 */
export function newerContainerFieldProblems(container: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  if (compareReleases(release, RECURSIVE_READ_ONLY_SINCE) >= 0) {
    for (const mount of (container.volumeMounts ?? []) as Json[]) {
      const recursive: unknown = mount?.recursiveReadOnly;
      if (recursive !== 'Enabled' && recursive !== 'IfPossible') {
        continue;
      }
      const where = `volume mount "${mount.name}" of container "${container.name}" at ${mount.mountPath}`;
      if (mount.readOnly !== true) {
        problems.push({
          message: `${where} has recursiveReadOnly ${recursive} and is not readOnly, which Kubernetes ${release} refuses`,
          fix: 'set readOnly: true on the mount, or remove recursiveReadOnly',
        });
      }
      if (
        mount.mountPropagation !== undefined &&
        mount.mountPropagation !== null &&
        mount.mountPropagation !== 'None'
      ) {
        problems.push({
          message: `${where} has recursiveReadOnly ${recursive} and mountPropagation ${mount.mountPropagation}, which Kubernetes ${release} refuses (only without propagation)`,
          fix: 'remove mountPropagation, or recursiveReadOnly',
        });
      }
    }
  }
  const rules: unknown = container.restartPolicyRules;
  if (compareReleases(release, CONTAINER_RESTART_RULES_SINCE) >= 0 && Array.isArray(rules)) {
    rules.forEach((rule: Json, index) => {
      if (rule?.exitCodes === undefined || rule?.exitCodes === null) {
        problems.push({
          message: `restartPolicyRules[${index}] of container "${container.name}" has no exitCodes, which Kubernetes ${release} refuses`,
          fix: 'give the rule the exit codes it restarts on, e.g. exitCodes: { operator: In, values: [42] }',
        });
      }
    });
  }
  if (
    compareReleases(release, CONTAINER_RESTART_RULES_SINCE) >= 0 &&
    Array.isArray(rules) &&
    rules.length > 0 &&
    (container.restartPolicy === undefined || container.restartPolicy === null || container.restartPolicy === '')
  ) {
    problems.push({
      message: `container "${container.name}" has restartPolicyRules and no restartPolicy of its own, which Kubernetes ${release} refuses`,
      fix: "set the container's restartPolicy (e.g. Never, restarting it only on the exit codes of the rules)",
    });
  }
  return problems;
}

/**
 * The release from which a pod may have an image volume (ImageVolume on by default); 1.27 has no such field (the schema
 * check's), and 1.37 requires its reference.
 */
export const IMAGE_VOLUME_SINCE = '1.35';
const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** An image volume names the image it mounts. */
export function imageVolumeProblems(volume: Json, release: string): Problem[] {
  const image = volume?.image;
  if (image === undefined || image === null || compareReleases(release, IMAGE_VOLUME_SINCE) < 0) {
    return NONE;
  }
  const problems: Problem[] = [];
  if (typeof image.reference !== 'string' || image.reference.trim() === '') {
    problems.push({
      message: `image volume "${volume.name}" names no image (reference is ${JSON.stringify(image.reference ?? null)}), which Kubernetes ${release} refuses`,
      fix: 'set image.reference to the image (or OCI artifact) to mount, e.g. "registry.example.com/models/llm:v1"',
    });
  }
  const pullPolicy: unknown = image.pullPolicy;
  if (pullPolicy !== undefined && pullPolicy !== null && !IMAGE_PULL_POLICIES.includes(pullPolicy as string)) {
    problems.push({
      message: `image volume "${volume.name}" has pullPolicy ${JSON.stringify(pullPolicy)}, which Kubernetes ${release} refuses; it takes ${IMAGE_PULL_POLICIES.join(', ')}`,
      fix: 'use Always, IfNotPresent or Never, or leave it out',
    });
  }
  return problems;
}

/**
 * The release from which the gate reads a pod's hostnameOverride: 1.37 validates it (seen), 1.27 has no such field (the
 * schema check's); the release between that turned HostnameOverride on is not known here.
 */
export const HOSTNAME_OVERRIDE_SINCE = '1.37';

/** A pod's hostnameOverride: a DNS-1123 subdomain, and not beside setHostnameAsFQDN (1.37 refuses both). */
export function hostnameOverrideProblems(pod: Json, release: string): Problem[] {
  const override: unknown = pod.hostnameOverride;
  if (override === undefined || override === null || compareReleases(release, HOSTNAME_OVERRIDE_SINCE) < 0) {
    return NONE;
  }
  const problems: Problem[] = [];
  if (!isDnsSubdomain(override)) {
    problems.push({
      message: `hostnameOverride ${JSON.stringify(override)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), which Kubernetes ${release} refuses`,
      fix: 'write the hostname in lower case, e.g. "worker-0.example"',
    });
  }
  if (pod.setHostnameAsFQDN === true) {
    problems.push({
      message: `hostnameOverride is set beside setHostnameAsFQDN, which Kubernetes ${release} refuses`,
      fix: 'remove setHostnameAsFQDN, or hostnameOverride',
    });
  }
  return problems;
}

/** A generic ephemeral volume needs the claim it makes. */
export function ephemeralProblems(volume: Json): Problem[] {
  return volume.ephemeral !== undefined && volume.ephemeral !== null && !volume.ephemeral.volumeClaimTemplate
    ? [
        {
          message: `ephemeral volume "${volume.name}" has no volumeClaimTemplate`,
          fix: 'give ephemeral.volumeClaimTemplate a spec with accessModes and resources.requests.storage, or use an emptyDir',
        },
      ]
    : [];
}

/** procMount Unmasked, which releases that check procMount take only in a pod of its own user namespace. */
export function procMountProblems(pod: Json, containers: readonly Json[], release: string): Problem[] {
  if (compareReleases(release, PROC_MOUNT_CHECKED_SINCE) < 0 || pod.hostUsers === false) {
    return [];
  }
  return containers
    .filter((container) => container.securityContext?.procMount === 'Unmasked')
    .map((container) => ({
      message: `container "${container.name}" sets procMount Unmasked in a pod that shares the host's user namespace (hostUsers is not false), which Kubernetes ${release} refuses`,
      fix: "set the pod's hostUsers to false, or leave procMount out (Default)",
    }));
}

/** The longest AppArmor localhostProfile the API server takes (PATH_MAX - 1). */
const APPARMOR_PROFILE_MAX = 4095;

/** What the API server requires of a seccomp or AppArmor profile beside its type, which enum-values checks. */
interface ProfileKind {
  readonly field: 'seccompProfile' | 'appArmorProfile';
  readonly name: 'seccomp' | 'AppArmor';
  /** The fix of a Localhost profile that names none. */
  readonly fix: string;
  /** What the localhostProfile of a Localhost profile must be beyond being given, or undefined when it is. */
  readonly localhostProblem: (profile: string) => Problem | undefined;
}

const SECCOMP: ProfileKind = {
  field: 'seccompProfile',
  name: 'seccomp',
  fix: 'name the profile in localhostProfile, a path relative to the kubelet\'s seccomp directory (e.g. "profiles/audit.json"), or use type RuntimeDefault',
  localhostProblem: (profile) =>
    profile.startsWith('/') || hasDotDot(profile)
      ? {
          message: `localhostProfile ${JSON.stringify(profile)} must be a relative path without ".." (the kubelet reads it under its seccomp directory)`,
          fix: 'write the path relative to the kubelet\'s seccomp directory, e.g. "profiles/audit.json"',
        }
      : undefined,
};

const APPARMOR: ProfileKind = {
  field: 'appArmorProfile',
  name: 'AppArmor',
  fix: 'name a profile loaded on the node in localhostProfile, e.g. "k8s-apparmor-example-deny-write", or use type RuntimeDefault',
  localhostProblem: (profile) => {
    if (profile.trim() !== profile) {
      return {
        message: `localhostProfile ${JSON.stringify(profile)} is padded with whitespace, which the API server refuses`,
        fix: 'write the name of the profile without spaces around it',
      };
    }
    return profile.length > APPARMOR_PROFILE_MAX
      ? {
          message: `localhostProfile is ${profile.length} characters long; the API server takes at most ${APPARMOR_PROFILE_MAX}`,
          fix: 'load the profile under a shorter name',
        }
      : undefined;
  },
};

/** One seccomp or AppArmor profile (`where` names it): a localhostProfile exactly when its type is Localhost. */
function profileProblems(kind: ProfileKind, where: string, profile: Json): Problem[] {
  if (profile === undefined || profile === null) {
    return NONE;
  }
  const localhost: unknown = profile.localhostProfile;
  const given = localhost !== undefined && localhost !== null;
  if (profile.type === 'Localhost') {
    // The AppArmor check trims the profile first; seccomp's takes "" (a path of the directory itself).
    if (!given || (kind === APPARMOR && typeof localhost === 'string' && localhost.trim() === '')) {
      return [
        {
          message: `${where} is of type Localhost without a localhostProfile, which the API server refuses (must be set when ${kind.name} type is Localhost)`,
          fix: kind.fix,
        },
      ];
    }
    const problem = typeof localhost === 'string' ? kind.localhostProblem(localhost) : undefined;
    return problem === undefined ? NONE : [{ ...problem, message: `${where} ${problem.message}` }];
  }
  // An unknown or missing type is enum-values' or the schema's finding.
  return given && typeof profile.type === 'string' && profile.type !== ''
    ? [
        {
          message: `${where} sets localhostProfile ${JSON.stringify(localhost)} beside type ${profile.type}; only type Localhost takes one`,
          fix: 'set type Localhost to use that profile, or remove localhostProfile',
        },
      ]
    : NONE;
}

/** The seccomp profiles (and from APPARMOR_FIELD_SINCE the AppArmor profiles) of a pod and its containers. */
export function securityProfileProblems(pod: Json, containers: readonly Json[], release: string): Problem[] {
  const kinds = compareReleases(release, APPARMOR_FIELD_SINCE) >= 0 ? [SECCOMP, APPARMOR] : [SECCOMP];
  return kinds.flatMap((kind) => [
    ...profileProblems(kind, `pod securityContext.${kind.field}`, pod.securityContext?.[kind.field]),
    ...containers.flatMap((container) =>
      profileProblems(
        kind,
        `securityContext.${kind.field} of container "${container.name}"`,
        container.securityContext?.[kind.field],
      ),
    ),
  ]);
}
