import { ApiObject } from 'cdk8s';
import { fail } from './validation';

/** The annotation prefix that exempts an object from one of our policy rules; the value is the reason. */
export const EXEMPT_ANNOTATION_PREFIX = 'policy.k8s-course.io/exempt-';

/** The annotation that says why an object carries kube-score or Polaris exemptions. */
export const EXEMPTION_REASON_ANNOTATION = 'policy.k8s-course.io/exemption-reason';

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

/**
 * Exempts one object from policy rules, with a reason: our rules' `policy.k8s-course.io/exempt-<rule>` annotations,
 * and the annotations kube-score (`kube-score/ignore`) and Polaris (`polaris.fairwinds.com/<check>-exempt`) honour.
 */
export function exemptFromPolicy(target: ApiObject, props: PolicyExemptionProps): void {
  const reason = props.reason.trim();
  if (reason === '') {
    fail(target, 'a policy exemption needs a reason, got an empty one; say why the object cannot follow the rule');
  }
  for (const rule of props.rules) {
    target.metadata.addAnnotation(`${EXEMPT_ANNOTATION_PREFIX}${rule}`, reason);
  }
  const kubeScore = props.kubeScoreChecks ?? [];
  const polaris = props.polarisChecks ?? [];
  if (kubeScore.length > 0) {
    target.metadata.addAnnotation('kube-score/ignore', kubeScore.join(','));
  }
  for (const check of polaris) {
    target.metadata.addAnnotation(`polaris.fairwinds.com/${check}-exempt`, 'true');
  }
  if (kubeScore.length + polaris.length > 0) {
    target.metadata.addAnnotation(EXEMPTION_REASON_ANNOTATION, reason);
  }
}
