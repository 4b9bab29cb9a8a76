import * as path from 'path';
import { chooseEnvironments, synthesize } from './lib/synthesize';

/** `npm run synth [-- --env <name>]...`: writes `dist/<env>/`, or leaves `dist/` untouched and exits 1. */
function main(argv: readonly string[]): number {
  const names = argv.flatMap((arg, index) => (arg === '--env' && argv[index + 1] !== undefined ? [argv[index + 1]] : []));
  try {
    const environments = chooseEnvironments(names);
    const outdir = path.join(__dirname, 'dist');
    const mirror = process.env.CDK8S_OUTDIR;
    for (const { env, files } of synthesize({ outdir, environments, mirror })) {
      const objects = files.reduce((count, file) => count + file.objects.length, 0);
      console.log(`synthesized ${env.name}: ${files.length} files, ${objects} objects in dist/${env.name}/`);
    }
    return 0;
  } catch (error) {
    console.error(`synthesis failed, dist/ left as it was:\n${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
