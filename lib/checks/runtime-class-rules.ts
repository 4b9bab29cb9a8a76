import { Problem } from './finding';
import { Rule } from './rule';

/** A DNS-1123 label: a RuntimeClass handler's syntax (the name the node's CRI knows the runtime by). */
const DNS_LABEL_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What the API server refuses of a RuntimeClass beyond its schema (node's ValidateRuntimeClass, the same on 1.27 and
 * 1.37): a handler that is not a DNS-1123 label. Its scheduling's nodeSelector and tolerations are scheduling's and
 * enum-values'.
 */
export const runtimeClassSpec: Rule = {
  id: 'runtime-class-spec',
  description:
    'a RuntimeClass has a handler that is a DNS-1123 label (the runtime handler the nodes configure, e.g. runsc)',
  kinds: ['RuntimeClass'],
  check(object) {
    // A RuntimeClass has its fields at the top, not under spec; a missing handler is the schema's finding.
    const handler: unknown = (object.manifest as { handler?: unknown }).handler;
    if (
      handler === undefined ||
      (typeof handler === 'string' && handler.length <= 63 && DNS_LABEL_NAME.test(handler))
    ) {
      return [];
    }
    const problem: Problem = {
      message: `handler ${JSON.stringify(handler)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
      fix: 'name the handler as the nodes’ container runtime configures it (e.g. runsc for gVisor, kata for Kata Containers)',
    };
    return [problem];
  },
};

export const RUNTIME_CLASS_RULES: readonly Rule[] = [runtimeClassSpec];
