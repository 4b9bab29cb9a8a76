import { Manifest, isClusterScoped, tidy } from '../../lib/writer/tidy';

function manifest(kind: string, rest: Record<string, unknown> = {}): Manifest {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'ns' }, ...rest };
}

describe('tidy', () => {
  it('drops the namespace of cluster-scoped kinds', () => {
    for (const kind of ['Namespace', 'StorageClass', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding']) {
      expect(isClusterScoped(kind)).toBe(true);
      expect(tidy(manifest(kind)).metadata.namespace).toBeUndefined();
    }
  });

  it('gives an object without metadata (a raw object whose name is null) an empty one, for the checks to report', () => {
    const nameless = { apiVersion: 'v1', kind: 'Namespace' } as unknown as Manifest;
    expect(tidy(nameless).metadata).toEqual({});
  });

  it('keeps the namespace of namespaced kinds', () => {
    expect(isClusterScoped('Service')).toBe(false);
    expect(tidy(manifest('Service')).metadata.namespace).toBe('ns');
  });

  it('drops empty lists at any depth', () => {
    const tidied = tidy(manifest('Service', { spec: { externalIPs: [], ports: [{ port: 80, appProtocols: [] }] } }));
    expect(tidied.spec).toEqual({ ports: [{ port: 80 }] });
  });

  it('drops immutable: false and empty data maps but keeps immutable: true', () => {
    expect(tidy(manifest('ConfigMap', { immutable: false, data: {} }))).toEqual(manifest('ConfigMap'));
    expect(tidy(manifest('Secret', { immutable: true, stringData: {} })).immutable).toBe(true);
  });

  it("drops a Namespace's empty spec", () => {
    expect(tidy(manifest('Namespace', { spec: {} })).spec).toBeUndefined();
  });

  it('keeps empty maps that mean something', () => {
    const pod = tidy(manifest('Pod', { spec: { volumes: [{ name: 'tmp', emptyDir: {} }] } }));
    expect(pod.spec).toEqual({ volumes: [{ name: 'tmp', emptyDir: {} }] });
  });
});
