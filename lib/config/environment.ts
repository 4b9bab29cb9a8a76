import { Size } from 'cdk8s';
import { z } from 'zod';
import { DNS_LABEL, DNS_SUBDOMAIN, isCidr } from '../constructs/validation';
import { KNOWN_RELEASES, releaseProblem } from './kubernetes-version';
import { SealedStore } from '../secrets/sealed-store';

const CPU = /^([0-9]+m|[0-9]+(\.[0-9]+)?)$/;
const MEMORY = /^[0-9]+(Ki|Mi|Gi|Ti)$/;
const STORAGE = /^[1-9][0-9]*(Mi|Gi|Ti)$/;
/** An image with a tag other than `latest`, or a digest: `repository[:tag][@sha256:...]`. */
const PINNED_IMAGE = /^[a-z0-9]+([._/:-][a-z0-9]+)*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

const dnsLabel = z.string().max(63).regex(DNS_LABEL, 'must be a DNS-1123 label (lower-case letters, digits and "-")');
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(DNS_SUBDOMAIN, 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")');
const cpu = z.string().regex(CPU, 'must be a CPU quantity such as "250m" or "1"');
const memory = z.string().regex(MEMORY, 'must be a memory quantity such as "128Mi" or "1Gi"');

/** Objects the environment's cluster has that the project does not create; the reference checks accept them. */
const ExternalSchema = z.strictObject({
  /** Namespaces that exist already (`default`, `kube-system`, `kube-public` and `kube-node-lease` always do). */
  namespaces: z.array(dnsLabel).default([]),
  /** StorageClasses the cluster provides, e.g. a cloud's `standard`. */
  storageClasses: z.array(dnsSubdomain).default([]),
  /** ClusterRoles the cluster has beyond the built-in ones (`cluster-admin`, `admin`, `edit`, `view`, `system:*`). */
  clusterRoles: z.array(z.string().min(1)).default([]),
  /** Secrets made outside the project, as `namespace/name`, e.g. TLS certificates from cert-manager. */
  secrets: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'must be "namespace/name"')).default([]),
  /** Services made outside the project that an Ingress routes to (`Service.fromName`), as `namespace/name`. */
  services: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be "namespace/name"')).default([]),
  /** PriorityClasses the cluster has beyond `system-cluster-critical` and `system-node-critical`. */
  priorityClasses: z.array(dnsSubdomain).default([]),
  /**
   * PersistentVolumes made outside the project (an administrator's NFS share, a disk made by hand) that a claim binds
   * by `volumeName` (`PersistentVolume.fromName`).
   */
  persistentVolumes: z.array(dnsSubdomain).default([]),
  /**
   * Custom resources the cluster serves without the project defining them (their CustomResourceDefinitions come with
   * an operator), as `<apiVersion> <Kind>`, e.g. `monitoring.coreos.com/v1 ServiceMonitor`.
   */
  customResources: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\/v[a-z0-9]+ [A-Z][A-Za-z0-9]*$/,
          'must be "<group>/<version> <Kind>" of a custom resource, e.g. "monitoring.coreos.com/v1 ServiceMonitor"',
        ),
    )
    .default([]),
  /** RuntimeClasses the cluster's nodes offer (a sandbox such as gVisor's or Kata's) that a pod's runtimeClassName may name. */
  runtimeClasses: z.array(dnsSubdomain).default([]),
  /** IngressClasses the cluster's ingress controllers install, e.g. `nginx`, that an Ingress's `className` may name. */
  ingressClasses: z.array(dnsSubdomain).default([]),
  /**
   * The cluster's service ranges (its API server's `--service-cluster-ip-range`, the `kubernetes` ServiceCIDR), one of
   * each IP family at most: a Service's fixed clusterIP must lie inside, and dual stack needs both families. Left
   * empty, the gate does not judge them.
   */
  serviceCidrs: z
    .array(z.string().refine(isCidr, 'must be an address block in CIDR notation, such as "10.96.0.0/12"'))
    .max(2, 'lists one range of each IP family at most')
    .default([]),
});

/** How a GitOps engine (Argo CD) deploys the environment from git. */
const GitOpsSchema = z.strictObject({
  /** The git repository Argo CD reads `dist/<env>/` from. */
  repoURL: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'must be an https://, ssh:// or git@ repository URL'),
  /** The branch, tag or commit Argo CD follows. */
  targetRevision: z.string().min(1).default('main'),
  /** The namespace Argo CD runs in, where the Application goes. */
  argoNamespace: dnsLabel.default('argocd'),
  /** The Argo CD project. */
  project: z.string().min(1).default('default'),
  /** The cluster Argo CD deploys to. */
  destinationServer: z
    .string()
    .regex(/^https:\/\/\S+$/, 'must be an https:// URL')
    .default('https://kubernetes.default.svc'),
  /** Sync automatically when git changes. */
  automated: z.boolean().default(true),
  /** With automated sync, delete what was removed from git. */
  prune: z.boolean().default(true),
  /** With automated sync, undo changes made in the cluster by hand. */
  selfHeal: z.boolean().default(true),
});

