import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { quantity } from './quantity';
import { ReclaimPolicy, IStorageClass, isStorageClass } from './storage-class';
import { DNS_SUBDOMAIN, checkDnsSubdomain, checkString, describeValue, fail, isLabelValue } from './validation';

/** How a volume may be mounted. */
export enum AccessMode {
  /** Read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write by a single pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** A PersistentVolume a claim may bind by name: one of the project's, or one made outside it. */
export interface IPersistentVolume extends IConstruct {
  /** The volume's name. */
  readonly name: string;
  /** The class name claims must ask for to bind it ('' when it has none). */
  readonly storageClassName: string;
}

/**
 * Access modes of a volume, claim or claim template: one or more (the API server requires one), each an AccessMode,
 * ReadWriteOncePod only alone.
 */
export const isAccessModes: PropCheck = (scope, field, value) => {
  is.list(is.oneOf(Object.values(AccessMode)), '[AccessMode.READ_WRITE_ONCE]')(scope, field, value);
  if (Array.isArray(value) && value.length === 0) {
    fail(
      scope,
      `${field} must hold at least one access mode, got []; e.g. [AccessMode.READ_WRITE_ONCE], or leave it out for ` +
        'ReadWriteOnce',
    );
  }
  const others = Array.isArray(value) ? value.filter((mode) => mode !== AccessMode.READ_WRITE_ONCE_POD) : [];
  if (Array.isArray(value) && value.includes(AccessMode.READ_WRITE_ONCE_POD) && others.length > 0) {
    fail(
      scope,
      `${field} has ReadWriteOncePod beside ${[...new Set(others)].join(', ')}, which the API server refuses ` +
        '(ReadWriteOncePod comes alone); ask for [AccessMode.READ_WRITE_ONCE_POD] alone, or leave it out',
    );
  }
};

/** What the project knows of a PersistentVolume made outside it. */
export interface PersistentVolumeRefOptions {
  /** The class the volume has; a claim that binds it asks for the same. @default - no class */
  readonly storageClass?: IStorageClass;
}

/** A PersistentVolume the project binds claims to but does not create; it renders nothing. */
class PersistentVolumeRef extends Construct implements IPersistentVolume {
  public readonly storageClassName: string;

  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    options: PersistentVolumeRefOptions,
  ) {
    super(scope, uniqueId(scope, id));
    checkShape(this, 'PersistentVolume.fromName options', options, { storageClass: isStorageClass });
    checkDnsSubdomain(this, 'PersistentVolume.fromName name', name);
    this.storageClassName = options.storageClass?.name ?? '';
  }
}

/** Options of `PersistentVolumeSource.nfs`. */
export interface NfsSourceOptions {
  /** Mount the export read-only. @default false */
  readonly readOnly?: boolean;
}

/** Options of `PersistentVolumeSource.csi`. */
export interface CsiSourceOptions {
  /** The filesystem the driver formats and mounts, e.g. 'ext4'. @default - the driver's */
  readonly fsType?: string;
  /** Mount the volume read-only. @default false */
  readonly readOnly?: boolean;
  /** Settings the driver reads for this volume, as its documentation names them. @default - none */
  readonly volumeAttributes?: Readonly<Record<string, string>>;
}

/** Options of `PersistentVolumeSource.local`. */
export interface LocalSourceOptions {
  /** The nodes (their kubernetes.io/hostname) that have the disk; pods of the claim are scheduled there. */
  readonly nodes: readonly string[];
}

/** The longest CSI driver name the API servers take. */
const CSI_DRIVER_NAME_MAX = 63;

/** The storage a PersistentVolume is: a node directory, an NFS export, a CSI driver's volume or a node's local disk. */
export class PersistentVolumeSource {
  /** A directory on the node that runs the pod, created when missing: for a one-node cluster (as the course's). */
  public static hostPath(path: string): PersistentVolumeSource {
    return new PersistentVolumeSource('hostPath', (scope) => ({
      hostPath: {
        path: checkHostPath(scope, 'source (PersistentVolumeSource.hostPath) path', path),
        type: 'DirectoryOrCreate',
      },
    }));
  }

