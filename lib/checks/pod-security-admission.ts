import { POD_SECURITY_LABEL_PREFIX } from '../constructs/namespace';
import { compareReleases, parseRelease } from '../config/kubernetes-version';
import { POD_KINDS, podTemplateIn } from '../writer/pod-template';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { CheckContext, Rule, namespaceOf } from './rule';
import { StandardLevel, StandardViolation, describeViolation, standardViolations } from './pod-security-standard';

/** The profile a Namespace of the project has the API server enforce, and the release of the profile it applies. */
export interface EnforcedStandard {
  readonly level: StandardLevel;
  /** The `enforce-version` label as written (`v1.27`, `latest`), for messages. */
  readonly version: string;
  /** The release whose profile the API server applies: the label's, capped at the cluster's release. */
  readonly release: string;
}

const ENFORCE_LABEL = `${POD_SECURITY_LABEL_PREFIX}enforce`;
const VERSION_LABEL = `${POD_SECURITY_LABEL_PREFIX}enforce-version`;
const VERSION = /^v(\d+\.\d+)$/;

/**
 * The standard a Namespace's labels have the API server of `cluster` enforce; undefined for `privileged`, which
 * refuses nothing, and for a label that is no level (pod-security-enforced's finding; the API server refuses the
 * Namespace). A missing or unreadable version is "latest", as the API server reads it: its own release.
 */
export function enforcedStandard(namespace: RenderedObject, cluster: string): EnforcedStandard | undefined {
  const labels = (namespace.manifest.metadata.labels ?? {}) as Record<string, unknown>;
  const level = labels[ENFORCE_LABEL];
  if (level !== 'baseline' && level !== 'restricted') {
    return undefined;
  }
  const version = typeof labels[VERSION_LABEL] === 'string' ? (labels[VERSION_LABEL] as string) : 'latest';
  const labelled = VERSION.exec(version)?.[1];
  const release =
    labelled !== undefined && parseRelease(labelled) !== undefined && compareReleases(labelled, cluster) < 0
      ? labelled
      : cluster;
  return { level, version, release };
}

/**
 * What the API server refuses: the Pod itself, or the pods a workload's controller creates. A PodTemplate it takes
 * with a warning (seen on 1.27 and 1.37, in a namespace that only enforces), and no controller makes pods of one.
 */
function refused(object: RenderedObject): string {
  const kind = object.manifest.kind;
  if (kind === 'Pod') {
    return 'the API server refuses this Pod';
  }
  if (kind === 'PodTemplate') {
    return 'the API server accepts the PodTemplate with a warning, but would refuse a pod made from it';
  }
  return `the API server accepts the ${kind} but refuses every pod its controller creates, so none runs`;
}

/** The level a namespace may be lowered to for the pod to pass: baseline for a restricted check, else privileged. */
function lowerLevel(violation: StandardViolation): string {
  return violation.level === 'restricted' ? 'PodSecurityLevel.BASELINE' : 'PodSecurityLevel.PRIVILEGED';
}

/**
 * Every pod passes the Pod Security profile its namespace enforces: Pod Security admission refuses a pod that does
 * not (the Pod on apply, a workload's pods when its controller creates them, so the workload runs none); of a
 * PodTemplate, which the API server takes with a warning and no controller makes pods of, it is a warning. The policy
 * rules (security-context, capabilities, host-access, ...) ask for more and can be exempted; this one is what the
 * API server refuses, so no annotation exempts it: only lowering the namespace's level does.
 */
export const podSecurityAdmissionRule: Rule = {
  id: 'pod-security-admission',
  description:
    'every pod passes the Pod Security profile (baseline or restricted, at its version) its namespace enforces, which the API server refuses it otherwise',
  kinds: POD_KINDS,
  check(object: RenderedObject, context: CheckContext): Problem[] {
    const namespaceName = namespaceOf(object);
    const namespace = context.index.get('Namespace', undefined, namespaceName);
    const template = podTemplateIn(object.manifest);
    if (namespace === undefined || template === undefined) {
      return [];
    }
    const enforced = enforcedStandard(namespace, context.kubernetesVersion);
    if (enforced === undefined) {
      return [];
    }
    const violations = standardViolations(template, enforced.level, enforced.release, context.kubernetesVersion);
    const warning = object.manifest.kind === 'PodTemplate';
    return violations.map((violation) => ({
      ...(warning ? { warning } : {}),
      message:
        `namespace "${namespaceName}" enforces Pod Security "${enforced.level}:${enforced.version}"` +
        `${enforced.version === `v${enforced.release}` ? '' : ` (the ${enforced.release} profile)`}, and ` +
        `${refused(object)}: ${describeViolation(violation)}`,
      fix:
        `${violation.fix}; or, if the pod truly needs it, lower the namespace's level (the Namespace construct's ` +
        `podSecurity: ${lowerLevel(violation)}) and say why beside it`,
    }));
  },
};
