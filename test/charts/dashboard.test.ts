import { Testing } from 'cdk8s';
import { DASHBOARD_VERSION, DashboardChart } from '../../lib/charts/dashboard';
import { AnyManifest, DEV, find, renderedChart } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

function synthDashboard(): AnyManifest[] {
  return Testing.synth(new DashboardChart(Testing.app(), 'dashboard', DEV));
}

/** The chart's objects as `npm run synth` writes them to dist/dev/dashboard.k8s.yaml. */
function renderDashboard(): AnyManifest[] {
  return renderedChart((app) => new DashboardChart(app, 'dashboard', DEV), 'dashboard.k8s.yaml');
}

/** The kinds of the chart that live outside namespaces. */
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

const DASHBOARD_ACCOUNT = {
  apiGroup: '',
  kind: 'ServiceAccount',
  name: 'kubernetes-dashboard',
  namespace: 'kubernetes-dashboard',
};

describe('DashboardChart', () => {
  it('creates the kubernetes-dashboard namespace', () => {
    expect(find(renderDashboard(), 'Namespace', 'kubernetes-dashboard')).toBeDefined();
  });

  it('puts every namespaced object in kubernetes-dashboard and leaves cluster-scoped ones without a namespace', () => {
    for (const manifest of renderDashboard()) {
      const expected = CLUSTER_SCOPED.includes(manifest.kind) ? undefined : 'kubernetes-dashboard';
      expect({ object: `${manifest.kind}/${manifest.metadata.name}`, namespace: manifest.metadata.namespace }).toEqual({
        object: `${manifest.kind}/${manifest.metadata.name}`,
        namespace: expected,
      });
    }
  });

  it('runs the dashboard image kubernetesui/dashboard:v2.7.0', () => {
    const [container] = find(synthDashboard(), 'Deployment', 'kubernetes-dashboard').spec.template.spec.containers;
    expect(DASHBOARD_VERSION).toBe('v2.7.0');
    expect(container.image).toBe('kubernetesui/dashboard:v2.7.0');
  });

  it('has the dashboard make its own certificate and watch its namespace', () => {
    const [container] = find(synthDashboard(), 'Deployment', 'kubernetes-dashboard').spec.template.spec.containers;
    expect(container.args).toEqual(['--auto-generate-certificates', '--namespace=kubernetes-dashboard']);
  });

  it('serves the dashboard on Service port 443, sent to the container port named https', () => {
    const manifests = synthDashboard();
    const service = find(manifests, 'Service', 'kubernetes-dashboard');
    const [container] = find(manifests, 'Deployment', 'kubernetes-dashboard').spec.template.spec.containers;
    expect(service.spec.ports).toEqual([{ port: 443, targetPort: 'https' }]);
    expect(container.ports).toEqual([{ containerPort: 8443, name: 'https' }]);
  });

  it('has the dashboard Service select the dashboard pods', () => {
    const manifests = synthDashboard();
    const service = find(manifests, 'Service', 'kubernetes-dashboard');
    expect(find(manifests, 'Deployment', 'kubernetes-dashboard').spec.template.metadata.labels).toMatchObject(
      service.spec.selector,
    );
  });

  it('is ready when the dashboard answers HTTPS, and alive while its https port accepts connections', () => {
    const [container] = find(synthDashboard(), 'Deployment', 'kubernetes-dashboard').spec.template.spec.containers;
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/', port: 'https', scheme: 'HTTPS' } });
    expect(container.livenessProbe).toEqual({
      tcpSocket: { port: 'https' },
      initialDelaySeconds: 30,
      timeoutSeconds: 30,
    });
  });

  it('runs the metrics scraper behind a Service on port 8000', () => {
    const manifests = synthDashboard();
    const deployment = find(manifests, 'Deployment', 'dashboard-metrics-scraper');
    const service = find(manifests, 'Service', 'dashboard-metrics-scraper');
    expect(deployment.spec.template.spec.containers[0].image).toBe('kubernetesui/metrics-scraper:v1.0.8');
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8000, name: 'http' }]);
    expect(service.spec.ports).toEqual([{ port: 8000, targetPort: 'http' }]);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('runs both Deployments as the kubernetes-dashboard ServiceAccount, with its token', () => {
    const manifests = synthDashboard();
    for (const name of ['kubernetes-dashboard', 'dashboard-metrics-scraper']) {
      const pod = find(manifests, 'Deployment', name).spec.template.spec;
      expect(pod.serviceAccountName).toBe('kubernetes-dashboard');
      expect(pod.automountServiceAccountToken).toBe(true);
    }
  });

  it('runs both Deployments as a user and group above 10000, which no node user has', () => {
    const manifests = synthDashboard();
    for (const name of ['kubernetes-dashboard', 'dashboard-metrics-scraper']) {
      const { securityContext } = find(manifests, 'Deployment', name).spec.template.spec.containers[0];
      expect(securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532 });
    }
  });

  it('lets the dashboard get, update and delete only its own three Secrets', () => {
    const role = find(renderDashboard(), 'Role', 'kubernetes-dashboard');
    const secretRules = role.rules.filter((rule: AnyManifest) => rule.resources.includes('secrets'));
    expect(secretRules.flatMap((rule: AnyManifest) => rule.resourceNames).sort()).toEqual([
      'kubernetes-dashboard-certs',
      'kubernetes-dashboard-csrf',
      'kubernetes-dashboard-key-holder',
    ]);
    for (const rule of secretRules) {
      expect(rule.verbs).toEqual(['get', 'update', 'delete']);
    }
  });

  it('names every object its Role grants access to', () => {
    const role = find(renderDashboard(), 'Role', 'kubernetes-dashboard');
    for (const rule of role.rules) {
      expect(rule.resourceNames?.length).toBeGreaterThan(0);
    }
  });

  it("binds the Role and the metrics ClusterRole to the dashboard's ServiceAccount", () => {
    const manifests = renderDashboard();
    const roleBinding = find(manifests, 'RoleBinding', 'kubernetes-dashboard');
    const clusterRoleBinding = find(manifests, 'ClusterRoleBinding', 'kubernetes-dashboard');
    expect(roleBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'kubernetes-dashboard',
    });
    expect(roleBinding.subjects).toEqual([DASHBOARD_ACCOUNT]);
    expect(clusterRoleBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'kubernetes-dashboard',
    });
    expect(clusterRoleBinding.subjects).toEqual([DASHBOARD_ACCOUNT]);
  });

  it('lets the dashboard read pod and node metrics cluster-wide, and nothing else', () => {
    expect(find(renderDashboard(), 'ClusterRole', 'kubernetes-dashboard').rules).toEqual([
      { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['metrics.k8s.io'], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it('binds the dashboard-viewer ServiceAccount to read-only rules of its own, in its own namespace only', () => {
    const manifests = renderDashboard();
    const binding = find(manifests, 'RoleBinding', 'dashboard-viewer');
    expect(binding.metadata.namespace).toBe('kubernetes-dashboard');
    expect(
      manifests.filter(
        (manifest) =>
          manifest.kind === 'ClusterRoleBinding' &&
          manifest.subjects.some((subject: { name: string }) => subject.name === 'dashboard-viewer'),
      ),
    ).toEqual([]);
    expect(find(manifests, 'ServiceAccount', 'dashboard-viewer').metadata.namespace).toBe('kubernetes-dashboard');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dashboard-viewer' });
    const role = find(manifests, 'Role', 'dashboard-viewer');
    expect(role.metadata.namespace).toBe('kubernetes-dashboard');
    const verbs = new Set(role.rules.flatMap((rule: { verbs: string[] }) => rule.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
    const resources = role.rules.flatMap((rule: { resources: string[] }) => rule.resources);
    expect(resources).toEqual(expect.arrayContaining(['pods', 'pods/log', 'deployments', 'services']));
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('pods/exec');
    expect(binding.subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'dashboard-viewer', namespace: 'kubernetes-dashboard' },
    ]);
  });

  it('binds nobody to cluster-admin', () => {
    const bindings = renderDashboard().filter(
      (manifest) => manifest.kind === 'ClusterRoleBinding' || manifest.kind === 'RoleBinding',
    );
    expect(bindings.map((binding) => binding.roleRef.name)).not.toContain('cluster-admin');
  });

  it('does not write the built-in view ClusterRole', () => {
    expect(
      renderDashboard()
        .filter((manifest) => manifest.kind === 'ClusterRole')
        .map((role) => role.metadata.name),
    ).toEqual(['kubernetes-dashboard']);
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthDashboard());
  });

  it('exempts its two single-pod Deployments from the replica checks and the token check, each saying why', () => {
    const manifests = synthDashboard();
    for (const name of ['kubernetes-dashboard', 'dashboard-metrics-scraper']) {
      const exemptions = toolExemptions(find(manifests, 'Deployment', name));
      expect(exemptions.kubeScore).toEqual(['deployment-replicas']);
      expect(exemptions.polaris).toEqual(
        expect.arrayContaining(['deploymentMissingReplicas', 'automountServiceAccountToken']),
      );
      expect(exemptions.reason).toContain('Kubernetes API');
    }
    expect(toolExemptions(find(manifests, 'Deployment', 'kubernetes-dashboard')).reason).toContain('recommended.yaml');
    expect(toolExemptions(find(manifests, 'Deployment', 'dashboard-metrics-scraper')).reason).toContain('/tmp');
  });
});
