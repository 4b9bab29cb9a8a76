import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { isExtendedResourceName } from '../checks/quota-rules';
import { parseQuantity } from '../checks/value-rules';
import { OLDEST_RELEASE, releaseProblem } from '../config/kubernetes-version';
import { PropCheck } from './prop-shapes';
import { checkDnsLabel, describeGiven, describeValue, fail } from './validation';

/** The prefix of the Pod Security admission labels of a Namespace (`pod-security.kubernetes.io/enforce`). */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The context key under which an AppChart gives its constructs the environment's `kubernetesVersion`. */
export const KUBERNETES_VERSION_CONTEXT = 'k8s-course:kubernetesVersion';

/** A Pod Security Standards profile (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export enum PodSecurityLevel {
  PRIVILEGED = 'privileged',
  BASELINE = 'baseline',
  RESTRICTED = 'restricted',
}

/**
 * What the namespace's objects may use in total, enforced by the API server (a ResourceQuota): it refuses a pod that
 * would go over, and, for a compute resource the quota limits, a pod whose containers do not say how much of it they
 * request or are limited to (unless `containerDefaults` gives it). Quantities as Kubernetes writes them (`500m`, `4Gi`).
 */
export interface NamespaceQuota {
  /** The CPU all pods may request together (`requests.cpu`). @default - no limit */
  readonly cpuRequests?: string;
  /** The memory all pods may request together (`requests.memory`). @default - no limit */
  readonly memoryRequests?: string;
  /** The sum of the pods' CPU limits (`limits.cpu`). @default - no limit */
  readonly cpuLimits?: string;
  /** The sum of the pods' memory limits (`limits.memory`). @default - no limit */
  readonly memoryLimits?: string;
  /** The node disk all pods may request together (`requests.ephemeral-storage`). @default - no limit */
  readonly ephemeralStorageRequests?: string;
  /** The storage all claims may request together (`requests.storage`). @default - no limit */
  readonly storageRequests?: string;
  /** Pods that may exist at once (a rollout's surge pods count). @default - no limit */
  readonly pods?: number;
  /** Services. @default - no limit */
  readonly services?: number;
  /** Services of type LoadBalancer (`services.loadbalancers`; 0 for none, each costs a cloud balancer). @default - no limit */
  readonly loadBalancers?: number;
  /** Services of type NodePort (`services.nodeports`; LoadBalancers take node ports too). @default - no limit */
  readonly nodePorts?: number;
  /** PersistentVolumeClaims. @default - no limit */
  readonly persistentVolumeClaims?: number;
  /** ConfigMaps (the namespace's `kube-root-ca.crt` counts). @default - no limit */
  readonly configMaps?: number;
  /** Secrets. @default - no limit */
  readonly secrets?: number;
  /**
   * Devices of extended resources all pods may request together (`requests.<name>`), e.g. `{ 'nvidia.com/gpu': 4 }`:
   * a namespace's share of the cluster's GPUs. @default - no limit
   */
  readonly extendedRequests?: Readonly<Record<string, number>>;
}

/** The `spec.hard` key of each NamespaceQuota prop of one key. */
const QUOTA_KEYS: Readonly<Record<Exclude<keyof NamespaceQuota, 'extendedRequests'>, string>> = {
  cpuRequests: 'requests.cpu',
  memoryRequests: 'requests.memory',
  cpuLimits: 'limits.cpu',
  memoryLimits: 'limits.memory',
  ephemeralStorageRequests: 'requests.ephemeral-storage',
  storageRequests: 'requests.storage',
  pods: 'pods',
  services: 'services',
  loadBalancers: 'services.loadbalancers',
  nodePorts: 'services.nodeports',
  persistentVolumeClaims: 'persistentvolumeclaims',
  configMaps: 'configmaps',
  secrets: 'secrets',
};

/**
 * What a container of the namespace that does not say gets (a LimitRange of type Container), applied by the API server
 * when the pod is created: its requests and limits. Quantities as Kubernetes writes them.
 */
export interface ContainerDefaults {
  /** @default - none */
  readonly cpuRequest?: string;
  /** @default - none */
  readonly memoryRequest?: string;
  /** @default - none */
  readonly ephemeralStorageRequest?: string;
  /** A container that sets no CPU request gets this too, when `cpuRequest` is not given. @default - none */
  readonly cpuLimit?: string;
  /** A container that sets no memory request gets this too, when `memoryRequest` is not given. @default - none */
  readonly memoryLimit?: string;
  /** @default - none */
  readonly ephemeralStorageLimit?: string;
}

