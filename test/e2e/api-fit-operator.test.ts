import * as fs from 'fs';
import * as path from 'path';
import { MATCH_CONDITIONS_SINCE } from '../../lib/checks/webhook-rules';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { synthesize } from '../../lib/synthesize';
import {
  BACKUP_GROUP,
  OPERATOR_ACCOUNT,
  OPERATOR_NAMESPACE,
  WEBHOOK_CA,
  WEBHOOK_NAME,
  WEBHOOK_PATH,
  buildOperator,
  operatorEnvironment,
} from '../constructs/api-fit-operator-app';
import { AnyManifest, tempDir } from '../helpers';
import {
  applyKindsStrict,
  applyStrict,
  dryRunStrict,
  getJson,
  kubectl,
  kubectlResult,
  serverRelease,
  useCleanNamespaces,
} from './kubectl';

jest.setTimeout(180_000);

/**
 * The backup operator of test/constructs/api-fit-operator-app.ts (a CustomResourceDefinition of its kind `Backup` with
 * its CEL rules, status subresource and printer columns; two Backups; the controller's Deployment, ServiceAccount,
 * RBAC, Services, budget and policies; a validating webhook of Backups behind the controller's Service), synthesized
 * for both environments at the release of the API server under test, gate included: the definition goes in first, as
 * `npm run apply` sends it, then each environment is taken with strict field validation; applied, the definition is
 * established, the Backups are taken with the schema's defaults, the controller's account may do what it needs and no
 * more, and the webhook configuration is live: the API server calls the controller's Service for a new Backup (and,
 * the test cluster's pods serving nothing, refuses it, failing closed).
 */
const RELEASE = serverRelease();
const FILE = 'backup-operator.k8s.yaml';
const DEFINITION = `backups.${BACKUP_GROUP}`;
const WEBHOOK_CONFIGURATION = 'backup-operator-validating';
const CONTROLLER = `system:serviceaccount:${OPERATOR_NAMESPACE}:${OPERATOR_ACCOUNT}`;

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const outdir = tempDir();
  synthesize({ outdir, environments: [operatorEnvironment(name, RELEASE)], build: buildOperator, maps: false });
  return path.join(outdir, name, FILE);
}

/** A Backup `name` of the given spec, as YAML for `kubectl create -f -`. */
function backup(name: string, spec: object): string {
  return JSON.stringify({
    apiVersion: `${BACKUP_GROUP}/v1`,
    kind: 'Backup',
    metadata: { name, namespace: OPERATOR_NAMESPACE },
    spec,
  });
}

/** Whether the controller's account may `verb` the `resource` (in the operator's namespace unless `namespace`). */
function controllerCan(verb: string, resource: string, namespace = OPERATOR_NAMESPACE): string {
  return kubectlResult(['auth', 'can-i', verb, resource, '-n', namespace, `--as=${CONTROLLER}`]).stdout.trim();
}

const files: Record<'dev' | 'prod', string> = { dev: '', prod: '' };

useCleanNamespaces(
  [OPERATOR_NAMESPACE],
  [
    ['validatingwebhookconfiguration', [WEBHOOK_CONFIGURATION]],
    ['customresourcedefinition', [DEFINITION]],
    ['clusterrole', ['backup-operator-manager']],
    ['clusterrolebinding', ['backup-operator-manager']],
  ],
);

