/** A Kubernetes release whose API the `schema` check knows. */
export interface SchemaRelease {
  /** The release, `major.minor`. */
  readonly release: string;
  /** The Go module whose OpenAPI document (`api/openapi-spec/swagger.json`) `npm run import` compacts. */
  readonly module: string;
}

/**
 * The releases the `schema` check has a compact schema of, oldest first: `npm run import` writes one file per row,
 * imports/k8s-schema-<release>.json, from the OpenAPI document of the module the local control plane of that release
 * is built from (cluster/env.sh). The first is the oldest release an environment may declare.
 */
export const SCHEMA_RELEASES: readonly SchemaRelease[] = [
  { release: '1.27', module: 'k8s.io/kubernetes@v1.27.16' },
  { release: '1.37', module: 'k8s.io/kubernetes@v1.37.2' },
];

/** The compact schema file of a release of SCHEMA_RELEASES, relative to the project's root. */
export function schemaFileOf(release: string): string {
  return `imports/k8s-schema-${release}.json`;
}
