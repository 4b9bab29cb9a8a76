import { App } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { Deployment } from '../../lib/constructs/deployment';
import { PreemptionPolicy, PriorityClass } from '../../lib/constructs/priority-class';
import { renderEnvironments } from '../../lib/synthesize';
import { DEV, find, renderedTestChart, testChart } from '../helpers';

describe('PriorityClass', () => {
  it('is named after its id unless given a name, and written without a namespace', () => {
    let byId: PriorityClass | undefined;
    const manifests = renderedTestChart((chart) => {
      byId = new PriorityClass(chart, 'platform-critical', { value: 100_000 });
      new PriorityClass(chart, 'other', { name: 'batch-low', value: -10 });
    });
    expect(byId?.name).toBe('platform-critical');
    expect(find(manifests, 'PriorityClass', 'platform-critical').metadata.namespace).toBeUndefined();
    expect(find(manifests, 'PriorityClass', 'batch-low').value).toBe(-10);
  });

  it('writes its value, description and preemption policy, leaving the default class and preemption to Kubernetes', () => {
    const manifests = renderedTestChart((chart) => {
      new PriorityClass(chart, 'critical', { value: 1000, description: 'platform services' });
      new PriorityClass(chart, 'batch', {
        value: 10,
        preemptionPolicy: PreemptionPolicy.NEVER,
        globalDefault: true,
      });
    });
    const critical = find(manifests, 'PriorityClass', 'critical');
    expect([critical.value, critical.description, critical.preemptionPolicy, critical.globalDefault]).toEqual([
      1000,
      'platform services',
      undefined,
      undefined,
    ]);
    expect(find(manifests, 'PriorityClass', 'batch')).toMatchObject({ preemptionPolicy: 'Never', globalDefault: true });
  });

  it('is a class the gate knows, so pods that name it pass', () => {
    const build = () => {
      const app = new App();
      const chart = new AppChart(app, 'prio', { env: DEV, namespace: 'prio' });
      const critical = new PriorityClass(chart, 'platform-critical', { value: 100_000 });
      new Deployment(chart, 'web', {
        replicas: 1,
        priorityClassName: critical.name,
        containers: [{ name: 'app', image: 'nginx:1.27' }],
      });
      return app;
    };
    expect(() => renderEnvironments({ environments: [DEV], build })).not.toThrow();
  });

  it.each([[1.5], ['1000']])('fails for a value that is not an integer: %p', (value) => {
    expect(() => new PriorityClass(testChart(), 'critical', { value: value as number })).toThrow(
      /^test\/critical: value must be an integer of -2147483648 or more, got /,
    );
  });

  it('fails for a name that is not a DNS-1123 subdomain', () => {
    expect(() => new PriorityClass(testChart(), 'critical', { name: 'Platform_Critical', value: 1 })).toThrow(
      "test/critical: name must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' or '.', " +
        'starting and ending with a letter or digit), got "Platform_Critical"; rename it, e.g. "platform-critical"',
    );
  });

  it("fails for a value above 1000000000, which only the cluster's own classes may have", () => {
    expect(() => new PriorityClass(testChart(), 'critical', { value: 1_000_000_001 })).toThrow(
      "test/critical: value must be at most 1000000000 (higher values are kept for the cluster's own classes), got 1000000001; give 1000000000 to outrank every other class",
    );
    expect(() => new PriorityClass(testChart(), 'critical', { value: 1_000_000_000 })).not.toThrow();
  });

  it('fails for a name with the system- prefix', () => {
    expect(() => new PriorityClass(testChart(), 'system-important', { value: 1 })).toThrow(
      'test/system-important: name "system-important" starts with "system-", which Kubernetes keeps for the cluster\'s own PriorityClasses; name it without "system-", or name a built-in class in priorityClassName instead of making it',
    );
  });

  it('fails for a preemption policy in the wrong case', () => {
    expect(
      () => new PriorityClass(testChart(), 'critical', { value: 1, preemptionPolicy: 'never' as PreemptionPolicy }),
    ).toThrow(
      'test/critical: preemptionPolicy must be one of "PreemptLowerPriority", "Never", got "never" (a string); write "Never"',
    );
  });
});
