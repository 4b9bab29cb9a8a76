import * as path from 'path';
import { DEV } from '../helpers';
import { DIST, applyKindsStrict, getJson } from './kubectl';

jest.setTimeout(120_000);

interface EgressRule {
  readonly to?: { ipBlock?: { cidr: string } }[];
}

interface Policy {
  readonly metadata: { name: string };
  readonly spec: { policyTypes: string[]; egress?: EgressRule[] };
}

describe('egress to the API server on a real API server', () => {
  let policies: Policy[];

  beforeAll(() => {
    const result = applyKindsStrict(path.join(DIST, 'dashboard.k8s.yaml'), ['Namespace', 'NetworkPolicy']);
    if (result.status !== 0) {
      throw new Error(`applying dashboard.k8s.yaml failed: ${result.stderr}`);
    }
    policies = getJson(['networkpolicies', '-n', 'kubernetes-dashboard']).items;
  });

  it('is accepted, strictly, as the environment`s address blocks', () => {
    const apiServer = policies.filter((policy) => policy.metadata.name.endsWith('-to-api-server'));
    expect(apiServer.map((policy) => policy.metadata.name).sort()).toEqual([
      'dashboard-metrics-scraper-to-api-server',
      'kubernetes-dashboard-to-api-server',
    ]);
    for (const policy of apiServer) {
      expect(policy.spec.egress?.map((rule) => rule.to)).toEqual([
        DEV.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
      ]);
    }
  });

  it('leaves the namespace deny by default: no egress rule of any policy goes to every address', () => {
    const defaultDeny = policies.find((policy) => policy.metadata.name === 'default-deny');
    expect(defaultDeny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(defaultDeny?.spec.egress ?? []).toEqual([]);
    const open = policies.flatMap((policy) =>
      (policy.spec.egress ?? [])
        .filter((rule) => rule.to === undefined || rule.to.length === 0)
        .map(() => policy.metadata.name),
    );
    expect(open).toEqual([]);
    const blocks = policies.flatMap((policy) =>
      (policy.spec.egress ?? []).flatMap((rule) => (rule.to ?? []).flatMap((peer) => peer.ipBlock?.cidr ?? [])),
    );
    expect([...new Set(blocks)].sort()).toEqual([...DEV.apiServerCidrs].sort());
  });
});
