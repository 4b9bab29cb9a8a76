import { Duration } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { DaemonSet } from '../../lib/constructs/daemon-set';
import { Deployment, DeploymentStrategy } from '../../lib/constructs/deployment';
import { HorizontalPodAutoscaler } from '../../lib/constructs/horizontal-pod-autoscaler';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import { runChecks } from '../../lib/checks/run-checks';
import { TEST_ENV } from '../checks/fixtures';
import { findObject, objectsOfKind, testChart } from '../helpers';

const app: ContainerProps = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };

describe('Deployment strategy', () => {
  it("leaves Kubernetes' rolling update by default", () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers: [app] });
    expect(findObject(chart, 'Deployment', 'web').spec.strategy).toBeUndefined();
  });

  it('rolls with the surge and unavailability given, as numbers or percentages', () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      containers: [app],
      strategy: DeploymentStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: '0%' }),
    });
    expect(findObject(chart, 'Deployment', 'web').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: '0%' },
    });
  });

  it('recreates: every old pod stops before the new ones start', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers: [app], strategy: DeploymentStrategy.recreate() });
    expect(findObject(chart, 'Deployment', 'web').spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('fails when both maxSurge and maxUnavailable are 0', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', {
          containers: [app],
          strategy: DeploymentStrategy.rollingUpdate({ maxSurge: 0, maxUnavailable: '0%' }),
        }),
    ).toThrow(
      'test/web: strategy maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod; ' +
        'let one of them be 1 or more, e.g. maxSurge: 1',
    );
  });

  it('fails for a surge that is neither a count nor a percentage up to 100%', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', {
          containers: [app],
          strategy: DeploymentStrategy.rollingUpdate({ maxUnavailable: '150%' }),
        }),
    ).toThrow(
      'test/web: strategy.maxUnavailable must be an integer of 0 or more or a percentage from 0% to 100%, got "150%"',
    );
  });
});

describe('DaemonSet', () => {
  it('runs one pod per node with the recommended labels and secure defaults, selected by name and instance', () => {
    const chart = testChart();
    new DaemonSet(chart, 'log-shipper', { containers: [app], labels: { tier: 'infra' } });
    const daemonSet = findObject(chart, 'DaemonSet', 'log-shipper');
    expect(daemonSet.apiVersion).toBe('apps/v1');
    expect(daemonSet.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'log-shipper', tier: 'infra' });
    expect(daemonSet.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'log-shipper',
      'app.kubernetes.io/instance': 'test-dev',
    });
    expect(daemonSet.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(daemonSet.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(daemonSet.spec.replicas).toBeUndefined();
  });
});

