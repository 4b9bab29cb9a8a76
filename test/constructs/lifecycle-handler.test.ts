import { Chart, Cron, Duration, Testing } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { CronJob } from '../../lib/constructs/cron-job';
import { Deployment } from '../../lib/constructs/deployment';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import { Pod } from '../../lib/constructs/pod';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import { DaemonSet } from '../../lib/constructs/daemon-set';
import { Job } from '../../lib/constructs/job';
import { podTemplatePath } from '../../lib/kinds/kinds';
import { AnyManifest, find, findObject, renderedChart, testChart } from '../helpers';

const web: ContainerProps = { name: 'web', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };
const sleep5 = LifecycleHandler.sleep(Duration.seconds(5));

/** A test chart whose environment runs `release`, as an AppChart gives it. */
function chartOn(release: string): Chart {
  const app = Testing.app();
  app.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
  return testChart(app);
}

/** The manifests the writer renders for a chart on `release` that `add` fills. */
function renderedOn(release: string, add: (chart: Chart) => unknown): AnyManifest[] {
  return renderedChart((app) => {
    app.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
    const chart = testChart(app);
    add(chart);
    return chart;
  }, 'test.k8s.yaml');
}

describe('LifecycleHandler', () => {
  it('runs a command before the container stops and after it starts', () => {
    const chart = testChart();
    new Pod(chart, 'web', {
      containers: [
        {
          ...web,
          preStop: LifecycleHandler.exec(['/bin/drain', '--timeout=20s']),
          postStart: LifecycleHandler.httpGet('/warm', 'http'),
        },
      ],
    });
    expect(findObject(chart, 'Pod', 'web').spec.containers[0].lifecycle).toEqual({
      preStop: { exec: { command: ['/bin/drain', '--timeout=20s'] } },
      postStart: { httpGet: { path: '/warm', port: 'http' } },
    });
  });

  it('calls over HTTPS when asked', () => {
    expect(LifecycleHandler.httpGet('/drain', 8443, { https: true }).toKube().httpGet?.scheme).toBe('HTTPS');
  });

  it('renders a sleep on 1.30 and later, at the pod template of each kind', () => {
    const manifests = renderedOn('1.30', (chart) => {
      new Deployment(chart, 'web', { containers: [{ ...web, preStop: LifecycleHandler.sleep(Duration.seconds(5)) }] });
      new CronJob(chart, 'nightly', {
        schedule: Cron.daily(),
        containers: [{ name: 'job', image: 'busybox:1.36', postStart: LifecycleHandler.sleep(Duration.seconds(2)) }],
      });
    });
    expect(find(manifests, 'Deployment', 'web').spec.template.spec.containers[0].lifecycle).toEqual({
      preStop: { sleep: { seconds: 5 } },
    });
    const cronJob = find(manifests, 'CronJob', 'nightly');
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].lifecycle).toEqual({
      postStart: { sleep: { seconds: 2 } },
    });
  });

  it('renders a sleep in every kind of workload, in its second container too', () => {
    const containers = [web, { name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', preStop: sleep5 }];
    const manifests = renderedOn('1.37', (chart) => {
      new Pod(chart, 'pod', { containers });
      new Deployment(chart, 'deployment', { containers });
      new ReplicaSet(chart, 'replica-set', { containers });
      new StatefulSet(chart, 'stateful-set', { port: 8080, containers });
      new DaemonSet(chart, 'daemon-set', { containers });
      new Job(chart, 'job', { containers });
      new CronJob(chart, 'cron-job', { schedule: Cron.daily(), containers });
    });
    const kinds = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
    for (const kind of kinds) {
      const object = find(manifests, kind, kind.replace(/(.)([A-Z])/g, '$1-$2').toLowerCase());
      const pod = (podTemplatePath(kind) ?? []).reduce((value, key) => value[key], object);
      expect({ kind, lifecycle: pod.spec.containers[1].lifecycle }).toEqual({
        kind,
        lifecycle: { preStop: { sleep: { seconds: 5 } } },
      });
    }
  });

  it('fails for a sleep on a release without the sleep action, naming the release and the fix', () => {
    expect(
      () =>
        new Pod(chartOn('1.29'), 'web', {
          containers: [{ ...web, preStop: LifecycleHandler.sleep(Duration.seconds(5)) }],
        }),
    ).toThrow(
      "test/web: containers[web].preStop is LifecycleHandler.sleep, which Kubernetes 1.29 (the environment's " +
        "kubernetesVersion) does not know: the sleep action comes with 1.30; use LifecycleHandler.exec(['sleep', '5']) instead",
    );
  });

  it('takes the oldest supported release (1.27) outside an environment, so a sleep fails there', () => {
    expect(
      () =>
        new Pod(testChart(), 'web', {
          containers: [{ ...web, postStart: LifecycleHandler.sleep(Duration.seconds(1)) }],
        }),
    ).toThrow('containers[web].postStart is LifecycleHandler.sleep, which Kubernetes 1.27');
  });

  it.each([
    [Duration.seconds(31), undefined, '31 seconds', '(30s)'],
    [Duration.millis(1500), undefined, '1.5 seconds', '(30s)'],
    [Duration.seconds(20), Duration.seconds(10), '20 seconds', '(10s)'],
  ])('fails for a sleep of %s outside 1 second to the grace period', (sleep, gracePeriod, slept, allowed) => {
    expect(
      () =>
        new Pod(chartOn('1.37'), 'web', {
          terminationGracePeriod: gracePeriod,
          containers: [{ ...web, preStop: LifecycleHandler.sleep(sleep) }],
        }),
    ).toThrow(
      `test/web: containers[web].preStop sleeps ${slept}; the API server takes whole seconds from 1 to the pod's ` +
        `terminationGracePeriod ${allowed}; sleep less or raise terminationGracePeriod`,
    );
  });

  it('fails for an HTTP handler on a port the container does not declare', () => {
    expect(
      () =>
        new Pod(testChart(), 'web', { containers: [{ ...web, preStop: LifecycleHandler.httpGet('/drain', 'admin') }] }),
    ).toThrow(
      'test/web: containers[web]: a lifecycle handler targets port "admin", which the container does not name; named ports: "http"',
    );
  });
});
