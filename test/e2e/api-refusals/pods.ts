import { POD_LEVEL_RESOURCES_SINCE, RELAXED_DNS_SEARCH, SIDECARS_SINCE } from '../../../lib/checks/pod-values';
import { APPARMOR_FIELD_SINCE } from '../../../lib/checks/value-rules';
import { compareReleases } from '../../../lib/config/kubernetes-version';
import { USER_NAMESPACES_SINCE } from '../../../lib/checks/pod-os';
import { HOSTNAME_OVERRIDE_SINCE, IMAGE_VOLUME_SINCE } from '../../../lib/checks/pod-values';
import { SELINUX_CHANGE_POLICY_SINCE, SUPPLEMENTAL_GROUPS_POLICY_SINCE } from '../../../lib/checks/value-rules';
import { Patch, RELEASE, RefusalTables, deployment, object, volume } from './builders';

const podSecurity = (context: Patch) => deployment('d', { pod: { securityContext: context } });
const dnsConfig = (config: Patch) => deployment('d', { pod: { dnsConfig: config } });
/** A Deployment of a windows pod (os.name), of these pod fields and this container securityContext. */
const windows = (pod: Patch, context?: Patch) =>
  deployment('d', { pod: { os: { name: 'windows' }, ...pod }, container: { securityContext: context } });
/** The rule that refuses a pod's own resources: the schema's where the release has no such field (1.27). */
const podResourcesRule = compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0 ? 'pod-spec' : 'schema';
/** A Deployment or a Pod of a pod spec of its own `resources` and these containers. */
const podLevel = (resources: Patch, containers: Patch[]) => deployment('d', { pod: { resources, containers } });
const podLevelPod = (resources: Patch, containers: Patch[]) => object('v1', 'Pod', { spec: { resources, containers } });
const sized = (name: string, resources: Patch) => ({ name, image: 'nginx:1.25', resources });

/** `count` search domains of two labels of `length` letters each. */
const searchDomains = (count: number, length: number) =>
  Array.from({ length: count }, (_, index) => `s${index}.${'a'.repeat(length)}.${'b'.repeat(length)}.example.com`);

/**
 * Pod specs: DNS, the host's namespaces and ports, hostname, sysctls, the pod's security context and resources, restart
 * policy, volumes of a pod (not claims) and pod-level counts.
 */
