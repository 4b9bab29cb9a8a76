import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Brings up the local control plane and the sealed-secrets controller (built on first run, then cached) unless the
 * user points KUBECONFIG at a cluster of their own (which must run sealed-secrets), and tells the tests which
 * kubeconfig to use.
 */
export default function globalSetup(): void {
  if (process.env.KUBECONFIG !== undefined && process.env.KUBECONFIG !== '') {
    process.env.E2E_KUBECONFIG = process.env.KUBECONFIG;
    return;
  }
  execFileSync('bash', [path.join(ROOT, 'cluster', 'up.sh')], { stdio: 'inherit' });
  process.env.E2E_KUBECONFIG = path.join(process.env.K8S_COURSE_STATE ?? path.join(ROOT, '.cluster'), 'kubeconfig');
  process.env.E2E_STARTED_CLUSTER = 'true';
  // The SealedSecret CRD and its controller (built on first run), which dist/ needs; a cluster of one's own has its own.
  execFileSync('bash', [path.join(ROOT, 'secrets-tooling', 'controller.sh'), 'start'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: process.env.E2E_KUBECONFIG },
  });
}
