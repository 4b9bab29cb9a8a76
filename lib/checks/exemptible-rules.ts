import { NAMESPACE_RULES } from './namespace-rules';
import { POLICY_RULES } from './policy-rules';
import { RBAC_POLICY_RULES } from './rbac-policy-rules';
import { VERSION_RULES } from './version-rules';

/**
 * The ids of the rules an object may be exempted from by a `policy.k8s-course.io/exempt-<id>` annotation with a
 * reason (`Rule.exemptible`), in the order of the report. Read from the registries that hold such rules rather than
 * from run-checks' RULES, so that `exemptFromPolicy` can refuse an unknown id early (run-checks imports it);
 * test/checks/exemptible-rules.test.ts holds the list equal to the exemptible rules of RULES.
 */
export const EXEMPTIBLE_RULE_IDS: readonly string[] = [
  ...NAMESPACE_RULES,
  ...VERSION_RULES,
  ...POLICY_RULES,
  ...RBAC_POLICY_RULES,
]
  .filter((rule) => rule.exemptible === true)
  .map((rule) => rule.id);
