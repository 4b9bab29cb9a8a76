import { CommandLine, CommandSpec } from '../cli/args';
import { ENVIRONMENTS } from '../config/environments';
import { SynthesizedEnvironment, chooseEnvironments, renderEnvironments } from '../synthesize';
import { gitBase } from './base';
import { planAgainst } from './compare';
import { formatJson } from './format-json';
import { formatMarkdown } from './format-markdown';
import { formatText } from './format-text';
import { changesAnything, EnvironmentPlan } from './plan';

const FORMATS: Readonly<Record<string, (plans: readonly EnvironmentPlan[]) => string>> = {
  text: formatText,
  markdown: formatMarkdown,
  json: formatJson,
};

/** `npm run plan`'s command line. */
export const PLAN_COMMAND: CommandSpec = {
  command: 'npm run plan',
  environments: Object.keys(ENVIRONMENTS),
  options: {
    base: { value: 'ref', description: 'the git commit whose dist/ to compare with', default: 'HEAD' },
    format: { value: 'format', description: 'how to print the plan', default: 'text', allowed: Object.keys(FORMATS) },
  },
};

/** Where the plan reads and writes, so that tests can give a repository of their own and capture the output. */
export interface PlanContext {
  /** The git repository whose commits `--base` names. */
  readonly root: string;
  /** Synthesizes the chosen environments in memory. @default renderEnvironments with all checks */
  readonly render?: (names: readonly string[]) => readonly Pick<SynthesizedEnvironment, 'env' | 'files'>[];
  readonly out?: (text: string) => void;
}

/**
 * `npm run plan [-- --base <ref>] [--env <name>]... [--format text|markdown|json]`: synthesizes the working tree in
 * memory (all checks, nothing written) and prints what it changes against `dist/` at the base commit. Returns 0 when
 * nothing changes, 1 when something does; throws (exit 2) for a bad base or a synthesis that fails.
 */
export function planCommand({ envs, options }: CommandLine, context: PlanContext): number {
  const base = gitBase(context.root, options.get('base') ?? 'HEAD');
  const render = context.render ?? ((names) => renderEnvironments({ environments: chooseEnvironments(names) }));
  const plans = planAgainst(base, render(envs), envs.length === 0);
  const format = FORMATS[options.get('format') ?? 'text'];
  (context.out ?? ((text) => process.stdout.write(text)))(`${format(plans).trimEnd()}\n`);
  return plans.some(changesAnything) ? 1 : 0;
}
