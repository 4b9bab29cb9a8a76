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

describe('secret-type-keys', () => {
  function secret(type: string, data: Record<string, string>, annotations?: Record<string, string>): RenderedObject {
    return {
      path: 'shop/secret',
      manifest: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'shop', annotations },
        type,
        data,
      },
    };
  }

  function typeFindings(object: RenderedObject): string[] {
    return runChecks([object], TEST_ENV)
      .findings.filter((finding) => finding.rule === 'secret-type-keys')
      .map((finding) => finding.message);
  }

  it('refuses a Secret of a built-in type without the keys its type requires', () => {
    expect(typeFindings(secret('kubernetes.io/tls', { 'tls.crt': '' }))).toEqual([
      'the Secret is of type kubernetes.io/tls without tls.key, which the API server refuses',
    ]);
    expect(typeFindings(secret('kubernetes.io/dockerconfigjson', { config: '' }))).toEqual([
      'the Secret is of type kubernetes.io/dockerconfigjson without .dockerconfigjson, which the API server refuses',
    ]);
    expect(typeFindings(secret('kubernetes.io/basic-auth', { user: '' }))).toEqual([
      'the Secret is of type kubernetes.io/basic-auth without username or password, which the API server refuses',
    ]);
    expect(typeFindings(secret('kubernetes.io/service-account-token', {}))).toEqual([
      'the Secret is of type kubernetes.io/service-account-token without the annotation kubernetes.io/service-account.name, which the API server refuses',
    ]);
  });

  it('refuses a SealedSecret whose unsealed Secret would lack them', () => {
    const sealed = sealedSecret('dev', { 'tls.crt': DEV_CERT });
    (sealed.manifest.spec as { template: { type: string } }).template.type = 'kubernetes.io/tls';
    expect(typeFindings(sealed)).toEqual([
      'the Secret it unseals to is of type kubernetes.io/tls without tls.key, which the API server refuses when the controller creates it',
    ]);
  });

  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const dockerConfig = (type: string, data: Record<string, string>, stringData?: Record<string, string>) => {
    const object = secret(type, Object.fromEntries(Object.entries(data).map(([key, text]) => [key, base64(text)])));
    (object.manifest as { stringData?: Record<string, string> }).stringData = stringData;
    return object;
  };
  const JSON_KEY = '.dockerconfigjson';

  it('refuses a Docker config that is not a JSON object, of data or stringData, without showing it', () => {
    expect(typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: 'hunter2' }))).toEqual([
      'data[.dockerconfigjson] of the Secret is not a JSON object, which the API server refuses of a kubernetes.io/dockerconfigjson Secret (invalid JSON)',
    ]);
    expect(typeFindings(dockerConfig('kubernetes.io/dockercfg', {}, { '.dockercfg': '["registry"]' }))).toEqual([
      'stringData[.dockercfg] of the Secret is not a JSON object, which the API server refuses of a kubernetes.io/dockercfg Secret (an array)',
    ]);
    expect(typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: '{"n": 1e400}' }))).toEqual([
      'data[.dockerconfigjson] of the Secret is not a JSON object, which the API server refuses of a kubernetes.io/dockerconfigjson Secret (a number beyond a float64)',
    ]);
    for (const text of ['', '"auths"', '{} x', '\ufeff{}']) {
      expect(typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: text }))).toHaveLength(1);
    }
  });

  it('reads stringData over data, as the API server does', () => {
    expect(
      typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: '{}' }, { [JSON_KEY]: 'nope' })),
    ).toEqual([
      'stringData[.dockerconfigjson] of the Secret is not a JSON object, which the API server refuses of a kubernetes.io/dockerconfigjson Secret (invalid JSON)',
    ]);
    expect(
      typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: 'nope' }, { [JSON_KEY]: '{}' })),
    ).toEqual([]);
  });

  it('passes a Docker config of any JSON object, or null, which the API server reads as a map', () => {
    for (const text of ['{"auths":{"r.example.com":{"auth":"dTpw"}}}', '{}', ' {"auths": 1} \n', 'null']) {
      expect(typeFindings(dockerConfig('kubernetes.io/dockerconfigjson', { [JSON_KEY]: text }))).toEqual([]);
      expect(typeFindings(dockerConfig('kubernetes.io/dockercfg', { '.dockercfg': text }))).toEqual([]);
    }
  });

  it('passes the keys each type requires, one of basic-auth, and types of its own', () => {
    for (const object of [
      secret('kubernetes.io/tls', { 'tls.crt': '', 'tls.key': '' }),
      secret('kubernetes.io/basic-auth', { password: '' }),
      secret('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }),
      secret('kubernetes.io/service-account-token', {}, { 'kubernetes.io/service-account.name': 'web' }),
      secret('example.com/thing', { anything: '' }),
      secret('Opaque', {}),
    ]) {
      expect(typeFindings(object)).toEqual([]);
    }
  });
});
