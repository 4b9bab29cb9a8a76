import { RULES, runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { NO_EXTERNAL, TEST_ENV, findings, withChange } from './fixtures';
import { rawFindings } from './raw-kinds';

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
  it('warns of a pull secret entry that names no Secret, and looks for no Secret of it', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.imagePullSecrets = [{}, { name: '' }];
    });
    const result = runChecks(objects, TEST_ENV);
    expect(result.findings.filter((finding) => finding.rule === 'pod-reference')).toEqual([]);
    expect(
      result.warnings.filter((warning) => warning.rule === 'pod-reference').map((warning) => warning.message),
    ).toEqual([
      'imagePullSecrets[0] names no Secret: the API server takes it with a warning, and the kubelet pulls without it',
      'imagePullSecrets[1] names no Secret: the API server takes it with a warning, and the kubelet pulls without it',
    ]);
  });

  it("fires when a ServiceAccount's pull secret, which its pods pull with, names a missing Secret", () => {
    const objects = withChange('ServiceAccount', 'web', (account) => {
      account.imagePullSecrets = [{ name: 'registry' }, { name: 'creds' }];
    });
    expect(findings(objects)).toEqual([
      'pod-reference: imagePullSecrets "registry" needs Secret shop/registry, which does not exist',
    ]);
    expect(
      runChecks(objects, { ...TEST_ENV, external: { ...NO_EXTERNAL, secrets: ['shop/registry'] } }).findings.filter(
        (finding) => finding.rule === 'pod-reference',
      ),
    ).toEqual([]);
  });

  it('fires when a ConfigMap volume names a missing ConfigMap', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.name = 'other';
    });
    expect(findings(objects)).toEqual([
      'pod-reference: volume "settings" needs ConfigMap shop/other, which does not exist',
    ]);
  });

  it("passes a projected volume of the cluster's CA bundle, kube-root-ca.crt, which every namespace has", () => {
    const objects = withPod((pod) => {
      pod.volumes.push({
        name: 'token',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          ],
        },
      });
    });
    expect(findings(objects)).toEqual([]);
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

/** The warnings of `objects`, as `rule: message` lines. */
function warnings(objects: RenderedObject[]): string[] {
  return runChecks(objects, TEST_ENV).warnings.map((warning) => `${warning.rule}: ${warning.message}`);
}

describe('probe-port', () => {
  it('warns of, and passes, a grpc probe on a port number the container does not declare (the servers take it)', () => {
    const objects = withContainer((container) => {
      container.startupProbe = { grpc: { port: 9000 } };
    });
    expect(findings(objects)).toEqual([]);
    expect(warnings(objects)).toEqual([
      'probe-port: startupProbe.grpc of container "app" targets port 9000, which is not a containerPort of the container; it declares 8080 ("http")',
    ]);
  });

  it('warns of, and passes, an httpGet probe on a port number in a container that declares no ports', () => {
    const objects = withContainer((container) => {
      delete container.ports;
      container.readinessProbe = { httpGet: { path: '/healthz', port: 8080 } };
      delete container.livenessProbe;
    });
    expect(findings(objects).filter((line) => line.startsWith('probe-port'))).toEqual([]);
    expect(warnings(objects)).toEqual([
      'probe-port: readinessProbe.httpGet of container "app" targets port 8080, but the container declares no ports',
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
  it('fires for CAP_SYS_ADMIN added with allowPrivilegeEscalation false', () => {
    const objects = withContainer((container) => {
      container.securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } };
    });
    expect(findings(objects)).toEqual([
      'privilege-escalation: container "app" adds CAP_SYS_ADMIN and sets allowPrivilegeEscalation false, which the API server refuses',
    ]);
  });

  it('passes SYS_ADMIN with allowPrivilegeEscalation false, which both API servers take (they compare the name CAP_SYS_ADMIN)', () => {
    // Dry runs on 1.27 and 1.37: taken; the capabilities policy still reports SYS_ADMIN.
    const objects = withContainer((container) => {
      container.securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } };
    });
    expect(findings(objects)).toEqual([]);
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
  const bare = (spec?: AnyManifest): RenderedObject[] => [
    ...withChange('Deployment', 'web', () => {}),
    {
      path: 'extra/bare',
      manifest: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'shop' }, spec },
    },
  ];

  it('leaves a pod without containers, or without spec, to schema, which names the field: one mistake, one finding', () => {
    expect(findings(bare({ restartPolicy: 'Never' }))).toEqual([
      'schema: spec.containers is missing; PodSpec requires containers',
    ]);
    expect(findings(bare())).toEqual(['schema: spec.containers is missing; PodSpec requires containers']);
  });

  it('fires for an empty list of containers, which the schema takes', () => {
    expect(findings(bare({ containers: [] }))).toEqual(['pod-spec: the pod has no containers']);
  });

  it('fires for an init container without an image', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'setup' }];
    });
    expect(findings(objects)).toEqual(['pod-spec: container "setup" names no image']);
  });
});

describe('pod-spec: the names of the ConfigMaps and Secrets env reads, optional or not', () => {
  it.each([
    [
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: 'k', optional: true } } }] },
      'pod-spec: env A of container "app" valueFrom.configMapKeyRef names ConfigMap "Bad_Name", which is no ConfigMap name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".") | name the ConfigMap as it is named, e.g. "bad-name"',
    ],
    [
      { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: '', key: 'k', optional: true } } }] },
      'pod-spec: env A of container "app" valueFrom.secretKeyRef names Secret "", which is no Secret name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".") | name the Secret as it is named, e.g. "settings"',
    ],
    [
      { envFrom: [{ secretRef: { name: 'Bad_Name', optional: true } }] },
      'pod-spec: envFrom[0] of container "app" secretRef names Secret "Bad_Name", which is no Secret name (a DNS-1123 subdomain: lower-case letters, digits, "-" and ".") | name the Secret as it is named, e.g. "bad-name"',
    ],
    [
      { envFrom: [{ configMapRef: { name: '', optional: true } }] },
      'pod-spec: envFrom[0] of container "app" configMapRef names no ConfigMap (name ""), which the API server refuses (Required value) | name the ConfigMap',
    ],
  ])('refuses, as both API servers do: %j', (container, message) => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      Object.assign(deployment.spec.template.spec.containers[0], container);
    });
    expect(
      runChecks(objects, TEST_ENV)
        .findings.filter((finding) => finding.rule === 'pod-spec')
        .map((finding) => `${finding.rule}: ${finding.message} | ${finding.fix}`),
    ).toEqual([message]);
  });

  it('passes an optional reference of a good name', () => {
    const objects = withChange('Deployment', 'web', (deployment) => {
      deployment.spec.template.spec.containers[0].env = [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'good.name', key: 'k', optional: true } } },
      ];
    });
    expect(findings(objects).filter((line) => line.startsWith('pod-spec'))).toEqual([]);
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

  it('fires for a downward API item written to an absolute path or above the volume, and a hostPath that climbs', () => {
    const objects = withPod((pod) => {
      pod.volumes.push(
        {
          name: 'podinfo',
          downwardAPI: {
            items: [
              { path: '/labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: '../annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
            ],
          },
        },
        { name: 'logs', hostPath: { path: '/var/../etc', type: 'Directory' } },
      );
    });
    expect(problemsOf(objects, 'pod-spec').map((problem) => problem.message)).toEqual([
      'volume "podinfo" writes a field to "/labels", which must be a relative path without ".."',
      'volume "podinfo" writes a field to "../annotations", which must be a relative path without ".."',
      'volume "logs" is the hostPath "/var/../etc", which must not have a ".." element',
    ]);
  });

  it('passes an item in a sub-directory', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.items[0].path = 'conf/mode';
    });
    expect(findings(objects)).toEqual([]);
  });
});

/** The problems one rule finds in `objects` on a Kubernetes release, with their fixes. */
function problemsOf(objects: RenderedObject[], rule: string, release = '1.27'): { message: string; fix: string }[] {
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === rule)
    .map(({ message, fix }) => ({ message, fix }));
}

const HTTP_PROBE = { httpGet: { path: '/', port: 'http' } };

