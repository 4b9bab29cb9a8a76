import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { parseQuantity } from '../checks/value-rules';
import { ContainerRestartPolicy, PROBES_AND_HOOKS, TerminationMessagePolicy } from './container';
import type { ContainerPort, ContainerProps, Mount, Resources, SidecarContainerProps } from './container';
import { LifecycleHandler } from './lifecycle-handler';
import { DnsPolicy, FsGroupChangePolicy } from './pod-spec';
import type { PodAntiAffinity, PodDnsConfig, PodSpecProps, TopologySpread } from './pod-spec';
import { Probe } from './probe';
import {
  checkCount,
  checkDnsSubdomain,
  checkInstance,
  isGiven,
  isLabelKey,
  isLabelValue,
  checkKnownKeys,
  checkList,
  checkOptionalBoolean,
  checkOptionalCount,
  checkOptionalList,
  checkOptionalOneOf,
  checkOptionalSeconds,
  checkOptionalString,
  checkPort,
  checkString,
  checkStringList,
  checkStringMap,
  describeGiven,
  describeValue,
  fail,
  isPlainObject,
  kindOf,
} from './validation';
import { PropCheck, is } from './prop-shapes';
import { Volume } from './volume';

// The shape of the pod spec's and its containers' props, as prop-shapes.ts checks those of the other constructs: known
// keys, strings, lists, numbers, and the classes the props take (a Probe, a Volume, a LifecycleHandler). Each key list
// `satisfies Record<keyof XxxProps, true>`, so that the compiler refuses a list that misses a prop or names one too many.

/** The keys of `ContainerProps`. */
const CONTAINER_KEYS = {
  name: true,
  image: true,
  command: true,
  args: true,
  workingDir: true,
  ports: true,
  env: true,
  envFromConfigMaps: true,
  envFromSecrets: true,
  mounts: true,
  resources: true,
  readiness: true,
  liveness: true,
  startup: true,
  postStart: true,
  preStop: true,
  user: true,
  group: true,
  readOnlyRootFilesystem: true,
  privileged: true,
  allowPrivilegedPorts: true,
  imagePullPolicy: true,
  terminationMessagePolicy: true,
} as const satisfies Record<keyof ContainerProps, true>;

/** The keys of `InitContainerProps`: a container's, and restartPolicy (probes and hooks for a sidecar only). */
const INIT_CONTAINER_KEYS = { ...CONTAINER_KEYS, restartPolicy: true } as const satisfies Record<
  keyof SidecarContainerProps,
  true
>;

const PORT_KEYS = { number: true, name: true, protocol: true } as const satisfies Record<keyof ContainerPort, true>;

const MOUNT_KEYS = { volume: true, path: true, readOnly: true, subPath: true } as const satisfies Record<
  keyof Mount,
  true
>;

const RESOURCE_KEYS = {
  cpuRequest: true,
  memoryRequest: true,
  cpuLimit: true,
  memoryLimit: true,
  ephemeralStorageRequest: true,
  ephemeralStorageLimit: true,
  extended: true,
} as const satisfies Record<keyof Resources, true>;

/** The keys of `PodSpecProps`. */
export const POD_SPEC_KEYS = {
  containers: true,
  initContainers: true,
  nodeSelector: true,
  tolerations: true,
  affinity: true,
  antiAffinity: true,
  topologySpread: true,
  priorityClassName: true,
  runtimeClassName: true,
  volumes: true,
  serviceAccount: true,
  automountServiceAccountToken: true,
  fsGroup: true,
  terminationGracePeriod: true,
  selectorLabels: true,
  podLabels: true,
  podAnnotations: true,
  imagePullSecrets: true,
  dnsConfig: true,
  dnsPolicy: true,
  hostAliases: true,
  enableServiceLinks: true,
  shareProcessNamespace: true,
  fsGroupChangePolicy: true,
  supplementalGroups: true,
} as const satisfies Record<keyof PodSpecProps, true>;

/** The keys of `PodDnsConfig`. */
const DNS_CONFIG_KEYS = { nameservers: true, searches: true, options: true } as const satisfies Record<
  keyof PodDnsConfig,
  true
>;

