import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-27';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { AppChart } from '../../lib/charts/app-chart';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { Deployment } from '../../lib/index';
import { DEV } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = any;

function apiServerPolicies(objects: readonly AnyObject[]): AnyObject[] {
  return objects.filter((object) => object.kind === 'NetworkPolicy' && object.metadata.name.endsWith('-to-api-server'));
}

describe('the <workload>-to-api-server NetworkPolicy', () => {
  it('allows 443 and 6443 to the environment`s apiServerCidrs only', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'reader', { env: DEV, namespace: 'reader' });
    new Deployment(chart, 'reader', {
      containers: [{ name: 'app', image: 'nginx:1.27' }],
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'reader'),
    });
    const [policy] = apiServerPolicies(Testing.synth(chart));
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toEqual([
      {
        to: DEV.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 6443, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it.each(Object.keys(ENVIRONMENTS))('in dist/%s/, names its environment`s addresses in every rule', (name) => {
    const dir = path.join(ROOT, 'dist', name);
    const objects = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.k8s.yaml'))
      .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc) => doc.toJS()));
    const policies = apiServerPolicies(objects);
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      for (const rule of policy.spec.egress) {
        expect({ policy: policy.metadata.name, to: rule.to }).toEqual({
          policy: policy.metadata.name,
          to: ENVIRONMENTS[name].apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
        });
      }
    }
  });
});

describe('apiServerCidrs', () => {
  const invalid = (apiServerCidrs: unknown) => () => parseEnvironment('dev', { ...ENVIRONMENTS.dev, apiServerCidrs });

  it('refuses every address', () => {
    expect(invalid(['0.0.0.0/0'])).toThrow(
      `apiServerCidrs.0: must be the API server's addresses, not every address (/0), got "0.0.0.0/0"`,
    );
    expect(invalid(['::/0'])).toThrow(`apiServerCidrs.0: must be the API server's addresses, not every address (/0)`);
  });

  it('refuses what is not an address block', () => {
    expect(invalid(['10.96.0.1'])).toThrow(
      'apiServerCidrs.0: must be an address block in CIDR notation, such as "10.96.0.1/32", got "10.96.0.1"',
    );
    expect(invalid(['10.96.0.300/32'])).toThrow('apiServerCidrs.0: must be an address block in CIDR notation');
  });

  it('refuses an empty list and a missing one', () => {
    expect(invalid([])).toThrow("apiServerCidrs: must list the API server's addresses, got []");
    expect(invalid(undefined)).toThrow(
      "apiServerCidrs: must list the API server's addresses as CIDR blocks, e.g. ['10.96.0.1/32'], got nothing",
    );
  });
});
