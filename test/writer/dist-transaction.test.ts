import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  JOURNAL_FILE,
  OutputChangedError,
  Step,
  readConsistently,
  recover,
  replaceFolders,
} from '../../lib/writer/dist-transaction';
import { readTree, tempDir } from '../files';
import { REPOSITORY, runNode, runNodeAsync } from '../project-copy';
import { bundleArgs, cachedBundle } from '../script-bundle';

/** The fs module itself, whose functions a test can replace (the `import * as` namespace has read-only getters). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

/** transaction-child.ts, bundled: the child is node itself (SIGKILL reaches it) and starts with no TypeScript loader. */
const CHILD = cachedBundle(REPOSITORY, 'test/writer/transaction-child.ts');

/** The files of one folder, each holding `label`. */
function filesOf(label: string): Map<string, string> {
  return new Map([
    ['a.k8s.yaml', `${label}\n`],
    ['argocd/application.yaml', `${label}\n`],
  ]);
}

/** A tree of folders dev and prod, every file holding `label`, as `readTree` reads it. */
function treeOf(label: string, folders = ['dev', 'prod']): Record<string, string> {
  return Object.fromEntries(
    folders.flatMap((folder) => [...filesOf(label)].map(([file, content]) => [path.join(folder, file), content])),
  );
}

function replace(
  outdir: string,
  label: string,
  afterStep?: (step: Step) => void,
  replaceWith: typeof replaceFolders = replaceFolders,
): void {
  replaceWith(
    outdir,
    new Map([
      ['dev', filesOf(label)],
      ['prod', filesOf(label)],
    ]),
    { afterStep },
  );
}

type Transaction = typeof import('../../lib/writer/dist-transaction');

/**
 * The transaction module loaded anew, for a test that replaced an fs function with jest.spyOn first: swc's CommonJS
 * output copies a module's `fs` functions when it loads (TypeScript's reads them at each call), so only a module loaded
 * after the spy calls it.
 */
function loadedAfterSpies(): Transaction {
  let loaded: Transaction | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('../../lib/writer/dist-transaction') as Transaction;
  });
  return loaded as Transaction;
}

/** An output directory holding folders dev and prod of the "old" synthesis. */
function oldOutput(): string {
  const outdir = tempDir();
  replace(outdir, 'old');
  return outdir;
}

/** Every step of a swap of dev and prod where both existed, in order. */
const STEPS: Step[] = [
  'locked',
  'recovered',
  'staged',
  'journal-written',
  'backed-up:dev',
  'swapped:dev',
  'backed-up:prod',
  'swapped:prod',
  'committed',
  'backups-deleted',
  'done',
];
const BEFORE_COMMIT = STEPS.slice(0, STEPS.indexOf('committed'));
const FROM_COMMIT = STEPS.slice(STEPS.indexOf('committed'));

let outdirs: string[] = [];
function tracked(outdir: string): string {
  outdirs.push(outdir);
  return outdir;
}
afterEach(() => {
  jest.restoreAllMocks();
  outdirs.forEach((outdir) => fs.rmSync(outdir, { recursive: true, force: true }));
  outdirs = [];
});

