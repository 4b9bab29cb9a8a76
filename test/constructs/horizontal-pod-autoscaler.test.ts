import { Duration } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { Deployment } from '../../lib/constructs/deployment';
import { AutoscalingOptions, ScalingPolicy, ScalingSelect } from '../../lib/constructs/horizontal-pod-autoscaler';
import { runChecks } from '../../lib/checks/run-checks';
import { TEST_ENV } from '../checks/fixtures';
import { findObject, objectsOfKind, testChart } from '../helpers';

const app: ContainerProps = {
  name: 'app',
  image: 'nginx:1.27',
  ports: [{ number: 8080, name: 'http' }],
  resources: { cpuRequest: '100m', memoryRequest: '64Mi' },
};

/** The autoscaler of a Deployment `web` scaled with `autoscaling`. */
function autoscalerOf(autoscaling: AutoscalingOptions) {
  const chart = testChart();
  new Deployment(chart, 'web', { containers: [app], autoscaling });
  return { chart, spec: findObject(chart, 'HorizontalPodAutoscaler', 'web').spec };
}

/** What the gate's autoscaler rules find in the chart's Deployments and autoscalers. */
function autoscalerFindings(chart: ReturnType<typeof testChart>) {
  const objects = ['Deployment', 'HorizontalPodAutoscaler'].flatMap((kind) =>
    objectsOfKind(chart, kind).map((manifest) => ({ path: `test/${kind}`, manifest })),
  );
  return runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'autoscaler');
}

const build = (autoscaling: Partial<AutoscalingOptions>) => () =>
  new Deployment(testChart(), 'web', { containers: [app], autoscaling: { maxReplicas: 5, ...autoscaling } });

describe('HorizontalPodAutoscaler on a metric of each pod (podMetrics)', () => {
  it('scales on the average per pod of a custom metric, and on CPU only when cpuUtilization is given beside it', () => {
    const { chart, spec } = autoscalerOf({
      maxReplicas: 8,
      podMetrics: [{ name: 'inference_queue_depth', averageValue: '30' }],
    });
    expect(spec.metrics).toEqual([
      {
        type: 'Pods',
        pods: { metric: { name: 'inference_queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } },
      },
    ]);
    expect(autoscalerFindings(chart)).toEqual([]);
    expect(
      autoscalerOf({ maxReplicas: 8, cpuUtilization: 70, podMetrics: [{ name: 'queue', averageValue: '500m' }] }).spec
        .metrics,
    ).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Pods', pods: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '500m' } } },
    ]);
  });

  it('fails for a metric name the API server refuses', () => {
    expect(build({ podMetrics: [{ name: 'queue/depth', averageValue: '30' }] })).toThrow(
      'test/web/Autoscaler: podMetrics[0].name "queue/depth" must not be empty, "." or "..", nor contain "/" or "%" ' +
        '(the API server refuses it); name the metric as the custom metrics API serves it, e.g. "queue_depth"',
    );
    expect(build({ podMetrics: [{ name: '', averageValue: '30' }] })).toThrow(
      'test/web/Autoscaler: podMetrics[0].name "" must not be empty',
    );
  });

  it('fails for an average that is not a quantity above 0', () => {
    expect(build({ podMetrics: [{ name: 'queue', averageValue: '0' }] })).toThrow(
      'test/web/Autoscaler: podMetrics[0].averageValue "0" must be a quantity above 0, e.g. "30" or "500m"',
    );
    expect(build({ podMetrics: [{ name: 'queue', averageValue: 'thirty' }] })).toThrow(
      'test/web/Autoscaler: podMetrics[0].averageValue "thirty" must be a quantity above 0',
    );
  });
});

