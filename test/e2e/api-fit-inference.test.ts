import * as fs from 'fs';
import * as path from 'path';
import { BACKOFF_LIMIT_PER_INDEX_SINCE } from '../../lib/checks/job-rules';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { synthesize } from '../../lib/synthesize';
import { GPU, INFERENCE_NAMESPACE, buildInference, inferenceEnvironment } from '../constructs/api-fit-inference-app';
import { AnyManifest, tempDir } from '../helpers';
import {
  applyKindsStrict,
  applyStrict,
  dryRunStrict,
  getJson,
  serverRelease,
  waitFor,
  useCleanNamespaces,
} from './kubectl';

jest.setTimeout(180_000);

/**
 * The model serving and batch inference of test/constructs/api-fit-inference-app.ts (a GPU model server with its
 * probes, volumes, node affinity, PriorityClass and pull-secret ServiceAccount; a Service of gRPC and HTTP ports with
 * their appProtocol and a TLS Ingress; an autoscaler on a Pods metric with scaling policies; an Indexed embedding Job
 * and its CronJob with a pod failure policy, per-index retries from 1.29 and a class that preempts nobody; policies
 * and a GPU quota), synthesized for both environments at the release of the API server under test, gate included:
 * each is taken with strict field validation, and the prod one, applied, keeps what the constructs meant, down to the
 * priority and preemption policy its classes give the pods the controllers create.
 */
const RELEASE = serverRelease();
const FILE = 'inference.k8s.yaml';
/** The app's cluster-wide objects, which the namespace's deletion leaves. */
const PRIORITY_CLASSES = ['model-serving', 'batch-embedding'];

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const outdir = tempDir();
  synthesize({ outdir, environments: [inferenceEnvironment(name, RELEASE)], build: buildInference, maps: false });
  return path.join(outdir, name, FILE);
}

/** The namespace's pods of a workload, by its name label. */
function podsOf(workload: string): AnyManifest[] {
  return getJson(['pods', '-n', INFERENCE_NAMESPACE, '-l', `app.kubernetes.io/name=${workload}`]).items;
}

const files: Record<'dev' | 'prod', string> = { dev: '', prod: '' };

useCleanNamespaces([INFERENCE_NAMESPACE], [['priorityclass', PRIORITY_CLASSES]]);

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`model serving and batch inference on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    const file = files[name];
    expect(fs.existsSync(file)).toBe(true);
    expect(applyKindsStrict(file, ['Namespace']).status).toBe(0);
    const result = dryRunStrict(file);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keeps, applied, the Service ports, the autoscaler, the pull secret and the GPU quota', () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    expect(
      getJson(['service', 'model-server', '-n', INFERENCE_NAMESPACE]).spec.ports.map((port: AnyManifest) => ({
        name: port.name,
        appProtocol: port.appProtocol,
      })),
    ).toEqual([
      { name: 'grpc', appProtocol: 'kubernetes.io/h2c' },
      { name: 'http', appProtocol: 'http' },
    ]);
    const hpa = getJson(['hpa', 'model-server', '-n', INFERENCE_NAMESPACE]).spec;
    expect(hpa.metrics).toEqual([
      {
        type: 'Pods',
        pods: { metric: { name: 'inference_queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } },
      },
    ]);
    expect({
      up: hpa.behavior.scaleUp.policies,
      upWindow: hpa.behavior.scaleUp.stabilizationWindowSeconds,
      down: hpa.behavior.scaleDown.policies,
      downWindow: hpa.behavior.scaleDown.stabilizationWindowSeconds,
    }).toEqual({
      up: [
        { type: 'Pods', value: 4, periodSeconds: 60 },
        { type: 'Percent', value: 100, periodSeconds: 60 },
      ],
      upWindow: 0,
      down: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
      downWindow: 600,
    });
    expect(getJson(['serviceaccount', 'inference', '-n', INFERENCE_NAMESPACE]).imagePullSecrets).toEqual([
      { name: 'registry-credentials' },
    ]);
    expect(getJson(['resourcequota', 'quota', '-n', INFERENCE_NAMESPACE]).spec.hard).toEqual({
      [`requests.${GPU}`]: '16',
      pods: '60',
    });
  });

  it('keeps the Job Indexed with its failure policy, and its per-index retries from 1.29', () => {
    const job = getJson(['job', 'embed-backfill', '-n', INFERENCE_NAMESPACE]).spec;
    expect({
      completionMode: job.completionMode,
      completions: job.completions,
      parallelism: job.parallelism,
      ttl: job.ttlSecondsAfterFinished,
      actions: job.podFailurePolicy.rules.map((rule: AnyManifest) => rule.action),
      backoffLimitPerIndex: job.backoffLimitPerIndex,
      maxFailedIndexes: job.maxFailedIndexes,
    }).toEqual({
      completionMode: 'Indexed',
      completions: 32,
      parallelism: 4,
      ttl: 21600,
      actions: ['FailJob', 'Ignore'],
      ...(compareReleases(RELEASE, BACKOFF_LIMIT_PER_INDEX_SINCE) >= 0
        ? { backoffLimitPerIndex: 2, maxFailedIndexes: 4 }
        : { backoffLimitPerIndex: undefined, maxFailedIndexes: undefined }),
    });
    expect(getJson(['cronjob', 'embed-nightly', '-n', INFERENCE_NAMESPACE]).spec.jobTemplate.spec.completionMode).toBe(
      'Indexed',
    );
  });

  it("gives the pods the controllers create their class's priority: the batch pods preempt nobody", async () => {
    await waitFor('the pods of the model server and the Job', () => {
      return podsOf('model-server').length > 0 && podsOf('embed-backfill').length > 0;
    });
    const [server] = podsOf('model-server');
    const [shard] = podsOf('embed-backfill');
    expect({
      server: [server.spec.priorityClassName, server.spec.priority, server.spec.preemptionPolicy],
      shard: [shard.spec.priorityClassName, shard.spec.priority, shard.spec.preemptionPolicy],
      gpus: [server, shard].map((pod) => pod.spec.containers[0].resources.limits[GPU]),
    }).toEqual({
      server: ['model-serving', 100000, 'PreemptLowerPriority'],
      shard: ['batch-embedding', 1000, 'Never'],
      gpus: ['1', '1'],
    });
    // No node of the test cluster is a GPU node: the pods wait for one.
    expect(server.spec.nodeName).toBeUndefined();
  });
});
