/**
 * Checks the Pod Security `restricted` profile (Kubernetes 1.27,
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted) on every pod template of a list of
 * manifests, the way the API server's Pod Security admission would in a namespace that enforces it.
 */

import { podTemplateIn } from '../../lib/kinds/kinds';
import { AnyManifest } from '../helpers';

/** A pod spec and the object that holds it. */
export interface PodSpecOf {
  /** `<Kind>/<name>` of the object. */
  readonly where: string;
  /** The pod spec. */
  readonly spec: AnyManifest;
}

/** The volume types the restricted profile allows. */
const ALLOWED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** The pod spec of every pod-bearing object: Pods and the templates of workloads and CronJobs (lib/kinds knows where). */
export function podSpecs(manifests: readonly AnyManifest[]): PodSpecOf[] {
  return manifests.flatMap((manifest): PodSpecOf[] => {
    const template = podTemplateIn(manifest);
    return template === undefined ? [] : [{ where: `${manifest.kind}/${manifest.metadata.name}`, spec: template.spec }];
  });
}

/** What breaks the restricted profile, one line per violation; empty when every pod passes. */
export function restrictedViolations(manifests: readonly AnyManifest[]): string[] {
  return podSpecs(manifests).flatMap(({ where, spec }) => podViolations(where, spec));
}

/** Expects at least one pod template, and every pod template to pass the restricted profile. */
export function expectRestricted(manifests: readonly AnyManifest[]): void {
  expect(podSpecs(manifests).length).toBeGreaterThan(0);
  expect(restrictedViolations(manifests)).toEqual([]);
}

function podViolations(where: string, spec: AnyManifest): string[] {
  const violations: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) {
      violations.push(`${where}: ${field} is true`);
    }
  }
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    if (!types.every((type) => ALLOWED_VOLUME_TYPES.includes(type))) {
      violations.push(`${where}: volume ${volume.name} is of type ${types.join(', ')}`);
    }
  }
  if (pod.runAsUser === 0) {
    violations.push(`${where}: the pod runs as user 0`);
  }
  const containers: AnyManifest[] = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  if (containers.length === 0) {
    violations.push(`${where}: no containers`);
  }
  for (const container of containers) {
    const at = `${where} container ${container.name}`;
    const context = container.securityContext ?? {};
    if ((context.runAsNonRoot ?? pod.runAsNonRoot) !== true) {
      violations.push(`${at}: runAsNonRoot is not true`);
    }
    if (context.runAsUser === 0) {
      violations.push(`${at}: runs as user 0`);
    }
    if ((context.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') {
      violations.push(`${at}: seccompProfile is not RuntimeDefault`);
    }
    if (context.allowPrivilegeEscalation !== false) {
      violations.push(`${at}: allowPrivilegeEscalation is not false`);
    }
    if (context.privileged === true) {
      violations.push(`${at}: privileged`);
    }
    if (JSON.stringify(context.capabilities?.drop) !== JSON.stringify(['ALL'])) {
      violations.push(`${at}: capabilities.drop is not ['ALL']`);
    }
    if ((context.capabilities?.add ?? []).some((capability: string) => capability !== 'NET_BIND_SERVICE')) {
      violations.push(`${at}: adds capabilities ${context.capabilities.add.join(', ')}`);
    }
    if ((container.ports ?? []).some((port: AnyManifest) => port.hostPort !== undefined && port.hostPort !== 0)) {
      violations.push(`${at}: uses a hostPort`);
    }
  }
  return violations;
}
