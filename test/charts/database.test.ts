import { App, Testing } from 'cdk8s';
import { DatabaseChart } from '../../lib/charts/database';
import { StorageChart } from '../../lib/charts/storage';
import { Environment } from '../../lib/config/environment';
import { StorageClass } from '../../lib/constructs/storage-class';
import { SynthesisError, renderEnvironments } from '../../lib/synthesize';
import { AnyManifest, DEV, find, kibibytes, objectsOfKind, renderedChart } from '../helpers';
import { expectRestricted } from './restricted';

/** The database chart with the storage chart whose class it uses, as the course app builds them. */
function build(app: App = Testing.app()): DatabaseChart {
  const storage = new StorageChart(app, 'storage', DEV);
  return new DatabaseChart(app, 'database', { env: DEV, storageClass: storage.storageClass });
}

function synthDatabase(): AnyManifest[] {
  return Testing.synth(build());
}

describe('DatabaseChart', () => {
  it('puts the StatefulSet and its Service in the course-db namespace', () => {
    const manifests = synthDatabase();
    expect(find(manifests, 'Namespace', 'course-db')).toBeDefined();
    expect(find(manifests, 'StatefulSet', 'redis').metadata.namespace).toBe('course-db');
    expect(find(manifests, 'Service', 'redis').metadata.namespace).toBe('course-db');
  });

  it('runs two redis pods', () => {
    const statefulSet = find(synthDatabase(), 'StatefulSet', 'redis');
    expect(statefulSet.spec.replicas).toBe(2);
    expect(statefulSet.spec.template.spec.containers[0].image).toBe('redis:7.2-alpine');
  });

  it('names as serviceName a headless Service of the chart', () => {
    const manifests = synthDatabase();
    const service = find(manifests, 'Service', find(manifests, 'StatefulSet', 'redis').spec.serviceName);
    expect(service.spec.clusterIP).toBe('None');
  });

  it("has the headless Service select the StatefulSet's pods", () => {
    const manifests = synthDatabase();
    const statefulSet = find(manifests, 'StatefulSet', 'redis');
    const service = find(manifests, 'Service', statefulSet.spec.serviceName);
    expect(service.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  it('publishes the redis port 6379 on the headless Service', () => {
    const manifests = synthDatabase();
    const container = find(manifests, 'StatefulSet', 'redis').spec.template.spec.containers[0];
    expect(find(manifests, 'Service', 'redis').spec.ports).toEqual([{ name: 'main', port: 6379 }]);
    expect(container.ports).toEqual([{ containerPort: 6379, name: 'redis' }]);
  });

  it('is ready when redis answers PING, and alive while its named port accepts connections', () => {
    const container = find(synthDatabase(), 'StatefulSet', 'redis').spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ exec: { command: ['redis-cli', 'ping'] } });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'redis' }, periodSeconds: 20 });
  });

  it('gives each pod a 1Gi ReadWriteOnce claim of the course-manual class from a claim template', () => {
    const [claim, ...others] = find(synthDatabase(), 'StatefulSet', 'redis').spec.volumeClaimTemplates;
    expect(others).toEqual([]);
    expect(claim.metadata.name).toBe('data');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'course-manual',
      resources: { requests: { storage: '1Gi' } },
    });
  });

  it('mounts the claim template into the first container at /data', () => {
    const statefulSet = find(synthDatabase(), 'StatefulSet', 'redis');
    const [first] = statefulSet.spec.template.spec.containers;
    expect(first.volumeMounts).toEqual([
      { name: statefulSet.spec.volumeClaimTemplates[0].metadata.name, mountPath: '/data' },
    ]);
  });

  it('gives the redis user the volumes through fsGroup', () => {
    const pod = find(synthDatabase(), 'StatefulSet', 'redis').spec.template.spec;
    expect(pod.securityContext.fsGroup).toBe(65532);
    expect(pod.containers[0].securityContext.runAsUser).toBe(65532);
  });

  it('makes two PersistentVolumes, one per pod', () => {
    const manifests = synthDatabase();
    const volumes = objectsOfKind(manifests, 'PersistentVolume');
    expect(volumes.map((volume) => volume.metadata.name)).toEqual(['course-db-data-0', 'course-db-data-1']);
    expect(volumes).toHaveLength(find(manifests, 'StatefulSet', 'redis').spec.replicas);
  });

  it('makes volumes each claim can bind: same class, enough capacity, the access modes asked for', () => {
    const manifests = synthDatabase();
    const claim = find(manifests, 'StatefulSet', 'redis').spec.volumeClaimTemplates[0].spec;
    for (const volume of objectsOfKind(manifests, 'PersistentVolume')) {
      expect(volume.spec.storageClassName).toBe(claim.storageClassName);
      expect(kibibytes(volume.spec.capacity.storage)).toBeGreaterThanOrEqual(
        kibibytes(claim.resources.requests.storage),
      );
      expect(volume.spec.accessModes).toEqual(expect.arrayContaining(claim.accessModes));
    }
  });

  it("keeps each volume in a directory of its own under the environment's hostPath root", () => {
    const paths = objectsOfKind(synthDatabase(), 'PersistentVolume').map((volume) => volume.spec.hostPath.path);
    expect(paths).toEqual(['/var/lib/k8s-course/db-0', '/var/lib/k8s-course/db-1']);
  });

  it('writes the PersistentVolumes without a namespace', () => {
    const volumes = objectsOfKind(renderedChart(build, 'database.k8s.yaml'), 'PersistentVolume');
    expect(volumes).toHaveLength(2);
    for (const volume of volumes) {
      expect(volume.metadata).not.toHaveProperty('namespace');
    }
  });

  it('depends on the chart of its StorageClass, so that class is applied first', () => {
    const app = Testing.app();
    const storage = new StorageChart(app, 'storage', DEV);
    const database = new DatabaseChart(app, 'database', { env: DEV, storageClass: storage.storageClass });
    expect(database.node.dependencies).toContain(storage.storageClass);
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthDatabase());
  });
});

