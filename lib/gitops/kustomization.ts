import { toYaml } from '../writer/yaml';

/**
 * The file name of an environment's kustomization. Kustomize and Argo CD accept `Kustomization` as well as
 * `kustomization.yaml`; without the `.yaml` extension, `kubectl apply -f dist/<env>/` does not take it for a manifest.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/** A kustomization that lists an environment's chart files, so `kubectl apply -k dist/<env>` applies them all. */
export function kustomization(chartFiles: readonly string[]): string {
  return toYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...chartFiles] }]);
}