/** A quantity as Kubernetes reads it (a number is one too). */
const quantityCheck: PropCheck = (scope, field, value) => {
  if ((typeof value !== 'string' && typeof value !== 'number') || parseQuantity(value) === undefined) {
    fail(
      scope,
      `${field} must be a quantity such as "4" or "500m" (CPU), "8Gi" (memory, storage), got ${typeof value === 'string' ? describeValue(value) : describeGiven(value)}`,
    );
  }
};

/** A quota's quantity: one of 0 or more, as the API server requires ('must be greater than or equal to 0'). */
const quotaQuantity: PropCheck = (scope, field, value) => {
  quantityCheck(scope, field, value);
  if (parseQuantity(value)! < 0) {
    fail(scope, `${field} must be a quantity of 0 or more, got ${describeValue(value)}, which the API server refuses`);
  }
};

/** A count of objects a quota allows: a quantity, not a 32-bit integer. */
const quotaCount = is.count(0, Infinity);

/** Whole devices by extended resource name (a domain, '/', a name), as a quota of `requests.<name>` counts them. */
const extendedRequests: PropCheck = (scope, field, value) => {
  is.mapOf(quotaCount)(scope, field, value);
  for (const name of Object.keys(value as object).filter((key) => !isExtendedResourceName(key))) {
    fail(
      scope,
      `${field} name "${name}" is not an extended resource name; it takes a domain, '/' and a name, e.g. ` +
        '"nvidia.com/gpu" (the quota limits requests.<name>)',
    );
  }
};

const QUOTA_SHAPE = {
  cpuRequests: quotaQuantity,
  memoryRequests: quotaQuantity,
  cpuLimits: quotaQuantity,
  memoryLimits: quotaQuantity,
  ephemeralStorageRequests: quotaQuantity,
  storageRequests: quotaQuantity,
  pods: quotaCount,
  services: quotaCount,
  loadBalancers: quotaCount,
  nodePorts: quotaCount,
  persistentVolumeClaims: quotaCount,
  configMaps: quotaCount,
  secrets: quotaCount,
  extendedRequests,
} satisfies PropShape<NamespaceQuota>;

/**
 * A container default: a quantity of 0 or more. The API server takes a negative one in the LimitRange, then refuses the
 * pod of every container that gets it (the gate's limit-range-defaults).
 */
function defaultQuantity(resource: string, side: 'request' | 'limit'): PropCheck {
  return (scope, field, value) => {
    quantityCheck(scope, field, value);
    if (parseQuantity(value)! < 0) {
      fail(
        scope,
        `${field} must be a quantity of 0 or more, got ${describeValue(value)}: the API server takes the LimitRange, then refuses the pod of every container that sets no ${resource} ${side} of its own`,
      );
    }
  };
}

const CONTAINER_DEFAULTS_SHAPE = {
  cpuRequest: defaultQuantity('cpu', 'request'),
  memoryRequest: defaultQuantity('memory', 'request'),
  ephemeralStorageRequest: defaultQuantity('ephemeral-storage', 'request'),
  cpuLimit: defaultQuantity('cpu', 'limit'),
  memoryLimit: defaultQuantity('memory', 'limit'),
  ephemeralStorageLimit: defaultQuantity('ephemeral-storage', 'limit'),
} satisfies PropShape<ContainerDefaults>;

/** Properties of a `Namespace`. */
export interface NamespaceProps extends MetadataProps {
  /** The namespace's name. @default - the construct id */
  readonly name?: string;
  /** The Pod Security profile the API server enforces on pods here. @default PodSecurityLevel.RESTRICTED */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The Kubernetes release `major.minor` whose version of the profile is enforced (`enforce-version: v<release>`).
   * @default - the context's `KUBERNETES_VERSION_CONTEXT` (an AppChart's environment), else the oldest supported, 1.27
   */
  readonly kubernetesVersion?: string;
  /** What the namespace's objects may use in total (a ResourceQuota named `quota` in it). @default - no quota */
  readonly quota?: NamespaceQuota;
  /** Requests and limits of containers that do not set them (a LimitRange named `container-defaults` in it). @default - none */
  readonly containerDefaults?: ContainerDefaults;
}

/** The shape of `NamespaceProps`. */
const NAMESPACE_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  podSecurity: is.oneOf(Object.values(PodSecurityLevel)),
  kubernetesVersion: is.text,
  quota: is.object(QUOTA_SHAPE),
  containerDefaults: is.object(CONTAINER_DEFAULTS_SHAPE),
} satisfies PropShape<NamespaceProps>;

