import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { replaceDirectory } from '../../lib/writer/write';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'write-test-'));
}

describe('replaceDirectory', () => {
  it('replaces the directory with exactly the given files', () => {
    const root = tempDir();
    const dir = path.join(root, 'dev');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'removed.k8s.yaml'), 'old');
    replaceDirectory(dir, new Map([['a.k8s.yaml', 'kind: A\n']]));
    expect(fs.readdirSync(dir)).toEqual(['a.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'a.k8s.yaml'), 'utf8')).toBe('kind: A\n');
    expect(fs.readdirSync(root)).toEqual(['dev']);
  });

  it('creates the directory when it does not exist', () => {
    const dir = path.join(tempDir(), 'dist', 'dev');
    replaceDirectory(dir, new Map([['a.k8s.yaml', 'x']]));
    expect(fs.readdirSync(dir)).toEqual(['a.k8s.yaml']);
  });

  it('leaves the old directory as it was and no staging folder when writing fails', () => {
    const root = tempDir();
    const dir = path.join(root, 'dev');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'kept.k8s.yaml'), 'old');
    expect(() =>
      replaceDirectory(
        dir,
        new Map([
          ['good.k8s.yaml', 'x'],
          ['good.k8s.yaml/bad.k8s.yaml', 'y'],
        ]),
      ),
    ).toThrow(/EEXIST|ENOTDIR/);
    expect(fs.readdirSync(dir)).toEqual(['kept.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'kept.k8s.yaml'), 'utf8')).toBe('old');
    expect(fs.readdirSync(root)).toEqual(['dev']);
  });
});

describe('replaceDirectory with folders', () => {
  it('writes files in subfolders', () => {
    const dir = path.join(tempDir(), 'dev');
    replaceDirectory(dir, new Map([['argocd/application.yaml', 'kind: Application\n']]));
    expect(fs.readFileSync(path.join(dir, 'argocd', 'application.yaml'), 'utf8')).toBe('kind: Application\n');
  });
});
