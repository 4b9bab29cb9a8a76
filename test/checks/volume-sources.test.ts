import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, withChange } from './fixtures';

/** The pod-spec findings of the baseline with these volumes added to the web Deployment's pod. */
function withVolumes(...volumes: AnyManifest[]): string[] {
  const objects = withChange('Deployment', 'web', (deployment) =>
    deployment.spec.template.spec.volumes.push(...volumes),
  );
  return runChecks(objects, TEST_ENV)
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map(({ message, fix }) => `${message} | ${fix}`);
}

describe('pod-spec: the ConfigMap, Secret and claim a volume names, and its projected sources', () => {
  it('refuses a volume of an empty ConfigMap, Secret or claim name, and an item of no key, as both API servers do', () => {
    // 1.27 and 1.37: 'configMap.name: Required value', 'secret.secretName: Required value',
    // 'persistentVolumeClaim.claimName: Required value', 'secret.items[0].key: Required value'.
    expect(
      withVolumes(
        { name: 'a', configMap: { name: '' } },
        { name: 'b', secret: { secretName: 'creds', items: [{ key: '', path: 'password' }] } },
        { name: 'c', persistentVolumeClaim: { claimName: '' } },
      ),
    ).toEqual([
      'volume "a" configMap names no ConfigMap (name is "") | set name to the name of the ConfigMap',
      'volume "b" secret items[0] (path "password") names no key | set key to the key of the Secret to write at the path',
      'volume "c" persistentVolumeClaim names no PersistentVolumeClaim (claimName is "") | set claimName to the name of the PersistentVolumeClaim',
    ]);
  });

  it('refuses a projected source of two kinds, and two items of one path, as both API servers do', () => {
    // 1.27 and 1.37: 'projected.sources[0]: Forbidden: may not specify more than 1 volume type', 'projected: Invalid
    // value: "creds": conflicting duplicate paths'.
    expect(
      withVolumes({
        name: 'all',
        projected: {
          sources: [
            { configMap: { name: 'settings' }, secret: { name: 'creds' } },
            { configMap: { name: 'settings', items: [{ key: 'MODE', path: 'conf/mode' }] } },
            { secret: { name: 'creds', items: [{ key: 'password', path: 'conf/mode' }] } },
          ],
        },
      }),
    ).toEqual([
      'volume "all" projected.sources[0] has configMap and secret; a source takes one | give each its own item of sources',
      'volume "all" projected.sources[2] secret writes "conf/mode", which another item of the volume writes too; the API server refuses conflicting duplicate paths | give each item a path of its own',
    ]);
  });

  it('refuses a projected ConfigMap or Secret of no name, and an item of no key, as both API servers do', () => {
    // 1.27 and 1.37: 'projected.sources[0].secret.name: Required value', '... configMap.name: Required value',
    // '... secret.items[0].key: Required value'.
    expect(
      withVolumes({
        name: 'all',
        projected: {
          sources: [
            { secret: { name: '' } },
            { configMap: {} },
            { secret: { name: 'creds', items: [{ key: '', path: 'p' }] } },
          ],
        },
      }),
    ).toEqual([
      'volume "all" projected.sources[0] secret names no Secret (name is "") | set name to the name of the Secret',
      'volume "all" projected.sources[1] configMap names no ConfigMap (name is null) | set name to the name of the ConfigMap',
      'volume "all" projected.sources[2] secret items[0] (path "p") names no key | set key to the key of the Secret to write at the path',
    ]);
  });

  it('refuses a hostPath of an empty path, as both API servers do', () => {
    // 1.27 and 1.37: 'volumes[0].hostPath.path: Required value'.
    expect(withVolumes({ name: 'logs', hostPath: { path: '' } })).toEqual([
      'volume "logs" hostPath has an empty path, which the API server refuses (Required value) | give the path on the node to mount, e.g. "/var/log"',
    ]);
  });

  it('passes projected items of paths of their own, and two tokens of one path (a warning of the server, not a refusal)', () => {
    expect(
      withVolumes({
        name: 'all',
        projected: {
          sources: [
            { configMap: { name: 'settings', items: [{ key: 'MODE', path: 'conf/mode' }] } },
            { secret: { name: 'creds', items: [{ key: 'password', path: 'conf/password' }] } },
            { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
            { serviceAccountToken: { path: 'token' } },
            { serviceAccountToken: { path: 'token', audience: 'vault' } },
          ],
        },
      }),
    ).toEqual([]);
  });
});
