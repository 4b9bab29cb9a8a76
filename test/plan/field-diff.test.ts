import { formatPath } from '../../lib/checks/field-path';
import { diffValues, sameValue, valueAt } from '../../lib/plan/field-diff';

describe('diffValues', () => {
  it('ignores key order', () => {
    expect(diffValues({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
  });

  it('reports each changed leaf with its path and both values, an absent field as undefined', () => {
    expect(diffValues({ spec: { replicas: 1, paused: true } }, { spec: { replicas: 2, minReadySeconds: 5 } })).toEqual([
      { path: ['spec', 'minReadySeconds'], before: undefined, after: 5 },
      { path: ['spec', 'paused'], before: true, after: undefined },
      { path: ['spec', 'replicas'], before: 1, after: 2 },
    ]);
  });

  it('matches the items of a list of named items by name, not by position', () => {
    const before = {
      containers: [
        { name: 'a', image: 'x:1' },
        { name: 'b', image: 'y:1' },
      ],
    };
    const after = {
      containers: [
        { name: 'b', image: 'y:2' },
        { name: 'a', image: 'x:1' },
      ],
    };
    const changes = diffValues(before, after);
    expect(changes).toEqual([{ path: ['containers', { name: 'b' }, 'image'], before: 'y:1', after: 'y:2' }]);
    expect(formatPath(changes[0].path)).toBe('containers[name=b].image');
  });

  it('compares other lists index by index', () => {
    expect(diffValues({ args: ['a', 'b'] }, { args: ['a', 'c', 'd'] })).toEqual([
      { path: ['args', 1], before: 'b', after: 'c' },
      { path: ['args', 2], before: undefined, after: 'd' },
    ]);
  });
});

describe('formatPath and valueAt', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
  });

  it('finds a named item', () => {
    expect(valueAt({ c: [{ name: 'x', v: 1 }] }, ['c', { name: 'x' }, 'v'])).toBe(1);
    expect(valueAt({ c: [] }, ['c', { name: 'x' }, 'v'])).toBeUndefined();
  });
});
