import {
  CONTROLLER_REVISION_HASH_LABEL,
  INDEX_LABELS_SINCE,
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  POD_TEMPLATE_HASH_LABEL,
} from '../../lib/checks/controller-labels';
import { releaseAtLeast } from '../../lib/config/kubernetes-version';
import { AnyManifest } from '../helpers';
import { gateVerdicts } from './gate';
import { getJson, serverRelease, useNamespaces, waitFor } from './kubectl';

jest.setTimeout(180_000);

/**
 * The labels the controllers give the pods they make, on a real cluster (its Deployment and StatefulSet controllers):
 * what `lib/checks/controller-labels.ts` assumes, and what the gate makes of a Service that selects by them.
 */
const RELEASE = serverRelease();
const NAMESPACE = 'e2e-controller-labels';

const CONTAINERS = [{ name: 'app', image: 'nginx:1.27' }];

/** A Deployment whose template sets pod-template-hash itself, which its controller overwrites. */
const DEPLOYMENT: AnyManifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hashed', namespace: NAMESPACE },
  spec: {
    selector: { matchLabels: { app: 'hashed' } },
    template: {
      metadata: { labels: { app: 'hashed', [POD_TEMPLATE_HASH_LABEL]: 'x' } },
      spec: { containers: CONTAINERS },
    },
  },
};

/** A StatefulSet of ordinals 5 and 6 whose template sets the labels its controller sets on each pod. */
const STATEFUL_SET: AnyManifest = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'ord', namespace: NAMESPACE },
  spec: {
    serviceName: 'ord',
    replicas: 2,
    ordinals: { start: 5 },
    selector: { matchLabels: { app: 'ord' } },
    template: {
      metadata: { labels: { app: 'ord', [CONTROLLER_REVISION_HASH_LABEL]: 'x', [POD_NAME_LABEL]: 'mine' } },
      spec: { containers: CONTAINERS },
    },
  },
};

function service(name: string, selector: Record<string, string>): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NAMESPACE },
    spec: { selector, ports: [{ port: 80 }] },
  };
}

useNamespaces({
  [NAMESPACE]: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }, DEPLOYMENT, STATEFUL_SET],
});

/** The labels of the pods of this `app`, by pod name, once there are `count`. */
async function podLabels(app: string, count: number): Promise<Record<string, Record<string, string>>> {
  const labels = (): Record<string, Record<string, string>> =>
    Object.fromEntries(
      (getJson(['pods', '-n', NAMESPACE, '-l', `app=${app}`]).items as AnyManifest[]).map((pod) => [
        pod.metadata.name,
        pod.metadata.labels,
      ]),
    );
  await waitFor(`${count} pods of app=${app}`, () => Object.keys(labels()).length === count, 90);
  return labels();
}

function selectorMessages(manifests: AnyManifest[], warnings: boolean): string[] {
  return gateVerdicts(manifests, RELEASE, ['service-selector'], warnings).map((finding) => finding.message);
}

describe(`the labels controllers give pods, on Kubernetes ${RELEASE}`, () => {
  it("labels a Deployment's pods with the hash of the template, over the template's own value, which the gate warns of selecting", async () => {
    const pods = Object.values(await podLabels('hashed', 1));
    const hash = pods[0][POD_TEMPLATE_HASH_LABEL];
    expect(hash).toMatch(/^[0-9a-z]+$/);
    expect(hash).not.toBe('x');
    const selectingX = service('hashed', { app: 'hashed', [POD_TEMPLATE_HASH_LABEL]: 'x' });
    expect(selectorMessages([DEPLOYMENT, selectingX], false)).toEqual([]);
    expect(selectorMessages([DEPLOYMENT, selectingX], true)).toEqual([
      expect.stringContaining(`names ${POD_TEMPLATE_HASH_LABEL}, which the Deployment controller sets on each pod`),
    ]);
  });

  it("names a StatefulSet's pods from ordinals.start, over the template's own pod name and revision hash", async () => {
    const pods = await podLabels('ord', 2);
    expect(Object.keys(pods).sort()).toEqual(['ord-5', 'ord-6']);
    for (const [name, labels] of Object.entries(pods)) {
      expect(labels[POD_NAME_LABEL]).toBe(name);
      expect(labels[CONTROLLER_REVISION_HASH_LABEL]).toMatch(/^ord-[0-9a-z]+$/);
      expect(labels[POD_INDEX_LABEL]).toBe(releaseAtLeast(RELEASE, INDEX_LABELS_SINCE) ? name.slice(4) : undefined);
    }
    expect(
      selectorMessages([STATEFUL_SET, service('ord-5', { app: 'ord', [POD_NAME_LABEL]: 'ord-5' })], false),
    ).toEqual([]);
    expect(
      selectorMessages([STATEFUL_SET, service('ord-0', { app: 'ord', [POD_NAME_LABEL]: 'ord-0' })], false),
    ).toEqual([
      `selector app=ord,${POD_NAME_LABEL}=ord-0 matches no pod template in namespace ${NAMESPACE}: the pods of StatefulSet ord are ord-5 to ord-6`,
    ]);
  });
});
