import { createHash } from 'crypto';
import { HASH_SUFFIX_ANNOTATION } from '../constructs/stable-name';
import { Manifest } from './tidy';

const HASHED_KINDS = ['ConfigMap', 'Secret'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A map from the name as written to the hashed name, per kind and namespace. */
type Renames = Map<string, string>;

function renameKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The first 10 hex digits of a SHA-256 of the object's content: what a change of value changes. */
export function contentHash(manifest: Manifest): string {
  const content = {
    kind: manifest.kind,
    type: manifest.type,
    data: manifest.data,
    binaryData: manifest.binaryData,
    stringData: manifest.stringData,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 10);
}

function wantsHash(manifest: Manifest): boolean {
  const annotations = (manifest.metadata.annotations ?? {}) as Record<string, string>;
  return HASHED_KINDS.includes(manifest.kind) && annotations[HASH_SUFFIX_ANNOTATION] !== 'false';
}

/**
 * Suffixes every ConfigMap and Secret name with a hash of its content, as Kustomize's generators do, and makes every
 * reference to it in the same namespace follow: pod volumes, env, envFrom and image pull secrets, Ingress TLS secrets,
 * ServiceAccount secrets and Role resourceNames. A changed value thus changes the pod template that uses it, which
 * rolls the Deployment. Objects annotated `k8s-course.io/name-suffix-hash: "false"` keep their name.
 */
export function suffixContentHashes(manifests: readonly Manifest[]): void {
  const hashed = manifests.filter(wantsHash);
  const keyOf = (manifest: Manifest) =>
    renameKey(manifest.kind, String(manifest.metadata.namespace ?? 'default'), String(manifest.metadata.name));
  const counts = new Map<string, number>();
  hashed.forEach((manifest) => counts.set(keyOf(manifest), (counts.get(keyOf(manifest)) ?? 0) + 1));
  const renames: Renames = new Map();
  for (const manifest of hashed) {
    // Two objects of one name are left as written, for the duplicate-object check to report.
    if (counts.get(keyOf(manifest)) === 1) {
      renames.set(keyOf(manifest), `${String(manifest.metadata.name)}-${contentHash(manifest)}`);
      manifest.metadata.name = renames.get(keyOf(manifest));
    }
  }
  if (renames.size === 0) {
    return;
  }
  for (const manifest of manifests) {
    rewriteReferences(manifest, renames);
  }
}

function rewriteReferences(manifest: Json, renames: Renames): void {
  const namespace = String(manifest.metadata.namespace ?? 'default');
  const rename = (kind: string, holder: Json, field: string) => {
    const hashed = holder?.[field] === undefined ? undefined : renames.get(renameKey(kind, namespace, holder[field]));
    if (hashed !== undefined) {
      holder[field] = hashed;
    }
  };
  for (const pod of podSpecsOf(manifest)) {
    for (const volume of pod.volumes ?? []) {
      rename('ConfigMap', volume.configMap, 'name');
      rename('Secret', volume.secret, 'secretName');
      for (const source of volume.projected?.sources ?? []) {
        rename('ConfigMap', source.configMap, 'name');
        rename('Secret', source.secret, 'name');
      }
    }
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const variable of container.env ?? []) {
        rename('ConfigMap', variable.valueFrom?.configMapKeyRef, 'name');
        rename('Secret', variable.valueFrom?.secretKeyRef, 'name');
      }
      for (const source of container.envFrom ?? []) {
        rename('ConfigMap', source.configMapRef, 'name');
        rename('Secret', source.secretRef, 'name');
      }
    }
    (pod.imagePullSecrets ?? []).forEach((secret: Json) => rename('Secret', secret, 'name'));
  }
  if (manifest.kind === 'Ingress') {
    (manifest.spec?.tls ?? []).forEach((tls: Json) => rename('Secret', tls, 'secretName'));
  }
  if (manifest.kind === 'ServiceAccount') {
    [...(manifest.secrets ?? []), ...(manifest.imagePullSecrets ?? [])].forEach((secret: Json) =>
      rename('Secret', secret, 'name'),
    );
  }
  if (manifest.kind === 'Role') {
    for (const rule of manifest.rules ?? []) {
      const kinds = (rule.resources ?? []).flatMap((resource: string) =>
        resource === 'configmaps' ? ['ConfigMap'] : resource === 'secrets' ? ['Secret'] : [],
      );
      rule.resourceNames = (rule.resourceNames ?? []).map(
        (name: string) =>
          kinds
            .map((kind: string) => renames.get(renameKey(kind, namespace, name)))
            .find((hashed: string | undefined) => hashed !== undefined) ?? name,
      );
      if (rule.resourceNames.length === 0) {
        delete rule.resourceNames;
      }
    }
  }
}

function podSpecsOf(manifest: Json): Json[] {
  switch (manifest.kind) {
    case 'Pod':
      return [manifest.spec ?? {}];
    case 'CronJob':
      return [manifest.spec?.jobTemplate?.spec?.template?.spec ?? {}];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return [manifest.spec?.template?.spec ?? {}];
    default:
      return [];
  }
}
