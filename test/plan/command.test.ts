import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine } from '../../lib/cli/args';
import { BaseError } from '../../lib/plan/base';
import { planCommand, PLAN_COMMAND } from '../../lib/plan/command';
import { SynthesizedEnvironment } from '../../lib/synthesize';
import { RenderedFile } from '../../lib/writer/render';
import { commitFiles, deployment, distFiles, environment, gitRepository, namespace, renderedFile } from './fixtures';
import { REPOSITORY, runNode } from '../project-copy';
import { bundleArgs, cachedBundle } from '../script-bundle';

const web = renderedFile('web.k8s.yaml', [namespace('web'), deployment()]);

function synthesized(
  files: Readonly<Record<string, readonly RenderedFile[]>>,
): Pick<SynthesizedEnvironment, 'env' | 'files'>[] {
  return Object.entries(files).map(([name, rendered]) => ({
    env: environment(name),
    files: rendered,
  }));
}

/** Runs the plan command on a repository, returning its exit code and what it printed. */
function plan(root: string, argv: readonly string[], files: Readonly<Record<string, readonly RenderedFile[]>>) {
  let out = '';
  const line = parseCommandLine(PLAN_COMMAND, argv);
  const code = planCommand(line, {
    root,
    render: (names) => synthesized(files).filter(({ env }) => names.length === 0 || names.includes(env.name)),
    out: (text) => (out += text),
  });
  return { code, out };
}

