/**
 * The bench workload built with this project's constructs: N applications, one AppChart each (its own namespace),
 * each a WebService with settings (ConfigMap) and a host (Ingress), synthesized with all checks into a temp dir.
 *
 * Usage: tsx bench/our-synth.ts <N> <outdir>   (or the esbuild bundle of this file, run with node)
 */
import { App } from 'cdk8s';
import { AppChart } from '../lib/charts/app-chart';
import { WebService } from '../lib/constructs/web-service';
import { chooseEnvironments, synthesize } from '../lib/synthesize';
import { appName, appSettings, IMAGE } from './workload-spec';

const n = Number(process.argv[2]);
const outdir = process.argv[3];
if (!Number.isInteger(n) || n < 1 || outdir === undefined) {
  console.error('usage: our-synth <N> <outdir>');
  process.exit(2);
}

const [env] = chooseEnvironments(['dev']);
const results = synthesize({
  outdir,
  environments: [env],
  // The maps of N applications are timed on their own (bench/our-map.ts), as `npm run bench`'s map rows.
  maps: false,
  build: (environment) => {
    const app = new App();
    for (let i = 0; i < n; i++) {
      const name = appName(i);
      const chart = new AppChart(app, name, { env: environment, namespace: name });
      new WebService(chart, 'web', {
        image: IMAGE,
        replicas: 1,
        config: appSettings(i),
        host: `${name}.${environment.domain}`,
      });
    }
    return app;
  },
});
const objects = results.reduce(
  (sum, { files }) => sum + files.reduce((count, file) => count + file.objects.length, 0),
  0,
);
console.log(`ours: ${n} applications, ${objects} objects`);
