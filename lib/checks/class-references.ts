import { isDnsSubdomain } from '../constructs/validation';
import { POD_KINDS, podTemplateIn } from '../writer/pod-template';
import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { BUILT_IN_PRIORITY_CLASSES, Rule, objectExists, specOf } from './rule';

/** What a class reference rule reads and says: the class kind an object names, where, and the problem of a missing one. */
interface ClassReference {
  readonly id: string;
  readonly description: string;
  readonly kinds: readonly string[];
  /** The kind of the class, e.g. `PriorityClass`. */
  readonly classKind: string;
  /** The class name the object gives, as written. */
  readonly nameOf: (object: RenderedObject) => unknown;
  /** What is wrong with naming a class that does not exist, and how to fix it. */
  readonly problem: (name: string) => Problem;
}

/** A rule that the class an object names exists: built in, made by the project, or declared in `external`. */
function classReference(reference: ClassReference): Rule {
  return {
    id: reference.id,
    description: reference.description,
    kinds: reference.kinds,
    check(object, context) {
      const name = reference.nameOf(object);
      // A name that could name no object is `scheduling`'s or `ingress-spec`'s to report.
      return !isDnsSubdomain(name) || objectExists(reference.classKind, undefined, name, context)
        ? []
        : [reference.problem(name)];
    },
  };
}

export const priorityClass = classReference({
  id: 'priority-class',
  description:
    "a pod priorityClassName names a PriorityClass: built in, made by the project, or declared in the environment's external.priorityClasses",
  kinds: POD_KINDS,
  classKind: 'PriorityClass',
  nameOf: (object) => podTemplateIn(object.manifest)?.spec?.priorityClassName,
  problem: (name) => ({
    message: `priorityClassName "${name}" names no PriorityClass; the API server refuses every pod that names one it does not have ("no PriorityClass with name ${name} was found"), so none would run`,
    fix: `create the PriorityClass in the project, declare it in the environment's external.priorityClasses if the cluster has it, or use ${BUILT_IN_PRIORITY_CLASSES.join(' or ')}`,
  }),
});

export const ingressClass = classReference({
  id: 'ingress-class',
  description:
    "an Ingress's ingressClassName names an IngressClass made by the project or declared in the environment's external.ingressClasses",
  kinds: ['Ingress'],
  classKind: 'IngressClass',
  nameOf: (object) => specOf(object).ingressClassName,
  problem: (name) => ({
    message: `ingressClassName "${name}" names no IngressClass; no ingress controller would serve the Ingress, so its routes would lead nowhere`,
    fix: `declare the class the cluster's controller installs in the environment's external.ingressClasses (e.g. ["${name}"]), create the IngressClass in the project, or leave ingressClassName out to use the cluster's default class`,
  }),
});

export const runtimeClass = classReference({
  id: 'runtime-class',
  description:
    "a pod runtimeClassName names a RuntimeClass made by the project or declared in the environment's external.runtimeClasses",
  kinds: POD_KINDS,
  classKind: 'RuntimeClass',
  nameOf: (object) => podTemplateIn(object.manifest)?.spec?.runtimeClassName,
  problem: (name) => ({
    message: `runtimeClassName "${name}" names no RuntimeClass; the API server refuses every pod that names one it does not have ("pod rejected: RuntimeClass "${name}" not found"), so none would run`,
    fix: `declare the class the cluster's nodes offer (e.g. gVisor's or Kata's) in the environment's external.runtimeClasses (e.g. ["${name}"]), create the RuntimeClass in the project, or leave runtimeClassName out for the nodes' default runtime`,
  }),
});

export const CLASS_REFERENCE_RULES: readonly Rule[] = [priorityClass, ingressClass, runtimeClass];
