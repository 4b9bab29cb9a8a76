import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EXEMPTIBLE_RULE_IDS } from '../checks/exemptible-rules';
import { closest, describeValue, fail } from './validation';
import { PropShape, checkShape, is } from './prop-shapes';

/** The annotation prefix that exempts an object from one of our policy rules; the value is the reason. */
export const EXEMPT_ANNOTATION_PREFIX = 'policy.k8s-course.io/exempt-';

/** The annotation that says why an object carries kube-score or Polaris exemptions. */
export const EXEMPTION_REASON_ANNOTATION = 'policy.k8s-course.io/exemption-reason';

/** The annotation kube-score reads the checks to ignore from, comma-separated. */
const KUBE_SCORE_IGNORE_ANNOTATION = 'kube-score/ignore';

/** How the reasons of several exemptions of one object are joined in its one reason annotation. */
const REASON_SEPARATOR = '; ';

/** What an object is exempted from, and why. */
export interface PolicyExemptionProps {
  /** Ids of our policy rules (e.g. `host-access`) the object is exempted from. */
  readonly rules: readonly string[];
  /** kube-score checks (e.g. `container-security-context-user-group-id`) to ignore. @default - none */
  readonly kubeScoreChecks?: readonly string[];
  /** Polaris checks (e.g. `hostPathSet`) to exempt. @default - none */
  readonly polarisChecks?: readonly string[];
  /** Why the object needs it; listed by every synthesis and by policy/lint.sh. */
  readonly reason: string;
}

/** The shape of `PolicyExemptionProps` (a blank reason has its own message, below). */
const POLICY_EXEMPTION_SHAPE = {
  rules: is.required(is.texts),
  kubeScoreChecks: is.texts,
  polarisChecks: is.texts,
  reason: is.required(is.anyText),
} satisfies PropShape<PolicyExemptionProps>;

/**
 * What to write instead of `rule`, which no object can be exempted from: the exemptible rule nearest it (a typo such as
 * `host-acess`), and every exemptible rule. The construct's early error and the gate's finding both say it.
 */
export function exemptibleRuleAdvice(rule: string): string {
  const near = closest(rule, EXEMPTIBLE_RULE_IDS);
  const every = `the rules that can be: ${EXEMPTIBLE_RULE_IDS.join(', ')}`;
  return near === undefined ? every : `did you mean "${near}"? (${every})`;
}

/** A construct that writes one API object, such as every workload, Service and Ingress of `lib/constructs`. */
export interface IHasApiObject {
  /** The object it writes. */
  readonly apiObject: ApiObject;
}

/** kube-score and Polaris checks an object is exempted from, and why. */
export type ToolExemption = Omit<PolicyExemptionProps, 'rules'>;

/**
 * The annotations `existing` becomes with the linters' exemptions added: kube-score's ignore list and Polaris'
 * `<check>-exempt` annotations grow, and the reason joins the reasons already given (each once), so that an object
 * exempted twice (by its construct, then by its chart) keeps both.
 */
export function withToolExemption(
  existing: Readonly<Record<string, string>>,
  exemption: ToolExemption,
): Record<string, string> {
  const kubeScore = exemption.kubeScoreChecks ?? [];
  const polaris = exemption.polarisChecks ?? [];
  if (kubeScore.length + polaris.length === 0) {
    return { ...existing };
  }
  const annotations = { ...existing };
  if (kubeScore.length > 0) {
    annotations[KUBE_SCORE_IGNORE_ANNOTATION] = union(existing[KUBE_SCORE_IGNORE_ANNOTATION], ',', kubeScore);
  }
  for (const check of polaris) {
    annotations[`polaris.fairwinds.com/${check}-exempt`] = 'true';
  }
  annotations[EXEMPTION_REASON_ANNOTATION] = union(existing[EXEMPTION_REASON_ANNOTATION], REASON_SEPARATOR, [
    exemption.reason.trim(),
  ]);
  return annotations;
}

/** The items of a `separator`-joined list with `added` appended, each once. */
function union(list: string | undefined, separator: string, added: readonly string[]): string {
  const items = (list ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set([...items, ...added])].join(separator);
}

/**
 * Exempts one object (or the object a construct writes) from policy rules, with a reason: our rules' `policy.k8s-course.io/exempt-<rule>` annotations,
 * and the annotations kube-score (`kube-score/ignore`) and Polaris (`polaris.fairwinds.com/<check>-exempt`) honour,
 * added to those it already carries.
 *
 * A cdk8s-plus object (a `kplus.RoleBinding` of a built-in ClusterRole, say), whose own object is not public, is taken
 * too, so that an app exempts it without reaching for `ApiObject.of`.
 */
export function exemptFromPolicy(
  object: ApiObject | IHasApiObject | kplus.Resource,
  props: PolicyExemptionProps,
): void {
  const target =
    object instanceof ApiObject ? object : object instanceof kplus.Resource ? ApiObject.of(object) : object.apiObject;
  checkShape(target, 'exemptFromPolicy', props, POLICY_EXEMPTION_SHAPE);
  const reason = props.reason.trim();
  if (reason === '') {
    fail(target, 'a policy exemption needs a reason, got an empty one; say why the object cannot follow the rule');
  }
  props.rules.forEach((rule, index) => {
    if (!EXEMPTIBLE_RULE_IDS.includes(rule)) {
      fail(
        target,
        `exemptFromPolicy.rules[${index}] ${describeValue(rule)} is not a rule an object can be exempted from; ` +
          exemptibleRuleAdvice(rule),
      );
    }
  });
  for (const rule of props.rules) {
    target.metadata.addAnnotation(`${EXEMPT_ANNOTATION_PREFIX}${rule}`, reason);
  }
  const existing: Record<string, string> = target.metadata.toJson().annotations ?? {};
  const annotations = withToolExemption(existing, { ...props, reason });
  for (const [key, value] of Object.entries(annotations)) {
    if (existing[key] !== value) {
      target.metadata.addAnnotation(key, value);
    }
  }
}