/**
 * A Namespace whose pods must pass a Pod Security profile (`restricted` unless told otherwise): the API server's
 * Pod Security admission rejects a pod that does not, and warns and audits on the same profile. The enforced profile
 * is that of the environment's Kubernetes release (`enforce-version`), so that upgrading the cluster does not change
 * what is admitted; warn and audit follow the cluster's release (no version label), so that an upgraded cluster warns
 * of what its newer profile would refuse before the environment moves to it.
 */
export class Namespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeNamespace;
  /** The ResourceQuota of `quota`, for escape hatches; undefined without one. */
  public readonly quota?: k8s.KubeResourceQuota;
  /** The LimitRange of `containerDefaults`, for escape hatches; undefined without one. */
  public readonly containerDefaults?: k8s.KubeLimitRange;

  public constructor(
    scope: Construct,
    id: string,
    private readonly props: NamespaceProps = {},
  ) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, NAMESPACE_SHAPE);
    this.name = checkDnsLabel(this, 'name', props.name ?? id);
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    const release = props.kubernetesVersion ?? contextRelease(this) ?? OLDEST_RELEASE;
    const problem = releaseProblem(release);
    if (problem !== undefined) {
      fail(this, `kubernetesVersion ${problem}, got "${release}"`);
    }
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props, {
        labels: {
          [`${POD_SECURITY_LABEL_PREFIX}enforce`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}enforce-version`]: `v${release}`,
          [`${POD_SECURITY_LABEL_PREFIX}warn`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}audit`]: level,
        },
      }),
    });
    // An empty quota or set of defaults limits nothing, and makes no object.
    this.quota = props.quota === undefined ? undefined : this.renderQuota(props.quota);
    this.containerDefaults =
      props.containerDefaults === undefined ? undefined : this.renderContainerDefaults(props.containerDefaults);
  }

  private renderQuota(quota: NamespaceQuota): k8s.KubeResourceQuota | undefined {
    const hard: Record<string, k8s.Quantity> = {};
    for (const [prop, key] of Object.entries(QUOTA_KEYS) as [keyof typeof QUOTA_KEYS, string][]) {
      const value = quota[prop];
      if (value !== undefined) {
        hard[key] = k8s.Quantity.fromString(String(value));
      }
    }
    for (const [name, count] of Object.entries(quota.extendedRequests ?? {})) {
      hard[`requests.${name}`] = k8s.Quantity.fromString(String(count));
    }
    if (Object.keys(hard).length === 0) {
      return undefined;
    }
    return new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { ...objectMetadata(this, 'quota', this.props), namespace: this.name },
      spec: { hard },
    });
  }

  private renderContainerDefaults(defaults: ContainerDefaults): k8s.KubeLimitRange | undefined {
    const pairs: [string, string | undefined, string | undefined][] = [
      ['cpu', defaults.cpuRequest, defaults.cpuLimit],
      ['memory', defaults.memoryRequest, defaults.memoryLimit],
      ['ephemeral-storage', defaults.ephemeralStorageRequest, defaults.ephemeralStorageLimit],
    ];
    const defaultRequest: Record<string, k8s.Quantity> = {};
    const defaultLimit: Record<string, k8s.Quantity> = {};
    for (const [resource, request, limit] of pairs) {
      const prop = resource === 'ephemeral-storage' ? 'ephemeralStorage' : resource;
      if (request !== undefined && limit !== undefined && parseQuantity(request)! > parseQuantity(limit)!) {
        fail(
          this,
          `containerDefaults.${prop}Request "${request}" is more than containerDefaults.${prop}Limit "${limit}"; ` +
            'the API server refuses a default request above the default limit: lower the request or raise the limit',
        );
      }
      if (request !== undefined) {
        defaultRequest[resource] = k8s.Quantity.fromString(request);
      }
      if (limit !== undefined) {
        defaultLimit[resource] = k8s.Quantity.fromString(limit);
      }
    }
    if (Object.keys(defaultRequest).length + Object.keys(defaultLimit).length === 0) {
      return undefined;
    }
    return new k8s.KubeLimitRange(this, 'ContainerDefaults', {
      metadata: { ...objectMetadata(this, 'container-defaults', this.props), namespace: this.name },
      spec: {
        limits: [
          {
            type: 'Container',
            ...(Object.keys(defaultRequest).length > 0 ? { defaultRequest } : {}),
            ...(Object.keys(defaultLimit).length > 0 ? { default: defaultLimit } : {}),
          },
        ],
      },
    });
  }
}

/** The Kubernetes release an enclosing AppChart gives through the context, if any. */
function contextRelease(scope: Construct): string | undefined {
  const fromContext: unknown = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
  return typeof fromContext === 'string' ? fromContext : undefined;
}
