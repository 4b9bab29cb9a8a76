import {
  DNS_LABEL,
  DNS_SUBDOMAIN,
  NODE_PORT_RANGE,
  cronScheduleProblem,
  isLabelKey,
  isLabelValue,
  isStrictSubnet,
  timeZoneProblem,
} from '../constructs/validation';
import { podCountValue } from '../constructs/deployment';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { cidrProblem, plainCidr } from './ip-address';
import { compareReleases } from '../config/kubernetes-version';
import { kindInfo, kindsWith, podTemplateIn, podTemplatePath } from '../kinds/kinds';
import { podTemplateOf } from './object-index';
import { unmetRequirement } from './references';
import { POD_NAME_LABEL, UNKNOWN_VALUE, podLabelSets, templateHashLabel } from './controller-labels';
import { Rule, namespaceOf, specOf } from './rule';
import { DefaultedResources, containerDefaultsIn } from './limit-range-defaults';
import { customResourceProblems } from './crd-schema';
import { SEALED_SECRET_SCHEMA, SEALED_SECRET_SCHEMA_SOURCE } from './sealed-secret-schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const QUANTITY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const POD_KINDS = kindsWith('podTemplate');
const SELECTING_WORKLOADS = kindsWith((info) => info.workload === 'long-running');

/** The value of a Kubernetes quantity, or undefined when it does not parse (or is no string or number). */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    // String() would read ["1Gi"] as "1Gi", which the API server refuses.
    return undefined;
  }
  const text = String(value);
  const match = QUANTITY.exec(text);
  if (match === null) {
    return undefined;
  }
  const suffix = match[3] ?? '';
  const number = parseFloat(text.slice(0, text.length - suffix.length));
  return /^[eE]/.test(suffix) ? number * 10 ** parseInt(suffix.slice(1), 10) : number * QUANTITY_SUFFIX[suffix];
}

function allContainers(spec: Json): Json[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function repeated(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.size === seen.add(value).size))];
}

/**
 * The first release known to take a Service name (and an Ingress backend's) that starts with a digit, a DNS-1123
 * label; earlier ones refuse it as not a DNS-1035 label (1.27 does, 1.37 does not: the e2e suite holds both).
 */
export const RELAXED_SERVICE_NAMES = '1.37';

