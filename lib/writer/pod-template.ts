import { Manifest } from './tidy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Where each workload kind keeps the template of its pods. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The kinds that run pods: Pod and the workloads with a pod template. */
export const POD_KINDS: readonly string[] = ['Pod', ...Object.keys(TEMPLATE_PATHS)];

/** Workloads whose pod template may change after creation (a Job's cannot), so that a change rolls their pods. */
export const ROLLING_KINDS: readonly string[] = POD_KINDS.filter((kind) => kind !== 'Pod' && kind !== 'Job');

/**
 * The pod template of a workload (`metadata` and `spec`), or a Pod itself; undefined for objects that run no pods
 * and workloads written without one.
 */
export function podTemplateIn(manifest: Manifest): Json | undefined {
  if (manifest.kind === 'Pod') {
    return manifest;
  }
  return TEMPLATE_PATHS[manifest.kind]?.reduce<Json>((value, key) => value?.[key], manifest);
}
