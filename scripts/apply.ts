import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { APPLYSET_PARENT_NAME, APPLYSET_PART_OF_LABEL, applySetId } from '../lib/gitops/applyset';
import { KUSTOMIZATION_FILE, kustomizationResources } from '../lib/gitops/kustomization';
import { KINDS, qualifiedResource } from '../lib/kinds/kinds';
import { Labels } from '../lib/constructs/labels';
import { DIST } from '../lib/paths';
import { chooseEnvironments } from '../lib/synthesize';
import { CommandLine } from '../lib/cli/args';
import { ChartFile, chartFiles } from './chart-files';
import { ENVIRONMENT_NAMES, runScript } from './cli';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * The label by which `npm run apply -- --env <env>` marks the namespaces it applied for `<env>` (value: the
 * environment), and the only one by which it prunes: `app.kubernetes.io/managed-by: cdk8s` and `instance` are
 * shared with every cdk8s project, so they prove nothing. The key is in this project's own domain.
 */
const OWNER_LABEL = 'k8s-course.io/applied-by';

/** The field manager that writes OWNER_LABEL, apart from the chart's, so that applying the chart leaves it. */
const OWNER_FIELD_MANAGER = 'k8s-course-owner';

/** How long `npm run apply` waits for each CustomResourceDefinition to be established, unless told otherwise. */
const DEFAULT_CRD_TIMEOUT = '60s';

/**
 * Runs kubectl; its stdout is returned (and printed unless `quiet`), its stderr goes to ours unless `captureStderr`,
 * which returns it instead.
 */
