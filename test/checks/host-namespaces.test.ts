import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The pod-spec findings of the baseline plus one Deployment of this pod spec, on a cluster of `release`. */
function podSpecFindings(spec: AnyManifest, release = '1.37'): string[] {
  const labels = { app: 'hosted' };
  const manifest: AnyManifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hosted', namespace: 'shop' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  };
  const objects: RenderedObject[] = [...baseline(), { path: 'extra/Deployment', manifest }];
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

describe('pod-spec: host namespaces a pod may not combine', () => {
  const app = { name: 'app', image: 'nginx:1.27' };

  it('refuses shareProcessNamespace with hostPID, as both API servers do', () => {
    // 1.27 and 1.37: 'shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled'.
    const spec = { shareProcessNamespace: true, hostPID: true, containers: [app] };
    for (const release of ['1.27', '1.37']) {
      expect(podSpecFindings(spec, release)).toEqual([
        "the pod sets both shareProcessNamespace and hostPID, which the API server refuses (a pod shares its containers' process namespace or the host's, not both) | remove shareProcessNamespace, or hostPID",
      ]);
    }
    expect(podSpecFindings({ shareProcessNamespace: false, hostPID: true, containers: [app] }, '1.27')).toEqual([]);
  });

  it('refuses hostUsers false beside a host namespace from 1.33, as 1.37 does and 1.27 does not', () => {
    // 1.37: 'hostNetwork: Forbidden: when `hostUsers` is false'; 1.27 drops hostUsers (UserNamespacesSupport is off).
    const spec = { hostUsers: false, hostNetwork: true, hostPID: true, containers: [app] };
    expect(podSpecFindings(spec, '1.27')).toEqual([]);
    expect(podSpecFindings(spec, '1.37')).toEqual([
      'the pod sets hostUsers false (a user namespace of its own) and hostNetwork, which the API server refuses: a pod in a user namespace shares no namespace of the host | remove hostNetwork, or hostUsers: false',
      expect.stringContaining('the pod sets hostUsers false (a user namespace of its own) and hostPID, which'),
    ]);
  });

  it('refuses a HostProcess container off the host network, as both API servers do', () => {
    // 1.27 and 1.37: 'hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers'.
    const spec = {
      os: { name: 'windows' },
      containers: [
        {
          name: 'agent',
          image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0',
          securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
        },
      ],
    };
    for (const release of ['1.27', '1.37']) {
      expect(podSpecFindings(spec, release)).toEqual([
        'the pod has a HostProcess container (windowsOptions.hostProcess) and is not on the host network, which the API server refuses | set hostNetwork: true, as a HostProcess pod runs in the network of the node',
      ]);
    }
    expect(podSpecFindings({ ...spec, hostNetwork: true })).toEqual([]);
  });
});
