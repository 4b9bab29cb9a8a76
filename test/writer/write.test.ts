import * as fs from 'fs';
import * as path from 'path';
import { FSYNC_EACH_UP_TO, makeDurable, syncFileSystem, writeTree } from '../../lib/writer/write';
import { readTree, tempDir } from '../files';

describe('writeTree', () => {
  let root: string;
  beforeEach(() => (root = tempDir()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each([false, true])('writes exactly the given files, in subfolders too (durable: %s)', (durable) => {
    const dir = path.join(root, 'dist', 'dev');
    writeTree(
      dir,
      new Map([
        ['a.k8s.yaml', 'kind: A\n'],
        ['argocd/application.yaml', 'kind: Application\n'],
      ]),
      durable,
    );
    expect(readTree(dir)).toEqual({ 'a.k8s.yaml': 'kind: A\n', 'argocd/application.yaml': 'kind: Application\n' });
  });

  it('makes a durable tree durable with one syncfs of its file system on Linux', () => {
    expect(syncFileSystem(root)).toBe(process.platform === 'linux');
    // A large tree's files are not opened one by one: a name that is not there goes unnoticed.
    const files = Array.from({ length: FSYNC_EACH_UP_TO }, (_, index) => path.join(root, `${index}.yaml`));
    files.forEach((file) => fs.writeFileSync(file, 'kind: A\n'));
    const durable = () => makeDurable(root, [...files, path.join(root, 'missing.yaml')], [root]);
    if (process.platform === 'linux') {
      expect(durable).not.toThrow();
    } else {
      expect(durable).toThrow(/ENOENT/);
    }
  });

  it('fsyncs each file and folder of a small tree, which costs less than starting `sync`', () => {
    const files = Array.from({ length: FSYNC_EACH_UP_TO - 2 }, (_, index) => path.join(root, `${index}.yaml`));
    files.forEach((file) => fs.writeFileSync(file, 'kind: A\n'));
    expect(() => makeDurable(root, files, [root])).not.toThrow();
    // Each file is fsynced by name: one that is not there fails.
    expect(() => makeDurable(root, [...files, path.join(root, 'missing.yaml')], [root])).toThrow(/ENOENT/);
  });

  it('fsyncs each file and folder instead where `sync --file-system` cannot run, writing the same files', () => {
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(root, 'no-commands-here');
    try {
      expect(syncFileSystem(root)).toBe(false);
      // Each file is fsynced by name: one that is not there fails.
      expect(() => makeDurable(root, [path.join(root, 'missing.yaml')], [root])).toThrow(/ENOENT/);
      const dir = path.join(root, 'dev');
      writeTree(dir, new Map([['argocd/application.yaml', 'kind: Application\n']]), true);
      expect(readTree(dir)).toEqual({ 'argocd/application.yaml': 'kind: Application\n' });
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('refuses a directory that exists, rather than mix its files with the new ones', () => {
    const dir = path.join(root, 'dev');
    fs.mkdirSync(dir);
    expect(() => writeTree(dir, new Map([['a.k8s.yaml', 'x']]))).toThrow(/EEXIST/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