/** A Service name of `release`: a DNS-1035 label (starting with a letter) before RELAXED_SERVICE_NAMES. */
export function serviceNameProblem(name: string, release: string): string | undefined {
  const label = name.length <= 63 && DNS_LABEL.test(name);
  if (!label) {
    return 'a DNS-1123 label (at most 63 lower-case letters, digits or "-")';
  }
  return compareReleases(release, RELAXED_SERVICE_NAMES) < 0 && !DNS_1035_LABEL.test(name)
    ? `a DNS-1035 label, starting with a letter (Kubernetes before ${RELAXED_SERVICE_NAMES} refuses a digit first, and this environment runs ${release})`
    : undefined;
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameProblem(object: RenderedObject, release: string): string | undefined {
  const info = kindInfo(object.manifest.kind);
  const name = String(object.manifest.metadata.name ?? '');
  if (object.manifest.kind === 'Service') {
    return serviceNameProblem(name, release);
  }
  if (info?.nameRule === 'path-segment') {
    return name === '' || name === '.' || name === '..' || /[/%]/.test(name)
      ? 'a name without "/" or "%" (and not "." or "..")'
      : undefined;
  }
  if (info?.nameRule === 'dns-label') {
    return name.length <= 63 && DNS_LABEL.test(name)
      ? undefined
      : 'a DNS-1123 label (at most 63 lower-case letters, digits or "-")';
  }
  if (info !== undefined && info.maxNameLength < 253 && name.length > info.maxNameLength) {
    const why = info.kind === 'CronJob' ? ' (the controller appends 11 to name its Jobs)' : '';
    return `at most ${info.maxNameLength} characters${why}`;
  }
  return name.length <= 253 && DNS_SUBDOMAIN.test(name)
    ? undefined
    : 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")';
}

export const objectName: Rule = {
  id: 'object-name',
  description:
    "metadata.name is a valid name for its kind (DNS-1123 label or subdomain; a Service's a DNS-1035 label before 1.37)",
  check(object, context) {
    const allowed = nameProblem(object, context.kubernetesVersion);
    return allowed === undefined
      ? []
      : [
          {
            message: `name ${JSON.stringify(object.manifest.metadata.name)} must be ${allowed}`,
            fix: 'rename the object (the construct id or its `name` prop)',
          },
        ];
  },
};

/** Whether a value of unknown type is a label value. */
function isLabelValueOf(value: unknown): boolean {
  return typeof value === 'string' && isLabelValue(value);
}

function labelProblems(where: string, labels: Json): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries<Json>(labels ?? {})) {
    if (!isLabelKey(key)) {
      problems.push({
        message: `${where} key "${key}" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
        fix: 'rename the label key',
      });
    }
    if (!isLabelValueOf(value)) {
      problems.push({
        message: `${where} "${key}" has value ${JSON.stringify(value)}, which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)`,
        fix: 'shorten or clean the value; put free text in an annotation instead',
      });
    }
  }
  return problems;
}

/** The kinds whose selector is a map of labels, not a LabelSelector. */
const MAP_SELECTOR_KINDS = ['Service', 'ReplicationController'];

export const labelSyntax: Rule = {
  id: 'label-syntax',
  description:
    "label keys and values (of objects, pod templates, ephemeral volumes' claim templates and ResourceClaimTemplates' claims), and selectors, have Kubernetes label syntax",
  check(object) {
    const spec = specOf(object);
    const template = podTemplateOf(object);
    const kind = object.manifest.kind;
    return [
      ...labelProblems('label', object.manifest.metadata.labels),
      ...(template === undefined || object.manifest.kind === 'Pod'
        ? []
        : labelProblems('pod template label', template.labels)),
      ...labelProblems('selector', MAP_SELECTOR_KINDS.includes(kind) ? spec.selector : spec.selector?.matchLabels),
      ...((template?.spec?.volumes ?? []) as Json[]).flatMap((volume) =>
        labelProblems(
          `ephemeral volume "${volume?.name}" claim template label`,
          volume?.ephemeral?.volumeClaimTemplate?.metadata?.labels,
        ),
      ),
      ...(kind === 'ResourceClaimTemplate' ? labelProblems('claim template label', spec.metadata?.labels) : []),
    ];
  },
};

function portProblem(where: string, port: unknown, min = 1, max = 65535): Problem[] {
  if (port === undefined || typeof port === 'string') {
    return [];
  }
  return Number.isInteger(port) && (port as number) >= min && (port as number) <= max
    ? []
    : [
        {
          message: `${where} ${JSON.stringify(port)} is outside ${min}-${max}`,
          fix: `use a port from ${min} to ${max}`,
        },
      ];
}

function probePorts(container: Json): unknown[] {
  return [container.readinessProbe, container.livenessProbe, container.startupProbe].map(
    (probe) => probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port,
  );
}

/** The port of each lifecycle hook of a container that has an httpGet or tcpSocket handler, with the hook's name. */
function hookPorts(container: Json): [hook: string, port: unknown][] {
  return (['postStart', 'preStop'] as const)
    .map((hook): [string, unknown] => {
      const handler = container.lifecycle?.[hook];
      return [hook, handler?.httpGet?.port ?? handler?.tcpSocket?.port];
    })
    .filter(([, port]) => port !== undefined);
}

/** The ports of every ingress and egress rule of a NetworkPolicy spec. */
function networkPolicyPorts(spec: Json): Json[] {
  return [...(spec.ingress ?? []), ...(spec.egress ?? [])].flatMap((rule: Json) => rule.ports ?? []);
}

export const portRange: Rule = {
  id: 'port-range',
  description:
    'container, probe, lifecycle hook, Service and NetworkPolicy ports are 1-65535 (a NetworkPolicy range ends at or above its numeric port); node ports are in the service-node-port-range',
  kinds: [...POD_KINDS, 'Service', 'NetworkPolicy'],
  check(object) {
    const spec = specOf(object);
    const template = podTemplateOf(object);
    const problems: Problem[] = [];
    for (const container of template === undefined ? [] : allContainers(template.spec)) {
      for (const port of container.ports ?? []) {
        problems.push(...portProblem(`containerPort of container "${container.name}"`, port.containerPort));
        // A hostPort of 0 is none: both API servers take it.
        if (port.hostPort !== 0) {
          problems.push(...portProblem(`hostPort of container "${container.name}"`, port.hostPort));
        }
      }
      for (const port of probePorts(container)) {
        problems.push(...portProblem(`probe port of container "${container.name}"`, port));
      }
      for (const [hook, port] of hookPorts(container)) {
        problems.push(...portProblem(`${hook} hook port of container "${container.name}"`, port));
      }
    }
    if (object.manifest.kind === 'NetworkPolicy') {
      for (const port of networkPolicyPorts(spec)) {
        problems.push(...portProblem('NetworkPolicy port', port.port), ...endPortProblems(port));
      }
    }
    if (object.manifest.kind === 'Service') {
      for (const port of spec.ports ?? []) {
        // A targetPort of 0 is none: both API servers read it as the port.
        problems.push(...portProblem('port', port.port));
        problems.push(...(port.targetPort === 0 ? [] : portProblem('targetPort', port.targetPort)));
        problems.push(...portProblem('nodePort', port.nodePort, NODE_PORT_RANGE.min, NODE_PORT_RANGE.max));
      }
    }
    return problems;
  },
};

function quantityProblems(where: string, value: unknown): Problem[] {
  if (value === undefined) {
    return [];
  }
  const parsed = parseQuantity(value);
  if (parsed === undefined) {
    return [
      {
        message: `${where} ${JSON.stringify(value)} is not a quantity`,
        fix: 'write a quantity such as "250m", "1", "128Mi" or "1Gi"',
      },
    ];
  }
  return parsed < 0
    ? [{ message: `${where} ${JSON.stringify(value)} is negative`, fix: 'write a quantity of 0 or more' }]
    : [];
}

/** A size that must be more than 0: a claim's request, a volume's capacity. */
function sizeProblems(where: string, value: unknown): Problem[] {
  const problems = quantityProblems(where, value);
  const parsed = parseQuantity(value);
  if (problems.length === 0 && value !== undefined && parsed !== undefined && parsed <= 0) {
    problems.push({
      message: `${where} ${JSON.stringify(value)} must be more than 0`,
      fix: 'ask for the size the pods need',
    });
  }
  return problems;
}

/** Whether a resource is an extended one (a device plugin's, e.g. nvidia.com/gpu): a domain outside kubernetes.io. */
function isExtendedResource(name: string): boolean {
  const slash = name.indexOf('/');
  return slash > 0 && !/(^|\.)kubernetes\.io$/.test(name.slice(0, slash));
}

/**
 * An extended resource is counted in whole devices and never overcommitted: a whole number, and a request only with a
 * limit equal to it (the API server's rules).
 */
function extendedResourceProblems(
  where: string,
  requests: Json,
  limits: Json,
  defaults: DefaultedResources,
): Problem[] {
  const problems: Problem[] = [];
  const names = [...new Set([...Object.keys(requests), ...Object.keys(limits)])].filter(isExtendedResource);
  for (const name of names) {
    for (const [list, values] of [
      ['requests', requests],
      ['limits', limits],
    ] as const) {
      const value = parseQuantity(values[name]);
      // Within rounding: 7000m parses as 7.000000000000001.
      if (value !== undefined && Math.abs(value - Math.round(value)) > 1e-9) {
        problems.push({
          message: `${where} ${list}.${name} ${JSON.stringify(values[name])} is not a whole number; an extended resource is counted in whole devices`,
          fix: 'ask for a whole number of devices, e.g. 1',
        });
      }
    }
    if (requests[name] !== undefined && limits[name] === undefined) {
      if (defaults.limits.has(name)) {
        continue; // a LimitRange gives the limit: limit-range-pods compares the two
      }
      problems.push({
        message: `${where} requests ${name} without a limit, which the API server refuses for an extended resource`,
        fix: `set limits.${name} equal to the request (a limit alone is enough: the request follows it)`,
      });
    } else if (requests[name] !== undefined && parseQuantity(requests[name]) !== parseQuantity(limits[name])) {
      problems.push({
        message: `${where} requests ${name} ${String(requests[name])}, not its limit ${String(limits[name])}; an extended resource cannot be overcommitted`,
        fix: 'make the request equal to the limit',
      });
    }
  }
  return problems;
}

function resourceProblems(container: Json, defaults: DefaultedResources): Problem[] {
  const where = `container "${container.name}"`;
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const problems: Problem[] = extendedResourceProblems(where, requests, limits, defaults);
  for (const [resource, value] of Object.entries(requests)) {
    problems.push(...quantityProblems(`${where} requests.${resource}`, value));
  }
  for (const [resource, value] of Object.entries(limits)) {
    problems.push(...quantityProblems(`${where} limits.${resource}`, value));
    const request = parseQuantity(requests[resource]);
    const limit = parseQuantity(value);
    if (request !== undefined && limit !== undefined && request > limit) {
      problems.push({
        message: `${where} requests ${resource} ${requests[resource]}, more than its limit ${String(value)}`,
        fix: 'raise the limit or lower the request',
      });
    }
  }
  return problems;
}

export const quantityRule: Rule = {
  id: 'quantity',
  description:
    'resource requests and limits, storage sizes and emptyDir limits parse as quantities; requests are within limits; ' +
    'extended resources (e.g. nvidia.com/gpu) are whole numbers, limited, and requested at their limit',
  kinds: [...POD_KINDS, 'PersistentVolumeClaim', 'PersistentVolume'],
  check(object, context) {
    const spec = specOf(object);
    const template = podTemplateOf(object);
    const problems: Problem[] = [];
    if (template !== undefined) {
      const defaults = containerDefaultsIn(context.index, namespaceOf(object));
      problems.push(...allContainers(template.spec).flatMap((container) => resourceProblems(container, defaults)));
      for (const volume of template.spec.volumes ?? []) {
        problems.push(...quantityProblems(`emptyDir sizeLimit of volume "${volume.name}"`, volume.emptyDir?.sizeLimit));
      }
    }
    switch (object.manifest.kind) {
      case 'PersistentVolumeClaim':
        problems.push(...sizeProblems('requested storage', spec.resources?.requests?.storage));
        break;
      case 'PersistentVolume':
        problems.push(...sizeProblems('capacity', spec.capacity?.storage));
        break;
      case 'StatefulSet':
        for (const claim of spec.volumeClaimTemplates ?? []) {
          problems.push(
            ...sizeProblems(
              `storage of volumeClaimTemplate "${claim.metadata?.name}"`,
              claim.spec?.resources?.requests?.storage,
            ),
          );
        }
        break;
    }
    return problems;
  },
};

export const cronSchedule: Rule = {
  id: 'cron-schedule',
  description:
    "a CronJob's schedule is five cron fields or a macro that the CronJob controller reads, and its timeZone one it loads",
  kinds: ['CronJob'],
  check(object) {
    const spec = specOf(object);
    const problems: Problem[] = [];
    const problem = cronScheduleProblem(String(spec.schedule ?? ''));
    if (problem !== undefined) {
      problems.push({
        message: `schedule ${problem}`,
        fix: 'write a standard cron schedule, e.g. Cron.schedule({ minute: "*/5" })',
      });
    }
    const timeZone = spec.timeZone === undefined ? undefined : timeZoneProblem(String(spec.timeZone));
    if (timeZone !== undefined) {
      problems.push({
        message: `timeZone ${timeZone}`,
        fix: 'write a name of the tz database (https://www.iana.org/time-zones), with its case, or leave timeZone out',
      });
    }
    return problems;
  },
};

export const uniqueNames: Rule = {
  id: 'unique-names',
  description:
    "a pod's containers, volumes, and each container's ports, env variables and mount paths have unique names; containers running together do not share a port number or name (a warning), nor bind one hostPort twice",
  kinds: POD_KINDS,
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) {
      return [];
    }
    const containers = allContainers(template.spec);
    const lists: Array<[string, string[]]> = [
      ['container name', containers.map((container) => container.name)],
      ['volume name', (template.spec.volumes ?? []).map((volume: Json) => volume.name)],
      ...containers.flatMap((container): Array<[string, string[]]> => [
        [
          `port name of container "${container.name}"`,
          (container.ports ?? []).flatMap((port: Json) => (port.name === undefined ? [] : [port.name])),
        ],
        [
          `port number of container "${container.name}"`,
          (container.ports ?? []).map((port: Json) => `${port.containerPort}/${port.protocol ?? 'TCP'}`),
        ],
        [`env name of container "${container.name}"`, (container.env ?? []).map((variable: Json) => variable.name)],
        [
          `mountPath of container "${container.name}"`,
          (container.volumeMounts ?? []).map((mount: Json) => mount.mountPath),
        ],
      ]),
    ];
    return [
      ...lists.flatMap(([what, values]) =>
        repeated(values).map((value) => ({
          message: `${what} "${value}" appears more than once`,
          fix: 'give each a name (or path) of its own',
        })),
      ),
      ...sharedPortProblems(template.spec),
      ...hostPortProblems(template.spec),
    ];
  },
};

/**
 * A hostPort (of one protocol and host IP) that the containers of a pod bind twice, which both API servers refuse
 * ('hostPort: Duplicate value: "TCP//8080"'); hostPort 0 is none, and init containers are not counted.
 */
function hostPortProblems(spec: Json): Problem[] {
  const bound = new Map<string, string>();
  const problems: Problem[] = [];
  for (const container of (spec.containers ?? []) as Json[]) {
    for (const port of (container?.ports ?? []) as Json[]) {
      if (!Number.isInteger(port?.hostPort) || port.hostPort === 0) {
        continue;
      }
      const protocol = port.protocol ?? 'TCP';
      const key = `${protocol}/${port.hostIP ?? ''}/${port.hostPort}`;
      const other = bound.get(key);
      if (other === undefined) {
        bound.set(key, container.name);
        continue;
      }
      problems.push({
        message: `hostPort ${port.hostPort}/${protocol}${port.hostIP ? ` on ${port.hostIP}` : ''} is bound ${other === container.name ? `twice by container "${other}"` : `by containers "${other}" and "${container.name}"`} (containerPort ${port.containerPort}); a node port is bound once per pod`,
        fix: 'give each a hostPort of its own, or bind them to different hostIPs',
      });
    }
  }
  return problems;
}

/**
 * A port number (per protocol) or name that two containers running together declare: they share the pod's network,
 * so one of them cannot listen on the number, and a Service or NetworkPolicy resolves the name to one of them. A
 * warning, since the API server takes both; init containers that run to completion first are left out.
 */
function sharedPortProblems(spec: Json): Problem[] {
  const running: Json[] = [
    ...(spec.initContainers ?? []).filter((container: Json) => container.restartPolicy === 'Always'),
    ...(spec.containers ?? []),
  ];
  const numbers = new Map<string, string>();
  const names = new Map<string, string>();
  const problems: Problem[] = [];
  for (const container of running) {
    const own = (container.ports ?? []) as Json[];
    for (const key of new Set(own.map((port) => `${port.containerPort}/${port.protocol ?? 'TCP'}`))) {
      const other = numbers.get(key);
      if (other === undefined) {
        numbers.set(key, container.name);
      } else {
        problems.push({
          message: `port ${key} is declared by containers "${other}" and "${container.name}", which share the pod's network, so only one of them can listen on it`,
          fix: 'give one of them another port',
          warning: true,
        });
      }
    }
    for (const name of new Set(own.flatMap((port) => (port.name === undefined ? [] : [String(port.name)])))) {
      const other = names.get(name);
      if (other === undefined) {
        names.set(name, container.name);
      } else {
        problems.push({
          message: `port name "${name}" is declared by containers "${other}" and "${container.name}"; a Service or NetworkPolicy that names it reaches one of them only`,
          fix: "give each container's port a name of its own",
          warning: true,
        });
      }
    }
  }
  return problems;
}

