import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { sealValue, sealingKey } from './seal';
import { SealedStore, certificatePath, readSealedStore, sealedStorePath } from './sealed-store';

/** The folder that holds plaintext values, ignored by git whole: `secrets/plain/`. */
export function plaintextFolder(root: string): string {
  return path.join(root, 'secrets', 'plain');
}

/** Where `npm run seal` reads an environment's plaintext values: `secrets/plain/<env>.json`. */
export function plaintextPath(root: string, env: string): string {
  return path.join(plaintextFolder(root), `${env}.json`);
}

/** The path plaintext values had before `secrets/plain/`; a file there is refused with the move to make. */
export function legacyPlaintextPath(root: string, env: string): string {
  return path.join(root, 'secrets', `${env}.values.json`);
}

/** The variable that holds an environment's plaintext values as JSON: `K8S_COURSE_SECRETS_<ENV>`. */
export function valuesVariable(env: string): string {
  return `K8S_COURSE_SECRETS_${variableSuffix(env)}`;
}

/** The variable that replaces one environment's certificate file: `SEALED_SECRETS_CERT_<ENV>`. */
export function certificateVariable(env: string): string {
  return `SEALED_SECRETS_CERT_${variableSuffix(env)}`;
}

function variableSuffix(env: string): string {
  return env.toUpperCase().replace(/-/g, '_');
}

/**
 * The fingerprint of a sealing certificate (or public key): the SHA-256 of its public key's DER (SubjectPublicKeyInfo),
 * in hex, as `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum` prints it. A certificate
 * renewed on the same key keeps it; another key changes it.
 */
export function certificateFingerprint(certPem: string): string {
  const der = sealingKey(certPem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** An environment's sealing certificate and where it came from (for messages). */
export interface Certificate {
  readonly pem: string;
  readonly source: string;
}

/**
 * Reads an environment's certificate: the file `$SEALED_SECRETS_CERT_<ENV>` names, or `secrets/<env>.pem`. The bare
 * `SEALED_SECRETS_CERT`, which used to replace the certificate of every environment at once (and is where
 * `secrets-tooling/controller.sh` writes the local cluster's certificate), is refused.
 */
export function readCertificate(root: string, env: string, variables: NodeJS.ProcessEnv): Certificate {
  if (variables.SEALED_SECRETS_CERT !== undefined && variables.SEALED_SECRETS_CERT !== '') {
    throw new Error(
      `SEALED_SECRETS_CERT is set, and it would name one certificate for every environment; ` +
        `unset it and name the environment instead: ${certificateVariable(env)}=<file>`,
    );
  }
  const variable = certificateVariable(env);
  const override = variables[variable];
  const file = override !== undefined && override !== '' ? override : certificatePath(root, env);
  const source = file === override ? `${variable}=${override}` : path.relative(root, file);
  if (!fs.existsSync(file)) {
    throw new Error(`${env}: no sealing certificate at ${source}; fetch it with \`kubeseal --fetch-cert\``);
  }
  return { pem: fs.readFileSync(file, 'utf8'), source };
}

/**
 * Refuses a certificate that is not the environment's own: its fingerprint must be the one the environment records
 * (`sealingCertificateSha256` in lib/config/environments.ts), and no two environments may record the same one.
 */
export function checkCertificate(
  env: string,
  certificate: Certificate,
  fingerprints: Readonly<Record<string, string>>,
): void {
  const expected = fingerprints[env];
  if (expected === undefined) {
    throw new Error(`${env}: no sealingCertificateSha256 is recorded for it in lib/config/environments.ts`);
  }
  const shared = Object.keys(fingerprints).filter((other) => other !== env && fingerprints[other] === expected);
  if (shared.length > 0) {
    throw new Error(
      `${env}: records the same sealingCertificateSha256 as ${shared.join(', ')}; every environment needs its own sealing key`,
    );
  }
  let actual: string;
  try {
    actual = certificateFingerprint(certificate.pem);
  } catch (error) {
    throw new Error(`${env}: ${certificate.source} is ${(error as Error).message}`, { cause: error });
  }
  if (actual === expected) {
    return;
  }
  const owner = Object.keys(fingerprints).find((other) => fingerprints[other] === actual);
  throw new Error(
    owner !== undefined
      ? `${env}: ${certificate.source} is the certificate of environment "${owner}", not of "${env}"; nothing was sealed`
      : `${env}: ${certificate.source} has fingerprint sha256:${actual}, but ${env} records sha256:${expected} ` +
          `(sealingCertificateSha256 in lib/config/environments.ts); nothing was sealed. If ${env}'s controller has a ` +
          `new key, record the new fingerprint there`,
  );
}

/** A namespace or Secret name as Kubernetes takes it: a DNS-1123 label (namespace) or subdomain (name). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** What a Secret data key may be (k8s.io/apimachinery IsConfigMapKey). */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** What is wrong with a store key that is not `namespace/name`, or undefined when it is one. */
export function storeKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length !== 2) {
    return 'must be "<namespace>/<name>" with exactly one "/"';
  }
  const [namespace, name] = parts;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    return `its namespace "${namespace}" must be a DNS-1123 label (lower-case letters, digits and "-", at most 63)`;
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return `its name "${name}" must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253)`;
  }
  return undefined;
}

