import * as path from 'path';
import { CommandLine } from '../lib/cli/args';
import { ENVIRONMENTS } from '../lib/config/environments';
import { ROOT } from '../lib/paths';
import { sealEnvironment } from '../lib/secrets/seal-environment';
import { ENVIRONMENT_NAMES, runScript } from './cli';

/** Every environment's recorded certificate fingerprint, by name. */
function fingerprints(): Record<string, string> {
  return Object.fromEntries(Object.entries(ENVIRONMENTS).map(([name, env]) => [name, env.sealingCertificateSha256]));
}

/**
 * `npm run seal -- --env <name>`: seals the environment's secret values (`secrets/plain/<env>.json`, git-ignored, or
 * $K8S_COURSE_SECRETS_<ENV>) with its own certificate `secrets/<env>.pem` (or $SEALED_SECRETS_CERT_<ENV>), refused
 * unless its fingerprint is the environment's `sealingCertificateSha256`, into `secrets/<env>.sealed.json`, which is
 * committed and read by every synthesis. Keys sealed before and not given again are kept.
 */
function main({ envs }: CommandLine): number {
  for (const env of envs) {
    const { file, secrets } = sealEnvironment({
      root: ROOT,
      env,
      fingerprints: fingerprints(),
      variables: process.env,
    });
    console.log(`sealed ${secrets} secrets of ${env} into ${path.relative(ROOT, file)}`);
  }
  return 0;
}

runScript({ command: 'npm run seal', environments: ENVIRONMENT_NAMES, envRequired: true }, main, 1);
