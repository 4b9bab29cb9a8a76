import { App, Duration, Size } from 'cdk8s';
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
import { LIFECYCLE_SLEEP_SINCE } from '../../lib/checks/pod-values';
import { compareReleases } from '../../lib/config/kubernetes-version';

/**
 * An application we had not written before, described with the public API (lib/index.ts) alone: no escape hatch to
 * the low-level object, no JSON patch, no generated binding (test/constructs/api-fit.test.ts checks this file's text).
 * A gRPC API with a preStop drain and an Envoy sidecar, pulling from a private registry; a GPU worker; a log shipper on
 * every node reading the node's logs; a three-member quorum started all at once; an indexed Job. The unit test
 * synthesizes it, gate included; test/e2e/api-fit.test.ts applies it to the real API servers.
 */
export function buildShop(env: Environment, exemptLogShipper = true): App {
  const app = new App();
  const shop = new AppChart(app, 'fit', { env, namespace: 'api-fit' });
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
    // The sleep action comes with 1.30; before, the same pause through the image's sleep.
    preStop:
      compareReleases(env.kubernetesVersion, LIFECYCLE_SLEEP_SINCE) >= 0
        ? LifecycleHandler.sleep(Duration.seconds(5))
        : LifecycleHandler.exec(['sleep', '5']),
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

  const logging = new AppChart(app, 'logging', {
    env,
    namespace: 'api-fit-logging',
    podSecurity: PodSecurityLevel.PRIVILEGED,
  });
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
