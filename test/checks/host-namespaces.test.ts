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

describe('pod-spec: HostProcess containers, all or none', () => {
  const image = 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0';
  const hostProcess = (value: boolean) => ({ windowsOptions: { hostProcess: value } });

  it('refuses a container of hostProcess false in a pod of true, and a pod of HostProcess and other containers', () => {
    // 1.27 and 1.37: 'containers[1].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess
    // value must be identical if both are specified'.
    const spec = {
      os: { name: 'windows' },
      hostNetwork: true,
      securityContext: hostProcess(true),
      containers: [
        { name: 'agent', image },
        { name: 'helper', image, securityContext: hostProcess(false) },
      ],
    };
    expect(podSpecFindings(spec)).toEqual([
      'container "helper" sets windowsOptions.hostProcess false and the pod true, which the API server refuses (they must be identical where both are set) | remove the container\'s hostProcess, which the pod\'s then sets',
      "some containers of the pod are HostProcess containers (windowsOptions.hostProcess) and some not, which the API server refuses: a pod runs all of them on the host or none | set hostProcess: true in the pod's securityContext.windowsOptions, or run the others in a pod of their own",
    ]);
  });

  it('passes a pod of hostProcess true whose containers say so too or nothing', () => {
    const spec = {
      os: { name: 'windows' },
      hostNetwork: true,
      securityContext: hostProcess(true),
      containers: [
        { name: 'agent', image },
        { name: 'helper', image, securityContext: hostProcess(true) },
      ],
    };
    expect(podSpecFindings(spec)).toEqual([]);
  });
});
