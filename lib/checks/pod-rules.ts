import { DNS_LABEL, ENV_VAR_NAME } from '../constructs/validation';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { kindInfo } from '../kinds/kinds';
import { podTemplateOf } from './object-index';
import { POD_KINDS, Reference, podReferences, podServiceAccountReference } from './references';
import { CheckContext, Rule } from './rule';

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
    if (reference.kind === 'Secret' && context.external.secrets.includes(`${namespace}/${reference.name}`)) {
      return undefined;
    }
    return {
      message: `${reference.where} needs ${reference.kind} ${namespace}/${reference.name}, which does not exist`,
      fix: `create the ${reference.kind} in this namespace (and pass the object, not its name), or mark the reference optional`,
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
    "a pod's volumes, envFrom and valueFrom name an existing ConfigMap, Secret or PVC, and keys that exist in it",
  kinds: POD_KINDS,
  check(object, context) {
    return podReferences(object).flatMap((reference) => referenceProblem(reference, context) ?? []);
  },
};

export const podServiceAccount: Rule = {
  id: 'pod-service-account',
  description: "a pod's serviceAccountName names an existing ServiceAccount of its namespace",
  kinds: POD_KINDS,
  check(object, context) {
    const account = podServiceAccountReference(object);
    if (
      account === undefined ||
      account.name === 'default' ||
      context.index.get('ServiceAccount', account.namespace, account.name) !== undefined
    ) {
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

function isDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

/** Mounts of a volume the pod does not have (a StatefulSet's pods also have its volumeClaimTemplates). */
function mountProblems(object: RenderedObject, spec: Json): Problem[] {
  const claims: Json[] =
    object.manifest.kind === 'StatefulSet' ? ((object.manifest.spec as Json)?.volumeClaimTemplates ?? []) : [];
  const volumes = new Set([
    ...(spec.volumes ?? []).map((volume: Json) => volume.name),
    ...claims.map((claim) => claim.metadata?.name),
  ]);
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
    ...(volume.projected?.sources ?? []).flatMap((source: Json) => [source.configMap, source.secret]),
  ];
  return sources
    .flatMap((source: Json) => source?.items ?? [])
    .filter(
      (item: Json) =>
        typeof item.path !== 'string' ||
        item.path === '' ||
        item.path.startsWith('/') ||
        item.path.split('/').includes('..'),
    )
    .map((item: Json) => ({
      message: `volume "${volume.name}" writes key "${item.key}" to ${JSON.stringify(item.path)}, which must be a relative path without ".."`,
      fix: 'write the path relative to the mount path, e.g. "settings.json" or "conf/settings.json"',
    }));
}

function envNameProblems(spec: Json): Problem[] {
  return containersIn(spec).flatMap((container) =>
    (container.env ?? [])
      .filter((variable: Json) => typeof variable.name !== 'string' || !ENV_VAR_NAME.test(variable.name))
      .map((variable: Json) => ({
        message: `env name ${JSON.stringify(variable.name)} of container "${container.name}" must be letters, digits, "-", "_" or ".", not starting with a digit`,
        fix: 'rename the variable',
      })),
  );
}

export const podSpec: Rule = {
  id: 'pod-spec',
  description:
    'a pod has a container; container and volume names are DNS-1123 labels; every container names an image, mounts volumes of the pod and has valid env names',
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    if ((template.spec.containers ?? []).length === 0) {
      problems.push({ message: 'the pod has no containers', fix: 'add a container to `containers`' });
    }
    for (const container of containersIn(template.spec)) {
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
    problems.push(
      ...mountProblems(object, template.spec),
      ...envNameProblems(template.spec),
      ...(template.spec.volumes ?? []).flatMap(itemPathProblems),
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
  return ports.length === 0
    ? {
        message: `${where} targets port ${JSON.stringify(port)}, but the container declares no ports`,
        fix: `declare port ${JSON.stringify(port)} in the container's ports, or probe a port it declares`,
      }
    : {
        message: `${where} targets port ${JSON.stringify(port)}, which is not a containerPort of the container; it declares ${describePorts(ports)}`,
        fix: `probe one of the declared ports, or declare port ${JSON.stringify(port)} in the container's ports`,
      };
}

export const probePort: Rule = {
  id: 'probe-port',
  description: 'an httpGet, tcpSocket or grpc probe targets a port (number or name) that its container declares',
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
    // Unset, the API server defaults it to Always, which a Job refuses.
    const policy: unknown = template.spec.restartPolicy;
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
      const sysAdmin = addedCapabilities(container).find(
        (capability) => capability === 'CAP_SYS_ADMIN' || capability === 'SYS_ADMIN',
      );
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
  probePort,
  restartPolicy,
  privilegeEscalation,
  lowPort,
];
