import data from './kinds.json';

/** Where objects of a kind live, in the words of a CustomResourceDefinition's `scope`. */
export type Scope = 'Cluster' | 'Namespaced';

/**
 * The rule a kind's `metadata.name` follows: a DNS-1123 label (at most 63 characters, no dots), a DNS-1123 subdomain
 * (at most 253, dots allowed), or a path segment (anything but `/`, `%`, `.` and `..`, as RBAC objects).
 */
export type NameRule = 'dns-label' | 'dns-subdomain' | 'path-segment';

/** How a workload's pods run: for good (restartPolicy Always), or until they complete (Never or OnFailure). */
export type WorkloadType = 'long-running' | 'run-to-completion';

/** What the project knows about one kind. In kinds.json, every field but the first four is optional. */
export interface KindInfo {
  /** The kind, as in `kind:`. */
  readonly kind: string;
  /** The API versions that serve it, the one the project writes first. */
  readonly apiVersions: readonly string[];
  /** The API group (`''` for the core group), from the apiVersions. */
  readonly group: string;
  /** The plural resource name, as kubectl and RBAC rules name it (`priorityclasses`). */
  readonly resource: string;
  /** Whether objects of the kind live in a namespace. */
  readonly scope: Scope;
  /**
   * Where it goes among the objects of a file, after Helm's install order: what others refer to comes first, so that
   * `kubectl apply -f` on an empty cluster works in one pass. @default - after every ranked kind
   */
  readonly installRank?: number;
  /** The path to its pod template (`metadata` and `spec`); `[]` for a Pod itself. @default - it runs no pods */
  readonly podTemplate?: readonly string[];
  /** Whether a change of its pod template replaces its pods (a Job's template cannot change). @default false */
  readonly rollsPods: boolean;
  /** How its pods run. @default - it is not a workload of that sort (a Pod, a PodTemplate) */
  readonly workload?: WorkloadType;
  /** Whether it keeps a number of copies of its pods in `spec.replicas`. @default false */
  readonly replicas: boolean;
  /** Whether the writer suffixes its name with a hash of its content, references following. @default false */
  readonly contentHashed: boolean;
  /** Whether it binds a Role or ClusterRole to subjects. @default false */
  readonly bindsRole: boolean;
  /** The rule its name follows. @default 'dns-subdomain' */
  readonly nameRule: NameRule;
  /** The longest name the kind takes. @default 63 for a DNS label, else 253 */
  readonly maxNameLength: number;
}

const SCOPES: readonly string[] = ['Cluster', 'Namespaced'];
const NAME_RULES: readonly string[] = ['dns-label', 'dns-subdomain', 'path-segment'];
const WORKLOAD_TYPES: readonly string[] = ['long-running', 'run-to-completion'];

/** An entry of kinds.json as written, before its defaults are filled in and its fields checked. */
export type RawKind = Pick<KindInfo, 'kind' | 'apiVersions' | 'resource'> & Partial<Record<keyof KindInfo, unknown>>;

