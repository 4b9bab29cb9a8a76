import { execFileSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../../lib/paths';
import { runOwner } from './local-cluster';

/**
 * The global setup and teardown of the e2e-<version> projects (jest.config.js). Jest runs a global setup file once
 * however many projects name it, so each version has its own two-line files in test/e2e/versions/, which call these.
 */

/** The versions whose local cluster this jest run started (space-separated, in the environment of jest's process). */
const STARTED = 'E2E_STARTED_VERSIONS';

function started(): string[] {
  return (process.env[STARTED] ?? '').split(' ').filter((version) => version !== '');
}

function stopCluster(version: string): void {
  execFileSync('bash', [path.join(ROOT, 'cluster', 'down.sh'), '--version', version], { stdio: 'inherit' });
  process.env[STARTED] = started()
    .filter((other) => other !== version)
    .join(' ');
}

/** Stops every local cluster this run started (cluster/down.sh stops the sealed-secrets controller too). */
export function stopStartedClusters(): void {
  for (const version of started()) {
    stopCluster(version);
  }
}

/** Ctrl-C or a cancelled CI job (SIGINT, SIGTERM) stops what the run started before jest exits. */
function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\ne2e: ${signal}: stopping the local clusters this run started`);
      stopStartedClusters();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Brings up the local cluster of `version` with everything dist/ needs (cluster/up.sh: control plane, simulated node,
 * dev sealing key, sealed-secrets controller), built on first run and then cached. Its processes carry this run's
 * mark, so that whatever ends the run (even SIGKILL), the next cluster/up.sh stops them (cluster/reap.sh). A setup
 * that fails stops every cluster this run started.
 */
export function setUpCluster(version: string): void {
  if (started().length === 0) {
    stopOnSignals();
  }
  process.env[STARTED] = [...started(), version].join(' ');
  try {
    execFileSync('bash', [path.join(ROOT, 'cluster', 'up.sh'), '--version', version], {
      stdio: 'inherit',
      env: { ...process.env, K8S_COURSE_RUN_OWNER: runOwner() },
    });
  } catch (error) {
    console.error(`e2e-${version}: the global setup failed; stopping the local clusters this run started`);
    stopStartedClusters();
    throw error;
  }
}

/**
 * Stops the local cluster of `version` if the setup started it (E2E_KEEP_CLUSTER=true keeps it for a look afterwards,
 * until `npm run cluster:down` or the next run's cluster/up.sh).
 */
export function tearDownCluster(version: string): void {
  if (started().includes(version) && process.env.E2E_KEEP_CLUSTER !== 'true') {
    stopCluster(version);
  }
}
