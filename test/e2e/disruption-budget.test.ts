import * as fs from 'fs';
import * as path from 'path';
import { disruptionBudgetAllows } from '../../lib/checks/disruption-rules';
import { gateVerdicts } from './gate';
import { AnyManifest, tempDir } from '../helpers';
import { getJson, kubectl, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(180_000);

/**
 * PodDisruptionBudgets on a real cluster (its disruption controller and the eviction API): a budget the gate warns of
 * refuses every eviction of the pods it selects, and one it passes lets one go.
 */
const RELEASE = serverRelease();
const NAMESPACE = 'e2e-disruption';

const DEPLOYMENT: AnyManifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: NAMESPACE },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
  },
};

function budget(spec: AnyManifest): AnyManifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: NAMESPACE },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  };
}

function gateWarnings(pdb: AnyManifest): string[] {
  return gateVerdicts([DEPLOYMENT, pdb], RELEASE, [disruptionBudgetAllows.id], true).map((warning) => warning.message);
}

/** Waits until the budget's controller has counted both pods healthy; returns its allowed disruptions. */
async function settledBudget(): Promise<number> {
  for (let attempt = 0; attempt < 90; attempt++) {
    const status = getJson(['pdb', 'web', '-n', NAMESPACE]).status ?? {};
    if (status.expectedPods === 2 && status.currentHealthy === 2) {
      return status.disruptionsAllowed as number;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the PodDisruptionBudget did not count 2 healthy pods in 90 s');
}

/** Asks the eviction API to evict one pod of the Deployment, as a dry run; the kubectl result. */
function evictOne(): ReturnType<typeof kubectlResult> {
  const pod = String(getJson(['pods', '-n', NAMESPACE, '-l', 'app=web']).items[0].metadata.name);
  const file = path.join(tempDir(), 'eviction.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod, namespace: NAMESPACE },
      deleteOptions: { dryRun: ['All'] },
    }),
  );
  return kubectlResult(['create', '--raw', `/api/v1/namespaces/${NAMESPACE}/pods/${pod}/eviction`, '-f', file]);
}

beforeAll(() => {
  // A namespace an earlier run left terminating takes no new objects.
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }));
  kubectl(['apply', '-f', '-'], JSON.stringify(DEPLOYMENT));
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false']);
});

describe(`PodDisruptionBudgets on Kubernetes ${RELEASE}`, () => {
  it('refuses every eviction under a budget of minAvailable 2 of 2 pods, which the gate warns of', async () => {
    const pdb = budget({ minAvailable: 2 });
    expect(gateWarnings(pdb)).toEqual([expect.stringContaining('so it allows no eviction')]);
    kubectl(['apply', '-f', '-'], JSON.stringify(pdb));
    expect(await settledBudget()).toBe(0);
    const eviction = evictOne();
    expect(eviction.status).not.toBe(0);
    expect(eviction.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget");
  });

  it('lets one pod go under maxUnavailable 1, which the gate passes', async () => {
    const pdb = budget({ maxUnavailable: 1 });
    expect(gateWarnings(pdb)).toEqual([]);
    kubectl(['delete', 'pdb', 'web', '-n', NAMESPACE, '--ignore-not-found']);
    kubectl(['apply', '-f', '-'], JSON.stringify(pdb));
    expect(await settledBudget()).toBe(1);
    expect(evictOne()).toMatchObject({ status: 0, stderr: '' });
  });
});
