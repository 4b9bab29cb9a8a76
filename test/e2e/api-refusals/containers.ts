import { HTTP_GET_PROTOCOL_SINCE } from '../../../lib/checks/http-get-protocol';
import { RELAXED_ENV_NAMES } from '../../../lib/checks/pod-rules';
import { IMAGE_VOLUME_SINCE, LIFECYCLE_SLEEP_SINCE, LIFECYCLE_SLEEP_ZERO_SINCE } from '../../../lib/checks/pod-values';
import {
  APPARMOR_FIELD_SINCE,
  CONTAINER_RESTART_RULES_SINCE,
  PROC_MOUNT_CHECKED_SINCE,
  RECURSIVE_READ_ONLY_SINCE,
} from '../../../lib/checks/value-rules';
import { RESIZE_POLICY_SINCE } from '../../../lib/checks/resize-policy';
import { POD_RESOURCE_CLAIMS_SINCE } from '../../../lib/checks/pod-resource-claims';
import { Patch, Refusal, RefusalTables, deployment, object } from './builders';

const env = (entry: Patch) => deployment('d', { container: { env: [{ name: 'X', ...entry }] } });
const probe = (kind: string, value: Patch) => deployment('d', { container: { [kind]: value } });
const TCP = { tcpSocket: { port: 80 } };
const resources = (value: Patch) => deployment('d', { container: { resources: value } });
const lifecycle = (value: Patch) => deployment('d', { container: { lifecycle: value } });
const mount = (value: Patch) =>
  deployment('d', {
    pod: { volumes: [{ name: 'v', emptyDir: {} }] },
    container: { volumeMounts: [{ name: 'v', ...value }] },
  });
const containerSecurity = (context: Patch) => deployment('d', { container: { securityContext: context } });
/** A Deployment of a claim `d` and an emptyDir `e`, whose container has these volumeDevices (and mounts). */
const devices = (volumeDevices: Patch[], volumeMounts: Patch[] = []) =>
  deployment('d', {
    pod: {
      volumes: [
        { name: 'd', persistentVolumeClaim: { claimName: 'c' } },
        { name: 'e', emptyDir: {} },
      ],
    },
    container: { volumeDevices, volumeMounts },
  });
const resizePolicy = (policies: Patch[]) => deployment('d', { container: { resizePolicy: policies } });

