import { quotaCapacity, quotaResourcesSpecified, quotaValues } from '../../lib/checks/quota-admission';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';
import { rawFindings } from './raw-kinds';

function quota(hard: Record<string, string>, extra: AnyManifest = {}): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'shop' },
    spec: { hard, ...extra },
  };
}

function limitRange(item: AnyManifest): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'shop' },
    spec: { limits: [{ type: 'Container', ...item }] },
  };
}

function objects(extra: AnyManifest[], change?: (objects: RenderedObject[]) => void): RenderedObject[] {
  const list = [...baseline(), ...extra.map((manifest, position) => ({ path: `test/extra${position}`, manifest }))];
  change?.(list);
  return list;
}

function manifestOf(list: RenderedObject[], kind: string, name: string): AnyManifest {
  return list.find((object) => object.manifest.kind === kind && object.manifest.metadata.name === name)!.manifest;
}

const RESOURCES = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } };

/** Gives the CronJob's container (which sets none) requests and limits, so that a test looks at the others. */
function coverReport(list: RenderedObject[]): void {
  manifestOf(list, 'CronJob', 'report').spec.jobTemplate.spec.template.spec.containers[0].resources = RESOURCES;
}

/** `rule Kind name: message` of the quota rules' findings (or warnings). */
function quotaFindings(list: RenderedObject[], warnings = false): string[] {
  const result = runChecks(list, TEST_ENV);
  return (warnings ? result.warnings : result.findings)
    .filter((finding) => [quotaResourcesSpecified.id, quotaCapacity.id].includes(finding.rule))
    .map(
      (finding) =>
        `${finding.rule} ${finding.object.manifest.kind} ${finding.object.manifest.metadata.name}: ${finding.message}`,
    );
}

describe('quota-resources-specified', () => {
  it('refuses a container that sets no CPU or memory request or limit a quota of its namespace tracks', () => {
    expect(quotaFindings(objects([quota({ 'requests.cpu': '4', 'limits.memory': '4Gi', pods: '10' })]))).toEqual([
      'quota-resources-specified StatefulSet db: container "db" sets no requests.cpu and no limits.memory, which ResourceQuota shop/compute tracks, and no LimitRange of namespace shop gives them a default: the API server refuses every pod of it (failed quota: must specify requests.cpu,limits.memory)',
      'quota-resources-specified CronJob report: container "r" sets no requests.cpu and no limits.memory, which ResourceQuota shop/compute tracks, and no LimitRange of namespace shop gives them a default: the API server refuses every pod of it (failed quota: must specify requests.cpu,limits.memory)',
    ]);
  });

  it('names the props to set, or the namespace defaults', () => {
    const [finding] = runChecks(objects([quota({ cpu: '4' })]), TEST_ENV).findings.filter(
      (candidate) => candidate.rule === quotaResourcesSpecified.id,
    );
    expect(finding.message).toContain('sets no requests.cpu,');
    expect(finding.fix).toBe(
      "set the container's cpuRequest (resources.requests.cpu), or give namespace shop containerDefaults (a LimitRange)",
    );
  });

  it("takes a request from the container's limit, or from the namespace's LimitRange", () => {
    const limitOnly = objects([quota({ 'requests.cpu': '4' })], (list) => {
      coverReport(list);
      manifestOf(list, 'StatefulSet', 'db').spec.template.spec.containers[0].resources = { limits: { cpu: '1' } };
    });
    expect(quotaFindings(limitOnly)).toEqual([]);
    expect(
      quotaFindings(objects([quota({ 'requests.cpu': '4' }), limitRange({ defaultRequest: { cpu: '100m' } })])),
    ).toEqual([]);
    expect(quotaFindings(objects([quota({ 'requests.cpu': '4' }), limitRange({ default: { cpu: '1' } })]))).toEqual([]);
    // A default request gives no limit.
    expect(
      quotaFindings(objects([quota({ 'limits.cpu': '4' }), limitRange({ defaultRequest: { cpu: '100m' } })])),
    ).toHaveLength(2);
  });

  it('leaves quotas of other resources alone, and a scoped quota to the pods of its scope', () => {
    expect(quotaFindings(objects([quota({ 'requests.ephemeral-storage': '4Gi', pods: '10' })]))).toEqual([]);
    // No pod of the namespace has an activeDeadlineSeconds: all are NotTerminating.
    expect(quotaFindings(objects([quota({ 'requests.cpu': '4' }, { scopes: ['Terminating'] })]))).toEqual([]);
    expect(quotaFindings(objects([quota({ 'requests.cpu': '4' }, { scopes: ['NotTerminating'] })]))).toEqual([
      'quota-resources-specified StatefulSet db: container "db" sets no requests.cpu, which ResourceQuota shop/compute tracks, and no LimitRange of namespace shop gives it a default: the API server refuses every pod of it (failed quota: must specify requests.cpu)',
      'quota-resources-specified CronJob report: container "r" sets no requests.cpu, which ResourceQuota shop/compute tracks, and no LimitRange of namespace shop gives it a default: the API server refuses every pod of it (failed quota: must specify requests.cpu)',
    ]);
    // A scope this does not know (quota-scope's finding) leaves the quota alone.
    expect(quotaFindings(objects([quota({ 'requests.cpu': '4' }, { scopes: ['Sometimes'] })]))).toEqual([]);
  });

  it('checks init containers too', () => {
    const list = objects(
      [quota({ 'requests.cpu': '4' }), limitRange({ defaultRequest: { memory: '64Mi' } })],
      (list) => {
        coverReport(list);
        manifestOf(list, 'StatefulSet', 'db').spec.template.spec.containers[0].resources = { requests: { cpu: '1' } };
        manifestOf(list, 'Deployment', 'web').spec.template.spec.initContainers = [
          { name: 'migrate', image: 'migrate:1.0' },
        ];
      },
    );
    expect(quotaFindings(list)).toEqual([
      expect.stringMatching(/^quota-resources-specified Deployment web: container "migrate" sets no requests\.cpu,/),
    ]);
  });
});

