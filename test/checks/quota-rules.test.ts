import { rawFindings } from './raw-kinds';
import { runChecks } from '../../lib/checks/run-checks';
import { VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE } from '../../lib/checks/quota-rules';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The quota-scope findings of the baseline with a ResourceQuota of this spec, on `release`. */
function quotaFindings(spec: AnyManifest, release = '1.27'): string[] {
  const quota = {
    path: 'shop/quota',
    manifest: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: 'shop' }, spec },
  } as RenderedObject;
  return runChecks([...baseline(), quota], { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'quota-scope')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

describe('quota-scope', () => {
  it('takes scopes applied to the resources they limit, and a selector of priority classes', () => {
    expect(
      quotaFindings({
        hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '8Gi', 'count/jobs.batch': '5', 'nvidia.com/gpu': 1 },
        scopes: ['NotTerminating', 'NotBestEffort'],
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
      }),
    ).toEqual([]);
    expect(quotaFindings({ hard: { pods: '10' }, scopes: ['BestEffort'] })).toEqual([]);
  });

  it(`refuses the VolumeAttributesClass scope before ${VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE}, and takes it from then`, () => {
    const spec = {
      hard: { 'requests.storage': '10Gi', persistentvolumeclaims: '5' },
      scopeSelector: {
        matchExpressions: [{ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['gold'] }],
      },
    };
    expect(quotaFindings(spec)).toEqual([
      'spec.scopeSelector.matchExpressions[0].scopeName "VolumeAttributesClass" is not a quota scope of Kubernetes 1.27 (it comes with 1.34); it takes Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity | remove it, or run Kubernetes 1.34 or later',
    ]);
    expect(quotaFindings({ hard: { persistentvolumeclaims: '5' }, scopes: ['VolumeAttributesClass'] })).toEqual([
      'spec.scopes[0] "VolumeAttributesClass" is not a quota scope of Kubernetes 1.27 (it comes with 1.34); it takes Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity | remove it, or run Kubernetes 1.34 or later',
    ]);
    expect(quotaFindings(spec, '1.37')).toEqual([]);
  });

  it('refuses a scope that is none, naming the one meant', () => {
    expect(quotaFindings({ hard: { pods: '1' }, scopes: ['besteffort'] })).toEqual([
      'spec.scopes[0] "besteffort" is not a quota scope of Kubernetes 1.27; it takes Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity | write BestEffort',
    ]);
  });

  it('refuses a scope applied to a resource it cannot limit', () => {
    expect(
      quotaFindings({ hard: { pods: '1', 'requests.cpu': '1', 'count/pods': '1' }, scopes: ['BestEffort'] }),
    ).toEqual([
      'spec.scopes[0] BestEffort cannot limit spec.hard requests.cpu, which the API server refuses (unsupported scope applied to resource); BestEffort limits pods | limit requests.cpu in a ResourceQuota without the BestEffort scope',
    ]);
    expect(
      quotaFindings({
        hard: { 'requests.storage': '1Gi' },
        scopeSelector: { matchExpressions: [{ scopeName: 'CrossNamespacePodAffinity', operator: 'Exists' }] },
      }),
    ).toEqual([
      'spec.scopeSelector.matchExpressions[0].scopeName CrossNamespacePodAffinity cannot limit spec.hard requests.storage, which the API server refuses (unsupported scope applied to resource); CrossNamespacePodAffinity limits pods, cpu, memory, requests.cpu, requests.memory, limits.cpu, limits.memory | limit requests.storage in a ResourceQuota without the CrossNamespacePodAffinity scope',
    ]);
    expect(quotaFindings({ hard: { pods: '1' }, scopes: ['VolumeAttributesClass'] }, '1.37')).toEqual([
      'spec.scopes[0] VolumeAttributesClass cannot limit spec.hard pods, which the API server refuses (unsupported scope applied to resource); VolumeAttributesClass limits persistentvolumeclaims, requests.storage | limit pods in a ResourceQuota without the VolumeAttributesClass scope',
    ]);
  });

  it('refuses scopes that no pod can be in together', () => {
    expect(quotaFindings({ hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] })).toEqual([
      'spec.scopes has both Terminating and NotTerminating, which no pod is at once; the API server refuses the quota (conflicting scopes) | keep one of them: a ResourceQuota for each limits both',
    ]);
    expect(
      quotaFindings({
        hard: { pods: '1' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'BestEffort', operator: 'Exists' },
            { scopeName: 'NotBestEffort', operator: 'Exists' },
          ],
        },
      }),
    ).toEqual([
      'spec.scopeSelector.matchExpressions has both BestEffort and NotBestEffort, which no pod is at once; the API server refuses the quota (conflicting scopes) | keep one of them: a ResourceQuota for each limits both',
    ]);
  });

  it("refuses a selector's operator and values as the API server does", () => {
    const selector = (requirement: AnyManifest) =>
      quotaFindings({ hard: { pods: '1' }, scopeSelector: { matchExpressions: [requirement] } });
    expect(selector({ scopeName: 'BestEffort', operator: 'In', values: ['a'] })).toEqual([
      'spec.scopeSelector.matchExpressions[0].operator is "In"; scope BestEffort takes only Exists | write operator: Exists and no values',
    ]);
    expect(selector({ scopeName: 'PriorityClass', operator: 'In' })).toEqual([
      'spec.scopeSelector.matchExpressions[0] has operator In and no values | list the priority classes in values, or write operator: Exists',
    ]);
    expect(selector({ scopeName: 'PriorityClass', operator: 'Exists', values: ['a'] })).toEqual([
      'spec.scopeSelector.matchExpressions[0] has operator Exists and values ["a"], which it takes none of | remove the values, or write operator: In',
    ]);
    expect(selector({ scopeName: 'PriorityClass', operator: 'Equals', values: ['a'] })).toEqual([
      'spec.scopeSelector.matchExpressions[0].operator "Equals" is not a selector operator; it takes In, NotIn, Exists, DoesNotExist | write one of In, NotIn, Exists, DoesNotExist',
    ]);
    expect(selector({ scopeName: 'PriorityClass', operator: 'DoesNotExist' })).toEqual([]);
  });
});

