import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { POD_NAME_LABEL } from '../checks/object-index';
import { ContainerPort } from './container';
import { AccessMode, isAccessModes } from './persistent-volume';
import { ISelectable, RestartPolicy } from './pod-spec';
import { checkNoTemplateHash } from './labels';
import { quantity } from './quantity';
import { Service } from './service';
import { SERVER_PORT_SHAPE, ServerPort, extraServicePorts } from './server';
import { IStorageClass, isStorageClass } from './storage-class';
import { checkCount, checkDnsLabel, checkInt32Seconds, checkUnique, describeValue, fail } from './validation';
import { IScalable } from './horizontal-pod-autoscaler';
import { PropShape, checkShape, is } from './prop-shapes';
import { REPLICATED_WORKLOAD_SHAPE, ReplicatedWorkloadProps, Workload, isReplicated } from './workload';

/** A mount of a claim template in a container other than the first, e.g. an init container that prepares the data. */
export interface ClaimMount {
  /** The name of the container or init container that mounts it. */
  readonly container: string;
  /** Where it appears in that container. */
  readonly path: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
  /** Mount only this file or directory of the claim. @default - the whole claim */
  readonly subPath?: string;
}

/** A claim the StatefulSet creates for each of its pods, mounted into the pod's first container. */
export interface VolumeClaimTemplate {
  /** The claim's name; pod N's claim is `<name>-<statefulset>-N`. */
  readonly name: string;
  /** Where the first container mounts it. */
  readonly mountPath: string;
  /** The storage each pod gets. */
  readonly storage: Size;
  /** The class of storage. @default - the cluster's default class */
  readonly storageClass?: IStorageClass;
  /** How it is mounted. @default [AccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly AccessMode[];
  /**
   * Other containers of the pod that mount it too, by name: an init container that prepares the data directory, a
   * sidecar that reads it, e.g. `[{ container: 'init-data', path: '/var/lib/postgresql/data' }]`. @default - none
   */
  readonly otherMounts?: readonly ClaimMount[];
}

/** How a StatefulSet starts and stops its pods. */
export enum PodManagementPolicy {
  /** One at a time, in order: pod N+1 starts when pod N is ready, and they stop in reverse (Kubernetes' default). */
  ORDERED_READY = 'OrderedReady',
  /** All at once, for members that find each other themselves (a quorum that must start together). */
  PARALLEL = 'Parallel',
}

/** Options of a StatefulSet's rolling update. */
export interface StatefulSetRollingUpdateOptions {
  /**
   * Only pods with an ordinal of this or more are updated: a staged rollout (a canary is `replicas - 1`; `replicas` or
   * more holds every pod back). @default 0
   */
  readonly partition?: number;
}

/** How a StatefulSet replaces its pods when the template changes. */
export class StatefulSetUpdateStrategy {
  /** Pods are replaced one at a time, from the highest ordinal down to `partition`. */
  public static rollingUpdate(options: StatefulSetRollingUpdateOptions = {}): StatefulSetUpdateStrategy {
    return new StatefulSetUpdateStrategy('RollingUpdate', options?.partition, options);
  }

  /** Pods are replaced only when someone deletes them. */
  public static onDelete(): StatefulSetUpdateStrategy {
    return new StatefulSetUpdateStrategy('OnDelete');
  }

  private constructor(
    /** `RollingUpdate` or `OnDelete`. */
    public readonly type: 'RollingUpdate' | 'OnDelete',
    /** The lowest ordinal a rolling update replaces. */
    public readonly partition?: number,
    /** The options a rolling update was given, as JavaScript may give them; the StatefulSet checks their shape. */
    public readonly options?: StatefulSetRollingUpdateOptions,
  ) {}
}

/** What becomes of the claims of `volumeClaimTemplates` when their pods go. */
export enum ClaimRetention {
  /** Keep the claim and its data (Kubernetes' default). */
  RETAIN = 'Retain',
  /** Delete the claim, and with most storage classes its data. */
  DELETE = 'Delete',
}

