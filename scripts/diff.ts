import { spawnSync } from 'child_process';
import * as path from 'path';
import { DIST } from '../lib/paths';
import { chooseEnvironments } from '../lib/synthesize';
import { CommandLine } from '../lib/cli/args';
import { ChartFile, chartFiles } from './chart-files';
import { ENVIRONMENT_NAMES, runScript } from './cli';
import { changedWhileDiffing } from './diff-race';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** How many times a chart is diffed when objects keep changing on the server meanwhile, as kubectl's own lock tries. */
const DIFF_ATTEMPTS = 4;

function run(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(KUBECTL, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? 2, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** 0 when applying the chart would change nothing, 1 when it would, 2 when the diff failed. */
function diffChart(chart: ChartFile): number {
  // A server-side dry run cannot place objects in a namespace that does not exist yet: report the whole chart as new.
  if (run(['get', 'namespace', chart.namespace, '-o', 'name']).status !== 0) {
    process.stdout.write(
      `+ ${chart.file}: namespace ${chart.namespace} and every object of the chart would be created\n`,
    );
    return 1;
  }
  const diff = (): ReturnType<typeof run> =>
    run(['diff', '--server-side', '--field-manager=k8s-course', '-f', chart.file]);
  // A write by a controller between kubectl's read and its dry run is not a change the manifest makes: diff again.
  let result = diff();
  for (
    let attempt = 1;
    attempt < DIFF_ATTEMPTS && result.status === 1 && changedWhileDiffing(result.stdout);
    attempt++
  ) {
    result = diff();
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status === 1 && changedWhileDiffing(result.stdout)) {
    process.stderr.write(
      `${chart.file}: objects kept changing on the server in ${DIFF_ATTEMPTS} diffs; a diff above whose ` +
        'resourceVersion changed shows writes of the cluster, not only what applying would change\n',
    );
  }
  return result.status;
}

/**
 * `npm run diff [-- --env <name>]...`: what `kubectl apply --server-side -f dist/<env>/` would change on the cluster of
 * the current kubeconfig. Exits 0 when nothing would change, 1 when something would, 2 when the diff itself failed.
 */
function main({ envs }: CommandLine): number {
  const dist = process.env.K8S_COURSE_DIST ?? DIST;
  let status = 0;
  for (const env of chooseEnvironments(envs)) {
    const dir = path.join(dist, env.name);
    const statuses = chartFiles(dir).map(diffChart);
    const worst = Math.max(0, ...statuses);
    if (worst === 0) {
      console.error(`diff ${env.name}: the cluster matches ${dir}`);
    } else if (worst === 1) {
      console.error(`diff ${env.name}: applying ${dir} would change the objects above`);
    } else {
      console.error(`diff ${env.name}: kubectl diff failed (exit ${worst}); see its message above`);
    }
    status = Math.max(status, worst > 1 ? 2 : worst);
  }
  return status;
}

runScript({ command: 'npm run diff', environments: ENVIRONMENT_NAMES }, main);