/** A Job of 4 in parallel and 2 completions, each pod of 250m of CPU. */
const migrateJob: AnyManifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'shop' },
  spec: {
    parallelism: 4,
    completions: 2,
    template: {
      spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'shop:1.0', resources: RESOURCES }] },
    },
  },
};

/** Leaves the CronJob out, whose runs need room of their own. */
function withoutReport(list: RenderedObject[]): void {
  list.splice(
    list.findIndex((object) => object.manifest.kind === 'CronJob'),
    1,
  );
}

describe('quota-capacity', () => {
  const coveredDb = (list: RenderedObject[]) => {
    coverReport(list);
    manifestOf(list, 'StatefulSet', 'db').spec.template.spec.containers[0].resources = RESOURCES;
  };

  it('refuses a quota the pods of its namespace go over together, naming what each needs', () => {
    const list = objects([quota({ 'requests.cpu': '500m', pods: '10' })], (list) => {
      coveredDb(list);
      manifestOf(list, 'Deployment', 'web').spec.replicas = 6;
    });
    expect(quotaFindings(list)).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need requests.cpu 0.55 (Deployment shop/web 0.3, StatefulSet shop/db 0.25), more than the 0.5 this quota allows: the API server refuses the pods beyond it (exceeded quota), so a workload never reaches its replicas',
    ]);
  });

  it('counts pods, memory in binary units, and an autoscaler by its minReplicas', () => {
    const hpa: AnyManifest = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 3,
        maxReplicas: 9,
      },
    };
    const list = objects([quota({ pods: '3', 'limits.memory': '640Mi' }), hpa], coveredDb);
    expect(quotaFindings(list).map((line) => line.replace(/ \(.*?\)/, ''))).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 4, more than the 3 this quota allows: the API server refuses the pods beyond it (exceeded quota), so a workload never reaches its replicas',
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need limits.memory 896Mi, more than the 640Mi this quota allows: the API server refuses the pods beyond it (exceeded quota), so a workload never reaches its replicas',
    ]);
  });

  it("warns when a quota leaves no room for a rollout's surge pods", () => {
    const list = objects([quota({ pods: '2' })], (list) => {
      coveredDb(list);
      withoutReport(list);
    });
    expect(quotaFindings(list)).toEqual([]);
    expect(quotaFindings(list, true)).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 2 of the 2 this quota allows, which leaves no room for the 1 of the surge pods of a rollout of Deployment shop/web: the rollout waits for room (exceeded quota)',
    ]);
    const recreate = objects([quota({ pods: '2' })], (list) => {
      coveredDb(list);
      withoutReport(list);
      manifestOf(list, 'Deployment', 'web').spec.strategy = { type: 'Recreate' };
    });
    expect(quotaFindings(recreate, true)).toEqual([]);
  });

  it('counts a DaemonSet as one pod (a cluster of at least one node)', () => {
    const agent: AnyManifest = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'agent', image: 'fluent-bit:3.1', resources: RESOURCES }] },
        },
      },
    };
    const list = objects([quota({ pods: '3' }), agent], coveredDb);
    expect(quotaFindings(list)).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 3 of the 3 this quota allows, which leaves no room for a pod of CronJob shop/report (1): the API server refuses its pods while the others run (exceeded quota), so it never runs',
    ]);
  });

  it('refuses a quota that leaves no room for a pod of a Job or CronJob beside the long-running pods', () => {
    const list = objects([quota({ pods: '2', 'requests.cpu': '500m' }), migrateJob], coveredDb);
    expect(quotaFindings(list)).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 2 of the 2 this quota allows, which leaves no room for a pod of CronJob shop/report (1): the API server refuses its pods while the others run (exceeded quota), so it never runs',
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 2 of the 2 this quota allows, which leaves no room for a pod of Job shop/migrate (1): the API server refuses its pods while the others run (exceeded quota), so it never runs',
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need requests.cpu 0.3 of the 0.5 this quota allows, which leaves no room for a pod of CronJob shop/report (0.25): the API server refuses its pods while the others run (exceeded quota), so it never runs',
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need requests.cpu 0.3 of the 0.5 this quota allows, which leaves no room for a pod of Job shop/migrate (0.25): the API server refuses its pods while the others run (exceeded quota), so it never runs',
    ]);
  });

  it('warns when a quota leaves room for a pod of a run, but not for all the pods it starts at once', () => {
    // A run of the Job starts min(parallelism, completions) = 2 pods of 250m each; there is room for one.
    const list = objects([quota({ pods: '3', 'requests.cpu': '750m' }), migrateJob], coveredDb);
    expect(quotaFindings(list)).toEqual([]);
    expect(quotaFindings(list, true)).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 2 of the 3 this quota allows, which leaves room for fewer than the 2 pods a run of Job shop/migrate starts at once (2): it runs them fewer at a time (exceeded quota)',
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need requests.cpu 0.3 of the 0.75 this quota allows, which leaves room for fewer than the 2 pods a run of Job shop/migrate starts at once (0.5): it runs them fewer at a time (exceeded quota)',
    ]);
    expect(quotaFindings(objects([quota({ pods: '5', 'requests.cpu': '1' }), migrateJob], coveredDb), true)).toEqual(
      [],
    );
  });

  it('passes a quota with room, and counts only the pods of a scoped one', () => {
    expect(quotaFindings(objects([quota({ pods: '10', 'requests.cpu': '2' })], coveredDb), true)).toEqual([]);
    // Every pod sets requests or limits: none is BestEffort.
    expect(quotaFindings(objects([quota({ pods: '1' }, { scopes: ['BestEffort'] })], coveredDb))).toEqual([]);
    expect(quotaFindings(objects([quota({ pods: '1' }, { scopes: ['NotBestEffort'] })], coveredDb))).toEqual([
      'quota-capacity ResourceQuota compute: the pods namespace shop runs at once need pods 2 (Deployment shop/web 1, StatefulSet shop/db 1), more than the 1 this quota allows: the API server refuses the pods beyond it (exceeded quota), so a workload never reaches its replicas',
    ]);
    const critical = objects(
      [
        quota(
          { pods: '1' },
          {
            scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['critical'] }] },
          },
        ),
      ],
      coveredDb,
    );
    expect(quotaFindings(critical)).toEqual([]);
  });
});

