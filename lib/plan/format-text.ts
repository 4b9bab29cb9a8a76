import { formatPath } from '../checks/field-path';
import { FieldChange } from './field-diff';
import { describeId } from './identity';
import { GitOpsChange } from './gitops-plan';
import { changesAnything, countPlan, EnvironmentPlan, isRefused, ObjectPlan } from './plan';

const LONGEST_VALUE = 80;

/** A field's value as the plan shows it: JSON, cut at 80 characters; `(none)` for an absent field. */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return '(none)';
  }
  const text = JSON.stringify(value);
  return text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE - 1)}…` : text;
}

/**
 * `path: before → after`; for a text of several lines on both sides (a settings file in a ConfigMap), the first line
 * that differs, with its number, and how many more do.
 */
export function formatField(field: FieldChange): string {
  const { before, after } = field;
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) {
    const old = before.split('\n');
    const next = after.split('\n');
    const differing = Array.from({ length: Math.max(old.length, next.length) }, (_unused, index) => index).filter(
      (index) => old[index] !== next[index],
    );
    const first = differing[0];
    const more =
      differing.length > 1 ? ` (and ${differing.length - 1} more line${differing.length === 2 ? '' : 's'})` : '';
    return `${formatPath(field.path)} line ${first + 1}: ${formatValue(old[first])} → ${formatValue(next[first])}${more}`;
  }
  return `${formatPath(field.path)}: ${formatValue(before)} → ${formatValue(after)}`;
}

/** The object as the plan names it: a content-hashed ConfigMap or Secret by the name it was given, without the hash. */
export function describePlanned(object: ObjectPlan): string {
  if (object.renamed === undefined) {
    return describeId(object.id);
  }
  return describeId({ ...object.id, name: object.id.name.slice(0, object.id.name.lastIndexOf('-')) });
}

/**
 * The plan's one line for an environment: `dev: 1 created, 2 changed, 0 deleted, 1 rolls, 0 refused` (and the
 * approved refusals and data-losing deletions when there are any) and the GitOps files that change, or
 * `dev: nothing changes`.
 */
export function summaryLine(plan: EnvironmentPlan): string {
  if (!changesAnything(plan)) {
    return `${plan.env}: nothing changes`;
  }
  const gitops = plan.gitops.length === 0 ? '' : `; ${plan.gitops.map((change) => change.file).join(' and ')} changed`;
  if (plan.objects.length === 0) {
    return `${plan.env}: no object changes${gitops}`;
  }
  const counts = countPlan(plan);
  const parts = [
    `${counts.created} created`,
    `${counts.changed} changed`,
    `${counts.deleted} deleted`,
    `${counts.rolls} roll${counts.rolls === 1 ? 's' : ''} pods`,
    `${counts.refused} refused${counts.approved > 0 ? ` (${counts.approved} approved to replace)` : ''}`,
  ];
  if (counts.losesData > 0) {
    parts.push(`${counts.losesData} lose${counts.losesData === 1 ? 's' : ''} data`);
  }
  return `${plan.env}: ${parts.join(', ')}${gitops}`;
}

/** What happens to the object, in a few words after its name. */
export function headline(object: ObjectPlan): string {
  const notes: string[] = [];
  if (object.renamed !== undefined) {
    const suffix = object.renamed.to.slice(object.renamed.to.lastIndexOf('-'));
    notes.push(`new content (${object.renamed.from} → ${suffix})`);
    if (object.rolls.length > 0) {
      notes.push(`rolls ${object.rolls.map(describeId).join(', ')}`);
    }
  }
  if (object.action === 'change' && object.renamed === undefined && object.refusals.length === 0) {
    notes.push(object.rollsPods ? 'rolls its pods' : 'restarts nothing');
  }
  if (object.refusals.length > 0) {
    notes.push(
      object.approval === undefined
        ? 'the API server will refuse it'
        : `the API server will refuse it; replace approved: ${object.approval}`,
    );
  }
  if (object.dataLoss !== undefined) {
    notes.push(`loses data: ${object.dataLoss}`);
  }
  return notes.join('; ');
}

const MARKS: Readonly<Record<ObjectPlan['action'], string>> = { create: '+', change: '~', delete: '-' };
const WORDS: Readonly<Record<ObjectPlan['action'], string>> = { create: 'create', change: 'change', delete: 'delete' };

/** One object's lines: what happens, each field, and for a refused change what the server says and the fix. */
export function objectLines(object: ObjectPlan): string[] {
  const mark = isRefused(object) ? '!' : MARKS[object.action];
  const note = headline(object);
  const lines = [`  ${mark} ${WORDS[object.action]} ${describePlanned(object)}${note === '' ? '' : `: ${note}`}`];
  const refusedFields = new Set(object.refusals.flatMap((refusal) => refusal.fields));
  for (const field of object.fields) {
    lines.push(`      ${formatField(field)}${refusedFields.has(field) ? '   (refused)' : ''}`);
  }
  for (const refusal of object.refusals) {
    lines.push(`      the API server says: ${refusal.server}`);
    lines.push(`      fix: ${refusal.fix}`);
    lines.push(`      lost: ${refusal.rule.lost}`);
  }
  if (isRefused(object)) {
    lines.push(
      `      or, to write it anyway: annotate the object k8s-course.io/replace: "<why>", or synthesize with --allow-replace`,
    );
  }
  return lines;
}

/** One GitOps file's lines: what happens to it and what that does, then each field. */
export function gitOpsLines(change: GitOpsChange): string[] {
  return [
    `  ${MARKS[change.action]} ${WORDS[change.action]} ${change.file}${change.effects.length === 0 ? '' : `: ${change.effects[0]}`}`,
    ...change.effects.slice(1).map((effect) => `      ${effect}`),
    ...change.fields.map((field) => `      ${formatField(field)}`),
  ];
}

/** The plan of each environment as text: its summary line, then one entry per object and per GitOps file. */
export function formatText(plans: readonly EnvironmentPlan[]): string {
  return plans
    .map((plan) =>
      [
        `${summaryLine(plan)} (against ${plan.base})`,
        ...plan.objects.flatMap(objectLines),
        ...plan.gitops.flatMap(gitOpsLines),
      ].join('\n'),
    )
    .join('\n\n');
}
