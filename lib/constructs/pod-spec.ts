import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ContainerPort, ContainerProps, InitContainerProps, renderContainer, renderInitContainer } from './container';
import { podLabels, imageVersion, selectorLabels } from './labels';
import { ipAddressProblem } from '../checks/ip-address';
import { checkSleep, releaseOf } from './lifecycle-handler';
import {
  MATCH_LABEL_KEYS_IN_SELECTOR_SINCE,
  SIDECARS_SINCE,
  dnsOptionProblems,
  dnsSearchProblems,
} from '../checks/pod-values';
import { compareReleases } from '../config/kubernetes-version';
import { checkPodSpecShape } from './pod-spec-shape';
import {
  checkAnnotations,
  checkCount,
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabels,
  checkUnique,
  describeGiven,
  fail,
  isLabelKey,
} from './validation';
import { Volume } from './volume';

/** When the kubelet restarts a pod's containers. */
export enum RestartPolicy {
  ALWAYS = 'Always',
  ON_FAILURE = 'OnFailure',
  NEVER = 'Never',
}

/** Where a pod's DNS settings come from. */
export enum DnsPolicy {
  /** The cluster's DNS, then the node's upstream servers for other names (Kubernetes' default). */
  CLUSTER_FIRST = 'ClusterFirst',
  /** The cluster's DNS for a pod on the node's network (`hostNetwork`), which would otherwise get the node's. */
  CLUSTER_FIRST_WITH_HOST_NET = 'ClusterFirstWithHostNet',
  /** The node's resolv.conf: no cluster names. */
  DEFAULT = 'Default',
  /** Only `dnsConfig`, which must then name the nameservers. */
  NONE = 'None',
}

/** When the kubelet gives a volume's files to the pod's fsGroup as it mounts the volume. */
export enum FsGroupChangePolicy {
  /** Only when the volume's root does not have the group and permissions already: fast for a large volume. */
  ON_ROOT_MISMATCH = 'OnRootMismatch',
  /** At every mount, file by file (Kubernetes' default). */
  ALWAYS = 'Always',
}

/** What the scheduler does when a spread cannot be kept. */
export enum WhenUnsatisfiable {
  /** Place the pod anyway, on the placement that skews least: a one-node cluster still runs every pod. */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
  /** Leave the pod pending until the spread can be kept. */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
}

/** Whether a spread counts the nodes that its pods' node affinity, or their tolerations, leave out. */
export enum NodeInclusionPolicy {
  /** Count only the nodes the pods may run on. */
  HONOR = 'Honor',
  /** Count every node that has the topology key. */
  IGNORE = 'Ignore',
}

/** A spread of the workload's own pods over a topology (zones, nodes): Kubernetes' topologySpreadConstraints. */
export interface TopologySpread {
  /** The node label whose values are the domains, e.g. `topology.kubernetes.io/zone` or `kubernetes.io/hostname`. */
  readonly topologyKey: string;
  /** The most the pod counts of two domains may differ by. @default 1 */
  readonly maxSkew?: number;
  /** What to do when the spread cannot be kept. @default WhenUnsatisfiable.SCHEDULE_ANYWAY */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
  /**
   * The fewest domains the spread counts, so that pods wait for a new zone (or node) rather than crowd the few there
   * are; with `WhenUnsatisfiable.DO_NOT_SCHEDULE` alone. @default - the domains that exist
   */
  readonly minDomains?: number;
  /**
   * Pod label keys whose values narrow the pods counted to those of the same value, e.g. `['pod-template-hash']`
   * (spread each rollout's pods on their own); not a key of the workload's selector. @default - all its pods
   */
  readonly matchLabelKeys?: readonly string[];
  /** Whether the nodes the pods' nodeSelector and node affinity leave out are counted. @default - NodeInclusionPolicy.HONOR, Kubernetes' own */
  readonly nodeAffinityPolicy?: NodeInclusionPolicy;
  /** Whether the nodes with taints the pods do not tolerate are counted. @default - NodeInclusionPolicy.IGNORE, Kubernetes' own */
  readonly nodeTaintsPolicy?: NodeInclusionPolicy;
}

