import * as fs from 'fs';
import * as path from 'path';
import { makeDurable, syncFileSystem, writeTree } from '../../lib/writer/write';
import { readTree, tempDir } from '../helpers';

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
