import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { NO_EXTERNAL, findings, withChange } from './fixtures';

/** The baseline with the web Deployment's pod spec changed. */
function withPod(change: (pod: AnyManifest) => void): RenderedObject[] {
  return withChange('Deployment', 'web', (deployment) => change(deployment.spec.template.spec));
}

/** The manifest of this kind and name among `objects`. */
function manifestOf(objects: RenderedObject[], kind: string, name: string): AnyManifest {
  const object = objects.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name);
  if (object === undefined) {
    throw new Error(`no ${kind} ${name}`);
  }
  return object.manifest;
}

describe('pod-reference', () => {
  it('fires when a ConfigMap volume names a missing ConfigMap', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.name = 'other';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "settings" needs ConfigMap shop/other, which does not exist',
    ]);
  });

  it('fires when a Secret volume names a missing Secret', () => {
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'keys', secret: { secretName: 'keys' } });
    });
    expect(findings(objects)).toEqual(['pod-reference: volume "keys" needs Secret shop/keys, which does not exist']);
  });

  it('fires when envFrom names a missing Secret', () => {
    const objects = withPod((pod) => {
      pod.containers[0].envFrom.push({ secretRef: { name: 'api-keys' } });
    });
    expect(findings(objects)).toEqual([
      'pod-reference: envFrom of container "app" needs Secret shop/api-keys, which does not exist',
    ]);
  });

  it('fires when a configMapKeyRef names a key the ConfigMap lacks', () => {
    const objects = withPod((pod) => {
      pod.containers[0].env[0].valueFrom.configMapKeyRef.key = 'LEVEL';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: env MODE of container "app" needs key "LEVEL" of ConfigMap shop/settings, which has "MODE"',
    ]);
  });

  it('fires when a secretKeyRef names a key the Secret lacks', () => {
    const objects = withPod((pod) => {
      pod.containers[0].env[1].valueFrom.secretKeyRef.key = 'token';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: env PASSWORD of container "app" needs key "token" of Secret shop/creds, which has "password"',
    ]);
  });

  it('fires when the items of a volume name a key the ConfigMap lacks', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.items.push({ key: 'LEVEL', path: 'level' });
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "settings" needs key "LEVEL" of ConfigMap shop/settings, which has "MODE"',
    ]);
  });

  it('fires when a projected volume names a missing Secret', () => {
    const objects = withPod((pod) => {
      const sources = [{ configMap: { name: 'settings' } }, { secret: { name: 'bundle' } }];
      pod.volumes.push({ name: 'bundle', projected: { sources } });
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "bundle" needs Secret shop/bundle, which does not exist',
    ]);
  });

  it('fires when a volume names a missing PersistentVolumeClaim', () => {
    const objects = withPod((pod) => {
      pod.volumes[1].persistentVolumeClaim.claimName = 'uploads';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "data" needs PersistentVolumeClaim shop/uploads, which does not exist',
    ]);
  });

  it('fires for the references of init containers', () => {
    const objects = withPod((pod) => {
      const envFrom = [{ configMapRef: { name: 'migrations' } }];
      pod.initContainers = [{ name: 'migrate', image: 'busybox:1.36', envFrom }];
    });
    expect(findings(objects)).toEqual([
      'pod-reference: envFrom of container "migrate" needs ConfigMap shop/migrations, which does not exist',
    ]);
  });

  it('fires for the references of a CronJob pod', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.spec.containers[0].envFrom = [{ secretRef: { name: 'smtp' } }];
    });
    expect(findings(objects)).toEqual([
      'pod-reference: envFrom of container "r" needs Secret shop/smtp, which does not exist',
    ]);
  });

  it('does not accept a ConfigMap of another namespace', () => {
    const objects = withChange('ConfigMap', 'settings', (configMap) => {
      configMap.metadata.namespace = 'default';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "settings" needs ConfigMap shop/settings, which does not exist',
      'pod-reference: envFrom of container "app" needs ConfigMap shop/settings, which does not exist',
      'pod-reference: env MODE of container "app" needs ConfigMap shop/settings, which does not exist',
    ]);
  });

  it('passes an optional reference to a missing ConfigMap', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap = { name: 'other', optional: true };
      pod.containers[0].envFrom[0].configMapRef.optional = true;
      pod.containers[0].envFrom[0].configMapRef.name = 'other';
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes an optional reference to a key the ConfigMap lacks', () => {
    const objects = withPod((pod) => {
      pod.containers[0].env[0].valueFrom.configMapKeyRef = { name: 'settings', key: 'LEVEL', optional: true };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes an optional reference to a missing Secret', () => {
    const objects = withPod((pod) => {
      pod.containers[0].env[1].valueFrom.secretKeyRef = { name: 'other', key: 'password', optional: true };
      pod.volumes.push({ name: 'keys', secret: { secretName: 'keys', optional: true } });
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a Secret declared in external.secrets', () => {
    const objects = withPod((pod) => {
      pod.containers[0].envFrom.push({ secretRef: { name: 'api-keys' } });
      pod.containers[0].env[1].valueFrom.secretKeyRef = { name: 'api-keys', key: 'token' };
    });
    expect(findings(objects, { ...NO_EXTERNAL, secrets: ['shop/api-keys'] })).toEqual([]);
  });

  it('passes keys that come from binaryData', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.items.push({ key: 'LOGO', path: 'logo.png' });
    });
    manifestOf(objects, 'ConfigMap', 'settings').binaryData = { LOGO: 'AA==' };
    expect(findings(objects)).toEqual([]);
  });

  // Objects without metadata.namespace land in `default`, and the index files them there.
  it('passes a Pod and its ConfigMap when both leave the namespace out (default)', () => {
    const objects = [
      {
        path: 'plain/ConfigMap-cfg',
        manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: {} },
      },
      {
        path: 'plain/Pod-p',
        manifest: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'c', image: 'busybox:1.36', envFrom: [{ configMapRef: { name: 'cfg' } }] }] },
        },
      },
    ];
    expect(findings(objects)).toEqual([]);
  });
});

describe('pod-service-account', () => {
  it('fires when serviceAccountName names no ServiceAccount of the namespace', () => {
    const objects = withPod((pod) => {
      pod.serviceAccountName = 'builder';
    });
    expect(findings(objects)).toEqual([
      'pod-service-account: serviceAccountName "builder" names no ServiceAccount in namespace shop',
    ]);
  });

  it('fires for a CronJob pod', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.spec.serviceAccountName = 'reporter';
    });
    expect(findings(objects)).toEqual([
      'pod-service-account: serviceAccountName "reporter" names no ServiceAccount in namespace shop',
    ]);
  });

  it('passes serviceAccountName: default', () => {
    const objects = withPod((pod) => {
      pod.serviceAccountName = 'default';
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a pod without serviceAccountName', () => {
    const objects = withPod((pod) => {
      delete pod.serviceAccountName;
    });
    expect(findings(objects)).toEqual([]);
  });
});
