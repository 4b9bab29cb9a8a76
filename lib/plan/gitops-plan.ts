import { parse } from 'yaml';
import { GITOPS_FILES } from '../gitops/gitops-files';
import { KUSTOMIZATION_FILE } from '../gitops/kustomization';
import { BaseError } from './base';
import { diffValues, FieldChange, startsWith } from './field-diff';
import { Json } from './identity';

/** What changes in one of an environment's GitOps files, and what that does to the cluster. */
export interface GitOpsChange {
  /** The file under `dist/<env>/`: `Kustomization` or `argocd/application.yaml`. */
  readonly file: string;
  readonly action: 'create' | 'change' | 'delete';
  /** The fields that change (none for a created or deleted file). */
  readonly fields: readonly FieldChange[];
  /** What the change does, in sentences, most consequential first. */
  readonly effects: readonly string[];
}

/** A field of the Argo CD Application whose change means something beyond its value, and what. */
interface ApplicationEffect {
  readonly path: readonly string[];
  readonly effect: (before: Json, after: Json, env: string) => string | undefined;
}

const on = (value: unknown): boolean => value === true;

/** The Application's fields that change how Argo CD treats the whole environment. */
const APPLICATION_EFFECTS: readonly ApplicationEffect[] = [
  {
    path: ['spec', 'destination'],
    effect: (before, after) =>
      `Argo CD deploys to ${describeDestination(after)} instead of ${describeDestination(before)}; what it deployed ` +
      'there stays (pruning does not reach the old destination): delete it from the old cluster by hand',
  },
  {
    path: ['spec', 'source'],
    effect: (before, after) =>
      `Argo CD reads the environment from ${describeSource(after)} instead of ${describeSource(before)}; objects ` +
      `found only in the old source are ${on(after?.spec?.syncPolicy?.automated?.prune) ? 'deleted (prune is on)' : 'left in the cluster'}`,
  },
  {
    path: ['spec', 'syncPolicy', 'automated'],
    effect: (before, after, env) => {
      const was = before?.spec?.syncPolicy?.automated !== undefined;
      const is = after?.spec?.syncPolicy?.automated !== undefined;
      if (was === is) {
        return undefined;
      }
      return is
        ? `Argo CD syncs every change to dist/${env}/ on its own`
        : `Argo CD stops syncing on its own: each change to dist/${env}/ waits for a manual sync`;
    },
  },
  {
    path: ['spec', 'syncPolicy', 'automated', 'prune'],
    effect: (before, after, env) => {
      const was = on(before?.spec?.syncPolicy?.automated?.prune);
      const is = on(after?.spec?.syncPolicy?.automated?.prune);
      if (was === is || after?.spec?.syncPolicy?.automated === undefined) {
        return undefined;
      }
      return is
        ? `Argo CD deletes from the cluster every object that leaves dist/${env}/, including objects it already left there`
        : `Argo CD no longer deletes objects that leave dist/${env}/: they stay in the cluster until deleted by hand`;
    },
  },
  {
    path: ['spec', 'syncPolicy', 'automated', 'selfHeal'],
    effect: (before, after) => {
      const was = on(before?.spec?.syncPolicy?.automated?.selfHeal);
      const is = on(after?.spec?.syncPolicy?.automated?.selfHeal);
      if (was === is || after?.spec?.syncPolicy?.automated === undefined) {
        return undefined;
      }
      return is
        ? 'Argo CD undoes changes made in the cluster by hand (kubectl edit, scale, set image)'
        : 'changes made in the cluster by hand stay until the next change to the files';
    },
  },
  {
    path: ['spec', 'syncPolicy', 'syncOptions'],
    effect: (before, after) => {
      const was: string[] = (before?.spec?.syncPolicy?.syncOptions ?? []).map(String);
      const is: string[] = (after?.spec?.syncPolicy?.syncOptions ?? []).map(String);
      const added = is.filter((option) => !was.includes(option));
      const removed = was.filter((option) => !is.includes(option));
      const parts = [...added.map((option) => `+${option}`), ...removed.map((option) => `-${option}`)];
      const serverSide = removed.some((option) => option === 'ServerSideApply=true')
        ? "; without ServerSideApply=true Argo CD applies client-side, and fields other managers own (an autoscaler's replicas) are overwritten"
        : '';
      return parts.length === 0 ? undefined : `sync options change: ${parts.join(', ')}${serverSide}`;
    },
  },
  {
    path: ['spec', 'project'],
    effect: (before, after) =>
      `the Application moves from Argo CD project "${String(before?.spec?.project)}" to "${String(after?.spec?.project)}", whose source, destination and kind restrictions then apply`,
  },
  {
    path: ['metadata'],
    effect: (before, after) => {
      const was = `${String(before?.metadata?.namespace)}/${String(before?.metadata?.name)}`;
      const is = `${String(after?.metadata?.namespace)}/${String(after?.metadata?.name)}`;
      return was === is
        ? undefined
        : `a new Application ${is}: Argo CD keeps the old one, ${was}, which still syncs the environment; delete it (without cascading) once the new one is in sync`;
    },
  },
];

