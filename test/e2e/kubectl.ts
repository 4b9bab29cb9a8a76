import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST as LIB_DIST, ROOT } from '../../lib/paths';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { parseAllDocuments } from 'yaml';
import { LocalCluster, localCluster } from './local-cluster';

/** The outcome of one kubectl command. */
export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export { ROOT };
/** The dev environment's manifests, which the suite applies. */
export const DIST = path.join(LIB_DIST, 'dev');

/**
 * The Kubernetes version this jest project tests (`globals.E2E_K8S_VERSION` of the e2e-<version> projects in
 * jest.config.js), or undefined for the project `e2e`, which runs against a cluster of one's own (KUBECONFIG).
 */
export const VERSION: string | undefined = (globalThis as { E2E_K8S_VERSION?: string }).E2E_K8S_VERSION || undefined;

/** The local cluster the global setup brought up for this project; undefined against a cluster of one's own. */
export const LOCAL: LocalCluster | undefined = VERSION === undefined ? undefined : localCluster(VERSION);

/**
 * Whether this project tests the environment `name`: each environment on the version it declares
 * (`kubernetesVersion`), the course (dev) on every version, everything on a cluster of one's own.
 */
export function testsEnvironment(name: string): boolean {
  return VERSION === undefined || name === 'dev' || ENVIRONMENTS[name]?.kubernetesVersion === VERSION;
}

/** kubectl 1.27, for a cluster of one's own: $KUBECTL, else `kubectl.1.27` on PATH or beside `kubectl`, else `kubectl`. */
function findKubectl(): string {
  if (process.env.KUBECTL) {
    return process.env.KUBECTL;
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir, 'kubectl.1.27'))) {
      return path.join(dir, 'kubectl.1.27');
    }
  }
  for (const dir of dirs) {
    const plain = path.join(dir, 'kubectl');
    if (fs.existsSync(plain)) {
      const beside = path.join(path.dirname(fs.realpathSync(plain)), 'kubectl.1.27');
      return fs.existsSync(beside) ? beside : plain;
    }
  }
  return 'kubectl';
}

/** The kubectl the tests run: the one of the local cluster's minor version (cluster/kubectl.sh), else findKubectl. */
export const KUBECTL = LOCAL?.kubectl ?? findKubectl();

/** The kubeconfig of the cluster under test. */
export const KUBECONFIG = LOCAL?.kubeconfig ?? process.env.KUBECONFIG;

/** Runs kubectl against the test cluster and returns what it said, whatever its exit status. */
export function kubectlResult(args: readonly string[], input?: string): KubectlResult {
  const kubeconfig = KUBECONFIG;
  const result = spawnSync(KUBECTL, [...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECONFIG: kubeconfig },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Runs a kubectl command that streams (`logs -f`) until it has printed `count` lines, then stops it and returns them;
 * fails when it exits or `timeoutSeconds` pass before that.
 */
export function kubectlLines(args: readonly string[], count: number, timeoutSeconds: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, [...args], { env: { ...process.env, KUBECONFIG }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      const lines = stdout.split('\n').slice(0, count);
      if (error === undefined) {
        resolve(lines);
      } else {
        reject(error);
      }
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(`kubectl ${args.join(' ')}: no ${count} lines within ${timeoutSeconds}s:\n${stdout}${stderr}`),
        ),
      timeoutSeconds * 1000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.split('\n').length > count) {
        finish();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => {
      if (stdout.split('\n').length <= count) {
        finish(
          new Error(
            `kubectl ${args.join(' ')} exited ${code} after ${stdout.split('\n').length - 1} lines:\n${stdout}${stderr}`,
          ),
        );
      }
    });
  });
}

