import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { quantity } from './quantity';
import { ReclaimPolicy, IStorageClass, isStorageClass } from './storage-class';
import { checkDnsSubdomain, fail } from './validation';

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

/** Access modes of a volume, claim or claim template: one or more (the API server requires one), each an AccessMode. */
export const isAccessModes: PropCheck = (scope, field, value) => {
  is.list(is.oneOf(Object.values(AccessMode)), '[AccessMode.READ_WRITE_ONCE]')(scope, field, value);
  if (Array.isArray(value) && value.length === 0) {
    fail(
      scope,
      `${field} must hold at least one access mode, got []; e.g. [AccessMode.READ_WRITE_ONCE], or leave it out for ` +
        'ReadWriteOnce',
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

/** Properties of a `PersistentVolume`. */
export interface PersistentVolumeProps extends MetadataProps {
  /** The volume's name. @default - the construct id */
  readonly name?: string;
  /** The directory on the node that holds the data. */
  readonly hostPath: string;
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
  hostPath: is.required(is.text),
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
    if (!props.hostPath.startsWith('/')) {
      fail(this, `hostPath must be an absolute path, got "${props.hostPath}"`);
    }
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
        hostPath: { path: props.hostPath, type: 'DirectoryOrCreate' },
      },
    });
  }
}
