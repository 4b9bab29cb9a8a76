import { RenderedObject } from '../writer/render';
import { isClusterScoped, podTemplateIn } from '../kinds/kinds';
import { podLabelSets, podsCarry, readsPerPodLabels } from './controller-labels';

export { POD_NAME_LABEL } from './controller-labels';

/**
 * The namespace of a namespaced object: `default` where it leaves the namespace out or gives "", as kubectl and the API
 * server read it.
 */
export function namespaceOf(object: RenderedObject): string {
  const namespace = object.manifest.metadata.namespace;
  return namespace === undefined || namespace === '' ? 'default' : String(namespace);
}

/** A pod template found in a workload, with what selects it. */
export interface PodTemplate {
  /** The workload that holds it. */
  readonly owner: RenderedObject;
  /** The labels its pods carry. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod spec. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec: any;
}

/** Pod templates already found, by object: several rules ask for the same one. */
const TEMPLATES = new WeakMap<RenderedObject, PodTemplate | null>();

/** The pod template of a workload (or the pod itself), or undefined for objects that run no pods. */
export function podTemplateOf(object: RenderedObject): PodTemplate | undefined {
  let template = TEMPLATES.get(object);
  if (template === undefined) {
    template = findPodTemplate(object) ?? null;
    TEMPLATES.set(object, template);
  }
  return template ?? undefined;
}

function findPodTemplate(object: RenderedObject): PodTemplate | undefined {
  const template = podTemplateIn(object.manifest);
  if (template === undefined) {
    return undefined;
  }
  return { owner: object, labels: template.metadata?.labels ?? {}, spec: template.spec ?? {} };
}

/**
 * Values by kind, namespace ('' for cluster-scoped kinds) and name, in nested maps: a lookup hashes the three strings
 * it is given (whose hashes V8 keeps) instead of building and hashing a key for every question a rule asks.
 */
class ByIdentity<T> {
  private readonly kinds = new Map<string, Map<string, Map<string, T>>>();

  public get(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.kinds
      .get(kind)
      ?.get(namespace ?? '')
      ?.get(name);
  }

  public set(kind: string, namespace: string | undefined, name: string, value: T): void {
    let namespaces = this.kinds.get(kind);
    if (namespaces === undefined) {
      namespaces = new Map();
      this.kinds.set(kind, namespaces);
    }
    let names = namespaces.get(namespace ?? '');
    if (names === undefined) {
      names = new Map();
      namespaces.set(namespace ?? '', names);
    }
    names.set(name, value);
  }
}

/**
 * The objects of one environment, indexed by kind, namespace and name, with the pod templates of each namespace, so
 * every rule answers its questions in constant time per reference and the checks stay linear in the objects.
 */
export class ObjectIndex {
  /** Objects that share kind, namespace and name with an earlier one. */
  public readonly duplicates: RenderedObject[] = [];
  private readonly byIdentity = new ByIdentity<RenderedObject>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  private readonly byKindAndNamespace = new Map<string, RenderedObject[]>();
  /** The labels of each template's pods where a selector reads none that differs by pod (`podLabelSets`). */
  private readonly commonLabelSets = new Map<PodTemplate, Record<string, string>[]>();
  /** The SealedSecret behind each Secret the sealed-secrets controller will make of it. */
  private readonly sealedOrigins = new Map<RenderedObject, RenderedObject>();