/** Runs kubectl and returns its output; fails with its stderr when it exits non-zero. */
export function kubectl(args: readonly string[], input?: string): string {
  const result = kubectlResult(args, input);
  if (result.status !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/**
 * Gives the test file these namespaces, each with its objects (applied one at a time, strictly, in order), for all its
 * tests: before them it deletes what an earlier run left (a namespace left terminating takes no new objects) and
 * applies the objects; after them it deletes the namespaces without waiting.
 */
export function useNamespaces(namespaces: Readonly<Record<string, readonly object[]>>): void {
  useCleanNamespaces(Object.keys(namespaces));
  beforeAll(() => {
    for (const objects of Object.values(namespaces)) {
      for (const manifest of objects) {
        kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(manifest));
      }
    }
  });
}

/**
 * Gives the test file these namespaces empty: before its tests it deletes what an earlier run left (a namespace left
 * terminating takes no new objects) and waits; after them it deletes the namespaces, and the cluster-scoped objects
 * the file's objects made (`kind` and names, e.g. `['priorityclass', ['gpu-serving']]`), without waiting.
 */
export function useCleanNamespaces(
  namespaces: readonly string[],
  clusterScoped: readonly (readonly [kind: string, names: readonly string[]])[] = [],
): void {
  beforeAll(() => {
    kubectlResult(['delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  });
  afterAll(() => {
    kubectlResult(['delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=false']);
    for (const [kind, names] of clusterScoped) {
      kubectlResult(['delete', kind, ...names, '--ignore-not-found', '--wait=false']);
    }
  });
}

/**
 * The release `major.minor` of the API server under test, from its /version (`"27+"`, as some distributions write the
 * minor, is 27): what the tests compare with the tables that follow releases (api-versions.json, the schemas, the plan).
 */
export function serverRelease(): string {
  const version = JSON.parse(kubectl(['get', '--raw', '/version'])) as { major: string; minor: string };
  return `${version.major}.${version.minor.replace(/\D+$/, '')}`;
}

/** A kubectl `get -o json` answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getJson(args: readonly string[]): any {
  return JSON.parse(kubectl(['get', ...args, '-o', 'json']));
}

/** Polls `check` every second until it returns true or `timeoutSeconds` pass; then fails with `what`. */
export async function waitFor(what: string, check: () => boolean, timeoutSeconds = 60): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out after ${timeoutSeconds}s waiting for ${what}`);
}

/** Runs one of the project's npm scripts (`scripts/<name>.ts`) against the test cluster. */
export function runScript(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): KubectlResult {
  const result = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', `${name}.ts`), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG, KUBECTL, ...env },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Applies a manifest file the way the README says, with strict server-side field validation. */
export function applyStrict(file: string): KubectlResult {
  return kubectlResult([...APPLY_STRICT, '-f', file]);
}

/** How `applyStrict` and `npm run apply` send objects: server-side apply with strict field validation. */
const APPLY_STRICT = ['apply', '--server-side', '--validate=strict', '--field-manager=k8s-course'];

/**
 * What the server says to `applyStrict` of a file (or, with `input`, of that text), in a server-side dry run that
 * changes nothing.
 */
export function dryRunStrict(file: string, input?: string): KubectlResult {
  return kubectlResult([...APPLY_STRICT, '--dry-run=server', '-f', input === undefined ? file : '-'], input);
}

/**
 * Applies, as `applyStrict` does, only the objects of these kinds from a file of dist/: for tests that look at
 * policies or RBAC and must not depend on which environment's workloads the cluster runs (their selectors differ
 * between environments and cannot change in place).
 */
export function applyKindsStrict(file: string, kinds: readonly string[]): KubectlResult {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).filter((document) =>
    kinds.includes(document.toJS()?.kind),
  );
  const input = documents.map((document) => document.toString()).join('---\n');
  return kubectlResult([...APPLY_STRICT, '-f', '-'], input);
}

/** Expects kubectl to have taken the file: status 0 and nothing on stderr (no error, no warning); a failure names it. */
export function expectTaken(file: string, result: KubectlResult): void {
  expect({ file: path.basename(file), stderr: result.stderr, status: result.status }).toEqual({
    file: path.basename(file),
    stderr: '',
    status: 0,
  });
}
