import * as path from 'path';
import { Environment } from '../config/environment';
import { toYaml } from '../writer/yaml';

/** Where an environment's Argo CD Application is written, under `dist/<env>/` (kubectl apply -f does not descend). */
export const ARGOCD_APPLICATION_FILE = path.join('argocd', 'application.yaml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The Argo CD Application that syncs `dist/<env>/` of the repository into the cluster. */
export function argoApplication(env: Environment): Json {
  const gitops = env.gitops;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `k8s-course-${env.name}`, namespace: gitops.argoNamespace },
    spec: {
      project: gitops.project,
      source: { repoURL: gitops.repoURL, targetRevision: gitops.targetRevision, path: `dist/${env.name}` },
      destination: { server: gitops.destinationServer },
      syncPolicy: {
        automated: gitops.automated ? { prune: gitops.prune, selfHeal: gitops.selfHeal } : undefined,
        syncOptions: ['ServerSideApply=true'],
      },
    },
  };
}

/** The Application as YAML (the writer leaves out the fields left undefined). */
export function argoApplicationYaml(env: Environment): string {
  return toYaml([argoApplication(env)]);
}

/**
 * Validates an Application against Argo CD's schema (from `@kubernetes-models/argo-cd`). That package is ESM only,
 * so it is imported dynamically; `npm run synth` awaits this before writing anything.
 */
export async function validateArgoApplication(env: Environment): Promise<void> {
  const models = (await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application')) as Json;
  const application = new models.Application(JSON.parse(JSON.stringify(argoApplication(env))));
  try {
    application.validate();
  } catch (error) {
    throw new Error(
      `environment "${env.name}": gitops: the Argo CD Application does not match Argo CD's schema: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
