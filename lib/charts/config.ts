import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Deployment } from '../constructs/deployment';
import { Volume } from '../constructs/volume';
import { AppChart } from './app-chart';
import { BUSYBOX_IMAGE } from './pods';

/**
 * ConfigMaps and Secrets: settings given to a pod both as environment variables and as a mounted file, and
 * credentials from a Secret given as environment variables and as read-only files.
 */
export class ConfigChart extends AppChart {
  /** The settings. */
  public readonly settings: kplus.ConfigMap;
  /** The credentials. */
  public readonly credentials: kplus.Secret;
  /** The pod that prints what it was given. */
  public readonly reader: Deployment;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-config' });
    this.settings = new kplus.ConfigMap(this, 'settings', {
      metadata: { name: 'app-settings' },
      data: {
        APP_MODE: env.name,
        LOG_LEVEL: env.logLevel,
        'settings.json': JSON.stringify({ greeting: 'hello from a ConfigMap', environment: env.name }, null, 2),
      },
    });
    // A demonstration value only: real credentials never reach git (see the README).
    this.credentials = new kplus.Secret(this, 'credentials', {
      metadata: { name: 'app-credentials' },
      stringData: { DB_USER: 'course', DB_PASSWORD: 'course-demo-only' },
    });
    this.reader = new Deployment(this, 'settings-reader', {
      replicas: 1,
      containers: [
        {
          name: 'reader',
          image: BUSYBOX_IMAGE,
          command: ['sh', '-c', 'while true; do echo "mode=$APP_MODE level=$LOG_LEVEL user=$DB_USER"; cat /etc/app/settings.json; sleep 30; done'],
          env: {
            APP_MODE: kplus.EnvValue.fromConfigMap(this.settings, 'APP_MODE'),
            LOG_LEVEL: kplus.EnvValue.fromConfigMap(this.settings, 'LOG_LEVEL'),
            DB_USER: kplus.EnvValue.fromSecretValue({ secret: this.credentials, key: 'DB_USER' }),
            DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: this.credentials, key: 'DB_PASSWORD' }),
          },
          mounts: [
            {
              volume: Volume.fromConfigMap(this.settings, { name: 'settings', items: { 'settings.json': 'settings.json' } }),
              path: '/etc/app',
              readOnly: true,
            },
            { volume: Volume.fromSecret(this.credentials, { name: 'credentials' }), path: '/var/run/secrets/app', readOnly: true },
          ],
        },
      ],
    });
  }
}
