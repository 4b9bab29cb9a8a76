import { formatFindings } from '../../lib/checks/finding';
import { RULES, runChecks } from '../../lib/checks/run-checks';
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
});
