import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ConstructError } from '../../lib/constructs/validation';
import { BackendService } from '../../lib/constructs/backend-service';
import { CronJob } from '../../lib/constructs/cron-job';
import { Deployment, DeploymentProps, DeploymentStrategy } from '../../lib/constructs/deployment';
import { HorizontalPodAutoscaler } from '../../lib/constructs/horizontal-pod-autoscaler';
import { Ingress } from '../../lib/constructs/ingress';
import { Job } from '../../lib/constructs/job';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { Namespace } from '../../lib/constructs/namespace';
import { NetworkPolicy } from '../../lib/constructs/network-policy';
import { PersistentVolume } from '../../lib/constructs/persistent-volume';
import { PersistentVolumeClaim } from '../../lib/constructs/persistent-volume-claim';
import { Pod } from '../../lib/constructs/pod';
import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
import { exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { ReplicaSet } from '../../lib/constructs/replica-set';
import { SealedSecret } from '../../lib/constructs/sealed-secret';
import { Service, ServiceType } from '../../lib/constructs/service';
import { StatefulSet, StatefulSetUpdateStrategy } from '../../lib/constructs/stateful-set';
import { StorageClass } from '../../lib/constructs/storage-class';
import { Volume } from '../../lib/constructs/volume';
import { WebService } from '../../lib/constructs/web-service';
import { Probe } from '../../lib/constructs/probe';
import { AnyManifest, testChart } from '../helpers';

/**
 * Props as JavaScript, `as any` or values read from JSON give them: each wrong type or range is refused by the
 * construct with its path, the prop's path, the bad value and what is allowed, never a TypeError from deep inside
 * cdk8s, and never written out mangled or dropped. One row per class of bad value and family of constructs.
 */

/** Props of a Deployment with `change` applied to a valid base, as untyped code would pass them. */
function deploymentWith(change: (props: AnyManifest) => void): (chart: Chart) => unknown {
  return (chart) => {
    const container: Record<string, unknown> = {
      name: 'app',
      image: 'nginx:1.27',
      ports: [{ number: 8080, name: 'http' }],
      readiness: Probe.httpGet('/', 'http'),
    };
    const props: AnyManifest = { containers: [container], topologySpread: [{ topologyKey: 'zone' }] };
    change(props);
    return new Deployment(chart, 'web', props as DeploymentProps);
  };
}

/** The error `build` throws in a fresh chart; fails the test when it throws none or another kind of error. */
function refusal(build: (chart: Chart) => unknown): ConstructError {
  try {
    build(testChart());
  } catch (error) {
    expect(error).toBeInstanceOf(ConstructError);
    return error as ConstructError;
  }
  throw new Error('expected the props to be refused');
}

describe('bad props of pods and containers', () => {
  it.each<[string, (props: AnyManifest) => void, string]>([
    [
      'a string where a number belongs',
      (p) => (p.containers[0].ports[0].number = '8080'),
      'test/web: containers[0].ports[0].number must be an integer from 1 to 65535, got "8080" (a string)',
    ],
    [
      'NaN',
      (p) => (p.containers[0].user = NaN),
      'test/web: containers[0].user must be an integer of 0 or more, got NaN',
    ],
    [
      'a number where a string belongs',
      (p) => (p.containers[0].image = 127),
      'test/web: containers[0].image must be a string, got 127 (a number)',
    ],
    [
      'a missing required prop',
      (p) => delete p.containers,
      "test/web: containers is required, got undefined; give it a list, e.g. [{ name: 'app', image: 'nginx:1.27' }]",
    ],
    [
      'an object where a list belongs',
      (p) => (p.containers = { name: 'app' }),
      'test/web: containers must be a list, got {"name":"app"} (an object); write it as a list',
    ],
    [
      'a lone string where a list of strings belongs',
      (p) => (p.containers[0].command = 'nginx -g daemon'),
      'test/web: containers[0].command must be a list, got "nginx -g daemon" (a string); write it as a list, e.g. ["a", "b"]',
    ],
    [
      'a list item of the wrong type',
      (p) => (p.containers[0].args = ['--port', 8080]),
      'test/web: containers[0].args[1] must be a string, got 8080 (a number)',
    ],
    [
      'a hole in a list',
      (p) => (p.containers[0].ports = [undefined]),
      'test/web: containers[0].ports[0] must be an object, got undefined (undefined)',
    ],
    [
      'a misspelt key',
      (p) => (p.containers[0].resources = { cpu: '1' }),
      'test/web: containers[0].resources has an unknown key "cpu"; did you mean "cpuLimit"? (the keys it takes: cpuRequest, ',
    ],
    [
      'an unknown key of a container',
      (p) => (p.containers[0].imagePullPolicies = 'Always'),
      'test/web: containers[0] has an unknown key "imagePullPolicies"; did you mean "imagePullPolicy"?',
    ],
    [
      'null for an optional prop',
      (p) => (p.tolerations = null),
      'test/web: tolerations must not be null; leave it out (undefined) for its default, or give it a value',
    ],
    [
      'a blank string',
      (p) => (p.containers[0].workingDir = '  '),
      'test/web: containers[0].workingDir must not be empty or blank, got "  "',
    ],
    [
      'a number as an environment value',
      (p) => (p.containers[0].env = { PORT: 8080 }),
      'test/web: containers[0].env "PORT" must be a string or an EnvValue, got 8080 (a number); quote it: "8080"',
    ],
    [
      'a number as a label value',
      (p) => (p.podLabels = { tier: 1 }),
      'test/web: podLabels "tier" must have a string value, got 1 (a number); quote it: "1"',
    ],
    [
      'a list where an object of labels belongs',
      (p) => (p.nodeSelector = ['linux']),
      'test/web: nodeSelector must be an object of string values',
    ],
    [
      'a string for a boolean',
      (p) => (p.containers[0].readOnlyRootFilesystem = 'false'),
      'test/web: containers[0].readOnlyRootFilesystem must be true or false, got "false" (a string)',
    ],
    [
      'an enum value in the wrong case',
      (p) => (p.containers[0].imagePullPolicy = 'always'),
      'test/web: containers[0].imagePullPolicy must be one of "Always", "IfNotPresent", "Never", got "always" (a string); write "Always"',
    ],
    [
      'a number where a Duration belongs',
      (p) => (p.terminationGracePeriod = 30),
      'test/web: terminationGracePeriod must be a Duration, e.g. Duration.seconds(30), got 30 (a number)',
    ],
    [
      'a Duration that is no whole number of seconds',
      (p) => (p.terminationGracePeriod = Duration.millis(1500)),
      'test/web: terminationGracePeriod must be a whole number of seconds, got 1.5 seconds; write e.g. Duration.seconds(2)',
    ],
    [
      'a Duration of no number (cdk8s takes any amount: a value read from JSON that was not there)',
      (p) => (p.terminationGracePeriod = Duration.seconds(undefined as AnyManifest)),
      'test/web: terminationGracePeriod must be a Duration of a number, e.g. Duration.seconds(30), got Duration.seconds(undefined); give its amount as a number',
    ],
    [
      'a Duration of a number in quotes, in a probe option',
      (p) =>
        (p.containers[0].readiness = Probe.httpGet('/', 'http', { period: Duration.seconds('10' as AnyManifest) })),
      'test/web: containers[0].readiness (Probe.httpGet) options.period must be a Duration of a number, e.g. Duration.seconds(30), got Duration.seconds("10"); give its amount as a number',
    ],
    [
      'an object as a count of an extended resource',
      (p) => (p.containers[0].resources = { extended: { 'example.com/gpu': { count: 1 } } }),
      'test/web: containers[app].resources.extended "example.com/gpu" must be a whole number of 1 or more, got {"count":1} (an object)',
    ],
    [
      'a string as the weight of an anti-affinity',
      (p) => (p.antiAffinity = [{ topologyKey: 'zone', weight: '50' }]),
      'test/web: antiAffinity[0].weight must be an integer from 1 to 100, got "50" (a string)',
    ],
    [
      'a Duration of less than a millisecond (cdk8s cannot convert it to milliseconds)',
      (p) => (p.terminationGracePeriod = Duration.seconds(0.0001)),
      'test/web: terminationGracePeriod must be a whole number of seconds, got 0.0001 seconds; write e.g. Duration.seconds(1)',
    ],
    [
      'a quantity with a space (it reached only the gate)',
      (p) => (p.containers[0].resources = { cpuRequest: ' 50m' }),
      'test/web: containers[0].resources.cpuRequest must be a quantity such as "500m" or "1" (CPU), "128Mi" (memory, ephemeral storage), got " 50m"',
    ],
    [
      'a plain object where a Probe belongs',
      (p) => (p.containers[0].readiness = { path: '/' }),
      'test/web: containers[0].readiness must be a Probe, e.g. Probe.httpGet(\'/healthz\', \'http\'), got {"path":"/"} (an object)',
    ],
    [
      'a name where a Volume belongs',
      (p) => (p.containers[0].mounts = [{ volume: 'cache', path: '/cache' }]),
      'test/web: containers[0].mounts[0].volume must be a Volume, e.g. Volume.fromEmptyDir(\'cache\'), got "cache" (a string)',
    ],
    [
      'a number where a probe option takes a Duration',
      (p) => (p.containers[0].readiness = Probe.httpGet('/', 'http', { period: 10 } as AnyManifest)),
      'test/web: containers[0].readiness (Probe.httpGet) options.period must be a Duration, e.g. Duration.seconds(30), got 10 (a number)',
    ],
    [
      'a number where Probe.fileFresh takes a Duration (it threw a TypeError at the call)',
      (p) => (p.containers[0].liveness = Probe.fileFresh('/tmp/alive', 60 as AnyManifest)),
      'test/web: containers[0].liveness (Probe.fileFresh) maxAge must be a Duration, e.g. Duration.minutes(5), got 60 (a number)',
    ],
    [
      'a Duration of no number for Probe.fileFresh (cdk8s threw at the call)',
      (p) => (p.containers[0].liveness = Probe.fileFresh('/tmp/alive', Duration.seconds('x' as AnyManifest))),
      'test/web: containers[0].liveness (Probe.fileFresh) maxAge must be a Duration of a number, e.g. Duration.minutes(5), got Duration.seconds("x")',
    ],
    [
      'a maxAge of Probe.fileFresh under a second (no file is that fresh)',
      (p) => (p.containers[0].liveness = Probe.fileFresh('/tmp/alive', Duration.seconds(0))),
      'test/web: containers[0].liveness (Probe.fileFresh) maxAge must be 1 second or more, got 0 seconds; e.g. Duration.minutes(5)',
    ],
    [
      'a construct where a probe takes a file path (showing it threw on its circular structure)',
      (p) => (p.containers[0].liveness = Probe.fileExists(testChart() as AnyManifest)),
      'test/web: containers[0].liveness (Probe.fileExists) path must be absolute and only letters, digits, ".", "_", "-" and "/", got the construct test (a Chart)',
    ],
    [
      'a misspelt probe option',
      (p) => (p.containers[0].readiness = Probe.tcpSocket('http', { failureTreshold: 3 } as AnyManifest)),
      'test/web: containers[0].readiness (Probe.tcpSocket) options has an unknown key "failureTreshold"; did you mean "failureThreshold"?',
    ],
    [
      'null for a probe port',
      (p) => (p.containers[0].liveness = Probe.tcpSocket(null as AnyManifest)),
      'test/web: containers[0].liveness (Probe.tcpSocket) port must be an integer from 1 to 65535, got null (null)',
    ],
    [
      'a command line where a probe command list belongs',
      (p) => (p.containers[0].liveness = Probe.exec('pg_isready -U app' as AnyManifest)),
      'test/web: containers[0].liveness (Probe.exec) command must be a list, got "pg_isready -U app" (a string)',
    ],
    [
      'a number where a volume option takes a Size',
      (p) =>
        (p.containers[0].mounts = [
          { volume: Volume.fromEmptyDir('cache', { sizeLimit: 64 } as AnyManifest), path: '/cache' },
        ]),
      'test/web: containers[0].mounts[0].volume (Volume.fromEmptyDir) options.sizeLimit must be a Size, e.g. Size.mebibytes(64), got 64 (a number)',
    ],
    [
      'a claim name where a claim belongs',
      (p) => (p.volumes = [Volume.fromPersistentVolumeClaim('data' as AnyManifest)]),
      'test/web: volumes[0] (Volume.fromPersistentVolumeClaim) claim must be an object with a name, e.g. a Secret or StorageClass.fromName(...), got "data" (a string)',
    ],
    [
      'a misspelt key of a toleration (it was dropped)',
      (p) => (p.tolerations = [{ key: 'gpu', operator: 'Exists', effects: 'NoSchedule' }]),
      'test/web: tolerations[0] has an unknown key "effects"; did you mean "effect"?',
    ],
    [
      'an object as the key of a toleration (cdk8s failed to render it)',
      (p) => (p.tolerations = [{ key: { name: 'gpu' }, operator: 'Exists' }]),
      'test/web: tolerations[0].key must be a string, got {"name":"gpu"} (an object)',
    ],
    [
      'a toleration effect in the wrong case',
      (p) => (p.tolerations = [{ key: 'gpu', operator: 'Exists', effect: 'noSchedule' }]),
      'test/web: tolerations[0].effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "noSchedule" (a string); write "NoSchedule"',
    ],
    [
      'a toleration operator of a list',
      (p) => (p.tolerations = [{ key: 'gpu', operator: ['Exists'] }]),
      'test/web: tolerations[0].operator must be one of "Exists", "Equal", got ["Exists"] (a list)',
    ],
    [
      'a toleration of a fraction of a second',
      (p) => (p.tolerations = [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0.5 }]),
      'test/web: tolerations[0].tolerationSeconds must be a whole number of seconds, got 0.5',
    ],
    [
      'a toleration key that is no taint key (it reached only the gate)',
      (p) => (p.tolerations = [{ key: 'dedicated-', operator: 'Exists' }]),
      "test/web: tolerations[0].key \"dedicated-\" is not a taint key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit); write the key as `kubectl describe node` shows it",
    ],
    [
      'a toleration without a key, of operator Equal',
      (p) => (p.tolerations = [{ value: 'shop', effect: 'NoSchedule' }]),
      'test/web: tolerations[0] {"value":"shop","effect":"NoSchedule"} has no key but operator "Equal"; an empty key tolerates every taint and needs operator "Exists"',
    ],
    [
      'a toleration value that is no label value',
      (p) => (p.tolerations = [{ key: 'dedicated', value: 'shop/web' }]),
      "test/web: tolerations[0].value \"shop/web\" is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit), which a taint's value is",
    ],
    [
      'a toleration of operator Exists with a value',
      (p) => (p.tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'shop' }]),
      'test/web: tolerations[0] has operator "Exists" and the value "shop"; Exists matches any value and takes none: remove value, or use operator "Equal"',
    ],
    [
      'tolerationSeconds without the NoExecute effect',
      (p) => (p.tolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }]),
      'test/web: tolerations[0].tolerationSeconds is given with effect "NoSchedule"; only NoExecute taints evict after a time: set effect "NoExecute", or remove tolerationSeconds',
    ],
    [
      'a number where a lifecycle hook takes a Duration',
      (p) => (p.containers[0].preStop = LifecycleHandler.sleep(5 as AnyManifest)),
      'test/web: containers[0].preStop (LifecycleHandler.sleep) duration must be a Duration, e.g. Duration.seconds(5), got 5 (a number)',
    ],
    [
      'a relative mount path, which the API server takes (where it lands is up to the runtime)',
      (p) => (p.containers[0].mounts = [{ volume: Volume.fromEmptyDir('cache'), path: 'cache' }]),
      'test/web: containers[0].mounts[0].path must be an absolute path, got "cache"; write "/cache"',
    ],
    [
      'a probe on an init container',
      (p) => (p.initContainers = [{ name: 'init', image: 'busybox:1.36', readiness: Probe.tcpSocket(80) }]),
      'test/web: initContainers[0].readiness is given to an init container that runs to completion, which takes no probes or lifecycle hooks; make it a native sidecar with restartPolicy: ContainerRestartPolicy.ALWAYS (Kubernetes 1.29 and later), or remove readiness',
    ],
  ])('refuses %s with the path, the prop, the value and what is allowed', (_, change, message) => {
    expect(refusal(deploymentWith(change)).message).toContain(message);
  });
});

