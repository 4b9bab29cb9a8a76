import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Cron, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../imports/k8s';
import { AppChart } from '../lib/charts/app-chart';
import { Environment, EnvironmentInput, parseEnvironment } from '../lib/config/environment';
import { ENVIRONMENTS } from '../lib/config/environments';
import { ContainerProps } from '../lib/constructs/container';
import { CronJob } from '../lib/constructs/cron-job';
import { Deployment } from '../lib/constructs/deployment';
import { Ingress } from '../lib/constructs/ingress';
import { Job } from '../lib/constructs/job';
import { Namespace } from '../lib/constructs/namespace';
import { NetworkPolicy } from '../lib/constructs/network-policy';
import { PersistentVolume } from '../lib/constructs/persistent-volume';
import { PersistentVolumeClaim } from '../lib/constructs/persistent-volume-claim';
import { Pod } from '../lib/constructs/pod';
import { Service, ServiceType } from '../lib/constructs/service';
import { StatefulSet } from '../lib/constructs/stateful-set';
import { StorageClass } from '../lib/constructs/storage-class';
import { Volume } from '../lib/constructs/volume';
import { synthesize } from '../lib/synthesize';
import { DEV, readTree, tempDir } from './helpers';

/**
 * Forty-odd mistakes a user can make, each rejected with a message that says what and where, and each leaving the
 * previous output exactly as it was. Every case runs the whole synthesis into a directory that holds a good one.
 */
let before: Record<string, string>;

beforeAll(() => {
  const outdir = tempDir();
  synthesize({ outdir, environments: [DEV] });
  before = readTree(outdir);
});

/**
 * Runs a synthesis into a directory holding a good one; it must fail with `message` and leave every file as it was, and
 * nothing beside them (no staging folder, journal or lock).
 */
function expectRejected(run: (outdir: string) => unknown, message: string | RegExp): void {
  const outdir = tempDir();
  for (const [file, content] of Object.entries(before)) {
    fs.mkdirSync(path.dirname(path.join(outdir, file)), { recursive: true });
    fs.writeFileSync(path.join(outdir, file), content);
  }
  expect(() => run(outdir)).toThrow(message);
  expect(readTree(outdir)).toEqual(before);
  expect(fs.readdirSync(outdir)).toEqual(['dev']);
  fs.rmSync(outdir, { recursive: true });
}

/** Synthesizes one chart, `extra`, built by `add`. */
function synthesizeWith(add: (chart: AppChart) => void, env: Environment = DEV): (outdir: string) => unknown {
  return (outdir) =>
    synthesize({
      outdir,
      environments: [env],
      build: (e) => {
        const app = new App();
        add(new AppChart(app, 'extra', { env: e, namespace: 'extra' }));
        return app;
      },
    });
}

function synthesizeConfig(change: Partial<Record<keyof EnvironmentInput, unknown>>): (outdir: string) => unknown {
  return (outdir) =>
    synthesize({ outdir, environments: [parseEnvironment('dev', { ...ENVIRONMENTS.dev, ...change })] });
}

const web: ContainerProps = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };

function webDeployment(chart: AppChart, props: Partial<ConstructorParameters<typeof Deployment>[2]> = {}): Deployment {
  return new Deployment(chart, 'web', { containers: [web], ...props });
}

/** A Pod written as a raw ApiObject, the escape hatch that bypasses every construct check. */
function rawPod(chart: AppChart, resources: object): void {
  new ApiObject(chart, 'raw', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'raw' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources }] },
  });
}

/**
 * An escape-hatch patch of a construct's ApiObject: it applies to the object's Kubernetes JSON, with the field names
 * and values the YAML shows (`clusterIP`, a bare `targetPort: 8080`).
 */
function patched(construct: { apiObject: ApiObject }, ...patches: JsonPatch[]): void {
  construct.apiObject.addJsonPatch(...patches);
}

