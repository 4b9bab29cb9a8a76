import * as fs from 'fs';
import * as path from 'path';
import { ObjectIndex } from '../../lib/checks/object-index';
import { runChecks } from '../../lib/checks/run-checks';
import { connectionsOf } from '../../lib/checks/service-connections';
import { synthesize } from '../../lib/synthesize';
import { RenderedObject, renderApp } from '../../lib/writer/render';
import { AnyManifest, tempDir } from '../helpers';
import {
  CI_ACCOUNT,
  PLATFORM_NAMESPACE,
  TENANTS,
  TENANT_API,
  TENANT_API_PORT,
  TENANT_API_URL,
  TENANT_LABEL,
  TIERS,
  adminGroup,
  buildTenants,
  developerGroup,
  priorityClassOf,
  tenantNamespace,
  tenantsEnvironment,
} from './api-fit-tenants-app';

/** The object of this kind, namespace and name; fails the test when there is none. */
function get(
  objects: readonly RenderedObject[],
  kind: string,
  namespace: string | undefined,
  name: string,
): AnyManifest {
  const found = objects.find(
    ({ manifest }) =>
      manifest.kind === kind && manifest.metadata?.namespace === namespace && manifest.metadata?.name === name,
  );
  if (found === undefined) {
    throw new Error(`no ${kind} ${namespace ?? ''}/${name}`);
  }
  return found.manifest as AnyManifest;
}

/** The objects without the one of this kind, namespace and name. */
function without(objects: readonly RenderedObject[], kind: string, namespace: string, name: string): RenderedObject[] {
  return objects.filter(
    ({ manifest }) =>
      !(manifest.kind === kind && manifest.metadata?.namespace === namespace && manifest.metadata?.name === name),
  );
}

