import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Environment } from '../../lib';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, readTree, tempDir } from '../helpers';
import {
  PLATFORM_NAMESPACE,
  PLATFORM_PRIORITY_CLASS,
  PLATFORM_TLS_SECRET,
  VAULT_AUDIENCE,
  buildPlatform,
  catalogHost,
  nativeSidecars,
} from './api-fit-platform-app';

/**
 * The environment `name` (dev: Kubernetes 1.27, prod: 1.37) with the app's sealed database password, its TLS Secret
 * and the cluster's platform PriorityClass declared external.
 */
export function platformEnvironment(name: 'dev' | 'prod', release?: string): Environment {
  return parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      ...(release === undefined ? {} : { kubernetesVersion: release }),
      external: {
        secrets: [`${PLATFORM_NAMESPACE}/${PLATFORM_TLS_SECRET}`],
        priorityClasses: [PLATFORM_PRIORITY_CLASS],
      },
    },
    { [`${PLATFORM_NAMESPACE}/catalog-db`]: { password: 'AgBsealedCatalogPassword==' } },
  );
}

/** The objects of the app's file under `dir`, in the order written. */
function manifestsIn(dir: string): AnyManifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, 'platform.k8s.yaml'), 'utf8'))
    .map((document) => document.toJSON())
    .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
}

