import { Chart, Testing } from 'cdk8s';
import { quotaCapacity, quotaResourcesSpecified } from '../../lib/checks/quota-admission';
import { Namespace, NamespaceProps, PodSecurityLevel } from '../../lib/constructs/namespace';
import { expectAgreement, gateVerdicts, serverVerdict } from './gate';
import { AnyManifest } from '../helpers';
import { kubectl, serverRelease, useNamespaces } from './kubectl';

jest.setTimeout(180_000);

/**
 * A Namespace's quota and container defaults (the Namespace construct's ResourceQuota and LimitRange) on a real API
 * server, and the gate's quota checks held to it: the pods it refuses for a request or limit they do not set, or for
 * going over the quota, are those the gate refuses, and a Deployment of more than the quota allows gets only the pods
 * that fit.
 */
const RELEASE = serverRelease();
const STRICT = 'e2e-quota-strict';
const DEFAULTS = 'e2e-quota-defaults';
const BATCH = 'e2e-quota-batch';
const SCOPED = 'e2e-quota-scoped';

function namespaceObjects(name: string, props: NamespaceProps): AnyManifest[] {
  const chart = new Chart(Testing.app(), 'quota');
  new Namespace(chart, name, { ...props, podSecurity: PodSecurityLevel.PRIVILEGED, kubernetesVersion: RELEASE });
  return Testing.synth(chart);
}

const NAMESPACES: Record<string, AnyManifest[]> = {
  [STRICT]: namespaceObjects(STRICT, { quota: { cpuRequests: '1', memoryLimits: '1Gi', pods: 3 } }),
  [DEFAULTS]: namespaceObjects(DEFAULTS, {
    quota: { cpuRequests: '1', memoryLimits: '1Gi' },
    containerDefaults: { cpuRequest: '100m', memoryLimit: '128Mi' },
  }),
  [SCOPED]: [
    ...namespaceObjects(SCOPED, {}),
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'terminating', namespace: SCOPED },
      spec: { hard: { pods: '1' }, scopes: ['Terminating'] },
    },
  ],
  [BATCH]: namespaceObjects(BATCH, {
    quota: { pods: 1 },
    containerDefaults: { cpuRequest: '10m', memoryLimit: '32Mi' },
  }),
};

function pod(namespace: string, resources?: AnyManifest, name = 'probe'): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...(resources === undefined ? {} : { resources }) }] },
  };
}

/** A Deployment of `replicas` nginx pods labelled app=`name`, with these container resources. */
function deployment(namespace: string, name: string, replicas: number, resources?: AnyManifest): AnyManifest {
  const container = { name: 'app', image: 'nginx:1.27', ...(resources === undefined ? {} : { resources }) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
    },
  };
}

/** The quota rules' findings on the namespace's objects and `extra`. */
function gate(namespace: string, extra: AnyManifest[]): string[] {
  return gateVerdicts([...NAMESPACES[namespace], ...extra], RELEASE, [
    quotaResourcesSpecified.id,
    quotaCapacity.id,
  ]).map((finding) => `${finding.rule}: ${finding.message}`);
}

useNamespaces(NAMESPACES);

/** [what, namespace, pod resources, the server's refusal (a part of it), or undefined when it admits the pod]. */
const CASES: readonly [string, string, AnyManifest | undefined, string | undefined][] = [
  ['no requests or limits', STRICT, undefined, 'must specify'],
  ['no memory limit', STRICT, { requests: { cpu: '100m' } }, 'must specify'],
  ['a CPU request and a memory limit', STRICT, { requests: { cpu: '100m' }, limits: { memory: '64Mi' } }, undefined],
  ['a CPU limit only (the request defaults to it)', STRICT, { limits: { cpu: '500m', memory: '64Mi' } }, undefined],
  ['more CPU than the whole quota', STRICT, { requests: { cpu: '2' }, limits: { memory: '64Mi' } }, 'exceeded quota'],
  ['no requests or limits, with container defaults', DEFAULTS, undefined, undefined],
  ['more memory than the quota, beside the defaults', DEFAULTS, { limits: { memory: '2Gi' } }, 'exceeded quota'],
];

