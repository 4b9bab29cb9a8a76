import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  Environment,
  NetworkPolicy,
  PriorityClass,
  ServiceAccount,
  WebService,
  exemptFromPolicy,
} from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';

/** The shared namespace of the platform team, whose API every tenant may call. */
export const PLATFORM_NAMESPACE = 'platform';
/** The platform's tenant-facing API: its name and port. */
export const TENANT_API = 'tenant-api';
export const TENANT_API_PORT = 8080;
/** The URL a tenant's workloads reach the platform's API at. */
export const TENANT_API_URL = `http://${TENANT_API}.${PLATFORM_NAMESPACE}.svc.cluster.local:${TENANT_API_PORT}`;
/** The label every tenant namespace carries, by which the platform's API admits them. */
export const TENANT_LABEL = 'platform.example.com/tenant';
/** The platform's CI ServiceAccount, which deploys to gold tenants. */
export const CI_ACCOUNT = 'tenant-ci';

/** A tenant's tier: its priority and the counts of its quota. */
export type Tier = 'gold' | 'silver' | 'bronze';

/** A tenant of the platform, as the platform team lists them. */
export interface Tenant {
  /** Its name; its namespace is `tenant-<name>`. */
  readonly name: string;
  readonly tier: Tier;
  /** The users who administer its namespace. */
  readonly admins: readonly string[];
  /** The CPU and memory its pods may request together. */
  readonly cpu: string;
  readonly memory: string;
}

/** The platform's tenants. */
export const TENANTS: readonly Tenant[] = [
  { name: 'acme', tier: 'gold', admins: ['alice@acme.example'], cpu: '8', memory: '32Gi' },
  { name: 'globex', tier: 'silver', admins: ['bob@globex.example'], cpu: '4', memory: '16Gi' },
  {
    name: 'initech',
    tier: 'bronze',
    admins: ['carol@initech.example', 'dan@initech.example'],
    cpu: '2',
    memory: '8Gi',
  },
];

/** What each tier gets: a priority, counts of objects, and how much memory its pods may be limited to per GiB requested. */
export const TIERS: Readonly<Record<Tier, { priority: number; pods: number; services: number; claims: number }>> = {
  gold: { priority: 10000, pods: 50, services: 20, claims: 20 },
  silver: { priority: 5000, pods: 20, services: 10, claims: 10 },
  bronze: { priority: 1000, pods: 10, services: 5, claims: 4 },
};

/** A tenant's namespace. */
export function tenantNamespace(tenant: Tenant): string {
  return `tenant-${tenant.name}`;
}

/** The group of a tenant's administrators, as the identity provider names it. */
export function adminGroup(tenant: Tenant): string {
  return `${tenant.name}-admins`;
}

/** The group of a tenant's developers, who may read its quota. */
export function developerGroup(tenant: Tenant): string {
  return `${tenant.name}-developers`;
}

/** The PriorityClass of a tier, which the tier's workloads name. */
export function priorityClassOf(tier: Tier): string {
  return `tenant-${tier}`;
}

/** The environment `name` (dev: Kubernetes 1.27, prod: 1.37), or of another release. */
export function tenantsEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(name, {
    ...ENVIRONMENTS[name],
    ...(release === undefined ? {} : { kubernetesVersion: release }),
  });
}

/**
 * A platform team's multi-tenant setup, as they write it by hand today, generated from the list of tenants through the
 * public API alone (lib/index.ts and cdk8s-plus' RBAC classes; no JSON patch, raw object or generated binding:
 * test/constructs/api-fit-tenants.test.ts checks this file's text):
 * - the `platform` namespace: the tenant-facing API, which admits the namespaces labelled as tenants on its one port,
 *   a PriorityClass per tier, and the CI ServiceAccount that deploys to gold tenants;
 * - per tenant, a namespace `tenant-<name>` (restricted Pod Security, the tenant label, default-deny policies with DNS
 *   and its own namespace open, and egress to the platform's API on its port alone), a ResourceQuota of its tier (CPU
 *   and memory, pods, Services, claims, no LoadBalancer and no NodePort), container defaults, the built-in `admin`
 *   ClusterRole bound in its namespace to its admins (and `edit` to the platform's CI for gold), a Role to read the quota
 *   bound to its developers, and a sample WebService of its tier's priority that calls the platform's API.
 */
