import { isDnsLabel, isLabelKey, isPathSegmentName } from '../constructs/validation';
import { Problem } from './finding';
import { CONTAINER_RESOURCES } from './pod-values';
import { isExtendedResourceName } from './quota-rules';
import { METRIC_SOURCES, parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The numbers the API server requires of each source's target (autoscaling validation's validate*Source): at least
 * one of `oneOf`, and only one of them when `exclusive`. It never compares them with the target's type: a Resource
 * target of type AverageValue that gives averageUtilization passes (the autoscaler reads the number it finds).
 */
const TARGET_NUMBERS: Readonly<Record<string, { readonly oneOf: readonly string[]; readonly exclusive: boolean }>> = {
  resource: { oneOf: ['averageUtilization', 'averageValue'], exclusive: true },
  containerResource: { oneOf: ['averageUtilization', 'averageValue'], exclusive: true },
  pods: { oneOf: ['averageValue'], exclusive: true },
  object: { oneOf: ['value', 'averageValue'], exclusive: false },
  external: { oneOf: ['value', 'averageValue'], exclusive: true },
};

/** The metric type of each source field, for messages ("an Object metric"). */
const TYPE_OF_SOURCE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(METRIC_SOURCES).map(([type, source]) => [source, type]),
);

const article = (word: string) => (/^[AEIOU]/.test(word) ? 'an' : 'a');

/**
 * A name the API server requires and reads as a path segment (a metric's name, a described object's kind and name);
 * one that is missing or not a string is the schema check's.
 */
function pathSegmentProblems(value: unknown, where: string, what: string): Problem[] {
  if (value === '') {
    return [
      {
        message: `${where} is empty; the API server requires the ${what}`,
        fix: `give the ${what}`,
      },
    ];
  }
  return typeof value === 'string' && !isPathSegmentName(value)
    ? [
        {
          message: `${where} ${JSON.stringify(value)} may not contain "/" or "%" (nor be "." or ".."); the API server refuses it`,
          fix: `write the ${what} without "/" or "%"`,
        },
      ]
    : [];
}

/** The numbers of a target as validateMetricTarget checks them, whatever the source: quantities above 0, a percentage of 1 or more. */
function targetValueProblems(target: Json, where: string): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['value', 'averageValue']) {
    const quantity = parseQuantity(target[field]);
    // A value that is no quantity at all is the schema check's.
    if (quantity !== undefined && !(quantity > 0)) {
      problems.push({
        message: `${where}.${field} ${JSON.stringify(target[field])} is not a quantity above 0`,
        fix: `aim at a quantity above 0, e.g. "100" or "500m"`,
      });
    }
  }
  const utilization = target.averageUtilization;
  if (utilization !== undefined && utilization !== null && !(Number.isInteger(utilization) && utilization >= 1)) {
    problems.push({
      message: `${where}.averageUtilization ${JSON.stringify(utilization)} is not an integer of 1 or more`,
      fix: 'aim at a percentage of the requests such as 80',
    });
  }
  return problems;
}

/** The numbers a source requires of its target: at least one of them, and for most sources not two. */
function targetNumberProblems(target: Json, source: string, where: string): Problem[] {
  const { oneOf, exclusive } = TARGET_NUMBERS[source];
  const given = oneOf.filter((field) => target[field] !== undefined && target[field] !== null);
  const type = TYPE_OF_SOURCE[source];
  const metric = `${article(type)} ${type} metric`;
  const resources = oneOf.includes('averageUtilization') ? '' : ' (a Utilization target is only for resources)';
  if (given.length === 0) {
    const wanted = oneOf.length === 1 ? `no ${oneOf[0]}` : `neither ${oneOf.join(' nor ')}`;
    return [
      {
        message: `${where} has ${wanted}; the API server requires ${oneOf.length === 1 ? 'it' : 'one'} of ${metric}${resources}`,
        fix:
          source === 'pods'
            ? 'aim at a quantity per pod: type: AverageValue, averageValue: "100"'
            : oneOf.includes('averageUtilization')
              ? 'aim at a percentage of the requests (type: Utilization, averageUtilization: 80) or a quantity per pod (type: AverageValue, averageValue: "500m")'
              : 'aim at a total (type: Value, value: "100") or a quantity per pod (type: AverageValue, averageValue: "10")',
      },
    ];
  }
  return exclusive && given.length > 1
    ? [
        {
          message: `${where} has both ${given.join(' and ')}; the API server takes only one of ${metric}`,
          fix: `keep the one the target's type (${JSON.stringify(target.type)}) names, and remove the other`,
        },
      ]
    : [];
}

/** The number an Object target's type names: the autoscaler reads that one alone (computeStatusForObjectMetric). */
const OBJECT_TARGET_NUMBERS: Readonly<Record<string, string>> = { Value: 'value', AverageValue: 'averageValue' };

/**
 * An Object target whose type names a number it does not give (type Value beside averageValue alone): the API server
 * takes it, as it requires only one of the two, and the autoscaler fails on it at every sync, as 1.27's and 1.37's
 * controllers read an Object target by its type. A warning, as the budget rules' are: the object is applied.
 */
