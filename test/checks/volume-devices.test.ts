import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The pod-spec findings of the baseline plus one Deployment of this pod spec. */
function podSpecFindings(spec: AnyManifest, kind: 'Deployment' | 'StatefulSet' = 'Deployment'): string[] {
  const labels = { app: 'block' };
  const manifest: AnyManifest = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'block', namespace: 'shop' },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
      ...(kind === 'StatefulSet'
        ? {
            serviceName: 'block',
            volumeClaimTemplates: [
              {
                metadata: { name: 'disk' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  volumeMode: 'Block',
                  resources: { requests: { storage: '1Gi' } },
                },
              },
            ],
          }
        : {}),
    },
  };
  const objects: RenderedObject[] = [...baseline(), { path: `extra/${kind}`, manifest }];
  return runChecks(objects, TEST_ENV)
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

const CLAIM = { name: 'disk', persistentVolumeClaim: { claimName: 'disk' } };

function withDevices(volumeDevices: AnyManifest[], extra: AnyManifest = {}): AnyManifest {
  return {
    volumes: [CLAIM, { name: 'scratch', emptyDir: {} }],
    containers: [{ name: 'db', image: 'postgres:16', volumeDevices, ...extra }],
  };
}

describe('pod-spec: volumeDevices (raw block volumes)', () => {
  it('passes a claim handed over as a device, and a StatefulSet claim template', () => {
    expect(podSpecFindings(withDevices([{ name: 'disk', devicePath: '/dev/xvda' }]))).toEqual([]);
    const statefulSet = {
      containers: [{ name: 'db', image: 'postgres:16', volumeDevices: [{ name: 'disk', devicePath: '/dev/xvda' }] }],
    };
    expect(podSpecFindings(statefulSet, 'StatefulSet')).toEqual([]);
  });

  it('fires for a device of a volume the pod does not have', () => {
    expect(podSpecFindings(withDevices([{ name: 'nope', devicePath: '/dev/xvda' }]))).toEqual([
      'volumeDevices[0] of container "db" names volume "nope", which the pod does not have | name a persistentVolumeClaim or ephemeral volume of the pod',
    ]);
  });

  it('fires for a device of an emptyDir, which is no claim', () => {
    expect(podSpecFindings(withDevices([{ name: 'scratch', devicePath: '/dev/xvda' }]))).toEqual([
      'volumeDevices[0] of container "db" names volume "scratch", which is no persistentVolumeClaim or ephemeral volume; the API server takes a block device only of a claim | mount the volume with volumeMounts, or hand over a claim of volumeMode Block',
    ]);
  });

  it('fires for one volume handed over twice, and for a devicePath with ".."', () => {
    expect(
      podSpecFindings(
        withDevices([
          { name: 'disk', devicePath: '/dev/xvda' },
          { name: 'disk', devicePath: '/dev/../xvdb' },
        ]),
      ),
    ).toEqual([
      'volumeDevices[1] of container "db" names volume "disk" again; a volume is one device | give each volume one devicePath',
      'volumeDevices[1] of container "db" has devicePath "/dev/../xvdb", which must not have a ".." element | write the path without "..", e.g. "/dev/xvda"',
    ]);
  });

  it('fires for a device of a volume the container also mounts, and at a path where it mounts another', () => {
    const mounts = {
      volumeMounts: [
        { name: 'disk', mountPath: '/data' },
        { name: 'scratch', mountPath: '/dev/xvda' },
      ],
    };
    expect(podSpecFindings(withDevices([{ name: 'disk', devicePath: '/dev/xvda' }], mounts))).toEqual([
      'volumeDevices[0] of container "db" names volume "disk", which the container also mounts (volumeMounts); a volume is a filesystem or a block device, not both | keep the volumeMount or the volumeDevice of it',
      'volumeDevices[0] of container "db" has devicePath "/dev/xvda", where the container also mounts a volume | put the device at a path of its own',
    ]);
  });

  it('checks init containers as well', () => {
    const spec = {
      volumes: [{ name: 'scratch', emptyDir: {} }],
      initContainers: [
        { name: 'format', image: 'busybox:1.36', volumeDevices: [{ name: 'scratch', devicePath: '/dev/x' }] },
      ],
      containers: [{ name: 'db', image: 'postgres:16' }],
    };
    expect(podSpecFindings(spec)).toEqual([
      expect.stringContaining('volumeDevices[0] of container "format" names volume "scratch"'),
    ]);
  });
});
