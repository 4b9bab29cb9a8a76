import { kindsWith } from '../kinds/kinds';
import { podCountValue } from '../constructs/deployment';
import { NON_HTTP_PORTS } from '../constructs/probe';
import { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from '../constructs/validation';
import { POD_KINDS, podTemplateIn } from '../writer/pod-template';
import { Problem } from './finding';
import { Rule, formatLabels, namespaceOf, specOf } from './rule';
import { SCALE_TO_ZERO_SINCE, metricProblems, scalesOnObjects } from './autoscaler-metrics';
import { autoscalerOf } from './replicas';
import { MATCH_LABEL_KEYS_IN_SELECTOR_SINCE } from './pod-values';
import { compareReleases } from '../config/kubernetes-version';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Workloads that own the pods their selector matches. */
const SELECTING_WORKLOADS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/** Adds a problem for each annotation key without key syntax; nothing is allocated when every key has it. */
function annotationKeyProblems(where: string, annotations: unknown, problems: Problem[]): void {
  if (annotations === null || typeof annotations !== 'object') {
    return;
  }
  for (const key in annotations) {
    // The API server checks an annotation key lower-cased (ValidateAnnotations): "Example.com/Owner" is one.
    if (!isLabelKey(key.toLowerCase())) {
      problems.push({
        message: `${where} key "${key}" is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
        fix: 'rename the annotation key',
      });
    }
  }
}

export const annotationKey: Rule = {
  id: 'annotation-key',
  description: 'annotation keys, of objects and pod templates, have Kubernetes key syntax',
  check(object) {
    const template = object.manifest.kind === 'Pod' ? undefined : podTemplateIn(object.manifest);
    const problems: Problem[] = [];
    annotationKeyProblems('annotation', object.manifest.metadata.annotations, problems);
    annotationKeyProblems('pod template annotation', template?.metadata?.annotations, problems);
    return problems;
  },
};

export const selectorOverlap: Rule = {
  id: 'selector-overlap',
  description: "a workload's selector matches its own pod template and no other workload's in its namespace",
  kinds: SELECTING_WORKLOADS,
  check(object, context) {
    const matchLabels: Record<string, string> | undefined = specOf(object).selector?.matchLabels;
    if (matchLabels === undefined || Object.keys(matchLabels).length === 0) {
      return [];
    }
    return context.index
      .templatesSelectedBy(namespaceOf(object), matchLabels)
      .filter((template) => template.owner !== object)
      .map((template) => ({
        message: `selector ${formatLabels(matchLabels)} also matches the pods of ${template.owner.manifest.kind} ${String(template.owner.manifest.metadata.name)} (construct ${template.owner.path}); both controllers would claim them`,
        fix: 'keep the recommended app.kubernetes.io/name and instance labels in the selector, or add a selector label that tells the two apart',
      }));
  },
};

/** The container port number a probe port (number or name) stands for. */
function portNumber(container: Json, port: unknown): number | undefined {
  if (typeof port === 'number') {
    return port;
  }
  const named = (container.ports ?? []).find((candidate: Json) => candidate.name === port);
  return typeof named?.containerPort === 'number' ? named.containerPort : undefined;
}

export const httpProbe: Rule = {
  id: 'http-probe',
  description: 'no HTTP probe targets the port of a well-known server that does not speak HTTP (Redis, MySQL, ...)',
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateIn(object.manifest);
    const problems: Problem[] = [];
    for (const container of (template?.spec?.containers ?? []) as Json[]) {
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const httpGet = container[probe]?.httpGet;
        const number = httpGet === undefined ? undefined : portNumber(container, httpGet.port);
        const server = number === undefined ? undefined : NON_HTTP_PORTS[number];
        if (server !== undefined) {
          problems.push({
            message: `container "${container.name}" has an HTTP ${probe} on port ${number}, the port of ${server.server}, which does not speak HTTP`,
            fix: `probe it with tcpSocket or exec (a BackendService with portName "${server.portName}" does), or probe the port that serves HTTP`,
          });
        }
      }
    }
    return problems;
  },
};

const LABEL_KEY_RULE =
  'an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';

function nodeSelectorProblems(nodeSelector: unknown): Problem[] {
  return Object.entries((nodeSelector ?? {}) as Record<string, unknown>).flatMap(([key, value]): Problem[] => [
    ...(isLabelKey(key)
      ? []
      : [
          {
            message: `nodeSelector key "${key}" is not a label key (${LABEL_KEY_RULE})`,
            fix: 'use the node label key',
          },
        ]),
    ...(typeof value === 'string' && isLabelValue(value)
      ? []
      : [
          {
            message: `nodeSelector "${key}" has value ${JSON.stringify(value)}, which is not a label value`,
            fix: 'use the node label value',
          },
        ]),
  ]);
}

export const scheduling: Rule = {
  id: 'scheduling',
  description:
    'a pod template has a nodeSelector of label syntax, schedulingGates of qualified names, a priorityClassName and runtimeClassName that are DNS-1123 subdomains, topology spreads with a maxSkew of 1 or more, a topology key, a minDomains of 1 or more with DoNotSchedule alone and matchLabelKeys of label keys (before 1.34, none its labelSelector has), tolerations the API server takes (key syntax, Exists for an empty key and without a value, tolerationSeconds only with NoExecute), affinity terms with a topology key, namespaces of namespace names and weights of 1-100, and a required node affinity of one node selector term or more; the nodeSelector and tolerations of a RuntimeClass scheduling likewise',
  kinds: [...POD_KINDS, 'RuntimeClass'],
  check(object, context) {
    if (object.manifest.kind === 'RuntimeClass') {
      return runtimeClassSchedulingProblems((object.manifest as Json).scheduling);
    }
    const spec: Json = podTemplateIn(object.manifest)?.spec ?? {};
    const problems = nodeSelectorProblems(spec.nodeSelector);
    for (const [field, fix] of [
      ['priorityClassName', 'name an existing PriorityClass'],
      ['runtimeClassName', 'name a RuntimeClass the nodes offer'],
    ] as const) {
      const name: unknown = spec[field];
      if (name !== undefined && !isDnsSubdomain(name)) {
        problems.push({
          message: `${field} ${JSON.stringify(name)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`,
          fix,
        });
      }
    }
    ((spec.topologySpreadConstraints ?? []) as Json[]).forEach((spread, index) => {
      if (!Number.isInteger(spread.maxSkew) || spread.maxSkew < 1) {
        problems.push({
          message: `topologySpreadConstraints[${index}].maxSkew ${JSON.stringify(spread.maxSkew)} is not an integer of 1 or more`,
          fix: 'set maxSkew to 1 (spread evenly) or more',
        });
      }
      problems.push(...topologyKeyProblems(`topologySpreadConstraints[${index}]`, spread.topologyKey));
      problems.push(...spreadProblems(`topologySpreadConstraints[${index}]`, spread ?? {}, context.kubernetesVersion));
    });
    ((spec.tolerations ?? []) as Json[]).forEach((toleration, index) =>
      problems.push(...tolerationProblems(`tolerations[${index}]`, toleration ?? {})),
    );
    problems.push(...affinityProblems(spec.affinity ?? {}));
    problems.push(...schedulingGateProblems(spec.schedulingGates));
    return problems;
  },
};

/** A scheduling gate's name is a qualified name (label key syntax), as both API servers (1.27 and 1.37) require. */
function schedulingGateProblems(gates: unknown): Problem[] {
  return ((Array.isArray(gates) ? gates : []) as Json[]).flatMap((gate, index) =>
    typeof gate?.name === 'string' && isLabelKey(gate.name)
      ? []
      : [
          {
            message: `schedulingGates[${index}].name ${JSON.stringify(gate?.name ?? null)} is not a qualified name (${LABEL_KEY_RULE})`,
            fix: 'name the gate as a label key, e.g. "example.com/quota-approved"; the controller that removes it must use the same name',
          },
        ],
  );
}

/**
 * What the API server refuses in a spread besides its maxSkew, topology key and enums: a minDomains below 1 or without
 * DoNotSchedule, matchLabelKeys that are not label keys, without a labelSelector, or (before
 * MATCH_LABEL_KEYS_IN_SELECTOR_SINCE) that its labelSelector also has.
 */
function spreadProblems(where: string, spread: Json, release: string): Problem[] {
  const problems: Problem[] = [];
  const { minDomains, whenUnsatisfiable, matchLabelKeys, labelSelector } = spread;
  if (minDomains !== undefined && minDomains !== null) {
    if (!Number.isInteger(minDomains) || minDomains < 1) {
      problems.push({
        message: `${where}.minDomains ${JSON.stringify(minDomains)} is not an integer of 1 or more`,
        fix: 'set minDomains to the fewest domains to count, e.g. 3 zones, or remove it',
      });
    }
    if (whenUnsatisfiable !== 'DoNotSchedule') {
      problems.push({
        message: `${where}.minDomains is set with whenUnsatisfiable ${JSON.stringify(whenUnsatisfiable ?? null)}; the API server takes it with DoNotSchedule alone`,
        fix: 'set whenUnsatisfiable to DoNotSchedule, or remove minDomains',
      });
    }
  }
  const keys: unknown[] = Array.isArray(matchLabelKeys) ? matchLabelKeys : [];
  if (keys.length > 0 && (labelSelector === undefined || labelSelector === null)) {
    problems.push({
      message: `${where}.matchLabelKeys is set without a labelSelector, which the API server refuses`,
      fix: "select the workload's pods in labelSelector (matchLabels), or remove matchLabelKeys",
    });
  }
  const selected = new Set<unknown>([
    ...Object.keys(labelSelector?.matchLabels ?? {}),
    ...((labelSelector?.matchExpressions ?? []) as Json[]).map((expression) => expression?.key),
  ]);
  keys.forEach((key, index) => {
    if (!(typeof key === 'string' && isLabelKey(key))) {
      problems.push({
        message: `${where}.matchLabelKeys[${index}] ${JSON.stringify(key)} is not a label key (${LABEL_KEY_RULE})`,
        fix: "name a label of the workload's pods, e.g. pod-template-hash",
      });
    } else if (selected.has(key) && compareReleases(release, MATCH_LABEL_KEYS_IN_SELECTOR_SINCE) < 0) {
      problems.push({
        message: `${where}.matchLabelKeys[${index}] "${key}" is also in its labelSelector, which the API server of ${release} refuses (from ${MATCH_LABEL_KEYS_IN_SELECTOR_SINCE}, it merges the two)`,
        fix: 'remove it from matchLabelKeys (the labelSelector already selects by it)',
      });
    }
  });
  return problems;
}

/** A topology key is a node label key, required wherever pods are spread or (anti-)affine. */
function topologyKeyProblems(where: string, key: unknown): Problem[] {
  if (typeof key === 'string' && key !== '' && isLabelKey(key)) {
    return [];
  }
  return [
    {
      message: `${where}.topologyKey ${JSON.stringify(key ?? null)} is not a node label key`,
      fix: 'name the node label that defines the domain, e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"',
    },
  ];
}

/**
 * A RuntimeClass's `scheduling`, which the API server merges into the pods of the class: a nodeSelector and tolerations
 * judged as a pod's.
 */
function runtimeClassSchedulingProblems(scheduling: Json): Problem[] {
  return [
    ...nodeSelectorProblems(scheduling?.nodeSelector).map((problem) => ({
      ...problem,
      message: `scheduling.${problem.message}`,
    })),
    ...((scheduling?.tolerations ?? []) as Json[]).flatMap((toleration, index) =>
      tolerationProblems(`scheduling.tolerations[${index}]`, toleration ?? {}),
    ),
  ];
}

/** What the API server refuses in a toleration besides its operator's and effect's values (`enum-values`). */
function tolerationProblems(where: string, toleration: Json): Problem[] {
  const problems: Problem[] = [];
  const { key, operator, value, effect, tolerationSeconds } = toleration;
  if (key !== undefined && key !== '' && !(typeof key === 'string' && isLabelKey(key))) {
    problems.push({
      message: `${where}.key ${JSON.stringify(key)} is not a taint key (label key syntax)`,
      fix: "write the taint's key as `kubectl describe node` shows it",
    });
  }
  if ((key === undefined || key === '') && operator !== 'Exists') {
    problems.push({
      message: `${where} has no key but operator ${JSON.stringify(operator ?? 'Equal')}; an empty key tolerates every taint and needs operator Exists`,
      fix: 'set `key` to the taint to tolerate, or set operator to "Exists" to tolerate all',
    });
  }
  if (
    (operator === undefined || operator === '' || operator === 'Equal') &&
    typeof value === 'string' &&
    !isLabelValue(value)
  ) {
    problems.push({
      message: `${where}.value ${JSON.stringify(value)} is not a label value (at most 63 letters, digits, "-", "_" or ".", a letter or digit at each end), which a taint's value is`,
      fix: "write the taint's value as `kubectl describe node` shows it",
    });
  }
  if (operator === 'Exists' && value !== undefined && value !== '') {
    problems.push({
      message: `${where} has operator Exists and the value ${JSON.stringify(value)}; Exists matches any value and takes none`,
      fix: 'remove `value`, or use operator "Equal" to match it',
    });
  }
  if (tolerationSeconds !== undefined && effect !== 'NoExecute') {
    problems.push({
      message: `${where} sets tolerationSeconds with effect ${JSON.stringify(effect ?? '(all)')}; only NoExecute taints evict after a time`,
      fix: 'set effect to "NoExecute", or remove tolerationSeconds',
    });
  }
  return problems;
}

/** Pod (anti-)affinity terms need a topology key; preferred terms of every affinity need a weight of 1-100. */
/** A pod affinity term's namespaces are namespace names (DNS-1123 labels), as both API servers (1.27, 1.37) require. */
function termNamespaceProblems(where: string, term: Json): Problem[] {
  return ((Array.isArray(term?.namespaces) ? term.namespaces : []) as unknown[]).flatMap((namespace, index) =>
    isDnsLabel(namespace)
      ? []
      : [
          {
            message: `${where}.namespaces[${index}] ${JSON.stringify(namespace)} is not a namespace name (a DNS-1123 label: at most 63 lower-case letters, digits or "-")`,
            fix: 'name the namespace of the pods the term selects, or select namespaces by label with namespaceSelector',
          },
        ],
  );
}

function affinityProblems(affinity: Json): Problem[] {
  const problems: Problem[] = [];
  const weight = (where: string, value: unknown) => {
    if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100)) {
      problems.push({
        message: `${where}.weight ${JSON.stringify(value ?? null)} is not an integer from 1 to 100`,
        fix: 'weigh the preference from 1 (least) to 100 (most)',
      });
    }
  };
  // A missing list is the schema's (a required field); an empty one is ValidateNodeSelector's.
  const terms: unknown = affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (Array.isArray(terms) && terms.length === 0) {
    problems.push({
      message:
        'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution has no nodeSelectorTerms, which the API server refuses (must have at least one node selector term)',
      fix: 'give a node selector term, e.g. { matchExpressions: [{ key: "nvidia.com/gpu.present", operator: "In", values: ["true"] }] }, or remove requiredDuringSchedulingIgnoredDuringExecution',
    });
  }
  ((affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Json[]).forEach(
    (preferred, index) =>
      weight(`affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}]`, preferred?.weight),
  );
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const base = `affinity.${kind}`;
    ((affinity[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as Json[]).forEach((term, index) => {
      const where = `${base}.requiredDuringSchedulingIgnoredDuringExecution[${index}]`;
      problems.push(...topologyKeyProblems(where, term?.topologyKey), ...termNamespaceProblems(where, term));
    });
    ((affinity[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Json[]).forEach((preferred, index) => {
      const where = `${base}.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      weight(where, preferred?.weight);
      problems.push(
        ...topologyKeyProblems(`${where}.podAffinityTerm`, preferred?.podAffinityTerm?.topologyKey),
        ...termNamespaceProblems(`${where}.podAffinityTerm`, preferred?.podAffinityTerm),
      );
    });
  }
  return problems;
}

export const deploymentStrategy: Rule = {
  id: 'deployment-strategy',
  description:
    "a Deployment's rolling update has maxSurge and maxUnavailable of 0 or more or 0%-100%, not both 0, and is not set on a Recreate strategy",
  kinds: ['Deployment'],
  check(object) {
    const strategy = specOf(object).strategy;
    const rolling = strategy?.rollingUpdate;
    if (rolling === undefined) {
      return [];
    }
    const problems: Problem[] = [];
    if (strategy.type === 'Recreate') {
      problems.push({
        message: 'strategy.type is Recreate and strategy.rollingUpdate is set, which the API server refuses',
        fix: 'remove rollingUpdate (Recreate replaces every pod at once), or make the type RollingUpdate',
      });
    }
    for (const field of ['maxSurge', 'maxUnavailable']) {
      if (rolling[field] !== undefined && podCountValue(rolling[field]) === undefined) {
        problems.push({
          message: `strategy.rollingUpdate.${field} ${JSON.stringify(rolling[field])} is not an integer of 0 or more or a percentage from 0% to 100%`,
          fix: `set ${field} to a count such as 1 or a percentage such as "25%"`,
        });
      }
    }
    if (podCountValue(rolling.maxSurge) === 0 && podCountValue(rolling.maxUnavailable) === 0) {
      problems.push({
        message: 'strategy.rollingUpdate maxSurge and maxUnavailable are both 0, which the API server refuses',
        fix: 'let one of them be 1 or more, e.g. maxSurge: 1',
      });
    }
    return problems;
  },
};

export const updateStrategy: Rule = {
  id: 'update-strategy',
  description:
    "a DaemonSet's rolling update has maxUnavailable and maxSurge of 0 or more or 0%-100%, exactly one of them above 0; a StatefulSet's partition and ordinals.start are 0 or more, its maxUnavailable (kept from 1.37) 1 or more or 1%-100%, and it sets no rollingUpdate on an OnDelete strategy",
  kinds: ['DaemonSet', 'StatefulSet'],
  check(object, context) {
    const spec = specOf(object);
    const strategy = spec.updateStrategy;
    const rolling = strategy?.rollingUpdate;
    const problems: Problem[] = [];
    // A DaemonSet's is taken (and ignored): seen on 1.27 and 1.37.
    if (
      object.manifest.kind === 'StatefulSet' &&
      strategy?.type === 'OnDelete' &&
      rolling !== undefined &&
      rolling !== null
    ) {
      problems.push({
        message:
          'updateStrategy.type is OnDelete and updateStrategy.rollingUpdate is set, which the API server refuses',
        fix: 'remove rollingUpdate (OnDelete replaces a pod only when it is deleted), or make the type RollingUpdate',
      });
    }
    if (object.manifest.kind === 'DaemonSet') {
      return [...problems, ...daemonSetRollingUpdateProblems(rolling)];
    }
    for (const [field, value] of [
      ['updateStrategy.rollingUpdate.partition', rolling?.partition],
      ['ordinals.start', spec.ordinals?.start],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        problems.push({
          message: `${field} must be an integer of 0 or more, got ${JSON.stringify(value)}`,
          fix: `set ${field} to 0 or more`,
        });
      }
    }
    return [...problems, ...statefulSetMaxUnavailableProblems(rolling?.maxUnavailable, context.kubernetesVersion)];
  },
};

/**
 * The release whose API server keeps a StatefulSet's rollingUpdate.maxUnavailable (MaxUnavailableStatefulSet on by
 * default): earlier ones drop the field, whatever its value (1.27 took 0, "0%", -1 and "abc" and stored none).
 */
export const STATEFUL_SET_MAX_UNAVAILABLE_SINCE = '1.37';

/** A StatefulSet's maxUnavailable: a count or a percentage above 0 where the release keeps it, a warning where it drops it. */
function statefulSetMaxUnavailableProblems(value: unknown, release: string): Problem[] {
  if (value === undefined || value === null) {
    return [];
  }
  const where = `updateStrategy.rollingUpdate.maxUnavailable ${JSON.stringify(value)}`;
  if (compareReleases(release, STATEFUL_SET_MAX_UNAVAILABLE_SINCE) < 0) {
    return [
      {
        message: `${where} is dropped by the API server of Kubernetes ${release} (MaxUnavailableStatefulSet is off by default before ${STATEFUL_SET_MAX_UNAVAILABLE_SINCE}): the StatefulSet updates one pod at a time`,
        fix: `leave maxUnavailable out, or run Kubernetes ${STATEFUL_SET_MAX_UNAVAILABLE_SINCE} or later`,
        warning: true,
      },
    ];
  }
  const count = podCountValue(value);
  if (count === 0) {
    return [
      {
        message: `updateStrategy.rollingUpdate.maxUnavailable is ${JSON.stringify(value)}, which the API server refuses (cannot be 0): no pod could be taken down to be updated`,
        fix: 'let 1 or more pods (or a percentage above 0%) be unavailable, or leave maxUnavailable out (1)',
      },
    ];
  }
  return count === undefined
    ? [
        {
          message: `${where} is not an integer of 1 or more or a percentage from 1% to 100%`,
          fix: 'set maxUnavailable to a count such as 2 or a percentage such as "50%"',
        },
      ]
    : [];
}

/**
 * A DaemonSet's rolling update as the API server validates it (with its defaults, maxUnavailable 1 and maxSurge 0):
 * each bound a count or a percentage up to 100%, and exactly one of them above 0, since a DaemonSet either starts the
 * new pod beside the old one or takes the old one down first.
 */
function daemonSetRollingUpdateProblems(rolling: Readonly<Record<string, unknown>> | undefined | null): Problem[] {
  if (rolling === undefined || rolling === null) {
    return [];
  }
  const problems: Problem[] = [];
  for (const field of ['maxUnavailable', 'maxSurge']) {
    if (rolling[field] !== undefined && podCountValue(rolling[field]) === undefined) {
      problems.push({
        message: `updateStrategy.rollingUpdate.${field} ${JSON.stringify(rolling[field])} is not an integer of 0 or more or a percentage from 0% to 100%`,
        fix: `set ${field} to a count such as 1 or a percentage such as "10%"`,
      });
    }
  }
  const unavailable = podCountValue(rolling.maxUnavailable ?? 1);
  const surge = podCountValue(rolling.maxSurge ?? 0);
  if (unavailable === 0 && surge === 0) {
    problems.push({
      message: 'updateStrategy.rollingUpdate maxUnavailable and maxSurge are both 0, which the API server refuses',
      fix: 'let one of them be 1 or more, e.g. maxUnavailable: 1',
    });
  }
  if (unavailable !== undefined && surge !== undefined && unavailable > 0 && surge > 0) {
    const given = (field: string, fallback: number) =>
      rolling[field] === undefined ? `${fallback} (the default)` : JSON.stringify(rolling[field]);
    problems.push({
      message:
        `updateStrategy.rollingUpdate maxUnavailable ${given('maxUnavailable', 1)} and maxSurge ${given('maxSurge', 0)} ` +
        'are both above 0, which the API server refuses (a DaemonSet either surges or takes pods down, not both)',
      fix: 'set maxUnavailable: 0 to surge, or leave maxSurge out to replace pods in place',
    });
  }
  return problems;
}

/** The kinds an autoscaler scales: those that keep spec.replicas. */
const SCALABLE = kindsWith('replicas');

export const autoscaler: Rule = {
  id: 'autoscaler',
  description:
    'a HorizontalPodAutoscaler names the workload it scales, has 1 <= minReplicas <= maxReplicas (0 from 1.37 beside an Object or External metric), metrics the API server takes (the source their type names and no other, the target numbers each source requires, quantities above 0, utilizations of 1 or more, the names of the resource, container, metric and object) and scaling behavior it takes (windows up to an hour, a list of policies not empty, each of a value above 0 over 1-1800 s, a tolerance of 0 or more); the workload it scales sets no spec.replicas',
  kinds: ['HorizontalPodAutoscaler', ...SCALABLE],
  check(object, context) {
    const spec = specOf(object);
    if (object.manifest.kind !== 'HorizontalPodAutoscaler') {
      const scaler = autoscalerOf(object, context.index);
      return scaler === undefined || spec.replicas === undefined
        ? []
        : [
            {
              message: `sets spec.replicas ${JSON.stringify(spec.replicas)} but HorizontalPodAutoscaler ${String(scaler.manifest.metadata.name)} scales it, so every apply resets what the autoscaler set`,
              fix: 'leave spec.replicas out (give the workload `autoscaling` instead of `replicas`)',
            },
          ];
    }
    const problems: Problem[] = [];
    const min = spec.minReplicas ?? 1;
    const release = context.kubernetesVersion;
    const floor = compareReleases(release, SCALE_TO_ZERO_SINCE) >= 0 ? 0 : 1;
    if (!Number.isInteger(min) || min < floor) {
      problems.push({
        message: `minReplicas ${JSON.stringify(min)} is not an integer of ${floor} or more`,
        fix: 'set minReplicas to 1 or more',
      });
    } else if (min === 0 && !scalesOnObjects(spec.metrics)) {
      problems.push({
        message: `minReplicas 0 scales the workload to no pods, which the API server of ${release} takes only beside an Object or External metric (the pods' own metrics cannot be read when none runs)`,
        fix: "set minReplicas to 1, or scale on an Object or External metric too (e.g. a queue's length)",
      });
    } else if (spec.maxReplicas !== undefined && spec.maxReplicas < min) {
      // A maxReplicas that is missing or no int32 is the schema check's: the object the rules read has none.
      problems.push({
        message: `maxReplicas ${JSON.stringify(spec.maxReplicas)} is below minReplicas ${min}`,
        fix: `set maxReplicas to ${min} or more`,
      });
    }
    const target = spec.scaleTargetRef ?? {};
    for (const field of ['kind', 'name']) {
      const value: unknown = target[field];
      if (typeof value !== 'string' || value === '') {
        problems.push({
          message: `scaleTargetRef.${field} is empty; the API server requires the ${field} of the workload it scales`,
          fix: 'pass the workload to scale (a Deployment, StatefulSet or ReplicaSet)',
        });
      } else if (/[/%]/.test(value) || value === '.' || value === '..') {
        problems.push({
          message: `scaleTargetRef.${field} ${JSON.stringify(value)} may not contain "/" or "%" (nor be "." or ".."); the API server refuses it`,
          fix: `write the ${field} of the workload to scale alone, e.g. ${field === 'kind' ? 'Deployment' : 'web'}`,
        });
      }
    }
    for (const direction of ['scaleUp', 'scaleDown']) {
      problems.push(...scalingRulesProblems(spec.behavior?.[direction], `behavior.${direction}`));
    }
    ((spec.metrics ?? []) as Json[]).forEach((metric, index) => problems.push(...metricProblems(metric, index)));
    return problems;
  },
};

/** The longest stabilization window (an hour) and policy period (half an hour) the API server takes, in seconds. */
const MAX_STABILIZATION_SECONDS = 3600;
const MAX_POLICY_PERIOD_SECONDS = 1800;

/** What the API server refuses in one direction of an autoscaler's behavior (its policies' types are enum-values'). */
function scalingRulesProblems(rules: Json, where: string): Problem[] {
  if (rules === undefined || rules === null) {
    return [];
  }
  const problems: Problem[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && !(Number.isInteger(window) && window >= 0 && window <= MAX_STABILIZATION_SECONDS)) {
    problems.push({
      message: `${where}.stabilizationWindowSeconds ${JSON.stringify(window)} is not from 0 to ${MAX_STABILIZATION_SECONDS} (an hour)`,
      fix: 'look back at most an hour, e.g. 300 (the default for scaling down)',
    });
  }
  // Left out or null, the API server fills in its default policies; an empty list it takes as given, and refuses.
  if (Array.isArray(rules.policies) && rules.policies.length === 0) {
    problems.push({
      message: `${where}.policies is empty; the API server requires at least one policy in a list given`,
      fix: 'leave policies out for the default ones, or list one, e.g. { type: Pods, value: 1, periodSeconds: 60 }; to stop scaling this way, set selectPolicy: Disabled',
    });
  }
  const tolerance = parseQuantity(rules.tolerance);
  if (tolerance !== undefined && tolerance < 0) {
    problems.push({
      message: `${where}.tolerance ${JSON.stringify(rules.tolerance)} is below 0, which the API server refuses`,
      fix: 'give a fraction of 0 or more, e.g. "0.1" (the default): the autoscaler ignores a change of the metric smaller than it',
    });
  }
  ((rules.policies ?? []) as Json[]).forEach((policy, index) => {
    if (!(Number.isInteger(policy?.value) && policy.value > 0)) {
      problems.push({
        message: `${where}.policies[${index}].value ${JSON.stringify(policy?.value ?? null)} is not an integer above 0`,
        fix: 'change by at least one pod or one percent per period, or set selectPolicy: Disabled to stop scaling this way',
      });
    }
    const period = policy?.periodSeconds;
    if (!(Number.isInteger(period) && period > 0 && period <= MAX_POLICY_PERIOD_SECONDS)) {
      problems.push({
        message: `${where}.policies[${index}].periodSeconds ${JSON.stringify(period ?? null)} is not from 1 to ${MAX_POLICY_PERIOD_SECONDS} (half an hour)`,
        fix: 'measure the change over at most half an hour, e.g. 60',
      });
    }
  });
  return problems;
}

export const WORKLOAD_RULES: readonly Rule[] = [
  annotationKey,
  selectorOverlap,
  httpProbe,
  scheduling,
  deploymentStrategy,
  updateStrategy,
  autoscaler,
];
