import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerProps } from '../../lib/constructs/container';
import { PersistentVolumeClaim } from '../../lib/constructs/persistent-volume-claim';
import { Pod, PodProps } from '../../lib/constructs/pod';
import { HostPathType, PodField, ProjectedSource, Volume } from '../../lib/constructs/volume';
import { AnyManifest, findObject, testChart } from '../helpers';

/** The spec of the Pod `web`, built with these containers (and pod properties). */
function podSpec(chart: Chart, containers: ContainerProps[], props: Partial<PodProps> = {}): AnyManifest {
  new Pod(chart, 'web', { containers, ...props });
  const pod = findObject(chart, 'Pod', 'web');
  return pod.spec;
}

function app(mounts: ContainerProps['mounts']): ContainerProps {
  return { name: 'app', image: 'nginx:1.27', mounts };
}

/** Kubelet writes the files of a Secret volume as root, in group fsGroup when the pod has one (which every container joins). */
function secretFilesReadableBy(mode: number, user: number, fsGroup: number | undefined): boolean {
  const byOwner = user === 0 && (mode & 0o400) !== 0;
  const byGroup = fsGroup !== undefined && (mode & 0o040) !== 0;
  const byOthers = (mode & 0o004) !== 0;
  return byOwner || byGroup || byOthers;
}

