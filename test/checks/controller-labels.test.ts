import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { TEST_ENV, baseline } from './fixtures';

/** The service-selector findings of the baseline plus `manifests`, on a cluster of `release`. */
function selectorFindings(release: string, ...manifests: AnyManifest[]): string[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  const objects: RenderedObject[] = [...baseline(), ...added];
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'service-selector')
    .map((finding) => finding.message);
}

function service(selector: Record<string, unknown>): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'one', namespace: 'shop' },
    spec: { selector, ports: [{ port: 8080 }] },
  };
}

const TEMPLATE = {
  metadata: { labels: { app: 'work' } },
  spec: {
    restartPolicy: 'Never',
    containers: [{ name: 'w', image: 'busybox:1.36', ports: [{ containerPort: 8080 }] }],
  },
};

function statefulSet(extra: AnyManifest = {}): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'pg', namespace: 'shop' },
    spec: { serviceName: 'pg', replicas: 3, selector: { matchLabels: { app: 'work' } }, template: TEMPLATE, ...extra },
  };
}

function job(extra: AnyManifest = {}): AnyManifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'work', namespace: 'shop' },
    spec: { template: TEMPLATE, ...extra },
  };
}

function cronJob(): AnyManifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { completionMode: 'Indexed', completions: 2, template: TEMPLATE } },
    },
  };
}

const noMatch = (selector: string) => [`selector ${selector} matches no pod template in namespace shop`];

describe('service-selector: the labels controllers give pods', () => {
  describe("the StatefulSet controller's apps.kubernetes.io/pod-index (from 1.28)", () => {
    it.each(['1.28', '1.37'])('passes the index of a pod the set runs on %s', (release) => {
      expect(selectorFindings(release, statefulSet(), service({ 'apps.kubernetes.io/pod-index': '2' }))).toEqual([]);
      const shifted = statefulSet({ ordinals: { start: 5 } });
      expect(selectorFindings(release, shifted, service({ app: 'work', 'apps.kubernetes.io/pod-index': '7' }))).toEqual(
        [],
      );
    });

    it.each([
      ['an index beyond the replicas', '3'],
      ['an index with a leading zero', '02'],
      ['no index', 'x'],
    ])('fires for %s', (_, index) => {
      expect(
        selectorFindings('1.37', statefulSet(), service({ app: 'work', 'apps.kubernetes.io/pod-index': index })),
      ).toEqual(noMatch(`app=work,apps.kubernetes.io/pod-index=${index}`));
    });

    it('fires on 1.27, whose controller sets no pod-index label', () => {
      expect(selectorFindings('1.27', statefulSet(), service({ 'apps.kubernetes.io/pod-index': '0' }))).toEqual(
        noMatch('apps.kubernetes.io/pod-index=0'),
      );
    });
  });

  describe("the Job's job-name and controller-uid labels (every release)", () => {
    it.each([
      ['job-name', 'work'],
      ['batch.kubernetes.io/job-name', 'work'],
      ['controller-uid', '0f6d0c4e-6f1b-4a57-9d1c-0c2f0e6a2b11'],
      ['batch.kubernetes.io/controller-uid', 'any-uid'],
    ])('passes %s=%s of a Job on 1.27', (label, value) => {
      expect(selectorFindings('1.27', job(), service({ app: 'work', [label]: value }))).toEqual([]);
    });

    it("fires for another Job's name", () => {
      expect(selectorFindings('1.37', job(), service({ 'job-name': 'other' }))).toEqual(noMatch('job-name=other'));
    });

    it('reads the job-name label a template gives itself, which the API server keeps', () => {
      const named = job({ template: { ...TEMPLATE, metadata: { labels: { app: 'work', 'job-name': 'mine' } } } });
      expect(selectorFindings('1.27', named, service({ 'job-name': 'mine' }))).toEqual([]);
      expect(selectorFindings('1.27', named, service({ 'job-name': 'work' }))).toEqual(noMatch('job-name=work'));
    });

    it('fires for a Job of a manual selector, whose pods get no generated labels', () => {
      const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'work' } } });
      expect(selectorFindings('1.37', manual, service({ 'job-name': 'work' }))).toEqual(noMatch('job-name=work'));
    });

    it("passes the name of a CronJob's Job, <cronjob>-<minutes>, and fires for the CronJob's own name", () => {
      expect(selectorFindings('1.27', cronJob(), service({ 'job-name': 'nightly-29412345' }))).toEqual([]);
      expect(selectorFindings('1.27', cronJob(), service({ 'job-name': 'nightly' }))).toEqual(
        noMatch('job-name=nightly'),
      );
    });
  });

  describe("an Indexed Job's batch.kubernetes.io/job-completion-index (from 1.28)", () => {
    const indexed = job({ completionMode: 'Indexed', completions: 3 });

    it.each(['1.28', '1.37'])('passes an index below completions on %s', (release) => {
      expect(selectorFindings(release, indexed, service({ 'batch.kubernetes.io/job-completion-index': '2' }))).toEqual(
        [],
      );
      expect(
        selectorFindings(release, cronJob(), service({ 'batch.kubernetes.io/job-completion-index': '1' })),
      ).toEqual([]);
    });

    it.each([
      ['1.37', indexed, '3'],
      ['1.37', job({ completions: 3 }), '0'],
      ['1.27', indexed, '0'],
    ])('fires on %s for an index the Job does not run (row %#)', (release, workload, index) => {
      expect(
        selectorFindings(release, workload, service({ 'batch.kubernetes.io/job-completion-index': index })),
      ).toEqual(noMatch(`batch.kubernetes.io/job-completion-index=${index}`));
    });
  });

  it("fires for a Deployment's pods, which carry none of these labels", () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'work', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'work' } }, template: TEMPLATE },
    };
    expect(selectorFindings('1.37', deployment, service({ app: 'work', 'controller-uid': 'x' }))).toEqual(
      noMatch('app=work,controller-uid=x'),
    );
  });
});

