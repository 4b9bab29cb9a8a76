import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import * as k8s from '../../imports/k8s';
import { OLDEST_RELEASE, releaseProblem } from '../config/kubernetes-version';
import { checkDnsLabel, fail } from './validation';

/** The prefix of the Pod Security admission labels of a Namespace (`pod-security.kubernetes.io/enforce`). */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The context key under which an AppChart gives its constructs the environment's `kubernetesVersion`. */
export const KUBERNETES_VERSION_CONTEXT = 'k8s-course:kubernetesVersion';

/** A Pod Security Standards profile (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export enum PodSecurityLevel {
  PRIVILEGED = 'privileged',
  BASELINE = 'baseline',
  RESTRICTED = 'restricted',
}

/** Properties of a `Namespace`. */
export interface NamespaceProps extends MetadataProps {
  /** The namespace's name. @default - the construct id */
  readonly name?: string;
  /** The Pod Security profile the API server enforces on pods here. @default PodSecurityLevel.RESTRICTED */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The Kubernetes release `major.minor` whose version of the profile is enforced (`enforce-version: v<release>`).
   * @default - the context's `KUBERNETES_VERSION_CONTEXT` (an AppChart's environment), else the oldest supported, 1.27
   */
  readonly kubernetesVersion?: string;
}

/** The shape of `NamespaceProps`. */
const NAMESPACE_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  podSecurity: is.oneOf(Object.values(PodSecurityLevel)),
  kubernetesVersion: is.text,
} satisfies PropShape<NamespaceProps>;

/**
 * A Namespace whose pods must pass a Pod Security profile (`restricted` unless told otherwise): the API server's
 * Pod Security admission rejects a pod that does not, and warns and audits on the same profile. The enforced profile
 * is that of the environment's Kubernetes release (`enforce-version`), so that upgrading the cluster does not change
 * what is admitted; warn and audit follow the cluster's release (no version label), so that an upgraded cluster warns
 * of what its newer profile would refuse before the environment moves to it.
 */
export class Namespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeNamespace;

  public constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, NAMESPACE_SHAPE);
    this.name = checkDnsLabel(this, 'name', props.name ?? id);
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    const release = props.kubernetesVersion ?? contextRelease(this) ?? OLDEST_RELEASE;
    const problem = releaseProblem(release);
    if (problem !== undefined) {
      fail(this, `kubernetesVersion ${problem}, got "${release}"`);
    }
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props, {
        labels: {
          [`${POD_SECURITY_LABEL_PREFIX}enforce`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}enforce-version`]: `v${release}`,
          [`${POD_SECURITY_LABEL_PREFIX}warn`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}audit`]: level,
        },
      }),
    });
  }
}

/** The Kubernetes release an enclosing AppChart gives through the context, if any. */
function contextRelease(scope: Construct): string | undefined {
  const fromContext: unknown = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
  return typeof fromContext === 'string' ? fromContext : undefined;
}
