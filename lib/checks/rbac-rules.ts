import { kindsWith } from '../kinds/kinds';
import { Rule, clusterRoleExists, namespaceIsOurs, namespaceOf } from './rule';

const BINDINGS = kindsWith('bindsRole');

export const bindingRole: Rule = {
  id: 'binding-role',
  description:
    'a RoleBinding or ClusterRoleBinding names an existing Role or ClusterRole (ours, built in, or declared)',
  kinds: BINDINGS,
  check(binding, context) {
    const { kind } = binding.manifest;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const roleRef = (binding.manifest as any).roleRef ?? {};
    if (typeof roleRef.name !== 'string' || typeof roleRef.kind !== 'string') {
      return []; // a missing roleRef, kind or name is the schema rule's finding
    }
    if (kind === 'ClusterRoleBinding' && roleRef.kind !== 'ClusterRole') {
      return [
        { message: `roleRef kind ${roleRef.kind} is not allowed in a ClusterRoleBinding`, fix: 'bind a ClusterRole' },
      ];
    }
    if (roleRef.kind === 'Role') {
      const namespace = namespaceOf(binding);
      if (context.index.get('Role', namespace, roleRef.name) === undefined) {
        return [
          {
            message: `roleRef names Role ${namespace}/${roleRef.name}, which does not exist`,
            fix: 'create the Role in the same namespace and bind it by object',
          },
        ];
      }
      return [];
    }
    if (!clusterRoleExists(roleRef.name, context)) {
      return [
        {
          message: `roleRef names ClusterRole ${roleRef.name}, which is neither ours, built in, nor declared`,
          fix: "create the ClusterRole, or declare it in the environment's external.clusterRoles",
        },
      ];
    }
    return [];
  },
};

export const bindingSubject: Rule = {
  id: 'binding-subject',
  description: 'the ServiceAccounts a RoleBinding or ClusterRoleBinding names exist',
  kinds: BINDINGS,
  check(binding, context) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const subjects: any[] = (binding.manifest as any).subjects ?? [];
    return subjects
      .filter((subject) => subject.kind === 'ServiceAccount')
      .flatMap((subject) => {
        const namespace: string = subject.namespace ?? namespaceOf(binding);
        const known =
          subject.name === 'default' ||
          !namespaceIsOurs(namespace, context) ||
          context.index.get('ServiceAccount', namespace, subject.name) !== undefined;
        return known
          ? []
          : [
              {
                message: `subject ServiceAccount ${namespace}/${subject.name} does not exist`,
                fix: 'create the ServiceAccount and add it with addSubjects(account)',
              },
            ];
      });
  },
};

export const RBAC_RULES: readonly Rule[] = [bindingRole, bindingSubject];
