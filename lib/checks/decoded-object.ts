import { Manifest } from '../writer/tidy';
import { REMOVED, Repair } from './schema-rules';

type Json = Record<string | number, unknown>;

/** A shallow copy of a map or list, of the same kind. */
function copyOf(value: unknown): Json {
  return (Array.isArray(value) ? [...value] : { ...(value as object) }) as Json;
}

/**
 * The object as the API server decodes it: the manifest with each repair made (a null or a value of the wrong type
 * left out, or a list item set to its type's zero value), copied along the repaired paths only, so that the rules read
 * every field as the type the schema gives it; without repairs, the manifest itself. Top-level metadata that is not a
 * map reads as an empty one, as every rule reads the object's name and namespace.
 */
export function decodedManifest(manifest: Manifest, repairs: readonly Repair[]): Manifest {
  const metadataIsMap =
    typeof manifest.metadata === 'object' && manifest.metadata !== null && !Array.isArray(manifest.metadata);
  if (repairs.length === 0 && metadataIsMap) {
    return manifest;
  }
  const root = copyOf(manifest);
  // The maps and lists copied so far: each is copied once, however many repairs it holds.
  const copies = new WeakSet<object>([root]);
  for (const { path, value } of repairs) {
    let node = root;
    for (let index = 0; index < path.length - 1; index++) {
      const key = path[index];
      let child = node[key] as Json;
      if (!copies.has(child)) {
        child = copyOf(child);
        copies.add(child);
        node[key] = child;
      }
      node = child;
    }
    const key = path[path.length - 1];
    if (value === REMOVED) {
      delete node[key];
    } else {
      node[key] = value;
    }
  }
  if (typeof root.metadata !== 'object' || root.metadata === null || Array.isArray(root.metadata)) {
    root.metadata = {};
  }
  return root as Manifest;
}