function describeDestination(application: Json): string {
  const destination = application?.spec?.destination ?? {};
  const cluster = destination.name ?? destination.server ?? '(no cluster)';
  return destination.namespace === undefined
    ? String(cluster)
    : `${String(cluster)} namespace ${String(destination.namespace)}`;
}

function describeSource(application: Json): string {
  const source = application?.spec?.source ?? {};
  return `${String(source.repoURL)} ${String(source.path)} at ${String(source.targetRevision ?? 'HEAD')}`;
}

function parseFile(text: string, where: string): Json {
  try {
    return parse(text);
  } catch (error) {
    throw new BaseError(
      `${where} is not YAML (${(error as Error).message.split('\n')[0]}): run npm run synth to write it again`,
    );
  }
}

/** What a change of the Application does, from the table; the fields that no entry explains say nothing more. */
function applicationEffects(before: Json, after: Json, fields: readonly FieldChange[], env: string): string[] {
  return APPLICATION_EFFECTS.filter((entry) => fields.some((field) => startsWith(field.path, entry.path)))
    .map((entry) => entry.effect(before, after, env))
    .filter((effect): effect is string => effect !== undefined);
}

/** What a change of the kustomization's list of chart files does to `kubectl apply -k`. */
function kustomizationEffects(before: Json, after: Json, env: string): string[] {
  const was: string[] = (before?.resources ?? []).map(String);
  const is: string[] = (after?.resources ?? []).map(String);
  const effects: string[] = [];
  const added = is.filter((file) => !was.includes(file));
  const removed = was.filter((file) => !is.includes(file));
  if (added.length > 0) {
    effects.push(`kubectl apply -k dist/${env} applies ${added.join(', ')} too`);
  }
  if (removed.length > 0) {
    effects.push(
      `kubectl apply -k dist/${env} no longer applies ${removed.join(', ')}; without --prune their objects stay in the cluster`,
    );
  }
  const kept = is.filter((file) => was.includes(file));
  if (kept.join('\n') !== was.filter((file) => is.includes(file)).join('\n')) {
    effects.push(`the charts are listed in a new order: ${kept.join(', ')}`);
  }
  return effects;
}

/**
 * Compares an environment's GitOps files (file name → text) with the base's: for each file that differs, its fields
 * and what the change does. The kustomization and the Application are small, so both sides are parsed whole.
 */
export function planGitOps(
  env: string,
  working: ReadonlyMap<string, string>,
  base: ReadonlyMap<string, string>,
  baseLabel: string,
): GitOpsChange[] {
  const changes: GitOpsChange[] = [];
  for (const file of GITOPS_FILES) {
    const next = working.get(file);
    const old = base.get(file);
    if (next === old || next === undefined) {
      continue;
    }
    if (old === undefined) {
      changes.push({ file, action: 'create', fields: [], effects: [] });
      continue;
    }
    const before = parseFile(old, `--base ${baseLabel}: dist/${env}/${file}`);
    const after = parseFile(next, `dist/${env}/${file}`);
    const fields = diffValues(before, after);
    if (fields.length === 0) {
      continue;
    }
    const effects =
      file === KUSTOMIZATION_FILE
        ? kustomizationEffects(before, after, env)
        : applicationEffects(before, after, fields, env);
    changes.push({ file, action: 'change', fields: file === KUSTOMIZATION_FILE ? [] : fields, effects });
  }
  for (const file of [...base.keys()].filter((name) => !working.has(name))) {
    changes.push({
      file,
      action: 'delete',
      fields: [],
      effects: [
        `dist/${env}/${file} is no longer written: what it set up (an Argo CD Application, a kustomization) is not removed by that`,
      ],
    });
  }
  return changes;
}