  /**
   * @param objects every object of the environment
   * @param release the Kubernetes release whose controllers label the pods (`podsCarry`); undefined for the newest
   */
  public constructor(
    public readonly objects: readonly RenderedObject[],
    private readonly release?: string,
  ) {
    for (const object of objects) {
      const { kind, metadata } = object.manifest;
      // A namespaced object without a namespace lands in `default`, where the rules look for it.
      const namespace = isClusterScoped(kind) ? undefined : namespaceOf(object);
      const name = String(metadata.name);
      if (this.byIdentity.get(kind, namespace, name) !== undefined) {
        this.duplicates.push(object);
      } else {
        this.byIdentity.set(kind, namespace, name, object);
        const group = `${kind}/${namespace ?? ''}`;
        const members = this.byKindAndNamespace.get(group) ?? [];
        members.push(object);
        this.byKindAndNamespace.set(group, members);
      }
      if (kind === 'SealedSecret' && namespace !== undefined) {
        // The sealed-secrets controller makes a Secret of the same name with the sealed keys.
        const encryptedData =
          (object.manifest.spec as { encryptedData?: Record<string, string> } | undefined)?.encryptedData ?? {};
        const secret = { ...object, manifest: { ...object.manifest, kind: 'Secret', data: encryptedData } };
        this.byIdentity.set('Secret', namespace, name, secret);
        this.sealedOrigins.set(secret, object);
      }
      const template = podTemplateOf(object);
      if (template !== undefined && namespace !== undefined) {
        const templates = this.templatesByNamespace.get(namespace) ?? [];
        templates.push(template);
        this.templatesByNamespace.set(namespace, templates);
      }
    }
  }

  /** The object of this kind, namespace and name (namespace undefined for cluster-scoped kinds). */
  public get(kind: string, namespace: string | undefined, name: string): RenderedObject | undefined {
    return this.byIdentity.get(kind, namespace, name);
  }

  /** The objects of a kind in a namespace (undefined for cluster-scoped kinds). */
  public ofKind(kind: string, namespace: string | undefined): readonly RenderedObject[] {
    return this.byKindAndNamespace.get(`${kind}/${namespace ?? ''}`) ?? [];
  }

  /** The object of the environment that `found` (an answer of `get`) stands for: a SealedSecret for its Secret. */
  public origin(found: RenderedObject): RenderedObject {
    return this.sealedOrigins.get(found) ?? found;
  }

  /** The pod templates of the workloads (and pods) of a namespace. */
  public templatesIn(namespace: string): readonly PodTemplate[] {
    return this.templatesByNamespace.get(namespace) ?? [];
  }

  /**
   * The pod templates in a namespace whose pods carry every label of `selector`: the template's labels, and those the
   * StatefulSet and Job controllers give their pods (`podsCarry`).
   */
  public templatesSelectedBy(namespace: string, selector: Readonly<Record<string, string>>): PodTemplate[] {
    const entries = Object.entries(selector);
    return (this.templatesByNamespace.get(namespace) ?? []).filter((template) =>
      entries.every(([name, value]) => podsCarry(template, name, value, this.release)),
    );
  }

  /**
   * The pod templates in a namespace all of whose pods `selects`, given each pod's labels as the controllers leave them
   * (`podLabelSets`); `keys`: the label keys it reads.
   */
  public templatesAllSelected(
    namespace: string,
    keys: ReadonlySet<string>,
    selects: (labels: Readonly<Record<string, string>>) => boolean,
  ): PodTemplate[] {
    const perPod = readsPerPodLabels(keys);
    return (this.templatesByNamespace.get(namespace) ?? []).filter((template) => {
      let sets = perPod ? undefined : this.commonLabelSets.get(template);
      if (sets === undefined) {
        sets = podLabelSets(template, this.release, keys);
        if (!perPod) {
          this.commonLabelSets.set(template, sets);
        }
      }
      return sets.every(selects);
    });
  }

  /**
   * The pod templates in a namespace whose pods carry every label of `selector` but `label`, which the selector names
   * and `labelOf` gives for the template (undefined: none): a near miss to tell apart from a selector of other pods.
   */
  public templatesSelectedBesides(
    namespace: string,
    selector: Readonly<Record<string, string>>,
    labelOf: (template: PodTemplate) => string | undefined,
  ): PodTemplate[] {
    const entries = Object.entries(selector);
    return (this.templatesByNamespace.get(namespace) ?? []).filter((template) => {
      const label = labelOf(template);
      return (
        label !== undefined &&
        Object.prototype.hasOwnProperty.call(selector, label) &&
        entries.every(([name, value]) => name === label || podsCarry(template, name, value, this.release))
      );
    });
  }
}
