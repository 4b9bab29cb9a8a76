import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { AppChart } from '../../lib/charts/app-chart';
import { Deployment } from '../../lib/constructs/deployment';
import { StorageClass } from '../../lib/constructs/storage-class';
import { RenderedFile, renderApp } from '../../lib/writer/render';
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

  describe('dependencies (addDependency)', () => {
    function object(chart: Chart, id: string, kind: string): ApiObject {
      return new ApiObject(chart, id, { apiVersion: 'v1', kind, metadata: { name: id } });
    }

    function paths(file: RenderedFile): string[] {
      return file.objects.map((rendered) => rendered.path);
    }

    it('puts an object after the objects it depends on, and leaves the rest in install order', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const settings = object(chart, 'settings', 'ConfigMap');
      const account = object(chart, 'account', 'ServiceAccount');
      const web = object(chart, 'web', 'Service');
      const namespace = object(chart, 'ns', 'Namespace');
      settings.addDependency(web);
      expect(paths(renderApp(app)[0])).toEqual(['shop/ns', 'shop/account', 'shop/web', 'shop/settings']);
      namespace.addDependency(account);
      expect(paths(renderApp(app)[0])).toEqual(['shop/account', 'shop/ns', 'shop/web', 'shop/settings']);
    });

    it('orders every object of a construct after every object of the construct it depends on', () => {
      const app = Testing.app();
      const chart = new AppChart(app, 'shop', { env: DEV, namespace: 'shop', denyTrafficByDefault: false });
      const web = new Deployment(chart, 'web', { containers: [{ name: 'app', image: 'nginx:1.27' }], replicas: 1 });
      const fast = new StorageClass(chart, 'fast');
      fast.node.addDependency(web);
      expect(paths(renderApp(app)[0])).toEqual(['shop/Namespace/Resource', 'shop/web/Resource', 'shop/fast/Resource']);
    });

    it('keeps the install order where no dependency says otherwise', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      object(chart, 'web', 'Deployment');
      object(chart, 'settings', 'ConfigMap');
      const namespace = object(chart, 'ns', 'Namespace');
      namespace.addDependency(object(chart, 'other-ns', 'Namespace'));
      expect(paths(renderApp(app)[0])).toEqual(['shop/other-ns', 'shop/ns', 'shop/settings', 'shop/web']);
    });

    it('writes the files of charts after the files of the charts they depend on', () => {
      const app = Testing.app();
      const web = new Chart(app, 'web');
      object(web, 'web', 'Service');
      const database = new Chart(app, 'database');
      const data = object(database, 'data', 'PersistentVolume');
      const storage = new Chart(app, 'storage');
      const fast = object(storage, 'fast', 'StorageClass');
      object(new Chart(app, 'batch'), 'job', 'Job');
      expect(renderApp(app).map((file) => file.fileName)).toEqual([
        'web.k8s.yaml',
        'database.k8s.yaml',
        'storage.k8s.yaml',
        'batch.k8s.yaml',
      ]);
      data.addDependency(fast);
      web.addDependency(database);
      expect(renderApp(app).map((file) => file.fileName)).toEqual([
        'storage.k8s.yaml',
        'database.k8s.yaml',
        'web.k8s.yaml',
        'batch.k8s.yaml',
      ]);
    });

    it('fails on a cycle of objects, naming their construct paths and the dependencies that make it', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const a = object(chart, 'a', 'ConfigMap');
      const b = object(chart, 'b', 'Secret');
      object(chart, 'c', 'Service');
      a.addDependency(b);
      b.addDependency(a);
      expect(() => renderApp(app)).toThrow(
        'dependency cycle: shop/a -> shop/b -> shop/a (shop/a depends on shop/b; shop/b depends on shop/a); ' +
          'nothing can be applied first: remove one of these addDependency calls',
      );
    });

    it('fails on a cycle of charts, naming the charts and the dependencies that make it', () => {
      const app = Testing.app();
      const storage = new Chart(app, 'storage');
      const fast = object(storage, 'fast', 'StorageClass');
      const database = new Chart(app, 'database');
      object(database, 'data', 'PersistentVolume');
      database.addDependency(fast);
      fast.addDependency(database);
      expect(() => renderApp(app)).toThrow(
        'dependency cycle: storage -> database -> storage (storage/fast depends on database; database depends on storage/fast)',
      );
    });
  });
});
