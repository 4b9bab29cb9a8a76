import { ContainerProps } from '../../lib/constructs/container';
import { Deployment } from '../../lib/constructs/deployment';
import { Job } from '../../lib/constructs/job';
import { StatefulSet } from '../../lib/constructs/stateful-set';
import { NodeInclusionPolicy, TopologySpread, WhenUnsatisfiable } from '../../lib/constructs/pod-spec';
import { Testing } from 'cdk8s';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import { findObject, testChart } from '../helpers';

const app: ContainerProps = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };
const SELECTOR = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'test-dev' };

function pod(props: Partial<ConstructorParameters<typeof Deployment>[2]> = {}) {
  const chart = testChart();
  new Deployment(chart, 'web', { containers: [app], ...props });
  return findObject(chart, 'Deployment', 'web').spec.template.spec;
}

describe('scheduling', () => {
  it('spreads a replicated workload across zones and nodes by default, scheduling anyway on one node', () => {
    expect(pod().topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: SELECTOR },
      },
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: SELECTOR },
      },
    ]);
  });

  it('does not spread a single pod, nor a Job', () => {
    expect(pod({ replicas: 1 }).topologySpreadConstraints).toBeUndefined();
    const chart = testChart();
    new Job(chart, 'count', { containers: [{ name: 'count', image: 'busybox:1.36' }] });
    expect(findObject(chart, 'Job', 'count').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  it('spreads a StatefulSet by default too', () => {
    const chart = testChart();
    new StatefulSet(chart, 'db', { port: 8080, containers: [app] });
    expect(findObject(chart, 'StatefulSet', 'db').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
  });

  it('takes its own spread, selecting its own pods', () => {
    expect(
      pod({
        topologySpread: [
          { topologyKey: 'kubernetes.io/hostname', maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE },
        ],
      }).topologySpreadConstraints,
    ).toEqual([
      {
        maxSkew: 2,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: SELECTOR },
      },
    ]);
  });

  it('prefers other nodes for each pod of a replicated workload, beside the spread', () => {
    expect(pod().affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } },
          },
        ],
      },
    });
    const chart = testChart();
    new StatefulSet(chart, 'db', { port: 8080, containers: [app] });
    expect(findObject(chart, 'StatefulSet', 'db').spec.template.spec.affinity.podAntiAffinity).toBeDefined();
  });

  it('sets no anti-affinity for a single pod, a Job, or a workload whose spread is turned off', () => {
    expect(pod({ replicas: 1 }).affinity).toBeUndefined();
    expect(pod({ topologySpread: [] }).affinity).toBeUndefined();
    const chart = testChart();
    new Job(chart, 'count', { containers: [{ name: 'count', image: 'busybox:1.36' }] });
    expect(findObject(chart, 'Job', 'count').spec.template.spec.affinity).toBeUndefined();
  });

  it('keeps the node affinity it is given and adds the anti-affinity beside it', () => {
    const nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
      },
    };
    const affinity = pod({ affinity: { nodeAffinity } }).affinity;
    expect(affinity.nodeAffinity).toEqual(nodeAffinity);
    expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });

  it('takes its own podAntiAffinity instead of the default', () => {
    const podAntiAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: SELECTOR } },
      ],
    };
    expect(pod({ affinity: { podAntiAffinity } }).affinity).toEqual({ podAntiAffinity });
  });

  it('takes an empty spread to spread nothing', () => {
    expect(pod({ topologySpread: [] }).topologySpreadConstraints).toBeUndefined();
  });

  it('takes a node selector, tolerations, affinity and a priority class, in Kubernetes words', () => {
    const spec = pod({
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } },
            },
          ],
        },
      },
      priorityClassName: 'high',
    });
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }]);
    expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(spec.priorityClassName).toBe('high');
  });

  it('runs init containers before the app, with the same secure defaults', () => {
    const spec = pod({
      initContainers: [{ name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'true'], workingDir: '/work' }],
    });
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0]).toMatchObject({
      name: 'migrate',
      workingDir: '/work',
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
  });

  it('fails for an init container named as a container', () => {
    expect(() => pod({ initContainers: [{ name: 'app', image: 'busybox:1.36' }] })).toThrow(
      'test/web: container names must be unique, got "app" more than once; give each a name of its own',
    );
  });

  it('fails for a node selector that is not label syntax', () => {
    expect(() => pod({ nodeSelector: { 'disk type': 'ssd' } })).toThrow(
      /^test\/web: nodeSelector key "disk type" is not a label key .*; rename it, e\.g\. "disk-type"$/,
    );
  });

  it('runs the pods with the RuntimeClass it is given, e.g. a sandbox', () => {
    expect(pod({ runtimeClassName: 'gvisor' }).runtimeClassName).toBe('gvisor');
    expect(pod({}).runtimeClassName).toBeUndefined();
  });

  it('fails for a runtimeClassName that is not a DNS-1123 subdomain', () => {
    expect(() => pod({ runtimeClassName: 'gVisor' })).toThrow(
      /^test\/web: runtimeClassName must be a DNS-1123 subdomain .*, got "gVisor"; rename it, e\.g\. "gvisor"$/,
    );
  });

  it('fails for a priorityClassName that is not a DNS-1123 subdomain', () => {
    expect(() => pod({ priorityClassName: 'High_Priority' })).toThrow(
      /^test\/web: priorityClassName must be a DNS-1123 subdomain .*, got "High_Priority"; rename it, e\.g\. "high-priority"$/,
    );
  });

  it('fails for a spread over a topologyKey that is no node label key (props-fuzz, seeds 11 to 13)', () => {
    expect(() => pod({ topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone.' }] })).toThrow(
      'test/web: topologySpread[0].topologyKey "topology.kubernetes.io/zone." is not a node label key; name the ' +
        'node label whose values are the domains, e.g. "topology.kubernetes.io/zone" or "kubernetes.io/hostname"',
    );
  });

  it('fails for two spreads of one topologyKey and whenUnsatisfiable, and takes them with two (props-fuzz)', () => {
    const zone = { topologyKey: 'topology.kubernetes.io/zone' };
    expect(() => pod({ topologySpread: [zone, { ...zone, maxSkew: 2 }] })).toThrow(
      'test/web: topologySpread[1] spreads over "topology.kubernetes.io/zone" when unsatisfiable ScheduleAnyway, as ' +
        'topologySpread[0] does; the API server refuses two spreads of one topologyKey and whenUnsatisfiable: ' +
        'merge them, or give one whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE',
    );
    const spread = pod({
      topologySpread: [zone, { ...zone, maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }],
    }).topologySpreadConstraints;
    expect(spread.map((each: { whenUnsatisfiable: string }) => each.whenUnsatisfiable)).toEqual([
      'ScheduleAnyway',
      'DoNotSchedule',
    ]);
  });

  it('fails for a spread whose maxSkew is below 1', () => {
    expect(() => pod({ topologySpread: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 0 }] })).toThrow(
      'test/web: topologySpread[0].maxSkew must be an integer of 1 or more, got 0',
    );
  });
});

