import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ContainerProps,
  ContainerRestartPolicy,
  DEFAULT_USER,
  InitContainerProps,
  SidecarContainerProps,
  renderContainer,
} from '../../lib/constructs/container';
import { Deployment } from '../../lib/constructs/deployment';
import { LifecycleHandler } from '../../lib/constructs/lifecycle-handler';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import { Probe } from '../../lib/constructs/probe';
import { Volume } from '../../lib/constructs/volume';
import { AnyManifest, renderedChart, testChart } from '../helpers';

function scope(): Construct {
  return new Construct(testChart(), 'pod');
}

describe('renderContainer', () => {
  it('passes the restricted Pod Security profile by default', () => {
    const container = renderContainer(scope(), { name: 'app', image: 'nginx:1.27' });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: DEFAULT_USER,
      runAsGroup: DEFAULT_USER,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('requests small resources and bounds them', () => {
    const container = renderContainer(scope(), { name: 'app', image: 'nginx:1.27' });
    expect(container.resources?.requests?.cpu?.value).toBe('50m');
    expect(container.resources?.requests?.memory?.value).toBe('64Mi');
    expect(container.resources?.limits?.cpu?.value).toBe('500m');
    expect(container.resources?.limits?.memory?.value).toBe('128Mi');
  });

  it('takes resources and the user from props', () => {
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      user: 101,
      resources: { cpuRequest: '200m', memoryLimit: '1Gi' },
    });
    expect(container.securityContext?.runAsUser).toBe(101);
    expect(container.resources?.requests?.cpu?.value).toBe('200m');
    expect(container.resources?.limits?.memory?.value).toBe('1Gi');
  });

  it('runs as root only when the user is 0, and then says so, since the kubelet refuses root under runAsNonRoot', () => {
    const root = renderContainer(scope(), { name: 'agent', image: 'fluent/fluent-bit:3.1.9', user: 0, group: 0 });
    expect(root.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    const rootGroup = renderContainer(scope(), { name: 'app', image: 'nginx:1.27', group: 0 });
    expect(rootGroup.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: DEFAULT_USER, runAsGroup: 0 });
  });

  it('pulls the image at every start, so pull credentials are always checked', () => {
    expect(renderContainer(scope(), { name: 'app', image: 'nginx:1.27' }).imagePullPolicy).toBe('Always');
  });

  it('takes another pull policy and group', () => {
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      group: 20000,
    });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.securityContext?.runAsGroup).toBe(20000);
  });

  it('renders env values, envFrom sources and mounts', () => {
    const chart = testChart();
    const settings = new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { MODE: 'x' } });
    const secret = kplus.Secret.fromSecretName(chart, 'creds', 'creds');
    const container = renderContainer(new Construct(chart, 'pod'), {
      name: 'app',
      image: 'nginx:1.27',
      env: { MODE: kplus.EnvValue.fromConfigMap(settings, 'MODE'), PLAIN: kplus.EnvValue.fromValue('1') },
      envFromSecrets: [secret],
      mounts: [{ volume: Volume.fromEmptyDir('tmp'), path: '/tmp' }],
    });
    expect(container.env).toEqual([
      { name: 'MODE', value: undefined, valueFrom: { configMapKeyRef: { key: 'MODE', name: 'settings' } } },
      { name: 'PLAIN', value: '1', valueFrom: undefined },
    ]);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'creds' } }]);
    expect(container.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp', readOnly: undefined, subPath: undefined },
    ]);
  });

  it('fails for an env value read from a key no ConfigMap or Secret may have', () => {
    const chart = testChart();
    const settings = kplus.ConfigMap.fromConfigMapName(chart, 'settings', 'settings');
    const secret = kplus.Secret.fromSecretName(chart, 'creds', 'creds');
    expect(() =>
      renderContainer(new Construct(chart, 'pod'), {
        name: 'app',
        image: 'nginx:1.27',
        env: { MODE: kplus.EnvValue.fromConfigMap(settings, 'app/mode') },
      }),
    ).toThrow(
      'test/pod: containers[app].env MODE reads key "app/mode" of ConfigMap settings, which no ConfigMap or Secret may ' +
        "have (at most 253 letters, digits, '-', '_' or '.', not \".\" and not starting with \"..\"); name one of its keys",
    );
    expect(() =>
      renderContainer(new Construct(chart, 'other'), {
        name: 'app',
        image: 'nginx:1.27',
        env: { TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: '..token' }) },
      }),
    ).toThrow(/^test\/other: containers\[app\]\.env TOKEN reads key "\.\.token" of Secret creds, which no ConfigMap/);
  });

  it('fails for a container name that is not a DNS-1123 label', () => {
    expect(() => renderContainer(scope(), { name: 'App', image: 'nginx:1.27' })).toThrow(
      /test\/pod: container name must be a DNS-1123 label .* got "App"/,
    );
  });

  it('fails for an empty image', () => {
    expect(() => renderContainer(scope(), { name: 'app', image: ' ' })).toThrow(
      'test/pod: containers[app].image must name an image, got an empty string',
    );
  });

  it('fails for an image the kubelet cannot parse, with the corrected reference', () => {
    expect(() => renderContainer(scope(), { name: 'app', image: 'Nginx:1.27' })).toThrow(
      'test/pod: containers[app].image "Nginx:1.27" is not an image reference the kubelet can parse: the repository ' +
        'name "Nginx" must be lower case; write "nginx:1.27"',
    );
  });

  it("fails for an image with a space instead of the tag's colon", () => {
    expect(() => renderContainer(scope(), { name: 'app', image: 'nginx 1.27' })).toThrow(
      'test/pod: containers[app].image "nginx 1.27" is not an image reference the kubelet can parse: it contains ' +
        'whitespace; write "nginx:1.27"',
    );
  });

  it('fails for an invalid tag with the grammar when no correction is obvious', () => {
    expect(() => renderContainer(scope(), { name: 'app', image: 'nginx:-1.27' })).toThrow(
      'test/pod: containers[app].image "nginx:-1.27" is not an image reference the kubelet can parse: the tag "-1.27" ' +
        'must be at most 128 letters, digits, "_", "." or "-", not starting with "." or "-"; write the image as ' +
        '[registry[:port]/]repository[:tag][@sha256:digest], with a lower-case repository',
    );
  });

  it('accepts references with a registry, a port, a path and a digest', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    for (const image of ['registry.example.com:5000/team/app:v1.2', `nginx@${digest}`, 'localhost/app_x__y:1']) {
      expect(renderContainer(scope(), { name: 'app', image }).image).toBe(image);
    }
  });

  it('fails for a port outside 1-65535', () => {
    expect(() => renderContainer(scope(), { name: 'app', image: 'nginx:1.27', ports: [{ number: 70000 }] })).toThrow(
      'test/pod: containers[app].ports[0].number must be an integer from 1 to 65535, got 70000',
    );
  });

  it('fails for a port name longer than 15 characters', () => {
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        ports: [{ number: 80, name: 'a-very-long-port-name' }],
      }),
    ).toThrow(/containers\[app\]\.ports\[0\]\.name must be at most 15 .* got "a-very-long-port-name"/);
  });

  it('fails for the same port twice', () => {
    expect(() =>
      renderContainer(scope(), { name: 'app', image: 'nginx:1.27', ports: [{ number: 80 }, { number: 80 }] }),
    ).toThrow('test/pod: containers[app] port numbers must be unique, got "80/TCP" more than once');
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a negative request',
      { cpuRequest: '-100m' },
      'containers[app].resources.cpuRequest "-100m" is negative, which the API server refuses; give 0 or more',
    ],
    [
      'a limit below the default request',
      { memoryLimit: '0' },
      'containers[app].resources.memoryLimit "0" is below the memory request 64Mi (the default), which the API ' +
        'server refuses; raise memoryLimit to 64Mi or more, or give a memoryRequest of at most "0"',
    ],
    [
      'a request above its limit',
      { cpuRequest: '1', cpuLimit: '00m' },
      'containers[app].resources.cpuLimit "00m" is below the cpu request "1", which the API server refuses; raise ' +
        'cpuLimit to "1" or more, or give a cpuRequest of at most "00m"',
    ],
    [
      'a request above the default limit',
      { ephemeralStorageRequest: '1Gi' },
      'containers[app].resources.ephemeralStorageLimit 256Mi (the default) is below the ephemeral-storage request ' +
        '"1Gi", which the API server refuses; raise ephemeralStorageLimit to "1Gi" or more, or give an ' +
        'ephemeralStorageRequest of at most 256Mi',
    ],
  ])('fails for %s (props-fuzz, seeds 11 and 12)', (_, resources, message) => {
    expect(() => renderContainer(scope(), { name: 'app', image: 'nginx:1.27', resources })).toThrow(
      `test/pod: ${message}`,
    );
  });

  it('takes a request equal to its limit, and a limit above a default request', () => {
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      resources: { cpuRequest: '500m', cpuLimit: '0.5', memoryLimit: '1Gi' },
    });
    expect(container.resources?.limits?.memory?.value).toBe('1Gi');
  });

  it('fails for two mounts at one path, which the API server refuses, naming both volumes', () => {
    const cache = Volume.fromEmptyDir('cache');
    const data = Volume.fromEmptyDir('data');
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        mounts: [
          { volume: cache, path: '/tmp' },
          { volume: cache, path: '/var/cache' },
          { volume: data, path: '/var/cache' },
        ],
      }),
    ).toThrow(
      'test/pod: containers[app].mounts[2].path "/var/cache" is where mounts[1] (volume "cache") is mounted; a ' +
        'container\'s mount paths must be unique; mount volume "data" at a path of its own, e.g. "/var/cache/data"',
    );
  });

  it('mounts one volume at two paths, and two volumes at a path and below it', () => {
    const cache = Volume.fromEmptyDir('cache');
    const data = Volume.fromEmptyDir('data');
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      mounts: [
        { volume: cache, path: '/var/cache' },
        { volume: cache, path: '/tmp', subPath: 'tmp' },
        { volume: data, path: '/var/cache/data' },
      ],
    });
    expect(container.volumeMounts?.map((mount) => `${mount.name} ${mount.mountPath}`)).toEqual([
      'cache /var/cache',
      'cache /tmp',
      'data /var/cache/data',
    ]);
  });

  it('fails for a probe on a port name the container does not have', () => {
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        ports: [{ number: 8080, name: 'http' }],
        readiness: Probe.httpGet('/', 'web'),
      }),
    ).toThrow(
      'test/pod: containers[app]: a probe targets port "web", which the container does not name; named ports: "http"',
    );
  });

  it('fails for a probe on a port number the container does not declare', () => {
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        ports: [{ number: 8080, name: 'http' }],
        liveness: Probe.tcpSocket(9090),
      }),
    ).toThrow(
      'test/pod: containers[app]: a probe targets port 9090, which the container does not declare; declared ports: ' +
        '8080 ("http"); declare port 9090 in `ports` or probe a declared port',
    );
  });

  it('fails for a probe on a port number when the container declares no ports', () => {
    expect(() =>
      renderContainer(scope(), { name: 'app', image: 'nginx:1.27', readiness: Probe.httpGet('/', 8080) }),
    ).toThrow(
      'test/pod: containers[app]: a probe targets port 8080, which the container does not declare; declared ports: ' +
        'none; declare port 8080 in `ports` or probe a declared port',
    );
  });

  it('passes a probe on a declared port number', () => {
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      ports: [{ number: 8080 }],
      readiness: Probe.httpGet('/', 8080),
    });
    expect(container.readinessProbe?.httpGet?.port.value).toBe(8080);
  });

  it('allows privilege escalation in a privileged container, as the API server requires', () => {
    const container = renderContainer(scope(), { name: 'agent', image: 'agent:1.0', privileged: true });
    expect(container.securityContext?.privileged).toBe(true);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(true);
  });

  it('fails for an env name with a space, suggesting one', () => {
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        env: { 'LOG LEVEL': kplus.EnvValue.fromValue('1') },
      }),
    ).toThrow(
      "test/pod: containers[app].env name \"LOG LEVEL\" must be letters, digits, '-', '_' or '.', not starting with a digit; rename it, e.g. \"LOG_LEVEL\"",
    );
  });

  it('listens on a port below 1024 with allowPrivilegedPorts, adding only NET_BIND_SERVICE and dropping the rest', () => {
    const container = renderContainer(scope(), {
      name: 'web',
      image: 'nginx:1.27',
      ports: [{ number: 80, name: 'http' }],
      allowPrivilegedPorts: true,
    });
    expect(container.securityContext?.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(container.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('adds no capability without allowPrivilegedPorts', () => {
    const container = renderContainer(scope(), { name: 'web', image: 'nginx:1.27', ports: [{ number: 8080 }] });
    expect(container.securityContext?.capabilities).toEqual({ drop: ['ALL'] });
  });

  it('fails for a port below 1024 without allowPrivilegedPorts, with the fix', () => {
    expect(() =>
      renderContainer(scope(), { name: 'web', image: 'nginx:1.27', ports: [{ number: 8080 }, { number: 80 }] }),
    ).toThrow(
      'test/pod: containers[web].ports[1].number 80 is below 1024, which a non-root container cannot bind; set ' +
        '`allowPrivilegedPorts: true` (adds the capability NET_BIND_SERVICE, which Pod Security restricted allows), ' +
        'or listen on 1024 or more (a Service can still offer port 80)',
    );
  });

  it('asks for extended resources as whole devices, the same count requested and limited', () => {
    const container = renderContainer(scope(), {
      name: 'app',
      image: 'nginx:1.27',
      resources: { extended: { 'nvidia.com/gpu': 2 } },
    });
    expect(container.resources?.requests?.['nvidia.com/gpu']?.value).toBe(2);
    expect(container.resources?.limits?.['nvidia.com/gpu']?.value).toBe(2);
    expect(container.resources?.limits?.cpu?.value).toBe('500m');
  });

  it.each([['gpu'], ['kubernetes.io/gpu'], ['nvidia.com/'], ['Nvidia.com/gpu']])(
    'fails for an extended resource name without a domain of its own: %s',
    (name) => {
      expect(() =>
        renderContainer(scope(), { name: 'app', image: 'nginx:1.27', resources: { extended: { [name]: 1 } } }),
      ).toThrow(
        `test/pod: containers[app].resources.extended name "${name}" is not an extended resource name; it takes a ` +
          'domain, \'/\' and a name, outside kubernetes.io (e.g. "nvidia.com/gpu"); cpu, memory and ephemeral-storage ' +
          'have their own props',
      );
    },
  );

  it.each([[0.5], [0], [-1]])('fails for an extended resource count that is not a whole device: %s', (count) => {
    expect(() =>
      renderContainer(scope(), {
        name: 'app',
        image: 'nginx:1.27',
        resources: { extended: { 'nvidia.com/gpu': count } },
      }),
    ).toThrow(
      `test/pod: containers[app].resources.extended "nvidia.com/gpu" must be a whole number of 1 or more, got ${count}; ` +
        'Kubernetes neither splits nor overcommits an extended resource, so ask for whole devices',
    );
  });
});

describe('native sidecars: init containers with restartPolicy Always', () => {
  const shipper: SidecarContainerProps = {
    name: 'log-shipper',
    image: 'fluent/fluent-bit:3.1.9',
    restartPolicy: ContainerRestartPolicy.ALWAYS,
    ports: [{ number: 2020, name: 'fluent-http' }],
    readiness: Probe.httpGet('/api/v1/health', 'fluent-http'),
    preStop: LifecycleHandler.sleep(Duration.seconds(3)),
  };
  const app: ContainerProps = { name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };

  /** The pod spec the writer renders for a Deployment on `release` (JSON patches applied, as dist/ has it). */
  function podOn(release: string, initContainers: readonly InitContainerProps[]): AnyManifest {
    const [deployment] = renderedChart((appScope) => {
      appScope.node.setContext(KUBERNETES_VERSION_CONTEXT, release);
      const chart = testChart(appScope);
      new Deployment(chart, 'web', { containers: [app], initContainers });
      return chart;
    }, 'test.k8s.yaml').filter((object) => object.kind === 'Deployment');
    return deployment.spec.template.spec;
  }

  it('renders restartPolicy Always with the probes and hooks of a sidecar, after the one-shot init containers', () => {
    const wait: InitContainerProps = { name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'true'] };
    const [first, sidecar] = podOn('1.37', [wait, shipper]).initContainers;
    expect(first.name).toBe('wait');
    expect(first.restartPolicy).toBeUndefined();
    expect(sidecar).toMatchObject({
      name: 'log-shipper',
      restartPolicy: 'Always',
      readinessProbe: { httpGet: { path: '/api/v1/health', port: 'fluent-http' } },
      lifecycle: { preStop: { sleep: { seconds: 3 } } },
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    });
  });

  it('renders a sidecar from 1.29, the release that turns them on', () => {
    const { preStop: _sleep, ...withoutSleep } = shipper;
    expect(podOn('1.29', [withoutSleep]).initContainers[0].restartPolicy).toBe('Always');
  });

  it('fails for a sidecar on a release before 1.29, naming the release and the plain container to use instead', () => {
    const { preStop: _sleep, ...withoutSleep } = shipper;
    expect(() => podOn('1.27', [withoutSleep])).toThrow(
      'test/web: initContainers[0] ("log-shipper") has restartPolicy Always, a native sidecar, which Kubernetes 1.27 ' +
        "(the environment's kubernetesVersion) does not run: sidecars come with 1.29; run it as a container of the " +
        "pod (`containers`, or a server's `sidecars`) instead",
    );
  });

  it('fails for a probe or hook on an init container that runs to completion, pointing at restartPolicy', () => {
    const probed = {
      name: 'wait',
      image: 'busybox:1.36',
      readiness: Probe.tcpSocket(80),
    } as unknown as InitContainerProps;
    expect(() => podOn('1.37', [probed])).toThrow(
      'test/web: initContainers[0].readiness is given to an init container that runs to completion, which takes no ' +
        'probes or lifecycle hooks; make it a native sidecar with restartPolicy: ContainerRestartPolicy.ALWAYS ' +
        '(Kubernetes 1.29 and later), or remove readiness',
    );
  });

  it('fails for a restartPolicy other than Always', () => {
    const onFailure = { ...shipper, restartPolicy: 'OnFailure' } as unknown as InitContainerProps;
    expect(() => podOn('1.37', [onFailure])).toThrow(
      /^test\/web: initContainers\[0\]\.restartPolicy must be one of "Always", got "OnFailure"/,
    );
  });

  it('fails for a sidecar sleep longer than the pod grace period, as for a container', () => {
    const long = { ...shipper, preStop: LifecycleHandler.sleep(Duration.seconds(40)) };
    expect(() => podOn('1.37', [long])).toThrow(
      'test/web: initContainers[log-shipper].preStop sleeps 40 seconds; the API server takes whole seconds from 1 ' +
        "to the pod's terminationGracePeriod (30s)",
    );
  });
});
