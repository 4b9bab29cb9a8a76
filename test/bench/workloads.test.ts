import { chooseEnvironments } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { ourWorkload } from '../../bench/our-workload';
import { sameObjectsDifferences } from '../../bench/workloads';

/** Our synthesis of the bench's first two applications, as one YAML stream. */
function ours(): string {
  const [env] = chooseEnvironments(['dev']);
  return renderApp(ourWorkload(2)(env))
    .map((file) => file.content)
    .join('---\n');
}

describe('sameObjectsDifferences (is the Helm row "the same objects as ours" really writing them?)', () => {
  it('finds none between our output and the same objects in another order, labelled and hashed by another tool', () => {
    const text = ours();
    const documents = text.split(/^---\n/m).reverse();
    const helmish = documents
      .join('---\n')
      .replace(/managed-by: cdk8s/g, 'managed-by: Helm')
      .replace(/web-[0-9a-f]{10}/g, 'web-0123456789');
    expect(sameObjectsDifferences(text, helmish)).toEqual([]);
  });

  it('names the object and shows both sides when a field differs', () => {
    const text = ours();
    const changed = text.replace('periodSeconds: 20', 'periodSeconds: 30');
    const differences = sameObjectsDifferences(text, changed);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(
      /^Deployment app-0\/web: ours .*"periodSeconds":20.*\n {2}theirs .*"periodSeconds":30/s,
    );
  });

  it('names objects that only one side writes', () => {
    const text = ours();
    const withoutPolicies = text
      .split(/^---\n/m)
      .filter((document) => !document.includes('name: allow-dns'))
      .join('---\n');
    expect(sameObjectsDifferences(text, withoutPolicies)).toEqual([
      'NetworkPolicy app-0/allow-dns: only in ours',
      'NetworkPolicy app-1/allow-dns: only in ours',
    ]);
    expect(sameObjectsDifferences(withoutPolicies, text)).toEqual([
      'NetworkPolicy app-0/allow-dns: only in theirs',
      'NetworkPolicy app-1/allow-dns: only in theirs',
    ]);
  });
});
