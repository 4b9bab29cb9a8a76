import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The pod-spec findings of the baseline plus one Deployment of this pod spec, on a cluster of `release`. */
function podSpecFindings(spec: AnyManifest, release = '1.37'): string[] {
  const labels = { app: 'os' };
  const manifest: AnyManifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'os', namespace: 'shop' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  };
  const objects: RenderedObject[] = [...baseline(), { path: 'extra/Deployment', manifest }];
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

function windowsPod(extra: AnyManifest, securityContext?: AnyManifest): AnyManifest {
  return {
    os: { name: 'windows' },
    containers: [{ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:latest', securityContext }],
    ...extra,
  };
}

describe('pod-spec: fields of another operating system than the pod declares (os.name)', () => {
  it('passes a windows pod of windowsOptions and runAsNonRoot, and a pod of no os of any field', () => {
    const windows = windowsPod(
      { securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } },
      { runAsNonRoot: true },
    );
    expect(podSpecFindings(windows)).toEqual([]);
    expect(podSpecFindings({ ...windows, securityContext: { ...windows.securityContext, sysctls: [] } })).toEqual([]);
    const noOs = { securityContext: { runAsUser: 1000, windowsOptions: { runAsUserName: 'ContainerUser' } } };
    expect(podSpecFindings({ ...noOs, containers: [{ name: 'app', image: 'nginx:1.27' }] })).toEqual([]);
  });

  it('refuses Linux-only fields of a windows pod and its containers, as both API servers do', () => {
    // 1.27 and 1.37: 'securityContext.runAsGroup: Forbidden: cannot be set for a windows pod', and so on.
    const spec = windowsPod(
      {
        securityContext: { runAsGroup: 1000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] },
        shareProcessNamespace: true,
      },
      { privileged: false, readOnlyRootFilesystem: true },
    );
    for (const release of ['1.27', '1.37']) {
      expect(podSpecFindings(spec, release)).toEqual([
        expect.stringContaining('and it sets securityContext.sysctls, which'),
        'the pod\'s os.name is "windows", and it sets securityContext.runAsGroup, which the API server refuses of a windows pod (a Linux-only field) | remove securityContext.runAsGroup, which Windows does not use (a windows pod sets its user in securityContext.windowsOptions), or set os.name to "linux" if the pod runs on Linux',
        expect.stringContaining('and it sets shareProcessNamespace, which'),
        expect.stringContaining('and it sets securityContext.readOnlyRootFilesystem of container "iis", which'),
        expect.stringContaining('and it sets securityContext.privileged of container "iis", which'),
      ]);
    }
  });

  it('refuses hostUsers of a windows pod from 1.33, as 1.37 does and 1.27 does not', () => {
    const spec = windowsPod({ hostUsers: true });
    expect(podSpecFindings(spec, '1.27')).toEqual([]);
    expect(podSpecFindings(spec, '1.37')).toEqual([
      expect.stringContaining('the pod\'s os.name is "windows", and it sets hostUsers, which the API server refuses'),
    ]);
  });

  it('refuses hostPID and hostIPC of a windows pod, and seLinuxChangePolicy from 1.33', () => {
    // 1.27 and 1.37: 'hostPID: Forbidden: cannot be set for a windows pod'; 1.37 likewise of seLinuxChangePolicy, a
    // field 1.27 does not have.
    const spec = windowsPod({
      hostPID: true,
      hostIPC: true,
      hostNetwork: true,
      securityContext: { seLinuxChangePolicy: 'Recursive' },
    });
    expect(podSpecFindings(spec, '1.27')).toEqual([
      expect.stringContaining('and it sets hostPID, which'),
      expect.stringContaining('and it sets hostIPC, which'),
    ]);
    expect(podSpecFindings(spec, '1.37')).toEqual([
      expect.stringContaining('and it sets securityContext.seLinuxChangePolicy, which'),
      expect.stringContaining('and it sets hostPID, which'),
      expect.stringContaining('and it sets hostIPC, which'),
    ]);
  });

  it('refuses windowsOptions of a linux pod and its containers, as both API servers do', () => {
    const spec = {
      os: { name: 'linux' },
      securityContext: { windowsOptions: { runAsUserName: 'x' } },
      containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { windowsOptions: { runAsUserName: 'x' } } }],
    };
    expect(podSpecFindings(spec, '1.27')).toEqual([
      'the pod\'s os.name is "linux", and it sets securityContext.windowsOptions, which the API server refuses of a linux pod | remove securityContext.windowsOptions, or set os.name to "windows" if the pod runs on Windows',
      'the pod\'s os.name is "linux", and it sets securityContext.windowsOptions of container "app", which the API server refuses of a linux pod | remove securityContext.windowsOptions of container "app", or set os.name to "windows" if the pod runs on Windows',
    ]);
  });
});
