import { createHash } from 'crypto';

/**
 * The label kubectl's ApplySet puts on every member object. kubectl refuses input that already carries it, so the
 * writer leaves it out; `npm run apply` finds a removed application's cluster-scoped objects by it.
 */
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';

/** Each chart's ApplySet parent: a Secret of this name in the chart's namespace (`--applyset=secret/applyset`). */
export const APPLYSET_PARENT_NAME = 'applyset';

/** The id kubectl gives the ApplySet whose parent is Secret `applyset` in `namespace` (name.namespace.kind.group). */
export function applySetId(namespace: string): string {
  const hash = createHash('sha256').update(`${APPLYSET_PARENT_NAME}.${namespace}.Secret.`).digest('base64url');
  return `applyset-${hash}-v1`;
}
