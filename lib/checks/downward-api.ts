import { compareReleases } from '../config/kubernetes-version';
import { isLabelKey } from '../constructs/validation';
import { Problem } from './finding';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * What of a pod the downward API exposes, as the API server validates it (pkg/apis/core/validation of Kubernetes
 * 1.27.16 and 1.37.2): the fieldPaths an env var and a downwardAPI volume item may read, and the container resources a
 * resourceFieldRef may name.
 */

/** The fieldPaths an env var reads, with the release that added each (none: every release the project knows). */
const ENV_FIELD_PATHS: readonly { readonly path: string; readonly since?: string }[] = [
  { path: 'metadata.name' },
  { path: 'metadata.namespace' },
  { path: 'metadata.uid' },
  { path: 'spec.nodeName' },
  { path: 'spec.serviceAccountName' },
  { path: 'status.hostIP' },
  { path: 'status.hostIPs', since: '1.29' },
  { path: 'status.podIP' },
  { path: 'status.podIPs' },
];

/** The fieldPaths a downwardAPI volume item reads: the pod's identity, and all its labels or annotations as a file. */
const VOLUME_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
];

/** The subscripted fieldPaths both take: one label or annotation. */
const SUBSCRIPTED = ["metadata.labels['<key>']", "metadata.annotations['<key>']"];

/** The container resources a resourceFieldRef names, besides `requests.hugepages-<size>` and `limits.hugepages-<size>`. */
export const RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];

/** Where a fieldRef is read: an env var, or a downwardAPI volume item. */
export type FieldRefUse = 'env' | 'volume';

/** The fieldPaths one use supports on the release, for messages. */
export function supportedFieldPaths(use: FieldRefUse, release: string): string[] {
  const plain =
    use === 'volume'
      ? VOLUME_FIELD_PATHS
      : ENV_FIELD_PATHS.filter((row) => row.since === undefined || compareReleases(row.since, release) <= 0).map(
          (row) => row.path,
        );
  return [...plain, ...SUBSCRIPTED];
}

/** `metadata.labels['app']` as its path and key (the API server's fieldpath.SplitMaybeSubscriptedPath). */
function splitSubscript(fieldPath: string): { path: string; key: string } | undefined {
  if (!fieldPath.endsWith("']")) {
    return undefined;
  }
  const open = fieldPath.indexOf("['");
  return open <= 0 ? undefined : { path: fieldPath.slice(0, open), key: fieldPath.slice(open + 2, -2) };
}

/** Why the API server refuses a fieldPath, and how to fix it. */
export interface FieldPathProblem {
  readonly problem: string;
  readonly fix: string;
}

/**
 * Why the API server refuses the fieldPath for this use on this release, or undefined when it accepts it. A
 * subscripted path takes one label key (an annotation key is compared lower-cased).
 */
export function fieldPathProblem(fieldPath: string, use: FieldRefUse, release: string): FieldPathProblem | undefined {
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    const { path, key } = subscripted;
    if (path !== 'metadata.labels' && path !== 'metadata.annotations') {
      return {
        problem: `only metadata.labels and metadata.annotations take a ['<key>'], not ${path}`,
        fix: `read ${path} without ['<key>'], or one label or annotation`,
      };
    }
    const kind = path === 'metadata.labels' ? 'label' : 'annotation';
    return isLabelKey(kind === 'annotation' ? key.toLowerCase() : key)
      ? undefined
      : {
          problem: `"${key}" is not ${kind === 'label' ? 'a label' : 'an annotation'} key`,
          fix: `name the ${kind} by its key, e.g. ${path}['app.kubernetes.io/name']`,
        };
  }
  if (supportedFieldPaths(use, release).includes(fieldPath)) {
    return undefined;
  }
  const later = ENV_FIELD_PATHS.find((row) => row.path === fieldPath && row.since !== undefined);
  if (use === 'env' && later !== undefined) {
    return {
      problem: `Kubernetes ${release} does not expose it to env (${later.since} and later do)`,
      fix: `raise the environment's kubernetesVersion to ${later.since} or later (lib/config/environments.ts) once its cluster runs it, or read another fieldPath`,
    };
  }
  if (use === 'env' && VOLUME_FIELD_PATHS.includes(fieldPath)) {
    return {
      problem: 'env takes one label or annotation, not all of them',
      fix: `read one, ${fieldPath}['<key>'], or mount all of them with a downwardAPI volume`,
    };
  }
  return {
    problem: `${use === 'env' ? 'env' : 'a downwardAPI volume'} does not expose it`,
    fix: 'read one of the supported fieldPaths',
  };
}

