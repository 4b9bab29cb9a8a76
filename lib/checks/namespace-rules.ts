import { POD_SECURITY_LABEL_PREFIX, PodSecurityLevel } from '../constructs/namespace';
import { isClusterScoped } from '../kinds/kinds';
import { Rule, namespaceExists } from './rule';

export const namespaceExistsRule: Rule = {
  id: 'namespace-exists',
  description: "a namespaced object's namespace is created by the project, built in, or declared external",
  check(object, context) {
    const namespace = object.manifest.metadata.namespace as string | undefined;
    if (namespace === undefined || isClusterScoped(object.manifest.kind) || namespaceExists(namespace, context)) {
      return [];
    }
    return [
      {
        message: `namespace "${namespace}" is neither created by the project nor declared`,
        fix: "put the object in an AppChart (which creates its namespace), or declare the namespace in the environment's external.namespaces",
      },
    ];
  },
};

const LEVELS: readonly string[] = Object.values(PodSecurityLevel);

/**
 * Every Namespace the project writes has Pod Security admission enforce a profile: without the `enforce` label the API
 * server admits any pod there, privileged ones included, whatever the pod checks of this project say. The Namespace
 * construct always sets it; this catches a raw Namespace and a patch that removes or misspells it.
 */
export const podSecurityEnforcedRule: Rule = {
  id: 'pod-security-enforced',
  description: 'every Namespace has Pod Security admission enforce a profile (privileged, baseline or restricted)',
  kinds: ['Namespace'],
  exemptible: true,
  check(object) {
    const label = `${POD_SECURITY_LABEL_PREFIX}enforce`;
    const labels = (object.manifest.metadata.labels ?? {}) as Record<string, unknown>;
    const value = labels[label];
    if (typeof value === 'string' && LEVELS.includes(value)) {
      return [];
    }
    return [
      {
        message:
          value === undefined
            ? `the label ${label} is not set, so the API server admits any pod in the namespace, privileged ones included`
            : `the label ${label} is ${JSON.stringify(value)}, which is no Pod Security profile (${LEVELS.join(', ')})`,
        fix:
          `set the label ${label} to "restricted" (the Namespace construct does, or takes podSecurity), or exempt ` +
          'the Namespace from pod-security-enforced with a reason',
      },
    ];
  },
};

export const NAMESPACE_RULES: readonly Rule[] = [namespaceExistsRule, podSecurityEnforcedRule];
