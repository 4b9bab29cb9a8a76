import { RenderedObject } from '../writer/render';
import { ObjectIndex } from './object-index';
import { namespaceOf, specOf } from './rule';

/** The kinds that keep a number of replicas of their pod template running. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/**
 * How many pods of an object run at once when nothing is rolling out: a Pod's one, the replicas of a Deployment,
 * StatefulSet, ReplicaSet or ReplicationController (1 when not given, an autoscaler's minReplicas when one scales it);
 * 0 for other objects, and for DaemonSets, Jobs and CronJobs, whose pods depend on nodes and schedules.
 */
export function steadyPods(object: RenderedObject, index: ObjectIndex): number {
  const { kind } = object.manifest;
  if (kind === 'Pod') {
    return 1;
  }
  if (!REPLICATED.has(kind)) {
    return 0;
  }
  const autoscaler = autoscalerOf(object, index);
  const replicas = autoscaler === undefined ? specOf(object).replicas : (specOf(autoscaler).minReplicas ?? 1);
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? replicas : 1;
}

/** The HorizontalPodAutoscaler of the object's namespace that scales it, if any. */
export function autoscalerOf(object: RenderedObject, index: ObjectIndex): RenderedObject | undefined {
  return index.ofKind('HorizontalPodAutoscaler', namespaceOf(object)).find((candidate) => {
    const target = specOf(candidate).scaleTargetRef;
    return target?.kind === object.manifest.kind && target?.name === object.manifest.metadata.name;
  });
}

/**
 * A count of pods written as an integer or a percentage of `total` (a budget's minAvailable, a rollout's maxSurge),
 * as the controllers scale it: a percentage rounded up. Undefined when it is neither.
 */
export function scaledPodCount(value: unknown, total: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent === null ? undefined : Math.ceil((Number(percent[1]) * total) / 100);
}
