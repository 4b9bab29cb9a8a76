import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { sealedSecret } from '../../lib/secrets/seal';
import { KUBECONFIG, KUBECTL, ROOT, VERSION, applyStrict, getJson, kubectl, kubectlResult, waitFor } from './kubectl';

jest.setTimeout(180_000);

const CONTROLLER = path.join(ROOT, 'secrets-tooling', 'controller.sh');
const NAMESPACE = 'sealed-test';
const NAME = 'app-credentials';
const KEY_LABEL = 'sealedsecrets.bitnami.com/sealed-secrets-key';

let dir: string;
let certPem: string;
let startedController = false;

/** Runs secrets-tooling/controller.sh against the test cluster; its progress lines go to the test output. */
function controller(command: 'start' | 'stop' | 'status'): number {
  const result = spawnSync('bash', [CONTROLLER, command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      KUBECONFIG,
      KUBECTL,
      // The local cluster's controller has the state dir and ports of its version (cluster/env.sh).
      ...(VERSION === undefined ? {} : { K8S_COURSE_K8S_VERSION: VERSION }),
      SEALED_SECRETS_CERT: path.join(dir, 'cert.pem'),
    },
  });
  if (command !== 'status' && result.status !== 0) {
    throw new Error(`secrets-tooling/controller.sh ${command} exited ${result.status ?? result.signal}`);
  }
  return result.status ?? -1;
}

function writeManifest(file: string, manifest: object): string {
  const target = path.join(dir, file);
  fs.writeFileSync(target, stringify(manifest));
  return target;
}

function secretExists(name: string): boolean {
  return kubectlResult(['get', 'secret', name, '-n', NAMESPACE]).status === 0;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function syncedCondition(name: string): any {
  const result = kubectlResult(['get', 'sealedsecret', name, '-n', NAMESPACE, '-o', 'json']);
  if (result.status !== 0) {
    return undefined;
  }
  const conditions = JSON.parse(result.stdout).status?.conditions ?? [];
  return conditions.find((condition: { type: string }) => condition.type === 'Synced');
}

beforeAll(
  () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-sealed-secrets-'));
    // Builds the controller on first use (several minutes), then starts it and waits for its key. A controller that
    // already runs (someone else's) is used and left running.
    startedController = controller('status') !== 0;
    controller('start');
    certPem = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    kubectlResult(['delete', 'namespace', NAMESPACE, '--wait=true', '--timeout=60s']);
    kubectl(['create', 'namespace', NAMESPACE]);
  },
  30 * 60 * 1000,
);

afterAll(() => {
  try {
    kubectlResult(['delete', 'namespace', NAMESPACE, '--wait=false']);
  } finally {
    if (startedController) {
      controller('stop');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('sealed-secrets: sealed in TypeScript, unsealed by the real controller', () => {
  it('serves the certificate of its key Secret, a 4096-bit RSA key', () => {
    const keys = getJson(['secrets', '-n', 'kube-system', '-l', `${KEY_LABEL}=active`]).items;
    const certs = keys.map((key: { data: Record<string, string> }) => Buffer.from(key.data['tls.crt'], 'base64'));
    expect(certs.map((cert: Buffer) => cert.toString().trim())).toContain(certPem.trim());
    const cert = new crypto.X509Certificate(certPem);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it('creates the Secret with the original values from a SealedSecret applied with strict validation', async () => {
    const password = crypto.randomBytes(18).toString('base64url');
    const data = { DB_USER: 'course', DB_PASSWORD: password };
    const file = writeManifest('sealed.yaml', sealedSecret(certPem, NAMESPACE, NAME, data));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(password).toString('base64'));

    const result = applyStrict(file);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    await waitFor(`Secret ${NAMESPACE}/${NAME}`, () => secretExists(NAME), 60);
    const secret = getJson(['secret', NAME, '-n', NAMESPACE]);
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.data).sort()).toEqual(['DB_PASSWORD', 'DB_USER']);
    expect(Buffer.from(secret.data.DB_USER, 'base64').toString()).toBe('course');
    expect(Buffer.from(secret.data.DB_PASSWORD, 'base64').toString()).toBe(password);
    expect(secret.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        name: NAME,
        controller: true,
      }),
    ]);
    await waitFor('SealedSecret status Synced=True', () => syncedCondition(NAME)?.status === 'True', 30);
  });

  it('refuses a value sealed for another Secret name: no Secret, Synced=False', async () => {
    const sealed = sealedSecret(certPem, NAMESPACE, NAME, { DB_USER: 'course' });
    const metadata = { name: 'moved-credentials', namespace: NAMESPACE };
    const moved = { ...sealed, metadata, spec: { ...sealed.spec, template: { ...sealed.spec.template, metadata } } };
    const result = applyStrict(writeManifest('moved.yaml', moved));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const synced = (): boolean => syncedCondition('moved-credentials')?.status === 'False';
    await waitFor('SealedSecret moved-credentials status Synced=False', synced, 60);
    expect(syncedCondition('moved-credentials').message).toMatch(/no key could decrypt secret/);
    expect(secretExists('moved-credentials')).toBe(false);
  });
});
