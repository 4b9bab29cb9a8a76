/**
 * The compact schema of the Kubernetes API (imports/k8s-schema.json, written by `npm run import`). A property's type
 * is a string: a primitive (`string`, `boolean`, `integer`, `int32`, `int64`, `number`, `byte` for base64 text,
 * `date-time`, `int-or-string`, `quantity`, `object` for any map, `any` for any value), the name of a definition,
 * or a type followed by `[]` (a list of it) or `{}` (a map of it).
 */
export interface CompactSchema {
  /** The Go module whose OpenAPI document it is made from. */
  readonly kubernetes: string;
  /** The definition of each kind the API serves, by `apiVersion/kind` (`apps/v1/Deployment`, `v1/Service`). */
  readonly kinds: Readonly<Record<string, string>>;
  /** Every definition that has properties, by its OpenAPI name. */
  readonly definitions: Readonly<Record<string, CompactDefinition>>;
}

/** One definition of the compact schema. */
export interface CompactDefinition {
  /** Each field's compact type. */
  readonly properties: Readonly<Record<string, string>>;
  /** The fields it must have. @default - none */
  readonly required?: readonly string[];
  /** The values a field may take, where the document lists them. @default - none */
  readonly enums?: Readonly<Record<string, readonly (string | number)[]>>;
}
