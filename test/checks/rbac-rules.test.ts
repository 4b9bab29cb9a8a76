import { RenderedObject } from '../../lib/writer/render';
import { NO_EXTERNAL, findings, withChange } from './fixtures';

const RBAC = 'rbac.authorization.k8s.io/v1';

/** The baseline with the ClusterRoleBinding bound to the ClusterRole `name`. */
function bindingClusterRole(name: string): RenderedObject[] {
  return withChange('ClusterRoleBinding', 'web-view', (binding) => {
    binding.roleRef.name = name;
  });
}

describe('binding-role', () => {
  it('fires when a RoleBinding names a missing Role', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef.name = 'writer';
    });
    expect(findings(objects)).toEqual(['binding-role: roleRef names Role shop/writer, which does not exist']);
  });

  it('fires when the Role is in another namespace than the RoleBinding', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef.name = 'writer';
    });
    const metadata = { name: 'writer', namespace: 'default' };
    objects.push({ path: 'extra/Role-writer', manifest: { apiVersion: RBAC, kind: 'Role', metadata, rules: [] } });
    expect(findings(objects)).toEqual(['binding-role: roleRef names Role shop/writer, which does not exist']);
  });

  it('fires when a ClusterRoleBinding names an unknown ClusterRole', () => {
    expect(findings(bindingClusterRole('auditor'))).toEqual([
      'binding-role: roleRef names ClusterRole auditor, which is neither ours, built in, nor declared',
    ]);
  });

  it('fires when a RoleBinding names an unknown ClusterRole', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'auditor' };
    });
    expect(findings(objects)).toEqual([
      'binding-role: roleRef names ClusterRole auditor, which is neither ours, built in, nor declared',
    ]);
  });

  it('fires when a ClusterRoleBinding binds a Role', () => {
    const objects = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' };
    });
    expect(findings(objects)).toEqual(['binding-role: roleRef kind Role is not allowed in a ClusterRoleBinding']);
  });

  it('passes a ClusterRole declared in external.clusterRoles', () => {
    expect(findings(bindingClusterRole('auditor'), { ...NO_EXTERNAL, clusterRoles: ['auditor'] })).toEqual([]);
  });

  it('passes a ClusterRole the project defines', () => {
    const objects = bindingClusterRole('auditor');
    const clusterRole = { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'auditor' }, rules: [] };
    objects.push({ path: 'extra/ClusterRole-auditor', manifest: clusterRole });
    expect(findings(objects)).toEqual([]);
  });

  const builtIn = ['view', 'edit', 'admin', 'cluster-admin', 'system:auth-delegator'];
  it.each(builtIn)('passes the built-in ClusterRole %s', (role) => {
    expect(findings(bindingClusterRole(role))).toEqual([]);
  });

  it('passes a RoleBinding to a built-in ClusterRole', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('binding-subject', () => {
  it('fires when a subject names a missing ServiceAccount', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects[0].name = 'builder';
    });
    expect(findings(objects)).toEqual(['binding-subject: subject ServiceAccount shop/builder does not exist']);
  });

  it('fires for a subject without namespace, looked up in the namespace of the RoleBinding', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects = [{ kind: 'ServiceAccount', name: 'builder' }];
    });
    expect(findings(objects)).toEqual(['binding-subject: subject ServiceAccount shop/builder does not exist']);
  });

  it('fires for a ClusterRoleBinding subject', () => {
    const objects = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.subjects.push({ kind: 'ServiceAccount', name: 'monitor', namespace: 'shop' });
    });
    expect(findings(objects)).toEqual(['binding-subject: subject ServiceAccount shop/monitor does not exist']);
  });

  it('passes the default ServiceAccount', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects[0].name = 'default';
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a ServiceAccount of a namespace the project does not create', () => {
    const objects = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.subjects = [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }];
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes User and Group subjects', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects = [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' },
      ];
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('role-rules', () => {
  it('refuses rules the API server refuses: no verbs, resources without apiGroups, URLs in a Role, neither', () => {
    const objects = withChange('Role', 'reader', (role) => {
      role.rules = [
        { apiGroups: [''], resources: ['configmaps'], verbs: [] },
        { resources: ['pods'], verbs: ['get'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
        { apiGroups: [''], verbs: ['get'] },
      ];
    });
    expect(findings(objects)).toEqual([
      'role-rules: rules[0] has no verbs, which the API server refuses',
      'role-rules: rules[1] names resources without apiGroups, which the API server refuses',
      'role-rules: rules[2] names nonResourceURLs, which only a ClusterRole can grant',
      'role-rules: rules[3] names no resources, which the API server refuses',
    ]);
  });

  it('passes a Role of the core group and a ClusterRole granting URLs, and refuses URLs mixed with resources', () => {
    const objects = withChange('Role', 'reader', (role) => {
      role.rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }];
    });
    const clusterRole = (rules: unknown[]): RenderedObject => ({
      path: 'extra/ClusterRole-probe',
      manifest: { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'probe' }, rules },
    });
    expect(findings([...objects, clusterRole([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])])).toEqual([]);
    expect(
      findings([
        ...objects,
        clusterRole([{ apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/x'], verbs: ['get'] }]),
      ]),
    ).toEqual([
      'role-rules: rules[0] names both resources and nonResourceURLs, which the API server refuses in one rule',
    ]);
  });
  it('refuses nonResourceURLs beside apiGroups or resourceNames, which the API server refuses as beside resources', () => {
    const clusterRole = (rules: unknown[]): RenderedObject => ({
      path: 'extra/ClusterRole-probe',
      manifest: { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'probe' }, rules },
    });
    expect(
      findings([
        clusterRole([
          { apiGroups: [''], nonResourceURLs: ['/healthz'], verbs: ['get'] },
          { resourceNames: ['x'], nonResourceURLs: ['/healthz'], verbs: ['get'] },
          { apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/metrics'], verbs: ['get'] },
        ]),
      ]),
    ).toEqual([
      'role-rules: rules[0] names nonResourceURLs beside apiGroups, which the API server refuses in one rule',
      'role-rules: rules[1] names nonResourceURLs beside resourceNames, which the API server refuses in one rule',
    ]);
  });

  it('refuses an aggregationRule without clusterRoleSelectors', () => {
    const aggregated = (aggregationRule: unknown): RenderedObject => ({
      path: 'extra/ClusterRole-aggregated',
      manifest: { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'aggregated' }, aggregationRule },
    });
    const message =
      'role-rules: aggregationRule.clusterRoleSelectors is empty; the API server refuses an aggregationRule without a selector';
    expect(findings([aggregated({})])).toEqual([message]);
    expect(findings([aggregated({ clusterRoleSelectors: [] })])).toEqual([message]);
    expect(
      findings([aggregated({ clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-view': 'true' } }] })]),
    ).toEqual([]);
  });
});

describe('binding-spec', () => {
  it('refuses a roleRef and subjects the API server refuses', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef.apiGroup = 'rbac';
      binding.subjects = [
        { kind: 'serviceaccount', name: 'web' },
        { kind: 'ServiceAccount', name: 'Web_Account', namespace: 'shop', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'User', name: 'alice', apiGroup: 'users' },
      ];
    });
    expect(findings(objects).filter((line) => line.startsWith('binding-spec'))).toEqual([
      'binding-spec: roleRef.apiGroup "rbac" is not rbac.authorization.k8s.io',
      'binding-spec: subjects[0].kind "serviceaccount" is not one of ServiceAccount, User, Group',
      'binding-spec: subjects[1] is a ServiceAccount with apiGroup "rbac.authorization.k8s.io"; ServiceAccounts are of the core group',
      'binding-spec: subjects[1].name "Web_Account" is not a ServiceAccount name (a DNS-1123 subdomain)',
      'binding-spec: subjects[2] is a User with apiGroup "users"; a User subject is of rbac.authorization.k8s.io',
    ]);
  });

  it('passes a roleRef without apiGroup, or an empty one, which the API server defaults to rbac.authorization.k8s.io', () => {
    for (const apiGroup of [undefined, '']) {
      const objects = withChange('RoleBinding', 'web-reader', (binding) => {
        binding.roleRef.apiGroup = apiGroup;
      });
      expect(findings(objects)).toEqual([]);
    }
  });

  it('refuses a roleRef kind in the wrong case, leaving the role lookup out', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef.kind = 'role';
    });
    expect(findings(objects)).toEqual(['binding-spec: roleRef.kind "role" is not Role or ClusterRole']);
  });

  it('refuses a ServiceAccount subject without a namespace in a ClusterRoleBinding only', () => {
    const cluster = withChange('ClusterRoleBinding', 'web-view', (binding) => {
      binding.subjects = [{ kind: 'ServiceAccount', name: 'web' }];
    });
    expect(findings(cluster).filter((line) => line.startsWith('binding-spec'))).toEqual([
      'binding-spec: subjects[0] is a ServiceAccount without a namespace, which a ClusterRoleBinding must give',
    ]);
    const namespaced = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects = [
        { kind: 'ServiceAccount', name: 'web' },
        { kind: 'Group', name: 'devs' },
      ];
    });
    expect(findings(namespaced)).toEqual([]);
  });

  it('refuses a subject or roleRef of an empty name, and a roleRef name the API server cannot take', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '' };
      binding.subjects = [
        { kind: 'User', name: '' },
        { kind: 'Group', name: '', apiGroup: 'rbac.authorization.k8s.io' },
      ];
    });
    expect(findings(objects)).toEqual([
      'binding-spec: roleRef.name "" is not a role name (not empty, "." or "..", without "/" or "%")',
      'binding-spec: subjects[0].name is empty',
      'binding-spec: subjects[1].name is empty',
    ]);
    const slashed = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.roleRef.name = 'team/reader';
    });
    expect(findings(slashed)).toEqual([
      'binding-spec: roleRef.name "team/reader" is not a role name (not empty, "." or "..", without "/" or "%")',
    ]);
  });

  it('passes a User or Group subject of apiGroup "", which the API server defaults to rbac.authorization.k8s.io', () => {
    const objects = withChange('RoleBinding', 'web-reader', (binding) => {
      binding.subjects = [
        { kind: 'Group', name: 'system:authenticated', apiGroup: '' },
        { kind: 'User', name: 'Alice Smith@example.com', apiGroup: '' },
      ];
    });
    expect(findings(objects)).toEqual([]);
  });
});
