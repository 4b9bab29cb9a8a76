import { Duration } from 'cdk8s';
import { CHANGE_CAUSE_ANNOTATION, Deployment } from '../../lib/constructs/deployment';
import { findObject, testChart } from '../helpers';

const containers = [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }];

describe('Deployment', () => {
  it('records why the revision exists, for kubectl rollout history', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers, changeCause: 'upgrade nginx to 1.27' });
    const deployment = findObject(chart, 'Deployment', 'web');
    expect(deployment.metadata.annotations[CHANGE_CAUSE_ANNOTATION]).toBe('upgrade nginx to 1.27');
    expect(CHANGE_CAUSE_ANNOTATION).toBe('kubernetes.io/change-cause');
  });

  it('keeps ten old revisions for rollout undo unless told otherwise', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers });
    new Deployment(chart, 'short', { containers, revisionHistoryLimit: 3 });
    expect(findObject(chart, 'Deployment', 'web').spec.revisionHistoryLimit).toBe(10);
    expect(findObject(chart, 'Deployment', 'short').spec.revisionHistoryLimit).toBe(3);
  });

  it('has no change cause unless given one', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers });
    expect(findObject(chart, 'Deployment', 'web').metadata.annotations).not.toHaveProperty([CHANGE_CAUSE_ANNOTATION]);
  });

  it('selects its template by readable labels, not a hash', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers, replicas: 4 });
    const spec = findObject(chart, 'Deployment', 'web').spec;
    expect(spec.replicas).toBe(4);
    expect(spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'test-dev',
    });
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
  });

  it('fails for negative replicas', () => {
    expect(() => new Deployment(testChart(), 'web', { containers, replicas: -2 })).toThrow(
      'test/web: replicas must be an integer of 0 or more, got -2',
    );
  });

  it('waits minReady before a new pod counts as available, and reports a rollout stalled after progressDeadline', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers, minReady: Duration.seconds(10), progressDeadline: Duration.minutes(5) });
    new Deployment(chart, 'plain', { containers });
    const spec = findObject(chart, 'Deployment', 'web').spec;
    expect(spec.minReadySeconds).toBe(10);
    expect(spec.progressDeadlineSeconds).toBe(300);
    expect(findObject(chart, 'Deployment', 'plain').spec).not.toHaveProperty('minReadySeconds');
    expect(findObject(chart, 'Deployment', 'plain').spec).not.toHaveProperty('progressDeadlineSeconds');
  });

  it('fails when selectorLabels name pod-template-hash, which its controller sets to the hash of the pod template', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', { containers, selectorLabels: { app: 'web', 'pod-template-hash': 'x' } }),
    ).toThrow(
      'test/web: selectorLabels name pod-template-hash ("x"), which the Deployment controller sets on each ReplicaSet it makes to the hash of the pod template: no ReplicaSet would match the selector, and the controller would make new ones without end; remove it (the controller adds it itself)',
    );
  });

  it('fails when progressDeadline is not longer than minReady, given or by default (600 s), as the API server refuses', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', {
          containers,
          minReady: Duration.minutes(2),
          progressDeadline: Duration.minutes(2),
        }),
    ).toThrow(
      'test/web: progressDeadline (120 s) must be longer than minReady (120 s), or a rollout would be reported stalled before any new pod could count as available (the API server refuses it: progressDeadlineSeconds must be greater than minReadySeconds); lengthen progressDeadline, e.g. Duration.seconds(720), or shorten minReady',
    );
    expect(() => new Deployment(testChart(), 'web', { containers, minReady: Duration.minutes(10) })).toThrow(
      'test/web: progressDeadline (600 s, the default) must be longer than minReady (600 s)',
    );
  });

  it('fails for a minReady or progressDeadline that is no whole number of seconds, or beyond int32', () => {
    expect(() => new Deployment(testChart(), 'web', { containers, minReady: Duration.millis(1500) })).toThrow(
      'test/web: minReady must be a whole number of seconds, got 1.5 seconds; write e.g. Duration.seconds(2)',
    );
    expect(
      () => new Deployment(testChart(), 'web', { containers, progressDeadline: Duration.seconds(2 ** 31) }),
    ).toThrow(
      'test/web: progressDeadline must be at most 2147483647 seconds (a 32-bit integer), got 2147483648 seconds',
    );
    expect(() => new Deployment(testChart(), 'web', { containers, minReady: 10 as unknown as Duration })).toThrow(
      'test/web: minReady must be a Duration',
    );
  });

  it('fails for a negative revisionHistoryLimit', () => {
    expect(() => new Deployment(testChart(), 'web', { containers, revisionHistoryLimit: -1 })).toThrow(
      'test/web: revisionHistoryLimit must be an integer of 0 or more, got -1',
    );
  });
});
