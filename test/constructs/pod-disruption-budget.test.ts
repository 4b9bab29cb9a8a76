import { Deployment } from '../../lib/constructs/deployment';
import { PodDisruptionBudget, UnhealthyPodEvictionPolicy } from '../../lib/constructs/pod-disruption-budget';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import { findObject, objectsOfKind, testChart } from '../helpers';

const containers = [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080 }] }];

describe('PodDisruptionBudget', () => {
  it('lets one pod of the workload down at once by default', () => {
    const chart = testChart();
    new PodDisruptionBudget(chart, 'web-pdb', {
      selector: new Deployment(chart, 'web', { containers, disruptionBudget: false }),
    });
    expect(findObject(chart, 'PodDisruptionBudget', 'web-pdb').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'test-dev' } },
    });
  });

  it('lets a drain evict pods that are not ready when told, so that they never block it', () => {
    const chart = testChart();
    new PodDisruptionBudget(chart, 'web-pdb', {
      selector: new Deployment(chart, 'web', { containers, disruptionBudget: false }),
      unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW,
    });
    expect(findObject(chart, 'PodDisruptionBudget', 'web-pdb').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it('fails for an eviction policy in the wrong case', () => {
    const chart = testChart();
    expect(
      () =>
        new PodDisruptionBudget(chart, 'pdb', {
          selector: new Deployment(chart, 'web', { containers }),
          unhealthyPodEvictionPolicy: 'alwaysAllow' as UnhealthyPodEvictionPolicy,
        }),
    ).toThrow(
      'test/pdb: unhealthyPodEvictionPolicy must be one of "IfHealthyBudget", "AlwaysAllow", got "alwaysAllow" (a string); write "AlwaysAllow"',
    );
  });

  it('fails for a maxUnavailable of 0, which would block every node drain', () => {
    const chart = testChart();
    expect(
      () =>
        new PodDisruptionBudget(chart, 'pdb', {
          selector: new Deployment(chart, 'web', { containers }),
          maxUnavailable: 0,
        }),
    ).toThrow('test/pdb: maxUnavailable must be an integer of 1 or more, got 0');
  });
});

describe('workloads with replicas', () => {
  it('get a budget of their own name when they run more than one pod', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers, replicas: 3 });
    new ReplicaSet(chart, 'hello', { containers, replicas: 2 });
    new StatefulSet(chart, 'db', { containers, port: 8080, replicas: 2 });
    expect(objectsOfKind(chart, 'PodDisruptionBudget').map((pdb) => pdb.metadata.name)).toEqual(['web', 'hello', 'db']);
  });

  it("take the budget's maxUnavailable and eviction policy, and leave Kubernetes' default policy otherwise", () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      containers,
      replicas: 4,
      disruptionBudget: { maxUnavailable: 2, unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW },
    });
    new Deployment(chart, 'api', { containers, replicas: 3 });
    expect(findObject(chart, 'PodDisruptionBudget', 'web').spec).toMatchObject({
      maxUnavailable: 2,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(findObject(chart, 'PodDisruptionBudget', 'api').spec.unhealthyPodEvictionPolicy).toBeUndefined();
  });

  it('fail for a disruptionBudget that is neither a boolean nor options', () => {
    const chart = testChart();
    expect(
      () => new Deployment(chart, 'web', { containers, replicas: 3, disruptionBudget: 'yes' as unknown as boolean }),
    ).toThrow(
      'test/web: disruptionBudget must be true, false or { maxUnavailable, unhealthyPodEvictionPolicy }, got "yes" (a string)',
    );
  });

  it('get none with a single pod, or when told not to', () => {
    const chart = testChart();
    new Deployment(chart, 'single', { containers, replicas: 1 });
    new Deployment(chart, 'opted-out', { containers, replicas: 3, disruptionBudget: false });
    expect(objectsOfKind(chart, 'PodDisruptionBudget')).toEqual([]);
  });
});