/** The pod spec's props, whose shape `checkPodSpecShape` checks, for the shapes of the constructs that take them. */
export const POD_SPEC_SHAPE = Object.fromEntries(
  Object.keys(POD_SPEC_KEYS).map((key) => [key, (() => undefined) as PropCheck]),
) as Record<keyof PodSpecProps, PropCheck>;

// Kubernetes' own structures, which the 1.27 bindings render key by key: an unknown key would be dropped.
const TOLERATION_KEYS = {
  key: true,
  operator: true,
  value: true,
  effect: true,
  tolerationSeconds: true,
} as const satisfies Record<keyof k8s.Toleration, true>;

const AFFINITY_KEYS = { nodeAffinity: true, podAffinity: true, podAntiAffinity: true } as const satisfies Record<
  keyof k8s.Affinity,
  true
>;

const SPREAD_KEYS = {
  topologyKey: true,
  maxSkew: true,
  whenUnsatisfiable: true,
  minDomains: true,
  matchLabelKeys: true,
  nodeAffinityPolicy: true,
  nodeTaintsPolicy: true,
} as const satisfies Record<keyof TopologySpread, true>;

const ANTI_AFFINITY_KEYS = { topologyKey: true, required: true, weight: true } as const satisfies Record<
  keyof PodAntiAffinity,
  true
>;

/** `got <value> (<kind>)`. */
function got(value: unknown): string {
  return `got ${describeValue(value)} (${kindOf(value)})`;
}

/**
 * The shape of a container's props: known keys, strings, lists of strings, ports and mounts, probes and hooks made by
 * their factories, refused with the path of the prop, e.g. `containers[0].ports[1].number`.
 */
export function checkContainerShape(scope: IConstruct, field: string, props: unknown, init = false): void {
  checkKnownKeys(scope, field, props, init ? INIT_CONTAINER_KEYS : CONTAINER_KEYS);
  const container = props as Record<keyof SidecarContainerProps, unknown>;
  if (init) {
    checkInitContainerKind(scope, field, container);
  }
  checkString(scope, `${field}.name`, container.name, true);
  checkString(scope, `${field}.image`, container.image, true);
  for (const key of ['command', 'args'] as const) {
    if (isGiven(scope, `${field}.${key}`, container[key])) {
      checkStringList(scope, `${field}.${key}`, container[key]);
    }
  }
  checkOptionalString(scope, `${field}.workingDir`, container.workingDir);
  checkOptionalList(
    scope,
    `${field}.ports`,
    container.ports,
    (port, at) => {
      checkKnownKeys(scope, at, port, PORT_KEYS);
      const { number, name, protocol } = port as Record<keyof ContainerPort, unknown>;
      checkPort(scope, `${at}.number`, number);
      checkOptionalString(scope, `${at}.name`, name, true);
      checkOptionalOneOf(scope, `${at}.protocol`, protocol, Object.values(kplus.Protocol));
    },
    "[{ number: 8080, name: 'http' }]",
  );
  checkEnvShape(scope, `${field}.env`, container.env);
  for (const key of ['envFromConfigMaps', 'envFromSecrets'] as const) {
    checkOptionalList(scope, `${field}.${key}`, container[key], (source, at) =>
      checkDnsSubdomain(
        scope,
        `${at}.name`,
        isPlainObject(source) || typeof source === 'object' ? (source as { name?: unknown } | null)?.name : source,
      ),
    );
  }
  checkOptionalList(
    scope,
    `${field}.mounts`,
    container.mounts,
    (mount, at) => {
      checkKnownKeys(scope, at, mount, MOUNT_KEYS);
      const { volume, path, readOnly, subPath } = mount as Record<keyof Mount, unknown>;
      checkInstance(scope, `${at}.volume`, volume, Volume, "Volume.fromEmptyDir('cache')").check(scope, `${at}.volume`);
      is.absolutePath(scope, `${at}.path`, path);
      checkOptionalBoolean(scope, `${at}.readOnly`, readOnly);
      checkOptionalString(scope, `${at}.subPath`, subPath);
    },
    "[{ volume, path: '/data' }]",
  );
  checkResourcesShape(scope, `${field}.resources`, container.resources);
  for (const key of ['readiness', 'liveness', 'startup'] as const) {
    if (isGiven(scope, `${field}.${key}`, container[key])) {
      checkInstance(scope, `${field}.${key}`, container[key], Probe, "Probe.httpGet('/healthz', 'http')").check(
        scope,
        `${field}.${key}`,
      );
    }
  }
  for (const key of ['postStart', 'preStop'] as const) {
    if (isGiven(scope, `${field}.${key}`, container[key])) {
      checkInstance(
        scope,
        `${field}.${key}`,
        container[key],
        LifecycleHandler,
        "LifecycleHandler.exec(['drain'])",
      ).check(scope, `${field}.${key}`);
    }
  }
  checkOptionalCount(scope, `${field}.user`, container.user, 0);
  checkOptionalCount(scope, `${field}.group`, container.group, 0);
  for (const key of ['readOnlyRootFilesystem', 'privileged', 'allowPrivilegedPorts'] as const) {
    checkOptionalBoolean(scope, `${field}.${key}`, container[key]);
  }
  checkOptionalOneOf(
    scope,
    `${field}.imagePullPolicy`,
    container.imagePullPolicy,
    Object.values(kplus.ImagePullPolicy),
  );
  checkOptionalOneOf(
    scope,
    `${field}.terminationMessagePolicy`,
    container.terminationMessagePolicy,
    Object.values(TerminationMessagePolicy),
  );
}

