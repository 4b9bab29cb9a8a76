import { DNS_SUBDOMAIN } from '../constructs/validation';
import { POD_KINDS, podTemplateIn } from '../writer/pod-template';
import { BUILT_IN_PRIORITY_CLASSES, Rule, objectExists, specOf } from './rule';

/** Whether a class name could name an object at all; one that cannot is `scheduling`'s or `ingress-spec`'s to report. */
function isName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

export const priorityClass: Rule = {
  id: 'priority-class',
  description:
    "a pod priorityClassName names a PriorityClass: built in, made by the project, or declared in the environment's external.priorityClasses",
  kinds: POD_KINDS,
  check(object, context) {
    const name: unknown = podTemplateIn(object.manifest)?.spec?.priorityClassName;
    if (!isName(name) || objectExists('PriorityClass', undefined, name, context)) {
      return [];
    }
    return [
      {
        message: `priorityClassName "${name}" names no PriorityClass; the API server refuses every pod that names one it does not have ("no PriorityClass with name ${name} was found"), so none would run`,
        fix: `create the PriorityClass in the project, declare it in the environment's external.priorityClasses if the cluster has it, or use ${BUILT_IN_PRIORITY_CLASSES.join(' or ')}`,
      },
    ];
  },
};

export const ingressClass: Rule = {
  id: 'ingress-class',
  description:
    "an Ingress's ingressClassName names an IngressClass made by the project or declared in the environment's external.ingressClasses",
  kinds: ['Ingress'],
  check(object, context) {
    const name: unknown = specOf(object).ingressClassName;
    if (!isName(name) || objectExists('IngressClass', undefined, name, context)) {
      return [];
    }
    return [
      {
        message: `ingressClassName "${name}" names no IngressClass; no ingress controller would serve the Ingress, so its routes would lead nowhere`,
        fix: `declare the class the cluster's controller installs in the environment's external.ingressClasses (e.g. ["${name}"]), create the IngressClass in the project, or leave ingressClassName out to use the cluster's default class`,
      },
    ];
  },
};

export const runtimeClass: Rule = {
  id: 'runtime-class',
  description:
    "a pod runtimeClassName names a RuntimeClass made by the project or declared in the environment's external.runtimeClasses",
  kinds: POD_KINDS,
  check(object, context) {
    const name: unknown = podTemplateIn(object.manifest)?.spec?.runtimeClassName;
    if (!isName(name) || objectExists('RuntimeClass', undefined, name, context)) {
      return [];
    }
    return [
      {
        message: `runtimeClassName "${name}" names no RuntimeClass; the API server refuses every pod that names one it does not have ("pod rejected: RuntimeClass "${name}" not found"), so none would run`,
        fix: `declare the class the cluster's nodes offer (e.g. gVisor's or Kata's) in the environment's external.runtimeClasses (e.g. ["${name}"]), create the RuntimeClass in the project, or leave runtimeClassName out for the nodes' default runtime`,
      },
    ];
  },
};

export const CLASS_REFERENCE_RULES: readonly Rule[] = [priorityClass, ingressClass, runtimeClass];
