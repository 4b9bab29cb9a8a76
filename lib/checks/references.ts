import { RenderedObject } from '../writer/render';
import { kindsWith } from '../kinds/kinds';
import { ObjectIndex, PodTemplate, podTemplateOf } from './object-index';
import { namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * One object that another names: what the reference checks verify and what the map draws as an edge. Every rule that
 * follows a name across objects takes its references from this module, and so does the map (lib/map/graph.ts), so
 * the two cannot disagree about what refers to what.
 */
export interface Reference {
  /** The kind of the object named. */
  readonly kind: string;
  /** Its namespace; undefined for a cluster-scoped kind. */
  readonly namespace: string | undefined;
  /** Its name. */
  readonly name: string;
  /** What the reference is, in a word or two (the map's edge label): `backend`, `volume`, `roleRef`, ... */
  readonly relation: string;
  /** Where in the referring object, for messages: `volume "data"`, `envFrom of container "app"`. */
  readonly where: string;
  /** The keys of a ConfigMap or Secret it reads. @default - none */
  readonly keys?: readonly string[];
  /** Whether the pod starts without the object. @default false */
  readonly optional?: boolean;
  /** The port of an Ingress backend. @default - none */
  readonly port?: { readonly number?: number; readonly name?: string };
}

/** The kinds whose objects run pods. */
export const POD_KINDS = kindsWith('podTemplate');
/** The kinds that bind a role to subjects. */
export const BINDING_KINDS = kindsWith('bindsRole');

function itemKeys(source: Json): string[] {
  return (source.items ?? []).map((item: Json) => item.key);
}

function volumeReferences(namespace: string, volume: Json): Reference[] {
  const where = `volume "${volume.name}"`;
  const references: Reference[] = [];
  const add = (kind: string, name: string, source: Json, keys = itemKeys(source)): void => {
    references.push({ kind, namespace, name, relation: 'volume', where, keys, optional: source.optional === true });
  };
  if (volume.configMap !== undefined) {
    add('ConfigMap', volume.configMap.name, volume.configMap);
  }
  if (volume.secret !== undefined) {
    add('Secret', volume.secret.secretName, volume.secret);
  }
  if (volume.persistentVolumeClaim !== undefined) {
    add('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName, {}, []);
  }
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap !== undefined) {
      add('ConfigMap', source.configMap.name, source.configMap);
    }
    if (source.secret !== undefined) {
      add('Secret', source.secret.name, source.secret);
    }
  }
  return references;
}

function containerReferences(namespace: string, container: Json): Reference[] {
  const references: Reference[] = [];
  for (const source of container.envFrom ?? []) {
    const where = `envFrom of container "${container.name}"`;
    for (const [kind, ref] of [
      ['ConfigMap', source.configMapRef],
      ['Secret', source.secretRef],
    ]) {
      if (ref !== undefined) {
        references.push({
          kind,
          namespace,
          name: ref.name,
          relation: 'envFrom',
          where,
          keys: [],
          optional: ref.optional === true,
        });
      }
    }
  }
  for (const variable of container.env ?? []) {
    const where = `env ${variable.name} of container "${container.name}"`;
    for (const [kind, ref] of [
      ['ConfigMap', variable.valueFrom?.configMapKeyRef],
      ['Secret', variable.valueFrom?.secretKeyRef],
    ]) {
      if (ref !== undefined) {
        references.push({
          kind,
          namespace,
          name: ref.name,
          relation: 'env',
          where,
          keys: [ref.key],
          optional: ref.optional === true,
        });
      }
    }
  }
  return references;
}

/**
 * The Secrets the kubelet pulls a pod's images with. An entry without a name names none (the API server warns of it,
 * and the kubelet skips it): `unnamedPullSecrets` says so.
 */
function imagePullSecretReferences(namespace: string, spec: Json): Reference[] {
  return (spec.imagePullSecrets ?? []).filter(isNamed).map((secret: Json) => ({
    kind: 'Secret',
    namespace,
    name: secret.name,
    relation: 'imagePullSecret',
    where: `imagePullSecrets "${secret.name}"`,
    keys: [],
  }));
}

function isNamed(secret: Json): boolean {
  return typeof secret?.name === 'string' && secret.name !== '';
}

