import { Construct, IConstruct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropCheck, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { checkDnsSubdomain, describeGiven, fail, isLabelKey } from './validation';
import { parameterProblems } from '../checks/storage-parameters';

/** The provisioner of a StorageClass whose volumes an administrator creates by hand. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** What happens to a volume when its claim is deleted. */
export enum ReclaimPolicy {
  /** Keep the volume and its data; an administrator frees it. */
  RETAIN = 'Retain',
  /** Delete the volume and its data. */
  DELETE = 'Delete',
}

/** When a claim is bound to a volume. */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When a pod that uses the claim is scheduled, so the volume suits the pod's node. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** A StorageClass that claims and volumes name: one of the project's, or one the cluster has (`StorageClass.fromName`). */
export interface IStorageClass extends IConstruct {
  /** The class's name. */
  readonly name: string;
}

/** A StorageClass the project refers to but does not create. */
class StorageClassRef extends Construct implements IStorageClass {
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
  ) {
    super(scope, uniqueId(scope, id));
    checkDnsSubdomain(this, 'StorageClass.fromName name', name);
  }
}

/**
 * A StorageClass prop: the project's or `StorageClass.fromName`'s. Any object with a name was taken before, its name as
 * the class's (a ConfigMap's, a Deployment's), and a name string was refused as an object without one.
 */
export const isStorageClass: PropCheck = (scope, field, value) => {
  if (!(value instanceof StorageClass || value instanceof StorageClassRef)) {
    fail(
      scope,
      `${field} must be a StorageClass, or StorageClass.fromName(chart, 'standard', 'standard'), got ${describeGiven(value)}`,
    );
  }
};

/** Properties of a `StorageClass`. */
export interface StorageClassProps extends MetadataProps {
  /** The class's name; claims and volumes refer to it. @default - the construct id */
  readonly name?: string;
  /** The volume plugin that creates volumes for claims. @default NO_PROVISIONER */
  readonly provisioner?: string;
  /** Parameters for the provisioner. @default - none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** What happens to a provisioned volume when its claim is deleted. @default ReclaimPolicy.RETAIN */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** When claims bind. @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Claims may grow after creation. @default false */
  readonly allowVolumeExpansion?: boolean;
}

/** The shape of `StorageClassProps`. */
const STORAGE_CLASS_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  provisioner: is.text,
  parameters: is.textMap,
  reclaimPolicy: is.oneOf(Object.values(ReclaimPolicy)),
  volumeBindingMode: is.oneOf(Object.values(VolumeBindingMode)),
  allowVolumeExpansion: is.bool,
} satisfies PropShape<StorageClassProps>;

/**
 * A StorageClass: a kind of storage claims ask for by name. With the default `no-provisioner` it provisions nothing:
 * claims bind to PersistentVolumes of the class that an administrator created. cdk8s-plus-27 has no StorageClass.
 */
export class StorageClass extends Construct implements IStorageClass {
  /**
   * A StorageClass the cluster has and the project does not create, e.g. a cloud's `standard`; declare it in the
   * environment's `external.storageClasses`, or the `storage-class` check refuses what names it.
   */
  public static fromName(scope: Construct, id: string, name: string): IStorageClass {
    return new StorageClassRef(scope, id, name);
  }

  /** The class's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeStorageClass;

  public constructor(scope: Construct, id: string, props: StorageClassProps = {}) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, STORAGE_CLASS_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    // The API server checks the provisioner lower-cased: KUBERNETES.IO/NO-PROVISIONER is taken.
    if (props.provisioner !== undefined && !isLabelKey(props.provisioner.toLowerCase())) {
      fail(
        this,
        `provisioner ${JSON.stringify(props.provisioner)} is not a qualified name (an optional DNS subdomain prefix ` +
          'and "/", then at most 63 letters, digits, "-", "_" or "."); name the CSI driver or in-tree provisioner ' +
          'that makes its volumes, e.g. "rancher.io/local-path" or "ebs.csi.aws.com"',
      );
    }
    // The API server's limits on parameters (an empty key, over 512, over 256 KiB): the check's own words.
    const [parameterProblem] = parameterProblems(props.parameters, 'StorageClass');
    if (parameterProblem !== undefined) {
      fail(this, `${parameterProblem.message}; ${parameterProblem.fix}`);
    }
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props),
      provisioner: props.provisioner ?? NO_PROVISIONER,
      parameters: props.parameters === undefined ? undefined : { ...props.parameters },
      reclaimPolicy: props.reclaimPolicy ?? ReclaimPolicy.RETAIN,
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: props.allowVolumeExpansion,
    });
  }
}
