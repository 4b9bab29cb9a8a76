import { describeObject, formatWarnings } from './lib/checks/finding';
import { CommandLine, CommandSpec, runCommand } from './lib/cli/args';
import { ENVIRONMENTS } from './lib/config/environments';
import { validateArgoApplication } from './lib/gitops/argocd';
import { DIST } from './lib/paths';
import { EnvironmentPlan } from './lib/plan/plan';
import { reviewSynthesis, synthesisSummary } from './lib/plan/synth-review';
import {
  SynthesizedEnvironment,
  checkOutput,
  chooseEnvironments,
  renderEnvironments,
  synthesize,
} from './lib/synthesize';
import { OutputChangedError, TransactionOptions } from './lib/writer/dist-transaction';

const SYNTH: CommandSpec = {
  command: 'npm run synth',
  environments: Object.keys(ENVIRONMENTS),
  flags: {
    check: 'compare a fresh synthesis with dist/, write nothing, exit 1 when they differ',
    'allow-replace': 'write changes the API server refuses (each object must then be replaced), listing them',
  },
};

/** Tells the user about a wait for another run's lock, and about what recovery repaired. */
const TRANSACTION: TransactionOptions = {
  onWait: (holder) =>
    console.error(`waiting for the synthesis of pid ${holder.pid} (started ${holder.startedAt}) to finish with dist/`),
  onRecover: (repairs) => console.error(`repaired dist/:\n  ${repairs.join('\n  ')}`),
};

/** Prints what the checks warn of (a deprecated apiVersion): the synthesis goes on. */
function printWarnings(results: readonly SynthesizedEnvironment[]): void {
  for (const { env, warnings } of results) {
    if (warnings.length > 0) {
      console.error(formatWarnings(env.name, warnings));
    }
  }
}

/**
 * `npm run synth [-- --env <name>]... [--check]`: writes `dist/<env>/`, or, with `--check`, only compares a fresh
 * synthesis with it. A problem of the code or the configuration prints the report and exits 1; a bad command line
 * exits 2 (`runCommand`).
 */
async function main({ envs, flags }: CommandLine): Promise<number> {
  try {
    const environments = chooseEnvironments(envs);
    await Promise.all(environments.map(validateArgoApplication));
    if (flags.has('check')) {
      const skip = Object.keys(ENVIRONMENTS).filter((name) => !environments.some((env) => env.name === name));
      const rendered = renderEnvironments({ environments });
      printWarnings(rendered);
      const changed = checkOutput(DIST, rendered, { skip, transaction: TRANSACTION });
      if (changed.length > 0) {
        console.error(
          `dist/ differs from what the code synthesizes; run \`npm run synth\` and commit:\n  ${changed.join('\n  ')}`,
        );
        return 1;
      }
      console.log('dist/ is up to date');
      return 0;
    }
    let plans: EnvironmentPlan[] = [];
    const results = synthesize({
      outdir: DIST,
      environments,
      mirror: process.env.CDK8S_OUTDIR,
      transaction: TRANSACTION,
      review: (rendered) => (plans = reviewSynthesis(DIST, rendered, flags.has('allow-replace'))),
    });
    printWarnings(results);
    for (const { env, files, exemptions } of results) {
      const objects = files.reduce((count, file) => count + file.objects.length, 0);
      console.log(`synthesized ${env.name}: ${files.length} files, ${objects} objects in dist/${env.name}/`);
      for (const exemption of exemptions) {
        console.log(
          `  exempt from ${exemption.rule}: ${describeObject(exemption.object)} (${exemption.object.path}): ${exemption.reason}`,
        );
      }
    }
    synthesisSummary(plans).forEach((line) => console.log(line));
    return 0;
  } catch (error) {
    const changed = error instanceof OutputChangedError;
    console.error(
      `synthesis failed, ${changed ? 'and dist/ changed' : 'dist/ left as it was'}:\n${(error as Error).message}`,
    );
    return 1;
  }
}

void runCommand(SYNTH, main);