describe('topology spread: minDomains, matchLabelKeys and node policies', () => {
  const ZONE = 'topology.kubernetes.io/zone';

  it('writes minDomains, matchLabelKeys and the node policies beside the selector it fills in', () => {
    const spread: TopologySpread = {
      topologyKey: ZONE,
      whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE,
      minDomains: 3,
      matchLabelKeys: ['pod-template-hash'],
      nodeAffinityPolicy: NodeInclusionPolicy.IGNORE,
      nodeTaintsPolicy: NodeInclusionPolicy.HONOR,
    };
    expect(pod({ topologySpread: [spread] }).topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: ZONE,
        whenUnsatisfiable: 'DoNotSchedule',
        minDomains: 3,
        matchLabelKeys: ['pod-template-hash'],
        nodeAffinityPolicy: 'Ignore',
        nodeTaintsPolicy: 'Honor',
        labelSelector: { matchLabels: SELECTOR },
      },
    ]);
  });

  it('fails for minDomains without DO_NOT_SCHEDULE', () => {
    expect(() => pod({ topologySpread: [{ topologyKey: ZONE, minDomains: 3 }] })).toThrow(
      'test/web: topologySpread[0].minDomains 3 is given with whenUnsatisfiable ScheduleAnyway; the API server ' +
        'takes minDomains with DoNotSchedule alone: set whenUnsatisfiable to WhenUnsatisfiable.DO_NOT_SCHEDULE, or ' +
        'remove minDomains',
    );
  });

  it('fails for minDomains below 1', () => {
    const spread = { topologyKey: ZONE, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE, minDomains: 0 };
    expect(() => pod({ topologySpread: [spread] })).toThrow(
      'test/web: topologySpread[0].minDomains must be an integer of 1 or more, got 0',
    );
  });

  it("fails for a matchLabelKeys key of the workload's selector before 1.34, and one that is not a label key", () => {
    expect(() => pod({ topologySpread: [{ topologyKey: ZONE, matchLabelKeys: ['app.kubernetes.io/name'] }] })).toThrow(
      'test/web: topologySpread[0].matchLabelKeys has "app.kubernetes.io/name", a key of the workload\'s selector, ' +
        'which the spread already selects by (app.kubernetes.io/name, app.kubernetes.io/instance); the API server of ' +
        '1.27 refuses a key in both (from 1.34 it merges them): remove it',
    );
    expect(() => pod({ topologySpread: [{ topologyKey: ZONE, matchLabelKeys: ['pod template hash'] }] })).toThrow(
      /^test\/web: topologySpread\[0\]\.matchLabelKeys key "pod template hash" is not a label key/,
    );
  });

  it('refuses a node policy in the wrong case from JavaScript', () => {
    const spread = { topologyKey: ZONE, nodeTaintsPolicy: 'honor' as unknown as NodeInclusionPolicy };
    expect(() => pod({ topologySpread: [spread] })).toThrow(
      'test/web: topologySpread[0].nodeTaintsPolicy must be one of "Honor", "Ignore", got "honor" (a string); write "Honor"',
    );
  });
});

