import { nodePortAllocated, volumeClaimedOnce } from '../../lib/checks/allocation-rules';
import { gateVerdicts } from './gate';
import { AnyManifest } from '../helpers';
import { getJson, kubectl, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(180_000);

/**
 * What one object of a cluster takes from every other, held to a real API server: a node port (the server refuses a
 * second Service that asks for it) and a PersistentVolume (a second claim of it stays Pending), and the gate's checks
 * on the same objects.
 */
const RELEASE = serverRelease();
const NAMESPACE = 'e2e-allocations';
const NODE_PORT = 30998;
const VOLUME = 'e2e-allocations-pv';

function gate(manifests: AnyManifest[], rule: string): string[] {
  return gateVerdicts(manifests, RELEASE, [rule]).map(
    (finding) => `${String(finding.object.manifest.metadata.name)}: ${finding.message}`,
  );
}

function service(name: string, namespace: string, protocol: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80, nodePort: NODE_PORT, protocol }] },
  };
}

function claim(name: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: '',
      volumeName: VOLUME,
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

const NAMESPACE_OBJECT = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };
const VOLUME_OBJECT: AnyManifest = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: VOLUME },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: '',
    persistentVolumeReclaimPolicy: 'Delete',
    hostPath: { path: '/tmp/e2e-allocations', type: 'DirectoryOrCreate' },
  },
};

beforeAll(() => {
  // What an earlier run left terminating takes no new objects.
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  kubectlResult(['delete', 'persistentvolume', VOLUME, '--ignore-not-found', '--wait=true', '--timeout=60s']);
  kubectl(['apply', '-f', '-'], JSON.stringify(NAMESPACE_OBJECT));
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false']);
  kubectlResult(['delete', 'persistentvolume', VOLUME, '--ignore-not-found', '--wait=false']);
});

describe(`allocations on Kubernetes ${RELEASE}`, () => {
  it('refuses a second Service of a node port, in another namespace and protocol, as the gate does', () => {
    const first = service('first', NAMESPACE, 'TCP');
    const second = service('second', 'default', 'UDP');
    kubectl(['apply', '-f', '-'], JSON.stringify(first));
    const server = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(second));
    expect(server.status).not.toBe(0);
    expect(server.stderr).toContain('provided port is already allocated');
    expect(gate([NAMESPACE_OBJECT, first, second], nodePortAllocated.id)).toEqual([
      expect.stringMatching(/^second: nodePort 30998 is taken by Service e2e-allocations\/first too/),
    ]);
  });

  it('binds a PersistentVolume to one claim and leaves the second Pending, as the gate says', async () => {
    const claims = [claim('first'), claim('second')];
    expect(gate([NAMESPACE_OBJECT, VOLUME_OBJECT, ...claims], volumeClaimedOnce.id)).toEqual([
      expect.stringMatching(
        /^second: volumeName "e2e-allocations-pv" is bound by PersistentVolumeClaim e2e-allocations\/first too/,
      ),
    ]);
    kubectl(['apply', '-f', '-'], JSON.stringify(VOLUME_OBJECT));
    kubectl(['apply', '-f', '-'], JSON.stringify(claims[0]));
    kubectl(['wait', '--for=jsonpath={.status.phase}=Bound', `pvc/first`, '-n', NAMESPACE, '--timeout=60s']);
    kubectl(['apply', '-f', '-'], JSON.stringify(claims[1]));
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(getJson(['pvc', 'second', '-n', NAMESPACE]).status.phase).toBe('Pending');
    expect(getJson(['pv', VOLUME]).spec.claimRef.name).toBe('first');
  });
});