/** Every file of a folder with its content, to show that a command wrote nothing. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.parentPath.includes(`${path.sep}.git`)) {
      files[path.relative(root, path.join(entry.parentPath, entry.name))] = fs.readFileSync(
        path.join(entry.parentPath, entry.name),
        'utf8',
      );
    }
  }
  return files;
}

describe('npm run plan', () => {
  let repo: string;
  beforeAll(() => {
    repo = gitRepository({ ...distFiles('dev', [web]), ...distFiles('prod', [web]) });
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('exits 0 and says so when nothing changes', () => {
    expect(plan(repo, [], { dev: [web], prod: [web] })).toEqual({
      code: 0,
      out: expect.stringMatching(/^dev: nothing changes \(against HEAD \([0-9a-f]{7}\)\)\n\nprod: nothing changes/),
    });
  });

  it('exits 1 with the plan when something changes, in each format', () => {
    const changed = renderedFile('web.k8s.yaml', [namespace('web'), deployment((d) => (d.spec.replicas = 5))]);
    const text = plan(repo, ['--env', 'dev'], { dev: [changed], prod: [web] });
    expect(text.code).toBe(1);
    expect(text.out).toContain('dev: 0 created, 1 changed, 0 deleted, 0 roll pods, 0 refused');
    expect(text.out).toContain('  ~ change Deployment web/web: restarts nothing\n      spec.replicas: 2 → 5\n');
    const markdown = plan(repo, ['--env', 'dev', '--format', 'markdown'], { dev: [changed] });
    expect(markdown.out).toContain('| ✏️ change | `Deployment web/web` | restarts nothing | `spec.replicas: 2 → 5` |');
    const json = JSON.parse(plan(repo, ['--env', 'dev', '--format', 'json'], { dev: [changed] }).out);
    expect(json.environments[0].objects[0]).toMatchObject({
      action: 'change',
      kind: 'Deployment',
      fields: [{ path: 'spec.replicas', before: 2, after: 5 }],
    });
  });

  it('exits 1 when only the Argo CD Application changes, saying what the change does', () => {
    const selfHealing = gitRepository(distFiles('dev', [web]));
    try {
      const application = path.join(selfHealing, 'dist', 'dev', 'argocd', 'application.yaml');
      fs.writeFileSync(application, fs.readFileSync(application, 'utf8').replace('selfHeal: false', 'selfHeal: true'));
      commitFiles(selfHealing, {}, 'self-heal dev');
      const result = plan(selfHealing, ['--env', 'dev'], { dev: [web] });
      expect(result.code).toBe(1);
      expect(result.out.split('\n').slice(0, 3)).toEqual([
        expect.stringMatching(/^dev: no object changes; argocd\/application\.yaml changed \(against HEAD/),
        '  ~ change argocd/application.yaml: changes made in the cluster by hand stay until the next change to the files',
        '      spec.syncPolicy.automated.selfHeal: true → false',
      ]);
    } finally {
      fs.rmSync(selfHealing, { recursive: true, force: true });
    }
  });

  it('refuses an environment the base lacks, naming the others to plan', () => {
    const lacking = gitRepository(distFiles('prod', [web]));
    try {
      expect(() => plan(lacking, [], { dev: [web], prod: [web] })).toThrow(
        new BaseError(
          `environment dev: dist/dev/ is missing at HEAD (${gitHead(lacking)}) (it has dist/prod/), so there is nothing to compare with; commit a synthesis of it first; plan the others with --env prod`,
        ),
      );
    } finally {
      fs.rmSync(lacking, { recursive: true, force: true });
    }
  });

  it('refuses a base environment the working tree no longer has, unless --env leaves it out', () => {
    expect(() => plan(repo, [], { dev: [web] })).toThrow(
      new BaseError(
        `environment prod: HEAD (${gitHead(repo)}) has dist/prod/, but lib/config/environments.ts has no environment prod (it has dev); if it was removed on purpose, delete dist/prod/ with its objects from the cluster by hand; plan the others with --env dev`,
      ),
    );
    expect(plan(repo, ['--env', 'dev'], { dev: [web] }).code).toBe(0);
  });

  it('refuses a base whose YAML does not parse, naming the file, and writes nothing', () => {
    const broken = gitRepository({ 'dist/dev/web.k8s.yaml': 'kind: Namespace\nmetadata: {name: web\n' });
    try {
      const before = snapshot(broken);
      expect(() => plan(broken, ['--env', 'dev'], { dev: [web] })).toThrow(
        /^--base HEAD \([0-9a-f]{7}\): dist\/dev\/web\.k8s\.yaml does not parse as YAML: .+/,
      );
      expect(snapshot(broken)).toEqual(before);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('refuses a base document that is not a Kubernetes object', () => {
    const odd = gitRepository({ 'dist/dev/web.k8s.yaml': '- just\n- a list\n' });
    try {
      expect(() => plan(odd, ['--env', 'dev'], { dev: [web] })).toThrow(
        /dist\/dev\/web\.k8s\.yaml: document 1 is not a Kubernetes object \(it needs kind and metadata\.name\)$/,
      );
    } finally {
      fs.rmSync(odd, { recursive: true, force: true });
    }
  });

  it('refuses an unknown format with the usage', () => {
    expect(() => parseCommandLine(PLAN_COMMAND, ['--format', 'xml'])).toThrow(
      '--format: "xml" is not one of text, markdown, json',
    );
  });
});

function gitHead(root: string): string {
  return spawnSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
}

describe('scripts/plan.ts', () => {
  /** Runs scripts/plan.ts in the repository, bundled (the command is the script's, not tsx's). */
  const run = (args: readonly string[]) =>
    runNode(REPOSITORY, bundleArgs(cachedBundle(REPOSITORY, 'scripts/plan.ts'), ...args));

  it('exits 2 with a clear message for an unknown ref, and with the usage for a bad option', () => {
    const unknown = run(['--base', 'no-such-ref-for-plan']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      'npm run plan failed: --base: "no-such-ref-for-plan" names no commit of this repository',
    );
    const format = run(['--format', 'yaml']);
    expect(format.status).toBe(2);
    expect(format.stderr).toBe(
      'npm run plan: --format: "yaml" is not one of text, markdown, json\nusage: npm run plan -- [--env <name>]... [--base <ref>] [--format <format>]\n',
    );
  }, 60_000);
});
