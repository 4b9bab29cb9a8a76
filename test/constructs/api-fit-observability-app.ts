import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  DaemonSet,
  DaemonSetUpdateStrategy,
  Environment,
  HostPathType,
  NAMESPACE_NAME_LABEL,
  NetworkPolicy,
  PodSecurityLevel,
  Probe,
  SealedSecret,
  SecretRef,
  Service,
  StatefulSet,
  Volume,
  WebService,
  exemptFromPolicy,
} from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';

/** The namespace of Prometheus and Grafana, Pod Security `restricted`. */
export const OBSERVABILITY_NAMESPACE = 'observability';
/** The namespace of the node agents, Pod Security `privileged`: they read the node's files through hostPath. */
export const AGENTS_NAMESPACE = 'observability-agents';
/** The Secret cert-manager makes for Grafana's host, which the environment declares external. */
export const GRAFANA_TLS_SECRET = 'grafana-tls';
/** The port the node agents publish their metrics on (fluent-bit's prometheus_exporter output). */
export const AGENT_METRICS_PORT = 2021;
/** The port of Prometheus' API and UI. */
export const PROMETHEUS_PORT = 9090;

/** The host of Grafana in an environment. */
export function grafanaHost(env: Environment): string {
  return env.name === 'prod' ? 'grafana.example.com' : 'grafana.dev.localhost';
}

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37), or of another release, with Grafana's sealed admin
 * password and its TLS Secret declared external.
 */
export function observabilityEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      ...(release === undefined ? {} : { kubernetesVersion: release }),
      external: { secrets: [`${OBSERVABILITY_NAMESPACE}/${GRAFANA_TLS_SECRET}`] },
    },
    { [`${OBSERVABILITY_NAMESPACE}/grafana-admin`]: { password: 'AgBsealedGrafanaAdminPassword==' } },
  );
}

/** fluent-bit's pipeline: the node's container logs and its /proc and /sys as metrics, served to Prometheus. */
const AGENT_CONFIG = `service:
  http_server: on
  http_port: 2020
  health_check: on
pipeline:
  inputs:
    - name: tail
      path: /host/var/log/containers/*.log
      tag: kube.*
      db: /var/fluent-bit/state/tail.db
    - name: node_exporter_metrics
      tag: node_metrics
      path.procfs: /host/proc
      path.sysfs: /host/sys
  filters:
    - name: kubernetes
      match: kube.*
  outputs:
    - name: prometheus_exporter
      match: node_metrics
      port: ${AGENT_METRICS_PORT}
`;

/** Prometheus' configuration: itself, and the node agents found through the API by their metrics port's name. */
const PROMETHEUS_CONFIG = `global:
  scrape_interval: 30s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:${PROMETHEUS_PORT}']
  - job_name: node-agents
    kubernetes_sd_configs:
      - role: pod
        namespaces:
          names: [${AGENTS_NAMESPACE}]
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_container_port_name]
        regex: metrics
        action: keep
      - source_labels: [__meta_kubernetes_pod_node_name]
        target_label: node
`;

/** Grafana's provisioning: Prometheus as the data source, and the dashboards mounted as files. */
const GRAFANA_DATASOURCES = `apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    url: http://prometheus-query:${PROMETHEUS_PORT}
    isDefault: true
`;
const GRAFANA_DASHBOARD_PROVIDERS = `apiVersion: 1
providers:
  - name: files
    type: file
    options:
      path: /etc/grafana/dashboards
`;
const NODES_DASHBOARD = JSON.stringify({
  title: 'Nodes',
  uid: 'nodes',
  panels: [{ type: 'timeseries', title: 'CPU', targets: [{ expr: 'rate(node_cpu_seconds_total{mode!="idle"}[5m])' }] }],
});

/**
 * A cluster's metrics and logs stack through the public API alone (lib/index.ts and cdk8s-plus; no JSON patch, raw
 * object or generated binding: test/constructs/api-fit-observability.test.ts checks this file's text), as a platform
 * team would write it:
 * - a node agent (fluent-bit) as a DaemonSet on every node, tainted ones included, at system-node-critical priority,
 *   reading the node's logs, /proc and /sys read-only through hostPath as root, in a namespace of its own that Pod
 *   Security lets do so; its ServiceAccount may read pods, nodes and namespaces cluster-wide; rolled out over 10% of
 *   the nodes at a time;
 * - Prometheus as a StatefulSet of two with its configuration file from a ConfigMap, a claim per member, a headless
 *   Service (the set's) and a ClusterIP Service, a disruption budget, readiness and liveness on its own endpoints, and
 *   a ServiceAccount that discovers endpoints, services and pods cluster-wide;
 * - Grafana as a WebService with its dashboards and data source as files of ConfigMaps, its admin password from a
 *   SealedSecret, behind an Ingress with TLS;
 * - network policies: Grafana reaches Prometheus, Prometheus the agents' metrics port, the Ingress controller Grafana,
 *   and nothing else gets in.
 */
