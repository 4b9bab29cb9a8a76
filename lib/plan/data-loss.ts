import { Json, ObjectId } from './identity';

/** Objects of the base, for the rules to look up what a deleted object held. */
export interface BaseLookup {
  /** The base's objects of a kind, in one namespace or all. */
  readonly ofKind: (kind: string, namespace?: string) => readonly Json[];
}

/** What deleting an object loses, or undefined when it holds no data. */
export function dataLostByDeleting(id: ObjectId, before: Json, base: BaseLookup): string | undefined {
  switch (id.kind) {
    case 'PersistentVolumeClaim':
      return `deleting the claim deletes its data, unless its volume's reclaim policy is Retain (${reclaimOfClaim(before, base)})`;
    case 'PersistentVolume':
      return `deleting the volume leaves its storage to its reclaim policy, ${String(before.spec?.persistentVolumeReclaimPolicy ?? 'Retain')}; its claim loses it`;
    case 'StatefulSet':
      return statefulSetLoss(before);
    case 'Namespace':
      return namespaceLoss(id.name, base);
    case 'CustomResourceDefinition':
      return definitionLoss(before, base);
    default:
      return undefined;
  }
}

/** What the base says of a claim's reclaim policy: its StorageClass' or its volume's. */
function reclaimOfClaim(claim: Json, base: BaseLookup): string {
  const className = claim.spec?.storageClassName;
  const storageClass = base.ofKind('StorageClass').find((candidate) => candidate.metadata?.name === className);
  if (storageClass !== undefined) {
    return `StorageClass ${String(className)} has reclaimPolicy ${String(storageClass.reclaimPolicy ?? 'Delete')}`;
  }
  const volume = base
    .ofKind('PersistentVolume')
    .find((candidate) => candidate.metadata?.name === claim.spec?.volumeName);
  if (volume !== undefined) {
    return `PersistentVolume ${String(volume.metadata.name)} has ${String(volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain')}`;
  }
  return className === undefined
    ? "it uses the cluster's default StorageClass"
    : `StorageClass ${String(className)} is not written here`;
}

function statefulSetLoss(statefulSet: Json): string | undefined {
  const templates: Json[] = statefulSet.spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) {
    return undefined;
  }
  const claims = templates.map(
    (template) => `${String(template.metadata?.name)}-${String(statefulSet.metadata.name)}-<ordinal>`,
  );
  // With whenDeleted: Retain (the default) the claims, and their data, outlive it.
  return statefulSet.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete'
    ? `deleting it deletes its claims ${claims.join(', ')} and their data (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete)`
    : undefined;
}

function namespaceLoss(namespace: string, base: BaseLookup): string | undefined {
  const holders = [
    ...base
      .ofKind('PersistentVolumeClaim', namespace)
      .map((claim) => `PersistentVolumeClaim ${String(claim.metadata.name)}`),
    ...base
      .ofKind('StatefulSet', namespace)
      .filter((statefulSet) => (statefulSet.spec?.volumeClaimTemplates ?? []).length > 0)
      .map((statefulSet) => `the claims of StatefulSet ${String(statefulSet.metadata.name)}`),
  ];
  return holders.length === 0
    ? undefined
    : `deleting the namespace deletes everything in it, with ${holders.join(', ')} and their data`;
}

/** Deleting a CustomResourceDefinition deletes every object of its kind in the cluster, whoever made it. */
function definitionLoss(definition: Json, base: BaseLookup): string | undefined {
  const kind: unknown = definition.spec?.names?.kind;
  const group: unknown = definition.spec?.group;
  if (typeof kind !== 'string' || typeof group !== 'string') {
    return undefined;
  }
  const made = base.ofKind(kind).filter((object) => String(object.apiVersion ?? '').startsWith(`${group}/`)).length;
  return `deleting the definition deletes every ${kind} of the cluster (${group}), in every namespace: the ${made} the project makes and any made outside it`;
}