/** The positions of a pod's imagePullSecrets entries that name no Secret. */
export function unnamedPullSecrets(object: RenderedObject): number[] {
  const secrets: Json[] = podTemplateOf(object)?.spec.imagePullSecrets ?? [];
  return secrets.flatMap((secret, position) => (isNamed(secret) ? [] : [position]));
}

/**
 * The ConfigMaps, Secrets and claims a pod's volumes, envFrom, valueFrom and imagePullSecrets name, in the object's
 * namespace.
 */
export function podReferences(object: RenderedObject): Reference[] {
  const template = podTemplateOf(object);
  if (template === undefined) {
    return [];
  }
  const namespace = namespaceOf(object);
  return [
    ...(template.spec.volumes ?? []).flatMap((volume: Json) => volumeReferences(namespace, volume)),
    ...[...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])].flatMap((container: Json) =>
      containerReferences(namespace, container),
    ),
    ...imagePullSecretReferences(namespace, template.spec),
  ];
}

/**
 * The Secrets a ServiceAccount's pods pull their images with: the ServiceAccount admission plugin copies its
 * imagePullSecrets into each pod of the account that names none of its own.
 */
export function serviceAccountPullSecrets(account: RenderedObject): Reference[] {
  return imagePullSecretReferences(namespaceOf(account), account.manifest);
}

/** The ServiceAccount a pod runs as, when it names one (`default` included). */
export function podServiceAccountReference(object: RenderedObject): Reference | undefined {
  const name: string | undefined = podTemplateOf(object)?.spec.serviceAccountName;
  if (name === undefined) {
    return undefined;
  }
  const namespace = namespaceOf(object);
  return { kind: 'ServiceAccount', namespace, name, relation: 'serviceAccount', where: 'serviceAccountName' };
}

/** The Services an Ingress routes to (its default backend first), with their ports. */
export function ingressBackends(ingress: RenderedObject): Reference[] {
  const spec = specOf(ingress);
  const namespace = namespaceOf(ingress);
  const paths: Json[] = (spec.rules ?? []).flatMap((rule: Json) =>
    (rule.http?.paths ?? []).map((path: Json) => ({ backend: path.backend, where: `path ${path.path ?? ''}` })),
  );
  const backends =
    spec.defaultBackend === undefined ? paths : [{ backend: spec.defaultBackend, where: 'defaultBackend' }, ...paths];
  return backends
    .filter(({ backend }) => backend?.service !== undefined)
    .map(({ backend, where }) => ({
      kind: 'Service',
      namespace,
      name: backend.service.name,
      relation: 'backend',
      where,
      port: backend.service.port,
    }));
}

/** The TLS Secrets of an Ingress; a secretName of "" is none, as the API servers read it (the default certificate). */
export function ingressTlsSecrets(ingress: RenderedObject): Reference[] {
  const namespace = namespaceOf(ingress);
  return (specOf(ingress).tls ?? [])
    .filter((tls: Json) => tls.secretName !== undefined && tls.secretName !== '')
    .map((tls: Json) => ({ kind: 'Secret', namespace, name: tls.secretName, relation: 'tls', where: 'tls' }));
}

/** The Role or ClusterRole a binding names; undefined when its roleRef lacks a kind or a name. */
export function bindingRoleRef(binding: RenderedObject): Reference | undefined {
  const roleRef = (binding.manifest as Json).roleRef ?? {};
  if (typeof roleRef.name !== 'string' || typeof roleRef.kind !== 'string') {
    return undefined;
  }
  const namespace = roleRef.kind === 'Role' ? namespaceOf(binding) : undefined;
  return { kind: roleRef.kind, namespace, name: roleRef.name, relation: 'roleRef', where: 'roleRef' };
}

/** The ServiceAccounts a binding names as subjects, each in its namespace (the binding's when it gives none). */
export function bindingServiceAccounts(binding: RenderedObject): Reference[] {
  const subjects: Json[] = (binding.manifest as Json).subjects ?? [];
  return subjects
    .filter((subject) => subject.kind === 'ServiceAccount')
    .map((subject) => ({
      kind: 'ServiceAccount',
      namespace: subject.namespace ?? namespaceOf(binding),
      name: subject.name,
      relation: 'subject',
      where: 'subjects',
    }));
}