  /** A directory an NFS server exports, which pods on any node may mount (ReadWriteMany). */
  public static nfs(server: string, path: string, options: NfsSourceOptions = {}): PersistentVolumeSource {
    return new PersistentVolumeSource('nfs', (scope) => {
      const field = 'source (PersistentVolumeSource.nfs)';
      checkShape(scope, `${field} options`, options, { readOnly: is.bool } satisfies PropShape<NfsSourceOptions>);
      checkString(scope, `${field} server`, server, true);
      checkString(scope, `${field} path`, path, true);
      if (server.trim() === '') {
        fail(scope, `${field} server must be a host name or address, got ${describeValue(server)}`);
      }
      if (!path.startsWith('/')) {
        fail(scope, `${field} path must be an absolute path, got ${describeValue(path)}; write "/${path}"`);
      }
      return { nfs: { server, path, readOnly: options.readOnly } };
    });
  }

  /** A volume of a CSI driver, by the id its storage system gives it (a disk made outside Kubernetes, bound statically). */
  public static csi(driver: string, volumeHandle: string, options: CsiSourceOptions = {}): PersistentVolumeSource {
    return new PersistentVolumeSource('csi', (scope) => {
      const field = 'source (PersistentVolumeSource.csi)';
      checkShape(scope, `${field} options`, options, {
        fsType: is.text,
        readOnly: is.bool,
        volumeAttributes: is.textMap,
      } satisfies PropShape<CsiSourceOptions>);
      checkString(scope, `${field} driver`, driver, true);
      checkString(scope, `${field} volumeHandle`, volumeHandle, true);
      if (driver.length > CSI_DRIVER_NAME_MAX || !DNS_SUBDOMAIN.test(driver.toLowerCase())) {
        fail(
          scope,
          `${field} driver must be a DNS-1123 subdomain of at most ${CSI_DRIVER_NAME_MAX} characters, as the driver ` +
            `names itself (e.g. "ebs.csi.aws.com"), got ${describeValue(driver)}`,
        );
      }
      if (volumeHandle === '') {
        fail(
          scope,
          `${field} volumeHandle must be the id of the volume in its storage system, got ${describeValue(volumeHandle)}`,
        );
      }
      return {
        csi: {
          driver,
          volumeHandle,
          fsType: options.fsType,
          readOnly: options.readOnly,
          volumeAttributes: options.volumeAttributes === undefined ? undefined : { ...options.volumeAttributes },
        },
      };
    });
  }

  /**
   * A disk (or directory) of one node, at `path`: fast, and lost with the node; the volume is pinned to `nodes`, so
   * pods that claim it run there.
   */
  public static local(path: string, options: LocalSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('local', (scope) => {
      const field = 'source (PersistentVolumeSource.local)';
      checkShape(scope, `${field} options`, options, {
        nodes: is.required(is.texts),
      } satisfies PropShape<LocalSourceOptions>);
      checkString(scope, `${field} path`, path, true);
      if (path === '') {
        fail(
          scope,
          `${field} path must be the directory or device of the disk on the node, got ${describeValue(path)}`,
        );
      }
      if (path.split('/').includes('..')) {
        fail(scope, `${field} path must not climb with "..", got "${path}"`);
      }
      const badNode = options.nodes.find((node) => !isLabelValue(node));
      if (badNode !== undefined) {
        fail(
          scope,
          `${field} nodes must be node names as their kubernetes.io/hostname label holds them (a label value: at most ` +
            `63 letters, digits, '-', '_' or '.'), got "${badNode}"`,
        );
      }
      if (options.nodes.length === 0) {
        fail(
          scope,
          `${field} nodes must name at least one node (the API server refuses a local volume without node affinity), got []`,
        );
      }
      return {
        local: { path },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [...options.nodes] }] },
            ],
          },
        },
      };
    });
  }

  private constructor(
    /** The source's field in the spec. */
    public readonly kind: 'hostPath' | 'nfs' | 'csi' | 'local',
    private readonly render: (scope: IConstruct) => Partial<k8s.PersistentVolumeSpec>,
  ) {}

  /** The spec fields of the source, checked with `scope`'s path in a message. */
  public toSpec(scope: IConstruct): Partial<k8s.PersistentVolumeSpec> {
    return this.render(scope);
  }
}

/** A hostPath: absolute, without a ".." element. */
function checkHostPath(scope: IConstruct, field: string, path: string): string {
  checkString(scope, field, path, true);
  if (!path.startsWith('/')) {
    fail(scope, `${field} must be an absolute path, got "${path}"`);
  }
  if (path.split('/').includes('..')) {
    fail(
      scope,
      `${field} must not have a ".." element (the API server refuses it), got "${path}"; write the path without ".."`,
    );
  }
  return path;
}

