import { Deployment } from '../../lib/constructs/deployment';
import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
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

  it('get none with a single pod, or when told not to', () => {
    const chart = testChart();
    new Deployment(chart, 'single', { containers, replicas: 1 });
    new Deployment(chart, 'opted-out', { containers, replicas: 3, disruptionBudget: false });
    expect(objectsOfKind(chart, 'PodDisruptionBudget')).toEqual([]);
  });
});
