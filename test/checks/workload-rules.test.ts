import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { TEST_ENV, baseline, findings, withChange } from './fixtures';
import { rawFindings } from './raw-kinds';

const KEY_RULE =
  'is not an annotation key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")';

/** The baseline plus a second Deployment `web-canary` whose pods carry `labels`, selected by `selector`. */
function withSecondDeployment(selector: Record<string, string>, labels: Record<string, string>): RenderedObject[] {
  const web = baseline().find((object) => object.manifest.kind === 'Deployment');
  const manifest: AnyManifest = JSON.parse(JSON.stringify(web?.manifest));
  manifest.metadata.name = 'web-canary';
  manifest.spec.selector.matchLabels = selector;
  manifest.spec.template.metadata.labels = labels;
  return [...baseline(), { path: 'shop/web-canary/Resource', manifest }];
}

describe('annotation-key', () => {
  it('passes the baseline', () => {
    expect(findings(baseline()).filter((line) => line.startsWith('annotation-key'))).toEqual([]);
  });

  it('refuses an object annotation key that is not a key', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.metadata.annotations = { 'example.com/': 'x', 'example.com/ok': 'any text at all' };
    });
    expect(findings(objects)).toEqual([`annotation-key: annotation key "example.com/" ${KEY_RULE}`]);
  });

  it('refuses a pod template annotation key with a prefix that is not a DNS subdomain', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.metadata.annotations = { 'example..com/x': 'y' };
    });
    expect(findings(objects)).toEqual([`annotation-key: pod template annotation key "example..com/x" ${KEY_RULE}`]);
  });

  it('passes capitals in a key, which the API server checks lower-cased', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.metadata.annotations = { 'Example.com/Owner': 'team-a' };
      deployment.spec.template.metadata.annotations = { 'EXAMPLE.COM/x': 'y' };
    });
    expect(findings(objects).filter((line) => line.startsWith('annotation-key'))).toEqual([]);
  });

  it("refuses a CronJob's pod template annotation key", () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.metadata = { annotations: { 'a b': 'c' } };
    });
    expect(findings(objects)).toEqual([`annotation-key: pod template annotation key "a b" ${KEY_RULE}`]);
  });
});

describe('selector-overlap', () => {
  it('passes two workloads told apart by the recommended name', () => {
    const objects = withSecondDeployment(
      { 'app.kubernetes.io/name': 'web-canary', app: 'web' },
      { 'app.kubernetes.io/name': 'web-canary', app: 'web' },
    );
    expect(findings(objects).filter((line) => line.startsWith('selector-overlap'))).toEqual([]);
  });

  it("refuses a selector that also matches another workload's pods", () => {
    const objects = withSecondDeployment(
      { 'app.kubernetes.io/instance': 'shop-dev' },
      { 'app.kubernetes.io/instance': 'shop-dev', 'app.kubernetes.io/name': 'web-canary' },
    );
    expect(findings(objects).filter((line) => line.startsWith('selector-overlap'))).toEqual([
      'selector-overlap: selector app.kubernetes.io/instance=shop-dev also matches the pods of Deployment web ' +
        '(construct shop/Deployment-web); both controllers would claim them',
    ]);
  });
});

describe('http-probe', () => {
  it('passes an HTTP probe on an HTTP port', () => {
    expect(findings(baseline()).filter((line) => line.startsWith('http-probe'))).toEqual([]);
  });

  it("refuses an HTTP readiness probe on a named port that is Redis's", () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      const container = deployment.spec.template.spec.containers[0];
      container.ports = [{ containerPort: 6379, name: 'http' }];
      container.readinessProbe = { httpGet: { path: '/', port: 'http' } };
    });
    expect(findings(objects).filter((line) => line.startsWith('http-probe'))).toEqual([
      'http-probe: container "app" has an HTTP readinessProbe on port 6379, the port of Redis, which does not speak HTTP',
    ]);
  });

  it('refuses an HTTP startup probe on the MySQL port by number', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      const container = deployment.spec.template.spec.containers[0];
      container.ports = [{ containerPort: 3306 }];
      container.startupProbe = { httpGet: { path: '/', port: 3306 } };
    });
    expect(findings(objects).filter((line) => line.startsWith('http-probe'))).toEqual([
      'http-probe: container "app" has an HTTP startupProbe on port 3306, the port of MySQL, which does not speak HTTP',
    ]);
  });
});