/** The node label whose values are the nodes. */
const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The spread of replicated workloads unless told otherwise: across zones, then nodes, never blocking scheduling. */
export const DEFAULT_TOPOLOGY_SPREAD: readonly TopologySpread[] = [
  { topologyKey: 'topology.kubernetes.io/zone' },
  { topologyKey: HOSTNAME_TOPOLOGY_KEY },
];

/** Keeps a workload's own pods apart: none of them (or, preferred, as few as can be) in the same domain of a topology. */
export interface PodAntiAffinity {
  /** The node label whose values are the domains, e.g. `topology.kubernetes.io/zone` or `kubernetes.io/hostname`. */
  readonly topologyKey: string;
  /** Leave a pod pending rather than place it in a domain that runs one already (so at most one pod per domain). @default false - preferred */
  readonly required?: boolean;
  /** How much the scheduler weighs a preferred term against its other preferences, 1 to 100. @default 100 */
  readonly weight?: number;
}

/** DNS settings the pods' resolv.conf gets besides those of the cluster. */
export interface PodDnsConfig {
  /** Nameservers by IP address (at most 3 in all, with the cluster's). @default - none beyond the cluster's */
  readonly nameservers?: readonly string[];
  /** Search domains tried for a short name. @default - none beyond the namespace's and the cluster's */
  readonly searches?: readonly string[];
  /** resolv.conf options by name, '' for one without a value: `{ ndots: '2', 'single-request-reopen': '' }`. @default - none */
  readonly options?: Readonly<Record<string, string>>;
}

/** The most nameservers a pod's resolv.conf takes (the API server's limit). */
const MAX_NAMESERVERS = 3;

