import { kindsWith } from '../kinds/kinds';

// What lib/kinds knows about pod templates, under the names the writer and the checks import.
export { podTemplateIn } from '../kinds/kinds';

/** The kinds that run pods: Pod and the workloads with a pod template. */
export const POD_KINDS: readonly string[] = kindsWith('podTemplate');

/** Workloads whose pod template may change after creation (a Job's cannot), so that a change rolls their pods. */
export const ROLLING_KINDS: readonly string[] = kindsWith('rollsPods');
