import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { ContainerPort, ContainerProps, Mount, Resources } from './container';
import { LifecycleHandler } from './lifecycle-handler';
import type { MetadataProps } from './metadata';
import type { PodSpecProps, TopologySpread } from './pod-spec';
import { Probe } from './probe';
import {
  checkCount,
  checkDnsSubdomain,
  checkInstance,
  isGiven,
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
  describeValue,
  fail,
  isPlainObject,
  kindOf,
} from './validation';
import { Volume } from './volume';

// The shape of props as JavaScript, `as any` or values read from JSON may give them: a string where a list belongs, a
// misspelt key, a number for a name, null for an object. TypeScript refuses these at compile time; at run time they
// would crash deep in cdk8s, or be written out mangled ([...'ls'] is ['l', 's']) or dropped. Each key list
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
} as const satisfies Record<keyof ContainerProps, true>;

/** What an init container does not take: probes and lifecycle hooks. */
const NOT_FOR_INIT_CONTAINERS: readonly string[] = ['readiness', 'liveness', 'startup', 'postStart', 'preStop'];

/** The keys of `InitContainerProps`. */
const INIT_CONTAINER_KEYS: Readonly<Record<string, true>> = Object.fromEntries(
  Object.entries(CONTAINER_KEYS).filter(([key]) => !NOT_FOR_INIT_CONTAINERS.includes(key)),
);

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
  topologySpread: true,
  priorityClassName: true,
  volumes: true,
  serviceAccount: true,
  automountServiceAccountToken: true,
  fsGroup: true,
  terminationGracePeriod: true,
  selectorLabels: true,
  podLabels: true,
  podAnnotations: true,
  imagePullSecrets: true,
} as const satisfies Record<keyof PodSpecProps, true>;

/** The pod spec's props, whose shape `checkPodSpecShape` checks, for the shapes of the constructs that take them. */
export const POD_SPEC_SHAPE = Object.fromEntries(
  Object.keys(POD_SPEC_KEYS).map((key) => [key, (() => undefined) as PropCheck]),
) as Record<keyof PodSpecProps, PropCheck>;