/** When the claims of a StatefulSet's pods are deleted. */
export interface PersistentVolumeClaimRetentionPolicy {
  /** When the StatefulSet is deleted. @default ClaimRetention.RETAIN */
  readonly whenDeleted?: ClaimRetention;
  /** When it is scaled down, for the pods removed. @default ClaimRetention.RETAIN */
  readonly whenScaled?: ClaimRetention;
}

/** Properties of a `StatefulSet`. */
export interface StatefulSetProps extends ReplicatedWorkloadProps {
  /** How many pods to run; pod N is named `<name>-N`. @default 2 */
  readonly replicas?: number;
  /** Port the headless Service publishes (a container port of the first container). */
  readonly port: number;
  /** Storage per pod. @default - none */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /** Whether pods start and stop in order or all at once. @default PodManagementPolicy.ORDERED_READY */
  readonly podManagementPolicy?: PodManagementPolicy;
  /** How pods are replaced when the template changes. @default - a rolling update of every pod (partition 0) */
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  /** Whether the claims of `volumeClaimTemplates` go with their pods (it rules nothing without them). @default - both kept (Retain) */
  readonly persistentVolumeClaimRetentionPolicy?: PersistentVolumeClaimRetentionPolicy;
  /**
   * The only workloads whose pods may connect to its pods besides one another, e.g. `[api]`; `[]` none but its own.
   * @default - see `ServiceProps.allowFrom`
   */
  readonly allowFrom?: readonly ISelectable[];
  /**
   * Ports its headless Service publishes beside `port`, each a port its containers declare (by name and number), e.g.
   * the port members replicate on, `[{ name: 'kafka-broker', number: 9093, allowFrom: [] }]`; a port's own clients
   * replace `allowFrom` for it, its members always among them (`[]` its members only). @default - none
   */
  readonly extraPorts?: readonly ServerPort[];
  /**
   * Its headless Service publishes the DNS names of pods that are not ready too, so that members find each other while
   * they start (a replica that clones the primary, a quorum forming). @default - ready pods only
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * How long a new pod must stay ready, none of its containers crashing, before it counts as available and a rolling
   * update goes on to the next pod. @default - at once
   */
  readonly minReady?: Duration;
  /** Old revisions (ControllerRevisions) kept for `kubectl rollout undo`. @default 10 (Kubernetes') */
  readonly revisionHistoryLimit?: number;
}

/** The shape of `ClaimMount`. */
const CLAIM_MOUNT_SHAPE = {
  container: is.required(is.text),
  path: is.required(is.absolutePath),
  readOnly: is.bool,
  subPath: is.text,
} satisfies PropShape<ClaimMount>;

/** The shape of `VolumeClaimTemplate`. */
const VOLUME_CLAIM_TEMPLATE_SHAPE = {
  name: is.required(is.text),
  mountPath: is.required(is.text),
  storage: is.required(is.instance(Size, 'Size.gibibytes(1)')),
  storageClass: isStorageClass,
  accessModes: isAccessModes,
  otherMounts: is.list(is.object(CLAIM_MOUNT_SHAPE), "[{ container: 'init-data', path: '/data' }]"),
} satisfies PropShape<VolumeClaimTemplate>;