function objectTargetTypeProblems(target: Json, where: string): Problem[] {
  const wanted = OBJECT_TARGET_NUMBERS[target.type];
  const other = wanted === 'value' ? 'averageValue' : 'value';
  const present = (field: string) => target[field] !== undefined && target[field] !== null;
  if (wanted === undefined || present(wanted) || !present(other)) {
    return [];
  }
  return [
    {
      warning: true,
      message: `${where} is of type ${target.type} but gives no ${wanted} (only ${other}): the API server takes it, and the autoscaler, which reads an Object target by its type, fails on it at run time ("invalid object metric source: neither a value target nor an average value target was set", ScalingActive False) and never scales`,
      fix:
        wanted === 'value'
          ? "give value: the total the object's metric should have, or make the type AverageValue to aim at averageValue per pod"
          : 'give averageValue: the quantity per pod, or make the type Value to aim at value, a total',
    },
  ];
}

/** What the API server requires of a source besides its target: the resource, the container, the metric, the object. */
function sourceNameProblems(spec: Json, source: string, where: string): Problem[] {
  switch (source) {
    case 'resource':
      return spec.name === '' ? [requiredName(`${where}.name`, 'resource to measure', 'name cpu or memory')] : [];
    case 'containerResource':
      return [
        ...(spec.name === ''
          ? [requiredName(`${where}.name`, 'resource to measure', 'name cpu or memory')]
          : containerResourceNameProblems(spec.name, `${where}.name`)),
        ...(spec.container === ''
          ? [requiredName(`${where}.container`, 'container to measure', "name one of the workload's containers")]
          : containerNameProblems(spec.container, `${where}.container`)),
      ];
    case 'object':
      return [
        ...pathSegmentProblems(spec.describedObject?.kind, `${where}.describedObject.kind`, 'kind of the object'),
        ...pathSegmentProblems(spec.describedObject?.name, `${where}.describedObject.name`, 'name of the object'),
        ...pathSegmentProblems(spec.metric?.name, `${where}.metric.name`, 'name of the metric'),
      ];
    default:
      return pathSegmentProblems(spec.metric?.name, `${where}.metric.name`, 'name of the metric');
  }
}

/** A ContainerResource's resource as core validation's ValidateContainerResourceName reads it. */
function containerResourceNameProblems(name: unknown, where: string): Problem[] {
  if (typeof name !== 'string') {
    return [];
  }
  const standard = CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-');
  const domain = name.includes('/') && (name.includes('kubernetes.io/') || isExtendedResourceName(name));
  return isLabelKey(name) && (standard || domain)
    ? []
    : [
        {
          message: `${where} ${JSON.stringify(name)} is not a resource of a container (${CONTAINER_RESOURCES.join(', ')}, hugepages-<size>, or an extended resource with a domain such as example.com/gpu)`,
          fix: 'measure cpu or memory',
        },
      ];
}

/** A ContainerResource's container: a DNS-1123 label, as every container's name is. */
function containerNameProblems(container: unknown, where: string): Problem[] {
  return typeof container !== 'string' || isDnsLabel(container)
    ? []
    : [
        {
          message: `${where} ${JSON.stringify(container)} is not a container name (a DNS-1123 label: lower-case letters, digits and "-")`,
          fix: "name one of the workload's containers",
        },
      ];
}

function requiredName(where: string, what: string, fix: string): Problem {
  return { message: `${where} is empty; the API server requires the ${what}`, fix };
}

/**
 * The release whose API server takes an autoscaler's minReplicas 0 (HPAScaleToZero on by default; alpha, off, to 1.36
 * in kube_features.go): 1.37 takes it beside an External metric, 1.27 refuses it.
 */
export const SCALE_TO_ZERO_SINCE = '1.37';

/** Whether an autoscaler scales on a metric of an object or outside the cluster, which it reads with no pod running. */
export function scalesOnObjects(metrics: unknown): boolean {
  // Without metrics, the API server defaults to a CPU utilization.
  return Array.isArray(metrics) && metrics.some((metric: Json) => ['Object', 'External'].includes(metric?.type));
}

/**
 * What the API server refuses of one metric of an autoscaler (autoscaling validation's validateMetricSpec and the
 * source and target validation under it): the source its type names, and no other; the numbers each source's target
 * requires; quantities above 0 and a percentage of 1 or more; the names it requires. A metric type or target type it
 * does not know is enum-values', a required field that is missing the schema check's. Besides, a warning of an Object
 * target the autoscaler cannot read (objectTargetTypeProblems).
 */
export function metricProblems(metric: Json, index: number): Problem[] {
  const source = METRIC_SOURCES[metric?.type];
  if (source === undefined) {
    return [];
  }
  const where = `metrics[${index}]`;
  const spec = metric[source];
  if (spec === undefined || spec === null) {
    return [
      {
        message: `${where} is of type ${metric.type} but has no ${source}`,
        fix: `describe the metric under ${source}, the field its type names`,
      },
    ];
  }
  const others = Object.values(METRIC_SOURCES).filter(
    (other) => other !== source && metric[other] !== undefined && metric[other] !== null,
  );
  const problems: Problem[] = others.map((other) => ({
    message: `${where} is of type ${metric.type} but also has ${other}; the API server takes only the source its type names`,
    fix: `remove ${other}, or make it a metric of its own (of type ${TYPE_OF_SOURCE[other]})`,
  }));
  problems.push(...sourceNameProblems(spec, source, `${where}.${source}`));
  const target = spec.target;
  if (target !== null && typeof target === 'object') {
    problems.push(...targetValueProblems(target, `${where}.${source}.target`));
    problems.push(...targetNumberProblems(target, source, `${where}.${source}.target`));
    if (source === 'object') {
      problems.push(...objectTargetTypeProblems(target, `${where}.${source}.target`));
    }
  }
  return problems;
}
