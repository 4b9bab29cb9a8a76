import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../lib/synthesize';
import { DATA_NAMESPACE, DATA_STORAGE_CLASS, buildDataTier, dataEnvironment } from '../constructs/api-fit-data-app';
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
 * The data tier of test/constructs/api-fit-data-app.ts (Postgres as a StatefulSet with a partitioned rollout, claim
 * retention, claims of its own StorageClass, an init container on the claim, a headless Service that publishes unready
 * members, a read-write Service of pod 0 by the pod-name label its controller gives it, and a read-only one; Redis in
 * memory; a backup CronJob; policies; a quota and container defaults), synthesized for both environments at the release
 * of the API server under test, gate included: each is taken with strict field validation, and the prod one, applied,
 * keeps what the constructs meant, down to the controller's pod 0 that the read-write Service selects, admitted under
 * the namespace's quota.
 */
const RELEASE = serverRelease();
const FILE = 'data-tier.k8s.yaml';

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const outdir = tempDir();
  synthesize({ outdir, environments: [dataEnvironment(name, RELEASE)], build: buildDataTier, maps: false });
  return path.join(outdir, name, FILE);
}

/** The names of the namespace's pods that a selector of labels selects. */
function podsSelectedBy(selector: Readonly<Record<string, string>>): string[] {
  const labels = Object.entries(selector).map(([key, value]) => `${key}=${value}`);
  return getJson(['pods', '-n', DATA_NAMESPACE, '-l', labels.join(',')]).items.map(
    (pod: AnyManifest) => pod.metadata.name,
  );
}

const files: Record<'dev' | 'prod', string> = { dev: '', prod: '' };

useCleanNamespaces([DATA_NAMESPACE], [['storageclass', [DATA_STORAGE_CLASS]]]);

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`a replicated data tier on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    const file = files[name];
    expect(fs.existsSync(file)).toBe(true);
    expect(applyKindsStrict(file, ['Namespace']).status).toBe(0);
    const result = dryRunStrict(file);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it("keeps, applied, Postgres' rollout, claim retention, claims and Services", () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    const spec = getJson(['statefulset', 'postgres', '-n', DATA_NAMESPACE]).spec;
    expect({
      replicas: spec.replicas,
      podManagementPolicy: spec.podManagementPolicy,
      // 1.37 fills in rollingUpdate.maxUnavailable (1), which 1.27 does not have.
      strategy: spec.updateStrategy.type,
      partition: spec.updateStrategy.rollingUpdate.partition,
      retention: spec.persistentVolumeClaimRetentionPolicy,
      claims: spec.volumeClaimTemplates.map((claim: AnyManifest) => claim.spec.storageClassName),
      grace: spec.template.spec.terminationGracePeriodSeconds,
      initMounts: spec.template.spec.initContainers[0].volumeMounts.map((mount: AnyManifest) => mount.name),
    }).toEqual({
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
      strategy: 'RollingUpdate',
      partition: 1,
      retention: { whenDeleted: 'Retain', whenScaled: 'Delete' },
      claims: [DATA_STORAGE_CLASS],
      grace: 120,
      initMounts: ['config', 'run', 'tmp', 'data'],
    });
    expect(getJson(['service', 'postgres', '-n', DATA_NAMESPACE]).spec).toMatchObject({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
    });
    expect(getJson(['storageclass', DATA_STORAGE_CLASS])).toMatchObject({
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Retain',
    });
  });

  it("has the read-write Service select pod 0 alone, by the label the StatefulSet's controller gives it", async () => {
    // Members start in order: pod 0 comes first, and waits for its claim, which no provisioner here binds.
    await waitFor('pod postgres-0', () => podsSelectedBy({ 'app.kubernetes.io/name': 'postgres' }).length > 0);
    const rw = getJson(['service', 'postgres-rw', '-n', DATA_NAMESPACE]).spec.selector;
    expect(rw['statefulset.kubernetes.io/pod-name']).toBe('postgres-0');
    expect(podsSelectedBy(rw)).toEqual(['postgres-0']);
    expect(podsSelectedBy(getJson(['service', 'postgres-ro', '-n', DATA_NAMESPACE]).spec.selector)).toEqual([
      'postgres-0',
    ]);
    const claim = getJson(['pvc', 'data-postgres-0', '-n', DATA_NAMESPACE]).spec;
    expect({ storageClassName: claim.storageClassName, storage: claim.resources.requests.storage }).toEqual({
      storageClassName: DATA_STORAGE_CLASS,
      storage: '100Gi',
    });
  });

  it('keeps the backup CronJob, Redis in memory, the quota and the container defaults', () => {
    const backup = getJson(['cronjob', 'postgres-backup', '-n', DATA_NAMESPACE]).spec;
    expect({
      timeZone: backup.timeZone,
      concurrencyPolicy: backup.concurrencyPolicy,
      startingDeadlineSeconds: backup.startingDeadlineSeconds,
      activeDeadlineSeconds: backup.jobTemplate.spec.activeDeadlineSeconds,
      backoffLimit: backup.jobTemplate.spec.backoffLimit,
    }).toEqual({
      timeZone: 'Europe/Amsterdam',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 1800,
      activeDeadlineSeconds: 7200,
      backoffLimit: 2,
    });
    const redis = getJson(['deployment', 'redis', '-n', DATA_NAMESPACE]).spec.template.spec;
    expect(redis.volumes).toEqual([{ name: 'cache-data', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } }]);
    expect(getJson(['resourcequota', 'quota', '-n', DATA_NAMESPACE]).spec.hard).toMatchObject({
      pods: '20',
      'requests.storage': '500Gi',
    });
    expect(getJson(['limitrange', 'container-defaults', '-n', DATA_NAMESPACE]).spec.limits[0].type).toBe('Container');
  });
});
