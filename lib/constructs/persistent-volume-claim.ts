import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { AccessMode, IPersistentVolume, PersistentVolume, isAccessModes } from './persistent-volume';
import { quantity } from './quantity';
import { IStorageClass, isStorageClass } from './storage-class';
import { checkDnsSubdomain, fail } from './validation';
import { IClaim } from './volume';

/** Properties of a `PersistentVolumeClaim`. */
export interface PersistentVolumeClaimProps extends MetadataProps {
  /** The claim's name. @default - the construct id */
  readonly name?: string;
  /** The storage requested. */
  readonly storage: Size;
  /** How the pods will mount it. @default [AccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly AccessMode[];
  /**
   * Bind exactly this volume: one of the project's, or one made outside it (`PersistentVolume.fromName`). @default -
   * any volume of the class that fits
   */
  readonly volume?: IPersistentVolume;
  /** The class of storage asked for. @default - the bound volume's class, or the cluster's default class */
  readonly storageClass?: IStorageClass;
}

/** The shape of `PersistentVolumeClaimProps`. */
const PERSISTENT_VOLUME_CLAIM_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  storage: is.required(is.instance(Size, 'Size.gibibytes(1)')),
  accessModes: isAccessModes,
  volume: is.having('storageClassName', "a PersistentVolume or PersistentVolume.fromName(chart, 'share', 'nfs-share')"),
  storageClass: isStorageClass,
} satisfies PropShape<PersistentVolumeClaimProps>;

/** A PersistentVolumeClaim: a pod's request for storage, bound to one PersistentVolume that fits it. */
export class PersistentVolumeClaim extends Construct implements IClaim {
  /** The claim's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubePersistentVolumeClaim;

  public constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, PERSISTENT_VOLUME_CLAIM_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    if (props.storage.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) <= 0) {
      fail(this, `storage must be more than 0, got ${quantity(props.storage).value}; request the size the pods need`);
    }
    const accessModes = props.accessModes ?? [AccessMode.READ_WRITE_ONCE];
    const storageClassName = props.storageClass?.name ?? props.volume?.storageClassName;
    if (props.volume !== undefined) {
      this.checkFits(props.volume, props.storage, accessModes, storageClassName);
    }
    this.apiObject = new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      spec: {
        accessModes: [...accessModes],
        resources: { requests: { storage: quantity(props.storage) } },
        storageClassName,
        volumeName: props.volume?.name,
      },
    });
  }

  /** Fails unless the claim fits the volume: its class, and, for one of the project's, its size and access modes. */
  private checkFits(
    volume: IPersistentVolume,
    storage: Size,
    accessModes: readonly AccessMode[],
    className?: string,
  ): void {
    if (volume instanceof PersistentVolume) {
      this.checkFitsSpace(volume, storage, accessModes);
    }
    if (className !== volume.storageClassName) {
      fail(
        this,
        `storageClass "${className}" differs from "${volume.storageClassName}" of volume ${volume.node.path}; they must match to bind`,
      );
    }
  }

  private checkFitsSpace(volume: PersistentVolume, storage: Size, accessModes: readonly AccessMode[]): void {
    const kib = (size: Size) => size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (kib(storage) > kib(volume.capacity)) {
      fail(
        this,
        `storage ${quantity(storage).value} is more than the ${quantity(volume.capacity).value} of volume ` +
          `${volume.node.path}; request at most its capacity`,
      );
    }
    const missing = accessModes.filter((mode) => !volume.accessModes.includes(mode));
    if (missing.length > 0) {
      fail(
        this,
        `accessModes ${missing.join(', ')} are not offered by volume ${volume.node.path}, which offers ${volume.accessModes.join(', ')}`,
      );
    }
  }
}
