import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GITOPS_FILES } from '../gitops/gitops-files';

/**
 * The chart files (`*.k8s.yaml`) of one environment's folder in a base: which ones equal a text, cheaply (a git blob
 * id, or the bytes on disk), and the text of those that do not.
 */
export interface BaseFolder {
  /** The chart files' names, sorted. */
  readonly files: readonly string[];
  /** Whether the file holds exactly this text. */
  readonly holds: (file: string, text: string) => boolean;
  /** The texts of these files, read together. */
  readonly read: (files: readonly string[]) => Map<string, string>;
  /** The GitOps files it has (`GITOPS_FILES`: the kustomization, the Argo CD Application), by name. */
  readonly readGitOps: () => Map<string, string>;
}

/** A base to plan against: a label for messages and reports, and its environments' folders. */
export interface Base {
  /** `HEAD (0219139)`, or `dist/` on disk. */
  readonly label: string;
  /** The environment folders it has. */
  readonly environments: readonly string[];
  readonly folder: (env: string) => BaseFolder;
}

/** A bad `--base` or a base that cannot be planned against: exit 2. */
export class BaseError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'BaseError';
  }
}

const CHART_FILE = /^[^/]+\.k8s\.yaml$/;

function git(
  root: string,
  args: readonly string[],
  input?: string,
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('git', [...args], { cwd: root, encoding: 'utf8', input, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error !== undefined) {
    throw new BaseError(`--base: cannot run git: ${result.error.message}`);
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The id git gives a blob of this text. */
function blobId(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * The `dist/` of a commit of the repository at `root` (`git ls-tree`, then one `git cat-file --batch` for the files
 * that differ). Fails with a BaseError for a ref that names no commit or a commit without `dist/`.
 */
export function gitBase(root: string, ref: string): Base {
  if (ref === '' || ref.startsWith('-')) {
    throw new BaseError(
      `--base: "${ref}" is not a git ref; give a branch, tag or commit, e.g. --base HEAD or --base origin/main`,
    );
  }
  const resolved = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (resolved.status !== 0) {
    const inRepository = git(root, ['rev-parse', '--git-dir']).status === 0;
    throw new BaseError(
      inRepository
        ? `--base: "${ref}" names no commit of this repository; give a branch, tag or commit, e.g. --base HEAD or --base origin/main (fetch it first if it is remote)`
        : `--base: ${root} is not a git repository, so --base "${ref}" cannot be read; plan inside a clone`,
    );
  }
  const commit = resolved.stdout.trim();
  const label = `${ref} (${commit.slice(0, 7)})`;
  const listing = git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', 'dist/']);
  if (listing.status !== 0) {
    throw new BaseError(`--base ${label}: git ls-tree failed: ${listing.stderr.trim()}`);
  }
  const blobs = new Map<string, Map<string, string>>();
  for (const entry of listing.stdout.split('\0').filter((line) => line !== '')) {
    const [meta, file] = entry.split('\t');
    const [, type, id] = meta.split(' ');
    const [top, env, ...rest] = file.split('/');
    if (top !== 'dist' || type !== 'blob' || env === undefined) {
      continue;
    }
    const inEnv = blobs.get(env) ?? new Map<string, string>();
    blobs.set(env, inEnv);
    const name = rest.join('/');
    if (CHART_FILE.test(name) || GITOPS_FILES.includes(name)) {
      inEnv.set(name, id);
    }
  }
  if (blobs.size === 0) {
    throw new BaseError(
      `--base ${label}: the commit has no dist/ folder; plan against a commit where \`npm run synth\` wrote and committed dist/`,
    );
  }
  return {
    label,
    environments: [...blobs.keys()].sort(),
    folder: (env) => {
      const ids = blobs.get(env) ?? new Map<string, string>();
      return {
        files: [...ids.keys()].filter((file) => CHART_FILE.test(file)).sort(),
        holds: (file, text) => ids.get(file) === blobId(text),
        read: (files) => readBlobs(root, label, env, files, ids),
        readGitOps: () =>
          readBlobs(
            root,
            label,
            env,
            GITOPS_FILES.filter((file) => ids.has(file)),
            ids,
          ),
      };
    },
  };
}

/** Reads blobs with one `git cat-file --batch`: each answer is `<id> blob <size>\n<content>\n`. */
function readBlobs(
  root: string,
  label: string,
  env: string,
  files: readonly string[],
  ids: ReadonlyMap<string, string>,
): Map<string, string> {
  const texts = new Map<string, string>();
  if (files.length === 0) {
    return texts;
  }
  const result = spawnSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: files.map((file) => ids.get(file)).join('\n') + '\n',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const out = result.stdout;
  let offset = 0;
  for (const file of files) {
    const newline = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, newline).toString('utf8').split(' ');
    if (result.status !== 0 || newline < 0 || header[1] !== 'blob') {
      throw new BaseError(`--base ${label}: git cat-file could not read dist/${env}/${file}`);
    }
    const size = Number(header[2]);
    texts.set(file, out.subarray(newline + 1, newline + 1 + size).toString('utf8'));
    offset = newline + 1 + size + 1;
  }
  return texts;
}

/** The `dist/` on disk (the previous synthesis): what `npm run synth` compares with before it writes. */
export function diskBase(outdir: string): Base {
  const environments = fs.existsSync(outdir)
    ? fs
        .readdirSync(outdir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    label: `${path.basename(outdir)}/ on disk`,
    environments,
    folder: (env) => {
      const dir = path.join(outdir, env);
      const files = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((name) => CHART_FILE.test(name))
            .sort()
        : [];
      const present = new Set(files);
      const cache = new Map<string, string>();
      const text = (file: string): string => {
        if (!cache.has(file)) {
          cache.set(file, fs.readFileSync(path.join(dir, file), 'utf8'));
        }
        return cache.get(file)!;
      };
      return {
        files,
        holds: (file, content) => present.has(file) && text(file) === content,
        read: (names) => new Map(names.map((name) => [name, text(name)])),
        readGitOps: () =>
          new Map(
            GITOPS_FILES.filter((file) => fs.existsSync(path.join(dir, file))).map((file) => [
              file,
              fs.readFileSync(path.join(dir, file), 'utf8'),
            ]),
          ),
      };
    },
  };
}