describe('probe-spec', () => {
  it('fires for a probe without a handler', () => {
    const objects = withContainer((container) => {
      container.readinessProbe = { periodSeconds: 5 };
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message: 'readinessProbe of container "app" has no handler',
        fix: 'give the probe one of exec, httpGet, tcpSocket, grpc',
      },
    ]);
  });

  it('fires for an exec probe of no command', () => {
    // Both API servers: 'readinessProbe.exec.command: Required value' (gate-fuzz on the course, seed 41, 1.27).
    const objects = withContainer((container) => {
      container.readinessProbe = { exec: { command: [] } };
      container.livenessProbe = { exec: {} };
      container.startupProbe = { exec: { command: ['true'] } };
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message: 'readinessProbe.exec of container "app" has no command',
        fix: 'give exec.command the command to run, a list of its words, or use another handler',
      },
      {
        message: 'livenessProbe.exec of container "app" has no command',
        fix: 'give exec.command the command to run, a list of its words, or use another handler',
      },
    ]);
  });

  it('fires for a probe with two handlers', () => {
    const objects = withContainer((container) => {
      container.livenessProbe = { ...HTTP_PROBE, exec: { command: ['true'] } };
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message: 'livenessProbe of container "app" has 2 handlers (exec, httpGet); a probe takes one',
        fix: 'keep one of exec, httpGet',
      },
    ]);
  });

  it('fires for a successThreshold other than 1 on a liveness and a startup probe', () => {
    const objects = withContainer((container) => {
      container.livenessProbe = { ...HTTP_PROBE, successThreshold: 2 };
      container.startupProbe = { ...HTTP_PROBE, successThreshold: 3 };
    });
    expect(findings(objects)).toEqual([
      'probe-spec: livenessProbe.successThreshold of container "app" is 2; a liveness probe\'s must be 1',
      'probe-spec: startupProbe.successThreshold of container "app" is 3; a startup probe\'s must be 1',
    ]);
    expect(problemsOf(objects, 'probe-spec')[0].fix).toBe(
      'set successThreshold to 1 or leave it out (only a readiness probe may wait for several successes)',
    );
  });

  it('passes a readiness probe that waits for 3 successes, and 0 or 1 on the others', () => {
    const objects = withContainer((container) => {
      container.readinessProbe = { ...HTTP_PROBE, successThreshold: 3 };
      container.livenessProbe = { ...HTTP_PROBE, successThreshold: 1 };
      container.startupProbe = { ...HTTP_PROBE, successThreshold: 0 };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for each negative delay, period, timeout and threshold', () => {
    const objects = withContainer((container) => {
      container.readinessProbe = {
        ...HTTP_PROBE,
        initialDelaySeconds: -1,
        periodSeconds: -2,
        timeoutSeconds: -3,
        successThreshold: -4,
        failureThreshold: -5,
      };
    });
    expect(findings(objects)).toEqual([
      'probe-spec: readinessProbe.initialDelaySeconds of container "app" is -1, which must be 0 or more',
      'probe-spec: readinessProbe.periodSeconds of container "app" is -2, which must be 0 or more',
      'probe-spec: readinessProbe.timeoutSeconds of container "app" is -3, which must be 0 or more',
      'probe-spec: readinessProbe.successThreshold of container "app" is -4, which must be 0 or more',
      'probe-spec: readinessProbe.failureThreshold of container "app" is -5, which must be 0 or more',
    ]);
    expect(problemsOf(objects, 'probe-spec')[1].fix).toBe(
      'set periodSeconds to 0 or more, or leave it out for the default',
    );
  });

  it('passes 0 for every count (the API server defaults it)', () => {
    const objects = withContainer((container) => {
      const zeros = { initialDelaySeconds: 0, periodSeconds: 0, timeoutSeconds: 0, failureThreshold: 0 };
      container.livenessProbe = { ...HTTP_PROBE, ...zeros, successThreshold: 0 };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a probe grace period of 0, and for any on a readiness probe', () => {
    const objects = withContainer((container) => {
      container.livenessProbe = { ...HTTP_PROBE, terminationGracePeriodSeconds: 0 };
      container.readinessProbe = { ...HTTP_PROBE, terminationGracePeriodSeconds: 5 };
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message:
          'readinessProbe of container "app" sets terminationGracePeriodSeconds (5), which a readiness probe may not have',
        fix: 'leave terminationGracePeriodSeconds out of the readiness probe (a liveness or startup probe may set it)',
      },
      {
        message: 'livenessProbe.terminationGracePeriodSeconds of container "app" is 0, which must be 1 or more',
        fix: "set it to 1 or more, or leave it out for the pod's terminationGracePeriodSeconds",
      },
    ]);
  });

  it('passes a grace period of 1 or more on a liveness probe', () => {
    const objects = withContainer((container) => {
      container.livenessProbe = { ...HTTP_PROBE, terminationGracePeriodSeconds: 1 };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a probe on an init container, which 1.27 has no sidecars for', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'setup', image: 'busybox:1.36', livenessProbe: { exec: { command: ['true'] } } }];
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message:
          'init container "setup" has livenessProbe, which an init container may not have (it runs to completion before the others start)',
        fix: 'remove the probes (sidecar init containers, which may have them, come with Kubernetes 1.29)',
      },
    ]);
  });

  it('on 1.37, passes a sidecar init container with a probe and checks that probe', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [
        {
          name: 'proxy',
          image: 'busybox:1.36',
          restartPolicy: 'Always',
          readinessProbe: { exec: { command: ['true'] } },
        },
        { name: 'setup', image: 'busybox:1.36', startupProbe: { periodSeconds: 1 } },
      ];
    });
    expect(problemsOf(objects, 'probe-spec', '1.37')).toEqual([
      {
        message:
          'init container "setup" has startupProbe, which an init container may not have (it runs to completion before the others start)',
        fix: 'remove the probes, or make it a sidecar with restartPolicy: Always',
      },
      {
        message: 'startupProbe of container "setup" has no handler',
        fix: 'give the probe one of exec, httpGet, tcpSocket, grpc',
      },
    ]);
  });
});

/** The baseline with the web container's env replaced by `env`. */
function withEnv(...env: AnyManifest[]): RenderedObject[] {
  return withContainer((container) => {
    container.env = env;
  });
}

const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });
const ENV_FIELDS_127 =
  'metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, ' +
  "status.podIP, status.podIPs, metadata.labels['<key>'], metadata.annotations['<key>']";

describe('pod-spec env', () => {
  it('fires for an env var with both value and valueFrom', () => {
    const objects = withEnv({ name: 'POD', value: 'web', valueFrom: fieldRef('metadata.name') });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'env POD of container "app" sets both value "web" and valueFrom (fieldRef)',
        fix: 'keep `value` for a literal or `valueFrom` for a reference, not both',
      },
    ]);
  });

  it('passes an empty value beside valueFrom (the API server ignores it)', () => {
    expect(findings(withEnv({ name: 'POD', value: '', valueFrom: fieldRef('metadata.name') }))).toEqual([]);
  });

  it('fires for a valueFrom without a source', () => {
    expect(problemsOf(withEnv({ name: 'POD', valueFrom: {} }), 'pod-spec')).toEqual([
      {
        message: 'env POD of container "app" has a valueFrom without a source',
        fix: 'set one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, fileKeyRef in valueFrom, or give a `value` instead',
      },
    ]);
  });

  it('fires for a valueFrom with two sources', () => {
    const objects = withEnv({
      name: 'POD',
      valueFrom: { ...fieldRef('metadata.name'), resourceFieldRef: { resource: 'limits.cpu' } },
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'env POD of container "app" has 2 sources in valueFrom (fieldRef, resourceFieldRef); it takes one',
        fix: 'keep one of fieldRef, resourceFieldRef',
      },
    ]);
  });

  it('fires for a fieldPath the API server does not expose, listing those it does', () => {
    expect(problemsOf(withEnv({ name: 'X', valueFrom: fieldRef('metadata.foo') }), 'pod-spec')).toEqual([
      {
        message: `env X of container "app" reads fieldPath "metadata.foo": env does not expose it; supported: ${ENV_FIELDS_127}`,
        fix: 'read one of the supported fieldPaths',
      },
    ]);
  });

  it('fires for all the labels, which only a downwardAPI volume takes', () => {
    expect(problemsOf(withEnv({ name: 'X', valueFrom: fieldRef('metadata.labels') }), 'pod-spec')).toEqual([
      {
        message: `env X of container "app" reads fieldPath "metadata.labels": env takes one label or annotation, not all of them; supported: ${ENV_FIELDS_127}`,
        fix: "read one, metadata.labels['<key>'], or mount all of them with a downwardAPI volume",
      },
    ]);
  });

  it('passes an env var read from an env file (fileKeyRef) on 1.37; 1.27 knows no such field', () => {
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'env-files', emptyDir: {} });
      pod.containers[0].env = [
        { name: 'DB_HOST', valueFrom: { fileKeyRef: { volumeName: 'env-files', path: 'db.env', key: 'DB_HOST' } } },
      ];
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([]);
    expect(problemsOf(objects, 'schema', '1.37')).toEqual([]);
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
    expect(problemsOf(objects, 'schema').map((problem) => problem.message)).toEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef is not a field of EnvVarSource',
    ]);
  });

  it('fires for status.hostIPs on 1.27 and passes it on 1.37', () => {
    const objects = withEnv({ name: 'IPS', valueFrom: fieldRef('status.hostIPs') });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: `env IPS of container "app" reads fieldPath "status.hostIPs": Kubernetes 1.27 does not expose it to env (1.29 and later do); supported: ${ENV_FIELDS_127}`,
        fix: "raise the environment's kubernetesVersion to 1.29 or later (lib/config/environments.ts) once its cluster runs it, or read another fieldPath",
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([]);
  });

  it('passes one label, one annotation (its key in any case), every supported path and a hugepages resource', () => {
    const objects = withEnv(
      { name: 'APP', valueFrom: fieldRef("metadata.labels['app.kubernetes.io/name']") },
      { name: 'POD', valueFrom: { fieldRef: { apiVersion: '', fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'NOTE', valueFrom: fieldRef("metadata.annotations['Example.com/Note']") },
      ...ENV_FIELDS_127.split(', ')
        .filter((path) => !path.includes('['))
        .map((path, index) => ({ name: `F${index}`, valueFrom: fieldRef(path) })),
      { name: 'PAGES', valueFrom: { resourceFieldRef: { resource: 'limits.hugepages-2Mi' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
    );
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a label key that is no key, and a subscript on another path', () => {
    const objects = withEnv(
      { name: 'A', valueFrom: fieldRef("metadata.labels['a b']") },
      { name: 'B', valueFrom: fieldRef("metadata.name['x']") },
    );
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: `env A of container "app" reads fieldPath "metadata.labels['a b']": "a b" is not a label key; supported: ${ENV_FIELDS_127}`,
        fix: "name the label by its key, e.g. metadata.labels['app.kubernetes.io/name']",
      },
      {
        message: `env B of container "app" reads fieldPath "metadata.name['x']": only metadata.labels and metadata.annotations take a ['<key>'], not metadata.name; supported: ${ENV_FIELDS_127}`,
        fix: "read metadata.name without ['<key>'], or one label or annotation",
      },
    ]);
  });

  it('fires for an annotation key that is no key, in env and in a downwardAPI volume', () => {
    const objects = withPod((pod) => {
      pod.containers[0].env = [{ name: 'NOTE', valueFrom: fieldRef("metadata.annotations['a/b/c']") }];
      pod.volumes.push({
        name: 'info',
        downwardAPI: { items: [{ path: 'n', ...fieldRef("metadata.annotations['-x']") }] },
      });
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: `env NOTE of container "app" reads fieldPath "metadata.annotations['a/b/c']": "a/b/c" is not an annotation key; supported: ${ENV_FIELDS_127}`,
        fix: "name the annotation by its key, e.g. metadata.annotations['app.kubernetes.io/name']",
      },
      {
        message: `volume "info" item "n" reads fieldPath "metadata.annotations['-x']": "-x" is not an annotation key; supported: ${VOLUME_FIELDS}`,
        fix: "name the annotation by its key, e.g. metadata.annotations['app.kubernetes.io/name']",
      },
    ]);
  });

  it('fires for a fieldRef apiVersion other than v1', () => {
    const objects = withEnv({ name: 'X', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'env X of container "app" reads fieldRef apiVersion "v2"; the downward API takes v1',
        fix: 'set fieldRef.apiVersion to v1, or leave it out',
      },
    ]);
  });

  it('fires for a resource a resourceFieldRef cannot name', () => {
    const objects = withEnv({ name: 'GPU', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'env GPU of container "app" reads resource "limits.gpu", which a resourceFieldRef cannot name; supported: ' +
          'limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, ' +
          'requests.ephemeral-storage, requests.hugepages-<size>, limits.hugepages-<size>',
        fix: 'name one of the supported resources',
      },
    ]);
  });
});

