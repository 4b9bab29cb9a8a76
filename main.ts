import { describeObject } from './lib/checks/finding';
import { validateArgoApplication } from './lib/gitops/argocd';
import { DIST } from './lib/paths';
import { chooseEnvironments, differences, renderEnvironments, synthesize } from './lib/synthesize';

/**
 * `npm run synth [-- --env <name>]... [--check]`: writes `dist/<env>/`, or, with `--check`, only compares a fresh
 * synthesis with it. On any problem it prints the report, leaves `dist/` untouched and exits 1.
 */
async function main(argv: readonly string[]): Promise<number> {
  const names = argv.flatMap((arg, index) =>
    arg === '--env' && argv[index + 1] !== undefined ? [argv[index + 1]] : [],
  );
  try {
    const environments = chooseEnvironments(names);
    await Promise.all(environments.map(validateArgoApplication));
    if (argv.includes('--check')) {
      const changed = differences(DIST, renderEnvironments({ environments }));
      if (changed.length > 0) {
        console.error(
          `dist/ differs from what the code synthesizes; run \`npm run synth\` and commit:\n  ${changed.join('\n  ')}`,
        );
        return 1;
      }
      console.log('dist/ is up to date');
      return 0;
    }
    for (const { env, files, exemptions } of synthesize({
      outdir: DIST,
      environments,
      mirror: process.env.CDK8S_OUTDIR,
    })) {
      const objects = files.reduce((count, file) => count + file.objects.length, 0);
      console.log(`synthesized ${env.name}: ${files.length} files, ${objects} objects in dist/${env.name}/`);
      for (const exemption of exemptions) {
        console.log(
          `  exempt from ${exemption.rule}: ${describeObject(exemption.object)} (${exemption.object.path}): ${exemption.reason}`,
        );
      }
    }
    return 0;
  } catch (error) {
    console.error(`synthesis failed, dist/ left as it was:\n${(error as Error).message}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
