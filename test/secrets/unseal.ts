import * as crypto from 'crypto';

/** The inverse of sealValue (sealed-secrets' HybridDecrypt, pkg/crypto/crypto.go), for the tests: opens one value. */
export function unseal(privateKeyPem: string, label: string, sealedBase64: string): Buffer {
  const sealed = Buffer.from(sealedBase64, 'base64');
  const rsaLength = sealed.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt(
    {
      key: privateKeyPem,
      padding: crypto.constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label, 'utf8'),
    },
    sealed.subarray(2, 2 + rsaLength),
  );
  const aes = sealed.subarray(2 + rsaLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]);
}