/** The baseline with a downwardAPI volume `info` of these items. */
function withDownwardApi(...items: AnyManifest[]): RenderedObject[] {
  return withPod((pod) => {
    pod.volumes.push({ name: 'info', downwardAPI: { items } });
  });
}

const VOLUME_FIELDS =
  'metadata.name, metadata.namespace, metadata.uid, metadata.labels, metadata.annotations, ' +
  "metadata.labels['<key>'], metadata.annotations['<key>']";

describe('pod-spec downwardAPI volumes', () => {
  it('fires for a fieldPath a volume does not expose, also in a projected volume', () => {
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'info', downwardAPI: { items: [{ path: 'node', ...fieldRef('spec.nodeName') }] } });
      const sources = [{ downwardAPI: { items: [{ path: 'ip', ...fieldRef('status.podIP') }] } }];
      pod.volumes.push({ name: 'bundle', projected: { sources } });
    });
    expect(findings(objects)).toEqual([
      `pod-spec: volume "info" item "node" reads fieldPath "spec.nodeName": a downwardAPI volume does not expose it; supported: ${VOLUME_FIELDS}`,
      `pod-spec: volume "bundle" item "ip" reads fieldPath "status.podIP": a downwardAPI volume does not expose it; supported: ${VOLUME_FIELDS}`,
    ]);
  });

  it('passes all labels, one annotation, the uid and a container resource', () => {
    const objects = withDownwardApi(
      { path: 'labels', ...fieldRef('metadata.labels') },
      { path: 'note', ...fieldRef("metadata.annotations['note']") },
      { path: 'uid', ...fieldRef('metadata.uid') },
      { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } },
    );
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a resourceFieldRef without containerName, an item with both refs and one with neither', () => {
    const objects = withDownwardApi(
      { path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } },
      {
        path: 'both',
        ...fieldRef('metadata.name'),
        resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' },
      },
      { path: 'none' },
      { path: 'gpu', resourceFieldRef: { containerName: 'app', resource: 'limits.gpu' } },
    );
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'volume "info" item "cpu" reads resource "limits.cpu" without a containerName',
        fix: 'name the container whose resource the file holds in resourceFieldRef.containerName',
      },
      {
        message: 'volume "info" item "both" has both fieldRef and resourceFieldRef; an item takes one',
        fix: 'give each value its own item',
      },
      {
        message: 'volume "info" item "none" has neither fieldRef nor resourceFieldRef',
        fix: 'give the item a fieldRef or a resourceFieldRef',
      },
      {
        message:
          'volume "info" item "gpu" reads resource "limits.gpu", which a resourceFieldRef cannot name; supported: ' +
          'limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, ' +
          'requests.ephemeral-storage, requests.hugepages-<size>, limits.hugepages-<size>',
        fix: 'name one of the supported resources',
      },
    ]);
  });
});

describe('pod-spec dns, hostAliases and sysctls', () => {
  it('fires for dnsPolicy None without dnsConfig', () => {
    const objects = withPod((pod) => {
      pod.dnsPolicy = 'None';
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'dnsPolicy is None, but the pod has no dnsConfig',
        fix: 'give dnsConfig with at least one nameserver, or use another dnsPolicy (ClusterFirst, the default, or Default)',
      },
    ]);
  });

  it('fires for dnsPolicy None with a dnsConfig without nameservers, and a nameserver that is no IP address', () => {
    const objects = withPod((pod) => {
      pod.dnsPolicy = 'None';
      pod.dnsConfig = { searches: ['shop.svc.cluster.local'] };
    });
    const other = withPod((pod) => {
      pod.dnsConfig = { nameservers: ['dns.local'] };
    });
    expect(findings(objects)).toEqual(['pod-spec: dnsPolicy is None, but dnsConfig has no nameservers']);
    expect(problemsOf(other, 'pod-spec')).toEqual([
      {
        message: 'dnsConfig nameserver "dns.local" is not an IP address',
        fix: 'write the IPv4 or IPv6 address of the DNS server, e.g. 10.96.0.10',
      },
    ]);
  });

  it('passes dnsPolicy None with an IPv4 and an IPv6 nameserver', () => {
    const objects = withPod((pod) => {
      pod.dnsPolicy = 'None';
      pod.dnsConfig = { nameservers: ['10.96.0.10', '2001:db8::53'] };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a hostAliases ip that is no IP address and a hostname that is no DNS name', () => {
    const objects = withPod((pod) => {
      pod.hostAliases = [
        { ip: 'not-an-ip', hostnames: ['db.internal'] },
        { ip: '10.0.0.5', hostnames: ['DB_1'] },
      ];
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'hostAliases ip "not-an-ip" is not an IP address',
        fix: 'write an IPv4 or IPv6 address, e.g. 10.0.0.5; the names go in hostnames',
      },
      {
        message: 'hostAliases hostname "DB_1" (ip 10.0.0.5) is not a DNS-1123 subdomain',
        fix: 'write a host name of lower-case letters, digits, "-" and ".", e.g. "db.internal"',
      },
    ]);
  });

  it('on 1.37, fires for a hostAliases ip and a nameserver in the forms 1.27 still takes', () => {
    const objects = withPod((pod) => {
      pod.hostAliases = [{ ip: '010.0.0.5', hostnames: ['db.internal'] }];
      pod.dnsConfig = { nameservers: ['::ffff:10.96.0.10'] };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'dnsConfig nameserver "::ffff:10.96.0.10" is an IPv4-mapped IPv6 address, which Kubernetes 1.37 refuses (from 1.36 on)',
        fix: 'write 10.96.0.10',
      },
      {
        message: 'hostAliases ip "010.0.0.5" has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on)',
        fix: 'write 10.0.0.5',
      },
    ]);
  });

  it('passes IPv4 and IPv6 hostAliases', () => {
    const objects = withPod((pod) => {
      pod.hostAliases = [
        { ip: '10.0.0.5', hostnames: ['db.internal', 'db'] },
        { ip: '2001:db8::1', hostnames: ['v6.internal'] },
      ];
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for a sysctl name that is not a sysctl name', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { sysctls: [{ name: 'not a sysctl', value: '1' }] };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'sysctl name "not a sysctl" is not a sysctl name (at most 253 characters: lower-case segments of letters, digits, "-" and "_", separated by "." or "/")',
        fix: "write the kernel parameter's name, e.g. net.ipv4.ip_unprivileged_port_start",
      },
    ]);
  });

  it('passes sysctl names written with dots or slashes', () => {
    const objects = withPod((pod) => {
      pod.securityContext = {
        sysctls: [
          { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
          { name: 'kernel/shm_rmid_forced', value: '1' },
        ],
      };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('image-reference', () => {
  it('fires for an image with upper case, suggesting it in lower case', () => {
    const objects = withContainer((container) => {
      container.image = 'Nginx:1.25';
    });
    expect(problemsOf(objects, 'image-reference')).toEqual([
      {
        message:
          'container "app" image "Nginx:1.25" is not an image reference the kubelet can parse (the pod would never start, InvalidImageName): the repository name "Nginx" must be lower case',
        fix: 'write "nginx:1.25"',
      },
    ]);
  });

  it('fires for whitespace in an image and at its end, also in an init container', () => {
    const objects = withPod((pod) => {
      pod.containers[0].image = 'nginx 1.25';
      pod.initContainers = [{ name: 'setup', image: 'busybox:1.36 ' }];
    });
    expect(problemsOf(objects, 'image-reference')).toEqual([
      {
        message:
          'container "setup" image "busybox:1.36 " is not an image reference the kubelet can parse (the pod would never start, InvalidImageName): it has whitespace at its end',
        fix: 'write "busybox:1.36"',
      },
      {
        message:
          'container "app" image "nginx 1.25" is not an image reference the kubelet can parse (the pod would never start, InvalidImageName): it contains whitespace',
        fix: 'write "nginx:1.25"',
      },
    ]);
  });

  it('leaves a missing image to pod-spec', () => {
    const objects = withContainer((container) => {
      container.image = ' ';
    });
    expect(findings(objects)).toEqual(['pod-spec: container "app" names no image']);
  });

  it('passes references with a registry and port, a path, a digest', () => {
    const objects = withPod((pod) => {
      pod.containers[0].image = 'registry.example.com:5000/team/app:v1.2';
      pod.initContainers = [{ name: 'setup', image: `busybox@sha256:${'0'.repeat(64)}` }];
    });
    expect(findings(objects)).toEqual([]);
  });

  it('cannot be exempted', () => {
    expect(RULES.find((rule) => rule.id === 'image-reference')?.exemptible).toBeUndefined();
  });
});

describe('non-root-user', () => {
  const BREAKS =
    "so the kubelet refuses to start it (CreateContainerConfigError: container's runAsUser breaks non-root policy)";

  it('fires for a container that must run as non-root and is set to run as root, from the pod or its own context', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { runAsUser: 0 };
      pod.containers[0].securityContext = { runAsNonRoot: true };
      pod.initContainers = [
        { name: 'setup', image: 'busybox:1.36', securityContext: { runAsNonRoot: true, runAsUser: 1000 } },
      ];
    });
    expect(problemsOf(objects, 'non-root-user')).toEqual([
      {
        message: `container "app" must run as non-root (runAsNonRoot true, set on the container) and runs as user 0 (runAsUser, set on the pod), ${BREAKS}`,
        fix: 'give the container a runAsUser other than 0, e.g. 65532, or, if it must run as root, set runAsNonRoot false on it (a policy exemption may then be needed)',
      },
    ]);
  });

  it('fires for both set on the pod, for each container that overrides neither', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { runAsNonRoot: true, runAsUser: 0 };
      pod.initContainers = [{ name: 'setup', image: 'busybox:1.36' }];
    });
    expect(problemsOf(objects, 'non-root-user').map((problem) => problem.message)).toEqual([
      `container "setup" must run as non-root (runAsNonRoot true, set on the pod) and runs as user 0 (runAsUser, set on the pod), ${BREAKS}`,
      `container "app" must run as non-root (runAsNonRoot true, set on the pod) and runs as user 0 (runAsUser, set on the pod), ${BREAKS}`,
    ]);
  });

  it('passes root with runAsNonRoot false or unset, non-root users, no user at all, and a Windows pod', () => {
    const root = withPod((pod) => {
      pod.securityContext = { runAsNonRoot: true, runAsUser: 1000 };
      pod.containers[0].securityContext = { runAsNonRoot: false, runAsUser: 0 };
      pod.initContainers = [{ name: 'setup', image: 'busybox:1.36', securityContext: { runAsUser: 2000 } }];
    });
    expect(problemsOf(root, 'non-root-user')).toEqual([]);
    const unset = withPod((pod) => {
      pod.containers[0].securityContext = { runAsUser: 0 };
    });
    expect(problemsOf(unset, 'non-root-user')).toEqual([]);
    // The image's user decides, which the kubelet checks and the gate cannot see.
    const imageUser = withPod((pod) => {
      pod.securityContext = { runAsNonRoot: true };
    });
    expect(problemsOf(imageUser, 'non-root-user')).toEqual([]);
    const windows = withPod((pod) => {
      pod.os = { name: 'windows' };
      pod.securityContext = { runAsNonRoot: true, runAsUser: 0 };
    });
    expect(problemsOf(windows, 'non-root-user')).toEqual([]);
  });

  it('cannot be exempted', () => {
    expect(RULES.find((rule) => rule.id === 'non-root-user')?.exemptible).toBeUndefined();
  });
});

