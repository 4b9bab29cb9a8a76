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

  it('fails for a negative revisionHistoryLimit', () => {
    expect(() => new Deployment(testChart(), 'web', { containers, revisionHistoryLimit: -1 })).toThrow(
      'test/web: revisionHistoryLimit must be an integer of 0 or more, got -1',
    );
  });
});
