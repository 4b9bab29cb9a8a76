import { Testing } from 'cdk8s';
import { WEB_NODE_PORT, WebChart } from '../../lib/charts/web';
import { CHANGE_CAUSE_ANNOTATION } from '../../lib/constructs/deployment';
import { AnyManifest, DEV, find } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

function synthWeb(): AnyManifest[] {
  return Testing.synth(new WebChart(Testing.app(), 'web', DEV));
}

describe('WebChart', () => {
  it('puts its objects in the course-web namespace', () => {
    const manifests = synthWeb();
    expect(find(manifests, 'Namespace', 'course-web')).toBeDefined();
    expect(
      manifests
        .filter((object) => object.kind !== 'Namespace')
        .every((object) => object.metadata.namespace === 'course-web'),
    ).toBe(true);
  });

  it('offers the four Service types', () => {
    const types = synthWeb()
      .filter((object) => object.kind === 'Service')
      .map((service) => service.spec.type);
    expect(new Set(types)).toEqual(new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  });

  it('puts the web site and the API each behind a ClusterIP Service on port 80', () => {
    const manifests = synthWeb();
    for (const name of ['web', 'api']) {
      const service = find(manifests, 'Service', name);
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    }
  });

  it('opens the web site on NodePort 30080', () => {
    const service = find(synthWeb(), 'Service', 'web-nodeport');
    expect(WEB_NODE_PORT).toBe(30080);
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([{ port: 80, targetPort: 'http', nodePort: 30080 }]);
  });

  it('puts the web site behind a LoadBalancer Service', () => {
    const service = find(synthWeb(), 'Service', 'web-loadbalancer');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports).toEqual([{ port: 80, targetPort: 'http' }]);
  });

  it('aliases kubernetes.io with an ExternalName Service that selects no pods', () => {
    const service = find(synthWeb(), 'Service', 'kubernetes-docs');
    expect(service.spec.type).toBe('ExternalName');
    expect(service.spec.externalName).toBe('kubernetes.io');
    expect(service.spec.selector).toBeUndefined();
    expect(service.spec.ports).toBeUndefined();
  });

  it('has the web Services select the web pods, on a port their container names', () => {
    const manifests = synthWeb();
    const template = find(manifests, 'Deployment', 'web').spec.template;
    const portNames = template.spec.containers.flatMap((container: AnyManifest) =>
      container.ports.map((port: AnyManifest) => port.name),
    );
    for (const name of ['web', 'web-nodeport', 'web-loadbalancer']) {
      const service = find(manifests, 'Service', name);
      expect(template.metadata.labels).toMatchObject(service.spec.selector);
      expect(portNames).toContain(service.spec.ports[0].targetPort);
    }
  });

  it('has the api Service select the api pods, listening on 5678', () => {
    const manifests = synthWeb();
    const template = find(manifests, 'Deployment', 'api').spec.template;
    expect(template.metadata.labels).toMatchObject(find(manifests, 'Service', 'api').spec.selector);
    expect(template.spec.containers[0].ports).toEqual([{ containerPort: 5678, name: 'http' }]);
  });

  it('routes web.course.localhost with one Ingress', () => {
    const ingress = find(synthWeb(), 'Ingress', 'web-routes');
    expect(ingress.spec.rules.map((rule: AnyManifest) => rule.host)).toEqual(['web.course.localhost']);
  });

  it("routes / to the web Service and /api to the api Service, each at the Service's port", () => {
    const manifests = synthWeb();
    const [rule] = find(manifests, 'Ingress', 'web-routes').spec.rules;
    const routes = rule.http.paths.map((path: AnyManifest) => ({
      path: path.path,
      pathType: path.pathType,
      service: path.backend.service.name,
      port: path.backend.service.port.number,
    }));
    expect(routes).toEqual([
      { path: '/', pathType: 'Prefix', service: 'web', port: find(manifests, 'Service', 'web').spec.ports[0].port },
      { path: '/api', pathType: 'Prefix', service: 'api', port: find(manifests, 'Service', 'api').spec.ports[0].port },
    ]);
  });

  it('records why each Deployment revision exists in kubernetes.io/change-cause', () => {
    const manifests = synthWeb();
    expect(CHANGE_CAUSE_ANNOTATION).toBe('kubernetes.io/change-cause');
    expect(find(manifests, 'Deployment', 'web').metadata.annotations).toMatchObject({
      'kubernetes.io/change-cause': DEV.webChangeCause,
    });
    expect(find(manifests, 'Deployment', 'api').metadata.annotations).toMatchObject({
      'kubernetes.io/change-cause': 'answer /api with a fixed text',
    });
  });

  it('keeps ten old revisions of each Deployment for rollout undo', () => {
    const manifests = synthWeb();
    expect(find(manifests, 'Deployment', 'web').spec.revisionHistoryLimit).toBe(10);
    expect(find(manifests, 'Deployment', 'api').spec.revisionHistoryLimit).toBe(10);
  });

  it("runs the environment's number of replicas of each Deployment", () => {
    const manifests = synthWeb();
    expect(find(manifests, 'Deployment', 'web').spec.replicas).toBe(DEV.webReplicas);
    expect(find(manifests, 'Deployment', 'api').spec.replicas).toBe(DEV.webReplicas);
  });

  it("runs nginx unprivileged, as user 65532, with the environment's image", () => {
    const [container] = find(synthWeb(), 'Deployment', 'web').spec.template.spec.containers;
    expect(container.image).toBe('nginxinc/nginx-unprivileged:1.27-alpine');
    expect(container.securityContext.runAsUser).toBe(65532);
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthWeb());
  });

  it("exempts the NodePort Service from kube-score's service-type check: it is the course's NodePort lesson", () => {
    const exemptions = toolExemptions(find(synthWeb(), 'Service', 'web-nodeport'));
    expect(exemptions.kubeScore).toEqual(['service-type']);
    expect(exemptions.reason).toContain('NodePort');
    expect(toolExemptions(find(synthWeb(), 'Service', 'web-loadbalancer')).kubeScore).toEqual([]);
  });

  it('exempts the Ingress from the TLS check only on a .localhost domain, for which no certificate can be issued', () => {
    const exemptions = toolExemptions(find(synthWeb(), 'Ingress', 'web-routes'));
    expect(exemptions.polaris).toEqual(['tlsSettingsMissing']);
    expect(exemptions.reason).toContain('.localhost');
    const onPublicDomain = Testing.synth(new WebChart(Testing.app(), 'web', { ...DEV, domain: 'course.example.com' }));
    expect(toolExemptions(find(onPublicDomain, 'Ingress', 'web-routes')).polaris).toEqual([]);
  });
});