/** Whether a resourceFieldRef may name the resource. */
export function isResourceField(resource: string): boolean {
  return (
    RESOURCE_FIELDS.includes(resource) ||
    resource.startsWith('requests.hugepages-') ||
    resource.startsWith('limits.hugepages-')
  );
}

const BINARY_SUFFIX = /(Ki|Mi|Gi|Ti|Pi|Ei)$/;
const EXPONENT = /[eE][+-]?\d+$/;
const DECIMAL_BYTE_UNITS = [1, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18];
const BINARY_BYTE_UNITS = [2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40, 2 ** 50, 2 ** 60];
const BYTE_DIVISORS = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei';

/**
 * What a resourceFieldRef's divisor must be for its resource, or undefined when it is one, as both API servers (1.27
 * and 1.37) check it: 1m or 1 for cpu, a unit of bytes for memory, ephemeral-storage and hugepages. The servers compare
 * the quantity's canonical text, so 1024 (canonically "1024", not "1Ki") and 1e3 are refused; none or 0 is no divisor.
 */
export function divisorProblem(resource: string, divisor: unknown): string | undefined {
  if (divisor === undefined || divisor === null) {
    return undefined;
  }
  const value = parseQuantity(divisor);
  if (value === 0) {
    return undefined;
  }
  const text = String(divisor);
  if (/^(limits|requests)\.cpu$/.test(resource)) {
    return value === 1 || (value !== undefined && Math.abs(value - 0.001) < 1e-12) ? undefined : '1m or 1';
  }
  if (!/^(limits|requests)\.(memory|ephemeral-storage|hugepages-.+)$/.test(resource) || value === undefined) {
    return undefined;
  }
  const units = BINARY_SUFFIX.test(text) ? BINARY_BYTE_UNITS : EXPONENT.test(text) ? [] : DECIMAL_BYTE_UNITS;
  return value === 1 || units.includes(value) ? undefined : BYTE_DIVISORS;
}

/**
 * The containers a pod's resourceFieldRefs name (an env var's, of its own container when it names none; a downwardAPI
 * or projected volume item's): both API servers take any name (dry runs on 1.27 and 1.37), and the kubelet cannot
 * resolve one the pod does not have, so the container never starts (CreateContainerConfigError) or the volume is never
 * set up.
 */
export function resourceFieldContainerProblems(pod: Json): Problem[] {
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  const names = new Set(containers.map((container) => container?.name));
  const fix = `name a container of the pod (${[...names].map((name) => JSON.stringify(name)).join(', ')}), or leave containerName out of an env var to read its own`;
  const unknown = (name: unknown) => typeof name === 'string' && name !== '' && !names.has(name);
  const fromEnv = containers.flatMap((container) =>
    ((container?.env ?? []) as Json[])
      .filter((variable) => unknown(variable?.valueFrom?.resourceFieldRef?.containerName))
      .map((variable) => ({
        message: `env ${variable.name} of container "${container.name}" reads a resource of container "${variable.valueFrom.resourceFieldRef.containerName}", which the pod does not have; the API server takes it, and the kubelet cannot start the container`,
        fix,
      })),
  );
  const fromVolumes = ((pod.volumes ?? []) as Json[]).flatMap((volume) =>
    [
      ...(volume?.downwardAPI?.items ?? []),
      ...((volume?.projected?.sources ?? []) as Json[]).flatMap((source) => source?.downwardAPI?.items ?? []),
    ]
      .filter((item: Json) => unknown(item?.resourceFieldRef?.containerName))
      .map((item: Json) => ({
        message: `volume "${volume.name}" item "${item.path}" reads a resource of container "${item.resourceFieldRef.containerName}", which the pod does not have; the API server takes it, and the kubelet cannot set the volume up, so the pod never starts`,
        fix,
      })),
  );
  return [...fromEnv, ...fromVolumes];
}
