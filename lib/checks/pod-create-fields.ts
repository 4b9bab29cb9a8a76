import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { BUILT_IN_PRIORITY_VALUES, CheckContext } from './rule';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/*
 * Pod fields a manifest does not set, as both API servers (1.27 and 1.37) refuse them on create: ephemeralContainers,
 * which `kubectl debug` adds to a running pod ('cannot be set on create'; in a template 'not allowed in pod template'),
 * and the two the admission plugins fill in from the pod's classes: priority (Priority, from its PriorityClass) and
 * overhead (RuntimeClass, from its RuntimeClass); and a nodeName beside schedulingGates, which binds a pod its gates hold
 * back. A template that sets the last three is taken, and each pod of it refused.
 */

const TEMPLATE_REFUSED =
  'which the API server takes of the template and refuses of every pod of it, so its controller creates none (FailedCreate)';

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The priority the Priority admission plugin gives the pod, or undefined where it depends on a class not in the project. */
function admittedPriority(spec: Json, context: CheckContext): number | undefined {
  const name: unknown = spec.priorityClassName;
  const classes = context.index.ofKind('PriorityClass', undefined);
  if (typeof name === 'string' && name !== '') {
    if (name in BUILT_IN_PRIORITY_VALUES) {
      return BUILT_IN_PRIORITY_VALUES[name];
    }
    const found = classes.find((object) => object.manifest.metadata?.name === name);
    return found === undefined ? undefined : ((found.manifest as Json).value ?? 0);
  }
  const globalDefault = classes.find((object) => (object.manifest as Json).globalDefault === true);
  return globalDefault === undefined ? 0 : ((globalDefault.manifest as Json).value ?? 0);
}

function samePodFixed(a: Json, b: Json): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].every((key) => {
    const [left, right] = [parseQuantity(a?.[key]), parseQuantity(b?.[key])];
    return left === undefined || right === undefined ? String(a?.[key]) === String(b?.[key]) : left === right;
  });
}

/** The overhead problem of the pod, or undefined where its RuntimeClass is not in the project or charges the same. */
function overheadProblem(spec: Json, context: CheckContext, refused: string): Problem | undefined {
  const name: unknown = spec.runtimeClassName;
  if (typeof name !== 'string' || name === '') {
    return {
      message: `the pod sets overhead without a runtimeClassName, ${refused} ("Pod Overhead set without corresponding RuntimeClass defined Overhead")`,
      fix: "remove overhead: the RuntimeClass admission plugin sets it from the overhead of the pod's RuntimeClass",
    };
  }
  const runtimeClass = context.index.get('RuntimeClass', undefined, name);
  if (runtimeClass === undefined) {
    return undefined;
  }
  const podFixed = (runtimeClass.manifest as Json).overhead?.podFixed;
  if (podFixed !== undefined && podFixed !== null && samePodFixed(podFixed, spec.overhead)) {
    return undefined;
  }
  return {
    message: `the pod sets overhead ${JSON.stringify(spec.overhead)}, which RuntimeClass "${name}" does not charge (${podFixed ? JSON.stringify(podFixed) : 'no overhead'}), ${refused}`,
    fix: "remove overhead: the RuntimeClass admission plugin sets it from the overhead of the pod's RuntimeClass",
  };
}

export function podCreateFieldProblems(object: RenderedObject, spec: Json, context: CheckContext): Problem[] {
  const isPod = object.manifest.kind === 'Pod';
  const refused = isPod ? 'which the API server refuses' : TEMPLATE_REFUSED;
  const problems: Problem[] = [];
  if (Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length > 0) {
    problems.push({
      message: `the pod sets ephemeralContainers, which the API server refuses ${isPod ? 'on create' : 'in a pod template'}`,
      fix: 'remove ephemeralContainers: `kubectl debug` adds one to a running pod; run a helper as a container or sidecar instead',
    });
  }
  if (
    typeof spec.nodeName === 'string' &&
    spec.nodeName !== '' &&
    Array.isArray(spec.schedulingGates) &&
    spec.schedulingGates.length > 0
  ) {
    problems.push({
      message: `the pod sets nodeName "${spec.nodeName}" beside schedulingGates, ${refused} ("nodeName: cannot be set until all schedulingGates have been cleared")`,
      fix: 'pick the node with a nodeSelector on kubernetes.io/hostname instead of nodeName, or remove the schedulingGates',
    });
  }
  if (isSet(spec.priority)) {
    const admitted = admittedPriority(spec, context);
    if (admitted !== undefined && admitted !== spec.priority) {
      problems.push({
        message: `the pod sets priority ${JSON.stringify(spec.priority)}, not the ${admitted} its PriorityClass gives it, ${refused}`,
        fix: 'remove priority, and set priorityClassName to a PriorityClass of the value you want',
      });
    }
  }
  if (isSet(spec.overhead)) {
    problems.push(...[overheadProblem(spec, context, refused) ?? []].flat());
  }
  return problems;
}
