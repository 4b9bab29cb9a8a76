import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from '../../lib/synthesize';
import {
  BROKER_STORAGE_CLASS,
  CLIENT_PORT,
  CONTROLLER_PORT,
  OBJECT_STORE_CIDR,
  PIPELINE_NAMESPACE,
  PIPELINE_TLS_SECRET,
  REPLICATION_PORT,
  buildPipeline,
  pipelineEnvironment,
} from '../constructs/api-fit-pipeline-app';
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
 * The event pipeline of test/constructs/api-fit-pipeline-app.ts (a Kafka StatefulSet with a claim per broker and ports
 * of its own for replication and the controllers, an autoscaled ingest with TLS and a sealed key, consumers with a
 * metrics port for Prometheus, an hourly compaction with a Role on ConfigMaps and egress to an object store, a topic
 * setup Job, in a namespace with a quota and container defaults), synthesized for both environments at the release of
 * the API server under test, gate included: each is taken with strict field validation, and the prod one, applied,
 * keeps what the constructs meant, down to the claims the StatefulSet controller creates.
 */
const RELEASE = serverRelease();

/** The app's file for the environment `name`, synthesized for the server's release. */
function synthesized(name: 'dev' | 'prod'): string {
  const outdir = tempDir();
  synthesize({ outdir, environments: [pipelineEnvironment(name, RELEASE)], build: buildPipeline, maps: false });
  return path.join(outdir, name, 'pipeline.k8s.yaml');
}