describe('replaceFolders', () => {
  it('goes through the steps in order and leaves only the new folders', () => {
    const outdir = tracked(oldOutput());
    const steps: Step[] = [];
    replace(outdir, 'new', (step) => steps.push(step));
    expect(steps).toEqual(STEPS);
    expect(readTree(outdir)).toEqual(treeOf('new'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it('leaves a folder that already holds exactly the new files as it is, and swaps only the others', () => {
    const outdir = tracked(oldOutput());
    const inode = (relative: string) => fs.statSync(path.join(outdir, relative)).ino;
    const before = {
      folder: inode('dev'),
      file: inode('dev/a.k8s.yaml'),
      nested: inode('dev/argocd/application.yaml'),
    };
    const steps: Step[] = [];
    replaceFolders(
      outdir,
      new Map([
        ['dev', filesOf('old')],
        ['prod', filesOf('new')],
      ]),
      { afterStep: (step) => steps.push(step) },
    );
    expect(steps).toEqual(STEPS.filter((step) => !step.endsWith(':dev')));
    expect({
      folder: inode('dev'),
      file: inode('dev/a.k8s.yaml'),
      nested: inode('dev/argocd/application.yaml'),
    }).toEqual(before);
    expect(readTree(outdir)).toEqual({ ...treeOf('old', ['dev']), ...treeOf('new', ['prod']) });

    steps.length = 0;
    replace(outdir, 'old', (step) => steps.push(step));
    replace(outdir, 'old', (step) => steps.push(step));
    expect(steps).toEqual([...STEPS.filter((step) => !step.endsWith(':dev')), 'locked', 'recovered']);
    expect(inode('dev')).toBe(before.folder);
    expect(readTree(outdir)).toEqual(treeOf('old'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it.each<[string, (dev: string) => void]>([
    ['a file more', (dev) => fs.writeFileSync(path.join(dev, 'stray.yaml'), 'old\n')],
    ['an empty folder more', (dev) => fs.mkdirSync(path.join(dev, 'argocd', 'empty'))],
    ['a file less', (dev) => fs.rmSync(path.join(dev, 'argocd', 'application.yaml'))],
    ['a file of other bytes', (dev) => fs.writeFileSync(path.join(dev, 'a.k8s.yaml'), 'old\r\n')],
    [
      'a folder where a file belongs',
      (dev) => {
        fs.rmSync(path.join(dev, 'a.k8s.yaml'));
        fs.mkdirSync(path.join(dev, 'a.k8s.yaml'));
      },
    ],
    [
      'a symbolic link to the same text',
      (dev) => {
        const elsewhere = path.join(tracked(tempDir()), 'a.k8s.yaml');
        fs.renameSync(path.join(dev, 'a.k8s.yaml'), elsewhere);
        fs.symlinkSync(elsewhere, path.join(dev, 'a.k8s.yaml'));
      },
    ],
  ])('replaces a folder that holds %s, and only that folder', (_case, change) => {
    const outdir = tracked(oldOutput());
    change(path.join(outdir, 'dev'));
    const steps: Step[] = [];
    replace(outdir, 'old', (step) => steps.push(step));
    expect(steps).toContain('swapped:dev');
    expect(steps).not.toContain('swapped:prod');
    expect(readTree(outdir)).toEqual(treeOf('old'));
    expect(fs.lstatSync(path.join(outdir, 'dev', 'a.k8s.yaml')).isFile()).toBe(true);
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it('creates folders that did not exist, and an output directory that did not', () => {
    const outdir = path.join(tracked(tempDir()), 'dist');
    replace(outdir, 'new');
    expect(readTree(outdir)).toEqual(treeOf('new'));
  });

  it('refuses a folder name that is hidden or a path', () => {
    const outdir = tracked(tempDir());
    for (const name of ['.synth-new-x', 'a/b', '']) {
      expect(() => replaceFolders(outdir, new Map([[name, filesOf('x')]]))).toThrow(
        `${outdir}: cannot write a folder named "${name}"`,
      );
    }
  });

  it.each(BEFORE_COMMIT)('leaves every folder as it was when the step %s fails', (failing) => {
    const outdir = tracked(oldOutput());
    expect(() =>
      replace(outdir, 'new', (step) => {
        if (step === failing) {
          throw new Error(`injected failure after ${step}`);
        }
      }),
    ).toThrow(new Error(`injected failure after ${failing}`));
    expect(readTree(outdir)).toEqual(treeOf('old'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it.each(FROM_COMMIT)('says that every folder was replaced when the step %s fails after the commit', (failing) => {
    const outdir = tracked(oldOutput());
    const run = () =>
      replace(outdir, 'new', (step) => {
        if (step === failing) {
          throw new Error('injected');
        }
      });
    // Once: a second run finds the folders new already, and leaves them.
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OutputChangedError);
    expect((thrown as Error).message).toContain(
      `${path.join(outdir, 'dev')}, ${path.join(outdir, 'prod')} replaced with the new synthesis`,
    );
    recover(outdir);
    expect(readTree(outdir)).toEqual(treeOf('new'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it('removes a folder it created when a later folder fails', () => {
    const outdir = tracked(tempDir());
    replaceFolders(outdir, new Map([['dev', filesOf('old')]]));
    expect(() =>
      replace(outdir, 'new', (step) => {
        if (step === 'swapped:prod') {
          throw new Error('injected');
        }
      }),
    ).toThrow('injected');
    expect(readTree(outdir)).toEqual(treeOf('old', ['dev']));
    expect(fs.readdirSync(outdir)).toEqual(['dev']);
  });

  it('leaves every folder as it was when writing a file fails with ENOSPC', () => {
    const outdir = tracked(oldOutput());
    const write = fs.writeFileSync;
    const stagingProd = (name: string) => name.startsWith('.synth-new-') && name.endsWith('-prod');
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (data === 'new\n' && fs.readdirSync(outdir).some(stagingProd)) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return write(file, data, options);
    });
    const { replaceFolders: replaceWithSpy } = loadedAfterSpies();
    expect(() => replace(outdir, 'new', undefined, replaceWithSpy)).toThrow('ENOSPC: no space left on device');
    expect(spy.mock.results.filter((result) => result.type === 'throw')).toHaveLength(1);
    jest.restoreAllMocks();
    expect(readTree(outdir)).toEqual(treeOf('old'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it('says exactly what changed when the rollback fails too, and the next run restores the rest', () => {
    const outdir = tracked(oldOutput());
    let error: Error | undefined;
    let renamesFail = false;
    const rename = fs.renameSync;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (renamesFail) {
        throw new Error('EIO: i/o error, rename');
      }
      return rename(from, to);
    });
    const transaction = loadedAfterSpies();
    try {
      replace(
        outdir,
        'new',
        (step) => {
          if (step === 'backed-up:prod') {
            renamesFail = true;
            throw new Error('injected');
          }
        },
        transaction.replaceFolders,
      );
    } catch (caught) {
      error = caught as Error;
    }
    jest.restoreAllMocks();
    expect(error).toBeInstanceOf(transaction.OutputChangedError);
    const backup = fs.readdirSync(outdir).filter((name) => name.startsWith('.synth-old-'));
    expect(error!.message).toBe(
      [
        'injected',
        'rolling back failed too: EIO: i/o error, rename',
        `${path.join(outdir, 'dev')}: the new synthesis; the previous one is in ${path.join(
          outdir,
          backup.find((name) => name.endsWith('-dev'))!,
        )}`,
        `${path.join(outdir, 'prod')}: missing; the previous one is in ${path.join(
          outdir,
          backup.find((name) => name.endsWith('-prod'))!,
        )}`,
        `the next \`npm run synth\` (or \`npm run synth -- --check\`) restores the previous folders from ${path.join(outdir, JOURNAL_FILE)}`,
      ].join('\n'),
    );
    readConsistently(outdir, () => undefined);
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
    expect(readTree(outdir)).toEqual(treeOf('old'));
  });
});

describe('recover', () => {
  it('restores the folders that the writer before the journal left renamed away, and removes its staging folders', () => {
    const outdir = tracked(oldOutput());
    fs.renameSync(path.join(outdir, 'dev'), path.join(outdir, '.dev-old-AbC123'));
    fs.mkdirSync(path.join(outdir, '.prod-new-XyZ789'));
    fs.mkdirSync(path.join(outdir, '.prod-old-QwE456'));
    expect(recover(outdir)).toEqual([
      'restored dev from .dev-old-AbC123, left by an interrupted synthesis',
      'removed .prod-new-XyZ789, left by an interrupted synthesis',
      'removed .prod-old-QwE456, left by an interrupted synthesis',
    ]);
    expect(readTree(outdir)).toEqual(treeOf('old'));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  });

  it('refuses a journal it did not write rather than rename what it names', () => {
    const outdir = tracked(oldOutput());
    fs.writeFileSync(
      path.join(outdir, JOURNAL_FILE),
      JSON.stringify({
        version: 1,
        state: 'swapping',
        run: 'x',
        folders: [{ name: '../etc', staging: 'a', backup: 'b' }],
      }),
    );
    expect(() => recover(outdir)).toThrow(`${path.join(outdir, JOURNAL_FILE)} is not a journal this project wrote`);
  });
});

describe('the names the transaction uses under dist/', () => {
  it('are ignored by git, the lock, the journal, staging and backup folders, and the old writer leftovers', () => {
    const names = [
      'dist/.synth.lock',
      'dist/.synth.lock.123-0a1b.tmp',
      'dist/.synth-journal.json',
      'dist/.synth-journal.json.tmp',
      'dist/.synth-new-mx3ls6xo-aac2bd-dev/a.k8s.yaml',
      'dist/.synth-old-mx3ls6xo-aac2bd-prod/a.k8s.yaml',
      'dist/.dev-new-AbC123/a.k8s.yaml',
      'dist/.prod-old-AbC123/a.k8s.yaml',
    ];
    const ignored = spawnSync('git', ['check-ignore', '--no-index', ...names], { cwd: REPOSITORY, encoding: 'utf8' });
    expect(ignored.stdout.split('\n').filter((line) => line !== '')).toEqual(names);
    const kept = spawnSync('git', ['check-ignore', '--no-index', 'dist/dev/web.k8s.yaml', 'dist/.notes'], {
      cwd: REPOSITORY,
      encoding: 'utf8',
    });
    expect(kept.stdout).toBe('');
  });
});

describe('a synthesis killed at each step (child process, SIGKILL)', () => {
  it.each(STEPS)(
    'is killed after %s, and the next run finds every folder entirely old or entirely new',
    (step) => {
      const outdir = tracked(oldOutput());
      const killed = runNode(REPOSITORY, bundleArgs(CHILD, 'replace', outdir, 'new'), { K8S_COURSE_FAULT: step });
      expect(killed.signal).toBe('SIGKILL');
      const committed = FROM_COMMIT.includes(step);
      const repairs: string[] = [];
      readConsistently(outdir, () => undefined, { onRecover: (done) => repairs.push(...done) });
      expect(readTree(outdir)).toEqual(treeOf(committed ? 'new' : 'old'));
      expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
      if (['journal-written', 'backed-up:dev', 'swapped:dev', 'backed-up:prod', 'swapped:prod'].includes(step)) {
        expect(repairs[0]).toMatch(/^rolled back an interrupted synthesis \(pid \d+\) of dev, prod/);
      }
      if (step === 'committed') {
        expect(repairs[0]).toMatch(/^finished an interrupted synthesis \(pid \d+\) of dev, prod: it had committed/);
      }
    },
    30_000,
  );
});

describe('concurrent synthesis (child processes on one output directory)', () => {
  it('never interleaves: each run replaces every folder, and the last one wins entirely', async () => {
    const outdir = tracked(oldOutput());
    const runs = await Promise.all(
      ['a', 'b', 'c'].map((label) => runNodeAsync(REPOSITORY, bundleArgs(CHILD, 'replace', outdir, label))),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    const tree = readTree(outdir);
    const label = tree[path.join('dev', 'a.k8s.yaml')].trim();
    expect(['a', 'b', 'c']).toContain(label);
    expect(tree).toEqual(treeOf(label));
    expect(fs.readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
  }, 60_000);
});
