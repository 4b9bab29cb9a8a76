import { isLabelKey } from '../constructs/validation';
import { groupOf } from '../kinds/kinds';
import { Problem } from './finding';
import { Rule, specOf } from './rule';
import { servesGroup } from './schema-rules';

/** The finalizers Kubernetes itself defines, the only ones a built-in object may name without a domain. */
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/**
 * What the API servers refuse of finalizers (1.27 and 1.37 alike): every name in an object's `metadata.finalizers` is a
 * qualified name (an optional DNS subdomain and '/', then at most 63 letters, digits, '-', '_' or '.'), and `orphan`
 * and `foregroundDeletion` are not both there; an object of Kubernetes' own kinds (and a Namespace's
 * `spec.finalizers`) names, besides, a standard finalizer or a domain-qualified one. A custom resource may name one
 * without a domain (the servers warn: "prefer a domain-qualified finalizer name").
 */
export const finalizerNames: Rule = {
  id: 'finalizer-names',
  description:
    "finalizers are qualified names, not both orphan and foregroundDeletion, and of Kubernetes' own kinds (a Namespace's spec.finalizers too) standard or domain-qualified",
  check(object, context) {
    const builtIn = servesGroup(context.kubernetesVersion, groupOf(object.manifest.apiVersion));
    const problems = finalizerProblems('metadata.finalizers', object.manifest.metadata.finalizers, builtIn);
    return object.manifest.kind === 'Namespace'
      ? [...problems, ...finalizerProblems('spec.finalizers', specOf(object).finalizers, true)]
      : problems;
  },
};

function finalizerProblems(field: string, finalizers: unknown, standardOrQualified: boolean): Problem[] {
  if (!Array.isArray(finalizers)) {
    return []; // not a list: the schema rule's finding
  }
  const problems: Problem[] = [];
  for (const name of finalizers as unknown[]) {
    if (typeof name !== 'string') {
      continue;
    }
    if (!isLabelKey(name)) {
      problems.push({
        message: `${field} has ${JSON.stringify(name)}, which is not a qualified name (an optional DNS subdomain and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
        fix: 'name the finalizer after the controller that removes it, e.g. "example.com/cleanup"',
      });
    } else if (standardOrQualified && !name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      problems.push({
        message: `${field} has ${JSON.stringify(name)}, which is neither a standard finalizer (${STANDARD_FINALIZERS.join(', ')}) nor qualified by a domain, which the API server refuses`,
        fix: `qualify it by the domain of the controller that removes it, e.g. "example.com/${name}", or name a standard finalizer`,
      });
    }
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    problems.push({
      message: `${field} has both "orphan" and "foregroundDeletion", which the API server refuses: a deletion either orphans the dependents or deletes them first`,
      fix: 'keep one of them',
    });
  }
  return problems;
}

export const FINALIZER_RULES: readonly Rule[] = [finalizerNames];
