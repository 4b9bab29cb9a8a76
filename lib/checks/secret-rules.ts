import * as crypto from 'crypto';
import * as fs from 'fs';
import { ENVIRONMENTS } from '../config/environments';
import { ROOT } from '../paths';
import { DEV_ENVIRONMENT, devSealingKeyPath, opensWith } from '../secrets/dev-key';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The keys a Secret of a built-in type must hold (all of them, or, for basic-auth, one of them). */
const TYPE_KEYS: Readonly<Record<string, { readonly keys: readonly string[]; readonly anyOf?: boolean }>> = {
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'] },
  'kubernetes.io/dockercfg': { keys: ['.dockercfg'] },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], anyOf: true },
  'kubernetes.io/ssh-auth': { keys: ['ssh-privatekey'] },
};

const SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
const SERVICE_ACCOUNT_NAME = 'kubernetes.io/service-account.name';

/** The type, keys and annotations of the Secret an object makes: a Secret, or the one a SealedSecret unseals to. */
function secretOf(object: RenderedObject): { type: unknown; keys: string[]; annotations: Json; where: string } {
  const manifest = object.manifest as Json;
  if (manifest.kind === 'SealedSecret') {
    const template = manifest.spec?.template ?? {};
    return {
      type: template.type,
      keys: [...Object.keys(manifest.spec?.encryptedData ?? {}), ...Object.keys(template.data ?? {})],
      annotations: template.metadata?.annotations ?? {},
      where: 'the Secret it unseals to',
    };
  }
  return {
    type: manifest.type,
    keys: [...Object.keys(manifest.data ?? {}), ...Object.keys(manifest.stringData ?? {})],
    annotations: manifest.metadata?.annotations ?? {},
    where: 'the Secret',
  };
}

/** The key of each Docker config type, whose value the API server requires to be a JSON object. */
const DOCKER_CONFIG_KEYS: Readonly<Record<string, string>> = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
};

/**
 * Why Go's json.Unmarshal into a map refuses `text`, or undefined: it takes a JSON object, or null, whose numbers fit
 * a float64 (JSON.parse reads 1e400 as Infinity, Go refuses it).
 */
function notAJsonObject(text: string): string | undefined {
  let value: unknown;
  let overflow = false;
  try {
    value = JSON.parse(text, (_key, item: unknown) => {
      overflow ||= typeof item === 'number' && !Number.isFinite(item);
      return item;
    });
  } catch {
    return 'invalid JSON';
  }
  if (overflow) {
    return 'a number beyond a float64';
  }
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) {
    return undefined;
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * A Secret's Docker config that the API server refuses (core validation's ValidateSecret): the value of its type's
 * key, from stringData when it has the key (the API server writes stringData over data), must read as a JSON object.
 * Only its kind of fault shows, never the value: the API server too redacts it.
 */
function dockerConfigProblems(manifest: Json): Problem[] {
  const key = typeof manifest.type === 'string' ? DOCKER_CONFIG_KEYS[manifest.type] : undefined;
  if (key === undefined) {
    return [];
  }
  const plain = manifest.stringData?.[key];
  const encoded = manifest.data?.[key];
  const [field, text] =
    typeof plain === 'string'
      ? ['stringData', plain]
      : typeof encoded === 'string'
        ? ['data', Buffer.from(encoded, 'base64').toString('utf8')]
        : [undefined, undefined];
  const fault = text === undefined ? undefined : notAJsonObject(text);
  return fault === undefined
    ? []
    : [
        {
          message: `${field}[${key}] of the Secret is not a JSON object, which the API server refuses of a ${manifest.type as string} Secret (${fault})`,
          fix: `give ${key} the registry credentials as a JSON object, e.g. {"auths": {"registry.example.com": {"auth": "<base64 of user:password>"}}} (kubectl create secret docker-registry writes one)`,
        },
      ];
}

export const secretTypeKeys: Rule = {
  id: 'secret-type-keys',
  description:
    "a Secret (or the Secret a SealedSecret unseals to) of a built-in type holds the keys its type requires: tls.crt and tls.key, .dockerconfigjson, .dockercfg, username or password, ssh-privatekey; a service-account-token names its ServiceAccount; a Secret's .dockerconfigjson or .dockercfg is a JSON object",
  kinds: ['Secret', 'SealedSecret'],
  check(object) {
    const { type, keys, annotations, where } = secretOf(object);
    if (type === SERVICE_ACCOUNT_TOKEN) {
      return typeof annotations[SERVICE_ACCOUNT_NAME] === 'string' && annotations[SERVICE_ACCOUNT_NAME] !== ''
        ? []
        : [
            {
              message: `${where} is of type ${SERVICE_ACCOUNT_TOKEN} without the annotation ${SERVICE_ACCOUNT_NAME}, which the API server refuses`,
              fix: `annotate it with ${SERVICE_ACCOUNT_NAME}: <the ServiceAccount it holds a token of>`,
            },
          ];
    }
    const required = typeof type === 'string' ? TYPE_KEYS[type] : undefined;
    if (required === undefined) {
      return [];
    }
    const missing = required.keys.filter((key) => !keys.includes(key));
    if (required.anyOf === true ? missing.length < required.keys.length : missing.length === 0) {
      return object.manifest.kind === 'Secret' ? dockerConfigProblems(object.manifest) : [];
    }
    const wanted = required.anyOf === true ? required.keys.join(' or ') : missing.join(' and ');
    return [
      {
        message: `${where} is of type ${type as string} without ${wanted}, which ${object.manifest.kind === 'SealedSecret' ? 'the API server refuses when the controller creates it' : 'the API server refuses'}`,
        fix: `add ${wanted}, or use type Opaque for other keys`,
      },
    ];
  },
};

export const SECRET_RULES: readonly Rule[] = [
  sealedToDevKeyRule(committedDevKey, Object.keys(ENVIRONMENTS)),
  secretTypeKeys,
];