describe('bad props of workloads', () => {
  const containers = [{ name: 'app', image: 'nginx:1.27' }];
  it.each<[string, (chart: Chart) => unknown, string]>([
    [
      'null for the props of a Deployment (it threw reading autoscaling)',
      (chart) => new Deployment(chart, 'web', null as AnyManifest),
      'test/web: props must be an object, got null (null)',
    ],
    [
      'no props for a Job (it threw reading restartPolicy)',
      (chart) => new Job(chart, 'job', undefined as AnyManifest),
      'test/job: props must be an object, got undefined (undefined)',
    ],
    [
      'a misspelt prop of a Deployment',
      (chart) => new Deployment(chart, 'web', { containers, replica: 3 } as AnyManifest),
      'test/web: props has an unknown key "replica"; did you mean "replicas"? (the keys it takes: ',
    ],
    [
      'a string for replicas',
      (chart) => new Deployment(chart, 'web', { containers, replicas: '3' } as AnyManifest),
      'test/web: replicas must be an integer of 0 or more, got "3" (a string)',
    ],
    [
      'a count past the 32 bits the API server stores (it reached only the gate)',
      (chart) => new Deployment(chart, 'web', { containers, replicas: 2 ** 31 }),
      'test/web: replicas must be an integer from 0 to 2147483647 (the largest the API server stores), got 2147483648',
    ],
    [
      'a budget past the 32 bits the API server stores',
      (chart) =>
        new PodDisruptionBudget(chart, 'pdb', {
          selector: new Deployment(chart, 'web', { containers }),
          maxUnavailable: 2 ** 31,
        }),
      'test/pdb: maxUnavailable must be an integer from 1 to 2147483647 (the largest the API server stores), got 2147483648',
    ],
    [
      'null for a count',
      (chart) => new ReplicaSet(chart, 'rs', { containers, replicas: null } as AnyManifest),
      'test/rs: replicas must not be null; leave it out (undefined) for its default, or give it a value',
    ],
    [
      'a misspelt key of autoscaling',
      (chart) => new Deployment(chart, 'web', { containers, autoscaling: { max: 4 } } as AnyManifest),
      'test/web: autoscaling has an unknown key "max"; did you mean "maxReplicas"?',
    ],
    [
      'a missing required nested prop',
      (chart) => new Deployment(chart, 'web', { containers, autoscaling: { minReplicas: 2 } } as AnyManifest),
      'test/web: autoscaling.maxReplicas is required, got undefined',
    ],
    [
      'an object where a class belongs',
      (chart) => new Deployment(chart, 'web', { containers, strategy: { type: 'Recreate' } } as AnyManifest),
      'test/web: strategy must be a DeploymentStrategy, e.g. DeploymentStrategy.rollingUpdate({ maxSurge: 1 }), got {"type":"Recreate"} (an object)',
    ],
    [
      'a number where a Size belongs',
      (chart) =>
        new StatefulSet(chart, 'db', {
          containers,
          port: 8080,
          volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: 1024 }],
        } as AnyManifest),
      'test/db: volumeClaimTemplates[0].storage must be a Size, e.g. Size.gibibytes(1), got 1024 (a number)',
    ],
    [
      'a misspelt option of a rolling update (it was dropped)',
      (chart) =>
        new Deployment(chart, 'web', {
          containers,
          strategy: DeploymentStrategy.rollingUpdate({ surge: 1 } as AnyManifest),
        }),
      'test/web: strategy (DeploymentStrategy.rollingUpdate) options has an unknown key "surge"; did you mean "maxSurge"?',
    ],
    [
      'NaN as a rolling update option (it was shown as null)',
      (chart) =>
        new Deployment(chart, 'web', { containers, strategy: DeploymentStrategy.rollingUpdate({ maxSurge: NaN }) }),
      'test/web: strategy.maxSurge must be an integer of 0 or more or a percentage from 0% to 100%, got NaN',
    ],
    [
      'a construct as a rolling update option (showing it threw on its circular structure)',
      (chart) =>
        new Deployment(chart, 'web', {
          containers,
          strategy: DeploymentStrategy.rollingUpdate({ maxSurge: testChart() as AnyManifest }),
        }),
      'test/web: strategy.maxSurge must be an integer of 0 or more or a percentage from 0% to 100%, got the construct test (a Chart)',
    ],
    [
      'a Duration too long to count in milliseconds',
      (chart) => new Job(chart, 'job', { containers, activeDeadline: Duration.days(1e306) }),
      'test/job: activeDeadline must be a Duration of a number, e.g. Duration.seconds(30), got Duration.days(1e+306), too long to count in milliseconds',
    ],
    [
      'a misspelt option of a StatefulSet rolling update (it was dropped)',
      (chart) =>
        new StatefulSet(chart, 'db', {
          containers,
          port: 8080,
          updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partiton: 1 } as AnyManifest),
        }),
      'test/db: updateStrategy (StatefulSetUpdateStrategy.rollingUpdate) options has an unknown key "partiton"; did you mean "partition"?',
    ],
    [
      'a missing required prop of a StatefulSet',
      (chart) => new StatefulSet(chart, 'db', { containers } as AnyManifest),
      'test/db: port is required, got undefined',
    ],
    [
      'a number where a Duration belongs',
      (chart) => new Job(chart, 'job', { containers, ttlAfterFinished: 3600 } as AnyManifest),
      'test/job: ttlAfterFinished must be a Duration, e.g. Duration.seconds(30), got 3600 (a number)',
    ],
    [
      'a string where a Cron belongs',
      (chart) => new CronJob(chart, 'cron', { containers, schedule: '*/5 * * * *' } as AnyManifest),
      'test/cron: schedule must be a Cron, e.g. Cron.schedule({ minute: \'*/5\' }), got "*/5 * * * *" (a string)',
    ],
    [
      'an enum value in the wrong case',
      (chart) => new Pod(chart, 'pod', { containers, restartPolicy: 'never' } as AnyManifest),
      'test/pod: restartPolicy must be one of "Always", "OnFailure", "Never", got "never" (a string); write "Never"',
    ],
    [
      'a restart policy a Job does not take',
      (chart) => new Job(chart, 'job', { containers, restartPolicy: 'Always' } as AnyManifest),
      'test/job: restartPolicy must be one of "Never", "OnFailure", got "Always" (a string)',
    ],
  ])('refuses %s', (_, build, message) => {
    expect(refusal(build).message).toContain(message);
  });
});