describe('scheduling', () => {
  it('passes a pod with a node selector, a priority class and a spread', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec, {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        priorityClassName: 'high',
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      });
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([]);
  });

  it('refuses a node selector, a priority class and a spread Kubernetes does not take', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec, {
        nodeSelector: { 'disk type': 'ssd', disk: 'fast ssd' },
        priorityClassName: 'High_Priority',
        topologySpreadConstraints: [
          { maxSkew: 0, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      });
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([
      'scheduling: nodeSelector key "disk type" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
      'scheduling: nodeSelector "disk" has value "fast ssd", which is not a label value',
      'scheduling: priorityClassName "High_Priority" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
      'scheduling: topologySpreadConstraints[0].maxSkew 0 is not an integer of 1 or more',
    ]);
  });
});

describe('scheduling: schedulingGates', () => {
  function gated(...names: unknown[]): RenderedObject[] {
    return withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.schedulingGates = names.map((name) => ({ name }));
    });
  }

  it('passes gates of qualified names', () => {
    expect(
      findings(gated('example.com/quota-approved', 'wait')).filter((line) => line.startsWith('scheduling')),
    ).toEqual([]);
  });

  it('refuses a gate whose name is no qualified name, as both API servers do', () => {
    const found = runChecks(gated('Bad Gate', ''), TEST_ENV).findings.filter(
      (finding) => finding.rule === 'scheduling',
    );
    expect(found.map((finding) => `${finding.message} | ${finding.fix}`)).toEqual([
      'schedulingGates[0].name "Bad Gate" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit) | name the gate as a label key, e.g. "example.com/quota-approved"; the controller that removes it must use the same name',
      'schedulingGates[1].name "" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit) | name the gate as a label key, e.g. "example.com/quota-approved"; the controller that removes it must use the same name',
    ]);
  });
});

describe('scheduling: tolerations and affinity', () => {
  it('passes tolerations of every form the API server takes, and affinity terms with keys and weights', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec, {
        tolerations: [
          { operator: 'Exists' },
          { key: 'example.com/gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        ],
        affinity: {
          nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: {} }] },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }],
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 1, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone' } },
            ],
          },
        },
      });
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([]);
  });

  it('refuses the tolerations the API server refuses', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.tolerations = [
        { key: 'gpu type', operator: 'Exists' },
        { operator: 'Equal', value: 'x' },
        { key: 'gpu', operator: 'Exists', value: 'yes' },
        { key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 },
      ];
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([
      'scheduling: tolerations[0].key "gpu type" is not a taint key (label key syntax)',
      'scheduling: tolerations[1] has no key but operator "Equal"; an empty key tolerates every taint and needs operator Exists',
      'scheduling: tolerations[2] has operator Exists and the value "yes"; Exists matches any value and takes none',
      'scheduling: tolerations[3] sets tolerationSeconds with effect "NoSchedule"; only NoExecute taints evict after a time',
    ]);
  });

  it('refuses spreads and affinity terms without a topology key, and weights outside 1-100', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec, {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'ScheduleAnyway' }],
        affinity: {
          nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] },
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }] },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 101, podAffinityTerm: { topologyKey: 'zone name' } },
            ],
          },
        },
      });
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([
      'scheduling: topologySpreadConstraints[0].topologyKey "" is not a node label key',
      'scheduling: affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight 0 is not an integer from 1 to 100',
      'scheduling: affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey null is not a node label key',
      'scheduling: affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight 101 is not an integer from 1 to 100',
      'scheduling: affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey "zone name" is not a node label key',
    ]);
  });

  it('refuses a required node affinity of no node selector term, which both API servers refuse (gate-fuzz seed 1)', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      };
    });
    expect(findings(objects).filter((line) => line.startsWith('scheduling'))).toEqual([
      'scheduling: affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution has no nodeSelectorTerms, which the API server refuses (must have at least one node selector term)',
    ]);
  });
});

