import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Environment } from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import { buildShop } from './api-fit-app';

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
    external: { secrets: ['api-fit/acme-registry'] },
  });
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
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
      'imagePullSecrets "acme-registry" needs Secret api-fit/acme-registry, which does not exist',
    );
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildShop, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });

  it("is refused by the gate when the log shipper's hostPath is not exempted from host-access", () => {
    const build = (environment: Environment) => buildShop(environment, false);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build, maps: false })).toThrow(
      /host-access: DaemonSet api-fit-logging\/log-shipper[^]*volume "host-var-log" is a hostPath/,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-app.ts'), 'utf8');
    expect(source).not.toMatch(/apiObject|addJsonPatch|JsonPatch|ApiObject|Kube[A-Z]|imports\/k8s|lib\/constructs/);
  });
});