/** The API group of an apiVersion: `''` for the core group (`v1`), `apps` for `apps/v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Fills in an entry's defaults and refuses one that does not follow the schema, naming the kind and the field. */
function describe(raw: RawKind): KindInfo {
  const problem = (field: string, value: unknown, allowed: string): Error =>
    new Error(`lib/kinds/kinds.json: ${raw.kind}: ${field} must be ${allowed}, got ${JSON.stringify(value)}`);
  if (!SCOPES.includes(raw.scope as string)) {
    throw problem('scope', raw.scope, SCOPES.join(' or '));
  }
  if (raw.apiVersions.length === 0) {
    throw problem('apiVersions', raw.apiVersions, 'at least one version');
  }
  const groups = new Set(raw.apiVersions.map(groupOf));
  if (groups.size !== 1) {
    throw problem('apiVersions', raw.apiVersions, 'versions of one API group');
  }
  const nameRule = (raw.nameRule ?? 'dns-subdomain') as NameRule;
  if (!NAME_RULES.includes(nameRule)) {
    throw problem('nameRule', raw.nameRule, NAME_RULES.join(', '));
  }
  if (raw.workload !== undefined && !WORKLOAD_TYPES.includes(raw.workload as string)) {
    throw problem('workload', raw.workload, WORKLOAD_TYPES.join(' or '));
  }
  if (raw.rollsPods === true && raw.podTemplate === undefined) {
    throw problem('rollsPods', raw.rollsPods, 'left out for a kind without a pod template');
  }
  return {
    kind: raw.kind,
    apiVersions: raw.apiVersions,
    group: [...groups][0],
    resource: raw.resource,
    scope: raw.scope as Scope,
    installRank: raw.installRank as number | undefined,
    podTemplate: raw.podTemplate as readonly string[] | undefined,
    rollsPods: raw.rollsPods === true,
    workload: raw.workload as WorkloadType | undefined,
    replicas: raw.replicas === true,
    contentHashed: raw.contentHashed === true,
    bindsRole: raw.bindsRole === true,
    nameRule,
    maxNameLength: (raw.maxNameLength as number | undefined) ?? (nameRule === 'dns-label' ? 63 : 253),
  };
}

/** The kinds of kinds.json, defaults filled in; fails on an entry that breaks the schema or a kind described twice. */
export function parseKinds(entries: readonly RawKind[]): KindInfo[] {
  const kinds = entries.map(describe);
  const repeated = kinds.filter((info, index) => kinds.findIndex((other) => other.kind === info.kind) !== index);
  if (repeated.length > 0) {
    throw new Error(`lib/kinds/kinds.json: ${repeated[0].kind} is described twice; keep one entry`);
  }
  return kinds;
}

/** Every kind the project may write, in the order of kinds.json. */
export const KINDS: readonly KindInfo[] = parseKinds(data.kinds satisfies RawKind[]);

const BY_KIND = new Map(KINDS.map((info) => [info.kind, info]));

/** What the project knows about a kind; undefined for a kind it does not describe. */
export function kindInfo(kind: string): KindInfo | undefined {
  return BY_KIND.get(kind);
}

/** Whether objects of this kind live outside namespaces (false for a kind the module does not describe). */
export function isClusterScoped(kind: string): boolean {
  return BY_KIND.get(kind)?.scope === 'Cluster';
}

/** The number of ranks: the rank of every kind without one, which goes last. */
const LAST_RANK = Math.max(...KINDS.map((info) => info.installRank ?? 0)) + 1;

/** The position of a kind in the install order; kinds without a rank, and unknown kinds, go last. */
export function installRank(kind: string): number {
  return BY_KIND.get(kind)?.installRank ?? LAST_RANK;
}

/** The path to a kind's pod template (`[]` for a Pod), or undefined for a kind that runs no pods. */
export function podTemplatePath(kind: string): readonly string[] | undefined {
  return BY_KIND.get(kind)?.podTemplate;
}

/**
 * The pod template of an object (`metadata` and `spec`), the object itself for a Pod; undefined for objects that run
 * no pods and workloads written without one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function podTemplateIn(manifest: { readonly kind: string }): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return podTemplatePath(manifest.kind)?.reduce<any>((value, key) => value?.[key], manifest);
}

/** The boolean and optional fields of KindInfo, which `kindsWith` can test by name. */
export type KindTrait =
  'podTemplate' | 'rollsPods' | 'workload' | 'replicas' | 'contentHashed' | 'bindsRole' | 'installRank';

/**
 * The kinds, in the order of kinds.json, that have a trait (`kindsWith('rollsPods')`, `kindsWith('podTemplate')`) or
 * pass a test (`kindsWith((info) => info.workload === 'run-to-completion')`).
 */
export function kindsWith(test: KindTrait | ((info: KindInfo) => boolean)): string[] {
  const passes =
    typeof test === 'function' ? test : (info: KindInfo) => info[test] !== undefined && info[test] !== false;
  return KINDS.filter(passes).map((info) => info.kind);
}

/** `resource.group` (or `resource` for the core group), the name kubectl takes for a kind in any version. */
export function qualifiedResource(info: KindInfo): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`;
}
