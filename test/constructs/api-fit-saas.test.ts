import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Environment } from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import { SAAS_NAMESPACE, SAAS_TLS_SECRET, buildSaas, saasHost } from './api-fit-saas-app';

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37) with the app's sealed password and, unless told otherwise,
 * its TLS Secret declared external.
 */
function saasEnvironment(name: 'dev' | 'prod', declareTls = true): Environment {
  return parseEnvironment(
    name,
    { ...ENVIRONMENTS[name], external: { secrets: declareTls ? [`${SAAS_NAMESPACE}/${SAAS_TLS_SECRET}`] : [] } },
    { [`${SAAS_NAMESPACE}/postgres-credentials`]: { password: 'AgBsealedPostgresPassword==' } },
  );
}

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'saas.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

function podSpecOf(manifests: AnyManifest[], kind: string, name: string): AnyManifest {
  const object = find(manifests, kind, name);
  return (object.spec.jobTemplate?.spec ?? object.spec).template.spec;
}

describe.each(['dev', 'prod'] as const)('a three-tier SaaS app through the public API, in %s', (name) => {
  const env = saasEnvironment(name);
  const prod = name === 'prod';
  const pods = (workload: string) => ({
    podSelector: { matchLabels: { 'app.kubernetes.io/instance': `saas-${name}`, 'app.kubernetes.io/name': workload } },
  });
  let manifests: AnyManifest[];
  let outdir: string;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildSaas, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
  });

  it('serves the frontend over HTTPS with the external certificate, letting only the Ingress controller in', () => {
    expect(find(manifests, 'Ingress', 'web').spec.tls).toEqual([
      { hosts: [saasHost(env)], secretName: SAAS_TLS_SECRET },
    ]);
    expect(find(manifests, 'Ingress', 'web').metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': prod ? 'letsencrypt' : 'selfsigned',
    });
    expect(find(manifests, 'Deployment', 'web').metadata.annotations ?? {}).not.toHaveProperty(
      'cert-manager.io/cluster-issuer',
    );
    expect(find(manifests, 'NetworkPolicy', 'web-to-web').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
    expect(manifests.filter((object) => object.metadata.name === 'web-allow-ingress')).toEqual([]);
  });

  it('lets only web reach the API, and only the API and its workers reach Postgres (and its members) and Redis', () => {
    const from = (policy: string) => find(manifests, 'NetworkPolicy', policy).spec.ingress[0].from;
    expect(from('api-allow-ingress')).toEqual([pods('web')]);
    expect(from('redis-allow-ingress')).toEqual([pods('api'), pods('worker')]);
    expect(from('postgres-allow-ingress')).toEqual([
      pods('postgres'),
      pods('api'),
      pods('worker'),
      pods('migrate'),
      pods('backup'),
    ]);
  });

  it('runs the API and the worker from one image with their own args, the API with a startup probe', () => {
    const [api] = podSpecOf(manifests, 'Deployment', 'api').containers;
    const [worker] = podSpecOf(manifests, 'Deployment', 'worker').containers;
    expect(api.image).toBe(worker.image);
    expect([api.args, worker.args]).toEqual([['serve'], ['worker']]);
    expect(api.startupProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 5,
      failureThreshold: 24,
    });
  });

  it('lets the worker out to the internet on 443, but for private ranges and the metadata service', () => {
    expect(find(manifests, 'NetworkPolicy', 'worker-to-internet').spec).toEqual({
      podSelector: pods('worker').podSelector,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.169.254/32'],
              },
            },
          ],
          ports: [{ port: 443, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('runs the API as its own ServiceAccount, allowed to read ConfigMaps and hold Leases', () => {
    expect(podSpecOf(manifests, 'Deployment', 'api').serviceAccountName).toBe('api');
    expect(find(manifests, 'Role', 'api').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
      },
    ]);
    expect(find(manifests, 'RoleBinding', 'api')).toMatchObject({
      roleRef: { kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api' }],
    });
    expect(find(manifests, 'NetworkPolicy', 'api-to-api-server').spec.egress[0].ports).toEqual([
      { port: 443, protocol: 'TCP' },
      { port: 6443, protocol: 'TCP' },
    ]);
  });

  it('mounts the settings file with a subPath and gives settings and password as environment', () => {
    const [api] = podSpecOf(manifests, 'Deployment', 'api').containers;
    // Named by a hash of its content, so that a change rolls its readers.
    const [settings] = manifests
      .filter((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('api-settings-'))
      .map((object) => object.metadata.name);
    expect(api.volumeMounts).toContainEqual({
      name: 'settings',
      mountPath: '/etc/api/app.yaml',
      subPath: 'app.yaml',
      readOnly: true,
    });
    expect(api.env).toContainEqual({
      name: 'LOG_LEVEL',
      valueFrom: { configMapKeyRef: { name: settings, key: 'LOG_LEVEL' } },
    });
    expect(api.env).toContainEqual({
      name: 'DATABASE_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
    });
    expect(api.envFrom).toEqual([{ configMapRef: { name: settings } }]);
    expect(podSpecOf(manifests, 'Deployment', 'worker').containers[0].envFrom).toEqual([
      { configMapRef: { name: settings } },
    ]);
  });

  it('runs Postgres with a claim per member, a headless Service and the sealed password', () => {
    const postgres = find(manifests, 'StatefulSet', 'postgres');
    expect(postgres.spec.replicas).toBe(prod ? 3 : 1);
    expect(postgres.spec.serviceName).toBe('postgres');
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(prod ? '20Gi' : '1Gi');
    expect(find(manifests, 'Service', 'postgres').spec.clusterIP).toBe('None');
    expect(podSpecOf(manifests, 'StatefulSet', 'postgres').containers[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
    });
    expect(find(manifests, 'SealedSecret', 'postgres-credentials').spec.encryptedData).toEqual({
      password: 'AgBsealedPostgresPassword==',
    });
  });

  it('writes the migration Job after Postgres and before every object of the API', () => {
    const at = (kind: string, objectName: string) =>
      manifests.findIndex((object) => object.kind === kind && object.metadata.name === objectName);
    expect(at('Job', 'migrate')).toBeGreaterThan(at('StatefulSet', 'postgres'));
    for (const [kind, objectName] of [
      ['Deployment', 'api'],
      ['Service', 'api'],
      ['NetworkPolicy', 'api-allow-ingress'],
    ]) {
      expect({ kind, objectName, after: at(kind, objectName) > at('Job', 'migrate') }).toEqual({
        kind,
        objectName,
        after: true,
      });
    }
  });

  it('scales the worker on CPU, with no Service', () => {
    expect(find(manifests, 'HorizontalPodAutoscaler', 'worker').spec).toMatchObject({
      minReplicas: prod ? 2 : 1,
      maxReplicas: prod ? 10 : 2,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
    expect(find(manifests, 'Deployment', 'worker').spec.replicas).toBeUndefined();
    expect(manifests.filter((object) => object.kind === 'Service' && object.metadata.name === 'worker')).toEqual([]);
  });

  it('backs up nightly to a claim', () => {
    const backup = find(manifests, 'CronJob', 'backup');
    expect(backup.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(podSpecOf(manifests, 'CronJob', 'backup').volumes).toContainEqual({
      name: 'pvc-backups',
      persistentVolumeClaim: { claimName: 'backups' },
    });
    expect(find(manifests, 'PersistentVolumeClaim', 'backups').spec.resources.requests.storage).toBe(
      prod ? '50Gi' : '1Gi',
    );
  });

  it('gives every container requests and limits of CPU and memory', () => {
    const containers = manifests
      .filter((object) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(object.kind))
      .flatMap((object) =>
        podSpecOf(manifests, object.kind, object.metadata.name).containers.map(
          (container: AnyManifest) => `${object.kind}/${object.metadata.name}/${container.name}`,
        ),
      );
    expect(containers).toHaveLength(7);
    const missing = manifests
      .filter((object) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(object.kind))
      .flatMap((object) =>
        podSpecOf(manifests, object.kind, object.metadata.name)
          .containers.filter(
            (container: AnyManifest) =>
              !['cpu', 'memory'].every(
                (resource) =>
                  container.resources?.requests?.[resource] !== undefined &&
                  container.resources?.limits?.[resource] !== undefined,
              ),
          )
          .map((container: AnyManifest) => `${object.kind}/${object.metadata.name}/${container.name}`),
      );
    expect(missing).toEqual([]);
  });

  it('differs between environments in replicas, disruption budgets, spread, host and resources', () => {
    const budgets = manifests.filter((object) => object.kind === 'PodDisruptionBudget').map((pdb) => pdb.metadata.name);
    expect(budgets.sort()).toEqual(prod ? ['api', 'postgres', 'web', 'worker'] : []);
    expect(find(manifests, 'Deployment', 'web').spec.replicas).toBe(prod ? 3 : 1);
    expect(podSpecOf(manifests, 'Deployment', 'api').topologySpreadConstraints).toEqual([
      {
        topologyKey: 'topology.kubernetes.io/zone',
        maxSkew: 1,
        whenUnsatisfiable: prod ? 'DoNotSchedule' : 'ScheduleAnyway',
        labelSelector: pods('api').podSelector,
      },
    ]);
    expect(find(manifests, 'Ingress', 'web').spec.rules[0].host).toBe(prod ? 'app.example.com' : 'app.dev.localhost');
    expect(podSpecOf(manifests, 'Deployment', 'api').containers[0].resources.limits).toMatchObject(
      prod ? { cpu: '1', memory: '512Mi' } : { cpu: '500m', memory: '256Mi' },
    );
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildSaas, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the SaaS app at the gate', () => {
  it('is refused when the TLS Secret is not declared external', () => {
    const env = saasEnvironment('prod', false);
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildSaas, maps: false })).toThrow(
      `TLS Secret ${SAAS_NAMESPACE}/${SAAS_TLS_SECRET} does not exist`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-saas-app.ts'), 'utf8');
    expect(source).not.toMatch(/apiObject|addJsonPatch|JsonPatch|ApiObject|Kube[A-Z]|imports\/k8s|lib\/constructs/);
  });
});
