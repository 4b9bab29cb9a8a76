import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { APPARMOR_FIELD_SINCE } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/*
 * The seccomp and AppArmor profiles a pod gives twice, by the old annotations and by the securityContext fields: both
 * API servers (1.27 and 1.37) refuse a seccomp annotation of another type than the field beside it ('seccomp type in
 * annotation and field must match'), and releases that have the AppArmor field (from APPARMOR_FIELD_SINCE) an AppArmor
 * annotation of another type ('apparmor type in annotation and field must match'; 1.37 of a Deployment too).
 */

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

/** The field type an annotation value stands for, and its localhost profile, or undefined for a value of no type. */
function annotationProfile(value: unknown): { type: string; localhostProfile?: string } | undefined {
  if (value === 'runtime/default' || value === 'docker/default') {
    return { type: 'RuntimeDefault' };
  }
  if (value === 'unconfined') {
    return { type: 'Unconfined' };
  }
  if (typeof value === 'string' && value.startsWith('localhost/')) {
    return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  }
  return undefined;
}

function mismatch(kind: string, annotation: string, value: string, field: string, profile: Json): Problem | undefined {
  const expected = annotationProfile(value);
  if (expected === undefined || profile?.type === undefined || profile?.type === null) {
    return undefined;
  }
  const sameProfile =
    expected.type !== 'Localhost' ||
    profile.type !== 'Localhost' ||
    expected.localhostProfile === profile.localhostProfile;
  if (expected.type === profile.type && sameProfile) {
    return undefined;
  }
  return {
    message: `annotation ${annotation}: ${JSON.stringify(value)} gives another ${kind} profile than ${field} (${JSON.stringify(profile)}), which the API server refuses: where both are set they must match`,
    fix: `remove the annotation (the field ${field} is the one to keep), or make them match`,
  };
}

export function securityAnnotationProblems(annotations: Json, pod: Json, release: string): Problem[] {
  if (annotations === null || typeof annotations !== 'object') {
    return [];
  }
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const problems: (Problem | undefined)[] = [];
  if (typeof annotations[SECCOMP_POD] === 'string') {
    problems.push(
      mismatch(
        'seccomp',
        SECCOMP_POD,
        annotations[SECCOMP_POD],
        'securityContext.seccompProfile',
        pod.securityContext?.seccompProfile,
      ),
    );
  }
  const appArmor = compareReleases(release, APPARMOR_FIELD_SINCE) >= 0;
  for (const container of containers) {
    const seccomp = `${SECCOMP_CONTAINER}${container?.name}`;
    if (typeof annotations[seccomp] === 'string') {
      problems.push(
        mismatch(
          'seccomp',
          seccomp,
          annotations[seccomp],
          `securityContext.seccompProfile of container "${container.name}"`,
          container.securityContext?.seccompProfile,
        ),
      );
    }
    const apparmor = `${APPARMOR_CONTAINER}${container?.name}`;
    if (appArmor && typeof annotations[apparmor] === 'string') {
      // Compared with the container's own field only: 1.37 takes the annotation beside another pod-level profile.
      problems.push(
        mismatch(
          'AppArmor',
          apparmor,
          annotations[apparmor],
          `securityContext.appArmorProfile of container "${container.name}"`,
          container.securityContext?.appArmorProfile,
        ),
      );
    }
  }
  return problems.filter((problem): problem is Problem => problem !== undefined);
}