function kubectl(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  quiet = false,
  input?: string,
  captureStderr = false,
): { status: number; stdout: string; stderr: string } {
  const stdin = input === undefined ? 'ignore' : 'pipe';
  const result = spawnSync(KUBECTL, [...args], {
    env,
    input,
    encoding: 'utf8',
    stdio: [stdin, 'pipe', captureStderr ? 'pipe' : 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.stdout && !quiet) {
    process.stdout.write(result.stdout);
  }
  return { status: result.status ?? 2, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Marks a namespace as applied by this project for `env`: OWNER_LABEL, written by its own field manager, and nothing
 * else. Only namespaces that dist/<env>/ lists get it, and only they can be pruned later.
 */
function markOwned(namespace: string, env: string): number {
  const mark = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [OWNER_LABEL]: env } } };
  return kubectl(
    ['apply', '--server-side', `--field-manager=${OWNER_FIELD_MANAGER}`, '-f', '-'],
    process.env,
    true,
    JSON.stringify(mark),
  ).status;
}

/** A definition's conditions that do not hold, e.g. `NamesAccepted=False (KindConflict: "Gadget" is already in use)`. */
function failedConditions(name: string): string {
  const got = kubectl(['get', `crd/${name}`, '-o', 'json'], process.env, true, undefined, true);
  if (got.status !== 0) {
    return got.stderr.trim();
  }
  const conditions = (JSON.parse(got.stdout).status?.conditions ?? []) as {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }[];
  const failed = conditions.filter((condition) => condition.status !== 'True');
  return failed.length === 0
    ? 'no condition failed yet'
    : failed
        .map((condition) => `${condition.type}=${condition.status} (${condition.reason}: ${condition.message})`)
        .join(', ');
}

/**
 * Applies the CustomResourceDefinitions of a chart on their own and waits until the server serves each: kubectl maps
 * every object of a file to its API before it sends any, so one apply of a chart that makes a definition and objects of
 * its kind would refuse those objects. They are applied as the chart's ApplySet apply that follows writes them (its
 * field manager, its ApplySet label), so that apply takes them over unchanged, lists them and prunes them.
 */
function applyDefinitions({ file, namespace, definitions }: ChartFile, envName: string, timeout: string): number {
  const labelled = definitions.map((definition) => {
    const metadata = definition.metadata as { name: string; labels?: Record<string, string> };
    const labels = { ...metadata.labels, [APPLYSET_PART_OF_LABEL]: applySetId(namespace) };
    return JSON.stringify({ ...definition, metadata: { ...metadata, labels } });
  });
  const applied = kubectl(
    ['apply', '--server-side', '--validate=strict', '--field-manager=k8s-course', '-f', '-'],
    process.env,
    true,
    labelled.join('\n---\n'),
  );
  if (applied.status !== 0) {
    return applied.status;
  }
  for (const definition of definitions) {
    const name = (definition.metadata as { name: string }).name;
    const waited = kubectl(
      ['wait', '--for=condition=Established', `crd/${name}`, `--timeout=${timeout}`],
      process.env,
      true,
      undefined,
      true,
    );
    if (waited.status !== 0) {
      console.error(
        `apply ${envName}: CustomResourceDefinition ${name} of ${file} is not established after ${timeout} ` +
          `(kubectl wait: ${waited.stderr.trim()}); its conditions: ${failedConditions(name)}. ` +
          `The chart's other objects were not applied: fix what the conditions say (a definition's kind, plural, ` +
          `singular and short names must be its own in its group) and run npm run apply again, or wait longer ` +
          `with --crd-timeout.`,
      );
      return waited.status;
    }
  }
  return 0;
}

/**
 * Applies one chart as its own ApplySet, pruning what the chart no longer holds; its CustomResourceDefinitions first,
 * when it makes any.
 */
function applyChart(chart: ChartFile, envName: string, crdTimeout: string): number {
  const { file, namespace, namespaceYaml } = chart;
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
  const marked = markOwned(namespace, envName);
  if (marked !== 0) {
    return marked;
  }
  if (chart.definitions.length > 0) {
    const established = applyDefinitions(chart, envName, crdTimeout);
    if (established !== 0) {
      return established;
    }
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

/**
 * Every cluster-scoped kind lib/kinds describes that the cluster serves, as `resource.group` (kubectl refuses the whole
 * command for one type the cluster does not serve, such as a custom resource whose CRD is not installed). Namespaces
 * aside: an application's namespace goes last, on its own.
 */
function clusterScopedResources(): { status: number; resources: string[] } {
  const served = kubectl(['api-resources', '--namespaced=false', '-o', 'name'], process.env, true);
  const names = new Set(served.stdout.split('\n').map((line) => line.trim()));
  const resources = KINDS.filter((info) => info.scope === 'Cluster' && info.kind !== 'Namespace')
    .map(qualifiedResource)
    .filter((name) => names.has(name));
  return { status: served.status, resources };
}

interface ListedNamespace {
  readonly metadata: {
    readonly name: string;
    readonly labels?: Record<string, string>;
    readonly managedFields?: readonly { manager?: string; fieldsV1?: unknown }[];
  };
}

/** Whether OWNER_LABEL on the namespace was written by our own field manager (not copied by hand or by a tool). */
function markedByUs(namespace: ListedNamespace): boolean {
  return (namespace.metadata.managedFields ?? []).some(
    (entry) =>
      entry.manager === OWNER_FIELD_MANAGER &&
      JSON.stringify(entry.fieldsV1 ?? {}).includes(JSON.stringify(`f:${OWNER_LABEL}`)),
  );
}

/**
 * Deletes the applications of `env` that the cluster has and dist/ no longer does: their namespace and cluster-scoped
 * objects. A namespace is one of them only when `npm run apply -- --env <env>` marked it (OWNER_LABEL = env, written
 * by OWNER_FIELD_MANAGER); any other namespace, whatever its managed-by, part-of or instance labels, is left alone.
 */
function pruneRemovedApplications(env: string, kept: ReadonlySet<string>): number {
  const listed = kubectl(
    ['get', 'namespaces', '-l', `${OWNER_LABEL}=${env}`, '--show-managed-fields', '-o', 'json'],
    process.env,
    true,
  );
  if (listed.status !== 0) {
    return listed.status;
  }
  const removed = (JSON.parse(listed.stdout).items as ListedNamespace[]).filter(
    (namespace) => markedByUs(namespace) && !kept.has(namespace.metadata.name),
  );
  if (removed.length === 0) {
    return 0;
  }
  const clusterScoped = clusterScopedResources();
  if (clusterScoped.status !== 0) {
    return clusterScoped.status;
  }
  let status = 0;
  for (const namespace of removed) {
    const { name, labels = {} } = namespace.metadata;
    console.error(
      `apply ${env}: pruning application "${labels[Labels.PART_OF] ?? name}" (namespace ${name}), which dist/${env}/ no longer holds`,
    );
    status = Math.max(
      status,
      kubectl(['delete', clusterScoped.resources.join(','), '-l', `${APPLYSET_PART_OF_LABEL}=${applySetId(name)}`])
        .status,
    );
    status = Math.max(status, kubectl(['delete', 'namespace', name, '--wait=true']).status);
  }
  return status;
}

/**
 * The chart files of an environment's folder in the order its Kustomization lists them, which puts a chart after the
 * charts it depends on; in file-name order, as `kubectl apply -f <dir>` takes them, in a folder without one.
 */
function inKustomizationOrder(dir: string): ChartFile[] {
  const file = path.join(dir, KUSTOMIZATION_FILE);
  if (!fs.existsSync(file)) {
    return chartFiles(dir);
  }
  const order = kustomizationResources(fs.readFileSync(file, 'utf8'));
  const position = (chart: ChartFile): number => {
    const index = order.indexOf(path.basename(chart.file));
    return index < 0 ? order.length : index;
  };
  return chartFiles(dir).sort((a, b) => position(a) - position(b));
}

/**
 * `npm run apply -- [--env <name>]... [--crd-timeout <duration>]`: applies each chart of dist/<env>/, in the order
 * of its Kustomization, to the cluster of the current kubeconfig as a kubectl ApplySet (server-side, `--prune`), so
 * objects removed from the code are removed from the cluster, and deletes the applications of that environment that
 * were removed from the code: their namespace and every cluster-scoped object of theirs, of any kind lib/kinds
 * describes. A chart's CustomResourceDefinitions go first, each awaited until established (up to `--crd-timeout`).
 * Exits non-zero when kubectl failed or a definition was not established.
 */
function main({ envs, options }: CommandLine): number {
  const crdTimeout = options.get('crd-timeout') ?? DEFAULT_CRD_TIMEOUT;
  if (!/^[1-9][0-9]*[sm]$/.test(crdTimeout)) {
    throw new Error(
      `--crd-timeout: ${JSON.stringify(crdTimeout)} is not a duration kubectl wait takes here; give whole seconds or minutes, e.g. 90s or 2m`,
    );
  }
  const dist = process.env.K8S_COURSE_DIST ?? DIST;
  let status = 0;
  for (const env of chooseEnvironments(envs)) {
    const charts = inKustomizationOrder(path.join(dist, env.name));
    for (const chart of charts) {
      status = Math.max(status, applyChart(chart, env.name, crdTimeout));
    }
    status = Math.max(status, pruneRemovedApplications(env.name, new Set(charts.map((chart) => chart.namespace))));
  }
  return status;
}

runScript(
  {
    command: 'npm run apply',
    environments: ENVIRONMENT_NAMES,
    options: {
      'crd-timeout': {
        value: 'duration',
        description: 'how long to wait for each CustomResourceDefinition to be established, e.g. 90s or 2m',
        default: DEFAULT_CRD_TIMEOUT,
      },
    },
  },
  main,
);
