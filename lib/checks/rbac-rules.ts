import { BINDING_KINDS as BINDINGS, bindingRoleRef, bindingServiceAccounts } from './references';
import { Rule, clusterRoleExists, namespaceIsOurs } from './rule';

export const bindingRole: Rule = {
  id: 'binding-role',
  description:
    'a RoleBinding or ClusterRoleBinding names an existing Role or ClusterRole (ours, built in, or declared)',
  kinds: BINDINGS,
  check(binding, context) {
    const { kind } = binding.manifest;
    const roleRef = bindingRoleRef(binding);
    if (roleRef === undefined) {
      return []; // a missing roleRef, kind or name is the schema rule's finding
    }
    if (kind === 'ClusterRoleBinding' && roleRef.kind !== 'ClusterRole') {
      return [
        { message: `roleRef kind ${roleRef.kind} is not allowed in a ClusterRoleBinding`, fix: 'bind a ClusterRole' },
      ];
    }
    if (roleRef.kind === 'Role') {
      const namespace = roleRef.namespace;
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
    return bindingServiceAccounts(binding).flatMap((subject) => {
      const namespace = subject.namespace as string;
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
