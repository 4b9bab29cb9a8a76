import { diffValues } from '../../lib/plan/field-diff';
import { identityOf, Json } from '../../lib/plan/identity';
import { IMMUTABLE_RULES, refusalsOf } from '../../lib/plan/immutable-fields';
import { kubectl, kubectlResult, serverRelease, waitFor } from './kubectl';

/**
 * Proof of lib/plan/immutable-fields.ts on the real API server: for every row of the table, and for changes beside
 * them that the table lets through, the test applies a base object, then the changed one (server-side apply, as `npm
 * run apply` does), and checks that the server refuses exactly the changes the plan marks refused, with the words the
 * row quotes.
 */
const NAMESPACE = 'plan-e2e';
/** Cluster-scoped objects of the test carry this prefix, so that the end removes them all. */
const PREFIX = 'plan-e2e-';

/** One change to try: the object before and after, the objects it needs first, and whether it waits for a binding. */
interface Case {
  readonly name: string;
  readonly before: Json;
  readonly after: Json;
  /** Objects applied before the base (a StorageClass, a PersistentVolume). @default - none */
  readonly needs?: readonly Json[];
  /** The claim must be bound before the change is applied. @default false */
  readonly bound?: boolean;
}

const labels = { app: 'plan' };
const container = { name: 'main', image: 'registry.k8s.io/pause:3.9' };
const podSpec = { containers: [container] };
const template = { metadata: { labels }, spec: podSpec };

function object(apiVersion: string, kind: string, name: string, body: Json, namespaced = true): Json {
  return { apiVersion, kind, metadata: namespaced ? { name, namespace: NAMESPACE } : { name: PREFIX + name }, ...body };
}