/** The StorageClasses a claim, a volume or a StatefulSet's volumeClaimTemplates ask for ('' asks for none). */
export function storageClassReferences(object: RenderedObject): Reference[] {
  const spec = specOf(object);
  const asked: { name: unknown; where: string }[] =
    object.manifest.kind === 'StatefulSet'
      ? (spec.volumeClaimTemplates ?? []).map((claim: Json) => ({
          name: claim.spec?.storageClassName,
          where: `volumeClaimTemplate "${claim.metadata?.name}"`,
        }))
      : [{ name: spec.storageClassName, where: 'storageClassName' }];
  return asked
    .filter(({ name }) => typeof name === 'string' && name !== '')
    .map(({ name, where }) => ({
      kind: 'StorageClass',
      namespace: undefined,
      name: name as string,
      relation: 'storageClass',
      where,
    }));
}

/** The PersistentVolume a claim binds by `volumeName`. */
export function claimVolumeReference(claim: RenderedObject): Reference | undefined {
  const name: string | undefined = specOf(claim).volumeName;
  return name === undefined
    ? undefined
    : { kind: 'PersistentVolume', namespace: undefined, name, relation: 'volumeName', where: 'volumeName' };
}

/** The governing Service a StatefulSet names. */
export function statefulSetServiceReference(statefulSet: RenderedObject): Reference | undefined {
  const name: unknown = specOf(statefulSet).serviceName;
  return typeof name === 'string'
    ? { kind: 'Service', namespace: namespaceOf(statefulSet), name, relation: 'serviceName', where: 'serviceName' }
    : undefined;
}

/**
 * The pod templates a Service sends traffic to, or undefined when it selects by no labels (ExternalName, endpoints
 * written by hand: an empty selector, like none, leaves them to be managed by hand).
 */
export function serviceTemplates(service: RenderedObject, index: ObjectIndex): PodTemplate[] | undefined {
  const spec = specOf(service);
  if (spec.type === 'ExternalName' || Object.keys(spec.selector ?? {}).length === 0) {
    return undefined;
  }
  return index.templatesSelectedBy(namespaceOf(service), spec.selector);
}

/** Whether a label selector (its matchLabels and matchExpressions) selects these labels; a malformed one selects none. */
export function labelSelectorSelects(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  return selector !== undefined && selector !== null && unmetRequirement(selector, labels) === undefined;
}

const OPERATORS_WITH_VALUES = ['In', 'NotIn'];

/**
 * The first requirement of a label selector (matchLabels first, then matchExpressions) that these labels fail, as
 * `app=web` or `tier NotIn [db]`; undefined when they meet them all (an empty selector selects every label set), and
 * null when the selector is malformed (an unknown operator, In without values, Exists with values: selector-syntax's
 * findings), which the API server cannot evaluate either. In needs the label with one of the values, NotIn its absence
 * or another value, Exists the label, DoesNotExist its absence (apimachinery's labels.Selector).
 */
export function unmetRequirement(selector: Json, labels: Readonly<Record<string, string>>): string | undefined | null {
  const matchLabels: Json = selector.matchLabels ?? {};
  const expressions: Json = selector.matchExpressions ?? [];
  if (typeof matchLabels !== 'object' || !Array.isArray(expressions)) {
    return null;
  }
  for (const [name, value] of Object.entries<unknown>(matchLabels)) {
    if (labels[name] !== value) {
      return `${name}=${String(value)}`;
    }
  }
  for (const expression of expressions) {
    const { key, operator, values } = expression ?? {};
    const list: unknown[] | undefined = Array.isArray(values) ? values : values === undefined ? [] : undefined;
    const needsValues = OPERATORS_WITH_VALUES.includes(operator);
    if (typeof key !== 'string' || list === undefined || needsValues !== list.length > 0) {
      return null;
    }
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const met =
      operator === 'In'
        ? has && list.includes(labels[key])
        : operator === 'NotIn'
          ? !has || !list.includes(labels[key])
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : null;
    if (met === null) {
      return null;
    }
    if (!met) {
      return `${key} ${operator}${needsValues ? ` [${list.map(String).join(', ')}]` : ''}`;
    }
  }
  return undefined;
}

/**
 * Whether a NetworkPolicy rule's `ports` admit traffic to a port of the pods, by its number and name, of a protocol:
 * every port when none is listed, else one of the protocol (TCP when left out) that is the port's number, its name, or
 * a range of `endPort` around it.
 */
