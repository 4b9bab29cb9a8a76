import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Whether a volume of the pod can be handed to a container as a raw block device (volumeMode: Block). */
function isClaimVolume(volume: Json): boolean {
  return (
    (volume?.persistentVolumeClaim !== undefined && volume?.persistentVolumeClaim !== null) ||
    (volume?.ephemeral !== undefined && volume?.ephemeral !== null)
  );
}

/**
 * A container's volumeDevices, as both API servers (1.27 and 1.37) refuse them: each names a persistentVolumeClaim or
 * ephemeral volume of the pod (a StatefulSet's volumeClaimTemplates count), once, at a devicePath of its own without
 * "..", and neither the volume nor the path is also among the container's volumeMounts.
 */
export function volumeDeviceProblems(
  spec: Json,
  containers: readonly Json[],
  claimTemplates: readonly string[],
): Problem[] {
  const volumes = new Map<string, Json>(((spec.volumes ?? []) as Json[]).map((volume) => [volume?.name, volume]));
  return containers.flatMap((container) => {
    const devices = (container?.volumeDevices ?? []) as Json[];
    if (devices.length === 0) {
      return [];
    }
    const mounts = (container.volumeMounts ?? []) as Json[];
    const mountedNames = new Set(mounts.map((mount) => mount?.name));
    const mountPaths = new Set(mounts.map((mount) => mount?.mountPath));
    const names = new Set<string>();
    return devices.flatMap((device, index): Problem[] => {
      const where = `volumeDevices[${index}] of container "${container.name}"`;
      const name: unknown = device?.name;
      const path: unknown = device?.devicePath;
      const problems: Problem[] = [];
      const volume = volumes.get(name as string);
      if (volume === undefined && !claimTemplates.includes(name as string)) {
        problems.push({
          message: `${where} names volume ${JSON.stringify(name ?? null)}, which the pod does not have`,
          fix: 'name a persistentVolumeClaim or ephemeral volume of the pod',
        });
      } else if (volume !== undefined && !isClaimVolume(volume)) {
        problems.push({
          message: `${where} names volume "${name}", which is no persistentVolumeClaim or ephemeral volume; the API server takes a block device only of a claim`,
          fix: 'mount the volume with volumeMounts, or hand over a claim of volumeMode Block',
        });
      }
      if (names.has(name as string)) {
        problems.push({
          message: `${where} names volume "${name}" again; a volume is one device`,
          fix: 'give each volume one devicePath',
        });
      }
      names.add(name as string);
      if (typeof path !== 'string' || path === '') {
        problems.push({ message: `${where} has no devicePath`, fix: 'give the device a path, e.g. "/dev/xvda"' });
      } else if (path.split('/').includes('..')) {
        problems.push({
          message: `${where} has devicePath ${JSON.stringify(path)}, which must not have a ".." element`,
          fix: 'write the path without "..", e.g. "/dev/xvda"',
        });
      }
      if (mountedNames.has(name)) {
        problems.push({
          message: `${where} names volume "${name}", which the container also mounts (volumeMounts); a volume is a filesystem or a block device, not both`,
          fix: 'keep the volumeMount or the volumeDevice of it',
        });
      }
      if (typeof path === 'string' && mountPaths.has(path)) {
        problems.push({
          message: `${where} has devicePath ${JSON.stringify(path)}, where the container also mounts a volume`,
          fix: 'put the device at a path of its own',
        });
      }
      return problems;
    });
  });
}
