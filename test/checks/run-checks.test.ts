import { formatFindings } from '../../lib/checks/finding';
import { RULES, ruleProblems, runChecks } from '../../lib/checks/run-checks';
import { CheckContext, Rule } from '../../lib/checks/rule';
import { AnyManifest } from '../helpers';
import { baseline, findings, TEST_ENV } from './fixtures';

describe('runChecks', () => {
  it('passes the consistent baseline', () => {
    expect(findings(baseline())).toEqual([]);
  });

  it('reports two objects of the same kind, namespace and name', () => {
    const objects = baseline();
    objects.push({ path: 'shop/copy', manifest: { ...objects[2].manifest } });
    expect(findings(objects)).toEqual([
      'duplicate-object: another object has the same kind, namespace and name; applying both would keep only one',
    ]);
  });

  it('gives every rule a unique id and a description', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(RULES.every((rule) => rule.description.length > 10)).toBe(true);
  });

  it('formats findings with the rule, the object, the construct path and the fix', () => {
    const objects = baseline();
    objects.push({ path: 'shop/copy', manifest: { ...objects[2].manifest } });
    expect(
      formatFindings(
        'dev',
        runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'duplicate-object'),
      ),
    ).toBe(
      [
        'environment dev: 1 finding',
        '  duplicate-object: ConfigMap shop/settings (construct shop/copy)',
        '    another object has the same kind, namespace and name; applying both would keep only one',
        '    fix: rename one of them',
      ].join('\n'),
    );
  });

  it('tells how to exempt an object from a policy rule, and not from a rule of what the API server takes', () => {
    const objects = baseline();
    const deployment = objects.find((object) => object.manifest.kind === 'Deployment')!;
    const manifest = structuredClone(deployment.manifest) as AnyManifest;
    manifest.spec.template.spec.containers[0].image = 'nginx:latest';
    objects[objects.indexOf(deployment)] = { path: 'shop/web/raw', manifest };
    objects.push({ path: 'shop/copy', manifest: { ...objects[2].manifest } });
    const report = formatFindings(
      'dev',
      runChecks(objects, TEST_ENV).findings.filter((finding) =>
        ['image-tag', 'duplicate-object'].includes(finding.rule),
      ),
    ).split('\n');
    expect(report.filter((line) => line.startsWith('    or, '))).toEqual([
      "    or, where the app needs it: exempt the object, saying why: exemptFromPolicy(construct, { rules: ['image-tag'], reason: '...' }), or the annotation policy.k8s-course.io/exempt-image-tag: <reason>",
    ]);
    expect(report[report.findIndex((line) => line.startsWith('  image-tag: ')) + 3]).toMatch(/^ {4}or, /);
  });

  it('reads an object with nulls and values of the wrong type as decoded, and names the object as written', () => {
    const objects = baseline();
    const position = objects.findIndex((object) => object.manifest.kind === 'Deployment');
    const manifest = structuredClone(objects[position].manifest) as AnyManifest;
    manifest.metadata.annotations = null;
    manifest.spec.selector.matchLabels = null;
    manifest.spec.template.spec.containers[0].ports = [null];
    manifest.spec.template.spec.volumes = 'settings';
    objects[position] = { path: 'shop/web/raw', manifest };
    const result = runChecks(objects, TEST_ENV);
    expect(result.findings.filter((finding) => finding.rule === 'schema').map((finding) => finding.message)).toEqual([
      'spec.template.spec.containers[0].ports[0] is null, in a list keyed by containerPort and protocol: server-side apply (npm run apply) refuses a null item there',
      'spec.template.spec.volumes must be a list of Volume, got "settings"',
    ]);
    // Every finding names an object as written, none the decoded copy the rules read.
    expect(result.findings.every((finding) => objects.includes(finding.object))).toBe(true);
    expect(result.findings.filter((finding) => / check failed /.test(finding.message))).toEqual([]);
  });

  it("reports a rule that throws as that rule's finding on the object, and goes on", () => {
    const rule: Rule = {
      id: 'fragile',
      description: 'reads a list it takes for granted',
      check: (object) => (object.manifest.spec as AnyManifest).ports.map(() => undefined),
    };
    const [service] = baseline().filter((object) => object.manifest.kind === 'Service');
    const broken = { ...service, manifest: { ...service.manifest, spec: { ports: 7 } } };
    expect(ruleProblems(rule, broken, {} as CheckContext)).toEqual([
      {
        message:
          'the fragile check failed on this object, so it cannot vouch for it: object.manifest.spec.ports.map is not a function',
        fix: 'look for a field of a type the API reference does not give it (kubectl explain Service), or a value the fragile check does not expect; and report the failure as a bug of the check',
      },
    ]);
    expect(ruleProblems(rule, service, {} as CheckContext)).toEqual([undefined]);
  });
});
