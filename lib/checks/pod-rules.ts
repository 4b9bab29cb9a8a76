import { compareReleases } from '../config/kubernetes-version';
import { imageReferenceFix, imageReferenceProblem } from '../constructs/image-reference';
import { DNS_SUBDOMAIN, ENV_VAR_NAME, isDnsLabel, isDnsSubdomain, isLabelKey } from '../constructs/validation';
import { RenderedObject } from '../writer/render';
import { ipAddressProblem } from './ip-address';
import { sourceProblems } from './storage-rules';
import { isConfigKey } from './value-rules';
import {
  dnsLimitProblems,
  dnsOptionProblems,
  dnsSearchProblems,
  ephemeralProblems,
  execCommandProblems,
  hostNetworkPortProblems,
  httpHeaderProblems,
  fileModeProblems,
  hostnameOverrideProblems,
  hostnameProblems,
  initLifecycleProblems,
  initRestartPolicyProblems,
  lifecycleProblems,
  imageVolumeProblems,
  mountPathProblems,
  newerContainerFieldProblems,
  nodeNameProblems,
  podResourceProblems,
  procMountProblems,
  resourceProblems,
  securityProfileProblems,
  serviceAccountTokenProblems,
  SIDECARS_SINCE,
  userIdProblems,
  volumeSourceProblems,
} from './pod-values';
import {
  FieldRefUse,
  RESOURCE_FIELDS,
  divisorProblem,
  fieldPathProblem,
  isResourceField,
  resourceFieldContainerProblems,
  supportedFieldPaths,
} from './downward-api';
import { Problem } from './finding';
import { httpGetProtocolProblems } from './http-get-protocol';
import { kindInfo } from '../kinds/kinds';
import { podTemplateOf } from './object-index';
import { podLevelResourceProblems } from './pod-level-resources';
import {
  POD_KINDS,
  Reference,
  podReferences,
  podServiceAccountReference,
  serviceAccountPullSecrets,
  unnamedPullSecrets,
} from './references';
import { CheckContext, Rule, madeOutsideProject, namespaceOf, objectExists } from './rule';
import { containerDefaultsIn } from './limit-range-defaults';
import { podOsProblems } from './pod-os';
import { hostNamespaceProblems } from './host-namespaces';
import { podCreateFieldProblems } from './pod-create-fields';
import { securityAnnotationProblems } from './security-annotations';
import { podTemplateIn } from '../writer/pod-template';
import { volumeSourceNameProblems } from './volume-sources';
import { resizePolicyProblems } from './resize-policy';
import { podResourceClaimProblems } from './pod-resource-claims';
import { volumeDeviceProblems } from './volume-devices';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function keysOf(object: RenderedObject): Set<string> {
  const manifest = object.manifest as Json;
  return new Set([
    ...Object.keys(manifest.data ?? {}),
    ...Object.keys(manifest.binaryData ?? {}),
    ...Object.keys(manifest.stringData ?? {}),
  ]);
}

function referenceProblem(reference: Reference, context: CheckContext): Problem | undefined {
  if (reference.optional) {
    return undefined;
  }
  const namespace = reference.namespace as string;
  const target = context.index.get(reference.kind, namespace, reference.name);
  if (target === undefined) {
    if (madeOutsideProject(reference.kind, namespace, reference.name, context.external)) {
      return undefined;
    }
    return {
      message: `${reference.where} needs ${reference.kind} ${namespace}/${reference.name}, which does not exist`,
      fix:
        reference.relation === 'imagePullSecret'
          ? `create the Secret (of type kubernetes.io/dockerconfigjson) in this namespace, or declare one made outside the project in the environment's external.secrets as ${namespace}/${reference.name}`
          : `create the ${reference.kind} in this namespace (and pass the object, not its name), or mark the reference optional`,
    };
  }
  const keys = keysOf(target);
  const missing = (reference.keys ?? []).filter((key) => !keys.has(key));
  if (reference.kind !== 'PersistentVolumeClaim' && missing.length > 0) {
    return {
      message: `${reference.where} needs key "${missing.join('", "')}" of ${reference.kind} ${namespace}/${reference.name}, which has ${[...keys].map((key) => `"${key}"`).join(', ') || 'no keys'}`,
      fix: `add the key to the ${reference.kind}, use one of its keys, or mark the reference optional`,
    };
  }
  return undefined;
}

export const podReference: Rule = {
  id: 'pod-reference',
  description:
    "a pod's volumes, envFrom, valueFrom and imagePullSecrets (and a ServiceAccount's, which its pods pull with) name an existing ConfigMap, Secret or PVC, and keys that exist in it",
  kinds: [...POD_KINDS, 'ServiceAccount'],
  check(object, context) {
    const references =
      object.manifest.kind === 'ServiceAccount' ? serviceAccountPullSecrets(object) : podReferences(object);
    const problems = references.flatMap((reference) => referenceProblem(reference, context) ?? []);
    for (const position of unnamedPullSecrets(object)) {
      problems.push({
        message: `imagePullSecrets[${position}] names no Secret: the API server takes it with a warning, and the kubelet pulls without it`,
        fix: 'write the name of the Secret that holds the registry credentials, or remove the entry',
        warning: true,
      });
    }
    return problems;
  },
};

export const podServiceAccount: Rule = {
  id: 'pod-service-account',
  description: "a pod's serviceAccountName names an existing ServiceAccount of its namespace",
  kinds: POD_KINDS,
  check(object, context) {
    const account = podServiceAccountReference(object);
    if (account === undefined || objectExists('ServiceAccount', account.namespace, account.name, context)) {
      return [];
    }
    const { name, namespace } = account;
    return [
      {
        message: `serviceAccountName "${name}" names no ServiceAccount in namespace ${namespace}`,
        fix: 'create the ServiceAccount in this namespace and pass it as `serviceAccount`',
      },
    ];
  },
};

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];
/** The sysctl that lets unprivileged processes bind ports from its value up. */
export const UNPRIVILEGED_PORT_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

