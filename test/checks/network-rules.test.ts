import { networkDns } from '../../lib/checks/network-rules';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

function policy(name: string, egress: AnyManifest[]): AnyManifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, policyTypes: ['Egress'], egress },
  };
}

const KUBE_DNS = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

/** The rule's warnings, as `Kind name: message`, with the policies added and the web Deployment changed. */
function dnsWarnings(policies: AnyManifest[], change?: (web: AnyManifest) => void): string[] {
  const objects: RenderedObject[] = [
    ...baseline(),
    ...policies.map((manifest, position) => ({ path: `test/policy${position}`, manifest })),
  ];
  change?.(objects.find((object) => object.manifest.kind === 'Deployment')!.manifest as AnyManifest);
  return runChecks(objects, TEST_ENV)
    .warnings.filter((warning) => warning.rule === networkDns.id)
    .map((warning) => `${warning.object.manifest.kind} ${warning.object.manifest.metadata.name}: ${warning.message}`);
}

describe('network-dns', () => {
  it('warns of pods whose egress policies let no DNS query out', () => {
    expect(dnsWarnings([policy('deny-egress', [])])).toEqual([
      "Deployment web: the pods' egress is governed by NetworkPolicy shop/deny-egress, and none lets them send DNS queries (UDP 53) to the cluster DNS in kube-system: every name lookup fails, Services' included",
    ]);
  });

  it('warns when the allowed ports or peers leave DNS out', () => {
    const https = { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] };
    expect(dnsWarnings([policy('https-only', [https])])).toHaveLength(1);
    const tcpDns = { ...KUBE_DNS, ports: [{ port: 53, protocol: 'TCP' }] };
    expect(dnsWarnings([policy('tcp-dns', [tcpDns])])).toHaveLength(1);
    const ownNamespace = { to: [{ podSelector: {} }] };
    expect(dnsWarnings([policy('namespace-only', [ownNamespace])])).toHaveLength(1);
    const otherNamespace = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } } }] };
    expect(dnsWarnings([policy('db-only', [otherNamespace])])).toHaveLength(1);
  });

  it('passes pods that may reach kube-dns through any policy, or whose egress is not governed', () => {
    expect(dnsWarnings([])).toEqual([]);
    expect(dnsWarnings([policy('deny-egress', []), policy('allow-dns', [KUBE_DNS])])).toEqual([]);
    expect(dnsWarnings([policy('anywhere', [{}])])).toEqual([]);
    expect(dnsWarnings([policy('range', [{ ports: [{ port: 1, endPort: 1024, protocol: 'UDP' }] }])])).toEqual([]);
    expect(dnsWarnings([policy('named', [{ ports: [{ port: 'dns', protocol: 'UDP' }] }])])).toEqual([]);
  });

  it('leaves host-network pods, and pods of their own DNS settings, alone', () => {
    expect(dnsWarnings([policy('deny-egress', [])], (web) => (web.spec.template.spec.hostNetwork = true))).toEqual([]);
    expect(dnsWarnings([policy('deny-egress', [])], (web) => (web.spec.template.spec.dnsPolicy = 'None'))).toEqual([]);
  });
});
