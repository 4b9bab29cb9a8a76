/**
 * `kubectl diff --server-side` reads each object, then asks the server for a dry-run apply of the manifest, without
 * the resourceVersion precondition it sets for a client-side diff (kubectl's `InfoObject.Merged` returns before it), so
 * it has no lock and never retries: a controller that writes the object in between (a Deployment's status or revision
 * annotation right after an apply) makes the dry run start from a newer object than the one read, and the diff shows
 * that write as a change. A dry run of the manifest alone keeps the object's resourceVersion, so a diff that changes
 * `metadata.resourceVersion` compares two moments of the cluster, not the cluster with the manifest.
 */

/** The read object's `metadata.resourceVersion` as a removed line of kubectl diff's unified output (YAML indented by two). */
const RESOURCE_VERSION_CHANGED = /^- {2}resourceVersion: /m;

/** Whether an object in kubectl diff's output changed on the server while kubectl diffed it. */
export function changedWhileDiffing(output: string): boolean {
  return RESOURCE_VERSION_CHANGED.test(output);
}
