import { SpawnSyncReturns, execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { sealValue, sealedSecret } from '../../lib/secrets/seal';
import { unseal } from './unseal';

const ROOT = path.join(__dirname, '..', '..');

let dir: string;
let certPem: string;
let keyPem: string;
let publicKeyPem: string;
let kubeseal: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-test-'));
  // A throw-away sealing key and self-signed certificate, as the controller makes (it uses 4096 bits; 2048 is quicker).
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=seal-test', '-days', '1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'pipe' });
  certPem = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  keyPem = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
  publicKeyPem = crypto.createPublicKey(keyPem).export({ type: 'spki', format: 'pem' }).toString();
  // The real kubeseal of the pinned release; build.sh builds it on first use (minutes) and is a no-op afterwards.
  const build = execFileSync('bash', [path.join(ROOT, 'secrets-tooling', 'build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = /^SEALED_SECRETS_DIR=(.+)$/m.exec(build);
  if (match === null) {
    throw new Error(`secrets-tooling/build.sh did not name its directory:\n${build}`);
  }
  kubeseal = path.join(match[1], 'kubeseal');
}, 30 * 60 * 1000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sealValue', () => {
  test('the private key and the label "<namespace>/<name>" give the plaintext back', () => {
    const plaintext = Buffer.from('s3cr3t, with unicode: ü€ and a newline\n', 'utf8');
    const sealed = sealValue(certPem, 'sealed-test', 'app-credentials', plaintext);
    expect(unseal(keyPem, 'sealed-test/app-credentials', sealed)).toEqual(plaintext);
  });

  test('binary and empty values round-trip', () => {
    const binary = crypto.randomBytes(3000);
    expect(unseal(keyPem, 'ns/name', sealValue(certPem, 'ns', 'name', binary))).toEqual(binary);
    expect(unseal(keyPem, 'ns/name', sealValue(certPem, 'ns', 'name', Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  test('has the hybrid layout: 2-byte length, RSA ciphertext, AES-GCM ciphertext and 16-byte tag', () => {
    const sealed = Buffer.from(sealValue(certPem, 'ns', 'name', Buffer.from('12345')), 'base64');
    expect(sealed.readUInt16BE(0)).toBe(256);
    expect(sealed.length).toBe(2 + 256 + 5 + 16);
  });

  test('uses a fresh session key every time', () => {
    const a = sealValue(certPem, 'ns', 'name', Buffer.from('same'));
    const b = sealValue(certPem, 'ns', 'name', Buffer.from('same'));
    expect(a).not.toBe(b);
  });

  test('binds the value to its namespace and name: another label does not decrypt it', () => {
    const sealed = sealValue(certPem, 'sealed-test', 'app-credentials', Buffer.from('value'));
    for (const label of ['sealed-test/other', 'other/app-credentials', 'sealed-test', '']) {
      expect(() => unseal(keyPem, label, sealed)).toThrow();
    }
  });

  test('another key does not decrypt it', () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const sealed = sealValue(certPem, 'ns', 'name', Buffer.from('value'));
    expect(() => unseal(other.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ns/name', sealed)).toThrow();
  });

  test('accepts a public key PEM as well as a certificate', () => {
    const sealed = sealValue(publicKeyPem, 'ns', 'name', Buffer.from('from a public key'));
    expect(unseal(keyPem, 'ns/name', sealed).toString()).toBe('from a public key');
  });

  test('rejects a key that is not RSA, text that is not PEM, and an empty namespace or name', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const ecPem = ec.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => sealValue(ecPem, 'ns', 'name', Buffer.from('x'))).toThrow(/must be RSA, got ec/);
    expect(() => sealValue('not a key', 'ns', 'name', Buffer.from('x'))).toThrow(/not a PEM certificate or public key/);
    expect(() => sealValue(certPem, '', 'name', Buffer.from('x'))).toThrow(/strict scope needs a namespace and a name/);
    expect(() => sealValue(certPem, 'ns', '', Buffer.from('x'))).toThrow(/needs a namespace and a name/);
  });
});

describe('sealedSecret', () => {
  test('is a bitnami.com/v1alpha1 SealedSecret whose template names the Secret', () => {
    const manifest = sealedSecret(certPem, 'sealed-test', 'app-credentials', { DB_USER: 'course', DB_PASSWORD: 'pw' });
    expect(manifest).toEqual({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'app-credentials', namespace: 'sealed-test' },
      spec: {
        encryptedData: { DB_PASSWORD: expect.any(String), DB_USER: expect.any(String) },
        template: { metadata: { name: 'app-credentials', namespace: 'sealed-test' }, type: 'Opaque' },
      },
    });
    const { encryptedData } = manifest.spec;
    expect(unseal(keyPem, 'sealed-test/app-credentials', encryptedData.DB_USER).toString()).toBe('course');
    expect(unseal(keyPem, 'sealed-test/app-credentials', encryptedData.DB_PASSWORD).toString()).toBe('pw');
  });

  test('takes the Secret type, and refuses a key that a Secret cannot hold', () => {
    const tls = sealedSecret(certPem, 'ns', 'tls', { 'tls.crt': 'a', 'tls.key': 'b' }, 'kubernetes.io/tls');
    expect(tls.spec.template.type).toBe('kubernetes.io/tls');
    expect(() => sealedSecret(certPem, 'ns', 'name', { 'no/slash': 'x' })).toThrow(/Secret data key "no\/slash"/);
  });

  test('holds no plaintext', () => {
    const password = crypto.randomBytes(12).toString('hex');
    const manifest = sealedSecret(certPem, 'ns', 'name', { DB_PASSWORD: password });
    const text = JSON.stringify(manifest);
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(password).toString('base64'));
  });
});

describe('the real kubeseal of the pinned release', () => {
  /** Runs kubeseal offline (a kubeconfig path that does not exist, so nothing reaches a cluster). */
  function runKubeseal(args: readonly string[], input: string): SpawnSyncReturns<string> {
    const env = { ...process.env, KUBECONFIG: path.join(dir, 'no-kubeconfig') };
    return spawnSync(kubeseal, [...args], { input, encoding: 'utf8', env });
  }
  const unsealArgs = (): string[] => [
    '--recovery-unseal', '--recovery-private-key', path.join(dir, 'key.pem'), '-o', 'json',
  ];

  test('kubeseal --recovery-unseal decrypts what seal.ts sealed', () => {
    const password = crypto.randomBytes(16).toString('base64url');
    const file = path.join(dir, 'sealed.yaml');
    const data = { DB_USER: 'course', DB_PASSWORD: password };
    fs.writeFileSync(file, stringify(sealedSecret(certPem, 'sealed-test', 'app-credentials', data)));
    const result = runKubeseal(unsealArgs(), fs.readFileSync(file, 'utf8'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const secret = JSON.parse(result.stdout);
    expect(secret.kind).toBe('Secret');
    expect(secret.metadata).toMatchObject({ name: 'app-credentials', namespace: 'sealed-test' });
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data.DB_USER, 'base64').toString()).toBe('course');
    expect(Buffer.from(secret.data.DB_PASSWORD, 'base64').toString()).toBe(password);
  });

  test('kubeseal --recovery-unseal refuses a value sealed for another name', () => {
    const sealed = sealedSecret(certPem, 'sealed-test', 'other-name', { DB_USER: 'course' });
    const metadata = { name: 'app-credentials', namespace: 'sealed-test' };
    const moved = { ...sealed, metadata, spec: { ...sealed.spec, template: { ...sealed.spec.template, metadata } } };
    const result = runKubeseal(unsealArgs(), stringify(moved));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/no key could decrypt secret/);
  });

  test('what kubeseal --raw seals, the inverse of seal.ts decrypts (same format both ways)', () => {
    const args = ['--raw', '--cert', path.join(dir, 'cert.pem'), '--namespace', 'sealed-test', '--name', 'app-credentials'];
    const result = runKubeseal(args, 'from kubeseal');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(unseal(keyPem, 'sealed-test/app-credentials', result.stdout.trim()).toString()).toBe('from kubeseal');
  });
});
