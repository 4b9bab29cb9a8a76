import { Testing } from 'cdk8s';
import { StorageChart } from '../../lib/charts/storage';
import { AnyManifest, DEV, find, kibibytes, renderedChart } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

function synthStorage(): AnyManifest[] {
  return Testing.synth(new StorageChart(Testing.app(), 'storage', DEV));
}

/** The chart's objects as `npm run synth` writes them to dist/dev/storage.k8s.yaml. */
function renderStorage(): AnyManifest[] {
  return renderedChart((app) => new StorageChart(app, 'storage', DEV), 'storage.k8s.yaml');
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
    expect(find(manifests, 'PersistentVolumeClaim', 'notes').spec.volumeName).toBe(
      find(manifests, 'PersistentVolume', 'course-notes').metadata.name,
    );
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
    expect(kibibytes(claim.spec.resources.requests.storage)).toBeLessThanOrEqual(
      kibibytes(volume.spec.capacity.storage),
    );
    expect(volume.spec.accessModes).toEqual(expect.arrayContaining(claim.spec.accessModes));
  });

  it('mounts the claim into the writer at /data, where it appends its notes', () => {
    const pod = find(synthStorage(), 'Deployment', 'notes-writer').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((candidate: AnyManifest) => candidate.mountPath === '/data');
    expect(pod.volumes.find((volume: AnyManifest) => volume.name === mount.name).persistentVolumeClaim).toEqual({
      claimName: 'notes',
    });
    expect(pod.containers[0].command.join(' ')).toContain('/data/notes.txt');
  });

  it('runs one writer, since the claim is ReadWriteOnce', () => {
    const manifests = synthStorage();
    expect(find(manifests, 'PersistentVolumeClaim', 'notes').spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(find(manifests, 'Deployment', 'notes-writer').spec.replicas).toBe(1);
  });

  it("gives the writer's user the volume through fsGroup", () => {
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

  it('exempts the single writer from the replica check, saying why', () => {
    const exemptions = toolExemptions(find(synthStorage(), 'Deployment', 'notes-writer'));
    expect(exemptions.polaris).toContain('deploymentMissingReplicas');
    expect(exemptions.reason).toContain('ReadWriteOnce');
  });

  it('is ready while its round succeeds and restarted when its loop hangs', () => {
    const container = find(synthStorage(), 'Deployment', 'notes-writer').spec.template.spec.containers[0];
    expect(container.command.join(' ')).toContain(
      'if date >> /data/notes.txt && tail -n 1 /data/notes.txt; then touch /heartbeat/ready',
    );
    expect(container.readinessProbe.exec.command).toEqual(['test', '-e', '/heartbeat/ready']);
    expect(container.livenessProbe.exec.command.join(' ')).toContain('/heartbeat/alive');
    expect(container.volumeMounts).toContainEqual({ name: 'heartbeat', mountPath: '/heartbeat' });
  });
});
