import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppChart,
  CustomResource,
  CustomResourceDefinition,
  Deployment,
  Environment,
  FailurePolicy,
  OpenApiSchema,
  PrinterColumnType,
  Probe,
  SealedSecret,
  Service,
  ServiceAccount,
  SideEffects,
  ValidatingWebhookConfiguration,
  Volume,
  WebhookOperation,
} from '../../lib';
import { MATCH_CONDITIONS_SINCE } from '../../lib/checks/webhook-rules';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { TEST_CA_CERTIFICATE } from '../certificates';

/** The operator's namespace, where its Backups live too. */
export const OPERATOR_NAMESPACE = 'backup-system';
/** The API group of the operator's kind. */
export const BACKUP_GROUP = 'example.com';
/** The name of the controller's ServiceAccount, which the webhook does not ask about its own writes. */
export const OPERATOR_ACCOUNT = 'backup-operator';
/** The webhook's name, path and container port. */
export const WEBHOOK_NAME = 'vbackup.example.com';
export const WEBHOOK_PATH = '/validate-backups-example-com-v1-backup';
export const WEBHOOK_PORT = 9443;
/** The namespace of the Prometheus that scrapes the controller's metrics. */
export const MONITORING_NAMESPACE = 'monitoring';

/**
 * The CA that signed the webhook's serving certificate (its own ca.crt, public; the serving key pair is the sealed
 * TLS Secret). The API server trusts the webhook by it.
 */
export const WEBHOOK_CA = TEST_CA_CERTIFICATE;

/** The sealed values of the webhook's TLS Secret (throw-away test values, as the saas app's). */
const SEALED_TLS = { 'tls.crt': 'AgBsealedServingCertificate==', 'tls.key': 'AgBsealedServingKey==' };

/** The environment `name` (dev: Kubernetes 1.27, prod: 1.37), or of another release, with the sealed TLS Secret. */
export function operatorEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    { ...ENVIRONMENTS[name], ...(release === undefined ? {} : { kubernetesVersion: release }) },
    { [`${OPERATOR_NAMESPACE}/backup-operator-webhook-tls`]: SEALED_TLS },
  );
}

/** The schema of a Backup, v1: what to back up, when, and how long to keep it. */
export const BACKUP_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['schedule', 'source'],
      properties: {
        schedule: {
          type: 'string',
          description: 'a cron expression of five fields, in UTC',
          maxLength: 64,
          'x-kubernetes-validations': [
            { rule: "self.split(' ').size() == 5", message: 'schedule must be a cron expression of five fields' },
          ],
        },
        source: {
          type: 'object',
          required: ['database'],
          properties: {
            kind: { type: 'string', enum: ['Postgres', 'MySQL', 'Redis'], default: 'Postgres' },
            database: { type: 'string', minLength: 1, maxLength: 63 },
          },
          'x-kubernetes-validations': [
            { rule: 'self.kind == oldSelf.kind', message: 'source.kind cannot change; make another Backup' },
          ],
        },
        method: { type: 'string', enum: ['Dump', 'Snapshot'], default: 'Dump' },
        retentionDays: { type: 'integer', minimum: 1, maximum: 365, default: 7 },
        keepLast: { type: 'integer', minimum: 1, maximum: 100 },
        suspend: { type: 'boolean', default: false },
      },
      'x-kubernetes-validations': [
        {
          rule: "self.method != 'Snapshot' || self.source.kind != 'Redis'",
          message: 'Redis is backed up by a dump: write method Dump',
        },
        {
          rule: '!has(self.keepLast) || self.keepLast <= self.retentionDays',
          message: 'keepLast must be at most retentionDays',
        },
      ],
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ['Pending', 'Running', 'Succeeded', 'Failed'] },
        lastBackupTime: { type: 'string', format: 'date-time' },
        message: { type: 'string' },
      },
    },
  },
};

/**
 * A platform team's backup operator, as they write it by hand today, through the public API alone (lib/index.ts and
 * the environment's configuration; no JSON patch, raw object or generated binding: test/constructs/api-fit-operator.test.ts
 * checks this file's text):
 * - a CustomResourceDefinition of its kind, `Backup` (namespaced, v1 served and stored, a structural schema with enums,
 *   defaults, bounds and CEL rules, a status subresource, printer columns), and two Backups in its namespace;
 * - the controller: a Deployment of 2 replicas that elect a leader (a Lease), as a ServiceAccount of its own, with a
 *   ClusterRole to watch Backups, write their status and run their pods and Jobs, bound cluster-wide, and a Role of its
 *   namespace for the Lease and events; a metrics Service for the monitoring namespace; a PodDisruptionBudget and the
 *   restricted Pod Security profile (AppChart's and Deployment's defaults);
 * - a validating admission webhook of Backups: the controller's webhook Service (port 443 to its container's 9443, a
 *   path), failing closed, without side effects, outside the system namespaces, trusting the CA of its serving
 *   certificate (a sealed kubernetes.io/tls Secret the controller mounts), not asked about the controller's own writes
 *   where the release has matchConditions (1.28 and later);
 * - network policies: the API server reaches the webhook port; the controller reaches the API server (Deployment's
 *   default for a pod with a token).
 */
