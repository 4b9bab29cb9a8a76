import { GitOpsChange } from './gitops-plan';
import { changesAnything, EnvironmentPlan, isRefused, ObjectPlan } from './plan';
import { describePlanned, formatField, headline, summaryLine } from './format-text';

const MOST_FIELDS = 12;

/** Text for a table cell: pipes escaped, new lines as <br>. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', '<br>');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

const LABELS: Readonly<Record<ObjectPlan['action'], string>> = {
  create: '➕ create',
  change: '✏️ change',
  delete: '➖ delete',
};

function row(object: ObjectPlan): string {
  const label = isRefused(object)
    ? '⛔ refused'
    : object.dataLoss !== undefined
      ? '⚠️ loses data'
      : LABELS[object.action];
  const what = [headline(object)];
  for (const refusal of object.refusals) {
    what.push(`API server: ${refusal.server}`, `fix: ${refusal.fix}`, `lost: ${refusal.rule.lost}`);
  }
  const fields = object.fields.slice(0, MOST_FIELDS).map((field) => code(formatField(field)));
  if (object.fields.length > MOST_FIELDS) {
    fields.push(`and ${object.fields.length - MOST_FIELDS} more`);
  }
  return `| ${label} | ${code(describePlanned(object))} | ${cell(what.filter((line) => line !== '').join('\n'))} | ${cell(fields.join('\n'))} |`;
}

function gitOpsRow(change: GitOpsChange): string {
  const fields = change.fields.slice(0, MOST_FIELDS).map((field) => code(formatField(field)));
  if (change.fields.length > MOST_FIELDS) {
    fields.push(`and ${change.fields.length - MOST_FIELDS} more`);
  }
  return `| 🔁 GitOps | ${code(change.file)} | ${cell(change.effects.join('\n'))} | ${cell(fields.join('\n'))} |`;
}

/**
 * The plan as a pull-request comment: per environment a heading with the summary and one table, refused and
 * data-losing changes first.
 */
export function formatMarkdown(plans: readonly EnvironmentPlan[]): string {
  const sections = plans.map((plan) => {
    const heading = `### ${summaryLine(plan)}\n\nagainst ${code(plan.base)}`;
    if (!changesAnything(plan)) {
      return heading;
    }
    return [
      heading,
      '',
      '| | object | what happens | fields |',
      '|---|---|---|---|',
      ...plan.objects.map(row),
      ...plan.gitops.map(gitOpsRow),
    ].join('\n');
  });
  return ['## Plan', '', sections.join('\n\n')].join('\n');
}
