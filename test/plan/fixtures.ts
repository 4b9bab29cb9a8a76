import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Environment } from '../../lib/config/environment';
import { GITOPS_FILES, gitOpsFiles } from '../../lib/gitops/gitops-files';
import { BaseFolder } from '../../lib/plan/base';
import { Json } from '../../lib/plan/identity';
import { RenderedFile } from '../../lib/writer/render';
import { toYaml } from '../../lib/writer/yaml';
import { DEV } from '../helpers';

/** A chart file as the writer renders it, each object made by construct `<file>/<name>`. */
export function renderedFile(fileName: string, manifests: readonly Json[]): RenderedFile {
  return {
    fileName,
    objects: manifests.map((manifest) => ({ path: `${fileName}/${String(manifest.metadata.name)}`, manifest })),
    content: toYaml(manifests),
  };
}

/** A base folder held in memory: file name → YAML text (chart files, and GitOps files by their names). */
export function memoryFolder(files: Readonly<Record<string, string>>): BaseFolder {
  return {
    files: Object.keys(files)
      .filter((file) => !GITOPS_FILES.includes(file))
      .sort(),
    holds: (file, text) => files[file] === text,
    read: (names) => new Map(names.map((name) => [name, files[name]])),
    readGitOps: () => new Map(GITOPS_FILES.filter((file) => file in files).map((file) => [file, files[file]])),
  };
}

/** An environment of the project's configuration (dev's) under another name, for the working side of a plan. */
export function environment(name: string): Environment {
  return { ...DEV, name };
}

/**
 * The files of `dist/<env>/` as a synthesis of these chart files writes them, GitOps files included, by path from the
 * repository's root.
 */
export function distFiles(env: string, files: readonly RenderedFile[]): Record<string, string> {
  const all = new Map([
    ...files.map((file): [string, string] => [file.fileName, file.content]),
    ...gitOpsFiles(
      environment(env),
      files.map((file) => file.fileName),
    ),
  ]);
  return Object.fromEntries([...all].map(([file, text]) => [`dist/${env}/${file}`, text]));
}

/** A git repository in a new temporary folder with one commit of these files (relative path → text). */
export function gitRepository(files: Readonly<Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  commitFiles(root, files, 'base');
  return root;
}

/** Writes the files into the repository and commits them. */
export function commitFiles(root: string, files: Readonly<Record<string, string>>, message: string): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '-A'], { cwd: root });
  execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', message],
    {
      cwd: root,
    },
  );
}

export const labels = { app: 'web' };

/** A Deployment of the web namespace, as the writer would write it, with changes applied. */
export function deployment(edit: (manifest: Json) => void = () => undefined): Json {
  const manifest: Json = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', envFrom: [{ configMapRef: { name: 'settings-0123456789' } }] },
          ],
        },
      },
    },
  };
  edit(manifest);
  return manifest;
}

export function configMap(name: string, data: Record<string, string>): Json {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'web' }, data };
}

export function namespace(name: string): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function claim(name: string, storage: string, className = 'standard'): Json {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'web' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: className, resources: { requests: { storage } } },
  };
}
