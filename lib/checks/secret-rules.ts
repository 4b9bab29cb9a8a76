import * as crypto from 'crypto';
import * as fs from 'fs';
import { ENVIRONMENTS } from '../config/environments';
import { ROOT } from '../paths';
import { DEV_ENVIRONMENT, devSealingKeyPath, opensWith } from '../secrets/dev-key';
import { Rule, namespaceOf, specOf } from './rule';

const INSTANCE = 'app.kubernetes.io/instance';

/**
 * The environment an object belongs to, from its `app.kubernetes.io/instance` label (`<chart>-<env>`, set by every
 * AppChart): the longest environment name it ends with; undefined when none does.
 */
export function environmentOf(labels: Readonly<Record<string, unknown>>, names: readonly string[]): string | undefined {
  const instance = labels[INSTANCE];
  if (typeof instance !== 'string') {
    return undefined;
  }
  return names.filter((name) => instance.endsWith(`-${name}`)).sort((a, b) => b.length - a.length)[0];
}

let devKey: crypto.KeyObject | null | undefined;

/** The committed dev private key, read once; null when the file is absent. */
function committedDevKey(): crypto.KeyObject | null {
  if (devKey === undefined) {
    const file = devSealingKeyPath(ROOT);
    devKey = fs.existsSync(file) ? crypto.createPrivateKey(fs.readFileSync(file, 'utf8')) : null;
  }
  return devKey;
}

/**
 * Builds the rule against a given dev private key (the tests pass a throw-away one); the registered rule uses the
 * committed `secrets-tooling/dev-sealing-key.pem`.
 */
export function sealedToDevKeyRule(key: () => crypto.KeyObject | null, names: readonly string[]): Rule {
  return {
    id: 'sealed-to-dev-key',
    description: 'a SealedSecret of an environment other than dev that the committed dev private key opens',
    kinds: ['SealedSecret'],
    check(object) {
      const env = environmentOf((object.manifest.metadata.labels ?? {}) as Record<string, unknown>, names);
      if (env === DEV_ENVIRONMENT) {
        return [];
      }
      const privateKey = key();
      if (privateKey === null) {
        return [];
      }
      const label = `${namespaceOf(object)}/${String(object.manifest.metadata.name)}`;
      const encryptedData = (specOf(object).encryptedData ?? {}) as Record<string, unknown>;
      const opened = Object.keys(encryptedData)
        .filter((key) => typeof encryptedData[key] === 'string' && opensWith(privateKey, label, encryptedData[key]))
        .sort();
      if (opened.length === 0) {
        return [];
      }
      const where = env ?? 'an environment other than dev';
      return [
        {
          message: `${opened.map((key) => `"${key}"`).join(', ')} of ${where} open${opened.length === 1 ? 's' : ''} with the committed dev private key (secrets-tooling/dev-sealing-key.pem), so ${opened.length === 1 ? 'it was' : 'they were'} sealed to dev's certificate and ${opened.length === 1 ? 'is' : 'are'} public`,
          fix: `treat the value${opened.length === 1 ? '' : 's'} as leaked: change ${opened.length === 1 ? 'it' : 'them'}, then seal with ${where}'s own certificate (npm run seal -- --env ${env ?? '<env>'})`,
        },
      ];
    },
  };
}

/** Rules about secret values. */
export const SECRET_RULES: readonly Rule[] = [sealedToDevKeyRule(committedDevKey, Object.keys(ENVIRONMENTS))];
