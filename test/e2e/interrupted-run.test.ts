import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL, ROOT, VERSION, kubectlResult as suiteKubectlResult } from './kubectl';
import { localCluster, processesOf } from './local-cluster';

jest.setTimeout(10 * 60_000);

/**
 * A second cluster beside the suite's, of the default version (the scripts are the same for every version): its own
 * state folder and ports (K8S_COURSE_PORT_OFFSET), in an environment without this run's variables.
 */
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-interrupted-'));
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(E2E_|JEST_|KUBECONFIG$|KUBECTL$|K8S_COURSE_)/.test(name)),
  ),
  K8S_COURSE_STATE: path.join(DIR, 'cluster'),
  K8S_COURSE_PORT_OFFSET: '5',
  K8S_COURSE_E2E_VERSIONS: '1.27',
};
const CLUSTER = localCluster('1.27', ENV);

/** kubectl against the second cluster, with the kubectl of its version, in the repository as the README runs it. */
function kubectl(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(CLUSTER.kubectl, [...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...ENV, KUBECONFIG: CLUSTER.kubeconfig },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function npmRun(script: string): { status: number; output: string } {
  const result = spawnSync('npm', ['run', script], { cwd: ROOT, encoding: 'utf8', env: ENV });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** The name of a process's program: its executable, or the script a shell runs. */
function programOf(pid: number): string {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return path.basename(argv[0] === 'bash' ? (argv[1] ?? 'bash') : (argv[0] ?? ''));
}

/** Starts `npx jest` of the e2e-1.27 project on the harness tests, and kills it with SIGKILL once its setup is done. */
function runAndKillAfterSetup(): Promise<number> {
  return new Promise((resolve, reject) => {
    const run = spawn(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--selectProjects', 'e2e-1.27', 'test/e2e/harness.test.ts'],
      { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // The last line of cluster/up.sh: the global setup is done; the tests are about to run.
      if (/cluster is up: kube-apiserver/.test(output) && run.exitCode === null && !run.killed) {
        run.kill('SIGKILL');
      }
    };
    run.stdout.on('data', collect);
    run.stderr.on('data', collect);
    run.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') {
        resolve(run.pid!);
      } else {
        reject(new Error(`the jest run ended by itself (${code}) before it could be killed:\n${output}`));
      }
    });
  });
}

// One version is enough, and it runs beside the suite's cluster, which must be the local one.
const describeOnce = VERSION === '1.27' ? describe : describe.skip;

describeOnce('a test run killed mid-suite, then the README`s npm run cluster:up and kubectl apply -f dist/dev/', () => {
  let killedRun: number;
  let leftBehind: number[];

  afterAll(() => {
    spawnSync('bash', [path.join(ROOT, 'cluster', 'down.sh')], { env: ENV, stdio: 'ignore' });
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  it('leaves the cluster of a jest run killed with SIGKILL after its setup running, marked with the ended run', async () => {
    killedRun = await runAndKillAfterSetup();
    leftBehind = processesOf(CLUSTER.state);
    expect(leftBehind.map(programOf).sort()).toEqual(
      expect.arrayContaining(['container-logs.sh', 'controller', 'etcd', 'kube-apiserver', 'kwok']),
    );
    for (const pid of leftBehind) {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ.find((variable) => variable.startsWith('K8S_COURSE_RUN_OWNER='))).toMatch(
        new RegExp(`^K8S_COURSE_RUN_OWNER=${killedRun}:\\d+$`),
      );
    }
  });

  it('starts clean with npm run cluster:up: the ended run`s processes are stopped, a new cluster runs', () => {
    const up = npmRun('cluster:up');
    expect(up.output).toContain('stopping a stale process of an ended run');
    expect(up.status).toBe(0);
    const running = processesOf(CLUSTER.state);
    expect(running.filter((pid) => leftBehind.includes(pid))).toEqual([]);
    expect(running.map(programOf)).toEqual(expect.arrayContaining(['controller', 'kube-apiserver', 'kwok']));
  });

  it('applies dist/dev/ with kubectl apply -f right after npm run cluster:up, SealedSecrets included', async () => {
    const result = kubectl(['apply', '-f', 'dist/dev/']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const deadline = Date.now() + 60_000;
    while (kubectl(['get', 'secret', 'app-credentials', '-n', 'course-config']).status !== 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(kubectl(['get', 'sealedsecret', 'app-credentials', '-n', 'course-config']).status).toBe(0);
  });

  it('stops every process of the cluster, the sealed-secrets controller too, with npm run cluster:down', () => {
    const down = npmRun('cluster:down');
    expect(down.status).toBe(0);
    expect(processesOf(CLUSTER.state)).toEqual([]);
    // The suite's own cluster, whose run is alive, is left alone.
    expect(suiteKubectlResult(['get', 'nodes']).status).toBe(0);
  });

  it('stops what a global setup started when that setup fails: no process of its cluster is left', () => {
    // The controller's port is taken (by the suite's own API server), so up.sh fails at its last step.
    const result = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--selectProjects', 'e2e-1.27', 'test/e2e/harness.test.ts'],
      { cwd: ROOT, encoding: 'utf8', env: { ...ENV, SEALED_SECRETS_PORT: String(LOCAL!.apiServerPort) } },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain(`port 127.0.0.1:${LOCAL!.apiServerPort} is in use`);
    expect(output).toContain('e2e-1.27: the global setup failed; stopping the local clusters this run started');
    expect(result.status).not.toBe(0);
    expect(processesOf(CLUSTER.state)).toEqual([]);
  });
});
