import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import * as k8s from '../../imports/k8s';
import * as k8sJson from '../../imports/k8s-json';

/**
 * The parts of an ApiObject that its `toJson()` reads. cdk8s keeps them private; this view is pinned to cdk8s 2.70,
 * and test/writer/manifest.test.ts proves, object by object, that `manifestOf` still gives what `toJson()` gives.
 */
interface ApiObjectInternals {
  readonly props?: Record<string, unknown>;
  readonly patches: JsonPatch[];
}
interface MetadataInternals {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, unknown>;
  readonly annotations: Record<string, unknown>;
  readonly finalizers: unknown[];
  readonly ownerReferences: unknown[];
  readonly _additionalAttributes: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Binding = (props: Json) => Json | undefined;

/**
 * The generated API classes of imports/k8s, each with the function that maps its resolved props to Kubernetes JSON
 * (from imports/k8s-json, the same mapping as the class's own, without its quadratic filtering of undefined fields).
 */
const BINDINGS: ReadonlyMap<unknown, { readonly gvk: Json; readonly toJson: Binding }> = new Map(
  Object.entries(k8s).flatMap(([name, value]) => {
    const toJson = (k8sJson as Record<string, unknown>)[`toJson_${name}Props`];
    const gvk = (value as { GVK?: Json }).GVK;
    return typeof value === 'function' && gvk !== undefined && typeof toJson === 'function'
      ? [[value, { gvk, toJson: toJson as Binding }]]
      : [];
  }),
);

/** Apps whose resolvers are exactly cdk8s' built-in three, the only ones `plain` reproduces. */
const DEFAULT_RESOLVERS = new WeakMap<App, boolean>();

/**
 * An ApiObject as Kubernetes JSON, as its `toJson()` renders it (same values, same key order), several times faster:
 * cdk8s' resolve looks up the app and allocates a key path and a context for every value, then a second walk
 * sanitizes; here one walk does both. Objects the shortcut cannot vouch for (an app with its own resolvers, a class
 * with its own `toJson`) are rendered by `toJson()` itself.
 *
 * One difference, on purpose: the JSON patches of a typed object (a `Kube*` class of imports/k8s) apply to the
 * Kubernetes JSON its binding makes, with the field names and values the YAML shows (`/spec/clusterIP`, a bare
 * `targetPort: 8080`), where `toJson()` applies them to the props first, silently dropping a key the props spell
 * otherwise (`clusterIp`) and a bare number or string in an IntOrString or Quantity field. A props key in a patch then
 * reaches the output as an unknown field, which the `schema` check refuses, naming the field meant.
 */
export function manifestOf(object: ApiObject): Json {
  const binding = BINDINGS.get(object.constructor);
  const patches = (object as unknown as ApiObjectInternals).patches;
  if (binding === undefined && object.constructor !== ApiObject) {
    return object.toJson() as Json;
  }
  if (!hasDefaultResolvers(App.of(object) as App)) {
    if (binding === undefined) {
      return object.toJson() as Json;
    }
    const json = unpatchedToJson(object);
    return serializing(object, () => applyPatches(json, patches));
  }
  return serializing(object, () => {
    const json = plainMap((object as unknown as ApiObjectInternals).props ?? {}, false, 'metadata') as Json;
    const metadata = metadataOf(object.metadata);
    if (metadata !== undefined) {
      json.metadata = metadata;
    }
    // A binding builds its result in the schema's field order; a bare ApiObject keeps cdk8s' top-level order.
    return binding === undefined
      ? orderTopLevel(applyPatches(json, patches))
      : applyPatches({ ...binding.gvk, ...binding.toJson(json) }, patches);
  });
}

/** The result of `render`, or its error with the object's construct path and name, as cdk8s words it. */
function serializing(object: ApiObject, render: () => Json): Json {
  try {
    return render();
  } catch (error) {
    throw new Error(`Failed serializing construct at path '${object.node.path}' with name '${object.name}': ${error}`, {
      cause: error,
    });
  }
}

/** What `toJson()` gives for the object without its patches (which it would apply to the props). */
function unpatchedToJson(object: ApiObject): Json {
  const patches = (object as unknown as ApiObjectInternals).patches;
  const saved = patches.splice(0, patches.length);
  try {
    return object.toJson() as Json;
  } finally {
    patches.push(...saved);
  }
}

function hasDefaultResolvers(app: App): boolean {
  let known = DEFAULT_RESOLVERS.get(app);
  if (known === undefined) {
    const [lazy, token, union, ...more] = app.resolvers;
    known =
      lazy instanceof LazyResolver &&
      token instanceof ImplicitTokenResolver &&
      union instanceof NumberStringUnionResolver &&
      more.length === 0;
    DEFAULT_RESOLVERS.set(app, known);
  }
  return known;
}

/** What `ApiObjectMetadataDefinition.toJson()` gives: empty lists and maps left out. */
function metadataOf(metadata: ApiObjectMetadataDefinition): unknown {
  const m = metadata as unknown as MetadataInternals;
  const fields: Json = Object.assign({}, m._additionalAttributes);
  fields.name = m.name;
  fields.namespace = m.namespace;
  fields.annotations = m.annotations;
  fields.finalizers = m.finalizers;
  fields.ownerReferences = m.ownerReferences;
  fields.labels = m.labels;
  return plainMap(fields, true);
}

/**
 * cdk8s' resolve and sanitize in one walk: Lazy values produced, tokens resolved, number-or-string unions (Quantity,
 * IntOrString) turned into `{ value }`, null and undefined map entries dropped, map keys sorted; `dropEmpty` also
 * drops empty lists and maps (as metadata does).
 */
function plain(input: unknown, dropEmpty: boolean): unknown {
  if (typeof input !== 'object' || input === null) {
    return input ?? undefined;
  }
  if (Array.isArray(input)) {
    return plainList(input, dropEmpty);
  }
  let value = input as { resolve?: unknown; value?: unknown } | null | undefined;
  if (isMap(value!) && typeof value!.resolve !== 'function') {
    return plainMap(value as Json, dropEmpty);
  }
  for (;;) {
    if (value === null || value === undefined) {
      return undefined;
    }
    if (value instanceof Lazy) {
      value = value.produce();
    } else if (typeof value.resolve === 'function') {
      value = (value.resolve as () => typeof value)();
    } else if (
      typeof value === 'object' &&
      !isMap(value) &&
      (typeof value.value === 'number' || typeof value.value === 'string')
    ) {
      value = { value: value.value };
    } else {
      break;
    }
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return plainList(value, dropEmpty);
  }
  if (!isMap(value)) {
    throw new Error(
      `can't render non-simple object of type '${(value.constructor as { name?: string } | undefined)?.name}'`,
    );
  }
  return plainMap(value as Json, dropEmpty);
}

/**
 * Whether a value is a plain map, told by its prototype: cdk8s asks its `constructor`, which a map's own key
 * `constructor` (a label, a ConfigMap key) hides, so that it failed to render the map, or kept only its key `value`.
 */
function isMap(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function plainList(list: readonly unknown[], dropEmpty: boolean): unknown[] | undefined {
  if (dropEmpty && list.length === 0) {
    return undefined;
  }
  const result = new Array<unknown>(list.length);
  for (let index = 0; index < list.length; index++) {
    result[index] = plain(list[index], dropEmpty);
  }
  return result;
}

/** A plain map's entries, keys sorted, each value made plain; `skip` names a key to leave out. */
function plainMap(map: Json, dropEmpty: boolean, skip?: string): Json | undefined {
  const keys = sortedKeys(map);
  const result: Json = {};
  let empty = true;
  for (const key of keys) {
    const child = key === skip ? undefined : plain(map[key], dropEmpty);
    if (child !== undefined && child !== null) {
      result[key] = child;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : result;
}

/** Longest key list sorted in place by insertion; longer ones go to `Array.prototype.sort`. */
const INSERTION_SORT_MAX = 24;

/**
 * A map's keys in the order `Array.prototype.sort()` gives them (by UTF-16 code units). Most maps have a few keys,
 * which an insertion sort orders in place: V8's sort allocates work arrays on every call, a sixth of all that a large
 * synthesis allocated.
 */
export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  if (keys.length > INSERTION_SORT_MAX) {
    return keys.sort();
  }
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index];
    let at = index - 1;
    while (at >= 0 && keys[at] > key) {
      keys[at + 1] = keys[at];
      at--;
    }
    keys[at + 1] = key;
  }
  return keys;
}

function applyPatches(json: Json, patches: readonly JsonPatch[]): Json {
  return patches.length === 0 ? json : (JsonPatch.apply(json, ...patches) as Json);
}

/** `apiVersion`, `kind` and `metadata` first, then the rest in their order, as `ApiObject.toJson()` writes them. */
function orderTopLevel(json: Json): Json {
  const result: Json = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
    if (key in json) {
      result[key] = json[key];
    }
  }
  return result;
}
