import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { certificatePath } from '../../lib/secrets/sealed-store';
import { certificateFingerprint } from '../../lib/secrets/seal-environment';

const ROOT = path.join(__dirname, '..', '..');

describe('sealingCertificateSha256', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s records the fingerprint of its committed secrets/<env>.pem', (name) => {
    const pem = fs.readFileSync(certificatePath(ROOT, name), 'utf8');
    expect(ENVIRONMENTS[name].sealingCertificateSha256).toBe(certificateFingerprint(pem));
  });

  test('no two environments share a sealing key', () => {
    const fingerprints = Object.values(ENVIRONMENTS).map((env) => env.sealingCertificateSha256);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  test('the committed dev private key is the key of dev`s certificate, and of no other environment`s', () => {
    const key = fs.readFileSync(path.join(ROOT, 'secrets-tooling', 'dev-sealing-key.pem'), 'utf8');
    const publicPem = crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
    const owners = Object.keys(ENVIRONMENTS).filter(
      (name) => ENVIRONMENTS[name].sealingCertificateSha256 === certificateFingerprint(publicPem),
    );
    expect(owners).toEqual(['dev']);
  });

  test('an environment without a well-formed fingerprint is invalid', () => {
    expect(() => parseEnvironment('dev', { ...ENVIRONMENTS.dev, sealingCertificateSha256: 'ABC' })).toThrow(
      'sealingCertificateSha256: must be 64 lower-case hex digits (a SHA-256), got "ABC"',
    );
  });
});

describe('external.persistentVolumes', () => {
  test('takes the names of PersistentVolumes made outside the project', () => {
    const env = parseEnvironment('dev', { ...ENVIRONMENTS.dev, external: { persistentVolumes: ['nfs-share'] } });
    expect(env.external.persistentVolumes).toEqual(['nfs-share']);
  });

  test('refuses a name that is no PersistentVolume name', () => {
    expect(() =>
      parseEnvironment('dev', { ...ENVIRONMENTS.dev, external: { persistentVolumes: ['NFS_share'] } }),
    ).toThrow(/external\.persistentVolumes\.0: .*got "NFS_share"/);
  });
});
