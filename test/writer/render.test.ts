import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { AppChart } from '../../lib/charts/app-chart';
import { Deployment } from '../../lib/constructs/deployment';
import { StorageClass } from '../../lib/constructs/storage-class';
import { renderApp } from '../../lib/writer/render';
import { DEV } from '../helpers';

describe('renderApp', () => {
  it('writes one file per chart, objects in install order', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop', { env: DEV, namespace: 'shop', denyTrafficByDefault: false });
    new Deployment(chart, 'web', { containers: [{ name: 'app', image: 'nginx:1.27' }], replicas: 1 });
    new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { a: 'b' } });
    new StorageClass(chart, 'fast');
    new AppChart(app, 'other', { env: DEV, namespace: 'other' });
    const files = renderApp(app);
    expect(files.map((file) => file.fileName)).toEqual(['shop.k8s.yaml', 'other.k8s.yaml']);
    expect(files[0].objects.map((object) => object.manifest.kind)).toEqual([
      'Namespace',
      'ConfigMap',
      'StorageClass',
      'Deployment',
    ]);
    expect(files[0].objects.map((object) => object.path)).toEqual([
      'shop/Namespace/Resource',
      'shop/settings/Resource',
      'shop/fast/Resource',
      'shop/web/Resource',
    ]);
    expect(files[1].objects.map((object) => object.manifest.kind)).toEqual([
      'Namespace',
      'NetworkPolicy',
      'NetworkPolicy',
      'NetworkPolicy',
    ]);
  });

  it('writes YAML without cdk8s noise and without namespaces on cluster-scoped objects', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop', { env: DEV, namespace: 'shop' });
    new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { a: 'b' } });
    new kplus.ClusterRole(chart, 'reader', { metadata: { name: 'reader' } });
    const content = renderApp(app)[0].content;
    expect(content).not.toMatch(/immutable: false|\[\]|spec: \{\}/);
    const clusterRole = parseAllDocuments(content)
      .map((document) => document.toJS())
      .find((object) => object.kind === 'ClusterRole');
    expect(clusterRole.metadata.name).toBe('reader');
    expect(clusterRole.metadata.namespace).toBeUndefined();
  });

  it('reports every failed validation together, each with its construct path', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop', { env: DEV, namespace: 'shop' });
    chart.node.addValidation({ validate: () => ['first problem'] });
    chart.ns.node.addValidation({ validate: () => ['second problem'] });
    expect(() => renderApp(app)).toThrow('validation failed:\n  shop: first problem\n  shop/Namespace: second problem');
  });
});
