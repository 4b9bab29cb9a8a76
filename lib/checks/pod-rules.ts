import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { POD_KINDS } from '../writer/pod-template';
import { podTemplateOf } from './object-index';
import { CheckContext, Rule, namespaceOf } from './rule';

type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

/** One object a pod needs, as its spec names it. */
interface Reference {
  readonly kind: ReferencedKind;
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
  /** Where in the pod spec, for the message. */
  readonly where: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function itemKeys(source: Json): string[] {
  return (source.items ?? []).map((item: Json) => item.key);
}

function volumeReferences(volume: Json): Reference[] {
  const where = `volume "${volume.name}"`;
  const references: Reference[] = [];
  if (volume.configMap !== undefined) {
    references.push({
      kind: 'ConfigMap',
      name: volume.configMap.name,
      keys: itemKeys(volume.configMap),
      optional: volume.configMap.optional === true,
      where,
    });
  }
  if (volume.secret !== undefined) {
    references.push({
      kind: 'Secret',
      name: volume.secret.secretName,
      keys: itemKeys(volume.secret),
      optional: volume.secret.optional === true,
      where,
    });
  }
  if (volume.persistentVolumeClaim !== undefined) {
    references.push({
      kind: 'PersistentVolumeClaim',
      name: volume.persistentVolumeClaim.claimName,
      keys: [],
      optional: false,
      where,
    });
  }
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap !== undefined) {
      references.push({
        kind: 'ConfigMap',
        name: source.configMap.name,
        keys: itemKeys(source.configMap),
        optional: source.configMap.optional === true,
        where,
      });
    }
    if (source.secret !== undefined) {
      references.push({
        kind: 'Secret',
        name: source.secret.name,
        keys: itemKeys(source.secret),
        optional: source.secret.optional === true,
        where,
      });
    }
  }
  return references;
}

function containerReferences(container: Json): Reference[] {
  const references: Reference[] = [];
  for (const source of container.envFrom ?? []) {
    const where = `envFrom of container "${container.name}"`;
    if (source.configMapRef !== undefined) {
      references.push({
        kind: 'ConfigMap',
        name: source.configMapRef.name,
        keys: [],
        optional: source.configMapRef.optional === true,
        where,
      });
    }
    if (source.secretRef !== undefined) {
      references.push({
        kind: 'Secret',
        name: source.secretRef.name,
        keys: [],
        optional: source.secretRef.optional === true,
        where,
      });
    }
  }
  for (const variable of container.env ?? []) {
    const where = `env ${variable.name} of container "${container.name}"`;
    const configMapKey = variable.valueFrom?.configMapKeyRef;
    const secretKey = variable.valueFrom?.secretKeyRef;
    if (configMapKey !== undefined) {
      references.push({
        kind: 'ConfigMap',
        name: configMapKey.name,
        keys: [configMapKey.key],
        optional: configMapKey.optional === true,
        where,
      });
    }
    if (secretKey !== undefined) {
      references.push({
        kind: 'Secret',
        name: secretKey.name,
        keys: [secretKey.key],
        optional: secretKey.optional === true,
        where,
      });
    }
  }
  return references;
}

function keysOf(object: RenderedObject): Set<string> {
  const manifest = object.manifest as Json;
  return new Set([
    ...Object.keys(manifest.data ?? {}),
    ...Object.keys(manifest.binaryData ?? {}),
    ...Object.keys(manifest.stringData ?? {}),
  ]);
}

function referenceProblem(namespace: string, reference: Reference, context: CheckContext): Problem | undefined {
  if (reference.optional) {
    return undefined;
  }
  const target = context.index.get(reference.kind, namespace, reference.name);
  if (target === undefined) {
    if (reference.kind === 'Secret' && context.external.secrets.includes(`${namespace}/${reference.name}`)) {
      return undefined;
    }
    return {
      message: `${reference.where} needs ${reference.kind} ${namespace}/${reference.name}, which does not exist`,
      fix: `create the ${reference.kind} in this namespace (and pass the object, not its name), or mark the reference optional`,
    };
  }
  const keys = keysOf(target);
  const missing = reference.keys.filter((key) => !keys.has(key));
  if (reference.kind !== 'PersistentVolumeClaim' && missing.length > 0) {
    return {
      message: `${reference.where} needs key "${missing.join('", "')}" of ${reference.kind} ${namespace}/${reference.name}, which has ${[...keys].map((key) => `"${key}"`).join(', ') || 'no keys'}`,
      fix: `add the key to the ${reference.kind}, use one of its keys, or mark the reference optional`,
    };
  }
  return undefined;
}

export const podReference: Rule = {
  id: 'pod-reference',
  description:
    "a pod's volumes, envFrom and valueFrom name an existing ConfigMap, Secret or PVC, and keys that exist in it",
  kinds: POD_KINDS,
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const references = [
      ...(template.spec.volumes ?? []).flatMap(volumeReferences),
      ...[...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])].flatMap(containerReferences),
    ];
    return references.flatMap((reference) => referenceProblem(namespaceOf(object), reference, context) ?? []);
  },
};

export const podServiceAccount: Rule = {
  id: 'pod-service-account',
  description: "a pod's serviceAccountName names an existing ServiceAccount of its namespace",
  kinds: POD_KINDS,
  check(object, context) {
    const name: string | undefined = podTemplateOf(object)?.spec.serviceAccountName;
    const namespace = namespaceOf(object);
    if (
      name === undefined ||
      name === 'default' ||
      context.index.get('ServiceAccount', namespace, name) !== undefined
    ) {
      return [];
    }
    return [
      {
        message: `serviceAccountName "${name}" names no ServiceAccount in namespace ${namespace}`,
        fix: 'create the ServiceAccount in this namespace and pass it as `serviceAccount`',
      },
    ];
  },
};

export const POD_RULES: readonly Rule[] = [podReference, podServiceAccount];