/** A label selector of no requirement (a missing one is the schema's finding; a ReplicationController's is a map). */
function isEmptySelector(selector: Json): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

export const selectorLabels: Rule = {
  id: 'selector-labels',
  description: "a workload's selector labels equal its pod template's labels",
  kinds: SELECTING_WORKLOADS,
  check(object, context) {
    const selector = specOf(object).selector;
    if (isEmptySelector(selector) && object.manifest.apiVersion.startsWith('apps/')) {
      return [
        {
          message: `spec.selector is empty (no matchLabels, no matchExpressions), which would select every pod of the namespace; the API server refuses an empty selector for a ${object.manifest.kind}`,
          fix: 'select the labels of the pod template (spec.template.metadata.labels) in spec.selector.matchLabels',
        },
      ];
    }
    const labels: Record<string, string> = podTemplateOf(object)?.labels ?? {};
    // A ReplicationController's selector is a map, which the API server fills in from the template's labels when empty.
    const controller = object.manifest.kind === 'ReplicationController';
    if (controller && Object.keys(selector ?? {}).length === 0 && Object.keys(labels).length === 0) {
      return [
        {
          message:
            'spec.selector and the pod template labels are both empty; the API server refuses a ReplicationController that selects no labels',
          fix: 'label the pod template (spec.template.metadata.labels); the selector defaults to those labels',
        },
      ];
    }
    const matchLabels: Record<string, string> = (controller ? selector : selector?.matchLabels) ?? {};
    const problems: Problem[] = Object.entries(matchLabels)
      .filter(([name, value]) => labels[name] !== value)
      .map(([name, value]) => ({
        message: `selector ${name}=${value} does not match the pod template, whose ${name} is ${JSON.stringify(labels[name] ?? null)}`,
        fix: 'make the selector and the pod template carry the same label values',
      }));
    const expressions = controller ? undefined : selector?.matchExpressions;
    if (problems.length === 0 && Array.isArray(expressions) && expressions.length > 0) {
      const unmet = unmetRequirement({ matchExpressions: expressions }, labels);
      if (typeof unmet === 'string') {
        problems.push({
          message: `selector requirement ${unmet} does not match the pod template's labels (${describeLabels(labels)}), which the API server refuses: the workload would not select its own pods`,
          fix: "change the matchExpressions so that the pod template's labels meet them, or label the template",
        });
      }
    }
    if (problems.length === 0) {
      problems.push(...templateHashSelectorProblems(object.manifest.kind, selector, labels));
    }
    if (problems.length === 0 && object.manifest.kind === 'StatefulSet') {
      problems.push(...podNameSelectorProblems(object, selector, context.kubernetesVersion));
    }
    return problems;
  },
};

/** What the controller of each kind does when the pods it makes fail its selector (seen on both clusters). */
const HASH_SELECTOR_OUTCOMES: Readonly<Record<string, string>> = {
  StatefulSet:
    'makes its first pod, which it does not count as its own, and no other (0 replicas ready on the 1.27 and 1.37 clusters, pod 0 left running)',
  DaemonSet: 'makes pods without end (a new pod every second or so on the 1.27 and 1.37 clusters)',
};

/**
 * A workload's selector that the pods (a Deployment: the ReplicaSets) its controller makes fail, once it sets the label
 * of the template's hash on them (`templateHashLabel`, over the template's own value); the API server takes it.
 */
function templateHashSelectorProblems(
  kind: string,
  selector: Json,
  labels: Readonly<Record<string, string>>,
): Problem[] {
  const label = templateHashLabel(kind);
  if (label === undefined || selector === null || typeof selector !== 'object') {
    return [];
  }
  const unmet = unmetRequirement(selector, { ...labels, [label]: UNKNOWN_VALUE });
  if (typeof unmet !== 'string' || !unmet.startsWith(label)) {
    return [];
  }
  if (kind === 'Deployment') {
    return [
      {
        message: `the selector names ${label}, which the Deployment controller adds to the selector and pod template of each ReplicaSet it makes, with the hash of the template: the ReplicaSet no longer matches the Deployment's selector, so the controller lets it go and makes another, without end (90 ReplicaSets, each with its pod, in 25 seconds on the 1.27 and 1.37 clusters); the API server takes it`,
        fix: `remove ${label} from the selector (and from the template's labels): the controller adds it to each ReplicaSet itself`,
      },
    ];
  }
  return [
    {
      message: `the selector names ${label}, which the ${kind} controller sets on each pod it makes, with the hash of the template: no pod it makes matches the selector, so it ${HASH_SELECTOR_OUTCOMES[kind]}; the API server takes it`,
      fix: `remove ${label} from the selector (and from the template's labels): the controller adds it to each pod itself`,
    },
  ];
}

/**
 * A StatefulSet's selector of the pod-name label that a pod the set makes fails: the controller sets the label to
 * each pod's own name (`<set>-<ordinal>`, over the template's own), and a pod the selector fails is the set's last.
 */
function podNameSelectorProblems(statefulSet: RenderedObject, selector: Json, release: string): Problem[] {
  const template = podTemplateOf(statefulSet);
  const keys = new Set(Object.keys(selector?.matchLabels ?? {}));
  if (template === undefined || !keys.has(POD_NAME_LABEL)) {
    return [];
  }
  const missed = podLabelSets(template, release, keys).find(
    (labels) => unmetRequirement(selector, labels) !== undefined,
  );
  if (missed === undefined) {
    return [];
  }
  const pod = missed[POD_NAME_LABEL] === UNKNOWN_VALUE ? 'its pods' : missed[POD_NAME_LABEL];
  return [
    {
      message: `the selector names ${POD_NAME_LABEL}, which the StatefulSet controller sets on each pod to the pod's own name (${String(statefulSet.manifest.metadata.name)}-<ordinal>, over the template's own): ${pod} would not match the selector: the set would make it, not count it as its own, and make no pod after it; the API server takes it`,
      fix: `select the set's pods by labels all of them carry: remove ${POD_NAME_LABEL} from the selector (and from the template's labels)`,
    },
  ];
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'none' : entries.map(([name, value]) => `${name}=${value}`).join(', ');
}

export const plaintextSecret: Rule = {
  id: 'plaintext-secret',
  description: 'no Secret carries a value in plain text: secret values reach git only sealed',
  kinds: ['Secret'],
  check(object) {
    const manifest = object.manifest as Json;
    const keys = ['data', 'stringData'].flatMap((field) =>
      Object.entries<string>(manifest[field] ?? {})
        .filter(([, value]) => value !== '')
        .map(([key]) => `${field}.${key}`),
    );
    return keys.length === 0
      ? []
      : [
          {
            message: `holds ${keys.join(', ')} in plain text, which would be committed to git`,
            fix: 'use a SealedSecret (`npm run seal`) for the values',
          },
        ];
  },
};

/** The Service of each backend of an Ingress (its default backend and each path's) that names one. */
function ingressBackendServices(spec: Json): Json[] {
  const backends: Json[] = [
    spec.defaultBackend,
    ...((spec.rules ?? []) as Json[]).flatMap((rule) => (rule?.http?.paths ?? []).map((path: Json) => path?.backend)),
  ];
  return backends.flatMap((backend) =>
    backend?.service === undefined || backend.service === null ? [] : [backend.service],
  );
}

/** An IANA service name, as a container port's name must be. */
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function ianaPortNameProblem(where: string, name: unknown): Problem[] {
  const valid =
    typeof name === 'string' &&
    name.length <= 15 &&
    IANA_SVC_NAME.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--');
  return valid
    ? []
    : [
        {
          message: `port name ${JSON.stringify(name)} ${where} must be at most 15 lower-case letters, digits or single "-", with a letter`,
          fix: 'rename the port (and the probes, Services and NetworkPolicies that name it)',
        },
      ];
}

