import * as fs from 'fs';
import * as path from 'path';
import { runChecks } from '../../lib/checks/run-checks';
import { environmentOf } from '../../lib/checks/secret-rules';
import { sealValue } from '../../lib/secrets/seal';
import { RenderedObject } from '../../lib/writer/render';
import { TEST_ENV } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');
const DEV_CERT = fs.readFileSync(path.join(ROOT, 'secrets', 'dev.pem'), 'utf8');
const PROD_CERT = fs.readFileSync(path.join(ROOT, 'secrets', 'prod.pem'), 'utf8');

function sealedSecret(env: string, certs: Record<string, string>): RenderedObject {
  const encryptedData = Object.fromEntries(
    Object.entries(certs).map(([key, cert]) => [key, sealValue(cert, 'course-config', 'creds', Buffer.from('v'))]),
  );
  return {
    path: `config/creds`,
    manifest: {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: {
        name: 'creds',
        namespace: 'course-config',
        labels: { 'app.kubernetes.io/instance': `config-${env}`, 'app.kubernetes.io/managed-by': 'cdk8s' },
      },
      spec: { encryptedData, template: { metadata: { name: 'creds', namespace: 'course-config' }, type: 'Opaque' } },
    },
  };
}

function devKeyFindings(object: RenderedObject): { message: string; fix: string }[] {
  return runChecks([object], TEST_ENV)
    .findings.filter((finding) => finding.rule === 'sealed-to-dev-key')
    .map(({ message, fix }) => ({ message, fix }));
}

describe('sealed-to-dev-key', () => {
  it('fires on a prod SealedSecret sealed to dev`s certificate, naming the keys and the fix', () => {
    expect(devKeyFindings(sealedSecret('prod', { PASSWORD: DEV_CERT, USER: PROD_CERT, TOKEN: DEV_CERT }))).toEqual([
      {
        message:
          '"PASSWORD", "TOKEN" of prod open with the committed dev private key (secrets-tooling/dev-sealing-key.pem), so they were sealed to dev\'s certificate and are public',
        fix: "treat the values as leaked: change them, then seal with prod's own certificate (npm run seal -- --env prod)",
      },
    ]);
  });

  it('passes a prod SealedSecret sealed to prod`s certificate', () => {
    expect(devKeyFindings(sealedSecret('prod', { PASSWORD: PROD_CERT }))).toEqual([]);
  });

  it('passes a dev SealedSecret sealed to dev`s certificate: dev`s values protect nothing real', () => {
    expect(devKeyFindings(sealedSecret('dev', { PASSWORD: DEV_CERT }))).toEqual([]);
  });

  it('fires when the environment is not known, unless it is dev', () => {
    expect(devKeyFindings(sealedSecret('staging', { PASSWORD: DEV_CERT }))).toEqual([
      {
        message:
          '"PASSWORD" of an environment other than dev opens with the committed dev private key (secrets-tooling/dev-sealing-key.pem), so it was sealed to dev\'s certificate and is public',
        fix: "treat the value as leaked: change it, then seal with an environment other than dev's own certificate (npm run seal -- --env <env>)",
      },
    ]);
  });

  it('passes values that are not sealed values at all', () => {
    const object = sealedSecret('prod', {});
    (object.manifest as unknown as { spec: { encryptedData: Record<string, string> } }).spec.encryptedData = {
      A: 'AgBsealed==',
    };
    expect(devKeyFindings(object)).toEqual([]);
  });
});

describe('environmentOf', () => {
  it('reads the environment from the instance label, the longest name that ends it', () => {
    expect(environmentOf({ 'app.kubernetes.io/instance': 'config-prod' }, ['dev', 'prod'])).toBe('prod');
    expect(environmentOf({ 'app.kubernetes.io/instance': 'a-dev-prod' }, ['dev', 'prod'])).toBe('prod');
    expect(environmentOf({ 'app.kubernetes.io/instance': 'web-pre-dev' }, ['dev', 'pre-dev'])).toBe('pre-dev');
    expect(environmentOf({ 'app.kubernetes.io/instance': 'webdev' }, ['dev'])).toBeUndefined();
    expect(environmentOf({}, ['dev'])).toBeUndefined();
  });
});