describe('service-selector: the hash labels controllers compute of the pod template', () => {
  /** The service-selector warnings of the baseline plus `manifests`, on 1.37. */
  function selectorWarnings(...manifests: AnyManifest[]): string[] {
    const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
    return runChecks([...baseline(), ...added], { ...TEST_ENV, kubernetesVersion: '1.37' })
      .warnings.filter((warning) => warning.rule === 'service-selector')
      .map((warning) => `${warning.message} | ${warning.fix}`);
  }

  function workload(kind: string, labels: Record<string, string> = { app: 'work' }): AnyManifest {
    return {
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'work', namespace: 'shop' },
      spec: {
        ...(kind === 'StatefulSet' ? { serviceName: 'work', replicas: 2 } : {}),
        selector: { matchLabels: { app: 'work' } },
        template: { ...TEMPLATE, metadata: { labels }, spec: { ...TEMPLATE.spec, restartPolicy: 'Always' } },
      },
    };
  }

  it.each([
    ['Deployment', 'pod-template-hash', '5d8f7c9b6'],
    ['StatefulSet', 'controller-revision-hash', 'work-5d8f7c9b6'],
    ['DaemonSet', 'controller-revision-hash', '5d8f7c9b6'],
  ])("warns of a %s's pods selected by %s, whose value no one knows ahead, and finds no error", (kind, label, hash) => {
    const objects = [workload(kind), service({ app: 'work', [label]: hash })];
    expect(selectorFindings('1.37', ...objects)).toEqual([]);
    expect(selectorWarnings(...objects)).toEqual([
      `selector app=work,${label}=${hash} names ${label}, which the ${kind} controller sets on each pod to a hash of its pod template, computed when the object is applied and changed at every change of the template: it selects the pods of ${kind} work only while "${hash}" is that hash | select the workload's own labels (pass the workload as \`selector\`), without ${label}`,
    ]);
  });

  it('warns, and counts no match, of a hash label the template sets itself, which the controller overwrites', () => {
    const objects = [
      workload('Deployment', { app: 'work', 'pod-template-hash': 'x' }),
      service({ app: 'work', 'pod-template-hash': 'x' }),
    ];
    expect(selectorFindings('1.37', ...objects)).toEqual([]);
    expect(selectorWarnings(...objects)).toEqual([
      expect.stringContaining('selector app=work,pod-template-hash=x names pod-template-hash,'),
    ]);
  });

  it("fires for a hash label of another controller's pods, or of pods the other labels do not select", () => {
    expect(
      selectorFindings('1.37', workload('Deployment'), service({ app: 'work', 'controller-revision-hash': 'x' })),
    ).toEqual(noMatch('app=work,controller-revision-hash=x'));
    expect(
      selectorFindings('1.37', workload('Deployment'), service({ app: 'other', 'pod-template-hash': 'x' })),
    ).toEqual(noMatch('app=other,pod-template-hash=x'));
  });

  it('passes the pod-template-hash label of a ReplicaSet written by hand, which no controller computes', () => {
    const replicaSet = workload('ReplicaSet', { app: 'work', 'pod-template-hash': 'x' });
    expect(selectorFindings('1.37', replicaSet, service({ 'pod-template-hash': 'x' }))).toEqual([]);
    expect(selectorWarnings(replicaSet, service({ 'pod-template-hash': 'x' }))).toEqual([]);
  });
});

