import { formatPath } from '../checks/field-path';
import { countPlan, EnvironmentPlan, isRefused } from './plan';

/** The plan as JSON, for other tools: per environment its counts and every object with its fields. */
export function formatJson(plans: readonly EnvironmentPlan[]): string {
  const environments = plans.map((plan) => ({
    env: plan.env,
    base: plan.base,
    counts: countPlan(plan),
    objects: plan.objects.map((object) => ({
      action: object.action,
      ...object.id,
      path: object.path,
      renamed: object.renamed,
      rollsPods: object.rollsPods,
      rolls: object.rolls,
      refused: isRefused(object),
      approval: object.approval,
      refusals: object.refusals.map((refusal) => ({
        rule: refusal.rule.id,
        field: refusal.rule.field,
        server: refusal.server,
        fix: refusal.fix,
        lost: refusal.rule.lost,
        fields: refusal.fields.map((field) => formatPath(field.path)),
      })),
      dataLoss: object.dataLoss,
      fields: object.fields.map((field) => ({
        path: formatPath(field.path),
        before: field.before,
        after: field.after,
      })),
    })),
    gitops: plan.gitops.map((change) => ({
      file: change.file,
      action: change.action,
      effects: change.effects,
      fields: change.fields.map((field) => ({
        path: formatPath(field.path),
        before: field.before,
        after: field.after,
      })),
    })),
  }));
  return `${JSON.stringify({ environments }, null, 2)}\n`;
}