const SPREAD_KEYS = { topologyKey: true, maxSkew: true, whenUnsatisfiable: true } as const satisfies Record<
  keyof TopologySpread,
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
  const container = props as Record<keyof ContainerProps, unknown>;
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
      checkInstance(scope, `${at}.volume`, volume, Volume, "Volume.fromEmptyDir('cache')");
      checkString(scope, `${at}.path`, path);
      checkOptionalBoolean(scope, `${at}.readOnly`, readOnly);
      checkOptionalString(scope, `${at}.subPath`, subPath);
    },
    "[{ volume, path: '/data' }]",
  );
  checkResourcesShape(scope, `${field}.resources`, container.resources);
  for (const key of ['readiness', 'liveness', 'startup'] as const) {
    if (isGiven(scope, `${field}.${key}`, container[key])) {
      checkInstance(scope, `${field}.${key}`, container[key], Probe, "Probe.httpGet('/healthz', 'http')");
    }
  }
  for (const key of ['postStart', 'preStop'] as const) {
    if (isGiven(scope, `${field}.${key}`, container[key])) {
      checkInstance(scope, `${field}.${key}`, container[key], LifecycleHandler, "LifecycleHandler.exec(['drain'])");
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
}

/** Requests and limits: known keys, each a quantity written as a string. */
export function checkResourcesShape(scope: IConstruct, field: string, resources: unknown): void {
  if (!isGiven(scope, field, resources)) {
    return;
  }
  checkKnownKeys(scope, field, resources, RESOURCE_KEYS);
  for (const [key, value] of Object.entries(resources as Record<keyof Resources, unknown>)) {
    if (key !== 'extended') {
      checkOptionalString(scope, `${field}.${key}`, value);
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
    checkInstance(scope, at, volume, Volume, "Volume.fromEmptyDir('cache')"),
  );
  checkOptionalList(scope, 'tolerations', props.tolerations, (toleration, at) => {
    if (!isPlainObject(toleration)) {
      fail(scope, `${at} must be an object, e.g. { key: 'dedicated', operator: 'Exists' }, ${got(toleration)}`);
    }
  });
  if (isGiven(scope, 'affinity', props.affinity) && !isPlainObject(props.affinity)) {
    fail(scope, `affinity must be an object, e.g. { nodeAffinity: { ... } }, ${got(props.affinity)}`);
  }
  checkOptionalList(scope, 'topologySpread', props.topologySpread, (spread, at) => {
    checkKnownKeys(scope, at, spread, SPREAD_KEYS);
    const { topologyKey, maxSkew, whenUnsatisfiable } = spread as Record<keyof TopologySpread, unknown>;
    checkString(scope, `${at}.topologyKey`, topologyKey);
    checkOptionalCount(scope, `${at}.maxSkew`, maxSkew, 1);
    checkOptionalOneOf(scope, `${at}.whenUnsatisfiable`, whenUnsatisfiable, ['ScheduleAnyway', 'DoNotSchedule']);
  });
  checkOptionalBoolean(scope, 'automountServiceAccountToken', props.automountServiceAccountToken);
  checkOptionalCount(scope, 'fsGroup', props.fsGroup, 0);
  checkOptionalSeconds(scope, 'terminationGracePeriod', props.terminationGracePeriod);
  if (isGiven(scope, 'serviceAccount', props.serviceAccount)) {
    checkDnsSubdomain(scope, 'serviceAccount.name', (props.serviceAccount as { name?: unknown }).name);
  }
  checkOptionalList(scope, 'imagePullSecrets', props.imagePullSecrets, (secret, at) =>
    checkDnsSubdomain(scope, `${at}.name`, (secret as { name?: unknown } | null)?.name),
  );
}

/** How one prop is checked once given (undefined is "not given", null is refused by `checkShape`). */
export type PropCheck = ((scope: IConstruct, field: string, value: unknown) => void) & { readonly required?: true };

/** A check for every prop of `T`: `satisfies PropShape<XxxProps>` makes the compiler refuse a missing or extra key. */
export type PropShape<T> = Record<keyof T, PropCheck>;

/**
 * The shape of a construct's props, or of an object prop: every key known, every given value checked by its
 * `PropCheck`, every key in `required` given. `field` prefixes the props' paths ('' for a construct's own props).
 */
export function checkShape(
  scope: IConstruct,
  field: string,
  props: unknown,
  shape: Readonly<Record<string, PropCheck>>,
  required: readonly string[] = [],
): void {
  const where = field === '' ? 'props' : field;
  checkKnownKeys(scope, where, props, Object.fromEntries(Object.keys(shape).map((key) => [key, true as const])));
  for (const [key, check] of Object.entries(shape)) {
    const value = (props as Record<string, unknown>)[key];
    const path = field === '' ? key : `${field}.${key}`;
    if (value === undefined && (check.required || required.includes(key))) {
      fail(scope, `${path} is required, got undefined`);
    }
    if (isGiven(scope, path, value)) {
      check(scope, path, value);
    }
  }
}

/** Prop checks, composed into a `PropShape`. */
export const is = {
  /** A prop that must be given, checked by `check`. */
  required: (check: PropCheck): PropCheck =>
    Object.assign((...args: Parameters<PropCheck>) => check(...args), { required: true as const }),
  /** Checked elsewhere (by the pod spec's shape, or by the construct's own rules). */
  checkedElsewhere: (() => undefined) as PropCheck,
  /** A string, not blank. */
  text: ((scope, field, value) => checkString(scope, field, value)) as PropCheck,
  /** A string, blank allowed (free text such as an annotation value). */
  anyText: ((scope, field, value) => checkString(scope, field, value, true)) as PropCheck,
  /** An integer of `min` or more. */
  count:
    (min: number): PropCheck =>
    (scope, field, value) =>
      checkCount(scope, field, value, min),
  /** A port number, 1 to 65535. */
  port: ((scope, field, value) => checkPort(scope, field, value)) as PropCheck,
  /** A port number, or the name of a container port. */
  portOrName: ((scope, field, value) => {
    if (typeof value !== 'string') {
      checkPort(scope, field, value);
    }
  }) as PropCheck,
  /** true or false. */
  bool: ((scope, field, value) => checkOptionalBoolean(scope, field, value)) as PropCheck,
  /** One of a few strings, such as an enum's members. */
  oneOf:
    (allowed: readonly string[]): PropCheck =>
    (scope, field, value) =>
      checkOptionalOneOf(scope, field, value, allowed),
  /** An instance of a class, e.g. a Size; `example` shows how to make one. */
  instance:
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a class, whose constructor may be private
    (type: Function, example: string): PropCheck =>
      (scope, field, value) =>
        checkInstance(scope, field, value, type, example),
  /** A Duration of whole seconds. */
  seconds: ((scope, field, value) => checkOptionalSeconds(scope, field, value)) as PropCheck,
  /** A list of strings. */
  texts: ((scope, field, value) => checkStringList(scope, field, value)) as PropCheck,
  /** An object of string values (labels, a selector, settings). */
  textMap: ((scope, field, value) => checkStringMap(scope, field, value)) as PropCheck,
  /** A list, each item checked by `each`. */
  list:
    (each: PropCheck, example?: string): PropCheck =>
    (scope, field, value) =>
      checkOptionalList(scope, field, value, (item, at) => each(scope, at, item), example),
  /** An object of known keys, each checked. */
  object:
    (shape: Readonly<Record<string, PropCheck>>, required: readonly string[] = []): PropCheck =>
    (scope, field, value) =>
      checkShape(scope, field, value, shape, required),
  /** An object the project made or refers to, with a `name` (a ConfigMap, Secret, StorageClass, claim). */
  named: ((scope, field, value) => {
    if (value === null || typeof value !== 'object') {
      fail(scope, `${field} must be an object with a name, e.g. a Secret or StorageClass.fromName(...), ${got(value)}`);
    }
    checkString(scope, `${field}.name`, (value as { name?: unknown }).name);
  }) as PropCheck,
  /** An object with `key` (a construct such as a workload for `selector`, a Service for a path); `example` names one. */
  having:
    (key: string, example: string): PropCheck =>
    (scope, field, value) => {
      if (value === null || typeof value !== 'object' || !(key in value)) {
        fail(scope, `${field} must be ${example}, ${got(value)}`);
      }
    },
};

/** The shape of the labels and annotations every construct takes. */
export const METADATA_SHAPE = { labels: is.textMap, annotations: is.textMap } satisfies PropShape<MetadataProps>;
