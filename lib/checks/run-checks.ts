import { EXEMPT_ANNOTATION_PREFIX, exemptibleRuleAdvice } from '../constructs/policy-exemption';
import { RenderedObject } from '../writer/render';
import { ADMISSION_POLICY_RULES } from './admission-policy-rules';
import { ALLOCATION_RULES } from './allocation-rules';
import { API_SERVICE_RULES } from './api-service-rules';
import { AUTOSCALER_RULES } from './autoscaler-rules';
import { CERTIFICATE_RULES } from './certificate-rules';
import { CLASS_REFERENCE_RULES } from './class-references';
import { crdDefinition } from './crd-definition';
import { crdRules } from './crd-rules';
import { crdStructure } from './crd-structure';
import { CSI_OBJECT_RULES } from './csi-object-rules';
import { CUSTOM_RESOURCE_RULES } from './custom-resources';
import { DEVICE_ADMIN_ACCESS_RULES } from './device-admin-access';
import { DEVICE_CLAIM_RULES } from './device-claim-rules';
import { DISRUPTION_RULES } from './disruption-rules';
import { EXEMPTIBLE_RULE_IDS } from './exemptible-rules';
import { Finding, Problem } from './finding';
import { FINALIZER_RULES } from './finalizer-rules';
import { OWNER_REFERENCE_RULES } from './owner-reference-rules';
import { FLOWCONTROL_RULES } from './flowcontrol-rules';
import { INGRESS_RULES } from './ingress-rules';
import { JOB_RULES } from './job-rules';
import { jobSpec } from './job-spec';
import { LIMIT_RANGE_RULES } from './limit-range-admission';
import { NAMESPACE_RULES } from './namespace-rules';
import { NETWORK_RULES } from './network-rules';
import { ObjectIndex } from './object-index';
import { POD_RULES } from './pod-rules';
import { podSecurityAdmissionRule } from './pod-security-admission';
import { POLICY_RULES } from './policy-rules';
import { PRIORITY_CLASS_RULES } from './priority-class-rules';
import { QUOTA_ADMISSION_RULES } from './quota-admission';
import { QUOTA_RULES } from './quota-rules';
import { RBAC_POLICY_RULES } from './rbac-policy-rules';
import { RBAC_RULES } from './rbac-rules';
import { RUNTIME_CLASS_RULES } from './runtime-class-rules';
import { CheckContext, CheckedEnvironment, Rule } from './rule';
import { SCHEMA_RULES, decodeObject, schemaRule } from './schema-rules';
import { SECRET_RULES } from './secret-rules';
import { SELECTOR_RULES } from './selector-rules';
import { SERVICE_CIDR_RULES } from './service-cidr-rules';
import { SERVICE_CLUSTER_IP_RULES } from './service-cluster-ip';
import { SERVICE_RULES } from './service-rules';
import { STORAGE_RULES } from './storage-rules';
import { TEXT_RULES } from './text-rules';
import { VALUE_RULES } from './value-rules';
import { VERSION_RULES } from './version-rules';
import { WEBHOOK_RULES } from './webhook-rules';
import { WORKLOAD_RULES } from './workload-rules';

/** Every rule, in the order the report lists its findings. */
export const RULES: readonly Rule[] = [
  ...NAMESPACE_RULES,
  ...VERSION_RULES,
  ...SCHEMA_RULES,
  ...VALUE_RULES,
  ...FINALIZER_RULES,
  ...OWNER_REFERENCE_RULES,
  ...SELECTOR_RULES,
  ...TEXT_RULES,
  ...SERVICE_RULES,
  ...INGRESS_RULES,
  ...POD_RULES,
  podSecurityAdmissionRule,
  ...RBAC_RULES,
  ...STORAGE_RULES,
  ...QUOTA_RULES,
  ...POLICY_RULES,
  ...RBAC_POLICY_RULES,
  ...WORKLOAD_RULES,
  ...AUTOSCALER_RULES,
  ...CLASS_REFERENCE_RULES,
  ...PRIORITY_CLASS_RULES,
  ...RUNTIME_CLASS_RULES,
  ...CUSTOM_RESOURCE_RULES,
  crdDefinition,
  crdStructure,
  crdRules,
  ...QUOTA_ADMISSION_RULES,
  ...LIMIT_RANGE_RULES,
  ...ALLOCATION_RULES,
  ...DISRUPTION_RULES,
  ...NETWORK_RULES,
  ...JOB_RULES,
  jobSpec,
  ...SECRET_RULES,
  ...WEBHOOK_RULES,
  ...ADMISSION_POLICY_RULES,
  ...FLOWCONTROL_RULES,
  ...CERTIFICATE_RULES,
  ...API_SERVICE_RULES,
  ...CSI_OBJECT_RULES,
  ...SERVICE_CIDR_RULES,
  ...SERVICE_CLUSTER_IP_RULES,
  ...DEVICE_CLAIM_RULES,
  ...DEVICE_ADMIN_ACCESS_RULES,
];

/** The id of the rule that reports two objects of the same kind, namespace and name. */
export const DUPLICATE_OBJECT = 'duplicate-object';

/** A finding an annotation set aside, with its reason. */
export interface Exemption {
  readonly rule: string;
  readonly object: RenderedObject;
  readonly reason: string;
}