describe('DatabaseChart on a class the cluster has', () => {
  /** The database chart alone, on the class `standard` that it names by StorageClass.fromName. */
  function onStandard(env: Environment = DEV, app: App = Testing.app()): DatabaseChart {
    return new DatabaseChart(app, 'database', {
      env,
      storageClass: StorageClass.fromName(app, 'standard', 'standard'),
    });
  }

  /** The synthesis report of the chart on `standard` in an environment that declares `storageClasses`, or ''. */
  function report(storageClasses: string[]): string {
    const env: Environment = { ...DEV, external: { ...DEV.external, storageClasses } };
    try {
      renderEnvironments({ environments: [env], build: (built) => onStandard(built).node.root as App });
      return '';
    } catch (error) {
      if (error instanceof SynthesisError) {
        return error.message;
      }
      throw error;
    }
  }

  it('asks for it by name in the claim template and in both volumes, and writes no StorageClass', () => {
    const manifests = Testing.synth(onStandard());
    const [claim] = find(manifests, 'StatefulSet', 'redis').spec.volumeClaimTemplates;
    expect(claim.spec.storageClassName).toBe('standard');
    expect(objectsOfKind(manifests, 'PersistentVolume').map((volume) => volume.spec.storageClassName)).toEqual([
      'standard',
      'standard',
    ]);
    expect(objectsOfKind(manifests, 'StorageClass')).toEqual([]);
  });

  it('waits for no chart, since nothing of the project makes the class', () => {
    expect(onStandard().node.dependencies).toEqual([]);
  });

  it('passes the checks when the environment declares the class in external.storageClasses', () => {
    expect(report(['standard'])).toBe('');
  });

  it('is refused by the storage-class check, claim template and volumes, when the class exists nowhere', () => {
    const found = report([]);
    expect(found).toContain(
      '  storage-class: StatefulSet course-db/redis (construct database/redis/Resource)\n' +
        '    volumeClaimTemplate "data" asks for StorageClass "standard", which the project does not define\n' +
        "    fix: define the StorageClass and pass it by object, or declare it in the environment's external.storageClasses",
    );
    for (const index of [0, 1]) {
      expect(found).toContain(
        `  storage-class: PersistentVolume course-db-data-${index} (construct database/course-db-data-${index}/Resource)\n` +
          '    storageClassName asks for StorageClass "standard", which the project does not define',
      );
    }
  });
});
