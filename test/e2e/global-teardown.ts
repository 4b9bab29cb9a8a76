import { execFileSync } from 'child_process';
import * as path from 'path';

/** Stops the control plane if the setup started it; a cluster of the user's own is left alone. */
export default function globalTeardown(): void {
  if (process.env.E2E_STARTED_CLUSTER === 'true' && process.env.E2E_KEEP_CLUSTER !== 'true') {
    execFileSync('bash', [path.join(__dirname, '..', '..', 'secrets-tooling', 'controller.sh'), 'stop'], {
      stdio: 'inherit',
    });
    execFileSync('bash', [path.join(__dirname, '..', '..', 'cluster', 'down.sh')], { stdio: 'inherit' });
  }
}
