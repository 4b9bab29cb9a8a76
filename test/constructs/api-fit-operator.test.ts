import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runChecks } from '../../lib/checks/run-checks';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import {
  BACKUP_GROUP,
  BACKUP_SCHEMA,
  MONITORING_NAMESPACE,
  OPERATOR_ACCOUNT,
  OPERATOR_NAMESPACE,
  WEBHOOK_CA,
  WEBHOOK_NAME,
  WEBHOOK_PATH,
  WEBHOOK_PORT,
  buildOperator,
  operatorEnvironment,
} from './api-fit-operator-app';

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'backup-operator.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe.each(['dev', 'prod'] as const)('a backup operator through the public API, in %s', (name) => {
  const env = operatorEnvironment(name);
  const prod = name === 'prod';
  const controllerPods = {
    'app.kubernetes.io/instance': `backup-operator-${name}`,
    'app.kubernetes.io/name': 'backup-operator',
  };
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildOperator, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('has no finding or exemption at the gate, and warns only that kubectl apply -f needs the definition first', () => {
    const objects = renderApp(buildOperator(env)).flatMap((file) => file.objects);
    const result = runChecks(objects, env);
    expect({
      findings: result.findings,
      warnings: result.warnings.map((warning) => [warning.rule, warning.object.manifest.metadata.name]),
      exemptions: result.exemptions,
    }).toEqual({
      findings: [],
      warnings: [['custom-resource-order', `backups.${BACKUP_GROUP}`]],
      exemptions: [],
    });
  });

  it('writes the definition first and the webhook configuration last, after the Backups it will judge', () => {
    const kinds = manifests.map((manifest) => manifest.kind);
    expect(kinds.indexOf('CustomResourceDefinition')).toBeLessThan(kinds.indexOf('Backup'));
    expect(kinds.slice(-3)).toEqual(['Backup', 'Backup', 'ValidatingWebhookConfiguration']);
  });

  describe('the definition of Backup', () => {
    let spec: AnyManifest;
    beforeAll(() => {
      spec = find(manifests, 'CustomResourceDefinition', `backups.${BACKUP_GROUP}`).spec;
    });

    it('is namespaced, of its group, names and one version served and stored', () => {
      expect(spec.group).toBe(BACKUP_GROUP);
      expect(spec.scope).toBe('Namespaced');
      expect(spec.names).toEqual({
        kind: 'Backup',
        listKind: 'BackupList',
        plural: 'backups',
        singular: 'backup',
        shortNames: ['bk'],
        categories: ['backups'],
      });
      expect(spec.versions.map((version: AnyManifest) => [version.name, version.served, version.storage])).toEqual([
        ['v1', true, true],
      ]);
    });

    it('has the structural schema with its enums, defaults and CEL rules, a status subresource and printer columns', () => {
      const [v1] = spec.versions;
      expect(v1.schema).toEqual({ openAPIV3Schema: BACKUP_SCHEMA });
      const backupSpec = v1.schema.openAPIV3Schema.properties.spec;
      expect(backupSpec.properties.method).toEqual({ type: 'string', enum: ['Dump', 'Snapshot'], default: 'Dump' });
      expect(backupSpec['x-kubernetes-validations'].map((rule: AnyManifest) => rule.rule)).toEqual([
        "self.method != 'Snapshot' || self.source.kind != 'Redis'",
        '!has(self.keepLast) || self.keepLast <= self.retentionDays',
      ]);
      expect(v1.subresources).toEqual({ status: {} });
      expect(v1.additionalPrinterColumns).toEqual([
        { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Last Backup', type: 'date', jsonPath: '.status.lastBackupTime' },
        { name: 'Retention', type: 'integer', jsonPath: '.spec.retentionDays', priority: 1 },
      ]);
    });
  });

  it('has two Backups of the definition in its namespace', () => {
    const backups = manifests.filter((manifest) => manifest.kind === 'Backup');
    expect(
      backups.map((backup) => [backup.apiVersion, backup.metadata.namespace, backup.metadata.name, backup.spec]),
    ).toEqual([
      [
        `${BACKUP_GROUP}/v1`,
        OPERATOR_NAMESPACE,
        'nightly-postgres',
        { schedule: '0 2 * * *', source: { kind: 'Postgres', database: 'orders' }, retentionDays: prod ? 30 : 3 },
      ],
      [
        `${BACKUP_GROUP}/v1`,
        OPERATOR_NAMESPACE,
        'hourly-redis',
        { schedule: '0 * * * *', source: { kind: 'Redis', database: 'sessions' }, keepLast: 2, retentionDays: 2 },
      ],
    ]);
  });

  describe('the controller', () => {
    let pod: AnyManifest;
    beforeAll(() => {
      pod = find(manifests, 'Deployment', 'backup-operator').spec.template.spec;
    });

    it('runs 2 replicas that elect a leader, as its own account, kept by a PodDisruptionBudget', () => {
      expect(find(manifests, 'Deployment', 'backup-operator').spec.replicas).toBe(2);
      expect(pod.containers[0].args).toContain('--leader-elect');
      expect(pod.serviceAccountName).toBe(OPERATOR_ACCOUNT);
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(find(manifests, 'PodDisruptionBudget', 'backup-operator').spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: controllerPods },
      });
    });

    it('passes the restricted Pod Security profile and serves the webhook with the sealed TLS Secret', () => {
      expect(find(manifests, 'Namespace', OPERATOR_NAMESPACE).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.containers[0].securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
      expect(pod.containers[0].ports).toContainEqual({ containerPort: WEBHOOK_PORT, name: 'webhook' });
      const mount = pod.containers[0].volumeMounts.find(
        (each: AnyManifest) => each.mountPath === '/tmp/k8s-webhook-server/serving-certs',
      );
      expect(mount.readOnly).toBe(true);
      expect(pod.volumes.find((volume: AnyManifest) => volume.name === mount.name).secret.secretName).toBe(
        'backup-operator-webhook-tls',
      );
      expect(find(manifests, 'SealedSecret', 'backup-operator-webhook-tls').spec.template).toEqual({
        metadata: { name: 'backup-operator-webhook-tls', namespace: OPERATOR_NAMESPACE },
        type: 'kubernetes.io/tls',
      });
    });

    it('may watch Backups, write their status and run their Jobs cluster-wide, and hold its Lease in its namespace', () => {
      expect(find(manifests, 'ClusterRole', 'backup-operator-manager').rules).toEqual([
        { apiGroups: [BACKUP_GROUP], resources: ['backups'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [BACKUP_GROUP], resources: ['backups/status'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      ]);
      const subjects = [{ kind: 'ServiceAccount', name: OPERATOR_ACCOUNT, namespace: OPERATOR_NAMESPACE }];
      expect(find(manifests, 'ClusterRoleBinding', 'backup-operator-manager')).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'backup-operator-manager' },
        subjects,
      });
      expect(find(manifests, 'Role', 'backup-operator-leader-election').rules).toEqual([
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ]);
      expect(find(manifests, 'RoleBinding', 'backup-operator-leader-election')).toMatchObject({
        roleRef: { kind: 'Role', name: 'backup-operator-leader-election' },
        subjects,
      });
    });
  });

  it("calls the controller's webhook Service for Backups, failing closed, trusting the CA of its certificate", () => {
    const [webhook] = find(manifests, 'ValidatingWebhookConfiguration', 'backup-operator-validating').webhooks;
    expect(webhook).toEqual({
      name: WEBHOOK_NAME,
      admissionReviewVersions: ['v1'],
      clientConfig: {
        service: { name: 'backup-operator-webhook', namespace: OPERATOR_NAMESPACE, port: 443, path: WEBHOOK_PATH },
        caBundle: Buffer.from(WEBHOOK_CA).toString('base64'),
      },
      rules: [
        { apiGroups: [BACKUP_GROUP], apiVersions: ['v1'], resources: ['backups'], operations: ['CREATE', 'UPDATE'] },
      ],
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 5,
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'kube-node-lease'] },
        ],
      },
      // 1.27 drops matchConditions: dev (1.27) has none, prod (1.37) spares the controller's own writes.
      ...(prod
        ? {
            matchConditions: [
              {
                name: 'not-the-controller',
                expression: `request.userInfo.username != 'system:serviceaccount:${OPERATOR_NAMESPACE}:${OPERATOR_ACCOUNT}'`,
              },
            ],
          }
        : {}),
    });
    expect(find(manifests, 'Service', 'backup-operator-webhook').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'webhook' },
    ]);
  });

  it('lets the API server reach the webhook port, the monitoring namespace the metrics, and the controller the API server', () => {
    const policy = (policyName: string) => find(manifests, 'NetworkPolicy', policyName).spec;
    expect(policy('backup-operator-webhook-allow-ingress')).toEqual({
      podSelector: { matchLabels: controllerPods },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: env.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ port: 'webhook', protocol: 'TCP' }],
        },
      ],
    });
    expect(policy('backup-operator-metrics-allow-ingress').ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
    expect(policy('backup-operator-to-api-server')).toEqual({
      podSelector: { matchLabels: controllerPods },
      policyTypes: ['Egress'],
      egress: [
        {
          to: env.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [
            { port: 443, protocol: 'TCP' },
            { port: 6443, protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildOperator, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the operator app at the gate', () => {
  it('is refused when its webhook TLS Secret is not sealed for the environment', () => {
    const env = parseEnvironment('prod', ENVIRONMENTS.prod);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildOperator, maps: false })).toThrow(
      `${OPERATOR_NAMESPACE}/backup-operator-webhook-tls`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-operator-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|addOverride|Kube[A-Z]|imports\/k8s|lib\/constructs|escape/,
    );
  });
});
