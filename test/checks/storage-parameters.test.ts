import { parameterProblems } from '../../lib/checks/storage-parameters';

describe('parameterProblems', () => {
  const messages = (parameters: unknown) => parameterProblems(parameters, 'StorageClass').map(({ message }) => message);

  it('takes none, an empty value, 512 parameters and 256 KiB of keys and values', () => {
    expect(messages(undefined)).toEqual([]);
    expect(messages({ type: '' })).toEqual([]);
    expect(messages(Object.fromEntries(Array.from({ length: 512 }, (_, index) => [`k${index}`, 'v'])))).toEqual([]);
    expect(messages({ a: 'a'.repeat(256 * 1024 - 1) })).toEqual([]);
  });

  it('counts bytes as UTF-8, as the API server does', () => {
    expect(messages({ a: 'é'.repeat(128 * 1024) })).toEqual([
      'parameters hold 262145 bytes of keys and values, over the 256 KiB (262144) the API server takes of a StorageClass',
    ]);
  });

  it('refuses an empty key and more than 512 parameters', () => {
    expect(messages({ '': 'x' })).toEqual([
      'parameters has an empty key (of value "x"), which the API server refuses of a StorageClass (field can not be empty)',
    ]);
    expect(messages(Object.fromEntries(Array.from({ length: 513 }, (_, index) => [`k${index}`, 'v'])))).toEqual([
      'parameters has 513 entries, over the 512 the API server takes of a StorageClass',
    ]);
  });
});