describe('pod-spec resources, lifecycle and init containers', () => {
  it('fires for a resource name that is not a container resource, and hugepages without cpu or memory', () => {
    const objects = withContainer((container) => {
      container.resources = { requests: { cpus: '1' }, limits: { 'hugepages-2Mi': '4Mi' } };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'resources.requests of container "app" names "cpus", which is not a resource of a container; it takes cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain (e.g. example.com/gpu)',
        fix: 'write one of these names, e.g. "cpu"',
      },
      {
        message: 'container "app" asks for hugepages-2Mi without cpu or memory, which the API server refuses',
        fix: 'request or limit memory (or cpu) beside the huge pages',
      },
    ]);
  });

  it('passes huge pages beside memory alone, or beside cpu alone', () => {
    const beside = (resource: string) =>
      withContainer((container) => {
        container.resources = { limits: { [resource]: '1', 'hugepages-1Gi': '1Gi' } };
      });
    expect(problemsOf(beside('memory'), 'pod-spec')).toEqual([]);
    expect(problemsOf(beside('cpu'), 'pod-spec')).toEqual([]);
  });

  it('passes standard, extended and huge page resources beside memory', () => {
    const objects = withContainer((container) => {
      container.resources = {
        requests: { cpu: '100m', 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' },
        limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1' },
      };
    });
    expect(findings(objects)).toEqual([]);
  });

  it("fires from 1.34 for a pod's own resources other than cpu, memory and huge pages", () => {
    const objects = withPod((pod) => {
      pod.resources = {
        requests: { cpu: '1', memory: '1Gi', 'hugepages-2Mi': '128Mi' },
        limits: { memory: '2Gi', 'hugepages-2Mi': '128Mi', 'ephemeral-storage': '1Gi', pids: '100' },
      };
    });
    const fix = "set it in the resources of the containers that need it, or remove it from the pod's";
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'resources.limits of the pod names "ephemeral-storage", which a pod\'s own resources do not take; they take cpu, memory and hugepages-<size>',
        fix,
      },
      {
        message:
          'resources.limits of the pod names "pids", which a pod\'s own resources do not take; they take cpu, memory and hugepages-<size>',
        fix,
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.33')).toEqual([]);
  });

  it('fires for huge pages requested without a limit, or not at it', () => {
    const objects = withContainer((container) => {
      container.resources = {
        requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' },
        limits: { memory: '64Mi', 'hugepages-1Gi': '2Gi' },
      };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'resources.requests.hugepages-2Mi of container "app" is "2Mi" without a limit, which the API server refuses: huge pages are not overcommitted',
        fix: 'set resources.limits.hugepages-2Mi to the request (a limit alone is enough: the request follows it)',
      },
      {
        message:
          'resources.requests.hugepages-1Gi of container "app" is "1Gi", not its limit "2Gi", which the API server refuses: huge pages are requested at their limit',
        fix: 'make the request equal to the limit, or leave it out (it follows the limit)',
      },
    ]);
  });

  it("fires from 1.34 for a pod's own huge pages requested without a limit, or not at it", () => {
    const objects = withPod((pod) => {
      pod.resources = {
        requests: { memory: '1Gi', 'hugepages-2Mi': '128Mi', 'hugepages-1Gi': '1Gi' },
        limits: { memory: '1Gi', 'hugepages-1Gi': '1024Mi' },
      };
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'resources.requests.hugepages-2Mi of the pod is "128Mi" without a limit, which the API server refuses: huge pages are not overcommitted',
        fix: 'set resources.limits.hugepages-2Mi to the request (a limit alone is enough: the request follows it)',
      },
    ]);
  });

  it('fires for a lifecycle hook without a handler or with two', () => {
    const objects = withContainer((container) => {
      container.lifecycle = {
        postStart: {},
        preStop: { exec: { command: ['true'] }, httpGet: { path: '/', port: 8080 } },
      };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'lifecycle.postStart of container "app" has no handler',
        fix: 'give it one of exec, httpGet, tcpSocket, or remove postStart',
      },
      {
        message: 'lifecycle.preStop of container "app" has 2 handlers (exec, httpGet); it takes one',
        fix: 'keep one of exec, httpGet',
      },
    ]);
  });

  it('fires for an exec lifecycle hook of no command', () => {
    const objects = withContainer((container) => {
      container.lifecycle = { postStart: { exec: { command: [] } }, preStop: { exec: {} } };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'lifecycle.postStart.exec of container "app" has no command',
        fix: 'give exec.command the command to run, a list of its words, or use another handler',
      },
      {
        message: 'lifecycle.preStop.exec of container "app" has no command',
        fix: 'give exec.command the command to run, a list of its words, or use another handler',
      },
    ]);
  });

  it('fires for a sleep handler before 1.30 and passes it from 1.30', () => {
    const objects = withContainer((container) => {
      container.lifecycle = { preStop: { sleep: { seconds: 5 } } };
    });
    expect(problemsOf(objects, 'pod-spec', '1.29')).toEqual([
      {
        message:
          'lifecycle.preStop of container "app" sleeps, which Kubernetes 1.29 does not know (the sleep handler comes with 1.30)',
        fix: 'use exec with a command such as ["sleep", "5"], or run Kubernetes 1.30 or later',
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.30')).toEqual([]);
  });

  it('fires for a sleep of 0 seconds, or none given, before 1.33 and passes both from 1.33, within the grace period', () => {
    const zero = withContainer((container) => {
      container.lifecycle = { preStop: { sleep: { seconds: 0 } }, postStart: { sleep: {} } };
    });
    const fix = 'sleep less, or raise terminationGracePeriodSeconds';
    expect(problemsOf(zero, 'pod-spec', '1.32')).toEqual([
      {
        message:
          'lifecycle.postStart of container "app" sleeps 0 seconds; the API server takes whole seconds from 1 to the pod\'s terminationGracePeriodSeconds (30)',
        fix,
      },
      {
        message:
          'lifecycle.preStop of container "app" sleeps 0 seconds; the API server takes whole seconds from 1 to the pod\'s terminationGracePeriodSeconds (30)',
        fix,
      },
    ]);
    expect(problemsOf(zero, 'pod-spec', '1.33')).toEqual([]);
    expect(problemsOf(zero, 'pod-spec', '1.37')).toEqual([]);
    const negative = withContainer((container) => {
      container.lifecycle = { preStop: { sleep: { seconds: -1 } } };
    });
    expect(problemsOf(negative, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'lifecycle.preStop of container "app" sleeps -1 seconds; the API server takes whole seconds from 0 to the pod\'s terminationGracePeriodSeconds (30)',
        fix,
      },
    ]);
  });

  it('fires for an init container restartPolicy before 1.29 and passes it from 1.29', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', restartPolicy: 'Always' }];
    });
    expect(problemsOf(objects, 'pod-spec', '1.28')).toEqual([
      {
        message:
          'init container "proxy" sets restartPolicy "Always", which Kubernetes 1.28 does not take (sidecar init containers come with 1.29)',
        fix: 'remove restartPolicy and run the sidecar as a container of the pod, or run Kubernetes 1.29 or later',
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.29')).toEqual([]);
  });

  it('fires for env names and envFrom prefixes as the release takes them', () => {
    const objects = withContainer((container) => {
      container.env.push({ name: '1X', value: '1' }, { name: 'A=B', value: '2' });
      container.envFrom[0].prefix = '1_';
    });
    const before =
      'letters, digits, "-", "_" or ".", not starting with a digit (Kubernetes before 1.32 refuses others, and this environment runs 1.31)';
    expect(problemsOf(objects, 'pod-spec', '1.31').map(({ message }) => message)).toEqual([
      `env name "1X" of container "app" must be ${before}`,
      `env name "A=B" of container "app" must be ${before}`,
      `envFrom prefix "1_" of container "app" must be ${before}`,
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.32')).toEqual([
      {
        message: 'env name "A=B" of container "app" must be printable ASCII characters other than "="',
        fix: 'rename the variable',
      },
    ]);
  });
});

