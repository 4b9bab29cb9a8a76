/**
 * The floor of the construct layer: how long cdk8s takes to hold the bench workload's objects as bare `ApiObject`s
 * (one `Chart` per application, one `ApiObject` per object, the manifests our constructs render), in a fresh process,
 * against the `construct building` phase of `bench/profile.ts`, which builds the same objects through our constructs.
 *
 * Usage: tsx bench/bare-api-objects.ts [N]   (default 1000)
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { chooseEnvironments } from '../lib/synthesize';
import { renderApp } from '../lib/writer/render';
import { ourWorkload } from './our-workload';
import { appName } from './workload-spec';

const n = Number(process.argv[2] ?? 1000);
const [env] = chooseEnvironments(['dev']);
// One application rendered by our constructs; the others are its manifests under their own names.
const first = JSON.stringify(renderApp(ourWorkload(1)(env)).flatMap((file) => file.objects.map((o) => o.manifest)));
const manifests = Array.from({ length: n }, (_, i) => JSON.parse(first.replaceAll(appName(0), appName(i))) as object[]);

const begin = performance.now();
const app = new App();
for (let i = 0; i < n; i++) {
  const chart = new Chart(app, appName(i));
  manifests[i].forEach((manifest, position) => new ApiObject(chart, `o${position}`, manifest as never));
}
const built = performance.now() - begin;
const objects = manifests.reduce((sum, list) => sum + list.length, 0);
console.log(`bare ApiObjects: ${n} charts, ${objects} objects built in ${(built / 1000).toFixed(3)} s`);
