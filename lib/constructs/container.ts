import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { isConfigKey, parseQuantity } from '../checks/value-rules';
import { imageReferenceFix, imageReferenceProblem } from './image-reference';
import { LifecycleHandler } from './lifecycle-handler';
import { Probe } from './probe';
import { ENV_VAR_NAME, checkDnsLabel, checkPort, checkUnique, describeGiven, fail } from './validation';
import { Volume } from './volume';

/**
 * The user and group our containers run as unless told otherwise: "nonroot" in distroless images, above 10000 so it
 * is no user of the node (kube-score's check), and a uid that images built for arbitrary users accept.
 */
export const DEFAULT_USER = 65532;

/** Ports below this one are privileged: only root or the capability NET_BIND_SERVICE may bind them. */
export const PRIVILEGED_PORTS_BELOW = 1024;

/** Environment variables by name: a literal string, or a value taken from a ConfigMap, Secret or field. */
export type EnvVars = Readonly<Record<string, string | kplus.EnvValue>>;

/** A port a container listens on. */
export interface ContainerPort {
  /** The port number. */
  readonly number: number;
  /** A name Services and probes can refer to instead of the number. @default - no name */
  readonly name?: string;
  /** The protocol. @default kplus.Protocol.TCP */
  readonly protocol?: kplus.Protocol;
}

/** A volume mounted into a container. */
export interface Mount {
  /** The volume; the pod lists every mounted volume once. */
  readonly volume: Volume;
  /** Where it appears in the container. */
  readonly path: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
  /** Mount only this file or directory of the volume. @default - the whole volume */
  readonly subPath?: string;
}

/** Compute resources, as Kubernetes quantities (e.g. `100m` CPU, `128Mi` memory). */
export interface Resources {
  /** CPU the scheduler reserves. @default '50m' */
  readonly cpuRequest?: string;
  /** Memory the scheduler reserves. @default '64Mi' */
  readonly memoryRequest?: string;
  /** CPU beyond which the container is throttled. @default '500m' */
  readonly cpuLimit?: string;
  /** Memory beyond which the container is killed. @default '128Mi' */
  readonly memoryLimit?: string;
  /** Node disk (logs, writable layers, emptyDirs) the scheduler reserves. @default '64Mi' */
  readonly ephemeralStorageRequest?: string;
  /** Node disk beyond which the pod is evicted. @default '256Mi' */
  readonly ephemeralStorageLimit?: string;
  /**
   * Extended resources a device plugin offers, by name with its domain, each a whole count, e.g.
   * `{ 'nvidia.com/gpu': 1 }`; rendered as both request and limit (Kubernetes does not overcommit them). @default - none
   */
  readonly extended?: Readonly<Record<string, number>>;
}

/** Properties of one container. */
export interface ContainerProps {
  /** The container's name, unique in its pod; `kubectl logs -c` and `exec -c` take it. */
  readonly name: string;
  /** The image, with a tag or digest. */
  readonly image: string;
  /** Replaces the image's entrypoint. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. @default - the image's arguments */
  readonly args?: readonly string[];
  /** The directory the entrypoint starts in. @default - the image's working directory */
  readonly workingDir?: string;
  /** Ports the container listens on. @default - none */
  readonly ports?: readonly ContainerPort[];
  /** Environment variables: a string, or an `EnvValue` from a ConfigMap, Secret or field. @default - none */
  readonly env?: EnvVars;
  /** ConfigMaps whose every key becomes an environment variable. @default - none */
  readonly envFromConfigMaps?: readonly kplus.IConfigMap[];
  /** Secrets whose every key becomes an environment variable. @default - none */
  readonly envFromSecrets?: readonly kplus.ISecret[];
  /** Volumes mounted into the container. @default - none */
  readonly mounts?: readonly Mount[];
  /** Requests and limits. @default - 50m CPU, 64Mi memory and 64Mi disk requested; 500m, 128Mi and 256Mi limits */
  readonly resources?: Resources;
  /** When the container may receive traffic. @default - none */
  readonly readiness?: Probe;
  /** When the container must be restarted. @default - none */
  readonly liveness?: Probe;
  /** Until it succeeds once, readiness and liveness wait: for an app that starts slowly. @default - none */
  readonly startup?: Probe;
  /** Run right after the container starts; it is not ready until this ends. @default - none */
  readonly postStart?: LifecycleHandler;
  /** Run before the container is sent SIGTERM, e.g. a drain or a pause while endpoints drop the pod. @default - none */
  readonly preStop?: LifecycleHandler;
  /**
   * The numeric user the container runs as; 0 (root, for a node agent that reads root's files) also sets runAsNonRoot
   * false: a namespace of Pod Security `restricted` refuses it, and the `security-context` rule unless exempted.
   * @default DEFAULT_USER
   */
  readonly user?: number;
  /** The numeric group the container runs as. @default DEFAULT_USER */
  readonly group?: number;
  /** Make the root filesystem read-only; mount an emptyDir where the app writes. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Run privileged (every capability and device of the node), with privilege escalation allowed, as the API server
   * requires of a privileged container; the `privileged` and `security-context` policy rules refuse it unless the
   * object is exempted from them (`exemptFromPolicy`). @default false
   */
  readonly privileged?: boolean;
  /**
   * Let the container, which runs as non-root, listen on ports below 1024: adds the one capability NET_BIND_SERVICE
   * (every other stays dropped; Pod Security `restricted` allows exactly this one). @default false
   */
  readonly allowPrivilegedPorts?: boolean;
  /** When the kubelet pulls the image; `Always` checks the pull credentials at every start. @default kplus.ImagePullPolicy.ALWAYS */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
  /**
   * Where the reason of a termination comes from: `FALLBACK_TO_LOGS_ON_ERROR` shows the end of the log of a failed
   * container that wrote no message. @default TerminationMessagePolicy.FILE (Kubernetes')
   */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;
}

