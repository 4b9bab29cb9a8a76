import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { localCluster, localVersions } from '../e2e/local-cluster';

const ROOT = path.join(__dirname, '..', '..');

/** The environment of a shell that has none of this project's settings. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(K8S_COURSE_|KUBECONFIG$|KUBECTL$|SEALED_SECRETS_)/.test(name)),
  );
  return { ...env, ...extra };
}

function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  const result = spawnSync('bash', [path.join(ROOT, 'cluster', script), ...args], { encoding: 'utf8', env });
  return { status: result.status, stderr: result.stderr };
}

/** Every loopback port a local cluster of `version` listens on (cluster/env.sh, secrets-tooling/controller.sh). */
function ports(version: string, env: NodeJS.ProcessEnv = cleanEnv()): number[] {
  const script = [
    `source ${JSON.stringify(path.join(ROOT, 'cluster', 'env.sh'))}`,
    'echo $K8S_COURSE_ETCD_PORT $K8S_COURSE_ETCD_PEER_PORT $K8S_COURSE_APISERVER_PORT $K8S_COURSE_KCM_PORT \\',
    '  $K8S_COURSE_SCHEDULER_PORT $K8S_COURSE_KWOK_PORT $((28080 + 2 * PORT_OFFSET)) $((28081 + 2 * PORT_OFFSET))',
  ].join('\n');
  const result = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...env, K8S_COURSE_K8S_VERSION: version },
  });
  return result.stdout.trim().split(' ').map(Number);
}

describe('the local clusters of each Kubernetes version (cluster/env.sh)', () => {
  it('knows 1.27, the default, and 1.37', () => {
    expect(localVersions()).toEqual(['1.27', '1.37']);
  });

  it('gives each version its release, state dir and kubectl of the same minor version', () => {
    const old = localCluster('1.27', cleanEnv());
    expect(old).toMatchObject({ release: 'v1.27.16', state: path.join(ROOT, '.cluster'), apiServerPort: 26443 });
    const newest = localCluster('1.37', cleanEnv());
    expect(newest).toMatchObject({ release: 'v1.37.2', state: path.join(ROOT, '.cluster-1.37'), apiServerPort: 26444 });
    expect(newest.kubectl).toMatch(/\/kubectl-v1\.37\.2\/kubectl$/);
  });

  it('gives the versions, and a second cluster of K8S_COURSE_PORT_OFFSET=5, ports no other one uses', () => {
    const all = [...ports('1.27'), ...ports('1.37'), ...ports('1.27', cleanEnv({ K8S_COURSE_PORT_OFFSET: '5' }))];
    expect(all.length).toBe(24);
    expect(new Set(all).size).toBe(all.length);
  });

  it('has a go.mod for each version that pins its release', () => {
    for (const [dir, release] of [
      ['cluster', 'v1.27.16'],
      ['cluster/v1.37', 'v1.37.2'],
    ]) {
      expect(fs.readFileSync(path.join(ROOT, dir!, 'go.mod'), 'utf8')).toContain(
        `require k8s.io/kubernetes ${release}`,
      );
    }
  });

  it('refuses an unknown version, naming the setting, the value and the known versions', () => {
    for (const script of ['up.sh', 'down.sh', 'build.sh']) {
      const result = run(script, ['--version', '1.30']);
      expect(result.stderr).toContain(
        'K8S_COURSE_K8S_VERSION=1.30: unknown Kubernetes version; this project knows 1.27, 1.37 ' +
          '(set K8S_COURSE_K8S_VERSION or --version to one of them)',
      );
      expect(result.status).toBe(2);
    }
    const fromEnv = run('up.sh', [], cleanEnv({ K8S_COURSE_K8S_VERSION: '2.0' }));
    expect(fromEnv.stderr).toContain('K8S_COURSE_K8S_VERSION=2.0: unknown Kubernetes version');
    expect(fromEnv.status).toBe(2);
  });

  it('refuses an argument up.sh and down.sh do not know, with their usage', () => {
    for (const script of ['up.sh', 'down.sh']) {
      const result = run(script, ['--versoin', '1.37']);
      expect(result.stderr).toContain(
        `${script}: unknown argument '--versoin'; usage: ${script} [--version <major.minor>]`,
      );
      expect(result.status).toBe(2);
    }
  });
});

describe('the e2e projects (jest.config.js)', () => {
  function projects(env: NodeJS.ProcessEnv) {
    const script = "console.log(JSON.stringify(require('./jest.config.js').projects.map((p) => p.displayName)))";
    return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env });
  }

  it('runs one project per version, each with its own setup and teardown files', () => {
    const names: string[] = JSON.parse(projects(cleanEnv()).stdout);
    expect(names.filter((name) => name.startsWith('e2e'))).toEqual(['e2e-1.27', 'e2e-1.37']);
    for (const version of localVersions()) {
      for (const hook of ['setup', 'teardown']) {
        expect(fs.existsSync(path.join(ROOT, 'test', 'e2e', 'versions', `${version}.${hook}.ts`))).toBe(true);
      }
    }
  });

  it('runs the single project e2e against a cluster of one`s own (KUBECONFIG)', () => {
    const names: string[] = JSON.parse(projects(cleanEnv({ KUBECONFIG: '/tmp/my-cluster' })).stdout);
    expect(names.filter((name) => name.startsWith('e2e'))).toEqual(['e2e']);
  });

  it('refuses an unknown version in K8S_COURSE_E2E_VERSIONS, naming it and the known ones', () => {
    const result = projects(cleanEnv({ K8S_COURSE_E2E_VERSIONS: '1.37 1.30' }));
    expect(result.stderr).toContain(
      'K8S_COURSE_E2E_VERSIONS="1.37 1.30": unknown version "1.30"; the local clusters are 1.27, 1.37 ' +
        '(K8S_COURSE_K8S_VERSIONS in cluster/env.sh): list some of them, or unset it for all',
    );
    expect(result.status).not.toBe(0);
  });
});
