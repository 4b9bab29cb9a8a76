import { compareReleases } from '../config/kubernetes-version';
import { parseQuantity } from '../checks/value-rules';
import { FieldChange, Pattern, sameValue, startsWith, valueAt } from './field-diff';
import { describeId, Json, kubectlTarget, ObjectId } from './identity';

/** One object as the base has it and as the working tree writes it, with the fields that differ. */
export interface ObjectChange {
  readonly id: ObjectId;
  readonly before: Json;
  readonly after: Json;
  readonly changes: readonly FieldChange[];
  /** The Kubernetes release the environment runs (`major.minor`). */
  readonly release: string;
  /** An object of the working tree's output of the same environment, by kind and name (a claim's StorageClass). */
  readonly find: (kind: string, name: string, namespace?: string) => Json | undefined;
}

/** The words of the API server's answer from a release on. */
export interface ServerWords {
  readonly since: string;
  readonly words: string;
}

/** The words of the same answer in 1.27, then in 1.37. */
function words(old: string, newer?: string): ServerWords[] {
  return newer === undefined
    ? [{ since: '1.27', words: old }]
    : [
        { since: '1.27', words: old },
        { since: '1.37', words: newer },
      ];
}

/** A row of the table: a field the API server does not let an update change, and what to do instead. */
export interface ImmutableRule {
  /** A short id, e.g. `deployment-selector`. */
  readonly id: string;
  readonly kinds: readonly string[];
  /** The field, as the API server names it in its answer. */
  readonly field: string;
  /**
   * What the API server answers (its validation's text, `...` for the values), from the release where it is first
   * seen, oldest first: the words changed when the validation became declarative. Known for 1.27 and 1.37, the two
   * releases test/e2e runs against; a release between them gets the older words.
   */
  readonly server: readonly ServerWords[];
  /** How to make the change anyway; `<object>` and `<target>` (kubectl's arguments) are filled in. */
  readonly fix: string;
  /** What the fix loses. */
  readonly lost: string;
  /** The changed fields of the object that the server refuses (none: the rule does not apply). */
  readonly refused: (change: ObjectChange) => readonly FieldChange[];
}

/** The changes under `prefix`; `defaults` (by dotted path) are what the server fills in for an absent field. */
function under(prefix: Pattern, defaults: Readonly<Record<string, unknown>> = {}) {
  return ({ changes }: ObjectChange): FieldChange[] =>
    changes.filter((change) => startsWith(change.path, prefix) && !sameAfterDefaults(change, defaults));
}

function sameAfterDefaults(change: FieldChange, defaults: Readonly<Record<string, unknown>>): boolean {
  const fallback = defaults[change.path.join('.')];
  return fallback !== undefined && sameValue(change.before ?? fallback, change.after ?? fallback);
}

/** The changes under `prefix` except those under the `allowed` ones (each allowed from a release on, or always). */
function allExcept(
  prefix: Pattern,
  allowed: readonly (Pattern | { readonly pattern: Pattern; readonly since: string })[],
  defaults: Readonly<Record<string, unknown>> = {},
) {
  return (change: ObjectChange): FieldChange[] => {
    const open = allowed.flatMap((entry) =>
      'since' in entry ? (compareReleases(change.release, entry.since) >= 0 ? [entry.pattern] : []) : [entry],
    );
    return under(prefix, defaults)(change).filter((field) => !open.some((pattern) => startsWith(field.path, pattern)));
  };
}

const STORAGE: Pattern = ['spec', 'resources', 'requests', 'storage'];

/** The claim's storage request on each side, when both are quantities. */
function storageSizes({ before, after }: ObjectChange): [number, number] | undefined {
  const old = parseQuantity(valueAt(before, STORAGE));
  const next = parseQuantity(valueAt(after, STORAGE));
  return old === undefined || next === undefined ? undefined : [old, next];
}

