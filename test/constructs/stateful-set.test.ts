import { Chart, Duration, Size } from 'cdk8s';
import { ContainerProps } from '../../lib/constructs/container';
import { AccessMode } from '../../lib/constructs/persistent-volume';
import {
  ClaimRetention,
  PodManagementPolicy,
  StatefulSet,
  StatefulSetProps,
  StatefulSetUpdateStrategy,
} from '../../lib/constructs/stateful-set';
import { Service } from '../../lib/constructs/service';
import { StorageClass } from '../../lib/constructs/storage-class';
import { Volume } from '../../lib/constructs/volume';
import { findObject, testChart } from '../helpers';

const redis: ContainerProps = { name: 'redis', image: 'redis:7.2-alpine', ports: [{ number: 6379, name: 'redis' }] };
const exporter: ContainerProps = {
  name: 'exporter',
  image: 'oliver006/redis_exporter:v1.62.0',
  ports: [{ number: 9121 }],
};

function database(chart: Chart, props: Partial<StatefulSetProps> = {}): StatefulSet {
  return new StatefulSet(chart, 'db', { port: 6379, containers: [redis], ...props });
}

describe('StatefulSet', () => {
  it('fails when selectorLabels name controller-revision-hash, which its controller sets to the hash of the template', () => {
    expect(() => database(testChart(), { selectorLabels: { 'controller-revision-hash': 'x' } })).toThrow(
      'test/db: selectorLabels name controller-revision-hash ("x"), which the StatefulSet controller sets on each pod it makes to the hash of the pod template: no pod would match the selector, and the set would make pod 0 and no other; remove it (the controller adds it itself)',
    );
  });

  it('rolls on to the next pod after minReady, and keeps revisionHistoryLimit revisions for rollout undo', () => {
    const chart = testChart();
    database(chart, { minReady: Duration.seconds(20), revisionHistoryLimit: 3 });
    expect(findObject(chart, 'StatefulSet', 'db').spec).toMatchObject({ minReadySeconds: 20, revisionHistoryLimit: 3 });
    expect(() => database(testChart(), { revisionHistoryLimit: -1 })).toThrow(
      'test/db: revisionHistoryLimit must be an integer of 0 or more, got -1',
    );
    expect(() => database(testChart(), { minReady: Duration.millis(1500) })).toThrow(
      'test/db: minReady must be a whole number of seconds, got 1.5 seconds; write e.g. Duration.seconds(2)',
    );
  });

  it('runs two pods by default', () => {
    const chart = testChart();
    database(chart);
    expect(findObject(chart, 'StatefulSet', 'db').spec.replicas).toBe(2);
  });

  it('runs the number of replicas it is given', () => {
    const chart = testChart();
    const set = database(chart, { replicas: 3 });
    expect(set.replicas).toBe(3);
    expect(findObject(chart, 'StatefulSet', 'db').spec.replicas).toBe(3);
  });

  it('may be scaled down to zero replicas', () => {
    const chart = testChart();
    database(chart, { replicas: 0 });
    expect(findObject(chart, 'StatefulSet', 'db').spec.replicas).toBe(0);
  });

  it('is named after its id unless given a name', () => {
    const chart = testChart();
    database(chart, { name: 'cache' });
    expect(findObject(chart, 'StatefulSet', 'cache').metadata.namespace).toBe('ns');
  });

  it('names a headless Service of its own as its serviceName', () => {
    const chart = testChart();
    const set = database(chart);
    const statefulSet = findObject(chart, 'StatefulSet', 'db');
    expect(statefulSet.spec.serviceName).toBe('db');
    expect(set.service.name).toBe('db');
    expect(findObject(chart, 'Service', 'db').spec.clusterIP).toBe('None');
    expect(findObject(chart, 'Service', 'db').spec.type).toBe('ClusterIP');
  });

  it('has its headless Service select exactly the labels of its pods', () => {
    const chart = testChart();
    database(chart);
    const statefulSet = findObject(chart, 'StatefulSet', 'db');
    const service = findObject(chart, 'Service', 'db');
    expect(service.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('selects its pods by their name and instance labels', () => {
    const chart = testChart();
    const set = database(chart);
    expect(findObject(chart, 'StatefulSet', 'db').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'db',
      'app.kubernetes.io/instance': 'test-dev',
    });
    expect(set.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'test-dev' });
  });

  it('publishes its port on the headless Service', () => {
    const chart = testChart();
    database(chart);
    expect(findObject(chart, 'Service', 'db').spec.ports).toEqual([{ name: 'main', port: 6379 }]);
  });

  it('restarts its containers always', () => {
    const chart = testChart();
    database(chart);
    expect(findObject(chart, 'StatefulSet', 'db').spec.template.spec.restartPolicy).toBe('Always');
  });

  it('renders no volumeClaimTemplates when it has none', () => {
    const chart = testChart();
    database(chart);
    const spec = findObject(chart, 'StatefulSet', 'db').spec;
    expect(spec.volumeClaimTemplates).toBeUndefined();
    expect(spec.template.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it('renders a claim template with its storage and ReadWriteOnce by default', () => {
    const chart = testChart();
    database(chart, { volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }] });
    const [claim] = findObject(chart, 'StatefulSet', 'db').spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe('data');
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('leaves the claim template class unset so the cluster default applies', () => {
    const chart = testChart();
    database(chart, { volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }] });
    const [claim] = findObject(chart, 'StatefulSet', 'db').spec.volumeClaimTemplates;
    expect(claim.spec.storageClassName).toBeUndefined();
  });

  it('asks for the storage class and access modes of a claim template', () => {
    const chart = testChart();
    const fast = new StorageClass(chart, 'fast');
    database(chart, {
      volumeClaimTemplates: [
        {
          name: 'data',
          mountPath: '/data',
          storage: Size.mebibytes(512),
          storageClass: fast,
          accessModes: [AccessMode.READ_WRITE_ONCE_POD],
        },
      ],
    });
    const [claim] = findObject(chart, 'StatefulSet', 'db').spec.volumeClaimTemplates;
    expect(claim.spec.storageClassName).toBe('fast');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOncePod']);
    expect(claim.spec.resources.requests.storage).toBe('512Mi');
  });

  it('labels its claim templates with the selector labels of its pods', () => {
    const chart = testChart();
    database(chart, { volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }] });
    const statefulSet = findObject(chart, 'StatefulSet', 'db');
    expect(statefulSet.spec.volumeClaimTemplates[0].metadata.labels).toEqual(statefulSet.spec.selector.matchLabels);
  });

  it('mounts every claim template into the first container at its mountPath', () => {
    const chart = testChart();
    database(chart, {
      volumeClaimTemplates: [
        { name: 'data', mountPath: '/data', storage: Size.gibibytes(1) },
        { name: 'logs', mountPath: '/var/log/redis', storage: Size.mebibytes(100) },
      ],
    });
    const [first] = findObject(chart, 'StatefulSet', 'db').spec.template.spec.containers;
    expect(first.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'logs', mountPath: '/var/log/redis' },
    ]);
  });

  it('mounts the claim templates into the first container only', () => {
    const chart = testChart();
    database(chart, {
      containers: [redis, exporter],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
    });
    const [first, second] = findObject(chart, 'StatefulSet', 'db').spec.template.spec.containers;
    expect(first.name).toBe('redis');
    expect(first.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(second.volumeMounts).toBeUndefined();
  });

  it("keeps the first container's own mounts before the claim mounts", () => {
    const chart = testChart();
    const tmp = Volume.fromEmptyDir('tmp');
    database(chart, {
      containers: [{ ...redis, mounts: [{ volume: tmp, path: '/tmp' }] }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
    });
    const spec = findObject(chart, 'StatefulSet', 'db').spec.template.spec;
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'data', mountPath: '/data' },
    ]);
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  it('labels the StatefulSet with the labels of its pods', () => {
    const chart = testChart();
    database(chart);
    const statefulSet = findObject(chart, 'StatefulSet', 'db');
    expect(statefulSet.metadata.labels).toMatchObject(statefulSet.spec.template.metadata.labels);
    expect(statefulSet.metadata.labels['app.kubernetes.io/version']).toBe('7.2-alpine');
  });

  it('fails when replicas is negative', () => {
    const chart = testChart();
    expect(() => database(chart, { replicas: -1 })).toThrow(
      /^test\/db: replicas must be an integer of 0 or more, got -1$/,
    );
  });

  it('fails when replicas is not an integer', () => {
    const chart = testChart();
    expect(() => database(chart, { replicas: 1.5 })).toThrow(
      /^test\/db: replicas must be an integer of 0 or more, got 1\.5$/,
    );
  });

  it('fails when two claim templates have the same name', () => {
    const chart = testChart();
    expect(() =>
      database(chart, {
        volumeClaimTemplates: [
          { name: 'data', mountPath: '/data', storage: Size.gibibytes(1) },
          { name: 'data', mountPath: '/backup', storage: Size.gibibytes(1) },
        ],
      }),
    ).toThrow(
      /^test\/db: volumeClaimTemplates names must be unique, got "data" more than once; give each a name of its own$/,
    );
  });

  it('fails when a claim template name is not a DNS-1123 label', () => {
    const chart = testChart();
    expect(() =>
      database(chart, {
        volumeClaimTemplates: [{ name: 'Redis_Data', mountPath: '/data', storage: Size.gibibytes(1) }],
      }),
    ).toThrow(
      /^test\/db: volumeClaimTemplates\.name must be a DNS-1123 label \(at most 63 lower-case letters, digits or '-', .*\), got "Redis_Data"; rename it, e\.g\. "redis-data"$/,
    );
  });

  it('fails when a claim template mountPath is relative', () => {
    const chart = testChart();
    expect(() =>
      database(chart, { volumeClaimTemplates: [{ name: 'data', mountPath: 'data', storage: Size.gibibytes(1) }] }),
    ).toThrow(/^test\/db: volumeClaimTemplates\[data\]\.mountPath must be an absolute path, got "data"$/);
  });

  it('fails when its port is not a port of its containers', () => {
    const chart = testChart();
    expect(() => database(chart, { port: 5432 })).toThrow(
      /^test\/db\/Service: targetPort 5432 is not a port of test\/db; its containers listen on 6379 \("redis"\); .*$/,
    );
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => database(chart, { name: 'Redis' })).toThrow(
      /^test\/db: name must be a DNS-1123 subdomain .*, got "Redis"; rename it, e\.g\. "redis"$/,
    );
  });

  it('fails when it has no container', () => {
    const chart = testChart();
    expect(() => database(chart, { containers: [] })).toThrow(
      /^test\/db: a pod needs at least one container, got none/,
    );
  });

  // The StatefulSet controller replaces a pod volume named like a claim template with the claim
  // (pkg/controller/statefulset/stateful_set_utils.go, updateStorage), so the emptyDir mounted at /tmp would silently
  // become the claim. The construct refuses the clash.
  it('fails when a claim template has the name of a volume of the pod', () => {
    const chart = testChart();
    expect(() =>
      database(chart, {
        containers: [{ ...redis, mounts: [{ volume: Volume.fromEmptyDir('data'), path: '/tmp' }] }],
        volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
      }),
    ).toThrow(/test\/db: .*"data"/);
  });

  // The API server rejects two volumeMounts with the same mountPath in one container ("must be unique").
  it('fails when a claim template mountPath is already a mount of the first container', () => {
    const chart = testChart();
    expect(() =>
      database(chart, {
        containers: [{ ...redis, mounts: [{ volume: Volume.fromEmptyDir('scratch'), path: '/data' }] }],
        volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
      }),
    ).toThrow(/test\/db: .*\/data/);
  });

  it('starts its pods all at once with PodManagementPolicy.PARALLEL, and leaves the default to Kubernetes', () => {
    const chart = testChart();
    database(chart, { podManagementPolicy: PodManagementPolicy.PARALLEL });
    new StatefulSet(chart, 'plain', { port: 6379, containers: [redis] });
    expect(findObject(chart, 'StatefulSet', 'db').spec.podManagementPolicy).toBe('Parallel');
    expect(findObject(chart, 'StatefulSet', 'plain').spec.podManagementPolicy).toBeUndefined();
  });

  it('rolls out from a partition up, or only on delete', () => {
    const chart = testChart();
    database(chart, { replicas: 3, updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }) });
    new StatefulSet(chart, 'manual', {
      port: 6379,
      containers: [redis],
      updateStrategy: StatefulSetUpdateStrategy.onDelete(),
    });
    expect(findObject(chart, 'StatefulSet', 'db').spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 2 },
    });
    expect(findObject(chart, 'StatefulSet', 'manual').spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it.each([[-1], [1.5]])('fails for a partition that is not a count: %s', (partition) => {
    expect(() =>
      database(testChart(), { updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition }) }),
    ).toThrow(`test/db: updateStrategy.partition must be an integer of 0 or more, got ${partition}`);
  });

  it('deletes the claims of removed pods when asked, keeping the rest by default', () => {
    const chart = testChart();
    database(chart, {
      volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
      persistentVolumeClaimRetentionPolicy: { whenScaled: ClaimRetention.DELETE },
    });
    expect(findObject(chart, 'StatefulSet', 'db').spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Delete',
    });
  });

  it('lets in only its own pods and the workloads of allowFrom through its Service', () => {
    const chart = testChart();
    const client = new StatefulSet(chart, 'client', { port: 6379, containers: [redis] });
    const db = new StatefulSet(chart, 'db2', { port: 6379, containers: [redis], allowFrom: [client] });
    expect(findObject(chart, 'NetworkPolicy', 'db2-allow-ingress').spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: db.selectorLabels } },
      { podSelector: { matchLabels: client.selectorLabels } },
    ]);
    new StatefulSet(chart, 'db3', { port: 6379, containers: [redis], allowFrom: [] });
    expect(findObject(chart, 'NetworkPolicy', 'db3-allow-ingress').spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'test-dev', 'app.kubernetes.io/name': 'db3' } } },
    ]);
  });

  describe('extraPorts', () => {
    const broker: ContainerProps = {
      name: 'kafka',
      image: 'apache/kafka:3.8.0',
      ports: [
        { number: 9092, name: 'kafka' },
        { number: 9093, name: 'kafka-broker' },
        { number: 9404, name: 'metrics' },
      ],
    };
    const monitoring = { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } };

    function brokers(chart: Chart, props: Partial<StatefulSetProps> = {}): StatefulSet {
      return new StatefulSet(chart, 'kafka', { port: 9092, containers: [broker], ...props });
    }

    it('publishes them on the headless Service beside its port, each to its container port by name', () => {
      const chart = testChart();
      brokers(chart, {
        extraPorts: [
          { name: 'kafka-broker', number: 9093 },
          { name: 'metrics', number: 9404, servicePort: 80 },
        ],
      });
      expect(findObject(chart, 'Service', 'kafka').spec.ports).toEqual([
        { name: 'main', port: 9092 },
        { name: 'kafka-broker', port: 9093, targetPort: 'kafka-broker' },
        { name: 'metrics', port: 80, targetPort: 'metrics' },
      ]);
    });

    it("opens a port with its own clients to them and the set's members, the others to allowFrom", () => {
      const chart = testChart();
      const client = new StatefulSet(chart, 'client', { port: 6379, containers: [redis] });
      const set = brokers(chart, {
        allowFrom: [client],
        extraPorts: [
          { name: 'kafka-broker', number: 9093, allowFrom: [] },
          { name: 'metrics', number: 9404, allowFrom: [monitoring] },
        ],
      });
      const members = { podSelector: { matchLabels: set.selectorLabels } };
      expect(findObject(chart, 'NetworkPolicy', 'kafka-allow-ingress').spec.ingress).toEqual([
        {
          from: [members, { podSelector: { matchLabels: client.selectorLabels } }],
          ports: [{ port: 9092, protocol: 'TCP' }],
        },
        { from: [members], ports: [{ port: 'kafka-broker', protocol: 'TCP' }] },
        {
          from: [members, { namespaceSelector: { matchLabels: monitoring.namespaces } }],
          ports: [{ port: 'metrics', protocol: 'TCP' }],
        },
      ]);
    });

    it("opens a port without clients of its own as the set's allowFrom opens its port", () => {
      const chart = testChart();
      brokers(chart, { extraPorts: [{ name: 'kafka-broker', number: 9093 }] });
      expect(findObject(chart, 'NetworkPolicy', 'kafka-allow-ingress').spec.ingress).toEqual([
        {
          from: [{ podSelector: {} }],
          ports: [
            { port: 9092, protocol: 'TCP' },
            { port: 'kafka-broker', protocol: 'TCP' },
          ],
        },
      ]);
    });

    it('fails when a port is not one its containers declare, by name and number', () => {
      expect(() => brokers(testChart(), { extraPorts: [{ name: 'kafka-broker', number: 9094 }] })).toThrow(
        'test/kafka: extraPorts[0] "kafka-broker" (9094/TCP) is not a port of its containers, which listen on ' +
          '9092 ("kafka"), 9093 ("kafka-broker"), 9404 ("metrics"); declare it in a container\'s ports, ' +
          "e.g. { number: 9094, name: 'kafka-broker' }, or give the number and name of one of them",
      );
    });

    it('fails when a port is its main port again', () => {
      expect(() => brokers(testChart(), { extraPorts: [{ name: 'kafka', number: 9092 }] })).toThrow(
        'test/kafka: extraPorts[0] "kafka" (9092/TCP) is already the port of `port`; list each port once, the one ' +
          'of `port` not in extraPorts',
      );
    });

    it("fails when a port's servicePort is no port number", () => {
      expect(() =>
        brokers(testChart(), { extraPorts: [{ name: 'kafka-broker', number: 9093, servicePort: 70000 }] }),
      ).toThrow(/^test\/kafka: extraPorts\[0\]\.servicePort must be an integer from 1 to 65535, got 70000$/);
    });
  });

  describe('publishNotReadyAddresses', () => {
    it('has its headless Service publish the addresses of pods that are not ready, for members to find each other', () => {
      const chart = testChart();
      database(chart, { publishNotReadyAddresses: true });
      new StatefulSet(chart, 'plain', { port: 6379, containers: [redis] });
      expect(findObject(chart, 'Service', 'db').spec).toMatchObject({
        clusterIP: 'None',
        publishNotReadyAddresses: true,
      });
      expect(findObject(chart, 'Service', 'plain').spec.publishNotReadyAddresses).toBeUndefined();
    });

    it('fails when it is not a boolean', () => {
      expect(() => database(testChart(), { publishNotReadyAddresses: 'yes' as unknown as boolean })).toThrow(
        'test/db: publishNotReadyAddresses must be true or false, got "yes" (a string)',
      );
    });
  });

  describe('member', () => {
    it("selects one pod by the pod-name label its controller gives it, beside the set's own labels", () => {
      const chart = testChart();
      const set = database(chart, { replicas: 3 });
      const primary = set.member(0);
      expect(primary.selectorLabels).toEqual({
        ...set.selectorLabels,
        'statefulset.kubernetes.io/pod-name': 'db-0',
      });
      expect(primary.containerPorts).toEqual(set.containerPorts);
      expect(set.member(0)).toBe(primary);
      expect(set.member(2).selectorLabels['statefulset.kubernetes.io/pod-name']).toBe('db-2');
    });

    it('is a selector a Service takes, whose policy opens that pod alone', () => {
      const chart = testChart();
      const set = database(chart, { replicas: 3 });
      new Service(chart, 'db-rw', {
        selector: set.member(0),
        ports: [{ port: 6379, targetPort: 'redis', name: 'redis' }],
        allowFrom: [{ pods: { 'example.com/client': 'true' } }],
      });
      const selector = { ...set.selectorLabels, 'statefulset.kubernetes.io/pod-name': 'db-0' };
      expect(findObject(chart, 'Service', 'db-rw').spec.selector).toEqual(selector);
      expect(findObject(chart, 'NetworkPolicy', 'db-rw-allow-ingress').spec.podSelector).toEqual({
        matchLabels: selector,
      });
    });

    it.each([[-1], [1.5]])('fails for an ordinal that is not a count: %s', (ordinal) => {
      expect(() => database(testChart()).member(ordinal)).toThrow(
        `test/db: member(${ordinal}): the ordinal must be an integer of 0 or more, got ${ordinal}`,
      );
    });

    it('fails for an ordinal of no pod of the set', () => {
      expect(() => database(testChart(), { replicas: 2 }).member(2)).toThrow(
        'test/db: member(2): the set runs pods db-0 to db-1 (replicas 2), so db-2 does not exist; pick an ordinal ' +
          'below 2, or raise replicas',
      );
      expect(() => database(testChart(), { replicas: 0 }).member(0)).toThrow(
        'test/db: member(0): the set runs no pods (replicas 0), so db-0 does not exist; pick an ordinal below 0, or ' +
          'raise replicas',
      );
    });
  });

  describe('claim templates mounted in other containers', () => {
    const init = { name: 'init-data', image: 'busybox:1.36', command: ['sh', '-c', 'mkdir -p /data/db'] };

    it('mounts a claim into the init containers and containers that name it, beside the first container', () => {
      const chart = testChart();
      database(chart, {
        initContainers: [init],
        containers: [redis, exporter],
        volumeClaimTemplates: [
          {
            name: 'data',
            mountPath: '/data',
            storage: Size.gibibytes(1),
            otherMounts: [
              { container: 'init-data', path: '/data' },
              { container: 'exporter', path: '/var/lib/redis', readOnly: true, subPath: 'db' },
            ],
          },
        ],
      });
      const spec = findObject(chart, 'StatefulSet', 'db').spec.template.spec;
      expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
      expect(spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
      expect(spec.containers[1].volumeMounts).toEqual([
        { name: 'data', mountPath: '/var/lib/redis', readOnly: true, subPath: 'db' },
      ]);
      expect(spec.volumes).toBeUndefined();
    });

    it('fails when the container is none of the pod', () => {
      expect(() =>
        database(testChart(), {
          initContainers: [init],
          volumeClaimTemplates: [
            {
              name: 'data',
              mountPath: '/data',
              storage: Size.gibibytes(1),
              otherMounts: [{ container: 'init', path: '/data' }],
            },
          ],
        }),
      ).toThrow(
        'test/db: volumeClaimTemplates[data].otherMounts[0].container "init" is not a container of the pod, whose ' +
          'containers are "init-data", "redis"; name one of them',
      );
    });

    it('fails when the path is relative or already a mount of the container', () => {
      const claim = (path: string, container = 'init-data') => ({
        name: 'data',
        mountPath: '/data',
        storage: Size.gibibytes(1),
        otherMounts: [{ container, path }],
      });
      expect(() => database(testChart(), { initContainers: [init], volumeClaimTemplates: [claim('data')] })).toThrow(
        'test/db: volumeClaimTemplates[0].otherMounts[0].path must be an absolute path, got "data"; write "/data"',
      );
      expect(() =>
        database(testChart(), { initContainers: [init], volumeClaimTemplates: [claim('/data', 'redis')] }),
      ).toThrow(
        'test/db: volumeClaimTemplates[data].otherMounts[0].path /data is already a mount of container "redis"; ' +
          'pick another path',
      );
    });

    it('fails when a mount names no container', () => {
      expect(() =>
        database(testChart(), {
          volumeClaimTemplates: [
            {
              name: 'data',
              mountPath: '/data',
              storage: Size.gibibytes(1),
              otherMounts: [{ path: '/data' } as unknown as { container: string; path: string }],
            },
          ],
        }),
      ).toThrow('test/db: volumeClaimTemplates[0].otherMounts[0].container is required, got undefined');
    });
  });
});
