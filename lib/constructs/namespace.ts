import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import * as k8s from '../../imports/k8s';
import { checkDnsLabel } from './validation';

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
}

/**
 * A Namespace whose pods must pass a Pod Security profile (`restricted` unless told otherwise): the API server's
 * Pod Security admission rejects a pod that does not, and warns and audits on the same profile.
 */
export class Namespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeNamespace;

  public constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, uniqueId(scope, id));
    this.name = checkDnsLabel(this, 'name', props.name ?? id);
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: objectMetadata(this, this.name, props, {
        labels: {
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'v1.27',
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/audit': level,
        },
      }),
    });
  }
}
