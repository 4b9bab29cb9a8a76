import * as path from 'path';
import { DIST, applyKindsStrict, kubectlResult } from './kubectl';

jest.setTimeout(120_000);

const VIEWER = 'system:serviceaccount:kubernetes-dashboard:dashboard-viewer';

/** Whether the API server's authorizer lets the dashboard-viewer account do it (`kubectl auth can-i`, exit 0 = yes). */
function viewerCan(...args: string[]): boolean {
  const result = kubectlResult(['auth', 'can-i', ...args, `--as=${VIEWER}`]);
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`kubectl auth can-i failed: ${result.stderr}`);
  }
  return result.status === 0;
}

describe('the dashboard-viewer account on a real API server', () => {
  beforeAll(() => {
    const result = applyKindsStrict(path.join(DIST, 'dashboard.k8s.yaml'), [
      'Namespace',
      'ServiceAccount',
      'Role',
      'RoleBinding',
    ]);
    if (result.status !== 0) {
      throw new Error(`applying dashboard.k8s.yaml failed: ${result.stderr}`);
    }
  });

  it('reads the objects of the dashboard`s namespace', () => {
    expect(viewerCan('list', 'pods', '-n', 'kubernetes-dashboard')).toBe(true);
    expect(viewerCan('get', 'deployments', '-n', 'kubernetes-dashboard')).toBe(true);
  });

  it('reads nothing in any other namespace, nor across the cluster', () => {
    expect(viewerCan('list', 'pods', '-n', 'course-web')).toBe(false);
    expect(viewerCan('list', 'configmaps', '-n', 'kube-system')).toBe(false);
    expect(viewerCan('list', 'pods', '--all-namespaces')).toBe(false);
    expect(viewerCan('list', 'namespaces')).toBe(false);
  });

  it('reads no Secret and changes nothing, even in its namespace', () => {
    expect(viewerCan('get', 'secrets', '-n', 'kubernetes-dashboard')).toBe(false);
    expect(viewerCan('delete', 'pods', '-n', 'kubernetes-dashboard')).toBe(false);
    expect(viewerCan('create', 'deployments', '-n', 'kubernetes-dashboard')).toBe(false);
  });
});
