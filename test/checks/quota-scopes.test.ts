import { quotaAppliesTo } from '../../lib/checks/quota-scopes';
import { PodTemplate } from '../../lib/checks/object-index';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

const NO_DEFAULTS = { request: new Map<string, unknown>(), limit: new Map<string, unknown>() };

function template(spec: AnyManifest): PodTemplate {
  return { owner: { path: 'test', manifest: {} } as unknown as RenderedObject, labels: {}, spec };
}

const plain = template({ containers: [{ name: 'app', image: 'nginx' }] });
const sized = template({ containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: '64Mi' } } }] });
const deadline = template({ activeDeadlineSeconds: 60, containers: [{ name: 'app', image: 'nginx' }] });
const critical = template({ priorityClassName: 'critical', containers: [{ name: 'app', image: 'nginx' }] });
const crossNamespace = template({
  containers: [{ name: 'app', image: 'nginx' }],
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'kubernetes.io/hostname', labelSelector: {}, namespaceSelector: {} },
      ],
    },
  },
});

function applies(spec: AnyManifest, pod: PodTemplate, defaults = NO_DEFAULTS): boolean | undefined {
  return quotaAppliesTo(spec, pod, defaults);
}

describe('quotaAppliesTo: the pods a ResourceQuota counts, by its scopes (the API server pod evaluator)', () => {
  it('counts every pod without scopes', () => {
    expect([plain, deadline, critical].map((pod) => applies({ hard: { pods: '1' } }, pod))).toEqual([true, true, true]);
  });

  it('tells terminating pods (an activeDeadlineSeconds) from the others', () => {
    expect([plain, deadline].map((pod) => applies({ scopes: ['Terminating'] }, pod))).toEqual([false, true]);
    expect([plain, deadline].map((pod) => applies({ scopes: ['NotTerminating'] }, pod))).toEqual([true, false]);
  });

  it('tells best-effort pods (no CPU or memory request or limit, a LimitRange default included) from the others', () => {
    expect([plain, sized].map((pod) => applies({ scopes: ['BestEffort'] }, pod))).toEqual([true, false]);
    expect([plain, sized].map((pod) => applies({ scopes: ['NotBestEffort'] }, pod))).toEqual([false, true]);
    const defaults = { request: new Map<string, unknown>([['cpu', '100m']]), limit: new Map<string, unknown>() };
    expect(applies({ scopes: ['BestEffort'] }, plain, defaults)).toBe(false);
  });

  it('matches a priority class with In, NotIn, Exists and DoesNotExist', () => {
    const selector = (operator: string, values?: string[]) => ({
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator, ...(values ? { values } : {}) }] },
    });
    expect([plain, critical].map((pod) => applies(selector('In', ['critical', 'high']), pod))).toEqual([false, true]);
    expect([plain, critical].map((pod) => applies(selector('NotIn', ['critical']), pod))).toEqual([true, false]);
    expect([plain, critical].map((pod) => applies(selector('Exists'), pod))).toEqual([false, true]);
    expect([plain, critical].map((pod) => applies(selector('DoesNotExist'), pod))).toEqual([true, false]);
  });

  it('matches cross-namespace pod affinity terms', () => {
    expect([plain, crossNamespace].map((pod) => applies({ scopes: ['CrossNamespacePodAffinity'] }, pod))).toEqual([
      false,
      true,
    ]);
  });

  it('needs every scope and requirement to match', () => {
    const spec = {
      scopes: ['NotTerminating'],
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['critical'] }] },
    };
    expect([plain, critical, deadline].map((pod) => applies(spec, pod))).toEqual([false, true, false]);
  });

  it('knows nothing of a scope it does not know (quota-scope reports it), and counts no pod by a volume scope', () => {
    expect(applies({ scopes: ['Sometimes'] }, plain)).toBeUndefined();
    expect(
      applies({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Maybe' }] } }, plain),
    ).toBeUndefined();
    expect(
      applies(
        {
          scopeSelector: { matchExpressions: [{ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['a'] }] },
        },
        plain,
      ),
    ).toBe(false);
  });
});