describe('scheduling: the namespaces of a pod affinity term', () => {
  it('refuses a namespace that is no DNS-1123 label, as both API servers do, and passes one that is', () => {
    // 1.27 and 1.37: 'requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Bad_NS": a lowercase
    // RFC 1123 label must consist of ...'.
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.affinity = {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', namespaces: ['shop', 'Bad_NS'] }],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, podAffinityTerm: { topologyKey: 'zone', namespaces: ['a.b'] } },
          ],
        },
      };
    });
    const found = runChecks(objects, TEST_ENV).findings.filter((finding) => finding.rule === 'scheduling');
    expect(found.map(({ message, fix }) => `${message} | ${fix}`)).toEqual([
      'affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[1] "Bad_NS" is not a namespace name (a DNS-1123 label: at most 63 lower-case letters, digits or "-") | name the namespace of the pods the term selects, or select namespaces by label with namespaceSelector',
      expect.stringContaining(
        'affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces[0] "a.b" is not a namespace name',
      ),
    ]);
  });
});

describe('scheduling: minDomains and matchLabelKeys of a spread', () => {
  const SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'web' } };
  const spread = (extra: AnyManifest) => ({
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: SELECTOR,
    ...extra,
  });
  const schedulingOf = (...spreads: AnyManifest[]) =>
    findings(
      withChange('Deployment', 'web', (deployment) => {
        deployment.spec.template.spec.topologySpreadConstraints = spreads;
      }),
    ).filter((line) => line.startsWith('scheduling'));

  it('passes minDomains with DoNotSchedule, matchLabelKeys beside the selector, and node policies', () => {
    expect(
      schedulingOf(
        spread({
          minDomains: 3,
          matchLabelKeys: ['pod-template-hash'],
          nodeAffinityPolicy: 'Ignore',
          nodeTaintsPolicy: 'Honor',
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a minDomains below 1 or without DoNotSchedule', () => {
    expect(
      schedulingOf(
        spread({ minDomains: 0 }),
        spread({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }),
      ),
    ).toEqual([
      'scheduling: topologySpreadConstraints[0].minDomains 0 is not an integer of 1 or more',
      'scheduling: topologySpreadConstraints[1].minDomains is set with whenUnsatisfiable "ScheduleAnyway"; the API server takes it with DoNotSchedule alone',
    ]);
  });

  it('refuses matchLabelKeys that are not label keys, in the labelSelector too, or without a labelSelector', () => {
    expect(
      schedulingOf(
        spread({ matchLabelKeys: ['pod template hash', 'app.kubernetes.io/name'] }),
        spread({
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: undefined,
          matchLabelKeys: ['pod-template-hash'],
        }),
      ),
    ).toEqual([
      'scheduling: topologySpreadConstraints[0].matchLabelKeys[0] "pod template hash" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
      'scheduling: topologySpreadConstraints[0].matchLabelKeys[1] "app.kubernetes.io/name" is also in its labelSelector, which the API server of 1.27 refuses (from 1.34, it merges the two)',
      'scheduling: topologySpreadConstraints[1].matchLabelKeys is set without a labelSelector, which the API server refuses',
    ]);
  });
});

describe('scheduling: a matchLabelKeys key in the labelSelector too', () => {
  it('is taken from 1.34, which merges the two', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          matchLabelKeys: ['app.kubernetes.io/name'],
        },
      ];
    });
    const scheduling = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'scheduling')
        .map((finding) => finding.message);
    expect(scheduling('1.34')).toEqual([]);
    expect(scheduling('1.33')).toEqual([
      'topologySpreadConstraints[0].matchLabelKeys[0] "app.kubernetes.io/name" is also in its labelSelector, which the API server of 1.33 refuses (from 1.34, it merges the two)',
    ]);
  });
});

