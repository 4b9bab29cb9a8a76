import { claimSharing } from '../../lib/checks/claim-sharing';
import { AnyManifest } from '../helpers';
import { gateVerdicts } from './gate';
import { getJson, kubectl, serverRelease, useCleanNamespaces } from './kubectl';

jest.setTimeout(180_000);

/**
 * A ReadWriteOncePod claim on the local cluster's real scheduler and controllers (a kwok node runs the pods): a
 * Deployment of two pods gets one, the other stays Pending; a rollout of a one-pod Deployment of the default strategy
 * starts a new pod that never gets the claim. What the gate's claim-sharing finding says, held to the cluster.
 */
const RELEASE = serverRelease();
const NS = 'e2e-claim-sharing';
const CLASS = 'e2e-claim-sharing';

const volume = (name: string): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOncePod'],
    storageClassName: CLASS,
    hostPath: { path: `/tmp/${name}` },
  },
});

const claim = (name: string): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: NS },
  spec: {
    accessModes: ['ReadWriteOncePod'],
    storageClassName: CLASS,
    volumeName: name,
    resources: { requests: { storage: '1Gi' } },
  },
});

const deployment = (name: string, replicas: number, version = '1'): AnyManifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, annotations: { version } },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }],
      },
    },
  },
});

function apply(manifest: AnyManifest): void {
  kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
}

interface PodState {
  readonly name: string;
  readonly phase: string;
  readonly unschedulable: string | undefined;
}

function podsOf(app: string): PodState[] {
  return (getJson(['pods', '-n', NS, '-l', `app=${app}`]).items as AnyManifest[]).map((pod) => ({
    name: pod.metadata.name,
    phase: pod.status.phase,
    unschedulable: (pod.status.conditions ?? []).find(
      (condition: AnyManifest) => condition.type === 'PodScheduled' && condition.status === 'False',
    )?.message,
  }));
}

/** Polls until `done` holds of the app's pods, or fails with what they were after `seconds`. */
async function podsWhen(app: string, done: (pods: PodState[]) => boolean, seconds = 90): Promise<PodState[]> {
  const deadline = Date.now() + seconds * 1000;
  let pods = podsOf(app);
  while (!done(pods) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    pods = podsOf(app);
  }
  return pods;
}

const ONE_POD_CLAIM = /ReadWriteOncePod/;

useCleanNamespaces([NS], [['persistentvolume', ['e2e-claim-sharing-two', 'e2e-claim-sharing-roll']]]);

beforeAll(() => {
  kubectl(['create', 'namespace', NS]);
  for (const name of ['e2e-claim-sharing-two', 'e2e-claim-sharing-roll']) {
    kubectl(['delete', 'persistentvolume', name, '--ignore-not-found', '--wait=true', '--timeout=60s']);
    apply(volume(name));
  }
});

describe(`a ReadWriteOncePod claim on Kubernetes ${RELEASE}`, () => {
  it('runs one pod of two, and leaves the other Pending, as the gate says', async () => {
    const objects = [claim('e2e-claim-sharing-two'), deployment('e2e-claim-sharing-two', 2)];
    expect(gateVerdicts(objects, RELEASE, [claimSharing.id]).map((finding) => finding.message)).toEqual([
      'replicas 2, and claim e2e-claim-sharing-two (ReadWriteOncePod: one pod mounts it): the other pods stay Pending',
    ]);
    objects.forEach(apply);
    const pods = await podsWhen(
      'e2e-claim-sharing-two',
      (current) =>
        current.filter((pod) => pod.phase === 'Running').length === 1 &&
        current.some((pod) => ONE_POD_CLAIM.test(pod.unschedulable ?? '')),
    );
    expect(
      pods.map((pod) => (pod.phase === 'Running' ? 'Running' : `${pod.phase}: ${pod.unschedulable}`)).sort(),
    ).toEqual([expect.stringMatching(/^Pending: .*ReadWriteOncePod/), 'Running']);
  });

  it('never finishes a rollout of one pod that surges first, as the gate says', async () => {
    const objects = [claim('e2e-claim-sharing-roll'), deployment('e2e-claim-sharing-roll', 1)];
    expect(gateVerdicts(objects, RELEASE, [claimSharing.id]).map((finding) => finding.message)).toEqual([
      expect.stringContaining('the new pod never mounts it while the old one runs, and the rollout never ends'),
    ]);
    objects.forEach(apply);
    await podsWhen('e2e-claim-sharing-roll', (current) => current.some((pod) => pod.phase === 'Running'));
    apply(deployment('e2e-claim-sharing-roll', 1, '2'));
    const pods = await podsWhen('e2e-claim-sharing-roll', (current) =>
      current.some((pod) => ONE_POD_CLAIM.test(pod.unschedulable ?? '')),
    );
    // The old pod runs on, the new one waits for the claim: the rollout stands still.
    expect(
      pods.map((pod) => (pod.phase === 'Running' ? 'Running' : `${pod.phase}: ${pod.unschedulable}`)).sort(),
    ).toEqual([expect.stringMatching(/^Pending: .*ReadWriteOncePod/), 'Running']);
  });
});
