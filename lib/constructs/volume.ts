import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';
import { quantity } from './quantity';

/** Anything with a name that a pod can mount as a claim: our `PersistentVolumeClaim` or a cdk8s-plus one. */
export interface IClaim {
  /** The claim's name in its namespace. */
  readonly name: string;
}

/** Options for a volume that projects a ConfigMap or Secret as files. */
export interface ProjectedFilesOptions {
  /** The volume's name in the pod. @default - `configmap-<name>` or `secret-<name>` */
  readonly name?: string;
  /** Only these keys, each written to the file path given. @default - every key, each to a file named after it */
  readonly items?: Readonly<Record<string, string>>;
  /** Start the pod even when the object or a key is missing. @default false */
  readonly optional?: boolean;
}

/** Options for an emptyDir volume. */
export interface EmptyDirOptions {
  /** Largest size the directory may grow to before the pod is evicted. @default - no limit */
  readonly sizeLimit?: Size;
  /** Keep the directory in memory (tmpfs). @default false */
  readonly memory?: boolean;
}

/** A volume of a pod. Containers mount it through `ContainerProps.mounts`; the pod lists it once. */
export class Volume {
  /** A ConfigMap, each key a file. */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: ProjectedFilesOptions = {}): Volume {
    return new Volume(options.name ?? `configmap-${configMap.name}`, {
      configMap: { name: configMap.name, items: toItems(options.items), optional: options.optional },
    });
  }

  /** A Secret, each key a read-only file (mode 0444: the pod's non-root user must read it without an fsGroup). */
  public static fromSecret(secret: kplus.ISecret, options: ProjectedFilesOptions = {}): Volume {
    return new Volume(options.name ?? `secret-${secret.name}`, {
      secret: {
        secretName: secret.name,
        items: toItems(options.items),
        optional: options.optional,
        defaultMode: 0o444,
      },
    });
  }

  /** A scratch directory that lives as long as the pod, e.g. for paths an app writes under a read-only root. */
  public static fromEmptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    return new Volume(name, {
      emptyDir: {
        medium: options.memory ? 'Memory' : undefined,
        sizeLimit: options.sizeLimit ? quantity(options.sizeLimit) : undefined,
      },
    });
  }

  /** A PersistentVolumeClaim in the pod's namespace. */
  public static fromPersistentVolumeClaim(claim: IClaim, options: { readonly name?: string } = {}): Volume {
    return new Volume(options.name ?? `pvc-${claim.name}`, { persistentVolumeClaim: { claimName: claim.name } });
  }

  private constructor(
    /** The volume's name in the pod. */
    public readonly name: string,
    private readonly source: Omit<k8s.Volume, 'name'>,
  ) {}

  /** The volume as it appears in the pod spec. */
  public toKube(): k8s.Volume {
    return { name: this.name, ...this.source };
  }
}

function toItems(items?: Readonly<Record<string, string>>): k8s.KeyToPath[] | undefined {
  if (items === undefined) {
    return undefined;
  }
  return Object.entries(items).map(([key, path]) => ({ key, path }));
}
