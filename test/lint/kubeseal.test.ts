import { SpawnSyncReturns, execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { sealedSecret } from '../../lib/secrets/seal';
import { ThrowawayKey, throwawayKey } from '../secrets/throwaway-key';
import { unseal } from '../secrets/unseal';

// The real kubeseal is built from its Go module on first use (minutes), so these tests run in the project of tests
// that build Go tools, not among the unit tests.

const ROOT = path.join(__dirname, '..', '..');

let dir: string;
let key: ThrowawayKey;
let kubeseal: string;

beforeAll(
  () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeseal-test-'));
    key = throwawayKey(dir);
    // The real kubeseal of the pinned release; build.sh builds it on first use and is a no-op afterwards.
    const build = execFileSync('bash', [path.join(ROOT, 'secrets-tooling', 'build.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const match = /^SEALED_SECRETS_DIR=(.+)$/m.exec(build);
    if (match === null) {
      throw new Error(`secrets-tooling/build.sh did not name its directory:\n${build}`);
    }
    kubeseal = path.join(match[1], 'kubeseal');
  },
  30 * 60 * 1000,
);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the real kubeseal of the pinned release', () => {
  /** Runs kubeseal offline (a kubeconfig path that does not exist, so nothing reaches a cluster). */
  function runKubeseal(args: readonly string[], input: string): SpawnSyncReturns<string> {
    const env = { ...process.env, KUBECONFIG: path.join(dir, 'no-kubeconfig') };
    return spawnSync(kubeseal, [...args], { input, encoding: 'utf8', env });
  }
  const unsealArgs = (): string[] => ['--recovery-unseal', '--recovery-private-key', key.keyFile, '-o', 'json'];

  test('kubeseal --recovery-unseal decrypts what seal.ts sealed', () => {
    const password = crypto.randomBytes(16).toString('base64url');
    const file = path.join(dir, 'sealed.yaml');
    const data = { DB_USER: 'course', DB_PASSWORD: password };
    fs.writeFileSync(file, stringify(sealedSecret(key.certPem, 'sealed-test', 'app-credentials', data)));
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
    const sealed = sealedSecret(key.certPem, 'sealed-test', 'other-name', { DB_USER: 'course' });
    const metadata = { name: 'app-credentials', namespace: 'sealed-test' };
    const moved = { ...sealed, metadata, spec: { ...sealed.spec, template: { ...sealed.spec.template, metadata } } };
    const result = runKubeseal(unsealArgs(), stringify(moved));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/no key could decrypt secret/);
  });

  test('what kubeseal --raw seals, the inverse of seal.ts decrypts (same format both ways)', () => {
    const args = ['--raw', '--cert', key.certFile, '--namespace', 'sealed-test', '--name', 'app-credentials'];
    const result = runKubeseal(args, 'from kubeseal');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(unseal(key.keyPem, 'sealed-test/app-credentials', result.stdout.trim()).toString()).toBe('from kubeseal');
  });
});