describe('pod-spec volumes, ids, hostname and DNS limits', () => {
  it('fires for a volume of two sources and file modes above 0777 or below 0', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.defaultMode = 1000;
      pod.volumes[0].configMap.items[0].mode = -1;
      pod.volumes.push(
        { name: 'both', emptyDir: {}, secret: { secretName: 'creds' } },
        {
          name: 'bundle',
          projected: {
            defaultMode: 512,
            sources: [{ secret: { name: 'creds', items: [{ key: 'password', path: 'p', mode: 4095 }] } }],
          },
        },
        {
          name: 'info',
          downwardAPI: { items: [{ path: 'name', mode: 512, fieldRef: { fieldPath: 'metadata.name' } }] },
        },
      );
    });
    const fix = 'write the mode as an octal number in YAML (0644) or its decimal value in JSON (420); at most 0777';
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'volume "both" has 2 sources (emptyDir, secret); a volume takes one',
        fix: 'give each source its own volume, or combine ConfigMaps, Secrets and downward API items in one `projected` volume',
      },
      {
        message:
          'volume "settings" configMap.defaultMode is 1000 (01750), which must be a file mode from 0 to 0777 (511)',
        fix,
      },
      {
        message: 'volume "settings" configMap item "mode" mode is -1, which must be a file mode from 0 to 0777 (511)',
        fix,
      },
      {
        message: 'volume "bundle" projected.defaultMode is 512 (01000), which must be a file mode from 0 to 0777 (511)',
        fix,
      },
      {
        message:
          'volume "bundle" projected secret item "p" mode is 4095 (07777), which must be a file mode from 0 to 0777 (511)',
        fix,
      },
      {
        message:
          'volume "info" downwardAPI item "name" mode is 512 (01000), which must be a file mode from 0 to 0777 (511)',
        fix,
      },
    ]);
  });

  it('passes modes of 0 to 0777 and a volume without a source (the API server makes it an emptyDir)', () => {
    const objects = withPod((pod) => {
      pod.volumes[0].configMap.defaultMode = 0o777;
      pod.volumes[0].configMap.items[0].mode = 0;
      pod.volumes.push({ name: 'scratch' });
      pod.containers[0].volumeMounts.push({ name: 'scratch', mountPath: '/scratch' });
    });
    expect(findings(objects)).toEqual([]);
  });

  it('fires for user and group ids below 0 or above 2^31 - 1, of the pod and of a container', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { runAsUser: -1, runAsGroup: 2147483648, fsGroup: -5, supplementalGroups: [1000, -1] };
      pod.containers[0].securityContext = { runAsUser: -1, runAsGroup: -2 };
    });
    expect(problemsOf(objects, 'pod-spec').map(({ message }) => message)).toEqual([
      'pod securityContext.runAsUser is -1, which must be a user or group id from 0 to 2147483647',
      'pod securityContext.runAsGroup is 2147483648, which must be a user or group id from 0 to 2147483647',
      'pod securityContext.fsGroup is -5, which must be a user or group id from 0 to 2147483647',
      'pod securityContext.supplementalGroups[1] is -1, which must be a user or group id from 0 to 2147483647',
      'securityContext.runAsUser of container "app" is -1, which must be a user or group id from 0 to 2147483647',
      'securityContext.runAsGroup of container "app" is -2, which must be a user or group id from 0 to 2147483647',
    ]);
    expect(problemsOf(objects, 'pod-spec')[0].fix).toBe(
      "write the numeric id (0 is root; images often use 1000 or 65532), or leave it out for the image's user",
    );
  });

  it('passes ids of 0 and 2^31 - 1', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { runAsUser: 2147483647, runAsGroup: 0, fsGroup: 0, supplementalGroups: [0, 65532] };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
  });

  it('fires for a hostname and a subdomain that are not DNS-1123 labels, and passes labels', () => {
    const objects = withPod((pod) => {
      pod.hostname = 'My_Host';
      pod.subdomain = 'a'.repeat(64);
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'hostname "My_Host" is not a DNS-1123 label (at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit)',
        fix: 'write the hostname in lower case with "-" for other characters, e.g. "my-host"',
      },
      {
        message: `subdomain "${'a'.repeat(64)}" is not a DNS-1123 label (at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit)`,
        fix: `write the subdomain in lower case with "-" for other characters, e.g. "${'a'.repeat(64)}"`,
      },
    ]);
    const valid = withPod((pod) => {
      pod.hostname = 'web-0';
      pod.subdomain = 'web';
    });
    expect(problemsOf(valid, 'pod-spec')).toEqual([]);
  });

  it('fires for more than 3 nameservers, 32 search domains or 2048 characters of them, and passes the limits', () => {
    const domains = (count: number, length: number) =>
      Array.from({ length: count }, (_, index) => `s${index}.${'a'.repeat(length)}.example.com`);
    const withDns = (nameservers: string[], searches: string[]) =>
      withPod((pod) => {
        pod.dnsConfig = { nameservers, searches };
      });
    expect(problemsOf(withDns(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], domains(33, 1)), 'pod-spec')).toEqual([
      {
        message: 'dnsConfig has 4 nameservers (10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4); the API server takes at most 3',
        fix: 'keep 3 nameservers (a resolver reads no more)',
      },
      {
        message: 'dnsConfig has 33 search domains; the API server takes at most 32',
        fix: 'keep at most 32 search domains',
      },
    ]);
    expect(problemsOf(withDns([], domains(20, 100)), 'pod-spec')).toEqual([
      {
        message: 'dnsConfig search domains take 2329 characters (joined by spaces); the API server takes at most 2048',
        fix: 'keep fewer or shorter search domains',
      },
    ]);
    expect(problemsOf(withDns(['10.0.0.1', '10.0.0.2', '10.0.0.3'], domains(32, 40)), 'pod-spec')).toEqual([]);
  });
});

