import { Chart, Cron, Size } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { CronJob } from '../../lib/constructs/cron-job';
import { Deployment } from '../../lib/constructs/deployment';
import { Ingress } from '../../lib/constructs/ingress';
import { Job } from '../../lib/constructs/job';
import { Namespace } from '../../lib/constructs/namespace';
import { NetworkPolicy } from '../../lib/constructs/network-policy';
import { PersistentVolume } from '../../lib/constructs/persistent-volume';
import { PersistentVolumeClaim } from '../../lib/constructs/persistent-volume-claim';
import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
import { Pod } from '../../lib/constructs/pod';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { SealedSecret } from '../../lib/constructs/sealed-secret';
import { Service } from '../../lib/constructs/service';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import { StorageClass } from '../../lib/constructs/storage-class';
import { WebService } from '../../lib/constructs/web-service';
import { findObject, testChart } from '../helpers';

const redis: ContainerProps = { name: 'redis', image: 'redis:7.2', ports: [{ number: 6379, name: 'redis' }] };
const metadata = { labels: { tier: 'backend' }, annotations: { 'example.com/owner': 'team a' } };

/** Each construct, built with the same labels and annotations, and the kind and name of the object it writes. */
const CONSTRUCTS: [string, string, (chart: Chart) => unknown][] = [
  ['Deployment', 'd', (chart) => new Deployment(chart, 'd', { ...metadata, containers: [redis] })],
  ['ReplicaSet', 'r', (chart) => new ReplicaSet(chart, 'r', { ...metadata, containers: [redis] })],
  ['Pod', 'p', (chart) => new Pod(chart, 'p', { ...metadata, containers: [redis] })],
  ['StatefulSet', 's', (chart) => new StatefulSet(chart, 's', { ...metadata, port: 6379, containers: [redis] })],
  ['Job', 'j', (chart) => new Job(chart, 'j', { ...metadata, containers: [redis] })],
  [
    'CronJob',
    'c',
    (chart) => new CronJob(chart, 'c', { ...metadata, schedule: Cron.everyMinute(), containers: [redis] }),
  ],
  [
    'Service',
    'svc',
    (chart) =>
      new Service(chart, 'svc', {
        ...metadata,
        selector: new Deployment(chart, 'd', { containers: [redis] }),
        ports: [{ port: 6379 }],
      }),
  ],
  [
    'Ingress',
    'i',
    (chart) => {
      const selector = new Deployment(chart, 'd', { containers: [{ ...redis, ports: [{ number: 8080 }] }] });
      const service = new Service(chart, 'svc', { selector, ports: [{ port: 80, targetPort: 8080 }] });
      return new Ingress(chart, 'i', { ...metadata, rules: [{ paths: [{ path: '/', service }] }] });
    },
  ],
  ['NetworkPolicy', 'n', (chart) => new NetworkPolicy(chart, 'n', { ...metadata, ingress: [] })],
  [
    'PodDisruptionBudget',
    'b',
    (chart) =>
      new PodDisruptionBudget(chart, 'b', {
        ...metadata,
        selector: new Deployment(chart, 'd', { containers: [redis], disruptionBudget: false }),
      }),
  ],
  [
    'PersistentVolume',
    'v',
    (chart) => new PersistentVolume(chart, 'v', { ...metadata, hostPath: '/data', capacity: Size.gibibytes(1) }),
  ],
  [
    'PersistentVolumeClaim',
    'c',
    (chart) => new PersistentVolumeClaim(chart, 'c', { ...metadata, storage: Size.gibibytes(1) }),
  ],
  ['StorageClass', 'sc', (chart) => new StorageClass(chart, 'sc', metadata)],
  [
    'SealedSecret',
    'ss',
    (chart) => new SealedSecret(chart, 'ss', { ...metadata, keys: ['A'], sealedValues: { 'ns/ss': { A: 'AgB=' } } }),
  ],
  ['Namespace', 'x', (chart) => new Namespace(chart, 'x', metadata)],
];

describe('labels and annotations', () => {
  it.each(CONSTRUCTS)('%s takes labels and annotations', (kind, name, build) => {
    const chart = testChart();
    build(chart);
    const object = findObject(chart, kind, name);
    expect(object.metadata.labels).toMatchObject({ tier: 'backend', 'app.kubernetes.io/part-of': 'test' });
    expect(object.metadata.annotations).toMatchObject({ 'example.com/owner': 'team a' });
  });

  it('WebService gives them to every object it makes', () => {
    const chart = testChart();
    new WebService(chart, 'shop', { ...metadata, image: 'shop:1.0.0', host: 'shop.example.com', config: { A: 'b' } });
    for (const kind of ['Deployment', 'Service', 'Ingress', 'ConfigMap']) {
      const object = findObject(chart, kind, 'shop');
      expect([kind, object.metadata.labels.tier, object.metadata.annotations['example.com/owner']]).toEqual([
        kind,
        'backend',
        'team a',
      ]);
    }
  });

  it('keeps the recommended labels when a user label has the same key (they take precedence)', () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      labels: { 'app.kubernetes.io/name': 'other', 'app.kubernetes.io/part-of': 'other' },
      podLabels: { 'app.kubernetes.io/instance': 'other' },
      selectorLabels: { 'app.kubernetes.io/name': 'other' },
      containers: [redis],
    });
    const deployment = findObject(chart, 'Deployment', 'web');
    for (const labels of [
      deployment.metadata.labels,
      deployment.spec.selector.matchLabels,
      deployment.spec.template.metadata.labels,
    ]) {
      expect(labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'test-dev' });
    }
    expect(deployment.metadata.labels['app.kubernetes.io/part-of']).toBe('test');
  });

  it('keeps a construct annotation of the same key (the change cause)', () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      annotations: { 'kubernetes.io/change-cause': 'mine' },
      changeCause: 'the construct',
      containers: [redis],
    });
    expect(findObject(chart, 'Deployment', 'web').metadata.annotations['kubernetes.io/change-cause']).toBe(
      'the construct',
    );
  });
});