/** An init container's restartPolicy, Always or none; probes and hooks only with Always (a native sidecar). */
function checkInitContainerKind(scope: IConstruct, field: string, container: Record<string, unknown>): void {
  const restartPolicy = checkOptionalOneOf(
    scope,
    `${field}.restartPolicy`,
    container.restartPolicy,
    Object.values(ContainerRestartPolicy),
  );
  const probeOrHook = PROBES_AND_HOOKS.find((key) => container[key] !== undefined);
  if (restartPolicy === undefined && probeOrHook !== undefined) {
    fail(
      scope,
      `${field}.${probeOrHook} is given to an init container that runs to completion, which takes no probes or ` +
        'lifecycle hooks; make it a native sidecar with restartPolicy: ContainerRestartPolicy.ALWAYS (Kubernetes ' +
        `1.29 and later), or remove ${probeOrHook}`,
    );
  }
}

/** Requests and limits: known keys, each a quantity written as a string. */
export function checkResourcesShape(scope: IConstruct, field: string, resources: unknown): void {
  if (!isGiven(scope, field, resources)) {
    return;
  }
  checkKnownKeys(scope, field, resources, RESOURCE_KEYS);
  for (const [key, value] of Object.entries(resources as Record<keyof Resources, unknown>)) {
    if (key !== 'extended') {
      const quantity = checkOptionalString(scope, `${field}.${key}`, value);
      if (quantity !== undefined && parseQuantity(quantity) === undefined) {
        fail(
          scope,
          `${field}.${key} must be a quantity such as "500m" or "1" (CPU), "128Mi" (memory, ephemeral storage), ` +
            `got ${describeValue(quantity)}`,
        );
      }
    } else if (isGiven(scope, `${field}.extended`, value) && !isPlainObject(value)) {
      fail(
        scope,
        `${field}.extended must be an object of resource names to counts, e.g. { 'nvidia.com/gpu': 1 }, ${got(value)}`,
      );
    }
  }
}

/** Environment variables: an object whose values are strings or `EnvValue`s (a number would lose its value). */
export function checkEnvShape(scope: IConstruct, field: string, env: unknown): void {
  if (!isGiven(scope, field, env)) {
    return;
  }
  if (!isPlainObject(env)) {
    fail(scope, `${field} must be an object of names to values, e.g. { LOG_LEVEL: 'info' }, ${got(env)}`);
  }
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' && !(value instanceof kplus.EnvValue)) {
      fail(
        scope,
        `${field} "${name}" must be a string or an EnvValue, ${got(value)}` +
          (typeof value === 'number' || typeof value === 'boolean' ? `; quote it: "${String(value)}"` : ''),
      );
    }
  }
}