/** What every pod-running construct (Pod, ReplicaSet, Deployment, StatefulSet, Job, CronJob) takes. */
export interface PodSpecProps {
  /** The containers, each with a unique name. */
  readonly containers: readonly ContainerProps[];
  /** Containers run one after the other to completion before `containers` start. @default - none */
  readonly initContainers?: readonly InitContainerProps[];
  /** Node labels a node must have to run the pods, e.g. `{ 'kubernetes.io/os': 'linux' }`. @default - any node */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints of nodes the pods tolerate, in Kubernetes' words. @default - none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Node affinity, pod affinity and anti-affinity, in Kubernetes' words (a `podAntiAffinity` given replaces the default one). @default - for a workload of several pods whose spread is not turned off (`topologySpread: []`), a preferred podAntiAffinity of its pods on `kubernetes.io/hostname` */
  readonly affinity?: k8s.Affinity;
  /**
   * Keeps the workload's own pods apart (their selector is filled in), e.g. `[{ topologyKey:
   * 'topology.kubernetes.io/zone', required: true }]` for one pod per zone; the terms join those of `affinity`, and
   * replace the default preference (`[]` has none). @default - see `affinity`
   */
  readonly antiAffinity?: readonly PodAntiAffinity[];
  /** How the pods spread over zones and nodes (their own selector is filled in); `[]` spreads nothing. @default - DEFAULT_TOPOLOGY_SPREAD for a workload of several pods, else none */
  readonly topologySpread?: readonly TopologySpread[];
  /** The PriorityClass of the pods, which decides who is preempted first. @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /**
   * The RuntimeClass the pods run with, e.g. a sandbox such as gVisor's; one the cluster offers is declared in the
   * environment's `external.runtimeClasses`. @default - the nodes' default runtime
   */
  readonly runtimeClassName?: string;
  /** Volumes no container mounts yet (mounted volumes are added by themselves). @default - none */
  readonly volumes?: readonly Volume[];
  /** The ServiceAccount the pods run as. @default - the namespace's `default` account */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Secrets of type `kubernetes.io/dockerconfigjson` the kubelet pulls the images with, for a private registry; one
   * made outside the project is `SecretRef.fromName` and declared in the environment's `external.secrets`. @default - none
   */
  readonly imagePullSecrets?: readonly kplus.ISecret[];
  /**
   * DNS settings besides the cluster's, e.g. `{ options: { ndots: '2' } }` so that external names resolve with fewer
   * lookups. @default - the cluster's resolv.conf (dnsPolicy ClusterFirst)
   */
  readonly dnsConfig?: PodDnsConfig;
  /** Entries of the pods' /etc/hosts, host names by IP address: `{ '10.0.0.5': ['legacy.internal'] }`. @default - none */
  readonly hostAliases?: Readonly<Record<string, readonly string[]>>;
  /** Mount an API token into the pods. @default - only when `serviceAccount` is given */
  readonly automountServiceAccountToken?: boolean;
  /** Group that owns mounted volumes, so a non-root user can write them. @default - no fsGroup */
  readonly fsGroup?: number;
  /**
   * When the kubelet changes the volumes' files to `fsGroup`: `FsGroupChangePolicy.ON_ROOT_MISMATCH` spares a large
   * volume the walk at every start. @default - at every mount (Kubernetes')
   */
  readonly fsGroupChangePolicy?: FsGroupChangePolicy;
  /** More groups every container's process belongs to, e.g. the group of a shared volume. @default - none */
  readonly supplementalGroups?: readonly number[];
  /** Where the pods' DNS settings come from; `DnsPolicy.NONE` takes `dnsConfig` alone. @default DnsPolicy.CLUSTER_FIRST (Kubernetes') */
  readonly dnsPolicy?: DnsPolicy;
  /**
   * Put variables of every Service of the namespace (`<NAME>_SERVICE_HOST`, ...) into the containers' environment;
   * false for a namespace of many Services, or an app that reads a variable of such a name. @default true (Kubernetes')
   */
  readonly enableServiceLinks?: boolean;
  /**
   * One process namespace for the pod's containers: each sees and may signal the others' processes (a debug or
   * reloading sidecar), and the first process is the pause container, not the app. @default false
   */
  readonly shareProcessNamespace?: boolean;
  /** Time between SIGTERM and SIGKILL on shutdown. @default Duration.seconds(30) */
  readonly terminationGracePeriod?: Duration;
  /** Labels added to the selector and the pods, e.g. `{ app: 'redis', role: 'leader' }` of a manifest migrated from YAML. @default - the recommended name and instance only */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /** Labels of the pods only (the recommended and selector labels win on the same key). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of the pods. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** A construct whose pods a Service can select. */
export interface ISelectable extends IConstruct {
  /** The labels its pods carry and that select them. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ports its containers listen on. */
  readonly containerPorts: readonly ContainerPort[];
}

/** A pod template, rendered with our labels and secure defaults. */
export interface RenderedPodTemplate {
  readonly selectorLabels: Record<string, string>;
  /** The labels the workload object carries: the pods' labels but those given for the pods only. */
  readonly workloadLabels: Record<string, string>;
  readonly containerPorts: ContainerPort[];
  readonly template: k8s.PodTemplateSpec;
}

/**
 * Renders the pod template of a workload named `name`: its labels (which select it), containers, volumes and a pod
 * security context that passes the `restricted` Pod Security profile (non-root, seccomp RuntimeDefault).
 */
export function renderPodTemplate(
  scope: IConstruct,
  name: string,
  props: PodSpecProps,
  restartPolicy: RestartPolicy,
  spreadByDefault = false,
): RenderedPodTemplate {
  checkPodSpecShape(scope, props);
  if (props.containers.length === 0) {
    fail(scope, 'a pod needs at least one container, got none; add one to `containers`');
  }
  checkUnique(
    scope,
    'container names',
    [...(props.initContainers ?? []), ...props.containers].map((container) => container.name),
  );
  checkSidecars(scope, props);
  checkSleeps(scope, props);
  const containers = props.containers.map((container) => renderContainer(scope, container));
  const imagePullSecrets = (props.imagePullSecrets ?? []).map((secret) => secret.name);
  checkOncePerName(scope, imagePullSecrets);
  checkDns(scope, props);
  const initContainers = (props.initContainers ?? []).map((container) => renderInitContainer(scope, container));
  const nodeSelector = checkLabels(scope, 'nodeSelector', props.nodeSelector);
  const priorityClassName =
    props.priorityClassName === undefined
      ? undefined
      : checkDnsSubdomain(scope, 'priorityClassName', props.priorityClassName);
  const runtimeClassName =
    props.runtimeClassName === undefined
      ? undefined
      : checkDnsSubdomain(scope, 'runtimeClassName', props.runtimeClassName);
  const spread = props.topologySpread ?? (spreadByDefault ? DEFAULT_TOPOLOGY_SPREAD : []);
  const volumes = collectVolumes(scope, props);
  const userSelector = checkLabels(scope, 'selectorLabels', props.selectorLabels);
  const userPodLabels = checkLabels(scope, 'podLabels', props.podLabels);
  const annotations = checkAnnotations(scope, 'podAnnotations', props.podAnnotations);
  const selector = { ...userSelector, ...selectorLabels(scope, name) };
  const workloadLabels = { ...userSelector, ...podLabels(scope, name, imageVersion(props.containers[0].image)) };
  const labels = { ...userPodLabels, ...workloadLabels };
  return {
    selectorLabels: selector,
    workloadLabels,
    containerPorts: props.containers.flatMap((container) => container.ports ?? []),
    template: {
      metadata: { labels, annotations: Object.keys(annotations).length === 0 ? undefined : annotations },
      spec: {
        serviceAccountName: props.serviceAccount?.name,
        imagePullSecrets:
          imagePullSecrets.length === 0 ? undefined : imagePullSecrets.map((secret) => ({ name: secret })),
        automountServiceAccountToken: props.automountServiceAccountToken ?? props.serviceAccount !== undefined,
        restartPolicy,
        terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds(),
        securityContext: {
          runAsNonRoot: true,
          fsGroup: props.fsGroup,
          fsGroupChangePolicy: props.fsGroupChangePolicy,
          supplementalGroups: props.supplementalGroups === undefined ? undefined : [...props.supplementalGroups],
          seccompProfile: { type: 'RuntimeDefault' },
        },
        dnsPolicy: props.dnsPolicy,
        enableServiceLinks: props.enableServiceLinks,
        shareProcessNamespace: props.shareProcessNamespace,
        initContainers: initContainers.length === 0 ? undefined : initContainers,
        containers,
        nodeSelector: props.nodeSelector === undefined ? undefined : nodeSelector,
        tolerations: props.tolerations === undefined ? undefined : [...props.tolerations],
        affinity:
          props.antiAffinity === undefined
            ? withDefaultAntiAffinity(props.affinity, spread.length > 0 && spreadByDefault, selector)
            : withOwnAntiAffinity(scope, props.affinity, props.antiAffinity, selector),
        topologySpreadConstraints: spread.length === 0 ? undefined : renderSpreads(scope, spread, selector),
        priorityClassName,
        runtimeClassName,
        dnsConfig: props.dnsConfig === undefined ? undefined : renderDnsConfig(props.dnsConfig),
        hostAliases:
          props.hostAliases === undefined
            ? undefined
            : Object.entries(props.hostAliases).map(([ip, hostnames]) => ({ ip, hostnames: [...hostnames] })),
        volumes: volumes.length === 0 ? undefined : volumes.map((volume) => volume.toKube()),
      },
    },
  };
}

/**
 * Nameservers and host aliases are IP addresses of the release, host names DNS-1123 subdomains; 3 nameservers at most;
 * options are named.
 */
function checkDns(scope: IConstruct, props: PodSpecProps): void {
  const release = releaseOf(scope);
  const nameservers = props.dnsConfig?.nameservers ?? [];
  if (props.dnsPolicy === DnsPolicy.NONE && nameservers.length === 0) {
    fail(
      scope,
      'dnsPolicy DnsPolicy.NONE needs the nameservers in dnsConfig.nameservers, since the pod then gets no DNS ' +
        'settings from the cluster or the node (the API server refuses it); add them, or use DnsPolicy.CLUSTER_FIRST',
    );
  }
  if (nameservers.length > MAX_NAMESERVERS) {
    fail(
      scope,
      `dnsConfig.nameservers has ${nameservers.length} (${nameservers.join(', ')}); a pod takes at most ` +
        `${MAX_NAMESERVERS}, as a resolver reads no more; keep ${MAX_NAMESERVERS}`,
    );
  }
  const addresses: [field: string, address: string][] = [
    ...nameservers.map((address): [string, string] => ['dnsConfig.nameservers', address]),
    ...Object.keys(props.hostAliases ?? {}).map((address): [string, string] => ['hostAliases', address]),
  ];
  for (const [field, address] of addresses) {
    const problem = ipAddressProblem(address, release);
    if (problem !== undefined) {
      fail(
        scope,
        `${field} "${address}" ${problem.problem}; write ${problem.suggestion ?? 'an IPv4 or IPv6 address, e.g. 10.0.0.5'}`,
      );
    }
  }
  for (const [address, hostnames] of Object.entries(props.hostAliases ?? {})) {
    hostnames.forEach((hostname) => checkDnsSubdomain(scope, `hostAliases["${address}"] host name`, hostname));
  }
  const [search] = dnsSearchProblems({ dnsConfig: props.dnsConfig }, release);
  if (search !== undefined) {
    fail(scope, `${search.message}; ${search.fix}`);
  }
  // An option of name '' (a key the record may have) is one the API server refuses.
  const [option] = dnsOptionProblems({ dnsConfig: props.dnsConfig && renderDnsConfig(props.dnsConfig) });
  if (option !== undefined) {
    fail(scope, `${option.message}; ${option.fix}`);
  }
}

/** Pull Secrets named once each: server-side apply refuses a list keyed by name with one name twice. */
function checkOncePerName(scope: IConstruct, names: readonly string[]): void {
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first < index) {
      fail(
        scope,
        `imagePullSecrets[${index}] names Secret "${name}", as imagePullSecrets[${first}] does; server-side apply ` +
          'refuses a list of one name twice: remove one of them',
      );
    }
  });
}

