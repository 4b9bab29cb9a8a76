import { ApiObject, App, Chart } from 'cdk8s';
import { Finding } from '../../lib/checks/finding';
import { runChecks } from '../../lib/checks/run-checks';
import { Environment, parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { renderApp } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

/** The API group of the corpus's CustomResourceDefinitions. */
export const CRD_GROUP = 'crd-kinds.k8s-course.io';

type Json = Record<string, unknown>;

/** The release from which a CEL rule may give a fieldPath and a reason (1.27's server does not know the fields). */
const RULE_DETAILS_SINCE = '1.28';

/** A string field of at most `maxLength` characters: CEL rules over it stay within the server's cost budget. */
function text(maxLength: number, rest: Json = {}): Json {
  return { type: 'string', maxLength, ...rest };
}

/**
 * The Backup schema of v1, the storage version: nested objects, a map, keyed lists (map and set), an int-or-string, a
 * field that keeps unknown fields, an embedded resource, defaults, and CEL rules, one with a messageExpression (and,
 * from 1.28, a fieldPath and reason).
 */
function backupSchema(release: string): Json {
  const details = compareReleases(release, RULE_DETAILS_SINCE) >= 0;
  return {
    type: 'object',
    'x-kubernetes-validations': [
      { rule: "self.metadata.name.startsWith('backup-')", message: 'a Backup is named backup-<something>' },
    ],
    properties: {
      spec: {
        type: 'object',
        required: ['schedule', 'target'],
        'x-kubernetes-validations': [
          {
            rule: 'self.retention.keep >= self.retention.minimum',
            // string(self.retention.keep) would cost the server's whole budget: its size is not bounded.
            messageExpression: "'the backup of ' + self.target.name + ' keeps fewer than the minimum'",
            ...(details ? { fieldPath: '.retention.keep', reason: 'FieldValueInvalid' } : {}),
          },
        ],
        properties: {
          schedule: text(64, { pattern: '^(@(hourly|daily|weekly)|[0-9*/, -]+)$' }),
          suspend: { type: 'boolean', default: false },
          target: {
            type: 'object',
            required: ['kind', 'name'],
            properties: {
              kind: { type: 'string', enum: ['PersistentVolumeClaim', 'Database'] },
              name: text(63, { minLength: 1 }),
              port: { 'x-kubernetes-int-or-string': true },
            },
          },
          retention: {
            type: 'object',
            default: {},
            properties: {
              keep: { type: 'integer', minimum: 1, maximum: 100, default: 7 },
              minimum: { type: 'integer', minimum: 0, default: 1 },
              window: { type: 'string', format: 'duration', default: '24h' },
            },
          },
          labels: { type: 'object', additionalProperties: text(63), maxProperties: 16 },
          destinations: {
            type: 'array',
            maxItems: 4,
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: {
              type: 'object',
              required: ['name', 'url'],
              properties: {
                name: text(32),
                url: text(256, { format: 'uri' }),
                weight: { type: 'integer', minimum: 0, maximum: 100, default: 50 },
              },
              'x-kubernetes-validations': [
                {
                  rule: "self.url.startsWith('s3://') || self.url.startsWith('https://')",
                  message: 'an s3 or https URL',
                },
              ],
            },
          },
          zones: { type: 'array', maxItems: 8, 'x-kubernetes-list-type': 'set', items: text(32) },
          options: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          hookPod: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
      status: {
        type: 'object',
        properties: {
          replicas: { type: 'integer' },
          selector: { type: 'string' },
          lastSuccess: { type: 'string', format: 'date-time' },
          conditions: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['type'],
            items: {
              type: 'object',
              required: ['type', 'status'],
              properties: { type: text(64), status: { type: 'string', enum: ['True', 'False', 'Unknown'] } },
            },
          },
        },
      },
    },
  };
}

/** A CustomResourceDefinition of two versions (v1 stored, v1beta1 still served), subresources and printer columns. */
function backups(release: string): Json & { apiVersion: string; kind: string } {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `backups.${CRD_GROUP}` },
    spec: {
      group: CRD_GROUP,
      scope: 'Namespaced',
      names: {
        plural: 'backups',
        singular: 'backup',
        kind: 'Backup',
        listKind: 'BackupList',
        shortNames: ['bk'],
        categories: ['course'],
      },
      conversion: { strategy: 'None' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: backupSchema(release) },
          subresources: {
            status: {},
            scale: {
              specReplicasPath: '.spec.retention.keep',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
          additionalPrinterColumns: [
            { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
            { name: 'Keep', type: 'integer', format: 'int32', jsonPath: '.spec.retention.keep', priority: 1 },
            { name: 'Last success', type: 'date', jsonPath: '.status.lastSuccess', description: 'when one last ran' },
          ],
        },
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          deprecated: true,
          deprecationWarning: 'backups.crd-kinds.k8s-course.io/v1beta1 is deprecated; use v1',
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { schedule: text(64), target: text(63) },
                },
              },
            },
          },
        },
      ],
    },
  };
}

