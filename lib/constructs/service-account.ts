import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { checkDnsSubdomain } from './validation';

/** Properties of a `ServiceAccount`. */
export interface ServiceAccountProps extends MetadataProps {
  /** The account's name, which pods name in `serviceAccountName`. @default - the construct id */
  readonly name?: string;
  /**
   * Secrets of type `kubernetes.io/dockerconfigjson` the kubelet pulls the images of every pod of this account with,
   * for a private registry (one made outside the project is `SecretRef.fromName`). @default - none
   */
  readonly imagePullSecrets?: readonly kplus.ISecret[];
  /** Mount an API token into the pods of this account (a pod's `automountServiceAccountToken` wins). @default false */
  readonly automountToken?: boolean;
}

/** The shape of `ServiceAccountProps`. */
const SERVICE_ACCOUNT_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  imagePullSecrets: is.list(is.named, "[SecretRef.fromName(chart, 'registry', 'acme-registry')]"),
  automountToken: is.bool,
} satisfies PropShape<ServiceAccountProps>;

/**
 * A ServiceAccount: an identity for pods, as cdk8s-plus' (roles and bindings take it as a subject), that also names
 * the Secrets its pods pull images with, so that each workload of a private registry need not.
 */
export class ServiceAccount extends kplus.ServiceAccount {
  public constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, uniqueId(scope, id), {
      metadata: { name: props.name ?? id },
      automountToken: props.automountToken,
    });
    checkShape(this, '', props, SERVICE_ACCOUNT_SHAPE);
    checkDnsSubdomain(this, 'name', this.name);
    const { labels, annotations } = objectMetadata(this, this.name, props);
    for (const [key, value] of Object.entries(labels ?? {})) {
      this.metadata.addLabel(key, value);
    }
    for (const [key, value] of Object.entries(annotations ?? {})) {
      this.metadata.addAnnotation(key, value);
    }
    if (props.imagePullSecrets !== undefined && props.imagePullSecrets.length > 0) {
      // cdk8s-plus does not write the field; the object's own JSON takes it.
      this.apiObject.addJsonPatch(
        JsonPatch.add(
          '/imagePullSecrets',
          props.imagePullSecrets.map((secret) => ({ name: secret.name })),
        ),
      );
    }
  }
}