export function buildObservability(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const stack = new AppChart(app, 'observability', { env, namespace: OBSERVABILITY_NAMESPACE });
  const agents = new AppChart(app, 'observability-agents', {
    env,
    namespace: AGENTS_NAMESPACE,
    podSecurity: PodSecurityLevel.PRIVILEGED,
  });

  // The node agent.
  const agentAccount = new kplus.ServiceAccount(agents, 'node-agent-account', { metadata: { name: 'node-agent' } });
  const agentReader = new kplus.ClusterRole(agents, 'node-agent-reader', {
    metadata: { name: 'observability-node-agent' },
  });
  // The kubernetes filter labels each log line with its pod's metadata.
  agentReader.allowRead(kplus.ApiResource.PODS, kplus.ApiResource.NODES, kplus.ApiResource.NAMESPACES);
  new kplus.ClusterRoleBinding(agents, 'node-agent-binding', {
    metadata: { name: 'observability-node-agent' },
    role: agentReader,
  }).addSubjects(agentAccount);
  const agentConfig = new kplus.ConfigMap(agents, 'node-agent-config', {
    metadata: { name: 'node-agent-config' },
    data: { 'fluent-bit.yaml': AGENT_CONFIG },
  });
  const hostFiles = (path: string) => ({
    volume: Volume.fromHostPath(path, { type: HostPathType.DIRECTORY }),
    path: `/host${path}`,
    readOnly: true,
  });
  const agent = new DaemonSet(agents, 'node-agent', {
    serviceAccount: agentAccount,
    priorityClassName: 'system-node-critical',
    // Every node, whatever its taints: a node without its agent is a node nobody sees.
    tolerations: [{ operator: 'Exists' }],
    updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: '10%' }),
    terminationGracePeriod: Duration.seconds(10),
    containers: [
      {
        name: 'fluent-bit',
        image: 'fluent/fluent-bit:3.1.9',
        args: ['--config=/fluent-bit/etc/fluent-bit.yaml'],
        // The node's log files are root's, mode 0640.
        user: 0,
        group: 0,
        ports: [
          { number: 2020, name: 'http' },
          { number: AGENT_METRICS_PORT, name: 'metrics' },
        ],
        readiness: Probe.httpGet('/api/v1/health', 'http'),
        liveness: Probe.tcpSocket('http', { period: Duration.seconds(20) }),
        env: { NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
        mounts: [
          hostFiles('/var/log'),
          hostFiles('/proc'),
          hostFiles('/sys'),
          { volume: Volume.fromConfigMap(agentConfig, { name: 'config' }), path: '/fluent-bit/etc', readOnly: true },
          { volume: Volume.fromEmptyDir('state'), path: '/var/fluent-bit/state' },
        ],
        resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
      },
    ],
  });
  exemptFromPolicy(agent, {
    rules: ['host-access'],
    polarisChecks: ['hostPathSet'],
    reason: "a node agent: reads the node's logs, /proc and /sys, read-only",
  });
  exemptFromPolicy(agent, {
    rules: ['security-context'],
    kubeScoreChecks: ['container-security-context-user-group-id'],
    polarisChecks: ['runAsRootAllowed'],
    reason: "reads the node's log files, which only root may read (mode 0640); its root filesystem stays read-only",
  });

  // Prometheus.
  const prometheusAccount = new kplus.ServiceAccount(stack, 'prometheus-account', {
    metadata: { name: 'prometheus' },
  });
  const discovery = new kplus.ClusterRole(stack, 'prometheus-discovery', {
    metadata: { name: 'observability-prometheus' },
  });
  discovery.allowRead(kplus.ApiResource.ENDPOINTS, kplus.ApiResource.SERVICES, kplus.ApiResource.PODS);
  new kplus.ClusterRoleBinding(stack, 'prometheus-binding', {
    metadata: { name: 'observability-prometheus' },
    role: discovery,
  }).addSubjects(prometheusAccount);
  const prometheusConfig = new kplus.ConfigMap(stack, 'prometheus-config', {
    metadata: { name: 'prometheus-config' },
    data: { 'prometheus.yml': PROMETHEUS_CONFIG },
  });

  // Grafana, made before Prometheus so that Prometheus can name it as its client.
  const adminPassword = new SealedSecret(stack, 'grafana-admin', {
    keys: ['password'],
    sealedValues: env.sealedValues,
  });
  const dashboards = new kplus.ConfigMap(stack, 'grafana-dashboards', {
    metadata: { name: 'grafana-dashboards' },
    data: { 'nodes.json': NODES_DASHBOARD },
  });
  const provisioning = new kplus.ConfigMap(stack, 'grafana-provisioning', {
    metadata: { name: 'grafana-provisioning' },
    data: { 'datasources.yaml': GRAFANA_DATASOURCES, 'dashboards.yaml': GRAFANA_DASHBOARD_PROVIDERS },
  });
  const grafana = new WebService(stack, 'grafana', {
    image: 'grafana/grafana:11.2.2',
    containerPort: 3000,
    replicas: prod ? 2 : 1,
    healthPath: '/api/health',
    host: grafanaHost(env),
    tls: SecretRef.fromName(stack, 'grafana-tls', GRAFANA_TLS_SECRET),
    ingressAnnotations: { 'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned' },
    // Only the Ingress controller.
    allowFrom: [],
    env: {
      GF_SECURITY_ADMIN_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: adminPassword.secret, key: 'password' }),
      GF_PATHS_PROVISIONING: '/etc/grafana/provisioning',
    },
    writablePaths: ['/var/lib/grafana'],
    mounts: [
      {
        volume: Volume.fromConfigMap(dashboards, { name: 'dashboards' }),
        path: '/etc/grafana/dashboards',
        readOnly: true,
      },
      {
        volume: Volume.fromConfigMap(provisioning, {
          name: 'provisioning',
          items: { 'datasources.yaml': 'datasources/prometheus.yaml', 'dashboards.yaml': 'dashboards/files.yaml' },
        }),
        path: '/etc/grafana/provisioning',
        readOnly: true,
      },
    ],
    resources: { cpuRequest: '50m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  });

  const prometheus = new StatefulSet(stack, 'prometheus', {
    replicas: 2,
    port: PROMETHEUS_PORT,
    serviceAccount: prometheusAccount,
    fsGroup: 65532,
    // Grafana queries it; its members always reach each other.
    allowFrom: [grafana],
    volumeClaimTemplates: [{ name: 'data', mountPath: '/prometheus', storage: Size.gibibytes(prod ? 50 : 1) }],
    containers: [
      {
        name: 'prometheus',
        image: 'prom/prometheus:v2.54.1',
        args: [
          '--config.file=/etc/prometheus/prometheus.yml',
          '--storage.tsdb.path=/prometheus',
          `--storage.tsdb.retention.time=${prod ? '15d' : '2d'}`,
        ],
        ports: [{ number: PROMETHEUS_PORT, name: 'web' }],
        readiness: Probe.httpGet('/-/ready', 'web'),
        liveness: Probe.httpGet('/-/healthy', 'web', { period: Duration.seconds(20) }),
        mounts: [
          {
            volume: Volume.fromConfigMap(prometheusConfig, { name: 'config' }),
            path: '/etc/prometheus',
            readOnly: true,
          },
        ],
        resources: prod
          ? { cpuRequest: '500m', memoryRequest: '2Gi', cpuLimit: '2', memoryLimit: '4Gi' }
          : { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
      },
    ],
  });
  // What Grafana's data source names: one address for either member.
  new Service(stack, 'prometheus-query', {
    selector: prometheus,
    ports: [{ port: PROMETHEUS_PORT, targetPort: 'web', name: 'web' }],
    allowFrom: [grafana],
  });

  // Prometheus scrapes the agents: their namespace lets it in on the metrics port, its own lets it out.
  new Service(agents, 'node-agent-metrics', {
    selector: agent,
    headless: true,
    ports: [{ port: AGENT_METRICS_PORT, targetPort: 'metrics', name: 'metrics' }],
    allowFrom: [prometheus],
  });
  new NetworkPolicy(stack, 'prometheus-to-node-agents', {
    podSelector: prometheus.selectorLabels,
    egress: [
      {
        peers: [{ namespaces: { [NAMESPACE_NAME_LABEL]: AGENTS_NAMESPACE }, pods: agent.selectorLabels }],
        ports: [{ port: AGENT_METRICS_PORT }],
      },
    ],
  });
  return app;
}