/** Where the kubelet finds the message a container leaves when it terminates (`kubectl describe` shows it). */
export enum TerminationMessagePolicy {
  /** The file at terminationMessagePath (/dev/termination-log) only. */
  FILE = 'File',
  /** That file, or, when a failed container left it empty, the last lines of its log. */
  FALLBACK_TO_LOGS_ON_ERROR = 'FallbackToLogsOnError',
}

/** When the kubelet restarts an init container. */
export enum ContainerRestartPolicy {
  /**
   * A native sidecar: started in its turn among the init containers, then kept running (and restarted) beside the
   * pod's containers and stopped after them, so a log shipper or proxy sees the app's whole life, and a Job's pods
   * still complete; it may have probes and lifecycle hooks. Kubernetes 1.29 and later.
   */
  ALWAYS = 'Always',
}

/** What only a container that keeps running takes: probes and lifecycle hooks. */
export const PROBES_AND_HOOKS = ['readiness', 'liveness', 'startup', 'postStart', 'preStop'] as const;

/** Probes and lifecycle hooks, which an init container that runs to completion may not have. */
type NoProbesOrHooks = { readonly [Key in (typeof PROBES_AND_HOOKS)[number]]?: never };

/** An init container that runs once, to completion, before the next one starts; it takes no probes or hooks. */
export interface OneShotInitContainerProps extends Omit<ContainerProps, keyof NoProbesOrHooks>, NoProbesOrHooks {
  /** Set it to `ContainerRestartPolicy.ALWAYS` (with probes or hooks, if any) for a native sidecar. @default - runs once, to completion */
  readonly restartPolicy?: undefined;
}

/**
 * A native sidecar: an init container with restartPolicy Always, which the next init containers and the pod's
 * containers start after, which keeps running beside them and takes probes and hooks (Kubernetes 1.29 and later).
 */
export interface SidecarContainerProps extends ContainerProps {
  /** `ContainerRestartPolicy.ALWAYS`: keep it running beside the pod's containers. */
  readonly restartPolicy: ContainerRestartPolicy.ALWAYS;
}

/**
 * A container that starts before the pod's containers: one that runs to completion (e.g. waiting for a database), or
 * a native sidecar (`restartPolicy: ContainerRestartPolicy.ALWAYS`).
 */
export type InitContainerProps = OneShotInitContainerProps | SidecarContainerProps;

/** The name of an extended resource: a domain, '/', and a name (the API server refuses one without a domain). */
const EXTENDED_RESOURCE =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Renders a container that passes the Pod Security `restricted` profile: non-root, no privilege escalation, every
 * capability dropped, read-only root filesystem, and bounded resources.
 */