/** The shape of `StatefulSetProps`. */
const STATEFUL_SET_SHAPE = {
  ...REPLICATED_WORKLOAD_SHAPE,
  port: is.required(is.port),
  volumeClaimTemplates: is.list(is.object(VOLUME_CLAIM_TEMPLATE_SHAPE)),
  podManagementPolicy: is.oneOf(Object.values(PodManagementPolicy)),
  updateStrategy: (scope, field, value) => {
    is.instance(StatefulSetUpdateStrategy, 'StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 })')(
      scope,
      field,
      value,
    );
    const options = (value as StatefulSetUpdateStrategy).options;
    if (options !== undefined) {
      // The partition is checked against the replicas below; a misspelt key would be dropped.
      checkShape(scope, `${field} (StatefulSetUpdateStrategy.rollingUpdate) options`, options, {
        partition: is.checkedElsewhere,
      } satisfies PropShape<StatefulSetRollingUpdateOptions>);
    }
  },
  allowFrom: is.list(is.checkedElsewhere, '[apiDeployment]'),
  extraPorts: is.list(is.object(SERVER_PORT_SHAPE), "[{ name: 'kafka-broker', number: 9093, allowFrom: [] }]"),
  publishNotReadyAddresses: is.bool,
  minReady: is.seconds,
  revisionHistoryLimit: is.count(0),
  persistentVolumeClaimRetentionPolicy: is.object({
    whenDeleted: is.oneOf(Object.values(ClaimRetention)),
    whenScaled: is.oneOf(Object.values(ClaimRetention)),
  } satisfies PropShape<PersistentVolumeClaimRetentionPolicy>),
} satisfies PropShape<StatefulSetProps>;

/** One pod of a StatefulSet, which a Service selects by the pod-name label the set's controller gives it. */
class StatefulSetMember extends Construct implements ISelectable {
  public constructor(
    scope: StatefulSet,
    id: string,
    public readonly selectorLabels: Readonly<Record<string, string>>,
    public readonly containerPorts: readonly ContainerPort[],
  ) {
    super(scope, id);
  }
}

/**
 * A StatefulSet and its headless Service: pods with stable names (`<name>-0`, `<name>-1`), stable DNS names
 * (`<name>-0.<name>.<namespace>.svc.cluster.local`) and a claim of their own that outlives them.
 */
export class StatefulSet extends Workload implements IScalable {
  /** Its apiVersion and kind, for an autoscaler. */
  public readonly scaleTarget = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
  /** The headless Service that gives the pods their DNS names. */
  public readonly service: Service;
  /** The number of pods, or undefined when an autoscaler sets it. */
  public get replicas(): number | undefined {
    return this.autoscaler === undefined ? this.fixedReplicas : undefined;
  }
  /** The replicas it was given or defaults to, before an autoscaler made apart takes them. */
  private readonly fixedReplicas: number | undefined;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeStatefulSet;