function containersIn(spec: Json): Json[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The names of a StatefulSet's volumeClaimTemplates, which its pods have as claim volumes. */
function claimTemplateNames(object: RenderedObject): string[] {
  const claims: Json[] =
    object.manifest.kind === 'StatefulSet' ? ((object.manifest.spec as Json)?.volumeClaimTemplates ?? []) : [];
  return claims.map((claim) => claim?.metadata?.name);
}

/** Mounts of a volume the pod does not have (a StatefulSet's pods also have its volumeClaimTemplates). */
function mountProblems(object: RenderedObject, spec: Json): Problem[] {
  const volumes = new Set([...(spec.volumes ?? []).map((volume: Json) => volume.name), ...claimTemplateNames(object)]);
  return containersIn(spec).flatMap((container) =>
    (container.volumeMounts ?? [])
      .filter((mount: Json) => !volumes.has(mount.name))
      .map((mount: Json) => ({
        message: `container "${container.name}" mounts volume "${mount.name}" at ${mount.mountPath}, which the pod does not have`,
        fix: 'mount a volume of the pod (pass the Volume in `mounts`, which adds it to the pod)',
      })),
  );
}

/** Files of a ConfigMap or Secret volume must land inside the mount: relative paths without "..". */
function itemPathProblems(volume: Json): Problem[] {
  const sources = [
    volume.configMap,
    volume.secret,
    volume.downwardAPI,
    ...(volume.projected?.sources ?? []).flatMap((source: Json) => [
      source.configMap,
      source.secret,
      source.downwardAPI,
    ]),
  ];
  const problems: Problem[] = sources
    .flatMap((source: Json) => source?.items ?? [])
    .filter((item: Json) => !isRelativePath(item.path))
    .map((item: Json) => ({
      message: `volume "${volume.name}" writes ${item.key === undefined ? 'a field' : `key "${item.key}"`} to ${JSON.stringify(item.path)}, which must be a relative path without ".."`,
      fix: 'write the path relative to the mount path, e.g. "settings.json" or "conf/settings.json"',
    }));
  const hostPath = volume.hostPath?.path;
  if (typeof hostPath === 'string' && hostPath.split('/').includes('..')) {
    problems.push({
      message: `volume "${volume.name}" is the hostPath ${JSON.stringify(hostPath)}, which must not have a ".." element`,
      fix: 'write the path without "..", e.g. "/var/log"',
    });
  }
  return problems;
}

/** A path inside a volume: a non-empty relative path without a ".." element. */
function isRelativePath(path: unknown): boolean {
  return typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..');
}

/**
 * The first release that takes any printable ASCII but "=" in an env name or envFrom prefix (RelaxedEnvironmentVariableValidation
 * on by default): 1.27 refuses "1X", 1.37 takes it.
 */
export const RELAXED_ENV_NAMES = '1.32';
const RELAXED_ENV_NAME = /^[ -<>-~]+$/;

/** What an env name or envFrom prefix must be on `release`, or undefined when `name` is one. */
function envNameProblem(name: unknown, release: string): string | undefined {
  if (compareReleases(release, RELAXED_ENV_NAMES) >= 0) {
    return typeof name === 'string' && RELAXED_ENV_NAME.test(name)
      ? undefined
      : 'printable ASCII characters other than "="';
  }
  return typeof name === 'string' && ENV_VAR_NAME.test(name)
    ? undefined
    : `letters, digits, "-", "_" or ".", not starting with a digit (Kubernetes before ${RELAXED_ENV_NAMES} refuses others, and this environment runs ${release})`;
}

function envNameProblems(spec: Json, release: string): Problem[] {
  return containersIn(spec).flatMap((container) => [
    ...(container.env ?? []).flatMap((variable: Json) => {
      const problem = envNameProblem(variable.name, release);
      return problem === undefined
        ? []
        : [
            {
              message: `env name ${JSON.stringify(variable.name)} of container "${container.name}" must be ${problem}`,
              fix: 'rename the variable',
            },
          ];
    }),
    ...(container.envFrom ?? []).flatMap((source: Json) => {
      const prefix = source.prefix;
      const problem = prefix === undefined || prefix === '' ? undefined : envNameProblem(prefix, release);
      return problem === undefined
        ? []
        : [
            {
              message: `envFrom prefix ${JSON.stringify(prefix)} of container "${container.name}" must be ${problem}`,
              fix: 'change the prefix (it starts the name of every variable it brings)',
            },
          ];
    }),
  ]);
}

/**
 * The sources of an env var's valueFrom, of which it takes exactly one. fileKeyRef (a key of an env file in one of the
 * pod's volumes) is the 1.37 server's (seen); a release whose API lacks it refuses it as an unknown field, which is the
 * schema check's to report.
 */
const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
const RESOURCE_LIST = `${RESOURCE_FIELDS.join(', ')}, requests.hugepages-<size>, limits.hugepages-<size>`;

/** A fieldRef's problem: an apiVersion other than v1, or a fieldPath the API server does not expose to this use. */
function fieldRefProblem(where: string, fieldRef: Json, use: FieldRefUse, release: string): Problem | undefined {
  // Unset or empty, the API server defaults it to v1.
  if (fieldRef.apiVersion !== undefined && fieldRef.apiVersion !== '' && fieldRef.apiVersion !== 'v1') {
    return {
      message: `${where} reads fieldRef apiVersion ${JSON.stringify(fieldRef.apiVersion)}; the downward API takes v1`,
      fix: 'set fieldRef.apiVersion to v1, or leave it out',
    };
  }
  const fieldPath = String(fieldRef.fieldPath ?? '');
  const problem = fieldPathProblem(fieldPath, use, release);
  return problem === undefined
    ? undefined
    : {
        message: `${where} reads fieldPath ${JSON.stringify(fieldPath)}: ${problem.problem}; supported: ${supportedFieldPaths(use, release).join(', ')}`,
        fix: problem.fix,
      };
}

function resourceFieldRefProblem(where: string, resourceFieldRef: Json): Problem | undefined {
  const resource = String(resourceFieldRef.resource ?? '');
  if (!isResourceField(resource)) {
    return {
      message: `${where} reads resource ${JSON.stringify(resource)}, which a resourceFieldRef cannot name; supported: ${RESOURCE_LIST}`,
      fix: 'name one of the supported resources',
    };
  }
  const divisors = divisorProblem(resource, resourceFieldRef.divisor);
  return divisors === undefined
    ? undefined
    : {
        message: `${where} reads resource "${resource}" with divisor ${JSON.stringify(resourceFieldRef.divisor)}, which the API server refuses; it takes ${divisors}`,
        fix: `set divisor to ${divisors.startsWith('1m') ? '1m (millicores) or 1 (cores)' : 'a unit, e.g. 1Mi to read mebibytes'}, or leave it out (1)`,
      };
}

/** An env var's valueFrom: exactly one source, no `value` beside it, and a fieldRef or resource the API server exposes. */
function envValueProblems(container: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  for (const variable of container.env ?? []) {
    const valueFrom = variable.valueFrom;
    if (valueFrom === undefined || valueFrom === null) {
      continue;
    }
    const where = `env ${variable.name} of container "${container.name}"`;
    const sources = VALUE_SOURCES.filter((source) => valueFrom[source] !== undefined && valueFrom[source] !== null);
    if (sources.length === 0) {
      problems.push({
        message: `${where} has a valueFrom without a source`,
        fix: `set one of ${VALUE_SOURCES.join(', ')} in valueFrom, or give a \`value\` instead`,
      });
    } else if (typeof variable.value === 'string' && variable.value !== '') {
      problems.push({
        message: `${where} sets both value ${JSON.stringify(variable.value)} and valueFrom (${sources.join(', ')})`,
        fix: 'keep `value` for a literal or `valueFrom` for a reference, not both',
      });
    } else if (sources.length > 1) {
      problems.push({
        message: `${where} has ${sources.length} sources in valueFrom (${sources.join(', ')}); it takes one`,
        fix: `keep one of ${sources.join(', ')}`,
      });
    }
    const problem =
      (valueFrom.fieldRef && fieldRefProblem(where, valueFrom.fieldRef, 'env', release)) ||
      (valueFrom.resourceFieldRef && resourceFieldRefProblem(where, valueFrom.resourceFieldRef)) ||
      keyRefProblem(where, 'configMapKeyRef', valueFrom.configMapKeyRef) ||
      keyRefProblem(where, 'secretKeyRef', valueFrom.secretKeyRef) ||
      refNameProblem(`${where} valueFrom.configMapKeyRef`, valueFrom.configMapKeyRef, 'ConfigMap', false) ||
      refNameProblem(`${where} valueFrom.secretKeyRef`, valueFrom.secretKeyRef, 'Secret', false);
    if (problem) {
      problems.push(problem);
    }
  }
  return problems;
}

/** The key a configMapKeyRef or secretKeyRef reads: one a ConfigMap or Secret may have. */
function keyRefProblem(where: string, ref: 'configMapKeyRef' | 'secretKeyRef', selector: Json): Problem | undefined {
  const key: unknown = selector?.key;
  // A missing key is the schema's finding (a required field).
  if (key === undefined || key === null || isConfigKey(key)) {
    return undefined;
  }
  const object = ref === 'configMapKeyRef' ? 'ConfigMap' : 'Secret';
  return key === ''
    ? {
        message: `${where} reads ${ref} key "", which the API server refuses (Required value)`,
        fix: `name the key of the ${object} the variable takes`,
      }
    : {
        message: `${where} reads ${ref} key ${JSON.stringify(key)}, which is no key of a ConfigMap or Secret: at most 253 letters, digits, '-', '_' or '.', not "." and not starting with ".."`,
        fix: `name a key the object has, e.g. "${String(key)
          .replace(/[^-._a-zA-Z0-9]+/g, '-')
          .replace(/^\.+/, '')}"`,
      };
}

/**
 * The name of the ConfigMap or Secret a reference reads, as both API servers check it whether or not the reference is
 * optional: a DNS-1123 subdomain; an envFrom item's may not be empty (an env key reference's "" is an invalid name).
 */
function refNameProblem(where: string, ref: Json, kind: string, emptyIsMissing: boolean): Problem | undefined {
  const name: unknown = ref?.name;
  if (typeof name !== 'string' || (name !== '' && isDnsSubdomain(name))) {
    return undefined; // another type is the schema's finding; a missing name is the reference's
  }
  return name === '' && emptyIsMissing
    ? {
        message: `${where} names no ${kind} (name ""), which the API server refuses (Required value)`,
        fix: `name the ${kind}`,
      }
    : {
        message: `${where} names ${kind} ${JSON.stringify(name)}, which is no ${kind} name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".")`,
        fix: `name the ${kind} as it is named, e.g. "${
          name
            .toLowerCase()
            .replace(/[^-.a-z0-9]+/g, '-')
            .replace(/^[-.]+|[-.]+$/g, '') || 'settings'
        }"`,
      };
}

/** An envFrom item takes its variables from one ConfigMap or one Secret, by a name such objects may have. */
function envFromSourceProblems(container: Json): Problem[] {
  return ((container.envFrom ?? []) as Json[]).flatMap((source, index): Problem[] => {
    const where = `envFrom[${index}] of container "${container.name}"`;
    const badName =
      refNameProblem(`${where} configMapRef`, source?.configMapRef, 'ConfigMap', true) ??
      refNameProblem(`${where} secretRef`, source?.secretRef, 'Secret', true);
    if (badName !== undefined) {
      return [badName];
    }
    const given = (field: string) => source?.[field] !== undefined && source?.[field] !== null;
    if (given('configMapRef') && given('secretRef')) {
      return [
        {
          message: `${where} has both configMapRef and secretRef; an item takes one (may not have more than one field specified at a time)`,
          fix: 'give the ConfigMap and the Secret an envFrom item each',
        },
      ];
    }
    return given('configMapRef') || given('secretRef')
      ? []
      : [
          {
            message: `${where} has neither configMapRef nor secretRef`,
            fix: 'name the ConfigMap (configMapRef) or the Secret (secretRef) whose keys become variables, or remove the item',
          },
        ];
  });
}

/** The items of a downwardAPI volume, also as a projected volume's source: one fieldRef or resourceFieldRef each. */
function downwardApiProblems(volume: Json, release: string): Problem[] {
  const items: Json[] = [
    ...(volume.downwardAPI?.items ?? []),
    ...(volume.projected?.sources ?? []).flatMap((source: Json) => source?.downwardAPI?.items ?? []),
  ];
  return items.flatMap((item): Problem[] => {
    const where = `volume "${volume.name}" item "${item.path}"`;
    const { fieldRef, resourceFieldRef } = item;
    if (fieldRef && resourceFieldRef) {
      return [
        {
          message: `${where} has both fieldRef and resourceFieldRef; an item takes one`,
          fix: 'give each value its own item',
        },
      ];
    }
    if (fieldRef) {
      return [fieldRefProblem(where, fieldRef, 'volume', release) ?? []].flat();
    }
    if (resourceFieldRef) {
      return resourceFieldRef.containerName === undefined || resourceFieldRef.containerName === ''
        ? [
            {
              message: `${where} reads resource ${JSON.stringify(resourceFieldRef.resource)} without a containerName`,
              fix: 'name the container whose resource the file holds in resourceFieldRef.containerName',
            },
          ]
        : [resourceFieldRefProblem(where, resourceFieldRef) ?? []].flat();
    }
    return [
      {
        message: `${where} has neither fieldRef nor resourceFieldRef`,
        fix: 'give the item a fieldRef or a resourceFieldRef',
      },
    ];
  });
}

/** dnsPolicy None needs a dnsConfig with a nameserver; nameservers and hostAliases are IP addresses. */
function dnsProblems(pod: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const instead = 'or use another dnsPolicy (ClusterFirst, the default, or Default)';
  if (pod.dnsPolicy === 'None' && (pod.dnsConfig === undefined || pod.dnsConfig === null)) {
    problems.push({
      message: 'dnsPolicy is None, but the pod has no dnsConfig',
      fix: `give dnsConfig with at least one nameserver, ${instead}`,
    });
  } else if (pod.dnsPolicy === 'None' && (pod.dnsConfig.nameservers ?? []).length === 0) {
    problems.push({
      message: 'dnsPolicy is None, but dnsConfig has no nameservers',
      fix: `add a nameserver (an IP address) to dnsConfig.nameservers, ${instead}`,
    });
  }
  for (const nameserver of pod.dnsConfig?.nameservers ?? []) {
    const problem = ipAddressProblem(nameserver, release);
    if (problem !== undefined) {
      problems.push({
        message: `dnsConfig nameserver ${JSON.stringify(nameserver)} ${problem.problem}`,
        fix:
          problem.suggestion === undefined
            ? 'write the IPv4 or IPv6 address of the DNS server, e.g. 10.96.0.10'
            : `write ${problem.suggestion}`,
      });
    }
  }
  for (const alias of pod.hostAliases ?? []) {
    const problem = ipAddressProblem(alias.ip, release);
    if (problem !== undefined) {
      problems.push({
        message: `hostAliases ip ${JSON.stringify(alias.ip)} ${problem.problem}`,
        fix:
          problem.suggestion === undefined
            ? 'write an IPv4 or IPv6 address, e.g. 10.0.0.5; the names go in hostnames'
            : `write ${problem.suggestion}`,
      });
    }
    for (const hostname of alias.hostnames ?? []) {
      if (typeof hostname !== 'string' || hostname.length > 253 || !DNS_SUBDOMAIN.test(hostname)) {
        problems.push({
          message: `hostAliases hostname ${JSON.stringify(hostname)} (ip ${alias.ip}) is not a DNS-1123 subdomain`,
          fix: 'write a host name of lower-case letters, digits, "-" and ".", e.g. "db.internal"',
        });
      }
    }
  }
  return problems;
}

/** The API server's sysctl name: lower-case segments of letters, digits, "-" and "_", separated by "." or "/". */
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** Sysctl names the API server takes, each once. */
function sysctlProblems(pod: Json): Problem[] {
  const first = new Map<string, number>();
  return ((pod.securityContext?.sysctls ?? []) as Json[]).flatMap((sysctl, index): Problem[] => {
    const name: unknown = sysctl.name;
    if (typeof name !== 'string' || name.length > 253 || !SYSCTL_NAME.test(name)) {
      return [
        {
          message: `sysctl name ${JSON.stringify(name)} is not a sysctl name (at most 253 characters: lower-case segments of letters, digits, "-" and "_", separated by "." or "/")`,
          fix: `write the kernel parameter's name, e.g. ${UNPRIVILEGED_PORT_SYSCTL}`,
        },
      ];
    }
    const earlier = first.get(name);
    if (earlier !== undefined) {
      return [
        {
          message: `sysctls[${index}] sets "${name}", which sysctls[${earlier}] sets already (Duplicate value)`,
          fix: 'set each sysctl once',
        },
      ];
    }
    first.set(name, index);
    return [];
  });
}

export const podSpec: Rule = {
  id: 'pod-spec',
  description:
    'a pod has a container; container and volume names, hostname and subdomain are DNS-1123 labels; every ' +
    'container names an image, mounts volumes of the pod (a mountPath, relative subPaths without ".."), hands over claims alone as volumeDevices (once each, at paths of their own), has env names and envFrom prefixes of its release, ' +
    "valueFrom sources, standard resource names (hugepages beside cpu or memory), a resizePolicy of cpu and memory (from 1.33), recursiveReadOnly only on a readOnly mount (from 1.31), restartPolicyRules beside a restartPolicy (from 1.35), an image volume of a reference (from 1.35), resources.claims of the pod's resourceClaims (from 1.34, each a DNS label of one source), one handler per lifecycle hook (a sleep of 1 s to the grace period, httpGet headers named as HTTP headers); " +
    'init containers set restartPolicy only from 1.29 and lifecycle hooks only as sidecars; user and group ids are 0 to 2^31-1; a volume has one source ' +
    'and file modes 0 to 0777, a ConfigMap, Secret or claim name and item keys, projected sources of one kind each and paths of their own, item paths relative without ".." (a hostPath without ".."), an ephemeral one a claim template, an inline NFS, CSI or iSCSI source what the PersistentVolume rule takes; procMount Unmasked only with hostUsers false; a pod of os.name windows sets no Linux-only field (securityContext, shareProcessNamespace, hostPID, hostIPC, hostUsers from 1.33), one of linux no windowsOptions; no shareProcessNamespace with hostPID, no hostUsers false with a host namespace (from 1.33), HostProcess containers all or none, on the host network; no ephemeralContainers, a priority and overhead only as its classes give them, no nodeName beside schedulingGates; seccomp and AppArmor annotations that match the fields beside them; a hostnameOverride of a DNS subdomain without setHostnameAsFQDN (1.37); downwardAPI items read what the API server exposes (a resourceFieldRef of a divisor of its resource and of a container of the pod, in env too); dnsConfig (at most 3 ' +
    'nameservers, 32 search domains of its release, named options), hostAliases, sysctls (each once), nodeName and readiness gates are well formed; ' +
    'a seccomp or AppArmor profile has a localhostProfile exactly when it is Localhost; a mount has subPath or subPathExpr, not both, and Bidirectional propagation only in a privileged container; ' +
    'a configMapKeyRef or secretKeyRef reads a config key; an envFrom item one source; on the host network a hostPort is its containerPort',
  kinds: POD_KINDS,
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    // Init containers and containers, once: most of the parts below read both.
    const containers = containersIn(template.spec);
    // No containers at all is schema's finding (PodSpec requires containers); an empty list is this rule's.
    if (Array.isArray(template.spec.containers) && template.spec.containers.length === 0) {
      problems.push({ message: 'the pod has no containers', fix: 'add a container to `containers`' });
    }
    for (const container of containers) {
      if (typeof container.name === 'string' && !isDnsLabel(container.name)) {
        problems.push({
          message: `container name ${JSON.stringify(container.name)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
          fix: 'rename the container',
        });
      }
      if (typeof container.image !== 'string' || container.image.trim() === '') {
        problems.push({
          message: `container "${container.name}" names no image`,
          fix: 'set `image` to an image with a tag or a digest',
        });
      }
    }
    const release = context.kubernetesVersion;
    const limitRangeDefaults = containerDefaultsIn(context.index, namespaceOf(object));
    problems.push(
      ...mountProblems(object, template.spec),
      ...volumeDeviceProblems(template.spec, containers, claimTemplateNames(object)),
      ...envNameProblems(template.spec, release),
      ...containers.flatMap((container) => envValueProblems(container, release)),
      ...containers.flatMap(envFromSourceProblems),
      ...containers.flatMap((container) => resourceProblems(container, limitRangeDefaults)),
      ...podResourceProblems(template.spec, release),
      ...resizePolicyProblems(containers, release),
      ...podResourceClaimProblems(template.spec, containers, release),
      ...podLevelResourceProblems(template.spec, object.manifest.kind, release),
      ...containers.flatMap((container) =>
        lifecycleProblems(container, release, template.spec.terminationGracePeriodSeconds ?? undefined),
      ),
      ...initRestartPolicyProblems(template.spec, release),
      ...initLifecycleProblems(template.spec, release),
      ...podOsProblems(template.spec, release),
      ...hostNamespaceProblems(template.spec, release),
      ...podCreateFieldProblems(object, template.spec, context),
      ...securityAnnotationProblems(podTemplateIn(object.manifest)?.metadata?.annotations, template.spec, release),
      ...userIdProblems(template.spec, containers),
      ...containers.flatMap(mountPathProblems),
      ...containers.flatMap((container) => newerContainerFieldProblems(container, release)),
      ...(template.spec.volumes ?? []).flatMap((volume: Json) => imageVolumeProblems(volume, release)),
      ...procMountProblems(template.spec, containers, release),
      ...(template.spec.volumes ?? []).flatMap(volumeSourceProblems),
      ...(template.spec.volumes ?? []).flatMap(volumeSourceNameProblems),
      ...(template.spec.volumes ?? []).flatMap(ephemeralProblems),
      ...(template.spec.volumes ?? []).flatMap(fileModeProblems),
      ...(template.spec.volumes ?? []).flatMap((volume: Json) => serviceAccountTokenProblems(volume, release)),
      ...(template.spec.volumes ?? []).flatMap(itemPathProblems),
      ...(template.spec.volumes ?? []).flatMap((volume: Json) => downwardApiProblems(volume, release)),
      ...resourceFieldContainerProblems(template.spec),
      ...hostnameProblems(template.spec),
      ...hostnameOverrideProblems(template.spec, release),
      ...nodeNameProblems(template.spec),
      ...securityProfileProblems(template.spec, containers, release),
      ...(template.spec.volumes ?? []).flatMap((volume: Json) => sourceProblems(volume, `volume "${volume.name}" `)),
      ...dnsProblems(template.spec, release),
      ...dnsLimitProblems(template.spec),
      ...dnsOptionProblems(template.spec),
      ...hostNetworkPortProblems(template.spec),
      ...dnsSearchProblems(template.spec, release),
      ...sysctlProblems(template.spec),
      ...readinessGateProblems(template.spec),
    );
    for (const volume of template.spec.volumes ?? []) {
      if (!isDnsLabel(volume.name)) {
        problems.push({
          message: `volume name ${JSON.stringify(volume.name)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
          fix: 'rename the volume (and its mounts)',
        });
      }
    }
    return problems;
  },
};

/** A readiness gate's conditionType is a qualified name (label key syntax), as the API server requires. */
function readinessGateProblems(spec: Json): Problem[] {
  return ((spec.readinessGates ?? []) as Json[]).flatMap((gate, index) => {
    const type: unknown = gate?.conditionType;
    return typeof type === 'string' && isLabelKey(type)
      ? []
      : [
          {
            message: `readinessGates[${index}].conditionType ${JSON.stringify(type ?? null)} is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
            fix: 'name the pod condition the gate waits for, e.g. "example.com/feature-ready"',
          },
        ];
  });
}

function describePorts(ports: readonly Json[]): string {
  return ports
    .map((port) => (port.name === undefined ? `${port.containerPort}` : `${port.containerPort} ("${port.name}")`))
    .join(', ');
}

function probePortProblem(container: Json, probeName: string, handlerName: string, port: unknown): Problem | undefined {
  const ports: Json[] = container.ports ?? [];
  const where = `${probeName}.${handlerName} of container "${container.name}"`;
  if (port === undefined || port === null || port === '') {
    return {
      message: `${where} has no port`,
      fix: 'give the probe a port the container declares',
    };
  }
  if (typeof port === 'string') {
    return ports.some((candidate) => candidate.name === port)
      ? undefined
      : {
          message: `${where} targets port "${port}", which the container does not name; named ports: ${
            ports.flatMap((candidate) => (candidate.name === undefined ? [] : [`"${candidate.name}"`])).join(', ') ||
            'none'
          }`,
          fix: `name one of the container's ports "${port}", or probe a port it declares`,
        };
  }
  if (ports.some((candidate) => candidate.containerPort === port)) {
    return undefined;
  }
  // A port number needs no declaration: the API servers take it and the kubelet probes the pod's IP at that port
  // (Kubernetes' own liveness examples probe undeclared ports). Only a warning, unlike a name the kubelet cannot resolve.
  return ports.length === 0
    ? {
        message: `${where} targets port ${JSON.stringify(port)}, but the container declares no ports`,
        fix: `declare port ${JSON.stringify(port)} in the container's ports, or probe a port it declares`,
        warning: true,
      }
    : {
        message: `${where} targets port ${JSON.stringify(port)}, which is not a containerPort of the container; it declares ${describePorts(ports)}`,
        fix: `probe one of the declared ports, or declare port ${JSON.stringify(port)} in the container's ports`,
        warning: true,
      };
}

export const probePort: Rule = {
  id: 'probe-port',
  description:
    'an httpGet, tcpSocket or grpc probe has a port, and a port name its container gives (a port number it does not declare is a warning)',
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    for (const container of containersIn(template.spec)) {
      for (const probeName of PROBES) {
        const probe = container[probeName];
        for (const handlerName of PROBE_HANDLERS) {
          const handler = probe?.[handlerName];
          if (handler !== undefined) {
            const problem = probePortProblem(container, probeName, handlerName, handler.port);
            if (problem !== undefined) {
              problems.push(problem);
            }
          }
        }
      }
    }
    return problems;
  },
};

/** Probe fields the API server requires to be 0 or more; 0 (or unset) leaves the default. */
const PROBE_COUNTS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'];
const ALL_HANDLERS = ['exec', ...PROBE_HANDLERS];

/** What the API server refuses in one probe: not exactly one handler, a negative count, a success threshold other than 1 where only 1 makes sense, a grace period of 0 or less. */
function probeProblems(container: Json, probeName: string, probe: Json): Problem[] {
  const where = `${probeName} of container "${container.name}"`;
  const problems: Problem[] = [];
  const handlers = ALL_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (handlers.length === 0) {
    problems.push({ message: `${where} has no handler`, fix: `give the probe one of ${ALL_HANDLERS.join(', ')}` });
  } else if (handlers.length > 1) {
    problems.push({
      message: `${where} has ${handlers.length} handlers (${handlers.join(', ')}); a probe takes one`,
      fix: `keep one of ${handlers.join(', ')}`,
    });
  } else {
    problems.push(...execCommandProblems(`${probeName}.exec of container "${container.name}"`, probe));
  }
  problems.push(...httpHeaderProblems(`${probeName}.httpGet of container "${container.name}"`, probe));
  for (const field of PROBE_COUNTS) {
    if (typeof probe[field] === 'number' && probe[field] < 0) {
      problems.push({
        message: `${probeName}.${field} of container "${container.name}" is ${probe[field]}, which must be 0 or more`,
        fix: `set ${field} to 0 or more, or leave it out for the default`,
      });
    }
  }
  const success = probe.successThreshold;
  if (probeName !== 'readinessProbe' && typeof success === 'number' && success > 1) {
    problems.push({
      message: `${probeName}.successThreshold of container "${container.name}" is ${success}; a ${probeName.replace('Probe', '')} probe's must be 1`,
      fix: 'set successThreshold to 1 or leave it out (only a readiness probe may wait for several successes)',
    });
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (probeName === 'readinessProbe' && grace !== undefined && grace !== null) {
    problems.push({
      message: `readinessProbe of container "${container.name}" sets terminationGracePeriodSeconds (${grace}), which a readiness probe may not have`,
      fix: 'leave terminationGracePeriodSeconds out of the readiness probe (a liveness or startup probe may set it)',
    });
  } else if (typeof grace === 'number' && grace <= 0) {
    problems.push({
      message: `${probeName}.terminationGracePeriodSeconds of container "${container.name}" is ${grace}, which must be 1 or more`,
      fix: "set it to 1 or more, or leave it out for the pod's terminationGracePeriodSeconds",
    });
  }
  return problems;
}

/** Whether the release lets this init container have probes: a sidecar (restartPolicy Always), from 1.29 on. */
function initContainerTakesProbes(container: Json, release: string): boolean {
  return container.restartPolicy === 'Always' && compareReleases(SIDECARS_SINCE, release) <= 0;
}

export const probeSpec: Rule = {
  id: 'probe-spec',
  description:
    'a probe has exactly one handler (an exec one of a command, an httpGet one of HTTP header names), no negative period, timeout, delay or threshold, a success threshold of 1 ' +
    'unless it is a readiness probe, and a grace period above 0 (none on a readiness probe); init containers have ' +
    "probes only as sidecars; a warning of a probe's or lifecycle hook's httpGet.protocol, which 1.37 drops",
  kinds: POD_KINDS,
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    for (const container of template.spec.initContainers ?? []) {
      const probes = PROBES.filter((probeName) => container[probeName] !== undefined && container[probeName] !== null);
      if (probes.length > 0 && !initContainerTakesProbes(container, context.kubernetesVersion)) {
        problems.push({
          message: `init container "${container.name}" has ${probes.join(', ')}, which an init container may not have (it runs to completion before the others start)`,
          fix:
            compareReleases(SIDECARS_SINCE, context.kubernetesVersion) <= 0
              ? 'remove the probes, or make it a sidecar with restartPolicy: Always'
              : `remove the probes (sidecar init containers, which may have them, come with Kubernetes ${SIDECARS_SINCE})`,
        });
      }
    }
    for (const container of containersIn(template.spec)) {
      for (const probeName of PROBES) {
        const probe = container[probeName];
        if (probe !== undefined && probe !== null) {
          problems.push(...probeProblems(container, probeName, probe));
        }
      }
      problems.push(...httpGetProtocolProblems(container, context.kubernetesVersion));
    }
    return problems;
  },
};

/** The kubelet cannot parse the image (the API server takes any image that is not empty): the pod never starts. */
export const imageReference: Rule = {
  id: 'image-reference',
  description:
    'every image is a reference the kubelet can parse: [registry[:port]/]lower-case repository[:tag][@digest], no whitespace',
  kinds: POD_KINDS,
  check(object) {
    const spec = podTemplateOf(object)?.spec;
    if (spec === undefined) {
      return [];
    }
    return containersIn(spec).flatMap((container) => {
      const image = container.image;
      // No image at all is pod-spec's finding.
      const problem = typeof image !== 'string' || image.trim() === '' ? undefined : imageReferenceProblem(image);
      return problem === undefined
        ? []
        : [
            {
              message: `container "${container.name}" image ${JSON.stringify(image)} is not an image reference the kubelet can parse (the pod would never start, InvalidImageName): ${problem.problem}`,
              fix: imageReferenceFix(problem),
            },
          ];
    });
  },
};

function allowedRestartPolicies(kind: string): readonly string[] {
  const workload = kindInfo(kind)?.workload;
  if (workload === 'run-to-completion') {
    return ['Never', 'OnFailure'];
  }
  return workload === 'long-running' ? ['Always'] : ['Always', 'OnFailure', 'Never'];
}

export const restartPolicy: Rule = {
  id: 'restart-policy',
  description:
    "a Job's or CronJob's pods restart Never or OnFailure; a Deployment's, ReplicaSet's, StatefulSet's or DaemonSet's Always",
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const kind = object.manifest.kind;
    const allowed = allowedRestartPolicies(kind);
    // Unset or empty, the API server defaults it to Always, which a Job refuses.
    const policy: unknown = template.spec.restartPolicy === '' ? undefined : template.spec.restartPolicy;
    if (allowed.includes(String(policy ?? 'Always'))) {
      return [];
    }
    const list =
      allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    const subject = kind === 'Pod' ? 'a Pod' : `a ${kind}'s pods`;
    return [
      {
        message: `restartPolicy ${policy === undefined ? 'is not set (Always by default)' : JSON.stringify(policy)}; ${subject} must restart ${list}`,
        fix: `set the pod template's restartPolicy to ${list}`,
      },
    ];
  },
};

function addedCapabilities(container: Json): string[] {
  return container.securityContext?.capabilities?.add ?? [];
}

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  description:
    'no container is privileged, or adds CAP_SYS_ADMIN, with allowPrivilegeEscalation false (the API server refuses it)',
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    for (const container of containersIn(template.spec)) {
      const context = container.securityContext ?? {};
      if (context.allowPrivilegeEscalation !== false) {
        continue;
      }
      if (context.privileged === true) {
        problems.push({
          message: `container "${container.name}" is privileged and sets allowPrivilegeEscalation false, which the API server refuses`,
          fix: 'set allowPrivilegeEscalation to true (or leave it out) in a privileged container, or do not make it privileged',
        });
      }
      // Both API servers compare the exact name: SYS_ADMIN beside allowPrivilegeEscalation false is taken (1.27, 1.37).
      const sysAdmin = addedCapabilities(container).find((capability) => capability === 'CAP_SYS_ADMIN');
      if (sysAdmin !== undefined) {
        problems.push({
          message: `container "${container.name}" adds ${sysAdmin} and sets allowPrivilegeEscalation false, which the API server refuses`,
          fix: `set allowPrivilegeEscalation to true (or leave it out), or do not add ${sysAdmin}`,
        });
      }
    }
    return problems;
  },
};

