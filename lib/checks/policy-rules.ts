import { DEFAULT_USER } from '../constructs/container';
import { imageReferenceProblem } from '../constructs/image-reference';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { kindsWith } from '../kinds/kinds';
import { PodTemplate, podTemplateOf } from './object-index';
import { budgetTemplates, policyDirections, policyTemplates } from './references';
import { CheckContext, Rule, namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Users and groups at or below this may exist on the node (kube-score's container-security-context-user-group-id). */
const MAX_NODE_ID = 10000;
const POD_KINDS = kindsWith('podTemplate');
const LONG_RUNNING = kindsWith((info) => info.workload === 'long-running');
const REPLICATED = kindsWith((info) => info.replicas && info.workload === 'long-running');
const ALLOWED_CAPABILITIES = ['NET_BIND_SERVICE'];
const PINNED_TAG = /^[^@]+:(?!latest$)[\w][\w.-]*$|@sha256:[a-f0-9]{64}$/;

/** Each container of the object's pod, with a short description for messages. */
function containersOf(object: RenderedObject): Json[] {
  const spec = podTemplateOf(object)?.spec;
  return spec === undefined ? [] : [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** A rule over every container of a pod-bearing object. */
function containerRule(id: string, description: string, check: (container: Json, pod: Json) => Problem[]): Rule {
  return {
    id,
    description,
    exemptible: true,
    kinds: POD_KINDS,
    check(object) {
      const pod = podTemplateOf(object)?.spec;
      return containersOf(object).flatMap((container) => check(container, pod));
    },
  };
}

export const containerResources = containerRule(
  'container-resources',
  'every container requests and limits CPU, memory and ephemeral storage',
  (container) => {
    const paths = ['cpu', 'memory', 'ephemeral-storage'].flatMap((resource) => [
      `requests.${resource}`,
      `limits.${resource}`,
    ]);
    const missing = paths.filter((path) => {
      const [group, resource] = path.split('.');
      return container.resources?.[group]?.[resource] === undefined;
    });
    return missing.length === 0
      ? []
      : [
          {
            message: `container "${container.name}" has no ${missing.join(', ')}`,
            fix: 'set `resources` (requests and limits of cpu, memory and ephemeral-storage)',
          },
        ];
  },
);

export const imageTag = containerRule(
  'image-tag',
  'every image is pinned to a tag other than latest, or a digest',
  (container) =>
    // An image the kubelet cannot parse is image-reference's finding: one mistake, one finding.
    PINNED_TAG.test(String(container.image)) || imageReferenceProblem(String(container.image)) !== undefined
      ? []
      : [
          {
            message: `container "${container.name}" runs image "${container.image}", which is not pinned`,
            fix: 'pin the image to a version tag or a digest',
          },
        ],
);

export const imagePullPolicy = containerRule(
  'image-pull-policy',
  'every container pulls its image Always, so pull credentials are checked at each start',
  (container) =>
    container.imagePullPolicy === 'Always'
      ? []
      : [
          {
            message: `container "${container.name}" has imagePullPolicy ${container.imagePullPolicy ?? '(unset)'}`,
            fix: 'leave `imagePullPolicy` at its default, Always',
          },
        ],
);

export const securityContext = containerRule(
  'security-context',
  'every container runs as a non-root user and group above 10000, with a read-only root, no privilege escalation, no capabilities and seccomp',
  (container, pod) => {
    const context = container.securityContext ?? {};
    const podContext = pod?.securityContext ?? {};
    // What is wrong, and the construct prop or field that sets it right.
    const problems: string[] = [];
    const fixes: string[] = [];
    const wrong = (problem: string, fix: string) => {
      problems.push(problem);
      fixes.push(fix);
    };
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
      wrong('runAsNonRoot is not true', 'runAsNonRoot: true (the constructs write it unless `user` is 0)');
    if (!((context.runAsUser ?? podContext.runAsUser) > MAX_NODE_ID))
      wrong(
        `runAsUser ${context.runAsUser ?? podContext.runAsUser ?? '(unset)'} is not above ${MAX_NODE_ID}`,
        `a user above ${MAX_NODE_ID} (\`user\`, ${DEFAULT_USER} by default; an image made for a low user, such as 999, runs as another when its files are the group's: \`fsGroup\`)`,
      );
    if (!((context.runAsGroup ?? podContext.runAsGroup) > MAX_NODE_ID))
      wrong(
        `runAsGroup ${context.runAsGroup ?? podContext.runAsGroup ?? '(unset)'} is not above ${MAX_NODE_ID}`,
        `a group above ${MAX_NODE_ID} (\`group\`, ${DEFAULT_USER} by default)`,
      );
    if (context.allowPrivilegeEscalation !== false)
      wrong('allowPrivilegeEscalation is not false', 'allowPrivilegeEscalation: false (unless `privileged`)');
    if (context.readOnlyRootFilesystem !== true)
      wrong(
        'readOnlyRootFilesystem is not true',
        'a read-only root filesystem, with an emptyDir where the app writes (`writablePaths`, or `Volume.fromEmptyDir` in `mounts`)',
      );
    if (!(context.capabilities?.drop ?? []).includes('ALL'))
      wrong(
        'capabilities do not drop ALL',
        'capabilities that drop ALL (`allowPrivilegedPorts` adds NET_BIND_SERVICE alone)',
      );
    const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      wrong(`seccompProfile is ${seccomp ?? 'unset'}`, 'seccompProfile RuntimeDefault (or Localhost)');
    return problems.length === 0
      ? []
      : [
          {
            message: `container "${container.name}": ${problems.join('; ')}`,
            fix: `give it ${fixes.join('; ')}: the constructs' containers have all of it by default`,
          },
        ];
  },
);

export const privileged = containerRule('privileged', 'no container is privileged', (container) =>
  container.securityContext?.privileged === true
    ? [
        {
          message: `container "${container.name}" is privileged`,
          fix: 'remove `privileged`; grant the one capability the app needs instead',
        },
      ]
    : [],
);

export const capabilities = containerRule(
  'capabilities',
  `no container adds a capability other than ${ALLOWED_CAPABILITIES.join(', ')}`,
  (container) => {
    const added: string[] = (container.securityContext?.capabilities?.add ?? []).filter(
      (capability: string) => !ALLOWED_CAPABILITIES.includes(capability),
    );
    return added.length === 0
      ? []
      : [{ message: `container "${container.name}" adds ${added.join(', ')}`, fix: 'remove the added capabilities' }];
  },
);

export const hostAccess: Rule = {
  id: 'host-access',
  description: "no pod shares the node's network, PID or IPC namespace, mounts a hostPath or binds a hostPort",
  exemptible: true,
  kinds: POD_KINDS,
  check(object) {
    const pod = podTemplateOf(object)?.spec;
    if (pod === undefined) {
      return [];
    }
    const problems = [
      ...['hostNetwork', 'hostPID', 'hostIPC']
        .filter((field) => pod[field] === true)
        .map((field) => `${field} is true`),
      ...(pod.volumes ?? [])
        .filter((volume: Json) => volume.hostPath !== undefined)
        .map((volume: Json) => `volume "${volume.name}" is a hostPath`),
      ...containersOf(object).flatMap((container) =>
        (container.ports ?? [])
          .filter((port: Json) => port.hostPort !== undefined)
          .map((port: Json) => `container "${container.name}" binds hostPort ${port.hostPort}`),
      ),
    ];
    return problems.map((message) => ({
      message,
      fix: "use a Service and a PersistentVolumeClaim instead of the node's network and disk",
    }));
  },
};

/** Whether two probes ask the same thing (timings aside), as kube-score's pod-probes-identical compares them. */
function sameHandler(a: Json, b: Json): boolean {
  const handler = (probe: Json) => JSON.stringify([probe?.httpGet, probe?.tcpSocket, probe?.exec, probe?.grpc]);
  return b !== undefined && handler(a) === handler(b);
}

export const containerProbes: Rule = {
  id: 'container-probes',
  description:
    'long-running containers behind a Service have a readiness probe, and a liveness probe that differs from it',
  exemptible: true,
  kinds: [...LONG_RUNNING, 'Pod'],
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const served = context.index.ofKind('Service', namespaceOf(object)).some((service) => {
      const selector = specOf(service).selector ?? {};
      return (
        Object.keys(selector).length > 0 &&
        Object.entries<string>(selector).every(([name, value]) => template.labels[name] === value)
      );
    });
    return (template.spec.containers ?? []).flatMap((container: Json): Problem[] => {
      if (served && container.readinessProbe === undefined) {
        return [
          {
            message: `container "${container.name}" receives Service traffic but has no readinessProbe`,
            fix: 'add a `readiness` probe',
          },
        ];
      }
      if (container.livenessProbe !== undefined && sameHandler(container.livenessProbe, container.readinessProbe)) {
        return [
          {
            message: `container "${container.name}" has the same liveness and readiness probe`,
            fix: 'make the liveness probe cheaper or more patient than readiness, so a slow app is not restarted',
          },
        ];
      }
      return [];
    });
  },
};

export const podDisruptionBudget: Rule = {
  id: 'pod-disruption-budget',
  description: 'a Deployment, ReplicaSet or StatefulSet of more than one pod has a PodDisruptionBudget',
  exemptible: true,
  kinds: REPLICATED,
  check(object, context) {
    if (!((specOf(object).replicas ?? 1) > 1)) {
      return [];
    }
    const template = podTemplateOf(object);
    const covered = context.index
      .ofKind('PodDisruptionBudget', namespaceOf(object))
      .some((budget) => template !== undefined && budgetTemplates(budget, context.index).includes(template));
    return covered
      ? []
      : [
          {
            message: `${specOf(object).replicas} replicas and no PodDisruptionBudget selects them`,
            fix: 'keep `disruptionBudget` on (the default)',
          },
        ];
  },
};

function coveredDirections(template: PodTemplate, namespace: string, context: CheckContext): Set<string> {
  const directions = new Set<string>();
  for (const policy of context.index.ofKind('NetworkPolicy', namespace)) {
    if (policyTemplates(policy, context.index).includes(template)) {
      policyDirections(policy).forEach((type) => directions.add(type));
    }
  }
  return directions;
}

export const networkPolicy: Rule = {
  id: 'network-policy',
  description: 'every pod is selected by NetworkPolicies that govern both its incoming and outgoing traffic',
  exemptible: true,
  kinds: POD_KINDS,
  check(object, context) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const directions = coveredDirections(template, namespaceOf(object), context);
    const missing = ['Ingress', 'Egress'].filter((direction) => !directions.has(direction));
    return missing.length === 0
      ? []
      : [
          {
            message: `no NetworkPolicy governs the pods' ${missing.join(' and ').toLowerCase()} traffic`,
            fix: 'put the workload in an AppChart, which denies traffic by default',
          },
        ];
  },
};

export const cronJobDeadline: Rule = {
  id: 'cronjob-deadline',
  description: 'a CronJob sets startingDeadlineSeconds, so missed runs are skipped rather than piling up',
  exemptible: true,
  kinds: ['CronJob'],
  check(object) {
    return specOf(object).startingDeadlineSeconds === undefined
      ? [{ message: 'startingDeadlineSeconds is not set', fix: 'set `startingDeadline`' }]
      : [];
  },
};

export const jobTtl: Rule = {
  id: 'job-ttl',
  description:
    "a Job (or a CronJob's Job) sets ttlSecondsAfterFinished, so finished Jobs and their pods are cleaned up",
  exemptible: true,
  kinds: ['Job', 'CronJob'],
  check(object) {
    const jobSpec = object.manifest.kind === 'Job' ? specOf(object) : specOf(object).jobTemplate?.spec;
    return jobSpec !== undefined && jobSpec.ttlSecondsAfterFinished === undefined
      ? [{ message: 'ttlSecondsAfterFinished is not set', fix: 'set `ttlAfterFinished`' }]
      : [];
  },
};

export const serviceAccountToken: Rule = {
  id: 'service-account-token',
  description: 'only pods that run as a ServiceAccount of their own mount an API token',
  exemptible: true,
  kinds: POD_KINDS,
  check(object) {
    const pod = podTemplateOf(object)?.spec;
    if (pod === undefined) {
      return [];
    }
    const ownAccount = pod.serviceAccountName !== undefined && pod.serviceAccountName !== 'default';
    return !ownAccount && pod.automountServiceAccountToken !== false
      ? [
          {
            message: 'the pod mounts an API token but runs as the default ServiceAccount',
            fix: 'set `automountServiceAccountToken: false`, or give the pod a ServiceAccount it needs',
          },
        ]
      : [];
  },
};

/** Names of environment variables and ConfigMap keys that hold secrets (Polaris's sensitive-content patterns). */
const SENSITIVE_NAME =
  /^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$|password|token|bearer|secret/i;
/** A private key in PEM. */
const PRIVATE_KEY = /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i;

export const sensitiveData: Rule = {
  id: 'sensitive-data',
  description:
    "no container sets an environment variable whose name says it holds a secret (password, token, secret, ...) or whose value is a private key in plain text, and no ConfigMap holds such a key or value; they belong in a (Sealed)Secret (Polaris's sensitiveContainerEnvVar and sensitiveConfigmapContent)",
  exemptible: true,
  kinds: [...POD_KINDS, 'ConfigMap'],
  check(object) {
    const manifest = object.manifest as Json;
    const problems: Problem[] = [];
    if (manifest.kind === 'ConfigMap') {
      for (const key in manifest.data ?? {}) {
        if (SENSITIVE_NAME.test(key) || PRIVATE_KEY.test(String(manifest.data[key]))) {
          problems.push({
            message: `key "${key}" ${SENSITIVE_NAME.test(key) ? 'is named as a secret' : 'holds a private key'}, in a ConfigMap, which anyone who may read ConfigMaps reads`,
            fix: 'keep it in a SealedSecret and mount or reference that',
          });
        }
      }
      return problems;
    }
    const spec = podTemplateOf(object)?.spec;
    for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])] as Json[]) {
      for (const variable of (container?.env ?? []) as Json[]) {
        if (variable?.value === undefined) {
          continue;
        }
        if (SENSITIVE_NAME.test(String(variable.name)) || PRIVATE_KEY.test(String(variable.value))) {
          problems.push({
            message: `container "${container.name}" sets ${variable.name} ${SENSITIVE_NAME.test(String(variable.name)) ? 'as plain text, and its name says it is a secret' : 'to a private key in plain text'}`,
            fix: 'take it from a SealedSecret (env with `EnvValue.fromSecretValue`, or the `secret` prop)',
          });
        }
      }
    }
    return problems;
  },
};

export const POLICY_RULES: readonly Rule[] = [
  containerResources,
  imageTag,
  imagePullPolicy,
  securityContext,
  privileged,
  capabilities,
  hostAccess,
  containerProbes,
  podDisruptionBudget,
  networkPolicy,
  cronJobDeadline,
  jobTtl,
  serviceAccountToken,
  sensitiveData,
];