describe('bad configuration values', () => {
  it.each<[string, Partial<Record<keyof EnvironmentInput, unknown>>, RegExp]>([
    [
      'zero replicas',
      { webReplicas: 0 },
      /environment "dev" is invalid .*\n {2}webReplicas: Too small: expected number to be >=1, got 0/,
    ],
    [
      'fractional replicas',
      { webReplicas: 1.5 },
      /webReplicas: Invalid input: expected int, received number, got 1\.5/,
    ],
    [
      'an image tagged latest',
      { webImage: 'nginx:latest' },
      /webImage: must name an image with a tag other than "latest", or a digest, got "nginx:latest"/,
    ],
    [
      'an image without a tag',
      { webImage: 'nginx' },
      /webImage: must name an image with a tag other than "latest", or a digest, got "nginx"/,
    ],
    [
      'an upper-case domain',
      { domain: 'Course.Example' },
      /domain: must be a DNS-1123 subdomain .*, got "Course\.Example"/,
    ],
    ['a name that differs from its key', { name: 'staging' }, /name: must equal its key "dev", got "staging"/],
    ['a misspelt field', { webReplica: 2 } as never, /\(the environment\): Unrecognized key: "webReplica"/],
    [
      'a storage size in GB',
      { storageSize: '1GB' },
      /storageSize: must be a whole number of Mi, Gi or Ti, such as "1Gi", got "1GB"/,
    ],
    ['a relative host path', { hostPathRoot: 'data' }, /hostPathRoot: must be an absolute path, got "data"/],
    [
      'a Kubernetes version the project does not know',
      { kubernetesVersion: '1.40' },
      /kubernetesVersion: must be a Kubernetes release "major\.minor" from 1\.27 to 1\.37: .*, got "1\.40"/,
    ],
    [
      'a CPU request that is no quantity',
      { webResources: { cpuRequest: 'lots' } },
      /webResources\.cpuRequest: must be a CPU quantity such as "250m" or "1", got "lots"/,
    ],
    [
      'an external secret without namespace',
      { external: { secrets: ['tls'] } },
      /external\.secrets\.0: must be "namespace\/name", got "tls"/,
    ],
    [
      'an empty change cause',
      { webChangeCause: '  ' },
      /webChangeCause: Too small: expected string to have >=1 characters, got " {2}"/,
    ],
    [
      'a repository URL that is no URL',
      { gitops: { repoURL: 'k8s-course' } },
      /gitops\.repoURL: must be an https:\/\/, ssh:\/\/ or git@ repository URL, got "k8s-course"/,
    ],
    [
      'an unknown log level',
      { logLevel: 'verbose' },
      /logLevel: Invalid option: expected one of "debug"\|"info"\|"warn"\|"error", got "verbose"/,
    ],
  ])('rejects %s', (_what, change, message) => {
    expectRejected(synthesizeConfig(change), message);
  });
});

describe('construct props of the wrong type, as JavaScript, `as any` or values read from JSON give them', () => {
  it.each<[string, (chart: AppChart) => void, string]>([
    [
      'a string for replicas',
      (c) => webDeployment(c, { replicas: '3' as never }),
      'extra/web: replicas must be an integer of 0 or more, got "3" (a string)',
    ],
    [
      'a misspelt prop, which was dropped',
      (c) => webDeployment(c, { replica: 3 } as never),
      'extra/web: props has an unknown key "replica"; did you mean "replicas"?',
    ],
    [
      'a number as a NetworkPolicy rule, which allowed all traffic',
      (c) => new NetworkPolicy(c, 'policy', { ingress: [80 as never] }),
      'extra/policy: ingress[0] must be an object, got 80 (a number)',
    ],
    [
      'a schedule written as a string, which crashed',
      (c) => new CronJob(c, 'cron', { schedule: '*/5 * * * *' as never, containers: [web] }),
      'extra/cron: schedule must be a Cron, e.g. Cron.schedule({ minute: \'*/5\' }), got "*/5 * * * *" (a string)',
    ],
  ])('rejects %s', (_what, add, message) => {
    expectRejected(synthesizeWith(add), message);
  });
});