/** A cluster-scoped CustomResourceDefinition of one version, whose rules read a nested object and a list. */
function quotas(): Json & { apiVersion: string; kind: string } {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `storagequotas.${CRD_GROUP}` },
    spec: {
      group: CRD_GROUP,
      scope: 'Cluster',
      names: { plural: 'storagequotas', singular: 'storagequota', kind: 'StorageQuota', listKind: 'StorageQuotaList' },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                spec: {
                  type: 'object',
                  required: ['limit'],
                  properties: {
                    limit: { 'x-kubernetes-int-or-string': true, pattern: '^[0-9]+(Mi|Gi|Ti)?$' },
                    warnAt: { type: 'number', minimum: 0, maximum: 1, exclusiveMaximum: true, default: 0.8 },
                    namespaces: {
                      type: 'array',
                      maxItems: 16,
                      items: text(63),
                      'x-kubernetes-validations': [
                        {
                          rule: 'self.all(name, name != "kube-system")',
                          message: 'kube-system is not under a storage quota',
                        },
                      ],
                    },
                    owner: {
                      type: 'object',
                      nullable: true,
                      properties: { team: text(32), email: text(128, { format: 'email' }) },
                    },
                  },
                },
              },
            },
          },
          additionalPrinterColumns: [{ name: 'Limit', type: 'string', jsonPath: '.spec.limit' }],
        },
      ],
    },
  };
}

/**
 * CustomResourceDefinitions as a user writes them with `new ApiObject(...)`: a namespaced Backup of two versions with
 * every schema feature the gate reads (nested objects, a map, keyed lists, int-or-string, unknown fields kept, an
 * embedded resource, defaults, CEL rules with a messageExpression), subresources and printer columns; and a
 * cluster-scoped StorageQuota. Each passes the gate (test/checks/run-checks-property.test.ts) and both API servers
 * (test/e2e/gate-fuzz.test.ts), which then judge them with one field changed.
 */
export function buildCrdKinds(env: Environment): App {
  const app = new App();
  const chart = new Chart(app, 'crd-kinds');
  new ApiObject(chart, 'backups', backups(env.kubernetesVersion));
  new ApiObject(chart, 'storage-quotas', quotas());
  return app;
}

/** The environment `name` (dev: 1.27, prod: 1.37) of the corpus. */
export function crdKindsEnvironment(name: 'dev' | 'prod'): Environment {
  return parseEnvironment(name, ENVIRONMENTS[name]);
}

/**
 * The findings (warnings aside) of the CustomResourceDefinition `name` of the corpus with `change` made to a copy of it,
 * in the environment `name` (dev: 1.27, prod: 1.37).
 */
export function crdProblems(
  name: string,
  change: (manifest: AnyManifest) => void,
  environment: 'dev' | 'prod' = 'dev',
): Finding[] {
  const env = crdKindsEnvironment(environment);
  const objects = renderApp(buildCrdKinds(env)).flatMap((file) => file.objects);
  const position = objects.findIndex((object) => object.manifest.metadata.name === name);
  if (position < 0) {
    throw new Error(`no CustomResourceDefinition ${name} in the corpus`);
  }
  const manifest = JSON.parse(JSON.stringify(objects[position].manifest));
  change(manifest);
  const changed = { path: objects[position].path, manifest };
  objects[position] = changed;
  return runChecks(objects, env).findings.filter((finding) => finding.object === changed);
}

/** crdProblems as `rule: message` lines. */
export function crdFindings(
  name: string,
  change: (manifest: AnyManifest) => void,
  environment: 'dev' | 'prod' = 'dev',
): string[] {
  return crdProblems(name, change, environment).map((finding) => `${finding.rule}: ${finding.message}`);
}
