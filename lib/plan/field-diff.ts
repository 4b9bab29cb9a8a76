import { Step } from '../checks/field-path';
import { compareText, Json } from './identity';

/** One field that differs: its path and its value on each side (`undefined` where the field is absent). */
export interface FieldChange {
  readonly path: readonly Step[];
  readonly before: unknown;
  readonly after: unknown;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; key order does not matter, list order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
    );
  }
  return false;
}

/** The names of a list whose items are all maps with a distinct string `name`, else undefined. */
function namesOf(list: readonly unknown[]): string[] | undefined {
  const names = list.map((item) => (isMap(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((name) => name === undefined) || new Set(names).size !== names.length) {
    return undefined;
  }
  return names as string[];
}

/**
 * The fields in which two JSON values differ, as leaf changes in path order: maps are compared key by key, lists of
 * named items (containers, volumes, ports, env) item by name, other lists index by index.
 */
export function diffValues(before: unknown, after: unknown, path: readonly Step[] = []): FieldChange[] {
  if (sameValue(before, after)) {
    return [];
  }
  // A map added or removed as a whole is reported field by field, so that rules and readers see each leaf.
  if ((isMap(before) || before === undefined) && (isMap(after) || after === undefined)) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(compareText);
    if (keys.length === 0) {
      return [{ path, before, after }];
    }
    return keys.flatMap((key) => diffValues(before?.[key], after?.[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNames = namesOf(before);
    const afterNames = namesOf(after);
    if (beforeNames !== undefined && afterNames !== undefined && before.length > 0 && after.length > 0) {
      const order = [...beforeNames, ...afterNames.filter((name) => !beforeNames.includes(name))];
      return order.flatMap((name) =>
        diffValues(before[beforeNames.indexOf(name)], after[afterNames.indexOf(name)], [...path, { name }]),
      );
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_unused, index) => diffValues(before[index], after[index], [...path, index])).flat();
  }
  return [{ path, before, after }];
}

/** A path pattern: a key, `'*'` for any key, index or named item. */
export type Pattern = readonly string[];

/** Whether `path` starts with `prefix` (`'*'` matches any one step). */
export function startsWith(path: readonly Step[], prefix: Pattern): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => key === '*' || key === path[index]);
}

/** The value at a path (named steps find the item of that name), or undefined. */
export function valueAt(value: Json, path: readonly Step[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === undefined || current === null) {
      return undefined;
    }
    current =
      typeof step === 'object'
        ? (current as Json[]).find?.((item: Json) => item?.name === step.name)
        : (current as Json)[step];
  }
  return current;
}
