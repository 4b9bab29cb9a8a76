import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../lib/synthesize';
import {
  AGENTS_NAMESPACE,
  AGENT_METRICS_PORT,
  GRAFANA_TLS_SECRET,
  OBSERVABILITY_NAMESPACE,
  buildObservability,
  observabilityEnvironment,
} from '../constructs/api-fit-observability-app';
import { AnyManifest, tempDir } from '../helpers';
import {
  expectTaken,
  applyKindsStrict,
  applyStrict,
  dryRunStrict,
  getJson,
  kubectlResult,
  serverRelease,
  useCleanNamespaces,
} from './kubectl';

jest.setTimeout(180_000);

/**
 * The observability stack of test/constructs/api-fit-observability-app.ts (a node agent DaemonSet that tolerates every
 * taint, runs at system-node-critical priority and reads the node through read-only hostPaths as root, with a
 * ClusterRole; Prometheus as a StatefulSet with claims, two Services, a budget and a ClusterRole; Grafana behind an
 * Ingress with TLS; policies across two namespaces), synthesized for both environments at the release of the API
 * server under test, gate included: each is taken with strict field validation, and the prod one, applied, keeps what
 * the constructs meant, down to the agent's pod on the cluster's node and what its accounts may do.
 */
const RELEASE = serverRelease();
/** The app's two files, in the order they are applied. */
const FILES = ['observability-agents.k8s.yaml', 'observability.k8s.yaml'];
/** The priority of the built-in class system-node-critical. */
const SYSTEM_NODE_CRITICAL = 2_000_001_000;

