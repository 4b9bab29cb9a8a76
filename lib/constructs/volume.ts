import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { PropCheck, PropShape, checkShape, is } from './prop-shapes';
import { quantity } from './quantity';
import {
  checkDnsLabel,
  checkInstance,
  checkList,
  describeGiven,
  describeValue,
  fail,
  isPlainObject,
} from './validation';

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

/** What a hostPath volume expects at its path (Kubernetes' HostPathType). */
export enum HostPathType {
  /** A directory, created (mode 0755, owned by the kubelet's user) when missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** A directory that must exist. */
  DIRECTORY = 'Directory',
  /** A file, created empty (mode 0644) when missing. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** A file that must exist. */
  FILE = 'File',
  /** A UNIX socket that must exist, e.g. a container runtime's. */
  SOCKET = 'Socket',
  /** A character device that must exist. */
  CHAR_DEVICE = 'CharDevice',
  /** A block device that must exist. */
  BLOCK_DEVICE = 'BlockDevice',
}

/** Options for a hostPath volume. */
export interface HostPathOptions {
  /** The volume's name in the pod. @default - `host-` and the path's words, e.g. `host-var-log` */
  readonly name?: string;
  /** What must be at the path. @default HostPathType.DIRECTORY: the path must be a directory that exists */
  readonly type?: HostPathType;
}

/** A field of the pod that a downward API volume writes to a file. */
export enum PodField {
  NAME = 'metadata.name',
  NAMESPACE = 'metadata.namespace',
  UID = 'metadata.uid',
  /** Every label, one `key="value"` a line; the kubelet rewrites the file when they change. */
  LABELS = 'metadata.labels',
  /** Every annotation, one `key="value"` a line; the kubelet rewrites the file when they change. */
  ANNOTATIONS = 'metadata.annotations',
}

const PROJECTED_FILES_SHAPE = {
  name: is.text,
  items: is.textMap,
  optional: is.bool,
} satisfies PropShape<ProjectedFilesOptions>;

const EMPTY_DIR_SHAPE = {
  sizeLimit: is.instance(Size, 'Size.mebibytes(64)'),
  memory: is.bool,
} satisfies PropShape<EmptyDirOptions>;

/** What each factory's first argument is, as a message names it. */
const SOURCES: Readonly<Record<string, string>> = {
  fromConfigMap: 'configMap',
  fromSecret: 'secret',
  fromPersistentVolumeClaim: 'claim',
};

/** Options of a ServiceAccount token in a projected volume. */
export interface ServiceAccountTokenOptions {
  /** Who the token is for, which its reader checks, e.g. 'vault' or an external identity provider. @default - the API server's own audience */
  readonly audience?: string;
  /** How long the token is valid, 10 minutes or more; the kubelet renews it at 80% of that. @default - an hour */
  readonly expiration?: Duration;
}

/** Options of a ConfigMap's or Secret's keys in a projected volume. */
export type ProjectedKeysOptions = Omit<ProjectedFilesOptions, 'name'>;

/** The shortest life of a projected token the API server takes: 10 minutes. */
const MIN_TOKEN_EXPIRATION_SECONDS = 600;
/** The longest: 2^32 seconds. */
const MAX_TOKEN_EXPIRATION_SECONDS = 2 ** 32;

/** Whether a file path of a volume stays inside it: relative, not empty, without a ".." element. */
function isInsideVolume(path: unknown): boolean {
  return typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..');
}

/**
 * One source of a projected volume, which gathers several into one directory: a ServiceAccount token for an audience,
 * a ConfigMap's or Secret's keys, or fields of the pod.
 */