describe('scheduling of a RuntimeClass', () => {
  it('fires for its nodeSelector and tolerations as for a pod', () => {
    expect(
      rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => {
        runtimeClass.scheduling.nodeSelector = { 'Sandbox.example.com/runtime': 'gvisor' };
        runtimeClass.scheduling.tolerations[0].key = 'sandbox.example.com/runtime-';
      }),
    ).toEqual([
      'scheduling: scheduling.nodeSelector key "Sandbox.example.com/runtime" is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
      'scheduling: scheduling.tolerations[0].key "sandbox.example.com/runtime-" is not a taint key (label key syntax)',
    ]);
  });

  it('fires for a toleration value that is not a label value, as the API servers do for pods too', () => {
    expect(
      rawFindings(
        'RuntimeClass',
        'raw-gvisor',
        (runtimeClass) => (runtimeClass.scheduling.tolerations[0].value = 'gvisor/x'),
      ),
    ).toEqual([
      'scheduling: scheduling.tolerations[0].value "gvisor/x" is not a label value (at most 63 letters, digits, "-", "_" or ".", a letter or digit at each end), which a taint\'s value is',
    ]);
    expect(
      rawFindings(
        'Pod',
        'raw-scratch',
        (pod) => (pod.spec.tolerations = [{ key: 'a', value: 'x y', effect: 'NoSchedule' }]),
        'prod',
      ),
    ).toEqual([
      'scheduling: tolerations[0].value "x y" is not a label value (at most 63 letters, digits, "-", "_" or ".", a letter or digit at each end), which a taint\'s value is',
    ]);
  });
});

describe('deployment-strategy', () => {
  it('passes a rolling update of a count and a percentage, and a Recreate', () => {
    for (const strategy of [
      { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '0%' } },
      { type: 'Recreate' },
    ]) {
      const objects = withChange('Deployment', 'web', (deployment) => {
        deployment.spec.strategy = strategy;
      });
      expect(findings(objects).filter((line) => line.startsWith('deployment-strategy'))).toEqual([]);
    }
  });

  it('refuses a percentage over 100% and a surge and unavailability both 0', () => {
    const over = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } };
    });
    const stuck = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } };
    });
    expect(findings(over)).toEqual([
      'deployment-strategy: strategy.rollingUpdate.maxUnavailable "150%" is not an integer of 0 or more or a percentage from 0% to 100%',
    ]);
    expect(findings(stuck)).toEqual([
      'deployment-strategy: strategy.rollingUpdate maxSurge and maxUnavailable are both 0, which the API server refuses',
    ]);
  });

  it('refuses rollingUpdate on a Recreate strategy', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } };
    });
    expect(findings(objects)).toEqual([
      'deployment-strategy: strategy.type is Recreate and strategy.rollingUpdate is set, which the API server refuses',
    ]);
  });
});

