import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Gives the local cluster the sealing key of the `dev` environment, whose certificate is secrets/dev.pem, so the
 * controller can open the SealedSecrets of dist/dev/. That key is public on purpose: dev is this throwaway cluster.
 */
function installDevSealingKey(kubeconfig: string): void {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: {
      name: 'sealed-secrets-key-course-dev',
      namespace: 'kube-system',
      labels: { 'sealedsecrets.bitnami.com/sealed-secrets-key': 'active' },
    },
    data: {
      'tls.crt': fs.readFileSync(path.join(ROOT, 'secrets', 'dev.pem')).toString('base64'),
      'tls.key': fs.readFileSync(path.join(ROOT, 'secrets-tooling', 'dev-sealing-key.pem')).toString('base64'),
    },
  };
  execFileSync('kubectl', ['apply', '--server-side', '--field-manager=k8s-course-tests', '-f', '-'], {
    input: JSON.stringify(secret),
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
}

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
  installDevSealingKey(process.env.E2E_KUBECONFIG);
  // The SealedSecret CRD and its controller (built on first run), which dist/ needs; a cluster of one's own has its own.
  execFileSync('bash', [path.join(ROOT, 'secrets-tooling', 'controller.sh'), 'start'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: process.env.E2E_KUBECONFIG },
  });
}