export class ProjectedSource {
  /**
   * A token of the pod's ServiceAccount, bound to the pod and to `audience`, written to `path` and renewed by the
   * kubelet before it expires: e.g. for Vault's Kubernetes auth method, or a cloud's workload identity.
   */
  public static serviceAccountToken(path: string, options: ServiceAccountTokenOptions = {}): ProjectedSource {
    const expiration = options?.expiration;
    return new ProjectedSource(
      'serviceAccountToken',
      {
        serviceAccountToken: {
          path,
          audience: options?.audience,
          expirationSeconds: expiration instanceof Duration ? expiration.toSeconds({ integral: false }) : undefined,
        },
      },
      [path],
      (scope, where) => {
        checkShape(scope, `${where} options`, options, {
          audience: is.text,
          expiration: is.instance(Duration, 'Duration.hours(1)'),
        });
        const seconds = expiration?.toSeconds({ integral: false });
        if (
          seconds !== undefined &&
          (!Number.isInteger(seconds) ||
            seconds < MIN_TOKEN_EXPIRATION_SECONDS ||
            seconds > MAX_TOKEN_EXPIRATION_SECONDS)
        ) {
          fail(
            scope,
            `${where} expiration must be whole seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} (10 minutes) to ` +
              `${MAX_TOKEN_EXPIRATION_SECONDS}, got ${seconds}; e.g. Duration.hours(1), which the kubelet renews at ` +
              '80% of its life',
          );
        }
      },
    );
  }

  /** Keys of a ConfigMap, each a file (only `items`, at the paths given, when given). */
  public static configMap(configMap: kplus.IConfigMap, options: ProjectedKeysOptions = {}): ProjectedSource {
    return ProjectedSource.keysOf('configMap', configMap, options);
  }

  /** Keys of a Secret, each a file (only `items`, at the paths given, when given). */
  public static secret(secret: kplus.ISecret, options: ProjectedKeysOptions = {}): ProjectedSource {
    return ProjectedSource.keysOf('secret', secret, options);
  }

  /** Fields of the pod as files, by file path, as `Volume.fromDownwardApi` writes them. */
  public static downwardApi(files: Readonly<Record<string, PodField>>): ProjectedSource {
    const entries = isPlainObject(files) ? Object.entries(files) : [];
    return new ProjectedSource(
      'downwardApi',
      { downwardApi: { items: entries.map(([path, fieldPath]) => ({ path, fieldRef: { fieldPath } })) } },
      entries.map(([path]) => path),
      (scope, where) => {
        is.mapOf(is.oneOf(Object.values(PodField)))(scope, `${where} files`, files);
        if (entries.length === 0) {
          fail(scope, `${where} needs at least one file, e.g. { labels: PodField.LABELS }`);
        }
      },
    );
  }

  private static keysOf(
    factory: 'configMap' | 'secret',
    source: { readonly name: string } | undefined,
    options: ProjectedKeysOptions,
  ): ProjectedSource {
    const items = toItems(options?.items);
    return new ProjectedSource(
      factory,
      { [factory]: { name: source?.name, items, optional: options?.optional } },
      (items ?? []).map((item) => item.path),
      (scope, where) => {
        is.named(scope, `${where} ${factory}`, source);
        checkShape(scope, `${where} options`, options, { items: is.textMap, optional: is.bool });
      },
    );
  }

  private constructor(
    /** The factory that made it, as a message names it, e.g. "serviceAccountToken". */
    public readonly factory: string,
    private readonly projection: k8s.VolumeProjection,
    /** The files it writes that are known before the pod runs (not a ConfigMap's keys without `items`). */
    public readonly paths: readonly unknown[],
    private readonly checkGiven: (scope: IConstruct, where: string) => void,
  ) {}

  /** Refuses what the factory was given that Kubernetes would not take, at `field` of the pod. */
  public check(scope: IConstruct, field: string): void {
    const where = `${field} (ProjectedSource.${this.factory})`;
    this.checkGiven(scope, where);
    for (const path of this.paths) {
      if (!isInsideVolume(path)) {
        fail(scope, `${where} path must be relative and without a ".." element, got ${describeGiven(path)}`);
      }
    }
  }

  /** The source as the projected volume lists it. */
  public toKube(): k8s.VolumeProjection {
    return this.projection;
  }
}

/** What a factory was given, as JavaScript may give it, and the shapes it must have. */
interface VolumeArguments {
  /** The factory, e.g. "fromEmptyDir". */
  readonly factory: string;
  /** The object it projects or mounts (a ConfigMap, Secret or claim), when it takes one. */
  readonly source?: unknown;
  readonly options: unknown;
  readonly optionsShape: Readonly<Record<string, PropCheck>>;
  /** What else the factory's arguments must be, checked with the volume's path. */
  readonly check?: (scope: IConstruct, where: string) => void;
}

