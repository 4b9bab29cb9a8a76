import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Config } from '@jest/types';
import { ROOT } from '../../lib/paths';
import { runOwner } from './local-cluster';

/** The versions whose local cluster this jest run started (space-separated; read by global-teardown.ts). */
const STARTED = 'E2E_STARTED_VERSIONS';

/** Stops the local clusters this run started (cluster/down.sh stops the sealed-secrets controller too). */
export function stopStartedClusters(): void {
  const started = (process.env[STARTED] ?? '').split(' ').filter((version) => version !== '');
  for (const version of started) {
    execFileSync('bash', [path.join(ROOT, 'cluster', 'down.sh'), '--version', version], { stdio: 'inherit' });
  }
  process.env[STARTED] = '';
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
 * Brings up the local cluster of this project's Kubernetes version (jest.config.js: globals.E2E_K8S_VERSION) with
 * everything dist/ needs (cluster/up.sh: control plane, simulated node, dev sealing key, sealed-secrets controller),
 * built on first run and then cached. The project `e2e`, which runs when KUBECONFIG points at a cluster of one's own,
 * starts nothing. The cluster's processes carry this run's mark, so that whatever ends the run (even SIGKILL), the
 * next cluster/up.sh stops them (cluster/reap.sh). A setup that fails stops every cluster this run started.
 */
export default function globalSetup(_globalConfig: Config.GlobalConfig, project: Config.ProjectConfig): void {
  const version = project.globals.E2E_K8S_VERSION as string | undefined;
  if (version === undefined || version === '') {
    return;
  }
  if (process.env[STARTED] === undefined) {
    stopOnSignals();
  }
  process.env[STARTED] = `${process.env[STARTED] ?? ''} ${version}`.trim();
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
