import { Chart, Size } from 'cdk8s';
import {
  AccessMode,
  PersistentVolume,
  PersistentVolumeProps,
  PersistentVolumeSource,
} from '../../lib/constructs/persistent-volume';
import { quantity } from '../../lib/constructs/quantity';
import { ReclaimPolicy, StorageClass } from '../../lib/constructs/storage-class';
import { findObject, renderedTestChart, testChart } from '../helpers';

function notes(chart: Chart, props: Partial<PersistentVolumeProps> = {}): PersistentVolume {
  return new PersistentVolume(chart, 'notes', {
    hostPath: '/var/lib/k8s-course/notes',
    capacity: Size.gibibytes(1),
    ...props,
  });
}

describe('PersistentVolume', () => {
  it('keeps its data in the node directory it is given, created when missing', () => {
    const chart = testChart();
    notes(chart);
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.hostPath).toEqual({
      path: '/var/lib/k8s-course/notes',
      type: 'DirectoryOrCreate',
    });
  });

  it('writes its capacity as a Kubernetes quantity', () => {
    const chart = testChart();
    notes(chart, { capacity: Size.mebibytes(512) });
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.capacity).toEqual({ storage: '512Mi' });
  });

  it('may be mounted ReadWriteOnce by default', () => {
    const chart = testChart();
    const volume = notes(chart);
    expect(volume.accessModes).toEqual([AccessMode.READ_WRITE_ONCE]);
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('offers the access modes it is given', () => {
    const chart = testChart();
    notes(chart, { accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY] });
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany']);
  });

  it('belongs to the class it is given', () => {
    const chart = testChart();
    const manual = new StorageClass(chart, 'manual');
    const volume = notes(chart, { storageClass: manual });
    expect(volume.storageClassName).toBe('manual');
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.storageClassName).toBe('manual');
  });

  it('has the empty class without one, so only claims asking for no class bind it', () => {
    const chart = testChart();
    const volume = notes(chart);
    expect(volume.storageClassName).toBe('');
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.storageClassName).toBe('');
  });

  it('keeps its data when its claim is deleted, by default', () => {
    const chart = testChart();
    notes(chart);
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.persistentVolumeReclaimPolicy).toBe('Retain');
  });

  it('writes the reclaim policy it is given', () => {
    const chart = testChart();
    notes(chart, { reclaimPolicy: ReclaimPolicy.DELETE });
    expect(findObject(chart, 'PersistentVolume', 'notes').spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  it('is named after its id unless given a name', () => {
    const chart = testChart();
    const volume = notes(chart, { name: 'course-notes' });
    expect(volume.name).toBe('course-notes');
    expect(findObject(chart, 'PersistentVolume', 'course-notes').spec.capacity.storage).toBe('1Gi');
  });

  it('exposes its capacity for claims to check against', () => {
    const chart = testChart();
    const volume = notes(chart, { capacity: Size.gibibytes(2) });
    expect(volume.capacity.toGibibytes()).toBe(2);
  });

  it('has no namespace once rendered, being cluster-scoped', () => {
    const volume = renderedTestChart((chart) => notes(chart)).find((object) => object.kind === 'PersistentVolume');
    expect(volume?.metadata.name).toBe('notes');
    expect(volume?.metadata).not.toHaveProperty('namespace');
  });

  it('fails when hostPath has a ".." element, which the API server refuses', () => {
    expect(() => notes(testChart(), { hostPath: '/data/../etc' })).toThrow(
      'test/notes: hostPath must not have a ".." element (the API server refuses it), got "/data/../etc"; write the path without ".."',
    );
    expect(
      () =>
        new PersistentVolume(testChart(), 'a', {
          capacity: Size.gibibytes(1),
          source: PersistentVolumeSource.hostPath('/data/..'),
        }),
    ).toThrow(/source \(PersistentVolumeSource.hostPath\) path must not have a "\.\." element/);
  });

  it('fails when hostPath is relative', () => {
    const chart = testChart();
    expect(() => notes(chart, { hostPath: 'data/notes' })).toThrow(
      /^test\/notes: hostPath must be an absolute path, got "data\/notes"$/,
    );
  });

  it('fails when its capacity is 0', () => {
    const chart = testChart();
    expect(() => notes(chart, { capacity: Size.gibibytes(0) })).toThrow(
      /^test\/notes: capacity must be more than 0, got 0Gi$/,
    );
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => notes(chart, { name: 'Course_Notes' })).toThrow(
      /^test\/notes: name must be a DNS-1123 subdomain .*, got "Course_Notes"; rename it, e\.g\. "course-notes"$/,
    );
  });
});

