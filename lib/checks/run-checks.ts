import { Environment } from '../config/environment';
import { RenderedObject } from '../writer/render';
import { Finding } from './finding';
import { INGRESS_RULES } from './ingress-rules';
import { NAMESPACE_RULES } from './namespace-rules';
import { ObjectIndex } from './object-index';
import { POD_RULES } from './pod-rules';
import { RBAC_RULES } from './rbac-rules';
import { CheckContext, Rule } from './rule';
import { SERVICE_RULES } from './service-rules';
import { STORAGE_RULES } from './storage-rules';
import { VALUE_RULES } from './value-rules';

/** Every rule, in the order the report lists its findings. */
export const RULES: readonly Rule[] = [
  ...NAMESPACE_RULES,
  ...VALUE_RULES,
  ...SERVICE_RULES,
  ...INGRESS_RULES,
  ...POD_RULES,
  ...RBAC_RULES,
  ...STORAGE_RULES,
];

/** The id of the rule that reports two objects of the same kind, namespace and name. */
export const DUPLICATE_OBJECT = 'duplicate-object';

/** Runs every rule on every object of one environment; linear in the number of objects. */
export function runChecks(objects: readonly RenderedObject[], external: Environment['external']): Finding[] {
  const context: CheckContext = { index: new ObjectIndex(objects), external };
  const findings: Finding[] = context.index.duplicates.map((object) => ({
    rule: DUPLICATE_OBJECT,
    object,
    message: 'another object has the same kind, namespace and name; applying both would keep only one',
    fix: 'rename one of them',
  }));
  for (const object of objects) {
    for (const rule of RULES) {
      for (const problem of rule.check(object, context)) {
        findings.push({ rule: rule.id, object, ...problem });
      }
    }
  }
  return findings;
}
