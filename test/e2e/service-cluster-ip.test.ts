import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { AnyManifest } from '../helpers';
import { kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * service-cluster-ip against the API server of the local cluster, whose service range dev declares
 * (`external.serviceCidrs`, cluster/env.sh's K8S_COURSE_SERVICE_CIDR): the server refuses each Service of REFUSED and
 * the rule does too; both take each of ACCEPTED. A server-side dry run, which stores nothing.
 */
const SERVICE_CIDRS = ENVIRONMENTS.dev.external!.serviceCidrs!;

const service = (spec: Record<string, unknown>): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cluster-ip', namespace: 'default' },
  spec: { selector: { app: 'cluster-ip' }, ports: [{ port: 80 }], ...spec },
});

const REFUSED: readonly [string, AnyManifest][] = [
  ['a clusterIP outside the range', service({ clusterIP: '10.0.0.10' })],
  ["the range's network address", service({ clusterIP: '10.96.0.0' })],
  ["the range's broadcast address", service({ clusterIP: '10.96.255.255' })],
  ['RequireDualStack', service({ ipFamilyPolicy: 'RequireDualStack' })],
  ['an IPv6 family', service({ ipFamilies: ['IPv6'] })],
  ['an IPv6 clusterIP', service({ clusterIP: 'fd00::10' })],
];

const ACCEPTED: readonly [string, AnyManifest][] = [
  ['a clusterIP inside the range', service({ clusterIP: '10.96.200.10', clusterIPs: ['10.96.200.10'] })],
  ['PreferDualStack and IPv4', service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] })],
  ['a headless Service', service({ clusterIP: 'None' })],
];

function verdicts(manifest: AnyManifest): { server: string; gate: string[] } {
  const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(manifest));
  const gate = runChecks([{ path: 'service-cluster-ip/Service', manifest }], {
    name: 'service-cluster-ip',
    kubernetesVersion: serverRelease(),
    external: { ...NO_EXTERNAL, serviceCidrs: SERVICE_CIDRS },
  }).findings.filter((finding) => finding.rule === 'service-cluster-ip');
  return {
    server: result.status === 0 ? 'accepted' : 'refused',
    gate: gate.map((finding) => finding.message),
  };
}

describe(`service-cluster-ip against the local cluster's service range (${SERVICE_CIDRS.join(', ')})`, () => {
  it.each(REFUSED)('%s: refused by the server and the rule', (_name, manifest) => {
    const { server, gate } = verdicts(manifest);
    expect({ server, gate: gate.length > 0 }).toEqual({ server: 'refused', gate: true });
  });

  it.each(ACCEPTED)('%s: accepted by the server and the rule', (_name, manifest) => {
    expect(verdicts(manifest)).toEqual({ server: 'accepted', gate: [] });
  });
});
