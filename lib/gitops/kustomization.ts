import { parse } from 'yaml';
import { toYaml } from '../writer/yaml';

/**
 * The file name of an environment's kustomization. Kustomize and Argo CD accept `Kustomization` as well as
 * `kustomization.yaml`; without the `.yaml` extension, `kubectl apply -f dist/<env>/` does not take it for a manifest.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/**
 * A kustomization that lists an environment's chart files, so `kubectl apply -k dist/<env>` applies them all. They are
 * listed in the writer's order, a chart after the charts it depends on, which `npm run apply` follows. Kustomize itself
 * sorts every object by kind and name (its `legacy` order); `sortOptions: {order: fifo}` would keep ours, but
 * `kubectl apply -k` then warns on every run that its own `--reorder` default is overridden.
 */
export function kustomization(chartFiles: readonly string[]): string {
  return toYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...chartFiles] }]);
}

/** The files a kustomization lists, in its order. */
export function kustomizationResources(text: string): string[] {
  const resources = (parse(text) as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) {
    throw new Error('the Kustomization lists no resources: run npm run synth to write it again');
  }
  return resources.map(String);
}