describe('HorizontalPodAutoscaler', () => {
  it('waits the stabilization windows given before it scales down or up', () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      containers: [app],
      autoscaling: { maxReplicas: 5, scaleDownStabilization: Duration.minutes(10) },
    });
    new Deployment(chart, 'api', {
      containers: [app],
      autoscaling: {
        maxReplicas: 5,
        scaleUpStabilization: Duration.seconds(30),
        scaleDownStabilization: Duration.seconds(0),
      },
    });
    expect(findObject(chart, 'HorizontalPodAutoscaler', 'web').spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 600 },
    });
    expect(findObject(chart, 'HorizontalPodAutoscaler', 'api').spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 0 },
      scaleUp: { stabilizationWindowSeconds: 30 },
    });
  });

  it('fails for a stabilization window above an hour, which the API server refuses', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', {
          containers: [app],
          autoscaling: { maxReplicas: 5, scaleDownStabilization: Duration.hours(2) },
        }),
    ).toThrow(
      'test/web/Autoscaler: scaleDownStabilization must be whole seconds from 0 to 3600 (an hour), got 7200; ' +
        'e.g. Duration.minutes(5), the default for scaling down',
    );
  });

  it('scales a Deployment on CPU, in autoscaling/v2', () => {
    const chart = testChart();
    const web = new Deployment(chart, 'web', { containers: [app], autoscaling: { minReplicas: 2, maxReplicas: 5 } });
    const hpa = findObject(chart, 'HorizontalPodAutoscaler', 'web');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(web.autoscaler).toBeDefined();
  });

  it('leaves spec.replicas out of an autoscaled workload, so server-side apply does not undo the autoscaler', () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers: [app], autoscaling: { minReplicas: 2, maxReplicas: 5 } });
    new StatefulSet(chart, 'db', { port: 8080, containers: [app], autoscaling: { minReplicas: 1, maxReplicas: 3 } });
    expect(findObject(chart, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect(findObject(chart, 'StatefulSet', 'db').spec).not.toHaveProperty('replicas');
  });

  it("gives a PodDisruptionBudget and a spread when the autoscaler's minimum is more than one pod", () => {
    const chart = testChart();
    new Deployment(chart, 'web', { containers: [app], autoscaling: { minReplicas: 2, maxReplicas: 5 } });
    new Deployment(chart, 'solo', { containers: [app], autoscaling: { minReplicas: 1, maxReplicas: 5 } });
    expect(objectsOfKind(chart, 'PodDisruptionBudget').map((pdb) => pdb.metadata.name)).toEqual(['web']);
    expect(findObject(chart, 'Deployment', 'web').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
  });

  it('takes the replicas of a workload it scales when made apart: the spec leaves them out, as with `autoscaling`', () => {
    const chart = testChart();
    const web = new Deployment(chart, 'web', { containers: [app] });
    const db = new StatefulSet(chart, 'db', { port: 8080, containers: [app] });
    const hpa = new HorizontalPodAutoscaler(chart, 'web-hpa', { target: web, minReplicas: 2, maxReplicas: 6 });
    new HorizontalPodAutoscaler(chart, 'db-hpa', { target: db, maxReplicas: 3 });
    expect(findObject(chart, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect(findObject(chart, 'StatefulSet', 'db').spec).not.toHaveProperty('replicas');
    expect([web.autoscaler, web.replicas]).toEqual([hpa, undefined]);
    const rendered = objectsOfKind(chart, 'Deployment').map((manifest) => ({ path: 'test/web', manifest }));
    const hpas = objectsOfKind(chart, 'HorizontalPodAutoscaler').map((manifest) => ({ path: 'test/hpa', manifest }));
    const findings = runChecks([...rendered, ...hpas], TEST_ENV).findings.filter((f) => f.rule === 'autoscaler');
    expect(findings).toEqual([]);
  });

  it('refuses to scale a workload that sets its replicas, or that another autoscaler scales', () => {
    const chart = testChart();
    const fixed = new Deployment(chart, 'fixed', { containers: [app], replicas: 3 });
    expect(() => new HorizontalPodAutoscaler(chart, 'hpa', { target: fixed, maxReplicas: 5 })).toThrow(
      'test/hpa: target test/fixed sets replicas 3, which the autoscaler would set; remove replicas from test/fixed ' +
        '(minReplicas is the floor)',
    );
    const scaled = new Deployment(chart, 'scaled', { containers: [app], autoscaling: { maxReplicas: 4 } });
    expect(() => new HorizontalPodAutoscaler(chart, 'second', { target: scaled, maxReplicas: 5 })).toThrow(
      'test/second: target test/scaled is already scaled by test/scaled/Autoscaler; a workload takes one autoscaler',
    );
  });

  it('scales on memory too when asked', () => {
    const chart = testChart();
    new HorizontalPodAutoscaler(chart, 'hpa', {
      target: new Deployment(chart, 'web', { containers: [app] }),
      maxReplicas: 4,
      cpuUtilization: 70,
      memoryUtilization: 75,
    });
    expect(findObject(chart, 'HorizontalPodAutoscaler', 'hpa').spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
    ]);
  });

  it('fails when maxReplicas is below minReplicas', () => {
    expect(
      () => new Deployment(testChart(), 'web', { containers: [app], autoscaling: { minReplicas: 4, maxReplicas: 2 } }),
    ).toThrow('test/web/Autoscaler: maxReplicas 2 is below minReplicas 4; raise maxReplicas to 4 or more');
  });

  it('fails when minReplicas is below 1', () => {
    expect(
      () => new Deployment(testChart(), 'web', { containers: [app], autoscaling: { minReplicas: 0, maxReplicas: 2 } }),
    ).toThrow('test/web: autoscaling.minReplicas must be an integer of 1 or more, got 0');
  });

  it('fails when a workload has both replicas and autoscaling', () => {
    expect(
      () =>
        new Deployment(testChart(), 'web', {
          containers: [app],
          replicas: 3,
          autoscaling: { minReplicas: 2, maxReplicas: 5 },
        }),
    ).toThrow(
      'test/web: replicas 3 and autoscaling are both given; the autoscaler sets the replicas, so remove `replicas` ' +
        '(autoscaling.minReplicas is the floor)',
    );
  });
});
