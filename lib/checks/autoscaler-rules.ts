import { kindInfo } from '../kinds/kinds';
import { podTemplateIn } from '../writer/pod-template';
import { Problem } from './finding';
import { Rule, namespaceIsOurs, namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The construct prop that sets a request, for the fix. */
const REQUEST_PROPS: Readonly<Record<string, string>> = {
  cpu: '`resources: { cpuRequest }`',
  memory: '`resources: { memoryRequest }`',
};

/** Whether a container requests `resource`: a request, or a limit alone, which the API server copies to the request. */
function requests(container: Json, resource: string): boolean {
  return (
    container?.resources?.requests?.[resource] !== undefined || container?.resources?.limits?.[resource] !== undefined
  );
}

/**
 * The resources the autoscaler measures as a percentage of the containers' requests (a `Resource` metric with a
 * `Utilization` target: every container; a `ContainerResource` one: the named container), by container name (`*` for
 * every container).
 */
function utilizationTargets(metrics: readonly Json[]): { resource: string; container: string; index: number }[] {
  return metrics.flatMap((metric, index) => {
    if (metric?.type === 'Resource' && metric.resource?.target?.type === 'Utilization') {
      return [{ resource: String(metric.resource.name), container: '*', index }];
    }
    if (metric?.type === 'ContainerResource' && metric.containerResource?.target?.type === 'Utilization') {
      return [
        {
          resource: String(metric.containerResource.name),
          container: String(metric.containerResource.container),
          index,
        },
      ];
    }
    return [];
  });
}

export const autoscalerTarget: Rule = {
  id: 'autoscaler-target',
  description:
    "a HorizontalPodAutoscaler's scaleTargetRef names a workload of its namespace that keeps replicas (a Deployment, StatefulSet, ReplicaSet or ReplicationController) by an apiVersion that serves it, whose containers request each resource the autoscaler scales on by utilization",
  kinds: ['HorizontalPodAutoscaler'],
  check(object, context) {
    const target = specOf(object).scaleTargetRef ?? {};
    const name: unknown = target.name;
    const namespace = namespaceOf(object);
    // The built-in kinds an autoscaler scales are those that keep spec.replicas (lib/kinds/kinds.json).
    const info = typeof target.kind === 'string' ? kindInfo(target.kind) : undefined;
    if (info === undefined || !info.replicas || typeof name !== 'string' || name === '') {
      // Another kind (a custom resource with a scale subresource) cannot be looked up; an empty name is `autoscaler`'s.
      return [];
    }
    const kind = info.kind;
    const problems: Problem[] = [];
    if (!info.apiVersions.includes(target.apiVersion)) {
      problems.push({
        message: `scaleTargetRef.apiVersion ${JSON.stringify(target.apiVersion)} does not serve ${kind}; the autoscaler could not find it and would scale nothing`,
        fix: `set scaleTargetRef.apiVersion to "${info.apiVersions[0]}"`,
      });
    }
    if (!namespaceIsOurs(namespace, context)) {
      return problems;
    }
    const workload = context.index.get(kind, namespace, name);
    if (workload === undefined) {
      const others = context.index.ofKind(kind, namespace).map((candidate) => String(candidate.manifest.metadata.name));
      problems.push({
        message: `scaleTargetRef names ${kind} ${name}, which namespace ${namespace} does not have; the autoscaler would report FailedGetScale and scale nothing`,
        fix:
          others.length === 0
            ? `name a ${kind} of namespace ${namespace}, or create ${name} there (a workload's \`autoscaling\` makes its autoscaler)`
            : `name one of the namespace's ${kind}s: ${others.sort().join(', ')}`,
      });
      return problems;
    }
    const first = context.index
      .ofKind('HorizontalPodAutoscaler', namespace)
      .filter((other) => {
        const ref = specOf(other).scaleTargetRef;
        return kindInfo(String(ref?.kind))?.kind === kind && ref?.name === name;
      })
      .map((other) => String(other.manifest.metadata.name))
      .sort()[0];
    if (first !== undefined && first !== object.manifest.metadata.name) {
      problems.push({
        message: `HorizontalPodAutoscaler ${first} scales ${kind} ${name} too; two autoscalers of one workload undo each other's replicas (the controller then scales neither: AmbiguousSelector)`,
        fix: `keep one autoscaler of ${kind} ${name}: remove this one, or put its metrics into ${first}`,
      });
    }
    const containers: Json[] = podTemplateIn(workload.manifest)?.spec?.containers ?? [];
    for (const { resource, container, index } of utilizationTargets(specOf(object).metrics ?? [])) {
      const measured = container === '*' ? containers : containers.filter((candidate) => candidate?.name === container);
      if (container !== '*' && measured.length === 0) {
        problems.push({
          message: `metrics[${index}] measures container "${container}", which ${kind} ${name} does not have (it has ${containers.map((candidate) => `"${String(candidate?.name)}"`).join(', ')})`,
          fix: `name one of ${kind} ${name}'s containers in containerResource.container`,
        });
        continue;
      }
      for (const without of measured.filter((candidate) => !requests(candidate, resource))) {
        problems.push({
          message: `metrics[${index}] scales on ${resource} utilization, a percentage of the request, but container "${String(without?.name)}" of ${kind} ${name} requests no ${resource}; the autoscaler would report FailedGetResourceMetric and not scale`,
          fix: `give every measured container a ${resource} request (${REQUEST_PROPS[resource] ?? `resources.requests["${resource}"]`}), or target an AverageValue instead of a Utilization`,
        });
      }
    }
    return problems;
  },
};

export const AUTOSCALER_RULES: readonly Rule[] = [autoscalerTarget];
