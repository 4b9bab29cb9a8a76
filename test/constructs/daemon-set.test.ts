import { Duration } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { DaemonSet, DaemonSetRollingUpdateOptions, DaemonSetUpdateStrategy } from '../../lib/constructs/daemon-set';
import { AnyManifest, findObject, testChart } from '../helpers';

const agent: ContainerProps = { name: 'agent', image: 'fluent/fluent-bit:3.1.9' };

function agentWith(updateStrategy: DaemonSetUpdateStrategy): AnyManifest {
  const chart = testChart();
  new DaemonSet(chart, 'agent', { containers: [agent], updateStrategy });
  return findObject(chart, 'DaemonSet', 'agent').spec.updateStrategy;
}

describe('DaemonSet update strategy', () => {
  it('goes on to the next node only when the new pod stayed ready for minReady, and keeps revisionHistoryLimit revisions', () => {
    const chart = testChart();
    new DaemonSet(chart, 'agent', { containers: [agent], minReady: Duration.seconds(30) });
    expect(findObject(chart, 'DaemonSet', 'agent').spec.minReadySeconds).toBe(30);
    new DaemonSet(chart, 'kept', { containers: [agent], revisionHistoryLimit: 5 });
    expect(findObject(chart, 'DaemonSet', 'kept').spec.revisionHistoryLimit).toBe(5);
    expect(() => new DaemonSet(testChart(), 'agent', { containers: [agent], minReady: Duration.millis(10) })).toThrow(
      'test/agent: minReady must be a whole number of seconds, got 0.01 seconds; write e.g. Duration.seconds(1)',
    );
  });

  it('fails when selectorLabels name controller-revision-hash, which its controller sets to the hash of the template', () => {
    expect(
      () =>
        new DaemonSet(testChart(), 'agent', {
          containers: [agent],
          selectorLabels: { 'controller-revision-hash': 'x' },
        }),
    ).toThrow(
      'test/agent: selectorLabels name controller-revision-hash ("x"), which the DaemonSet controller sets on each pod it makes to the hash of the pod template: no pod would match the selector, and the controller would make pods without end; remove it (the controller adds it itself)',
    );
  });

  it("leaves the strategy to Kubernetes' rolling update of one node at a time by default", () => {
    const chart = testChart();
    new DaemonSet(chart, 'agent', { containers: [agent] });
    expect(findObject(chart, 'DaemonSet', 'agent').spec.updateStrategy).toBeUndefined();
  });

  it('rolls out over a share of the nodes at once', () => {
    expect(agentWith(DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: '10%' }))).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '10%' },
    });
  });

  it('starts the new pod beside the old one, so that no node goes without its agent', () => {
    expect(agentWith(DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0, maxSurge: 1 }))).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
  });

  it('replaces a pod only when it is deleted', () => {
    expect(agentWith(DaemonSetUpdateStrategy.onDelete())).toEqual({ type: 'OnDelete' });
  });

  it.each<[DaemonSetRollingUpdateOptions, string]>([
    [
      { maxUnavailable: '150%' as `${number}%` },
      'test/agent: updateStrategy.maxUnavailable must be an integer of 0 or more or a percentage from 0% to 100%, got "150%"',
    ],
    [
      { maxUnavailable: 0, maxSurge: -1 },
      'test/agent: updateStrategy.maxSurge must be an integer of 0 or more or a percentage from 0% to 100%, got -1',
    ],
    [
      { maxUnavailable: 0 },
      'test/agent: updateStrategy maxUnavailable 0 and maxSurge 0 (the default) are both 0, so a rollout could ' +
        'never replace a pod; let one of them be 1 or more, e.g. maxUnavailable: 1',
    ],
    [
      { maxSurge: 1 },
      'test/agent: updateStrategy maxUnavailable 1 (the default) and maxSurge 1 are both above 0, which the API ' +
        'server refuses: a DaemonSet either starts the new pod beside the old one (maxSurge) or takes the old one ' +
        'down first (maxUnavailable); set maxUnavailable: 0 to surge, or remove maxSurge',
    ],
  ])('fails for a rolling update the API server refuses: %j', (options, message) => {
    expect(() => agentWith(DaemonSetUpdateStrategy.rollingUpdate(options))).toThrow(message);
  });

  it('fails for a misspelt option of a rolling update, which would be dropped', () => {
    expect(() =>
      agentWith(DaemonSetUpdateStrategy.rollingUpdate({ maxUnavaliable: 1 } as DaemonSetRollingUpdateOptions)),
    ).toThrow(
      'test/agent: updateStrategy (DaemonSetUpdateStrategy.rollingUpdate) options has an unknown key "maxUnavaliable"; did you mean "maxUnavailable"?',
    );
  });

  it('fails for a strategy of another workload', () => {
    expect(() => agentWith('OnDelete' as unknown as DaemonSetUpdateStrategy)).toThrow(
      /^test\/agent: updateStrategy must be a DaemonSetUpdateStrategy, e\.g\. DaemonSetUpdateStrategy\.rollingUpdate\(\{ maxUnavailable: 1 \}\), got "OnDelete"/,
    );
  });
});