/** Containers: probes, lifecycle hooks, env and envFrom, resources, images, ports, mounts and security contexts. */
export const CONTAINERS: RefusalTables = {
  refusedEverywhere: [
    [
      'a readiness probe that execs no command',
      'probe-spec',
      deployment('exec-probe', { container: { readinessProbe: { exec: { command: [] } } } }),
    ],
    [
      'a preStop hook that execs no command',
      'pod-spec',
      deployment('exec-hook', { container: { lifecycle: { preStop: { exec: {} } } } }),
    ],
    [
      'a preStop hook on a port name that is no IANA service name',
      'port-name',
      deployment('d', { container: { lifecycle: { preStop: { httpGet: { port: 'http x' } } } } }),
    ],
    [
      'a postStart hook on port 0',
      'port-range',
      deployment('d', { container: { lifecycle: { postStart: { tcpSocket: { port: 0 } } } } }),
    ],
    [
      'a probe header named with a space',
      'probe-spec',
      probe('readinessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'bad header', value: 'x' }] } }),
    ],
    [
      'a probe header named with an underscore',
      'probe-spec',
      probe('livenessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'X_Custom', value: 'x' }] } }),
    ],
    [
      'a postStart hook header named with a space',
      'pod-spec',
      lifecycle({ postStart: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'bad header', value: 'x' }] } } }),
    ],
    [
      'a probe of scheme FTP',
      'enum-values',
      probe('readinessProbe', { httpGet: { path: '/', port: 80, scheme: 'FTP' } }),
    ],
    [
      'a probe of scheme http, in lower case',
      'enum-values',
      probe('startupProbe', { httpGet: { path: '/', port: 80, scheme: 'http' } }),
    ],
    ['a preStop hook of scheme FTP', 'enum-values', lifecycle({ preStop: { httpGet: { port: 80, scheme: 'FTP' } } })],
    ['a probe without a handler', 'probe-spec', probe('readinessProbe', { periodSeconds: 5 })],
    ['a probe of two handlers', 'probe-spec', probe('livenessProbe', { ...TCP, exec: { command: ['true'] } })],
    ['a liveness probe of successThreshold 2', 'probe-spec', probe('livenessProbe', { ...TCP, successThreshold: 2 })],
    ['a negative probe period', 'probe-spec', probe('readinessProbe', { ...TCP, periodSeconds: -1 })],
    [
      'a readiness probe with a grace period',
      'probe-spec',
      probe('readinessProbe', { ...TCP, terminationGracePeriodSeconds: 5 }),
    ],
    [
      'an env value beside valueFrom',
      'pod-spec',
      env({ value: '1', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }),
    ],
    [
      'an env valueFrom of two sources',
      'pod-spec',
      env({ valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } } }),
    ],
    [
      'a fieldRef the server does not expose',
      'pod-spec',
      env({ valueFrom: { fieldRef: { fieldPath: 'metadata.foo' } } }),
    ],
    ['a fieldRef of all labels', 'pod-spec', env({ valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } })],
    [
      'a resourceFieldRef of no resource',
      'pod-spec',
      env({ valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }),
    ],
    ['a resource name that is not a container resource', 'pod-spec', resources({ requests: { cpus: '1' } })],
    ['huge pages without cpu or memory', 'pod-spec', resources({ limits: { 'hugepages-2Mi': '4Mi' } })],
    [
      'huge pages requested without a limit',
      'pod-spec',
      resources({ requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi' } }),
    ],
    [
      'huge pages requested below their limit',
      'pod-spec',
      resources({
        requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi' },
        limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi' },
      }),
    ],
    [
      'an extended resource that is not a whole number',
      'quantity',
      resources({ limits: { 'example.com/gpu': '500m' } }),
    ],
    ['an extended resource requested without a limit', 'quantity', resources({ requests: { 'example.com/gpu': '1' } })],
    [
      'an extended resource requested below its limit',
      'quantity',
      resources({ requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } }),
    ],
    [
      'a preStop sleep longer than the termination grace period',
      'pod-spec',
      lifecycle({ preStop: { sleep: { seconds: 31 } } }),
    ],
    ['a preStop hook without a handler', 'pod-spec', lifecycle({ preStop: {} })],
    [
      'a preStop hook of two handlers',
      'pod-spec',
      lifecycle({ preStop: { exec: { command: ['true'] }, httpGet: { path: '/', port: 80 } } }),
    ],
    [
      'a negative runAsUser of a container',
      'pod-spec',
      deployment('d', { container: { securityContext: { runAsUser: -1 } } }),
    ],
    ['a mount without a mountPath', 'pod-spec', mount({ mountPath: '' })],
    ['an absolute subPath', 'pod-spec', mount({ mountPath: '/d', subPath: '/abs' })],
    ['a subPath that climbs out with ".."', 'pod-spec', mount({ mountPath: '/d', subPath: 'a/../..' })],
    ['an absolute subPathExpr', 'pod-spec', mount({ mountPath: '/d', subPathExpr: '/$(POD)' })],
    [
      'two mounts of a container at one mountPath',
      'unique-names',
      deployment('d', {
        pod: {
          volumes: [
            { name: 'a', emptyDir: {} },
            { name: 'b', emptyDir: {} },
          ],
        },
        container: {
          volumeMounts: [
            { name: 'a', mountPath: '/data' },
            { name: 'b', mountPath: '/data', subPath: 'b' },
          ],
        },
      }),
    ],
    [
      'a probe delay beyond 2^31 - 1 seconds',
      'schema',
      probe('readinessProbe', { ...TCP, initialDelaySeconds: 2 ** 31 }),
    ],
    [
      'a Localhost seccomp profile without localhostProfile',
      'pod-spec',
      containerSecurity({ seccompProfile: { type: 'Localhost' } }),
    ],
    [
      'a seccomp localhostProfile beside type RuntimeDefault',
      'pod-spec',
      containerSecurity({ seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x.json' } }),
    ],
    [
      'a mount of both subPath and subPathExpr',
      'pod-spec',
      mount({ mountPath: '/d', subPath: 'x', subPathExpr: 'yy' }),
    ],
    [
      'Bidirectional mount propagation in a container that is not privileged',
      'pod-spec',
      mount({ mountPath: '/d', mountPropagation: 'Bidirectional' }),
    ],
    ['a mountPropagation of no known value', 'enum-values', mount({ mountPath: '/d', mountPropagation: 'Weird' })],
    ['an empty mountPropagation', 'enum-values', mount({ mountPath: '/d', mountPropagation: '' })],
    [
      'a secretKeyRef key with a space',
      'pod-spec',
      env({ valueFrom: { secretKeyRef: { name: 's', key: 'bad key', optional: true } } }),
    ],
    [
      'a configMapKeyRef key with a slash',
      'pod-spec',
      env({ valueFrom: { configMapKeyRef: { name: 'c', key: 'a/b', optional: true } } }),
    ],
    [
      'a configMapKeyRef key starting with ".."',
      'pod-spec',
      env({ valueFrom: { configMapKeyRef: { name: 'c', key: '..a', optional: true } } }),
    ],
    [
      'an envFrom item of both a ConfigMap and a Secret',
      'pod-spec',
      deployment('d', { container: { envFrom: [{ configMapRef: { name: 'c' }, secretRef: { name: 's' } }] } }),
    ],
    ['an envFrom item of neither source', 'pod-spec', deployment('d', { container: { envFrom: [{ prefix: 'P_' }] } })],
    [
      'terminationMessagePolicy in the wrong case',
      'enum-values',
      deployment('d', { container: { terminationMessagePolicy: 'file' } }),
    ],
    ...(
      [
        [
          'an optional configMapKeyRef of no ConfigMap name',
          { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: 'k', optional: true } } }] },
        ],
        [
          'an optional secretKeyRef of an empty name',
          { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: '', key: 'k', optional: true } } }] },
        ],
        [
          'an optional envFrom secretRef of no Secret name',
          { envFrom: [{ secretRef: { name: 'Bad_Name', optional: true } }] },
        ],
        [
          'an optional envFrom configMapRef of an empty name',
          { envFrom: [{ configMapRef: { name: '', optional: true } }] },
        ],
      ] as const
    ).map(([name, container]): Refusal => [name, 'pod-spec', deployment('d', { container })]),
    [
      'an env resourceFieldRef of limits.cpu with divisor 2',
      'pod-spec',
      env({ valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '2' } } }),
    ],
    [
      'a preStop hook of an init container that is not a sidecar',
      'pod-spec',
      deployment('d', {
        pod: {
          initContainers: [
            { name: 'i', image: 'busybox:1.36', lifecycle: { preStop: { exec: { command: ['true'] } } } },
          ],
        },
      }),
    ],
    [
      'CAP_SYS_ADMIN added beside allowPrivilegeEscalation false',
      'privilege-escalation',
      containerSecurity({ allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } }),
    ],
    ['a volumeDevice of an emptyDir', 'pod-spec', devices([{ name: 'e', devicePath: '/dev/x' }])],
    ['a volumeDevice of no volume of the pod', 'pod-spec', devices([{ name: 'nope', devicePath: '/dev/x' }])],
    [
      'a volumeDevice of one claim twice',
      'pod-spec',
      devices([
        { name: 'd', devicePath: '/dev/x' },
        { name: 'd', devicePath: '/dev/y' },
      ]),
    ],
    ['a volumeDevice path with ".."', 'pod-spec', devices([{ name: 'd', devicePath: '/dev/../x' }])],
    [
      'a volumeDevice of a claim the container also mounts',
      'pod-spec',
      devices([{ name: 'd', devicePath: '/dev/x' }], [{ name: 'd', mountPath: '/data' }]),
    ],
    [
      'a volumeDevice at the path of a mount',
      'pod-spec',
      devices([{ name: 'd', devicePath: '/x' }], [{ name: 'e', mountPath: '/x' }]),
    ],
    [
      'one hostPort of TCP bound by two containers',
      'unique-names',
      deployment('d', {
        pod: {
          containers: [
            { name: 'a', image: 'nginx:1.25', ports: [{ containerPort: 80, hostPort: 8080 }] },
            { name: 'b', image: 'nginx:1.25', ports: [{ containerPort: 81, hostPort: 8080 }] },
          ],
        },
      }),
    ],
  ],
  byRelease: [
    [
      HTTP_GET_PROTOCOL_SINCE,
      [
        'an httpGet protocol of a probe and of a preStop hook (1.37 drops it, whatever its value)',
        'schema',
        deployment('protocol', {
          container: {
            readinessProbe: { httpGet: { path: '/', port: 80, protocol: 'HTTP2' } },
            lifecycle: { preStop: { httpGet: { path: '/', port: 80, protocol: 'FTP' } } },
          },
        }),
      ],
    ],
    [
      '1.29',
      ['a fieldRef of status.hostIPs', 'pod-spec', env({ valueFrom: { fieldRef: { fieldPath: 'status.hostIPs' } } })],
    ],
    [
      RELAXED_ENV_NAMES,
      [
        'an env name with a digit first',
        'pod-spec',
        deployment('d', { container: { env: [{ name: '1X', value: '1' }] } }),
      ],
    ],
    [
      RELAXED_ENV_NAMES,
      [
        'an envFrom prefix with a digit first',
        'pod-spec',
        deployment('d', { container: { envFrom: [{ prefix: '1_', configMapRef: { name: 'c' } }] } }),
      ],
    ],
    [
      LIFECYCLE_SLEEP_SINCE,
      ['a preStop hook that sleeps', 'pod-spec', lifecycle({ preStop: { sleep: { seconds: 5 } } })],
    ],
    [
      // Seen taken by 1.37, whose API has fileKeyRef; 1.27's has no such field.
      '1.37',
      [
        'an env var read from an env file (fileKeyRef)',
        'schema',
        deployment('d', {
          pod: { volumes: [{ name: 'env-files', emptyDir: {} }] },
          container: {
            env: [{ name: 'X', valueFrom: { fileKeyRef: { volumeName: 'env-files', path: 'app.env', key: 'X' } } }],
          },
        }),
      ],
    ],
    [
      LIFECYCLE_SLEEP_ZERO_SINCE,
      ['a preStop hook that sleeps without seconds (0)', 'pod-spec', lifecycle({ preStop: { sleep: {} } })],
    ],
    [
      LIFECYCLE_SLEEP_ZERO_SINCE,
      ['a preStop hook that sleeps 0 seconds', 'pod-spec', lifecycle({ preStop: { sleep: { seconds: 0 } } })],
    ],
  ],
  refusedSince: [
    [
      PROC_MOUNT_CHECKED_SINCE,
      [
        'a procMount in the wrong case',
        'enum-values',
        deployment('d', { container: { securityContext: { procMount: 'default' } } }),
      ],
    ],
    [
      PROC_MOUNT_CHECKED_SINCE,
      [
        'procMount Unmasked in the host user namespace',
        'pod-spec',
        deployment('d', { container: { securityContext: { procMount: 'Unmasked' } } }),
      ],
    ],
    [
      RESIZE_POLICY_SINCE,
      [
        'a resizePolicy of nvidia.com/gpu',
        'pod-spec',
        resizePolicy([{ resourceName: 'nvidia.com/gpu', restartPolicy: 'NotRequired' }]),
      ],
    ],
    [
      RESIZE_POLICY_SINCE,
      [
        'a resizePolicy of restartPolicy Sometimes',
        'pod-spec',
        resizePolicy([{ resourceName: 'cpu', restartPolicy: 'Sometimes' }]),
      ],
    ],
    [
      RESIZE_POLICY_SINCE,
      [
        'a resizePolicy of cpu twice',
        'pod-spec',
        resizePolicy([
          { resourceName: 'cpu', restartPolicy: 'NotRequired' },
          { resourceName: 'cpu', restartPolicy: 'RestartContainer' },
        ]),
      ],
    ],
    [
      POD_RESOURCE_CLAIMS_SINCE,
      [
        "a container's resources.claims of a claim the pod does not have",
        'pod-spec',
        deployment('d', { container: { resources: { claims: [{ name: 'gpu' }] } } }),
      ],
    ],
  ],
  refusedWhereServed: [
    [
      APPARMOR_FIELD_SINCE,
      [
        "a container's AppArmor annotation of another type than its field",
        'pod-spec',
        (() => {
          const manifest = containerSecurity({ appArmorProfile: { type: 'Unconfined' } });
          manifest.spec.template.metadata.annotations = {
            'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
          };
          return manifest;
        })(),
      ],
    ],
    [
      RECURSIVE_READ_ONLY_SINCE,
      [
        'recursiveReadOnly Enabled beside mountPropagation HostToContainer',
        'pod-spec',
        mount({ mountPath: '/x', readOnly: true, recursiveReadOnly: 'Enabled', mountPropagation: 'HostToContainer' }),
      ],
    ],
    [
      CONTAINER_RESTART_RULES_SINCE,
      [
        'a restart rule of no exitCodes',
        'pod-spec',
        deployment('d', { container: { restartPolicy: 'Never', restartPolicyRules: [{ action: 'Restart' }] } }),
      ],
    ],
    [
      IMAGE_VOLUME_SINCE,
      [
        'an image volume of pullPolicy Sometimes',
        'pod-spec',
        deployment('d', {
          pod: { volumes: [{ name: 'm', image: { reference: 'busybox:1.36', pullPolicy: 'Sometimes' } }] },
        }),
      ],
    ],
    [
      RECURSIVE_READ_ONLY_SINCE,
      [
        'recursiveReadOnly Enabled on a mount that is not readOnly',
        'pod-spec',
        mount({ mountPath: '/x', recursiveReadOnly: 'Enabled' }),
      ],
    ],
    [
      RECURSIVE_READ_ONLY_SINCE,
      [
        'recursiveReadOnly of no known value',
        'enum-values',
        mount({ mountPath: '/x', readOnly: true, recursiveReadOnly: 'Yes' }),
      ],
    ],
    [
      CONTAINER_RESTART_RULES_SINCE,
      [
        "restartPolicyRules without the container's restartPolicy",
        'pod-spec',
        deployment('d', {
          container: { restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }] },
        }),
      ],
    ],
    [
      CONTAINER_RESTART_RULES_SINCE,
      [
        'a restart rule of action Kill and operator Equals',
        'enum-values',
        deployment('d', {
          container: {
            restartPolicy: 'Never',
            restartPolicyRules: [{ action: 'Kill', exitCodes: { operator: 'Equals', values: [42] } }],
          },
        }),
      ],
    ],
    [
      APPARMOR_FIELD_SINCE,
      [
        'an AppArmor profile of type Localhost without localhostProfile',
        'pod-spec',
        containerSecurity({ appArmorProfile: { type: 'Localhost' } }),
      ],
    ],
    [
      APPARMOR_FIELD_SINCE,
      [
        'an AppArmor localhostProfile padded with a space',
        'pod-spec',
        containerSecurity({ appArmorProfile: { type: 'Localhost', localhostProfile: ' x' } }),
      ],
    ],
    [
      APPARMOR_FIELD_SINCE,
      [
        'an AppArmor profile type of no known value',
        'enum-values',
        containerSecurity({ appArmorProfile: { type: 'Weird' } }),
      ],
    ],
  ],
  kubeletRefusals: [
    [
      'an env resourceFieldRef of a container the pod does not have',
      'pod-spec',
      env({ valueFrom: { resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } } }),
    ],
    [
      'a downwardAPI volume item of a resource of a container the pod does not have',
      'pod-spec',
      deployment('d', {
        pod: {
          volumes: [
            {
              name: 'v',
              downwardAPI: {
                items: [{ path: 'cpu', resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } }],
              },
            },
          ],
        },
      }),
    ],
    ['an image with upper case', 'image-reference', deployment('d', { container: { image: 'Nginx:1.25' } })],
    ['an image with a space', 'image-reference', deployment('d', { container: { image: 'nginx latest' } })],
    [
      'a probe on a port name the container does not give (the kubelet cannot resolve it)',
      'probe-port',
      probe('livenessProbe', { httpGet: { path: '/healthz', port: 'metrics' } }),
    ],
    [
      'a container that must run as non-root and runs as user 0 (the kubelet refuses to start it)',
      'non-root-user',
      deployment('d', {
        pod: { securityContext: { runAsNonRoot: true } },
        container: { securityContext: { runAsUser: 0 } },
      }),
    ],
  ],
  acceptedEverywhere: [
    [
      'probe and hook headers of letters, digits and "-"; schemes HTTPS and "" (HTTP)',
      deployment('d', {
        container: {
          readinessProbe: {
            httpGet: {
              path: '/',
              port: 80,
              scheme: '',
              httpHeaders: [
                { name: 'X-Custom-Header', value: 'x' },
                { name: '-1', value: '' },
              ],
            },
          },
          lifecycle: {
            preStop: {
              httpGet: {
                path: '/',
                port: 80,
                scheme: 'HTTPS',
                httpHeaders: [{ name: 'authorization', value: 'Bearer t' }],
              },
            },
          },
        },
      }),
    ],
    [
      'seccomp Localhost profiles at relative paths, "" and ".." inside a name among them',
      deployment('d', {
        pod: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } },
        container: { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a..b/x.json' } } },
      }),
    ],
    [
      'a seccomp Localhost profile of an empty path',
      containerSecurity({ seccompProfile: { type: 'Localhost', localhostProfile: '' } }),
    ],
    [
      'HostToContainer mount propagation in a plain container',
      mount({ mountPath: '/d', mountPropagation: 'HostToContainer' }),
    ],
    ['an empty subPath beside subPathExpr', mount({ mountPath: '/d', subPath: '', subPathExpr: 'yy' })],
    [
      'a configMapKeyRef key with ".." inside',
      env({ valueFrom: { configMapKeyRef: { name: 'c', key: 'a..b', optional: true } } }),
    ],
    [
      'a hostIP that is no IP address',
      deployment('d', { container: { ports: [{ containerPort: 80, hostIP: 'not-ip' }] } }),
    ],
    ['a capability with a space', containerSecurity({ capabilities: { add: ['NET ADMIN'] } })],
    [
      'mounts at a path and at the path with a slash; a probe of period and timeout 0 (the defaults) and of 2^31 - 1 delay',
      deployment('d', {
        pod: {
          volumes: [
            { name: 'a', emptyDir: {} },
            { name: 'b', emptyDir: {} },
          ],
        },
        container: {
          volumeMounts: [
            { name: 'a', mountPath: '/data' },
            { name: 'b', mountPath: '/data/' },
          ],
          readinessProbe: { ...TCP, periodSeconds: 0, timeoutSeconds: 0, initialDelaySeconds: 2 ** 31 - 1 },
        },
      }),
    ],
    // The Container construct refuses it all the same: no device plugin offers a resource in Kubernetes' own domain.
    ['a resource in the kubernetes.io domain', resources({ limits: { 'kubernetes.io/gpu': '1' } })],
    [
      'an extended resource limited alone, or requested at its limit',
      resources({ requests: { 'example.com/gpu': '2' }, limits: { 'example.com/gpu': '2', 'example.com/fpga': '1' } }),
    ],
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    [
      'a probe header of empty value',
      probe('livenessProbe', { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'X-Probe' }] } }),
    ],
    [
      'probes on port numbers the container does not declare (probe-port only warns)',
      deployment('d', {
        container: {
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          livenessProbe: { tcpSocket: { port: 8081 } },
        },
      }),
    ],
    [
      'an optional configMapKeyRef of a ConfigMap name with a dot',
      deployment('d', {
        container: {
          env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'good.name', key: 'k', optional: true } } }],
        },
      }),
    ],
    [
      'a container port of hostPort 0 (none)',
      deployment('d', { container: { ports: [{ containerPort: 80, hostPort: 0 }] } }),
    ],
    ['a claim handed over as a volumeDevice', devices([{ name: 'd', devicePath: '/dev/x' }])],
    [
      'SYS_ADMIN (not CAP_SYS_ADMIN) added beside allowPrivilegeEscalation false',
      containerSecurity({ allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } }),
    ],
    [
      'env resourceFieldRefs of limits.cpu in 1m and limits.memory in 1Gi',
      deployment('d', {
        container: {
          env: [
            { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
            { name: 'MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Gi' } } },
          ],
        },
      }),
    ],
    [
      'one hostPort of TCP and of UDP, and on two hostIPs',
      deployment('d', {
        container: {
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 80, hostPort: 8080, protocol: 'UDP' },
            { containerPort: 81, hostPort: 8081, hostIP: '10.0.0.1' },
            { containerPort: 82, hostPort: 8081, hostIP: '10.0.0.2' },
          ],
        },
      }),
    ],
    [
      'a resizePolicy of cpu and memory',
      resizePolicy([
        { resourceName: 'cpu', restartPolicy: 'NotRequired' },
        { resourceName: 'memory', restartPolicy: 'RestartContainer' },
      ]),
    ],
  ],
  acceptedWhereServed: [
    [
      APPARMOR_FIELD_SINCE,
      [
        "a container's AppArmor annotation beside another profile of the pod's (compared with the container's field only)",
        object('v1', 'Pod', {
          metadata: {
            name: 'refusal',
            namespace: 'default',
            annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' },
          },
          spec: {
            securityContext: { appArmorProfile: { type: 'Unconfined' } },
            containers: [{ name: 'app', image: 'nginx:1.25' }],
          },
        }),
      ],
    ],
    [
      IMAGE_VOLUME_SINCE,
      [
        'an image volume mounted readOnly',
        deployment('d', {
          pod: { volumes: [{ name: 'm', image: { reference: 'busybox:1.36' } }] },
          container: { volumeMounts: [{ name: 'm', mountPath: '/m', readOnly: true }] },
        }),
      ],
    ],
    [
      RECURSIVE_READ_ONLY_SINCE,
      [
        'recursiveReadOnly Enabled on a readOnly mount',
        mount({ mountPath: '/x', readOnly: true, recursiveReadOnly: 'Enabled' }),
      ],
    ],
    [
      CONTAINER_RESTART_RULES_SINCE,
      [
        'a container of restartPolicy Never and a rule to restart it on exit code 42',
        deployment('d', {
          container: {
            restartPolicy: 'Never',
            restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
          },
        }),
      ],
    ],
    [
      APPARMOR_FIELD_SINCE,
      [
        "an AppArmor profile of the node's by an absolute name, and the pod's RuntimeDefault",
        deployment('d', {
          pod: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
          container: { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '/abs/profile' } } },
        }),
      ],
    ],
  ],
};