/** What the checks of one environment found, and what was exempted. */
export interface CheckResult {
  /** The problems that fail the synthesis. */
  readonly findings: Finding[];
  /** The problems that are only warnings (`Problem.warning`): printed, and `dist/` is still written. */
  readonly warnings: Finding[];
  readonly exemptions: Exemption[];
  /**
   * Each object as the API server of the environment's release decodes it (`decodeObject`), in the order of the
   * objects checked: what the rules read, for whoever reads the objects as the checks did (the map), without
   * decoding them again.
   */
  readonly decoded: readonly RenderedObject[];
}

/** The rules that look at objects of a kind, in report order, by kind (filled as kinds are met). */
const RULES_BY_KIND = new Map<string, readonly Rule[]>();

function rulesFor(kind: string): readonly Rule[] {
  let rules = RULES_BY_KIND.get(kind);
  if (rules === undefined) {
    rules = RULES.filter((rule) => rule.kinds === undefined || rule.kinds.includes(kind));
    RULES_BY_KIND.set(kind, rules);
  }
  return rules;
}

const EXEMPTIBLE = new Set(EXEMPTIBLE_RULE_IDS);

const NOT_EXEMPT: { reasons: ReadonlyMap<string, string>; findings: readonly Finding[] } = Object.freeze({
  reasons: new Map<string, string>(),
  findings: [],
});

/** The rules an object's annotations exempt it from, with their reasons; malformed exemptions are findings. */
function exemptionsOf(object: RenderedObject): { reasons: ReadonlyMap<string, string>; findings: readonly Finding[] } {
  const annotations = object.manifest.metadata.annotations as Record<string, unknown> | undefined;
  const keys = annotations === undefined ? [] : Object.keys(annotations);
  if (!keys.some((key) => key.startsWith(EXEMPT_ANNOTATION_PREFIX))) {
    // Most objects: nothing allocated for them.
    return NOT_EXEMPT;
  }
  const reasons = new Map<string, string>();
  const findings: Finding[] = [];
  for (const key of keys) {
    const value = annotations![key];
    if (!key.startsWith(EXEMPT_ANNOTATION_PREFIX)) {
      continue;
    }
    const rule = key.slice(EXEMPT_ANNOTATION_PREFIX.length);
    const reason = typeof value === 'string' ? value.trim() : '';
    if (!EXEMPTIBLE.has(rule)) {
      findings.push({
        rule: 'exemption',
        object,
        message: `"${rule}" is not a policy rule that can be exempted`,
        fix: exemptibleRuleAdvice(rule),
      });
    } else if (reason === '') {
      findings.push({
        rule: 'exemption',
        object,
        message: `the exemption from ${rule} gives no reason`,
        fix: `write why as the value of ${key}`,
      });
    } else {
      reasons.set(rule, reason);
    }
  }
  return { reasons, findings };
}

/**
 * A rule's problems with an object, or, should the rule throw (a value of a shape it does not expect: a bug of the
 * rule, since the objects it reads are decoded first), one problem that says so, so that the gate reports it with the
 * object instead of stopping the synthesis with a stack trace.
 */
export function ruleProblems(rule: Rule, object: RenderedObject, context: CheckContext): Problem[] {
  try {
    return rule.check(object, context);
  } catch (error) {
    return [
      {
        message: `the ${rule.id} check failed on this object, so it cannot vouch for it: ${error instanceof Error ? error.message : String(error)}`,
        fix: `look for a field of a type the API reference does not give it (kubectl explain ${object.manifest.kind}), or a value the ${rule.id} check does not expect; and report the failure as a bug of the check`,
      },
    ];
  }
}

/**
 * Runs every rule on every object of its kinds, for one environment; linear in the number of objects. The rules read
 * each object as the API server decodes it (`decodeObject`): a null or a value of the wrong type is the schema check's
 * finding, and left out for the others, which then never meet a type the schema does not give. Findings name the
 * object as written.
 */
export function runChecks(objects: readonly RenderedObject[], env: CheckedEnvironment): CheckResult {
  const decoded = objects.map((object) => decodeObject(object, env.kubernetesVersion));
  const views = decoded.map((result) => result.decoded);
  // The object as written, of each object the rules read a decoded copy of.
  const written = new Map<RenderedObject, RenderedObject>();
  views.forEach((view, position) => {
    if (view !== objects[position]) {
      written.set(view, objects[position]);
    }
  });
  const context: CheckContext = {
    index: new ObjectIndex(views, env.kubernetesVersion),
    external: env.external,
    environment: env.name,
    kubernetesVersion: env.kubernetesVersion,
  };
  const findings: Finding[] = context.index.duplicates.map((object) => ({
    rule: DUPLICATE_OBJECT,
    object: written.get(object) ?? object,
    message: 'another object has the same kind, namespace and name; applying both would keep only one',
    fix: 'rename one of them',
  }));
  const warnings: Finding[] = [];
  const exemptions: Exemption[] = [];
  for (let position = 0; position < objects.length; position++) {
    const object = objects[position];
    const view = views[position];
    const exempt = exemptionsOf(view);
    if (exempt.findings.length > 0) {
      findings.push(...exempt.findings.map((finding) => ({ ...finding, object })));
    }
    const rules = rulesFor(view.manifest.kind);
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index];
      const problems = rule === schemaRule ? decoded[position].problems : ruleProblems(rule, view, context);
      if (problems.length === 0) {
        continue;
      }
      const reason = exempt.reasons.get(rule.id);
      if (reason !== undefined) {
        exemptions.push({ rule: rule.id, object, reason });
      } else {
        for (const problem of problems) {
          (problem.warning === true ? warnings : findings).push({ rule: rule.id, object, ...problem });
        }
      }
    }
  }
  return { findings, warnings, exemptions, decoded: views };
}
