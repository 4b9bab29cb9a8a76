import { App, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  AppChart,
  BackendService,
  DeploymentStrategy,
  Job,
  PersistentVolume,
  PersistentVolumeClaim,
  Probe,
  StorageClass,
  Volume,
} from '../../lib';
import { runChecks } from '../../lib/checks/run-checks';
import { renderApp } from '../../lib/writer/render';
import { DEV } from '../helpers';

/** The rule's findings and warnings for an app of `build`, as `finding|warning path: message` lines. */
function sharing(build: (chart: AppChart) => void): string[] {
  const app: App = Testing.app();
  build(new AppChart(app, 'files', { env: DEV, namespace: 'files' }));
  const result = runChecks(
    renderApp(app).flatMap((file) => file.objects),
    DEV,
  );
  return [
    ...result.findings.map((finding) => ({ ...finding, kind: 'finding' })),
    ...result.warnings.map((warning) => ({ ...warning, kind: 'warning' })),
  ]
    .filter((each) => each.rule === 'claim-sharing')
    .map((each) => `${each.kind} ${each.object.path}: ${each.message}`);
}

/** A server of `replicas` pods that mounts `claim` at /uploads. */
function server(chart: AppChart, id: string, claim: PersistentVolumeClaim, props: Record<string, unknown> = {}) {
  return new BackendService(chart, id, {
    image: 'ghcr.io/acme/files:1.0.0',
    port: 8080,
    portName: 'http',
    readiness: Probe.tcpSocket(8080),
    mounts: [{ volume: Volume.fromPersistentVolumeClaim(claim), path: '/uploads' }],
    ...props,
  });
}

const claimOf = (chart: AppChart, mode: AccessMode, props: Record<string, unknown> = {}) =>
  new PersistentVolumeClaim(chart, 'uploads', { storage: Size.gibibytes(5), accessModes: [mode], ...props });

describe('claim-sharing', () => {
  it('refuses a ReadWriteOncePod claim of more than one pod', () => {
    expect(
      sharing((chart) => server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE_POD), { replicas: 2 })),
    ).toEqual([
      'finding files/files/Deployment/Resource: replicas 2, and claim uploads (ReadWriteOncePod: one pod mounts it): the other pods stay Pending',
    ]);
  });

  it('counts the most pods an autoscaler runs', () => {
    expect(
      sharing((chart) =>
        server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE_POD), {
          autoscaling: { minReplicas: 1, maxReplicas: 3 },
          strategy: DeploymentStrategy.recreate(),
        }),
      ),
    ).toEqual([
      'finding files/files/Deployment/Resource: maxReplicas 3 of HorizontalPodAutoscaler files/files, and claim uploads (ReadWriteOncePod: one pod mounts it): the other pods stay Pending',
    ]);
  });

  it('refuses a rollout of one ReadWriteOncePod pod that starts the new pod first, and takes Recreate', () => {
    expect(sharing((chart) => server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE_POD)))).toEqual([
      'finding files/files/Deployment/Resource: a rollout (RollingUpdate, maxUnavailable 25% of 1 pod) starts the new pod before it stops the old one, and claim uploads (ReadWriteOncePod: one pod mounts it): the new pod never mounts it while the old one runs, and the rollout never ends',
    ]);
    expect(
      sharing((chart) =>
        server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE_POD), {
          strategy: DeploymentStrategy.recreate(),
        }),
      ),
    ).toEqual([]);
    // Scaled to 0, it rolls out no pod.
    expect(
      sharing((chart) => server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE_POD), { replicas: 0 })),
    ).toEqual([]);
  });

  it('refuses a ReadWriteOncePod claim of two workloads, on the later one', () => {
    expect(
      sharing((chart) => {
        const claim = claimOf(chart, AccessMode.READ_WRITE_ONCE_POD);
        server(chart, 'files', claim, { strategy: DeploymentStrategy.recreate() });
        new Job(chart, 'scan', {
          containers: [
            {
              name: 'scan',
              image: 'ghcr.io/acme/scan:1.0.0',
              mounts: [{ volume: Volume.fromPersistentVolumeClaim(claim), path: '/uploads' }],
            },
          ],
        });
      }),
    ).toEqual([
      'finding files/scan/Resource: Deployment files/files mounts claim uploads (ReadWriteOncePod: one pod mounts it) too: the pods of one of them stay Pending',
    ]);
  });

  it('warns of a ReadWriteOnce claim of pods on several nodes, unless its volume is node-local or the pods are pinned', () => {
    expect(
      sharing((chart) => server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE), { replicas: 3 })),
    ).toEqual([
      'warning files/files/Deployment/Resource: replicas 3, and claim uploads (ReadWriteOnce: the pods of one node mount it): its volume attaches to one node, and pods the scheduler puts on another (it spreads them) cannot start while it is attached there (Multi-Attach error)',
    ]);
    // A class of node-local volumes: the scheduler puts every pod on the volume's node.
    expect(
      sharing((chart) => {
        const local = new StorageClass(chart, 'local', { provisioner: 'rancher.io/local-path' });
        server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE, { storageClass: local }), { replicas: 3 });
      }),
    ).toEqual([]);
    // A hostPath volume of the project: no attachment.
    expect(
      sharing((chart) => {
        const volume = new PersistentVolume(chart, 'uploads-volume', {
          capacity: Size.gibibytes(5),
          hostPath: '/srv/uploads',
        });
        server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE, { volume }), { replicas: 3 });
      }),
    ).toEqual([]);
    expect(
      sharing((chart) =>
        server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_ONCE), {
          replicas: 3,
          nodeSelector: { 'kubernetes.io/hostname': 'node-1' },
        }),
      ),
    ).toEqual([]);
  });

  it('takes a ReadWriteMany claim of many pods', () => {
    expect(
      sharing((chart) => server(chart, 'files', claimOf(chart, AccessMode.READ_WRITE_MANY), { replicas: 3 })),
    ).toEqual([]);
  });
});
