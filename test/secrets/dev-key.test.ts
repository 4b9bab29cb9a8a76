import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { opensWith } from '../../lib/secrets/dev-key';
import { sealValue } from '../../lib/secrets/seal';
import { throwawayKey } from './throwaway-key';

let dir: string;
let certPem: string;
let privateKey: crypto.KeyObject;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-key-test-'));
  const key = throwawayKey(dir);
  certPem = key.certPem;
  privateKey = crypto.createPrivateKey(key.keyPem);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => jest.restoreAllMocks());

describe('opensWith', () => {
  it('opens a value sealed to the key for its namespace and name, and nothing else', () => {
    const sealed = sealValue(certPem, 'shop', 'db', Buffer.from('value'));
    expect(opensWith(privateKey, 'shop/db', sealed)).toBe(true);
    expect(opensWith(privateKey, 'shop/other', sealed)).toBe(false);
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(opensWith(other, 'shop/db', sealed)).toBe(false);
    expect(opensWith(privateKey, 'shop/db', 'AA==')).toBe(false);
    expect(opensWith(privateKey, 'shop/db', '')).toBe(false);
  });

  it('decrypts a value once per key and label: the checks of every later synthesis in the process ask again', () => {
    const sealed = sealValue(certPem, 'shop', 'cache', Buffer.from('value'));
    // The module itself, not the copy of its functions that `import * as` makes; dev-key is loaded after the spy,
    // since swc's CommonJS output copies a module's functions when it loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const decrypt = jest.spyOn(require('crypto') as typeof crypto, 'privateDecrypt');
    let opensWith: typeof import('../../lib/secrets/dev-key').opensWith = () => false;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ({ opensWith } = require('../../lib/secrets/dev-key'));
    });
    for (let round = 0; round < 3; round++) {
      expect(opensWith(privateKey, 'shop/cache', sealed)).toBe(true);
      expect(opensWith(privateKey, 'shop/elsewhere', sealed)).toBe(false);
    }
    expect(decrypt).toHaveBeenCalledTimes(2);
  });
});