export const portName: Rule = {
  id: 'port-name',
  description:
    "container, lifecycle hook, NetworkPolicy, Service targetPort and Ingress backend port names are IANA service names (at most 15 characters); a Service's own are DNS-1123 labels",
  kinds: [...POD_KINDS, 'Service', 'NetworkPolicy', 'Ingress'],
  check(object) {
    if (object.manifest.kind === 'NetworkPolicy') {
      return networkPolicyPorts(specOf(object)).flatMap((port) =>
        typeof port.port === 'string' ? ianaPortNameProblem('of a NetworkPolicy rule', port.port) : [],
      );
    }
    if (object.manifest.kind === 'Ingress') {
      return ingressBackendServices(specOf(object)).flatMap((service) =>
        typeof service.port?.name === 'string' && service.port.name !== ''
          ? ianaPortNameProblem(`of the backend Service ${JSON.stringify(service.name)}`, service.port.name)
          : [],
      );
    }
    if (object.manifest.kind === 'Service') {
      const targets = (specOf(object).ports ?? []).flatMap((port: Json) =>
        typeof port.targetPort === 'string' && port.targetPort !== ''
          ? ianaPortNameProblem(`of the targetPort of port ${port.port}`, port.targetPort)
          : [],
      );
      // A name of "" is none, as the API server reads it (service-ports wants one where there are several ports).
      return (specOf(object).ports ?? [])
        .flatMap((port: Json) =>
          port.name === undefined ||
          port.name === '' ||
          (typeof port.name === 'string' && port.name.length <= 63 && DNS_LABEL.test(port.name))
            ? []
            : [
                {
                  message: `port name ${JSON.stringify(port.name)} of port ${port.port} must be a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
                  fix: 'rename the port (and the Ingress backends that name it)',
                },
              ],
        )
        .concat(targets);
    }
    const template = podTemplateOf(object);
    return template === undefined
      ? []
      : allContainers(template.spec).flatMap((container) => [
          // A name of "" is none, as the API server reads it.
          ...(container.ports ?? []).flatMap((port: Json) =>
            port.name === undefined || port.name === ''
              ? []
              : ianaPortNameProblem(`of container "${container.name}"`, port.name),
          ),
          // A probe's named port is probe-port's: a name the container does not give.
          ...hookPorts(container).flatMap(([hook, port]) =>
            typeof port === 'string'
              ? ianaPortNameProblem(`of the ${hook} hook of container "${container.name}"`, port)
              : [],
          ),
        ]);
  },
};

/**
 * A count field of a spec and the least value the constructs allow; where the API server takes less, the least it
 * takes and what such a value does, which is then only a warning (both servers take a Job of 0 completions,
 * parallelism or activeDeadlineSeconds).
 */
type Count = readonly [field: string, min: number, taken?: readonly [least: number, effect: string]];

const COUNTS: Readonly<Record<string, readonly Count[]>> = {
  Deployment: [
    ['replicas', 0],
    ['revisionHistoryLimit', 0],
    ['minReadySeconds', 0],
  ],
  ReplicaSet: [
    ['replicas', 0],
    ['minReadySeconds', 0],
  ],
  StatefulSet: [
    ['replicas', 0],
    ['revisionHistoryLimit', 0],
    ['minReadySeconds', 0],
  ],
  DaemonSet: [
    ['revisionHistoryLimit', 0],
    ['minReadySeconds', 0],
  ],
  Job: [
    ['completions', 1, [0, 'the Job succeeds at once, without running a pod']],
    [
      'parallelism',
      1,
      [0, 'the Job runs no pod until parallelism is raised (suspend: true is the way to pause a Job)'],
    ],
    ['backoffLimit', 0],
    ['ttlSecondsAfterFinished', 0],
    ['activeDeadlineSeconds', 1, [0, 'the Job fails at once, its deadline passed']],
  ],
  ReplicationController: [
    ['replicas', 0],
    ['minReadySeconds', 0],
  ],
  Lease: [
    ['leaseDurationSeconds', 1],
    ['leaseTransitions', 0],
  ],
  CronJob: [
    ['successfulJobsHistoryLimit', 0],
    ['failedJobsHistoryLimit', 0],
    ['startingDeadlineSeconds', 0],
  ],
};

function countProblems(spec: Json, counts: readonly Count[], prefix = ''): Problem[] {
  return counts.flatMap(([field, min, taken]): Problem[] => {
    const value = spec[field];
    if (value === undefined || (Number.isInteger(value) && value >= min)) {
      return [];
    }
    if (taken !== undefined && Number.isInteger(value) && value >= taken[0]) {
      return [
        {
          message: `${prefix}${field} is ${value}: ${taken[1]}`,
          fix: `set ${field} to an integer of ${min} or more`,
          warning: true,
        },
      ];
    }
    return [
      {
        message: `${prefix}${field} must be an integer of ${min} or more, got ${JSON.stringify(value)}`,
        fix: `set ${field} to an integer of ${min} or more`,
      },
    ];
  });
}

/** The most parallelism an Indexed Job may have (the API server's limit; completions may be more). */
const MAX_INDEXED_PARALLELISM = 100_000;

function jobProblems(spec: Json, prefix: string): Problem[] {
  const problems = countProblems(spec, COUNTS.Job, prefix);
  const { completions, parallelism } = spec;
  // Without either, the API server sets both to 1; with parallelism alone, completions stays unset.
  if (spec.completionMode === 'Indexed' && completions === undefined && parallelism !== undefined) {
    problems.push({
      message: `${prefix}completionMode is Indexed and parallelism is set, but completions is not; an Indexed Job needs its count of indexes`,
      fix: 'set completions to the number of indexes',
    });
  }
  if (spec.completionMode === 'Indexed' && Number.isInteger(parallelism) && parallelism > MAX_INDEXED_PARALLELISM) {
    problems.push({
      message: `${prefix}parallelism ${parallelism} is more than an Indexed Job takes (${MAX_INDEXED_PARALLELISM})`,
      fix: `run at most ${MAX_INDEXED_PARALLELISM} pods at once`,
    });
  }
  // Both servers take it (the controller runs no more pods than completions), so only a warning.
  if (Number.isInteger(completions) && Number.isInteger(parallelism) && parallelism > completions) {
    problems.push({
      message: `${prefix}parallelism ${parallelism} is more than completions ${completions}; no more than ${completions} pods can run`,
      fix: 'lower parallelism to completions or less',
      warning: true,
    });
  }
  return problems;
}

/** The progress deadline the API server gives a Deployment that sets none. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** A Deployment's progress deadline must exceed minReadySeconds (the API server checks it after defaulting). */
function deploymentProblems(spec: Json): Problem[] {
  const problems = countProblems(spec, COUNTS.Deployment);
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined && !Number.isInteger(deadline)) {
    problems.push({
      message: `progressDeadlineSeconds must be an integer, got ${JSON.stringify(deadline)}`,
      fix: 'set progressDeadlineSeconds to a number of seconds, or leave it out (600)',
    });
    return problems;
  }
  const minReady = Number.isInteger(spec.minReadySeconds) ? spec.minReadySeconds : 0;
  const effective = deadline ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  if (effective <= minReady) {
    problems.push({
      message:
        `progressDeadlineSeconds ${effective}${deadline === undefined ? ' (the default)' : ''} is not more than ` +
        `minReadySeconds ${minReady}, which the API server refuses`,
      fix: `set progressDeadlineSeconds above ${minReady}, or lower minReadySeconds`,
    });
  }
  return problems;
}

function budgetProblems(spec: Json): Problem[] {
  const problems: Problem[] = [];
  const fields: Count[] = [
    ['maxUnavailable', 1, [0, 'no pod may be evicted, so a node drain waits on this budget until it is changed']],
    ['minAvailable', 0],
  ];
  for (const [field, min, taken] of fields) {
    const value = spec[field];
    const valid =
      value === undefined ||
      // A percentage as apimachinery reads it: digits, leading zeros too ("050%"), of at most 100.
      (typeof value === 'string' && podCountValue(value) !== undefined) ||
      (Number.isInteger(value) && value >= min);
    if (valid) {
      continue;
    }
    const fix = `set ${field} to a number of pods (${min} or more) or a percentage`;
    if (taken !== undefined && Number.isInteger(value) && value >= taken[0]) {
      // Both servers take it (as they take "0%").
      problems.push({ message: `${field} is ${value}: ${taken[1]}`, fix, warning: true });
    } else {
      problems.push({
        message: `${field} must be an integer of ${min} or more or a percentage from 0% to 100%, got ${JSON.stringify(value)}`,
        fix,
      });
    }
  }
  if (spec.maxUnavailable !== undefined && spec.minAvailable !== undefined) {
    problems.push({
      message: 'sets both minAvailable and maxUnavailable, which the API server refuses',
      fix: 'keep one of them',
    });
  }
  return problems;
}

/** The most seconds a pod's activeDeadlineSeconds takes (the API server's limit, 2^31 - 1). */
const MAX_POD_DEADLINE_SECONDS = 2 ** 31 - 1;

/**
 * A pod's activeDeadlineSeconds: 1 to 2^31 - 1 seconds, and none at all in the pod template of a workload whose pods
 * run for good (both API servers: "activeDeadlineSeconds in ReplicaSet is not Supported"). A Job's own deadline, of
 * the Job, is COUNTS' (0 is taken there); one of the wrong type is the schema's.
 */
function podDeadlineProblems(object: RenderedObject): Problem[] {
  const deadline: unknown = podTemplateOf(object)?.spec.activeDeadlineSeconds;
  if (deadline === undefined || deadline === null) {
    return [];
  }
  const kind = object.manifest.kind;
  const path = podTemplatePath(kind) ?? [];
  const at = path.length === 0 ? '' : `${path.slice(path[0] === 'spec' ? 1 : 0).join('.')}.spec: `;
  if (kindInfo(kind)?.workload === 'long-running') {
    return [
      {
        message: `${at}the pod's activeDeadlineSeconds is ${JSON.stringify(deadline)}, which the API server refuses in a ${kind} (not Supported): its pods run for good`,
        fix: "remove activeDeadlineSeconds from the pod template (a Job's or a bare Pod's may have one)",
      },
    ];
  }
  return Number.isInteger(deadline) && ((deadline as number) < 1 || (deadline as number) > MAX_POD_DEADLINE_SECONDS)
    ? [
        {
          message: `${at}the pod's activeDeadlineSeconds must be an integer from 1 to ${MAX_POD_DEADLINE_SECONDS}, got ${deadline}`,
          fix: 'give the pod 1 second or more to run, or leave activeDeadlineSeconds out',
        },
      ]
    : [];
}

export const counts: Rule = {
  id: 'counts',
  description:
    "replicas, history limits, minReadySeconds (below a Deployment's progress deadline), Job completions, parallelism (at most 100000 when Indexed, which needs completions beside it) and backoffLimit, PodDisruptionBudget values, a Lease's duration (1 or more) and transitions, and a pod's activeDeadlineSeconds (1 to 2^31 - 1, none in a Deployment's, ReplicaSet's, StatefulSet's or DaemonSet's pods) are integers in range",
  kinds: [...new Set([...Object.keys(COUNTS), 'PodDisruptionBudget', ...POD_KINDS])],
  check(object) {
    return [...kindCountProblems(object), ...podDeadlineProblems(object)];
  },
};

/** The counts of an object's own spec (its pods' are podDeadlineProblems'). */
function kindCountProblems(object: RenderedObject): Problem[] {
  const spec = specOf(object);
  switch (object.manifest.kind) {
    case 'PodDisruptionBudget':
      return budgetProblems(spec);
    case 'Deployment':
      return deploymentProblems(spec);
    case 'Job':
      return jobProblems(spec, '');
    case 'CronJob':
      return [
        ...countProblems(spec, COUNTS.CronJob),
        ...jobProblems(spec.jobTemplate?.spec ?? {}, 'jobTemplate.spec.'),
      ];
    default:
      return countProblems(spec, COUNTS[object.manifest.kind] ?? []);
  }
}

/** Calls `visit` with each peer of a NetworkPolicy's ingress (`from`) and egress (`to`) rules, and where it is. */
function visitPeers(spec: Json, visit: (peer: Json, where: () => string) => void): void {
  for (const [direction, peers] of PEER_FIELDS) {
    const rules: Json[] = spec[direction] ?? [];
    for (let index = 0; index < rules.length; index++) {
      const list: Json[] = rules[index]?.[peers] ?? [];
      for (let at = 0; at < list.length; at++) {
        visit(list[at], () => `${direction}[${index}].${peers}[${at}]`);
      }
    }
  }
}

const PEER_FIELDS = [
  ['ingress', 'from'],
  ['egress', 'to'],
] as const;

function ipBlockProblems(where: () => string, block: Json, release: string, problems: Problem[]): void {
  const example = 'write an address and a prefix length, e.g. "10.0.0.0/8" (or "10.0.0.5/32" for one address)';
  const blockProblem = (field: string, value: unknown): boolean => {
    const wrong = cidrProblem(value, release);
    if (wrong?.problem === 'is not an address block in CIDR notation') {
      problems.push({ message: `ipBlock ${JSON.stringify(value)} ${wrong.problem}`, fix: example });
    } else if (wrong !== undefined) {
      problems.push({
        message: `${where()} ipBlock.${field} ${JSON.stringify(value)} ${wrong.problem}`,
        fix: wrong.suggestion === undefined ? example : `write "${wrong.suggestion}"`,
      });
    }
    return wrong === undefined;
  };
  const cidrValid = blockProblem('cidr', block.cidr);
  for (const item of (block.except ?? []) as unknown[]) {
    if (blockProblem('except', item) && cidrValid && !isStrictSubnet(plainCidr(String(item)), plainCidr(block.cidr))) {
      problems.push({
        message: `${where()} ipBlock except "${item}" is not inside cidr "${block.cidr}" and smaller than it, which the API server refuses`,
        fix: `except only blocks within ${block.cidr}, or widen the cidr`,
      });
    }
  }
}

function peerProblems(peer: Json, where: () => string, release: string, problems: Problem[]): void {
  const pods = peer?.podSelector !== undefined;
  const namespaces = peer?.namespaceSelector !== undefined;
  if (peer?.ipBlock !== undefined) {
    if (!pods && !namespaces) {
      ipBlockProblems(where, peer.ipBlock, release, problems);
    } else {
      problems.push({
        message: `${where()} has an ipBlock and a ${[pods ? 'podSelector' : '', namespaces ? 'namespaceSelector' : ''].filter((field) => field !== '').join(' and a ')}; the API server takes an ipBlock alone`,
        fix: 'make them two peers of the rule',
      });
    }
  } else if (!pods && !namespaces) {
    problems.push({
      message: `${where()} is an empty peer, which the API server refuses`,
      fix: 'select pods or namespaces, or give an ipBlock; leave `from`/`to` out to allow every peer',
    });
  }
}

function endPortProblems(port: Json): Problem[] {
  if (port?.endPort === undefined) {
    return [];
  }
  if (typeof port.port !== 'number') {
    return [
      {
        message: `endPort ${port.endPort} is set with ${port.port === undefined ? 'no port' : `the named port ${JSON.stringify(port.port)}`}; a range needs a port number to start from`,
        fix: 'set `port` to the first number of the range, or remove endPort',
      },
    ];
  }
  return Number.isInteger(port.endPort) && port.endPort >= port.port
    ? []
    : [
        {
          message: `endPort ${JSON.stringify(port.endPort)} is below port ${port.port}, which the API server refuses`,
          fix: `set endPort to ${port.port} or more`,
        },
      ];
}

export const ipBlock: Rule = {
  id: 'ip-block',
  description:
    "a NetworkPolicy's peers are what the API server takes: an ipBlock alone, of address blocks in CIDR notation (from 1.36 without leading 0s, IPv4-mapped addresses or bits beyond the prefix) whose except entries lie strictly inside its cidr, or pod and namespace selectors, never an empty peer; at most two policyTypes",
  kinds: ['NetworkPolicy'],
  check(object, context) {
    const spec = specOf(object);
    const problems: Problem[] = [];
    visitPeers(spec, (peer, where) => peerProblems(peer, where, context.kubernetesVersion, problems));
    const types: unknown = spec.policyTypes;
    if (Array.isArray(types) && types.length > 2) {
      problems.push({
        message: `policyTypes ${JSON.stringify(types)} has ${types.length} entries; the API server takes at most two`,
        fix: 'list Ingress, Egress or both, each once',
      });
    }
    return problems;
  },
};

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/**
 * Collects the fields whose value is not one of a fixed set. `where` names the field for the message; it is a
 * function where it is built from indexes and names, so that the text is only made for a field with a problem (the
 * rule sees every field of every object of every synthesis).
 */
class EnumChecker {
  public readonly problems: Problem[] = [];

  public field(where: string | (() => string), value: unknown, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value as string)) {
      return;
    }
    this.problems.push(notOneOf(typeof where === 'string' ? where : where(), value, allowed)!);
  }
}

