import { parse } from 'yaml';
import { toYaml } from '../writer/yaml';

/**
 * The file name of an environment's kustomization. Kustomize and Argo CD accept `Kustomization` as well as
 * `kustomization.yaml`; without the `.yaml` extension, `kubectl apply -f dist/<env>/` does not take it for a manifest.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/**
 * A kustomization that lists an environment's chart files, so `kubectl apply -k dist/<env>` applies them all, in the
 * order given (the writer's: a chart after the charts it depends on, each file's objects after what they depend on).
 * Kustomize's default `legacy` order would sort every object by kind and name instead; `fifo` (kustomize 5.0, kubectl
 * 1.27) keeps the order of the files and of the objects in them.
 */
export function kustomization(chartFiles: readonly string[]): string {
  return toYaml([
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...chartFiles],
      sortOptions: { order: 'fifo' },
    },
  ]);
}

/** The files a kustomization lists, in its order. */
export function kustomizationResources(text: string): string[] {
  const resources = (parse(text) as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) {
    throw new Error('the Kustomization lists no resources: run npm run synth to write it again');
  }
  return resources.map(String);
}
