import { RenderedObject } from '../writer/render';
import { specOf } from './rule';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The fields of a LimitRange item that hold a quantity per resource. */
export type LimitField = 'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio';

/** One quantity of a LimitRange item, as the API server stores it. */
export interface Bound {
  /** The quantity as written (in the field it was written in). */
  readonly value: string;
  /** Its amount (cores, bytes, a count). */
  readonly amount: number;
  /** The field that holds it, e.g. `spec.limits[0].max["cpu"]`. */
  readonly field: string;
  /** The field it was written in, where the API server copied it from there (a Container item's defaults). */
  readonly from?: LimitField;
}

/** A LimitRange item as the API server stores it, with its quantities by field and resource. */
export interface LimitItem {
  /** The LimitRange that holds it. */
  readonly limitRange: RenderedObject;
  /** `spec.limits[<position>]`. */
  readonly where: string;
  readonly type: string;
  readonly values: Readonly<Record<LimitField, ReadonlyMap<string, Bound>>>;
}

/**
 * Whether a resource may be requested below its limit (core's IsOvercommitAllowed): a native one (no domain, or a
 * kubernetes.io one) that is no huge page size. The others (hugepages-<size>, example.com/gpu) are requested at it.
 */
export function isOvercommittable(resource: string): boolean {
  return (!resource.includes('/') || resource.includes('kubernetes.io/')) && !resource.startsWith('hugepages-');
}

const FIELDS: readonly LimitField[] = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** The stored items of LimitRanges already read: each rule that asks reads the same. */
const STORED = new WeakMap<RenderedObject, readonly LimitItem[]>();

/**
 * The items of a LimitRange as the API server stores them (SetDefaults_LimitRangeItem): a Container item's default
 * limit, where it gives none, is its max; its default request its default limit, or else its min. A quantity that is
 * no quantity is the schema check's finding, and left out here.
 */
export function storedLimits(limitRange: RenderedObject): readonly LimitItem[] {
  let items = STORED.get(limitRange);
  if (items === undefined) {
    items = ((specOf(limitRange).limits ?? []) as Json[]).flatMap((item, position) =>
      item !== null && typeof item === 'object' ? [storedItem(limitRange, item, `spec.limits[${position}]`)] : [],
    );
    STORED.set(limitRange, items);
  }
  return items;
}

function storedItem(limitRange: RenderedObject, item: Json, where: string): LimitItem {
  const values = Object.fromEntries(FIELDS.map((field) => [field, quantities(item[field], where, field)])) as Record<
    LimitField,
    Map<string, Bound>
  >;
  if (item.type === 'Container') {
    fillIn(values.default, values.max, where, 'default', 'max');
    fillIn(values.defaultRequest, values.default, where, 'defaultRequest', 'default');
    fillIn(values.defaultRequest, values.min, where, 'defaultRequest', 'min');
  }
  return { limitRange, where, type: String(item.type), values };
}

function quantities(list: unknown, where: string, field: LimitField): Map<string, Bound> {
  const result = new Map<string, Bound>();
  if (list !== null && typeof list === 'object') {
    for (const [resource, value] of Object.entries(list)) {
      const amount = parseQuantity(value);
      if (amount !== undefined) {
        result.set(resource, { value: String(value), amount, field: `${where}.${field}["${resource}"]` });
      }
    }
  }
  return result;
}

/** Copies into `target` the resources of `source` it lacks, as the API server defaults them. */
function fillIn(
  target: Map<string, Bound>,
  source: ReadonlyMap<string, Bound>,
  where: string,
  field: LimitField,
  sourceField: LimitField,
): void {
  for (const [resource, bound] of source) {
    if (!target.has(resource)) {
      target.set(resource, { ...bound, field: `${where}.${field}["${resource}"]`, from: bound.from ?? sourceField });
    }
  }
}