/**
 * The finding of a field whose value is not one of `allowed` (a missing value is not either), its fix naming the
 * right case where only the case differs; undefined when the value is allowed. Every rule that checks a fixed set of
 * values reports through it.
 */
export function notOneOf(where: string, value: unknown, allowed: readonly string[]): Problem | undefined {
  if (typeof value === 'string' && allowed.includes(value)) {
    return undefined;
  }
  const sameLetters = allowed.find((candidate) => candidate.toLowerCase() === String(value).toLowerCase());
  return {
    message: `${where} ${JSON.stringify(value ?? null)} is not one of ${allowed.join(', ')}`,
    fix:
      sameLetters === undefined
        ? `use one of ${allowed.join(', ')}`
        : `write "${sameLetters}" (the API server minds the case)`,
  };
}

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined'];
/**
 * The release from which pods and containers have securityContext.appArmorProfile (1.27's API has no such field,
 * which the schema check reports).
 */
export const APPARMOR_FIELD_SINCE = '1.30';
/** AppArmor profile types, of the field releases from APPARMOR_FIELD_SINCE have. */
const APPARMOR_TYPES = SECCOMP_TYPES;
const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
/**
 * The releases from which the API server reads these pod fields (their feature gates on by default); a release that
 * serves one with its gate off drops it, and 1.27 has none of them (the schema check's finding). 1.37 refuses a value
 * of none of each list (dry runs).
 */
