import { ObjectIndex } from '../../lib/checks/object-index';
import { referencesOf } from '../../lib/checks/references';
import { runChecks } from '../../lib/checks/run-checks';
import { buildGraph, connectionReferences, nodeKey } from '../../lib/map/graph';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { NO_EXTERNAL, TEST_ENV, baseline, withChange } from '../checks/fixtures';

function keyOf(object: RenderedObject): string {
  const { kind, metadata } = object.manifest;
  const clusterScoped = ['Namespace', 'StorageClass', 'PersistentVolume', 'ClusterRoleBinding', 'ClusterRole'];
  return nodeKey(kind, clusterScoped.includes(kind) ? undefined : String(metadata.namespace), String(metadata.name));
}

function edgeNames(graph: ReturnType<typeof buildGraph>): string[] {
  return graph.edges.map((edge) => `${edge.from} -> ${edge.to}: ${edge.relations.join(', ')}`);
}

describe('buildGraph', () => {
  it('has a node per object and an edge per referring object and target that the checks follow', () => {
    const objects = baseline();
    const graph = buildGraph(objects, { external: NO_EXTERNAL });
    const objectNodes = graph.nodes.filter((node) => node.status === 'object');
    expect(objectNodes.map((node) => node.key).sort()).toEqual(objects.map(keyOf).sort());
    // The references of the checks' own module, over the checks' own index, each pair once.
    const index = new ObjectIndex(objects);
    const pairs = new Set(
      objects.flatMap((object) =>
        [...referencesOf(object, index), ...connectionReferences(object, index)].map((reference) => {
          const found = index.get(reference.kind, reference.namespace, reference.name);
          const target =
            found === undefined
              ? nodeKey(reference.kind, reference.namespace, reference.name)
              : keyOf(index.origin(found));
          return `${keyOf(object)} -> ${target}`;
        }),
      ),
    );
    expect(graph.edges.map((edge) => `${edge.from} -> ${edge.to}`).sort()).toEqual([...pairs].sort());
  });

  it('draws the references of every kind the checks follow', () => {
    const edges = edgeNames(buildGraph(baseline(), { external: NO_EXTERNAL }));
    expect(edges).toEqual(
      expect.arrayContaining([
        'Ingress/shop/web -> Service/shop/web: backend',
        'Ingress/shop/web -> Secret/shop/web-tls: tls',
        'Service/shop/web -> Deployment/shop/web: selects',
        'Deployment/shop/web -> ServiceAccount/shop/web: serviceAccount',
        'Deployment/shop/web -> ConfigMap/shop/settings: volume, envFrom, env',
        'Deployment/shop/web -> PersistentVolumeClaim/shop/data: volume',
        'Deployment/shop/web -> SealedSecret/shop/creds: env',
        'PersistentVolumeClaim/shop/data -> StorageClass//manual: storageClass',
        'PersistentVolumeClaim/shop/data -> PersistentVolume//data-pv: volumeName',
        'PersistentVolume//data-pv -> StorageClass//manual: storageClass',
        'StatefulSet/shop/db -> Service/shop/db: serviceName',
        'StatefulSet/shop/db -> StorageClass//manual: storageClass',
        'RoleBinding/shop/web-reader -> Role/shop/reader: roleRef',
        'RoleBinding/shop/web-reader -> ServiceAccount/shop/web: subject',
        'ClusterRoleBinding//web-view -> ClusterRole//view: roleRef',
      ]),
    );
  });

  it('draws the Services a workload connects to by the names its environment gives them', () => {
    const objects = withChange('Deployment', 'web', (manifest) => {
      manifest.spec.template.spec.containers[0].env.push(
        { name: 'DB_HOST', value: 'db' },
        { name: 'BILLING_URL', value: 'http://billing.shop.svc.cluster.local:8080' },
      );
    });
    const graph = buildGraph(objects, { external: NO_EXTERNAL });
    expect(edgeNames(graph).filter((edge) => edge.endsWith(': connects'))).toEqual([
      'Deployment/shop/web -> Service/shop/billing: connects',
      'Deployment/shop/web -> Service/shop/db: connects',
    ]);
    // A Service the project does not make is drawn missing, as the warning says.
    expect(graph.nodes.find((node) => node.key === 'Service/shop/billing')?.status).toBe('missing');
    // Where each is written, for the edge's tooltip; other edges have none.
    expect(graph.edges.find((edge) => edge.to === 'Service/shop/db')?.connections).toEqual(['env DB_HOST']);
    expect(graph.edges.filter((edge) => edge.connections !== undefined)).toHaveLength(2);
  });

  it('draws a reference to a missing object, marked missing, with the finding on the object that names it', () => {
    const objects = withChange('Deployment', 'web', (manifest) => {
      manifest.spec.template.spec.volumes[0].configMap.name = 'gone';
    });
    const { findings } = runChecks(objects, TEST_ENV);
    const graph = buildGraph(objects, { external: NO_EXTERNAL, findings });
    const missing = graph.nodes.find((node) => node.key === 'ConfigMap/shop/gone');
    expect(missing).toMatchObject({ status: 'missing', kind: 'ConfigMap', name: 'gone', group: 'shop' });
    expect(missing?.object).toBeUndefined();
    expect(edgeNames(graph)).toContain('Deployment/shop/web -> ConfigMap/shop/gone: volume');
    expect(graph.nodes.find((node) => node.key === 'Deployment/shop/web')?.findings).toContain(
      'pod-reference: volume "settings" needs ConfigMap shop/gone, which does not exist',
    );
  });

  it("marks a target made outside the project: a built-in ClusterRole, a declared Secret, every namespace's CA", () => {
    const objects = withChange('Ingress', 'web', (manifest) => {
      manifest.spec.tls[0].secretName = 'cert-manager-tls';
    });
    const deployment = objects.find((object) => object.manifest.kind === 'Deployment')!.manifest as AnyManifest;
    deployment.spec.template.spec.volumes[0].configMap.name = 'kube-root-ca.crt';
    const graph = buildGraph(objects, { external: { ...NO_EXTERNAL, secrets: ['shop/cert-manager-tls'] } });
    expect(graph.nodes.find((node) => node.key === 'ClusterRole//view')?.status).toBe('outside');
    expect(graph.nodes.find((node) => node.key === 'Secret/shop/cert-manager-tls')?.status).toBe('outside');
    expect(graph.nodes.find((node) => node.key === 'ConfigMap/shop/kube-root-ca.crt')?.status).toBe('outside');
  });

  it('marks the exemptions of an object', () => {
    const objects = baseline();
    const web = objects.find((object) => object.manifest.kind === 'Deployment') as RenderedObject;
    const graph = buildGraph(objects, { exemptions: [{ rule: 'image-tag', object: web, reason: 'a lesson' }] });
    expect(graph.nodes.find((node) => node.key === 'Deployment/shop/web')?.exemptions).toEqual(['image-tag: a lesson']);
  });

  it('is empty for an environment without objects', () => {
    expect(buildGraph([])).toEqual({ nodes: [], edges: [] });
  });

  it('does not depend on the order of the objects', () => {
    const objects = baseline();
    expect(buildGraph([...objects].reverse())).toEqual(buildGraph(objects));
  });

  it('groups each node in its namespace, a Namespace in the one it makes, cluster-scoped objects in none', () => {
    const graph = buildGraph(baseline());
    const group = (key: string) => graph.nodes.find((node) => node.key === key)?.group;
    expect(group('Deployment/shop/web')).toBe('shop');
    expect(group('Namespace//shop')).toBe('shop');
    expect(group('StorageClass//manual')).toBeUndefined();
    // Cluster-scoped objects come last, after every namespace.
    expect(graph.nodes[graph.nodes.length - 1].group).toBeUndefined();
  });
});