export function renderContainer(scope: IConstruct, props: ContainerProps): k8s.Container {
  const where = `containers[${props.name}]`;
  checkDnsLabel(scope, 'container name', props.name);
  if (props.image.trim() === '') {
    fail(scope, `${where}.image must name an image, got an empty string`);
  }
  const imageProblem = imageReferenceProblem(props.image);
  if (imageProblem !== undefined) {
    fail(
      scope,
      `${where}.image "${props.image}" is not an image reference the kubelet can parse: ${imageProblem.problem}; ` +
        imageReferenceFix(imageProblem),
    );
  }
  const ports = props.ports ?? [];
  ports.forEach((port, index) => {
    checkPort(scope, `${where}.ports[${index}].number`, port.number);
    if (port.name !== undefined) {
      checkPortName(scope, `${where}.ports[${index}].name`, port.name);
    }
  });
  checkUnique(
    scope,
    `${where} port numbers`,
    ports.map((port) => `${port.number}/${port.protocol ?? 'TCP'}`),
  );
  checkUnique(
    scope,
    `${where} port names`,
    ports.flatMap((port) => (port.name === undefined ? [] : [port.name])),
  );
  const privileged = ports.find((port) => port.number < PRIVILEGED_PORTS_BELOW);
  if (privileged !== undefined && props.allowPrivilegedPorts !== true) {
    fail(
      scope,
      `${where}.ports[${ports.indexOf(privileged)}].number ${privileged.number} is below ${PRIVILEGED_PORTS_BELOW}, which a non-root container cannot bind; ` +
        'set `allowPrivilegedPorts: true` (adds the capability NET_BIND_SERVICE, which Pod Security restricted allows), ' +
        `or listen on ${PRIVILEGED_PORTS_BELOW} or more (a Service can still offer port ${privileged.number})`,
    );
  }
  checkMountPaths(scope, where, props.mounts ?? []);
  for (const probe of [props.readiness, props.liveness, props.startup, props.postStart, props.preStop]) {
    checkProbePort(scope, where, probe, ports);
  }
  checkResourceBounds(scope, where, props.resources ?? {});
  const extended = checkExtendedResources(scope, where, props.resources?.extended ?? {});
  const badEnvName = Object.keys(props.env ?? {}).find((name) => !ENV_VAR_NAME.test(name));
  if (badEnvName !== undefined) {
    fail(
      scope,
      `${where}.env name "${badEnvName}" must be letters, digits, '-', '_' or '.', not starting with a digit; ` +
        `rename it, e.g. "${badEnvName.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^(\d)/, '_$1')}"`,
    );
  }
  checkEnvKeys(scope, where, props.env ?? {});
  const resources = props.resources ?? {};
  return {
    name: props.name,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.ALWAYS,
    terminationMessagePolicy: props.terminationMessagePolicy,
    command: props.command ? [...props.command] : undefined,
    args: props.args ? [...props.args] : undefined,
    workingDir: props.workingDir,
    ports: ports.length === 0 ? undefined : ports.map(toContainerPort),
    env: renderEnv(props.env),
    envFrom: renderEnvFrom(props),
    volumeMounts: props.mounts?.map((mount) => ({
      name: mount.volume.name,
      mountPath: mount.path,
      readOnly: mount.readOnly,
      subPath: mount.subPath,
    })),
    resources: {
      requests: { ...quantities(resources, 'request'), ...extended },
      limits: { ...quantities(resources, 'limit'), ...extended },
    },
    readinessProbe: props.readiness?.toKube(),
    livenessProbe: props.liveness?.toKube(),
    startupProbe: props.startup?.toKube(),
    lifecycle:
      props.postStart === undefined && props.preStop === undefined
        ? undefined
        : { postStart: props.postStart?.toKube(), preStop: props.preStop?.toKube() },
    securityContext: {
      // The kubelet refuses to start a container of user 0 under runAsNonRoot: true.
      runAsNonRoot: props.user !== 0,
      runAsUser: props.user ?? DEFAULT_USER,
      runAsGroup: props.group ?? DEFAULT_USER,
      privileged: props.privileged ? true : undefined,
      allowPrivilegeEscalation: props.privileged ?? false,
      readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
      capabilities: props.allowPrivilegedPorts ? { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } : { drop: ['ALL'] },
    },
  };
}

/**
 * Renders an init container as `renderContainer` does, with its restartPolicy, which the 1.27 bindings (imports/k8s)
 * do not know: the workload adds it back as a JSON patch (`Workload.addNewerPodFields`).
 */
export function renderInitContainer(scope: IConstruct, props: InitContainerProps): k8s.Container {
  const container = renderContainer(scope, props);
  return props.restartPolicy === undefined
    ? container
    : ({ ...container, restartPolicy: props.restartPolicy } as k8s.Container);
}

