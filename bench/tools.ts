/**
 * What the bench needs before it measures: esbuild bundles of the TypeScript entry points, ts-node (for the cdk8s
 * CLI's default TypeScript app command), Helm v3.22.0, and a description of the machine. Everything it makes or
 * installs lives in bench/.work/ (git-ignored) or ~/.cache/k8s-course-bench/.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..');
export const WORK = path.join(__dirname, '.work');
export const BUILD = path.join(WORK, 'build');
export const INPUTS = path.join(WORK, 'inputs');
/** A copy of the project's sources taken when the bench starts: every run uses it, whatever others edit meanwhile. */
export const SNAPSHOT = path.join(WORK, 'snapshot');
/** A second copy of the snapshot, whose chart the "after a one-line change" row edits before every run. */
export const SNAPSHOT_EDIT = path.join(WORK, 'snapshot-edit');
const TOOLS = path.join(WORK, 'tools');

export const HELM_VERSION = 'v3.22.0';
const HELM_DIR = path.join(os.homedir(), '.cache', 'k8s-course-bench', `helm-${HELM_VERSION}`);
const TS_NODE_VERSION = '10.9.2';

/**
 * Copies what synthesis reads (main.ts, lib/, imports/, dist/, scripts/, the configs and package files, the sealed
 * secrets, bench/*.ts; with BENCH_REF=<commit>, that commit's) to bench/.work/snapshot/, which is then the project root of the runs (`npm run synth` there
 * writes the snapshot's dist/). Its node_modules is the repo's, found by walking up, as for the project itself.
 */
export function snapshot(): void {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  const entries = [
    'main.ts',
    'tsconfig.json',
    'tsconfig.synth.json',
    'cdk8s.yaml',
    'package.json',
    'package-lock.json',
    'lib',
    'imports',
    'dist',
    'scripts',
  ];
  const ref = process.env.BENCH_REF;
  if (ref !== undefined) {
    // A commit's files instead of the working tree's: uncommitted edits (someone else's work in progress) stay out.
    fs.mkdirSync(SNAPSHOT, { recursive: true });
    const pathspecs = [...entries, ':(glob)secrets/*.sealed.json', ':(glob)bench/*.ts', 'bench/tsconfig.json'];
    const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', ref, '--', ...pathspecs], {
      maxBuffer: 1024 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', SNAPSHOT], { input: archive });
  } else {
    for (const entry of entries) {
      if (fs.existsSync(path.join(REPO, entry))) {
        fs.cpSync(path.join(REPO, entry), path.join(SNAPSHOT, entry), { recursive: true });
      }
    }
    for (const file of fs.readdirSync(path.join(REPO, 'secrets')).filter((name) => name.endsWith('.sealed.json'))) {
      fs.cpSync(path.join(REPO, 'secrets', file), path.join(SNAPSHOT, 'secrets', file));
    }
    for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.ts') || name === 'tsconfig.json')) {
      fs.cpSync(path.join(__dirname, file), path.join(SNAPSHOT, 'bench', file));
    }
  }
  fs.rmSync(SNAPSHOT_EDIT, { recursive: true, force: true });
  fs.cpSync(SNAPSHOT, SNAPSHOT_EDIT, { recursive: true });
}

/**
 * Bundles `entry` (relative to the snapshot) into bench/.work/build/<name>.js and returns its path, with the esbuild
 * options of the snapshot's scripts/bundle.js: those of `npm run synth`'s bundle, so that the bench runs what users run.
 */
export function bundle(entry: string, name: string): string {
  const outfile = path.join(BUILD, `${name}.js`);
  type Bundler = { buildBundle?(root: string, entry: string, outfile: string): string };
  // A snapshot of an older commit (BENCH_REF) may not export buildBundle: then the repo's options serve.
  const bundler = [SNAPSHOT, REPO]
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .map((root) => require(path.join(root, 'scripts', 'bundle.js')) as Bundler)
    .find((candidate) => candidate.buildBundle !== undefined);
  return (bundler as Required<Bundler>).buildBundle(SNAPSHOT, entry, outfile);
}

/** A tool the bench runs, or why it cannot. */
export type Found = { path: string; version: string } | { error: string };

/** ts-node 10.9.2 in bench/.work/tools (installed there with npm when missing; package.json is not touched). */
export function findTsNode(): Found {
  const bin = path.join(TOOLS, 'node_modules', '.bin', 'ts-node');
  if (!fs.existsSync(bin)) {
    console.log(`bench: installing ts-node@${TS_NODE_VERSION} into bench/.work/tools (not a project dependency)`);
    fs.mkdirSync(TOOLS, { recursive: true });
    fs.writeFileSync(path.join(TOOLS, 'package.json'), JSON.stringify({ name: 'bench-tools', private: true }));
    // --legacy-peer-deps: ts-node then uses the project's TypeScript (node_modules/typescript) rather than its own.
    const result = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', '--legacy-peer-deps', `ts-node@${TS_NODE_VERSION}`],
      { cwd: TOOLS, encoding: 'utf8' },
    );
    if (result.status !== 0 || !fs.existsSync(bin)) {
      return {
        error: `npm install ts-node@${TS_NODE_VERSION} failed: ${lastLines(result.stderr || String(result.error))}`,
      };
    }
  }
  return { path: bin, version: `ts-node ${TS_NODE_VERSION}` };
}

/** Helm: $BENCH_HELM, or v3.22.0 in ~/.cache/k8s-course-bench, built there with `go install` when missing. */
export function findHelm(): Found {
  const bin = process.env.BENCH_HELM ?? path.join(HELM_DIR, 'helm');
  if (!fs.existsSync(bin)) {
    console.log(`bench: building Helm ${HELM_VERSION} into ${HELM_DIR} with go install (a few minutes, once)`);
    const result = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
      env: { ...process.env, GOBIN: HELM_DIR },
      encoding: 'utf8',
      cwd: os.tmpdir(),
    });
    if (result.status !== 0 || !fs.existsSync(bin)) {
      return {
        error: `go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} failed: ${lastLines(result.stderr || String(result.error))}`,
      };
    }
  }
  return { path: bin, version: versionOf(bin, ['version', '--short']) };
}

/** kubectl on PATH (its `kustomize` is the bench's Kustomize). */
export function findKubectl(): Found {
  const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (result.status !== 0) {
    return { error: `kubectl version --client failed: ${lastLines(result.stderr || String(result.error))}` };
  }
  return { path: 'kubectl', version: result.stdout.trim().replace(/\n/g, ', ') };
}

/** A one-line description of the machine. */
export function machine(): string {
  const cpus = os.cpus();
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${os.availableParallelism()} CPUs (nproc; ${cpus[0]?.model.trim() ?? 'unknown model'}), ${memory} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** The load averages, to show whether something else was running. */
export function load(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** The last lines of a command's output, for error reports. */
export function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

function versionOf(bin: string, args: string[]): string {
  const result = spawnSync(bin, args, { encoding: 'utf8' });
  return (result.stdout || result.stderr || '').trim();
}
