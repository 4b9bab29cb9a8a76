/**
 * The bench workload built with this project's constructs: N applications, one AppChart each (its own namespace),
 * each a WebService with settings (ConfigMap) and a host (Ingress), synthesized with all checks into a temp dir.
 *
 * Usage: tsx bench/our-synth.ts <N> <outdir>   (or the esbuild bundle of this file, run with node)
 */
import { chooseEnvironments, synthesize } from '../lib/synthesize';
import { ourWorkload } from './our-workload';

const n = Number(process.argv[2]);
const outdir = process.argv[3];
if (!Number.isInteger(n) || n < 1 || outdir === undefined) {
  console.error('usage: our-synth <N> <outdir>');
  process.exit(2);
}

const [env] = chooseEnvironments(['dev']);
const results = synthesize({
  outdir,
  environments: [env],
  // The maps of N applications are timed on their own (bench/our-map.ts), as `npm run bench`'s map rows.
  maps: false,
  build: ourWorkload(n),
});
const objects = results.reduce(
  (sum, { files }) => sum + files.reduce((count, file) => count + file.objects.length, 0),
  0,
);
console.log(`ours: ${n} applications, ${objects} objects`);