  public constructor(scope: Construct, id: string, props: StatefulSetProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, isReplicated(props), STATEFUL_SET_SHAPE);
    checkNoTemplateHash(this, 'StatefulSet', props.selectorLabels);
    this.fixedReplicas = this.resolveReplicas(props, this);
    const claims = props.volumeClaimTemplates ?? [];
    checkUnique(
      this,
      'volumeClaimTemplates names',
      claims.map((claim) => claim.name),
    );
    for (const claim of claims) {
      checkDnsLabel(this, 'volumeClaimTemplates.name', claim.name);
      if (!claim.mountPath.startsWith('/')) {
        fail(this, `volumeClaimTemplates[${claim.name}].mountPath must be an absolute path, got "${claim.mountPath}"`);
      }
      this.checkNoClash(claim);
      (claim.otherMounts ?? []).forEach((mount, index) => this.checkOtherMount(claims, claim, mount, index));
    }
    const extraPorts = (props.extraPorts ?? []).map((port, index) => this.checkExtraPort(props.port, port, index));
    this.service = new Service(this, 'Service', {
      name: this.name,
      headless: true,
      publishNotReadyAddresses: props.publishNotReadyAddresses,
      selector: this,
      // Members of a quorum or of a replicated database talk to each other.
      allowFrom: props.allowFrom && [this, ...props.allowFrom],
      ports: [
        { port: props.port, name: 'main' },
        ...extraServicePorts(extraPorts).map((port) => ({
          ...port,
          allowFrom: port.allowFrom && [this, ...port.allowFrom],
        })),
      ],
    });
    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        serviceName: this.service.name,
        replicas: this.fixedReplicas,
        podManagementPolicy: props.podManagementPolicy,
        updateStrategy: this.renderUpdateStrategy(props.updateStrategy),
        minReadySeconds: checkInt32Seconds(this, 'minReady', props.minReady),
        revisionHistoryLimit: props.revisionHistoryLimit,
        persistentVolumeClaimRetentionPolicy:
          props.persistentVolumeClaimRetentionPolicy === undefined
            ? undefined
            : {
                whenDeleted: props.persistentVolumeClaimRetentionPolicy.whenDeleted ?? ClaimRetention.RETAIN,
                whenScaled: props.persistentVolumeClaimRetentionPolicy.whenScaled ?? ClaimRetention.RETAIN,
              },
        selector: { matchLabels: { ...this.selectorLabels } },
        template: withClaimMounts(this.podTemplate, claims),
        volumeClaimTemplates:
          claims.length === 0 ? undefined : claims.map((claim) => renderClaim(claim, this.selectorLabels)),
      },
    });
    this.addNewerPodFields(this.apiObject);
  }

  /**
   * Pod `ordinal` of the set (`<name>-<ordinal>`) alone, as a Service's `selector` or a client in `allowFrom`: its
   * selector adds the `statefulset.kubernetes.io/pod-name` label the controller gives each pod to the set's, e.g. the
   * primary of a database whose pod 0 is the primary, for a read-write Service.
   */
  public member(ordinal: number): ISelectable {
    const where = `member(${describeValue(ordinal)})`;
    checkCount(this, `${where}: the ordinal`, ordinal, 0);
    const replicas = this.replicas;
    if (replicas !== undefined && ordinal >= replicas) {
      const pods = replicas === 0 ? 'no pods' : `pods ${this.name}-0 to ${this.name}-${replicas - 1}`;
      fail(
        this,
        `${where}: the set runs ${pods} (replicas ${replicas}), so ${this.name}-${ordinal} does not exist; pick an ` +
          `ordinal below ${replicas}, or raise replicas`,
      );
    }
    const id = `Member${ordinal}`;
    const known = this.node.tryFindChild(id) as StatefulSetMember | undefined;
    return (
      known ??
      new StatefulSetMember(
        this,
        id,
        { ...this.selectorLabels, [POD_NAME_LABEL]: `${this.name}-${ordinal}` },
        this.containerPorts,
      )
    );
  }

  /** A rolling update's partition is a count of 0 or more (at or above the replicas, it holds every pod back). */
  private renderUpdateStrategy(strategy?: StatefulSetUpdateStrategy): k8s.StatefulSetUpdateStrategy | undefined {
    if (strategy?.partition === undefined) {
      return strategy === undefined ? undefined : { type: strategy.type };
    }
    const partition = checkCount(this, 'updateStrategy.partition', strategy.partition, 0);
    return { type: strategy.type, rollingUpdate: { partition } };
  }

  /**
   * A port of `extraPorts` is one its containers declare, by name and number, which the Service maps by name; it is
   * not `port`, which the Service publishes already.
   */
  private checkExtraPort(main: number, port: ServerPort, index: number): ServerPort {
    const protocol = port.protocol ?? 'TCP';
    const field = `extraPorts[${index}] "${port.name}" (${port.number}/${protocol})`;
    if (port.number === main && protocol === 'TCP') {
      fail(
        this,
        `${field} is already the port of \`port\`; list each port once, the one of \`port\` not in extraPorts`,
      );
    }
    const declared = this.containerPorts.some(
      (own) => own.name === port.name && own.number === port.number && (own.protocol ?? 'TCP') === protocol,
    );
    if (!declared) {
      const known = this.containerPorts.map((own) =>
        own.name === undefined ? `${own.number}` : `${own.number} ("${own.name}")`,
      );
      fail(
        this,
        `${field} is not a port of its containers, which listen on ${known.join(', ') || 'no ports'}; declare it in a ` +
          `container's ports, e.g. { number: ${port.number}, name: '${port.name}' }, or give the number and name of one ` +
          'of them',
      );
    }
    return port;
  }

  /** A claim mounted in another container: one of the pod's, at a path it does not mount yet. */
  private checkOtherMount(
    claims: readonly VolumeClaimTemplate[],
    claim: VolumeClaimTemplate,
    mount: ClaimMount,
    index: number,
  ): void {
    const field = `volumeClaimTemplates[${claim.name}].otherMounts[${index}]`;
    const spec = this.podTemplate.spec;
    const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
    const container = containers.find((each) => each.name === mount.container);
    if (container === undefined) {
      fail(
        this,
        `${field}.container "${mount.container}" is not a container of the pod, whose containers are ` +
          `${containers.map((each) => `"${each.name}"`).join(', ')}; name one of them`,
      );
    }
    const first = spec?.containers[0];
    const taken = [
      ...(container.volumeMounts ?? []).map((own) => own.mountPath),
      ...(container === first ? claims.map((each) => each.mountPath) : []),
      ...claims.flatMap((each) =>
        (each.otherMounts ?? [])
          .filter((other) => other !== mount && other.container === mount.container)
          .map((other) => other.path),
      ),
    ];
    if (taken.includes(mount.path)) {
      fail(this, `${field}.path ${mount.path} is already a mount of container "${container.name}"; pick another path`);
    }
  }

  /** The controller would swap a pod volume of the claim's name for the claim, and the API server rejects a path mounted twice. */
  private checkNoClash(claim: VolumeClaimTemplate): void {
    const spec = this.podTemplate.spec;
    if (spec?.volumes?.some((volume) => volume.name === claim.name)) {
      fail(this, `volumeClaimTemplates name "${claim.name}" is also the name of a pod volume; rename one of them`);
    }
    const first = spec?.containers[0];
    if (first?.volumeMounts?.some((mount) => mount.mountPath === claim.mountPath)) {
      fail(
        this,
        `volumeClaimTemplates[${claim.name}].mountPath ${claim.mountPath} is already a mount of container "${first.name}"; pick another path`,
      );
    }
  }
}