describe.each(['dev', 'prod'] as const)('an internal platform service through the public API, in %s', (name) => {
  const env = platformEnvironment(name);
  const prod = name === 'prod';
  const catalogPods = {
    matchLabels: { 'app.kubernetes.io/instance': `platform-${name}`, 'app.kubernetes.io/name': 'catalog' },
  };
  let manifests: AnyManifest[];
  let outdir: string;
  let pod: AnyManifest;

  beforeAll(() => {
    outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    synthesize({ outdir, environments: [env], build: buildPlatform, maps: false });
    manifests = manifestsIn(path.join(outdir, name));
    pod = find(manifests, 'Deployment', 'catalog').spec.template.spec;
  });

  it('waits for its database in an init container, then ships its logs through a native sidecar from 1.29', () => {
    expect(nativeSidecars(env)).toBe(prod);
    const [wait, ...rest] = pod.initContainers;
    expect(wait).toMatchObject({ name: 'wait-for-db', image: 'postgres:16.4' });
    expect(wait.restartPolicy).toBeUndefined();
    const shipper = prod ? rest[0] : pod.containers[1];
    expect(pod.initContainers.map((container: AnyManifest) => container.name)).toEqual(
      prod ? ['wait-for-db', 'log-shipper'] : ['wait-for-db'],
    );
    expect(pod.containers.map((container: AnyManifest) => container.name)).toEqual(
      prod ? ['app'] : ['app', 'log-shipper'],
    );
    expect(shipper).toMatchObject({
      name: 'log-shipper',
      readinessProbe: { httpGet: { path: '/api/v1/health', port: 'fluent-http' } },
      volumeMounts: [{ name: 'logs', mountPath: '/var/log/catalog', readOnly: true }],
    });
    expect(shipper.restartPolicy).toBe(prod ? 'Always' : undefined);
  });

  it('projects a Vault-audience token, its settings file and its labels into one read-only volume', () => {
    const identity = pod.volumes.find((volume: AnyManifest) => volume.name === 'identity');
    const [settings] = manifests
      .filter((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('catalog-settings-'))
      .map((object) => object.metadata.name);
    expect(identity.projected).toEqual({
      defaultMode: 0o444,
      sources: [
        { serviceAccountToken: { path: 'vault/token', audience: VAULT_AUDIENCE, expirationSeconds: 3600 } },
        { configMap: { name: settings, items: [{ key: 'catalog.yaml', path: 'config/catalog.yaml' }] } },
        { downwardAPI: { items: [{ path: 'pod/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      ],
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'identity',
      mountPath: '/var/run/catalog',
      readOnly: true,
    });
  });

  it('knows its pod, namespace, node and memory limit from the downward API', () => {
    const env = Object.fromEntries(
      pod.containers[0].env.map((variable: AnyManifest) => [variable.name, variable.valueFrom?.fieldRef?.fieldPath]),
    );
    expect(env).toMatchObject({
      POD_NAME: 'metadata.name',
      POD_NAMESPACE: 'metadata.namespace',
      NODE_NAME: 'spec.nodeName',
    });
    expect(pod.containers[0].env).toContainEqual({
      name: 'GOMEMLIMIT',
      valueFrom: { resourceFieldRef: { resource: 'limits.memory' } },
    });
  });

  it('keeps its replicas in different zones (required in prod), counts a new pod available after 10 s, and lets a drain evict pods that are not ready', () => {
    const term = { topologyKey: 'topology.kubernetes.io/zone', labelSelector: catalogPods };
    expect(pod.affinity).toEqual({
      podAntiAffinity: prod
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    });
    expect(find(manifests, 'Deployment', 'catalog').spec.replicas).toBe(prod ? 3 : 2);
    expect(find(manifests, 'Deployment', 'catalog').spec).toMatchObject({
      minReadySeconds: 10,
      progressDeadlineSeconds: 300,
    });
    expect(find(manifests, 'PodDisruptionBudget', 'catalog').spec).toEqual({
      maxUnavailable: 1,
      selector: catalogPods,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('runs at the platform priority and drains on shutdown within a longer grace period', () => {
    expect(pod.priorityClassName).toBe(PLATFORM_PRIORITY_CLASS);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(pod.containers[0].lifecycle.preStop).toEqual(
      prod ? { sleep: { seconds: 10 } } : { exec: { command: ['sleep', '10'] } },
    );
  });

  it('runs as its own ServiceAccount, which may read only its own ConfigMap', () => {
    expect(pod.serviceAccountName).toBe('catalog');
    const [settings] = manifests
      .filter((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('catalog-settings-'))
      .map((object) => object.metadata.name);
    expect(find(manifests, 'Role', 'catalog').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [settings], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(manifests, 'RoleBinding', 'catalog')).toMatchObject({
      roleRef: { kind: 'Role', name: 'catalog' },
      subjects: [{ kind: 'ServiceAccount', name: 'catalog' }],
    });
  });

  it('reads no Service variables, and changes the owner of its volumes only when their root does not match', () => {
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.securityContext.fsGroupChangePolicy).toBe('OnRootMismatch');
  });

  it('serves the API and its docs over TLS on two paths of one host, and the docs for any other request', () => {
    const ingress = find(manifests, 'Ingress', 'catalog');
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'docs', port: { number: 80 } } });
    expect(ingress.spec.tls).toEqual([{ hosts: [catalogHost(env)], secretName: PLATFORM_TLS_SECRET }]);
    expect(ingress.spec.rules).toEqual([
      {
        host: catalogHost(env),
        http: {
          paths: [
            { path: '/api', pathType: 'Prefix', backend: { service: { name: 'catalog', port: { number: 80 } } } },
            { path: '/docs', pathType: 'Prefix', backend: { service: { name: 'docs', port: { number: 80 } } } },
          ],
        },
      },
    ]);
  });

  it('writes the same bytes on a second synthesis', () => {
    const again = tempDir();
    synthesize({ outdir: again, environments: [env], build: buildPlatform, maps: false });
    expect(readTree(again)).toEqual(readTree(outdir));
  });
});

describe('the platform service at the gate', () => {
  it('is refused when the platform PriorityClass is not declared external', () => {
    const env = parseEnvironment(
      'prod',
      { ...ENVIRONMENTS.prod, external: { secrets: [`${PLATFORM_NAMESPACE}/${PLATFORM_TLS_SECRET}`] } },
      { [`${PLATFORM_NAMESPACE}/catalog-db`]: { password: 'AgBsealedCatalogPassword==' } },
    );
    expect(() => synthesize({ outdir: tempDir(), environments: [env], build: buildPlatform, maps: false })).toThrow(
      `priority-class: Deployment ${PLATFORM_NAMESPACE}/catalog (construct platform/catalog/Deployment/Resource)\n` +
        `    priorityClassName "${PLATFORM_PRIORITY_CLASS}" names no PriorityClass`,
    );
  });

  it('uses no escape hatch: the app names no apiObject, JSON patch, raw Kube class or construct module', () => {
    const source = fs.readFileSync(path.join(__dirname, 'api-fit-platform-app.ts'), 'utf8');
    expect(source).not.toMatch(
      /apiObject|addJsonPatch|JsonPatch|ApiObject|Kube[A-Z]|imports\/k8s|lib\/constructs|escape/,
    );
  });
});
