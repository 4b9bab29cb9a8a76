import { createHash } from 'crypto';
import { HASH_SUFFIX_ANNOTATION } from '../constructs/stable-name';
import { kindInfo, podTemplateIn } from '../kinds/kinds';
import { Manifest } from './tidy';

/** Whether the kind's names are suffixed with a hash of the content (ConfigMap, Secret). */
function isHashedKind(kind: string): boolean {
  return kindInfo(kind)?.contentHashed === true;
}

/**
 * The pod-template annotation that carries a hash of the ConfigMaps and Secrets the pods use by a name that does not
 * change with their content (kept names, and the Secrets SealedSecrets become), so that a new value still rolls them.
 */
export const CONFIG_HASH_ANNOTATION = 'k8s-course.io/config-hash';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The maps of a list field: what an escape hatch writes in place of a list or of its items (a number, a string, null)
 * holds no reference, and is the checks' to report (the schema's finding), not the writer's to trip on.
 */
function mapsIn(list: unknown): Json[] {
  return Array.isArray(list) ? list.filter(isMap) : [];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A map from the name as written to the hashed name, per kind and namespace. */
type Renames = Map<string, string>;

function renameKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The rename key of an object under `kind` (a SealedSecret stands for the Secret it becomes). */
function keyOf(kind: string, manifest: Manifest): string {
  return renameKey(kind, String(manifest.metadata.namespace ?? 'default'), String(manifest.metadata.name));
}

/** The first 10 hex digits of a SHA-256 of the value as JSON (or of the text itself). */
function shortHash(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
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
  return shortHash(content);
}

function wantsHash(manifest: Manifest): boolean {
  const annotations = (manifest.metadata.annotations ?? {}) as Record<string, string>;
  return isHashedKind(manifest.kind) && annotations[HASH_SUFFIX_ANNOTATION] !== 'false';
}

/**
 * Suffixes every ConfigMap and Secret name with a hash of its content, as Kustomize's generators do, and makes every
 * reference to it in the same namespace follow: pod volumes, env, envFrom and image pull secrets, Ingress TLS secrets,
 * ServiceAccount secrets and Role resourceNames. A changed value thus changes the pod template that uses it, which
 * rolls the Deployment. Objects annotated `k8s-course.io/name-suffix-hash: "false"` keep their name.
 */
export function suffixContentHashes(manifests: readonly Manifest[]): void {
  const hashed = manifests.filter(wantsHash);
  const counts = new Map<string, number>();
  hashed.forEach((manifest) =>
    counts.set(keyOf(manifest.kind, manifest), (counts.get(keyOf(manifest.kind, manifest)) ?? 0) + 1),
  );
  const renames: Renames = new Map();
  const renamed = new Set<Manifest>();
  for (const manifest of hashed) {
    // Two objects of one name are left as written, for the duplicate-object check to report.
    if (counts.get(keyOf(manifest.kind, manifest)) === 1) {
      renames.set(keyOf(manifest.kind, manifest), `${String(manifest.metadata.name)}-${contentHash(manifest)}`);
      manifest.metadata.name = renames.get(keyOf(manifest.kind, manifest));
      renamed.add(manifest);
    }
  }
  if (renames.size > 0) {
    for (const manifest of manifests) {
      rewriteReferences(manifest, renames);
    }
  }
  annotateTemplates(manifests, renamed);
}

/**
 * Adds CONFIG_HASH_ANNOTATION to every rolling pod template that uses a ConfigMap or Secret whose name stays the same
 * when its content changes: one annotated not to be hashed, or the Secret a SealedSecret of that name becomes.
 */
function annotateTemplates(manifests: readonly Manifest[], renamed: ReadonlySet<Manifest>): void {
  const fixedNames = new Map<string, string>();
  for (const manifest of manifests) {
    if (isHashedKind(manifest.kind) && !renamed.has(manifest)) {
      fixedNames.set(keyOf(manifest.kind, manifest), contentHash(manifest));
    } else if (manifest.kind === 'SealedSecret') {
      const spec = (manifest as Json).spec ?? {};
      fixedNames.set(
        keyOf('Secret', manifest),
        shortHash({ encryptedData: spec.encryptedData, template: spec.template }),
      );
    }
  }
  if (fixedNames.size === 0) {
    return;
  }
  for (const manifest of manifests) {
    const template = kindInfo(manifest.kind)?.rollsPods === true ? podTemplateIn(manifest) : undefined;
    if (template === undefined) {
      continue;
    }
    const namespace = String(manifest.metadata.namespace ?? 'default');
    const used = new Set<string>();
    visitPodReferences(template.spec ?? {}, (kind, holder, field) => {
      const key = holder?.[field] === undefined ? undefined : renameKey(kind, namespace, holder[field]);
      if (key !== undefined && fixedNames.has(key)) {
        used.add(`${key}=${fixedNames.get(key)}`);
      }
    });
    if (used.size > 0) {
      const hash = shortHash([...used].sort().join('\n'));
      const { annotations, ...rest } = isMap(template.metadata) ? template.metadata : {};
      const withHash = { ...annotations, [CONFIG_HASH_ANNOTATION]: hash };
      // Annotations first and sorted, as the rest of the metadata is written.
      template.metadata = {
        annotations: Object.fromEntries(Object.entries(withHash).sort(([a], [b]) => (a < b ? -1 : 1))),
        ...rest,
      };
    }
  }
}

/** Calls `visit` with each ConfigMap or Secret reference of a pod spec: the kind, the object that holds it, its field. */
function visitPodReferences(pod: Json, visit: (kind: string, holder: Json, field: string) => void): void {
  if (!isMap(pod)) {
    return;
  }
  for (const volume of mapsIn(pod.volumes)) {
    visit('ConfigMap', volume.configMap, 'name');
    visit('Secret', volume.secret, 'secretName');
    for (const source of mapsIn(volume.projected?.sources)) {
      visit('ConfigMap', source.configMap, 'name');
      visit('Secret', source.secret, 'name');
    }
  }
  for (const container of [...mapsIn(pod.initContainers), ...mapsIn(pod.containers)]) {
    for (const variable of mapsIn(container.env)) {
      visit('ConfigMap', variable.valueFrom?.configMapKeyRef, 'name');
      visit('Secret', variable.valueFrom?.secretKeyRef, 'name');
    }
    for (const source of mapsIn(container.envFrom)) {
      visit('ConfigMap', source.configMapRef, 'name');
      visit('Secret', source.secretRef, 'name');
    }
  }
  mapsIn(pod.imagePullSecrets).forEach((secret: Json) => visit('Secret', secret, 'name'));
}

function rewriteReferences(manifest: Json, renames: Renames): void {
  const namespace = String(manifest.metadata.namespace ?? 'default');
  const rename = (kind: string, holder: Json, field: string) => {
    const hashed =
      isMap(holder) && typeof holder[field] === 'string'
        ? renames.get(renameKey(kind, namespace, holder[field]))
        : undefined;
    if (hashed !== undefined) {
      holder[field] = hashed;
    }
  };
  visitPodReferences(podTemplateIn(manifest)?.spec ?? {}, rename);
  if (manifest.kind === 'Ingress') {
    mapsIn(manifest.spec?.tls).forEach((tls: Json) => rename('Secret', tls, 'secretName'));
  }
  if (manifest.kind === 'ServiceAccount') {
    [...mapsIn(manifest.secrets), ...mapsIn(manifest.imagePullSecrets)].forEach((secret: Json) =>
      rename('Secret', secret, 'name'),
    );
  }
  if (manifest.kind === 'Role') {
    for (const rule of mapsIn(manifest.rules)) {
      if (!Array.isArray(rule.resourceNames)) {
        continue;
      }
      const kinds = (Array.isArray(rule.resources) ? rule.resources : []).flatMap((resource: unknown) =>
        resource === 'configmaps' ? ['ConfigMap'] : resource === 'secrets' ? ['Secret'] : [],
      );
      rule.resourceNames = rule.resourceNames.map(
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
