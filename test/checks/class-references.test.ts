import { NO_EXTERNAL } from '../../lib/config/environment';
import { findings, withChange } from './fixtures';

const rule = (id: string, lines: string[]) => lines.filter((line) => line.startsWith(`${id}:`));

describe('priority-class', () => {
  const prioritized = (name: string) =>
    withChange('Deployment', 'web', (deployment) => (deployment.spec.template.spec.priorityClassName = name));

  it('refuses a priorityClassName that names no PriorityClass, as the API server refuses its pods', () => {
    expect(rule('priority-class', findings(prioritized('batch-low')))).toEqual([
      'priority-class: priorityClassName "batch-low" names no PriorityClass; the API server refuses every pod that names one it does not have ("no PriorityClass with name batch-low was found"), so none would run',
    ]);
  });

  it('passes a built-in class, one the project makes and one the environment declares', () => {
    expect(findings(prioritized('system-cluster-critical'))).toEqual([]);
    const made = [
      ...prioritized('batch-low'),
      {
        path: 'shop/batch-low',
        manifest: {
          apiVersion: 'scheduling.k8s.io/v1',
          kind: 'PriorityClass',
          metadata: { name: 'batch-low' },
          value: 10,
        },
      },
    ];
    expect(rule('priority-class', findings(made))).toEqual([]);
    expect(findings(prioritized('batch-low'), { ...NO_EXTERNAL, priorityClasses: ['batch-low'] })).toEqual([]);
  });
});

describe('ingress-class', () => {
  const classed = (name: string) => withChange('Ingress', 'web', (ingress) => (ingress.spec.ingressClassName = name));

  it('refuses an ingressClassName that names no IngressClass', () => {
    expect(rule('ingress-class', findings(classed('nginx')))).toEqual([
      'ingress-class: ingressClassName "nginx" names no IngressClass; no ingress controller would serve the Ingress, so its routes would lead nowhere',
    ]);
  });

  it('passes a class the project makes or the environment declares, and an Ingress without one', () => {
    expect(findings(classed('nginx'), { ...NO_EXTERNAL, ingressClasses: ['nginx'] })).toEqual([]);
    const made = [
      ...classed('nginx'),
      {
        path: 'shop/nginx',
        manifest: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IngressClass',
          metadata: { name: 'nginx' },
          spec: { controller: 'k8s.io/ingress-nginx' },
        },
      },
    ];
    expect(rule('ingress-class', findings(made))).toEqual([]);
    expect(findings(withChange('Ingress', 'web', () => undefined))).toEqual([]);
  });
});

describe('runtime-class', () => {
  const sandboxed = (name: string) =>
    withChange('Deployment', 'web', (deployment) => (deployment.spec.template.spec.runtimeClassName = name));

  it('refuses a runtimeClassName that names no RuntimeClass, as the API server refuses its pods', () => {
    expect(rule('runtime-class', findings(sandboxed('gvisor')))).toEqual([
      'runtime-class: runtimeClassName "gvisor" names no RuntimeClass; the API server refuses every pod that names one it does not have ("pod rejected: RuntimeClass "gvisor" not found"), so none would run',
    ]);
  });

  it('passes a class the project makes or the environment declares', () => {
    expect(findings(sandboxed('gvisor'), { ...NO_EXTERNAL, runtimeClasses: ['gvisor'] })).toEqual([]);
    const made = [
      ...sandboxed('gvisor'),
      {
        path: 'shop/gvisor',
        manifest: {
          apiVersion: 'node.k8s.io/v1',
          kind: 'RuntimeClass',
          metadata: { name: 'gvisor' },
          handler: 'runsc',
        },
      },
    ];
    expect(rule('runtime-class', findings(made))).toEqual([]);
  });
});
