import * as fs from 'fs';
import * as path from 'path';
import { readSealedStore } from '../../lib/secrets/sealed-store';
import { tempDir } from '../files';

describe('readSealedStore', () => {
  it('reads sealed values by namespace/name and key', () => {
    const file = path.join(tempDir(), 'dev.sealed.json');
    fs.writeFileSync(file, JSON.stringify({ 'ns/creds': { USER: 'AgBx==' } }));
    expect(readSealedStore(file)).toEqual({ 'ns/creds': { USER: 'AgBx==' } });
  });

  it('is empty when the file does not exist', () => {
    expect(readSealedStore(path.join(tempDir(), 'none.json'))).toEqual({});
  });

  it('fails for a value that is not base64, telling to seal again', () => {
    const file = path.join(tempDir(), 'dev.sealed.json');
    fs.writeFileSync(file, JSON.stringify({ 'ns/creds': { USER: 'plain text!' } }));
    expect(() => readSealedStore(file)).toThrow(
      /ns\/creds\.USER: must be base64\nfix: run `npm run seal` again rather than editing it/,
    );
  });

  it('for a key that is not namespace/name, says to remove that entry, since sealing again cannot', () => {
    const file = path.join(tempDir(), 'dev.sealed.json');
    fs.writeFileSync(file, JSON.stringify({ oops: { USER: 'AgBx==' }, 'ns/creds': { USER: 'AgBx==' } }));
    expect(() => readSealedStore(file)).toThrow(
      /oops: must be "namespace\/name"\nfix: remove the entries whose key is not "namespace\/name" \(they name no Secret\), then `npm run seal` them again under "namespace\/name"$/,
    );
  });
});
