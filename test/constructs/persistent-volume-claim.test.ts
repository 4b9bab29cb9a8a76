import { Chart, Size } from 'cdk8s';
import { AccessMode, PersistentVolume, PersistentVolumeProps } from '../../lib/constructs/persistent-volume';
import { PersistentVolumeClaim, PersistentVolumeClaimProps } from '../../lib/constructs/persistent-volume-claim';
import { StorageClass } from '../../lib/constructs/storage-class';
import { findObject, renderedTestChart, testChart } from '../helpers';

function volume(chart: Chart, props: Partial<PersistentVolumeProps> = {}): PersistentVolume {
  return new PersistentVolume(chart, 'pv', {
    hostPath: '/var/lib/k8s-course/pv',
    capacity: Size.gibibytes(1),
    ...props,
  });
}

function claim(chart: Chart, props: Partial<PersistentVolumeClaimProps> = {}): PersistentVolumeClaim {
  return new PersistentVolumeClaim(chart, 'claim', { storage: Size.gibibytes(1), ...props });
}

describe('PersistentVolumeClaim', () => {
  it('requests the storage it is given', () => {
    const chart = testChart();
    claim(chart, { storage: Size.mebibytes(256) });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.resources).toEqual({
      requests: { storage: '256Mi' },
    });
  });

  it('asks for ReadWriteOnce by default', () => {
    const chart = testChart();
    claim(chart);
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('binds exactly the volume it is given, by name', () => {
    const chart = testChart();
    const pv = volume(chart, { name: 'course-notes' });
    claim(chart, { volume: pv });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.volumeName).toBe('course-notes');
  });

  it('binds any volume that fits when given none', () => {
    const chart = testChart();
    claim(chart);
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.volumeName).toBeUndefined();
  });

  it('asks for the class of the volume it binds when given no class', () => {
    const chart = testChart();
    const manual = new StorageClass(chart, 'manual');
    claim(chart, { volume: volume(chart, { storageClass: manual }) });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.storageClassName).toBe('manual');
  });

  it('asks for the empty class when the volume it binds has none, so the default class is not applied', () => {
    const chart = testChart();
    claim(chart, { volume: volume(chart) });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.storageClassName).toBe('');
  });

  it('asks for the class it is given', () => {
    const chart = testChart();
    const fast = new StorageClass(chart, 'fast');
    claim(chart, { storageClass: fast });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.storageClassName).toBe('fast');
  });

  it('leaves the class unset without class or volume, so the cluster default class applies', () => {
    const chart = testChart();
    claim(chart);
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.storageClassName).toBeUndefined();
  });

  it('binds a volume of the class it asks for', () => {
    const chart = testChart();
    const manual = new StorageClass(chart, 'manual');
    claim(chart, { storageClass: manual, volume: volume(chart, { storageClass: manual }) });
    const spec = findObject(chart, 'PersistentVolumeClaim', 'claim').spec;
    expect(spec.storageClassName).toBe('manual');
    expect(spec.volumeName).toBe('pv');
  });

  it('may request the whole capacity of its volume', () => {
    const chart = testChart();
    claim(chart, { storage: Size.mebibytes(1024), volume: volume(chart, { capacity: Size.gibibytes(1) }) });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.resources.requests.storage).toBe('1Gi');
  });

  it('may ask for some of the access modes its volume offers', () => {
    const chart = testChart();
    claim(chart, {
      accessModes: [AccessMode.READ_ONLY_MANY],
      volume: volume(chart, { accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY] }),
    });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.accessModes).toEqual(['ReadOnlyMany']);
  });

  it('is named after its id unless given a name', () => {
    const chart = testChart();
    const named = claim(chart, { name: 'notes' });
    expect(named.name).toBe('notes');
    expect(findObject(chart, 'PersistentVolumeClaim', 'notes').metadata.namespace).toBe('ns');
  });

  it('keeps its namespace once rendered', () => {
    const manifests = renderedTestChart((chart) => claim(chart));
    expect(manifests.find((object) => object.kind === 'PersistentVolumeClaim')?.metadata.namespace).toBe('ns');
  });

  it('fails when it requests more storage than its volume holds', () => {
    const chart = testChart();
    const pv = volume(chart);
    expect(() => claim(chart, { storage: Size.gibibytes(2), volume: pv })).toThrow(
      /^test\/claim: storage 2Gi is more than the 1Gi of volume test\/pv; request at most its capacity$/,
    );
  });

  it('fails when it requests even a little more storage than its volume holds', () => {
    const chart = testChart();
    const pv = volume(chart);
    expect(() => claim(chart, { storage: Size.mebibytes(1025), volume: pv })).toThrow(
      /^test\/claim: storage 1025Mi is more than the 1Gi of volume test\/pv/,
    );
  });

  it('fails when it asks for an access mode its volume does not offer', () => {
    const chart = testChart();
    const pv = volume(chart);
    expect(() => claim(chart, { accessModes: [AccessMode.READ_WRITE_MANY], volume: pv })).toThrow(
      /^test\/claim: accessModes ReadWriteMany are not offered by volume test\/pv, which offers ReadWriteOnce$/,
    );
  });

  it('names only the access modes its volume lacks', () => {
    const chart = testChart();
    const pv = volume(chart, { accessModes: [AccessMode.READ_WRITE_ONCE] });
    expect(() =>
      claim(chart, {
        accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY],
        volume: pv,
      }),
    ).toThrow(
      /^test\/claim: accessModes ReadWriteMany, ReadOnlyMany are not offered by volume test\/pv, which offers ReadWriteOnce$/,
    );
  });

  it("fails when it asks for a class other than its volume's", () => {
    const chart = testChart();
    const pv = volume(chart, { storageClass: new StorageClass(chart, 'fast') });
    expect(() => claim(chart, { storageClass: new StorageClass(chart, 'slow'), volume: pv })).toThrow(
      /^test\/claim: storageClass "slow" differs from "fast" of volume test\/pv; they must match to bind$/,
    );
  });

  it('fails when it asks for a class and its volume has none', () => {
    const chart = testChart();
    const pv = volume(chart);
    expect(() => claim(chart, { storageClass: new StorageClass(chart, 'fast'), volume: pv })).toThrow(
      /^test\/claim: storageClass "fast" differs from "" of volume test\/pv; they must match to bind$/,
    );
  });

  it('binds a volume made outside the project by its name, asking for the class it is declared with', () => {
    const chart = testChart();
    const nfs = StorageClass.fromName(chart, 'nfs', 'nfs-client');
    claim(chart, { volume: PersistentVolume.fromName(chart, 'share', 'nfs-share', { storageClass: nfs }) });
    const spec = findObject(chart, 'PersistentVolumeClaim', 'claim').spec;
    expect(spec.volumeName).toBe('nfs-share');
    expect(spec.storageClassName).toBe('nfs-client');
  });

  it('asks for the empty class when the outside volume is declared without one', () => {
    const chart = testChart();
    claim(chart, { volume: PersistentVolume.fromName(chart, 'share', 'nfs-share') });
    expect(findObject(chart, 'PersistentVolumeClaim', 'claim').spec.storageClassName).toBe('');
  });

  it('makes no PersistentVolume for a volume made outside the project', () => {
    const chart = testChart();
    PersistentVolume.fromName(chart, 'share', 'nfs-share');
    expect(chart.toJson()).toEqual([]);
  });

  it("fails when it asks for a class other than the outside volume's", () => {
    const chart = testChart();
    const volumeRef = PersistentVolume.fromName(chart, 'share', 'nfs-share');
    expect(() => claim(chart, { volume: volumeRef, storageClass: new StorageClass(chart, 'fast') })).toThrow(
      'test/claim: storageClass "fast" differs from "" of volume test/share; they must match to bind',
    );
  });

  it('fails when an outside volume is named with what is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => PersistentVolume.fromName(chart, 'share', 'NFS_share')).toThrow(
      /^test\/share: PersistentVolume\.fromName name must be a DNS-1123 subdomain .*, got "NFS_share"/,
    );
  });

  it('fails when its volume is not a PersistentVolume', () => {
    const chart = testChart();
    expect(() => claim(chart, { volume: 'nfs-share' as never })).toThrow(
      /^test\/claim: volume must be a PersistentVolume or PersistentVolume\.fromName\(chart, 'share', 'nfs-share'\)/,
    );
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => claim(chart, { name: 'My_Claim' })).toThrow(
      /^test\/claim: name must be a DNS-1123 subdomain .*, got "My_Claim"; rename it, e\.g\. "my-claim"$/,
    );
  });

  // The API server rejects a claim whose storage request is not positive ("must be greater than zero"), and
  // the claim refuses it at synthesis, as PersistentVolume refuses a capacity of 0.
  it('fails when it requests no storage', () => {
    const chart = testChart();
    expect(() => claim(chart, { storage: Size.gibibytes(0) })).toThrow(/^test\/claim: storage .*0Gi/);
  });

  // Both API servers refuse it ("may not use ReadWriteOncePod with other access modes"), of a volume too.
  it('fails when it asks for ReadWriteOncePod beside another access mode, and takes it alone', () => {
    const chart = testChart();
    expect(() => claim(chart, { accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE] })).toThrow(
      'test/claim: accessModes has ReadWriteOncePod beside ReadWriteOnce, which the API server refuses (ReadWriteOncePod ' +
        'comes alone); ask for [AccessMode.READ_WRITE_ONCE_POD] alone, or leave it out',
    );
    expect(() =>
      volume(testChart(), { accessModes: [AccessMode.READ_ONLY_MANY, AccessMode.READ_WRITE_ONCE_POD] }),
    ).toThrow(/^test\/pv: accessModes has ReadWriteOncePod beside ReadOnlyMany, which the API server refuses/);
    const alone = testChart();
    claim(alone, { accessModes: [AccessMode.READ_WRITE_ONCE_POD] });
    expect(findObject(alone, 'PersistentVolumeClaim', 'claim').spec.accessModes).toEqual(['ReadWriteOncePod']);
  });
});