describe('bad construct props', () => {
  it.each<[string, (chart: AppChart) => void, string | RegExp]>([
    [
      'negative replicas',
      (c) => webDeployment(c, { replicas: -1 }),
      'extra/web: replicas must be an integer of 0 or more, got -1',
    ],
    [
      'a node port outside the range',
      (c) =>
        new Service(c, 'np', {
          type: ServiceType.NODE_PORT,
          selector: webDeployment(c),
          ports: [{ port: 80, targetPort: 'http', nodePort: 8080 }],
        }),
      /extra\/np: ports\.nodePort must be an integer from 30000 to 32767 .* got 8080/,
    ],
    [
      'a port above 65535',
      (c) => new Service(c, 'svc', { selector: webDeployment(c), ports: [{ port: 70000, targetPort: 'http' }] }),
      'extra/svc: ports[0].port must be an integer from 1 to 65535, got 70000',
    ],
    [
      'an upper-case container name',
      (c) => webDeployment(c, { containers: [{ ...web, name: 'App' }] }),
      /extra\/web: container name must be a DNS-1123 label .* got "App"/,
    ],
    [
      'two containers of one name',
      (c) => webDeployment(c, { containers: [web, { ...web, ports: [] }] }),
      'extra/web: container names must be unique, got "app" more than once',
    ],
    [
      'a schedule out of range',
      (c) => new CronJob(c, 'cron', { schedule: Cron.schedule({ minute: '61' }), containers: [web] }),
      /extra\/cron: schedule must be five fields .* got "61 \* \* \* \*"/,
    ],
    [
      'a schedule of six fields',
      (c) => new CronJob(c, 'cron', { schedule: Cron.schedule({ minute: '0 0' }), containers: [web] }),
      /extra\/cron: schedule .*: 6 fields$/m,
    ],
    [
      'an Ingress path without a slash',
      (c) =>
        new Ingress(c, 'ing', {
          rules: [
            {
              paths: [
                {
                  path: 'api',
                  service: new Service(c, 'svc', {
                    selector: webDeployment(c),
                    ports: [{ port: 80, targetPort: 'http' }],
                  }),
                },
              ],
            },
          ],
        }),
      'extra/ing: rules.paths.path must start with \'/\', got "api"; write "/api"',
    ],
    [
      'a namespace name with an underscore',
      (c) => new Namespace(c, 'ns', { name: 'my_ns' }),
      /extra\/ns: name must be a DNS-1123 label .* got "my_ns"/,
    ],
    [
      'parallelism above completions',
      (c) => new Job(c, 'job', { completions: 1, parallelism: 3, containers: [web] }),
      'extra/job: parallelism 3 is more than completions 1',
    ],
    [
      'a claim larger than its volume',
      (c) =>
        new PersistentVolumeClaim(c, 'pvc', {
          storage: Size.gibibytes(2),
          volume: new PersistentVolume(c, 'pv', { hostPath: '/data', capacity: Size.gibibytes(1) }),
        }),
      'extra/pvc: storage 2Gi is more than the 1Gi of volume extra/pv',
    ],
    [
      'a targetPort no container listens on',
      (c) => new Service(c, 'svc', { selector: webDeployment(c), ports: [{ port: 80, targetPort: 9090 }] }),
      'extra/svc: targetPort 9090 is not a port of extra/web',
    ],
    [
      'a relative claim mount path',
      (c) =>
        new StatefulSet(c, 'db', {
          port: 8080,
          containers: [web],
          volumeClaimTemplates: [{ name: 'data', mountPath: 'data', storage: Size.gibibytes(1) }],
        }),
      'extra/db: volumeClaimTemplates[data].mountPath must be an absolute path, got "data"',
    ],
    [
      'an Ingress to a port the Service lacks',
      (c) =>
        new Ingress(c, 'ing', {
          rules: [
            {
              paths: [
                {
                  path: '/',
                  port: 81,
                  service: new Service(c, 'svc', {
                    selector: webDeployment(c),
                    ports: [{ port: 80, targetPort: 'http' }],
                  }),
                },
              ],
            },
          ],
        }),
      'extra/ing: path "/" routes to port 81 of Service "svc" (construct extra/svc), which has ports 80',
    ],
    [
      'an ExternalName Service without a host',
      (c) => new Service(c, 'ext', { type: ServiceType.EXTERNAL_NAME }),
      'extra/ext: an ExternalName Service needs `externalName`',
    ],
    [
      'a reference to a Service by a name no Service can have',
      (c) => Service.fromName(c, 'legacy', 'My_Service', { ports: [{ port: 80 }] }),
      /extra\/legacy: Service\.fromName name must be a DNS-1123 label .* got "My_Service"; rename it, e\.g\. "my-service"/,
    ],
    [
      'a reference to a Service on a port above 65535',
      (c) => Service.fromName(c, 'legacy', 'legacy', { ports: [{ port: 70000 }] }),
      'extra/legacy: Service.fromName options.ports[0].port must be an integer from 1 to 65535, got 70000',
    ],
    [
      'a reference to a StorageClass by a name no class can have',
      (c) => StorageClass.fromName(c, 'fast', 'Fast_SSD'),
      /extra\/fast: StorageClass\.fromName name must be a DNS-1123 subdomain .* got "Fast_SSD"; rename it, e\.g\. "fast-ssd"/,
    ],
    [
      'a ConfigMap value with a lone surrogate, which YAML and Kubernetes cannot carry (a check names the field)',
      (c) =>
        new ApiObject(c, 'settings', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { 'note.txt': 'half of an emoji: \ud83d' },
        }),
      /lone-surrogate: ConfigMap extra\/settings-[0-9a-f]+ \(construct extra\/settings\)\n {4}data\["note.txt"\] holds a lone surrogate \(U\+D83D\)/,
    ],
  ])('rejects %s', (_what, add, message) => {
    expectRejected(synthesizeWith(add), message);
  });
});