function storageChange(change: ObjectChange): FieldChange[] {
  return change.changes.filter((field) => startsWith(field.path, STORAGE));
}

/** Whether the claim's StorageClass, written by this environment, allows volume expansion. */
function expandable(change: ObjectChange): boolean {
  const className = change.after?.spec?.storageClassName;
  return typeof className === 'string' && change.find('StorageClass', className)?.allowVolumeExpansion === true;
}

const JOB_FIX = 'rename it (a new Job runs again), or delete it first, then apply: `kubectl delete <target>`';
const JOB_LOST = 'the finished run: its pods and their logs';
/** What the template of a suspended Job that never started may change. */
const SUSPENDED_JOB_FIELDS: readonly Pattern[] = [
  ['spec', 'template', 'metadata', 'labels'],
  ['spec', 'template', 'metadata', 'annotations'],
  ['spec', 'template', 'spec', 'nodeSelector'],
  ['spec', 'template', 'spec', 'tolerations'],
  ['spec', 'template', 'spec', 'affinity'],
  ['spec', 'template', 'spec', 'schedulingGates'],
];
const STORAGE_CLASS_FIX =
  'delete it first (`kubectl delete <target>`), then apply; its volumes keep running and keep its name';
const STORAGE_CLASS_LOST = 'nothing stored; claims made between the delete and the apply find no class';

const ROLLING_UPDATE_FIX =
  'remove the default first, in one patch with the new type: `kubectl patch <target> --type=json -p ' +
  '\'[{"op":"remove","path":"/spec/<field>/rollingUpdate"},{"op":"replace","path":"/spec/<field>/type","value":"<type>"}]\'`, ' +
  'then apply';

/**
 * A strategy whose type leaves RollingUpdate: the server filled in `rollingUpdate` when the object was made, no field
 * manager owns it, so an apply that changes only the type keeps it, and validation refuses the pair. A base that wrote
 * `rollingUpdate` itself owns it, and the apply removes it.
 */
function leftoverRollingUpdate(field: 'strategy' | 'updateStrategy') {
  return (change: ObjectChange): FieldChange[] => {
    const before = change.before?.spec?.[field];
    const after = change.after?.spec?.[field];
    const leaves = (after?.type ?? 'RollingUpdate') !== 'RollingUpdate';
    const kept = (before?.type ?? 'RollingUpdate') === 'RollingUpdate' && before?.rollingUpdate === undefined;
    return leaves && (kept || after?.rollingUpdate !== undefined)
      ? change.changes.filter((found) => startsWith(found.path, ['spec', field]))
      : [];
  };
}

const SERVICE_WORKLOAD_FIX =
  'rename it (a new construct id: the new object is created beside the old one, which `npm run apply` prunes), or ' +
  'delete it first, then apply: `kubectl delete <target>`';

/**
 * The fields the API server refuses to change in an update, from its validation (pkg/apis/<group>/validation,
 * `Validate<Kind>Update`) and admission; test/e2e/immutable-fields.test.ts applies each row's change to a real API
 * server and checks that it refuses exactly these.
 */