describe("NetworkPolicy and PodDisruptionBudget selection of the labels controllers give pods (all of a workload's pods)", () => {
  /** The findings and warnings of `rule` on `objectName` (any object when undefined), baseline plus `manifests`. */
  function ruleMessages(release: string, rule: string, objectName: string, ...manifests: AnyManifest[]): string[] {
    const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
    const result = runChecks([...baseline(), ...added], { ...TEST_ENV, kubernetesVersion: release });
    return [...result.findings, ...result.warnings]
      .filter((finding) => finding.rule === rule && finding.object.manifest.metadata.name === objectName)
      .map((finding) => finding.message);
  }

  function networkPolicy(podSelector: AnyManifest): AnyManifest {
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'pods', namespace: 'shop' },
      spec: { podSelector, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
    };
  }

  function budget(selector: AnyManifest, minAvailable = 1): AnyManifest {
    return {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pods', namespace: 'shop' },
      spec: { selector, minAvailable },
    };
  }

  it("governs a Job's pods by the job-name label its controller gives them all, and no other Job's", () => {
    expect(
      ruleMessages('1.27', 'network-policy', 'work', job(), networkPolicy({ matchLabels: { 'job-name': 'work' } })),
    ).toEqual([]);
    expect(
      ruleMessages('1.27', 'network-policy', 'work', job(), networkPolicy({ matchLabels: { 'job-name': 'other' } })),
    ).toEqual([expect.stringContaining('no NetworkPolicy')]);
  });

  it("keeps a StatefulSet's pods by pod index only where the selector takes every index it runs, from 1.28", () => {
    const all = budget({
      matchExpressions: [{ key: 'apps.kubernetes.io/pod-index', operator: 'In', values: ['0', '1', '2'] }],
    });
    expect(ruleMessages('1.37', 'pod-disruption-budget', 'pg', statefulSet(), all)).toEqual([]);
    expect(ruleMessages('1.27', 'pod-disruption-budget', 'pg', statefulSet(), all)).toEqual([
      '3 replicas and no PodDisruptionBudget selects them',
    ]);
    const some = budget({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'pg-0' } });
    expect(ruleMessages('1.37', 'pod-disruption-budget', 'pg', statefulSet(), some)).toEqual([
      '3 replicas and no PodDisruptionBudget selects them',
    ]);
  });

  it('warns of a budget that keeps the one pod of a set by its pod name, which allows no eviction', () => {
    const one = statefulSet({ replicas: 1 });
    expect(
      ruleMessages(
        '1.37',
        'disruption-budget-allows',
        'pods',
        one,
        budget({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'pg-0' } }),
      ),
    ).toEqual([expect.stringContaining('keeps all 1 pod it selects (StatefulSet shop/pg 1) available')]);
  });

  it("counts no pod selected by the hash label the controller writes over the template's own", () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'work', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'work' } },
        template: { metadata: { labels: { app: 'work', 'pod-template-hash': 'x' } }, spec: TEMPLATE.spec },
      },
    };
    expect(
      ruleMessages(
        '1.37',
        'network-policy',
        'work',
        deployment,
        networkPolicy({ matchLabels: { 'pod-template-hash': 'x' } }),
      ),
    ).toEqual([expect.stringContaining('no NetworkPolicy')]);
    expect(
      ruleMessages('1.37', 'network-policy', 'work', deployment, networkPolicy({ matchLabels: { app: 'work' } })),
    ).toEqual([]);
  });
});