describe('Volume', () => {
  describe('fromConfigMap', () => {
    it('is named configmap-<name> and projects every key by default', () => {
      const chart = testChart();
      const settings = new kplus.ConfigMap(chart, 'settings', {
        metadata: { name: 'app-settings' },
        data: { MODE: 'dev' },
      });
      const spec = podSpec(chart, [app([{ volume: Volume.fromConfigMap(settings), path: '/etc/app' }])]);
      expect(spec.volumes).toEqual([{ name: 'configmap-app-settings', configMap: { name: 'app-settings' } }]);
    });

    it('projects only the keys it is given, each to its path', () => {
      const chart = testChart();
      const settings = kplus.ConfigMap.fromConfigMapName(chart, 'settings', 'app-settings');
      const volume = Volume.fromConfigMap(settings, {
        name: 'settings',
        items: { 'settings.json': 'config/settings.json' },
        optional: true,
      });
      expect(volume.toKube()).toEqual({
        name: 'settings',
        configMap: {
          name: 'app-settings',
          items: [{ key: 'settings.json', path: 'config/settings.json' }],
          optional: true,
        },
      });
    });
  });

  describe('fromSecret', () => {
    it('is named secret-<name> and read-only for every user of the pod', () => {
      const chart = testChart();
      const credentials = kplus.Secret.fromSecretName(chart, 'credentials', 'app-credentials');
      const spec = podSpec(chart, [
        app([{ volume: Volume.fromSecret(credentials), path: '/var/run/secrets/app', readOnly: true }]),
      ]);
      expect(spec.volumes).toEqual([
        { name: 'secret-app-credentials', secret: { secretName: 'app-credentials', defaultMode: 0o444 } },
      ]);
    });

    it('projects only the keys it is given, and may be optional', () => {
      const chart = testChart();
      const credentials = kplus.Secret.fromSecretName(chart, 'credentials', 'app-credentials');
      const volume = Volume.fromSecret(credentials, {
        name: 'credentials',
        items: { DB_PASSWORD: 'password' },
        optional: true,
      });
      expect(volume.toKube()).toEqual({
        name: 'credentials',
        secret: {
          secretName: 'app-credentials',
          items: [{ key: 'DB_PASSWORD', path: 'password' }],
          optional: true,
          defaultMode: 0o444,
        },
      });
    });

    it.each([[''], ['/etc/password'], ['../password']])(
      'fails for an item path that is empty, absolute or climbs: "%s" (props-fuzz, seed 12)',
      (path) => {
        const chart = testChart();
        const credentials = kplus.Secret.fromSecretName(chart, 'credentials', 'app-credentials');
        const volume = Volume.fromSecret(credentials, { items: { DB_PASSWORD: path } });
        expect(() => podSpec(chart, [app([{ volume, path: '/secrets' }])])).toThrow(
          'test/web: containers[0].mounts[0].volume (Volume.fromSecret) options.items["DB_PASSWORD"] must be a ' +
            `relative path without a ".." element, got "${path}" (a string); e.g. "DB_PASSWORD"`,
        );
      },
    );

    it('fails for a ConfigMap item path that climbs out of the volume', () => {
      const chart = testChart();
      const settings = kplus.ConfigMap.fromConfigMapName(chart, 'settings', 'app-settings');
      const volume = Volume.fromConfigMap(settings, { items: { 'app.yaml': 'config/../../app.yaml' } });
      expect(() => podSpec(chart, [app([{ volume, path: '/etc/app' }])])).toThrow(
        'test/web: containers[0].mounts[0].volume (Volume.fromConfigMap) options.items["app.yaml"] must be a ' +
          'relative path without a ".." element, got "config/../../app.yaml" (a string); e.g. "app.yaml"',
      );
    });

    it('is readable by the container user when the pod has an fsGroup', () => {
      const chart = testChart();
      const credentials = kplus.Secret.fromSecretName(chart, 'credentials', 'app-credentials');
      const spec = podSpec(chart, [app([{ volume: Volume.fromSecret(credentials), path: '/secrets' }])], {
        fsGroup: 65532,
      });
      const mode = spec.volumes[0].secret.defaultMode;
      expect(
        secretFilesReadableBy(mode, spec.containers[0].securityContext.runAsUser, spec.securityContext.fsGroup),
      ).toBe(true);
    });

    it('is readable by the non-root container user when the pod has no fsGroup', () => {
      const chart = testChart();
      const credentials = kplus.Secret.fromSecretName(chart, 'credentials', 'app-credentials');
      const spec = podSpec(chart, [app([{ volume: Volume.fromSecret(credentials), path: '/secrets' }])]);
      const mode = spec.volumes[0].secret.defaultMode;
      expect(
        secretFilesReadableBy(mode, spec.containers[0].securityContext.runAsUser, spec.securityContext?.fsGroup),
      ).toBe(true);
    });
  });

  describe('fromEmptyDir', () => {
    it("is an empty directory on the node's disk with no size limit by default", () => {
      expect(Volume.fromEmptyDir('tmp').toKube()).toEqual({ name: 'tmp', emptyDir: {} });
    });

    it('is written as emptyDir: {} in the pod', () => {
      const chart = testChart();
      const spec = podSpec(chart, [app([{ volume: Volume.fromEmptyDir('tmp'), path: '/tmp' }])]);
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    });

    it('lives in memory and has a size limit as a quantity when asked', () => {
      const chart = testChart();
      const spec = podSpec(chart, [
        app([
          { volume: Volume.fromEmptyDir('cache', { memory: true, sizeLimit: Size.mebibytes(64) }), path: '/cache' },
        ]),
      ]);
      expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    });
  });

  describe('fromPersistentVolumeClaim', () => {
    it('is named pvc-<claim> and mounts the claim by name', () => {
      const chart = testChart();
      const claim = new PersistentVolumeClaim(chart, 'notes', { storage: Size.gibibytes(1) });
      const spec = podSpec(chart, [app([{ volume: Volume.fromPersistentVolumeClaim(claim), path: '/data' }])]);
      expect(spec.volumes).toEqual([{ name: 'pvc-notes', persistentVolumeClaim: { claimName: 'notes' } }]);
    });

    it('takes any claim with a name, and the volume name it is given', () => {
      const volume = Volume.fromPersistentVolumeClaim({ name: 'data-redis-0' }, { name: 'data' });
      expect(volume.name).toBe('data');
      expect(volume.toKube()).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-redis-0' } });
    });
  });

  describe('in a pod', () => {
    it('is mounted at its path, read-only and at a sub-path when asked', () => {
      const chart = testChart();
      const settings = kplus.ConfigMap.fromConfigMapName(chart, 'settings', 'app-settings');
      const volume = Volume.fromConfigMap(settings, { name: 'settings' });
      const spec = podSpec(chart, [
        app([{ volume, path: '/etc/app/settings.json', readOnly: true, subPath: 'settings.json' }]),
      ]);
      expect(spec.containers[0].volumeMounts).toEqual([
        { name: 'settings', mountPath: '/etc/app/settings.json', readOnly: true, subPath: 'settings.json' },
      ]);
    });

    it('is listed once when two containers mount it', () => {
      const chart = testChart();
      const shared = Volume.fromEmptyDir('shared');
      const spec = podSpec(chart, [
        app([{ volume: shared, path: '/usr/share/nginx/html' }]),
        { name: 'writer', image: 'busybox:1.36', mounts: [{ volume: shared, path: '/out' }] },
      ]);
      expect(spec.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
      expect(spec.containers.map((container: AnyManifest) => container.volumeMounts[0].name)).toEqual([
        'shared',
        'shared',
      ]);
    });

    it('is listed when given in `volumes` without any container mounting it', () => {
      const chart = testChart();
      const spec = podSpec(chart, [app(undefined)], { volumes: [Volume.fromEmptyDir('spare')] });
      expect(spec.volumes).toEqual([{ name: 'spare', emptyDir: {} }]);
    });

    it('is listed once when both given in `volumes` and mounted', () => {
      const chart = testChart();
      const tmp = Volume.fromEmptyDir('tmp');
      const spec = podSpec(chart, [app([{ volume: tmp, path: '/tmp' }])], { volumes: [tmp] });
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    });

    it('leaves the pod without volumes when none is mounted', () => {
      const chart = testChart();
      expect(podSpec(chart, [app(undefined)]).volumes).toBeUndefined();
    });

    it('fails when two different volumes of a pod have the same name', () => {
      const chart = testChart();
      expect(() =>
        podSpec(chart, [
          app([
            { volume: Volume.fromEmptyDir('cache'), path: '/cache' },
            { volume: Volume.fromEmptyDir('cache', { memory: true }), path: '/fast-cache' },
          ]),
        ]),
      ).toThrow(
        /^test\/web: volume names must be unique in a pod, got two different volumes named "cache"; pass a `name` to one$/,
      );
    });

    // Pod volume names must be DNS-1123 labels: the default name of a ConfigMap whose name has a dot, e.g.
    // "configmap-app.settings", is not one, and the pod refuses it at synthesis rather than at `kubectl apply`.
    it('fails when a volume name is not a DNS-1123 label', () => {
      const chart = testChart();
      const settings = kplus.ConfigMap.fromConfigMapName(chart, 'settings', 'app.settings');
      expect(() => podSpec(chart, [app([{ volume: Volume.fromConfigMap(settings), path: '/etc/app' }])])).toThrow(
        /^test\/web: .*"configmap-app\.settings"/,
      );
    });
  });

  describe('fromHostPath', () => {
    it('mounts a directory of the node that must exist, named after its path', () => {
      const chart = testChart();
      const spec = podSpec(chart, [
        app([{ volume: Volume.fromHostPath('/var/log'), path: '/host/log', readOnly: true }]),
      ]);
      expect(spec.volumes).toEqual([{ name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } }]);
      expect(spec.containers[0].volumeMounts).toEqual([
        { name: 'host-var-log', mountPath: '/host/log', readOnly: true },
      ]);
    });

    it('takes a name and what must be at the path', () => {
      const volume = Volume.fromHostPath('/run/containerd/containerd.sock', {
        name: 'runtime',
        type: HostPathType.SOCKET,
      });
      expect(volume.toKube()).toEqual({
        name: 'runtime',
        hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' },
      });
    });

    it.each([['var/log'], ['/var/../etc']])('fails for a path that is relative or climbs: %s', (path) => {
      expect(() => podSpec(testChart(), [app([])], { volumes: [Volume.fromHostPath(path)] })).toThrow(
        `test/web: volumes[0] (Volume.fromHostPath) path must be absolute and without a ".." element, got "${path}"`,
      );
    });

    it('fails for a path of another class, showing its class', () => {
      const volume = Volume.fromHostPath(Duration.seconds(5) as never);
      expect(() => podSpec(testChart(), [app([])], { volumes: [volume] })).toThrow(
        /volumes\[0\] \(Volume\.fromHostPath\) path must be absolute and without a "\.\." element, got \{.*\} \(a Duration\)$/,
      );
    });
  });

  describe('fromDownwardApi', () => {
    it("writes the pod's labels and annotations to files", () => {
      const chart = testChart();
      const podinfo = Volume.fromDownwardApi('podinfo', { labels: PodField.LABELS, annotations: PodField.ANNOTATIONS });
      const spec = podSpec(chart, [app([{ volume: podinfo, path: '/etc/podinfo', readOnly: true }])]);
      expect(spec.volumes).toEqual([
        {
          name: 'podinfo',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
            ],
          },
        },
      ]);
    });

    it('fails without a file', () => {
      expect(() =>
        podSpec(testChart(), [app([{ volume: Volume.fromDownwardApi('podinfo', {}), path: '/etc/podinfo' }])]),
      ).toThrow(
        'test/web: containers[0].mounts[0].volume (Volume.fromDownwardApi) needs at least one file, e.g. { labels: PodField.LABELS }',
      );
    });

    it.each([['/labels'], ['../labels'], ['']])(
      'fails for a file path that is absolute, climbs or is empty: "%s"',
      (file) => {
        const volume = Volume.fromDownwardApi('podinfo', { [file]: PodField.NAME });
        expect(() => podSpec(testChart(), [app([{ volume, path: '/etc/podinfo' }])])).toThrow(
          `test/web: containers[0].mounts[0].volume (Volume.fromDownwardApi) file path must be relative and without a ".." element, got "${file}"`,
        );
      },
    );
  });

  describe('fromProjected', () => {
    const settings = (chart: Chart) =>
      new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { 'app.yaml': 'a: 1' } });

    /** The message of the pod whose one container mounts `volume` at /var/run/app. */
    function refusal(volume: Volume): string {
      try {
        podSpec(testChart(), [app([{ volume, path: '/var/run/app', readOnly: true }])]);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the pod was built');
    }

    it("projects an audience-bound ServiceAccount token, a ConfigMap's keys, a Secret and the pod's labels into one directory", () => {
      const chart = testChart();
      const secret = new kplus.Secret(chart, 'ca', { metadata: { name: 'ca' } });
      const identity = Volume.fromProjected('identity', [
        ProjectedSource.serviceAccountToken('vault/token', { audience: 'vault', expiration: Duration.minutes(30) }),
        ProjectedSource.configMap(settings(chart), { items: { 'app.yaml': 'config/app.yaml' } }),
        ProjectedSource.secret(secret, { optional: true }),
        ProjectedSource.downwardApi({ 'pod/labels': PodField.LABELS }),
      ]);
      const spec = podSpec(chart, [app([{ volume: identity, path: '/var/run/app', readOnly: true }])]);
      expect(spec.volumes).toEqual([
        {
          name: 'identity',
          projected: {
            defaultMode: 0o444,
            sources: [
              { serviceAccountToken: { path: 'vault/token', audience: 'vault', expirationSeconds: 1800 } },
              { configMap: { name: 'settings', items: [{ key: 'app.yaml', path: 'config/app.yaml' }] } },
              { secret: { name: 'ca', optional: true } },
              { downwardAPI: { items: [{ path: 'pod/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
            ],
          },
        },
      ]);
    });

    it("leaves a token's audience and lifetime to the API server when not given", () => {
      const volume = Volume.fromProjected('token', [ProjectedSource.serviceAccountToken('token')]);
      expect(volume.toKube().projected?.sources).toEqual([{ serviceAccountToken: { path: 'token' } }]);
    });

    it('fails without a source', () => {
      expect(refusal(Volume.fromProjected('identity', []))).toBe(
        'test/web: containers[0].mounts[0].volume (Volume.fromProjected) needs at least one source, e.g. ' +
          "[ProjectedSource.serviceAccountToken('token', { audience: 'vault' })]",
      );
    });

    it('fails for a source that is not a ProjectedSource', () => {
      const volume = Volume.fromProjected('identity', [{ serviceAccountToken: { path: 'token' } } as never]);
      expect(refusal(volume)).toMatch(
        /^test\/web: containers\[0\]\.mounts\[0\]\.volume \(Volume\.fromProjected\) sources\[0\] must be a ProjectedSource, e\.g\. ProjectedSource\.serviceAccountToken\('token'\)/,
      );
    });

    it.each([
      [Duration.minutes(5), 300],
      [Duration.seconds(90.5), 90.5],
      [Duration.days(50000), 4320000000],
    ])(
      'fails for a token lifetime outside 10 minutes to 2^32 seconds, or not whole seconds: %p',
      (expiration, seconds) => {
        const volume = Volume.fromProjected('identity', [ProjectedSource.serviceAccountToken('token', { expiration })]);
        expect(refusal(volume)).toBe(
          'test/web: containers[0].mounts[0].volume (Volume.fromProjected) sources[0] ' +
            `(ProjectedSource.serviceAccountToken) expiration must be whole seconds from 600 (10 minutes) to 4294967296, got ${seconds}; ` +
            'e.g. Duration.hours(1), which the kubelet renews at 80% of its life',
        );
      },
    );

    it('fails for an empty audience', () => {
      const volume = Volume.fromProjected('identity', [ProjectedSource.serviceAccountToken('token', { audience: '' })]);
      expect(refusal(volume)).toBe(
        'test/web: containers[0].mounts[0].volume (Volume.fromProjected) sources[0] ' +
          '(ProjectedSource.serviceAccountToken) options.audience must not be empty or blank, got ""; give it a value or leave it out',
      );
    });

    it.each([['/token'], ['../token'], ['']])(
      'fails for a file path that is absolute, climbs or is empty: "%s"',
      (file) => {
        const volume = Volume.fromProjected('identity', [ProjectedSource.serviceAccountToken(file)]);
        expect(refusal(volume)).toBe(
          'test/web: containers[0].mounts[0].volume (Volume.fromProjected) sources[0] ' +
            `(ProjectedSource.serviceAccountToken) path must be relative and without a ".." element, got "${file}" (a string)`,
        );
      },
    );

    it('fails for a file path of another class, showing its class (props-fuzz, seed 11)', () => {
      const volume = Volume.fromProjected('identity', [
        ProjectedSource.serviceAccountToken(Size.gibibytes(1) as never),
      ]);
      expect(refusal(volume)).toMatch(
        /^test\/web: containers\[0\]\.mounts\[0\]\.volume \(Volume\.fromProjected\) sources\[0\] \(ProjectedSource\.serviceAccountToken\) path must be relative and without a "\.\." element, got \{.*\} \(a Size\)$/,
      );
    });

    it('fails for a ConfigMap item path that climbs out of the volume', () => {
      const chart = testChart();
      const volume = Volume.fromProjected('identity', [
        ProjectedSource.configMap(settings(chart), { items: { 'app.yaml': '../app.yaml' } }),
      ]);
      expect(() => podSpec(chart, [app([{ volume, path: '/var/run/app' }])])).toThrow(
        'test/web: containers[0].mounts[0].volume (Volume.fromProjected) sources[0] (ProjectedSource.configMap) ' +
          'path must be relative and without a ".." element, got "../app.yaml"',
      );
    });

    it('fails for two sources that write the same file, of which the kubelet keeps one (1.37 warns of it, 1.27 not)', () => {
      const chart = testChart();
      const volume = Volume.fromProjected('identity', [
        ProjectedSource.serviceAccountToken('config/app.yaml'),
        ProjectedSource.configMap(settings(chart), { items: { 'app.yaml': 'config/app.yaml' } }),
      ]);
      expect(() => podSpec(chart, [app([{ volume, path: '/var/run/app' }])])).toThrow(
        'test/web: containers[0].mounts[0].volume (Volume.fromProjected) sources[1] (ProjectedSource.configMap) ' +
          'writes "config/app.yaml", which sources[0] writes too; give each file a path of its own',
      );
    });
  });
});
