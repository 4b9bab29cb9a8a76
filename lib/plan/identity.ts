import { groupOf, installRank } from '../kinds/kinds';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** What names an object on the API server: its API group, kind, namespace and name (not the version). */
export interface ObjectId {
  readonly group: string;
  readonly kind: string;
  /** `''` for a cluster-scoped object. */
  readonly namespace: string;
  readonly name: string;
}

/** The identity of a manifest: the group comes from its apiVersion, so a new version of a kind is the same object. */
export function identityOf(manifest: Json): ObjectId {
  const apiVersion = String(manifest.apiVersion ?? '');
  return {
    group: groupOf(apiVersion),
    kind: String(manifest.kind),
    namespace: String(manifest.metadata?.namespace ?? ''),
    name: String(manifest.metadata?.name),
  };
}

/** A map key for an identity. */
export function keyOf(id: ObjectId): string {
  return `${id.group}/${id.kind}/${id.namespace}/${id.name}`;
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object, as the findings name objects. */
export function describeId(id: ObjectId): string {
  return id.namespace === '' ? `${id.kind} ${id.name}` : `${id.kind} ${id.namespace}/${id.name}`;
}

/** The arguments kubectl takes for the object: `deployment.apps name -n namespace`. */
export function kubectlTarget(id: ObjectId): string {
  const resource = id.group === '' ? id.kind.toLowerCase() : `${id.kind.toLowerCase()}.${id.group}`;
  return id.namespace === '' ? `${resource} ${id.name}` : `${resource} ${id.name} -n ${id.namespace}`;
}

/** Install order, then namespace and name: the order a plan lists objects in. */
export function compareIds(a: ObjectId, b: ObjectId): number {
  return (
    installRank(a.kind) - installRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name)
  );
}

/** Code-unit order, the same on every machine (localeCompare depends on the locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
