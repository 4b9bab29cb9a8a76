import { kindInfo, podTemplatePath } from '../kinds/kinds';
import { RenderedFile } from '../writer/render';
import { BaseError, BaseFolder } from './base';
import { dataLostByDeleting } from './data-loss';
import { parseChartFile } from './documents';
import { diffValues, FieldChange, sameValue, startsWith } from './field-diff';
import { GitOpsChange, planGitOps } from './gitops-plan';
import { compareIds, Json, keyOf, ObjectId, identityOf } from './identity';
import { Refusal, refusalsOf } from './immutable-fields';

/** The annotation that lets the synthesis write a change the API server refuses; its value says why. */
export const REPLACE_ANNOTATION = 'k8s-course.io/replace';

/** What happens to one object. */
export interface ObjectPlan {
  readonly id: ObjectId;
  readonly action: 'create' | 'change' | 'delete';
  /** The construct path that writes it (none for a deleted object). */
  readonly path?: string;
  /** The fields that change (for a created or deleted object, none). */
  readonly fields: readonly FieldChange[];
  /** A ConfigMap or Secret whose content-hashed name changed with its content. */
  readonly renamed?: { readonly from: string; readonly to: string };
  /** Whether its pods are replaced (its pod template changed). */
  readonly rollsPods: boolean;
  /** The workloads that roll because they use its new content. */
  readonly rolls: readonly ObjectId[];
  /** The changes the API server will refuse. */
  readonly refusals: readonly Refusal[];
  /** Why a refused change is wanted anyway: the object's k8s-course.io/replace annotation. */
  readonly approval?: string;
  /** What deleting it loses. */
  readonly dataLoss?: string;
}

/** What a change does to one environment. */
export interface EnvironmentPlan {
  readonly env: string;
  /** What it is compared with: `HEAD (0219139)`, `dist/ on disk`. */
  readonly base: string;
  /** Refused changes first, then those that lose data, then the rest, each in install order. */
  readonly objects: readonly ObjectPlan[];
  /** Changes to the files that tell GitOps tools what to apply (the kustomization, the Argo CD Application). */
  readonly gitops: readonly GitOpsChange[];
}

/** The working tree's side of one environment. */
export interface WorkingEnvironment {
  readonly name: string;
  /** The Kubernetes release it runs (`major.minor`). */
  readonly release: string;
  readonly files: readonly RenderedFile[];
  /** Its GitOps files by name (`gitOpsFiles`), to compare with the base's. @default - not compared */
  readonly gitops?: ReadonlyMap<string, string>;
}

/** Whether a plan changes anything: an object, or a GitOps file. */
export function changesAnything(plan: EnvironmentPlan): boolean {
  return plan.objects.length > 0 || plan.gitops.length > 0;
}

/** The GitOps files' changes, when the working side gives its files; the base's are read only when a text differs. */
function planGitOpsFiles(working: WorkingEnvironment, folder: BaseFolder, baseLabel: string): GitOpsChange[] {
  if (working.gitops === undefined || [...working.gitops].every(([file, text]) => folder.holds(file, text))) {
    return [];
  }
  return planGitOps(working.name, working.gitops, folder.readGitOps(), baseLabel);
}

const HASH_SUFFIX = /^(.*)-[0-9a-f]{10}$/;

/**
 * Compares one environment's rendered files with its folder in the base, object by object. Only files whose bytes
 * differ are parsed: a file that is the same on both sides holds the same objects.
 */
