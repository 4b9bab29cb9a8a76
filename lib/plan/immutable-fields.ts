import { compareReleases } from '../config/kubernetes-version';
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

/** A row of the table: a field the API server does not let an update change, and what to do instead. */
export interface ImmutableRule {
  /** A short id, e.g. `deployment-selector`. */
  readonly id: string;
  readonly kinds: readonly string[];
  /** The field, as the API server names it in its answer. */
  readonly field: string;
  /** What the API server answers (its validation's text). */
  readonly server: string;
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

const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes quantity (`1Gi`, `500M`, `1e3`) as a number, or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(String(value ?? ''));
  if (match === null) {
    return undefined;
  }
  const suffix = match[2] ?? '';
  return Number(match[1]) * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix]);
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
    server: 'spec.selector: Invalid value: ...: field is immutable',
    fix: SERVICE_WORKLOAD_FIX,
    lost: 'its pods: deleted first, none run until the new ones are ready; renamed, both run until the prune',
    refused: under(['spec', 'selector']),
  },
  {
    id: 'statefulset-spec',
    kinds: ['StatefulSet'],
    field: 'spec (selector, serviceName, podManagementPolicy, volumeClaimTemplates, ...)',
    server:
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', " +
      "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
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
    id: 'job-spec',
    kinds: ['Job'],
    field: 'spec.selector, spec.template, spec.completionMode',
    server: 'spec.template: Invalid value: ...: field is immutable',
    fix: 'rename it (a new Job runs again), or delete it first, then apply: `kubectl delete <target>`',
    lost: 'the finished run: its pods and their logs',
    refused: (change) => [
      ...under(['spec', 'selector'])(change),
      ...under(['spec', 'template'])(change),
      ...under(['spec', 'completionMode'], { 'spec.completionMode': 'NonIndexed' })(change),
    ],
  },
  {
    id: 'claim-spec',
    kinds: ['PersistentVolumeClaim'],
    field: 'spec (all but resources.requests.storage)',
    server: 'spec: Forbidden: spec is immutable after creation except resources.requests for bound claims',
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
    server: 'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
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
    server:
      'persistentvolumeclaims "<name>" is forbidden: only dynamically provisioned pvc can be resized and the ' +
      'storageclass that provisions the pvc must support resize',
    fix:
      "set allowVolumeExpansion: true on the claim's StorageClass (a field that may change), then grow the claim; " +
      'an unbound claim cannot grow at all',
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
    server: 'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
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
    id: 'storage-class',
    kinds: ['StorageClass'],
    field: 'provisioner, parameters, reclaimPolicy, volumeBindingMode',
    server: 'provisioner: Forbidden: updates to provisioner are forbidden.',
    fix: 'delete it first (`kubectl delete <target>`), then apply; its volumes keep running and keep its name',
    lost: 'nothing stored; claims made between the delete and the apply find no class',
    refused: (change) => [
      ...under(['provisioner'])(change),
      ...under(['parameters'])(change),
      ...under(['reclaimPolicy'], { reclaimPolicy: 'Delete' })(change),
      ...under(['volumeBindingMode'], { volumeBindingMode: 'Immediate' })(change),
    ],
  },
  {
    id: 'binding-role-ref',
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    field: 'roleRef',
    server: 'roleRef: Invalid value: ...: cannot change roleRef',
    fix: 'rename the binding (the new one is created, the old one pruned), or delete it first: `kubectl delete <target>`',
    lost: "the subjects' permissions, between the delete and the apply",
    refused: under(['roleRef']),
  },
  {
    id: 'service-cluster-ip',
    kinds: ['Service'],
    field: 'spec.clusterIP',
    server: 'spec.clusterIPs[0]: Invalid value: ...: may not change once set',
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
    server: 'data: Forbidden: field is immutable when `immutable` is set',
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
    server: 'type: Invalid value: ...: field is immutable',
    fix: 'rename it, or delete it first (`kubectl delete <target>`) and apply',
    lost: 'nothing; pods that use it see the new Secret only once restarted',
    refused: under(['type'], { type: 'Opaque' }),
  },
  {
    id: 'pod-spec',
    kinds: ['Pod'],
    field: 'spec (all but containers[*].image, initContainers[*].image, activeDeadlineSeconds, added tolerations)',
    server: 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, ...',
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
    const fix = rule.fix.replaceAll('<target>', kubectlTarget(change.id)).replaceAll('<object>', describeId(change.id));
    return [{ rule, fields, fix }];
  });
}
