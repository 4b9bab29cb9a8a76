import * as fs from 'fs';
import * as path from 'path';
import { writeTree } from '../../lib/writer/write';
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

  it('refuses a directory that exists, rather than mix its files with the new ones', () => {
    const dir = path.join(root, 'dev');
    fs.mkdirSync(dir);
    expect(() => writeTree(dir, new Map([['a.k8s.yaml', 'x']]))).toThrow(/EEXIST/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
