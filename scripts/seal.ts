import * as fs from 'fs';
import * as path from 'path';
import { CommandLine } from '../lib/cli/args';
import { ROOT } from '../lib/paths';
import { sealValue } from '../lib/secrets/seal';
import { SealedStore, certificatePath, readSealedStore, sealedStorePath } from '../lib/secrets/sealed-store';
import { ENVIRONMENT_NAMES, runScript } from './cli';

/** The plaintext values of an environment, from K8S_COURSE_SECRETS_<ENV> (JSON) or secrets/<env>.values.json. */
function plaintextValues(env: string): Record<string, Record<string, string>> {
  const variable = `K8S_COURSE_SECRETS_${env.toUpperCase()}`;
  const file = path.join(ROOT, 'secrets', `${env}.values.json`);
  const text = process.env[variable] ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  if (text === undefined) {
    throw new Error(
      `no secret values for ${env}: set ${variable} or write ${path.relative(ROOT, file)} (git-ignored), as {"namespace/name": {"KEY": "value"}}`,
    );
  }
  return JSON.parse(text);
}

/**
 * `npm run seal -- --env <name>`: seals the environment's secret values (never committed) with the cluster's public
 * certificate `secrets/<env>.pem` (or $SEALED_SECRETS_CERT) into `secrets/<env>.sealed.json`, which is committed and
 * read by every synthesis. Keys sealed before and not given again are kept.
 */
function main({ envs }: CommandLine): number {
  for (const env of envs) {
    const cert = fs.readFileSync(process.env.SEALED_SECRETS_CERT ?? certificatePath(ROOT, env), 'utf8');
    const store: SealedStore = readSealedStore(sealedStorePath(ROOT, env));
    for (const [secret, values] of Object.entries(plaintextValues(env))) {
      const [namespace, name] = secret.split('/');
      for (const [key, value] of Object.entries(values)) {
        if (value === '') {
          throw new Error(`${env}: ${secret} key ${key} is empty; give it a value`);
        }
        store[secret] = { ...store[secret], [key]: sealValue(cert, namespace, name, Buffer.from(value, 'utf8')) };
      }
    }
    const sorted = Object.fromEntries(
      Object.keys(store)
        .sort()
        .map((secret) => [secret, Object.fromEntries(Object.entries(store[secret]).sort())]),
    );
    fs.writeFileSync(sealedStorePath(ROOT, env), `${JSON.stringify(sorted, null, 2)}\n`);
    console.log(
      `sealed ${Object.keys(sorted).length} secrets of ${env} into ${path.relative(ROOT, sealedStorePath(ROOT, env))}`,
    );
  }
  return 0;
}

runScript({ command: 'npm run seal', environments: ENVIRONMENT_NAMES, envRequired: true }, main, 1);
