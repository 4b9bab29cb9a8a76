import { POD_SECURITY_LABEL_PREFIX, PodSecurityLevel } from '../constructs/namespace';
import { isClusterScoped } from '../kinds/kinds';
import { Problem } from './finding';
import { Rule, namespaceExists, namespaceOf } from './rule';

export const namespaceExistsRule: Rule = {
  id: 'namespace-exists',
  description: "a namespaced object's namespace is created by the project, built in, or declared external",
  check(object, context) {
    const namespace = namespaceOf(object);
    if (isClusterScoped(object.manifest.kind) || namespaceExists(namespace, context)) {
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
    if (labels[label] !== undefined) {
      // A value that is no profile is pod-security-labels' finding: the API server refuses the Namespace.
      return [];
    }
    return [
      {
        message: `the label ${label} is not set, so the API server admits any pod in the namespace, privileged ones included`,
        fix:
          `set the label ${label} to "restricted" (the Namespace construct does, or takes podSecurity), or exempt ` +
          'the Namespace from pod-security-enforced with a reason',
      },
    ];
  },
};

/** A Pod Security version the API server takes (k8s.io/pod-security-admission/api ParseVersion). */
export const POD_SECURITY_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

const MODES = ['enforce', 'audit', 'warn'];

/**
 * The Pod Security labels of a Namespace as the API server reads them (the PodSecurity admission plugin validates a
 * Namespace's labels): each mode's level, when set, is a profile, and each mode's version, when set, is `latest` or
 * `v1.<minor>`; otherwise it refuses the Namespace. A label given as null reaches it as "".
 */
export const podSecurityLabelsRule: Rule = {
  id: 'pod-security-labels',
  description: "a Namespace's Pod Security labels are levels and versions the API server takes",
  kinds: ['Namespace'],
  check(object, context) {
    const labels = (object.manifest.metadata.labels ?? {}) as Record<string, unknown>;
    const problems: Problem[] = [];
    for (const mode of MODES) {
      const label = `${POD_SECURITY_LABEL_PREFIX}${mode}`;
      const level = labels[label] === null ? '' : labels[label];
      if (typeof level === 'string' && !LEVELS.includes(level)) {
        problems.push({
          message: `the label ${label} is ${JSON.stringify(level)}, which the API server refuses: a Pod Security level is ${LEVELS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`,
          fix: `set ${label} to ${LEVELS.join(', ').replace(/, (?=[^,]*$)/, ' or ')} (lower case), or remove it (the Namespace construct writes them from podSecurity)`,
        });
      }
      const versionLabel = `${label}-version`;
      const version = labels[versionLabel] === null ? '' : labels[versionLabel];
      if (typeof version === 'string' && !POD_SECURITY_VERSION.test(version)) {
        problems.push({
          message: `the label ${versionLabel} is ${JSON.stringify(version)}, which the API server refuses: a Pod Security version is "latest" or "v1.<minor>" (e.g. "v${context.kubernetesVersion}")`,
          fix: `set ${versionLabel} to "v${context.kubernetesVersion}", the environment's release (or "latest"), or remove it (the Namespace construct writes it from kubernetesVersion)`,
        });
      }
    }
    return problems;
  },
};

export const NAMESPACE_RULES: readonly Rule[] = [namespaceExistsRule, podSecurityEnforcedRule, podSecurityLabelsRule];