describe('quota-values', () => {
  function valueFindings(extra: AnyManifest[], warnings = false): string[] {
    const result = runChecks(objects(extra, coverReport), TEST_ENV);
    return (warnings ? result.warnings : result.findings)
      .filter((finding) => finding.rule === quotaValues.id)
      .map((finding) => finding.message);
  }

  it('refuses a LimitRange whose values of a resource are out of order', () => {
    expect(valueFindings([limitRange({ defaultRequest: { cpu: '2' }, default: { cpu: '1' } })])).toEqual([
      'spec.limits[0].defaultRequest["cpu"] 2 is more than its default limit 1 (spec.limits[0].default): the API server refuses the LimitRange',
    ]);
    expect(valueFindings([limitRange({ min: { memory: '1Gi' }, max: { memory: '512Mi' } })])).toEqual([
      'spec.limits[0].min["memory"] 1Gi is more than its maximum 512Mi (spec.limits[0].max): the API server refuses the LimitRange',
    ]);
    expect(
      valueFindings([
        limitRange({ min: { cpu: '100m' }, defaultRequest: { cpu: '200m' }, default: { cpu: '1' }, max: { cpu: '2' } }),
      ]),
    ).toEqual([]);
  });

  it('refuses a default and a defaultRequest apart of a resource that cannot be overcommitted (hugepages, extended)', () => {
    expect(
      valueFindings([limitRange({ default: { 'example.com/gpu': '2' }, defaultRequest: { 'example.com/gpu': '1' } })]),
    ).toEqual([
      'spec.limits[0].defaultRequest["example.com/gpu"] 1 is not its default limit 2 (spec.limits[0].default), and example.com/gpu cannot be overcommitted (a request is its limit): the API server refuses the LimitRange (default value 2 must equal to defaultRequest value 1 in example.com/gpu)',
    ]);
    // The default limit the API server copies from max counts: max 4Mi and defaultRequest 2Mi are apart too.
    expect(
      valueFindings([limitRange({ max: { 'hugepages-2Mi': '4Mi' }, defaultRequest: { 'hugepages-2Mi': '2Mi' } })]),
    ).toEqual([
      'spec.limits[0].defaultRequest["hugepages-2Mi"] 2Mi is not its default limit 4Mi (spec.limits[0].default, from max), and hugepages-2Mi cannot be overcommitted (a request is its limit): the API server refuses the LimitRange (default value 4Mi must equal to defaultRequest value 2Mi in hugepages-2Mi)',
    ]);
    expect(
      valueFindings([
        limitRange({
          default: { 'example.com/gpu': '1', cpu: '1' },
          defaultRequest: { 'example.com/gpu': '1', cpu: '500m' },
        }),
        {
          ...limitRange({ default: { 'example.com/gpu': '2' }, min: { 'example.com/gpu': '1' } }),
          metadata: { name: 'b', namespace: 'shop' },
        },
      ]),
    ).toEqual([]);
  });

  it('refuses a maxLimitRequestRatio below 1, or above the max over the min', () => {
    expect(valueFindings([limitRange({ maxLimitRequestRatio: { cpu: '500m' } })])).toEqual([
      'spec.limits[0].maxLimitRequestRatio["cpu"] 500m is less than 1: the API server refuses the LimitRange (ratio 500m is less than 1)',
    ]);
    expect(
      valueFindings([limitRange({ min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '20' } })]),
    ).toEqual([
      'spec.limits[0].maxLimitRequestRatio["cpu"] 20 is more than its maximum over its minimum (1 / 100m = 10): the API server refuses the LimitRange (ratio 20 is greater than max/min = 10.000000)',
    ]);
    expect(
      valueFindings([limitRange({ min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '10' } })]),
    ).toEqual([]);
  });
});

