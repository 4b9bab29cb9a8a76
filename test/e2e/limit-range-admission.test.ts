import { Chart, Testing } from 'cdk8s';
import {
  POD_SUMS_SINCE,
  limitRangeClaims,
  limitRangeDefaults,
  limitRangePods,
} from '../../lib/checks/limit-range-admission';
import { quotaResourcesSpecified } from '../../lib/checks/quota-admission';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { Namespace, PodSecurityLevel } from '../../lib/constructs/namespace';
import { expectAgreement, gateVerdicts, serverVerdict } from './gate';
import { AnyManifest } from '../helpers';
import { kubectl, serverRelease, useNamespaces } from './kubectl';

jest.setTimeout(180_000);

/**
 * LimitRanges on a real API server, and the gate's LimitRange rules held to it: the pods (and claims) the LimitRanger
 * admission plugin refuses in a namespace, after the pod's defaults and the LimitRanges' own, or the pod validation
 * refuses after them, are those the gate refuses; the LimitRanges the server takes that refuse pods by themselves are
 * those the gate reports; and a Deployment whose pods a LimitRange refuses is taken, and gets none.
 */
const RELEASE = serverRelease();
const RULES = [limitRangePods.id, limitRangeClaims.id, limitRangeDefaults.id, quotaResourcesSpecified.id];

/** A namespace of one LimitRange, `limits`, of these items. */
function namespaceWith(name: string, items: AnyManifest[], extra: AnyManifest[] = []): AnyManifest[] {
  const chart = new Chart(Testing.app(), 'limits');
  new Namespace(chart, name, { podSecurity: PodSecurityLevel.PRIVILEGED, kubernetesVersion: RELEASE });
  return [
    ...Testing.synth(chart),
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: name }, spec: { limits: items } },
    ...extra,
  ];
}

const CONTAINER_MAX = 'e2e-limits-container-max';
const CONTAINER_MIN = 'e2e-limits-container-min';
const RATIO = 'e2e-limits-ratio';
const POD_MAX = 'e2e-limits-pod-max';
const NEGATIVE = 'e2e-limits-negative';
const DEFAULT_RATIO = 'e2e-limits-default-ratio';
const CLAIMS = 'e2e-limits-claims';
const QUOTA = 'e2e-limits-quota';

const NAMESPACES: Record<string, AnyManifest[]> = {
  [CONTAINER_MAX]: namespaceWith(CONTAINER_MAX, [{ type: 'Container', max: { cpu: '1' } }]),
  [CONTAINER_MIN]: namespaceWith(CONTAINER_MIN, [{ type: 'Container', min: { cpu: '100m' } }]),
  [RATIO]: namespaceWith(RATIO, [{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]),
  [POD_MAX]: namespaceWith(POD_MAX, [{ type: 'Pod', max: { cpu: '1' } }]),
  [NEGATIVE]: namespaceWith(NEGATIVE, [{ type: 'Container', default: { cpu: '-1' } }]),
  [DEFAULT_RATIO]: namespaceWith(DEFAULT_RATIO, [
    { type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '2' } },
  ]),
  [CLAIMS]: namespaceWith(CLAIMS, [
    { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } },
  ]),
  [QUOTA]: namespaceWith(
    QUOTA,
    [{ type: 'Container', max: { cpu: '1' } }],
    [
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'compute', namespace: QUOTA },
        spec: { hard: { 'requests.cpu': '4', 'limits.cpu': '4' } },
      },
    ],
  ),
};

function container(resources?: AnyManifest, name = 'app'): AnyManifest {
  return { name, image: 'nginx:1.27', ...(resources === undefined ? {} : { resources }) };
}

function pod(namespace: string, spec: AnyManifest): AnyManifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', namespace }, spec };
}

