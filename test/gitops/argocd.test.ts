import * as path from 'path';
import { parse } from 'yaml';
import { argoApplication, argoApplicationYaml } from '../../lib/gitops/argocd';
import { DEV } from '../helpers';
import { runNode } from '../project-copy';
import { bundleArgs, cachedBundle } from '../script-bundle';

const ROOT = path.join(__dirname, '..', '..');

/** Runs validateArgoApplication in a child (validate-child.ts): the Argo CD models are ESM only, which jest cannot load. */
function validate(gitops: object): { status: number | null; output: string } {
  const child = cachedBundle(ROOT, 'test/gitops/validate-child.ts');
  const result = runNode(ROOT, bundleArgs(child, JSON.stringify(gitops)));
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('argoApplication', () => {
  it('syncs dist/<env> of the configured repository and revision, pruning and with server-side apply', () => {
    const application = parse(argoApplicationYaml(DEV));
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'k8s-course-dev', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example.com/platform/k8s-course.git',
          targetRevision: 'main',
          path: 'dist/dev',
        },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: { prune: true, selfHeal: false }, syncOptions: ['ServerSideApply=true'] },
      },
    });
  });

  it('leaves automated sync out when the environment turns it off', () => {
    expect(
      argoApplication({ ...DEV, gitops: { ...DEV.gitops, automated: false } }).spec.syncPolicy.automated,
    ).toBeUndefined();
  });
});

describe('validateArgoApplication', () => {
  it("accepts the dev Application under Argo CD's schema", () => {
    expect(validate({})).toEqual({ status: 0, output: 'valid\n' });
  }, 30_000);

  it("rejects an Application that Argo CD's schema does not allow, naming the field", () => {
    const result = validate({ selfHeal: 'yes' });
    expect(result.output).toContain(
      `environment "dev": gitops: the Argo CD Application does not match Argo CD's schema: data/spec/syncPolicy/automated/selfHeal must be boolean`,
    );
    expect(result.status).toBe(1);
  }, 30_000);
});
