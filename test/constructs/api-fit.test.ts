import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  AppChart,
  BackendService,
  ClaimRetention,
  CompletionMode,
  ContainerProps,
  DaemonSet,
  Deployment,
  Environment,
  HostPathType,
  Job,
  LifecycleHandler,
  PodField,
  PodManagementPolicy,
  PodSecurityLevel,
  Probe,
  SecretRef,
  StatefulSet,
  StatefulSetUpdateStrategy,
  Volume,
  exemptFromPolicy,
} from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, tempDir } from '../helpers';

/**
 * An application we had not written before, described with the public API (lib/index.ts) alone: no `apiObject`, no
 * JSON patch, no raw `Kube*` class. A gRPC API with a preStop drain and an Envoy sidecar, pulling from a private
 * registry; a GPU worker; a log shipper on every node reading the node's logs; a three-member quorum started all at
 * once; an indexed Job. It synthesizes through `synthesize()`, gate included, on a 1.37 environment that declares the
 * registry's pull Secret as made outside the project.
 */
function buildShop(env: Environment, exemptLogShipper = true): App {
  const app = new App();
  const shop = new AppChart(app, 'fit', { env, namespace: 'fit' });
  const registry = SecretRef.fromName(shop, 'registry', 'acme-registry');
  const envoy: ContainerProps = {
    name: 'envoy',
    image: 'envoyproxy/envoy:v1.31.2',
    ports: [{ number: 9901, name: 'envoy-admin' }],
    readiness: Probe.httpGet('/ready', 'envoy-admin'),
    preStop: LifecycleHandler.httpGet('/drain_listeners?graceful', 'envoy-admin'),
    resources: { cpuLimit: '200m', memoryLimit: '128Mi' },
  };
  new BackendService(shop, 'orders', {
    image: 'registry.acme.dev/orders:2.0.1',
    port: 9090,
    portName: 'grpc',
    autoscaling: { minReplicas: 2, maxReplicas: 6, scaleDownStabilization: Duration.minutes(10) },
    dnsConfig: { options: { ndots: '2' } },
    readiness: Probe.grpc(9090),
    liveness: Probe.grpc(9090, { service: 'liveness', period: Duration.seconds(20) }),
    preStop: LifecycleHandler.sleep(Duration.seconds(5)),
    sidecars: [envoy],
    imagePullSecrets: [registry],
  });
  new Deployment(shop, 'gpu-worker', {
    replicas: 1,
    imagePullSecrets: [registry],
    nodeSelector: { 'nvidia.com/gpu.present': 'true' },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [
      {
        name: 'worker',
        image: 'registry.acme.dev/gpu-worker:1.3.0',
        resources: { memoryLimit: '2Gi', memoryRequest: '1Gi', extended: { 'nvidia.com/gpu': 1 } },
      },
    ],
  });
  new StatefulSet(shop, 'quorum', {
    replicas: 3,
    port: 2379,
    podManagementPolicy: PodManagementPolicy.PARALLEL,
    updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
    persistentVolumeClaimRetentionPolicy: { whenScaled: ClaimRetention.DELETE },
    volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/etcd', storage: Size.gibibytes(1) }],
    containers: [
      {
        name: 'etcd',
        image: 'quay.io/coreos/etcd:v3.5.15',
        ports: [{ number: 2379, name: 'client' }],
        readiness: Probe.httpGet('/readyz', 'client'),
      },
    ],
  });
  new Job(shop, 'reindex', {
    completionMode: CompletionMode.INDEXED,
    completions: 4,
    parallelism: 2,
    containers: [{ name: 'shard', image: 'registry.acme.dev/reindex:1.0.0', args: ['--shards=4'] }],
    imagePullSecrets: [registry],
  });

  const logging = new AppChart(app, 'logging', { env, namespace: 'logging', podSecurity: PodSecurityLevel.PRIVILEGED });
  const shipper = new DaemonSet(logging, 'log-shipper', {
    containers: [
      {
        name: 'fluent-bit',
        image: 'fluent/fluent-bit:3.1.9',
        mounts: [
          {
            volume: Volume.fromHostPath('/var/log', { type: HostPathType.DIRECTORY }),
            path: '/host/log',
            readOnly: true,
          },
          {
            volume: Volume.fromDownwardApi('podinfo', { labels: PodField.LABELS, annotations: PodField.ANNOTATIONS }),
            path: '/etc/podinfo',
            readOnly: true,
          },
        ],
      },
    ],
  });
  if (exemptLogShipper) {
    exemptFromPolicy(shipper, {
      rules: ['host-access'],
      polarisChecks: ['hostPathSet'],
      reason: 'a node agent: ships the logs of the node it runs on',
    });
  }
  return app;
}

