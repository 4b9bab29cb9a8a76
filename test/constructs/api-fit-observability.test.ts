import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runChecks } from '../../lib/checks/run-checks';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import {
  AGENTS_NAMESPACE,
  AGENT_METRICS_PORT,
  GRAFANA_TLS_SECRET,
  OBSERVABILITY_NAMESPACE,
  PROMETHEUS_PORT,
  buildObservability,
  grafanaHost,
  observabilityEnvironment,
} from './api-fit-observability-app';

/** The objects of the app's two files under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return ['observability.k8s.yaml', 'observability-agents.k8s.yaml'].flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
      .map((document) => document.toJSON())
      .filter((manifest) => manifest !== null && typeof manifest.kind === 'string'),
  );
}

describe.each(['dev', 'prod'] as const)("a cluster's observability stack through the public API, in %s", (name) => {
  const env = observabilityEnvironment(name);
  const prod = name === 'prod';
  const selectorOf = (workload: string, chart: string) => ({
    'app.kubernetes.io/instance': `${chart}-${name}`,
    'app.kubernetes.io/name': workload,
  });
  const agentPods = selectorOf('node-agent', 'observability-agents');
  const prometheusPods = selectorOf('prometheus', 'observability');
  const grafanaPods = selectorOf('grafana', 'observability');
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildObservability, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('has no finding or warning at the gate; only the agent is exempted, from host-access and security-context', () => {
    const objects = renderApp(buildObservability(env)).flatMap((file) => file.objects);
    const result = runChecks(objects, env);
    expect({ findings: result.findings, warnings: result.warnings }).toEqual({ findings: [], warnings: [] });
    expect(
      result.exemptions.map(
        ({ object, rule, reason }) => `${object.manifest.kind} ${object.manifest.metadata.name} ${rule}: ${reason}`,
      ),
    ).toEqual([
      "DaemonSet node-agent security-context: reads the node's log files, which only root may read (mode 0640); its root filesystem stays read-only",
      "DaemonSet node-agent host-access: a node agent: reads the node's logs, /proc and /sys, read-only",
    ]);
  });

  describe('the node agent', () => {
    let daemonSet: AnyManifest;
    let pod: AnyManifest;
    beforeAll(() => {
      daemonSet = find(manifests, 'DaemonSet', 'node-agent');
      pod = daemonSet.spec.template.spec;
    });

    it('runs on every node, whatever its taints, at system-node-critical priority, in a privileged namespace', () => {
      expect(daemonSet.metadata.namespace).toBe(AGENTS_NAMESPACE);
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(pod.priorityClassName).toBe('system-node-critical');
      expect(pod.nodeSelector).toBeUndefined();
      expect(pod.affinity).toBeUndefined();
      expect(find(manifests, 'Namespace', AGENTS_NAMESPACE).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
      });
      expect(find(manifests, 'Namespace', OBSERVABILITY_NAMESPACE).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
    });

    it("reads the node's logs, /proc and /sys read-only through hostPath, as root with a read-only root filesystem", () => {
      const [container] = pod.containers;
      expect(pod.volumes.filter((volume: AnyManifest) => volume.hostPath !== undefined)).toEqual([
        { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } },
        { name: 'host-proc', hostPath: { path: '/proc', type: 'Directory' } },
        { name: 'host-sys', hostPath: { path: '/sys', type: 'Directory' } },
      ]);
      expect(container.volumeMounts.filter((mount: AnyManifest) => mount.name.startsWith('host-'))).toEqual([
        { name: 'host-var-log', mountPath: '/host/var/log', readOnly: true },
        { name: 'host-proc', mountPath: '/host/proc', readOnly: true },
        { name: 'host-sys', mountPath: '/host/sys', readOnly: true },
      ]);
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: false,
        runAsUser: 0,
        runAsGroup: 0,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.securityContext.privileged).toBeUndefined();
      expect(daemonSet.metadata.annotations).toMatchObject({
        'policy.k8s-course.io/exempt-host-access': "a node agent: reads the node's logs, /proc and /sys, read-only",
        'policy.k8s-course.io/exempt-security-context': expect.stringContaining('only root may read'),
      });
    });

    it('rolls out over 10% of the nodes at a time', () => {
      expect(daemonSet.spec.updateStrategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '10%' },
      });
    });

    it('runs as its own ServiceAccount, which may read pods, nodes and namespaces cluster-wide and nothing else', () => {
      expect(pod.serviceAccountName).toBe('node-agent');
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(find(manifests, 'ClusterRole', 'observability-node-agent').rules).toEqual([
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      ]);
      expect(find(manifests, 'ClusterRoleBinding', 'observability-node-agent')).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'observability-node-agent' },
        subjects: [{ kind: 'ServiceAccount', name: 'node-agent', namespace: AGENTS_NAMESPACE }],
      });
    });
  });

  describe('Prometheus', () => {
    let statefulSet: AnyManifest;
    let container: AnyManifest;
    beforeAll(() => {
      statefulSet = find(manifests, 'StatefulSet', 'prometheus');
      container = statefulSet.spec.template.spec.containers[0];
    });

    it('runs two members, each with a claim, behind its headless Service and a ClusterIP Service, kept by a budget', () => {
      expect(statefulSet.spec).toMatchObject({ replicas: 2, serviceName: 'prometheus' });
      expect(statefulSet.spec.volumeClaimTemplates).toMatchObject([
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: prod ? '50Gi' : '1Gi' } } },
        },
      ]);
      expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/prometheus' });
      expect(find(manifests, 'Service', 'prometheus').spec).toMatchObject({
        clusterIP: 'None',
        selector: prometheusPods,
      });
      const query = find(manifests, 'Service', 'prometheus-query').spec;
      expect(query).toMatchObject({ type: 'ClusterIP', selector: prometheusPods });
      expect(query.clusterIP).toBeUndefined();
      expect(query.ports).toEqual([{ name: 'web', port: PROMETHEUS_PORT, targetPort: 'web' }]);
      expect(find(manifests, 'PodDisruptionBudget', 'prometheus').spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: prometheusPods },
      });
    });

    it('reads its scrape configuration as a file of a ConfigMap', () => {
      const config = manifests.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('prometheus-config-'),
      );
      expect(config?.data['prometheus.yml']).toContain(`names: [${AGENTS_NAMESPACE}]`);
      expect(container.args).toContain('--config.file=/etc/prometheus/prometheus.yml');
      expect(statefulSet.spec.template.spec.volumes).toContainEqual({
        name: 'config',
        configMap: { name: config?.metadata.name },
      });
      expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/prometheus', readOnly: true });
    });

    it('is ready on /-/ready and alive on /-/healthy', () => {
      expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'web' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'web' });
      expect(container.livenessProbe.periodSeconds).toBe(20);
    });

    it('discovers endpoints, services and pods cluster-wide through its own ServiceAccount', () => {
      expect(statefulSet.spec.template.spec.serviceAccountName).toBe('prometheus');
      expect(find(manifests, 'ClusterRole', 'observability-prometheus').rules).toEqual(
        ['endpoints', 'services', 'pods'].map((resource) => ({
          apiGroups: [''],
          resources: [resource],
          verbs: ['get', 'list', 'watch'],
        })),
      );
      expect(find(manifests, 'ClusterRoleBinding', 'observability-prometheus').subjects).toEqual([
        { apiGroup: '', kind: 'ServiceAccount', name: 'prometheus', namespace: OBSERVABILITY_NAMESPACE },
      ]);
    });
  });

  describe('Grafana', () => {
    let pod: AnyManifest;
    beforeAll(() => {
      pod = find(manifests, 'Deployment', 'grafana').spec.template.spec;
    });

    it('mounts its dashboards and data source as files of ConfigMaps', () => {
      const dashboards = manifests.find(
        (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('grafana-dashboards-'),
      );
      expect(JSON.parse(dashboards?.data['nodes.json']).title).toBe('Nodes');
      expect(pod.volumes).toContainEqual({ name: 'dashboards', configMap: { name: dashboards?.metadata.name } });
      const provisioning = pod.volumes.find((volume: AnyManifest) => volume.name === 'provisioning').configMap;
      expect(provisioning.items).toEqual([
        { key: 'datasources.yaml', path: 'datasources/prometheus.yaml' },
        { key: 'dashboards.yaml', path: 'dashboards/files.yaml' },
      ]);
      expect(pod.containers[0].volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'dashboards', mountPath: '/etc/grafana/dashboards', readOnly: true },
          { name: 'provisioning', mountPath: '/etc/grafana/provisioning', readOnly: true },
        ]),
      );
    });

    it('takes its admin password from the SealedSecret, never as plain text', () => {
      expect(find(manifests, 'SealedSecret', 'grafana-admin').spec.encryptedData).toEqual({
        password: 'AgBsealedGrafanaAdminPassword==',
      });
      expect(pod.containers[0].env).toContainEqual({
        name: 'GF_SECURITY_ADMIN_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'password' } },
      });
    });

    it('is served over TLS on its host by an Ingress', () => {
      const ingress = find(manifests, 'Ingress', 'grafana').spec;
      expect(ingress.tls).toEqual([{ hosts: [grafanaHost(env)], secretName: GRAFANA_TLS_SECRET }]);
      expect(ingress.rules).toEqual([
        {
          host: grafanaHost(env),
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'grafana', port: { number: 80 } } } }],
          },
        },
      ]);
    });
  });

  it('lets Grafana reach Prometheus, Prometheus the agents on their metrics port, the Ingress controller Grafana, and nothing else in', () => {
    const policies = manifests.filter((object) => object.kind === 'NetworkPolicy');
    const ingress = policies
      .filter((policy) => (policy.spec.ingress ?? []).length > 0)
      .map((policy) => ({
        namespace: policy.metadata.namespace,
        to: policy.spec.podSelector.matchLabels,
        rules: policy.spec.ingress,
      }));
    expect(ingress).toEqual([
      {
        namespace: OBSERVABILITY_NAMESPACE,
        to: grafanaPods,
        rules: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
            ports: [{ port: 'http', protocol: 'TCP' }],
          },
        ],
      },
      {
        namespace: OBSERVABILITY_NAMESPACE,
        to: prometheusPods,
        rules: [
          {
            from: [{ podSelector: { matchLabels: prometheusPods } }, { podSelector: { matchLabels: grafanaPods } }],
            ports: [{ port: PROMETHEUS_PORT, protocol: 'TCP' }],
          },
        ],
      },
      {
        namespace: OBSERVABILITY_NAMESPACE,
        to: prometheusPods,
        rules: [{ from: [{ podSelector: { matchLabels: grafanaPods } }], ports: [{ port: 'web', protocol: 'TCP' }] }],
      },
      {
        namespace: AGENTS_NAMESPACE,
        to: agentPods,
        rules: [
          {
            from: [
              {
                podSelector: { matchLabels: prometheusPods },
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': OBSERVABILITY_NAMESPACE } },
              },
            ],
            ports: [{ port: 'metrics', protocol: 'TCP' }],
          },
        ],
      },
    ]);
    expect(find(manifests, 'NetworkPolicy', 'prometheus-to-node-agents').spec).toEqual({
      podSelector: { matchLabels: prometheusPods },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              podSelector: { matchLabels: agentPods },
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': AGENTS_NAMESPACE } },
            },
          ],
          ports: [{ port: AGENT_METRICS_PORT, protocol: 'TCP' }],
        },
      ],
    });
    for (const namespace of [OBSERVABILITY_NAMESPACE, AGENTS_NAMESPACE]) {
      expect(
        find(
          manifests.filter((object) => object.metadata.namespace === namespace),
          'NetworkPolicy',
          'default-deny',
        ).spec,
      ).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
    }
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildObservability, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the observability stack at the gate', () => {
  it("is refused when Grafana's certificate Secret is not declared external", () => {
    const env = parseEnvironment('prod', ENVIRONMENTS.prod, {
      [`${OBSERVABILITY_NAMESPACE}/grafana-admin`]: { password: 'AgBsealedGrafanaAdminPassword==' },
    });
    expect(() =>
      synthesize({ outdir: tempDir(), environments: [env], build: buildObservability, maps: false }),
    ).toThrow(`Secret ${OBSERVABILITY_NAMESPACE}/${GRAFANA_TLS_SECRET}`);
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-observability-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|addOverride|Kube[A-Z]|imports\/k8s|lib\/constructs|lib\/checks|escape/,
    );
  });
});
