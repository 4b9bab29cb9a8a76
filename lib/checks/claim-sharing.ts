import { kindsWith } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { Problem, describeObject } from './finding';
import { PodTemplate, podTemplateOf } from './object-index';
import { autoscalerOf, scaledPodCount } from './replicas';
import { CheckContext, Rule, namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** The claims a pod template mounts by name (not a StatefulSet's per-pod claims, nor ephemeral ones), and read-only. */
function claimsOf(template: PodTemplate): { name: string; readOnly: boolean }[] {
  const volumes: Json[] = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
  const containers: Json[] = [
    ...(Array.isArray(template.spec.initContainers) ? template.spec.initContainers : []),
    ...(Array.isArray(template.spec.containers) ? template.spec.containers : []),
  ];
  return volumes.flatMap((volume) => {
    const claimName: unknown = volume?.persistentVolumeClaim?.claimName;
    if (typeof claimName !== 'string') {
      return [];
    }
    const mounts = containers.flatMap((container) =>
      (Array.isArray(container?.volumeMounts) ? container.volumeMounts : []).filter(
        (mount: Json) => mount?.name === volume.name,
      ),
    );
    const readOnly =
      volume.persistentVolumeClaim.readOnly === true ||
      (mounts.length > 0 && mounts.every((mount: Json) => mount.readOnly === true));
    return [{ name: claimName, readOnly }];
  });
}

/**
 * The most pods of the workload that run at once, outside a rollout, with what says so: the replicas (an autoscaler's
 * maxReplicas when one scales it), a Job's parallelism, every node for a DaemonSet.
 */
function mostPods(object: RenderedObject, context: CheckContext): { pods: number; because: string } {
  const { kind } = object.manifest;
  const spec = specOf(object);
  if (REPLICATED.has(kind)) {
    const autoscaler = autoscalerOf(object, context.index);
    if (autoscaler !== undefined) {
      const most = specOf(autoscaler).maxReplicas;
      return {
        pods: typeof most === 'number' ? most : 1,
        because: `maxReplicas ${most} of ${describeObject(autoscaler)}`,
      };
    }
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return { pods: replicas, because: `replicas ${replicas}` };
  }
  if (kind === 'DaemonSet') {
    return { pods: Infinity, because: 'a pod on every node' };
  }
  const job = kind === 'CronJob' ? spec.jobTemplate?.spec : kind === 'Job' ? spec : undefined;
  if (job !== undefined) {
    const parallelism = typeof job?.parallelism === 'number' ? job.parallelism : 1;
    return { pods: parallelism, because: `parallelism ${parallelism}` };
  }
  return { pods: 1, because: 'one pod' };
}

/** Whether every pod of the template runs on one node: a nodeName, or a node selector or required affinity of one host. */
function pinnedToOneNode(template: PodTemplate): boolean {
  const spec = template.spec;
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
    return true;
  }
  if (typeof spec.nodeSelector?.[HOSTNAME_LABEL] === 'string') {
    return true;
  }
  const terms: Json[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return (
    Array.isArray(terms) &&
    terms.length > 0 &&
    terms.every((term) =>
      (Array.isArray(term?.matchExpressions) ? term.matchExpressions : []).some(
        (expression: Json) =>
          expression?.key === HOSTNAME_LABEL &&
          expression.operator === 'In' &&
          Array.isArray(expression.values) &&
          expression.values.length === 1,
      ),
    )
  );
}

/**
 * Whether a Deployment's rollout starts a new pod before it stops an old one: RollingUpdate (the default) whose
 * maxUnavailable, scaled down as the controller scales it, is 0 (25% of fewer than 4 replicas is).
 */
function surgesFirst(object: RenderedObject, pods: number): { surges: boolean; because: string } {
  const spec = specOf(object);
  if (object.manifest.kind !== 'Deployment' || (spec.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { surges: false, because: '' };
  }
  const written = spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  const percent = typeof written === 'string' ? /^(\d+)%$/.exec(written) : null;
  const unavailable =
    percent === null ? scaledPodCount(written, pods) : Math.floor((Number(percent[1]) * Math.max(pods, 1)) / 100);
  return { surges: unavailable === 0, because: `maxUnavailable ${String(written)}` };
}

/** Provisioners of node-local volumes: the scheduler puts every pod of such a claim on its node, so they share it. */
const NODE_LOCAL_PROVISIONERS = ['kubernetes.io/no-provisioner', 'rancher.io/local-path', 'microk8s.io/hostpath'];
/** Volume sources of no attachment: a node-local directory, or a file server every node mounts. */
const UNATTACHED_SOURCES = ['hostPath', 'local', 'nfs', 'cephfs', 'glusterfs'];

/**
 * Whether a ReadWriteOnce claim's volume is attached to one node at a time (a cloud disk, a CSI block volume), which is
 * what keeps pods of other nodes out: not a volume of the project's on a node-local or shared file source, nor one of a
 * class of node-local volumes; a claim of a class made elsewhere (or the default class) is taken to be attached.
 */
function attachedToOneNode(claim: RenderedObject, context: CheckContext): boolean {
  const spec = specOf(claim);
  if (typeof spec.volumeName === 'string' && spec.volumeName !== '') {
    const volume = context.index.get('PersistentVolume', undefined, spec.volumeName);
    const source = volume === undefined ? undefined : specOf(volume);
    return source !== undefined && !UNATTACHED_SOURCES.some((key) => source[key] !== undefined);
  }
  const className: unknown = spec.storageClassName;
  const storageClass =
    typeof className === 'string' ? context.index.get('StorageClass', undefined, className) : undefined;
  return storageClass === undefined || !NODE_LOCAL_PROVISIONERS.includes(String(storageClass.manifest.provisioner));
}

const ONE_POD_FIX =
  'run one pod, give each pod a claim of its own (a StatefulSet of volumeClaimTemplates), or ask for ReadWriteMany of a storage class that offers it';

/**
 * Claims the pods cannot share as written: a ReadWriteOncePod claim of more than one pod at once (of the workload, or
 * of two workloads), or of a Deployment whose rollout starts the new pod before it stops the old one (the new one never
 * mounts it, and the rollout never ends); a ReadWriteOnce claim of pods the scheduler may put on several nodes, which
 * a node attaches alone (a warning: on a one-node cluster they share it; node-local and file-server volumes are left alone).
 */
export const claimSharing: Rule = {
  id: 'claim-sharing',
  description:
    'a ReadWriteOncePod claim is mounted by one pod at a time, a ReadWriteOnce claim by the pods of one node',
  kinds: kindsWith('podTemplate'),
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const namespace = namespaceOf(object);
    const problems: Problem[] = [];
    for (const { name, readOnly } of claimsOf(template)) {
      const claim = context.index.get('PersistentVolumeClaim', namespace, name);
      if (claim === undefined) {
        continue;
      }
      const written: unknown = specOf(claim).accessModes;
      const modes: unknown[] = Array.isArray(written) ? written : [];
      if (
        modes.includes('ReadWriteMany') ||
        (readOnly && modes.includes('ReadOnlyMany')) ||
        !(modes.includes('ReadWriteOncePod') || modes.includes('ReadWriteOnce'))
      ) {
        continue;
      }
      const onePod = modes.includes('ReadWriteOncePod');
      if (!onePod && !attachedToOneNode(claim, context)) {
        continue;
      }
      const what = `claim ${name} (${onePod ? 'ReadWriteOncePod: one pod mounts it' : 'ReadWriteOnce: the pods of one node mount it'})`;
      const { pods, because } = mostPods(object, context);
      // The first workload of the namespace that mounts the claim is told of its own pods; a later one, of the first.
      const first = context.index
        .templatesIn(namespace)
        .find((other) => claimsOf(other).some((each) => each.name === name));
      if (first !== undefined && first !== template && (onePod || !pinnedToOneNode(template))) {
        problems.push({
          warning: !onePod,
          message: `${describeObject(first.owner)} mounts ${what} too: ${onePod ? 'the pods of one of them stay Pending' : 'pods of the two on different nodes cannot both mount it'}`,
          fix: `give each workload a claim of its own, or ask for ReadWriteMany of a storage class that offers it${onePod ? '' : ', or pin both to one node'}`,
        });
        continue;
      }
      if (pods > 1 && (onePod || !pinnedToOneNode(template))) {
        problems.push({
          warning: !onePod,
          message: onePod
            ? `${because}, and ${what}: the other pods stay Pending`
            : `${because}, and ${what}: its volume attaches to one node, and pods the scheduler puts on another (it spreads them) cannot start while it is attached there (Multi-Attach error)`,
          fix: onePod ? ONE_POD_FIX : `${ONE_POD_FIX}, or pin the pods to one node`,
        });
        continue;
      }
      const rollout = surgesFirst(object, pods);
      // A Deployment scaled to 0 rolls out no pod.
      if (pods > 0 && rollout.surges && (onePod || !pinnedToOneNode(template))) {
        problems.push({
          warning: !onePod,
          message: `a rollout (RollingUpdate, ${rollout.because} of ${pods} pod${pods === 1 ? '' : 's'}) starts the new pod before it stops the old one, and ${what}: ${onePod ? 'the new pod never mounts it while the old one runs, and the rollout never ends' : 'a new pod on another node waits for the old one, which waits for it'}`,
          fix: 'replace the pods in turn: strategy Recreate (DeploymentStrategy.recreate()), or a maxUnavailable of 1',
        });
      }
    }
    return problems;
  },
};
