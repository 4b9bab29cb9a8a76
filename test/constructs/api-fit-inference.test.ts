import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runChecks } from '../../lib/checks/run-checks';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import {
  BAD_INPUT_EXIT_CODE,
  CLIENT_LABEL,
  GPU,
  GPU_NODE_LABEL,
  GRPC_PORT,
  INFERENCE_NAMESPACE,
  INFERENCE_TLS_SECRET,
  MODEL_REGISTRY_CIDR,
  MODEL_REGISTRY_CI_CIDR,
  buildInference,
  inferenceEnvironment,
  inferenceHost,
} from './api-fit-inference-app';

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'inference.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe.each(['dev', 'prod'] as const)('model serving and batch inference through the public API, in %s', (name) => {
  const env = inferenceEnvironment(name);
  const prod = name === 'prod';
  const podsOf = (workload: string) => ({
    'app.kubernetes.io/instance': `inference-${name}`,
    'app.kubernetes.io/name': workload,
  });
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildInference, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('has no finding, warning or exemption at the gate', () => {
    const objects = renderApp(buildInference(env)).flatMap((file) => file.objects);
    const result = runChecks(objects, env);
    expect({ findings: result.findings, warnings: result.warnings, exemptions: result.exemptions }).toEqual({
      findings: [],
      warnings: [],
      exemptions: [],
    });
  });

  describe('the model server', () => {
    let pod: AnyManifest;
    let server: AnyManifest;
    beforeAll(() => {
      pod = find(manifests, 'Deployment', 'model-server').spec.template.spec;
      server = pod.containers[0];
    });

    it('runs on GPU nodes alone: a whole GPU as request and limit, their taint tolerated, their label required', () => {
      expect(server.resources.requests[GPU]).toBe(1);
      expect(server.resources.limits[GPU]).toBe(1);
      expect(pod.tolerations).toEqual([{ key: GPU, operator: 'Exists', effect: 'NoSchedule' }]);
      expect(pod.affinity.nodeAffinity).toEqual({
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_NODE_LABEL, operator: 'In', values: ['true'] }] }],
        },
      });
      expect(pod.topologySpreadConstraints).toEqual([
        {
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          whenUnsatisfiable: prod ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: { matchLabels: podsOf('model-server') },
        },
      ]);
    });

    it('fetches the model in an init container into a bounded emptyDir, and has shared memory in memory', () => {
      const [fetch] = pod.initContainers;
      expect(fetch.name).toBe('fetch-model');
      expect(fetch.volumeMounts).toContainEqual({ name: 'model', mountPath: '/models' });
      expect(server.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'model', mountPath: '/models', readOnly: true },
          { name: 'dshm', mountPath: '/dev/shm' },
        ]),
      );
      expect(pod.volumes).toEqual(
        expect.arrayContaining([
          { name: 'model', emptyDir: { sizeLimit: prod ? '40Gi' : '10Gi' } },
          { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } },
        ]),
      );
    });

    it('waits 15 minutes for the model to load, is ready by gRPC health and alive by HTTP, and drains before it stops', () => {
      expect(server.startupProbe).toEqual({
        httpGet: { path: '/healthz', port: 'http' },
        periodSeconds: 10,
        failureThreshold: 90,
      });
      expect(server.readinessProbe).toEqual({ grpc: { port: GRPC_PORT, service: 'inference' }, periodSeconds: 5 });
      expect(server.livenessProbe).toEqual({
        httpGet: { path: '/healthz', port: 'http' },
        periodSeconds: 20,
        failureThreshold: 3,
      });
      expect(server.lifecycle).toEqual({ preStop: { httpGet: { path: '/drain', port: 'http' } } });
      expect(pod.terminationGracePeriodSeconds).toBe(60);
    });

    it('runs at a priority of its own, as an account that pulls from the private registry with sealed credentials', () => {
      expect(pod.priorityClassName).toBe('model-serving');
      expect(find(manifests, 'PriorityClass', 'model-serving')).toMatchObject({ value: 100000 });
      expect(find(manifests, 'PriorityClass', 'model-serving')).not.toHaveProperty('preemptionPolicy');
      expect(pod.serviceAccountName).toBe('inference');
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(find(manifests, 'ServiceAccount', 'inference')).toMatchObject({
        imagePullSecrets: [{ name: 'registry-credentials' }],
        automountServiceAccountToken: false,
      });
      expect(find(manifests, 'SealedSecret', 'registry-credentials').spec).toEqual({
        encryptedData: { '.dockerconfigjson': 'AgBsealedRegistryCredentials==' },
        template: {
          metadata: { name: 'registry-credentials', namespace: INFERENCE_NAMESPACE },
          type: 'kubernetes.io/dockerconfigjson',
        },
      });
    });

    it('scales on the queue depth of each pod, up at once and down slowly', () => {
      expect(find(manifests, 'Deployment', 'model-server').spec.replicas).toBeUndefined();
      expect(find(manifests, 'HorizontalPodAutoscaler', 'model-server').spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' },
        minReplicas: prod ? 2 : 1,
        maxReplicas: prod ? 8 : 2,
        metrics: [
          {
            type: 'Pods',
            pods: { metric: { name: 'inference_queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } },
          },
        ],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            policies: [
              { type: 'Pods', value: 4, periodSeconds: 60 },
              { type: 'Percent', value: 100, periodSeconds: 60 },
            ],
          },
          scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
        },
      });
    });

    it('is served by gRPC (h2c) and HTTP ports, the HTTP one behind an Ingress with TLS', () => {
      expect(find(manifests, 'Service', 'model-server').spec.ports).toEqual([
        { name: 'grpc', port: GRPC_PORT, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' },
        { name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' },
      ]);
      const ingress = find(manifests, 'Ingress', 'model-server').spec;
      expect(ingress.tls).toEqual([{ hosts: [inferenceHost(env)], secretName: INFERENCE_TLS_SECRET }]);
      expect(ingress.rules).toEqual([
        {
          host: inferenceHost(env),
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'model-server', port: { number: 80 } } },
              },
            ],
          },
        },
      ]);
    });
  });

  describe('the batch embedding', () => {
    it('runs Indexed, ignores disruptions, fails on bad input, retries per index where the release has it', () => {
      const job = find(manifests, 'Job', 'embed-backfill').spec;
      expect(job).toMatchObject({
        completionMode: 'Indexed',
        completions: prod ? 32 : 4,
        parallelism: prod ? 4 : 1,
        ttlSecondsAfterFinished: 21600,
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onExitCodes: { containerName: 'embed', operator: 'In', values: [BAD_INPUT_EXIT_CODE] },
            },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
      });
      // 1.27 has no backoffLimitPerIndex (1.29 and later): dev shares its retries between the indexes.
      expect({
        backoffLimit: job.backoffLimit,
        backoffLimitPerIndex: job.backoffLimitPerIndex,
        maxFailedIndexes: job.maxFailedIndexes,
      }).toEqual(
        prod
          ? { backoffLimit: undefined, backoffLimitPerIndex: 2, maxFailedIndexes: 4 }
          : { backoffLimit: 6, backoffLimitPerIndex: undefined, maxFailedIndexes: undefined },
      );
      expect(job.template.spec.containers[0].resources.limits[GPU]).toBe(1);
      expect(job.template.spec.restartPolicy).toBe('Never');
    });

    it('waits at a lower priority that preempts nobody', () => {
      expect(find(manifests, 'Job', 'embed-backfill').spec.template.spec.priorityClassName).toBe('batch-embedding');
      expect(find(manifests, 'PriorityClass', 'batch-embedding')).toMatchObject({
        value: 1000,
        preemptionPolicy: 'Never',
      });
    });

    it('runs nightly as a CronJob of the same Job spec, never two at once', () => {
      const cronJob = find(manifests, 'CronJob', 'embed-nightly').spec;
      expect(cronJob).toMatchObject({
        schedule: '0 1 * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 1800,
      });
      const { template: nightlyTemplate, ...nightly } = cronJob.jobTemplate.spec;
      const { template: backfillTemplate, ...backfill } = find(manifests, 'Job', 'embed-backfill').spec;
      expect(nightly).toEqual(backfill);
      expect(nightlyTemplate.spec).toEqual(backfillTemplate.spec);
    });
  });

  it('lets the Ingress controller reach HTTP, clients and the embedding jobs gRPC, and the server out to the registry', () => {
    const policy = (policyName: string) => find(manifests, 'NetworkPolicy', policyName).spec;
    expect(policy('model-server-allow-ingress')).toEqual({
      podSelector: { matchLabels: podsOf('model-server') },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { [CLIENT_LABEL]: 'true' } } },
            { podSelector: { matchLabels: podsOf('embed-backfill') } },
            { podSelector: { matchLabels: podsOf('embed-nightly') } },
          ],
          ports: [{ port: 'grpc', protocol: 'TCP' }],
        },
      ],
    });
    expect(policy('model-server-to-model-server').ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
    expect(policy('model-server-to-registry')).toEqual({
      podSelector: { matchLabels: podsOf('model-server') },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: MODEL_REGISTRY_CIDR, except: [MODEL_REGISTRY_CI_CIDR] } }],
          ports: [{ port: 443, protocol: 'TCP' }],
        },
      ],
    });
    // Besides: DNS and the namespace (AppChart's), and nothing to the API server, which no pod calls.
    const egress = manifests
      .filter((object) => object.kind === 'NetworkPolicy' && object.spec.policyTypes.includes('Egress'))
      .map((object) => object.metadata.name);
    expect(egress).toEqual(['default-deny', 'allow-dns', 'allow-namespace-egress', 'model-server-to-registry']);
  });

  it("bounds the namespace's GPUs with a ResourceQuota", () => {
    expect(find(manifests, 'ResourceQuota', 'quota').spec.hard).toEqual({
      [`requests.${GPU}`]: prod ? '16' : '2',
      pods: prod ? '60' : '20',
    });
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildInference, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the inference app at the gate', () => {
  it('is refused when its registry credentials are not sealed for the environment', () => {
    const env = parseEnvironment('prod', ENVIRONMENTS.prod);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildInference, maps: false })).toThrow(
      `${INFERENCE_NAMESPACE}/registry-credentials`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-inference-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|addOverride|Kube[A-Z]|imports\/k8s|lib\/constructs|escape/,
    );
  });
});
