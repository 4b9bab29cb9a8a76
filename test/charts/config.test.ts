import { Testing } from 'cdk8s';
import { ConfigChart } from '../../lib/charts/config';
import { AnyManifest, DEV, find } from '../helpers';
import { expectRestricted } from './restricted';
import { toolExemptions } from './exemptions';

function synthConfig(): AnyManifest[] {
  return Testing.synth(new ConfigChart(Testing.app(), 'config', DEV));
}

/** The reader's pod spec. */
function readerPod(manifests: AnyManifest[]): AnyManifest {
  return find(manifests, 'Deployment', 'settings-reader').spec.template.spec;
}

function envNamed(manifests: AnyManifest[], name: string): AnyManifest {
  return readerPod(manifests).containers[0].env.find((variable: AnyManifest) => variable.name === name);
}

describe('ConfigChart', () => {
  it('puts its objects in the course-config namespace', () => {
    const manifests = synthConfig();
    expect(find(manifests, 'Namespace', 'course-config')).toBeDefined();
    expect(find(manifests, 'ConfigMap', 'app-settings').metadata.namespace).toBe('course-config');
    expect(find(manifests, 'SealedSecret', 'app-credentials').metadata.namespace).toBe('course-config');
    expect(find(manifests, 'Deployment', 'settings-reader').metadata.namespace).toBe('course-config');
  });

  it("holds the environment's settings in a ConfigMap, one of them a JSON file", () => {
    const data = find(synthConfig(), 'ConfigMap', 'app-settings').data;
    expect(data.APP_MODE).toBe('dev');
    expect(data.LOG_LEVEL).toBe('info');
    expect(JSON.parse(data['settings.json'])).toEqual({ greeting: 'hello from a ConfigMap', environment: 'dev' });
  });

  it('holds the credentials only sealed, for the controller to turn into Secret app-credentials', () => {
    const sealed = find(synthConfig(), 'SealedSecret', 'app-credentials');
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(Object.keys(sealed.spec.encryptedData).sort()).toEqual(['DB_PASSWORD', 'DB_USER']);
    expect(sealed.spec.encryptedData).toEqual(DEV.sealedValues['course-config/app-credentials']);
    expect(sealed.spec.template.metadata).toEqual({ name: 'app-credentials', namespace: 'course-config' });
    expect(JSON.stringify(sealed)).not.toContain('course-demo-only');
  });

  it('fails, naming the key and how to seal it, when a value was never sealed', () => {
    const env = { ...DEV, sealedValues: { 'course-config/app-credentials': { DB_USER: 'AgB=' } } };
    expect(() => new ConfigChart(Testing.app(), 'config', env)).toThrow(
      'config/credentials: no sealed value for key "DB_PASSWORD" of Secret course-config/app-credentials; put the value in secrets/plain/<env>.json (git ignores the folder) or K8S_COURSE_SECRETS_<ENV>, then run `npm run seal -- --env <env>`',
    );
  });

  it('gives APP_MODE and LOG_LEVEL from the ConfigMap through configMapKeyRef', () => {
    const manifests = synthConfig();
    expect(envNamed(manifests, 'APP_MODE').valueFrom).toEqual({
      configMapKeyRef: { name: 'app-settings', key: 'APP_MODE' },
    });
    expect(envNamed(manifests, 'LOG_LEVEL').valueFrom).toEqual({
      configMapKeyRef: { name: 'app-settings', key: 'LOG_LEVEL' },
    });
  });

  it('gives DB_USER and DB_PASSWORD from the Secret through secretKeyRef', () => {
    const manifests = synthConfig();
    expect(envNamed(manifests, 'DB_USER').valueFrom).toEqual({
      secretKeyRef: { name: 'app-credentials', key: 'DB_USER' },
    });
    expect(envNamed(manifests, 'DB_PASSWORD').valueFrom).toEqual({
      secretKeyRef: { name: 'app-credentials', key: 'DB_PASSWORD' },
    });
  });

  it('never writes a credential as a literal environment value', () => {
    const env = readerPod(synthConfig()).containers[0].env;
    expect(env.filter((variable: AnyManifest) => variable.value !== undefined)).toEqual([]);
  });

  it('mounts the ConfigMap read-only at /etc/app, where the reader cats settings.json', () => {
    const pod = readerPod(synthConfig());
    const mount = pod.containers[0].volumeMounts.find((candidate: AnyManifest) => candidate.mountPath === '/etc/app');
    expect(mount).toEqual({ name: 'settings', mountPath: '/etc/app', readOnly: true });
    expect(pod.volumes.find((volume: AnyManifest) => volume.name === mount.name)).toEqual({
      name: 'settings',
      configMap: { name: 'app-settings', items: [{ key: 'settings.json', path: 'settings.json' }] },
    });
    expect(pod.containers[0].command.join(' ')).toContain('cat /etc/app/settings.json');
  });

  it('mounts the Secret read-only at /var/run/secrets/app', () => {
    const pod = readerPod(synthConfig());
    const mount = pod.containers[0].volumeMounts.find(
      (candidate: AnyManifest) => candidate.mountPath === '/var/run/secrets/app',
    );
    expect(mount).toEqual({ name: 'credentials', mountPath: '/var/run/secrets/app', readOnly: true });
    expect(pod.volumes.find((volume: AnyManifest) => volume.name === mount.name).secret.secretName).toBe(
      'app-credentials',
    );
  });

  it("lets the reader's user read the mounted credentials files", () => {
    const pod = readerPod(synthConfig());
    const mode: number = pod.volumes.find((volume: AnyManifest) => volume.name === 'credentials').secret.defaultMode;
    const user: number = pod.containers[0].securityContext.runAsUser;
    const fsGroup: number | undefined = pod.securityContext.fsGroup;
    const readable =
      (user === 0 && (mode & 0o400) !== 0) || (fsGroup !== undefined && (mode & 0o040) !== 0) || (mode & 0o004) !== 0;
    expect(readable).toBe(true);
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthConfig());
  });

  it('exempts the single reader from the replica check, saying why', () => {
    const exemptions = toolExemptions(find(synthConfig(), 'Deployment', 'settings-reader'));
    expect(exemptions.polaris).toContain('deploymentMissingReplicas');
    expect(exemptions.reason).toContain('kubectl logs');
  });

  it('is ready while its round succeeds and restarted when its loop hangs', () => {
    const container = find(synthConfig(), 'Deployment', 'settings-reader').spec.template.spec.containers[0];
    expect(container.command.join(' ')).toContain('&& cat /etc/app/settings.json; then touch /heartbeat/ready');
    expect(container.readinessProbe.exec.command).toEqual(['test', '-e', '/heartbeat/ready']);
    expect(container.livenessProbe.exec.command.join(' ')).toContain('/heartbeat/alive');
    expect(container.volumeMounts).toContainEqual({ name: 'heartbeat', mountPath: '/heartbeat' });
  });
});
