import { BINDING_KINDS as BINDINGS, bindingRoleRef, bindingServiceAccounts } from './references';
import { isDnsSubdomain, isPathSegmentName } from '../constructs/validation';
import { Problem } from './finding';
import { Rule, clusterRoleExists, namespaceIsOurs, objectExists } from './rule';
import { notOneOf } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A Role's or ClusterRole's name as the API server takes it (rbac's ValidateRBACName: a path segment name, ":" allowed). */
function isRoleName(name: unknown): boolean {
  return name !== '' && isPathSegmentName(name);
}

export const bindingRole: Rule = {
  id: 'binding-role',
  description:
    'a RoleBinding or ClusterRoleBinding names an existing Role or ClusterRole (ours, built in, or declared)',
  kinds: BINDINGS,
  check(binding, context) {
    const { kind } = binding.manifest;
    const roleRef = bindingRoleRef(binding);
    if (roleRef === undefined || !['Role', 'ClusterRole'].includes(roleRef.kind) || !isRoleName(roleRef.name)) {
      return []; // a missing roleRef, kind or name is the schema rule's finding, another kind or a bad name binding-spec's
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
        !namespaceIsOurs(namespace, context) || objectExists('ServiceAccount', namespace, subject.name, context);
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
  // A URL rule has no group, resource or resource name (the API server judges nothing else of it).
  const beside = ['resources', 'apiGroups', 'resourceNames'].find((field) => nonEmpty(rule?.[field]));
  if (urlRule && namespaced) {
    problems.push({
      message: `${where} names nonResourceURLs, which only a ClusterRole can grant`,
      fix: 'move the rule to a ClusterRole (bound by a ClusterRoleBinding)',
    });
  } else if (urlRule && beside === 'resources') {
    problems.push({
      message: `${where} names both resources and nonResourceURLs, which the API server refuses in one rule`,
      fix: 'split it into a rule for the resources and one for the URLs',
    });
  } else if (urlRule && beside !== undefined) {
    problems.push({
      message: `${where} names nonResourceURLs beside ${beside}, which the API server refuses in one rule`,
      fix: `remove ${beside} from the rule of the URLs (a rule of resources names its groups and resource names)`,
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
    'each rule of a Role or ClusterRole has verbs, and resources with apiGroups (or, in a ClusterRole, nonResourceURLs alone); a ClusterRole aggregationRule has clusterRoleSelectors',
  kinds: ['Role', 'ClusterRole'],
  check(role) {
    const { rules, aggregationRule } = role.manifest as Json;
    const problems = (Array.isArray(rules) ? rules : []).flatMap((rule, index) =>
      policyRuleProblems(rule, `rules[${index}]`, role.manifest.kind === 'Role'),
    );
    // A ClusterRole's only; its selectors' syntax is selector-syntax's.
    const selectors: unknown = aggregationRule?.clusterRoleSelectors;
    if (aggregationRule !== undefined && !(Array.isArray(selectors) && selectors.length > 0)) {
      problems.push({
        message:
          'aggregationRule.clusterRoleSelectors is empty; the API server refuses an aggregationRule without a selector',
        fix: 'select the ClusterRoles to aggregate by label, e.g. clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-view": "true" } }], or remove aggregationRule',
      });
    }
    return problems;
  },
};

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const SUBJECT_KINDS = ['ServiceAccount', 'User', 'Group'];

/** What the API server refuses in one subject of a binding (`clusterWide`: of a ClusterRoleBinding). */
function subjectProblems(subject: Json, where: string, clusterWide: boolean): Problem[] {
  const { kind, name, namespace, apiGroup } = subject ?? {};
  const unknownKind = notOneOf(`${where}.kind`, kind, SUBJECT_KINDS);
  if (unknownKind !== undefined) {
    return [unknownKind];
  }
  const problems: Problem[] = [];
  if (name === '') {
    problems.push({
      message: `${where}.name is empty`,
      fix: `name the ${kind} the binding grants the role to`,
    });
  }
  if (kind === 'ServiceAccount') {
    if (apiGroup !== undefined && apiGroup !== '') {
      problems.push({
        message: `${where} is a ServiceAccount with apiGroup ${JSON.stringify(apiGroup)}; ServiceAccounts are of the core group`,
        fix: 'remove apiGroup from the ServiceAccount subject',
      });
    }
    if (name !== '' && !isDnsSubdomain(name)) {
      problems.push({
        message: `${where}.name ${JSON.stringify(name ?? null)} is not a ServiceAccount name (a DNS-1123 subdomain)`,
        fix: 'name the ServiceAccount as it is created (pass the object with addSubjects)',
      });
    }
    if (clusterWide && (namespace === undefined || namespace === '')) {
      problems.push({
        message: `${where} is a ServiceAccount without a namespace, which a ClusterRoleBinding must give`,
        fix: "set the subject's namespace to the ServiceAccount's",
      });
    }
  } else if (apiGroup !== undefined && apiGroup !== '' && apiGroup !== RBAC_GROUP) {
    // Left out or empty, the API server defaults it to RBAC_GROUP (both servers take a Group of apiGroup "").
    problems.push({
      message: `${where} is a ${kind} with apiGroup ${JSON.stringify(apiGroup)}; a ${kind} subject is of ${RBAC_GROUP}`,
      fix: `set apiGroup to "${RBAC_GROUP}" or leave it out`,
    });
  }
  return problems;
}

export const bindingSpec: Rule = {
  id: 'binding-spec',
  description: `a binding's roleRef is of ${RBAC_GROUP} and a Role or ClusterRole, and each subject is a ServiceAccount (core group, a DNS-1123 name, a namespace in a ClusterRoleBinding), a User or a Group`,
  kinds: BINDINGS,
  check(binding) {
    const manifest = binding.manifest as Json;
    const clusterWide = manifest.kind === 'ClusterRoleBinding';
    const roleRef = manifest.roleRef ?? {};
    const problems: Problem[] = [];
    // Left out or empty, the API server defaults it to RBAC_GROUP (both servers take a roleRef without it).
    const apiGroup = roleRef.apiGroup ?? '';
    if (apiGroup !== '' && apiGroup !== RBAC_GROUP) {
      problems.push({
        message: `roleRef.apiGroup ${JSON.stringify(apiGroup)} is not ${RBAC_GROUP}`,
        fix: `set roleRef.apiGroup to "${RBAC_GROUP}" or leave it out`,
      });
    }
    // A missing name is the schema's finding; an existing one is binding-role's.
    if (roleRef.name !== undefined && !isRoleName(roleRef.name)) {
      problems.push({
        message: `roleRef.name ${JSON.stringify(roleRef.name)} is not a role name (not empty, "." or "..", without "/" or "%")`,
        fix: 'name the Role or ClusterRole as it is created (bind it by object)',
      });
    }
    // A Role in a ClusterRoleBinding is binding-role's finding.
    if (roleRef.kind !== undefined && !['Role', 'ClusterRole'].includes(roleRef.kind)) {
      problems.push({
        message: `roleRef.kind ${JSON.stringify(roleRef.kind)} is not Role or ClusterRole`,
        fix: 'use "Role" or "ClusterRole" (the API server minds the case)',
      });
    }
    const subjects: unknown = manifest.subjects;
    (Array.isArray(subjects) ? subjects : []).forEach((subject, index) =>
      problems.push(...subjectProblems(subject, `subjects[${index}]`, clusterWide)),
    );
    return problems;
  },
};

export const RBAC_RULES: readonly Rule[] = [bindingRole, bindingSubject, bindingSpec, roleRules];
