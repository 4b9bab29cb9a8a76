import { isLabelKey } from '../constructs/validation';
import { podTemplateIn } from '../writer/pod-template';
import { Problem } from './finding';
import { Rule, formatLabels, namespaceOf, specOf } from './rule';

/** Workloads that own the pods their selector matches. */
const SELECTING_WORKLOADS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

function annotationKeyProblems(where: string, annotations: unknown): Problem[] {
  return Object.keys((annotations ?? {}) as Record<string, unknown>)
    .filter((key) => !isLabelKey(key))
    .map((key) => ({
      message: `${where} key "${key}" is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
      fix: 'rename the annotation key',
    }));
}

export const annotationKey: Rule = {
  id: 'annotation-key',
  description: 'annotation keys, of objects and pod templates, have Kubernetes key syntax',
  check(object) {
    const template = object.manifest.kind === 'Pod' ? undefined : podTemplateIn(object.manifest);
    return [
      ...annotationKeyProblems('annotation', object.manifest.metadata.annotations),
      ...annotationKeyProblems('pod template annotation', template?.metadata?.annotations),
    ];
  },
};

export const selectorOverlap: Rule = {
  id: 'selector-overlap',
  description: "a workload's selector matches its own pod template and no other workload's in its namespace",
  kinds: SELECTING_WORKLOADS,
  check(object, context) {
    const matchLabels: Record<string, string> | undefined = specOf(object).selector?.matchLabels;
    if (matchLabels === undefined || Object.keys(matchLabels).length === 0) {
      return [];
    }
    return context.index
      .templatesSelectedBy(namespaceOf(object), matchLabels)
      .filter((template) => template.owner !== object)
      .map((template) => ({
        message: `selector ${formatLabels(matchLabels)} also matches the pods of ${template.owner.manifest.kind} ${String(template.owner.manifest.metadata.name)} (construct ${template.owner.path}); both controllers would claim them`,
        fix: 'keep the recommended app.kubernetes.io/name and instance labels in the selector, or add a selector label that tells the two apart',
      }));
  },
};

export const WORKLOAD_RULES: readonly Rule[] = [annotationKey, selectorOverlap];
