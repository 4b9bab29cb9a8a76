import { ApiObject, App, Chart } from 'cdk8s';

/** What an annotation may hold that must stay text on the page. */
export const HOSTILE = '</script><script>alert("x")</script> & <b>"quoted"</b>';

/** A namespace with a ConfigMap whose annotation needs escaping and a Pod that names a ConfigMap that is missing. */
export function awkwardApp(): App {
  const app = new App();
  const chart = new Chart(app, 'shop');
  new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  new ApiObject(chart, 'settings', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop', annotations: { note: HOSTILE } },
    data: { MODE: 'a' },
  });
  new ApiObject(chart, 'web', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          envFrom: [{ configMapRef: { name: 'settings' } }, { configMapRef: { name: 'gone' } }],
        },
      ],
    },
  });
  return app;
}
