import { isClusterScoped } from '../kinds/kinds';

/** A Kubernetes object as plain JSON. */
export type Manifest = {
  readonly apiVersion: string;
  readonly kind: string;
  metadata: Record<string, unknown>;
} & Record<string, unknown>;

/** Top-level maps that say nothing when empty. */
const EMPTY_WHEN_MEANINGLESS = ['data', 'stringData', 'binaryData'];

// The checks import it from here; lib/kinds is where it lives.
export { isClusterScoped };

/**
 * Removes what cdk8s writes but Kubernetes ignores, so the YAML reads like a hand-written manifest and a diff shows
 * only real changes: the chart's namespace on cluster-scoped objects, empty lists (`externalIPs: []`,
 * `resourceNames: []`), `immutable: false`, empty `data`/`stringData` maps and a Namespace's empty `spec`.
 * Empty maps elsewhere are kept: some mean something (`emptyDir: {}`, `podSelector: {}`). Works in place (the
 * manifest is the writer's own fresh copy) and returns the manifest.
 */
export function tidy(manifest: Manifest): Manifest {
  dropEmptyLists(manifest);
  if (!isMap(manifest.metadata)) {
    // A raw object whose metadata cdk8s dropped whole (a name of null and nothing else): every reader of an object
    // takes its metadata for granted, and the checks report the missing name.
    manifest.metadata = {};
  }
  if (isClusterScoped(manifest.kind)) {
    delete manifest.metadata.namespace;
  }
  if (manifest.immutable === false) {
    delete manifest.immutable;
  }
  for (const key of EMPTY_WHEN_MEANINGLESS) {
    if (isEmptyMap(manifest[key])) {
      delete manifest[key];
    }
  }
  if (manifest.kind === 'Namespace' && isEmptyMap(manifest.spec)) {
    delete manifest.spec;
  }
  return manifest;
}

/** Removes, in place, every map entry whose value is an empty list. */
function dropEmptyLists(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      dropEmptyLists(item);
    }
  } else if (value !== null && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    // for-in walks the plain JSON maps of the writer (own keys only) without allocating a key list.
    for (const key in map) {
      const child = map[key];
      if (Array.isArray(child) && child.length === 0) {
        delete map[key];
      } else {
        dropEmptyLists(child);
      }
    }
  }
}

function isEmptyMap(value: unknown): boolean {
  return isMap(value) && Object.keys(value).length === 0;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
