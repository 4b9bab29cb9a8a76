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

/** The value the gate gives a label no one can know ahead: no selector's value equals it, since it is no label value. */
export const UNKNOWN_VALUE = '<unknown>';

/** The labels whose value differs from pod to pod of one workload: only these make `podLabelSets` list each pod. */
const PER_POD_LABELS: readonly string[] = [POD_NAME_LABEL, POD_INDEX_LABEL, COMPLETION_INDEX_LABEL];

/** Whether `keys` name a label that differs from pod to pod: else `podLabelSets` gives one set, the same for all. */
export function readsPerPodLabels(keys: ReadonlySet<string>): boolean {
  return PER_POD_LABELS.some((label) => keys.has(label));
}

/** The most pods of one workload `podLabelSets` lists; beyond, a label that differs by pod counts as unknown. */
const MOST_PODS_LISTED = 1000;

/**
 * The label sets of a template's pods as the controllers leave them on a cluster of `release` (undefined: the newest):
 * one where all pods carry the same labels, or where `keys` (the keys a selector reads) name none that differs from
 * pod to pod; else one per pod (a StatefulSet's pod name and, from 1.28, pod index; an Indexed Job's completion index
 * from 1.28). A label no one can know ahead is UNKNOWN_VALUE: the hash a controller computes of the template (over
 * the template's own value), a Job's uid, a CronJob's Job's name, one that differs by pod of a workload of unknown size.
 */
export function podLabelSets(
  template: PodTemplate,
  release: string | undefined,
  keys: ReadonlySet<string>,
): Record<string, string>[] {
  const owner: Json = template.owner.manifest;
  const common: Record<string, string> = { ...template.labels };
  const hashLabel = templateHashLabel(owner.kind);
  if (hashLabel !== undefined) {
    common[hashLabel] = UNKNOWN_VALUE;
  }
  if (owner.kind === 'StatefulSet') {
    const { start, replicas } = memberOrdinals(owner);
    const name = String(owner.metadata.name);
    const indexed = since(release, INDEX_LABELS_SINCE);
    return eachPod(common, keys, replicas, (position) => ({
      [POD_NAME_LABEL]: `${name}-${start + position}`,
      ...(indexed ? { [POD_INDEX_LABEL]: String(start + position) } : {}),
    }));
  }
  const job = owner.kind === 'Job' ? owner : owner.kind === 'CronJob' ? owner.spec?.jobTemplate : undefined;
  if (job === undefined || job.spec?.manualSelector === true) {
    return [common];
  }
  for (const label of [...JOB_NAME_LABELS, ...CONTROLLER_UID_LABELS]) {
    const value = owner.kind === 'Job' && JOB_NAME_LABELS.includes(label) ? String(owner.metadata.name) : UNKNOWN_VALUE;
    common[label] = template.labels[label] ?? value; // the API server keeps a template's own
  }
  if (job.spec?.completionMode !== 'Indexed' || !since(release, INDEX_LABELS_SINCE)) {
    return [common];
  }
  const completions = typeof job.spec?.completions === 'number' ? job.spec.completions : undefined;
  return eachPod(common, keys, completions, (index) => ({ [COMPLETION_INDEX_LABEL]: String(index) }));
}

/**
 * The label sets of `count` pods, each the common labels and its own (`ownLabels` of its position): one set, of its
 * own labels unknown, where `keys` read none of them or the count is unknown or too large to list.
 */
function eachPod(
  common: Record<string, string>,
  keys: ReadonlySet<string>,
  count: number | undefined,
  ownLabels: (position: number) => Record<string, string>,
): Record<string, string>[] {
  if (!readsPerPodLabels(keys) || count === undefined || count < 1 || count > MOST_PODS_LISTED) {
    const unknown = Object.fromEntries(Object.keys(ownLabels(0)).map((label) => [label, UNKNOWN_VALUE]));
    return [{ ...common, ...unknown }];
  }
  return Array.from({ length: count }, (_, position) => ({ ...common, ...ownLabels(position) }));
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
  const { start, replicas } = memberOrdinals(statefulSet);
  return Number(ordinal) >= start && Number(ordinal) < start + (replicas ?? Infinity);
}

/**
 * The first ordinal of a StatefulSet's pods, `ordinals.start` (0 by default; StatefulSetStartOrdinal, on by default
 * from 1.27), and their number, undefined where an autoscaler sets the replicas (they are left out).
 */
function memberOrdinals(statefulSet: Json): { start: number; replicas: number | undefined } {
  const spec = statefulSet.spec ?? {};
  return {
    start: typeof spec.ordinals?.start === 'number' ? spec.ordinals.start : 0,
    replicas: typeof spec.replicas === 'number' ? spec.replicas : undefined,
  };
}

/**
 * The names of the pods a StatefulSet runs, for a message: `db-0 to db-2`, `db-5`, or none; from `ordinals.start` (on
 * by default from 1.27, StatefulSetStartOrdinal) on, where an autoscaler sets the replicas.
 */
export function memberNames(statefulSet: Json): string {
  const name = String(statefulSet.metadata.name);
  const { start, replicas } = memberOrdinals(statefulSet);
  if (replicas === undefined) {
    return `${name}-${start} and up (replicas left to an autoscaler)`;
  }
  if (replicas < 1) {
    return `none (replicas ${replicas})`;
  }
  return replicas === 1 ? `${name}-${start}` : `${name}-${start} to ${name}-${start + replicas - 1}`;
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
