import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  certificateFingerprint,
  parsePlaintextValues,
  plaintextPath,
  sealEnvironment,
  storeKeyProblem,
} from '../../lib/secrets/seal-environment';
import { ThrowawayKey, throwawayKey } from './throwaway-key';
import { unseal } from './unseal';

let keys: string;
let dev: ThrowawayKey;
let prod: ThrowawayKey;
let fingerprints: Record<string, string>;
let root: string;

beforeAll(() => {
  keys = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-env-keys-'));
  fs.mkdirSync(path.join(keys, 'dev'));
  fs.mkdirSync(path.join(keys, 'prod'));
  dev = throwawayKey(path.join(keys, 'dev'));
  prod = throwawayKey(path.join(keys, 'prod'));
  fingerprints = { dev: certificateFingerprint(dev.certPem), prod: certificateFingerprint(prod.certPem) };
});

afterAll(() => fs.rmSync(keys, { recursive: true, force: true }));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-env-'));
  fs.mkdirSync(path.join(root, 'secrets', 'plain'), { recursive: true });
  fs.writeFileSync(path.join(root, 'secrets', 'dev.pem'), dev.certPem);
  fs.writeFileSync(path.join(root, 'secrets', 'prod.pem'), prod.certPem);
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const SECRET_VALUE = 'hunter2-do-not-print';

function writeValues(env: string, text: string): void {
  fs.writeFileSync(plaintextPath(root, env), text);
}