describe('pod-spec mount paths, ephemeral volumes, procMount and search domains', () => {
  it('fires for a mount without a mountPath and a subPath or subPathExpr that is absolute or has ".."', () => {
    const objects = withPod((pod) => {
      pod.containers[0].volumeMounts = [
        { name: 'settings', mountPath: '' },
        { name: 'settings', mountPath: '/a', subPath: '/etc' },
        { name: 'settings', mountPath: '/b', subPath: 'conf/../..' },
        { name: 'settings', mountPath: '/c', subPathExpr: '/$(POD_NAME)' },
      ];
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'volume mount "settings" of container "app" has no mountPath',
        fix: 'give the mount a mountPath, e.g. "/data"',
      },
      {
        message:
          'volume mount "settings" of container "app" at /a has subPath "/etc", which must be a relative path without ".."',
        fix: 'write the subPath relative to the volume\'s root, e.g. "conf/app.yaml"',
      },
      {
        message:
          'volume mount "settings" of container "app" at /b has subPath "conf/../..", which must be a relative path without ".."',
        fix: 'write the subPath relative to the volume\'s root, e.g. "conf/app.yaml"',
      },
      {
        message:
          'volume mount "settings" of container "app" at /c has subPathExpr "/$(POD_NAME)", which must be a relative path without ".."',
        fix: 'write the subPathExpr relative to the volume\'s root, e.g. "conf/app.yaml"',
      },
    ]);
  });

  it('passes relative subPaths, also with ".." inside a name', () => {
    const objects = withPod((pod) => {
      pod.containers[0].volumeMounts = [
        { name: 'settings', mountPath: '/a', subPath: 'conf/app' },
        { name: 'settings', mountPath: '/b', subPath: 'a..b' },
        { name: 'settings', mountPath: '/c', subPathExpr: '$(POD_NAME)/logs' },
      ];
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
  });

  it('fires for an ephemeral volume without a claim template, and passes one with it', () => {
    const ephemeral = (source: AnyManifest) =>
      withPod((pod) => {
        pod.volumes.push({ name: 'scratch', ephemeral: source });
      });
    expect(problemsOf(ephemeral({}), 'pod-spec')).toEqual([
      {
        message: 'ephemeral volume "scratch" has no volumeClaimTemplate',
        fix: 'give ephemeral.volumeClaimTemplate a spec with accessModes and resources.requests.storage, or use an emptyDir',
      },
    ]);
    const template = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect(problemsOf(ephemeral({ volumeClaimTemplate: template }), 'pod-spec')).toEqual([]);
  });

  it('fires for procMount Unmasked without hostUsers false from 1.33, and passes it with hostUsers false or before', () => {
    const unmasked = (hostUsers?: boolean) =>
      withPod((pod) => {
        pod.hostUsers = hostUsers;
        pod.containers[0].securityContext = { procMount: 'Unmasked' };
      });
    expect(problemsOf(unmasked(), 'pod-spec', '1.33')).toEqual([
      {
        message:
          'container "app" sets procMount Unmasked in a pod that shares the host\'s user namespace (hostUsers is not false), which Kubernetes 1.33 refuses',
        fix: "set the pod's hostUsers to false, or leave procMount out (Default)",
      },
    ]);
    expect(problemsOf(unmasked(true), 'pod-spec', '1.37')).toHaveLength(1);
    expect(problemsOf(unmasked(false), 'pod-spec', '1.37')).toEqual([]);
    expect(problemsOf(unmasked(), 'pod-spec', '1.32')).toEqual([]);
  });

  it('fires for search domains as the release takes them: "_" and "." alone from 1.33, upper case never', () => {
    const objects = withPod((pod) => {
      pod.dnsConfig = { searches: ['shop.svc.cluster.local.', 'my_zone.an_area.example.com', '.', 'Example.com'] };
    });
    expect(problemsOf(objects, 'pod-spec', '1.32').map(({ message }) => message)).toEqual(
      ['"my_zone.an_area.example.com"', '"."', '"Example.com"'].map(
        (search) =>
          `dnsConfig search domain ${search} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; "_", and "." alone, only from 1.33, and this environment runs 1.32)`,
      ),
    );
    expect(problemsOf(objects, 'pod-spec', '1.33')).toEqual([
      {
        message:
          'dnsConfig search domain "Example.com" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", and "_")',
        fix: 'write the domain in lower case, e.g. "shop.svc.cluster.local"',
      },
    ]);
  });
});

describe('pod-spec projected ServiceAccount tokens', () => {
  /** A projected volume of a token for Vault, expiring after `expirationSeconds`, with a ConfigMap beside it. */
  function withToken(expirationSeconds: unknown): RenderedObject[] {
    return withPod((pod) => {
      pod.volumes.push({
        name: 'identity',
        projected: {
          sources: [
            { configMap: { name: 'settings' } },
            { serviceAccountToken: { audience: 'vault', path: 'token', expirationSeconds } },
          ],
        },
      });
    });
  }

  it('fires for a lifetime under 10 minutes or over 2^32 seconds, which the 1.27 and 1.37 API servers refuse', () => {
    const fix =
      'ask for a lifetime from 600 seconds to 2^32 (the kubelet renews the token before it expires; 3600, an hour, is the default)';
    for (const release of ['1.27', '1.37']) {
      expect(problemsOf(withToken(599), 'pod-spec', release)).toEqual([
        {
          message:
            'volume "identity" projected.sources[1].serviceAccountToken.expirationSeconds is 599; the API server takes 600 (10 minutes) to 4294967296 (2^32) seconds',
          fix,
        },
      ]);
      expect(problemsOf(withToken(2 ** 32 + 1), 'pod-spec', release).map(({ message }) => message)).toEqual([
        'volume "identity" projected.sources[1].serviceAccountToken.expirationSeconds is 4294967297; the API server takes 600 (10 minutes) to 4294967296 (2^32) seconds',
      ]);
    }
  });

  /** A projected volume of a token written to `path`. */
  function withTokenAt(path: string): RenderedObject[] {
    return withPod((pod) => {
      pod.volumes.push({ name: 'identity', projected: { sources: [{ serviceAccountToken: { path } }] } });
    });
  }

  it('fires for a token path that is absolute, has a ".." element or starts with "..": from 1.30 the API server refuses it, before the kubelet did', () => {
    const fix = 'write the path relative to the mount path, e.g. "token" or "vault/token"';
    expect(problemsOf(withTokenAt('../token'), 'pod-spec', '1.37')).toEqual([
      {
        message:
          'volume "identity" writes its ServiceAccount token to "../token", which must be a relative path without a ".." element, not starting with ".."; the API server refuses it (from 1.30)',
        fix,
      },
    ]);
    expect(problemsOf(withTokenAt('/token'), 'pod-spec', '1.29')).toEqual([
      {
        message:
          'volume "identity" writes its ServiceAccount token to "/token", which must be a relative path without a ".." element, not starting with ".."; the API server of 1.29 takes it, and the kubelet refuses to write it, so the pod never starts',
        fix,
      },
    ]);
    expect(problemsOf(withTokenAt('..data'), 'pod-spec', '1.30')).toHaveLength(1);
    expect(problemsOf(withTokenAt('a/../b'), 'pod-spec', '1.27')).toHaveLength(1);
  });

  it('passes relative token paths, a dot inside a name among them', () => {
    for (const path of ['token', 'vault/token', 'token..old', 'a/.b']) {
      expect(problemsOf(withTokenAt(path), 'pod-spec', '1.37')).toEqual([]);
    }
  });

  it('passes 600 seconds to 2^32, and no expirationSeconds (an hour)', () => {
    for (const seconds of [600, 3600, 2 ** 32, undefined]) {
      expect(problemsOf(withToken(seconds), 'pod-spec')).toEqual([]);
    }
  });
});

describe('restart-policy of a ReplicationController', () => {
  it('fires for pods that do not restart Always, as for a ReplicaSet', () => {
    expect(
      rawFindings('ReplicationController', 'raw-legacy', (controller) => {
        controller.spec.template.spec.restartPolicy = 'Never';
      }),
    ).toEqual(['restart-policy: restartPolicy "Never"; a ReplicationController\'s pods must restart Always']);
  });
});

describe('pod-spec: readiness gates', () => {
  it('fires for a readiness gate whose conditionType is not a qualified name', () => {
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => (pod.spec.readinessGates = [{ conditionType: 'warmed up' }])),
    ).toEqual([
      'pod-spec: readinessGates[0].conditionType "warmed up" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    ]);
  });
});

describe('pod-spec: seccomp and AppArmor profiles', () => {
  it('fires for a Localhost seccomp profile without localhostProfile, of a container and of the pod', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { seccompProfile: { type: 'Localhost' } };
      pod.containers[0].securityContext = { seccompProfile: { type: 'Localhost' } };
    });
    const fix =
      'name the profile in localhostProfile, a path relative to the kubelet\'s seccomp directory (e.g. "profiles/audit.json"), or use type RuntimeDefault';
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'pod securityContext.seccompProfile is of type Localhost without a localhostProfile, which the API server refuses (must be set when seccomp type is Localhost)',
        fix,
      },
      {
        message:
          'securityContext.seccompProfile of container "app" is of type Localhost without a localhostProfile, which the API server refuses (must be set when seccomp type is Localhost)',
        fix,
      },
    ]);
  });

  it('fires for a localhostProfile beside another seccomp type (even an empty one), and for one that is absolute or climbs', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: '/abs/x.json' } };
      pod.containers[0].securityContext = { seccompProfile: { type: 'RuntimeDefault', localhostProfile: '' } };
      pod.initContainers = [
        {
          name: 'init',
          image: 'nginx:1.25',
          securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a/../../x.json' } },
        },
      ];
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'pod securityContext.seccompProfile localhostProfile "/abs/x.json" must be a relative path without ".." (the kubelet reads it under its seccomp directory)',
        fix: 'write the path relative to the kubelet\'s seccomp directory, e.g. "profiles/audit.json"',
      },
      {
        message:
          'securityContext.seccompProfile of container "init" localhostProfile "a/../../x.json" must be a relative path without ".." (the kubelet reads it under its seccomp directory)',
        fix: 'write the path relative to the kubelet\'s seccomp directory, e.g. "profiles/audit.json"',
      },
      {
        message:
          'securityContext.seccompProfile of container "app" sets localhostProfile "" beside type RuntimeDefault; only type Localhost takes one',
        fix: 'set type Localhost to use that profile, or remove localhostProfile',
      },
    ]);
  });

  it('passes Localhost seccomp profiles at relative paths, ".." inside a name among them', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } };
      pod.containers[0].securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'a..b/x.json' } };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
  });

  it('on 1.37, fires for an AppArmor profile of type Localhost without a profile, an empty or padded one, and one beside another type', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { appArmorProfile: { type: 'Localhost' } };
      pod.containers[0].securityContext = { appArmorProfile: { type: 'Unconfined', localhostProfile: 'x' } };
      pod.initContainers = [
        {
          name: 'empty',
          image: 'nginx:1.25',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '' } },
        },
        {
          name: 'padded',
          image: 'nginx:1.25',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: ' x' } },
        },
      ];
    });
    const fix =
      'name a profile loaded on the node in localhostProfile, e.g. "k8s-apparmor-example-deny-write", or use type RuntimeDefault';
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'pod securityContext.appArmorProfile is of type Localhost without a localhostProfile, which the API server refuses (must be set when AppArmor type is Localhost)',
        fix,
      },
      {
        message:
          'securityContext.appArmorProfile of container "empty" is of type Localhost without a localhostProfile, which the API server refuses (must be set when AppArmor type is Localhost)',
        fix,
      },
      {
        message:
          'securityContext.appArmorProfile of container "padded" localhostProfile " x" is padded with whitespace, which the API server refuses',
        fix: 'write the name of the profile without spaces around it',
      },
      {
        message:
          'securityContext.appArmorProfile of container "app" sets localhostProfile "x" beside type Unconfined; only type Localhost takes one',
        fix: 'set type Localhost to use that profile, or remove localhostProfile',
      },
    ]);
  });

  it('passes an AppArmor profile by name, an absolute one among them, and leaves AppArmor to the schema before 1.30', () => {
    const objects = withPod((pod) => {
      pod.securityContext = { appArmorProfile: { type: 'RuntimeDefault' } };
      pod.containers[0].securityContext = { appArmorProfile: { type: 'Localhost', localhostProfile: '/abs/profile' } };
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([]);
    const localhost = withPod((pod) => {
      pod.securityContext = { appArmorProfile: { type: 'Localhost' } };
    });
    expect(problemsOf(localhost, 'pod-spec', '1.29')).toEqual([]);
    expect(problemsOf(localhost, 'pod-spec', '1.30')).toHaveLength(1);
  });
});