describe('update-strategy', () => {
  /** A DaemonSet of namespace shop whose rolling update has these bounds. */
  const daemonSet = (rollingUpdate: AnyManifest): RenderedObject => ({
    path: 'shop/agent',
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'agent' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'agent' } },
          spec: { containers: [{ name: 'agent', image: 'agent:1.0' }] },
        },
      },
    },
  });

  it("refuses a DaemonSet's rolling update of nothing and a StatefulSet's negative partition, ordinals or OnDelete with rollingUpdate", () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: -1 } };
      statefulSet.spec.ordinals = { start: -2 };
    });
    expect(
      findings([...objects, daemonSet({ maxUnavailable: 0, maxSurge: '0%' })]).filter((line) =>
        line.startsWith('update-strategy'),
      ),
    ).toEqual([
      'update-strategy: updateStrategy.type is OnDelete and updateStrategy.rollingUpdate is set, which the API server refuses',
      'update-strategy: updateStrategy.rollingUpdate.partition must be an integer of 0 or more, got -1',
      'update-strategy: ordinals.start must be an integer of 0 or more, got -2',
      'update-strategy: updateStrategy.rollingUpdate maxUnavailable and maxSurge are both 0, which the API server refuses',
    ]);
  });

  it("refuses a DaemonSet's rolling update of a bound above 100% or of both bounds above 0, as the API server does", () => {
    const strategyFindings = (rollingUpdate: AnyManifest) =>
      findings([...baseline(), daemonSet(rollingUpdate)]).filter((line) => line.startsWith('update-strategy'));
    expect(strategyFindings({ maxUnavailable: '150%', maxSurge: 0 })).toEqual([
      'update-strategy: updateStrategy.rollingUpdate.maxUnavailable "150%" is not an integer of 0 or more or a percentage from 0% to 100%',
    ]);
    expect(strategyFindings({ maxUnavailable: 1, maxSurge: '10%' })).toEqual([
      'update-strategy: updateStrategy.rollingUpdate maxUnavailable 1 and maxSurge "10%" are both above 0, which the API server refuses (a DaemonSet either surges or takes pods down, not both)',
    ]);
    // Kubernetes' default maxUnavailable is 1, so a surge alone must say maxUnavailable: 0.
    expect(strategyFindings({ maxSurge: 1 })).toEqual([
      'update-strategy: updateStrategy.rollingUpdate maxUnavailable 1 (the default) and maxSurge 1 are both above 0, which the API server refuses (a DaemonSet either surges or takes pods down, not both)',
    ]);
    expect(strategyFindings({ maxUnavailable: '10%' })).toEqual([]);
    expect(strategyFindings({ maxUnavailable: 0, maxSurge: 1 })).toEqual([]);
  });

  describe("a StatefulSet's maxUnavailable", () => {
    /** The update-strategy findings and warnings of the db StatefulSet of this rolling update, on `release`. */
    const strategyOf = (rollingUpdate: AnyManifest, release: string) => {
      const objects = withChange('StatefulSet', 'db', (statefulSet) => {
        statefulSet.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate };
      });
      const result = runChecks(objects, { ...TEST_ENV, kubernetesVersion: release });
      const lines = (list: typeof result.findings) =>
        list.filter((finding) => finding.rule === 'update-strategy').map(({ message, fix }) => ({ message, fix }));
      return { findings: lines(result.findings), warnings: lines(result.warnings) };
    };

    it('refuses 0, "0%", a negative count and a percentage above 100% from 1.37, as its API server does', () => {
      // 1.37: 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0' ("0%" too).
      expect(strategyOf({ maxUnavailable: 0 }, '1.37')).toEqual({
        findings: [
          {
            message:
              'updateStrategy.rollingUpdate.maxUnavailable is 0, which the API server refuses (cannot be 0): no pod could be taken down to be updated',
            fix: 'let 1 or more pods (or a percentage above 0%) be unavailable, or leave maxUnavailable out (1)',
          },
        ],
        warnings: [],
      });
      expect(strategyOf({ maxUnavailable: '0%', partition: 1 }, '1.37').findings.map(({ message }) => message)).toEqual(
        [
          'updateStrategy.rollingUpdate.maxUnavailable is "0%", which the API server refuses (cannot be 0): no pod could be taken down to be updated',
        ],
      );
      for (const value of [-1, '101%', 'abc']) {
        expect(strategyOf({ maxUnavailable: value }, '1.37').findings).toEqual([
          {
            message: `updateStrategy.rollingUpdate.maxUnavailable ${JSON.stringify(value)} is not an integer of 1 or more or a percentage from 1% to 100%`,
            fix: 'set maxUnavailable to a count such as 2 or a percentage such as "50%"',
          },
        ]);
      }
    });

    it('passes a count or a percentage above 0 from 1.37', () => {
      for (const value of [1, 2, '50%', '100%']) {
        expect(strategyOf({ maxUnavailable: value }, '1.37')).toEqual({ findings: [], warnings: [] });
      }
    });

    it('only warns before 1.37, whose API server drops the field (MaxUnavailableStatefulSet off), whatever its value', () => {
      // 1.27 takes 0, "0%", -1, "101%" and "abc" alike, and stores the strategy without maxUnavailable.
      for (const value of [0, '0%', -1, 'abc', 2]) {
        expect(strategyOf({ maxUnavailable: value }, '1.27')).toEqual({
          findings: [],
          warnings: [
            {
              message: `updateStrategy.rollingUpdate.maxUnavailable ${JSON.stringify(value)} is dropped by the API server of Kubernetes 1.27 (MaxUnavailableStatefulSet is off by default before 1.37): the StatefulSet updates one pod at a time`,
              fix: 'leave maxUnavailable out, or run Kubernetes 1.37 or later',
            },
          ],
        });
      }
      expect(strategyOf({ partition: 1 }, '1.27')).toEqual({ findings: [], warnings: [] });
    });
  });
});

