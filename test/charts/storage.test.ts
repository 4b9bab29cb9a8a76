import { Testing } from 'cdk8s';
import { StorageChart } from '../../lib/charts/storage';
import { ENVIRONMENTS } from '../../lib/config/environment';
import { renderApp } from '../../lib/writer/render';
import { expectRestricted } from './restricted';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

function synthStorage(): Manifest[] {
  return Testing.synth(new StorageChart(Testing.app(), 'storage', ENVIRONMENTS.dev));
}

/** The chart's objects as `npm run synth` writes them to dist/dev/storage.k8s.yaml. */
function renderStorage(): Manifest[] {
  const app = Testing.app();
  new StorageChart(app, 'storage', ENVIRONMENTS.dev);
  const file = renderApp(app).find((candidate) => candidate.fileName === 'storage.k8s.yaml');
  if (file === undefined) {
    throw new Error('no storage.k8s.yaml');
  }
  return file.objects.map((object) => object.manifest);
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} named ${name}`);
  }
  return found;
}

/** A storage quantity written in Ki, Mi or Gi, in kibibytes. */
function kibibytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (match === null) {
    throw new Error(`unexpected quantity ${quantity}`);
  }
  return Number(match[1]) * { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[match[2] as 'Ki' | 'Mi' | 'Gi'];
}

describe('StorageChart', () => {
  it('defines a StorageClass of hand-made volumes', () => {
    const storageClass = find(synthStorage(), 'StorageClass', 'course-manual');
    expect(storageClass.provisioner).toBe('kubernetes.io/no-provisioner');
    expect(storageClass.volumeBindingMode).toBe('WaitForFirstConsumer');
  });

  it('makes a PersistentVolume of that class in a directory of the node', () => {
    const volume = find(synthStorage(), 'PersistentVolume', 'course-notes');
    expect(volume.spec.storageClassName).toBe('course-manual');
    expect(volume.spec.hostPath).toEqual({ path: '/var/lib/k8s-course/notes', type: 'DirectoryOrCreate' });
    expect(volume.spec.capacity.storage).toBe('1Gi');
  });

  it('binds the claim to the volume by name', () => {
    const manifests = synthStorage();
    expect(find(manifests, 'PersistentVolumeClaim', 'notes').spec.volumeName).toBe(find(manifests, 'PersistentVolume', 'course-notes').metadata.name);
  });

  it('has the claim ask for the class of its volume', () => {
    const manifests = synthStorage();
    const claim = find(manifests, 'PersistentVolumeClaim', 'notes');
    expect(claim.spec.storageClassName).toBe(find(manifests, 'PersistentVolume', 'course-notes').spec.storageClassName);
    expect(claim.spec.storageClassName).toBe(find(manifests, 'StorageClass', 'course-manual').metadata.name);
  });

  it('has the claim request no more than the volume holds, in modes the volume offers', () => {
    const manifests = synthStorage();
    const claim = find(manifests, 'PersistentVolumeClaim', 'notes');
    const volume = find(manifests, 'PersistentVolume', 'course-notes');
    expect(kibibytes(claim.spec.resources.requests.storage)).toBeLessThanOrEqual(kibibytes(volume.spec.capacity.storage));
    expect(volume.spec.accessModes).toEqual(expect.arrayContaining(claim.spec.accessModes));
  });

  it('mounts the claim into the writer at /data, where it appends its notes', () => {
    const pod = find(synthStorage(), 'Deployment', 'notes-writer').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((candidate: Manifest) => candidate.mountPath === '/data');
    expect(pod.volumes.find((volume: Manifest) => volume.name === mount.name).persistentVolumeClaim).toEqual({ claimName: 'notes' });
    expect(pod.containers[0].command.join(' ')).toContain('/data/notes.txt');
  });

  it('runs one writer, since the claim is ReadWriteOnce', () => {
    const manifests = synthStorage();
    expect(find(manifests, 'PersistentVolumeClaim', 'notes').spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(find(manifests, 'Deployment', 'notes-writer').spec.replicas).toBe(1);
  });

  it('gives the writer\'s user the volume through fsGroup', () => {
    const pod = find(synthStorage(), 'Deployment', 'notes-writer').spec.template.spec;
    expect(pod.securityContext.fsGroup).toBe(pod.containers[0].securityContext.runAsUser);
  });

  it('writes the PersistentVolume without a namespace', () => {
    expect(find(renderStorage(), 'PersistentVolume', 'course-notes').metadata).not.toHaveProperty('namespace');
  });

  it('writes the StorageClass without a namespace', () => {
    expect(find(renderStorage(), 'StorageClass', 'course-manual').metadata).not.toHaveProperty('namespace');
  });

  it('writes the claim in the course-storage namespace', () => {
    expect(find(renderStorage(), 'PersistentVolumeClaim', 'notes').metadata.namespace).toBe('course-storage');
  });

  it('writes the class and the volume before the claim that needs them', () => {
    const kinds = renderStorage().map((object) => object.kind);
    expect(kinds.indexOf('StorageClass')).toBeLessThan(kinds.indexOf('PersistentVolume'));
    expect(kinds.indexOf('PersistentVolume')).toBeLessThan(kinds.indexOf('PersistentVolumeClaim'));
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthStorage());
  });
});
