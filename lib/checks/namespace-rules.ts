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

export const NAMESPACE_RULES: readonly Rule[] = [namespaceExistsRule];
