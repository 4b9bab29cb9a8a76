import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Config } from '@jest/types';
import { ROOT } from '../../lib/paths';

/**
 * Stops the local cluster of this project's version if the setup started it (E2E_KEEP_CLUSTER=true keeps it for a
 * look afterwards: `npm run cluster:down` stops it); a cluster of the user's own is left alone.
 */
export default function globalTeardown(_globalConfig: Config.GlobalConfig, project: Config.ProjectConfig): void {
  const version = project.globals.E2E_K8S_VERSION as string | undefined;
  const started = (process.env.E2E_STARTED_VERSIONS ?? '').split(' ');
  if (version === undefined || !started.includes(version) || process.env.E2E_KEEP_CLUSTER === 'true') {
    return;
  }
  execFileSync('bash', [path.join(ROOT, 'cluster', 'down.sh'), '--version', version], { stdio: 'inherit' });
  process.env.E2E_STARTED_VERSIONS = started.filter((other) => other !== version).join(' ');
}
