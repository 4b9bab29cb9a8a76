import { HIGHEST_USER_PRIORITY, SYSTEM_PRIORITY_PREFIX } from '../constructs/priority-class';
import { Problem } from './finding';
import { BUILT_IN_PRIORITY_CLASSES, BUILT_IN_PRIORITY_VALUES, Rule } from './rule';

/** The preemptionPolicy of the cluster's own classes (the default). */
const BUILT_IN_PREEMPTION = 'PreemptLowerPriority';

/**
 * What the API server refuses of a PriorityClass beyond its schema (seen refused by the 1.27 and 1.37 API servers): a
 * value above HIGHEST_USER_PRIORITY, a name with the `system-` prefix, a built-in class of another value or
 * preemptionPolicy (it exists, so the server reads it as an update of immutable fields), and, by its Priority admission,
 * a second class with globalDefault true. A preemptionPolicy of no known value is enum-values'.
 */
export const priorityClassSpec: Rule = {
  id: 'priority-class-spec',
  description:
    "a PriorityClass has a value of at most 1000000000, a name without the system- prefix the cluster's own classes have, and is the only one with globalDefault true",
  kinds: ['PriorityClass'],
  check(object, context) {
    // A PriorityClass has its fields at the top, not under spec.
    const { metadata, value, globalDefault, preemptionPolicy } = object.manifest as {
      metadata: { name?: unknown };
      value?: unknown;
      globalDefault?: unknown;
      preemptionPolicy?: unknown;
    };
    const name = String(metadata.name);
    const problems: Problem[] = [];
    const builtInValue = BUILT_IN_PRIORITY_VALUES[name];
    if (builtInValue !== undefined) {
      // The class exists: the API server takes it as an update, which keeps value and preemptionPolicy (immutable).
      const policy = preemptionPolicy ?? BUILT_IN_PREEMPTION;
      if (value !== builtInValue || policy !== BUILT_IN_PREEMPTION) {
        problems.push({
          message: `${name} is the cluster's own PriorityClass, of value ${builtInValue} and preemptionPolicy ${BUILT_IN_PREEMPTION}, which the API server keeps (both are immutable); this one has value ${String(value)} and preemptionPolicy ${String(policy)}`,
          fix: `leave it out and name it in priorityClassName, or write value ${builtInValue} and no preemptionPolicy`,
        });
      }
    } else if (name.startsWith(SYSTEM_PRIORITY_PREFIX)) {
      problems.push({
        message: `the name starts with "${SYSTEM_PRIORITY_PREFIX}", which the API server keeps for the cluster's own PriorityClasses (${BUILT_IN_PRIORITY_CLASSES.join(', ')})`,
        fix: `name it without "${SYSTEM_PRIORITY_PREFIX}"; for the priority of a built-in class, name that class in priorityClassName instead of making it`,
      });
    } else if (typeof value === 'number' && value > HIGHEST_USER_PRIORITY) {
      problems.push({
        message: `value ${value} is above ${HIGHEST_USER_PRIORITY}, the highest the API server takes for a PriorityClass (higher values are kept for the cluster's own classes, ${BUILT_IN_PRIORITY_CLASSES.join(' and ')})`,
        fix: `give it a value of at most ${HIGHEST_USER_PRIORITY}; to outrank every user class, give ${HIGHEST_USER_PRIORITY}`,
      });
    }
    if (globalDefault === true) {
      const others = context.index
        .ofKind('PriorityClass', undefined)
        .filter((other) => other !== object && (other.manifest as { globalDefault?: unknown }).globalDefault === true)
        .map((other) => String(other.manifest.metadata.name));
      if (others.length > 0) {
        problems.push({
          message: `globalDefault is true, and so is it of PriorityClass ${others.join(', ')}; the API server takes one default PriorityClass per cluster and refuses the second one created ("Only one default can exist")`,
          fix: 'set globalDefault: true on one PriorityClass only',
        });
      }
    }
    return problems;
  },
};

export const PRIORITY_CLASS_RULES: readonly Rule[] = [priorityClassSpec];