export function planEnvironment(working: WorkingEnvironment, folder: BaseFolder, baseLabel: string): EnvironmentPlan {
  const contents = new Map(working.files.map((file) => [file.fileName, file.content]));
  const differing = new Set([...contents].filter(([file, text]) => !folder.holds(file, text)).map(([file]) => file));
  folder.files.filter((file) => !contents.has(file)).forEach((file) => differing.add(file));
  const gitops = planGitOpsFiles(working, folder, baseLabel);
  if (differing.size === 0) {
    return { env: working.name, base: baseLabel, objects: [], gitops };
  }
  const inBase = new Set(folder.files);
  const baseDocuments = [...folder.read([...differing].filter((file) => inBase.has(file)).sort())].flatMap(
    ([file, text]) => documentsOf(text).map((document) => ({ file, document })),
  );
  const workingDocuments = working.files
    .filter((file) => differing.has(file.fileName))
    .flatMap((file) => {
      const texts = documentsOf(file.content);
      // The writer joins one document per object; anything else is parsed rather than trusted.
      const objects =
        texts.length === file.objects.length
          ? file.objects.map((object) => ({ path: object.path, manifest: JSON.parse(JSON.stringify(object.manifest)) }))
          : parseChartFile(file.content, file.fileName, (message) => new Error(message)).map((manifest, index) => ({
              path: file.objects[index]?.path ?? '',
              manifest,
            }));
      return objects.map((object, index) => ({ ...object, document: texts[index] ?? '' }));
    });
  // A document with the same text on both sides (in any file) is the same object: only the others are parsed.
  const [baseOnly, workingOnly] = withoutCommon(baseDocuments, workingDocuments);
  const before = new Map<string, Json>();
  for (const { file, document } of baseOnly) {
    const where = `--base ${baseLabel}: dist/${working.name}/${file}`;
    for (const object of parseChartFile(document, where, (message) => new BaseError(message))) {
      before.set(keyOf(identityOf(object)), object);
    }
  }
  const after = new Map<string, Json>();
  const paths = new Map<string, string>();
  for (const { manifest, path } of workingOnly) {
    after.set(keyOf(identityOf(manifest)), manifest);
    paths.set(keyOf(identityOf(manifest)), path);
  }
  const everything = working.files.flatMap((file) => file.objects.map((object) => object.manifest as Json));
  const find = (kind: string, name: string, namespace?: string): Json | undefined =>
    everything.find(
      (object) =>
        object.kind === kind &&
        object.metadata?.name === name &&
        (namespace === undefined || object.metadata?.namespace === namespace),
    );
  // The base: what changed as the base has it, and everything else as the working tree has it (the same).
  const baseObjects = [...before.values(), ...everything.filter((object) => !after.has(keyOf(identityOf(object))))];
  const ofKind = (kind: string, namespace?: string): Json[] =>
    baseObjects.filter(
      (object) => object.kind === kind && (namespace === undefined || object.metadata?.namespace === namespace),
    );

  const plans: ObjectPlan[] = [];
  const created = [...after.keys()].filter((key) => !before.has(key));
  const deleted = [...before.keys()].filter((key) => !after.has(key));
  const renames = pairRenames(created, deleted, before, after);
  for (const [key, object] of after) {
    const id = identityOf(object);
    const old = before.get(key);
    if (old === undefined && !renames.has(key)) {
      plans.push({ id, action: 'create', path: paths.get(key), fields: [], rollsPods: false, rolls: [], refusals: [] });
    } else if (old !== undefined && !sameValue(old, object)) {
      const fields = diffValues(old, object);
      const refusals = refusalsOf({ id, before: old, after: object, changes: fields, release: working.release, find });
      plans.push({
        id,
        action: 'change',
        path: paths.get(key),
        fields,
        rollsPods: rollsPods(object.kind, fields),
        rolls: [],
        refusals,
        approval: refusals.length > 0 ? approvalOf(object) : undefined,
      });
    }
  }
  const rolling = new Map<string, ObjectPlan[]>();
  for (const plan of plans.filter((candidate) => candidate.rollsPods)) {
    rolling.set(plan.id.namespace, [...(rolling.get(plan.id.namespace) ?? []), plan]);
  }
  for (const [key, oldKey] of renames) {
    const object = after.get(key);
    const old = before.get(oldKey);
    const fields = diffValues(old, object).filter((field) => !startsWith(field.path, ['metadata', 'name']));
    plans.push({
      id: identityOf(object),
      action: 'change',
      path: paths.get(key),
      fields,
      renamed: { from: String(old.metadata.name), to: String(object.metadata.name) },
      rollsPods: false,
      rolls: (rolling.get(String(object.metadata.namespace ?? '')) ?? [])
        .filter((plan) => uses(after.get(keyOf(plan.id)), object))
        .map((plan) => plan.id),
      refusals: [],
    });
  }
  const renamedFrom = new Set(renames.values());
  for (const key of deleted.filter((candidate) => !renamedFrom.has(candidate))) {
    const id = identityOf(before.get(key));
    const dataLoss = dataLostByDeleting(id, before.get(key), { ofKind });
    plans.push({ id, action: 'delete', fields: [], rollsPods: false, rolls: [], refusals: [], dataLoss });
  }
  return { env: working.name, base: baseLabel, objects: plans.sort(comparePlans), gitops };
}

/** The documents of a YAML stream as the writer joins them (`---` lines), empty ones left out. */
function documentsOf(text: string): string[] {
  return text.split(/^---\n/m).filter((document) => document.trim() !== '');
}

