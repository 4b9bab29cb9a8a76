import { BINDING_KINDS as BINDINGS, bindingRoleRef, bindingServiceAccounts } from './references';
import { Problem } from './finding';
import { Rule, clusterRoleExists, namespaceIsOurs } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

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

/** What the API server refuses in one rule of a Role (`namespaced`) or ClusterRole. */
function policyRuleProblems(rule: Json, where: string, namespaced: boolean): Problem[] {
  const problems: Problem[] = [];
  const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;
  if (!nonEmpty(rule?.verbs)) {
    problems.push({
      message: `${where} has no verbs, which the API server refuses`,
      fix: 'list what it allows, e.g. ["get", "list", "watch"]',
    });
  }
  const resourceRule = nonEmpty(rule?.resources);
  const urlRule = nonEmpty(rule?.nonResourceURLs);
  if (resourceRule && !nonEmpty(rule?.apiGroups)) {
    problems.push({
      message: `${where} names resources without apiGroups, which the API server refuses`,
      fix: 'add the groups of the resources: "" for the core group (pods, configmaps, ...), e.g. apiGroups: [""]',
    });
  }
  if (urlRule && namespaced) {
    problems.push({
      message: `${where} names nonResourceURLs, which only a ClusterRole can grant`,
      fix: 'move the rule to a ClusterRole (bound by a ClusterRoleBinding)',
    });
  } else if (urlRule && resourceRule) {
    problems.push({
      message: `${where} names both resources and nonResourceURLs, which the API server refuses in one rule`,
      fix: 'split it into a rule for the resources and one for the URLs',
    });
  } else if (!urlRule && !resourceRule) {
    problems.push({
      message: `${where} names no resources${namespaced ? '' : ' and no nonResourceURLs'}, which the API server refuses`,
      fix: 'list the resources it grants, e.g. resources: ["configmaps"]',
    });
  }
  return problems;
}

export const roleRules: Rule = {
  id: 'role-rules',
  description:
    'each rule of a Role or ClusterRole has verbs, and resources with apiGroups (or, in a ClusterRole, nonResourceURLs)',
  kinds: ['Role', 'ClusterRole'],
  check(role) {
    const rules: unknown = (role.manifest as Json).rules;
    return (Array.isArray(rules) ? rules : []).flatMap((rule, index) =>
      policyRuleProblems(rule, `rules[${index}]`, role.manifest.kind === 'Role'),
    );
  },
};

export const RBAC_RULES: readonly Rule[] = [bindingRole, bindingSubject, roleRules];