/** A port's name, which Services and probes refer to: an IANA service name. */
export function checkPortName(scope: IConstruct, field: string, name: string): void {
  // An IANA_SVC_NAME: at most 15 characters, lower-case letters, digits and '-', with at least one letter.
  if (!isPortName(name)) {
    const suggestion = suggestPortName(name);
    fail(
      scope,
      `${field} must be at most 15 lower-case letters, digits or single '-', with a letter, got "${name}"; ` +
        (isPortName(suggestion)
          ? `rename it, e.g. "${suggestion}"`
          : 'rename it for what the port speaks, e.g. "metrics"'),
    );
  }
}

function isPortName(name: string): boolean {
  return (
    name.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--')
  );
}

/** `name` made an IANA service name where it can be: lower case, runs of other characters one '-', cut to 15. */
function suggestPortName(name: string): string {
  const cut = (text: string) => text.replace(/^-+|-+$/g, '');
  return cut(cut(name.toLowerCase().replace(/[^a-z0-9]+/g, '-')).slice(0, 15));
}

/** The resources every container requests and limits: the props that set them, and their defaults. */
const BOUNDED_RESOURCES = [
  { resource: 'cpu', request: ['cpuRequest', '50m'], limit: ['cpuLimit', '500m'] },
  { resource: 'memory', request: ['memoryRequest', '64Mi'], limit: ['memoryLimit', '128Mi'] },
  {
    resource: 'ephemeral-storage',
    request: ['ephemeralStorageRequest', '64Mi'],
    limit: ['ephemeralStorageLimit', '256Mi'],
  },
] as const satisfies readonly {
  resource: string;
  request: readonly [keyof Resources, string];
  limit: readonly [keyof Resources, string];
}[];

/** The requests or the limits of the bounded resources, as given or by default. */
function quantities(resources: Resources, side: 'request' | 'limit'): Record<string, k8s.Quantity> {
  return Object.fromEntries(
    BOUNDED_RESOURCES.map((bounded) => {
      const [prop, fallback] = bounded[side];
      return [bounded.resource, k8s.Quantity.fromString((resources[prop] as string | undefined) ?? fallback)];
    }),
  );
}

/**
 * Requests and limits the API server takes: none negative, and no request above its limit, defaults included (a
 * memoryLimit of "0" is below the default request).
 */
function checkResourceBounds(scope: IConstruct, where: string, resources: Resources): void {
  for (const { resource, request, limit } of BOUNDED_RESOURCES) {
    const [requested, limited] = [request, limit].map(([prop, byDefault]): Bound => {
      const value = resources[prop] as string | undefined;
      return {
        prop,
        text: value ?? byDefault,
        given: value !== undefined,
        quantity: parseQuantity(value ?? byDefault),
      };
    });
    for (const bound of [requested, limited]) {
      if (bound.given && bound.quantity !== undefined && bound.quantity < 0) {
        fail(
          scope,
          `${where}.resources.${bound.prop} "${bound.text}" is negative, which the API server refuses; give 0 or more`,
        );
      }
    }
    if (requested.quantity !== undefined && limited.quantity !== undefined && requested.quantity > limited.quantity) {
      const article = /^[aeiou]/.test(requested.prop) ? 'an' : 'a';
      fail(
        scope,
        `${where}.resources.${limited.prop} ${shown(limited)} is below the ${resource} request ${shown(requested)}, ` +
          `which the API server refuses; raise ${limited.prop} to ${bare(requested)} or more, or give ${article} ` +
          `${requested.prop} of at most ${bare(limited)}`,
      );
    }
  }
}

/** A request or limit of a container, as given or by default. */
interface Bound {
  readonly prop: string;
  readonly text: string;
  readonly given: boolean;
  readonly quantity: number | undefined;
}

/** A bound as a message shows it where it stands: quoted as given, or marked as the default. */
function shown(bound: Bound): string {
  return bound.given ? `"${bound.text}"` : `${bound.text} (the default)`;
}

/** A bound as a message gives it to write: quoted as given, bare as the default. */
function bare(bound: Bound): string {
  return bound.given ? `"${bound.text}"` : bound.text;
}

/**
 * Extended resources as quantities: each name with a domain (not kubernetes.io's), each count a whole number of 1 or
 * more, as the API server requires; the same map serves as requests and limits, which must be equal.
 */