describe('broken references', () => {
  it.each<[string, (chart: AppChart) => void, RegExp]>([
    [
      'a Service that selects no pod',
      (c) =>
        new k8s.KubeService(c, 'svc', {
          metadata: { name: 'svc' },
          spec: { selector: { app: 'ghost' }, ports: [{ port: 80 }] },
        }),
      /service-selector: Service extra\/svc \(construct extra\/svc\)\n {4}selector app=ghost matches no pod template in namespace extra/,
    ],
    [
      'an Ingress to a missing Service',
      (c) =>
        new k8s.KubeIngress(c, 'ing', {
          metadata: { name: 'ing' },
          spec: {
            rules: [
              {
                http: {
                  paths: [
                    { path: '/', pathType: 'Prefix', backend: { service: { name: 'ghost', port: { number: 80 } } } },
                  ],
                },
              },
            ],
          },
        }),
      /ingress-backend: Ingress extra\/ing .*\n {4}backend Service extra\/ghost does not exist/,
    ],
    [
      'an Ingress TLS secret that does not exist',
      (c) =>
        new Ingress(c, 'ing', {
          tls: [{ hosts: ['a.example.com'], secret: kplus.Secret.fromSecretName(c, 'tls', 'a-tls') }],
          rules: [
            {
              paths: [
                {
                  path: '/',
                  service: new Service(c, 'svc', {
                    selector: webDeployment(c),
                    ports: [{ port: 80, targetPort: 'http' }],
                  }),
                },
              ],
            },
          ],
        }),
      /ingress-tls-secret: .*\n {4}TLS Secret extra\/a-tls does not exist/,
    ],
    [
      'a volume of a missing ConfigMap',
      (c) =>
        new Pod(c, 'pod', {
          containers: [
            {
              ...web,
              mounts: [
                {
                  volume: Volume.fromConfigMap(kplus.ConfigMap.fromConfigMapName(c, 'cm', 'settings')),
                  path: '/etc/app',
                },
              ],
            },
          ],
        }),
      /pod-reference: Pod extra\/pod .*\n {4}volume "configmap-settings" needs ConfigMap extra\/settings, which does not exist/,
    ],
    [
      'a ConfigMap key that does not exist',
      (c) => {
        const cm = new kplus.ConfigMap(c, 'cm', { metadata: { name: 'settings' }, data: { MODE: 'x' } });
        new Pod(c, 'pod', { containers: [{ ...web, env: { LEVEL: kplus.EnvValue.fromConfigMap(cm, 'LEVEL') } }] });
      },
      /pod-reference: .*\n {4}env LEVEL of container "app" needs key "LEVEL" of ConfigMap extra\/settings-[0-9a-f]{10}, which has "MODE"/,
    ],
    [
      'envFrom a missing Secret',
      (c) =>
        new Pod(c, 'pod', { containers: [{ ...web, envFromSecrets: [kplus.Secret.fromSecretName(c, 's', 'creds')] }] }),
      /pod-reference: .*\n {4}envFrom of container "app" needs Secret extra\/creds, which does not exist/,
    ],
    [
      'a missing ServiceAccount',
      (c) =>
        new Pod(c, 'pod', {
          containers: [web],
          serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'robot'),
        }),
      /pod-service-account: Pod extra\/pod .*\n {4}serviceAccountName "robot" names no ServiceAccount in namespace extra/,
    ],
    [
      'a RoleBinding to a missing Role',
      (c) =>
        new kplus.RoleBinding(c, 'rb', { metadata: { name: 'rb' }, role: kplus.Role.fromRoleName(c, 'r', 'ghost') }),
      /binding-role: RoleBinding extra\/rb .*\n {4}roleRef names Role extra\/ghost, which does not exist/,
    ],
    [
      'a ClusterRoleBinding to an unknown ClusterRole',
      (c) =>
        new kplus.ClusterRoleBinding(c, 'crb', {
          metadata: { name: 'crb' },
          role: kplus.ClusterRole.fromClusterRoleName(c, 'cr', 'ghost-reader'),
        }),
      /binding-role: ClusterRoleBinding crb .*\n {4}roleRef names ClusterRole ghost-reader, which is neither ours, built in, nor declared/,
    ],
    [
      'a subject ServiceAccount that does not exist',
      (c) =>
        new kplus.RoleBinding(c, 'rb', {
          metadata: { name: 'rb' },
          role: new kplus.Role(c, 'r', { metadata: { name: 'r' } }),
        }).addSubjects(kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'robot', { namespaceName: 'extra' })),
      /binding-subject: RoleBinding extra\/rb .*\n {4}subject ServiceAccount extra\/robot does not exist/,
    ],
    [
      'a claim of an undefined StorageClass',
      (c) =>
        new k8s.KubePersistentVolumeClaim(c, 'pvc', {
          metadata: { name: 'pvc' },
          spec: {
            storageClassName: 'fast-ssd',
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: k8s.Quantity.fromString('1Gi') } },
          },
        }),
      /storage-class: PersistentVolumeClaim extra\/pvc .*\n {4}storageClassName asks for StorageClass "fast-ssd", which the project does not define/,
    ],
    [
      'a StatefulSet whose Service is not headless',
      (c) => {
        const db = new StatefulSet(c, 'db', { port: 8080, containers: [web] });
        patched(db.service, JsonPatch.remove('/spec/clusterIP'));
      },
      /statefulset-service: StatefulSet extra\/db .*\n {4}Service extra\/db is not headless/,
    ],
    [
      'an object in an undeclared namespace',
      (c) => new k8s.KubeConfigMap(c, 'cm', { metadata: { name: 'cm', namespace: 'ghost' } }),
      /namespace-exists: ConfigMap ghost\/cm-[0-9a-f]{10} .*\n {4}namespace "ghost" is neither created by the project nor declared/,
    ],
    [
      'two objects of the same name',
      (c) => {
        new kplus.ConfigMap(c, 'a', { metadata: { name: 'same' } });
        new kplus.ConfigMap(c, 'b', { metadata: { name: 'same' } });
      },
      /duplicate-object: ConfigMap extra\/same \(construct extra\/b\/Resource\)/,
    ],
  ])('rejects %s', (_what, add, message) => {
    expectRejected(synthesizeWith(add), message);
  });
});

