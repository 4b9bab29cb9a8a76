import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BUILD = path.join(ROOT, 'cluster', 'build.sh');

/** A sandbox where build.sh finds every binary cached but etcd, and installs etcd through a fake apt-get. */
interface Sandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly policyRcD: string;
  /** Where the fake apt-get writes whether policy-rc.d existed while it ran. */
  readonly seen: string;
}

function executable(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o755 });
}

/** `aptBehaviour`: what the fake apt-get does after noting policy-rc.d ("install", or "hang" until killed). */
function sandbox(aptBehaviour: 'install' | 'hang'): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-build-'));
  const cache = path.join(dir, 'cache');
  const bin = path.join(dir, 'bin');
  const policyRcD = path.join(dir, 'policy-rc.d');
  const systemEtcd = path.join(dir, 'usr-bin', 'etcd');
  const seen = path.join(dir, 'seen');
  const versions = spawnSync('bash', ['-c', `source "${ROOT}/cluster/env.sh"; echo "$K8S_VERSION $KWOK_VERSION"`], {
    encoding: 'utf8',
    env: { ...process.env, K8S_COURSE_CACHE: cache },
  }).stdout.trim();
  const [k8s, kwok] = versions.split(' ');
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    executable(path.join(cache, `${name}-${k8s}`, name), '#!/bin/sh\n');
  }
  executable(path.join(cache, `kwok-${kwok}`, 'kwok'), '#!/bin/sh\n');
  executable(path.join(bin, 'id'), '#!/bin/sh\necho 0\n');
  const install = `mkdir -p "${path.dirname(systemEtcd)}"; printf '#!/bin/sh\\necho "etcd Version: 3.4.23"\\n' >"${systemEtcd}"; chmod +x "${systemEtcd}"`;
  executable(
    path.join(bin, 'apt-get'),
    `#!/bin/sh\nif [ -e "${policyRcD}" ]; then echo present >"${seen}"; else echo absent >"${seen}"; fi\n` +
      (aptBehaviour === 'install' ? `${install}\n` : 'exec sleep 60\n'),
  );
  return {
    dir,
    policyRcD,
    seen,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      K8S_COURSE_CACHE: cache,
      K8S_COURSE_POLICY_RC_D: policyRcD,
      K8S_COURSE_SYSTEM_ETCD: systemEtcd,
    },
  };
}

const sandboxes: Sandbox[] = [];
afterAll(() => sandboxes.forEach((box) => fs.rmSync(box.dir, { recursive: true, force: true })));

function newSandbox(aptBehaviour: 'install' | 'hang'): Sandbox {
  const box = sandbox(aptBehaviour);
  sandboxes.push(box);
  return box;
}

describe('cluster/build.sh and the policy-rc.d it creates while apt-get installs etcd', () => {
  it('has it in place while apt-get runs, and removes it after', () => {
    const box = newSandbox('install');
    const result = spawnSync('bash', [BUILD], { env: box.env, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(box.seen, 'utf8').trim()).toBe('present');
    expect(fs.existsSync(box.policyRcD)).toBe(false);
  });

  it('removes it when the build is interrupted during apt-get', async () => {
    const box = newSandbox('hang');
    const child = spawn('bash', [BUILD], { env: box.env, detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(box.seen) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fs.existsSync(box.policyRcD)).toBe(true);
    // Ctrl-C reaches the whole foreground process group: build.sh and apt-get.
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    expect(fs.existsSync(box.policyRcD)).toBe(false);
  }, 40_000);

  it('leaves a policy-rc.d that was there before alone', () => {
    const box = newSandbox('install');
    fs.writeFileSync(box.policyRcD, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const result = spawnSync('bash', [BUILD], { env: box.env, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(fs.readFileSync(box.policyRcD, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });
});
