import * as fs from 'fs';
import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import {
  PLATFORM_NAMESPACE,
  PLATFORM_PRIORITY_CLASS,
  PLATFORM_TLS_SECRET,
  VAULT_AUDIENCE,
  buildPlatform,
  nativeSidecars,
} from '../constructs/api-fit-platform-app';
import { AnyManifest, tempDir } from '../helpers';
import {
  applyKindsStrict,
  applyStrict,
  dryRunStrict,
  getJson,
  kubectlResult,
  serverRelease,
  useCleanNamespaces,
} from './kubectl';

jest.setTimeout(180_000);

/**
 * The internal platform service of test/constructs/api-fit-platform-app.ts (a native sidecar where the release runs
 * them, a projected volume of an audience-bound ServiceAccount token, a ConfigMap's file and the pod's labels, the
 * downward API, anti-affinity of its own pods across zones, a PriorityClass, a preStop pause, a Role on its own
 * ConfigMap, an Ingress with TLS on two paths), synthesized for both environments at the release of the API server
 * under test, gate included: each is taken with strict field validation, and the prod one, applied, keeps what the
 * constructs meant, down to the pods its controllers create.
 */
const RELEASE = serverRelease();
/** The value of the cluster administrators' PriorityClass, which the pods get from it. */
const PRIORITY = 100_000;

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const env = parseEnvironment(
    name,
    {
      ...ENVIRONMENTS[name],
      kubernetesVersion: RELEASE,
      external: {
        secrets: [`${PLATFORM_NAMESPACE}/${PLATFORM_TLS_SECRET}`],
        priorityClasses: [PLATFORM_PRIORITY_CLASS],
      },
    },
    { [`${PLATFORM_NAMESPACE}/catalog-db`]: { password: 'AgBsealedCatalogPassword==' } },
  );
  const outdir = tempDir();
  synthesize({ outdir, environments: [env], build: buildPlatform, maps: false });
  return path.join(outdir, name, 'platform.k8s.yaml');
}

