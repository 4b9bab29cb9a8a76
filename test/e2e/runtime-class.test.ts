import { runtimeClass } from '../../lib/checks/class-references';
import { gateVerdicts } from './gate';
import { AnyManifest } from '../helpers';
import { kubectl, kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * A pod's runtimeClassName on a real API server: it refuses a pod that names a RuntimeClass it does not have (its
 * RuntimeClass admission) and takes one that names a class it has, as the gate's runtime-class check says.
 */
const RELEASE = serverRelease();
const CLASS = 'e2e-sandbox';

const RUNTIME_CLASS: AnyManifest = {
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name: CLASS },
  handler: 'runc',
};

function pod(runtimeClassName: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'sandboxed', namespace: 'default' },
    spec: { runtimeClassName, containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
}

function gate(manifests: AnyManifest[]): string[] {
  return gateVerdicts(manifests, RELEASE, [runtimeClass.id]).map((finding) => finding.message);
}

beforeAll(() => {
  kubectl(['apply', '-f', '-'], JSON.stringify(RUNTIME_CLASS));
});

afterAll(() => {
  kubectlResult(['delete', 'runtimeclass', CLASS, '--ignore-not-found', '--wait=false']);
});

describe(`runtimeClassName on Kubernetes ${RELEASE}`, () => {
  it('refuses a pod of a RuntimeClass the cluster does not have, as the gate does', () => {
    const server = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(pod('e2e-missing')));
    expect(server.status).not.toBe(0);
    expect(server.stderr).toContain('RuntimeClass "e2e-missing" not found');
    expect(gate([pod('e2e-missing')])).toEqual([
      expect.stringContaining('pod rejected: RuntimeClass "e2e-missing" not found'),
    ]);
  });

  it('takes a pod of a RuntimeClass it has, as the gate does', () => {
    const server = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(pod(CLASS)));
    expect({ status: server.status, stderr: server.stderr }).toEqual({ status: 0, stderr: '' });
    expect(gate([RUNTIME_CLASS, pod(CLASS)])).toEqual([]);
  });
});
