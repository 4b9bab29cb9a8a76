import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Deployment } from '../constructs/deployment';
import { exemptFromPolicy } from '../constructs/policy-exemption';
import { Probe } from '../constructs/probe';
import { Service } from '../constructs/service';
import { keepName } from '../constructs/stable-name';
import { Volume } from '../constructs/volume';
import { AppChart } from './app-chart';

/** The dashboard release the course installs (its recommended.yaml). */
export const DASHBOARD_VERSION = 'v2.7.0';

/** A resource the dashboard's Role names one object of. */
function named(resourceType: string, resourceName: string): kplus.IApiResource {
  return { apiGroup: '', resourceType, resourceName };
}

/**
 * The Kubernetes Dashboard as the course installs it from `recommended.yaml` (v2.7.0), rebuilt as our own chart so
 * it is applied from `dist/` like everything else: its ServiceAccount, RBAC, settings, the dashboard and its metrics
 * scraper with their Services. Instead of the `cluster-admin` sample user it adds a `dashboard-viewer` account bound
 * to a read-only Role of its own in the `kubernetes-dashboard` namespace only (no Secrets, no pods/exec);
 * `kubectl -n kubernetes-dashboard create token dashboard-viewer` gives its login token.
 */
export class DashboardChart extends AppChart {
  /** The dashboard itself. */
  public readonly dashboard: Deployment;
  /** The dashboard's HTTPS Service. */
  public readonly service: Service;
  /** The read-only login account. */
  public readonly viewer: kplus.ServiceAccount;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'kubernetes-dashboard' });
    const account = new kplus.ServiceAccount(this, 'account', { metadata: { name: 'kubernetes-dashboard' } });
    const certs = new kplus.Secret(this, 'certs', { metadata: { name: 'kubernetes-dashboard-certs' } });
    const csrf = new kplus.Secret(this, 'csrf', { metadata: { name: 'kubernetes-dashboard-csrf' } });
    const keyHolder = new kplus.Secret(this, 'key-holder', { metadata: { name: 'kubernetes-dashboard-key-holder' } });
    const settings = new kplus.ConfigMap(this, 'settings', { metadata: { name: 'kubernetes-dashboard-settings' } });
    // The dashboard looks these up by name, and writes them itself: their names must not change with their content.
    [certs, csrf, keyHolder, settings].forEach((object) => keepName(object));

    const role = new kplus.Role(this, 'role', { metadata: { name: 'kubernetes-dashboard' } });
    role.allow(['get', 'update', 'delete'], keyHolder, certs, csrf);
    role.allow(['get', 'update'], settings);
    role.allow(['proxy'], named('services', 'heapster'), named('services', 'dashboard-metrics-scraper'));
    role.allow(
      ['get'],
      ...[
        'heapster',
        'http:heapster:',
        'https:heapster:',
        'dashboard-metrics-scraper',
        'http:dashboard-metrics-scraper',
      ].map((name) => named('services/proxy', name)),
    );
    new kplus.RoleBinding(this, 'role-binding', { metadata: { name: 'kubernetes-dashboard' }, role }).addSubjects(
      account,
    );

    const metricsReader = new kplus.ClusterRole(this, 'cluster-role', { metadata: { name: 'kubernetes-dashboard' } });
    for (const resourceType of ['pods', 'nodes']) {
      metricsReader.allow(
        ['get', 'list', 'watch'],
        kplus.ApiResource.custom({ apiGroup: 'metrics.k8s.io', resourceType }),
      );
    }
    new kplus.ClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: 'kubernetes-dashboard' },
      role: metricsReader,
    }).addSubjects(account);

    const tmp = Volume.fromEmptyDir('tmp-volume');
    this.dashboard = new Deployment(this, 'dashboard', {
      name: 'kubernetes-dashboard',
      replicas: 1,
      serviceAccount: account,
      containers: [
        {
          name: 'kubernetes-dashboard',
          image: `kubernetesui/dashboard:${DASHBOARD_VERSION}`,
          args: ['--auto-generate-certificates', '--namespace=kubernetes-dashboard'],
          ports: [{ number: 8443, name: 'https' }],
          mounts: [
            { volume: Volume.fromSecret(certs, { name: 'kubernetes-dashboard-certs' }), path: '/certs' },
            { volume: tmp, path: '/tmp' },
          ],
          readiness: Probe.httpGet('/', 'https', { https: true }),
          liveness: Probe.tcpSocket('https', { initialDelay: Duration.seconds(30), timeout: Duration.seconds(30) }),
          resources: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
        },
      ],
    });
    exemptFromPolicy(this.dashboard, {
      rules: [],
      kubeScoreChecks: ['deployment-replicas'],
      polarisChecks: ['deploymentMissingReplicas', 'automountServiceAccountToken'],
      reason:
        `one replica, as ${DASHBOARD_VERSION}'s recommended.yaml installs it (each pod makes its own self-signed ` +
        'certificate), and it reads the cluster through the Kubernetes API with its ServiceAccount token',
    });
    this.service = new Service(this, 'service', {
      name: 'kubernetes-dashboard',
      selector: this.dashboard,
      ports: [{ port: 443, targetPort: 'https' }],
    });

    const scraper = new Deployment(this, 'metrics-scraper', {
      name: 'dashboard-metrics-scraper',
      replicas: 1,
      serviceAccount: account,
      containers: [
        {
          name: 'dashboard-metrics-scraper',
          image: 'kubernetesui/metrics-scraper:v1.0.8',
          ports: [{ number: 8000, name: 'http' }],
          mounts: [{ volume: tmp, path: '/tmp' }],
          readiness: Probe.httpGet('/', 'http'),
          liveness: Probe.tcpSocket('http', { initialDelay: Duration.seconds(30), timeout: Duration.seconds(30) }),
        },
      ],
    });
    exemptFromPolicy(scraper, {
      rules: [],
      kubeScoreChecks: ['deployment-replicas'],
      polarisChecks: ['deploymentMissingReplicas', 'automountServiceAccountToken'],
      reason:
        'one replica: it keeps the metrics it scrapes in its own database under /tmp, so a second pod would answer ' +
        'with other data, and it scrapes them through the Kubernetes API with its ServiceAccount token',
    });
    new Service(this, 'metrics-scraper-service', {
      name: 'dashboard-metrics-scraper',
      selector: scraper,
      ports: [{ port: 8000, targetPort: 'http' }],
    });

    // Read-only in the dashboard's own namespace, not cluster-wide (upstream's docs bind a sample user for a demo; a
    // cluster-wide `view` would show every namespace's objects). The rules are written here rather than borrowed from
    // the built-in `view` ClusterRole, so that what the account may do is in the manifest for review (and for Polaris,
    // which cannot see a built-in role's rules and reports a binding to one as a danger).
    this.viewer = new kplus.ServiceAccount(this, 'viewer', { metadata: { name: 'dashboard-viewer' } });
    const readOnly = new kplus.Role(this, 'viewer-role', { metadata: { name: 'dashboard-viewer' } });
    readOnly.allowRead(
      kplus.ApiResource.PODS,
      kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/log' }),
      kplus.ApiResource.SERVICES,
      kplus.ApiResource.ENDPOINTS,
      kplus.ApiResource.CONFIG_MAPS,
      kplus.ApiResource.EVENTS,
      kplus.ApiResource.PERSISTENT_VOLUME_CLAIMS,
      kplus.ApiResource.SERVICE_ACCOUNTS,
      kplus.ApiResource.DEPLOYMENTS,
      kplus.ApiResource.REPLICA_SETS,
      kplus.ApiResource.STATEFUL_SETS,
      kplus.ApiResource.DAEMON_SETS,
      kplus.ApiResource.JOBS,
      kplus.ApiResource.CRON_JOBS,
      kplus.ApiResource.INGRESSES,
      kplus.ApiResource.NETWORK_POLICIES,
    );
    new kplus.RoleBinding(this, 'viewer-binding', {
      metadata: { name: 'dashboard-viewer' },
      role: readOnly,
    }).addSubjects(this.viewer);
  }
}