describe('topology spread from 1.34', () => {
  it("takes a matchLabelKeys key of the workload's selector from 1.34, which the API server merges", () => {
    const app134 = Testing.app();
    app134.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.34');
    const chart = testChart(app134);
    new Deployment(chart, 'web', {
      containers: [app],
      topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', matchLabelKeys: ['app.kubernetes.io/name'] }],
    });
    expect(
      findObject(chart, 'Deployment', 'web').spec.template.spec.topologySpreadConstraints[0].matchLabelKeys,
    ).toEqual(['app.kubernetes.io/name']);
  });
});

describe("anti-affinity of the workload's own pods", () => {
  const term = (topologyKey: string) => ({ topologyKey, labelSelector: { matchLabels: SELECTOR } });

  it('keeps the pods in different zones, required, selecting its own pods, in place of the default preference', () => {
    expect(pod({ antiAffinity: [{ topologyKey: 'topology.kubernetes.io/zone', required: true }] }).affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('topology.kubernetes.io/zone')] },
    });
  });

  it('prefers other domains with a weight of 100, or the weight given', () => {
    expect(
      pod({
        antiAffinity: [
          { topologyKey: 'topology.kubernetes.io/zone' },
          { topologyKey: 'kubernetes.io/hostname', weight: 20 },
        ],
      }).affinity,
    ).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: term('topology.kubernetes.io/zone') },
          { weight: 20, podAffinityTerm: term('kubernetes.io/hostname') },
        ],
      },
    });
  });

  it('adds its terms to those of `affinity`, keeping the node affinity', () => {
    const nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['platform'] }] }],
      },
    };
    const other = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'cache' } } };
    expect(
      pod({
        affinity: { nodeAffinity, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [other] } },
        antiAffinity: [{ topologyKey: 'topology.kubernetes.io/zone', required: true }],
      }).affinity,
    ).toEqual({
      nodeAffinity,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [other, term('topology.kubernetes.io/zone')],
      },
    });
  });

  it('turns the default preference off with []', () => {
    expect(pod({ antiAffinity: [] }).affinity).toBeUndefined();
  });

  it('fails for a topology key that is not a node label key', () => {
    expect(() => pod({ antiAffinity: [{ topologyKey: 'zone key' }] })).toThrow(
      'test/web: antiAffinity[0].topologyKey "zone key" is not a node label key; name the node label whose values ' +
        'are the domains, e.g. "topology.kubernetes.io/zone" or "kubernetes.io/hostname"',
    );
  });

  it.each([[0], [101], [2.5]])('fails for a weight that is not an integer from 1 to 100: %p', (weight) => {
    expect(() => pod({ antiAffinity: [{ topologyKey: 'kubernetes.io/hostname', weight }] })).toThrow(
      `test/web: antiAffinity[0].weight must be an integer from 1 to 100, got ${weight}; weigh the preference from ` +
        '1 (least) to 100 (most)',
    );
  });

  it('fails for a weight on a required term, which has none', () => {
    expect(() =>
      pod({ antiAffinity: [{ topologyKey: 'kubernetes.io/hostname', required: true, weight: 50 }] }),
    ).toThrow(
      'test/web: antiAffinity[0].weight is given with required: true; the scheduler weighs only a preference: ' +
        'remove weight, or leave required out',
    );
  });
});