describe.each(['dev', 'prod'] as const)('a multi-tenant platform through the public API, in %s', (name) => {
  const env = tenantsEnvironment(name);
  let objects: RenderedObject[];

  beforeAll(() => {
    objects = renderApp(buildTenants(env)).flatMap((file) => file.objects);
  });

  it('passes the gate: synthesized with no finding and no warning, its exemptions the RBAC of built-in roles', () => {
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir: tempDir(), environments: [env], build: buildTenants, maps: false });
    const result = runChecks(objects, env);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([]);
    // A tenant's admins debug their own pods, and CI deploys with edit: both allow pods/exec, by the built-in roles.
    expect(
      result.exemptions.map(({ rule, object }) => [
        rule,
        object.manifest.metadata?.namespace,
        object.manifest.metadata?.name,
      ]),
    ).toEqual([
      ['rbac-exec-attach', 'tenant-acme', 'tenant-admins'],
      ['rbac-exec-attach', 'tenant-acme', 'platform-ci'],
      ['rbac-exec-attach', 'tenant-globex', 'tenant-admins'],
      ['rbac-exec-attach', 'tenant-initech', 'tenant-admins'],
    ]);
  });

  it('writes the platform first, then one file per tenant', () => {
    expect(renderApp(buildTenants(env)).map((file) => file.fileName)).toEqual([
      'platform.k8s.yaml',
      'tenant-acme.k8s.yaml',
      'tenant-globex.k8s.yaml',
      'tenant-initech.k8s.yaml',
    ]);
  });

  describe('the platform namespace', () => {
    it('has a PriorityClass per tier, highest for gold', () => {
      expect(
        Object.keys(TIERS).map((tier) => get(objects, 'PriorityClass', undefined, `tenant-${tier}`).value),
      ).toEqual([10000, 5000, 1000]);
    });

    it("admits the tenant namespaces, by their label, to the API's one port and nothing else", () => {
      const policy = get(objects, 'NetworkPolicy', PLATFORM_NAMESPACE, `${TENANT_API}-allow-ingress`);
      expect(policy.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': TENANT_API });
      expect(policy.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { [TENANT_LABEL]: 'true' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
      expect(get(objects, 'Service', PLATFORM_NAMESPACE, TENANT_API).spec.ports).toEqual([
        expect.objectContaining({ port: TENANT_API_PORT }),
      ]);
    });
  });

  describe.each(TENANTS.map((tenant) => [tenant.name, tenant] as const))('the tenant %s', (_, tenant) => {
    const namespace = tenantNamespace(tenant);
    const counts = TIERS[tenant.tier];

    it('has its namespace, restricted and labelled as a tenant of its tier', () => {
      expect(get(objects, 'Namespace', undefined, namespace).metadata.labels).toMatchObject({
        [TENANT_LABEL]: 'true',
        'platform.example.com/tier': tenant.tier,
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
    });

    it('has the quota of its tier, with no LoadBalancer and no NodePort, and container defaults', () => {
      expect(get(objects, 'ResourceQuota', namespace, 'quota').spec.hard).toEqual({
        'requests.cpu': tenant.cpu,
        'requests.memory': tenant.memory,
        'limits.memory': tenant.memory,
        pods: String(counts.pods),
        services: String(counts.services),
        persistentvolumeclaims: String(counts.claims),
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      });
      expect(get(objects, 'LimitRange', namespace, 'container-defaults').spec.limits).toEqual([
        { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '256Mi' } },
      ]);
    });

    it('denies by default, and lets out DNS, its own namespace and the platform API on its port alone', () => {
      expect(get(objects, 'NetworkPolicy', namespace, 'default-deny').spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
      expect(get(objects, 'NetworkPolicy', namespace, 'allow-namespace-egress').spec.egress).toEqual([
        { to: [{ podSelector: {} }] },
      ]);
      expect(get(objects, 'NetworkPolicy', namespace, 'allow-platform-api').spec.egress).toEqual([
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': PLATFORM_NAMESPACE } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': TENANT_API } },
            },
          ],
          ports: [{ port: TENANT_API_PORT, protocol: 'TCP' }],
        },
      ]);
      // Nothing admits another tenant: no policy of its namespace names a namespace but the platform and kube-system.
      const namespacesNamed = objects
        .filter(({ manifest }) => manifest.kind === 'NetworkPolicy' && manifest.metadata?.namespace === namespace)
        .flatMap(({ manifest }) => [
          ...((manifest as AnyManifest).spec.ingress ?? []),
          ...((manifest as AnyManifest).spec.egress ?? []),
        ])
        .flatMap((rule: AnyManifest) => [...(rule.from ?? []), ...(rule.to ?? [])])
        .map((peer: AnyManifest) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'])
        .filter((named: unknown) => named !== undefined);
      expect([...new Set(namespacesNamed)].sort()).toEqual(['kube-system', PLATFORM_NAMESPACE]);
    });

    it('binds the built-in admin to its admins in its namespace alone, and lets its developers read the quota', () => {
      const admins = get(objects, 'RoleBinding', namespace, 'tenant-admins');
      expect(admins.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
      expect(admins.subjects).toEqual([
        ...tenant.admins.map((user) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user })),
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: adminGroup(tenant) },
      ]);
      expect(objects.some(({ manifest }) => manifest.kind === 'ClusterRoleBinding')).toBe(false);
      expect(get(objects, 'Role', namespace, 'quota-reader').rules).toEqual([
        { apiGroups: [''], resources: ['resourcequotas'], verbs: ['get', 'list', 'watch'] },
      ]);
      expect(get(objects, 'RoleBinding', namespace, 'quota-readers').subjects).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: developerGroup(tenant) },
      ]);
    });

    it("binds edit to the platform's CI for gold alone", () => {
      const ci = objects.find(
        ({ manifest }) =>
          manifest.kind === 'RoleBinding' &&
          manifest.metadata?.namespace === namespace &&
          manifest.metadata?.name === 'platform-ci',
      );
      if (tenant.tier === 'gold') {
        expect((ci?.manifest as AnyManifest).roleRef.name).toBe('edit');
        expect((ci?.manifest as AnyManifest).subjects).toEqual([
          { apiGroup: '', kind: 'ServiceAccount', name: CI_ACCOUNT, namespace: PLATFORM_NAMESPACE },
        ]);
      } else {
        expect(ci).toBeUndefined();
      }
    });

    it("runs its sample app at its tier's priority, within its quota, calling the platform API", () => {
      const pod = get(objects, 'Deployment', namespace, 'hello').spec.template.spec;
      expect(pod.priorityClassName).toBe(priorityClassOf(tenant.tier));
      expect(pod.containers[0].env).toContainEqual({ name: 'PLATFORM_API_URL', value: TENANT_API_URL });
      expect(pod.containers[0].resources).toMatchObject({
        requests: { cpu: '100m', memory: '64Mi' },
        limits: { memory: '128Mi' },
      });
    });

    it('reaches the platform API as the service-connections check reads it', () => {
      const index = new ObjectIndex(objects, env.kubernetesVersion);
      const deployment = objects.find(
        ({ manifest }) =>
          manifest.kind === 'Deployment' &&
          manifest.metadata?.namespace === namespace &&
          manifest.metadata?.name === 'hello',
      )!;
      expect(
        connectionsOf(deployment, { index }).map(({ namespace: at, service, port }) => [at, service, port]),
      ).toEqual([[PLATFORM_NAMESPACE, TENANT_API, TENANT_API_PORT]]);
    });

    it('loses the platform API without its egress policy, or without the tenant label (the check is not blind)', () => {
      const warned = (changed: RenderedObject[]) =>
        runChecks(changed, env)
          .warnings.filter((warning) => warning.rule === 'service-connections')
          .map((warning) => warning.object.manifest.metadata?.namespace);
      expect(warned(without(objects, 'NetworkPolicy', namespace, 'allow-platform-api'))).toEqual([namespace]);
      const unlabelled = objects.map((object) =>
        object.manifest.kind === 'Namespace' && object.manifest.metadata?.name === namespace
          ? {
              ...object,
              manifest: { ...object.manifest, metadata: { ...object.manifest.metadata, labels: {} } },
            }
          : object,
      );
      expect(warned(unlabelled)).toEqual([namespace]);
    });
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-tenants-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|Kube[A-Z]|imports\/k8s|lib\/constructs|escape/,
    );
  });
});
