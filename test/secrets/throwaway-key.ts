import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A sealing key pair as the tests use it: PEM texts and the files that hold them. */
export interface ThrowawayKey {
  readonly certPem: string;
  readonly keyPem: string;
  readonly publicKeyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A throw-away sealing key and self-signed certificate in `dir`, as the sealed-secrets controller makes them (it uses
 * 4096 bits; 2048 is quicker).
 */
export function throwawayKey(dir: string): ThrowawayKey {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=seal-test',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  const keyPem = fs.readFileSync(keyFile, 'utf8');
  return {
    certPem: fs.readFileSync(certFile, 'utf8'),
    keyPem,
    publicKeyPem: crypto.createPublicKey(keyPem).export({ type: 'spki', format: 'pem' }).toString(),
    certFile,
    keyFile,
  };
}