/**
 * The kubelet's check before it starts a container (verifyRunAsNonRoot): a container whose effective runAsNonRoot is
 * true and whose effective runAsUser is 0 never starts. The API server takes the pair; Pod Security and our
 * security-context policy see nothing wrong in runAsNonRoot true, so without this rule it shows only on a node. A
 * runAsNonRoot with no runAsUser leaves the image's user to decide, which the gate cannot see.
 */
export const nonRootUser: Rule = {
  id: 'non-root-user',
  description:
    "no container both must run as non-root (runAsNonRoot true, its own or the pod's) and runs as user 0 (runAsUser): the kubelet refuses to start it",
  kinds: POD_KINDS,
  check(object) {
    const spec = podTemplateOf(object)?.spec;
    if (spec === undefined || spec.os?.name === 'windows') {
      return [];
    }
    const pod = spec.securityContext ?? {};
    const problems: Problem[] = [];
    for (const container of containersIn(spec)) {
      const own = container.securityContext ?? {};
      const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
      const user = own.runAsUser ?? pod.runAsUser;
      if (nonRoot !== true || user !== 0) {
        continue;
      }
      const from = (field: string) => (own[field] !== undefined && own[field] !== null ? 'the container' : 'the pod');
      problems.push({
        message:
          `container "${container.name}" must run as non-root (runAsNonRoot true, set on ${from('runAsNonRoot')}) and runs ` +
          `as user 0 (runAsUser, set on ${from('runAsUser')}), so the kubelet refuses to start it ` +
          "(CreateContainerConfigError: container's runAsUser breaks non-root policy)",
        fix:
          'give the container a runAsUser other than 0, e.g. 65532, or, if it must run as root, set runAsNonRoot false ' +
          'on it (a policy exemption may then be needed)',
      });
    }
    return problems;
  },
};

