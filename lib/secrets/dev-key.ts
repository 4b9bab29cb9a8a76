import * as crypto from 'crypto';
import * as path from 'path';

/** The environment whose sealing key is committed (`secrets-tooling/dev-sealing-key.pem`): it protects nothing real. */
export const DEV_ENVIRONMENT = 'dev';

/**
 * Where the dev environment's private sealing key is committed, on purpose: the e2e suite gives it to the local
 * cluster's controller so that it can prove dist/dev's own SealedSecrets unseal. Whatever is sealed to dev is public.
 */
export function devSealingKeyPath(root: string): string {
  return path.join(root, 'secrets-tooling', 'dev-sealing-key.pem');
}

/**
 * Whether `privateKey` opens a value sealed for `label` ("namespace/name", strict scope): whether it decrypts the
 * value's RSA-OAEP session key. The value itself is never decrypted.
 */
export function opensWith(privateKey: crypto.KeyObject, label: string, sealedBase64: string): boolean {
  let known = OPENED.get(privateKey);
  if (known === undefined) {
    known = new Map();
    OPENED.set(privateKey, known);
  }
  const value = `${label}\0${sealedBase64}`;
  let opens = known.get(value);
  if (opens === undefined) {
    opens = decryptsSessionKey(privateKey, label, sealedBase64);
    known.set(value, opens);
  }
  return opens;
}

/**
 * What `opensWith` found, by key, then label and value. An RSA-OAEP decryption takes milliseconds, and a process
 * checks the same SealedSecrets again and again (the tests, `npm run plan`'s two syntheses): each is decrypted once.
 */
const OPENED = new WeakMap<crypto.KeyObject, Map<string, boolean>>();

function decryptsSessionKey(privateKey: crypto.KeyObject, label: string, sealedBase64: string): boolean {
  const sealed = Buffer.from(sealedBase64, 'base64');
  if (sealed.length < 2) {
    return false;
  }
  const rsaLength = sealed.readUInt16BE(0);
  if (sealed.length < 2 + rsaLength) {
    return false;
  }
  try {
    crypto.privateDecrypt(
      {
        key: privateKey,
        padding: crypto.constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(label, 'utf8'),
      },
      sealed.subarray(2, 2 + rsaLength),
    );
    return true;
  } catch {
    return false;
  }
}