export function buildOperator(env: Environment): App {
  const prod = env.name === 'prod';
  const app = new App();
  const chart = new AppChart(app, 'backup-operator', { env, namespace: OPERATOR_NAMESPACE });

  const backups = new CustomResourceDefinition(chart, 'backups', {
    group: BACKUP_GROUP,
    kind: 'Backup',
    shortNames: ['bk'],
    categories: ['backups'],
    versions: [
      {
        name: 'v1',
        schema: BACKUP_SCHEMA,
        statusSubresource: true,
        printerColumns: [
          { name: 'Schedule', type: PrinterColumnType.STRING, jsonPath: '.spec.schedule' },
          { name: 'Phase', type: PrinterColumnType.STRING, jsonPath: '.status.phase' },
          { name: 'Last Backup', type: PrinterColumnType.DATE, jsonPath: '.status.lastBackupTime' },
          { name: 'Retention', type: PrinterColumnType.INTEGER, jsonPath: '.spec.retentionDays', priority: 1 },
        ],
      },
    ],
  });

  const account = new ServiceAccount(chart, 'operator-account', { name: OPERATOR_ACCOUNT });
  // Cluster-wide: Backups of every namespace, and the pods and Jobs that run them.
  const manager = new kplus.ClusterRole(chart, 'manager-role', { metadata: { name: 'backup-operator-manager' } });
  manager.allow(['get', 'list', 'watch', 'update', 'patch'], backups.resource);
  manager.allow(['get', 'update', 'patch'], backups.statusResource);
  manager.allow(['get', 'list', 'watch', 'create', 'delete'], kplus.ApiResource.JOBS);
  manager.allow(['get', 'list', 'watch'], kplus.ApiResource.PODS);
  new kplus.ClusterRoleBinding(chart, 'manager-binding', {
    metadata: { name: 'backup-operator-manager' },
    role: manager,
  }).addSubjects(account);
  // Its own namespace: the leader election's Lease, and the events it records.
  const leader = new kplus.Role(chart, 'leader-election-role', {
    metadata: { name: 'backup-operator-leader-election' },
  });
  leader.allow(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], kplus.ApiResource.LEASES);
  leader.allow(['create', 'patch'], kplus.ApiResource.EVENTS);
  new kplus.RoleBinding(chart, 'leader-election-binding', {
    metadata: { name: 'backup-operator-leader-election' },
    role: leader,
  }).addSubjects(account);

  const tls = new SealedSecret(chart, 'backup-operator-webhook-tls', {
    type: 'kubernetes.io/tls',
    keys: ['tls.crt', 'tls.key'],
    sealedValues: env.sealedValues,
  });
  const controller = new Deployment(chart, 'backup-operator', {
    replicas: 2,
    serviceAccount: account,
    terminationGracePeriod: Duration.seconds(10),
    containers: [
      {
        name: 'manager',
        image: 'registry.example.com/platform/backup-operator:1.3.0',
        args: [
          '--leader-elect',
          '--leader-election-id=backup-operator.example.com',
          '--metrics-bind-address=:8080',
          '--health-probe-bind-address=:8081',
          `--webhook-port=${WEBHOOK_PORT}`,
        ],
        env: {
          POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
          LOG_LEVEL: prod ? 'info' : 'debug',
        },
        ports: [
          { number: WEBHOOK_PORT, name: 'webhook' },
          { number: 8080, name: 'metrics' },
          { number: 8081, name: 'health' },
        ],
        readiness: Probe.httpGet('/readyz', 'health'),
        liveness: Probe.httpGet('/healthz', 'health', { period: Duration.seconds(20) }),
        mounts: [
          { volume: Volume.fromSecret(tls.secret), path: '/tmp/k8s-webhook-server/serving-certs', readOnly: true },
        ],
        resources: prod
          ? { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' }
          : { cpuRequest: '10m', memoryRequest: '64Mi', cpuLimit: '200m', memoryLimit: '128Mi' },
      },
    ],
  });

  // The API server calls the webhook from the control plane's addresses.
  const webhookService = new Service(chart, 'webhook-service', {
    name: 'backup-operator-webhook',
    selector: controller,
    ports: [
      {
        port: 443,
        targetPort: 'webhook',
        name: 'https',
        allowFrom: env.apiServerCidrs.map((cidr) => ({ cidr })),
      },
    ],
  });
  new Service(chart, 'metrics-service', {
    name: 'backup-operator-metrics',
    selector: controller,
    ports: [
      {
        port: 8080,
        targetPort: 'metrics',
        name: 'metrics',
        allowFrom: [{ namespaces: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } }],
      },
    ],
  });

  // Before the webhook: once it exists, a Backup goes in only when the controller answers.
  new CustomResource(chart, 'nightly-postgres', {
    definition: backups,
    spec: { schedule: '0 2 * * *', source: { kind: 'Postgres', database: 'orders' }, retentionDays: prod ? 30 : 3 },
  });
  new CustomResource(chart, 'hourly-redis', {
    definition: backups,
    spec: { schedule: '0 * * * *', source: { kind: 'Redis', database: 'sessions' }, keepLast: 2, retentionDays: 2 },
  });

  new ValidatingWebhookConfiguration(chart, 'backup-operator-validating', {
    webhooks: [
      {
        name: WEBHOOK_NAME,
        service: webhookService,
        path: WEBHOOK_PATH,
        caCertificate: WEBHOOK_CA,
        rules: [
          {
            resources: [backups.resource],
            apiVersions: ['v1'],
            operations: [WebhookOperation.CREATE, WebhookOperation.UPDATE],
          },
        ],
        failurePolicy: FailurePolicy.FAIL,
        sideEffects: SideEffects.NONE,
        timeout: Duration.seconds(5),
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-node-lease'] },
          ],
        },
        ...(compareReleases(env.kubernetesVersion, MATCH_CONDITIONS_SINCE) >= 0
          ? {
              matchConditions: [
                {
                  name: 'not-the-controller',
                  expression: `request.userInfo.username != 'system:serviceaccount:${OPERATOR_NAMESPACE}:${OPERATOR_ACCOUNT}'`,
                },
              ],
            }
          : {}),
      },
    ],
  });
  return app;
}