describe('invalid values let through by escape hatches', () => {
  it.each<[string, (chart: AppChart) => void, RegExp]>([
    [
      'a template label that no longer matches the selector',
      (c) =>
        patched(webDeployment(c), JsonPatch.replace('/spec/template/metadata/labels/app.kubernetes.io~1name', 'other')),
      /selector-labels: Deployment extra\/web .*\n {4}selector app.kubernetes.io\/name=web does not match the pod template, whose app.kubernetes.io\/name is "other"/,
    ],
    [
      'a container port of 0',
      (c) => patched(webDeployment(c), JsonPatch.replace('/spec/template/spec/containers/0/ports/0/containerPort', 0)),
      /port-range: Deployment extra\/web .*\n {4}containerPort of container "app" 0 is outside 1-65535/,
    ],
    [
      'a CPU request that is no quantity',
      (c) => rawPod(c, { requests: { cpu: 'lots' } }),
      /quantity: Pod extra\/raw .*\n {4}container "app" requests\.cpu "lots" is not a quantity/,
    ],
    [
      'a request above its limit',
      (c) => rawPod(c, { requests: { memory: '1Gi' }, limits: { memory: '128Mi' } }),
      /quantity: .*\n {4}container "app" requests memory 1Gi, more than its limit 128Mi/,
    ],
    [
      'a schedule of three fields',
      (c) =>
        patched(
          new CronJob(c, 'cron', { schedule: Cron.hourly(), containers: [web] }),
          JsonPatch.replace('/spec/schedule', '* * *'),
        ),
      /cron-schedule: CronJob extra\/cron .*\n {4}schedule must be five fields .* got "\* \* \*": 3 fields/,
    ],
    [
      'an object name with upper case',
      (c) => new k8s.KubeConfigMap(c, 'cm', { metadata: { name: 'Bad_Name' } }),
      /object-name: ConfigMap extra\/Bad_Name-[0-9a-f]{10} .*\n {4}name "Bad_Name-[0-9a-f]{10}" must be a DNS-1123 subdomain/,
    ],
    [
      'a label value over 63 characters',
      (c) => new k8s.KubeConfigMap(c, 'cm', { metadata: { name: 'cm', labels: { note: 'x'.repeat(64) } } }),
      /label-syntax: ConfigMap extra\/cm-[0-9a-f]{10} .*\n {4}label "note" has value "x{64}", which is not a label value/,
    ],
    [
      'the same env variable twice',
      (c) =>
        patched(
          webDeployment(c, { containers: [{ ...web, env: { A: kplus.EnvValue.fromValue('1') } }] }),
          JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'A', value: '2' }),
        ),
      /unique-names: Deployment extra\/web .*\n {4}env name of container "app" "A" appears more than once/,
    ],
    [
      'a Service node port outside the range',
      (c) =>
        patched(
          new Service(c, 'np', {
            type: ServiceType.NODE_PORT,
            selector: webDeployment(c),
            ports: [{ port: 80, targetPort: 'http' }],
          }),
          JsonPatch.add('/spec/ports/0/nodePort', 80),
        ),
      /port-range: Service extra\/np .*\n {4}nodePort 80 is outside 30000-32767/,
    ],
    [
      'a bare targetPort number that no container declares',
      (c) =>
        patched(
          new Service(c, 'svc', { selector: webDeployment(c), ports: [{ port: 80, targetPort: 'http' }] }),
          JsonPatch.replace('/spec/ports/0/targetPort', 9090),
        ),
      /service-target-port: Service extra\/svc .*\n {4}targetPort 9090 of port 80 is not a container port of extra\/web\/Resource/,
    ],
    [
      'a field patched in the camelCase of the props',
      (c) =>
        patched(
          new Service(c, 'svc', { selector: webDeployment(c), ports: [{ port: 80, targetPort: 'http' }] }),
          JsonPatch.add('/spec/clusterIp', 'None'),
        ),
      /schema: Service extra\/svc .*\n {4}spec\.clusterIp is not a field of ServiceSpec; did you mean clusterIP\?\n {4}fix: rename spec\.clusterIp to clusterIP/,
    ],
    [
      'a misspelled field of a raw ApiObject',
      (c) =>
        new ApiObject(c, 'raw', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'raw' },
          spec: { contianers: [{ name: 'app', image: 'nginx:1.27' }] },
        }),
      /schema: Pod extra\/raw .*\n {4}spec\.contianers is not a field of PodSpec; did you mean containers\?/,
    ],
    [
      'a raw ApiObject in an apiVersion the environment`s Kubernetes no longer serves',
      (c) =>
        new ApiObject(c, 'raw', {
          apiVersion: 'policy/v1beta1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'raw' },
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
        }),
      /api-version: PodDisruptionBudget extra\/raw \(construct extra\/raw\)\n {4}apiVersion policy\/v1beta1 of PodDisruptionBudget is not served by Kubernetes 1\.27 \(kubernetesVersion of environment dev\): removed in 1\.25, use policy\/v1 PodDisruptionBudget\n {4}fix: write apiVersion: policy\/v1/,
    ],
  ])('rejects %s', (_what, add, message) => {
    expectRejected(synthesizeWith(add), message);
  });
});

describe('the report', () => {
  it('lists every finding of a run together, grouped by environment', () => {
    const prod = parseEnvironment('prod', ENVIRONMENTS.prod);
    const run = (outdir: string) =>
      synthesize({
        outdir,
        environments: [DEV, prod],
        build: (env) => {
          const app = new App();
          const chart = new AppChart(app, 'extra', { env, namespace: 'extra' });
          new k8s.KubeService(chart, 'svc', {
            metadata: { name: 'svc' },
            spec: { selector: { app: 'ghost' }, ports: [{ port: 80 }] },
          });
          new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', namespace: 'ghost' } });
          return app;
        },
      });
    expectRejected(run, /^environment dev: 2 findings\n(.|\n)*\nenvironment prod: 2 findings\n/);
  });
});