function checkExtendedResources(
  scope: IConstruct,
  where: string,
  extended: Readonly<Record<string, number>>,
): Record<string, k8s.Quantity> {
  const quantities: Record<string, k8s.Quantity> = {};
  for (const [name, count] of Object.entries(extended)) {
    const domain = name.slice(0, name.indexOf('/'));
    if (!EXTENDED_RESOURCE.test(name) || name.length > 63 + 1 + 253 || /(^|\.)kubernetes\.io$/.test(domain)) {
      fail(
        scope,
        `${where}.resources.extended name "${name}" is not an extended resource name; it takes a domain, '/' and a ` +
          'name, outside kubernetes.io (e.g. "nvidia.com/gpu"); cpu, memory and ephemeral-storage have their own props',
      );
    }
    if (!Number.isInteger(count) || count < 1) {
      fail(
        scope,
        `${where}.resources.extended "${name}" must be a whole number of 1 or more, got ${describeGiven(count)}; Kubernetes ` +
          'neither splits nor overcommits an extended resource, so ask for whole devices',
      );
    }
    quantities[name] = k8s.Quantity.fromNumber(count);
  }
  return quantities;
}

/** A container's mounts at paths of their own: the API server refuses two at one path ('must be unique'). */
function checkMountPaths(scope: IConstruct, where: string, mounts: readonly Mount[]): void {
  const first = new Map<string, number>();
  mounts.forEach((mount, index) => {
    const earlier = first.get(mount.path);
    if (earlier !== undefined) {
      fail(
        scope,
        `${where}.mounts[${index}].path "${mount.path}" is where mounts[${earlier}] (volume "${mounts[earlier].volume.name}") ` +
          `is mounted; a container's mount paths must be unique; mount volume "${mount.volume.name}" at a path of its ` +
          `own, e.g. "${mount.path.replace(/\/+$/, '')}/${mount.volume.name}"`,
      );
    }
    first.set(mount.path, index);
  });
}

function checkProbePort(
  scope: IConstruct,
  where: string,
  probe: Probe | LifecycleHandler | undefined,
  ports: readonly ContainerPort[],
): void {
  const port = probe?.port;
  const what = probe instanceof LifecycleHandler ? 'a lifecycle handler' : 'a probe';
  if (typeof port === 'string' && !ports.some((p) => p.name === port)) {
    const names = ports.flatMap((p) => (p.name === undefined ? [] : [`"${p.name}"`]));
    fail(
      scope,
      `${where}: ${what} targets port "${port}", which the container does not name; named ports: ${names.join(', ') || 'none'}`,
    );
  }
  if (typeof port === 'number' && !ports.some((p) => p.number === port)) {
    const declared = ports.map((p) => (p.name === undefined ? `${p.number}` : `${p.number} ("${p.name}")`));
    fail(
      scope,
      `${where}: ${what} targets port ${port}, which the container does not declare; declared ports: ` +
        `${declared.join(', ') || 'none'}; declare port ${port} in \`ports\` or probe a declared port`,
    );
  }
}

function toContainerPort(port: ContainerPort): k8s.ContainerPort {
  return { containerPort: port.number, name: port.name, protocol: port.protocol };
}

/** The keys env values read from ConfigMaps and Secrets: keys such objects may have, as the API server requires. */
function checkEnvKeys(scope: IConstruct, where: string, env: EnvVars): void {
  for (const [name, value] of Object.entries(env)) {
    const valueFrom = typeof value === 'string' ? undefined : value.valueFrom;
    for (const [kind, selector] of [
      ['ConfigMap', valueFrom?.configMapKeyRef],
      ['Secret', valueFrom?.secretKeyRef],
    ] as const) {
      if (selector !== undefined && !isConfigKey(selector.key)) {
        fail(
          scope,
          `${where}.env ${name} reads key ${JSON.stringify(selector.key)} of ${kind} ${selector.name}, which no ConfigMap ` +
            `or Secret may have (at most 253 letters, digits, '-', '_' or '.', not "." and not starting with ".."); ` +
            'name one of its keys',
        );
      }
    }
  }
}

function renderEnv(env?: EnvVars): k8s.EnvVar[] | undefined {
  if (env === undefined) {
    return undefined;
  }
  return Object.entries(env).map(([name, value]) =>
    typeof value === 'string' ? { name, value } : { name, value: value.value, valueFrom: value.valueFrom },
  );
}

function renderEnvFrom(props: ContainerProps): k8s.EnvFromSource[] | undefined {
  const sources: k8s.EnvFromSource[] = [
    ...(props.envFromConfigMaps ?? []).map((configMap) => ({ configMapRef: { name: configMap.name } })),
    ...(props.envFromSecrets ?? []).map((secret) => ({ secretRef: { name: secret.name } })),
  ];
  return sources.length === 0 ? undefined : sources;
}