/** The schema every environment is validated against at synthesis. */
export const EnvironmentSchema = z.strictObject({
  /** The environment's name; its manifests go to `dist/<name>/`. */
  name: dnsLabel,
  /**
   * The Kubernetes release `major.minor` the environment's cluster runs (`"1.37"`): Pod Security's `enforce-version`
   * follows it, and the `api-version` check refuses the apiVersions it does not serve (lib/checks/api-versions.json).
   */
  kubernetesVersion: z
    .string({ error: `must be ${KNOWN_RELEASES}, as a string such as "1.37"` })
    .superRefine((value, context) => {
      const problem = releaseProblem(value);
      if (problem !== undefined) {
        context.addIssue({ code: 'custom', message: problem });
      }
    }),
  /** The DNS domain Ingress hosts are made under, e.g. `web.<domain>`. */
  domain: dnsSubdomain,
  /** Pods per web Deployment. */
  webReplicas: z.number().int().min(1).max(100),
  /** The image of the course's web server, pinned to a tag (not `latest`) or a digest. */
  webImage: z.string().regex(PINNED_IMAGE, 'must name an image with a tag other than "latest", or a digest'),
  /** Why the current web revision exists, shown by `kubectl rollout history`. */
  webChangeCause: z.string().trim().min(1).max(200),
  /** Requests and limits of the web containers. */
  webResources: z
    .strictObject({
      cpuRequest: cpu.optional(),
      memoryRequest: memory.optional(),
      cpuLimit: cpu.optional(),
      memoryLimit: memory.optional(),
      ephemeralStorageRequest: memory.optional(),
      ephemeralStorageLimit: memory.optional(),
    })
    .default({}),
  /** The log level the course's apps are configured with (through a ConfigMap). */
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * The API server's addresses, as CIDR blocks, that pods using the Kubernetes API may reach (on 443 and 6443) through
   * their `<workload>-to-api-server` NetworkPolicy: the `kubernetes` Service's ClusterIP and the addresses of its
   * endpoints (`kubectl get endpoints kubernetes -n default`), since network plugins check egress before or after
   * the Service's address is translated. Never the whole internet.
   */
  apiServerCidrs: z
    .array(
      z
        .string()
        .refine(isCidr, 'must be an address block in CIDR notation, such as "10.96.0.1/32"')
        .refine((cidr) => !cidr.endsWith('/0'), "must be the API server's addresses, not every address (/0)"),
      { error: "must list the API server's addresses as CIDR blocks, e.g. ['10.96.0.1/32']" },
    )
    .min(1, "must list the API server's addresses"),
  /** The namespace of the cluster's Ingress controller, which NetworkPolicies let reach Ingress backends. */
  ingressControllerNamespace: dnsLabel.default('ingress-nginx'),
  /** The node directory under which hostPath PersistentVolumes keep their data. */
  hostPathRoot: z.string().regex(/^\/[\w./-]*$/, 'must be an absolute path'),
  /** The size of each PersistentVolume and claim, e.g. "1Gi". */
  storageSize: z.string().regex(STORAGE, 'must be a whole number of Mi, Gi or Ti, such as "1Gi"'),
  /**
   * The SHA-256 of the public key (DER SubjectPublicKeyInfo, hex) of the environment's sealing certificate
   * `secrets/<name>.pem`; `npm run seal` refuses any other certificate, so that one environment's values are never
   * sealed to another's key.
   */
  sealingCertificateSha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be 64 lower-case hex digits (a SHA-256)'),
  /** How Argo CD deploys the environment. */
  gitops: GitOpsSchema,
  /** Objects that exist in the cluster without being created here. */
  external: ExternalSchema.default(() => ExternalSchema.parse({})),
});

/** What an environment declares outside the project when it declares nothing. */
export const NO_EXTERNAL: Environment['external'] = ExternalSchema.parse({});

/** An environment as written in `environments.ts`. */
export type EnvironmentInput = z.input<typeof EnvironmentSchema>;

/** An environment after validation, as charts receive it, with its sealed secret values. */
export type Environment = z.output<typeof EnvironmentSchema> & {
  /** The sealed values of its SealedSecrets, by "namespace/name" then key (`secrets/<env>.sealed.json`). */
  readonly sealedValues: SealedStore;
};

/**
 * Validates an environment and fails with every problem at once, each with the environment, the field path, the bad
 * value and what is allowed.
 */
export function parseEnvironment(key: string, input: unknown, sealedValues: SealedStore = {}): Environment {
  // Without zod's compiled fast path, which costs more to generate (eval) than a synthesis's few parses take.
  const result = EnvironmentSchema.safeParse(input, { jitless: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.join('.') || '(the environment)';
      return `  ${field}: ${issue.message}, got ${describe(valueAt(input, issue.path))}`;
    });
    throw new Error(`environment "${key}" is invalid (lib/config/environments.ts):\n${problems.join('\n')}`);
  }
  if (result.data.name !== key) {
    throw new Error(
      `environment "${key}" is invalid (lib/config/environments.ts):\n  name: must equal its key "${key}", got "${result.data.name}"`,
    );
  }
  return { ...result.data, sealedValues };
}

/** The size of an environment's `storageSize`. */
export function storageSize(env: Environment): Size {
  const amount = parseInt(env.storageSize, 10);
  switch (env.storageSize.slice(-2)) {
    case 'Ti':
      return Size.tebibytes(amount);
    case 'Gi':
      return Size.gibibytes(amount);
    default:
      return Size.mebibytes(amount);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