describe('buildGraph on values the API server decodes away', () => {
  it('draws objects whose references are null or of the wrong type, as the gate reads them, without throwing', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend.service = null;
    });
    const deployment = objects.find((object) => object.manifest.kind === 'Deployment')!.manifest as AnyManifest;
    deployment.spec.template.spec.containers[0].envFrom = [null];
    deployment.spec.template.spec.volumes = 'none';
    const graph = buildGraph(objects, { external: NO_EXTERNAL, kubernetesVersion: '1.27' });
    const web = graph.nodes.find((node) => node.key === nodeKey('Deployment', 'shop', 'web'))!;
    // The node is the object as written, for the findings the checks report on it.
    expect(web.object).toBe(objects.find((object) => object.manifest.kind === 'Deployment'));
    expect(graph.edges.some((edge) => edge.from === nodeKey('Ingress', 'shop', 'web'))).toBe(true);
  });
});

describe('buildGraph with the objects the checks decoded', () => {
  it('follows the references of the decoded objects it is given, and decodes nothing again', () => {
    const objects = baseline();
    const { decoded } = runChecks(objects, TEST_ENV);
    expect(decoded).toHaveLength(objects.length);
    const position = objects.findIndex((object) => object.manifest.kind === 'Deployment');
    // A decoded copy that names another ConfigMap than the object as written: the graph must draw the copy's.
    const renamed = structuredClone(decoded[position].manifest) as AnyManifest;
    for (const volume of renamed.spec.template.spec.volumes ?? []) {
      if (volume.configMap !== undefined) {
        volume.configMap.name = 'decoded-settings';
      }
    }
    const views = decoded.map((view, at) => (at === position ? { ...view, manifest: renamed } : view));
    const graph = buildGraph(objects, { external: NO_EXTERNAL, kubernetesVersion: '1.27', decoded: views });
    const from = keyOf(objects[position]);
    // Its volume names the copy's ConfigMap; its env and envFrom still name the one as written.
    expect(edgeNames(graph).filter((edge) => edge.startsWith(`${from} -> ConfigMap/`))).toEqual([
      `${from} -> ConfigMap/shop/decoded-settings: volume`,
      `${from} -> ConfigMap/shop/settings: envFrom, env`,
    ]);
    // The node is still the object as written.
    expect(graph.nodes.find((node) => node.key === from)?.object).toBe(objects[position]);
  });

  it('refuses decoded objects that are not one per object', () => {
    const objects = baseline();
    expect(() => buildGraph(objects, { decoded: objects.slice(1) })).toThrow(
      `buildGraph: ${objects.length - 1} decoded objects for ${objects.length} objects`,
    );
  });
});
