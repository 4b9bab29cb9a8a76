import * as fs from 'fs';
import { App, Chart, Testing } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { AppChart } from '../../lib/charts/app-chart';
import { isClusterScoped, kindInfo, qualifiedResource } from '../../lib/kinds/kinds';
import { renderApp } from '../../lib/writer/render';
import { DEV } from '../helpers';
import { writeDevDist } from './dev-dist';
import { getJson, kubectlResult, runScript, waitFor } from './kubectl';

jest.setTimeout(180_000);

/**
 * The application that is removed, and the one that stays and depends on it (so its file comes second, though its name
 * comes first). Cluster-scoped names are prefixed to be the test's own.
 */
const GONE = 'e2e-prune-b-gone';
const KEPT = 'e2e-prune-a-kept';
/**
 * Namespaces of another project that look like ours: the same managed-by, an instance label `<part-of>-dev`, and one
 * that even carries our ownership label, copied by hand. `npm run apply` never applied them, so it must not prune them.
 */
const LOOKALIKE = 'e2e-prune-c-lookalike';
const COPIED_MARK = 'e2e-prune-d-copied-mark';

function createLookalike(name: string, extraLabels: Record<string, string> = {}): void {
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/part-of': name,
        'app.kubernetes.io/instance': `${name}-dev`,
        ...extraLabels,
      },
    },
  };
  const result = kubectlResult(
    ['apply', '--server-side', '--field-manager=another-project', '-f', '-'],
    JSON.stringify(namespace),
  );
  if (result.status !== 0) {
    throw new Error(`could not create namespace ${name}: ${result.stderr}`);
  }
}

/** Cluster-scoped objects of many kinds (the pruning of `npm run apply` once knew 4 of them), named after the app. */
function clusterScopedObjects(chart: Chart, app: string): void {
  new k8s.KubePriorityClass(chart, 'priority', { metadata: { name: `${app}-priority` }, value: 1000 });
  new k8s.KubeIngressClass(chart, 'ingress-class', {
    metadata: { name: `${app}-ingress` },
    spec: { controller: 'example.com/e2e-prune' },
  });
  new k8s.KubeRuntimeClass(chart, 'runtime', { metadata: { name: `${app}-runtime` }, handler: 'e2eprune' });
  const role = new k8s.KubeClusterRole(chart, 'role', {
    metadata: { name: `${app}-reader` },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  new k8s.KubeClusterRoleBinding(chart, 'binding', {
    metadata: { name: `${app}-reader` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
    subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: app }],
  });
  new k8s.KubeStorageClass(chart, 'storage', {
    metadata: { name: `${app}-manual` },
    provisioner: 'kubernetes.io/no-provisioner',
  });
  new k8s.KubePersistentVolume(chart, 'volume', {
    metadata: { name: `${app}-data` },
    spec: {
      capacity: { storage: k8s.Quantity.fromString('1Gi') },
      accessModes: ['ReadWriteOnce'],
      storageClassName: `${app}-manual`,
      hostPath: { path: `/tmp/${app}` },
    },
  });
  const group = `${app}.example.com`;
  new k8s.KubeCustomResourceDefinition(chart, 'crd', {
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openApiv3Schema: { type: 'object' } } }],
    },
  });
}

/** An AppChart (namespace, labels) named after its namespace, with cluster-scoped objects of many kinds. */
function application(app: App, name: string): AppChart {
  const chart = new AppChart(app, name, { env: DEV, namespace: name, denyTrafficByDefault: false });
  clusterScopedObjects(chart, name);
  return chart;
}

/** Writes dist/dev/ of these applications to a new folder as the writer does, and returns the folder (the dist). */
function writeDist(names: readonly string[]): string {
  const app = Testing.app();
  const charts = new Map(names.map((name) => [name, application(app, name)]));
  const gone = charts.get(GONE);
  if (gone !== undefined) {
    charts.get(KEPT)?.addDependency(gone);
  }
  return writeDevDist(app);
}