export const IMMUTABLE_RULES: readonly ImmutableRule[] = [
  {
    id: 'workload-selector',
    kinds: ['Deployment', 'ReplicaSet', 'DaemonSet'],
    field: 'spec.selector',
    server: words('spec.selector: Invalid value: ...: field is immutable'),
    fix: SERVICE_WORKLOAD_FIX,
    lost: 'its pods: deleted first, none run until the new ones are ready; renamed, both run until the prune',
    refused: under(['spec', 'selector']),
  },
  {
    id: 'deployment-strategy',
    kinds: ['Deployment'],
    field: 'spec.strategy.rollingUpdate (kept from the server default when the type changes)',
    server: words("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"),
    fix: ROLLING_UPDATE_FIX.replace('<field>', 'strategy'),
    lost: 'nothing',
    refused: leftoverRollingUpdate('strategy'),
  },
  {
    id: 'statefulset-update-strategy',
    kinds: ['StatefulSet'],
    field: 'spec.updateStrategy.rollingUpdate (kept from the server default when the type changes)',
    server: words(
      "spec.updateStrategy.rollingUpdate: Invalid value: ...: only allowed for updateStrategy 'RollingUpdate'",
    ),
    fix: ROLLING_UPDATE_FIX.replace('<field>', 'updateStrategy'),
    lost: 'nothing',
    refused: leftoverRollingUpdate('updateStrategy'),
  },
  {
    id: 'statefulset-spec',
    kinds: ['StatefulSet'],
    field: 'spec (selector, serviceName, podManagementPolicy, volumeClaimTemplates, ...)',
    server: words(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', ... are forbidden",
      'spec.<field>: Invalid value: ...: field is immutable',
    ),
    fix:
      'delete it and leave its pods and claims: `kubectl delete <target> --cascade=orphan`, then apply: the new ' +
      'StatefulSet adopts the pods and keeps the claims it finds (new volumeClaimTemplates apply to new claims only)',
    lost: 'nothing with --cascade=orphan; renaming it instead starts over with new, empty claims',
    refused: allExcept(
      ['spec'],
      [
        ['spec', 'replicas'],
        ['spec', 'ordinals'],
        ['spec', 'template'],
        ['spec', 'updateStrategy'],
        ['spec', 'persistentVolumeClaimRetentionPolicy'],
        ['spec', 'minReadySeconds'],
        { pattern: ['spec', 'revisionHistoryLimit'], since: '1.33' },
      ],
      { 'spec.podManagementPolicy': 'OrderedReady', 'spec.revisionHistoryLimit': 10 },
    ),
  },
  {
    id: 'job-selector',
    kinds: ['Job'],
    field: 'spec.selector',
    server: words('spec.selector: Invalid value: ...: field is immutable'),
    fix: JOB_FIX,
    lost: JOB_LOST,
    refused: under(['spec', 'selector']),
  },
  {
    id: 'job-template',
    kinds: ['Job'],
    field:
      'spec.template (a suspended Job that never ran: all but its labels, annotations, nodeSelector, tolerations, affinity)',
    server: words(
      'spec.template: Invalid value: ...: field is immutable',
      'spec.template.<field>: Invalid value: ...: field is immutable',
    ),
    fix: JOB_FIX,
    lost: JOB_LOST,
    // A Job created suspended that never ran may change where and with which labels its pods will run (1.27 GA).
    refused: (change) =>
      under(['spec', 'template'])(change).filter(
        (field) =>
          !(change.before?.spec?.suspend === true && SUSPENDED_JOB_FIELDS.some((path) => startsWith(field.path, path))),
      ),
  },
  {
    id: 'job-completion-mode',
    kinds: ['Job'],
    field: 'spec.completionMode',
    server: words('spec.completionMode: Invalid value: ...: field is immutable'),
    fix: JOB_FIX,
    lost: JOB_LOST,
    refused: under(['spec', 'completionMode'], { 'spec.completionMode': 'NonIndexed' }),
  },
  {
    id: 'claim-spec',
    kinds: ['PersistentVolumeClaim'],
    field: 'spec (all but resources.requests.storage)',
    server: words('spec: Forbidden: spec is immutable after creation except resources.requests...'),
    fix:
      'make a new claim (rename it), copy the data over, then delete the old one; or delete the claim first ' +
      '(`kubectl delete <target>`) and apply',
    lost: "the claim's data when its volume's reclaim policy is Delete (Retain keeps the volume, Released)",
    refused: allExcept(['spec'], [STORAGE], { 'spec.volumeMode': 'Filesystem' }),
  },
  {
    id: 'claim-shrink',
    kinds: ['PersistentVolumeClaim'],
    field: 'spec.resources.requests.storage',
    server: words(
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
      'spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    ),
    fix: 'keep the size; to use less, make a new, smaller claim (rename it) and copy the data over',
    lost: 'nothing if the size stays; a new claim starts empty',
    refused: (change) => {
      const sizes = storageSizes(change);
      return sizes !== undefined && sizes[1] < sizes[0] ? storageChange(change) : [];
    },
  },
  {
    id: 'claim-expansion',
    kinds: ['PersistentVolumeClaim'],
    field: 'spec.resources.requests.storage',
    server: words(
      'persistentvolumeclaims "..." is forbidden: only dynamically provisioned pvc can be resized and the ' +
        'storageclass that provisions the pvc must support resize',
    ),
    fix:
      "set allowVolumeExpansion: true on the claim's StorageClass (a field that may change), then grow the claim; " +
      'an unbound claim cannot grow at all (spec is immutable after creation except resources.requests for bound claims)',
    lost: 'nothing',
    refused: (change) => {
      const sizes = storageSizes(change);
      return sizes !== undefined && sizes[1] > sizes[0] && !expandable(change) ? storageChange(change) : [];
    },
  },
  {
    id: 'volume-source',
    kinds: ['PersistentVolume'],
    field: 'spec.persistentvolumesource (hostPath, local, nfs, csi, ...), spec.volumeMode',
    server: words('spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation...'),
    fix:
      'make a new PersistentVolume (rename it) for the new source, or delete it first (`kubectl delete <target>`) ' +
      'and apply; a claim bound to it must be bound again',
    lost: 'the binding of its claim; what the old source holds stays there, unused',
    refused: allExcept(
      ['spec'],
      [
        ['spec', 'capacity'],
        ['spec', 'accessModes'],
        ['spec', 'claimRef'],
        ['spec', 'persistentVolumeReclaimPolicy'],
        ['spec', 'storageClassName'],
        ['spec', 'mountOptions'],
        ['spec', 'nodeAffinity'],
        ['spec', 'volumeAttributesClassName'],
      ],
      { 'spec.volumeMode': 'Filesystem' },
    ),
  },
  {
    id: 'storage-class-provisioner',
    kinds: ['StorageClass'],
    field: 'provisioner',
    server: words(
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'provisioner: Invalid value: ...: field is immutable',
    ),
    fix: STORAGE_CLASS_FIX,
    lost: STORAGE_CLASS_LOST,
    refused: under(['provisioner']),
  },
  {
    id: 'storage-class-parameters',
    kinds: ['StorageClass'],
    field: 'parameters',
    server: words(
      'parameters: Forbidden: updates to parameters are forbidden.',
      'parameters: Invalid value: ...: field is immutable',
    ),
    fix: STORAGE_CLASS_FIX,
    lost: STORAGE_CLASS_LOST,
    refused: under(['parameters']),
  },
  {
    id: 'storage-class-reclaim-policy',
    kinds: ['StorageClass'],
    field: 'reclaimPolicy',
    server: words(
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'reclaimPolicy: Invalid value: ...: field is immutable',
    ),
    fix: STORAGE_CLASS_FIX,
    lost: STORAGE_CLASS_LOST,
    refused: under(['reclaimPolicy'], { reclaimPolicy: 'Delete' }),
  },
  {
    id: 'storage-class-binding-mode',
    kinds: ['StorageClass'],
    field: 'volumeBindingMode',
    server: words('volumeBindingMode: Invalid value: ...: field is immutable'),
    fix: STORAGE_CLASS_FIX,
    lost: STORAGE_CLASS_LOST,
    refused: under(['volumeBindingMode'], { volumeBindingMode: 'Immediate' }),
  },
  {
    id: 'binding-role-ref',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    field: 'roleRef',
    server: words(
      'roleRef: Invalid value: ...: cannot change roleRef',
      'roleRef: Invalid value: ...: field is immutable',
    ),
    fix: 'rename the binding (the new one is created, the old one pruned), or delete it first: `kubectl delete <target>`',
    lost: "the subjects' permissions, between the delete and the apply",
    refused: under(['roleRef']),
  },
  {
    id: 'service-cluster-ip',
    kinds: ['Service'],
    field: 'spec.clusterIP',
    server: words('spec.clusterIPs[0]: Invalid value: ...: may not change once set'),
    fix: 'delete it first (`kubectl delete <target>`), then apply; the Service gets the new address',
    lost: 'its address: clients that hold the old one fail until they look the name up again',
    // Leaving the field out keeps the allocated address; writing one that differs from it is refused.
    refused: (change) =>
      [...under(['spec', 'clusterIP'])(change), ...under(['spec', 'clusterIPs'])(change)].filter(
        (field) => field.after !== undefined,
      ),
  },
  {
    id: 'immutable-data',
    kinds: ['ConfigMap', 'Secret'],
    field: 'data, binaryData, immutable (once immutable: true)',
    server: words('data: Forbidden: field is immutable when `immutable` is set'),
    fix:
      'let the writer give it a new name with its content (remove k8s-course.io/name-suffix-hash: "false"), or ' +
      'delete it first (`kubectl delete <target>`) and apply',
    lost: 'nothing; pods that read it see the new content only once restarted',
    refused: (change) =>
      change.before?.immutable === true
        ? [
            ...under(['data'])(change),
            ...under(['binaryData'])(change),
            ...under(['stringData'])(change),
            ...under(['immutable'])(change),
          ]
        : [],
  },
  {
    id: 'secret-type',
    kinds: ['Secret'],
    field: 'type',
    server: words('type: Invalid value: ...: field is immutable'),
    fix: 'rename it, or delete it first (`kubectl delete <target>`) and apply',
    lost: 'nothing; pods that use it see the new Secret only once restarted',
    refused: under(['type'], { type: 'Opaque' }),
  },
  {
    id: 'pod-spec',
    kinds: ['Pod'],
    field: 'spec (all but containers[*].image, initContainers[*].image, activeDeadlineSeconds, added tolerations)',
    server: words('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`...'),
    fix: 'delete it first (`kubectl delete <target>`), then apply; better, run it under a Deployment, which rolls',
    lost: 'its containers and what they hold in memory and emptyDir volumes',
    refused: (change) =>
      allExcept(
        ['spec'],
        [
          ['spec', 'containers', '*', 'image'],
          ['spec', 'initContainers', '*', 'image'],
          ['spec', 'activeDeadlineSeconds'],
        ],
      )(change).filter((field) => !(startsWith(field.path, ['spec', 'tolerations']) && field.before === undefined)),
  },
];

/** A change the API server will refuse: the rule, the fields, and the fix with the object's names filled in. */
export interface Refusal {
  readonly rule: ImmutableRule;
  /** What the API server of the environment's release answers. */
  readonly server: string;
  readonly fields: readonly FieldChange[];
  readonly fix: string;
}

/** The refusals of one changed object, by the rows of the table in order. */
export function refusalsOf(change: ObjectChange): Refusal[] {
  return IMMUTABLE_RULES.filter((rule) => rule.kinds.includes(change.id.kind)).flatMap((rule) => {
    const fields = rule.refused(change);
    if (fields.length === 0) {
      return [];
    }
    const strategy = change.after?.spec?.strategy?.type ?? change.after?.spec?.updateStrategy?.type;
    const fix = rule.fix
      .replaceAll('<target>', kubectlTarget(change.id))
      .replaceAll('<object>', describeId(change.id))
      .replaceAll('<type>', String(strategy));
    return [{ rule, fields, fix, server: serverWords(rule, change.release) }];
  });
}

/** The words of a rule's answer in a release: the newest entry from that release or before, else the oldest. */
export function serverWords(rule: ImmutableRule, release: string): string {
  const known = rule.server.filter((entry) => compareReleases(entry.since, release) <= 0);
  return (known.at(-1) ?? rule.server[0]).words;
}