beforeAll(() => {
  // A webhook left by an interrupted run would be called for the Backups of the dry runs.
  kubectlResult(['delete', 'validatingwebhookconfiguration', WEBHOOK_CONFIGURATION, '--ignore-not-found']);
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`a backup operator on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)(
    'is taken in %s with strict field validation, its definition first, without error or warning',
    (name) => {
      const file = files[name];
      expect(fs.existsSync(file)).toBe(true);
      const definitions = applyKindsStrict(file, ['Namespace', 'CustomResourceDefinition']);
      expect({ stderr: definitions.stderr, status: definitions.status }).toEqual({ stderr: '', status: 0 });
      kubectl(['wait', '--for=condition=Established', `crd/${DEFINITION}`, '--timeout=60s']);
      const result = dryRunStrict(file);
      expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    },
  );

  it('keeps, applied, the Backups with the defaults of their schema, shown by the printer columns', () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    const specs = Object.fromEntries(
      getJson(['backups', '-n', OPERATOR_NAMESPACE]).items.map((item: AnyManifest) => [item.metadata.name, item.spec]),
    );
    expect(specs).toEqual({
      'hourly-redis': {
        schedule: '0 * * * *',
        source: { kind: 'Redis', database: 'sessions' },
        method: 'Dump',
        keepLast: 2,
        retentionDays: 2,
        suspend: false,
      },
      'nightly-postgres': {
        schedule: '0 2 * * *',
        source: { kind: 'Postgres', database: 'orders' },
        method: 'Dump',
        retentionDays: 30,
        suspend: false,
      },
    });
    const table = kubectl(['get', 'backups', '-n', OPERATOR_NAMESPACE, '-o', 'wide']).split('\n')[0];
    expect(table.split(/\s{2,}/)).toEqual(['NAME', 'SCHEDULE', 'PHASE', 'LAST BACKUP', 'RETENTION']);
  });

  it("refuses a Backup its definition's CEL rules refuse, with the rule's message", () => {
    const result = kubectlResult(
      ['create', '--dry-run=server', '-f', '-'],
      backup('snapshot-redis', { schedule: '0 3 * * *', source: { kind: 'Redis', database: 'x' }, method: 'Snapshot' }),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Redis is backed up by a dump: write method Dump');
  });

  it("lets the controller's account watch Backups, write their status, run Jobs and hold its Lease, and no more", () => {
    expect({
      watchBackups: controllerCan('watch', `backups.${BACKUP_GROUP}`, 'default'),
      updateStatus: controllerCan('update', `backups.${BACKUP_GROUP}/status`, 'default'),
      createJobs: controllerCan('create', 'jobs.batch', 'default'),
      updateLease: controllerCan('update', 'leases.coordination.k8s.io'),
      recordEvents: controllerCan('create', 'events'),
      leaseElsewhere: controllerCan('update', 'leases.coordination.k8s.io', 'default'),
      deleteBackups: controllerCan('delete', `backups.${BACKUP_GROUP}`, 'default'),
      readSecrets: controllerCan('get', 'secrets'),
    }).toEqual({
      watchBackups: 'yes',
      updateStatus: 'yes',
      createJobs: 'yes',
      updateLease: 'yes',
      recordEvents: 'yes',
      leaseElsewhere: 'no',
      deleteBackups: 'no',
      readSecrets: 'no',
    });
  });

  it("keeps the webhook configuration, which sends a new Backup to the controller's Service", () => {
    const [webhook] = getJson(['validatingwebhookconfiguration', WEBHOOK_CONFIGURATION]).webhooks;
    expect({
      name: webhook.name,
      service: webhook.clientConfig.service,
      ca: Buffer.from(webhook.clientConfig.caBundle, 'base64').toString(),
      rules: webhook.rules,
      failurePolicy: webhook.failurePolicy,
      sideEffects: webhook.sideEffects,
      timeoutSeconds: webhook.timeoutSeconds,
      namespaceSelector: webhook.namespaceSelector,
      conditions: (webhook.matchConditions ?? []).map((condition: AnyManifest) => condition.name),
    }).toEqual({
      name: WEBHOOK_NAME,
      service: { name: 'backup-operator-webhook', namespace: OPERATOR_NAMESPACE, path: WEBHOOK_PATH, port: 443 },
      ca: WEBHOOK_CA,
      rules: [
        {
          apiGroups: [BACKUP_GROUP],
          apiVersions: ['v1'],
          resources: ['backups'],
          operations: ['CREATE', 'UPDATE'],
          scope: '*',
        },
      ],
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 5,
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-node-lease'] },
        ],
      },
      conditions: compareReleases(RELEASE, MATCH_CONDITIONS_SINCE) >= 0 ? ['not-the-controller'] : [],
    });
    // The test cluster's pods serve nothing: the API server's call to the webhook fails, and it fails closed.
    const result = kubectlResult(
      ['create', '--dry-run=server', '-f', '-'],
      backup('weekly-mysql', { schedule: '0 4 * * 0', source: { kind: 'MySQL', database: 'billing' } }),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`failed calling webhook "${WEBHOOK_NAME}"`);
    expect(result.stderr).toContain(`backup-operator-webhook.${OPERATOR_NAMESPACE}.svc:443`);
  });
});
