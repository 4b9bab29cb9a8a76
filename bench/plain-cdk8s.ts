/**
 * The bench workload in plain cdk8s-plus-27, as a cdk8s user writes it: one Chart per application, each a Namespace,
 * a ConfigMap, a Deployment exposed through a Service, and an Ingress; `app.synth()` writes one file per chart to the
 * outdir (`CDK8S_OUTDIR`, which the cdk8s CLI sets from --output).
 *
 * Usage: CDK8S_OUTDIR=<dir> ts-node bench/plain-cdk8s.ts <N>   (or its esbuild bundle, run with node)
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { appName, appSettings, CONTAINER_PORT, DOMAIN, IMAGE, SERVICE_PORT } from './workload-spec';

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: plain-cdk8s <N>');
  process.exit(2);
}

const app = new App();
for (let i = 0; i < n; i++) {
  const name = appName(i);
  const chart = new Chart(app, name, {
    namespace: name,
    disableResourceNameHashes: true,
    labels: {
      'app.kubernetes.io/part-of': name,
      'app.kubernetes.io/instance': `${name}-dev`,
      'app.kubernetes.io/managed-by': 'cdk8s',
    },
  });
  new kplus.Namespace(chart, 'Namespace', { metadata: { name } });
  const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web' }, data: appSettings(i) });
  const health = kplus.Probe.fromHttpGet('/', { port: CONTAINER_PORT });
  const deployment = new kplus.Deployment(chart, 'Deployment', {
    metadata: { name: 'web' },
    replicas: 1,
    containers: [
      {
        name: 'app',
        image: IMAGE,
        portNumber: CONTAINER_PORT,
        envFrom: [kplus.Env.fromConfigMap(config)],
        readiness: health,
        liveness: health,
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
        securityContext: { user: 65532, group: 65532, ensureNonRoot: true, readOnlyRootFilesystem: true },
        volumeMounts: [
          { path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'Scratch', 'scratch-0') },
          {
            path: '/etc/app',
            volume: kplus.Volume.fromConfigMap(chart, 'ConfigVolume', config, { name: 'config' }),
            readOnly: true,
          },
        ],
      },
    ],
  });
  const service = deployment.exposeViaService({
    name: 'web',
    ports: [{ port: SERVICE_PORT, targetPort: CONTAINER_PORT, name: 'http' }],
  });
  new kplus.Ingress(chart, 'Ingress', {
    metadata: { name: 'web' },
    rules: [{ host: `${name}.${DOMAIN}`, path: '/', backend: kplus.IngressBackend.fromService(service) }],
  });
}
app.synth();
console.log(`cdk8s-plus: ${n} applications in ${app.outdir}`);