/** Properties of a `PersistentVolume`. */
export interface PersistentVolumeProps extends MetadataProps {
  /** The volume's name. @default - the construct id */
  readonly name?: string;
  /**
   * The storage it is, e.g. `PersistentVolumeSource.nfs('nfs.example.com', '/exports/data')`. @default - the
   * `hostPath` directory
   */
  readonly source?: PersistentVolumeSource;
  /** The directory on the node that holds the data (as `PersistentVolumeSource.hostPath`). @default - `source` */
  readonly hostPath?: string;
  /** Options the node mounts it with, e.g. `['nfsvers=4.1', 'hard']` for NFS. @default - the source's defaults */
  readonly mountOptions?: readonly string[];
  /** The volume's size. */
  readonly capacity: Size;
  /** How it may be mounted. @default [AccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly AccessMode[];
  /** The class claims must ask for to bind it. @default - no class: only claims that ask for none bind it */
  readonly storageClass?: IStorageClass;
  /** What happens to the data when its claim is deleted. @default ReclaimPolicy.RETAIN */
  readonly reclaimPolicy?: ReclaimPolicy;
}

/** The shape of `PersistentVolumeProps`. */
const PERSISTENT_VOLUME_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  source: is.instance(PersistentVolumeSource, "PersistentVolumeSource.nfs('nfs.example.com', '/exports/data')"),
  hostPath: is.text,
  mountOptions: is.texts,
  capacity: is.required(is.instance(Size, 'Size.gibibytes(1)')),
  accessModes: isAccessModes,
  storageClass: isStorageClass,
  reclaimPolicy: is.oneOf(Object.values(ReclaimPolicy)),
} satisfies PropShape<PersistentVolumeProps>;

/**
 * A PersistentVolume backed by a directory on a node (`hostPath`): the generic, provider-free volume of a
 * single-node course cluster. cdk8s-plus-27 only offers cloud disks. Pods never mount it directly; a
 * PersistentVolumeClaim binds it.
 */
export class PersistentVolume extends Construct implements IPersistentVolume {
  /**
   * A PersistentVolume made outside the project (an administrator's NFS share, a cloud disk created by hand) that a
   * claim binds by name; declare it in the environment's `external.persistentVolumes`, or the `claim-volume` check
   * refuses the claim. Its size and access modes are not known here, so only its class is checked against the claim's.
   */
  public static fromName(
    scope: Construct,
    id: string,
    name: string,
    options: PersistentVolumeRefOptions = {},
  ): IPersistentVolume {
    return new PersistentVolumeRef(scope, id, name, options);
  }

  /** The volume's name. */
  public readonly name: string;
  /** Its size. */
  public readonly capacity: Size;
  /** How it may be mounted. */
  public readonly accessModes: readonly AccessMode[];
  /** The class name claims must ask for ('' when it has none). */
  public readonly storageClassName: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubePersistentVolume;

  public constructor(scope: Construct, id: string, props: PersistentVolumeProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, PERSISTENT_VOLUME_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const source = this.sourceOf(props);
    if (props.capacity.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) <= 0) {
      fail(this, `capacity must be more than 0, got ${quantity(props.capacity).value}`);
    }
    this.capacity = props.capacity;
    this.accessModes = props.accessModes ?? [AccessMode.READ_WRITE_ONCE];
    this.storageClassName = props.storageClass?.name ?? '';
    this.apiObject = new k8s.KubePersistentVolume(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        capacity: { storage: quantity(props.capacity) },
        accessModes: [...this.accessModes],
        storageClassName: this.storageClassName,
        persistentVolumeReclaimPolicy: props.reclaimPolicy ?? ReclaimPolicy.RETAIN,
        mountOptions: props.mountOptions === undefined ? undefined : [...props.mountOptions],
        ...source,
      },
    });
  }

  /** The one source: `source`, or the `hostPath` shorthand. */
  private sourceOf(props: PersistentVolumeProps): Partial<k8s.PersistentVolumeSpec> {
    if (props.source !== undefined && props.hostPath !== undefined) {
      fail(this, 'give either hostPath or source, not both (a PersistentVolume is one storage)');
    }
    if (props.source !== undefined) {
      return props.source.toSpec(this);
    }
    if (props.hostPath === undefined) {
      fail(this, 'give the storage it is: `source`, e.g. PersistentVolumeSource.nfs(server, path), or `hostPath`');
    }
    return { hostPath: { path: checkHostPath(this, 'hostPath', props.hostPath), type: 'DirectoryOrCreate' } };
  }
}
