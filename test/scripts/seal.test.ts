import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundleArgs, cachedBundle } from '../script-bundle';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `npm run seal` (scripts/seal.ts), with only the given variables added. */
function seal(args: readonly string[], variables: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...variables };
  delete env.SEALED_SECRETS_CERT;
  for (const name of Object.keys(env).filter((key) => key.startsWith('K8S_COURSE_SECRETS_'))) {
    delete env[name];
  }
  // Bundled, as the other tests run the scripts (the command is the script's, not tsx's); Node's start reads no CA file.
  delete env.NODE_EXTRA_CA_CERTS;
  const result = spawnSync(process.execPath, bundleArgs(cachedBundle(ROOT, 'scripts/seal.ts'), ...args), {
    cwd: ROOT,
    env: { ...env, ...variables },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm run seal', () => {
  it('refuses dev`s committed certificate for prod, before reading any value, and leaves prod`s store as it was', () => {
    const store = path.join(ROOT, 'secrets', 'prod.sealed.json');
    const before = fs.readFileSync(store, 'utf8');
    const result = seal(['--env', 'prod'], { SEALED_SECRETS_CERT_PROD: path.join(ROOT, 'secrets', 'dev.pem') });
    expect(result.stderr.trim()).toBe(
      `npm run seal failed: prod: SEALED_SECRETS_CERT_PROD=${path.join(ROOT, 'secrets', 'dev.pem')} is the certificate of environment "dev", not of "prod"; nothing was sealed`,
    );
    expect(result.status).toBe(1);
    expect(fs.readFileSync(store, 'utf8')).toBe(before);
  });

  it('refuses the bare SEALED_SECRETS_CERT that controller.sh writes to', () => {
    const result = seal(['--env', 'dev', '--env', 'prod'], {
      SEALED_SECRETS_CERT: path.join(ROOT, 'secrets', 'dev.pem'),
    });
    expect(result.stderr).toContain('npm run seal failed: SEALED_SECRETS_CERT is set');
    expect(result.status).toBe(1);
  });
});