describe('pod-spec: mounts, env keys, envFrom, sysctls and nodeName', () => {
  it('fires for a mount of both subPath and subPathExpr, and passes an empty subPath beside subPathExpr', () => {
    const mounted = (mount: AnyManifest) =>
      withContainer((container) => {
        container.volumeMounts = [{ name: 'settings', mountPath: '/a', ...mount }];
      });
    expect(problemsOf(mounted({ subPath: 'x', subPathExpr: '$(POD_NAME)' }), 'pod-spec')).toEqual([
      {
        message:
          'volume mount "settings" of container "app" at /a has both subPath "x" and subPathExpr "$(POD_NAME)", which the API server refuses (mutually exclusive)',
        fix: 'keep subPathExpr to expand variables, or subPath for a fixed path',
      },
    ]);
    expect(problemsOf(mounted({ subPath: '', subPathExpr: '$(POD_NAME)' }), 'pod-spec')).toEqual([]);
  });

  it('fires for Bidirectional mount propagation in a container that is not privileged, and passes it in a privileged one', () => {
    const propagating = (securityContext: AnyManifest) =>
      withContainer((container) => {
        container.securityContext = securityContext;
        container.volumeMounts = [{ name: 'settings', mountPath: '/a', mountPropagation: 'Bidirectional' }];
      });
    expect(problemsOf(propagating({ privileged: false }), 'pod-spec')).toEqual([
      {
        message:
          'volume mount "settings" of container "app" at /a has mountPropagation Bidirectional, which the API server allows only in a privileged container',
        fix: 'use HostToContainer to see the mounts of the host, or make the container privileged (securityContext.privileged: true)',
      },
    ]);
    expect(problemsOf(propagating({ privileged: true }), 'pod-spec')).toEqual([]);
  });

  it('fires for a configMapKeyRef or secretKeyRef key that is not a config key, or is empty', () => {
    const objects = withContainer((container) => {
      container.env = [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'api', key: 'bad key' } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a/b' } } },
        { name: 'C', valueFrom: { configMapKeyRef: { name: 'settings', key: '..a' } } },
        { name: 'D', valueFrom: { configMapKeyRef: { name: 'settings', key: '' } } },
        { name: 'E', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a..b_c-1.d' } } },
      ];
    });
    const keyProblem = (variable: string, ref: string, key: string) => ({
      message: `env ${variable} of container "app" reads ${ref} key ${JSON.stringify(key)}, which is no key of a ConfigMap or Secret: at most 253 letters, digits, '-', '_' or '.', not "." and not starting with ".."`,
      fix: `name a key the object has, e.g. "${key.replace(/[^-._a-zA-Z0-9]+/g, '-').replace(/^\.+/, '')}"`,
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      keyProblem('A', 'secretKeyRef', 'bad key'),
      keyProblem('B', 'configMapKeyRef', 'a/b'),
      keyProblem('C', 'configMapKeyRef', '..a'),
      {
        message: 'env D of container "app" reads configMapKeyRef key "", which the API server refuses (Required value)',
        fix: 'name the key of the ConfigMap the variable takes',
      },
    ]);
  });

  it('fires for an envFrom item of both configMapRef and secretRef, or of neither', () => {
    const objects = withContainer((container) => {
      container.envFrom = [
        { configMapRef: { name: 'settings' }, secretRef: { name: 'api' } },
        { prefix: 'P_' },
        { configMapRef: { name: 'settings' } },
      ];
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message:
          'envFrom[0] of container "app" has both configMapRef and secretRef; an item takes one (may not have more than one field specified at a time)',
        fix: 'give the ConfigMap and the Secret an envFrom item each',
      },
      {
        message: 'envFrom[1] of container "app" has neither configMapRef nor secretRef',
        fix: 'name the ConfigMap (configMapRef) or the Secret (secretRef) whose keys become variables, or remove the item',
      },
    ]);
  });

  it('fires for a sysctl named twice', () => {
    const objects = withPod((pod) => {
      pod.securityContext = {
        sysctls: [
          { name: 'kernel.shm_rmid_forced', value: '1' },
          { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
          { name: 'kernel.shm_rmid_forced', value: '0' },
        ],
      };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'sysctls[2] sets "kernel.shm_rmid_forced", which sysctls[0] sets already (Duplicate value)',
        fix: 'set each sysctl once',
      },
    ]);
  });

  it('fires for a nodeName that is not a DNS-1123 subdomain, and passes one that is', () => {
    const onNode = (nodeName: string) =>
      withPod((pod) => {
        pod.nodeName = nodeName;
      });
    expect(problemsOf(onNode('Bad_Node'), 'pod-spec')).toEqual([
      {
        message:
          'nodeName "Bad_Node" is not a DNS-1123 subdomain (at most 253 lower-case letters, digits, "-" and "."), so it names no node',
        fix: 'write the name of the node as `kubectl get nodes` shows it, e.g. "bad-node", or leave nodeName out and let the scheduler pick',
      },
    ]);
    expect(problemsOf(onNode('node-1.example'), 'pod-spec')).toEqual([]);
  });
});

