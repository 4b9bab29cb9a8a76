import * as crypto from 'crypto';

/*
 * Sealing as sealed-secrets does it, for the default "strict" scope, in plain Node crypto.
 * Format (github.com/bitnami-labs/sealed-secrets pkg/crypto/crypto.go, HybridEncrypt):
 *   uint16 big-endian length of the RSA ciphertext || RSA ciphertext || AES-GCM ciphertext || GCM tag
 * where the RSA part is RSA-OAEP (SHA-256, label "<namespace>/<name>") of a random 32-byte session key, and the
 * AES part is AES-256-GCM of the value under that key with an all-zero 12-byte nonce (the key is used only once).
 * The label is pkg/apis/sealedsecrets/v1alpha1 EncryptionLabel for StrictScope.
 */

/** Bytes of the random AES-256 session key (sessionKeyBytes in crypto.go). */
const SESSION_KEY_BYTES = 32;
/** The standard GCM nonce size, which Go's cipher.NewGCM uses. */
const GCM_NONCE_BYTES = 12;
/** What a Secret data key may be (k8s.io/apimachinery IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** A SealedSecret manifest (bitnami.com/v1alpha1) as kubeseal writes it for the strict scope. */
export interface SealedSecretManifest {
  readonly apiVersion: 'bitnami.com/v1alpha1';
  readonly kind: 'SealedSecret';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly encryptedData: Record<string, string>;
    readonly template: {
      readonly metadata: { readonly name: string; readonly namespace: string };
      readonly type: string;
    };
  };
}

/** The RSA public key of a sealing certificate (or of a public key PEM); fails on anything else. */
export function sealingKey(certPem: string): crypto.KeyObject {
  let key: crypto.KeyObject;
  try {
    key = certPem.includes('-----BEGIN CERTIFICATE-----')
      ? new crypto.X509Certificate(certPem).publicKey
      : crypto.createPublicKey(certPem);
  } catch (err) {
    throw new Error(`not a PEM certificate or public key: ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`the sealing key must be RSA, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  return key;
}

/** The OAEP label that binds a strict-scope value to its Secret: "<namespace>/<name>". */
export function strictLabel(namespace: string, name: string): Buffer {
  if (namespace === '' || name === '') {
    throw new Error(`strict scope needs a namespace and a name, got "${namespace}/${name}"`);
  }
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/** Seals one value for Secret namespace/name (strict scope); returns it base64-encoded, as encryptedData holds it. */
export function sealValue(certPem: string, namespace: string, name: string, plaintext: Buffer): string {
  const key = sealingKey(certPem);
  const label = strictLabel(namespace, name);
  const sessionKey = crypto.randomBytes(SESSION_KEY_BYTES);
  const rsaCiphertext = crypto.publicEncrypt(
    { key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  );
  if (rsaCiphertext.length > 0xffff) {
    throw new Error(`RSA ciphertext of ${rsaCiphertext.length} bytes does not fit the 2-byte length prefix`);
  }
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES));
  const aesCiphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsaCiphertext.length);
  return Buffer.concat([length, rsaCiphertext, aesCiphertext]).toString('base64');
}

/** A SealedSecret for Secret namespace/name (strict scope) holding `data` (UTF-8 values), sealed with certPem. */
export function sealedSecret(
  certPem: string,
  namespace: string,
  name: string,
  data: Record<string, string>,
  type = 'Opaque',
): SealedSecretManifest {
  const encryptedData: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) {
    if (!SECRET_KEY.test(key)) {
      throw new Error(`Secret data key "${key}" must consist of alphanumerics, "-", "_" or "."`);
    }
    encryptedData[key] = sealValue(certPem, namespace, name, Buffer.from(data[key], 'utf8'));
  }
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name, namespace },
    spec: { encryptedData, template: { metadata: { name, namespace }, type } },
  };
}
