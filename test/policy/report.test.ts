import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../files';
import { runNode } from '../project-copy';

const REPORT = path.join(__dirname, '..', '..', 'policy', 'report.mjs');

/** kube-score's JSON for one Deployment with one check of this grade (1 CRITICAL, 5 WARNING, 10 ALL_OK). */
function kubeScore(grade: number): unknown[] {
  return [
    {
      type_meta: { kind: 'Deployment' },
      object_meta: { namespace: 'shop', name: 'web' },
      checks: [
        {
          check: { id: 'container-resources', name: 'Container Resources' },
          grade,
          skipped: false,
          comments: [{ path: 'app', summary: 'CPU limit is not set' }],
        },
      ],
    },
  ];
}

/** Polaris' JSON for the same Deployment with one container check that passes or fails as `danger`. */
function polaris(success: boolean): unknown {
  const result = {
    ID: 'runAsRootAllowed',
    Success: success,
    Severity: 'danger',
    Message: 'Should not be allowed to run as root',
  };
  return {
    Score: success ? 100 : 80,
    Results: [
      {
        Kind: 'Deployment',
        Namespace: 'shop',
        Name: 'web',
        Results: {},
        PodResult: { Results: {}, ContainerResults: [{ Name: 'app', Results: { runAsRootAllowed: result } }] },
      },
    ],
  };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
`;

describe('policy/report.mjs', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function report(ks: unknown, pol: unknown, manifest = DEPLOYMENT, extra: string[] = []) {
    fs.writeFileSync(path.join(dir, 'ks.json'), typeof ks === 'string' ? ks : JSON.stringify(ks));
    fs.writeFileSync(path.join(dir, 'pol.json'), JSON.stringify(pol));
    fs.writeFileSync(path.join(dir, 'web.k8s.yaml'), manifest);
    const args = ['--env', 'dev', '--kube-score', 'ks.json', '--polaris', 'pol.json', ...extra, 'web.k8s.yaml'];
    return runNode(dir, [REPORT, ...args]);
  }

  it('passes when neither tool finds a CRITICAL or danger problem and every exemption has a reason', () => {
    const result = report(kubeScore(5), polaris(true));
    expect(result.stdout).toContain('kube-score: 0 CRITICAL, 1 WARNING');
    expect(result.stdout).toContain('RESULT dev: PASS');
    expect(result.status).toBe(0);
  });

  it('fails on a kube-score CRITICAL alone, naming the object, container and check', () => {
    const result = report(kubeScore(1), polaris(true));
    expect(result.stdout).toContain(
      'container-resources (1)\n      - Deployment shop/web [container app]: CPU limit is not set',
    );
    expect(result.stdout).toContain('RESULT dev: FAIL (1 kube-score CRITICAL)');
    expect(result.status).toBe(1);
  });

  it('fails on a Polaris danger alone, naming the object, container and check', () => {
    const result = report(kubeScore(10), polaris(false));
    expect(result.stdout).toContain(
      'runAsRootAllowed (1)\n      - Deployment shop/web [container app]: Should not be allowed to run as root',
    );
    expect(result.stdout).toContain('RESULT dev: FAIL (1 Polaris danger)');
    expect(result.status).toBe(1);
  });

  it('fails on a tool exemption that gives no reason', () => {
    const exempt = `${DEPLOYMENT}  annotations:\n    polaris.fairwinds.com/runAsRootAllowed-exempt: "true"\n`;
    const result = report(kubeScore(10), polaris(true), exempt);
    expect(result.stdout).toContain(
      'ERROR Deployment shop/web (web.k8s.yaml, metadata) carries polaris.fairwinds.com/runAsRootAllowed-exempt: true',
    );
    expect(result.stdout).toContain('RESULT dev: FAIL (1 exemption(s) without policy.k8s-course.io/exemption-reason)');
    expect(result.status).toBe(1);
  });

  it.each([
    ['Deployment', 'apps/v1', { template: { metadata: {} } }, 'spec.template.metadata'],
    [
      'CronJob',
      'batch/v1',
      { jobTemplate: { spec: { template: { metadata: {} } } } },
      'spec.jobTemplate.spec.template.metadata',
    ],
  ])('reads exemptions on the pod template of a %s where lib/kinds says it is', (kind, apiVersion, spec, where) => {
    const object = { apiVersion, kind, metadata: { name: 'web', namespace: 'shop' }, spec };
    const template = where
      .split('.')
      .reduce<Record<string, unknown>>((value, key) => value[key] as Record<string, unknown>, object);
    template.annotations = { 'kube-score/ignore': 'container-resources' };
    const result = report(kubeScore(10), polaris(true), JSON.stringify(object));
    expect(result.stdout).toContain(`ERROR ${kind} shop/web (web.k8s.yaml, ${where}) carries kube-score/ignore`);
    expect(result.status).toBe(1);
  });

  it('reads no pod template in a kind that has none, whatever its spec holds', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { template: { metadata: { annotations: { 'kube-score/ignore': 'container-resources' } } } },
    };
    const result = report(kubeScore(10), polaris(true), JSON.stringify(object));
    expect(result.stdout).toContain('exemptions: 0 with a reason, 0 without');
    expect(result.status).toBe(0);
  });

  it('knows a Polaris check every object is exempted from, and the score without exemptions, from the audit that allows none', () => {
    const exempt =
      `${DEPLOYMENT}  annotations:\n    polaris.fairwinds.com/runAsRootAllowed-exempt: "true"\n` +
      '    policy.k8s-course.io/exemption-reason: the image needs it\n';
    fs.writeFileSync(path.join(dir, 'unexempted.json'), JSON.stringify(polaris(false)));
    const exempted = { Score: 100, Results: [{ Kind: 'Deployment', Namespace: 'shop', Name: 'web', Results: {} }] };
    const result = report(kubeScore(10), exempted, exempt, ['--polaris-unexempted', 'unexempted.json']);
    expect(result.stdout).not.toContain('unknown Polaris check');
    expect(result.stdout).toContain('Polaris without annotation exemptions: score 80/100, 1 danger, 0 warning');
    expect(result.status).toBe(0);
  });

  it('exits 2 when a tool output cannot be read', () => {
    const result = report('{ not json', polaris(true));
    expect(result.stderr).toContain('report: cannot read kube-score output ks.json');
    expect(result.status).toBe(2);
  });
});
