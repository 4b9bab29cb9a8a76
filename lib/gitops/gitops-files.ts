import { Environment } from '../config/environment';
import { ARGOCD_APPLICATION_FILE, argoApplicationYaml } from './argocd';
import { KUSTOMIZATION_FILE, kustomization } from './kustomization';

/** The files of `dist/<env>/` that tell GitOps tools what to apply, beside the chart files. */
export const GITOPS_FILES: readonly string[] = [KUSTOMIZATION_FILE, ARGOCD_APPLICATION_FILE];

/** An environment's GitOps files, by name under `dist/<env>/`: its kustomization of these chart files and its Argo CD Application. */
export function gitOpsFiles(env: Environment, chartFiles: readonly string[]): Map<string, string> {
  return new Map([
    [KUSTOMIZATION_FILE, kustomization(chartFiles)],
    [ARGOCD_APPLICATION_FILE, argoApplicationYaml(env)],
  ]);
}
