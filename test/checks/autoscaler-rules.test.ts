import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { findings, withChange } from './fixtures';

/** The baseline (whose Deployment web requests cpu and memory) with an autoscaler of `target`, without replicas. */
function autoscaled(
  target: AnyManifest,
  metrics: AnyManifest[],
  edit: (deployment: AnyManifest) => void = () => undefined,
): RenderedObject[] {
  const objects = withChange('Deployment', 'web', edit);
  const manifest = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, metrics },
  };
  return [...objects, { path: 'shop/web/Autoscaler', manifest }];
}

const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const utilization = (name: string) => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization: 70 } },
});

const rule = (lines: string[]) => lines.filter((line) => line.startsWith('autoscaler-target'));

describe('autoscaler-target', () => {
  it('passes an autoscaler of a workload of its namespace whose containers request what it measures', () => {
    expect(findings(autoscaled(WEB, [utilization('cpu'), utilization('memory')]))).toEqual([]);
  });

  it('refuses a scaleTargetRef that names no workload of the namespace, naming those there are', () => {
    expect(rule(findings(autoscaled({ ...WEB, name: 'wbe' }, [utilization('cpu')])))).toEqual([
      'autoscaler-target: scaleTargetRef names Deployment wbe, which namespace shop does not have; the autoscaler would report FailedGetScale and scale nothing',
    ]);
    const objects = autoscaled({ ...WEB, kind: 'ReplicaSet' }, [utilization('cpu')]);
    const [finding] = findings(objects);
    expect(finding).toBe(
      'autoscaler-target: scaleTargetRef names ReplicaSet web, which namespace shop does not have; the autoscaler would report FailedGetScale and scale nothing',
    );
  });

  it('refuses a second autoscaler of the same workload, on the one after the first by name', () => {
    const objects = autoscaled(WEB, [utilization('cpu')]);
    const second = structuredClone(objects[objects.length - 1].manifest) as AnyManifest;
    second.metadata.name = 'web-memory';
    objects.push({ path: 'shop/web-memory', manifest: second });
    expect(rule(findings(objects))).toEqual([
      "autoscaler-target: HorizontalPodAutoscaler web scales Deployment web too; two autoscalers of one workload undo each other's replicas (the controller then scales neither: AmbiguousSelector)",
    ]);
  });

  it('refuses an apiVersion that does not serve the kind', () => {
    expect(rule(findings(autoscaled({ ...WEB, apiVersion: 'extensions/v1beta1' }, [])))).toEqual([
      'autoscaler-target: scaleTargetRef.apiVersion "extensions/v1beta1" does not serve Deployment; the autoscaler could not find it and would scale nothing',
    ]);
  });

  it('refuses a utilization target on a resource a container does not request, and takes a limit alone', () => {
    const withoutMemory = autoscaled(WEB, [utilization('memory')], (deployment) => {
      delete deployment.spec.template.spec.containers[0].resources.requests.memory;
      delete deployment.spec.template.spec.containers[0].resources.limits.memory;
    });
    expect(rule(findings(withoutMemory))).toEqual([
      'autoscaler-target: metrics[0] scales on memory utilization, a percentage of the request, but container "app" of Deployment web requests no memory; the autoscaler would report FailedGetResourceMetric and not scale',
    ]);
    const limitOnly = autoscaled(WEB, [utilization('memory')], (deployment) => {
      delete deployment.spec.template.spec.containers[0].resources.requests.memory;
    });
    expect(findings(limitOnly)).toEqual([]);
    const averageValue = autoscaled(
      WEB,
      [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }],
      (deployment) => delete deployment.spec.template.spec.containers[0].resources,
    );
    expect(rule(findings(averageValue))).toEqual([]);
  });

  it('checks a ContainerResource metric against the container it names', () => {
    const metric = (container: string) => ({
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container, target: { type: 'Utilization', averageUtilization: 60 } },
    });
    expect(findings(autoscaled(WEB, [metric('app')]))).toEqual([]);
    expect(rule(findings(autoscaled(WEB, [metric('sidecar')])))).toEqual([
      'autoscaler-target: metrics[0] measures container "sidecar", which Deployment web does not have (it has "app")',
    ]);
  });

  it('leaves a custom resource target alone', () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' };
    expect(rule(findings(autoscaled(rollout, [utilization('cpu')])))).toEqual([]);
  });
});