function renderDnsConfig(dnsConfig: PodDnsConfig): k8s.PodDnsConfig {
  return {
    nameservers: dnsConfig.nameservers && [...dnsConfig.nameservers],
    searches: dnsConfig.searches && [...dnsConfig.searches],
    options:
      dnsConfig.options &&
      Object.entries(dnsConfig.options).map(([name, value]) => ({ name, value: value === '' ? undefined : value })),
  };
}

/** Native sidecars (init containers with restartPolicy Always) run from SIDECARS_SINCE on. */
function checkSidecars(scope: IConstruct, props: PodSpecProps): void {
  const release = releaseOf(scope);
  if (compareReleases(release, SIDECARS_SINCE) >= 0) {
    return;
  }
  (props.initContainers ?? []).forEach((container, index) => {
    if (container.restartPolicy !== undefined) {
      fail(
        scope,
        `initContainers[${index}] ("${container.name}") has restartPolicy ${container.restartPolicy}, a native ` +
          `sidecar, which Kubernetes ${release} (the environment's kubernetesVersion) does not run: sidecars come ` +
          `with ${SIDECARS_SINCE}; run it as a container of the pod (\`containers\`, or a server's \`sidecars\`) instead`,
      );
    }
  });
}

/**
 * The sleep of each lifecycle hook (of a container or a native sidecar): on a release that has it, and within the
 * termination grace period.
 */
