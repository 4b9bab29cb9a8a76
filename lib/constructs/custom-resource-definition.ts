import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { uniqueId } from './construct-id';
import { MetadataProps, objectMetadata } from './metadata';
import { METADATA_SHAPE, PropShape, checkShape, is } from './prop-shapes';
import { fail, isDnsSubdomain } from './validation';

/**
 * A version's OpenAPI v3 schema, in Kubernetes' own words, as the definition's YAML writes it (`type`, `properties`,
 * `items`, `default`, `'x-kubernetes-validations'`, ...): it is written out unchanged, and the gate's `crd-structure`,
 * `crd-rules` and `custom-resource-schema` checks judge it as the API server does.
 */
export interface OpenApiSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly nullable?: boolean;
  readonly allOf?: readonly OpenApiSchema[];
  readonly anyOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly not?: OpenApiSchema;
  readonly 'x-kubernetes-validations'?: readonly CelValidation[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** A CEL rule of a schema node (`x-kubernetes-validations`), which the API server runs on every write. */
export interface CelValidation {
  /** The CEL expression, true when the value is valid, e.g. `self.retention >= self.every`. */
  readonly rule: string;
  /** The message of a refusal. @default - the API server's, naming the rule */
  readonly message?: string;
  /** A CEL expression of the message. @default - `message` */
  readonly messageExpression?: string;
  /** The field the refusal names, below the node (1.28 and later). @default - the node */
  readonly fieldPath?: string;
  /** The refusal's reason (1.28 and later): FieldValueInvalid, FieldValueForbidden, ... @default FieldValueInvalid */
  readonly reason?: string;
}

/** The type of a printer column (`kubectl get`'s extra columns). */
export enum PrinterColumnType {
  STRING = 'string',
  INTEGER = 'integer',
  NUMBER = 'number',
  BOOLEAN = 'boolean',
  /** A timestamp, shown as an age (e.g. `5m`). */
  DATE = 'date',
}

/** A column `kubectl get` shows for objects of a version. */
export interface PrinterColumn {
  /** The column's header. */
  readonly name: string;
  /** Its type. */
  readonly type: PrinterColumnType;
  /** The JSON path of its value in the object, e.g. `.status.phase`. */
  readonly jsonPath: string;
  /** What it shows. @default - none */
  readonly description?: string;
  /** 0 for `kubectl get`, higher for `-o wide` only. @default 0 */
  readonly priority?: number;
}

/** A version of a custom resource. */
export interface CustomResourceVersion {
  /** The version's name, e.g. `v1`. */
  readonly name: string;
  /** Its schema: the root is an object, usually of `spec` and `status`. */
  readonly schema: OpenApiSchema;
  /** Whether the API serves it. @default true */
  readonly served?: boolean;
  /** Whether objects are stored in it: exactly one version is. @default - true when it is the only version */
  readonly storage?: boolean;
  /**
   * Whether `status` is a subresource: writes to the object ignore it, and a controller writes it through
   * `<plural>/status` (its own RBAC rule). @default false
   */
  readonly statusSubresource?: boolean;
  /** The columns `kubectl get` shows beside the name. @default - the name and age only */
  readonly printerColumns?: readonly PrinterColumn[];
}

/** Properties of a `CustomResourceDefinition`. */
export interface CustomResourceDefinitionProps extends MetadataProps {
  /** The API group: a domain the team owns, with a dot, e.g. `backups.example.com`. */
  readonly group: string;
  /** The kind, in CamelCase, e.g. `Backup`. */
  readonly kind: string;
  /** The resource's plural, in the API's paths and RBAC rules. @default - the kind in lower case, with an "s" */
  readonly plural?: string;
  /** Its singular. @default - the kind in lower case */
  readonly singular?: string;
  /** Short names for kubectl, e.g. `['bk']`. @default - none */
  readonly shortNames?: readonly string[];
  /** The categories it belongs to, e.g. `['all']` for `kubectl get all`. @default - none */
  readonly categories?: readonly string[];
  /** Its versions; exactly one is stored. */
  readonly versions: readonly CustomResourceVersion[];
}

const PRINTER_COLUMN_SHAPE = {
  name: is.required(is.text),
  type: is.required(is.oneOf(Object.values(PrinterColumnType))),
  jsonPath: is.required(is.text),
  description: is.anyText,
  priority: is.count(0),
} satisfies PropShape<PrinterColumn>;

const VERSION_SHAPE = {
  name: is.required(is.text),
  // JSON here; judged as the API server judges it by the gate's crd-structure and crd-rules checks.
  schema: is.required(is.json),
  served: is.bool,
  storage: is.bool,
  statusSubresource: is.bool,
  printerColumns: is.list(is.object(PRINTER_COLUMN_SHAPE)),
} satisfies PropShape<CustomResourceVersion>;

/** The shape of `CustomResourceDefinitionProps`. */
const CUSTOM_RESOURCE_DEFINITION_SHAPE = {
  ...METADATA_SHAPE,
  group: is.required(is.text),
  kind: is.required(is.text),
  plural: is.text,
  singular: is.text,
  shortNames: is.texts,
  categories: is.texts,
  versions: is.required(is.list(is.object(VERSION_SHAPE), "[{ name: 'v1', schema: { type: 'object', ... } }]")),
} satisfies PropShape<CustomResourceDefinitionProps>;

/** What a `CustomResource` needs of its definition. */
export interface ICustomResourceDefinition {
  /** The API group. */
  readonly group: string;
  /** The kind. */
  readonly kind: string;
  /** The names of the versions the API serves. */
  readonly servedVersions: readonly string[];
  /** The version objects are stored in. */
  readonly storageVersion: string;
}

/**
 * A CustomResourceDefinition (cluster-wide) of a namespaced kind of the team's own, e.g. an operator's `Backup`. Its
 * objects are `CustomResource`s; an RBAC rule names it as a `kplus.IApiResource` (`definition.resource`, and
 * `definition.statusResource` for the status subresource). `npm run apply` installs it before the chart's other
 * objects and waits until it is established. cdk8s-plus-27 has no CustomResourceDefinition.
 */
export class CustomResourceDefinition extends Construct implements ICustomResourceDefinition {
  /** The definition's name, `<plural>.<group>`. */
  public readonly name: string;
  public readonly group: string;
  public readonly kind: string;
  /** The resource's plural. */
  public readonly plural: string;
  public readonly servedVersions: readonly string[];
  public readonly storageVersion: string;
  /** Every object of the kind, for a Role's or ClusterRole's rules. */
  public readonly resource: kplus.ApiResource;
  /** The status subresource (`<plural>/status`), for the rule of a controller that writes it. */
  public readonly statusResource: kplus.ApiResource;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: CustomResourceDefinitionProps) {
    super(scope, uniqueId(scope, id));
    checkShape(this, '', props, CUSTOM_RESOURCE_DEFINITION_SHAPE);
    if (!isDnsSubdomain(props.group) || !props.group.includes('.')) {
      fail(
        this,
        `group must be a domain with at least one dot (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'), ` +
          `got "${props.group}"; write a domain the team owns, e.g. "${props.group.toLowerCase().replace(/[^a-z0-9.-]/g, '')}.example.com"`,
      );
    }
    const only = props.versions.length === 1;
    const stored = props.versions.filter((version) => version.storage ?? only);
    if (stored.length !== 1) {
      const storage = props.versions.map((version) => `${version.name}: storage ${version.storage ?? only}`);
      fail(
        this,
        `versions must have exactly one stored version (storage: true), got ${stored.length} (${storage.join(', ')}); ` +
          'set storage: true on the version objects are kept in, and false on the others',
      );
    }
    this.group = props.group;
    this.kind = props.kind;
    this.plural = props.plural ?? `${props.kind.toLowerCase()}s`;
    this.name = `${this.plural}.${this.group}`;
    this.servedVersions = props.versions.filter((version) => version.served ?? true).map((version) => version.name);
    this.storageVersion = stored[0].name;
    this.resource = kplus.ApiResource.custom({ apiGroup: this.group, resourceType: this.plural });
    this.statusResource = kplus.ApiResource.custom({ apiGroup: this.group, resourceType: `${this.plural}/status` });
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: objectMetadata(this, this.name, props),
      spec: {
        group: this.group,
        names: {
          kind: this.kind,
          listKind: `${this.kind}List`,
          plural: this.plural,
          singular: props.singular ?? props.kind.toLowerCase(),
          shortNames: props.shortNames,
          categories: props.categories,
        },
        scope: 'Namespaced',
        versions: props.versions.map((version) => ({
          name: version.name,
          served: version.served ?? true,
          storage: version.storage ?? only,
          schema: { openAPIV3Schema: version.schema },
          subresources: version.statusSubresource === true ? { status: {} } : undefined,
          additionalPrinterColumns: version.printerColumns,
        })),
      },
    });
  }
}
