import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPLACE_ANNOTATION } from '../../lib/plan/plan';
import { ReplaceRefusedError, reviewSynthesis, synthesisSummary } from '../../lib/plan/synth-review';
import { SynthesizedEnvironment } from '../../lib/synthesize';
import { RenderedFile } from '../../lib/writer/render';
import { bundleMain, copyProject, removeProjectCopy, runNode } from '../project-copy';
import { bundleArgs } from '../script-bundle';
import { deployment, distFiles, environment, namespace, renderedFile } from './fixtures';

const base = renderedFile('web.k8s.yaml', [namespace('web'), deployment()]);

function results(file: RenderedFile): Pick<SynthesizedEnvironment, 'env' | 'files'>[] {
  return [{ env: environment('dev'), files: [file] }];
}

describe('reviewSynthesis', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-'));
    for (const [file, text] of Object.entries(distFiles('dev', [base]))) {
      fs.mkdirSync(path.dirname(path.join(outdir, file.replace(/^dist\//, ''))), { recursive: true });
      fs.writeFileSync(path.join(outdir, file.replace(/^dist\//, '')), text);
    }
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('summarizes each environment in one line', () => {
    expect(synthesisSummary(reviewSynthesis(outdir, results(base), false))).toEqual([
      'dev: nothing changes (against the previous dist/dev/)',
    ]);
    const rolled = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => (d.spec.template.spec.containers[0].image = 'nginx:2')),
    ]);
    expect(synthesisSummary(reviewSynthesis(outdir, results(rolled), false))).toEqual([
      'dev: 0 created, 1 changed, 0 deleted, 1 rolls pods, 0 refused (against the previous dist/dev/)',
    ]);
  });

  it('refuses a change the API server refuses, naming the object, the field, both values and the fix', () => {
    const selector = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => (d.spec.selector.matchLabels.tier = 'web')),
    ]);
    let error: Error | undefined;
    try {
      reviewSynthesis(outdir, results(selector), false);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(ReplaceRefusedError);
    expect(error?.message.split('\n')).toEqual([
      'the API server would refuse this change to objects it has from dist/:',
      '  environment dev: Deployment web/web (construct web.k8s.yaml/web)',
      '    spec.selector.matchLabels.tier: (none) → "web"',
      '    the API server says: spec.selector: Invalid value: ...: field is immutable',
      '    fix: rename it (a new construct id: the new object is created beside the old one, which `npm run apply` prunes), or delete it first, then apply: `kubectl delete deployment.apps web -n web`',
      '    lost: its pods: deleted first, none run until the new ones are ready; renamed, both run until the prune',
      `to write it anyway, as a decision: annotate each object ${REPLACE_ANNOTATION}: "<why>" (\`approveReplace(object, reason)\`, lib/plan/replace-approval.ts), or run \`npm run synth -- --allow-replace\`; then replace it on the cluster as the fix says`,
    ]);
  });

  it('writes a refused change when the object carries the annotation with a reason, or with --allow-replace, and lists it', () => {
    const approved = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => {
        d.spec.selector.matchLabels.tier = 'web';
        d.metadata.annotations = {
          [REPLACE_ANNOTATION]: 'tier joins the selector; replaced in the maintenance window',
        };
      }),
    ]);
    const lines = synthesisSummary(reviewSynthesis(outdir, results(approved), false));
    expect(lines[1]).toMatch(
      /^ {2}replace: Deployment web\/web \(spec\.selector\): tier joins the selector; replaced in the maintenance window; the API server refuses the change, so rename it/,
    );
    const forced = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => (d.spec.selector.matchLabels.tier = 'web')),
    ]);
    expect(synthesisSummary(reviewSynthesis(outdir, results(forced), true))[1]).toContain(
      'written with --allow-replace',
    );
  });

  it('does not take an empty reason for an approval', () => {
    const empty = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => {
        d.spec.selector.matchLabels.tier = 'web';
        d.metadata.annotations = { [REPLACE_ANNOTATION]: '  ' };
      }),
    ]);
    expect(() => reviewSynthesis(outdir, results(empty), false)).toThrow(ReplaceRefusedError);
  });
});

describe('npm run synth, in a copy of the project', () => {
  let copy: string;
  let bundle: string;
  beforeAll(() => {
    copy = copyProject();
    bundle = bundleMain(copy);
  }, 120_000);
  afterAll(() => removeProjectCopy(copy));

  it('refuses a new Deployment selector with the fix, dist/ untouched, and writes it with --allow-replace', () => {
    expect(runNode(copy, bundleArgs(bundle)).status).toBe(0);
    const file = path.join(copy, 'dist', 'dev', 'web.k8s.yaml');
    // The previous synthesis had one more selector label: the code's Deployment now drops it.
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/(kind: Deployment\n[\s\S]*?matchLabels:\n)/, '$1      tier: old\n'),
    );
    const before = fs.readFileSync(file, 'utf8');
    const refused = runNode(copy, bundleArgs(bundle));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'synthesis failed, dist/ left as it was:\nthe API server would refuse this change',
    );
    expect(refused.stderr).toContain('    spec.selector.matchLabels.tier: "old" → (none)\n');
    expect(refused.stderr).toContain('`kubectl delete deployment.apps web -n course-web`');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const allowed = runNode(copy, bundleArgs(bundle, '--allow-replace'));
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain(
      'dev: 0 created, 1 changed, 0 deleted, 0 roll pods, 1 refused (against the previous dist/dev/)',
    );
    expect(allowed.stdout).toContain(
      '  replace: Deployment course-web/web (spec.selector): written with --allow-replace',
    );
  }, 120_000);
});