function checkSleeps(scope: IConstruct, props: PodSpecProps): void {
  const gracePeriod = props.terminationGracePeriod?.toSeconds() ?? 30;
  const withHooks: [field: string, container: ContainerProps][] = [
    ...props.containers.map((container): [string, ContainerProps] => ['containers', container]),
    ...(props.initContainers ?? []).map((container): [string, ContainerProps] => ['initContainers', container]),
  ];
  for (const [field, container] of withHooks) {
    for (const hook of ['postStart', 'preStop'] as const) {
      const sleep = container[hook]?.sleep;
      if (sleep !== undefined) {
        checkSleep(scope, `${field}[${container.name}].${hook}`, sleep, gracePeriod);
      }
    }
  }
}

/**
 * A workload that spreads also prefers a node that runs none of its pods, so losing one node loses one pod where the
 * cluster allows it (preferred, so a one-node cluster still schedules them all). kube-score's host anti-affinity
 * checks look for this term; a spread alone does not weigh each node that much.
 */
function withDefaultAntiAffinity(
  affinity: k8s.Affinity | undefined,
  spreads: boolean,
  selector: Readonly<Record<string, string>>,
): k8s.Affinity | undefined {
  if (!spreads || affinity?.podAntiAffinity !== undefined) {
    return affinity;
  }
  const term = { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: { ...selector } } };
  return {
    ...affinity,
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}

