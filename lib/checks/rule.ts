import { Environment } from '../config/environment';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { ObjectIndex, namespaceOf } from './object-index';

/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** ClusterRoles every cluster has (besides those named `system:*`). */
const BUILT_IN_CLUSTER_ROLES = ['cluster-admin', 'admin', 'edit', 'view'];

/**
 * The ConfigMap every namespace has: the cluster's CA bundle (key `ca.crt`), which kube-controller-manager publishes in
 * each namespace (since 1.20); projected service account token volumes read it.
 */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';

/** The PriorityClasses every cluster has, and their values (scheduling's SystemPriorityClasses). */
export const BUILT_IN_PRIORITY_VALUES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
};
export const BUILT_IN_PRIORITY_CLASSES = Object.keys(BUILT_IN_PRIORITY_VALUES);

/** What of an environment the checks read: its name, its cluster's Kubernetes version and what exists outside it. */
export type CheckedEnvironment = Pick<Environment, 'name' | 'kubernetesVersion' | 'external'>;

/** What a rule may consult about the environment. */
export interface CheckContext {
  /** Every object of the environment. */
  readonly index: ObjectIndex;
  /** What the environment declares to exist outside the project. */
  readonly external: Environment['external'];
  /** The environment's name, for messages. */
  readonly environment: string;
  /** The Kubernetes release `major.minor` the environment's cluster runs (its `kubernetesVersion`). */
  readonly kubernetesVersion: string;
}

/** One check, run on every object of an environment. */
export interface Rule {
  /** A stable id, shown in the report and used to look the rule up in the README. */
  readonly id: string;
  /** What the rule catches, in one line. */
  readonly description: string;
  /** Whether an object may be exempted from it by an annotation with a reason (policy rules, not reference checks). */
  readonly exemptible?: boolean;
  /** The kinds of object the rule looks at; runChecks gives it no other. @default - every kind */
  readonly kinds?: readonly string[];
  /** The problems of one object; none when it passes or the rule does not apply to its kind. */
  check(object: RenderedObject, context: CheckContext): Problem[];
}

/**
 * Whether an object the project does not make is there anyway: one every cluster (or every namespace) has, or one the
 * environment declares in `external`. Every reference check, and the map, asks this one question.
 */
export function madeOutsideProject(
  kind: string,
  namespace: string | undefined,
  name: string,
  external: Environment['external'],
): boolean {
  const qualified = `${namespace}/${name}`;
  switch (kind) {
    case 'Namespace':
      return BUILT_IN_NAMESPACES.includes(name) || external.namespaces.includes(name);
    case 'ClusterRole':
      return isBuiltInClusterRole(name) || external.clusterRoles.includes(name);
    case 'StorageClass':
      return external.storageClasses.includes(name);
    case 'PersistentVolume':
      return external.persistentVolumes.includes(name);
    case 'PriorityClass':
      return BUILT_IN_PRIORITY_CLASSES.includes(name) || external.priorityClasses.includes(name);
    case 'IngressClass':
      return external.ingressClasses.includes(name);
    case 'RuntimeClass':
      return external.runtimeClasses.includes(name);
    case 'Secret':
      return external.secrets.includes(qualified);
    case 'Service':
      return external.services.includes(qualified);
    case 'ServiceAccount':
      return name === 'default';
    case 'ConfigMap':
      return name === ROOT_CA_CONFIG_MAP;
    default:
      return false;
  }
}

/** Whether the object exists: made by the project, or made outside it (`madeOutsideProject`). */
export function objectExists(
  kind: string,
  namespace: string | undefined,
  name: string,
  context: CheckContext,
): boolean {
  return (
    context.index.get(kind, namespace, name) !== undefined ||
    madeOutsideProject(kind, namespace, name, context.external)
  );
}

/** Whether the namespace exists: created by the project, built in, or declared external. */
export function namespaceExists(namespace: string, context: CheckContext): boolean {
  return objectExists('Namespace', undefined, namespace, context);
}

/** Whether the namespace's objects are ours to check (it is not one that exists outside the project). */
export function namespaceIsOurs(namespace: string, context: Pick<CheckContext, 'index'>): boolean {
  return context.index.get('Namespace', undefined, namespace) !== undefined;
}

/** Whether a ClusterRole is one every cluster has (`system:*` included). */
export function isBuiltInClusterRole(name: string): boolean {
  return name.startsWith('system:') || BUILT_IN_CLUSTER_ROLES.includes(name);
}

/** Whether the ClusterRole exists: created by the project, built in, or declared external. */
export function clusterRoleExists(name: string, context: CheckContext): boolean {
  return objectExists('ClusterRole', undefined, name, context);
}

/** The namespace of a namespaced object (kept with the index, which files objects by it). */
export { namespaceOf };

/** The object's spec, for rules that read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function specOf(object: RenderedObject): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (object.manifest as any).spec ?? {};
}

/** `a=b,c=d`, the way kubectl prints a selector. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}