function store(env: string): string | undefined {
  const file = path.join(root, 'secrets', `${env}.sealed.json`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

function seal(env: string, variables: NodeJS.ProcessEnv = {}): void {
  sealEnvironment({ root, env, fingerprints, variables });
}

/** The message seal throws, failing the test when it does not throw. */
function refusal(env: string, variables: NodeJS.ProcessEnv = {}): string {
  try {
    seal(env, variables);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('sealing was not refused');
}

describe('the certificate of each environment', () => {
  test('seals prod with secrets/prod.pem, which only prod`s key opens', () => {
    writeValues('prod', JSON.stringify({ 'course-config/app-credentials': { DB_PASSWORD: SECRET_VALUE } }));
    seal('prod');
    const sealed = JSON.parse(store('prod')!)['course-config/app-credentials'].DB_PASSWORD;
    expect(unseal(prod.keyPem, 'course-config/app-credentials', sealed).toString()).toBe(SECRET_VALUE);
    expect(() => unseal(dev.keyPem, 'course-config/app-credentials', sealed)).toThrow();
  });

  test('refuses dev`s certificate for prod, through the override, and writes nothing', () => {
    writeValues('prod', JSON.stringify({ 'course-config/app-credentials': { DB_PASSWORD: SECRET_VALUE } }));
    const message = refusal('prod', { SEALED_SECRETS_CERT_PROD: dev.certFile });
    expect(message).toBe(
      `prod: SEALED_SECRETS_CERT_PROD=${dev.certFile} is the certificate of environment "dev", not of "prod"; nothing was sealed`,
    );
    expect(store('prod')).toBeUndefined();
  });

  test('refuses dev`s certificate copied over secrets/prod.pem', () => {
    fs.writeFileSync(path.join(root, 'secrets', 'prod.pem'), dev.certPem);
    writeValues('prod', JSON.stringify({ 'ns/name': { KEY: SECRET_VALUE } }));
    expect(refusal('prod')).toMatch(/^prod: secrets\/prod\.pem is the certificate of environment "dev"/);
    expect(store('prod')).toBeUndefined();
  });

  test('refuses a certificate no environment records, naming both fingerprints', () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const file = path.join(root, 'other.pem');
    fs.writeFileSync(file, other.export({ type: 'spki', format: 'pem' }).toString());
    writeValues('dev', JSON.stringify({ 'ns/name': { KEY: SECRET_VALUE } }));
    expect(refusal('dev', { SEALED_SECRETS_CERT_DEV: file })).toMatch(
      new RegExp(`has fingerprint sha256:[0-9a-f]{64}, but dev records sha256:${fingerprints.dev} `),
    );
    expect(store('dev')).toBeUndefined();
  });

  test('refuses the bare SEALED_SECRETS_CERT, which named one certificate for every environment', () => {
    writeValues('dev', JSON.stringify({ 'ns/name': { KEY: SECRET_VALUE } }));
    expect(refusal('dev', { SEALED_SECRETS_CERT: dev.certFile })).toBe(
      'SEALED_SECRETS_CERT is set, and it would name one certificate for every environment; unset it and name the environment instead: SEALED_SECRETS_CERT_DEV=<file>',
    );
  });

  test('an override names its environment: SEALED_SECRETS_CERT_DEV does not apply to prod', () => {
    writeValues('prod', JSON.stringify({ 'ns/name': { KEY: SECRET_VALUE } }));
    seal('prod', { SEALED_SECRETS_CERT_DEV: dev.certFile });
    const sealed = JSON.parse(store('prod')!)['ns/name'].KEY;
    expect(unseal(prod.keyPem, 'ns/name', sealed).toString()).toBe(SECRET_VALUE);
  });

  test('refuses environments that record the same fingerprint', () => {
    writeValues('dev', JSON.stringify({ 'ns/name': { KEY: SECRET_VALUE } }));
    expect(() =>
      sealEnvironment({
        root,
        env: 'dev',
        fingerprints: { dev: fingerprints.dev, prod: fingerprints.dev },
        variables: {},
      }),
    ).toThrow('dev: records the same sealingCertificateSha256 as prod; every environment needs its own sealing key');
  });

  test('the fingerprint is the SHA-256 of the public key, the same from the certificate and the key', () => {
    expect(certificateFingerprint(dev.certPem)).toBe(certificateFingerprint(dev.publicKeyPem));
    expect(certificateFingerprint(dev.certPem)).toMatch(/^[0-9a-f]{64}$/);
    expect(certificateFingerprint(dev.certPem)).not.toBe(certificateFingerprint(prod.certPem));
  });
});

describe('no plaintext in messages', () => {
  const cases: [string, string, RegExp][] = [
    [
      'malformed JSON',
      `{"ns/name": {"KEY": "${SECRET_VALUE}" "OTHER": "${SECRET_VALUE}"}}`,
      /^secrets\/plain\/dev\.json is not valid JSON \(line 1, column \d+; the text is not shown\)/,
    ],
    [
      'truncated JSON',
      `{"ns/name": {"KEY": "${SECRET_VALUE}`,
      /is not valid JSON \((it ends too early|line 1, column \d+); the text/,
    ],
    [
      'a number',
      '{"ns/name": {"PIN": 987654321}}',
      /"ns\/name" key "PIN": must be a string, got a number \(the value is not shown\)/,
    ],
    ['a list', `{"ns/name": {"KEY": ["${SECRET_VALUE}"]}}`, /"ns\/name" key "KEY": must be a string, got a list/],
    ['an object', `{"ns/name": {"KEY": {"v": "${SECRET_VALUE}"}}}`, /got an object/],
    ['a boolean', '{"ns/name": {"KEY": true}}', /got a boolean/],
    ['a top-level list', `["${SECRET_VALUE}"]`, /must be a JSON object .*, got a list/],
    [
      'a string for the Secret',
      `{"ns/name": "${SECRET_VALUE}"}`,
      /"ns\/name": must be an object of keys and string values, got a string/,
    ],
    ['an empty value', '{"ns/name": {"KEY": ""}}', /"ns\/name" key "KEY": is empty; give it a value/],
  ];
  test.each(cases)('%s: names the file and the key, never a value', (_, text, expected) => {
    writeValues('dev', text);
    const message = refusal('dev');
    expect(message).toMatch(expected);
    expect(message).not.toContain(SECRET_VALUE);
    expect(message).not.toContain('987654321');
    expect(message).not.toContain('true}');
    expect(store('dev')).toBeUndefined();
  });

  test('the values variable is named, and its text is not shown', () => {
    expect(refusal('dev', { K8S_COURSE_SECRETS_DEV: `{"ns/name": {"KEY": ${SECRET_VALUE}}}` })).toMatch(
      /^K8S_COURSE_SECRETS_DEV is not valid JSON \(an unexpected token; the text is not shown\)/,
    );
    expect(refusal('dev', { K8S_COURSE_SECRETS_DEV: `{"ns/name": {"KEY": ${SECRET_VALUE}}}` })).not.toContain(
      'hunter2',
    );
  });
});

describe('store keys', () => {
  const bad: [string, string][] = [
    ['oops', 'must be "<namespace>/<name>" with exactly one "/"'],
    ['ns/name/extra', 'must be "<namespace>/<name>" with exactly one "/"'],
    ['/name', 'its namespace "" must be a DNS-1123 label'],
    ['ns/', 'its name "" must be a DNS-1123 subdomain'],
    ['Course/name', 'its namespace "Course" must be a DNS-1123 label'],
    ['course.config/name', 'its namespace "course.config" must be a DNS-1123 label'],
    [`${'a'.repeat(64)}/name`, `its namespace "${'a'.repeat(64)}" must be a DNS-1123 label`],
    ['ns/App_Credentials', 'its name "App_Credentials" must be a DNS-1123 subdomain'],
    ['ns/-name', 'its name "-name" must be a DNS-1123 subdomain'],
  ];
  test.each(bad)('refuses "%s" before sealing anything, with the key and the fix', (key, problem) => {
    writeValues('dev', JSON.stringify({ 'ns/good': { KEY: SECRET_VALUE }, [key]: { KEY: SECRET_VALUE } }));
    const message = refusal('dev');
    expect(message).toContain(`  "${key}": ${problem}`);
    expect(message).toContain('fix: name the Secret as "<namespace>/<name>", e.g. "course-config/app-credentials"');
    expect(store('dev')).toBeUndefined();
    // the store stays usable: a good file seals
    writeValues('dev', JSON.stringify({ 'ns/good': { KEY: SECRET_VALUE } }));
    seal('dev');
    expect(Object.keys(JSON.parse(store('dev')!))).toEqual(['ns/good']);
  });

  test('accepts a namespace label and a dotted name', () => {
    expect(storeKeyProblem('course-config/app.credentials-1')).toBeUndefined();
  });

  test('refuses a data key a Secret cannot hold', () => {
    expect(() => parsePlaintextValues('{"ns/name": {"no/slash": "x"}}', 'f.json')).toThrow(
      '"ns/name" key "no/slash": must be letters, digits, "-", "_" and "." (a Secret data key)',
    );
  });
});

describe('where plaintext lives', () => {
  test('refuses the old secrets/<env>.values.json with the move to make', () => {
    fs.writeFileSync(path.join(root, 'secrets', 'dev.values.json'), JSON.stringify({ 'ns/name': { K: SECRET_VALUE } }));
    expect(refusal('dev')).toBe(
      'secrets/dev.values.json is where values used to go; move it: mkdir -p secrets/plain && mv secrets/dev.values.json secrets/plain/dev.json (git ignores secrets/plain/ whole)',
    );
  });

  test('says where to put values when there are none', () => {
    expect(refusal('dev')).toBe(
      'no secret values for dev: set K8S_COURSE_SECRETS_DEV or write secrets/plain/dev.json (git-ignored), as {"<namespace>/<name>": {"KEY": "value"}}',
    );
  });

  test('keeps keys sealed before and writes them in order', () => {
    writeValues('dev', JSON.stringify({ 'ns/b': { KEY: 'one' } }));
    seal('dev');
    writeValues('dev', JSON.stringify({ 'ns/a': { KEY: 'two' } }));
    seal('dev');
    expect(Object.keys(JSON.parse(store('dev')!))).toEqual(['ns/a', 'ns/b']);
    expect(fs.readdirSync(path.join(root, 'secrets')).sort()).toEqual([
      'dev.pem',
      'dev.sealed.json',
      'plain',
      'prod.pem',
    ]);
  });
});