describe('bad props of Services, routes, policies, storage and the rest', () => {
  const target = (chart: Chart) =>
    new Deployment(chart, 'app', {
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }],
    });
  it.each<[string, (chart: Chart) => unknown, string]>([
    [
      'a string for a node port',
      (chart) =>
        new Service(chart, 'svc', {
          type: ServiceType.NODE_PORT,
          selector: target(chart),
          ports: [{ port: 80, targetPort: 8080, nodePort: '30080' }],
        } as AnyManifest),
      'test/svc: ports[0].nodePort must be an integer from 1 to 65535, got "30080" (a string)',
    ],
    [
      'a port number in quotes, which Kubernetes reads as a port name',
      (chart) => new NetworkPolicy(chart, 'policy', { ingress: [{ ports: [{ port: '8080' }] }] }),
      'test/policy: ingress[0].ports[0].port must be a port number or a port\'s name, got "8080"; write 8080, without quotes',
    ],
    [
      'a port name a NetworkPolicy rule cannot carry (it reached only the gate)',
      (chart) => new NetworkPolicy(chart, 'policy', { ingress: [{ ports: [{ port: 'HTTP' }] }] }),
      'test/policy: ingress[0].ports[0].port must be at most 15 lower-case letters, digits or single \'-\', with a letter, got "HTTP"; rename it, e.g. "http"',
    ],
    [
      'a name where a workload belongs',
      (chart) => new Service(chart, 'svc', { selector: 'app', ports: [{ port: 80 }] } as AnyManifest),
      'test/svc: selector must be a workload whose pods the Service selects, e.g. a Deployment, got "app" (a string)',
    ],
    [
      'neither Ingress rules nor a default backend',
      (chart) => new Ingress(chart, 'routes', {} as AnyManifest),
      'test/routes: an Ingress needs at least one rule in `rules`, or a `defaultBackend` for every request',
    ],
    [
      'an IngressClass name that is no DNS-1123 subdomain (it reached only the gate)',
      (chart) =>
        new Ingress(chart, 'routes', {
          className: 'Nginx',
          rules: [
            {
              paths: [
                {
                  path: '/',
                  service: new Service(chart, 'web', {
                    selector: target(chart),
                    ports: [{ port: 80, targetPort: 8080 }],
                  }),
                },
              ],
            },
          ],
        }),
      'test/routes: className must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, \'-\' or \'.\', starting and ending with a letter or digit), got "Nginx"; rename it, e.g. "nginx"',
    ],
    [
      "a WebService's IngressClass name that is no DNS-1123 subdomain, by its own prop",
      (chart) =>
        new WebService(chart, 'shop', { image: 'shop:1.0.0', host: 'shop.example.com', ingressClassName: 'nginx.' }),
      'test/shop: ingressClassName must be a DNS-1123 subdomain',
    ],
    [
      'a Service name where a Service belongs',
      (chart) => new Ingress(chart, 'routes', { rules: [{ paths: [{ path: '/', service: 'web' }] }] } as AnyManifest),
      'test/routes: rules[0].paths[0].service must be a Service, or one of Service.fromName(...), got "web" (a string)',
    ],
    [
      'a number where a NetworkPolicy rule belongs (it allowed everything)',
      (chart) => new NetworkPolicy(chart, 'policy', { ingress: [80] } as AnyManifest),
      'test/policy: ingress[0] must be an object, got 80 (a number)',
    ],
    [
      'a number as a selector label value',
      (chart) => new NetworkPolicy(chart, 'policy', { podSelector: { tier: 1 } } as AnyManifest),
      'test/policy: podSelector "tier" must have a string value, got 1 (a number); quote it: "1"',
    ],
    [
      'a quantity string where a Size belongs',
      (chart) => new PersistentVolume(chart, 'pv', { hostPath: '/data', capacity: '1Gi' } as AnyManifest),
      'test/pv: capacity must be a Size, e.g. Size.gibibytes(1), got "1Gi" (a string)',
    ],
    [
      'a Size of NaN',
      (chart) => new PersistentVolume(chart, 'pv', { hostPath: '/data', capacity: Size.gibibytes(NaN) }),
      'test/pv: capacity must be a Size of a number, e.g. Size.gibibytes(1), got Size.gibibytes(NaN); give its amount as a number',
    ],
    [
      'a Duration of an object where an autoscaler takes a window',
      (chart) =>
        new Deployment(chart, 'web', {
          containers: [{ name: 'app', image: 'nginx:1.27' }],
          autoscaling: { maxReplicas: 3, scaleUpStabilization: Duration.seconds({} as AnyManifest) },
        }),
      'test/web: autoscaling.scaleUpStabilization must be a Duration of a number, e.g. Duration.seconds(30), got Duration.seconds({})',
    ],
    [
      'a ConfigMap where a claim takes a StorageClass (its name was taken for the class)',
      (chart) =>
        new PersistentVolumeClaim(chart, 'data', {
          storage: Size.gibibytes(1),
          storageClass: new kplus.ConfigMap(chart, 'settings') as AnyManifest,
        }),
      "test/data: storageClass must be a StorageClass, or StorageClass.fromName(chart, 'standard', 'standard'), got the construct test/settings (a ConfigMap)",
    ],
    [
      'a name where a volume template takes a StorageClass',
      (chart) =>
        new StatefulSet(chart, 'db', {
          containers: [{ name: 'db', image: 'postgres:16.4' }],
          port: 5432,
          volumeClaimTemplates: [
            { name: 'data', mountPath: '/data', storage: Size.gibibytes(1), storageClass: 'standard' as AnyManifest },
          ],
        }),
      "test/db: volumeClaimTemplates[0].storageClass must be a StorageClass, or StorageClass.fromName(chart, 'standard', 'standard'), got \"standard\" (a string)",
    ],
    [
      'a hole in a list of enum values (it was written as null)',
      (chart) =>
        new PersistentVolume(chart, 'pv', {
          hostPath: '/data',
          capacity: Size.gibibytes(1),
          accessModes: [undefined] as AnyManifest,
        }),
      'test/pv: accessModes[0] must be given, got undefined (a hole in the list); remove the item or give it a value',
    ],
    [
      'no access modes for a claim (it reached only the gate)',
      (chart) => new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(1), accessModes: [] }),
      'test/data: accessModes must hold at least one access mode, got []; e.g. [AccessMode.READ_WRITE_ONCE], or leave it out for ReadWriteOnce',
    ],
    [
      'a number as a StorageClass parameter',
      (chart) => new StorageClass(chart, 'sc', { parameters: { replicas: 3 } } as AnyManifest),
      'test/sc: parameters "replicas" must have a string value, got 3 (a number); quote it: "3"',
    ],
    [
      'an empty object where a workload belongs',
      (chart) => new PodDisruptionBudget(chart, 'pdb', { selector: {} } as AnyManifest),
      'test/pdb: selector must be a workload whose pods it protects, e.g. a Deployment, got {} (an object)',
    ],
    [
      'a list where a quota takes a quantity (shown without its kind)',
      (chart) => new Namespace(chart, 'ns', { quota: { cpuRequests: ['4'] } } as AnyManifest),
      'test/ns: quota.cpuRequests must be a quantity such as "4" or "500m" (CPU), "8Gi" (memory, storage), got ["4"] (a list)',
    ],
    [
      'a Pod Security level in the wrong case',
      (chart) => new Namespace(chart, 'ns', { podSecurity: 'Restricted' } as AnyManifest),
      'test/ns: podSecurity must be one of "privileged", "baseline", "restricted", got "Restricted" (a string); write "restricted"',
    ],
    [
      'a lone key where a list of keys belongs',
      (chart) => new SealedSecret(chart, 'creds', { keys: 'password', sealedValues: {} } as AnyManifest),
      'test/creds: keys must be a list, got "password" (a string); write it as a list, e.g. ["a", "b"]',
    ],
    [
      'a string where a WebService takes a number (it was reported by its Deployment)',
      (chart) => new WebService(chart, 'shop', { image: 'shop:1.0.0', containerPort: '8080' } as AnyManifest),
      'test/shop: containerPort must be an integer from 1 to 65535, got "8080" (a string)',
    ],
    [
      'a lone path where a WebService takes a list of paths',
      (chart) => new WebService(chart, 'shop', { image: 'shop:1.0.0', writablePaths: '/tmp' } as AnyManifest),
      'test/shop: writablePaths must be a list, got "/tmp" (a string)',
    ],
    [
      'a relative path where a WebService mounts its settings (it was reported by its Deployment)',
      (chart) => new WebService(chart, 'shop', { image: 'shop:1.0.0', config: { A: 'b' }, configMountPath: 'etc/app' }),
      'test/shop: configMountPath must be an absolute path, got "etc/app"; write "/etc/app"',
    ],
    [
      'a namespace name that is no DNS label (it was reported by a NetworkPolicy the Ingress made)',
      (chart) =>
        new WebService(chart, 'shop', {
          image: 'shop:1.0.0',
          host: 'shop.example.com',
          ingressControllerNamespace: 'Ingress_NGINX',
        }),
      'test/shop: ingressControllerNamespace must be a DNS-1123 label',
    ],
    [
      'a lone port where a sidecar takes a list (it crashed the check of the extra ports)',
      (chart) =>
        new WebService(chart, 'shop', {
          image: 'shop:1.0.0',
          sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: { number: 9901 } }],
        } as AnyManifest),
      'test/shop: sidecars[0].ports must be a list, got {"number":9901} (an object)',
    ],
    [
      'a hole in the sidecars of a BackendService',
      (chart) =>
        new BackendService(chart, 'cache', {
          image: 'redis:7.2',
          port: 6379,
          portName: 'redis',
          sidecars: [undefined],
        } as AnyManifest),
      'test/cache: sidecars[0] must be given, got undefined (a hole in the list); remove the item or give it a value',
    ],
    [
      'a misspelt prop of a BackendService',
      (chart) =>
        new BackendService(chart, 'cache', { image: 'redis:7.2', port: 6379, portname: 'redis' } as AnyManifest),
      'test/cache: props has an unknown key "portname"; did you mean "portName"?',
    ],
    [
      'a lone rule where a policy exemption takes a list',
      (chart) => exemptFromPolicy(target(chart), { rules: 'host-access', reason: 'a node agent' } as AnyManifest),
      'test/app/Resource: exemptFromPolicy.rules must be a list, got "host-access" (a string)',
    ],
    [
      'an autoscaler without a target',
      (chart) => new HorizontalPodAutoscaler(chart, 'hpa', { maxReplicas: 3 } as AnyManifest),
      'test/hpa: target is required, got undefined',
    ],
  ])('refuses %s', (_, build, message) => {
    expect(refusal(build).message).toContain(message);
  });
});