/** A volume of a pod. Containers mount it through `ContainerProps.mounts`; the pod lists it once. */
export class Volume {
  /** A ConfigMap, each key a file. */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: ProjectedFilesOptions = {}): Volume {
    return new Volume(
      options?.name ?? `configmap-${configMap?.name}`,
      { configMap: { name: configMap?.name, items: toItems(options?.items), optional: options?.optional } },
      {
        factory: 'fromConfigMap',
        source: configMap,
        options,
        optionsShape: PROJECTED_FILES_SHAPE,
        check: (scope, where) => checkItemPaths(scope, where, options?.items),
      },
    );
  }

  /** A Secret, each key a read-only file (mode 0444: the pod's non-root user must read it without an fsGroup). */
  public static fromSecret(secret: kplus.ISecret, options: ProjectedFilesOptions = {}): Volume {
    return new Volume(
      options?.name ?? `secret-${secret?.name}`,
      {
        secret: {
          secretName: secret?.name,
          items: toItems(options?.items),
          optional: options?.optional,
          defaultMode: 0o444,
        },
      },
      {
        factory: 'fromSecret',
        source: secret,
        options,
        optionsShape: PROJECTED_FILES_SHAPE,
        check: (scope, where) => checkItemPaths(scope, where, options?.items),
      },
    );
  }

  /** A scratch directory that lives as long as the pod, e.g. for paths an app writes under a read-only root. */
  public static fromEmptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    return new Volume(
      name,
      {
        emptyDir: {
          medium: options?.memory ? 'Memory' : undefined,
          sizeLimit: options?.sizeLimit instanceof Size ? quantity(options.sizeLimit) : undefined,
        },
      },
      { factory: 'fromEmptyDir', options, optionsShape: EMPTY_DIR_SHAPE },
    );
  }

  /** A PersistentVolumeClaim in the pod's namespace. */
  public static fromPersistentVolumeClaim(claim: IClaim, options: { readonly name?: string } = {}): Volume {
    return new Volume(
      options?.name ?? `pvc-${claim?.name}`,
      { persistentVolumeClaim: { claimName: claim?.name } },
      { factory: 'fromPersistentVolumeClaim', source: claim, options, optionsShape: { name: is.text } },
    );
  }

  /**
   * A file or directory of the node (for a node agent, e.g. a DaemonSet's log shipper reading /var/log). The policy
   * rule `host-access` refuses it unless the workload is exempted (`exemptFromPolicy(workload, { rules:
   * ['host-access'], ... })`), so that using the node's files is a choice written down; mount it read-only when the
   * agent only reads.
   */
  public static fromHostPath(path: string, options: HostPathOptions = {}): Volume {
    const words = String(path)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    return new Volume(
      options?.name ?? `host-${words || 'root'}`.slice(0, 63).replace(/-+$/, ''),
      { hostPath: { path, type: options?.type ?? HostPathType.DIRECTORY } },
      {
        factory: 'fromHostPath',
        options,
        optionsShape: { name: is.text, type: is.oneOf(Object.values(HostPathType)) },
        check: (scope, where) => {
          if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..')) {
            fail(scope, `${where} path must be absolute and without a ".." element, got ${describeGiven(path)}`);
          }
        },
      },
    );
  }

  /**
   * Fields of the pod as files, by file path: e.g. `{ labels: PodField.LABELS }` writes the pod's labels to `labels`
   * in the volume, which the kubelet rewrites when they change (an env var would keep the value it started with).
   */
  public static fromDownwardApi(name: string, files: Readonly<Record<string, PodField>>): Volume {
    const entries = isPlainObject(files) ? Object.entries(files) : [];
    return new Volume(
      name,
      { downwardApi: { items: entries.map(([path, fieldPath]) => ({ path, fieldRef: { fieldPath } })) } },
      {
        factory: 'fromDownwardApi',
        options: undefined,
        optionsShape: {},
        check: (scope, where) => {
          is.mapOf(is.oneOf(Object.values(PodField)))(scope, `${where} files`, files);
          if (entries.length === 0) {
            fail(scope, `${where} needs at least one file, e.g. { labels: PodField.LABELS }`);
          }
          for (const [file] of entries) {
            if (file === '' || file.startsWith('/') || file.split('/').includes('..')) {
              fail(scope, `${where} file path must be relative and without a ".." element, got "${file}"`);
            }
          }
        },
      },
    );
  }

  /**
   * Several sources in one directory: e.g. a ServiceAccount token for Vault beside the settings it reads, each file
   * read-only to the pod's user (mode 0444, as `fromSecret`). Two sources may not write the same file.
   */
  public static fromProjected(name: string, sources: readonly ProjectedSource[]): Volume {
    const given: readonly unknown[] = Array.isArray(sources) ? sources : [];
    return new Volume(
      name,
      {
        projected: {
          defaultMode: 0o444,
          sources: given.map((source) => (source instanceof ProjectedSource ? source.toKube() : {})),
        },
      },
      {
        factory: 'fromProjected',
        options: undefined,
        optionsShape: {},
        check: (scope, where) => {
          const list = checkList(scope, `${where} sources`, sources, "[ProjectedSource.serviceAccountToken('token')]");
          if (list.length === 0) {
            fail(
              scope,
              `${where} needs at least one source, e.g. [ProjectedSource.serviceAccountToken('token', { audience: 'vault' })]`,
            );
          }
          const writers = new Map<unknown, number>();
          list.forEach((item, index) => {
            const at = `${where} sources[${index}]`;
            const source = checkInstance(
              scope,
              at,
              item,
              ProjectedSource,
              "ProjectedSource.serviceAccountToken('token')",
            );
            source.check(scope, at);
            for (const path of source.paths) {
              const first = writers.get(path);
              if (first !== undefined) {
                fail(
                  scope,
                  `${at} (ProjectedSource.${source.factory}) writes ${describeValue(path)}, which sources[${first}] ` +
                    'writes too; give each file a path of its own',
                );
              }
              writers.set(path, index);
            }
          });
        },
      },
    );
  }

  private constructor(
    /** The volume's name in the pod. */
    public readonly name: string,
    private readonly source: Omit<k8s.Volume, 'name'>,
    private readonly given?: VolumeArguments,
  ) {}

  /**
   * Refuses what the factory was given that Kubernetes would not take (a factory has no construct path to name): the
   * pod that lists the volume calls it with its own path, e.g. `containers[0].mounts[1].volume`.
   */
  public check(scope: IConstruct, field: string): void {
    if (this.given === undefined) {
      return;
    }
    const { factory, source, options, optionsShape, check } = this.given;
    const where = `${field} (Volume.${factory})`;
    check?.(scope, where);
    if (source !== undefined || SOURCES[factory] !== undefined) {
      is.named(scope, `${where} ${SOURCES[factory] ?? 'source'}`, source);
    }
    if (options !== undefined) {
      checkShape(scope, `${where} options`, options, optionsShape);
    }
    checkDnsLabel(scope, `${where} name`, this.name);
  }

  /** The volume as it appears in the pod spec. */
  public toKube(): k8s.Volume {
    return { name: this.name, ...this.source };
  }
}

/**
 * The file paths of a ConfigMap's or Secret's items inside the volume, as the API server requires: relative, not
 * empty, without "..". A path of another type is left to the options' shape.
 */
function checkItemPaths(scope: IConstruct, where: string, items: unknown): void {
  if (!isPlainObject(items)) {
    return;
  }
  for (const [key, path] of Object.entries(items)) {
    if (typeof path === 'string' && !isInsideVolume(path)) {
      fail(
        scope,
        `${where} options.items["${key}"] must be a relative path without a ".." element, got ${describeGiven(path)}; ` +
          `e.g. "${key}"`,
      );
    }
  }
}

function toItems(items?: Readonly<Record<string, string>>): k8s.KeyToPath[] | undefined {
  if (items === undefined || items === null || typeof items !== 'object') {
    return undefined;
  }
  return Object.entries(items).map(([key, path]) => ({ key, path }));
}