function runsAsNonRoot(container: Json, pod: Json): boolean {
  const context = container.securityContext ?? {};
  const podContext = pod.securityContext ?? {};
  const user = context.runAsUser ?? podContext.runAsUser;
  return (context.runAsNonRoot ?? podContext.runAsNonRoot) === true || (user !== undefined && user !== 0);
}

function unprivilegedPortStart(pod: Json): number | undefined {
  const sysctl = (pod.securityContext?.sysctls ?? []).find(
    (candidate: Json) => candidate.name === UNPRIVILEGED_PORT_SYSCTL,
  );
  return sysctl === undefined ? undefined : Number(sysctl.value);
}

export const lowPort: Rule = {
  id: 'low-port',
  description: `a non-root container listens below 1024 only with NET_BIND_SERVICE or the pod sysctl ${UNPRIVILEGED_PORT_SYSCTL}`,
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const start = unprivilegedPortStart(template.spec);
    const problems: Problem[] = [];
    for (const container of containersIn(template.spec)) {
      if (!runsAsNonRoot(container, template.spec)) {
        continue;
      }
      const capable = addedCapabilities(container).some(
        (capability) => capability === 'NET_BIND_SERVICE' || capability === 'CAP_NET_BIND_SERVICE',
      );
      for (const port of container.ports ?? []) {
        const number = port.containerPort;
        if (
          typeof number !== 'number' ||
          number < 1 ||
          number >= 1024 ||
          capable ||
          (start !== undefined && start <= number)
        ) {
          continue;
        }
        problems.push({
          message: `container "${container.name}" listens on port ${number}, below 1024, as a non-root user without the capability NET_BIND_SERVICE, so it cannot bind it`,
          fix:
            `listen on a port of 1024 or more (a Service can still offer port ${number}), or add NET_BIND_SERVICE to the container's ` +
            `securityContext.capabilities.add, or set the pod sysctl ${UNPRIVILEGED_PORT_SYSCTL} to ${number} or less`,
        });
      }
    }
    return problems;
  },
};

export const POD_RULES: readonly Rule[] = [
  podReference,
  podServiceAccount,
  podSpec,
  imageReference,
  probePort,
  probeSpec,
  restartPolicy,
  privilegeEscalation,
  nonRootUser,
  lowPort,
];
