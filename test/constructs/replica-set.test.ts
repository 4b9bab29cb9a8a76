import { Duration } from 'cdk8s';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { findObject, testChart } from '../helpers';

const containers = [{ name: 'app', image: 'nginx:1.27' }];

describe('ReplicaSet', () => {
  it('counts a new pod available after minReady, and fails for one beyond int32', () => {
    const chart = testChart();
    new ReplicaSet(chart, 'hello', { containers, minReady: Duration.seconds(5) });
    new ReplicaSet(chart, 'plain', { containers });
    expect(findObject(chart, 'ReplicaSet', 'hello').spec.minReadySeconds).toBe(5);
    expect(findObject(chart, 'ReplicaSet', 'plain').spec).not.toHaveProperty('minReadySeconds');
    expect(() => new ReplicaSet(testChart(), 'hello', { containers, minReady: Duration.seconds(2 ** 31) })).toThrow(
      'test/hello: minReady must be at most 2147483647 seconds (a 32-bit integer), got 2147483648 seconds',
    );
  });

  it('keeps the given number of pods', () => {
    const chart = testChart();
    new ReplicaSet(chart, 'hello', { replicas: 3, containers });
    const rs = findObject(chart, 'ReplicaSet', 'hello');
    expect(rs.apiVersion).toBe('apps/v1');
    expect(rs.spec.replicas).toBe(3);
  });

  it('selects its pods by readable labels that its template carries', () => {
    const chart = testChart();
    new ReplicaSet(chart, 'hello', { containers });
    const rs = findObject(chart, 'ReplicaSet', 'hello');
    expect(rs.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'hello',
      'app.kubernetes.io/instance': 'test-dev',
    });
    expect(rs.spec.template.metadata.labels).toMatchObject(rs.spec.selector.matchLabels);
  });

  it('runs two pods by default', () => {
    const chart = testChart();
    new ReplicaSet(chart, 'hello', { containers });
    expect(findObject(chart, 'ReplicaSet', 'hello').spec.replicas).toBe(2);
  });

  it('accepts zero replicas', () => {
    const chart = testChart();
    new ReplicaSet(chart, 'hello', { replicas: 0, containers });
    expect(findObject(chart, 'ReplicaSet', 'hello').spec.replicas).toBe(0);
  });

  it('fails for negative replicas', () => {
    expect(() => new ReplicaSet(testChart(), 'hello', { replicas: -1, containers })).toThrow(
      'test/hello: replicas must be an integer of 0 or more, got -1',
    );
  });
});