/** The affinity given, with the terms that keep the workload's own pods apart added to its podAntiAffinity. */
function withOwnAntiAffinity(
  scope: IConstruct,
  affinity: k8s.Affinity | undefined,
  antiAffinity: readonly PodAntiAffinity[],
  selector: Readonly<Record<string, string>>,
): k8s.Affinity | undefined {
  const required = [...(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])];
  const preferred = [...(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])];
  antiAffinity.forEach((given, index) => {
    const where = `antiAffinity[${index}]`;
    if (!isLabelKey(given.topologyKey)) {
      fail(
        scope,
        `${where}.topologyKey ${JSON.stringify(given.topologyKey)} is not a node label key; name the node label ` +
          'whose values are the domains, e.g. "topology.kubernetes.io/zone" or "kubernetes.io/hostname"',
      );
    }
    const term = { topologyKey: given.topologyKey, labelSelector: { matchLabels: { ...selector } } };
    if (given.required === true) {
      required.push(term);
      return;
    }
    const weight = given.weight ?? 100;
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
      fail(
        scope,
        `${where}.weight must be an integer from 1 to 100, got ${describeGiven(weight)}; weigh the preference from 1 (least) to ` +
          '100 (most)',
      );
    }
    preferred.push({ weight, podAffinityTerm: term });
  });
  const podAntiAffinity =
    required.length + preferred.length === 0
      ? undefined
      : {
          requiredDuringSchedulingIgnoredDuringExecution: required.length === 0 ? undefined : required,
          preferredDuringSchedulingIgnoredDuringExecution: preferred.length === 0 ? undefined : preferred,
        };
  const { nodeAffinity, podAffinity } = affinity ?? {};
  return nodeAffinity === undefined && podAffinity === undefined && podAntiAffinity === undefined
    ? undefined
    : { nodeAffinity, podAffinity, podAntiAffinity };
}

/**
 * The spreads, each over a node label and of its own topologyKey and whenUnsatisfiable (the API server refuses two of
 * one pair: 'Duplicate value').
 */
function renderSpreads(
  scope: IConstruct,
  spreads: readonly TopologySpread[],
  selector: Readonly<Record<string, string>>,
): k8s.TopologySpreadConstraint[] {
  const rendered = spreads.map((each, index) => renderSpread(scope, each, index, selector));
  rendered.forEach((spread, index) => {
    const first = rendered.findIndex(
      (other) => other.topologyKey === spread.topologyKey && other.whenUnsatisfiable === spread.whenUnsatisfiable,
    );
    if (first < index) {
      const other =
        spread.whenUnsatisfiable === WhenUnsatisfiable.DO_NOT_SCHEDULE ? 'SCHEDULE_ANYWAY' : 'DO_NOT_SCHEDULE';
      fail(
        scope,
        `topologySpread[${index}] spreads over "${spread.topologyKey}" when unsatisfiable ${spread.whenUnsatisfiable}, ` +
          `as topologySpread[${first}] does; the API server refuses two spreads of one topologyKey and ` +
          `whenUnsatisfiable: merge them, or give one whenUnsatisfiable: WhenUnsatisfiable.${other}`,
      );
    }
  });
  return rendered;
}

