import { releaseAtLeast } from '../config/kubernetes-version';
import type { PodTemplate } from './object-index';

/** The label the StatefulSet controller gives each pod of a set: the pod's name, `<set>-<ordinal>`. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

/** The label the StatefulSet controller gives each pod of a set from 1.28 (PodIndexLabel, beta): its ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** The label the Job controller gives each pod of an Indexed Job from 1.28 (PodIndexLabel): its completion index. */
export const COMPLETION_INDEX_LABEL = 'batch.kubernetes.io/job-completion-index';

/** The release whose controllers first set the two index labels (PodIndexLabel, beta in 1.28, GA in 1.32). */
export const INDEX_LABELS_SINCE = '1.28';

/**
 * The labels the API server adds to a Job's pod template unless the Job sets manualSelector (the job strategy's
 * generateSelector, every release the project supports): the Job's name, and its uid, unknown before it is created.
 */
export const JOB_NAME_LABELS: readonly string[] = ['job-name', 'batch.kubernetes.io/job-name'];
export const CONTROLLER_UID_LABELS: readonly string[] = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/** The label the Deployment controller gives its ReplicaSets' selectors and pods: a hash of the pod template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * The label the StatefulSet and DaemonSet controllers give each pod: the ControllerRevision of its pod template, of a
 * hash of the template (`<set>-<hash>` for a StatefulSet, the hash for a DaemonSet).
 */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/**
 * The label whose value the controller of a workload of this kind computes of its pod template and sets on each pod,
 * over any value the template gives it: no one can write it ahead, and it changes with every change of the template.
 */
export function templateHashLabel(kind: unknown): string | undefined {
  if (kind === 'Deployment') {
    return POD_TEMPLATE_HASH_LABEL;
  }
  return kind === 'StatefulSet' || kind === 'DaemonSet' ? CONTROLLER_REVISION_HASH_LABEL : undefined;
}

/** An ordinal as the controllers write it (strconv.Itoa). */
const ORDINAL = /^(0|[1-9][0-9]*)$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * Whether the pods of a template carry label `name` of `value` on a cluster of `release` (undefined: the newest):
 * the template's own labels, and those the controllers add: a StatefulSet's pod name and (from 1.28) pod index, a
 * Job's (or a CronJob's Jobs') name and uid and an Indexed Job's completion index (from 1.28). Never the hash label
 * of its controller (`templateHashLabel`), whose value no one can know.
 */
export function podsCarry(template: PodTemplate, name: string, value: unknown, release: string | undefined): boolean {
  const owner: Json = template.owner.manifest;
  if (name === templateHashLabel(owner.kind)) {
    return false; // a hash no one knows ahead: `templatesSelectedBesidesHash`
  }
  if (owner.kind === 'StatefulSet') {
    if (name === POD_NAME_LABEL) {
      return isMemberName(owner, value);
    }
    if (name === POD_INDEX_LABEL && since(release, INDEX_LABELS_SINCE)) {
      return typeof value === 'string' && isMemberOrdinal(owner, value);
    }
  }
  const job = owner.kind === 'Job' ? owner : owner.kind === 'CronJob' ? owner.spec?.jobTemplate : undefined;
  if (job !== undefined && job.spec?.manualSelector !== true) {
    if (
      name === COMPLETION_INDEX_LABEL &&
      since(release, INDEX_LABELS_SINCE) &&
      job.spec?.completionMode === 'Indexed'
    ) {
      return typeof value === 'string' && isCompletionIndex(job.spec, value);
    }
    if (template.labels[name] === undefined && JOB_NAME_LABELS.includes(name)) {
      return typeof value === 'string' && isJobName(owner, value);
    }
    if (template.labels[name] === undefined && CONTROLLER_UID_LABELS.includes(name)) {
      return typeof value === 'string';
    }
  }
  return template.labels[name] === value;
}

function since(release: string | undefined, first: string): boolean {
  return release === undefined || releaseAtLeast(release, first);
}

/**
 * Whether `podName` is the name of a pod the StatefulSet runs, `<name>-<ordinal>` (the controller sets the pod-name
 * label to it, whatever the template says).
 */
function isMemberName(statefulSet: Json, podName: unknown): boolean {
  if (typeof podName !== 'string') {
    return false; // label-syntax's finding
  }
  const prefix = `${String(statefulSet.metadata.name)}-`;
  return podName.startsWith(prefix) && isMemberOrdinal(statefulSet, podName.slice(prefix.length));
}

/**
 * Whether the StatefulSet runs a pod of this ordinal: one from `ordinals.start` (0 by default) and below it plus the
 * replicas, or any from the start when an autoscaler sets the replicas (they are left out).
 */
function isMemberOrdinal(statefulSet: Json, ordinal: string): boolean {
  if (!ORDINAL.test(ordinal)) {
    return false;
  }
  const spec = statefulSet.spec ?? {};
  const start = typeof spec.ordinals?.start === 'number' ? spec.ordinals.start : 0;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : Infinity;
  return Number(ordinal) >= start && Number(ordinal) < start + replicas;
}

/**
 * The names of the pods a StatefulSet runs, for a message: `db-0 to db-2`, `db-5`, or none; from `ordinals.start` (on
 * by default from 1.27, StatefulSetStartOrdinal) on, where an autoscaler sets the replicas.
 */
export function memberNames(statefulSet: Json): string {
  const spec = statefulSet.spec ?? {};
  const name = String(statefulSet.metadata.name);
  const start = typeof spec.ordinals?.start === 'number' ? spec.ordinals.start : 0;
  if (typeof spec.replicas !== 'number') {
    return `${name}-${start} and up (replicas left to an autoscaler)`;
  }
  if (spec.replicas < 1) {
    return `none (replicas ${spec.replicas})`;
  }
  return spec.replicas === 1 ? `${name}-${start}` : `${name}-${start} to ${name}-${start + spec.replicas - 1}`;
}

/** Whether an Indexed Job runs a pod of this completion index: 0 to completions - 1. */
function isCompletionIndex(jobSpec: Json, index: string): boolean {
  const completions = typeof jobSpec.completions === 'number' ? jobSpec.completions : Infinity;
  return ORDINAL.test(index) && Number(index) < completions;
}

/** Whether a Job of this name is the Job, or one of the CronJob's (`<cronjob>-<scheduled time in minutes>`). */
function isJobName(owner: Json, value: string): boolean {
  const name = String(owner.metadata.name);
  return owner.kind === 'Job'
    ? value === name
    : value.startsWith(`${name}-`) && ORDINAL.test(value.slice(name.length + 1));
}