describe('pod-spec: inline volume sources, as the PersistentVolume rule checks them', () => {
  const withVolume = (source: AnyManifest) =>
    withPod((pod) => {
      pod.volumes.push({ name: 'inline', ...source });
    });
  const messages = (source: AnyManifest) => problemsOf(withVolume(source), 'pod-spec').map(({ message }) => message);

  it('fires for an NFS volume of no server or a relative path', () => {
    expect(messages({ nfs: { server: '', path: 'x' } })).toEqual([
      'volume "inline" nfs.server is empty, which the API server refuses (Required value)',
      'volume "inline" nfs.path "x" is not an absolute path, which the API server refuses',
    ]);
  });

  it('fires for an inline CSI driver that is no DNS subdomain, or is empty', () => {
    expect(messages({ csi: { driver: 'Bad_Driver' } })).toEqual([
      'volume "inline" csi.driver "Bad_Driver" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; the API server compares it in lower case), which the API server refuses',
    ]);
    expect(messages({ csi: { driver: '' } })).toEqual([
      'volume "inline" csi.driver is empty, which the API server refuses (Required value)',
    ]);
  });

  it('fires for an iSCSI iqn or initiatorName that is no iqn, eui or naa name, an empty targetPortal, a lun above 255', () => {
    expect(messages({ iscsi: { targetPortal: '', iqn: 'bad', lun: 256, initiatorName: 'iqn.bad' } })).toEqual([
      'volume "inline" iscsi.targetPortal is empty, which the API server refuses (Required value)',
      'volume "inline" iscsi.iqn "bad" is not an iSCSI qualified name: iqn.YYYY-MM.<reversed domain>[:<name>], eui.<16 hex digits> or naa.<32 hex digits>',
      'volume "inline" iscsi.initiatorName "iqn.bad" is not an iSCSI qualified name: iqn.YYYY-MM.<reversed domain>[:<name>], eui.<16 hex digits> or naa.<32 hex digits>',
      'volume "inline" iscsi.lun 256 is outside 0-255, which the API server refuses',
    ]);
  });

  it('passes the sources both servers take: NFS at "/", a CSI driver in upper case, iSCSI names of each format', () => {
    for (const source of [
      { nfs: { server: 'nfs.example.com', path: '/' } },
      { csi: { driver: 'Inline.CSI.example.com' } },
      { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
      { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.0123456789ABCDEF', lun: 255 } },
      { iscsi: { targetPortal: '10.0.0.1:3260', iqn: `naa.${'0123456789abcdef'.repeat(2)}`, lun: 1 } },
    ]) {
      expect(messages(source)).toEqual([]);
    }
  });
});

describe('probe-spec and pod-spec: httpGet header names', () => {
  const HEADER_NAME = 'which is no HTTP header name (letters, digits and "-")';

  it('refuses a probe header name of a space, an underscore or none, as both API servers do', () => {
    // Both: 'readinessProbe.httpGet.httpHeaders: Invalid value: "bad header": a valid HTTP header must consist of
    // alphanumeric characters or '-''; "X_Custom" and "" alike.
    const objects = withContainer((container) => {
      container.readinessProbe = {
        httpGet: {
          path: '/',
          port: 'http',
          httpHeaders: [
            { name: 'bad header', value: 'x' },
            { name: 'X-Ok', value: '' },
          ],
        },
      };
      container.livenessProbe = { httpGet: { path: '/', port: 'http', httpHeaders: [{ name: '', value: 'x' }] } };
      container.startupProbe = {
        httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X_Trace:', value: '1' }] },
      };
    });
    expect(problemsOf(objects, 'probe-spec')).toEqual([
      {
        message: `readinessProbe.httpGet of container "app" sends the header "bad header", ${HEADER_NAME}`,
        fix: 'name the header with letters, digits and "-", e.g. "bad-header"',
      },
      {
        message: `livenessProbe.httpGet of container "app" sends the header "", ${HEADER_NAME}`,
        fix: 'name the header with letters, digits and "-", e.g. "X-Probe"',
      },
      {
        message: `startupProbe.httpGet of container "app" sends the header "X_Trace:", ${HEADER_NAME}`,
        fix: 'name the header with letters, digits and "-", e.g. "X-Trace"',
      },
    ]);
  });

  it("refuses the same of a lifecycle hook's httpGet (pod-spec)", () => {
    // Both: 'lifecycle.postStart.httpGet.httpHeaders: Invalid value: "bad header"'.
    const objects = withContainer((container) => {
      container.lifecycle = {
        postStart: { httpGet: { path: '/', port: 8080, httpHeaders: [{ name: 'bad header', value: 'x' }] } },
      };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: `lifecycle.postStart.httpGet of container "app" sends the header "bad header", ${HEADER_NAME}`,
        fix: 'name the header with letters, digits and "-", e.g. "bad-header"',
      },
    ]);
  });

  it('passes header names of letters, digits and "-", which both API servers take', () => {
    const objects = withContainer((container) => {
      const httpHeaders = [
        { name: 'X-Custom-Header', value: 'x' },
        { name: 'authorization', value: 'Bearer t' },
        { name: '-1', value: '' },
      ];
      container.readinessProbe = { httpGet: { path: '/', port: 'http', httpHeaders } };
      container.lifecycle = { preStop: { httpGet: { path: '/', port: 8080, httpHeaders } } };
    });
    expect([...problemsOf(objects, 'probe-spec'), ...problemsOf(objects, 'pod-spec')]).toEqual([]);
  });
});

describe('pod-spec: ports on the host network, and dnsConfig options', () => {
  it('refuses a hostPort other than the containerPort on the host network, as both API servers do', () => {
    // 1.27: 'containers[0].ports[0].containerPort: Invalid value: 8080: must match `hostPort` when `hostNetwork` is
    // true'; 1.37: 'ports[0].hostPort: Invalid value: 8081: must match `containerPort`', of a Pod and of a Deployment.
    const objects = withPod((pod) => {
      pod.hostNetwork = true;
      pod.containers[0].ports = [
        { containerPort: 8080, hostPort: 8081, name: 'http' },
        { containerPort: 9090, hostPort: 9090 },
      ];
    });
    for (const release of ['1.27', '1.37']) {
      expect(problemsOf(objects, 'pod-spec', release)).toEqual([
        {
          message:
            'container "app" maps containerPort 8080 to hostPort 8081, but the pod is on the node\'s network (hostNetwork), where a port must be the same on both',
          fix: 'set hostPort to 8080, or leave it out (the API server makes it containerPort)',
        },
      ]);
    }
  });

  it('passes ports of no hostPort or of hostPort 0 on the host network, an init container of another hostPort, and any hostPort off it', () => {
    // Both servers: no hostPort (or 0) becomes the containerPort; init containers' ports are not compared.
    const hostNetwork = withPod((pod) => {
      pod.hostNetwork = true;
      pod.containers[0].ports = [
        { containerPort: 8080, name: 'http' },
        { containerPort: 9090, hostPort: 0 },
      ];
      pod.initContainers = [{ name: 'init', image: 'busybox:1.36', ports: [{ containerPort: 80, hostPort: 81 }] }];
    });
    const offIt = withPod((pod) => {
      pod.containers[0].ports = [{ containerPort: 8080, hostPort: 8081, name: 'http' }];
    });
    expect([...problemsOf(hostNetwork, 'pod-spec'), ...problemsOf(offIt, 'pod-spec')]).toEqual([]);
  });

  it('refuses a dnsConfig option of no name, as both API servers do', () => {
    // Both: 'dnsConfig.options[1]: Required value: must not be empty', of '' and of no name at all.
    const objects = withPod((pod) => {
      pod.dnsConfig = { options: [{ name: 'ndots', value: '2' }, { name: '' }, { value: '3' }] };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([
      {
        message: 'dnsConfig.options[1] has no name, which the API server refuses (Required value)',
        fix: 'name the resolver option, e.g. "ndots", or remove it',
      },
      {
        message: 'dnsConfig.options[2] has no name (its value is "3"), which the API server refuses (Required value)',
        fix: 'name the resolver option, e.g. "ndots", or remove it',
      },
    ]);
  });

  it('passes named options, with or without a value', () => {
    const objects = withPod((pod) => {
      pod.dnsConfig = { options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    });
    expect(problemsOf(objects, 'pod-spec')).toEqual([]);
  });
});

describe("pod-spec: an init container's lifecycle hooks", () => {
  const PRE_STOP = { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } } };

  it('refuses lifecycle hooks of an init container that is not a sidecar, as both API servers do', () => {
    // 1.27: 'initContainers[0].lifecycle: Forbidden: may not be set for init containers'; 1.37: '... without
    // restartPolicy=Always'.
    const objects = withPod((pod) => {
      pod.initContainers = [{ name: 'migrate', image: 'busybox:1.36', lifecycle: PRE_STOP }];
    });
    expect(problemsOf(objects, 'pod-spec', '1.27')).toEqual([
      {
        message:
          'init container "migrate" has lifecycle hooks, which the API server refuses of an init container on Kubernetes 1.27 (sidecars, which may have them, come with 1.29)',
        fix: 'remove lifecycle (an init container runs to completion; do the work in its command)',
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'init container "migrate" has lifecycle hooks, which the API server refuses of an init container that is not a sidecar (restartPolicy Always)',
        fix: 'remove lifecycle (an init container runs to completion; do the work in its command), or make it a sidecar with restartPolicy: Always',
      },
    ]);
  });

  it('passes the lifecycle hooks of a sidecar from 1.29', () => {
    const objects = withPod((pod) => {
      pod.initContainers = [
        { name: 'proxy', image: 'envoyproxy/envoy:v1.30.0', restartPolicy: 'Always', lifecycle: PRE_STOP },
      ];
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([]);
  });
});

describe('pod-spec: fields newer than 1.27 that 1.37 ties to others', () => {
  it('refuses recursiveReadOnly on a mount that is not readOnly, from 1.31', () => {
    // 1.37: 'volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true'.
    const objects = withContainer((container) => {
      container.volumeMounts = [
        { name: 'settings', mountPath: '/etc/app', recursiveReadOnly: 'Enabled' },
        { name: 'data', mountPath: '/data', readOnly: true, recursiveReadOnly: 'IfPossible' },
      ];
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'volume mount "settings" of container "app" at /etc/app has recursiveReadOnly Enabled and is not readOnly, which Kubernetes 1.37 refuses',
        fix: 'set readOnly: true on the mount, or remove recursiveReadOnly',
      },
    ]);
    expect(problemsOf(objects, 'pod-spec', '1.27')).toEqual([]);
  });

  it('refuses restartPolicyRules without a restartPolicy of the container, from 1.35', () => {
    // 1.37: 'containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used'.
    const rules = [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }];
    const objects = withContainer((container) => {
      container.restartPolicyRules = rules;
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'container "app" has restartPolicyRules and no restartPolicy of its own, which Kubernetes 1.37 refuses',
        fix: "set the container's restartPolicy (e.g. Never, restarting it only on the exit codes of the rules)",
      },
    ]);
    const withPolicy = withContainer((container) => {
      container.restartPolicy = 'Never';
      container.restartPolicyRules = rules;
    });
    expect(problemsOf(withPolicy, 'pod-spec', '1.37')).toEqual([]);
  });

  it('refuses recursiveReadOnly beside a mountPropagation, and a restart rule of no exitCodes (third round on 1.37)', () => {
    // 1.37: 'recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified',
    // 'restartPolicyRules[0].exitCodes: Required value: must be specified'.
    const objects = withContainer((container) => {
      container.volumeMounts = [
        {
          name: 'settings',
          mountPath: '/etc/app',
          readOnly: true,
          recursiveReadOnly: 'Enabled',
          mountPropagation: 'HostToContainer',
        },
      ];
      container.restartPolicy = 'Never';
      container.restartPolicyRules = [{ action: 'Restart' }];
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'volume mount "settings" of container "app" at /etc/app has recursiveReadOnly Enabled and mountPropagation HostToContainer, which Kubernetes 1.37 refuses (only without propagation)',
        fix: 'remove mountPropagation, or recursiveReadOnly',
      },
      {
        message: 'restartPolicyRules[0] of container "app" has no exitCodes, which Kubernetes 1.37 refuses',
        fix: 'give the rule the exit codes it restarts on, e.g. exitCodes: { operator: In, values: [42] }',
      },
    ]);
  });

  it('refuses an image volume of an unknown pullPolicy, from 1.35', () => {
    // 1.37: 'volumes[0].image.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'.
    const objects = withPod((pod) => {
      pod.volumes.push({ name: 'model', image: { reference: 'busybox:1.36', pullPolicy: 'Sometimes' } });
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'image volume "model" has pullPolicy "Sometimes", which Kubernetes 1.37 refuses; it takes Always, IfNotPresent, Never',
        fix: 'use Always, IfNotPresent or Never, or leave it out',
      },
    ]);
  });

  it('refuses an image volume of no reference, from 1.35', () => {
    // 1.37: 'volumes[0].image.reference: Required value'.
    const objects = withPod((pod) => {
      pod.volumes.push(
        { name: 'model', image: { reference: '' } },
        { name: 'tools', image: { reference: 'busybox:1.36' } },
      );
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message: 'image volume "model" names no image (reference is ""), which Kubernetes 1.37 refuses',
        fix: 'set image.reference to the image (or OCI artifact) to mount, e.g. "registry.example.com/models/llm:v1"',
      },
    ]);
  });
});

describe("pod-spec: a pod's hostnameOverride", () => {
  it('refuses one that is no DNS subdomain, and one beside setHostnameAsFQDN, on 1.37', () => {
    // 1.37: 'hostnameOverride: Invalid value: "Bad_Host": a lowercase RFC 1123 subdomain ...', 'hostnameOverride:
    // Forbidden: may not be specified when setHostnameAsFQDN is true'; 1.27 has no such field (the schema's).
    const objects = withPod((pod) => {
      pod.hostnameOverride = 'Bad_Host';
      pod.setHostnameAsFQDN = true;
    });
    expect(problemsOf(objects, 'pod-spec', '1.37')).toEqual([
      {
        message:
          'hostnameOverride "Bad_Host" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), which Kubernetes 1.37 refuses',
        fix: 'write the hostname in lower case, e.g. "worker-0.example"',
      },
      {
        message: 'hostnameOverride is set beside setHostnameAsFQDN, which Kubernetes 1.37 refuses',
        fix: 'remove setHostnameAsFQDN, or hostnameOverride',
      },
    ]);
    expect(
      problemsOf(
        withPod((pod) => (pod.hostnameOverride = 'worker-0.example')),
        'pod-spec',
        '1.37',
      ),
    ).toEqual([]);
  });
});
