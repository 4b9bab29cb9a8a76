import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { ICustomResourceDefinition } from './custom-resource-definition';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { checkDnsSubdomain, fail } from './validation';

/** Properties of a `CustomResource`. */
export interface CustomResourceProps extends MetadataProps {
  /** The definition of its kind: one the project makes (`CustomResourceDefinition`). */
  readonly definition: ICustomResourceDefinition;
  /** The object's name. @default - the construct id */
  readonly name?: string;
  /** The version it is written in, one the definition serves. @default - the definition's stored version */
  readonly version?: string;
  /** Its spec, in the definition's schema (the gate's custom-resource-schema check judges it as the API server does). */
  readonly spec: Readonly<Record<string, unknown>>;
}

/** The shape of `CustomResourceProps`. */
const CUSTOM_RESOURCE_SHAPE = {
  ...METADATA_SHAPE,
  definition: is.required(is.having('servedVersions', 'a CustomResourceDefinition')),
  name: is.text,
  version: is.text,
  spec: is.required(is.json),
} satisfies PropShape<CustomResourceProps>;

/** An object of a custom kind the project defines, in the chart's namespace: e.g. an operator's `Backup`. */
export class CustomResource extends Construct {
  /** The object's name. */
  public readonly name: string;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: CustomResourceProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, CUSTOM_RESOURCE_SHAPE);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    const { definition } = props;
    const version = props.version ?? definition.storageVersion;
    if (!definition.servedVersions.includes(version)) {
      fail(
        this,
        `version "${version}" is not served by the definition of ${definition.kind} (${definition.group}), which ` +
          `serves ${definition.servedVersions.map((served) => `"${served}"`).join(', ') || 'none'}; write one of them`,
      );
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: `${definition.group}/${version}`,
      kind: definition.kind,
      metadata: objectMetadata(this, this.name, props),
      spec: props.spec,
    });
  }
}
