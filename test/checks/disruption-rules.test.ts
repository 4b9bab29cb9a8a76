import { disruptionBudgetAllows } from '../../lib/checks/disruption-rules';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

function budget(spec: AnyManifest): AnyManifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, ...spec },
  };
}

/** The rule's warnings (and, with `findings`, its findings) with the web Deployment at `replicas`. */
function warnings(replicas: number | undefined, ...extra: AnyManifest[]): string[] {
  const objects: RenderedObject[] = [
    ...baseline(),
    ...extra.map((manifest, position) => ({ path: `test/extra${position}`, manifest })),
  ];
  const web = objects.find((object) => object.manifest.kind === 'Deployment')!;
  if (replicas !== undefined) {
    (web.manifest as AnyManifest).spec.replicas = replicas;
  }
  const result = runChecks(objects, TEST_ENV);
  expect(result.findings.filter((finding) => finding.rule === disruptionBudgetAllows.id)).toEqual([]);
  return result.warnings
    .filter((warning) => warning.rule === disruptionBudgetAllows.id)
    .map((warning) => warning.message);
}

describe('disruption-budget-allows', () => {
  it('warns of a budget that keeps every pod it selects available', () => {
    expect(warnings(3, budget({ minAvailable: 3 }))).toEqual([
      'minAvailable 3 keeps all 3 pods it selects (Deployment shop/web 3) available, so it allows no eviction: kubectl drain, node upgrades and the cluster autoscaler wait on it forever',
    ]);
    expect(warnings(3, budget({ maxUnavailable: 0 }))).toEqual([
      'maxUnavailable 0 keeps all 3 pods it selects (Deployment shop/web 3) available, so it allows no eviction: kubectl drain, node upgrades and the cluster autoscaler wait on it forever',
    ]);
    expect(warnings(3, budget({ minAvailable: '100%' }))).toHaveLength(1);
    expect(warnings(3, budget({ maxUnavailable: '0%' }))).toHaveLength(1);
  });

  it('tells a one-pod workload to run more replicas', () => {
    const result = runChecks(
      [...baseline(), { path: 'test/pdb', manifest: budget({ minAvailable: 1 }) }],
      TEST_ENV,
    ).warnings.filter((warning) => warning.rule === disruptionBudgetAllows.id);
    expect(result.map((warning) => warning.fix)).toEqual([
      'run at least 2 replicas, or leave the budget out (one pod cannot stay available through its own eviction)',
    ]);
  });

  it('passes a budget that lets a pod go, counting an autoscaler by its minReplicas', () => {
    expect(warnings(3, budget({ minAvailable: 2 }))).toEqual([]);
    expect(warnings(3, budget({ minAvailable: '50%' }))).toEqual([]);
    expect(warnings(3, budget({ maxUnavailable: 1 }))).toEqual([]);
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 4,
        maxReplicas: 8,
      },
    };
    expect(warnings(undefined, budget({ minAvailable: 3 }), hpa)).toEqual([]);
  });
});
