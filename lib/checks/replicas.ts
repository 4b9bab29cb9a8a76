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
  const autoscaler = index.ofKind('HorizontalPodAutoscaler', namespaceOf(object)).find((candidate) => {
    const target = specOf(candidate).scaleTargetRef;
    return target?.kind === kind && target?.name === object.manifest.metadata.name;
  });
  const replicas = autoscaler === undefined ? specOf(object).replicas : (specOf(autoscaler).minReplicas ?? 1);
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? replicas : 1;
}
