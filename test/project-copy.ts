import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUNDLE_CACHE, bundleArgs, bundleInto, bundleKey, keepCodeCaches } from './script-bundle';

/** The repository this test runs in; tests read it, and write only into copies. */
export const REPOSITORY = path.join(__dirname, '..');

/** What a synthesis needs of the project (those that exist): sources, configuration, sealed values, the committed dist/. */
const PROJECT_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.synth.json',
  'cdk8s.yaml',
  'main.ts',
  'lib',
  'imports',
  'scripts',
  'secrets',
  'dist',
];

/** Plaintext values, which git ignores: the folder secrets/plain/ and the old secrets/<env>.values.json files. */
function isPlaintext(source: string): boolean {
  const relative = path.relative(REPOSITORY, source);
  return relative === path.join('secrets', 'plain') || /\.values\./.test(path.basename(source));
}

/** How `copyProject` makes a copy. */
export interface CopyOptions {
  /** What to copy, relative to the repository (those that exist). @default - what a synthesis needs, dist/ included */
  readonly parts?: readonly string[];
  /**
   * Whether the copy's .build/ starts with what `npm run synth` left in an earlier copy of the same sources (kept by
   * `removeProjectCopy`), as a clone that has synthesized before has it: the type-check's pass, the bundle and its
   * code cache. scripts/synth.js still hashes the sources, and type-checks and bundles again when they differ.
   * @default false
   */
  readonly synthesized?: boolean;
}

/**
 * A temporary copy of the project (sources, secrets/ without its git-ignored values, dist/), with node_modules linked
 * to the repository's, so that a command run in it writes only the copy. Remove it with `removeProjectCopy`.
 */
export function copyProject(options: CopyOptions = {}): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-course-project-'));
  const parts = (options.parts ?? PROJECT_FILES).filter((part) => fs.existsSync(path.join(REPOSITORY, part)));
  for (const part of parts) {
    fs.cpSync(path.join(REPOSITORY, part), path.join(copy, part), {
      recursive: true,
      filter: (source) => !isPlaintext(source),
    });
  }
  fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  if (options.synthesized === true) {
    restoreSynthesisState(copy);
  }
  return copy;
}

export function removeProjectCopy(copy: string): void {
  keepSynthesisState(copy);
  keepCodeCaches(copy);
  fs.rmSync(copy, { recursive: true, force: true });
}

/** Where `removeProjectCopy` keeps what `npm run synth` left in a copy's .build/, by the key of the copy's sources. */
export const SYNTHESIS_STATES = path.join(BUNDLE_CACHE, 'synthesis-state');

/** Kept states not used for this long are removed when another is kept. */
const STATE_STALE_MS = 60 * 60 * 1000;

/**
 * Keeps what scripts/synth.js left in the copy's .build/ when it passed the gate and bundled (the gate's pass and
 * build info, main.js, main.js.sources, the code cache) under `states`, by the key of the copy's sources
 * (`bundleKey`), in place of an earlier state of the same sources. A state that does not match its sources (they
 * changed after the synthesis) costs the next copy a type-check and a bundle, as synth.js finds it out; the next
 * removal replaces it.
 */
export function keepSynthesisState(copy: string, states: string = SYNTHESIS_STATES): void {
  const build = path.join(copy, '.build');
  if (
    !fs.existsSync(path.join(build, 'typecheck', 'pass.json')) ||
    !fs.existsSync(path.join(build, 'main.js.sources'))
  ) {
    return;
  }
  fs.mkdirSync(states, { recursive: true });
  for (const name of fs.readdirSync(states)) {
    const state = path.join(states, name);
    if (Date.now() - (fs.statSync(state, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STATE_STALE_MS) {
      fs.rmSync(state, { recursive: true, force: true });
    }
  }
  const kept = path.join(states, bundleKey(copy, 'main.ts'));
  // Made under temporary names and renamed, so a copy in another worker never starts from half a state.
  const keeping = `${kept}.${process.pid}.tmp`;
  const replaced = `${kept}.${process.pid}.old`;
  const entries = fs.readdirSync(build).filter((name) => name === 'typecheck' || /^main\.js(\..+)?$/.test(name));
  entries.forEach((name) => fs.cpSync(path.join(build, name), path.join(keeping, name), { recursive: true }));
  try {
    ignoring(['ENOENT'], () => fs.renameSync(kept, replaced));
    // A copy removed in another worker at the same moment may have kept the same sources' state first.
    ignoring(['ENOTEMPTY', 'EEXIST'], () => fs.renameSync(keeping, kept));
  } finally {
    fs.rmSync(keeping, { recursive: true, force: true });
    fs.rmSync(replaced, { recursive: true, force: true });
  }
}

/** Runs `fn`, taking a failure with one of these error codes for a race lost to another worker. */
function ignoring(codes: readonly string[], fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!codes.includes((error as NodeJS.ErrnoException).code ?? '')) {
      throw error;
    }
  }
}