describe('autoscaler', () => {
  function hpa(spec: AnyManifest): AnyManifest {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec },
    };
  }

  function withAutoscaler(spec: AnyManifest, replicas?: number): RenderedObject[] {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.replicas = replicas;
    });
    return [...objects, { path: 'shop/web/Autoscaler', manifest: hpa(spec) }];
  }

  const CPU = [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
  ];

  it('passes an autoscaler of a workload without replicas', () => {
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics: CPU }))).toEqual([]);
  });

  it('leaves a maxReplicas that is no int32 to the schema check, and names one below minReplicas', () => {
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 2 ** 31, metrics: CPU }))).toEqual([
      'schema: spec.maxReplicas must be an integer (int32), got 2147483648',
    ]);
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 1, metrics: CPU }))).toEqual([
      'autoscaler: maxReplicas 1 is below minReplicas 2',
    ]);
  });

  it('refuses scaling behavior and a target the API server refuses', () => {
    const objects = withAutoscaler({
      minReplicas: 2,
      maxReplicas: 5,
      metrics: CPU,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: -1, selectPolicy: 'max' },
        scaleDown: {
          stabilizationWindowSeconds: 3601,
          policies: [
            { type: 'pods', value: 1, periodSeconds: 60 },
            { type: 'Percent', value: 0, periodSeconds: 1801 },
          ],
        },
      },
    });
    (objects[objects.length - 1].manifest.spec as AnyManifest).scaleTargetRef.name = '';
    expect(findings(objects)).toEqual([
      'enum-values: behavior.scaleUp.selectPolicy "max" is not one of Max, Min, Disabled',
      'enum-values: behavior.scaleDown.policies[0].type "pods" is not one of Pods, Percent',
      'autoscaler: scaleTargetRef.name is empty; the API server requires the name of the workload it scales',
      'autoscaler: behavior.scaleUp.stabilizationWindowSeconds -1 is not from 0 to 3600 (an hour)',
      'autoscaler: behavior.scaleDown.stabilizationWindowSeconds 3601 is not from 0 to 3600 (an hour)',
      'autoscaler: behavior.scaleDown.policies[1].value 0 is not an integer above 0',
      'autoscaler: behavior.scaleDown.policies[1].periodSeconds 1801 is not from 1 to 1800 (half an hour)',
    ]);
  });

  it('refuses a scaleTargetRef kind or name with "/" or "%", which the API server refuses (a path segment)', () => {
    const objects = withAutoscaler({ maxReplicas: 3 });
    (objects[objects.length - 1].manifest.spec as AnyManifest).scaleTargetRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment/x',
      name: 'web%',
    };
    expect(findings(objects).filter((line) => line.startsWith('autoscaler:'))).toEqual([
      'autoscaler: scaleTargetRef.kind "Deployment/x" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
      'autoscaler: scaleTargetRef.name "web%" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
    ]);
  });

  it('refuses a metric without the source its type names, and a target without the numbers its source requires', () => {
    const metrics = [
      { type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', value: '1Gi' } } },
    ];
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics }))).toEqual([
      'autoscaler: metrics[0] is of type Pods but has no pods',
      'autoscaler: metrics[1].resource.target has neither averageUtilization nor averageValue; the API server requires one of a Resource metric',
    ]);
  });

  it('passes a Resource target of type AverageValue that gives averageUtilization, which both API servers take', () => {
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageUtilization: 50 } } },
    ];
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics }))).toEqual([]);
  });

  it('passes behavior at the bounds the API server takes', () => {
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' },
      scaleDown: { stabilizationWindowSeconds: 3600, policies: [{ type: 'Pods', value: 1, periodSeconds: 1800 }] },
    };
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics: CPU, behavior }))).toEqual([]);
  });

  it('refuses an empty list of policies, which the API server requires one in (left out, it fills in its own)', () => {
    const behavior = { scaleUp: { policies: [], selectPolicy: 'Disabled' }, scaleDown: { policies: null } };
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics: CPU, behavior }))).toEqual([
      'autoscaler: behavior.scaleUp.policies is empty; the API server requires at least one policy in a list given',
    ]);
  });

  it('refuses a tolerance below 0 (1.37; the schema refuses the field on 1.27)', () => {
    const behavior = { scaleUp: { tolerance: '0' }, scaleDown: { tolerance: '-1m' } };
    const objects = withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics: CPU, behavior });
    const found = runChecks(objects, { ...TEST_ENV, kubernetesVersion: '1.37' }).findings.filter(
      (finding) => finding.rule === 'autoscaler' || finding.rule === 'schema',
    );
    expect(found.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([
      'autoscaler: behavior.scaleDown.tolerance "-1m" is below 0, which the API server refuses',
    ]);
    expect(found[0].fix).toBe(
      'give a fraction of 0 or more, e.g. "0.1" (the default): the autoscaler ignores a change of the metric smaller than it',
    );
  });

  it('refuses a scaled workload that sets spec.replicas', () => {
    expect(findings(withAutoscaler({ minReplicas: 2, maxReplicas: 5, metrics: CPU }, 3))).toEqual([
      'autoscaler: sets spec.replicas 3 but HorizontalPodAutoscaler web scales it, so every apply resets what the autoscaler set',
    ]);
  });

  it('takes minReplicas 0 from 1.37 beside an Object or External metric, as its API server does (HPAScaleToZero)', () => {
    const queue = {
      type: 'External',
      external: { metric: { name: 'queue' }, target: { type: 'Value', value: '10' } },
    };
    const on = (release: string, spec: AnyManifest) =>
      runChecks(withAutoscaler(spec), { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'autoscaler')
        .map((finding) => finding.message);
    expect(on('1.37', { minReplicas: 0, maxReplicas: 5, metrics: [queue, ...CPU] })).toEqual([]);
    expect(on('1.27', { minReplicas: 0, maxReplicas: 5, metrics: [queue] })).toEqual([
      'minReplicas 0 is not an integer of 1 or more',
    ]);
    expect(on('1.37', { minReplicas: 0, maxReplicas: 5, metrics: CPU })).toEqual([
      "minReplicas 0 scales the workload to no pods, which the API server of 1.37 takes only beside an Object or External metric (the pods' own metrics cannot be read when none runs)",
    ]);
    // Without metrics the API server scales on CPU.
    expect(on('1.37', { minReplicas: 0, maxReplicas: 5 })).toHaveLength(1);
    expect(on('1.37', { minReplicas: -1, maxReplicas: 5, metrics: [queue] })).toEqual([
      'minReplicas -1 is not an integer of 0 or more',
    ]);
  });

  it('refuses minReplicas below 1, maxReplicas below minReplicas and a utilization below 1', () => {
    expect(findings(withAutoscaler({ minReplicas: 0, maxReplicas: 5 }))).toEqual([
      'autoscaler: minReplicas 0 is not an integer of 1 or more',
    ]);
    expect(findings(withAutoscaler({ minReplicas: 4, maxReplicas: 2 }))).toEqual([
      'autoscaler: maxReplicas 2 is below minReplicas 4',
    ]);
    const zero = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
    ];
    expect(findings(withAutoscaler({ maxReplicas: 2, metrics: zero }))).toEqual([
      'autoscaler: metrics[0].resource.target.averageUtilization 0 is not an integer of 1 or more',
    ]);
  });
});