export function buildTenants(env: Environment, tenants: readonly Tenant[] = TENANTS): App {
  const app = new App();
  const platform = new AppChart(app, 'platform', { env, namespace: PLATFORM_NAMESPACE });
  for (const [tier, { priority }] of Object.entries(TIERS)) {
    new PriorityClass(platform, priorityClassOf(tier as Tier), {
      value: priority,
      description: `Workloads of the platform's ${tier} tenants`,
    });
  }
  const ci = new ServiceAccount(platform, CI_ACCOUNT);
  new WebService(platform, TENANT_API, {
    image: 'registry.example.com/platform/tenant-api:2.4.1',
    containerPort: TENANT_API_PORT,
    servicePort: TENANT_API_PORT,
    healthPath: '/healthz',
    resources: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
    allowFrom: [{ namespaces: { [TENANT_LABEL]: 'true' } }],
  });

  for (const tenant of tenants) {
    const counts = TIERS[tenant.tier];
    const chart = new AppChart(app, tenantNamespace(tenant), {
      env,
      namespace: tenantNamespace(tenant),
      namespaceLabels: { [TENANT_LABEL]: 'true', 'platform.example.com/tier': tenant.tier },
      quota: {
        cpuRequests: tenant.cpu,
        memoryRequests: tenant.memory,
        memoryLimits: tenant.memory,
        pods: counts.pods,
        services: counts.services,
        persistentVolumeClaims: counts.claims,
        loadBalancers: 0,
        nodePorts: 0,
      },
      containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
    });
    chart.addDependency(platform);

    const admins = new kplus.RoleBinding(chart, 'tenant-admins', {
      metadata: { name: 'tenant-admins' },
      role: kplus.ClusterRole.fromClusterRoleName(chart, 'admin', 'admin'),
    });
    admins.addSubjects(
      ...tenant.admins.map((user) => kplus.User.fromName(chart, `admin-${user}`, user)),
      kplus.Group.fromName(chart, 'admin-group', adminGroup(tenant)),
    );
    exemptFromPolicy(admins, {
      rules: ['rbac-exec-attach'],
      polarisChecks: ['rolebindingClusterRolePodExecAttach'],
      reason: "the tenant's own administrators: they debug their pods (exec, attach) in their namespace alone",
    });
    if (tenant.tier === 'gold') {
      const deployer = new kplus.RoleBinding(chart, 'platform-ci', {
        metadata: { name: 'platform-ci' },
        role: kplus.ClusterRole.fromClusterRoleName(chart, 'edit', 'edit'),
      });
      deployer.addSubjects(ci);
      exemptFromPolicy(deployer, {
        rules: ['rbac-exec-attach'],
        polarisChecks: ['rolebindingClusterRolePodExecAttach'],
        reason:
          "the platform's CI deploys gold tenants' releases with the built-in edit role, in their namespace alone",
      });
    }
    const quotaReader = new kplus.Role(chart, 'quota-reader', { metadata: { name: 'quota-reader' } });
    quotaReader.allow(['get', 'list', 'watch'], kplus.ApiResource.RESOURCE_QUOTAS);
    new kplus.RoleBinding(chart, 'quota-readers', {
      metadata: { name: 'quota-readers' },
      role: quotaReader,
    }).addSubjects(kplus.Group.fromName(chart, 'developer-group', developerGroup(tenant)));

    new NetworkPolicy(chart, 'allow-platform-api', {
      egress: [
        {
          peers: [
            {
              namespaces: { 'kubernetes.io/metadata.name': PLATFORM_NAMESPACE },
              pods: { 'app.kubernetes.io/name': TENANT_API },
            },
          ],
          ports: [{ port: TENANT_API_PORT }],
        },
      ],
    });
    new WebService(chart, 'hello', {
      image: 'registry.example.com/samples/hello:1.0.0',
      replicas: tenant.tier === 'gold' ? 2 : 1,
      priorityClassName: priorityClassOf(tenant.tier),
      env: { PLATFORM_API_URL: TENANT_API_URL, TENANT: tenant.name },
      resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    });
  }
  return app;
}