describe(`quotas on Kubernetes ${RELEASE}`, () => {
  it.each(CASES)('a pod of %s: the server and the gate agree', (_what, namespace, resources, refusal) => {
    const manifest = pod(namespace, resources);
    expectAgreement(
      serverVerdict(manifest),
      gate(namespace, [manifest]),
      refusal === undefined ? undefined : { server: refusal, gate: refusal },
    );
  });

  it('gives a Deployment of more than the quota allows only the pods that fit, as the gate says', async () => {
    const greedy = deployment(STRICT, 'greedy', 3, { requests: { cpu: '400m' }, limits: { memory: '64Mi' } });
    expect(gate(STRICT, [greedy])).toEqual([
      expect.stringMatching(
        /^quota-capacity: the pods namespace e2e-quota-strict runs at once need requests\.cpu 1\.2 /,
      ),
    ]);
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(greedy));
    let failure = '';
    for (let attempt = 0; attempt < 60 && failure === ''; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sets = JSON.parse(kubectl(['get', 'replicasets', '-n', STRICT, '-l', 'app=greedy', '-o', 'json'])).items;
      failure =
        sets
          .flatMap((set: AnyManifest) => set.status?.conditions ?? [])
          .find((condition: AnyManifest) => condition.type === 'ReplicaFailure')?.message ?? '';
    }
    expect(failure).toContain('exceeded quota');
    const pods = JSON.parse(kubectl(['get', 'pods', '-n', STRICT, '-l', 'app=greedy', '-o', 'json'])).items;
    expect(pods).toHaveLength(2);
  });

  it('refuses the pods of a Job that a quota leaves no room for beside the long-running pods, as the gate says', async () => {
    const container = { name: 'app', image: 'nginx:1.27' };
    const steady = deployment(BATCH, 'steady', 1);
    const job: AnyManifest = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once', namespace: BATCH },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
    };
    expect(gate(BATCH, [steady, job])).toEqual([
      expect.stringMatching(/^quota-capacity: .* which leaves no room for a pod of Job e2e-quota-batch\/once \(1\)/),
    ]);
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(steady));
    const running = () =>
      JSON.parse(kubectl(['get', 'pods', '-n', BATCH, '-l', 'app=steady', '-o', 'json'])).items.length;
    for (let attempt = 0; attempt < 60 && running() === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(running()).toBe(1);
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(job));
    let refusal = '';
    for (let attempt = 0; attempt < 60 && refusal === ''; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const events = JSON.parse(
        kubectl(['get', 'events', '-n', BATCH, '--field-selector', 'involvedObject.name=once', '-o', 'json']),
      ).items;
      refusal = events.find((event: AnyManifest) => event.reason === 'FailedCreate')?.message ?? '';
    }
    expect(refusal).toContain('exceeded quota');
    expect(JSON.parse(kubectl(['get', 'pods', '-n', BATCH, '-l', 'job-name=once', '-o', 'json'])).items).toEqual([]);
  });

  it("counts only the pods of a scoped quota's scope, as the gate does", () => {
    const container = { name: 'app', image: 'nginx:1.27' };
    // Pods without an activeDeadlineSeconds are NotTerminating: a quota of Terminating pods does not count them.
    const steady = deployment(SCOPED, 'steady', 2);
    const timed = (name: string): AnyManifest => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: SCOPED },
      spec: { activeDeadlineSeconds: 600, containers: [container] },
    });
    expect(gate(SCOPED, [steady, timed('first')])).toEqual([]);
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(steady));
    kubectl(['apply', '--validate=strict', '-f', '-'], JSON.stringify(timed('first')));
    expectAgreement(serverVerdict(timed('second')), gate(SCOPED, [steady, timed('first'), timed('second')]), {
      server: 'exceeded quota',
      gate: 'need pods 2',
    });
  });
});