/** The app's files for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string[] {
  const outdir = tempDir();
  synthesize({
    outdir,
    environments: [observabilityEnvironment(name, RELEASE)],
    build: buildObservability,
    maps: false,
  });
  return FILES.map((file) => path.join(outdir, name, file));
}

/** The agent's pods, once the DaemonSet controller has created one per node (the cluster has one). */
async function agentPods(): Promise<AnyManifest[]> {
  for (let attempt = 0; ; attempt++) {
    const pods = getJson(['pods', '-n', AGENTS_NAMESPACE, '-l', 'app.kubernetes.io/name=node-agent']).items;
    if (pods.length > 0 || attempt >= 60) {
      return pods;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** What `kubectl auth can-i` answers for the ServiceAccount `account` of `namespace`. */
function can(namespace: string, account: string, ...request: string[]): string {
  return kubectlResult([
    'auth',
    'can-i',
    ...request,
    `--as=system:serviceaccount:${namespace}:${account}`,
  ]).stdout.trim();
}

const files: Record<'dev' | 'prod', string[]> = { dev: [], prod: [] };

useCleanNamespaces(
  [OBSERVABILITY_NAMESPACE, AGENTS_NAMESPACE],
  [['clusterrolebinding,clusterrole', ['observability-node-agent', 'observability-prometheus']]],
);

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`a cluster's observability stack on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    for (const file of files[name]) {
      expect(fs.existsSync(file)).toBe(true);
      expect(applyKindsStrict(file, ['Namespace']).status).toBe(0);
      const result = dryRunStrict(file);
      expectTaken(file, result);
    }
  });

  it('keeps, applied, the agent on every node: its tolerations, priority, read-only host paths and rollout', () => {
    for (const file of files.prod) {
      const result = applyStrict(file);
      expectTaken(file, result);
    }
    const spec = getJson(['daemonset', 'node-agent', '-n', AGENTS_NAMESPACE]).spec;
    expect(spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 },
    });
    const pod = spec.template.spec;
    expect({ tolerations: pod.tolerations, priorityClassName: pod.priorityClassName }).toEqual({
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
    });
    expect(
      pod.volumes
        .filter((volume: AnyManifest) => volume.hostPath !== undefined)
        .map((volume: AnyManifest) => `${volume.hostPath.path} ${volume.hostPath.type}`),
    ).toEqual(['/var/log Directory', '/proc Directory', '/sys Directory']);
    expect(
      pod.containers[0].volumeMounts
        .filter((mount: AnyManifest) => mount.name.startsWith('host-'))
        .map((mount: AnyManifest) => `${mount.mountPath} ${mount.readOnly}`),
    ).toEqual(['/host/var/log true', '/host/proc true', '/host/sys true']);
    expect(pod.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
  });

  it("creates the agent's pod on the node at system-node-critical priority, as root, which Pod Security lets it", async () => {
    const pods = await agentPods();
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect({
        node: typeof pod.spec.nodeName,
        priority: pod.spec.priority,
        user: pod.spec.containers[0].securityContext.runAsUser,
      }).toEqual({ node: 'string', priority: SYSTEM_NODE_CRITICAL, user: 0 });
    }
  });

  it('lets the agent read pods, nodes and namespaces, and Prometheus discover endpoints, services and pods, cluster-wide and no more', () => {
    expect([
      can(AGENTS_NAMESPACE, 'node-agent', 'list', 'pods', '--all-namespaces'),
      can(AGENTS_NAMESPACE, 'node-agent', 'watch', 'nodes'),
      can(AGENTS_NAMESPACE, 'node-agent', 'get', 'namespaces'),
      can(AGENTS_NAMESPACE, 'node-agent', 'list', 'secrets', '--all-namespaces'),
      can(AGENTS_NAMESPACE, 'node-agent', 'delete', 'pods', '-n', 'default'),
    ]).toEqual(['yes', 'yes', 'yes', 'no', 'no']);
    expect([
      can(OBSERVABILITY_NAMESPACE, 'prometheus', 'list', 'endpoints', '--all-namespaces'),
      can(OBSERVABILITY_NAMESPACE, 'prometheus', 'watch', 'services', '--all-namespaces'),
      can(OBSERVABILITY_NAMESPACE, 'prometheus', 'list', 'pods', '--all-namespaces'),
      can(OBSERVABILITY_NAMESPACE, 'prometheus', 'list', 'nodes'),
      can(OBSERVABILITY_NAMESPACE, 'prometheus', 'get', 'secrets', '-n', OBSERVABILITY_NAMESPACE),
    ]).toEqual(['yes', 'yes', 'yes', 'no', 'no']);
  });

  it('keeps Prometheus: two members with claims, probes on its own endpoints, its two Services and its budget', () => {
    const spec = getJson(['statefulset', 'prometheus', '-n', OBSERVABILITY_NAMESPACE]).spec;
    const container = spec.template.spec.containers[0];
    expect({
      replicas: spec.replicas,
      serviceName: spec.serviceName,
      claims: spec.volumeClaimTemplates.map((claim: AnyManifest) => claim.metadata.name),
      ready: container.readinessProbe.httpGet.path,
      healthy: container.livenessProbe.httpGet.path,
    }).toEqual({ replicas: 2, serviceName: 'prometheus', claims: ['data'], ready: '/-/ready', healthy: '/-/healthy' });
    expect(getJson(['service', 'prometheus', '-n', OBSERVABILITY_NAMESPACE]).spec.clusterIP).toBe('None');
    expect(getJson(['service', 'prometheus-query', '-n', OBSERVABILITY_NAMESPACE]).spec.clusterIP).not.toBe('None');
    expect(getJson(['pdb', 'prometheus', '-n', OBSERVABILITY_NAMESPACE]).spec.maxUnavailable).toBe(1);
  });

  it("keeps Grafana's Ingress with TLS, and the policies that open the agents' metrics port to Prometheus alone", () => {
    const ingress = getJson(['ingress', 'grafana', '-n', OBSERVABILITY_NAMESPACE]).spec;
    expect(ingress.tls).toEqual([{ hosts: ['grafana.example.com'], secretName: GRAFANA_TLS_SECRET }]);
    const metrics = getJson(['networkpolicy', 'node-agent-metrics-allow-ingress', '-n', AGENTS_NAMESPACE]).spec;
    expect(metrics.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': OBSERVABILITY_NAMESPACE } },
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/instance': 'observability-prod',
                'app.kubernetes.io/name': 'prometheus',
              },
            },
          },
        ],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
    const egress = getJson(['networkpolicy', 'prometheus-to-node-agents', '-n', OBSERVABILITY_NAMESPACE]).spec;
    expect(egress.egress[0].ports).toEqual([{ port: AGENT_METRICS_PORT, protocol: 'TCP' }]);
  });
});