/** A toleration's fields, which the bindings render as given: an object for a key failed cdk8s' rendering. */
function checkTolerationFields(scope: IConstruct, at: string, given: Record<keyof k8s.Toleration, unknown>): void {
  for (const key of ['key', 'value'] as const) {
    if (isGiven(scope, `${at}.${key}`, given[key])) {
      checkString(scope, `${at}.${key}`, given[key], true);
    }
  }
  checkOptionalOneOf(scope, `${at}.operator`, given.operator, ['Exists', 'Equal']);
  checkOptionalOneOf(scope, `${at}.effect`, given.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  if (
    isGiven(scope, `${at}.tolerationSeconds`, given.tolerationSeconds) &&
    !Number.isInteger(given.tolerationSeconds)
  ) {
    fail(
      scope,
      `${at}.tolerationSeconds must be a whole number of seconds, got ${describeGiven(given.tolerationSeconds)}`,
    );
  }
  checkTolerationRules(scope, at, given as k8s.Toleration);
}

/** What the API server requires of a toleration's fields together (the scheduling rule is the gate's copy). */
function checkTolerationRules(scope: IConstruct, at: string, toleration: k8s.Toleration): void {
  const { key, operator, value, effect, tolerationSeconds } = toleration;
  if (key !== undefined && key !== '' && !isLabelKey(key)) {
    fail(
      scope,
      `${at}.key "${key}" is not a taint key (an optional DNS subdomain prefix and '/', then at most 63 letters, ` +
        "digits, '-', '_' or '.', starting and ending with a letter or digit); write the key as `kubectl describe node` shows it",
    );
  }
  if ((key === undefined || key === '') && operator !== 'Exists') {
    fail(
      scope,
      `${at} ${describeValue(toleration)} has no key but operator "${operator ?? 'Equal'}"; an empty key tolerates ` +
        'every taint and needs operator "Exists"',
    );
  }
  if (operator !== 'Exists' && value !== undefined && !isLabelValue(value)) {
    fail(
      scope,
      `${at}.value "${value}" is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending ` +
        "with a letter or digit), which a taint's value is",
    );
  }
  if (operator === 'Exists' && value !== undefined && value !== '') {
    fail(
      scope,
      `${at} has operator "Exists" and the value "${value}"; Exists matches any value and takes none: remove value, ` +
        'or use operator "Equal"',
    );
  }
  if (tolerationSeconds !== undefined && effect !== 'NoExecute') {
    fail(
      scope,
      `${at}.tolerationSeconds is given with effect "${effect ?? '(every effect)'}"; only NoExecute taints evict after a ` +
        'time: set effect "NoExecute", or remove tolerationSeconds',
    );
  }
}

/**
 * The shape of pod spec props: lists that are lists, objects that are objects, and the classes the props take (a
 * Volume, a Duration), each refused with the path of the prop.
 */
export function checkPodSpecShape(scope: IConstruct, props: PodSpecProps): void {
  checkList(scope, 'containers', props.containers, "[{ name: 'app', image: 'nginx:1.27' }]").forEach(
    (container, index) => checkContainerShape(scope, `containers[${index}]`, container),
  );
  checkOptionalList(scope, 'initContainers', props.initContainers, (container, at) =>
    checkContainerShape(scope, at, container, true),
  );
  checkOptionalList(scope, 'volumes', props.volumes, (volume, at) =>
    checkInstance(scope, at, volume, Volume, "Volume.fromEmptyDir('cache')").check(scope, at),
  );
  checkOptionalList(scope, 'tolerations', props.tolerations, (toleration, at) => {
    if (!isPlainObject(toleration)) {
      fail(scope, `${at} must be an object, e.g. { key: 'dedicated', operator: 'Exists' }, ${got(toleration)}`);
    }
    checkKnownKeys(scope, at, toleration, TOLERATION_KEYS);
    checkTolerationFields(scope, at, toleration as Record<keyof k8s.Toleration, unknown>);
  });
  if (isGiven(scope, 'affinity', props.affinity)) {
    if (!isPlainObject(props.affinity)) {
      fail(scope, `affinity must be an object, e.g. { nodeAffinity: { ... } }, ${got(props.affinity)}`);
    }
    checkKnownKeys(scope, 'affinity', props.affinity, AFFINITY_KEYS);
  }
  checkOptionalList(scope, 'antiAffinity', props.antiAffinity, (term, at) => {
    checkKnownKeys(scope, at, term, ANTI_AFFINITY_KEYS);
    const given = term as Record<keyof PodAntiAffinity, unknown>;
    checkString(scope, `${at}.topologyKey`, given.topologyKey);
    if (checkOptionalBoolean(scope, `${at}.required`, given.required) === true && given.weight !== undefined) {
      fail(
        scope,
        `${at}.weight is given with required: true; the scheduler weighs only a preference: remove weight, or leave ` +
          'required out',
      );
    }
  });
  checkOptionalList(scope, 'topologySpread', props.topologySpread, (spread, at) => {
    checkKnownKeys(scope, at, spread, SPREAD_KEYS);
    const given = spread as Record<keyof TopologySpread, unknown>;
    checkString(scope, `${at}.topologyKey`, given.topologyKey);
    checkOptionalCount(scope, `${at}.maxSkew`, given.maxSkew, 1);
    checkOptionalOneOf(scope, `${at}.whenUnsatisfiable`, given.whenUnsatisfiable, ['ScheduleAnyway', 'DoNotSchedule']);
    checkOptionalCount(scope, `${at}.minDomains`, given.minDomains, 1);
    if (isGiven(scope, `${at}.matchLabelKeys`, given.matchLabelKeys)) {
      checkStringList(scope, `${at}.matchLabelKeys`, given.matchLabelKeys);
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      checkOptionalOneOf(scope, `${at}.${key}`, given[key], ['Honor', 'Ignore']);
    }
  });
  checkOptionalBoolean(scope, 'automountServiceAccountToken', props.automountServiceAccountToken);
  checkOptionalCount(scope, 'fsGroup', props.fsGroup, 0);
  checkOptionalOneOf(scope, 'fsGroupChangePolicy', props.fsGroupChangePolicy, Object.values(FsGroupChangePolicy));
  checkOptionalList(scope, 'supplementalGroups', props.supplementalGroups, (group, at) =>
    checkCount(scope, at, group, 0),
  );
  checkOptionalOneOf(scope, 'dnsPolicy', props.dnsPolicy, Object.values(DnsPolicy));
  checkOptionalBoolean(scope, 'enableServiceLinks', props.enableServiceLinks);
  checkOptionalBoolean(scope, 'shareProcessNamespace', props.shareProcessNamespace);
  checkOptionalSeconds(scope, 'terminationGracePeriod', props.terminationGracePeriod);
  if (isGiven(scope, 'serviceAccount', props.serviceAccount)) {
    checkDnsSubdomain(scope, 'serviceAccount.name', (props.serviceAccount as { name?: unknown }).name);
  }
  checkOptionalList(scope, 'imagePullSecrets', props.imagePullSecrets, (secret, at) =>
    checkDnsSubdomain(scope, `${at}.name`, (secret as { name?: unknown } | null)?.name),
  );
  if (isGiven(scope, 'dnsConfig', props.dnsConfig)) {
    if (!isPlainObject(props.dnsConfig)) {
      fail(scope, `dnsConfig must be an object, e.g. { options: { ndots: '2' } }, ${got(props.dnsConfig)}`);
    }
    checkKnownKeys(scope, 'dnsConfig', props.dnsConfig, DNS_CONFIG_KEYS);
    for (const key of ['nameservers', 'searches'] as const) {
      checkOptionalList(scope, `dnsConfig.${key}`, props.dnsConfig[key], (item, at) => checkString(scope, at, item));
    }
    if (isGiven(scope, 'dnsConfig.options', props.dnsConfig.options)) {
      checkStringMap(scope, 'dnsConfig.options', props.dnsConfig.options);
    }
  }
  if (isGiven(scope, 'hostAliases', props.hostAliases)) {
    if (!isPlainObject(props.hostAliases)) {
      fail(
        scope,
        `hostAliases must be an object of host names by IP address, e.g. { '10.0.0.5': ['legacy.internal'] }, ${got(props.hostAliases)}`,
      );
    }
    for (const [address, hostnames] of Object.entries(props.hostAliases)) {
      checkStringList(scope, `hostAliases["${address}"]`, hostnames);
    }
  }
}
