/** What an item waits for: each item it depends on, with the reason, for the message of a cycle. */
export type Dependencies<T> = ReadonlyMap<T, ReadonlyMap<T, string>>;

/**
 * Sorts `items` so that each comes after every item it depends on. Among the items free to go next, the one of the
 * lowest rank goes first, then the earliest in `items`: without dependencies this is a stable sort by rank, and a
 * dependency moves only what it has to. A dependency on an item that is not in `items` is left out. Throws when the
 * dependencies make a cycle, naming its items (by `name`) and the dependencies that make it.
 */
export function installOrder<T>(
  items: readonly T[],
  dependencies: Dependencies<T>,
  rank: (item: T) => number,
  name: (item: T) => string,
): T[] {
  const index = new Map(items.map((item, position) => [item, position]));
  const key = (item: T): [number, number] => [rank(item), index.get(item) ?? 0];
  const before = (a: T, b: T): boolean => {
    const [rankA, indexA] = key(a);
    const [rankB, indexB] = key(b);
    return rankA !== rankB ? rankA < rankB : indexA < indexB;
  };
  const waiting = new Map<T, number>();
  const dependants = new Map<T, T[]>();
  for (const [item, needs] of dependencies) {
    for (const need of needs.keys()) {
      if (index.has(item) && index.has(need) && need !== item) {
        waiting.set(item, (waiting.get(item) ?? 0) + 1);
        dependants.set(need, [...(dependants.get(need) ?? []), item]);
      }
    }
  }
  const ready = items.filter((item) => !waiting.has(item)).sort((a, b) => (before(a, b) ? -1 : 1));
  const ordered: T[] = [];
  for (let next = 0; next < ready.length; next++) {
    const item = ready[next];
    ordered.push(item);
    for (const dependant of dependants.get(item) ?? []) {
      const left = (waiting.get(dependant) ?? 0) - 1;
      waiting.set(dependant, left);
      if (left === 0) {
        insertSorted(ready, next + 1, dependant, before);
      }
    }
  }
  if (ordered.length < items.length) {
    throw new Error(cycleMessage(items, dependencies, waiting, name));
  }
  return ordered;
}

/** Inserts `item` into `list`, sorted by `before` from `from` on, after the items that do not come after it. */
function insertSorted<T>(list: T[], from: number, item: T, before: (a: T, b: T) => boolean): void {
  let low = from;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(item, list[middle])) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  list.splice(low, 0, item);
}

/** Names one cycle among the items still waiting: each item, then the dependencies (and their reasons) that make it. */
function cycleMessage<T>(
  items: readonly T[],
  dependencies: Dependencies<T>,
  waiting: ReadonlyMap<T, number>,
  name: (item: T) => string,
): string {
  const stuck = (item: T): boolean => (waiting.get(item) ?? 0) > 0;
  const path: T[] = [];
  let item = items.find(stuck) as T;
  while (!path.includes(item)) {
    path.push(item);
    item = [...(dependencies.get(item)?.keys() ?? [])].find((need) => need !== item && stuck(need)) as T;
  }
  const cycle = [...path.slice(path.indexOf(item)), item];
  const reasons = cycle.slice(0, -1).map((from, position) => dependencies.get(from)?.get(cycle[position + 1]));
  return (
    `dependency cycle: ${cycle.map(name).join(' -> ')} (${[...new Set(reasons)].join('; ')}); ` +
    'nothing can be applied first: remove one of these addDependency calls'
  );
}