/** Puts the state kept under `states` for the copy's sources, if any, into the copy's .build/. */
export function restoreSynthesisState(copy: string, states: string = SYNTHESIS_STATES): void {
  const kept = path.join(states, bundleKey(copy, 'main.ts'));
  // A state replaced while it is copied leaves part of it, which synth.js takes as it would a partial .build/.
  ignoring(['ENOENT'], () => {
    fs.cpSync(kept, path.join(copy, '.build'), { recursive: true });
    const now = new Date();
    fs.utimesSync(kept, now, now);
  });
}

/**
 * Bundles the copy's main.ts into `<copy>/.build/main.js` as `npm run synth` does (scripts/bundle.js), and returns the
 * bundle; a copy whose sources are those of an earlier run gets that run's bundle (test/script-bundle.ts).
 */
export function bundleMain(copy: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildMainBundle } = require('../scripts/bundle') as {
    buildMainBundle(root: string, outfile: string): string;
  };
  return bundleInto(copy, 'main.ts', { build: (root, _entry, outfile) => buildMainBundle(root, outfile) });
}

/**
 * The environment of a child process: the test's, with `env` added. NODE_EXTRA_CA_CERTS goes: Node reads and parses
 * that file at every start (about 50 ms here), and no child these tests start makes a TLS connection.
 */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...inherited } = process.env;
  return { ...inherited, ...env };
}

/** Runs a bundle (or script) with node in `cwd`, synchronously. */
export function runNode(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...args], { cwd, encoding: 'utf8', env: childEnv(env) });
}

/** The end of a process run with `runNodeAsync`. */
export interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundle (or script) with node in `cwd`, in parallel with the test. */
export function runNodeAsync(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** A copy of the project with its synthesis bundle, as `useSynthesisCopy` keeps it for a describe block. */
export interface SynthesisCopy {
  /** The copy's root. */
  readonly copy: string;
  /** Its `npm run synth` bundle. */
  readonly bundle: string;
  /** Its dist/, the repo's dist/ again before each test. */
  readonly dist: string;
  /** Runs `npm run synth` (the bundle) in the copy with these arguments. */
  synth(...argv: string[]): SpawnSyncReturns<string>;
}

/**
 * For the describe block it is called in: one copy of the project and its bundle, made before the first test and
 * removed after the last, whose dist/ is reset to the repo's before each test.
 */
export function useSynthesisCopy(): SynthesisCopy {
  const made = { copy: '', bundle: '', dist: '' };
  beforeAll(() => {
    made.copy = copyProject();
    made.bundle = bundleMain(made.copy);
    made.dist = path.join(made.copy, 'dist');
  });
  afterAll(() => removeProjectCopy(made.copy));
  beforeEach(() => {
    fs.rmSync(made.dist, { recursive: true, force: true });
    fs.cpSync(path.join(__dirname, '..', 'dist'), made.dist, { recursive: true });
  });
  return {
    get copy() {
      return made.copy;
    },
    get bundle() {
      return made.bundle;
    },
    get dist() {
      return made.dist;
    },
    synth: (...argv) => runNode(made.copy, bundleArgs(made.bundle, ...argv)),
  };
}