describe('quota-values: the types of a LimitRange', () => {
  const limitFindings = (change: (limits: AnyManifest[]) => void) =>
    rawFindings('LimitRange', 'raw-limits', (limitRange) => change(limitRange.spec.limits), 'dev');

  it('passes the types the API server knows, and a qualified name with a domain', () => {
    expect(limitFindings(() => undefined)).toEqual([]);
    expect(
      limitFindings((limits) => limits.push({ type: 'example.com/gpu', max: { 'example.com/gpu': '2' } })),
    ).toEqual([]);
  });

  it('fires for a type that is no type of limit, and for a type an earlier item has', () => {
    expect(limitFindings((limits) => (limits[0].type = 'Container_x'))).toEqual([
      'quota-values: spec.limits[0].type "Container_x" is not a type of limit (Pod, Container, PersistentVolumeClaim, or a qualified name with a domain such as "example.com/gpu")',
    ]);
    expect(limitFindings((limits) => (limits[1].type = 'Container'))).toContain(
      'quota-values: spec.limits[1].type Container is the type of an earlier item; the API server takes one item of each type',
    );
  });

  it('fires for a resource an item of its type cannot limit (gate-fuzz on the raw kinds, seed 3, 1.27)', () => {
    expect(limitFindings((limits) => (limits[1].max = { name: '1', 'requests.storage': '1Gi' }))).toEqual([
      'quota-values: spec.limits[1].max names "name", which is not a standard resource nor a qualified name with a domain',
    ]);
    expect(
      limitFindings((limits) => Object.assign(limits[0].max, { 'hugepages-2Mi': '1Gi', 'example.com/gpu': '1' })),
    ).toEqual([]);
    expect(limitFindings((limits) => (limits[0].max.storage = '1Gi'))).toEqual([
      'quota-values: spec.limits[0].max names "storage", which is not a resource of containers nor a qualified name with a domain',
    ]);
    expect(limitFindings((limits) => (limits[1].maxLimitRequestRatio = { 'a b': '2' }))).toEqual([
      'quota-values: spec.limits[1].maxLimitRequestRatio names "a b", which is not a standard resource nor a qualified name with a domain',
    ]);
  });

  it('fires for a Pod item with defaults and a PersistentVolumeClaim item without a storage min or max', () => {
    expect(
      limitFindings((limits) => {
        limits[0].type = 'Pod';
        delete limits[1].min;
        delete limits[1].max;
        limits[1].maxLimitRequestRatio = { storage: '2' };
      }),
    ).toEqual([
      'quota-values: spec.limits[0] of type Pod sets default or defaultRequest, which the API server refuses (a pod gets no default of its own; its containers do)',
      'quota-values: spec.limits[1] of type PersistentVolumeClaim has neither a min nor a max storage, which the API server refuses',
    ]);
  });
});
