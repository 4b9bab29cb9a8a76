import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppChart,
  BackendService,
  ConcurrencyPolicy,
  CronJob,
  Environment,
  Probe,
  ServiceAccountRef,
  StorageClass,
  WebService,
  exemptFromPolicy,
  keepName,
} from '../lib';
import * as lib from '../lib';
import { SynthesisError, renderEnvironments } from '../lib/synthesize';
import { DEV } from './helpers';

/**
 * The guestbook of the Kubernetes tutorials, as a new user writes it from the public entry point only: a Redis
 * leader and followers (TCP, upstream `app`/`role`/`tier` selectors) and a PHP frontend on port 80.
 */
class GuestbookChart extends AppChart {
  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'guestbook' });
    const resources = { cpuRequest: '100m', memoryRequest: '100Mi' };
    for (const [role, replicas] of [
      ['leader', 1],
      ['follower', 2],
    ] as const) {
      new BackendService(this, `redis-${role}`, {
        image: 'redis:7.2',
        port: 6379,
        portName: 'redis',
        replicas,
        resources,
        readiness: Probe.exec(['redis-cli', 'ping']),
        liveness: Probe.tcpSocket('redis'),
        writablePaths: ['/data'],
        selectorLabels: { app: 'redis', role, tier: 'backend' },
      });
    }
    new WebService(this, 'frontend', {
      image: 'gcr.io/google_samples/gb-frontend:v5',
      containerPort: 80,
      allowPrivilegedPorts: true,
      replicas: 3,
      resources,
      env: { GET_HOSTS_FROM: 'dns' },
      selectorLabels: { app: 'guestbook', tier: 'frontend' },
      host: `guestbook.${env.domain}`,
    });
  }
}

function synthesize(build: (app: App, env: Environment) => void): string {
  try {
    renderEnvironments({
      environments: [DEV],
      build: (env) => {
        const app = Testing.app();
        build(app, env);
        return app;
      },
    });
    return '';
  } catch (error) {
    if (error instanceof SynthesisError) {
      return error.message;
    }
    throw error;
  }
}

describe('lib/index.ts, the public entry point', () => {
  it('is enough to write the guestbook without an escape hatch, and every check passes', () => {
    expect(synthesize((app, env) => new GuestbookChart(app, 'guestbook', env))).toBe('');
  });

  it('gives the guestbook its upstream selectors and the recommended labels', () => {
    const chart = new GuestbookChart(Testing.app(), 'guestbook', DEV);
    const leader = Testing.synth(chart).find(
      (object) => object.kind === 'Service' && object.metadata.name === 'redis-leader',
    );
    expect(leader.spec.selector).toEqual({
      app: 'redis',
      role: 'leader',
      tier: 'backend',
      'app.kubernetes.io/name': 'redis-leader',
      'app.kubernetes.io/instance': 'guestbook-dev',
    });
  });

  it('exports every construct, the chart base, the references and the helpers', () => {
    expect(
      [
        'AppChart',
        'BackendService',
        'CronJob',
        'Deployment',
        'Ingress',
        'Job',
        'Namespace',
        'NetworkPolicy',
        'PersistentVolume',
        'PersistentVolumeClaim',
        'Pod',
        'PodDisruptionBudget',
        'ReplicaSet',
        'SealedSecret',
        'Service',
        'StatefulSet',
        'StorageClass',
        'Volume',
        'WebService',
        'ConfigMapRef',
        'SecretRef',
        'ServiceAccountRef',
        'Probe',
        'exemptFromPolicy',
        'keepName',
      ].filter((name) => (lib as Record<string, unknown>)[name] === undefined),
    ).toEqual([]);
    expect([
      ConcurrencyPolicy.FORBID,
      typeof CronJob,
      typeof StorageClass.fromName,
      typeof ServiceAccountRef.fromName,
    ]).toEqual(['Forbid', 'function', 'function', 'function']);
    expect([typeof exemptFromPolicy, typeof keepName]).toEqual(['function', 'function']);
  });
});
