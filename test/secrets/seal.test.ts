import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sealValue, sealedSecret } from '../../lib/secrets/seal';
import { throwawayKey } from './throwaway-key';
import { unseal } from './unseal';

let dir: string;
let certPem: string;
let keyPem: string;
let publicKeyPem: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-test-'));
  ({ certPem, keyPem, publicKeyPem } = throwawayKey(dir));
});

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