describe('HorizontalPodAutoscaler scaling policies', () => {
  it('limits how fast it scales up and down, by pods or percent per period, beside the windows', () => {
    const { chart, spec } = autoscalerOf({
      maxReplicas: 8,
      scaleUpStabilization: Duration.seconds(0),
      scaleUpPolicies: [ScalingPolicy.pods(4, Duration.seconds(60)), ScalingPolicy.percent(100, Duration.seconds(60))],
      scaleDownStabilization: Duration.minutes(10),
      scaleDownPolicies: [ScalingPolicy.pods(1, Duration.minutes(2))],
    });
    expect(spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 60 },
          { type: 'Percent', value: 100, periodSeconds: 60 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
    });
    expect(autoscalerFindings(chart)).toEqual([]);
    expect(
      autoscalerOf({ maxReplicas: 3, scaleDownPolicies: [ScalingPolicy.percent(50, Duration.minutes(1))] }).spec
        .behavior,
    ).toEqual({
      scaleDown: { policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    });
  });

  it('renders which policy applies in each direction, and a direction switched off', () => {
    const { chart, spec } = autoscalerOf({
      maxReplicas: 3,
      scaleUpPolicies: [ScalingPolicy.pods(2, Duration.minutes(1)), ScalingPolicy.percent(50, Duration.minutes(1))],
      scaleUpSelect: ScalingSelect.MIN,
      scaleDownSelect: ScalingSelect.DISABLED,
    });
    expect(spec.behavior).toEqual({
      scaleUp: {
        selectPolicy: 'Min',
        policies: [
          { type: 'Pods', value: 2, periodSeconds: 60 },
          { type: 'Percent', value: 50, periodSeconds: 60 },
        ],
      },
      scaleDown: { selectPolicy: 'Disabled' },
    });
    expect(autoscalerFindings(chart)).toEqual([]);
  });

  it('fails for a select that is none of ScalingSelect', () => {
    expect(build({ scaleDownSelect: 'Never' as ScalingSelect })).toThrow(
      'test/web: autoscaling.scaleDownSelect must be one of "Max", "Min", "Disabled", got "Never" (a string)',
    );
  });

  it('renders an empty list of policies as given, which the gate refuses as the API server does', () => {
    const { chart, spec } = autoscalerOf({ maxReplicas: 3, scaleUpPolicies: [] });
    expect(spec.behavior).toEqual({ scaleUp: { policies: [] } });
    expect(autoscalerFindings(chart).map((finding) => finding.message)).toEqual([
      'behavior.scaleUp.policies is empty; the API server requires at least one policy in a list given',
    ]);
  });

  it('fails for a policy that changes by less than one pod or percent', () => {
    expect(build({ scaleUpPolicies: [ScalingPolicy.pods(0, Duration.seconds(60))] })).toThrow(
      'test/web/Autoscaler: scaleUpPolicies[0] (ScalingPolicy.pods) value must be a whole number of 1 or more, got 0; ' +
        'to stop scaling up, set scaleUpSelect to ScalingSelect.DISABLED',
    );
    expect(build({ scaleDownPolicies: [ScalingPolicy.percent(2.5, Duration.seconds(60))] })).toThrow(
      'test/web/Autoscaler: scaleDownPolicies[0] (ScalingPolicy.percent) value must be a whole number of 1 or more, got 2.5',
    );
  });

  it('fails for a period outside 1 second to half an hour', () => {
    expect(build({ scaleDownPolicies: [ScalingPolicy.pods(1, Duration.hours(1))] })).toThrow(
      'test/web/Autoscaler: scaleDownPolicies[0] (ScalingPolicy.pods) period must be from 1 to 1800 seconds ' +
        '(half an hour), got 3600; e.g. Duration.minutes(1)',
    );
    expect(build({ scaleUpPolicies: [ScalingPolicy.percent(10, Duration.millis(500))] })).toThrow(
      'test/web/Autoscaler: scaleUpPolicies[0] (ScalingPolicy.percent) period must be a whole number of seconds, got 0.5 seconds',
    );
  });

  it('fails for a policy made of values of the wrong type, showing them', () => {
    const policy = (value: unknown, period: unknown) => ScalingPolicy.pods(value as number, period as Duration);
    expect(build({ scaleUpPolicies: [policy(Duration.seconds(5), Duration.seconds(60))] })).toThrow(
      'test/web/Autoscaler: scaleUpPolicies[0] (ScalingPolicy.pods) value must be a whole number of 1 or more, got {',
    );
    expect(build({ scaleUpPolicies: [policy('4', Duration.seconds(60))] })).toThrow(
      'value must be a whole number of 1 or more, got "4" (a string)',
    );
    expect(build({ scaleUpPolicies: [policy(4, 60)] })).toThrow(
      'test/web/Autoscaler: scaleUpPolicies[0] (ScalingPolicy.pods) period must be a Duration',
    );
  });

  it('fails for a policy that is no ScalingPolicy', () => {
    expect(build({ scaleUpPolicies: [{ type: 'Pods', value: 1 } as unknown as ScalingPolicy] })).toThrow(
      'test/web: autoscaling.scaleUpPolicies[0] must be a ScalingPolicy, e.g. ScalingPolicy.pods(4, Duration.minutes(1)), got',
    );
  });
});
