import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { baseline, findings, TEST_ENV, withChange } from './fixtures';
import { rawFindings } from './raw-kinds';

const OPERATORS = 'is not one of In, NotIn, Exists, DoesNotExist';

/** The selector-syntax findings of the baseline changed by `change` on one object. */
function selectorFindings(kind: string, name: string, change: (manifest: AnyManifest) => void): string[] {
  return findings(withChange(kind, name, change)).filter((line) => line.startsWith('selector-syntax'));
}

const TEMPLATE = 'spec.template.spec';

describe('selector-syntax', () => {
  it('passes the baseline and well-formed requirements of every operator', () => {
    expect(findings(baseline()).filter((line) => line.startsWith('selector-syntax'))).toEqual([]);
    expect(
      selectorFindings('Deployment', 'web', (deployment) => {
        deployment.spec.selector.matchExpressions = [
          { key: 'tier', operator: 'In', values: ['web'] },
          { key: 'example.com/canary', operator: 'DoesNotExist' },
        ];
        deployment.spec.template.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [{ key: 'example.com/cores', operator: 'Gt', values: ['4'] }],
                  matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }],
                },
              ],
            },
          },
        };
      }),
    ).toEqual([]);
  });

  it('refuses an unknown operator in a workload selector, naming the right case', () => {
    expect(
      selectorFindings('Deployment', 'web', (deployment) => {
        deployment.spec.selector.matchExpressions = [{ key: 'tier', operator: 'in', values: ['web'] }];
      }),
    ).toEqual([`selector-syntax: spec.selector.matchExpressions[0].operator "in" ${OPERATORS}`]);
    const [finding] = runChecks(
      withChange('Deployment', 'web', (deployment) => {
        deployment.spec.selector.matchExpressions = [{ key: 'tier', operator: 'in', values: ['web'] }];
      }),
      TEST_ENV,
    ).findings.filter((candidate) => candidate.rule === 'selector-syntax');
    expect(finding.fix).toBe('write "In" (the API server minds the case)');
  });

  it('refuses In without values and Exists with values, in NetworkPolicy peers and PodDisruptionBudgets', () => {
    const objects = baseline();
    objects.push(
      {
        path: 'shop/np',
        manifest: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'np', namespace: 'shop' },
          spec: {
            podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
            ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn' }] } }] }],
          },
        },
      },
      {
        path: 'shop/pdb',
        manifest: {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'pdb', namespace: 'shop' },
          spec: { minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Inn', values: ['x'] }] } },
        },
      },
    );
    expect(findings(objects).filter((line) => line.startsWith('selector-syntax'))).toEqual([
      'selector-syntax: spec.podSelector.matchExpressions[0] uses Exists with values ["web"], which the API server refuses',
      'selector-syntax: spec.ingress[0].from[0].namespaceSelector.matchExpressions[0] uses NotIn without values, which the API server refuses',
      `selector-syntax: spec.selector.matchExpressions[0].operator "Inn" ${OPERATORS}`,
    ]);
  });

  it('refuses bad pod affinity and topology spread selectors, with their matchLabels', () => {
    expect(
      selectorFindings('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchLabels: { 'a b': 'c' } },
                },
              },
            ],
          },
        };
        deployment.spec.template.spec.topologySpreadConstraints = [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['not a value'] }] },
          },
        ];
      }),
    ).toEqual([
      `selector-syntax: ${TEMPLATE}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels "a b": "c" is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)`,
      `selector-syntax: ${TEMPLATE}.topologySpreadConstraints[0].labelSelector.matchExpressions[0] has the value "not a value", which is not a label value`,
    ]);
  });

  it('refuses node affinity requirements the API server refuses (operator, Gt values, matchFields key)', () => {
    const at = `${TEMPLATE}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]`;
    expect(
      selectorFindings('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'zone', operator: 'Inn', values: ['a'] },
                    { key: 'cores', operator: 'Gt', values: ['1', '2'] },
                  ],
                  matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }],
                },
              ],
            },
          },
        };
      }),
    ).toEqual([
      `selector-syntax: ${at}.matchExpressions[0].operator "Inn" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt`,
      `selector-syntax: ${at}.matchExpressions[1] uses Gt with values ["1","2"]; it needs exactly one integer`,
      `selector-syntax: ${at}.matchFields[0].key "metadata.labels" is not a field a node can be selected by`,
    ]);
  });

  it('refuses a matchFields requirement of two node names, and says a Gt of no integer is taken and matches no node', () => {
    // 1.27 and 1.37: 'matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn'
    // for node field selector'; both take Gt ["abc"], which the scheduler cannot compare.
    const at = `${TEMPLATE}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]`;
    expect(
      selectorFindings('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['abc'] }],
                  matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1', 'node-2'] }],
                },
              ],
            },
          },
        };
      }),
    ).toEqual([
      `selector-syntax: ${at}.matchExpressions[0] uses Gt with the value "abc", which is no integer: the API server takes it, and the scheduler matches no node by it`,
      `selector-syntax: ${at}.matchFields[0] selects metadata.name ${JSON.stringify(['node-1', 'node-2'])}; the API server takes one node name per requirement`,
    ]);
  });

  it("refuses a PersistentVolume's node affinity requirement without values", () => {
    expect(
      selectorFindings('PersistentVolume', 'data-pv', (volume) => {
        volume.spec.nodeAffinity = {
          required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' }] }] },
        };
      }),
    ).toEqual([
      'selector-syntax: spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0] uses In without values, which the API server refuses',
    ]);
  });
});

