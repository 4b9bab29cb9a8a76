import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Deployment } from '../constructs/deployment';
import { exemptFromPolicy } from '../constructs/policy-exemption';
import { SealedSecret } from '../constructs/sealed-secret';
import { Volume } from '../constructs/volume';
import { AppChart } from './app-chart';
import { loop } from './loop';
import { BUSYBOX_IMAGE } from './pods';

/**
 * ConfigMaps and Secrets: settings given to a pod both as environment variables and as a mounted file, and
 * credentials from a Secret given as environment variables and as read-only files.
 */
export class ConfigChart extends AppChart {
  /** The settings. */
  public readonly settings: kplus.ConfigMap;
  /** The credentials. */
  public readonly credentials: SealedSecret;
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
    // The values are sealed with the cluster's certificate; only the sealed-secrets controller can read them.
    this.credentials = new SealedSecret(this, 'credentials', {
      name: 'app-credentials',
      keys: ['DB_USER', 'DB_PASSWORD'],
      sealedValues: env.sealedValues,
    });
    // Ready while it can read its settings, so a rollout of settings it cannot read stops before the old pod goes.
    const readerLoop = loop(
      'echo "mode=$APP_MODE level=$LOG_LEVEL user=$DB_USER" && cat /etc/app/settings.json',
      Duration.seconds(30),
    );
    this.reader = new Deployment(this, 'settings-reader', {
      replicas: 1,
      containers: [
        {
          name: 'reader',
          image: BUSYBOX_IMAGE,
          ...readerLoop,
          env: {
            APP_MODE: kplus.EnvValue.fromConfigMap(this.settings, 'APP_MODE'),
            LOG_LEVEL: kplus.EnvValue.fromConfigMap(this.settings, 'LOG_LEVEL'),
            DB_USER: kplus.EnvValue.fromSecretValue({ secret: this.credentials.secret, key: 'DB_USER' }),
            DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: this.credentials.secret, key: 'DB_PASSWORD' }),
          },
          mounts: [
            ...readerLoop.mounts,
            {
              volume: Volume.fromConfigMap(this.settings, {
                name: 'settings',
                items: { 'settings.json': 'settings.json' },
              }),
              path: '/etc/app',
              readOnly: true,
            },
            {
              volume: Volume.fromSecret(this.credentials.secret, { name: 'credentials' }),
              path: '/var/run/secrets/app',
              readOnly: true,
            },
          ],
        },
      ],
    });
    exemptFromPolicy(this.reader, {
      rules: [],
      polarisChecks: ['deploymentMissingReplicas'],
      reason: 'one reader: the lesson reads what it was given in `kubectl logs deployment/settings-reader`',
    });
  }
}
