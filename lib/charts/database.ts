import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment, storageSize } from '../config/environment';
import { DEFAULT_USER } from '../constructs/container';
import { PersistentVolume } from '../constructs/persistent-volume';
import { Probe } from '../constructs/probe';
import { StatefulSet } from '../constructs/stateful-set';
import { IStorageClass, StorageClass } from '../constructs/storage-class';
import { AppChart } from './app-chart';

/** Properties of the `DatabaseChart`. */
export interface DatabaseChartProps {
  /** The environment. */
  readonly env: Environment;
  /**
   * The class the database's claims and volumes belong to: one of the project's (the storage chart's), or one the
   * cluster has, by `StorageClass.fromName`, which the environment declares in `external.storageClasses`.
   */
  readonly storageClass: IStorageClass;
}

/**
 * StatefulSets: a two-pod redis with stable names, a headless Service, and a claim per pod made from a
 * volumeClaimTemplate, each bound to one of two hand-made volumes of the class it is given.
 */
export class DatabaseChart extends AppChart {
  /** The StatefulSet. */
  public readonly statefulSet: StatefulSet;

  public constructor(scope: Construct, id: string, props: DatabaseChartProps) {
    super(scope, id, { env: props.env, namespace: 'course-db' });
    const replicas = 2;
    for (let index = 0; index < replicas; index++) {
      new PersistentVolume(this, `course-db-data-${index}`, {
        hostPath: `${props.env.hostPathRoot}/db-${index}`,
        capacity: storageSize(props.env),
        storageClass: props.storageClass,
      });
    }
    this.statefulSet = new StatefulSet(this, 'redis', {
      replicas,
      port: 6379,
      fsGroup: DEFAULT_USER,
      containers: [
        {
          name: 'redis',
          image: 'redis:7.2-alpine',
          ports: [{ number: 6379, name: 'redis' }],
          readiness: Probe.exec(['redis-cli', 'ping']),
          liveness: Probe.tcpSocket('redis', { period: Duration.seconds(20) }),
        },
      ],
      volumeClaimTemplates: [
        { name: 'data', mountPath: '/data', storage: storageSize(props.env), storageClass: props.storageClass },
      ],
    });
    // A class of the project's is applied first; one the cluster has is there already, and is no chart's to order.
    if (props.storageClass instanceof StorageClass) {
      this.addDependency(props.storageClass);
    }
  }
}