/** A copy of `value` with `edit` applied to it. */
function changed(value: Json, edit: (copy: Json) => void): Json {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

const deployment = object('apps/v1', 'Deployment', 'web', {
  spec: { replicas: 1, selector: { matchLabels: labels }, template },
});
const replicaSet = object('apps/v1', 'ReplicaSet', 'rs', {
  spec: { replicas: 0, selector: { matchLabels: labels }, template },
});
const daemonSet = object('apps/v1', 'DaemonSet', 'ds', { spec: { selector: { matchLabels: labels }, template } });
const claimTemplate = {
  metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
};
const statefulSet = object('apps/v1', 'StatefulSet', 'db', {
  spec: {
    replicas: 0,
    serviceName: 'db',
    selector: { matchLabels: labels },
    template,
    volumeClaimTemplates: [claimTemplate],
  },
});
const job = object('batch/v1', 'Job', 'once', {
  spec: { suspend: true, template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
});
const manualJob = object('batch/v1', 'Job', 'manual', {
  spec: {
    suspend: true,
    manualSelector: true,
    selector: { matchLabels: { job: 'manual' } },
    template: { metadata: { labels: { job: 'manual' } }, spec: { ...podSpec, restartPolicy: 'Never' } },
  },
});

function storageClass(name: string, body: Json = {}): Json {
  return object(
    'storage.k8s.io/v1',
    'StorageClass',
    name,
    { provisioner: 'kubernetes.io/no-provisioner', ...body },
    false,
  );
}

function volume(name: string, className: string, claim?: string, capacity = '5Gi'): Json {
  return object(
    'v1',
    'PersistentVolume',
    name,
    {
      spec: {
        capacity: { storage: capacity },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: PREFIX + className,
        hostPath: { path: `/tmp/${PREFIX}${name}` },
        ...(claim === undefined ? {} : { claimRef: { namespace: NAMESPACE, name: claim } }),
      },
    },
    false,
  );
}

function claim(name: string, className: string, storage = '1Gi'): Json {
  return object('v1', 'PersistentVolumeClaim', name, {
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: PREFIX + className,
      resources: { requests: { storage } },
    },
  });
}

const grow = (copy: Json) => (copy.spec.resources.requests.storage = '2Gi');
const role = object('rbac.authorization.k8s.io/v1', 'Role', 'reader', {
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
});
const binding = object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'reader', {
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NAMESPACE }],
});
const clusterBinding = object(
  'rbac.authorization.k8s.io/v1',
  'ClusterRoleBinding',
  'viewer',
  {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NAMESPACE }],
  },
  false,
);
const service = object('v1', 'Service', 'web', { spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
const settings = object('v1', 'ConfigMap', 'settings', { data: { greeting: 'hello' } });
const frozen = object('v1', 'ConfigMap', 'frozen', { immutable: true, data: { greeting: 'hello' } });
const frozenSecret = object('v1', 'Secret', 'frozen', { immutable: true, stringData: { token: 'a' } });
const secret = object('v1', 'Secret', 'token', { type: 'Opaque', stringData: { token: 'a' } });
const pod = object('v1', 'Pod', 'single', { spec: { ...podSpec, tolerations: [] } });

const CASES: readonly Case[] = [
  {
    name: 'a Deployment selector',
    before: deployment,
    after: changed(deployment, (d) => {
      d.spec.selector.matchLabels.tier = 'web';
      d.spec.template.metadata.labels.tier = 'web';
    }),
  },
  {
    name: 'a Deployment image',
    before: deployment,
    after: changed(deployment, (d) => (d.spec.template.spec.containers[0].image = 'registry.k8s.io/pause:3.10')),
  },
  {
    name: 'a ReplicaSet selector',
    before: replicaSet,
    after: changed(replicaSet, (r) => {
      r.spec.selector.matchLabels.tier = 'web';
      r.spec.template.metadata.labels.tier = 'web';
    }),
  },
  {
    name: 'a DaemonSet selector',
    before: daemonSet,
    after: changed(daemonSet, (r) => {
      r.spec.selector.matchLabels.tier = 'web';
      r.spec.template.metadata.labels.tier = 'web';
    }),
  },
  {
    name: 'a StatefulSet serviceName',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.serviceName = 'db-2')),
  },
  {
    name: 'a StatefulSet podManagementPolicy',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.podManagementPolicy = 'Parallel')),
  },
  {
    name: 'a StatefulSet podManagementPolicy written as its default',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.podManagementPolicy = 'OrderedReady')),
  },
  {
    name: 'a StatefulSet volumeClaimTemplate',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi')),
  },
  {
    name: 'a new StatefulSet volumeClaimTemplate',
    before: statefulSet,
    after: changed(statefulSet, (s) =>
      s.spec.volumeClaimTemplates.push({ ...claimTemplate, metadata: { name: 'logs' } }),
    ),
  },
  {
    name: 'a StatefulSet revisionHistoryLimit',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.revisionHistoryLimit = 3)),
  },
  {
    name: 'a StatefulSet replicas, template, minReadySeconds and persistentVolumeClaimRetentionPolicy',
    before: statefulSet,
    after: changed(statefulSet, (s) => {
      s.spec.replicas = 1;
      s.spec.template.spec.containers[0].image = 'registry.k8s.io/pause:3.10';
      s.spec.minReadySeconds = 5;
      s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    }),
  },
  {
    name: 'a Job template',
    before: job,
    after: changed(job, (j) => (j.spec.template.spec.containers[0].image = 'registry.k8s.io/pause:3.10')),
  },
  {
    name: 'a Job selector',
    before: manualJob,
    after: changed(manualJob, (j) => {
      j.spec.selector.matchLabels.tier = 'x';
      j.spec.template.metadata.labels.tier = 'x';
    }),
  },
  { name: 'a Job completionMode', before: job, after: changed(job, (j) => (j.spec.completionMode = 'Indexed')) },
  {
    name: "a suspended Job's template labels and nodeSelector",
    before: job,
    after: changed(job, (j) => {
      j.spec.template.metadata = { labels: { tier: 'batch' } };
      j.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    }),
  },
  {
    name: 'a StatefulSet updateStrategy',
    before: statefulSet,
    after: changed(statefulSet, (s) => (s.spec.updateStrategy = { type: 'OnDelete' })),
  },
  {
    name: 'a Deployment strategy changed to Recreate',
    before: deployment,
    after: changed(deployment, (d) => (d.spec.strategy = { type: 'Recreate' })),
  },
  {
    name: 'a Deployment strategy changed to Recreate, the base having written rollingUpdate',
    before: changed(deployment, (d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } })),
    after: changed(deployment, (d) => (d.spec.strategy = { type: 'Recreate' })),
  },
  {
    name: 'a DaemonSet updateStrategy changed to OnDelete',
    before: daemonSet,
    after: changed(daemonSet, (d) => (d.spec.updateStrategy = { type: 'OnDelete' })),
  },
  {
    name: 'a Job ttlSecondsAfterFinished',
    before: job,
    after: changed(job, (j) => (j.spec.ttlSecondsAfterFinished = 60)),
  },
  {
    name: "a claim's access modes",
    before: claim('modes', 'manual'),
    after: changed(claim('modes', 'manual'), (c) => (c.spec.accessModes = ['ReadWriteMany'])),
  },
  {
    name: 'a bound claim shrinking',
    before: claim('shrink', 'shrink', '2Gi'),
    after: claim('shrink', 'shrink', '1Gi'),
    needs: [storageClass('shrink'), volume('shrink', 'shrink', 'shrink', '2Gi')],
    bound: true,
  },

  {
    name: 'a bound claim growing, its StorageClass allowing expansion',
    before: claim('expandable', 'expandable'),
    after: changed(claim('expandable', 'expandable'), grow),
    needs: [
      storageClass('expandable', { allowVolumeExpansion: true }),
      volume('expandable', 'expandable', 'expandable'),
    ],
    bound: true,
  },
  {
    name: 'a bound claim growing, its StorageClass not allowing expansion',
    before: claim('fixed', 'fixed'),
    after: changed(claim('fixed', 'fixed'), grow),
    needs: [storageClass('fixed'), volume('fixed', 'fixed', 'fixed')],
    bound: true,
  },
  {
    name: "a PersistentVolume's hostPath",
    before: volume('source', 'manual'),
    after: changed(volume('source', 'manual'), (v) => (v.spec.hostPath.path = '/tmp/elsewhere')),
  },
  {
    name: "a PersistentVolume's capacity and reclaim policy",
    before: volume('size', 'manual'),
    after: changed(volume('size', 'manual'), (v) => {
      v.spec.capacity.storage = '6Gi';
      v.spec.persistentVolumeReclaimPolicy = 'Delete';
    }),
  },
  {
    name: "a StorageClass' provisioner",
    before: storageClass('p'),
    after: changed(storageClass('p'), (c) => (c.provisioner = 'example.com/other')),
  },
  {
    name: "a StorageClass' parameters",
    before: storageClass('q'),
    after: changed(storageClass('q'), (c) => (c.parameters = { type: 'fast' })),
  },
  {
    name: "a StorageClass' reclaimPolicy",
    before: storageClass('r'),
    after: changed(storageClass('r'), (c) => (c.reclaimPolicy = 'Retain')),
  },
  {
    name: "a StorageClass' reclaimPolicy written as its default",
    before: storageClass('r2'),
    after: changed(storageClass('r2'), (c) => (c.reclaimPolicy = 'Delete')),
  },
  {
    name: "a StorageClass' volumeBindingMode",
    before: storageClass('b'),
    after: changed(storageClass('b'), (c) => (c.volumeBindingMode = 'WaitForFirstConsumer')),
  },
  {
    name: "a StorageClass' allowVolumeExpansion",
    before: storageClass('e'),
    after: changed(storageClass('e'), (c) => (c.allowVolumeExpansion = true)),
  },
  {
    name: "a RoleBinding's roleRef",
    before: binding,
    after: changed(binding, (b) => (b.roleRef.name = 'writer')),
    needs: [role],
  },
  {
    name: "a RoleBinding's subjects",
    before: binding,
    after: changed(binding, (b) => b.subjects.push({ kind: 'ServiceAccount', name: 'other', namespace: NAMESPACE })),
    needs: [role],
  },
  {
    name: "a ClusterRoleBinding's roleRef",
    before: clusterBinding,
    after: changed(clusterBinding, (b) => (b.roleRef.name = 'edit')),
  },
  { name: "a Service's clusterIP", before: service, after: changed(service, (s) => (s.spec.clusterIP = 'None')) },
  { name: "a Service's ports", before: service, after: changed(service, (s) => (s.spec.ports[0].targetPort = 8081)) },
  { name: 'an immutable ConfigMap', before: frozen, after: changed(frozen, (c) => (c.data.greeting = 'hi')) },
  {
    name: 'an immutable Secret',
    before: frozenSecret,
    after: changed(frozenSecret, (c) => (c.stringData.token = 'b')),
  },
  { name: 'a ConfigMap', before: settings, after: changed(settings, (c) => (c.data.greeting = 'hi')) },
  { name: "a Secret's type", before: secret, after: changed(secret, (c) => (c.type = 'example.com/token')) },
  {
    name: "a Pod's env",
    before: pod,
    after: changed(pod, (p) => (p.spec.containers[0].env = [{ name: 'A', value: 'b' }])),
  },
  {
    name: "a Pod's image and a new toleration",
    before: pod,
    after: changed(pod, (p) => {
      p.spec.containers[0].image = 'registry.k8s.io/pause:3.10';
      p.spec.tolerations.push({ key: 'k', operator: 'Exists', effect: 'NoSchedule' });
    }),
  },
];

