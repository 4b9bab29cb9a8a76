import { argoApplication, ARGOCD_APPLICATION_FILE } from '../../lib/gitops/argocd';
import { gitOpsFiles } from '../../lib/gitops/gitops-files';
import { KUSTOMIZATION_FILE, kustomization } from '../../lib/gitops/kustomization';
import { BaseError } from '../../lib/plan/base';
import { planGitOps } from '../../lib/plan/gitops-plan';
import { formatText } from '../../lib/plan/format-text';
import { formatJson } from '../../lib/plan/format-json';
import { formatMarkdown } from '../../lib/plan/format-markdown';
import { planEnvironment } from '../../lib/plan/plan';
import { toYaml } from '../../lib/writer/yaml';
import { environment, memoryFolder, renderedFile, namespace } from './fixtures';

const dev = environment('dev');
const CHARTS = ['web.k8s.yaml', 'api.k8s.yaml'];

/** The GitOps files of dev with its Argo CD settings edited. */
function withGitOps(edit: Partial<typeof dev.gitops>, charts: readonly string[] = CHARTS): Map<string, string> {
  return gitOpsFiles({ ...dev, gitops: { ...dev.gitops, ...edit } }, charts);
}

const base = gitOpsFiles(dev, CHARTS);

function effectsOf(working: Map<string, string>): string[] {
  return planGitOps('dev', working, base, 'HEAD (abc1234)').flatMap((change) => [...change.effects]);
}

describe('planGitOps', () => {
  it('finds nothing when both files are the same', () => {
    expect(planGitOps('dev', gitOpsFiles(dev, CHARTS), base, 'HEAD')).toEqual([]);
  });

  it('says that turning prune on deletes what leaves dist/, and that turning it off leaves it', () => {
    const pruning = dev.gitops.prune;
    const [change] = planGitOps('dev', withGitOps({ prune: !pruning }), base, 'HEAD');
    expect(change).toMatchObject({ file: ARGOCD_APPLICATION_FILE, action: 'change' });
    expect(change.fields).toEqual([
      { path: ['spec', 'syncPolicy', 'automated', 'prune'], before: pruning, after: !pruning },
    ]);
    expect(change.effects).toEqual([
      pruning
        ? 'Argo CD no longer deletes objects that leave dist/dev/: they stay in the cluster until deleted by hand'
        : 'Argo CD deletes from the cluster every object that leaves dist/dev/, including objects it already left there',
    ]);
  });

  it('says what self-heal and automated sync do when they change', () => {
    expect(effectsOf(withGitOps({ selfHeal: !dev.gitops.selfHeal }))).toEqual([
      dev.gitops.selfHeal
        ? 'changes made in the cluster by hand stay until the next change to the files'
        : 'Argo CD undoes changes made in the cluster by hand (kubectl edit, scale, set image)',
    ]);
    expect(effectsOf(withGitOps({ automated: !dev.gitops.automated }))).toEqual([
      dev.gitops.automated
        ? 'Argo CD stops syncing on its own: each change to dist/dev/ waits for a manual sync'
        : 'Argo CD syncs every change to dist/dev/ on its own',
    ]);
  });

  it('warns that moving the destination leaves the old cluster as it is', () => {
    const [effect] = effectsOf(withGitOps({ destinationServer: 'https://other.example.com:6443' }));
    expect(effect).toBe(
      `Argo CD deploys to https://other.example.com:6443 instead of ${dev.gitops.destinationServer}; what it deployed ` +
        'there stays (pruning does not reach the old destination): delete it from the old cluster by hand',
    );
  });

  it('names the new source, and what happens to objects only the old one had', () => {
    const [effect] = effectsOf(withGitOps({ targetRevision: 'release-2' }));
    expect(effect).toMatch(
      new RegExp(
        `^Argo CD reads the environment from ${dev.gitops.repoURL.replaceAll('.', '\\.')} dist/dev at release-2 instead of .* at ${dev.gitops.targetRevision}; objects found only in the old source are (deleted \\(prune is on\\)|left in the cluster)$`,
      ),
    );
  });

  it('says a renamed Application leaves the old one syncing', () => {
    const renamed = toYaml([{ ...argoApplication(dev), metadata: { name: 'course-dev', namespace: 'argocd' } }]);
    const working = new Map(base).set(ARGOCD_APPLICATION_FILE, renamed);
    expect(effectsOf(working)).toEqual([
      `a new Application argocd/course-dev: Argo CD keeps the old one, ${dev.gitops.argoNamespace}/k8s-course-dev, which still syncs the environment; delete it (without cascading) once the new one is in sync`,
    ]);
  });

  it('says which chart files kubectl apply -k applies more or no longer, and a new order', () => {
    const working = new Map(base).set(KUSTOMIZATION_FILE, kustomization(['api.k8s.yaml', 'db.k8s.yaml']));
    const [change] = planGitOps('dev', working, base, 'HEAD');
    expect(change).toMatchObject({ file: KUSTOMIZATION_FILE, action: 'change', fields: [] });
    expect(change.effects).toEqual([
      'kubectl apply -k dist/dev applies db.k8s.yaml too',
      'kubectl apply -k dist/dev no longer applies web.k8s.yaml; without --prune their objects stay in the cluster',
    ]);
    const reordered = new Map(base).set(KUSTOMIZATION_FILE, kustomization([...CHARTS].reverse()));
    expect(effectsOf(reordered)).toEqual(['the charts are listed in a new order: api.k8s.yaml, web.k8s.yaml']);
  });

  it('lists a file the base does not have as created', () => {
    const older = new Map([[KUSTOMIZATION_FILE, base.get(KUSTOMIZATION_FILE)!]]);
    expect(planGitOps('dev', base, older, 'HEAD')).toEqual([
      { file: ARGOCD_APPLICATION_FILE, action: 'create', fields: [], effects: [] },
    ]);
  });

  it('refuses a base file that is not YAML, naming the base and the file', () => {
    const broken = new Map(base).set(ARGOCD_APPLICATION_FILE, 'spec: {project: default\n');
    expect(() => planGitOps('dev', withGitOps({ prune: !dev.gitops.prune }), broken, 'HEAD (abc1234)')).toThrow(
      BaseError,
    );
    expect(() => planGitOps('dev', withGitOps({ prune: !dev.gitops.prune }), broken, 'HEAD (abc1234)')).toThrow(
      /^--base HEAD \(abc1234\): dist\/dev\/argocd\/application\.yaml is not YAML \(.*\): run npm run synth to write it again$/,
    );
  });
});

