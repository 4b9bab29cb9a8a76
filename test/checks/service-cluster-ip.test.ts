import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';

/** The local test clusters' service range (cluster/env.sh's K8S_COURSE_SERVICE_CIDR). */
const LOCAL = ['10.96.0.0/16'];

function service(spec: Record<string, unknown>): RenderedObject {
  return {
    path: 'shop/Service-web',
    manifest: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
    },
  };
}

/** The service-cluster-ip findings of `objects` in an environment of the service ranges `serviceCidrs`. */
function verdicts(objects: RenderedObject[], serviceCidrs: string[] = LOCAL): string[] {
  return runChecks(objects, { name: 'test', kubernetesVersion: '1.37', external: { ...NO_EXTERNAL, serviceCidrs } })
    .findings.filter((finding) => finding.rule === 'service-cluster-ip')
    .map((finding) => finding.message);
}

describe('service-cluster-ip', () => {
  it("refuses a clusterIP outside the cluster's service range, or its network or broadcast address", () => {
    const outside = (ip: string) =>
      `spec.clusterIP ${ip} is not in the cluster's service range (10.96.0.0/16, but its first and last addresses), which the API server refuses ("the provided IP is not in the valid range")`;
    expect(verdicts([service({ clusterIP: '10.0.0.10' })])).toEqual([outside('10.0.0.10')]);
    expect(verdicts([service({ clusterIP: '10.96.0.0' })])).toEqual([outside('10.96.0.0')]);
    expect(verdicts([service({ clusterIP: '10.96.255.255', clusterIPs: ['10.96.255.255'] })])).toEqual([
      outside('10.96.255.255'),
    ]);
  });

  it('refuses dual stack, and an IPv6 family or address, on a cluster of IPv4 service addresses only', () => {
    expect(verdicts([service({ ipFamilyPolicy: 'RequireDualStack' })])).toEqual([
      'spec.ipFamilyPolicy RequireDualStack needs service ranges of both IP families, and the cluster has IPv4 only (10.96.0.0/16), which the API server refuses ("this cluster is not configured for dual-stack services")',
    ]);
    expect(verdicts([service({ ipFamilies: ['IPv6'], clusterIP: 'fd00::10' })])).toEqual([
      'spec.clusterIP fd00::10 is IPv6, and the cluster has service ranges of IPv4 only (10.96.0.0/16), which the API server refuses ("IPv6 is not configured on this cluster")',
      'spec.ipFamilies[0] IPv6 is a family the cluster has no service range of (it has 10.96.0.0/16), which the API server refuses ("not configured on this cluster")',
    ]);
  });

  it('passes addresses inside the range, headless Services, PreferDualStack, and any Service where no range is declared', () => {
    expect(
      verdicts([
        service({ clusterIP: '10.96.200.10', clusterIPs: ['10.96.200.10'], ipFamilyPolicy: 'PreferDualStack' }),
        { ...service({ clusterIP: 'None' }), path: 'shop/Service-headless' },
      ]),
    ).toEqual([]);
    expect(verdicts([service({ clusterIP: '10.0.0.10', ipFamilyPolicy: 'RequireDualStack' })], [])).toEqual([]);
  });

  it('takes the ranges of the ServiceCIDRs the project makes as the cluster’s too', () => {
    const extra: RenderedObject = {
      path: 'cluster/ServiceCIDR-extra',
      manifest: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'ServiceCIDR',
        metadata: { name: 'extra' },
        spec: { cidrs: ['10.0.0.0/24'] },
      },
    };
    expect(verdicts([extra, service({ clusterIP: '10.0.0.10' })])).toEqual([]);
  });
});