/** The case with its object named `<name>-<index>`, so that no case meets what an earlier one left. */
function numbered(c: Case, index: number): Case {
  const rename = (manifest: Json) =>
    changed(manifest, (copy) => (copy.metadata.name = `${String(manifest.metadata.name)}-${index}`));
  return { ...c, before: rename(c.before), after: rename(c.after) };
}

/** Server-side apply as `npm run apply` does it (one field manager, strict validation). */
function apply(manifest: Json) {
  return kubectlResult(
    ['apply', '--server-side', '--validate=strict', '--field-manager=k8s-course', '-f', '-'],
    JSON.stringify(manifest),
  );
}

/** Deletes what the test made: its namespace and every cluster-scoped object named with PREFIX. */
function cleanUp(): void {
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=60s']);
  for (const resource of ['persistentvolumes', 'storageclasses', 'clusterrolebindings']) {
    const names = kubectl(['get', resource, '-o', 'name'])
      .split('\n')
      .filter((line) => line.includes(`/${PREFIX}`));
    if (names.length > 0) {
      kubectl(['delete', '--wait=false', ...names]);
    }
  }
}

/** Every object of the cases after the change, for the rules that look at others (a claim's StorageClass). */
const AFTER: readonly Json[] = CASES.flatMap((c) => [...(c.needs ?? []), c.after]);