/** Both lists without the documents whose text is on both sides (each match used once). */
function withoutCommon<A extends { document: string }, B extends { document: string }>(
  left: readonly A[],
  right: readonly B[],
): [A[], B[]] {
  const counts = new Map<string, number>();
  left.forEach(({ document }) => counts.set(document, (counts.get(document) ?? 0) + 1));
  const common = new Map<string, number>();
  const rightOnly = right.filter(({ document }) => {
    const left = counts.get(document) ?? 0;
    if (left === 0) {
      return true;
    }
    counts.set(document, left - 1);
    common.set(document, (common.get(document) ?? 0) + 1);
    return false;
  });
  const leftOnly = left.filter(({ document }) => {
    const matched = common.get(document) ?? 0;
    if (matched === 0) {
      return true;
    }
    common.set(document, matched - 1);
    return false;
  });
  return [leftOnly, rightOnly];
}

/** Created ConfigMaps and Secrets paired with deleted ones of the same name but for the content hash: new key → old. */
function pairRenames(
  created: readonly string[],
  deleted: readonly string[],
  before: ReadonlyMap<string, Json>,
  after: ReadonlyMap<string, Json>,
): Map<string, string> {
  const stem = (object: Json): string | undefined => {
    const match = HASH_SUFFIX.exec(String(object.metadata.name));
    return kindInfo(object.kind)?.contentHashed === true && match !== null
      ? `${object.kind}/${String(object.metadata.namespace ?? '')}/${match[1]}`
      : undefined;
  };
  const oldByStem = new Map<string, string[]>();
  for (const key of deleted) {
    const found = stem(before.get(key));
    if (found !== undefined) {
      oldByStem.set(found, [...(oldByStem.get(found) ?? []), key]);
    }
  }
  const renames = new Map<string, string>();
  for (const key of created) {
    const found = stem(after.get(key));
    const olds = found === undefined ? undefined : oldByStem.get(found);
    if (olds?.length === 1) {
      renames.set(key, olds[0]);
    }
  }
  return renames;
}

/** Whether a change of these fields replaces the object's pods. */
function rollsPods(kind: string, fields: readonly FieldChange[]): boolean {
  const template = podTemplatePath(kind);
  return (
    kindInfo(kind)?.rollsPods === true &&
    template !== undefined &&
    fields.some((field) => startsWith(field.path, template))
  );
}

/** Whether a workload's pod template names the object (a ConfigMap or Secret by its hashed name). */
function uses(workload: Json, object: Json): boolean {
  const template = podTemplatePath(workload.kind)?.reduce<Json>((value, step) => value?.[step], workload);
  return JSON.stringify(template?.spec ?? {}).includes(JSON.stringify(String(object.metadata.name)));
}

/** The reason of an object's k8s-course.io/replace annotation, when it has a non-empty one. */
function approvalOf(object: Json): string | undefined {
  const reason = object.metadata?.annotations?.[REPLACE_ANNOTATION];
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : undefined;
}

/** Whether an object's change is refused and not approved by its annotation. */
export function isRefused(plan: ObjectPlan): boolean {
  return plan.refusals.length > 0 && plan.approval === undefined;
}

function weight(plan: ObjectPlan): number {
  return plan.refusals.length > 0 ? 0 : plan.dataLoss !== undefined ? 1 : 2;
}

function comparePlans(a: ObjectPlan, b: ObjectPlan): number {
  return weight(a) - weight(b) || compareIds(a.id, b.id);
}

/** Counts of a plan: what the one-line summary says. */
export interface PlanCounts {
  readonly created: number;
  readonly changed: number;
  readonly deleted: number;
  /** Objects whose pods roll. */
  readonly rolls: number;
  /** Objects with a change the API server refuses, approved or not. */
  readonly refused: number;
  /** Of those, the ones a k8s-course.io/replace annotation approves. */
  readonly approved: number;
  readonly losesData: number;
}

export function countPlan(plan: EnvironmentPlan): PlanCounts {
  const count = (test: (object: ObjectPlan) => boolean): number => plan.objects.filter(test).length;
  return {
    created: count((object) => object.action === 'create'),
    changed: count((object) => object.action === 'change'),
    deleted: count((object) => object.action === 'delete'),
    rolls: count((object) => object.rollsPods),
    refused: count((object) => object.refusals.length > 0),
    approved: count((object) => object.refusals.length > 0 && object.approval !== undefined),
    losesData: count((object) => object.dataLoss !== undefined),
  };
}
