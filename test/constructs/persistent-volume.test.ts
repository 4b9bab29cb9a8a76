import { Chart, Size } from 'cdk8s';
import { AccessMode, PersistentVolume, PersistentVolumeProps } from '../../lib/constructs/persistent-volume';
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
