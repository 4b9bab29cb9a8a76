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

/** The baseline with the web Deployment's first container changed. */
function withContainer(change: (container: AnyManifest) => void): RenderedObject[] {
  return withPod((pod) => change(pod.containers[0]));
}

describe('probe-port', () => {
  it('fires for a grpc probe on a port the container does not declare', () => {
    const objects = withContainer((container) => {
      container.startupProbe = { grpc: { port: 9000 } };
    });
    expect(findings(objects)).toEqual([
      'probe-port: startupProbe.grpc of container "app" targets port 9000, which is not a containerPort of the container; it declares 8080 ("http")',
    ]);
  });

  it('fires for a named probe port in a container that names no ports', () => {
    const objects = withContainer((container) => {
      container.ports = [{ containerPort: 8080 }];
      container.livenessProbe = { tcpSocket: { port: 'http' } };
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort "http" of port 80 is not a container port of shop/Deployment-web',
      'probe-port: livenessProbe.tcpSocket of container "app" targets port "http", which the container does not name; named ports: none',
    ]);
  });

  it('passes probes on a declared port number and name, and exec probes', () => {
    const objects = withContainer((container) => {
      container.readinessProbe = { httpGet: { path: '/', port: 'http' } };
      container.livenessProbe = { tcpSocket: { port: 8080 } };
      container.startupProbe = { exec: { command: ['true'] } };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('restart-policy', () => {
  it('fires for a bare Pod whose restartPolicy is not a policy', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'once', namespace: 'shop' },
      spec: { restartPolicy: 'Sometimes', containers: [{ name: 'app', image: 'nginx:1.27' }] },
    };
    const objects = [...withPod(() => undefined), { path: 'shop/once', manifest: pod }];
    expect(findings(objects)).toEqual([
      'restart-policy: restartPolicy "Sometimes"; a Pod must restart Always, OnFailure or Never',
    ]);
  });

  it('passes a CronJob whose pods restart OnFailure', () => {
    const objects = withChange('CronJob', 'report', (cronJob) => {
      cronJob.spec.jobTemplate.spec.template.spec.restartPolicy = 'OnFailure';
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('privilege-escalation', () => {
  it('fires for SYS_ADMIN added with allowPrivilegeEscalation false', () => {
    const objects = withContainer((container) => {
      container.securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } };
    });
    expect(findings(objects)).toEqual([
      'privilege-escalation: container "app" adds SYS_ADMIN and sets allowPrivilegeEscalation false, which the API server refuses',
    ]);
  });

  it('passes a privileged container that allows privilege escalation or leaves it out', () => {
    const objects = withPod((pod) => {
      pod.containers[0].securityContext = { privileged: true, allowPrivilegeEscalation: true };
      pod.initContainers = [{ name: 'setup', image: 'busybox:1.36', securityContext: { privileged: true } }];
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('low-port', () => {
  const nonRootOn80 = (pod: AnyManifest) => {
    pod.securityContext = { runAsNonRoot: true };
    pod.containers[0].ports = [{ containerPort: 80, name: 'http' }];
  };

  it('fires for a container run by a non-zero runAsUser on port 443', () => {
    const objects = withContainer((container) => {
      container.securityContext = { runAsUser: 1000 };
      container.ports.push({ containerPort: 443, name: 'https' });
    });
    expect(findings(objects)).toEqual([
      'low-port: container "app" listens on port 443, below 1024, as a non-root user without the capability NET_BIND_SERVICE, so it cannot bind it',
    ]);
  });

  it('passes with NET_BIND_SERVICE added', () => {
    const objects = withPod((pod) => {
      nonRootOn80(pod);
      pod.containers[0].securityContext = { capabilities: { add: ['NET_BIND_SERVICE'] } };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes with the pod sysctl net.ipv4.ip_unprivileged_port_start at or below the port', () => {
    const objects = withPod((pod) => {
      nonRootOn80(pod);
      pod.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }];
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires when the sysctl starts above the port', () => {
    const objects = withPod((pod) => {
      nonRootOn80(pod);
      pod.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '1024' }];
    });
    expect(findings(objects)).toHaveLength(1);
  });

  it('passes a container that may run as root', () => {
    const objects = withPod((pod) => {
      pod.containers[0].ports = [{ containerPort: 80, name: 'http' }];
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('pod-spec', () => {
  it('fires for an init container without an image', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'setup' }];
    });
    expect(findings(objects)).toEqual(['pod-spec: container "setup" names no image']);
  });
});

describe('pod-spec mounts', () => {
  it('passes a StatefulSet mount of its volumeClaimTemplate', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.template.spec.containers[0].volumeMounts = [{ name: 'state', mountPath: '/data' }];
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('pod-spec items', () => {
  it('fires for a ConfigMap item written to an absolute path', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.items[0].path = '/etc/app/mode';
    });
    expect(findings(objects)).toEqual([
      'pod-spec: volume "settings" writes key "MODE" to "/etc/app/mode", which must be a relative path without ".."',
    ]);
  });

  it('passes an item in a sub-directory', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.items[0].path = 'conf/mode';
    });
    expect(findings(objects)).toEqual([]);
  });
});
