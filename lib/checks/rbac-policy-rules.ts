import { BINDING_KINDS } from './references';
import { Problem } from './finding';
import { RenderedObject } from '../writer/render';
import { CheckContext, Rule, isBuiltInClusterRole, namespaceOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The ClusterRoles every cluster has that grant pods/exec and pods/attach (`cluster-admin` grants everything). */
const BUILT_IN_EXEC_ROLES = ['admin', 'edit'];
/** What a rule of `*` verbs grants, written out: Polaris counts a rule of all seven as a wildcard too. */
const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether a rule of a Role or ClusterRole grants every verb on every resource of every group. */
function grantsEverything(rule: Json): boolean {
  const verbs = strings(rule?.verbs);
  return (
    strings(rule?.apiGroups).includes('*') &&
    strings(rule?.resources).includes('*') &&
    (verbs.includes('*') || ALL_VERBS.every((verb) => verbs.includes(verb)))
  );
}

/** Whether a rule lets its subjects run commands in pods or attach to them (a `get` opens the web socket too). */
function grantsExec(rule: Json): boolean {
  const groups = strings(rule?.apiGroups);
  const resources = strings(rule?.resources);
  const verbs = strings(rule?.verbs);
  return (
    (groups.includes('') || groups.includes('*')) &&
    resources.some((resource) => ['*', 'pods/exec', 'pods/attach'].includes(resource)) &&
    verbs.some((verb) => ['*', 'get', 'create'].includes(verb))
  );
}

function rulesOf(role: RenderedObject | undefined): Json[] {
  const rules: unknown = (role?.manifest as Json | undefined)?.rules;
  return Array.isArray(rules) ? rules : [];
}

/** The Role or ClusterRole of the project a binding binds, if it is the project's. */
function boundRole(binding: RenderedObject, context: CheckContext): RenderedObject | undefined {
  const roleRef = (binding.manifest as Json).roleRef ?? {};
  return roleRef.kind === 'Role'
    ? context.index.get('Role', namespaceOf(binding), roleRef.name)
    : context.index.get('ClusterRole', undefined, roleRef.name);
}

export const rbacAdminGrant: Rule = {
  id: 'rbac-admin-grant',
  description:
    "a binding that grants cluster-admin, or a Role or ClusterRole of the project's that grants every verb on every resource of every group (Polaris's clusterrolebindingClusterAdmin and rolebindingClusterAdmin checks)",
  exemptible: true,
  kinds: [...BINDING_KINDS, 'Role', 'ClusterRole'],
  check(object) {
    const manifest = object.manifest as Json;
    if (manifest.kind === 'Role' || manifest.kind === 'ClusterRole') {
      return isBuiltInClusterRole(String(manifest.metadata?.name)) || !rulesOf(object).some(grantsEverything)
        ? []
        : [
            {
              message: 'grants every verb on every resource of every API group, as cluster-admin does',
              fix: 'list the resources and verbs the workload needs (least privilege)',
            },
          ];
    }
    const roleRef = manifest.roleRef ?? {};
    if (
      roleRef.kind === 'ClusterRole' &&
      roleRef.name === 'cluster-admin' &&
      !isBuiltInClusterRole(String(manifest.metadata?.name))
    ) {
      return [
        {
          message: `binds cluster-admin, every permission in the cluster, to ${subjectsText(manifest)}`,
          fix: 'bind a Role or ClusterRole of the permissions the subjects need',
        },
      ];
    }
    return [];
  },
};

function subjectsText(binding: Json): string {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.length === 0
    ? 'no subject'
    : subjects
        .map((subject: Json) => `${subject?.kind} ${subject?.namespace ? `${subject.namespace}/` : ''}${subject?.name}`)
        .join(', ');
}

export const rbacExecAttach: Rule = {
  id: 'rbac-exec-attach',
  description:
    "a Role or ClusterRole of the project's that allows pods/exec or pods/attach, or a binding of the built-in admin or edit ClusterRole, which allow them (Polaris's PodExecAttach checks)",
  exemptible: true,
  kinds: [...BINDING_KINDS, 'Role', 'ClusterRole'],
  check(object, context) {
    const manifest = object.manifest as Json;
    const problems: Problem[] = [];
    if (manifest.kind === 'Role' || manifest.kind === 'ClusterRole') {
      // A role that grants everything is rbac-admin-grant's.
      const rules = rulesOf(object);
      if (
        !isBuiltInClusterRole(String(manifest.metadata?.name)) &&
        rules.some(grantsExec) &&
        !rules.some(grantsEverything)
      ) {
        problems.push({
          message: 'allows pods/exec or pods/attach: its subjects can run commands in every pod it reaches',
          fix: 'leave pods/exec and pods/attach (and "*") out of its rules, or exempt it with the reason (a debugging role)',
        });
      }
      return problems;
    }
    const roleRef = manifest.roleRef ?? {};
    // A role of the project's is reported itself; cluster-admin is rbac-admin-grant's.
    if (
      roleRef.kind === 'ClusterRole' &&
      BUILT_IN_EXEC_ROLES.includes(roleRef.name) &&
      boundRole(object, context) === undefined &&
      !isBuiltInClusterRole(String(manifest.metadata?.name))
    ) {
      problems.push({
        message: `binds the built-in ClusterRole ${roleRef.name}, which allows pods/exec and pods/attach, to ${subjectsText(manifest)}`,
        fix: 'bind a Role of the permissions the subjects need (the built-in view allows no exec)',
      });
    }
    return problems;
  },
};

export const RBAC_POLICY_RULES: readonly Rule[] = [rbacAdminGrant, rbacExecAttach];
