import { ADMIN_ACCESS_LABEL, ADMIN_ACCESS_LABEL_SINCE } from '../../lib/checks/device-admin-access';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { NO_EXTERNAL } from './fixtures';

const RESOURCE = 'resource.k8s.io/v1';
const REQUESTS = [
  { name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } },
  { name: 'debug', exactly: { deviceClassName: 'gpu.example.com', adminAccess: true } },
];

function namespace(labels: Record<string, string>): RenderedObject {
  return {
    path: 'ops/Namespace',
    manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels } },
  };
}

function claim(namespaceName: string, requests: unknown[] = REQUESTS): RenderedObject {
  return {
    path: 'ops/ResourceClaim',
    manifest: {
      apiVersion: RESOURCE,
      kind: 'ResourceClaim',
      metadata: { name: 'gpu-debug', namespace: namespaceName },
      spec: { devices: { requests } },
    },
  };
}

function template(namespaceName: string): RenderedObject {
  return {
    path: 'ops/ResourceClaimTemplate',
    manifest: {
      apiVersion: RESOURCE,
      kind: 'ResourceClaimTemplate',
      metadata: { name: 'gpu-debug', namespace: namespaceName },
      spec: { spec: { devices: { requests: REQUESTS } } },
    },
  };
}

/** The device-admin-access findings and warnings (`warning: ` first) of `objects` on `release`. */
function verdicts(objects: RenderedObject[], release = '1.37'): string[] {
  const result = runChecks(objects, { name: 'test', kubernetesVersion: release, external: NO_EXTERNAL });
  return [
    ...result.findings.map((finding) => `${finding.rule}: ${finding.message}`),
    ...result.warnings.map((finding) => `warning: ${finding.rule}: ${finding.message}`),
  ].filter((line) => line.includes('device-admin-access'));
}

describe('device-admin-access', () => {
  it('refuses adminAccess in a namespace the project makes without the label, as the API server refuses it', () => {
    const refused = (kind: string, at: string) =>
      `device-admin-access: ${at}.devices.requests[1].exactly.adminAccess is true, and namespace "ops" does not carry the label ${ADMIN_ACCESS_LABEL}: "true"; the API server refuses the ${kind} ("admin access to devices requires the label on the containing namespace")`;
    expect(verdicts([namespace({}), claim('ops')])).toEqual([refused('ResourceClaim', 'spec')]);
    expect(verdicts([namespace({ [ADMIN_ACCESS_LABEL]: 'True' }), template('ops')])).toEqual([
      refused('ResourceClaimTemplate', 'spec.spec'),
    ]);
  });

  it('passes adminAccess in a namespace of the label, and a claim without adminAccess anywhere', () => {
    expect(verdicts([namespace({ [ADMIN_ACCESS_LABEL]: 'true' }), claim('ops'), template('ops')])).toEqual([]);
    expect(verdicts([namespace({}), claim('ops', [REQUESTS[0]]), claim('default', [REQUESTS[0]])])).toEqual([]);
  });

  it('warns of adminAccess in a namespace the project does not make, whose labels the gate cannot see', () => {
    expect(verdicts([claim('default')])).toEqual([
      `warning: device-admin-access: spec.devices.requests[1].exactly.adminAccess is true in namespace "default", which the project does not make: the API server refuses the ResourceClaim unless that namespace carries the label ${ADMIN_ACCESS_LABEL}: "true"`,
    ]);
  });

  it(`judges it from ${ADMIN_ACCESS_LABEL_SINCE}, where the API server starts to`, () => {
    expect(verdicts([namespace({}), claim('ops')], '1.33')).toEqual([]);
  });
});
