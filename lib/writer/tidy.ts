/** A Kubernetes object as plain JSON. */
export type Manifest = { readonly apiVersion: string; readonly kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;

/** The kinds of Kubernetes 1.27 we may write that live outside any namespace. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'PriorityClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

/** Top-level maps that say nothing when empty. */
const EMPTY_WHEN_MEANINGLESS = ['data', 'stringData', 'binaryData'];

/** Whether objects of this kind live outside namespaces. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * Removes what cdk8s writes but Kubernetes ignores, so the YAML reads like a hand-written manifest and a diff shows
 * only real changes: the chart's namespace on cluster-scoped objects, empty lists (`externalIPs: []`,
 * `resourceNames: []`), `immutable: false`, empty `data`/`stringData` maps and a Namespace's empty `spec`.
 * Empty maps elsewhere are kept: some mean something (`emptyDir: {}`, `podSelector: {}`).
 */
export function tidy(manifest: Manifest): Manifest {
  const result = withoutEmptyLists(manifest) as Manifest;
  if (isClusterScoped(result.kind)) {
    delete result.metadata.namespace;
  }
  if (result.immutable === false) {
    delete result.immutable;
  }
  for (const key of EMPTY_WHEN_MEANINGLESS) {
    if (isEmptyMap(result[key])) {
      delete result[key];
    }
  }
  if (result.kind === 'Namespace' && isEmptyMap(result.spec)) {
    delete result.spec;
  }
  return result;
}

function withoutEmptyLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutEmptyLists);
  }
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!(Array.isArray(child) && child.length === 0)) {
        result[key] = withoutEmptyLists(child);
      }
    }
    return result;
  }
  return value;
}

function isEmptyMap(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}