describe('quota-hard', () => {
  const hardFindings = (hard: Record<string, string>) =>
    rawFindings('ResourceQuota', 'raw-compute', (quota) => Object.assign(quota.spec.hard, hard));

  it('passes standard names, hugepages, counts of a kind and extended resources', () => {
    expect(
      hardFindings({
        'requests.hugepages-2Mi': '1Gi',
        'count/deployments.apps': '5',
        'requests.example.com/gpu': '2',
        'services.loadbalancers': '0',
      }),
    ).toEqual([]);
  });

  it('fires for a name no quota limits, a value below 0 and a count that is not whole', () => {
    expect(hardFindings({ pods: '-1', 'requests.gpu': '1', storage: '1Gi', secrets: '1.5', 'bad name': '1' })).toEqual([
      'quota-hard: spec.hard pods is -1, below 0',
      'quota-hard: spec.hard "requests.gpu" is not a resource a quota limits (cpu, memory, ephemeral-storage, requests.cpu, ..., or a name with a domain such as count/deployments.apps)',
      'quota-hard: spec.hard "storage" is not a resource a quota limits (cpu, memory, ephemeral-storage, requests.cpu, ..., or a name with a domain such as count/deployments.apps)',
      'quota-hard: spec.hard secrets is 1.5, which is not a whole number; it counts objects',
      'quota-hard: spec.hard "bad name" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    ]);
  });
});

describe('quota-scope: an empty requirement', () => {
  it('leaves a scope selector requirement written null or {} to the schema check, which finds what the server refuses', () => {
    const schemaFindings = [
      'schema: spec.scopeSelector.matchExpressions[0].operator is missing; ScopedResourceSelectorRequirement requires operator and scopeName',
      'schema: spec.scopeSelector.matchExpressions[0].scopeName is missing; ScopedResourceSelectorRequirement requires operator and scopeName',
    ];
    for (const empty of [null, {}]) {
      expect(
        rawFindings('ResourceQuota', 'raw-batch', (quota) => (quota.spec.scopeSelector.matchExpressions[0] = empty)),
      ).toEqual(schemaFindings);
    }
  });
});