/** `<resource.group>/<name>` of every cluster-scoped object that an application's file holds. */
function clusterScopedNames(name: string): string[] {
  const app = Testing.app();
  application(app, name);
  return renderApp(app)[0]
    .objects.filter((object) => isClusterScoped(object.manifest.kind) && object.manifest.kind !== 'Namespace')
    .map((object) => `${qualifiedResource(kindInfo(object.manifest.kind)!)}/${String(object.manifest.metadata.name)}`);
}

function exists(resourceAndName: string): boolean {
  return kubectlResult(['get', resourceAndName, '-o', 'name']).status === 0;
}

describe('npm run apply on a real API server', () => {
  const dists: string[] = [];

  afterAll(() => {
    for (const name of [GONE, KEPT]) {
      const objects = clusterScopedNames(name);
      kubectlResult(['delete', '--ignore-not-found', '--wait=false', ...objects]);
      kubectlResult(['delete', 'namespace', name, '--ignore-not-found', '--wait=false']);
    }
    for (const name of [LOOKALIKE, COPIED_MARK]) {
      kubectlResult(['delete', 'namespace', name, '--ignore-not-found', '--wait=false']);
    }
    dists.forEach((dist) => fs.rmSync(dist, { recursive: true, force: true }));
  });

  it('applies two applications with cluster-scoped objects of eight kinds, each object in its ApplySet', () => {
    const dist = writeDist([KEPT, GONE]);
    dists.push(dist);
    const result = runScript('apply', ['--env', 'dev'], { K8S_COURSE_DIST: dist });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The Kustomization's order, dependencies first, not the files' names.
    expect(result.stdout).toContain(`${KEPT}-priority`);
    expect(result.stdout.indexOf(`${GONE}-priority`)).toBeLessThan(result.stdout.indexOf(`${KEPT}-priority`));
    for (const name of [GONE, KEPT]) {
      const objects = clusterScopedNames(name);
      expect(objects).toHaveLength(8);
      for (const object of objects) {
        const labels = getJson([object]).metadata.labels;
        expect({ object, applySet: labels['applyset.kubernetes.io/part-of'] }).toEqual({
          object,
          applySet: expect.stringMatching(/^applyset-.*-v1$/),
        });
      }
    }
  });

  it('marks the namespaces it applies as this project`s, for this environment, with its own field manager', () => {
    for (const name of [GONE, KEPT]) {
      const namespace = getJson(['namespace', name, '--show-managed-fields']);
      expect(namespace.metadata.labels['k8s-course.io/applied-by']).toBe('dev');
      expect(namespace.metadata.managedFields.map((entry: { manager: string }) => entry.manager)).toContain(
        'k8s-course-owner',
      );
    }
  });

  it('deletes every cluster-scoped object and the namespace of an application removed from dist/, and nothing else', async () => {
    createLookalike(LOOKALIKE);
    createLookalike(COPIED_MARK, { 'k8s-course.io/applied-by': 'dev' });
    const dist = writeDist([KEPT]);
    dists.push(dist);
    const result = runScript('apply', ['--env', 'dev'], { K8S_COURSE_DIST: dist });
    expect(result.stderr).toContain(`pruning application "${GONE}" (namespace ${GONE})`);
    expect(result.status).toBe(0);
    const gone = clusterScopedNames(GONE);
    // The expectation below names what is left, should anything be.
    await waitFor('the removed application to go', () => gone.every((object) => !exists(object)), 60).catch(
      () => undefined,
    );
    expect(gone.filter(exists)).toEqual([]);
    await waitFor('its namespace to go', () => kubectlResult(['get', 'namespace', GONE]).status !== 0, 120);
    expect(clusterScopedNames(KEPT).filter((object) => !exists(object))).toEqual([]);
    expect(kubectlResult(['get', 'namespace', KEPT]).status).toBe(0);
    // Another project's look-alike namespaces survive, and were not even considered.
    for (const name of [LOOKALIKE, COPIED_MARK]) {
      expect({ name, phase: getJson(['namespace', name]).status.phase }).toEqual({ name, phase: 'Active' });
      expect(result.stderr).not.toContain(name);
    }
  });
});
