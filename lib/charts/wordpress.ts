import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AppChart,
  ContainerProps,
  Deployment,
  DEFAULT_USER,
  DeploymentStrategy,
  Environment,
  IStorageClass,
  PersistentVolume,
  PersistentVolumeClaim,
  Probe,
  SealedSecret,
  Service,
  ServiceType,
  StorageClass,
  Volume,
  exemptFromPolicy,
} from '../index';
import { storageSize } from '../config/environment';

/** Properties of the `WordPressChart`. */
export interface WordPressChartProps {
  /** The environment. */
  readonly env: Environment;
  /** The class of the hand-made volumes the two claims bind. */
  readonly storageClass: IStorageClass;
}

/**
 * The Kubernetes tutorial "Deploying WordPress and MySQL with Persistent Volumes", written with the public API alone:
 * MySQL with its password in a SealedSecret and its data on a claim, WordPress with its files on a claim behind a
 * LoadBalancer Service. Both are replaced, not rolled (`Recreate`): each claim is ReadWriteOnce.
 */
export class WordPressChart extends AppChart {
  /** The database. */
  public readonly mysql: Deployment;
  /** The site. */
  public readonly wordpress: Deployment;
  /** The site's Service, of type LoadBalancer. */
  public readonly service: Service;
  private readonly storageClass: IStorageClass;

  public constructor(scope: Construct, id: string, props: WordPressChartProps) {
    super(scope, id, { env: props.env, namespace: 'course-wordpress' });
    this.storageClass = props.storageClass;
    const password = new SealedSecret(this, 'mysql-pass', { keys: ['password'], sealedValues: props.env.sealedValues });
    const dbPassword = kplus.EnvValue.fromSecretValue({ secret: password.secret, key: 'password' });
    this.mysql = this.tier('wordpress-mysql', '/var/lib/mysql', {
      name: 'mysql',
      image: 'mysql:8.0',
      env: {
        MYSQL_ROOT_PASSWORD: dbPassword,
        MYSQL_DATABASE: 'wordpress',
        MYSQL_USER: 'wordpress',
        MYSQL_PASSWORD: dbPassword,
      },
      ports: [{ number: 3306, name: 'mysql' }],
      readiness: Probe.exec(['mysqladmin', 'ping', '-h', '127.0.0.1']),
      liveness: Probe.tcpSocket('mysql'),
      mounts: [scratch('mysqld', '/var/run/mysqld'), scratch('tmp', '/tmp')],
    });
    new Service(this, 'wordpress-mysql-service', {
      name: 'wordpress-mysql',
      selector: this.mysql,
      headless: true,
      ports: [{ port: 3306, targetPort: 'mysql', name: 'mysql' }],
    });
    this.wordpress = this.tier('wordpress', '/var/www/html', {
      name: 'wordpress',
      image: 'wordpress:6.2.1-apache',
      env: { WORDPRESS_DB_HOST: 'wordpress-mysql', WORDPRESS_DB_USER: 'wordpress', WORDPRESS_DB_PASSWORD: dbPassword },
      ports: [{ number: 80, name: 'http' }],
      allowPrivilegedPorts: true,
      readiness: Probe.httpGet('/wp-login.php', 'http'),
      liveness: Probe.tcpSocket('http'),
      mounts: [scratch('run', '/var/run/apache2'), scratch('lock', '/var/lock/apache2'), scratch('tmp', '/tmp')],
    });
    this.service = new Service(this, 'wordpress-service', {
      name: 'wordpress',
      type: ServiceType.LOAD_BALANCER,
      selector: this.wordpress,
      ports: [{ port: 80, targetPort: 'http', name: 'http' }],
    });
    // A class of the project's is applied first; one the cluster has is there already, and is no chart's to order.
    if (props.storageClass instanceof StorageClass) {
      this.addDependency(props.storageClass);
    }
  }

  /**
   * One Deployment of a single pod whose data lives on a claim bound to a hand-made volume of its own. Both images
   * run as any user (the project's default, non-root); the group owns the claim.
   */
  private tier(name: string, dataPath: string, container: ContainerProps): Deployment {
    const volume = new PersistentVolume(this, `course-${name}-data`, {
      hostPath: `${this.env.hostPathRoot}/${name}`,
      capacity: storageSize(this.env),
      storageClass: this.storageClass,
    });
    const claim = new PersistentVolumeClaim(this, `${name}-data`, { storage: storageSize(this.env), volume });
    const data = { volume: Volume.fromPersistentVolumeClaim(claim, { name: 'data' }), path: dataPath };
    const deployment = new Deployment(this, name, {
      replicas: 1,
      strategy: DeploymentStrategy.recreate(),
      fsGroup: DEFAULT_USER,
      containers: [{ ...container, mounts: [data, ...(container.mounts ?? [])] }],
    });
    exemptFromPolicy(deployment, {
      rules: [],
      kubeScoreChecks: ['deployment-strategy', 'deployment-replicas'],
      polarisChecks: ['deploymentMissingReplicas'],
      reason:
        'its data claim is ReadWriteOnce on a node-local volume, as in the tutorial: one pod at a time, replaced ' +
        '(Recreate) rather than rolled, since a second pod could not mount it',
    });
    return deployment;
  }
}

/** An emptyDir for a path the server writes under its read-only root filesystem. */
function scratch(name: string, path: string) {
  return { volume: Volume.fromEmptyDir(name), path };
}