/** Every object written under `dir`, from its YAML files. */
function manifestsIn(dir: string): AnyManifest[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((document) => document.toJSON()),
    )
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe('an application the public API fits without escape hatches', () => {
  const env = parseEnvironment('prod', {
    ...ENVIRONMENTS.prod,
    external: { secrets: ['fit/acme-registry'] },
  });
  let manifests: AnyManifest[];

  beforeAll(() => {
    const outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildShop, maps: false });
    manifests = manifestsIn(path.join(outdir, 'prod'));
  });

  function podSpecOf(kind: string, name: string): AnyManifest {
    const object = find(manifests, kind, name);
    return (object.spec.jobTemplate?.spec ?? object.spec).template.spec;
  }

  it('writes the gRPC API with its probes, preStop sleep, Envoy sidecar and pull Secret', () => {
    const pod = podSpecOf('Deployment', 'orders');
    expect(pod.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
    const [orders, envoy] = pod.containers;
    expect(orders.readinessProbe).toEqual({ grpc: { port: 9090 } });
    expect(orders.livenessProbe).toEqual({ grpc: { port: 9090, service: 'liveness' }, periodSeconds: 20 });
    expect(orders.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(envoy.name).toBe('envoy');
    expect(envoy.lifecycle.preStop.httpGet).toEqual({ path: '/drain_listeners?graceful', port: 'envoy-admin' });
  });

  it("writes the API autoscaler's scale-down window and the pods' DNS options", () => {
    expect(find(manifests, 'HorizontalPodAutoscaler', 'orders').spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 600 },
    });
    expect(podSpecOf('Deployment', 'orders').dnsConfig).toEqual({ options: [{ name: 'ndots', value: '2' }] });
  });

  it('writes the GPU as an equal request and limit', () => {
    const [worker] = podSpecOf('Deployment', 'gpu-worker').containers;
    expect(worker.resources.requests['nvidia.com/gpu']).toBe(1);
    expect(worker.resources.limits['nvidia.com/gpu']).toBe(1);
  });

  it("writes the log shipper's hostPath and downward API volumes", () => {
    expect(podSpecOf('DaemonSet', 'log-shipper').volumes).toEqual([
      { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } },
      {
        name: 'podinfo',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
          ],
        },
      },
    ]);
  });

  it('writes the quorum started in parallel, with a partition and its claims deleted on scale-down', () => {
    expect(find(manifests, 'StatefulSet', 'quorum').spec).toMatchObject({
      replicas: 3,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    });
  });

  it('writes the indexed Job', () => {
    expect(find(manifests, 'Job', 'reindex').spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
      parallelism: 2,
    });
  });

  it('is refused by the gate when the pull Secret is not declared external', () => {
    const undeclared = parseEnvironment('prod', ENVIRONMENTS.prod);
    expect(() => synthesize({ outdir: tempDir(), environments: [undeclared], build: buildShop, maps: false })).toThrow(
      'imagePullSecrets "acme-registry" needs Secret fit/acme-registry, which does not exist',
    );
  });

  it("is refused by the gate when the log shipper's hostPath is not exempted from host-access", () => {
    const build = (environment: Environment) => buildShop(environment, false);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build, maps: false })).toThrow(
      /host-access: DaemonSet logging\/log-shipper[^]*volume "host-var-log" is a hostPath/,
    );
  });

  it('uses no escape hatch: the chart above names no apiObject, JSON patch or raw Kube class', () => {
    const source = fs.readFileSync(__filename, 'utf8');
    const chart = source.slice(source.indexOf('function buildShop'), source.indexOf('/** Every object written'));
    expect(chart).not.toMatch(/apiObject|addJsonPatch|JsonPatch|ApiObject|Kube[A-Z]|imports\/k8s/);
  });
});