export function policyPortsAdmit(
  ports: unknown,
  port: { readonly number: number; readonly name?: string; readonly protocol: string },
): boolean {
  if (!Array.isArray(ports) || ports.length === 0) {
    return true;
  }
  return ports.some((each: Json) => {
    if ((each?.protocol ?? 'TCP') !== port.protocol) {
      return false;
    }
    const value = each.port;
    return (
      value === undefined ||
      value === port.number ||
      (port.name !== undefined && value === port.name) ||
      (typeof value === 'number' &&
        typeof each.endPort === 'number' &&
        value <= port.number &&
        port.number <= each.endPort)
    );
  });
}

/** The directions of traffic a NetworkPolicy governs: without policyTypes, Ingress, and Egress when it has egress rules. */
export function policyDirections(policy: RenderedObject): string[] {
  const spec = specOf(policy);
  return spec.policyTypes ?? ['Ingress', ...(spec.egress === undefined ? [] : ['Egress'])];
}

/** The label keys a label selector reads (none of a malformed one, which selects nothing). */
function selectorKeys(selector: Json): Set<string> {
  const matchLabels: Json = selector?.matchLabels;
  const expressions: Json = selector?.matchExpressions;
  return new Set([
    ...(matchLabels !== null && typeof matchLabels === 'object' ? Object.keys(matchLabels) : []),
    ...(Array.isArray(expressions) ? expressions.map((expression: Json) => String(expression?.key)) : []),
  ]);
}

/**
 * The pod templates of a namespace all of whose pods a label selector selects, by the labels their controllers give
 * them as well as their own (`podLabelSets`): a selector of one pod of several covers none of the templates.
 */
function templatesSelectedByLabelSelector(selector: Json, namespace: string, index: ObjectIndex): PodTemplate[] {
  return index.templatesAllSelected(namespace, selectorKeys(selector), (labels) =>
    labelSelectorSelects(selector, labels),
  );
}

/** The pod templates of its namespace that a NetworkPolicy governs. */
export function policyTemplates(policy: RenderedObject, index: ObjectIndex): PodTemplate[] {
  return templatesSelectedByLabelSelector(specOf(policy).podSelector ?? {}, namespaceOf(policy), index);
}

/** The pod templates of its namespace that a PodDisruptionBudget keeps. */
export function budgetTemplates(budget: RenderedObject, index: ObjectIndex): PodTemplate[] {
  return templatesSelectedByLabelSelector(specOf(budget).selector, namespaceOf(budget), index);
}

function templateReferences(templates: readonly PodTemplate[], relation: string, where: string): Reference[] {
  return templates.map(({ owner }) => ({
    kind: owner.manifest.kind,
    namespace: namespaceOf(owner),
    name: String(owner.manifest.metadata.name),
    relation,
    where,
  }));
}

/**
 * Every reference of an object, in a fixed order: what the reference checks follow, and the edges of the map. Besides
 * names, a Service refers to the workloads whose pods it selects, a PodDisruptionBudget to those it keeps, and a
 * NetworkPolicy to those it governs.
 */
export function referencesOf(object: RenderedObject, index: ObjectIndex): Reference[] {
  const kind = object.manifest.kind;
  const references: Reference[] = [];
  const add = (reference: Reference | undefined): void => {
    if (reference !== undefined) {
      references.push(reference);
    }
  };
  if (POD_KINDS.includes(kind)) {
    add(podServiceAccountReference(object));
    references.push(...podReferences(object));
  }
  if (kind === 'StatefulSet') {
    add(statefulSetServiceReference(object));
  }
  if (kind === 'StatefulSet' || kind === 'PersistentVolumeClaim' || kind === 'PersistentVolume') {
    references.push(...storageClassReferences(object));
  }
  if (kind === 'PersistentVolumeClaim') {
    add(claimVolumeReference(object));
  }
  if (kind === 'Ingress') {
    references.push(...ingressBackends(object), ...ingressTlsSecrets(object));
  }
  if (BINDING_KINDS.includes(kind)) {
    add(bindingRoleRef(object));
    references.push(...bindingServiceAccounts(object));
  }
  if (kind === 'Service') {
    references.push(...templateReferences(serviceTemplates(object, index) ?? [], 'selects', 'selector'));
  }
  if (kind === 'PodDisruptionBudget') {
    references.push(...templateReferences(budgetTemplates(object, index), 'budget', 'selector'));
  }
  if (kind === 'NetworkPolicy') {
    references.push(...templateReferences(policyTemplates(object, index), 'governs', 'podSelector'));
  }
  return references;
}
