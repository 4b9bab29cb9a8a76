import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import {
  BROKER_STORAGE_CLASS,
  CLIENT_PORT,
  CONTROLLER_PORT,
  MONITORING_NAMESPACE,
  OBJECT_STORE_CIDR,
  PIPELINE_NAMESPACE,
  PIPELINE_SEALED_VALUES,
  PIPELINE_TLS_SECRET,
  REPLICATION_PORT,
  buildPipeline,
  ingestHost,
  pipelineEnvironment,
} from './api-fit-pipeline-app';

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'pipeline.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe.each(['dev', 'prod'] as const)('an event pipeline through the public API, in %s', (name) => {
  const env = pipelineEnvironment(name);
  const prod = name === 'prod';
  const pods = (app: string) => ({
    podSelector: { matchLabels: { 'app.kubernetes.io/instance': `pipeline-${name}`, 'app.kubernetes.io/name': app } },
  });
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildPipeline, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('gives its namespace a quota and container defaults', () => {
    expect(find(manifests, 'ResourceQuota', 'quota')).toMatchObject({
      metadata: { namespace: PIPELINE_NAMESPACE },
      spec: {
        hard: {
          'requests.cpu': prod ? '16' : '4',
          'limits.memory': prod ? '64Gi' : '16Gi',
          'requests.storage': prod ? '1Ti' : '20Gi',
          pods: '40',
          persistentvolumeclaims: '6',
        },
      },
    });
    expect(find(manifests, 'LimitRange', 'container-defaults').spec.limits).toEqual([
      {
        type: 'Container',
        defaultRequest: { cpu: '50m', memory: '64Mi' },
        default: { cpu: '500m', memory: '256Mi' },
      },
    ]);
  });

  it('runs three brokers at once, one per node, each with a claim of the SSD class, and one down at a time', () => {
    const broker = find(manifests, 'StatefulSet', 'broker').spec;
    expect(broker).toMatchObject({ replicas: 3, podManagementPolicy: 'Parallel', serviceName: 'broker' });
    expect(broker.template.spec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: pods('broker').podSelector.matchLabels },
          },
        ],
      },
    });
    expect(broker.volumeClaimTemplates.map((claim: AnyManifest) => [claim.metadata.name, claim.spec])).toEqual([
      [
        'data',
        {
          accessModes: ['ReadWriteOnce'],
          storageClassName: BROKER_STORAGE_CLASS,
          resources: { requests: { storage: prod ? '200Gi' : '5Gi' } },
        },
      ],
    ]);
    expect(broker.template.spec.containers[0].volumeMounts).toContainEqual({
      name: 'data',
      mountPath: '/var/lib/kafka/data',
    });
    expect(find(manifests, 'PodDisruptionBudget', 'broker').spec.maxUnavailable).toBe(1);
  });

  it('names the brokers through a headless Service of its client, replication and controller ports', () => {
    const service = find(manifests, 'Service', 'broker').spec;
    expect(service.clusterIP).toBe('None');
    expect(service.ports).toEqual([
      { name: 'main', port: CLIENT_PORT },
      { name: 'replication', port: REPLICATION_PORT, targetPort: 'replication' },
      { name: 'controller', port: CONTROLLER_PORT, targetPort: 'controller' },
    ]);
    expect(find(manifests, 'StatefulSet', 'broker').spec.template.spec.containers[0].ports).toEqual([
      { containerPort: CLIENT_PORT, name: 'kafka' },
      { containerPort: REPLICATION_PORT, name: 'replication' },
      { containerPort: CONTROLLER_PORT, name: 'controller' },
    ]);
  });

  it('lets the producer, the consumers and the topic setup reach the client port, and only brokers the others', () => {
    expect(find(manifests, 'NetworkPolicy', 'broker-allow-ingress').spec.ingress).toEqual([
      {
        from: [pods('broker'), pods('ingest'), pods('consumer'), pods('topic-setup')],
        ports: [{ port: CLIENT_PORT, protocol: 'TCP' }],
      },
      { from: [pods('broker')], ports: [{ port: 'replication', protocol: 'TCP' }] },
      { from: [pods('broker')], ports: [{ port: 'controller', protocol: 'TCP' }] },
    ]);
  });

  it('serves the ingest over TLS, autoscaled from 2 to 10, ready on /healthz, with its config and sealed API key', () => {
    const deployment = find(manifests, 'Deployment', 'ingest').spec;
    expect(deployment.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'ingest').spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingest' },
    });
    const container = deployment.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const [settings] = manifests
      .filter((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('pipeline-settings-'))
      .map((object) => object.metadata.name);
    expect(container.envFrom).toEqual([{ configMapRef: { name: settings } }]);
    expect(container.env).toContainEqual({
      name: 'INGEST_API_KEY',
      valueFrom: { secretKeyRef: { name: 'ingest-api-key', key: 'api-key' } },
    });
    expect(find(manifests, 'SealedSecret', 'ingest-api-key').spec.encryptedData).toEqual({
      'api-key': 'AgBsealedIngestApiKey==',
    });
    expect(find(manifests, 'Ingress', 'ingest').spec).toMatchObject({
      tls: [{ hosts: [ingestHost(env)], secretName: PIPELINE_TLS_SECRET }],
      rules: [{ host: ingestHost(env) }],
    });
    // No pod of the namespace sends events in: only the Ingress controller.
    expect(manifests.filter((object) => object.metadata.name === 'ingest-allow-ingress')).toEqual([]);
  });

  it("opens the consumer's metrics port to the monitoring namespace alone", () => {
    expect(find(manifests, 'Service', 'consumer').spec.ports).toEqual([
      { name: 'metrics', port: 9090, targetPort: 'metrics' },
    ]);
    expect(find(manifests, 'NetworkPolicy', 'consumer-allow-ingress').spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
    expect(find(manifests, 'Deployment', 'consumer').spec.replicas).toBe(prod ? 3 : 1);
  });

  it('compacts every hour, never twice at once, within its deadlines, keeping a few finished runs', () => {
    const cronJob = find(manifests, 'CronJob', 'compaction').spec;
    expect(cronJob).toMatchObject({
      schedule: '0 * * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: { spec: { activeDeadlineSeconds: 3000 } },
    });
    expect(cronJob.jobTemplate.spec.template.spec.serviceAccountName).toBe('compaction');
  });

  it('lets the compaction only get and list ConfigMaps', () => {
    expect(find(manifests, 'Role', 'compaction').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
    ]);
    expect(find(manifests, 'RoleBinding', 'compaction')).toMatchObject({
      roleRef: { kind: 'Role', name: 'compaction' },
      subjects: [{ kind: 'ServiceAccount', name: 'compaction' }],
    });
  });

  it('lets the compaction send out of the namespace only to the object store, and to the API server its Role needs', () => {
    const own = manifests.filter(
      (object) =>
        object.kind === 'NetworkPolicy' &&
        object.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'compaction',
    );
    expect(own.map((policy) => [policy.metadata.name, policy.spec.policyTypes, policy.spec.egress])).toEqual([
      [
        'compaction-to-api-server',
        ['Egress'],
        [
          {
            to: env.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [
              { port: 443, protocol: 'TCP' },
              { port: 6443, protocol: 'TCP' },
            ],
          },
        ],
      ],
      [
        'compaction-to-object-store',
        ['Egress'],
        [{ to: [{ ipBlock: { cidr: OBJECT_STORE_CIDR } }], ports: [{ port: 443, protocol: 'TCP' }] }],
      ],
    ]);
    // Within the namespace, no pod takes its connections: no server's policy names it.
    const ingressPeers = JSON.stringify(
      manifests.filter((object) => object.kind === 'NetworkPolicy').map((policy) => policy.spec.ingress ?? []),
    );
    expect(ingressPeers).not.toContain('"compaction"');
  });

  it('sets up the topics once, after the brokers and before their producer and consumers, then deletes the Job', () => {
    const job = find(manifests, 'Job', 'topic-setup').spec;
    expect(job.ttlSecondsAfterFinished).toBe(6 * 3600);
    expect(job.template.spec.containers[0].command).toContain('--if-not-exists');
    const at = (kind: string, objectName: string) =>
      manifests.findIndex((object) => object.kind === kind && object.metadata.name === objectName);
    const order = (objects: [string, string][]) =>
      objects.map(
        ([kind, objectName]) => `${kind} ${objectName}: ${Math.sign(at(kind, objectName) - at('Job', 'topic-setup'))}`,
      );
    expect(
      order([
        ['StatefulSet', 'broker'],
        ['Service', 'broker'],
        ['NetworkPolicy', 'broker-allow-ingress'],
        ['Deployment', 'ingest'],
        ['HorizontalPodAutoscaler', 'ingest'],
        ['Deployment', 'consumer'],
        ['Service', 'consumer'],
      ]),
    ).toEqual([
      'StatefulSet broker: -1',
      'Service broker: -1',
      'NetworkPolicy broker-allow-ingress: -1',
      'Deployment ingest: 1',
      'HorizontalPodAutoscaler ingest: 1',
      'Deployment consumer: 1',
      'Service consumer: 1',
    ]);
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildPipeline, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the event pipeline at the gate', () => {
  it("is refused when the brokers' StorageClass is not declared external", () => {
    const env = parseEnvironment(
      'prod',
      { ...ENVIRONMENTS.prod, external: { secrets: [`${PIPELINE_NAMESPACE}/${PIPELINE_TLS_SECRET}`] } },
      PIPELINE_SEALED_VALUES,
    );
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildPipeline, maps: false })).toThrow(
      `storage-class: StatefulSet ${PIPELINE_NAMESPACE}/broker (construct pipeline/broker/Resource)\n` +
        `    volumeClaimTemplate "data" asks for StorageClass "${BROKER_STORAGE_CLASS}", which the project does not define`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-pipeline-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|addOverride|Kube[A-Z]|imports\/k8s|lib\/constructs|lib\/checks|escape/,
    );
  });
});