function claim(namespace: string, storage: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

/** The LimitRange rules' findings on the namespace's objects and `extra`, as `rule: message`. */
function gate(namespace: string, extra: AnyManifest[]): string[] {
  return gateVerdicts([...NAMESPACES[namespace], ...extra], RELEASE, RULES).map(
    (finding) => `${finding.rule}: ${finding.message}`,
  );
}

/** The gate's findings on `extra` alone: what it says of the pods and claims, not of the namespace's LimitRange. */
function gateOn(namespace: string, extra: AnyManifest[]): string[] {
  const kinds = new Set(extra.map((manifest) => manifest.kind));
  return gateVerdicts([...NAMESPACES[namespace], ...extra], RELEASE, RULES)
    .filter((finding) => kinds.has(finding.object.manifest.kind))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

useNamespaces(NAMESPACES);

const before = compareReleases(RELEASE, POD_SUMS_SINCE) < 0;

/** [what, namespace, pod spec, the server's refusal (a part of it) and the gate's, or undefined when both take it]. */
const POD_CASES: readonly [string, string, AnyManifest, { server: string; gate: string } | undefined][] = [
  ['no resources, under a max (its default)', CONTAINER_MAX, { containers: [container()] }, undefined],
  [
    'a limit above the max',
    CONTAINER_MAX,
    { containers: [container({ limits: { cpu: '2' } })] },
    {
      server: 'maximum cpu usage per Container is 1, but limit is 2',
      gate: 'has a cpu limit of 2, above the maximum 1',
    },
  ],
  [
    'an init container limited above the max',
    CONTAINER_MAX,
    { initContainers: [container({ limits: { cpu: '2' } }, 'setup')], containers: [container()] },
    {
      server: 'maximum cpu usage per Container is 1, but limit is 2',
      gate: 'init container "setup" has a cpu limit of 2, above the maximum 1',
    },
  ],
  [
    'a request above the default limit the max gives',
    CONTAINER_MAX,
    { containers: [container({ requests: { cpu: '2' } })] },
    { server: 'must be less than or equal to cpu limit', gate: 'a request above its limit' },
  ],
  ['no resources, over a min (its default request)', CONTAINER_MIN, { containers: [container()] }, undefined],
  [
    'a limit below the min (the request follows it)',
    CONTAINER_MIN,
    { containers: [container({ limits: { cpu: '50m' } })] },
    {
      server: 'minimum cpu usage per Container is 100m, but request is 50m',
      gate: 'requests cpu 50m (its limit, which the API server takes for a request not given), below the minimum 100m',
    },
  ],
  [
    'no resources, where a ratio has no default',
    RATIO,
    { containers: [container()] },
    {
      server: 'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
      gate: 'requests no cpu (or 0)',
    },
  ],
  [
    'a limit ten times the request',
    RATIO,
    { containers: [container({ requests: { cpu: '100m' }, limits: { cpu: '1' } })] },
    {
      server: 'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
      gate: 'provided ratio is 10.000000',
    },
  ],
  [
    'no limit, under a Pod max',
    POD_MAX,
    { containers: [container()] },
    { server: 'maximum cpu usage per Pod is 1.  No limit is specified', gate: 'has no cpu limit' },
  ],
  [
    'two containers over a Pod max together',
    POD_MAX,
    { containers: [container({ limits: { cpu: '600m' } }), container({ limits: { cpu: '600m' } }, 'two')] },
    {
      server: 'maximum cpu usage per Pod is 1, but limit is 1200m',
      gate: 'has a cpu limit of 1200m, above the maximum 1',
    },
  ],
  [
    `one container of two limited, under a Pod max (refused before ${POD_SUMS_SINCE})`,
    POD_MAX,
    { containers: [container({ limits: { cpu: '500m' } }), container(undefined, 'two')] },
    before ? { server: 'maximum cpu usage per Pod is 1.  No limit is specified', gate: 'has no cpu limit' } : undefined,
  ],
  [
    'no resources, where the default limit is negative',
    NEGATIVE,
    { containers: [container()] },
    { server: 'must be greater than or equal to 0', gate: 'has a cpu limit of -1' },
  ],
  [
    'its own limit, where the default limit is negative',
    NEGATIVE,
    { containers: [container({ limits: { cpu: '1' } })] },
    undefined,
  ],
  [
    'no resources, where the defaults are further apart than the ratio',
    DEFAULT_RATIO,
    { containers: [container()] },
    {
      server: 'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
      gate: 'provided ratio is 10.000000',
    },
  ],
  ['no resources, under a quota and a max (its default)', QUOTA, { containers: [container()] }, undefined],
];

describe(`LimitRanges on Kubernetes ${RELEASE}`, () => {
  it.each(POD_CASES)('a pod of %s: the server and the gate agree', (_what, namespace, spec, refusal) => {
    const manifest = pod(namespace, spec);
    expectAgreement(serverVerdict(manifest), gateOn(namespace, [manifest]), refusal);
  });

  it.each([
    [
      'above the max',
      '5Gi',
      {
        server: 'maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
        gate: 'above the maximum 2Gi',
      },
    ],
    [
      'below the min',
      '500Mi',
      {
        server: 'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
        gate: 'below the minimum 1Gi',
      },
    ],
    ['within the bounds', '1Gi', undefined],
  ] as const)('a claim %s: the server and the gate agree', (_what, storage, refusal) => {
    const manifest = claim(CLAIMS, storage);
    expectAgreement(serverVerdict(manifest), gateOn(CLAIMS, [manifest]), refusal);
  });

  it('takes the LimitRanges the gate reports, as they are stored: a Container max is its default limit', () => {
    expect(
      kubectl(['get', 'limitrange', 'limits', '-n', CONTAINER_MAX, '-o', 'jsonpath={.spec.limits[0].default.cpu}']),
    ).toBe('1');
    expect(gate(NEGATIVE, [])).toEqual([
      expect.stringMatching(
        /^limit-range-defaults: spec\.limits\[0\]\.default\["cpu"\] is -1, a default limit below 0/,
      ),
    ]);
    expect(gate(DEFAULT_RATIO, [])).toEqual([
      expect.stringMatching(/^limit-range-defaults: the default limit 1 .* is 10\.00 times the default request 100m/),
    ]);
  });

  it('takes a Deployment whose pods a LimitRange refuses, and gets none of them, as the gate says', async () => {
    const web: AnyManifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: CONTAINER_MAX },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container({ limits: { cpu: '2' } })] } },
      },
    };
    expect(gateOn(CONTAINER_MAX, [web])).toEqual([
      expect.stringMatching(
        /^limit-range-pods: container "app" has a cpu limit of 2, above the maximum 1 .*FailedCreate/,
      ),
    ]);
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(web));
    let failure = '';
    for (let attempt = 0; attempt < 60 && failure === ''; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sets = JSON.parse(
        kubectl(['get', 'replicasets', '-n', CONTAINER_MAX, '-l', 'app=web', '-o', 'json']),
      ).items;
      failure =
        sets
          .flatMap((set: AnyManifest) => set.status?.conditions ?? [])
          .find((condition: AnyManifest) => condition.type === 'ReplicaFailure')?.message ?? '';
    }
    expect(failure).toContain('maximum cpu usage per Container is 1, but limit is 2');
    expect(JSON.parse(kubectl(['get', 'pods', '-n', CONTAINER_MAX, '-l', 'app=web', '-o', 'json'])).items).toEqual([]);
  });
});
