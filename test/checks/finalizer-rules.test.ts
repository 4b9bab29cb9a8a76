import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline, withChange } from './fixtures';

function messages(kind: string, name: string, change: (manifest: AnyManifest) => void): string[] {
  return runChecks(withChange(kind, name, change), TEST_ENV)
    .findings.filter((finding) => finding.rule === 'finalizer-names')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

describe('finalizer-names', () => {
  it('refuses a finalizer of an object that is not a qualified name, and orphan beside foregroundDeletion', () => {
    expect(
      messages('Deployment', 'web', (deployment) => {
        deployment.metadata.finalizers = ['example.com/cleanup', 'bad finalizer', 'orphan', 'foregroundDeletion'];
      }),
    ).toEqual([
      `metadata.finalizers has "bad finalizer", which is not a qualified name (an optional DNS subdomain and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) | name the finalizer after the controller that removes it, e.g. "example.com/cleanup"`,
      'metadata.finalizers has both "orphan" and "foregroundDeletion", which the API server refuses: a deletion either orphans the dependents or deletes them first | keep one of them',
    ]);
  });

  it("refuses a built-in object's finalizer that is neither standard nor domain-qualified, as both servers do", () => {
    expect(
      messages('Deployment', 'web', (deployment) => {
        deployment.metadata.finalizers = ['cleanup', 'kubernetes.io/pvc-protection', 'orphan'];
      }),
    ).toEqual([
      'metadata.finalizers has "cleanup", which is neither a standard finalizer (kubernetes, orphan, foregroundDeletion) nor qualified by a domain, which the API server refuses | qualify it by the domain of the controller that removes it, e.g. "example.com/cleanup", or name a standard finalizer',
    ]);
  });

  it("passes a custom resource's finalizer without a domain, which both servers take (with a warning)", () => {
    const sealed = baseline().find((object) => object.manifest.kind === 'SealedSecret');
    expect(sealed).toBeDefined();
    const objects = withChange('SealedSecret', String(sealed?.manifest.metadata.name), (secret) => {
      secret.metadata.finalizers = ['cleanup'];
    });
    expect(runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'finalizer-names')).toEqual([]);
  });

  it("refuses a Namespace's spec finalizer that is neither standard nor qualified by a domain", () => {
    expect(
      messages('Namespace', 'shop', (namespace) => {
        namespace.spec = { finalizers: ['kubernetes', 'example.com/drain', 'cleanup'] };
      }),
    ).toEqual([
      'spec.finalizers has "cleanup", which is neither a standard finalizer (kubernetes, orphan, foregroundDeletion) nor qualified by a domain, which the API server refuses | qualify it by the domain of the controller that removes it, e.g. "example.com/cleanup", or name a standard finalizer',
    ]);
  });
});