/** The pods of the catalog Deployment, once its ReplicaSet has created `count` of them. */
async function catalogPods(count: number): Promise<AnyManifest[]> {
  for (let attempt = 0; ; attempt++) {
    const pods = getJson(['pods', '-n', PLATFORM_NAMESPACE, '-l', 'app.kubernetes.io/name=catalog']).items;
    if (pods.length >= count || attempt >= 60) {
      return pods;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const files = { dev: '', prod: '' };

useCleanNamespaces([PLATFORM_NAMESPACE], [['priorityclass', [PLATFORM_PRIORITY_CLASS]]]);

beforeAll(() => {
  // The class the cluster's administrators install, which the environments declare external.
  const priorityClass = [
    'apiVersion: scheduling.k8s.io/v1',
    'kind: PriorityClass',
    `metadata: { name: ${PLATFORM_PRIORITY_CLASS} }`,
    `value: ${PRIORITY}`,
    'description: platform services, above the applications they serve',
  ].join('\n');
  expect(
    kubectlResult(['apply', '--server-side', '--field-manager=k8s-course-e2e', '-f', '-'], priorityClass).status,
  ).toBe(0);
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`an internal platform service on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    expect(fs.existsSync(files[name])).toBe(true);
    expect(applyKindsStrict(files[name], ['Namespace']).status).toBe(0);
    const result = dryRunStrict(files[name]);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keeps, applied, the wait for the database and the log shipper: a native sidecar from 1.29, else a container', () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    const pod = getJson(['deployment', 'catalog', '-n', PLATFORM_NAMESPACE]).spec.template.spec;
    const sidecar = RELEASE !== '1.27';
    expect(nativeSidecars(parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: RELEASE }))).toBe(
      sidecar,
    );
    const names = (list: { name: string; restartPolicy?: string }[] = []) =>
      list.map(
        (container) =>
          `${container.name}${container.restartPolicy === undefined ? '' : ` (${container.restartPolicy})`}`,
      );
    expect({ init: names(pod.initContainers), containers: names(pod.containers) }).toEqual(
      sidecar
        ? { init: ['wait-for-db', 'log-shipper (Always)'], containers: ['app'] }
        : { init: ['wait-for-db'], containers: ['app', 'log-shipper'] },
    );
    const shipper = [...pod.initContainers, ...pod.containers].find((container) => container.name === 'log-shipper');
    expect(shipper.readinessProbe.httpGet).toMatchObject({ path: '/api/v1/health', port: 'fluent-http' });
  });

  it('keeps the projected token for Vault, the settings file and the labels, and the downward API env', () => {
    const pod = getJson(['deployment', 'catalog', '-n', PLATFORM_NAMESPACE]).spec.template.spec;
    const identity = pod.volumes.find((volume: { name: string }) => volume.name === 'identity').projected;
    expect(identity.defaultMode).toBe(0o444);
    expect(identity.sources[0]).toEqual({
      serviceAccountToken: { path: 'vault/token', audience: VAULT_AUDIENCE, expirationSeconds: 3600 },
    });
    expect(identity.sources[1].configMap.items).toEqual([{ key: 'catalog.yaml', path: 'config/catalog.yaml' }]);
    expect(identity.sources[2].downwardAPI.items[0]).toMatchObject({
      path: 'pod/labels',
      fieldRef: { fieldPath: 'metadata.labels' },
    });
    const env = pod.containers[0].env.filter(
      (variable: { valueFrom?: { fieldRef?: unknown } }) => variable.valueFrom?.fieldRef,
    );
    expect(
      env.map((variable: { name: string; valueFrom: { fieldRef: { fieldPath: string } } }) => [
        variable.name,
        variable.valueFrom.fieldRef.fieldPath,
      ]),
    ).toEqual([
      ['POD_NAME', 'metadata.name'],
      ['POD_NAMESPACE', 'metadata.namespace'],
      ['NODE_NAME', 'spec.nodeName'],
    ]);
    const memoryLimit = pod.containers[0].env.find((variable: { name: string }) => variable.name === 'GOMEMLIMIT');
    expect(memoryLimit.valueFrom.resourceFieldRef.resource).toBe('limits.memory');
  });

  it("creates pods at the platform class's priority, kept apart by zone, with a 45 s grace period and a disruption budget", async () => {
    const pods = await catalogPods(3);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect({
        priorityClassName: pod.spec.priorityClassName,
        priority: pod.spec.priority,
        grace: pod.spec.terminationGracePeriodSeconds,
        antiAffinity: pod.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
      }).toEqual({
        priorityClassName: PLATFORM_PRIORITY_CLASS,
        priority: PRIORITY,
        grace: 45,
        antiAffinity: 'topology.kubernetes.io/zone',
      });
    }
    expect(getJson(['pdb', 'catalog', '-n', PLATFORM_NAMESPACE]).spec).toMatchObject({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('lets the catalog read its own ConfigMap and no other', () => {
    const settings = getJson(['configmaps', '-n', PLATFORM_NAMESPACE])
      .items.map((configMap: { metadata: { name: string } }) => configMap.metadata.name)
      .find((name: string) => name.startsWith('catalog-settings-'));
    const can = (resource: string) =>
      kubectlResult([
        'auth',
        'can-i',
        'get',
        resource,
        '-n',
        PLATFORM_NAMESPACE,
        `--as=system:serviceaccount:${PLATFORM_NAMESPACE}:catalog`,
      ]).stdout.trim();
    expect([can(`configmaps/${settings}`), can('configmaps/kube-root-ca.crt'), can('secrets/catalog-db')]).toEqual([
      'yes',
      'no',
      'no',
    ]);
  });

  it('keeps the Ingress with TLS and its two paths', () => {
    const ingress = getJson(['ingress', 'catalog', '-n', PLATFORM_NAMESPACE]).spec;
    expect(ingress.tls).toEqual([{ hosts: ['catalog.platform.example.com'], secretName: PLATFORM_TLS_SECRET }]);
    expect(
      ingress.rules[0].http.paths.map(
        (route: { path: string; backend: { service: { name: string } } }) =>
          `${route.path} ${route.backend.service.name}`,
      ),
    ).toEqual(['/api catalog', '/docs docs']);
  });
});