export const PODS: RefusalTables = {
  refusedEverywhere: [
    [
      'a Pod of ephemeralContainers (cannot be set on create)',
      'pod-spec',
      object('v1', 'Pod', {
        spec: {
          containers: [{ name: 'app', image: 'nginx:1.25' }],
          ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
        },
      }),
    ],
    [
      'a Deployment of ephemeralContainers (not in a pod template)',
      'pod-spec',
      deployment('d', { pod: { ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }] } }),
    ],
    ['a windows pod of seLinuxOptions', 'pod-spec', windows({ securityContext: { seLinuxOptions: { level: 's0' } } })],
    ['a windows pod of runAsGroup', 'pod-spec', windows({ securityContext: { runAsGroup: 1000 } })],
    ['a windows pod of a privileged field in a container', 'pod-spec', windows({}, { privileged: false })],
    ['a windows pod of shareProcessNamespace', 'pod-spec', windows({ shareProcessNamespace: true })],
    ['a windows pod of hostPID', 'pod-spec', windows({ hostPID: true })],
    [
      'a HostProcess pod of a container that says hostProcess false',
      'pod-spec',
      windows({
        hostNetwork: true,
        securityContext: { windowsOptions: { hostProcess: true } },
        containers: [
          { name: 'a', image: 'nginx:1.25' },
          { name: 'b', image: 'nginx:1.25', securityContext: { windowsOptions: { hostProcess: false } } },
        ],
      }),
    ],
    ['a projected secret of an empty name', 'pod-spec', volume({ projected: { sources: [{ secret: { name: '' } }] } })],
    [
      'a linux pod of windowsOptions',
      'pod-spec',
      deployment('d', { pod: { os: { name: 'linux' }, securityContext: { windowsOptions: { runAsUserName: 'x' } } } }),
    ],
    [
      'a HostProcess pod off the host network',
      'pod-spec',
      windows({ securityContext: { windowsOptions: { hostProcess: true } } }),
    ],
    [
      'shareProcessNamespace beside hostPID',
      'pod-spec',
      deployment('d', { pod: { shareProcessNamespace: true, hostPID: true } }),
    ],
    ['a secret volume of an empty secretName', 'pod-spec', volume({ secret: { secretName: '' } })],
    ['a hostPath volume of an empty path', 'pod-spec', volume({ hostPath: { path: '' } })],
    [
      'a Deployment of a seccomp annotation of another type than its field',
      'pod-spec',
      (() => {
        const manifest = podSecurity({ seccompProfile: { type: 'Unconfined' } });
        manifest.spec.template.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' };
        return manifest;
      })(),
    ],
    [
      'a Pod of a seccomp annotation of another type than its field',
      'pod-spec',
      {
        ...object('v1', 'Pod', {
          spec: {
            securityContext: { seccompProfile: { type: 'Unconfined' } },
            containers: [{ name: 'app', image: 'nginx:1.25' }],
          },
        }),
        metadata: {
          name: 'refusal',
          namespace: 'default',
          annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' },
        },
      },
    ],
    ['a configMap volume of an empty name', 'pod-spec', volume({ configMap: { name: '' } })],
    [
      'a persistentVolumeClaim volume of an empty claimName',
      'pod-spec',
      volume({ persistentVolumeClaim: { claimName: '' } }),
    ],
    [
      'a secret volume item of an empty key',
      'pod-spec',
      volume({ secret: { secretName: 's', items: [{ key: '', path: 'p' }] } }),
    ],
    [
      'a projected source of a configMap and a secret',
      'pod-spec',
      volume({ projected: { sources: [{ configMap: { name: 'c' }, secret: { name: 's' } }] } }),
    ],
    [
      'a projected volume of a configMap and a secret item at one path',
      'pod-spec',
      volume({
        projected: {
          sources: [
            { configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } },
            { secret: { name: 's', items: [{ key: 'k', path: 'p' }] } },
          ],
        },
      }),
    ],
    [
      'a downwardAPI volume item of limits.cpu with divisor 3m',
      'pod-spec',
      volume({
        downwardAPI: {
          items: [{ path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '3m' } }],
        },
      }),
    ],
    [
      'a Deployment on the host network of hostPort 81 for containerPort 80',
      'pod-spec',
      deployment('d', { pod: { hostNetwork: true }, container: { ports: [{ containerPort: 80, hostPort: 81 }] } }),
    ],
    [
      'a Pod on the host network of hostPort 81 for containerPort 80',
      'pod-spec',
      object('v1', 'Pod', {
        spec: {
          hostNetwork: true,
          containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80, hostPort: 81 }] }],
        },
      }),
    ],
    [
      'a Pod of activeDeadlineSeconds 0',
      'counts',
      object('v1', 'Pod', { spec: { activeDeadlineSeconds: 0, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
    ],
    [
      'a Pod of activeDeadlineSeconds 2^31',
      'counts',
      object('v1', 'Pod', {
        spec: { activeDeadlineSeconds: 2 ** 31, containers: [{ name: 'app', image: 'nginx:1.25' }] },
      }),
    ],
    [
      'a Deployment pod template of activeDeadlineSeconds (not Supported)',
      'counts',
      deployment('d', { pod: { activeDeadlineSeconds: 30 } }),
    ],
    [
      'a dnsConfig option of no name',
      'pod-spec',
      dnsConfig({ options: [{ name: 'ndots', value: '2' }, { name: '' }] }),
    ],
    ['dnsPolicy None without dnsConfig', 'pod-spec', deployment('d', { pod: { dnsPolicy: 'None' } })],
    [
      'a host alias IP that is no address',
      'pod-spec',
      deployment('d', { pod: { hostAliases: [{ ip: 'not-an-ip', hostnames: ['db'] }] } }),
    ],
    [
      'a sysctl name the server refuses',
      'pod-spec',
      deployment('d', { pod: { securityContext: { sysctls: [{ name: 'not a sysctl', value: '1' }] } } }),
    ],
    [
      'a downward API volume reading the node name',
      'pod-spec',
      deployment('d', {
        pod: {
          volumes: [
            { name: 'info', downwardAPI: { items: [{ path: 'node', fieldRef: { fieldPath: 'spec.nodeName' } }] } },
          ],
        },
      }),
    ],
    [
      "a pod's own huge pages requested without a limit (1.27 has no pod resources at all)",
      compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0 ? 'pod-spec' : 'schema',
      deployment('d', {
        pod: { resources: { requests: { memory: '1Gi', 'hugepages-2Mi': '128Mi' }, limits: { memory: '1Gi' } } },
      }),
    ],
    [
      "a pod's own limit of pids (1.27 has no pod resources at all)",
      compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0 ? 'pod-spec' : 'schema',
      deployment('d', { pod: { resources: { limits: { memory: '1Gi', pids: '100' } } } }),
    ],
    [
      "a pod's own cpu request below what its containers request in all (100m for 60m and 60m)",
      podResourcesRule,
      podLevel({ requests: { cpu: '100m' } }, [
        sized('a', { requests: { cpu: '60m' } }),
        sized('b', { requests: { cpu: '60m' } }),
      ]),
    ],
    [
      "a container's memory limit above the pod's own",
      podResourcesRule,
      podLevel({ limits: { memory: '128Mi' } }, [
        sized('a', { requests: { memory: '64Mi' }, limits: { memory: '256Mi' } }),
      ]),
    ],
    [
      "a pod's own cpu request above its own limit",
      podResourcesRule,
      podLevel({ requests: { cpu: '500m' }, limits: { cpu: '200m' } }, [sized('a', {})]),
    ],
    [
      "a Pod whose container sets only a cpu limit, which it requests, above the pod's own request",
      podResourcesRule,
      podLevelPod({ requests: { cpu: '100m' } }, [sized('a', { limits: { cpu: '500m' } })]),
    ],
    [
      "a Pod's own cpu limit below its container's request, which the pod's request defaults to",
      podResourcesRule,
      podLevelPod({ limits: { cpu: '200m' } }, [sized('a', { requests: { cpu: '300m' } })]),
    ],
    [
      "a pod's own cpu request below an init container's, and below a sidecar's beside the container",
      podResourcesRule,
      deployment('d', {
        pod: {
          resources: { requests: { cpu: '250m' } },
          initContainers: [
            { ...sized('init', { requests: { cpu: '1' } }) },
            { ...sized('side', { requests: { cpu: '200m' } }), restartPolicy: 'Always' },
          ],
          containers: [sized('a', { requests: { cpu: '100m' } })],
        },
      }),
    ],
    [
      "a Windows pod's own resources",
      podResourcesRule,
      deployment('d', { pod: { os: { name: 'windows' }, resources: { requests: { cpu: '500m' } } } }),
    ],
    ['a hostPath with a ".." element', 'pod-spec', volume({ hostPath: { path: '/var/../etc' } })],
    [
      'a downward API file at an absolute path',
      'pod-spec',
      volume({ downwardAPI: { items: [{ path: '/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }),
    ],
    [
      'a downward API file above its volume',
      'pod-spec',
      volume({ downwardAPI: { items: [{ path: '../labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }),
    ],
    ['a hostname that is no DNS label', 'pod-spec', deployment('d', { pod: { hostname: 'My_Host' } })],
    ['a subdomain that is no DNS label', 'pod-spec', deployment('d', { pod: { subdomain: 'My_Sub' } })],
    ['a volume of two sources', 'pod-spec', volume({ emptyDir: {}, configMap: { name: 'c' } })],
    ['a configMap defaultMode above 0777', 'pod-spec', volume({ configMap: { name: 'c', defaultMode: 1000 } })],
    ['a configMap defaultMode below 0', 'pod-spec', volume({ configMap: { name: 'c', defaultMode: -1 } })],
    [
      'a secret item mode above 0777',
      'pod-spec',
      volume({ secret: { secretName: 's', items: [{ key: 'k', path: 'k', mode: 4095 }] } }),
    ],
    [
      'a projected defaultMode above 0777',
      'pod-spec',
      volume({ projected: { defaultMode: 512, sources: [{ configMap: { name: 'c' } }] } }),
    ],
    [
      'a projected item mode above 0777',
      'pod-spec',
      volume({ projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'k', mode: 512 }] } }] } }),
    ],
    [
      'a downwardAPI item mode above 0777',
      'pod-spec',
      volume({ downwardAPI: { items: [{ path: 'n', mode: 512, fieldRef: { fieldPath: 'metadata.name' } }] } }),
    ],
    ['a negative fsGroup', 'pod-spec', podSecurity({ fsGroup: -5 })],
    ['a negative supplemental group', 'pod-spec', podSecurity({ supplementalGroups: [1000, -1] })],
    ['a runAsGroup above 2^31 - 1', 'pod-spec', podSecurity({ runAsGroup: 2147483648 })],
    ['four nameservers', 'pod-spec', dnsConfig({ nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] })],
    ['33 search domains', 'pod-spec', dnsConfig({ searches: searchDomains(33, 1) })],
    ['search domains of more than 2048 characters', 'pod-spec', dnsConfig({ searches: searchDomains(20, 50) })],
    ['a fsGroupChangePolicy in the wrong case', 'enum-values', podSecurity({ fsGroupChangePolicy: 'onrootmismatch' })],
    ['a hostPath type in the wrong case', 'enum-values', volume({ hostPath: { path: '/var/log', type: 'directory' } })],
    ['an ephemeral volume without a claim template', 'pod-spec', volume({ ephemeral: {} })],
    ['a search domain in upper case', 'pod-spec', dnsConfig({ searches: ['Example.com'] })],
    [
      "a pod's seccomp localhostProfile at an absolute path",
      'pod-spec',
      podSecurity({ seccompProfile: { type: 'Localhost', localhostProfile: '/abs/x.json' } }),
    ],
    ['an NFS volume of an empty server', 'pod-spec', volume({ nfs: { server: '', path: '/x' } })],
    ['an NFS volume at a relative path', 'pod-spec', volume({ nfs: { server: 's', path: 'x' } })],
    ['an inline CSI driver that is no DNS subdomain', 'pod-spec', volume({ csi: { driver: 'Bad_Driver' } })],
    [
      'an iSCSI iqn of no iqn, eui or naa form',
      'pod-spec',
      volume({ iscsi: { targetPortal: 't', iqn: 'bad', lun: 0 } }),
    ],
    [
      'an iSCSI iqn of the iqn prefix and no date',
      'pod-spec',
      volume({ iscsi: { targetPortal: 't', iqn: 'iqn.bad', lun: 0 } }),
    ],
    [
      'an iSCSI lun above 255',
      'pod-spec',
      volume({ iscsi: { targetPortal: 't', iqn: 'eui.0123456789ABCDEF', lun: 256 } }),
    ],
    [
      'a sysctl set twice',
      'pod-spec',
      podSecurity({
        sysctls: [
          { name: 'kernel.shm_rmid_forced', value: '1' },
          { name: 'kernel.shm_rmid_forced', value: '0' },
        ],
      }),
    ],
    ['dnsPolicy in the wrong case', 'enum-values', deployment('d', { pod: { dnsPolicy: 'clusterfirst' } })],
    [
      'a seccomp profile type in the wrong case',
      'enum-values',
      deployment('d', { pod: { securityContext: { seccompProfile: { type: 'runtimedefault' } } } }),
    ],
    ['a restartPolicy in the wrong case', 'restart-policy', deployment('d', { pod: { restartPolicy: 'always' } })],
    ['a Pod without spec', 'schema', object('v1', 'Pod', {})],
    [
      'a readiness gate of a condition with a space',
      'pod-spec',
      deployment('d', { pod: { readinessGates: [{ conditionType: 'warmed up' }] } }),
    ],
  ],
  byRelease: [
    [
      SIDECARS_SINCE,
      [
        'an init container with restartPolicy Always (a sidecar)',
        'pod-spec',
        deployment('d', { pod: { initContainers: [{ name: 'side', image: 'nginx:1.25', restartPolicy: 'Always' }] } }),
      ],
    ],
    [
      POD_LEVEL_RESOURCES_SINCE,
      [
        "a pod's own cpu, memory and huge pages",
        'schema',
        deployment('d', {
          pod: {
            resources: {
              requests: { cpu: '1', memory: '1Gi', 'hugepages-2Mi': '128Mi' },
              limits: { memory: '1Gi', 'hugepages-2Mi': '128Mi' },
            },
          },
        }),
      ],
    ],
    [RELAXED_DNS_SEARCH, ['a search domain with "_"', 'pod-spec', dnsConfig({ searches: ['my_zone.example.com'] })]],
    [RELAXED_DNS_SEARCH, ['a search domain of "." alone', 'pod-spec', dnsConfig({ searches: ['.'] })]],
  ],
  refusedSince: [
    [
      USER_NAMESPACES_SINCE,
      [
        'hostUsers false beside hostNetwork',
        'pod-spec',
        deployment('d', { pod: { hostUsers: false, hostNetwork: true } }),
      ],
    ],
    [USER_NAMESPACES_SINCE, ['a windows pod of hostUsers', 'pod-spec', windows({ hostUsers: true })]],
  ],
  refusedWhereServed: [
    [
      SUPPLEMENTAL_GROUPS_POLICY_SINCE,
      ['a supplementalGroupsPolicy of no known value', 'enum-values', podSecurity({ supplementalGroupsPolicy: 'Bad' })],
    ],
    [
      SELINUX_CHANGE_POLICY_SINCE,
      ['a seLinuxChangePolicy of no known value', 'enum-values', podSecurity({ seLinuxChangePolicy: 'Bad' })],
    ],
    [
      SELINUX_CHANGE_POLICY_SINCE,
      [
        'a windows pod of seLinuxChangePolicy',
        'pod-spec',
        windows({ securityContext: { seLinuxChangePolicy: 'Recursive' } }),
      ],
    ],
    [IMAGE_VOLUME_SINCE, ['an image volume of an empty reference', 'pod-spec', volume({ image: { reference: '' } })]],
    [
      HOSTNAME_OVERRIDE_SINCE,
      [
        'a hostnameOverride that is no DNS subdomain',
        'pod-spec',
        deployment('d', { pod: { hostnameOverride: 'Bad_Host' } }),
      ],
    ],
    [
      HOSTNAME_OVERRIDE_SINCE,
      [
        'a hostnameOverride beside setHostnameAsFQDN',
        'pod-spec',
        deployment('d', { pod: { hostnameOverride: 'host-a', setHostnameAsFQDN: true } }),
      ],
    ],
    [
      APPARMOR_FIELD_SINCE,
      [
        "a pod's AppArmor localhostProfile beside type RuntimeDefault",
        'pod-spec',
        podSecurity({ appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } }),
      ],
    ],
  ],
  // From 1.34 a template is checked without the Pod's defaults, which its pods then get: the controller creates none.
  kubeletRefusals:
    compareReleases(RELEASE, POD_LEVEL_RESOURCES_SINCE) >= 0
      ? [
          [
            "a Deployment whose container sets only a cpu limit, above the pod's own request: taken, its pods refused",
            'pod-spec',
            podLevel({ requests: { cpu: '100m' } }, [sized('a', { limits: { cpu: '500m' } })]),
          ],
          [
            "a Deployment of a pod's own cpu limit below its container's request: taken, its pods refused",
            'pod-spec',
            podLevel({ limits: { cpu: '200m' } }, [sized('a', { requests: { cpu: '300m' } })]),
          ],
        ]
      : [],
  acceptedWhereServed: [
    [
      POD_LEVEL_RESOURCES_SINCE,
      [
        "a pod's own requests at its containers' in all (300m for 100m and 200m), limits above theirs and an init container's",
        object('v1', 'Pod', {
          spec: {
            resources: { requests: { cpu: '300m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            initContainers: [sized('init', { requests: { cpu: '100m' }, limits: { cpu: '2' } })],
            containers: [
              sized('a', { requests: { cpu: '100m', memory: '64Mi' } }),
              sized('b', { requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '500m' } }),
            ],
          },
        }),
      ],
    ],
  ],
  acceptedEverywhere: [
    [
      'a downwardAPI volume item of limits.cpu in 1m',
      volume({
        downwardAPI: {
          items: [{ path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } }],
        },
      }),
    ],
    [
      'a windows pod of runAsNonRoot and windowsOptions',
      windows({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } }),
    ],
    [
      'a projected volume of items at paths of their own, and two tokens at one path (a warning)',
      volume({
        projected: {
          sources: [
            { configMap: { name: 'c', items: [{ key: 'k', path: 'p/a' }] } },
            { secret: { name: 's', items: [{ key: 'k', path: 'p/b' }] } },
            { serviceAccountToken: { path: 't' } },
            { serviceAccountToken: { path: 't', audience: 'x' } },
          ],
        },
      }),
    ],
    [
      'a Pod on the host network of equal ports, a port without hostPort, and an init container of another hostPort',
      object('v1', 'Pod', {
        spec: {
          hostNetwork: true,
          initContainers: [{ name: 'init', image: 'nginx:1.25', ports: [{ containerPort: 90, hostPort: 91 }] }],
          containers: [
            { name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }] },
          ],
        },
      }),
    ],
    [
      'a Deployment on the host network of a port without hostPort',
      deployment('d', { pod: { hostNetwork: true }, container: { ports: [{ containerPort: 80 }] } }),
    ],
    [
      'a Pod of activeDeadlineSeconds 1',
      object('v1', 'Pod', { spec: { activeDeadlineSeconds: 1, containers: [{ name: 'app', image: 'nginx:1.25' }] } }),
    ],
    [
      'dnsConfig options named, with and without a value',
      dnsConfig({ options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] }),
    ],
    ['an NFS volume at "/"', volume({ nfs: { server: 'nfs.example.com', path: '/' } })],
    [
      'an inline CSI volume of a driver in upper case',
      volume({ csi: { driver: 'Inline.CSI.example.com', fsType: '' } }),
    ],
    [
      'iSCSI volumes of iqn and eui names',
      deployment('d', {
        pod: {
          volumes: [
            { name: 'a', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
            { name: 'b', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.0123456789ABCDEF', lun: 255 } },
          ],
        },
      }),
    ],
    [
      'a sysctl written with dots and with slashes',
      podSecurity({
        sysctls: [
          { name: 'kernel.shm_rmid_forced', value: '1' },
          { name: 'kernel/shm_rmid_forced', value: '0' },
        ],
      }),
    ],
    ['a Windows pod', deployment('d', { pod: { os: { name: 'windows' } } })],
    // A pod's overhead without a RuntimeClass is taken of a template and refused of its pods: scheduling's kubeletRefusals.
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    ['a sysctl of empty value', podSecurity({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start' }] })],
    [
      'pod values at their bounds: resources of every kind, hooks, modes, ids, hostname, DNS limits, enums',
      deployment('d', {
        pod: {
          hostname: 'web-0',
          subdomain: 'web',
          securityContext: {
            runAsUser: 2147483647,
            runAsGroup: 0,
            fsGroup: 0,
            supplementalGroups: [0, 65532],
            fsGroupChangePolicy: 'OnRootMismatch',
          },
          hostUsers: false,
          dnsConfig: {
            nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3'],
            searches: [...searchDomains(31, 20), 'shop.svc.cluster.local.'],
          },
          volumes: [
            { name: 'scratch' },
            { name: 'conf', configMap: { name: 'c', defaultMode: 511, items: [{ key: 'k', path: 'k', mode: 0 }] } },
            { name: 'all', projected: { defaultMode: 420, sources: [{ secret: { name: 's' } }] } },
            { name: 'logs', hostPath: { path: '/var/log', type: '' } },
            { name: 'run', hostPath: { path: '/run', type: 'Directory' } },
            {
              name: 'scratch-claim',
              ephemeral: {
                volumeClaimTemplate: {
                  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
                },
              },
            },
          ],
        },
        container: {
          resources: {
            requests: { cpu: '100m', 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' },
            limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1' },
          },
          lifecycle: { postStart: { exec: { command: ['true'] } }, preStop: { tcpSocket: { port: 80 } } },
          securityContext: { runAsUser: 0, runAsGroup: 2147483647, procMount: 'Unmasked' },
          volumeMounts: [
            { name: 'scratch', mountPath: '/a', subPath: 'x/y' },
            { name: 'scratch', mountPath: '/b', subPath: 'a..b' },
            { name: 'scratch', mountPath: '/c', subPathExpr: '$(POD)/logs' },
          ],
        },
      }),
    ],
    [
      'a readiness gate of a qualified condition',
      deployment('d', { pod: { readinessGates: [{ conditionType: 'example.com/ready' }] } }),
    ],
  ],
};