function plannedRefusals(c: Case, release: string) {
  return refusalsOf({
    id: identityOf(c.after),
    before: c.before,
    after: c.after,
    changes: diffValues(c.before, c.after),
    release,
    find: (kind, name) => AFTER.find((candidate) => candidate.kind === kind && candidate.metadata.name === name),
  });
}

describe('the fields the plan marks immutable, on the API server', () => {
  let release: string;

  beforeAll(() => {
    cleanUp();
    kubectl(['create', 'namespace', NAMESPACE]);
    release = serverRelease();
  }, 120_000);

  afterAll(() => cleanUp(), 120_000);

  it('has a case that the server refuses for every row of the table', () => {
    const covered = new Set(CASES.flatMap((c) => plannedRefusals(c, release).map((refusal) => refusal.rule.id)));
    expect(IMMUTABLE_RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('refuses to grow an unbound claim even where its class allows expansion, which the plan cannot see and its fix says', () => {
    const before = claim('unbound', 'expandable');
    const after = changed(before, grow);
    expect(apply(before).stderr).toBe('');
    expect(plannedRefusals({ name: 'unbound', before, after }, release)).toEqual([]);
    const result = apply(after);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('spec is immutable after creation except resources.requests');
    expect(IMMUTABLE_RULES.find((rule) => rule.id === 'claim-expansion')?.fix).toContain(
      'an unbound claim cannot grow',
    );
  });

  it.each(CASES.map((c, index) => [c.name, c.bound === true ? c : numbered(c, index)] as const))(
    '%s: the server refuses it exactly when the plan does',
    async (_name, c) => {
      for (const needed of c.needs ?? []) {
        const result = apply(needed);
        expect(result.stderr).toBe('');
      }
      const created = apply(c.before);
      expect(created.stderr).toBe('');
      if (c.bound === true) {
        await waitFor(
          `${c.before.metadata.name} to be bound`,
          () =>
            kubectl(['get', 'pvc', '-n', NAMESPACE, c.before.metadata.name, '-o', 'jsonpath={.status.phase}']) ===
            'Bound',
        );
      }
      const refusals = plannedRefusals(c, release);
      const result = apply(c.after);
      expect({ refused: result.status !== 0, rules: refusals.map((refusal) => refusal.rule.id) }).toEqual({
        refused: refusals.length > 0,
        rules: refusals.map((refusal) => refusal.rule.id),
      });
      for (const refusal of refusals) {
        // `...` stands for a value, `<field>` for a field's name.
        for (const words of refusal.server
          .split(/\.\.\.|<field>/)
          .map((part) => part.trim())
          .filter((part) => part !== '')) {
          expect(result.stderr).toContain(words);
        }
      }
    },
    90_000,
  );
});
