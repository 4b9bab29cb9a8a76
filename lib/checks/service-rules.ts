import { RenderedObject } from '../writer/render';
import { Problem } from './finding';
import { PodTemplate } from './object-index';
import { CheckContext, Rule, formatLabels, namespaceOf, specOf } from './rule';

/** The pod templates a Service selects, or undefined when it selects by no labels (ExternalName, manual endpoints). */
// An empty selector, like none, leaves the endpoints to be managed by hand.
function selectedTemplates(service: RenderedObject, context: CheckContext): PodTemplate[] | undefined {
  const spec = specOf(service);
  if (spec.type === 'ExternalName' || Object.keys(spec.selector ?? {}).length === 0) {
    return undefined;
  }
  return context.index.templatesSelectedBy(namespaceOf(service), spec.selector);
}

/** Whether a container of the template listens on `target`, a port number or name. */
function listensOn(template: PodTemplate, target: number | string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (template.spec.containers ?? []).some((container: any) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (container.ports ?? []).some((port: any) => port.containerPort === target || port.name === target),
  );
}

export const serviceSelector: Rule = {
  id: 'service-selector',
  description: "a Service's selector matches the pod template of at least one workload in its namespace",
  kinds: ['Service'],
  check(service, context) {
    const templates = selectedTemplates(service, context);
    if (templates === undefined || templates.length > 0) {
      return [];
    }
    return [
      {
        message: `selector ${formatLabels(specOf(service).selector)} matches no pod template in namespace ${namespaceOf(service)}`,
        fix: "select the labels of a workload's pod template in the same namespace (pass the workload as `selector`)",
      },
    ];
  },
};

export const serviceTargetPort: Rule = {
  id: 'service-target-port',
  description: 'each targetPort of a Service (number or name) is a port of the containers it selects',
  kinds: ['Service'],
  check(service, context) {
    const templates = selectedTemplates(service, context);
    if (templates === undefined || templates.length === 0) {
      return [];
    }
    const problems: Problem[] = [];
    for (const port of specOf(service).ports ?? []) {
      const target: number | string = port.targetPort ?? port.port;
      if (!templates.some((template) => listensOn(template, target))) {
        const owners = templates.map((template) => template.owner.path).join(', ');
        problems.push({
          message: `targetPort ${JSON.stringify(target)} of port ${port.port} is not a container port of ${owners}`,
          fix: 'set targetPort to a containerPort number or port name of the selected containers, or declare the port there',
        });
      }
    }
    return problems;
  },
};

export const SERVICE_RULES: readonly Rule[] = [serviceSelector, serviceTargetPort];
