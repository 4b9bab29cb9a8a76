import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { NO_EXTERNAL, baseline, findings } from './fixtures';

/** The baseline plus `manifests`. */
function withObjects(...manifests: AnyManifest[]): RenderedObject[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  return [...baseline(), ...added];
}

function configMap(namespace?: string): AnyManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace }, data: { A: 'b' } };
}

describe('namespace-exists', () => {
  it('fires when an object is in a namespace that is neither created nor declared', () => {
    expect(findings(withObjects(configMap('billing')))).toEqual([
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
    ]);
  });

  it('fires once for every object in the missing namespace', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'extra', namespace: 'billing' },
      stringData: {},
    };
    expect(findings(withObjects(configMap('billing'), secret))).toEqual([
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
    ]);
  });

  it('passes a namespace created by the project', () => {
    expect(findings(withObjects(configMap('shop')))).toEqual([]);
  });

  it('passes a namespace declared in external.namespaces', () => {
    expect(findings(withObjects(configMap('billing')), { ...NO_EXTERNAL, namespaces: ['billing'] })).toEqual([]);
  });

  it('passes the built-in namespaces default and kube-system', () => {
    const other = { ...configMap('kube-system'), metadata: { name: 'other', namespace: 'kube-system' } };
    expect(findings(withObjects(configMap('default'), other))).toEqual([]);
  });

  it('passes an object that leaves the namespace out', () => {
    expect(findings(withObjects(configMap()))).toEqual([]);
  });

  it('ignores the namespace of a cluster-scoped object', () => {
    const metadata = { name: 'auditor', namespace: 'billing' };
    const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata, rules: [] };
    expect(findings(withObjects(clusterRole))).toEqual([]);
  });
});
