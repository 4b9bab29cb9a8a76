import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BaseError, diskBase, gitBase } from '../../lib/plan/base';
import { planEnvironment } from '../../lib/plan/plan';
import { commitFiles, deployment, gitRepository, namespace, renderedFile } from './fixtures';

const file = renderedFile('web.k8s.yaml', [namespace('web'), deployment()]);

describe('gitBase', () => {
  let repo: string;
  beforeAll(() => {
    repo = gitRepository({ 'dist/dev/web.k8s.yaml': file.content, 'dist/dev/Kustomization': 'x', 'README.md': 'r' });
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it("lists the commit's environments and their chart files only", () => {
    const base = gitBase(repo, 'HEAD');
    expect(base.label).toMatch(/^HEAD \([0-9a-f]{7}\)$/);
    expect(base.environments).toEqual(['dev']);
    expect(base.folder('dev').files).toEqual(['web.k8s.yaml']);
  });

  it('tells a file with the same bytes by its blob id, and reads the others with git cat-file', () => {
    const folder = gitBase(repo, 'HEAD').folder('dev');
    expect(folder.holds('web.k8s.yaml', file.content)).toBe(true);
    expect(folder.holds('web.k8s.yaml', `${file.content}# changed\n`)).toBe(false);
    expect(folder.read(['web.k8s.yaml']).get('web.k8s.yaml')).toBe(file.content);
  });

  it('reads the base as of an older commit', () => {
    const older = gitRepository({ 'dist/dev/web.k8s.yaml': file.content });
    try {
      commitFiles(older, { 'dist/dev/web.k8s.yaml': renderedFile('web.k8s.yaml', [namespace('web')]).content }, 'next');
      const plan = planEnvironment(
        { name: 'dev', release: '1.27', files: [file] },
        gitBase(older, 'HEAD~1').folder('dev'),
        'HEAD~1',
      );
      expect(plan.objects).toEqual([]);
      const next = planEnvironment(
        { name: 'dev', release: '1.27', files: [file] },
        gitBase(older, 'HEAD').folder('dev'),
        'HEAD',
      );
      expect(next.objects.map((object) => `${object.action} ${object.id.kind}`)).toEqual(['create Deployment']);
    } finally {
      fs.rmSync(older, { recursive: true, force: true });
    }
  });

  it('refuses a ref that names no commit, saying what to give', () => {
    expect(() => gitBase(repo, 'no-such-branch')).toThrow(
      new BaseError(
        '--base: "no-such-branch" names no commit of this repository; give a branch, tag or commit, e.g. --base HEAD or --base origin/main (fetch it first if it is remote)',
      ),
    );
    expect(() => gitBase(repo, '--upload-pack=x')).toThrow(
      /^--base: "--upload-pack=x" is not a git ref; give a branch/,
    );
  });

  it('refuses a folder that is not a git repository', () => {
    const plain = fs.mkdtempSync(path.join(path.dirname(repo), 'plain-'));
    try {
      expect(() => gitBase(plain, 'HEAD')).toThrow(
        `--base: ${plain} is not a git repository, so --base "HEAD" cannot be read; plan inside a clone`,
      );
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('refuses a commit without dist/', () => {
    const bare = gitRepository({ 'README.md': 'no dist here' });
    try {
      expect(() => gitBase(bare, 'main')).toThrow(
        /^--base main \([0-9a-f]{7}\): the commit has no dist\/ folder; plan against a commit where `npm run synth` wrote and committed dist\/$/,
      );
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('diskBase', () => {
  it('compares with the bytes on disk and treats a missing folder as empty', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-dist-'));
    try {
      fs.mkdirSync(path.join(outdir, 'dev'));
      fs.writeFileSync(path.join(outdir, 'dev', 'web.k8s.yaml'), file.content);
      const base = diskBase(outdir);
      expect(base.environments).toEqual(['dev']);
      expect(base.folder('dev').holds('web.k8s.yaml', file.content)).toBe(true);
      expect(base.folder('dev').holds('other.k8s.yaml', file.content)).toBe(false);
      expect(base.folder('prod').files).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
