import { describeObject } from './finding';
import { budgetTemplates } from './references';
import { scaledPodCount, steadyPods } from './replicas';
import { Rule, specOf } from './rule';

/**
 * A PodDisruptionBudget that allows no eviction of the pods it selects while all of them are healthy: minAvailable
 * at or above their number (or 100%), or maxUnavailable 0. The API server takes it; then `kubectl drain`, node
 * upgrades and the cluster autoscaler wait on it forever. A warning: a budget may be meant to block drains for a time.
 */
export const disruptionBudgetAllows: Rule = {
  id: 'disruption-budget-allows',
  description:
    'a PodDisruptionBudget lets at least one of the pods it selects be evicted (minAvailable below their number, maxUnavailable above 0)',
  kinds: ['PodDisruptionBudget'],
  check(budget, context) {
    const owners = budgetTemplates(budget, context.index)
      .map((template) => ({ owner: template.owner, pods: steadyPods(template.owner, context.index) }))
      .filter((entry) => entry.pods > 0);
    const expected = owners.reduce((sum, entry) => sum + entry.pods, 0);
    if (expected === 0) {
      return [];
    }
    const spec = specOf(budget);
    const minAvailable = scaledPodCount(spec.minAvailable, expected);
    const maxUnavailable = scaledPodCount(spec.maxUnavailable, expected);
    const keeps = minAvailable ?? (maxUnavailable === undefined ? undefined : expected - maxUnavailable);
    if (keeps === undefined || keeps < expected) {
      return [];
    }
    const selected = owners.map((entry) => `${describeObject(entry.owner)} ${entry.pods}`).join(', ');
    const setting =
      minAvailable === undefined
        ? `maxUnavailable ${JSON.stringify(spec.maxUnavailable)}`
        : `minAvailable ${JSON.stringify(spec.minAvailable)}`;
    return [
      {
        warning: true,
        message: `${setting} keeps all ${expected} pod${expected === 1 ? '' : 's'} it selects (${selected}) available, so it allows no eviction: kubectl drain, node upgrades and the cluster autoscaler wait on it forever`,
        fix:
          expected === 1
            ? 'run at least 2 replicas, or leave the budget out (one pod cannot stay available through its own eviction)'
            : `set maxUnavailable: 1, or minAvailable: ${expected - 1} or less`,
      },
    ];
  },
};

export const DISRUPTION_RULES: readonly Rule[] = [disruptionBudgetAllows];
