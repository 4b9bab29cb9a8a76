import { isDnsLabel, isLabelKey } from '../constructs/validation';
import { Problem } from './finding';
import { HUGEPAGES } from './pod-values';
import { isExtendedResourceName } from './quota-rules';
import { Rule } from './rule';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The resources of a container by a name without a domain (core's IsStandardContainerResourceName). */
const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function handlerProblems(handler: unknown): Problem[] {
  // A missing handler is the schema's finding.
  return handler === undefined || isDnsLabel(handler)
    ? []
    : [
        {
          message: `handler ${JSON.stringify(handler)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
          fix: 'name the handler as the nodes’ container runtime configures it (e.g. runsc for gVisor, kata for Kata Containers)',
        },
      ];
}

/**
 * The overhead a pod of the class is charged, judged as a container's limits are (core's validateOverhead): resources
 * of a container, 0 or more, whole units of an extended resource, huge pages only beside cpu or memory.
 */
function overheadProblems(podFixed: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(podFixed);
  for (const name of names) {
    const where = `overhead.podFixed[${JSON.stringify(name)}]`;
    const known = name.includes('/')
      ? isLabelKey(name) && (name.includes('kubernetes.io/') || isExtendedResourceName(name))
      : CONTAINER_RESOURCES.includes(name) || HUGEPAGES.test(name);
    if (!known) {
      problems.push({
        message: `${where} is not a resource of a container (${CONTAINER_RESOURCES.join(', ')}, hugepages-<size>, or an extended resource with a domain such as example.com/gpu)`,
        fix: 'charge the pods cpu and memory, e.g. podFixed: { cpu: "250m", memory: "120Mi" }',
      });
      continue;
    }
    const amount = parseQuantity(podFixed[name]);
    if (amount !== undefined && amount < 0) {
      problems.push({ message: `${where} is ${String(podFixed[name])}, below 0`, fix: 'charge 0 or more' });
    } else if (
      amount !== undefined &&
      name.includes('/') &&
      isExtendedResourceName(name) &&
      Math.ceil(amount * 1000) % 1000 !== 0
    ) {
      problems.push({
        message: `${where} is ${String(podFixed[name])}, not a whole number of an extended resource`,
        fix: 'charge whole units',
      });
    }
  }
  if (names.some((name) => HUGEPAGES.test(name)) && !names.includes('cpu') && !names.includes('memory')) {
    problems.push({
      message: 'overhead.podFixed charges huge pages without cpu or memory, which the API server refuses',
      fix: 'charge memory (or cpu) beside the huge pages',
    });
  }
  return problems;
}

/**
 * A toleration given twice: node's validation of a RuntimeClass (not a pod's) refuses one whose key, operator, value
 * and effect, as written, an earlier one has; tolerationSeconds is no part of it.
 */
function duplicateTolerationProblems(tolerations: unknown): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  (Array.isArray(tolerations) ? (tolerations as Json[]) : []).forEach((toleration, index) => {
    const identity = JSON.stringify(['key', 'operator', 'value', 'effect'].map((field) => toleration?.[field] ?? ''));
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, index);
      return;
    }
    problems.push({
      message: `scheduling.tolerations[${index}] repeats scheduling.tolerations[${first}] (the same key, operator, value and effect), which the API server refuses in a RuntimeClass`,
      fix: `remove scheduling.tolerations[${index}]; one toleration of a taint is enough (tolerationSeconds is the first one's)`,
    });
  });
  return problems;
}

/**
 * What the API server refuses of a RuntimeClass beyond its schema (node's ValidateRuntimeClass, the same on 1.27 and
 * 1.37): a handler that is not a DNS-1123 label, an overhead that is not a container's limits, a toleration given
 * twice. Its scheduling's nodeSelector and each toleration's syntax are scheduling's and enum-values'.
 */
export const runtimeClassSpec: Rule = {
  id: 'runtime-class-spec',
  description:
    "a RuntimeClass has a handler that is a DNS-1123 label (the runtime handler the nodes configure, e.g. runsc), an overhead of a container's resources, 0 or more, and no toleration twice",
  kinds: ['RuntimeClass'],
  check(object) {
    // A RuntimeClass has its fields at the top, not under spec.
    const manifest = object.manifest as Json;
    return [
      ...handlerProblems(manifest.handler),
      ...overheadProblems(manifest.overhead?.podFixed ?? {}),
      ...duplicateTolerationProblems(manifest.scheduling?.tolerations),
    ];
  },
};

export const RUNTIME_CLASS_RULES: readonly Rule[] = [runtimeClassSpec];