describe('selector-labels: a workload selector of the hash its controller computes of the template', () => {
  function deploymentSelecting(selector: AnyManifest): AnyManifest {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'work', namespace: 'shop' },
      spec: {
        selector,
        template: { metadata: { labels: { app: 'work', 'pod-template-hash': 'x' } }, spec: TEMPLATE.spec },
      },
    };
  }

  function selectorLabelFindings(...manifests: AnyManifest[]): string[] {
    const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
    return runChecks([...baseline(), ...added], { ...TEST_ENV, kubernetesVersion: '1.27' })
      .findings.filter((finding) => finding.rule === 'selector-labels')
      .map((finding) => `${finding.message} | ${finding.fix}`);
  }

  it.each([
    ['matchLabels', { matchLabels: { app: 'work', 'pod-template-hash': 'x' } }],
    [
      'matchExpressions',
      { matchLabels: { app: 'work' }, matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['x'] }] },
    ],
  ])(
    'fires for a Deployment selecting pod-template-hash in %s, whose controller makes ReplicaSets without end',
    (_, selector) => {
      expect(selectorLabelFindings(deploymentSelecting(selector))).toEqual([
        "the selector names pod-template-hash, which the Deployment controller adds to the selector and pod template of each ReplicaSet it makes, with the hash of the template: the ReplicaSet no longer matches the Deployment's selector, so the controller lets it go and makes another, without end (90 ReplicaSets, each with its pod, in 25 seconds on the 1.27 and 1.37 clusters); the API server takes it | " +
          "remove pod-template-hash from the selector (and from the template's labels): the controller adds it to each ReplicaSet itself",
      ]);
    },
  );

  it.each([
    [
      'StatefulSet',
      'makes its first pod, which it does not count as its own, and no other (0 replicas ready on the 1.27 and 1.37 clusters, pod 0 left running)',
    ],
    ['DaemonSet', 'makes pods without end (a new pod every second or so on the 1.27 and 1.37 clusters)'],
  ])('fires for a %s selecting controller-revision-hash, which its controller sets on each pod', (kind, outcome) => {
    const workload: AnyManifest = {
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'work', namespace: 'shop' },
      spec: {
        ...(kind === 'StatefulSet' ? { serviceName: 'work' } : {}),
        selector: { matchLabels: { app: 'work', 'controller-revision-hash': 'x' } },
        template: {
          metadata: { labels: { app: 'work', 'controller-revision-hash': 'x' } },
          spec: { ...TEMPLATE.spec, restartPolicy: 'Always' },
        },
      },
    };
    expect(selectorLabelFindings(workload)).toEqual([
      `the selector names controller-revision-hash, which the ${kind} controller sets on each pod it makes, with the hash of the template: no pod it makes matches the selector, so it ${outcome}; the API server takes it | ` +
        "remove controller-revision-hash from the selector (and from the template's labels): the controller adds it to each pod itself",
    ]);
  });

  it.each([
    ['a pod name no pod has', { 'statefulset.kubernetes.io/pod-name': 'mine' }, 3, 'pg-0'],
    ['the name of one pod of several', { 'statefulset.kubernetes.io/pod-name': 'pg-0' }, 3, 'pg-1'],
    [
      'a pod name of a set of replicas left to an autoscaler',
      { 'statefulset.kubernetes.io/pod-name': 'pg-0' },
      undefined,
      'its pods',
    ],
  ])('fires for a StatefulSet selecting %s, which its controller sets on each pod', (_, label, replicas, missed) => {
    const labels = { app: 'work', ...label };
    const set = statefulSet({
      replicas,
      selector: { matchLabels: labels },
      template: { ...TEMPLATE, metadata: { labels } },
    });
    expect(selectorLabelFindings(set)).toEqual([
      `the selector names statefulset.kubernetes.io/pod-name, which the StatefulSet controller sets on each pod to the pod's own name (pg-<ordinal>, over the template's own): ${missed} would not match the selector: the set would make it, not count it as its own, and make no pod after it; the API server takes it | ` +
        "select the set's pods by labels all of them carry: remove statefulset.kubernetes.io/pod-name from the selector (and from the template's labels)",
    ]);
  });

  it('passes a StatefulSet of one pod selecting its name', () => {
    const labels = { app: 'work', 'statefulset.kubernetes.io/pod-name': 'pg-0' };
    const set = statefulSet({
      replicas: 1,
      selector: { matchLabels: labels },
      template: { ...TEMPLATE, metadata: { labels } },
    });
    expect(selectorLabelFindings(set)).toEqual([]);
  });

  it('passes a Deployment whose template alone sets pod-template-hash, or whose selector any hash meets', () => {
    expect(selectorLabelFindings(deploymentSelecting({ matchLabels: { app: 'work' } }))).toEqual([]);
    const exists = {
      matchLabels: { app: 'work' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }],
    };
    expect(selectorLabelFindings(deploymentSelecting(exists))).toEqual([]);
  });
});