function renderSpread(
  scope: IConstruct,
  spread: TopologySpread,
  index: number,
  selector: Readonly<Record<string, string>>,
): k8s.TopologySpreadConstraint {
  const whenUnsatisfiable = spread.whenUnsatisfiable ?? WhenUnsatisfiable.SCHEDULE_ANYWAY;
  const where = `topologySpread[${index}]`;
  if (!isLabelKey(spread.topologyKey)) {
    fail(
      scope,
      `${where}.topologyKey ${JSON.stringify(spread.topologyKey)} is not a node label key; name the node label ` +
        'whose values are the domains, e.g. "topology.kubernetes.io/zone" or "kubernetes.io/hostname"',
    );
  }
  if (spread.minDomains !== undefined) {
    checkCount(scope, `${where}.minDomains`, spread.minDomains, 1);
    if (whenUnsatisfiable !== WhenUnsatisfiable.DO_NOT_SCHEDULE) {
      fail(
        scope,
        `${where}.minDomains ${spread.minDomains} is given with whenUnsatisfiable ${whenUnsatisfiable}; the API ` +
          'server takes minDomains with DoNotSchedule alone: set whenUnsatisfiable to ' +
          'WhenUnsatisfiable.DO_NOT_SCHEDULE, or remove minDomains',
      );
    }
  }
  const matchLabelKeys = spread.matchLabelKeys === undefined ? undefined : [...spread.matchLabelKeys];
  checkLabels(scope, `${where}.matchLabelKeys`, Object.fromEntries((matchLabelKeys ?? []).map((key) => [key, ''])));
  const release = releaseOf(scope);
  for (const key of matchLabelKeys ?? []) {
    if (key in selector && compareReleases(release, MATCH_LABEL_KEYS_IN_SELECTOR_SINCE) < 0) {
      fail(
        scope,
        `${where}.matchLabelKeys has "${key}", a key of the workload's selector, which the spread already selects ` +
          `by (${Object.keys(selector).join(', ')}); the API server of ${release} refuses a key in both (from ` +
          `${MATCH_LABEL_KEYS_IN_SELECTOR_SINCE} it merges them): remove it`,
      );
    }
  }
  return {
    maxSkew: checkCount(scope, 'topologySpread.maxSkew', spread.maxSkew ?? 1, 1),
    topologyKey: spread.topologyKey,
    whenUnsatisfiable,
    minDomains: spread.minDomains,
    matchLabelKeys,
    nodeAffinityPolicy: spread.nodeAffinityPolicy,
    nodeTaintsPolicy: spread.nodeTaintsPolicy,
    labelSelector: { matchLabels: { ...selector } },
  };
}

function collectVolumes(scope: IConstruct, props: PodSpecProps): Volume[] {
  const byName = new Map<string, Volume>();
  const mounted = [...(props.initContainers ?? []), ...props.containers].flatMap((container) =>
    (container.mounts ?? []).map((mount) => mount.volume),
  );
  for (const volume of [...(props.volumes ?? []), ...mounted]) {
    checkDnsLabel(scope, 'volume name', volume.name);
    const known = byName.get(volume.name);
    if (known !== undefined && JSON.stringify(known.toKube()) !== JSON.stringify(volume.toKube())) {
      fail(
        scope,
        `volume names must be unique in a pod, got two different volumes named "${volume.name}"; pass a \`name\` to one`,
      );
    }
    byName.set(volume.name, volume);
  }
  return [...byName.values()];
}