describe('selector-syntax: node selector values by release', () => {
  it('refuses a node affinity value that is no label value from 1.37, and takes it on 1.27, as the two servers do', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1:', 'node-2'] }] },
            ],
          },
        },
      };
    });
    const messages = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'selector-syntax')
        .map((finding) => finding.message);
    expect(messages('1.27')).toEqual([]);
    expect(messages('1.37')).toEqual([
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0] has the value "node-1:", which is not a label value, which the API server of 1.37 refuses (from 1.37 on)',
    ]);
  });
});

describe('selector-syntax of webhooks', () => {
  it("fires for a webhook's objectSelector operator and namespaceSelector labels the API server refuses", () => {
    expect(
      rawFindings('MutatingWebhookConfiguration', 'raw-defaults.example.com', (manifest) => {
        manifest.webhooks[0].objectSelector.matchExpressions[0].operator = 'InIn';
      }),
    ).toEqual([`selector-syntax: webhooks[0].objectSelector.matchExpressions[0].operator "InIn" ${OPERATORS}`]);
    expect(
      rawFindings('ValidatingWebhookConfiguration', 'raw-policy.example.com', (manifest) => {
        manifest.webhooks[0].namespaceSelector.matchLabels = { enabled: ' r~*' };
        manifest.webhooks[0].objectSelector = { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] };
      }),
    ).toEqual([
      'selector-syntax: webhooks[0].namespaceSelector.matchLabels "enabled": " r~*" is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)',
      'selector-syntax: webhooks[0].objectSelector.matchExpressions[0] uses In without values, which the API server refuses',
    ]);
  });
});

describe('selector-syntax of an aggregated ClusterRole', () => {
  it("fires for the aggregationRule's clusterRoleSelectors the API server refuses", () => {
    const aggregated = (clusterRoleSelectors: unknown[]) =>
      findings([
        {
          path: 'extra/ClusterRole-aggregated',
          manifest: {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'aggregated' },
            aggregationRule: { clusterRoleSelectors },
          },
        },
      ]).filter((line) => line.startsWith('selector-syntax'));
    expect(
      aggregated([
        { matchLabels: { 'example.com/aggregate-to-view': 'true' } },
        { matchLabels: { 'bad key': 'true' } },
        { matchExpressions: [{ key: 'tier', operator: 'in', values: ['x'] }] },
        { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] },
      ]),
    ).toEqual([
      'selector-syntax: aggregationRule.clusterRoleSelectors[1].matchLabels "bad key": "true" is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)',
      `selector-syntax: aggregationRule.clusterRoleSelectors[2].matchExpressions[0].operator "in" ${OPERATORS}`,
      'selector-syntax: aggregationRule.clusterRoleSelectors[3].matchExpressions[0] uses In without values, which the API server refuses',
    ]);
    expect(aggregated([{}, { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }])).toEqual([]);
  });
});
