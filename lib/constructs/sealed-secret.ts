import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { checkDnsSubdomain, fail } from './validation';

/** Properties of a `SealedSecret`. */
export interface SealedSecretProps extends MetadataProps {
  /** The Secret's name. @default - the construct id */
  readonly name?: string;
  /** The keys the Secret must hold; synthesis fails when one has no sealed value. */
  readonly keys: readonly string[];
  /** The sealed values of this environment, by "namespace/name" then key (from `secrets/<env>.sealed.json`). */
  readonly sealedValues: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The Secret's type. @default 'Opaque' */
  readonly type?: string;
}

/** The shape of `SealedSecretProps`. */
const SEALED_SECRET_SHAPE = {
  ...METADATA_SHAPE,
  name: is.text,
  keys: is.required(is.texts),
  sealedValues: is.required(is.mapOf(is.textMap)),
  type: is.text,
} satisfies PropShape<SealedSecretProps>;

/**
 * A Secret whose values are never in git: a bitnami `SealedSecret`, encrypted with the cluster's public certificate
 * (strict scope: only this namespace and name decrypt it), which the sealed-secrets controller turns into the Secret.
 * Pods refer to it through `secret` like to any Secret.
 */
export class SealedSecret extends Construct {
  /** The Secret's name. */
  public readonly name: string;
  /** The Secret the controller creates, for volumes and env references. */
  public readonly secret: kplus.ISecret;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SealedSecretProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, SEALED_SECRET_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const namespace = Chart.of(this).namespace ?? 'default';
    const sealed = props.sealedValues[`${namespace}/${this.name}`] ?? {};
    const missing = props.keys.filter((key) => sealed[key] === undefined);
    if (missing.length > 0) {
      fail(
        this,
        `no sealed value for key ${missing.map((key) => `"${key}"`).join(', ')} of Secret ${namespace}/${this.name}; put the value in ` +
          'secrets/plain/<env>.json (git ignores the folder) or K8S_COURSE_SECRETS_<ENV>, then run `npm run seal -- --env <env>`',
      );
    }
    const encryptedData = Object.fromEntries(props.keys.map((key) => [key, sealed[key]]));
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: objectMetadata(this, this.name, props),
      spec: { encryptedData, template: { metadata: { name: this.name, namespace }, type: props.type ?? 'Opaque' } },
    });
    this.secret = kplus.Secret.fromSecretName(this, 'Secret', this.name);
  }
}
