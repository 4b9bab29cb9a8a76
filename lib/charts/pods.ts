import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/environment';
import { Pod } from '../constructs/pod';
import { Probe } from '../constructs/probe';
import { ReplicaSet } from '../constructs/replica-set';
import { Volume } from '../constructs/volume';
import { AppChart } from './app-chart';
import { loop } from './loop';

/** The image of the small shell containers of the course. */
export const BUSYBOX_IMAGE = 'busybox:1.36';

/**
 * Pods and ReplicaSets: a pod of two containers that share one network address (the sidecar reaches the web
 * server on localhost), and a ReplicaSet that keeps three copies of a pod running.
 */
export class PodsChart extends AppChart {
  /** The two-container pod. */
  public readonly pod: Pod;
  /** The ReplicaSet. */
  public readonly replicaSet: ReplicaSet;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-pods' });
    const tmp = Volume.fromEmptyDir('tmp');
    this.pod = new Pod(this, 'web-with-sidecar', {
      containers: [
        {
          name: 'web',
          image: env.webImage,
          ports: [{ number: 8080, name: 'http' }],
          mounts: [{ volume: tmp, path: '/tmp' }],
          readiness: Probe.httpGet('/', 'http'),
          liveness: Probe.tcpSocket('http'),
        },
        {
          name: 'sidecar',
          image: BUSYBOX_IMAGE,
          // Ready while the web container answers it on localhost.
          ...loop(
            'wget -q -O /dev/null http://localhost:8080/ && echo "web answered on localhost:8080"',
            Duration.seconds(10),
          ),
        },
      ],
    });
    this.replicaSet = new ReplicaSet(this, 'hello', {
      replicas: 3,
      containers: [
        {
          name: 'web',
          image: env.webImage,
          ports: [{ number: 8080, name: 'http' }],
          mounts: [{ volume: tmp, path: '/tmp' }],
          readiness: Probe.httpGet('/', 'http'),
          liveness: Probe.tcpSocket('http'),
        },
      ],
    });
  }
}
