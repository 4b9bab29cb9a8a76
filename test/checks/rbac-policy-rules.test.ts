import { RenderedObject } from '../../lib/writer/render';
import { baseline, policyFindings, withChange } from './fixtures';

const RBAC = 'rbac.authorization.k8s.io/v1';

/** The RBAC policy findings of `objects`. */
function rbacFindings(objects: RenderedObject[]): string[] {
  return policyFindings(objects).filter((line) => line.startsWith('rbac-'));
}

function clusterRole(name: string, rules: unknown[]): RenderedObject {
  return { path: `extra/${name}`, manifest: { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules } };
}

describe('rbac-admin-grant', () => {
  it('passes the baseline, which binds the built-in view', () => {
    expect(rbacFindings(baseline())).toEqual([]);
  });

  it('refuses a binding of cluster-admin, naming its subjects', () => {
    const objects = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.roleRef.name = 'cluster-admin';
    });
    expect(rbacFindings(objects)).toEqual([
      'rbac-admin-grant: binds cluster-admin, every permission in the cluster, to ServiceAccount shop/web',
    ]);
  });

  it('refuses a role of every verb on every resource, written with "*" or as the seven verbs', () => {
    const objects = withChange('Role', 'reader', (role) => {
      role.rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
    });
    const spelled = clusterRole('all', [
      {
        apiGroups: ['*'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
    expect(rbacFindings([...objects, spelled])).toEqual([
      'rbac-admin-grant: grants every verb on every resource of every API group, as cluster-admin does',
      'rbac-admin-grant: grants every verb on every resource of every API group, as cluster-admin does',
    ]);
  });
});

describe('rbac-exec-attach', () => {
  it('refuses a role that allows pods/exec (by get, create or "*") or pods/attach, and passes one of pods/log', () => {
    const objects = withChange('Role', 'reader', (role) => {
      role.rules = [{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create'] }];
    });
    expect(
      rbacFindings([
        ...objects,
        clusterRole('attach', [{ apiGroups: ['*'], resources: ['pods/attach'], verbs: ['get'] }]),
        clusterRole('logs', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }]),
      ]),
    ).toEqual([
      'rbac-exec-attach: allows pods/exec or pods/attach: its subjects can run commands in every pod it reaches',
      'rbac-exec-attach: allows pods/exec or pods/attach: its subjects can run commands in every pod it reaches',
    ]);
  });

  it('refuses a binding of the built-in edit or admin, which allow exec, and not one of view', () => {
    const objects = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.roleRef.name = 'edit';
    });
    expect(rbacFindings(objects)).toEqual([
      'rbac-exec-attach: binds the built-in ClusterRole edit, which allows pods/exec and pods/attach, to ServiceAccount shop/web',
    ]);
  });

  it('takes an exemption with a reason', () => {
    const objects = withChange('Role', 'reader', (role) => {
      role.rules = [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }];
      role.metadata.annotations = { 'policy.k8s-course.io/exempt-rbac-exec-attach': 'the on-call debugging role' };
    });
    expect(rbacFindings(objects)).toEqual([]);
  });
});