describe('PersistentVolume sources', () => {
  const capacity = Size.gibibytes(10);
  const specOf = (chart: Chart, name: string) => findObject(chart, 'PersistentVolume', name).spec;

  it('is an NFS export, with mount options', () => {
    const chart = testChart();
    new PersistentVolume(chart, 'shared', {
      capacity,
      accessModes: [AccessMode.READ_WRITE_MANY],
      source: PersistentVolumeSource.nfs('nfs.example.com', '/exports/shared', { readOnly: true }),
      mountOptions: ['nfsvers=4.1', 'hard'],
    });
    expect(specOf(chart, 'shared')).toMatchObject({
      nfs: { server: 'nfs.example.com', path: '/exports/shared', readOnly: true },
      mountOptions: ['nfsvers=4.1', 'hard'],
    });
    expect(specOf(chart, 'shared')).not.toHaveProperty('hostPath');
  });

  it('is a volume of a CSI driver, by its handle', () => {
    const chart = testChart();
    new PersistentVolume(chart, 'disk', {
      capacity,
      source: PersistentVolumeSource.csi('ebs.csi.aws.com', 'vol-0123456789abcdef0', {
        fsType: 'ext4',
        volumeAttributes: { partition: '1' },
      }),
    });
    expect(specOf(chart, 'disk').csi).toEqual({
      driver: 'ebs.csi.aws.com',
      volumeHandle: 'vol-0123456789abcdef0',
      fsType: 'ext4',
      volumeAttributes: { partition: '1' },
    });
  });

  it('is a local disk, pinned to the nodes that have it', () => {
    const chart = testChart();
    new PersistentVolume(chart, 'ssd', {
      capacity,
      source: PersistentVolumeSource.local('/mnt/disks/ssd1', { nodes: ['node-1'] }),
    });
    expect(specOf(chart, 'ssd')).toMatchObject({
      local: { path: '/mnt/disks/ssd1' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] },
          ],
        },
      },
    });
  });

  it('is a node directory through PersistentVolumeSource.hostPath as through hostPath', () => {
    const chart = testChart();
    new PersistentVolume(chart, 'a', { capacity, source: PersistentVolumeSource.hostPath('/data/a') });
    new PersistentVolume(chart, 'b', { capacity, hostPath: '/data/a' });
    expect(specOf(chart, 'a')).toEqual(specOf(chart, 'b'));
  });

  it.each([
    [{ capacity }, 'give the storage it is: `source`, e.g. PersistentVolumeSource.nfs(server, path), or `hostPath`'],
    [
      { capacity, hostPath: '/data', source: PersistentVolumeSource.hostPath('/data') },
      'give either hostPath or source, not both (a PersistentVolume is one storage)',
    ],
    [
      { capacity, source: PersistentVolumeSource.nfs('', '/exports') },
      'source (PersistentVolumeSource.nfs) server must be a host name or address, got ""',
    ],
    [
      { capacity, source: PersistentVolumeSource.nfs('nfs.example.com', 'exports') },
      'source (PersistentVolumeSource.nfs) path must be an absolute path, got "exports"; write "/exports"',
    ],
    [
      { capacity, source: PersistentVolumeSource.csi('ebs_csi', 'vol-1') },
      'source (PersistentVolumeSource.csi) driver must be a DNS-1123 subdomain of at most 63 characters, as the driver names itself (e.g. "ebs.csi.aws.com"), got "ebs_csi"',
    ],
    [
      { capacity, source: PersistentVolumeSource.csi('ebs.csi.aws.com', '') },
      'source (PersistentVolumeSource.csi) volumeHandle must be the id of the volume in its storage system, got ""',
    ],
    [
      { capacity, source: PersistentVolumeSource.local('/mnt/disks/ssd1', { nodes: [] }) },
      'source (PersistentVolumeSource.local) nodes must name at least one node (the API server refuses a local volume without node affinity), got []',
    ],
    [
      { capacity, source: PersistentVolumeSource.local('/mnt/disks/ssd1', { nodes: ['node-1:'] }) },
      "source (PersistentVolumeSource.local) nodes must be node names as their kubernetes.io/hostname label holds them (a label value: at most 63 letters, digits, '-', '_' or '.'), got \"node-1:\"",
    ],
    [
      { capacity, source: PersistentVolumeSource.local('/mnt/../etc', { nodes: ['node-1'] }) },
      'source (PersistentVolumeSource.local) path must not climb with "..", got "/mnt/../etc"',
    ],
    [
      { capacity, source: { nfs: {} } as unknown as PersistentVolumeSource },
      "source must be a PersistentVolumeSource, e.g. PersistentVolumeSource.nfs('nfs.example.com', '/exports/data')",
    ],
  ])('fails for a bad source: %#', (props, message) => {
    expect(() => new PersistentVolume(testChart(), 'pv', props as PersistentVolumeProps)).toThrow(
      `test/pv: ${message}`,
    );
  });

  // props-fuzz (seed 7) gave a DaemonSetUpdateStrategy for the NFS server: the message showed only its JSON.
  const notText = Size.mebibytes(1) as unknown as string;
  it.each([
    ['hostPath) path', PersistentVolumeSource.hostPath(notText)],
    ['nfs) server', PersistentVolumeSource.nfs(notText, '/exports')],
    ['nfs) path', PersistentVolumeSource.nfs('nfs.example.com', notText)],
    ['csi) driver', PersistentVolumeSource.csi(notText, 'vol-1')],
    ['csi) volumeHandle', PersistentVolumeSource.csi('ebs.csi.aws.com', notText)],
    ['local) path', PersistentVolumeSource.local(notText, { nodes: ['node-1'] })],
  ])('fails for a source (PersistentVolumeSource.%s that is no string, naming what it is', (field, source) => {
    expect(() => new PersistentVolume(testChart(), 'pv', { capacity, source })).toThrow(
      `test/pv: source (PersistentVolumeSource.${field} must be a string, got ` +
        '{"amount":1,"unit":{"label":"mebibytes","inKibiBytes":1024,"abbr":"Mi"}} (a Size)',
    );
  });
});

describe('quantity', () => {
  it('writes whole gibibytes in Gi', () => {
    expect(quantity(Size.gibibytes(1)).value).toBe('1Gi');
    expect(quantity(Size.gibibytes(20)).value).toBe('20Gi');
  });

  it('writes whole mebibytes that are no whole gibibytes in Mi', () => {
    expect(quantity(Size.mebibytes(512)).value).toBe('512Mi');
    expect(quantity(Size.gibibytes(1.5)).value).toBe('1536Mi');
  });

  it('writes whole mebibytes that make whole gibibytes in Gi', () => {
    expect(quantity(Size.mebibytes(2048)).value).toBe('2Gi');
  });

  it('writes the rest in Ki', () => {
    expect(quantity(Size.kibibytes(100)).value).toBe('100Ki');
    expect(quantity(Size.mebibytes(1.5)).value).toBe('1536Ki');
  });

  it('rounds a fraction of a kibibyte up, never asking for less than was given', () => {
    expect(quantity(Size.kibibytes(0.5)).value).toBe('1Ki');
  });
});