/**
 * Mounts each claim into the first container, and into the containers of its `otherMounts`; the claims themselves come
 * from the volumeClaimTemplates.
 */
function withClaimMounts(template: k8s.PodTemplateSpec, claims: readonly VolumeClaimTemplate[]): k8s.PodTemplateSpec {
  if (claims.length === 0 || template.spec === undefined) {
    return template;
  }
  const [first, ...rest] = template.spec.containers;
  const mounts = [
    ...(first.volumeMounts ?? []),
    ...claims.map((claim) => ({ name: claim.name, mountPath: claim.mountPath })),
  ];
  const withOthers = (container: k8s.Container): k8s.Container => {
    const others = claims.flatMap((claim) =>
      (claim.otherMounts ?? [])
        .filter((mount) => mount.container === container.name)
        .map((mount) => ({
          name: claim.name,
          mountPath: mount.path,
          readOnly: mount.readOnly,
          subPath: mount.subPath,
        })),
    );
    return others.length === 0
      ? container
      : { ...container, volumeMounts: [...(container.volumeMounts ?? []), ...others] };
  };
  const initContainers = template.spec.initContainers?.map(withOthers);
  const containers = [{ ...first, volumeMounts: mounts }, ...rest].map(withOthers);
  return { ...template, spec: { ...template.spec, initContainers, containers } };
}

function renderClaim(
  claim: VolumeClaimTemplate,
  labels: Readonly<Record<string, string>>,
): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: claim.name, labels: { ...labels } },
    spec: {
      accessModes: [...(claim.accessModes ?? [AccessMode.READ_WRITE_ONCE])],
      storageClassName: claim.storageClass?.name,
      resources: { requests: { storage: quantity(claim.storage) } },
    },
  };
}
