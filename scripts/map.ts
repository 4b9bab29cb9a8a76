import * as path from 'path';
import { CommandLine } from '../lib/cli/args';
import { writeMapPage } from '../lib/map/write-page';
import { chooseEnvironments } from '../lib/synthesize';
import { ENVIRONMENT_NAMES, runScript } from './cli';

/**
 * `npm run map [-- --env <name>]...`: writes the map page of each environment (every one when none is named) to
 * `.build/map/<env>.html` and prints its path; open it in a browser, from the file.
 */
function main({ envs }: CommandLine): number {
  for (const env of chooseEnvironments(envs)) {
    console.log(path.relative(process.cwd(), writeMapPage(env)));
  }
  return 0;
}

runScript({ command: 'npm run map', environments: ENVIRONMENT_NAMES }, main, 1);
