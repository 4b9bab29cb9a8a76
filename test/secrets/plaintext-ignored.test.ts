import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** Whether git ignores the path (it need not exist: check-ignore --no-index reads the patterns alone). */
function ignored(file: string): boolean {
  const result = spawnSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: ROOT });
  if (result.status === 128) {
    throw new Error(`git check-ignore failed: ${result.stderr}`);
  }
  return result.status === 0;
}

describe('plaintext values stay out of git', () => {
  test.each([
    'secrets/plain/dev.json',
    'secrets/plain/prod.json',
    'secrets/plain/prod.json~',
    'secrets/plain/.prod.json.swp',
    'secrets/plain/prod.json.bak',
    'secrets/plain/prod.yaml',
    'secrets/plain/notes.txt',
    'secrets/plain/nested/deeper/anything',
    'secrets/plain/README.md',
  ])('git ignores anything in secrets/plain/: %s', (file) => {
    expect(ignored(file)).toBe(true);
  });

  test.each([
    'secrets/dev.values.json',
    'secrets/dev.values.json~',
    'secrets/.dev.values.json.swp',
    'secrets/dev.values.json.bak',
    'secrets/dev.values.yaml',
    'secrets/prod.plain.json',
    'dev.values.json',
    'tmp/prod.values.json',
  ])('git ignores plaintext beside the old path and copies elsewhere: %s', (file) => {
    expect(ignored(file)).toBe(true);
  });

  test.each(['secrets/dev.pem', 'secrets/prod.pem', 'secrets/dev.sealed.json', 'secrets/prod.sealed.json'])(
    'git keeps the committed certificate and sealed store %s',
    (file) => {
      expect(ignored(file)).toBe(false);
    },
  );
});
