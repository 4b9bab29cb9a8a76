import { spawnSync } from 'child_process';
import * as path from 'path';
import { APPLYSET_PARENT_NAME, APPLYSET_PART_OF_LABEL, applySetId } from '../lib/gitops/applyset';
import { Labels, MANAGED_BY } from '../lib/constructs/labels';
import { DIST } from '../lib/paths';
import { chooseEnvironments } from '../lib/synthesize';
import { CommandLine } from '../lib/cli/args';
import { ChartFile, chartFiles } from './chart-files';
import { ENVIRONMENT_NAMES, runScript } from './cli';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const CLUSTER_SCOPED = 'persistentvolumes,storageclasses,clusterroles,clusterrolebindings';

function kubectl(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  quiet = false,
  input?: string,
): { status: number; stdout: string } {
  const stdin = input === undefined ? 'ignore' : 'pipe';
  const result = spawnSync(KUBECTL, [...args], {
    env,
    input,
    encoding: 'utf8',
    stdio: [stdin, 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.stdout && !quiet) {
    process.stdout.write(result.stdout);
  }
  return { status: result.status ?? 2, stdout: result.stdout ?? '' };
}

/** Applies one chart as its own ApplySet, pruning what the chart no longer holds. */
function applyChart({ file, namespace, namespaceYaml }: ChartFile): number {
  // The ApplySet's parent Secret lives in the namespace, so the namespace must exist first.
  const created = kubectl(
    ['apply', '--server-side', '--field-manager=k8s-course', '-f', '-'],
    process.env,
    true,
    namespaceYaml,
  );
  if (created.status !== 0) {
    return created.status;
  }
  const env = { ...process.env, KUBECTL_APPLYSET: 'true' };
  const args = [
    'apply',
    '--server-side',
    '--validate=strict',
    '--field-manager=k8s-course',
    `--applyset=secret/${APPLYSET_PARENT_NAME}`,
    '-n',
    namespace,
    '--prune',
    '-f',
    file,
  ];
  return kubectl(args, env).status;
}

/** Deletes the applications of `env` that the cluster has and dist/ no longer does: their namespace and cluster-scoped objects. */
function pruneRemovedApplications(env: string, kept: ReadonlySet<string>): number {
  const listed = kubectl(
    ['get', 'namespaces', '-l', `${Labels.MANAGED_BY}=${MANAGED_BY}`, '-o', 'json'],
    process.env,
    true,
  );
  if (listed.status !== 0) {
    return listed.status;
  }
  let status = 0;
  for (const namespace of JSON.parse(listed.stdout).items as {
    metadata: { name: string; labels: Record<string, string> };
  }[]) {
    const { name, labels } = namespace.metadata;
    if (labels[Labels.INSTANCE] !== `${labels[Labels.PART_OF]}-${env}` || kept.has(name)) {
      continue;
    }
    console.error(
      `apply ${env}: pruning application "${labels[Labels.PART_OF]}" (namespace ${name}), which dist/${env}/ no longer holds`,
    );
    status = Math.max(
      status,
      kubectl(['delete', CLUSTER_SCOPED, '-l', `${APPLYSET_PART_OF_LABEL}=${applySetId(name)}`]).status,
    );
    status = Math.max(status, kubectl(['delete', 'namespace', name, '--wait=true']).status);
  }
  return status;
}

/**
 * `npm run apply [-- --env <name>]...`: applies each chart of dist/<env>/ to the cluster of the current kubeconfig as a
 * kubectl ApplySet (server-side, `--prune`), so objects removed from the code are removed from the cluster, and deletes
 * the applications of that environment that were removed from the code. Exits non-zero when kubectl failed.
 */
function main({ envs }: CommandLine): number {
  const dist = process.env.K8S_COURSE_DIST ?? DIST;
  let status = 0;
  for (const env of chooseEnvironments(envs)) {
    const charts = chartFiles(path.join(dist, env.name));
    for (const chart of charts) {
      status = Math.max(status, applyChart(chart));
    }
    status = Math.max(status, pruneRemovedApplications(env.name, new Set(charts.map((chart) => chart.namespace))));
  }
  return status;
}

runScript({ command: 'npm run apply', environments: ENVIRONMENT_NAMES }, main);