/** The claims of the brokers, once the StatefulSet controller has created `count` of them. */
async function brokerClaims(count: number): Promise<AnyManifest[]> {
  for (let attempt = 0; ; attempt++) {
    const claims = getJson(['pvc', '-n', PIPELINE_NAMESPACE, '-l', 'app.kubernetes.io/name=broker']).items;
    if (claims.length >= count || attempt >= 60) {
      return claims;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const files = { dev: '', prod: '' };

useCleanNamespaces([PIPELINE_NAMESPACE]);

beforeAll(() => {
  files.dev = synthesized('dev');
  files.prod = synthesized('prod');
});

describe(`an event pipeline on Kubernetes ${RELEASE}`, () => {
  it.each(['dev', 'prod'] as const)('is taken in %s with strict field validation, without error or warning', (name) => {
    expect(fs.existsSync(files[name])).toBe(true);
    expect(applyKindsStrict(files[name], ['Namespace']).status).toBe(0);
    const result = dryRunStrict(files[name]);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keeps, applied, three brokers started at once, one per node, behind a headless Service of three ports', () => {
    const result = applyStrict(files.prod);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    const broker = getJson(['statefulset', 'broker', '-n', PIPELINE_NAMESPACE]).spec;
    expect({
      replicas: broker.replicas,
      podManagementPolicy: broker.podManagementPolicy,
      serviceName: broker.serviceName,
      antiAffinity: broker.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.map(
        (term: { topologyKey: string }) => term.topologyKey,
      ),
    }).toEqual({
      replicas: 3,
      podManagementPolicy: 'Parallel',
      serviceName: 'broker',
      antiAffinity: ['kubernetes.io/hostname'],
    });
    const service = getJson(['service', 'broker', '-n', PIPELINE_NAMESPACE]).spec;
    expect(service.clusterIP).toBe('None');
    expect(
      service.ports.map((port: { name: string; port: number; targetPort: number | string }) => [
        port.name,
        port.port,
        port.targetPort,
      ]),
    ).toEqual([
      ['main', CLIENT_PORT, CLIENT_PORT],
      ['replication', REPLICATION_PORT, 'replication'],
      ['controller', CONTROLLER_PORT, 'controller'],
    ]);
    expect(getJson(['pdb', 'broker', '-n', PIPELINE_NAMESPACE]).spec.maxUnavailable).toBe(1);
  });

  it("gets a claim per broker of the SSD class from the StatefulSet's controller, within the namespace's quota", async () => {
    const claims = await brokerClaims(3);
    expect(
      claims
        .map(
          (claim) => `${claim.metadata.name} ${claim.spec.storageClassName} ${claim.spec.resources.requests.storage}`,
        )
        .sort(),
    ).toEqual([0, 1, 2].map((ordinal) => `data-broker-${ordinal} ${BROKER_STORAGE_CLASS} 200Gi`));
    expect(getJson(['resourcequota', 'quota', '-n', PIPELINE_NAMESPACE]).spec.hard).toMatchObject({
      'requests.storage': '1Ti',
      persistentvolumeclaims: '6',
      pods: '40',
    });
    expect(getJson(['limitrange', 'container-defaults', '-n', PIPELINE_NAMESPACE]).spec.limits).toEqual([
      {
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '50m', memory: '64Mi' },
      },
    ]);
  });

  it("keeps the broker's and the consumer's policies, by port", () => {
    const broker = getJson(['networkpolicy', 'broker-allow-ingress', '-n', PIPELINE_NAMESPACE]).spec.ingress;
    const rule = (from: { podSelector: { matchLabels: Record<string, string> } }[], ports: { port: unknown }[]) =>
      `${ports.map((port) => port.port).join(',')} <- ${from.map((peer) => peer.podSelector.matchLabels['app.kubernetes.io/name']).join(',')}`;
    expect(broker.map((entry: AnyManifest) => rule(entry.from, entry.ports))).toEqual([
      `${CLIENT_PORT} <- broker,ingest,consumer,topic-setup`,
      'replication <- broker',
      'controller <- broker',
    ]);
    const consumer = getJson(['networkpolicy', 'consumer-allow-ingress', '-n', PIPELINE_NAMESPACE]).spec.ingress;
    expect(consumer).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
    expect(getJson(['networkpolicy', 'compaction-to-object-store', '-n', PIPELINE_NAMESPACE]).spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: OBJECT_STORE_CIDR } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  it('keeps the ingest autoscaled from 2 to 10 behind TLS, and the topic setup with its TTL', () => {
    expect(getJson(['hpa', 'ingest', '-n', PIPELINE_NAMESPACE]).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
    });
    expect(getJson(['ingress', 'ingest', '-n', PIPELINE_NAMESPACE]).spec.tls).toEqual([
      { hosts: ['events.example.com'], secretName: PIPELINE_TLS_SECRET },
    ]);
    expect(getJson(['job', 'topic-setup', '-n', PIPELINE_NAMESPACE]).spec.ttlSecondsAfterFinished).toBe(6 * 3600);
  });

  it('keeps the hourly compaction, whose ServiceAccount may get and list ConfigMaps and nothing more', () => {
    const cronJob = getJson(['cronjob', 'compaction', '-n', PIPELINE_NAMESPACE]).spec;
    expect({
      schedule: cronJob.schedule,
      concurrencyPolicy: cronJob.concurrencyPolicy,
      startingDeadlineSeconds: cronJob.startingDeadlineSeconds,
      successfulJobsHistoryLimit: cronJob.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: cronJob.failedJobsHistoryLimit,
      activeDeadlineSeconds: cronJob.jobTemplate.spec.activeDeadlineSeconds,
      serviceAccountName: cronJob.jobTemplate.spec.template.spec.serviceAccountName,
    }).toEqual({
      schedule: '0 * * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      activeDeadlineSeconds: 3000,
      serviceAccountName: 'compaction',
    });
    const can = (verb: string, resource: string) =>
      kubectlResult([
        'auth',
        'can-i',
        verb,
        resource,
        '-n',
        PIPELINE_NAMESPACE,
        `--as=system:serviceaccount:${PIPELINE_NAMESPACE}:compaction`,
      ]).stdout.trim();
    expect([
      can('get', 'configmaps'),
      can('list', 'configmaps'),
      can('watch', 'configmaps'),
      can('update', 'configmaps'),
      can('get', 'secrets'),
    ]).toEqual(['yes', 'yes', 'no', 'no', 'no']);
  });
});
