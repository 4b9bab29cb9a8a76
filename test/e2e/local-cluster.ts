import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../lib/paths';

/** Where a local cluster of one Kubernetes version lives and how to reach it, as cluster/env.sh sets it. */
export interface LocalCluster {
  /** The version, `major.minor`, e.g. `1.37`. */
  readonly version: string;
  /** The full release its binaries are built from, e.g. `v1.37.2`. */
  readonly release: string;
  /** Its state folder (pki, etcd data, logs, kubeconfig). */
  readonly state: string;
  readonly kubeconfig: string;
  /** The kubectl of the same minor version (cluster/kubectl.sh). */
  readonly kubectl: string;
  readonly etcdPort: number;
  readonly apiServerPort: number;
}

/** The versions the cluster scripts know (K8S_COURSE_K8S_VERSIONS in cluster/env.sh), the default first. */
export function localVersions(): string[] {
  const env = fs.readFileSync(path.join(ROOT, 'cluster', 'env.sh'), 'utf8');
  const versions = /^K8S_COURSE_K8S_VERSIONS="([^"]+)"$/m.exec(env)?.[1];
  if (versions === undefined) {
    throw new Error('cluster/env.sh does not set K8S_COURSE_K8S_VERSIONS="<major.minor> ..."');
  }
  return versions.split(' ');
}

/** The settings of the local cluster of `version`, read from cluster/env.sh (with the overrides of `env`). */
export function localCluster(version: string, env: NodeJS.ProcessEnv = process.env): LocalCluster {
  const script = [
    'set -euo pipefail',
    `source ${JSON.stringify(path.join(ROOT, 'cluster', 'env.sh'))}`,
    'die() { echo "$*" >&2; exit 1; }',
    `source ${JSON.stringify(path.join(ROOT, 'cluster', 'kubectl.sh'))}`,
    'printf "%s\\n" "$K8S_VERSION" "$K8S_COURSE_STATE" "$(find_kubectl)" "$K8S_COURSE_ETCD_PORT" "$K8S_COURSE_APISERVER_PORT"',
  ].join('\n');
  const lines = execFileSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...env, K8S_COURSE_K8S_VERSION: version },
  }).split('\n');
  const [release, state, kubectl, etcdPort, apiServerPort] = lines;
  return {
    version,
    release: release!,
    state: state!,
    kubeconfig: path.join(state!, 'kubeconfig'),
    kubectl: kubectl!,
    etcdPort: Number(etcdPort),
    apiServerPort: Number(apiServerPort),
  };
}

/**
 * The mark of this run on the processes the cluster scripts start for it (K8S_COURSE_RUN_OWNER, cluster/reap.sh):
 * this process's pid and start time, so that a later run can tell that they were left behind when this one ended.
 */
export function runOwner(pid: number = process.pid): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return `${pid}:${fields[19]}`;
}

/** The pids of the live processes that the cluster scripts marked as belonging to the cluster in `state`. */
export function processesOf(state: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let environ: string;
    let status: string;
    try {
      environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      status = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const zombie = status.slice(status.lastIndexOf(')') + 2).startsWith('Z');
    if (!zombie && environ.split('\0').includes(`K8S_COURSE_PROCESS=${state}`)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}