export const SUPPLEMENTAL_GROUPS_POLICY_SINCE = '1.33';
export const SELINUX_CHANGE_POLICY_SINCE = '1.33';
export const RECURSIVE_READ_ONLY_SINCE = '1.31';
export const CONTAINER_RESTART_RULES_SINCE = '1.35';
const SUPPLEMENTAL_GROUPS_POLICIES = ['Merge', 'Strict'];
const SELINUX_CHANGE_POLICIES = ['MountOption', 'Recursive'];
const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];
const RESTART_RULE_ACTIONS = ['Restart', 'RestartAllContainers'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const UPDATE_STRATEGIES = ['RollingUpdate', 'OnDelete'];
const RETENTION = ['Retain', 'Delete'];
const VOLUME_MODES = ['Filesystem', 'Block'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_POLICIES = ['Honor', 'Ignore'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROC_MOUNTS = ['Default', 'Unmasked'];
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const VOLUME_RECLAIM_POLICIES = ['Retain', 'Delete', 'Recycle'];
const DEPLOYMENT_STRATEGIES = ['Recreate', 'RollingUpdate'];
const POD_MANAGEMENT_POLICIES = ['OrderedReady', 'Parallel'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const EVICTION_POLICIES = ['IfHealthyBudget', 'AlwaysAllow'];
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const SCALING_POLICY_TYPES = ['Pods', 'Percent'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const OPERATING_SYSTEMS = ['linux', 'windows'];
const FAILURE_POLICIES = ['Ignore', 'Fail'];
const MATCH_POLICIES = ['Exact', 'Equivalent'];
/** admissionregistration.k8s.io/v1 takes these two only (Some and Unknown were v1beta1's). */
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const REINVOCATION_POLICIES = ['Never', 'IfNeeded'];
const WEBHOOK_OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const WEBHOOK_SCOPES = ['*', 'Cluster', 'Namespaced'];
const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];
const FS_GROUP_POLICIES = ['None', 'File', 'ReadWriteOnceWithFSType'];
const VOLUME_LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const PARAMETERS_SCOPES = ['Cluster', 'Namespace'];

/** hostPath.type: what must be at the path ("" checks nothing, as unset). */
const HOST_PATH_TYPES = [
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
];
/**
 * The first release whose API server checks a container's procMount (ProcMountType on by default): 1.27 drops any
 * value without a word, 1.37 refuses one other than Default or Unmasked.
 */
export const PROC_MOUNT_CHECKED_SINCE = '1.33';

/** The fixed-value fields of a pod spec (a workload's template or a Pod). */
function podEnumFields(object: RenderedObject, release: string, check: EnumChecker): void {
  const template = podTemplateOf(object);
  if (template === undefined) {
    return;
  }
  const spec: Json = template.spec ?? {};
  check.field('dnsPolicy', defaultedWhenEmpty(spec.dnsPolicy), DNS_POLICIES);
  check.field('preemptionPolicy', spec.preemptionPolicy, PREEMPTION_POLICIES);
  check.field('pod securityContext.seccompProfile.type', spec.securityContext?.seccompProfile?.type, SECCOMP_TYPES);
  const appArmor = compareReleases(release, APPARMOR_FIELD_SINCE) >= 0;
  if (appArmor) {
    check.field(
      'pod securityContext.appArmorProfile.type',
      spec.securityContext?.appArmorProfile?.type,
      APPARMOR_TYPES,
    );
  }
  check.field(
    'pod securityContext.fsGroupChangePolicy',
    spec.securityContext?.fsGroupChangePolicy,
    FS_GROUP_CHANGE_POLICIES,
  );
  if (compareReleases(release, SUPPLEMENTAL_GROUPS_POLICY_SINCE) >= 0) {
    check.field(
      'pod securityContext.supplementalGroupsPolicy',
      spec.securityContext?.supplementalGroupsPolicy,
      SUPPLEMENTAL_GROUPS_POLICIES,
    );
  }
  if (compareReleases(release, SELINUX_CHANGE_POLICY_SINCE) >= 0) {
    check.field(
      'pod securityContext.seLinuxChangePolicy',
      spec.securityContext?.seLinuxChangePolicy,
      SELINUX_CHANGE_POLICIES,
    );
  }
  const recursiveReadOnly = compareReleases(release, RECURSIVE_READ_ONLY_SINCE) >= 0;
  const restartRules = compareReleases(release, CONTAINER_RESTART_RULES_SINCE) >= 0;
  for (const volume of (spec.volumes ?? []) as Json[]) {
    const claim = volume?.ephemeral?.volumeClaimTemplate?.spec;
    if (claim !== undefined) {
      const of = () => `of the claim template of ephemeral volume "${volume.name}"`;
      for (const mode of (claim.accessModes ?? []) as unknown[]) {
        check.field(() => `access mode ${of()}`, mode, ACCESS_MODES);
      }
      check.field(() => `volumeMode ${of()}`, claim.volumeMode, VOLUME_MODES);
    }
    if (volume?.hostPath !== undefined) {
      check.field(
        () => `hostPath.type of volume "${volume?.name}"`,
        emptyAsUnset(volume.hostPath.type),
        HOST_PATH_TYPES,
      );
    }
  }
  check.field('os.name', spec.os?.name, OPERATING_SYSTEMS);
  tolerationEnumFields('tolerations', spec.tolerations, check);
  ((spec.topologySpreadConstraints ?? []) as Json[]).forEach((spread, index) => {
    const at = `topologySpreadConstraints[${index}]`;
    check.field(() => `${at}.whenUnsatisfiable`, spread?.whenUnsatisfiable, WHEN_UNSATISFIABLE);
    check.field(() => `${at}.nodeAffinityPolicy`, spread?.nodeAffinityPolicy, NODE_POLICIES);
    check.field(() => `${at}.nodeTaintsPolicy`, spread?.nodeTaintsPolicy, NODE_POLICIES);
  });
  const procMountChecked = compareReleases(release, PROC_MOUNT_CHECKED_SINCE) >= 0;
  for (const container of allContainers(spec)) {
    const of = () => `of container "${container.name}"`;
    check.field(() => `imagePullPolicy ${of()}`, defaultedWhenEmpty(container.imagePullPolicy), PULL_POLICIES);
    check.field(
      () => `terminationMessagePolicy ${of()}`,
      defaultedWhenEmpty(container.terminationMessagePolicy),
      TERMINATION_MESSAGE_POLICIES,
    );
    check.field(
      () => `securityContext.seccompProfile.type ${of()}`,
      container.securityContext?.seccompProfile?.type,
      SECCOMP_TYPES,
    );
    if (procMountChecked) {
      check.field(() => `securityContext.procMount ${of()}`, container.securityContext?.procMount, PROC_MOUNTS);
    }
    if (appArmor) {
      check.field(
        () => `securityContext.appArmorProfile.type ${of()}`,
        container.securityContext?.appArmorProfile?.type,
        APPARMOR_TYPES,
      );
    }
    for (const mount of (container.volumeMounts ?? []) as Json[]) {
      check.field(
        () => `mountPropagation of volume mount "${mount?.name}" at ${mount?.mountPath} ${of()}`,
        mount?.mountPropagation,
        MOUNT_PROPAGATIONS,
      );
      if (recursiveReadOnly) {
        check.field(
          () => `recursiveReadOnly of volume mount "${mount?.name}" at ${mount?.mountPath} ${of()}`,
          mount?.recursiveReadOnly,
          RECURSIVE_READ_ONLY,
        );
      }
    }
    if (restartRules) {
      ((container.restartPolicyRules ?? []) as Json[]).forEach((rule, index) => {
        check.field(() => `restartPolicyRules[${index}].action ${of()}`, rule?.action, RESTART_RULE_ACTIONS);
        check.field(
          () => `restartPolicyRules[${index}].exitCodes.operator ${of()}`,
          rule?.exitCodes?.operator,
          EXIT_CODE_OPERATORS,
        );
      });
    }
    for (const port of (container.ports ?? []) as Json[]) {
      check.field(() => `protocol of port ${port.containerPort} ${of()}`, defaultedWhenEmpty(port.protocol), PROTOCOLS);
    }
    for (const [handler, httpGet] of httpGetHandlers(container)) {
      check.field(() => `${handler}.httpGet.scheme ${of()}`, defaultedWhenEmpty(httpGet.scheme), HTTP_SCHEMES);
    }
  }
}

/** The httpGet handler of each probe and lifecycle hook of a container that has one, with where it is. */
function httpGetHandlers(container: Json): [handler: string, httpGet: Json][] {
  return [
    ...['readinessProbe', 'livenessProbe', 'startupProbe'].map((probe): [string, Json] => [
      probe,
      container[probe]?.httpGet,
    ]),
    ...['postStart', 'preStop'].map((hook): [string, Json] => [
      `lifecycle.${hook}`,
      container.lifecycle?.[hook]?.httpGet,
    ]),
  ].filter(([, httpGet]) => httpGet !== undefined && httpGet !== null);
}

/** The operator and effect of each toleration of a list (a pod's, a RuntimeClass's `scheduling`). */
function tolerationEnumFields(where: string, tolerations: unknown, check: EnumChecker): void {
  ((tolerations ?? []) as Json[]).forEach((toleration, index) => {
    check.field(() => `${where}[${index}].operator`, toleration?.operator, TOLERATION_OPERATORS);
    check.field(() => `${where}[${index}].effect`, emptyAsUnset(toleration?.effect), TAINT_EFFECTS);
  });
}

/** The fixed-value fields of each webhook of a Validating- or MutatingWebhookConfiguration, and of its rules. */
function webhookEnumFields(manifest: Json, check: EnumChecker): void {
  ((manifest.webhooks ?? []) as Json[]).forEach((webhook, index) => {
    const at = `webhooks[${index}]`;
    check.field(() => `${at}.failurePolicy`, webhook?.failurePolicy, FAILURE_POLICIES);
    check.field(() => `${at}.matchPolicy`, webhook?.matchPolicy, MATCH_POLICIES);
    check.field(() => `${at}.sideEffects`, webhook?.sideEffects, SIDE_EFFECTS);
    if (manifest.kind === 'MutatingWebhookConfiguration') {
      check.field(() => `${at}.reinvocationPolicy`, webhook?.reinvocationPolicy, REINVOCATION_POLICIES);
    }
    ((webhook?.rules ?? []) as Json[]).forEach((rule, position) => {
      ((rule?.operations ?? []) as unknown[]).forEach((operation, item) =>
        check.field(() => `${at}.rules[${position}].operations[${item}]`, operation, WEBHOOK_OPERATIONS),
      );
      check.field(() => `${at}.rules[${position}].scope`, rule?.scope, WEBHOOK_SCOPES);
    });
  });
}

/** The fixed-value fields of an admission policy's matchConstraints or a binding's matchResources, and of their rules. */
function matchResourcesEnumFields(where: string, match: Json, check: EnumChecker): void {
  check.field(() => `${where}.matchPolicy`, match?.matchPolicy, MATCH_POLICIES);
  for (const field of ['resourceRules', 'excludeResourceRules']) {
    ((match?.[field] ?? []) as Json[]).forEach((rule, index) =>
      check.field(() => `${where}.${field}[${index}].scope`, rule?.scope, WEBHOOK_SCOPES),
    );
  }
}

/**
 * An empty string in a field the API server defaults when it is empty (SetDefaults_*: a container's imagePullPolicy,
 * terminationMessagePolicy and port protocols, a pod's dnsPolicy, a Service's type, sessionAffinity,
 * externalTrafficPolicy and port protocols, Endpoints' port protocols): the server takes it as unset (gate-fuzz on the
 * raw kinds; both servers took each). Fields it does not default (internalTrafficPolicy, an EndpointSlice's protocols,
 * webhooks' policies, ...) it refuses empty.
 */
function defaultedWhenEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** An empty string where the API server reads it as unset (a toleration's effect: every effect). */
function emptyAsUnset(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** The metric types of an autoscaler, each with the field of its source. */
export const METRIC_SOURCES: Readonly<Record<string, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const METRIC_TYPES = Object.keys(METRIC_SOURCES);

/** The fixed-value fields of an autoscaler: its behavior's select policies and policy types, each metric's type and its target's type. */
function metricEnumFields(spec: Json, check: EnumChecker): void {
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[direction];
    check.field(() => `behavior.${direction}.selectPolicy`, rules?.selectPolicy, SELECT_POLICIES);
    ((rules?.policies ?? []) as Json[]).forEach((policy, index) =>
      check.field(() => `behavior.${direction}.policies[${index}].type`, policy?.type, SCALING_POLICY_TYPES),
    );
  }
  ((spec.metrics ?? []) as Json[]).forEach((metric, index) => {
    check.field(() => `metrics[${index}].type`, metric?.type, METRIC_TYPES);
    for (const source of Object.values(METRIC_SOURCES)) {
      if (metric?.[source]?.target !== undefined) {
        check.field(() => `metrics[${index}].${source}.target.type`, metric[source].target.type, TARGET_TYPES);
      }
    }
  });
}

/** The fixed-value fields of an object's own spec (its pods' are `podEnumFields`). */
function kindEnumFields(object: RenderedObject, check: EnumChecker): void {
  const spec = specOf(object);
  switch (object.manifest.kind) {
    case 'PriorityClass':
      // At the top of the object, not under spec.
      check.field('preemptionPolicy', (object.manifest as Json).preemptionPolicy, PREEMPTION_POLICIES);
      break;
    case 'Service':
      check.field('type', defaultedWhenEmpty(spec.type), SERVICE_TYPES);
      check.field('sessionAffinity', defaultedWhenEmpty(spec.sessionAffinity), SESSION_AFFINITIES);
      check.field('externalTrafficPolicy', defaultedWhenEmpty(spec.externalTrafficPolicy), TRAFFIC_POLICIES);
      check.field('internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES);
      check.field('ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES);
      for (const family of (spec.ipFamilies ?? []) as unknown[]) {
        check.field('ipFamilies item', family, IP_FAMILIES);
      }
      for (const port of (spec.ports ?? []) as Json[]) {
        check.field(() => `protocol of port ${port.port}`, defaultedWhenEmpty(port.protocol), PROTOCOLS);
      }
      return;
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      for (const mode of (spec.accessModes ?? []) as unknown[]) {
        check.field('access mode', mode, ACCESS_MODES);
      }
      check.field('volumeMode', spec.volumeMode, VOLUME_MODES);
      check.field('persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, VOLUME_RECLAIM_POLICIES);
      if (spec.hostPath !== undefined) {
        check.field('hostPath.type', emptyAsUnset(spec.hostPath.type), HOST_PATH_TYPES);
      }
      return;
    case 'Deployment':
      check.field('strategy.type', spec.strategy?.type, DEPLOYMENT_STRATEGIES);
      return;
    case 'StatefulSet':
      check.field('podManagementPolicy', spec.podManagementPolicy, POD_MANAGEMENT_POLICIES);
      check.field('updateStrategy.type', spec.updateStrategy?.type, UPDATE_STRATEGIES);
      check.field(
        'persistentVolumeClaimRetentionPolicy.whenDeleted',
        spec.persistentVolumeClaimRetentionPolicy?.whenDeleted,
        RETENTION,
      );
      check.field(
        'persistentVolumeClaimRetentionPolicy.whenScaled',
        spec.persistentVolumeClaimRetentionPolicy?.whenScaled,
        RETENTION,
      );
      for (const claim of (spec.volumeClaimTemplates ?? []) as Json[]) {
        const of = () => `of volumeClaimTemplate "${claim?.metadata?.name}"`;
        for (const mode of (claim?.spec?.accessModes ?? []) as unknown[]) {
          check.field(() => `access mode ${of()}`, mode, ACCESS_MODES);
        }
        check.field(() => `volumeMode ${of()}`, claim?.spec?.volumeMode, VOLUME_MODES);
      }
      return;
    case 'DaemonSet':
      check.field('updateStrategy.type', spec.updateStrategy?.type, UPDATE_STRATEGIES);
      return;
    case 'Job':
      check.field('completionMode', spec.completionMode, COMPLETION_MODES);
      return;
    case 'CronJob':
      check.field('concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY_POLICIES);
      check.field('jobTemplate.spec.completionMode', spec.jobTemplate?.spec?.completionMode, COMPLETION_MODES);
      return;
    case 'StorageClass':
      check.field('reclaimPolicy', (object.manifest as Json).reclaimPolicy, CLASS_RECLAIM_POLICIES);
      check.field('volumeBindingMode', (object.manifest as Json).volumeBindingMode, BINDING_MODES);
      return;
    case 'PodDisruptionBudget':
      check.field('unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES);
      return;
    case 'HorizontalPodAutoscaler':
      metricEnumFields(spec, check);
      return;
    case 'ValidatingWebhookConfiguration':
    case 'MutatingWebhookConfiguration':
      webhookEnumFields(object.manifest, check);
      return;
    case 'ValidatingAdmissionPolicy':
    case 'MutatingAdmissionPolicy':
      matchResourcesEnumFields('spec.matchConstraints', spec.matchConstraints, check);
      return;
    case 'ValidatingAdmissionPolicyBinding':
    case 'MutatingAdmissionPolicyBinding':
      matchResourcesEnumFields('spec.matchResources', spec.matchResources, check);
      return;
    case 'EndpointSlice':
      // Its fields are at the top of the object, not under spec.
      check.field('addressType', (object.manifest as Json).addressType, ADDRESS_TYPES);
      for (const port of ((object.manifest as Json).ports ?? []) as Json[]) {
        check.field(() => `protocol of port ${port?.port}`, port?.protocol, PROTOCOLS);
      }
      return;
    case 'Endpoints':
      for (const subset of ((object.manifest as Json).subsets ?? []) as Json[]) {
        for (const port of (subset?.ports ?? []) as Json[]) {
          check.field(() => `protocol of port ${port?.port}`, defaultedWhenEmpty(port?.protocol), PROTOCOLS);
        }
      }
      return;
    case 'CSIDriver':
      check.field('fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES);
      for (const mode of (spec.volumeLifecycleModes ?? []) as unknown[]) {
        check.field('volumeLifecycleModes item', mode, VOLUME_LIFECYCLE_MODES);
      }
      return;
    case 'IngressClass':
      check.field('parameters.scope', spec.parameters?.scope, PARAMETERS_SCOPES);
      return;
    case 'RuntimeClass':
      tolerationEnumFields('scheduling.tolerations', (object.manifest as Json).scheduling?.tolerations, check);
      return;
    case 'NetworkPolicy':
      for (const type of (spec.policyTypes ?? []) as unknown[]) {
        check.field('policyType', type, POLICY_TYPES);
      }
      for (const port of networkPolicyPorts(spec)) {
        check.field(() => `protocol of port ${port.port}`, port.protocol, PROTOCOLS);
      }
      return;
    default:
      return;
  }
}

export const enumValues: Rule = {
  id: 'enum-values',
  description:
    "fields with a fixed set of values (Service type and traffic policies, protocols, imagePullPolicy, dnsPolicy, tolerations, topology spreads, seccomp and AppArmor (from 1.30) types, mountPropagation, fsGroupChangePolicy, procMount (from 1.33), supplementalGroupsPolicy and seLinuxChangePolicy (from 1.33), a mount's recursiveReadOnly (from 1.31), a container's restart rules (from 1.35), hostPath types, update strategies, access and volume modes, reclaim, binding, concurrency and eviction policies, completion modes, policyTypes, autoscaler metric types, the preemptionPolicy of pods and PriorityClasses, a pod's os, the httpGet scheme of probes and lifecycle hooks, webhooks' policies, side effects, operations and scopes, admission policies' and bindings' matchPolicy and rule scopes, EndpointSlice address types and Endpoints protocols, CSIDriver fsGroupPolicy and lifecycle modes, an IngressClass's parameters scope) have one of them",
  kinds: [
    ...POD_KINDS,
    'Service',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'NetworkPolicy',
    'StorageClass',
    'PodDisruptionBudget',
    'HorizontalPodAutoscaler',
    'PriorityClass',
    'ValidatingWebhookConfiguration',
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'MutatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicyBinding',
    'EndpointSlice',
    'Endpoints',
    'CSIDriver',
    'IngressClass',
    'RuntimeClass',
  ],
  check(object, context) {
    const check = new EnumChecker();
    kindEnumFields(object, check);
    podEnumFields(object, context.kubernetesVersion, check);
    return check.problems;
  },
};

export const sealedSecret: Rule = {
  id: 'sealed-secret',
  description: "every key of a SealedSecret has a sealed value, and the SealedSecret resource's schema takes it",
  kinds: ['SealedSecret'],
  check(object, context) {
    const spec = specOf(object);
    const encryptedData = spec.encryptedData ?? {};
    const unsealed = Object.entries<unknown>(encryptedData)
      // A value of another type is the schema's finding, below.
      .filter(([, value]) => value === '' || value === null)
      .map(([key]) => ({
        message: `key "${key}" has no sealed value`,
        fix:
          'put the value in secrets/plain/<env>.json (git ignores the folder) or K8S_COURSE_SECRETS_<ENV>, then run ' +
          '`npm run seal -- --env <env>`',
      }));
    const schema = customResourceProblems(
      object.manifest,
      SEALED_SECRET_SCHEMA,
      SEALED_SECRET_SCHEMA_SOURCE,
      context.kubernetesVersion,
    );
    return schema.length === 0 ? unsealed : [...unsealed, ...schema];
  },
};

/** What a ConfigMap or Secret key may be (k8s.io/apimachinery IsConfigMapKey): a file name in a mounted volume. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Whether `key` is a key a ConfigMap or Secret may have, as the API server checks it there and where a pod reads one
 * (IsConfigMapKey): at most 253 letters, digits, "-", "_" or ".", not "." and not starting with "..".
 */
export function isConfigKey(key: unknown): boolean {
  return typeof key === 'string' && key.length <= 253 && CONFIG_KEY.test(key) && key !== '.' && !key.startsWith('..');
}

function configKeyProblem(field: string, key: string): Problem[] {
  if (isConfigKey(key)) {
    return [];
  }
  const cleaned = key.replace(/[^-._a-zA-Z0-9]+/g, '-').replace(/^[-.]+|-+$/g, '');
  const suggestion = isConfigKey(cleaned) ? cleaned : 'key';
  return [
    {
      message:
        `${field} has the key "${key}", which Kubernetes refuses: a key is at most 253 letters, digits, '-', '_' ` +
        `or '.' (not "." and not starting with ".."), because it becomes a file name when the object is mounted`,
      fix: `rename the key, e.g. "${suggestion.slice(0, 253)}"`,
    },
  ];
}

/** The maps of keys a ConfigMap, Secret or SealedSecret holds, by field path. */
function keyedMaps(manifest: Json): [string, Json][] {
  const fields: [string, Json][] =
    manifest.kind === 'SealedSecret'
      ? [['spec.encryptedData', manifest.spec?.encryptedData]]
      : [
          ['data', manifest.data],
          ['binaryData', manifest.binaryData],
          ['stringData', manifest.stringData],
        ];
  return fields.filter(([, map]) => map !== undefined && map !== null && typeof map === 'object');
}

export const configKeys: Rule = {
  id: 'config-keys',
  description: 'ConfigMap and Secret keys are what Kubernetes takes (letters, digits, "-", "_" and "."), each once',
  kinds: ['ConfigMap', 'Secret', 'SealedSecret'],
  check(object) {
    const maps = keyedMaps(object.manifest as Json);
    const problems = maps.flatMap(([field, map]) => Object.keys(map).flatMap((key) => configKeyProblem(field, key)));
    if (object.manifest.kind === 'ConfigMap') {
      const data = Object.keys((object.manifest as Json).data ?? {});
      const binary = new Set(Object.keys((object.manifest as Json).binaryData ?? {}));
      for (const key of data.filter((candidate) => binary.has(candidate))) {
        problems.push({
          message: `the key "${key}" is in both data and binaryData; Kubernetes refuses a key in both`,
          fix: 'keep it in one of them, or rename one',
        });
      }
    }
    return problems;
  },
};

/** The most bytes of annotations (keys and values) an object may carry. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** The most bytes of data a ConfigMap or Secret may hold. */
const MAX_DATA_BYTES = 1024 * 1024;
/** The annotation in which a client-side `kubectl apply` keeps the object it applied. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A UTF-16 string takes at most three bytes a unit in UTF-8: text shorter than a third of a limit is within it. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** The bytes of the keys and values of annotations, or 0 when they are far below `limit` (most objects). */
function annotationBytes(annotations: Json, limit: number): number {
  let units = 0;
  for (const key in annotations) {
    units += key.length + String(annotations[key]).length;
  }
  if (units * MAX_UTF8_BYTES_PER_UNIT <= limit) {
    return 0;
  }
  let total = 0;
  for (const key in annotations) {
    total += Buffer.byteLength(key) + Buffer.byteLength(String(annotations[key]));
  }
  return total;
}

/** The bytes of data a ConfigMap or Secret holds, as the API server counts them (values only; base64 decoded). */
function dataBytes(manifest: Json): number {
  let total = 0;
  for (const value of Object.values<unknown>(manifest.data ?? {})) {
    total +=
      manifest.kind === 'Secret' ? Buffer.from(String(value), 'base64').length : Buffer.byteLength(String(value));
  }
  for (const value of Object.values<unknown>(manifest.binaryData ?? {})) {
    total += Buffer.from(String(value), 'base64').length;
  }
  for (const value of Object.values<unknown>(manifest.stringData ?? {})) {
    total += Buffer.byteLength(String(value));
  }
  return total;
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;

function annotationSizeProblem(where: string, annotations: Json, problems: Problem[]): void {
  const bytes = annotations === undefined ? 0 : annotationBytes(annotations, MAX_ANNOTATIONS_BYTES);
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    problems.push({
      message: `${where} take ${kib(bytes)}; the API server takes at most 256 KiB of annotations`,
      fix: 'keep large data in a ConfigMap, not in annotations',
    });
  }
}

/**
 * The kinds whose objects hold data of any size, which the size of their JSON is measured for (with custom resources,
 * the kinds lib/kinds does not know): serializing every object would cost synthesis a twentieth of its time, and the
 * other kinds reach 256 KiB in practice only through annotations, which are measured on every object.
 */
const CARRIES_DATA = new Set(['ConfigMap', 'Secret', 'SealedSecret', 'CustomResourceDefinition']);

export const objectSize: Rule = {
  id: 'object-size',
  description:
    "annotations fit in 256 KiB, a ConfigMap's or Secret's data in 1 MiB, and an object that carries data (ConfigMap, Secret, SealedSecret, CustomResourceDefinition, a custom resource) in the 256 KiB annotation that `kubectl apply` keeps it in",
  check(object) {
    const manifest = object.manifest as Json;
    const problems: Problem[] = [];
    annotationSizeProblem('annotations', manifest.metadata?.annotations, problems);
    if (manifest.kind !== 'Pod' && podTemplateOf(object) !== undefined) {
      annotationSizeProblem('pod template annotations', podTemplateIn(manifest)?.metadata?.annotations, problems);
    }
    if (!CARRIES_DATA.has(manifest.kind) && kindInfo(manifest.kind) !== undefined) {
      return problems;
    }
    if (manifest.kind === 'ConfigMap' || manifest.kind === 'Secret') {
      const bytes = dataBytes(manifest);
      if (bytes > MAX_DATA_BYTES) {
        problems.push({
          message: `holds ${kib(bytes)} of data; the API server takes at most 1 MiB in a ${manifest.kind}`,
          fix: `split it into several ${manifest.kind}s, or keep the data in a volume or an image`,
        });
      }
    }
    const json = JSON.stringify(manifest);
    // The copy holds the annotations too, so they count at most twice the JSON's bytes.
    if (json.length * MAX_UTF8_BYTES_PER_UNIT * 2 + LAST_APPLIED.length <= MAX_ANNOTATIONS_BYTES) {
      return problems;
    }
    const applied = Buffer.byteLength(json) + annotationBytes(manifest.metadata?.annotations, 0);
    if (applied + Buffer.byteLength(LAST_APPLIED) > MAX_ANNOTATIONS_BYTES) {
      problems.push({
        message: `is ${kib(applied)} as JSON; \`kubectl apply\` keeps a copy in the annotation ${LAST_APPLIED}, and the API server refuses more than 256 KiB of annotations`,
        fix: 'make it smaller (split a large ConfigMap), or apply it only with --server-side, which keeps no such copy',
      });
    }
    return problems;
  },
};

export const VALUE_RULES: readonly Rule[] = [
  plaintextSecret,
  objectName,
  labelSyntax,
  portRange,
  quantityRule,
  cronSchedule,
  uniqueNames,
  selectorLabels,
  portName,
  counts,
  ipBlock,
  enumValues,
  sealedSecret,
  configKeys,
  objectSize,
];
