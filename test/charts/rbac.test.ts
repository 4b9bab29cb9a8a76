import { Testing } from 'cdk8s';
import { RbacChart } from '../../lib/charts/rbac';
import { AnyManifest, DEV, find, renderedChart } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

/** The chart's objects as `npm run synth` writes them to dist/dev/rbac.k8s.yaml. */
function renderRbac(): AnyManifest[] {
  return renderedChart((app) => new RbacChart(app, 'rbac', DEV), 'rbac.k8s.yaml');
}

const SERVICE_ACCOUNT = { apiGroup: '', kind: 'ServiceAccount', name: 'config-reader', namespace: 'course-rbac' };

describe('RbacChart', () => {
  it('creates the config-reader ServiceAccount in course-rbac', () => {
    expect(find(renderRbac(), 'ServiceAccount', 'config-reader').metadata.namespace).toBe('course-rbac');
  });

  it('has the Role grant exactly get, list and watch on configmaps', () => {
    const role = find(renderRbac(), 'Role', 'configmap-reader');
    expect(role.metadata.namespace).toBe('course-rbac');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('binds the Role to the ServiceAccount, and to nobody else', () => {
    const binding = find(renderRbac(), 'RoleBinding', 'config-reader-configmaps');
    expect(binding.metadata.namespace).toBe('course-rbac');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-reader' });
    expect(binding.subjects).toEqual([SERVICE_ACCOUNT]);
  });

  it('has the ClusterRole grant exactly get, list and watch on namespaces', () => {
    expect(find(renderRbac(), 'ClusterRole', 'course-namespace-viewer').rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it('binds the ClusterRole to the ServiceAccount, and to nobody else', () => {
    const binding = find(renderRbac(), 'ClusterRoleBinding', 'course-config-reader-namespaces');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'course-namespace-viewer',
    });
    expect(binding.subjects).toEqual([SERVICE_ACCOUNT]);
  });

  it('writes the ClusterRole and the ClusterRoleBinding without a namespace', () => {
    const manifests = renderRbac();
    expect(find(manifests, 'ClusterRole', 'course-namespace-viewer').metadata).not.toHaveProperty('namespace');
    expect(find(manifests, 'ClusterRoleBinding', 'course-config-reader-namespaces').metadata).not.toHaveProperty(
      'namespace',
    );
  });

  it('runs the Deployment as the config-reader ServiceAccount', () => {
    expect(find(renderRbac(), 'Deployment', 'config-reader').spec.template.spec.serviceAccountName).toBe(
      'config-reader',
    );
  });

  it("mounts the ServiceAccount token into the Deployment's pods", () => {
    expect(find(renderRbac(), 'Deployment', 'config-reader').spec.template.spec.automountServiceAccountToken).toBe(
      true,
    );
  });

  it('has the reader do only what it is granted: get configmaps and namespaces', () => {
    const command = find(renderRbac(), 'Deployment', 'config-reader').spec.template.spec.containers[0].command.join(
      ' ',
    );
    expect(command).toContain('kubectl get configmaps');
    expect(command).toContain('kubectl get namespaces');
  });

  it('writes the ServiceAccount and the roles before the bindings and the Deployment', () => {
    const kinds = renderRbac().map((object) => object.kind);
    expect(kinds.indexOf('ServiceAccount')).toBeLessThan(kinds.indexOf('RoleBinding'));
    expect(kinds.indexOf('Role')).toBeLessThan(kinds.indexOf('RoleBinding'));
    expect(kinds.indexOf('ClusterRole')).toBeLessThan(kinds.indexOf('ClusterRoleBinding'));
    expect(kinds.indexOf('RoleBinding')).toBeLessThan(kinds.indexOf('Deployment'));
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(Testing.synth(new RbacChart(Testing.app(), 'rbac', DEV)));
  });

  it('exempts the reader from the token and replica checks: the token is the lesson, and one reader shows it', () => {
    const exemptions = toolExemptions(find(renderRbac(), 'Deployment', 'config-reader'));
    expect(exemptions.polaris).toEqual(
      expect.arrayContaining(['automountServiceAccountToken', 'deploymentMissingReplicas']),
    );
    expect(exemptions.reason).toContain('kubectl');
  });

  it('is ready while its round succeeds and restarted when its loop hangs', () => {
    const container = find(renderRbac(), 'Deployment', 'config-reader').spec.template.spec.containers[0];
    expect(container.command.join(' ')).toContain(
      'if kubectl get configmaps && kubectl get namespaces; then touch /heartbeat/ready',
    );
    expect(container.readinessProbe.exec.command).toEqual(['test', '-e', '/heartbeat/ready']);
    expect(container.livenessProbe.exec.command.join(' ')).toContain('/heartbeat/alive');
    expect(container.volumeMounts).toContainEqual({ name: 'heartbeat', mountPath: '/heartbeat' });
  });
});
