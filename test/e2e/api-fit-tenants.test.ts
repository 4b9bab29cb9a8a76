import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../lib/synthesize';
import {
  CI_ACCOUNT,
  PLATFORM_NAMESPACE,
  TENANTS,
  TIERS,
  adminGroup,
  buildTenants,
  developerGroup,
  priorityClassOf,
  tenantNamespace,
  tenantsEnvironment,
} from '../constructs/api-fit-tenants-app';
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
  waitFor,
} from './kubectl';

jest.setTimeout(180_000);

/**
 * The multi-tenant platform of test/constructs/api-fit-tenants-app.ts (the platform namespace with its API, a
 * PriorityClass per tier and a CI account; per tenant a labelled, restricted namespace with its quota, container
 * defaults, policies, RBAC and a sample app), synthesized for both environments at the release of the API server
 * under test, gate included: each file is taken with strict field validation; applied, a tenant's admins may manage
 * their namespace and not another tenant's, the platform's CI deploys to the gold tenant alone, the quota refuses a
 * LoadBalancer, and the sample apps' pods are admitted at their tier's priority.
 */
const RELEASE = serverRelease();
const [ACME, GLOBEX] = TENANTS;
const NAMESPACES = [PLATFORM_NAMESPACE, ...TENANTS.map(tenantNamespace)];

/** The app's files for the environment `name`, synthesized for the server's release, in apply order. */
function synthesized(name: 'dev' | 'prod'): string[] {
  const outdir = tempDir();
  synthesize({ outdir, environments: [tenantsEnvironment(name, RELEASE)], build: buildTenants, maps: false });
  return ['platform', ...TENANTS.map(tenantNamespace)].map((chart) => path.join(outdir, name, `${chart}.k8s.yaml`));
}

/** Whether the user (in these groups) may `verb` the `resource` in the namespace: `yes` or `no`. */
function can(user: string, groups: readonly string[], verb: string, resource: string, namespace: string): string {
  return kubectlResult([
    'auth',
    'can-i',
    verb,
    resource,
    '-n',
    namespace,
    `--as=${user}`,
    ...groups.map((group) => `--as-group=${group}`),
  ]).stdout.trim();
}

const files: Record<'dev' | 'prod', string[]> = { dev: [], prod: [] };

useCleanNamespaces(NAMESPACES, [['priorityclass', Object.keys(TIERS).map((tier) => `tenant-${tier}`)]]);

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`a multi-tenant platform on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    for (const file of files[name]) {
      expect(fs.existsSync(file)).toBe(true);
      expect(applyKindsStrict(file, ['Namespace', 'PriorityClass']).status).toBe(0);
    }
    for (const file of files[name]) {
      const result = dryRunStrict(file);
      expectTaken(file, result);
    }
  });

  it('is applied, platform first, and keeps each tenant label and quota', () => {
    for (const file of files.prod) {
      const result = applyStrict(file);
      expectTaken(file, result);
    }
    const tenantNamespaces = getJson(['namespaces', '-l', 'platform.example.com/tenant=true']).items.map(
      (namespace: AnyManifest) => namespace.metadata.name,
    );
    expect(tenantNamespaces.sort()).toEqual(TENANTS.map(tenantNamespace).sort());
    expect(getJson(['resourcequota', 'quota', '-n', tenantNamespace(ACME)]).spec.hard).toMatchObject({
      'services.loadbalancers': '0',
      'services.nodeports': '0',
      pods: String(TIERS.gold.pods),
    });
  });

  it("lets a tenant's admins manage their namespace and not another tenant's, nor the cluster", () => {
    const [alice] = ACME.admins;
    expect(
      ['deployments', 'secrets', 'rolebindings'].map((resource) =>
        can(alice, [], 'create', resource, tenantNamespace(ACME)),
      ),
    ).toEqual(['yes', 'yes', 'yes']);
    expect(can(alice, [], 'create', 'pods/exec', tenantNamespace(ACME))).toBe('yes');
    expect(can(alice, [], 'get', 'pods', tenantNamespace(GLOBEX))).toBe('no');
    expect(can(alice, [], 'create', 'deployments', PLATFORM_NAMESPACE)).toBe('no');
    expect(can(alice, [], 'create', 'namespaces', 'default')).toBe('no');
    // By the group the identity provider gives: a new admin needs no change of the binding.
    expect(can('erin@acme.example', [adminGroup(ACME)], 'delete', 'deployments', tenantNamespace(ACME))).toBe('yes');
    expect(can('erin@acme.example', [adminGroup(ACME)], 'delete', 'deployments', tenantNamespace(GLOBEX))).toBe('no');
    // The quota is the platform's: an admin reads it and cannot raise it.
    expect(can(alice, [], 'get', 'resourcequotas', tenantNamespace(ACME))).toBe('yes');
    expect(can(alice, [], 'update', 'resourcequotas', tenantNamespace(ACME))).toBe('no');
  });

  it("lets a tenant's developers read its quota alone, and the platform's CI deploy to gold tenants alone", () => {
    const developer = ['frank@globex.example', [developerGroup(GLOBEX)]] as const;
    expect(can(...developer, 'list', 'resourcequotas', tenantNamespace(GLOBEX))).toBe('yes');
    expect(can(...developer, 'create', 'deployments', tenantNamespace(GLOBEX))).toBe('no');
    expect(can(...developer, 'list', 'resourcequotas', tenantNamespace(ACME))).toBe('no');
    const ci = `system:serviceaccount:${PLATFORM_NAMESPACE}:${CI_ACCOUNT}`;
    expect(can(ci, [], 'update', 'deployments', tenantNamespace(ACME))).toBe('yes');
    expect(can(ci, [], 'update', 'deployments', tenantNamespace(GLOBEX))).toBe('no');
    expect(can(ci, [], 'create', 'rolebindings', tenantNamespace(ACME))).toBe('no');
  });

  it('refuses a LoadBalancer in a tenant namespace by its quota', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'public', namespace: tenantNamespace(ACME) },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
    };
    const result = kubectlResult(['create', '-f', '-'], JSON.stringify(service));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/exceeded quota: quota.*services\.loadbalancers/);
  });

  it("admits the sample apps' pods at their tier's priority, within their quota", async () => {
    const podsOf = (namespace: string): AnyManifest[] =>
      getJson(['pods', '-n', namespace, '-l', 'app.kubernetes.io/name=hello']).items;
    await waitFor('the sample apps of every tenant', () =>
      TENANTS.every((tenant) => podsOf(tenantNamespace(tenant)).length > 0),
    );
    expect(
      TENANTS.map((tenant) => {
        const [pod] = podsOf(tenantNamespace(tenant));
        return [tenant.name, pod.spec.priorityClassName, pod.spec.priority];
      }),
    ).toEqual(TENANTS.map((tenant) => [tenant.name, priorityClassOf(tenant.tier), TIERS[tenant.tier].priority]));
  });
});
