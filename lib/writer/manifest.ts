import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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
    return typeof value === 'function' && gvk !== undefined && typeof toJson === 'function' ? [[value, { gvk, toJson: toJson as Binding }]] : [];
  }),
);

/** Apps whose resolvers are exactly cdk8s' built-in three, the only ones `plain` reproduces. */
const DEFAULT_RESOLVERS = new WeakMap<App, boolean>();

/**
 * An ApiObject as Kubernetes JSON, exactly as its `toJson()` renders it (same values, same key order), several times
 * faster: cdk8s' resolve looks up the app and allocates a key path and a context for every value, then a second walk
 * sanitizes; here one walk does both. Objects the shortcut cannot vouch for (an app with its own resolvers, a class
 * with its own `toJson`) are rendered by `toJson()` itself.
 */
export function manifestOf(object: ApiObject): Json {
  const binding = BINDINGS.get(object.constructor);
  if ((binding === undefined && object.constructor !== ApiObject) || !hasDefaultResolvers(App.of(object) as App)) {
    return object.toJson() as Json;
  }
  try {
    const internals = object as unknown as ApiObjectInternals;
    const json = plain({ ...internals.props, metadata: undefined }, false) as Json;
    const metadata = metadataOf(object.metadata);
    if (metadata !== undefined) {
      json.metadata = metadata;
    }
    const resolved = orderTopLevel(applyPatches(json, internals.patches));
    return binding === undefined ? resolved : { ...binding.gvk, ...binding.toJson(resolved) };
  } catch (error) {
    throw new Error(`Failed serializing construct at path '${object.node.path}' with name '${object.name}': ${error}`);
  }
}

function hasDefaultResolvers(app: App): boolean {
  let known = DEFAULT_RESOLVERS.get(app);
  if (known === undefined) {
    const [lazy, token, union, ...more] = app.resolvers;
    known = lazy instanceof LazyResolver && token instanceof ImplicitTokenResolver && union instanceof NumberStringUnionResolver && more.length === 0;
    DEFAULT_RESOLVERS.set(app, known);
  }
  return known;
}

/** What `ApiObjectMetadataDefinition.toJson()` gives: empty lists and maps left out. */
function metadataOf(metadata: ApiObjectMetadataDefinition): unknown {
  const m = metadata as unknown as MetadataInternals;
  return plain(
    {
      ...m._additionalAttributes,
      name: m.name,
      namespace: m.namespace,
      annotations: m.annotations,
      finalizers: m.finalizers,
      ownerReferences: m.ownerReferences,
      labels: m.labels,
    },
    true,
  );
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
  let value = input as { constructor?: unknown; resolve?: unknown; value?: unknown } | null | undefined;
  for (;;) {
    if (value === null || value === undefined) {
      return undefined;
    }
    if (value instanceof Lazy) {
      value = value.produce();
    } else if (typeof value.resolve === 'function') {
      value = (value.resolve as () => typeof value)();
    } else if (typeof value === 'object' && value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
      value = { value: value.value };
    } else {
      break;
    }
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return dropEmpty && value.length === 0 ? undefined : value.map((item) => plain(item, dropEmpty));
  }
  if (value.constructor !== Object) {
    throw new Error(`can't render non-simple object of type '${(value.constructor as { name?: string } | undefined)?.name}'`);
  }
  const result: Json = {};
  let empty = true;
  for (const key of Object.keys(value).sort()) {
    const child = plain((value as Json)[key], dropEmpty);
    if (child !== undefined && child !== null) {
      result[key] = child;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : result;
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
