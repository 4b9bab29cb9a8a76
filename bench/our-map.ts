/**
 * The maps (lib/map/) of the bench workload, or of the course, laid out by Graphviz without reusing any layout, written
 * into a temp dir: `npm run bench`'s map rows. Prints the number of drawings and the longest single layout.
 *
 * Usage: tsx bench/our-map.ts <N | course> <outdir>   (or the esbuild bundle of this file, run with node)
 */
import * as path from 'path';
import { mapFiles, mapInput } from '../lib/map/environment-map';
import { chooseEnvironments, renderEnvironments } from '../lib/synthesize';
import { writeTree } from '../lib/writer/write';
import { ourWorkload } from './our-workload';

const which = process.argv[2];
const outdir = process.argv[3];
const n = Number(which);
if ((which !== 'course' && !(Number.isInteger(n) && n >= 1)) || outdir === undefined) {
  console.error('usage: our-map <N | course> <outdir>');
  process.exit(2);
}

const results =
  which === 'course'
    ? renderEnvironments({ maps: false })
    : renderEnvironments({
        environments: chooseEnvironments(['dev']),
        maps: false,
        build: ourWorkload(n),
      });
let longest = 0;
let drawings = 0;
const started = process.hrtime.bigint();
for (const result of results) {
  const files = mapFiles(mapInput(result), undefined, {
    reuse: false,
    onLayout: ({ seconds }) => {
      longest = Math.max(longest, seconds);
      drawings++;
    },
  });
  writeTree(path.join(outdir, result.env.name), files);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`maps: ${drawings} drawings in ${seconds.toFixed(3)} s, longest layout ${longest.toFixed(3)} s`);
