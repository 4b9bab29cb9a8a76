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
  CLIENT_LABEL,
  DATA_NAMESPACE,
  DATA_STORAGE_CLASS,
  METRICS_PORT,
  POSTGRES_PORT,
  buildDataTier,
  dataEnvironment,
} from './api-fit-data-app';

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'data-tier.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe.each(['dev', 'prod'] as const)('a replicated data tier through the public API, in %s', (name) => {
  const env = dataEnvironment(name);
  const prod = name === 'prod';
  const replicas = prod ? 3 : 2;
  const podsOf = (workload: string) => ({
    'app.kubernetes.io/instance': `data-tier-${name}`,
    'app.kubernetes.io/name': workload,
  });
  const primary = { ...podsOf('postgres'), 'statefulset.kubernetes.io/pod-name': 'postgres-0' };
  const clients = { podSelector: { matchLabels: { [CLIENT_LABEL]: 'true' } } };
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildDataTier, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('has no finding, warning or exemption at the gate', () => {
    const objects = renderApp(buildDataTier(env)).flatMap((file) => file.objects);
    const result = runChecks(objects, env);
    expect({ findings: result.findings, warnings: result.warnings, exemptions: result.exemptions }).toEqual({
      findings: [],
      warnings: [],
      exemptions: [],
    });
  });

  describe('Postgres', () => {
    let spec: AnyManifest;
    let pod: AnyManifest;
    let postgres: AnyManifest;
    beforeAll(() => {
      spec = find(manifests, 'StatefulSet', 'postgres').spec;
      pod = spec.template.spec;
      postgres = pod.containers.find((container: AnyManifest) => container.name === 'postgres');
    });

    it('starts its members in order and rolls out to the replicas first, holding the primary (pod 0) back', () => {
      expect(spec).toMatchObject({
        replicas,
        serviceName: 'postgres',
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
      });
    });

    it('gives each member a claim of its own StorageClass: expandable, bound where the pod lands, kept when released', () => {
      expect(spec.volumeClaimTemplates).toEqual([
        {
          metadata: { name: 'data', labels: podsOf('postgres') },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: DATA_STORAGE_CLASS,
            resources: { requests: { storage: prod ? '100Gi' : '2Gi' } },
          },
        },
      ]);
      expect(find(manifests, 'StorageClass', DATA_STORAGE_CLASS)).toMatchObject({
        allowVolumeExpansion: true,
        volumeBindingMode: 'WaitForFirstConsumer',
        reclaimPolicy: 'Retain',
      });
    });

    it('prepares the data directory in an init container that mounts the claim and its script by subPath', () => {
      const [init] = pod.initContainers;
      expect(init.name).toBe('prepare-data');
      expect(init.command).toEqual(['sh', '/scripts/prepare-data.sh']);
      expect(init.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'data', mountPath: '/var/lib/postgresql/data' },
          { name: 'config', mountPath: '/scripts/prepare-data.sh', subPath: 'prepare-data.sh', readOnly: true },
        ]),
      );
      expect(init.env).toEqual(
        expect.arrayContaining([
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          {
            name: 'REPLICATION_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'replication-password' } },
          },
        ]),
      );
      expect(postgres.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    });

    it('reads its configuration files from a ConfigMap by subPath', () => {
      const config = manifests.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('postgres-config-'),
      );
      expect(Object.keys(config?.data ?? {}).sort()).toEqual(['pg_hba.conf', 'postgresql.conf', 'prepare-data.sh']);
      expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: config?.metadata.name } });
      expect(postgres.args).toEqual(['-c', 'config_file=/etc/postgresql/postgresql.conf']);
      expect(postgres.volumeMounts).toEqual(
        expect.arrayContaining(
          ['postgresql.conf', 'pg_hba.conf'].map((file) => ({
            name: 'config',
            mountPath: `/etc/postgresql/${file}`,
            subPath: file,
            readOnly: true,
          })),
        ),
      );
    });

    it('is probed by exec at startup and for readiness and by TCP for liveness, and stops fast within a long grace period', () => {
      expect(postgres.startupProbe).toMatchObject({ exec: { command: expect.arrayContaining(['pg_isready']) } });
      expect(postgres.startupProbe.failureThreshold * postgres.startupProbe.periodSeconds).toBe(300);
      expect(postgres.readinessProbe.exec.command[0]).toBe('pg_isready');
      expect(postgres.livenessProbe).toEqual({
        tcpSocket: { port: 'postgres' },
        periodSeconds: 20,
        failureThreshold: 6,
      });
      expect(postgres.lifecycle.preStop.exec.command.slice(0, 2)).toEqual(['pg_ctl', 'stop']);
      expect(pod.terminationGracePeriodSeconds).toBe(120);
    });

    it('runs a metrics exporter beside it, with the superuser password from the SealedSecret', () => {
      const metrics = pod.containers.find((container: AnyManifest) => container.name === 'metrics');
      expect(metrics.ports).toEqual([{ containerPort: METRICS_PORT, name: 'metrics' }]);
      expect(metrics.env).toContainEqual({
        name: 'DATA_SOURCE_PASS',
        valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'superuser-password' } },
      });
      expect(find(manifests, 'SealedSecret', 'postgres-credentials').spec.encryptedData).toEqual({
        'superuser-password': 'AgBsealedSuperuserPassword==',
        'replication-password': 'AgBsealedReplicationPassword==',
      });
    });

    it('keeps one member per node (required) and prefers one per zone, with a budget of one member down', () => {
      const selector = { matchLabels: podsOf('postgres') };
      expect(pod.affinity.podAntiAffinity).toEqual({
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: selector },
        ],
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: selector } },
        ],
      });
      expect(find(manifests, 'PodDisruptionBudget', 'postgres').spec).toEqual({ maxUnavailable: 1, selector });
    });

    it('has a headless Service that publishes members before they are ready, a read-write one of pod 0 and a read-only one', () => {
      expect(find(manifests, 'Service', 'postgres').spec).toMatchObject({
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: podsOf('postgres'),
      });
      const rw = find(manifests, 'Service', 'postgres-rw').spec;
      expect(rw.selector).toEqual(primary);
      expect(rw.ports).toEqual([{ name: 'postgres', port: POSTGRES_PORT, targetPort: 'postgres' }]);
      expect(rw.clusterIP).toBeUndefined();
      expect(find(manifests, 'Service', 'postgres-ro').spec.selector).toEqual(podsOf('postgres'));
    });
  });

  it('runs Redis with a memory limit and its working directory in memory, bounded below the limit', () => {
    const pod = find(manifests, 'Deployment', 'redis').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'cache-data', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'cache-data', mountPath: '/data' }]);
    expect(pod.containers[0].resources.limits.memory).toBe(prod ? '1Gi' : '256Mi');
  });

  it('backs up nightly to a claim of its own, never two at once, as a non-root user on a read-only root filesystem', () => {
    const cronJob = find(manifests, 'CronJob', 'postgres-backup').spec;
    expect(cronJob).toMatchObject({
      schedule: '30 2 * * *',
      timeZone: 'Europe/Amsterdam',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 1800,
      successfulJobsHistoryLimit: 7,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { activeDeadlineSeconds: 7200, backoffLimit: 2 } },
    });
    const pod = cronJob.jobTemplate.spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'pvc-postgres-backups',
      persistentVolumeClaim: { claimName: 'postgres-backups' },
    });
    expect(pod.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
    });
    expect(find(manifests, 'PersistentVolumeClaim', 'postgres-backups').spec).toMatchObject({
      storageClassName: DATA_STORAGE_CLASS,
      resources: { requests: { storage: prod ? '200Gi' : '5Gi' } },
    });
  });

  it('lets clients reach Postgres and Redis, the backup the primary, members each other, monitoring the exporter, and nothing else in', () => {
    const ingress = manifests
      .filter((object) => object.kind === 'NetworkPolicy' && (object.spec.ingress ?? []).length > 0)
      .map((policy) => ({
        name: policy.metadata.name,
        to: policy.spec.podSelector.matchLabels,
        rules: policy.spec.ingress,
      }));
    const postgres = (port: number | string) => [{ port, protocol: 'TCP' }];
    expect(ingress).toEqual([
      {
        name: 'postgres-allow-ingress',
        to: podsOf('postgres'),
        rules: [
          { from: [{ podSelector: { matchLabels: podsOf('postgres') } }], ports: postgres(POSTGRES_PORT) },
          {
            from: [
              { podSelector: { matchLabels: podsOf('postgres') } },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
            ],
            ports: postgres('metrics'),
          },
        ],
      },
      {
        name: 'postgres-rw-allow-ingress',
        to: primary,
        rules: [
          {
            from: [clients, { podSelector: { matchLabels: podsOf('postgres-backup') } }],
            ports: postgres('postgres'),
          },
        ],
      },
      {
        name: 'postgres-ro-allow-ingress',
        to: podsOf('postgres'),
        rules: [{ from: [clients], ports: postgres('postgres') }],
      },
      { name: 'redis-allow-ingress', to: podsOf('redis'), rules: [{ from: [clients], ports: postgres('redis') }] },
    ]);
    expect(find(manifests, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(find(manifests, 'NetworkPolicy', 'allow-dns').spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });

  it('bounds the namespace with a ResourceQuota and gives containers that say nothing defaults', () => {
    expect(find(manifests, 'ResourceQuota', 'quota').spec.hard).toEqual({
      'requests.cpu': prod ? '8' : '2',
      'limits.memory': prod ? '32Gi' : '8Gi',
      'requests.storage': prod ? '500Gi' : '20Gi',
      pods: '20',
      persistentvolumeclaims: '10',
    });
    expect(find(manifests, 'LimitRange', 'container-defaults').spec.limits).toEqual([
      {
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      },
    ]);
    expect(find(manifests, 'Namespace', DATA_NAMESPACE).metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildDataTier, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the data tier at the gate', () => {
  it('is refused when its passwords are not sealed for the environment', () => {
    const env = parseEnvironment('prod', ENVIRONMENTS.prod);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildDataTier, maps: false })).toThrow(
      `${DATA_NAMESPACE}/postgres-credentials`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-data-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|addOverride|Kube[A-Z]|imports\/k8s|lib\/constructs|lib\/checks|escape/,
    );
  });
});
