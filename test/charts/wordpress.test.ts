import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { StorageChart } from '../../lib/charts/storage';
import { WordPressChart } from '../../lib/charts/wordpress';
import { StorageClass } from '../../lib/index';
import { AnyManifest, DEV, find, objectsOfKind } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

function synthWordPress(app: App = Testing.app()): AnyManifest[] {
  const storage = new StorageChart(app, 'storage', DEV);
  return Testing.synth(new WordPressChart(app, 'wordpress', { env: DEV, storageClass: storage.storageClass }));
}

describe('WordPressChart (the "WordPress and MySQL with persistent volumes" tutorial)', () => {
  it('runs MySQL and WordPress in course-wordpress, one pod each, replaced rather than rolled', () => {
    const manifests = synthWordPress();
    for (const name of ['wordpress-mysql', 'wordpress']) {
      const deployment = find(manifests, 'Deployment', name);
      expect(deployment.metadata.namespace).toBe('course-wordpress');
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    }
    expect(find(manifests, 'Deployment', 'wordpress-mysql').spec.template.spec.containers[0].image).toBe('mysql:8.0');
  });

  it('gives both the password of one SealedSecret, and WordPress the headless mysql Service as its host', () => {
    const manifests = synthWordPress();
    const secretKey = { secretKeyRef: { name: 'mysql-pass', key: 'password' } };
    const env = (name: string) => find(manifests, 'Deployment', name).spec.template.spec.containers[0].env;
    expect(env('wordpress-mysql')).toEqual(
      expect.arrayContaining([
        { name: 'MYSQL_ROOT_PASSWORD', valueFrom: secretKey },
        { name: 'MYSQL_PASSWORD', valueFrom: secretKey },
      ]),
    );
    expect(env('wordpress')).toEqual(
      expect.arrayContaining([
        { name: 'WORDPRESS_DB_HOST', value: 'wordpress-mysql' },
        { name: 'WORDPRESS_DB_PASSWORD', valueFrom: secretKey },
      ]),
    );
    expect(find(manifests, 'SealedSecret', 'mysql-pass').spec.encryptedData.password).toMatch(/^Ag/);
    const mysql = find(manifests, 'Service', 'wordpress-mysql');
    expect(mysql.spec.clusterIP).toBe('None');
    expect(mysql.spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 'mysql' }]);
  });

  it('keeps the data of each on its own claim, bound to a hand-made volume of the storage chart class', () => {
    const manifests = synthWordPress();
    for (const [name, mountPath] of [
      ['wordpress-mysql', '/var/lib/mysql'],
      ['wordpress', '/var/www/html'],
    ]) {
      const claim = find(manifests, 'PersistentVolumeClaim', `${name}-data`);
      const volume = find(manifests, 'PersistentVolume', claim.spec.volumeName);
      expect(volume.spec.storageClassName).toBe('course-manual');
      expect(claim.spec.storageClassName).toBe('course-manual');
      const pod = find(manifests, 'Deployment', name).spec.template.spec;
      expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: `${name}-data` } });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath });
    }
  });

  it('serves WordPress on port 80 of a LoadBalancer Service, as non-root with only NET_BIND_SERVICE added', () => {
    const manifests = synthWordPress();
    const service = find(manifests, 'Service', 'wordpress');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    const container = find(manifests, 'Deployment', 'wordpress').spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ containerPort: 80, name: 'http' }]);
    expect(container.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(container.securityContext.runAsNonRoot).toBe(true);
  });

  it('follows Pod Security restricted', () => {
    expectRestricted(objectsOfKind(synthWordPress(), 'Deployment'));
  });

  it('uses no escape hatch: no JSON patch, apiObject, ApiObject.of or raw Kube* class', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'charts', 'wordpress.ts'), 'utf8');
    expect(source).not.toMatch(/addJsonPatch|\.apiObject|ApiObject\.of|\bKube[A-Z]|imports\/k8s/);
  });

  it("exempts both tiers from the linters' replica and rolling-update checks, because each claim is ReadWriteOnce", () => {
    const manifests = synthWordPress();
    for (const name of ['wordpress-mysql', 'wordpress']) {
      const exemptions = toolExemptions(find(manifests, 'Deployment', name));
      expect(exemptions.kubeScore).toEqual(['deployment-strategy', 'deployment-replicas']);
      expect(exemptions.polaris).toContain('deploymentMissingReplicas');
      expect(exemptions.reason).toContain('ReadWriteOnce');
    }
  });
});

describe('WordPressChart on a class the cluster has', () => {
  it('names it in both volumes and claims and waits for no chart (a reference at the root has none to wait for)', () => {
    const app = Testing.app();
    const chart = new WordPressChart(app, 'wordpress', {
      env: DEV,
      storageClass: StorageClass.fromName(app, 'standard', 'standard'),
    });
    const manifests = Testing.synth(chart);
    expect(chart.node.dependencies).toEqual([]);
    expect(objectsOfKind(manifests, 'PersistentVolume').map((volume) => volume.spec.storageClassName)).toEqual([
      'standard',
      'standard',
    ]);
    expect(objectsOfKind(manifests, 'PersistentVolumeClaim').map((claim) => claim.spec.storageClassName)).toEqual([
      'standard',
      'standard',
    ]);
    expect(objectsOfKind(manifests, 'StorageClass')).toEqual([]);
  });
});