describe('a plan with a GitOps change', () => {
  const web = renderedFile('web.k8s.yaml', [namespace('web')]);
  const folder = memoryFolder({
    'web.k8s.yaml': web.content,
    ...Object.fromEntries(gitOpsFiles(dev, ['web.k8s.yaml'])),
  });
  const plan = planEnvironment(
    { name: 'dev', release: '1.27', files: [web], gitops: withGitOps({ prune: !dev.gitops.prune }, ['web.k8s.yaml']) },
    folder,
    'HEAD (abc1234)',
  );

  it('counts as a change with no object changed, in each format', () => {
    expect(plan.objects).toEqual([]);
    const text = formatText([plan]).split('\n');
    expect(text[0]).toBe('dev: no object changes; argocd/application.yaml changed (against HEAD (abc1234))');
    expect(text[1]).toMatch(/^ {2}~ change argocd\/application\.yaml: Argo CD /);
    expect(text[2]).toBe(
      `      spec.syncPolicy.automated.prune: ${String(dev.gitops.prune)} → ${String(!dev.gitops.prune)}`,
    );
    expect(JSON.parse(formatJson([plan])).environments[0].gitops).toEqual([
      {
        file: 'argocd/application.yaml',
        action: 'change',
        effects: [expect.stringMatching(/^Argo CD /)],
        fields: [{ path: 'spec.syncPolicy.automated.prune', before: dev.gitops.prune, after: !dev.gitops.prune }],
      },
    ]);
    expect(formatMarkdown([plan])).toContain('| 🔁 GitOps | `argocd/application.yaml` | Argo CD ');
  });

  it('is not read from the base when the texts are the same', () => {
    const unread = {
      ...folder,
      readGitOps: () => {
        throw new Error('read the base GitOps files');
      },
    };
    const same = planEnvironment(
      { name: 'dev', release: '1.27', files: [web], gitops: gitOpsFiles(dev, ['web.k8s.yaml']) },
      unread,
      'HEAD',
    );
    expect(same.gitops).toEqual([]);
  });
});