/** Plaintext values by "namespace/name", then key. */
export type PlaintextValues = Record<string, Record<string, string>>;

/** The JSON type of a value, for messages that must not show the value itself. */
function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Where a JSON syntax error is, from V8's message, without the snippet of text that message may hold (V8 quotes the
 * text around an unexpected token).
 */
function syntaxErrorPlace(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn !== null) {
    return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  }
  const position = /position (\d+)/.exec(message);
  if (position !== null) {
    const before = text.slice(0, Number(position[1])).split('\n');
    return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
  }
  return /end of( JSON)? input/.test(message) ? 'it ends too early' : 'an unexpected token';
}

const FORMAT = '{"<namespace>/<name>": {"KEY": "value"}}';

/**
 * Parses and validates plaintext values (from `origin`, a file or variable name). Every problem is reported at once,
 * naming the origin, the Secret and the key; no message ever holds a value or a piece of the text.
 */
export function parsePlaintextValues(text: string, origin: string): PlaintextValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // No cause: V8's message quotes the text around the error, which is plaintext.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(
      `${origin} is not valid JSON (${syntaxErrorPlace(text, (error as Error).message)}; the text is not shown); write it as ${FORMAT}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${origin} must be a JSON object ${FORMAT}, got ${typeName(parsed)}`);
  }
  const problems: string[] = [];
  for (const [secret, values] of Object.entries(parsed)) {
    const keyProblem = storeKeyProblem(secret);
    if (keyProblem !== undefined) {
      problems.push(
        `  "${secret}": ${keyProblem}; fix: name the Secret as "<namespace>/<name>", e.g. "course-config/app-credentials"`,
      );
      continue;
    }
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      problems.push(`  "${secret}": must be an object of keys and string values, got ${typeName(values)}`);
      continue;
    }
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (!DATA_KEY.test(key)) {
        problems.push(`  "${secret}" key "${key}": must be letters, digits, "-", "_" and "." (a Secret data key)`);
      } else if (typeof value !== 'string') {
        problems.push(`  "${secret}" key "${key}": must be a string, got ${typeName(value)} (the value is not shown)`);
      } else if (value === '') {
        problems.push(`  "${secret}" key "${key}": is empty; give it a value`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`${origin} is invalid, nothing was sealed:\n${problems.join('\n')}`);
  }
  return parsed as PlaintextValues;
}

/**
 * Reads an environment's plaintext values from `$K8S_COURSE_SECRETS_<ENV>` or `secrets/plain/<env>.json`. A file at the
 * old path `secrets/<env>.values.json` is refused with the move to make, so that values live in the one folder git
 * ignores whole.
 */
export function readPlaintextValues(root: string, env: string, variables: NodeJS.ProcessEnv): PlaintextValues {
  const legacy = legacyPlaintextPath(root, env);
  const file = plaintextPath(root, env);
  if (fs.existsSync(legacy)) {
    throw new Error(
      `${path.relative(root, legacy)} is where values used to go; move it: ` +
        `mkdir -p secrets/plain && mv ${path.relative(root, legacy)} ${path.relative(root, file)} (git ignores secrets/plain/ whole)`,
    );
  }
  const variable = valuesVariable(env);
  const fromVariable = variables[variable];
  if (fromVariable !== undefined) {
    return parsePlaintextValues(fromVariable, variable);
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `no secret values for ${env}: set ${variable} or write ${path.relative(root, file)} (git-ignored), as ${FORMAT}`,
    );
  }
  return parsePlaintextValues(fs.readFileSync(file, 'utf8'), path.relative(root, file));
}

/** What `sealEnvironment` needs. */
export interface SealEnvironmentOptions {
  /** The project's root, which holds `secrets/`. */
  readonly root: string;
  /** The environment to seal. */
  readonly env: string;
  /** Every environment's recorded certificate fingerprint (`sealingCertificateSha256`), by name. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** The process environment: values and certificate overrides. */
  readonly variables: NodeJS.ProcessEnv;
}

/**
 * Seals an environment's plaintext values into `secrets/<env>.sealed.json`. Everything is checked first (the
 * certificate is the environment's own, the values parse, every key is `namespace/name`), so a refusal writes
 * nothing; the store is replaced in one rename. Keys sealed before and not given again are kept.
 */
export function sealEnvironment({ root, env, fingerprints, variables }: SealEnvironmentOptions): {
  file: string;
  secrets: number;
} {
  const certificate = readCertificate(root, env, variables);
  checkCertificate(env, certificate, fingerprints);
  const values = readPlaintextValues(root, env, variables);
  const file = sealedStorePath(root, env);
  const store: SealedStore = readSealedStore(file);
  for (const [secret, data] of Object.entries(values)) {
    const [namespace, name] = secret.split('/');
    for (const [key, value] of Object.entries(data)) {
      store[secret] = {
        ...store[secret],
        [key]: sealValue(certificate.pem, namespace, name, Buffer.from(value, 'utf8')),
      };
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(store)
      .sort()
      .map((secret) => [secret, Object.fromEntries(Object.entries(store[secret]).sort())]),
  );
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
  fs.renameSync(temporary, file);
  return { file, secrets: Object.keys(sorted).length };
}