describe('selector labels', () => {
  function leader(chart: Chart): Deployment {
    return new Deployment(chart, 'redis-leader', {
      selectorLabels: { app: 'redis', role: 'leader' },
      podLabels: { tier: 'backend' },
      podAnnotations: { 'example.com/scrape': 'true' },
      containers: [redis],
    });
  }

  it('select the pods with the recommended name and instance, and the migrated app and role', () => {
    const chart = testChart();
    leader(chart);
    const deployment = findObject(chart, 'Deployment', 'redis-leader');
    const selector = {
      app: 'redis',
      role: 'leader',
      'app.kubernetes.io/name': 'redis-leader',
      'app.kubernetes.io/instance': 'test-dev',
    };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject({ ...selector, tier: 'backend' });
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'example.com/scrape': 'true' });
    expect(deployment.metadata.labels).toMatchObject({ app: 'redis', role: 'leader' });
    expect(deployment.metadata.labels.tier).toBeUndefined();
  });

  it('are what a Service and a PodDisruptionBudget of the workload select by', () => {
    const chart = testChart();
    const workload = leader(chart);
    new Service(chart, 'redis-leader-service', { name: 'redis-leader', selector: workload, ports: [{ port: 6379 }] });
    const matchLabels = findObject(chart, 'Deployment', 'redis-leader').spec.selector.matchLabels;
    expect(findObject(chart, 'Service', 'redis-leader').spec.selector).toEqual(matchLabels);
    expect(findObject(chart, 'PodDisruptionBudget', 'redis-leader').spec.selector.matchLabels).toEqual(matchLabels);
  });
});

describe('label and annotation syntax', () => {
  function deployment(props: object): () => unknown {
    return () => new Deployment(testChart(), 'web', { containers: [redis], ...props });
  }

  it('fails for a label key that is not a label key', () => {
    expect(deployment({ labels: { 'my tier': 'a' } })).toThrow(
      `test/web: labels key "my tier" is not a label key (an optional DNS subdomain prefix and '/', then at most 63 ` +
        `letters, digits, '-', '_' or '.', starting and ending with a letter or digit); rename it, e.g. "my-tier"`,
    );
  });

  it('fails for a label value that is not a label value', () => {
    expect(deployment({ podLabels: { tier: 'front end' } })).toThrow(
      `test/web: podLabels "tier" has value "front end", which is not a label value (at most 63 letters, digits, ` +
        `'-', '_' or '.', starting and ending with a letter or digit); use e.g. "front-end", or put free text in an annotation`,
    );
  });

  it('fails for a selector label value longer than 63 characters', () => {
    expect(deployment({ selectorLabels: { app: 'a'.repeat(64) } })).toThrow(
      /^test\/web: selectorLabels "app" has value "a{64}", which is not a label value/,
    );
  });

  it('fails for an annotation key that is not a key', () => {
    expect(deployment({ annotations: { 'example.com/': 'x' } })).toThrow(
      `test/web: annotations key "example.com/" is not an annotation key (an optional DNS subdomain prefix and '/', ` +
        `then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit); rename it, e.g. "example.com"`,
    );
  });

  it('fails for a pod annotation key with a prefix that is not a DNS subdomain', () => {
    expect(deployment({ podAnnotations: { 'example..com/x': 'y' } })).toThrow(
      /^test\/web: podAnnotations key "example\.\.com\/x" is not an annotation key/,
    );
  });

  it('takes capitals in an annotation key, which the API server checks lower-cased', () => {
    expect(
      deployment({ annotations: { 'Example.com/Owner': 'team-a' }, podAnnotations: { 'EXAMPLE.COM/x': 'y' } }),
    ).not.toThrow();
  });

  it('names the WebService when its labels are wrong', () => {
    expect(() => new WebService(testChart(), 'shop', { image: 'shop:1', labels: { 'a b': 'c' } })).toThrow(
      /^test\/shop: labels key "a b" is not a label key/,
    );
  });

  it('accepts empty label values and prefixed keys', () => {
    expect(deployment({ labels: { 'example.com/flag': '' } })).not.toThrow();
  });
});
