import { describeId } from './identity';
import { SynthesizedEnvironment } from '../synthesize';
import { diskBase } from './base';
import { workingEnvironment } from './compare';
import { formatField, summaryLine } from './format-text';
import { EnvironmentPlan, isRefused, planEnvironment, REPLACE_ANNOTATION } from './plan';

/** The synthesis would write changes the API server refuses: nothing is written. */
export class ReplaceRefusedError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ReplaceRefusedError';
  }
}

/**
 * Plans each synthesized environment against the previous synthesis in `outdir` (only files whose bytes changed are
 * parsed), before anything is written. Throws a ReplaceRefusedError listing every change the API server would refuse
 * that no k8s-course.io/replace annotation approves, unless `allowReplace`.
 */
export function reviewSynthesis(
  outdir: string,
  results: readonly Pick<SynthesizedEnvironment, 'env' | 'files'>[],
  allowReplace: boolean,
): EnvironmentPlan[] {
  const base = diskBase(outdir);
  const plans = results.map((result) =>
    planEnvironment(workingEnvironment(result), base.folder(result.env.name), base.label),
  );
  const refused = plans.flatMap((plan) => plan.objects.filter(isRefused).map((object) => ({ plan, object })));
  if (refused.length > 0 && !allowReplace) {
    const lines = refused.flatMap(({ plan, object }) => [
      `  environment ${plan.env}: ${describeId(object.id)} (construct ${object.path ?? '?'})`,
      ...object.refusals.flatMap((refusal) => [
        ...refusal.fields.map((field) => `    ${formatField(field)}`),
        `    the API server says: ${refusal.server}`,
        `    fix: ${refusal.fix}`,
        `    lost: ${refusal.rule.lost}`,
      ]),
    ]);
    throw new ReplaceRefusedError(
      [
        `the API server would refuse ${refused.length === 1 ? 'this change' : 'these changes'} to objects it has from dist/:`,
        ...lines,
        `to write ${refused.length === 1 ? 'it' : 'them'} anyway, as a decision: annotate each object ${REPLACE_ANNOTATION}: "<why>" ` +
          '(`approveReplace(object, reason)`, lib/plan/replace-approval.ts), or run `npm run synth -- --allow-replace`; then replace it on the cluster as the fix says',
      ].join('\n'),
    );
  }
  return plans;
}

/**
 * What a synthesis prints at its end: each environment's one-line summary against the previous dist/, then each
 * refused change it wrote anyway, with the reason (the annotation's) or `--allow-replace`.
 */
export function synthesisSummary(plans: readonly EnvironmentPlan[]): string[] {
  return plans.flatMap((plan) => [
    `${summaryLine(plan)} (against the previous dist/${plan.env}/)`,
    ...plan.objects
      .filter((object) => object.refusals.length > 0)
      .map(
        (object) =>
          `  replace: ${describeId(object.id)} (${object.refusals.map((refusal) => refusal.rule.field).join('; ')}): ` +
          `${object.approval ?? 'written with --allow-replace'}; the API server refuses the change, so ${object.refusals[0].fix}`,
      ),
  ]);
}
