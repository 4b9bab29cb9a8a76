import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { buildShop } from '../constructs/api-fit-app';
import { tempDir } from '../helpers';
import { applyStrict, expectTaken, getJson, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The application of test/constructs/api-fit-app.ts (every construct prop added for apps we had not seen: pull
 * Secrets, lifecycle hooks, sidecars, gRPC probes, extended resources, hostPath and downward API volumes, a
 * StatefulSet's management, update and claim retention, an Indexed Job, an autoscaler's behavior, DNS settings),
 * synthesized for the release of the API server under test and applied to it with strict field validation: the
 * server takes every field as the constructs write it, and keeps what they meant.
 */
const RELEASE = serverRelease();
const NAMESPACES = ['api-fit', 'api-fit-logging'];

let files: string[];

beforeAll(() => {
  const env = parseEnvironment('prod', {
    ...ENVIRONMENTS.prod,
    kubernetesVersion: RELEASE,
    external: { secrets: ['api-fit/acme-registry'] },
  });
  const outdir = tempDir();
  synthesize({ outdir, environments: [env], build: buildShop, maps: false });
  const dir = path.join(outdir, 'prod');
  files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.k8s.yaml'))
    .map((file) => path.join(dir, file));
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', ...NAMESPACES, '--ignore-not-found', '--wait=false']);
});

describe(`an app of every new construct prop on Kubernetes ${RELEASE}`, () => {
  it('is applied with strict field validation, without error or warning', () => {
    expect(files.map((file) => path.basename(file)).sort()).toEqual(['fit.k8s.yaml', 'logging.k8s.yaml']);
    for (const file of files) {
      const result = applyStrict(file);
      expectTaken(file, result);
    }
  });

  it('keeps the fields as written: hooks, probes, sidecar, pull Secret, GPU, DNS', () => {
    const pod = getJson(['deployment', 'orders', '-n', 'api-fit']).spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
    expect(pod.dnsConfig).toEqual({ options: [{ name: 'ndots', value: '2' }] });
    expect(pod.containers.map((container: { name: string }) => container.name)).toEqual(['orders', 'envoy']);
    expect(pod.containers[0].readinessProbe.grpc).toEqual({ port: 9090, service: '' });
    expect(pod.containers[0].lifecycle.preStop).toEqual(
      RELEASE === '1.27' ? { exec: { command: ['sleep', '5'] } } : { sleep: { seconds: 5 } },
    );
    const worker = getJson(['deployment', 'gpu-worker', '-n', 'api-fit']).spec.template.spec.containers[0];
    expect(worker.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(worker.resources.requests['nvidia.com/gpu']).toBe('1');
  });

  it('keeps the StatefulSet, Job, autoscaler and DaemonSet settings', () => {
    expect(getJson(['statefulset', 'quorum', '-n', 'api-fit']).spec).toMatchObject({
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    });
    expect(getJson(['job', 'reindex', '-n', 'api-fit']).spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
    });
    expect(getJson(['hpa', 'orders', '-n', 'api-fit']).spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(600);
    const volumes = getJson(['daemonset', 'log-shipper', '-n', 'api-fit-logging']).spec.template.spec.volumes;
    expect(volumes.map((volume: { name: string }) => volume.name)).toEqual(['host-var-log', 'podinfo']);
    expect(volumes[0].hostPath).toEqual({ path: '/var/log', type: 'Directory' });
  });
});
