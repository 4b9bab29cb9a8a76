import { allowedTopologyProblems } from '../../lib/checks/allowed-topologies';
import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV } from './fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const term = (...requirements: AnyManifest[]) => ({ matchLabelExpressions: requirements });
const zones = (...values: string[]) => ({ key: ZONE, values });

function messages(terms: unknown): string[] {
  return allowedTopologyProblems(terms).map((problem) => problem.message);
}

describe("allowedTopologyProblems: a StorageClass's allowedTopologies as the API server validates them", () => {
  it('passes terms of distinct label sets, and no terms at all', () => {
    expect(messages([term(zones('a', 'b')), term(zones('c'))])).toEqual([]);
    expect(messages([term(zones('a'), { key: 'example.com/rack', values: ['r1'] })])).toEqual([]);
    expect(messages([])).toEqual([]);
    expect(messages(undefined)).toEqual([]);
    // Values are not label values to the API server.
    expect(messages([term(zones('not a label value!'))])).toEqual([]);
  });

  it('refuses an expression of no values, or of a value twice', () => {
    expect(messages([term(zones())])).toEqual([
      'allowedTopologies[0].matchLabelExpressions[0].values is empty; the API server requires at least one value',
    ]);
    expect(messages([term(zones('a', 'b', 'a'))])).toEqual([
      'allowedTopologies[0].matchLabelExpressions[0].values holds "a" twice, which the API server refuses',
    ]);
  });

  it('refuses a key that is no label key, and a key twice in one term', () => {
    expect(messages([term({ key: 'bad key!', values: ['a'] })])).toEqual([
      'allowedTopologies[0].matchLabelExpressions[0].key "bad key!" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    ]);
    expect(messages([term({ key: '', values: ['a'] })])).toEqual([
      'allowedTopologies[0].matchLabelExpressions[0].key "" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    ]);
    expect(messages([term(zones('a'), zones('b'))])).toEqual([
      `allowedTopologies[0].matchLabelExpressions[1].key "${ZONE}" repeats the key of an earlier expression of the term, which the API server refuses`,
    ]);
  });

  it('refuses a term that selects the same labels as an earlier one, whatever the order of its values', () => {
    expect(messages([term(zones('a', 'b')), term(zones('b', 'a'))])).toEqual([
      'allowedTopologies[1] selects the same labels as allowedTopologies[0], which the API server refuses as a duplicate',
    ]);
  });

  it('refuses a term of no expressions, which the API server reads as a duplicate', () => {
    expect(messages([{}])).toEqual([
      'allowedTopologies[0] has no matchLabelExpressions, which the API server refuses (it reads an empty term as a duplicate)',
    ]);
    expect(messages([term(zones('a')), term()])).toEqual([
      'allowedTopologies[1] has no matchLabelExpressions, which the API server refuses (it reads an empty term as a duplicate)',
    ]);
  });

  it('is checked by storage-class-spec', () => {
    const storageClass = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'zonal' },
      provisioner: 'kubernetes.io/no-provisioner',
      allowedTopologies: [term(zones())],
    };
    const findings = runChecks([{ path: 'shop/zonal', manifest: storageClass }], TEST_ENV).findings;
    expect(
      findings.filter((finding) => finding.rule === 'storage-class-spec').map((finding) => finding.message),
    ).toEqual([
      'allowedTopologies[0].matchLabelExpressions[0].values is empty; the API server requires at least one value',
    ]);
  });
});
