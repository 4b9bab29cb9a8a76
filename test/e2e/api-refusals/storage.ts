import {
  CLAIM_TEMPLATES_VALIDATED_SINCE,
  DATA_SOURCE_GROUP_CHECKED_SINCE,
  NODE_ALLOCATABLE_UPDATE_SINCE,
  VOLUME_ATTRIBUTES_CLASS_SINCE,
} from '../../../lib/checks/storage-rules';
import { Patch, Refusal, RefusalTables, object, pods, volume } from './builders';

const storageClass = (body: Patch) => object('storage.k8s.io/v1', 'StorageClass', body, false);
/** A StorageClass of the volumes of the zones `terms` select. */
const zonal = (terms: unknown[]) =>
  storageClass({ provisioner: 'kubernetes.io/no-provisioner', allowedTopologies: terms });
const ZONE = 'topology.kubernetes.io/zone';
const volumeAttachment = (spec: Patch) =>
  object(
    'storage.k8s.io/v1',
    'VolumeAttachment',
    { spec: { attacher: 'csi.example.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv' }, ...spec } },
    false,
  );
const csiNode = (driver: Patch) =>
  object(
    'storage.k8s.io/v1',
    'CSINode',
    { spec: { drivers: [{ name: 'csi.example.com', nodeID: 'n1', ...driver }] } },
    false,
  );
const deviceClass = (expression: string) =>
  object('resource.k8s.io/v1', 'DeviceClass', { spec: { selectors: [{ cel: { expression } }] } }, false);
/** A PersistentVolume of 1Gi, ReadWriteOnce, of `spec` beside. */
const persistentVolume = (spec: Patch) =>
  object(
    'v1',
    'PersistentVolume',
    { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, ...spec } },
    false,
  );
/** Node affinity of one node. */
const ON_NODE = {
  required: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }],
  },
};
/** A claim of 1Gi, ReadWriteOnce, of `spec` beside. */
const CLAIM_SPEC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
const claim = (spec: Patch) => object('v1', 'PersistentVolumeClaim', { spec: { ...CLAIM_SPEC, ...spec } });
/** A CSIDriver of `spec`; a ResourceClaim of `devices`; a DeviceClass of `spec`; NFS and CSI volume sources. */
const csiDriver = (spec: Patch) => object('storage.k8s.io/v1', 'CSIDriver', { spec }, false);
/** The tested release whose CSIDriver has serviceAccountTokenInSecrets (1.27 does not know it). */
const TOKENS_IN_SECRETS_SINCE = '1.37';
const resourceClaim = (devices: Patch) => object('resource.k8s.io/v1', 'ResourceClaim', { spec: { devices } });
const GPU_REQUEST = { name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } };
const classOf = (spec: Patch) => object('resource.k8s.io/v1', 'DeviceClass', { spec }, false);
const NFS = { nfs: { server: 'nfs.example.com', path: '/exports' } };
const CSI = { csi: { driver: 'csi.example.com', volumeHandle: 'vol-1' } };
/** A Deployment of an ephemeral volume whose claim template is such a claim. */
const ephemeralClaim = (spec: Patch) =>
  volume({ ephemeral: { volumeClaimTemplate: { spec: { ...CLAIM_SPEC, ...spec } } } });
/** A StatefulSet of one volumeClaimTemplate of such a claim. */
const claimTemplate = (spec: Patch) =>
  object('apps/v1', 'StatefulSet', {
    spec: pods({
      serviceName: 'refusal',
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { ...CLAIM_SPEC, ...spec } }],
    }),
  });
/**
 * The release from which the servers serve resource.k8s.io/v1 and storage.k8s.io/v1 VolumeAttributesClass (1.37 is the
 * one tested).
 */
const DEVICES_SINCE = '1.37';

/**
 * PersistentVolumes, claims (a pod's ephemeral claims and a StatefulSet's claim templates too), StorageClasses, CSI
 * kinds, VolumeAttachments, VolumeAttributesClasses and DRA's ResourceClaims and DeviceClasses.
 */
export const STORAGE: RefusalTables = {
  refusedEverywhere: [
    [
      'a VolumeAttachment of an inline volume of a capacity',
      'csi-object-spec',
      volumeAttachment({
        source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } },
      }),
    ],
    [
      'a VolumeAttachment of an inline CSI volume of a driver with "_"',
      'csi-object-spec',
      volumeAttachment({
        source: {
          inlineVolumeSpec: { csi: { driver: 'csi_example', volumeHandle: 'v' }, accessModes: ['ReadWriteOnce'] },
        },
      }),
    ],
    [
      'a StorageClass of a parameter of no name',
      'storage-class-spec',
      storageClass({ provisioner: 'ebs.csi.aws.com', parameters: { '': 'gp3' } }),
    ],
    [
      'a PersistentVolume of a cpu capacity',
      'volume-spec',
      persistentVolume({ ...NFS, capacity: { storage: '1Gi', cpu: '1' } }),
    ],
    [
      'a hostPath PersistentVolume whose path climbs',
      'host-path',
      persistentVolume({ hostPath: { path: '/data/../x' } }),
    ],
    [
      "a hostPath PersistentVolume of the node's root, recycled",
      'host-path',
      persistentVolume({ hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }),
    ],
    [
      'a claim of a dataSource and a dataSourceRef of different claims',
      'volume-spec',
      claim({
        dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' },
      }),
    ],
    [
      'a claim of a dataSource of no name',
      'volume-spec',
      claim({ dataSource: { kind: 'PersistentVolumeClaim', name: '' } }),
    ],
    [
      'a claim of a dataSource of apiGroup "" beside a dataSourceRef of none',
      'volume-spec',
      claim({
        dataSource: { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'a' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'a' },
      }),
    ],
    [
      'a VolumeAttachment of an inline NFS volume',
      'csi-object-spec',
      volumeAttachment({ source: { inlineVolumeSpec: { ...NFS, accessModes: ['ReadWriteOnce'] } } }),
    ],
    [
      'a VolumeAttachment of an inline volume of a storage class',
      'csi-object-spec',
      volumeAttachment({
        source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'], storageClassName: 'fast' } },
      }),
    ],
    [
      'a VolumeAttachment of an attacher that is no driver name',
      'csi-object-spec',
      volumeAttachment({ attacher: '-csi' }),
    ],
    ['a CSINode topology key that is not a label key', 'csi-object-spec', csiNode({ topologyKeys: ['a b'] })],
    [
      'a PersistentVolume of a hostPath type that is no type',
      'enum-values',
      object(
        'v1',
        'PersistentVolume',
        {
          spec: {
            accessModes: ['ReadWriteOnce'],
            capacity: { storage: '1Gi' },
            hostPath: { path: '/srv/data', type: 'directory' },
          },
        },
        false,
      ),
    ],
    [
      'an ephemeral claim template whose data source of the core group is no claim',
      'volume-spec',
      ephemeralClaim({ dataSource: { kind: 'Foo', name: 'x' } }),
    ],
    [
      "a claim's dataSourceRef of the core group that is no claim",
      'volume-spec',
      claim({ dataSourceRef: { kind: 'Foo', name: 'x' } }),
    ],
    [
      'a claim of ReadWriteOncePod beside ReadWriteOnce',
      'volume-spec',
      claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    ],
    [
      'an ephemeral claim template of ReadWriteOncePod beside ReadWriteOnce',
      'volume-spec',
      ephemeralClaim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    ],
    [
      'a PersistentVolume of ReadWriteOncePod beside ReadWriteOnce',
      'volume-spec',
      object(
        'v1',
        'PersistentVolume',
        {
          spec: {
            accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'],
            capacity: { storage: '1Gi' },
            hostPath: { path: '/data' },
          },
        },
        false,
      ),
    ],
    [
      'a claim volumeMode in the wrong case',
      'enum-values',
      object('v1', 'PersistentVolumeClaim', {
        spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'filesystem', resources: { requests: { storage: '1Gi' } } },
      }),
    ],
    ['an empty provisioner', 'storage-class-spec', storageClass({ provisioner: '' })],
    [
      'a provisioner that is no qualified name',
      'storage-class-spec',
      storageClass({ provisioner: 'not a provisioner!' }),
    ],
    [
      'allowedTopologies values of none',
      'storage-class-spec',
      zonal([{ matchLabelExpressions: [{ key: ZONE, values: [] }] }]),
    ],
    [
      'allowedTopologies values of a zone twice',
      'storage-class-spec',
      zonal([{ matchLabelExpressions: [{ key: ZONE, values: ['a', 'a'] }] }]),
    ],
    [
      'allowedTopologies of a key twice in a term',
      'storage-class-spec',
      zonal([
        {
          matchLabelExpressions: [
            { key: ZONE, values: ['a'] },
            { key: ZONE, values: ['b'] },
          ],
        },
      ]),
    ],
    [
      'allowedTopologies of a key that is no label key',
      'storage-class-spec',
      zonal([{ matchLabelExpressions: [{ key: 'bad key!', values: ['a'] }] }]),
    ],
    [
      'allowedTopologies of a term twice, values in another order',
      'storage-class-spec',
      zonal([
        { matchLabelExpressions: [{ key: ZONE, values: ['a', 'b'] }] },
        { matchLabelExpressions: [{ key: ZONE, values: ['b', 'a'] }] },
      ]),
    ],
    ['allowedTopologies of an empty term', 'storage-class-spec', zonal([{ matchLabelExpressions: [] }])],
    [
      'a StorageClass reclaimPolicy Recycle',
      'enum-values',
      storageClass({ provisioner: 'example.com/disk', reclaimPolicy: 'Recycle' }),
    ],
    [
      'a volumeBindingMode in the wrong case',
      'enum-values',
      storageClass({ provisioner: 'example.com/disk', volumeBindingMode: 'immediate' }),
    ],
    [
      'a PersistentVolume without capacity',
      'volume-spec',
      {
        ...object(
          'v1',
          'PersistentVolume',
          { spec: { accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
          false,
        ),
      },
    ],
    ...(
      [
        ['a local PersistentVolume without node affinity', { local: { path: '/mnt/disks/ssd1' } }],
        [
          'a PersistentVolume of node affinity without required terms',
          { hostPath: { path: '/data' }, nodeAffinity: {} },
        ],
        [
          'a PersistentVolume of no node selector terms',
          { hostPath: { path: '/data' }, nodeAffinity: { required: { nodeSelectorTerms: [] } } },
        ],
        ['a local PersistentVolume whose path climbs', { local: { path: '/mnt/../etc' }, nodeAffinity: ON_NODE }],
        ['an NFS PersistentVolume of a relative path', { nfs: { server: 'nfs.example.com', path: 'exports/data' } }],
        ['an NFS PersistentVolume of an empty server', { nfs: { server: '', path: '/exports' } }],
        ['a CSI PersistentVolume of a driver with "_"', { csi: { driver: 'ebs_csi', volumeHandle: 'v' } }],
        [
          'a CSI PersistentVolume of a driver name of 64',
          { csi: { driver: `${'a'.repeat(60)}.com`, volumeHandle: 'v' } },
        ],
        ['a CSI PersistentVolume of an empty volume handle', { csi: { driver: 'ebs.csi.aws.com', volumeHandle: '' } }],
      ] as const
    ).map(([name, source]): Refusal => [name, 'volume-spec', persistentVolume(source)]),
    [
      'a PersistentVolume without a source',
      'volume-spec',
      object(
        'v1',
        'PersistentVolume',
        { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } },
        false,
      ),
    ],
    [
      'a PersistentVolume with two sources',
      'volume-spec',
      object(
        'v1',
        'PersistentVolume',
        {
          spec: {
            accessModes: ['ReadWriteOnce'],
            capacity: { storage: '1Gi' },
            hostPath: { path: '/data' },
            nfs: { server: 'nfs', path: '/x' },
          },
        },
        false,
      ),
    ],
    [
      'a claim without access modes',
      'volume-spec',
      object('v1', 'PersistentVolumeClaim', { spec: { resources: { requests: { storage: '1Gi' } } } }),
    ],
    [
      'a claim without a storage request',
      'volume-spec',
      object('v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: {} } } }),
    ],
    [
      'a CSIDriver of a token request of a minute',
      'csi-driver-spec',
      object(
        'storage.k8s.io/v1',
        'CSIDriver',
        { spec: { tokenRequests: [{ audience: 'a', expirationSeconds: 60 }] } },
        false,
      ),
    ],
    [
      'an ephemeral volume claim template of no access mode',
      'enum-values',
      volume({
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce:'], resources: { requests: { storage: '1Gi' } } },
          },
        },
      }),
    ],
  ],
  refusedSince: [
    [
      DATA_SOURCE_GROUP_CHECKED_SINCE,
      [
        'an ephemeral claim template of a data source group that is no DNS subdomain',
        'volume-spec',
        ephemeralClaim({ dataSource: { apiGroup: 'Bad_Group', kind: 'Foo', name: 'x' } }),
      ],
    ],
    [
      CLAIM_TEMPLATES_VALIDATED_SINCE,
      [
        "a StatefulSet's claim template whose data source of the core group is no claim (the claim made of it drops it before)",
        'volume-spec',
        claimTemplate({ dataSource: { kind: 'Foo', name: 'x' } }),
      ],
    ],
  ],
  refusedWhereServed: [
    [
      TOKENS_IN_SECRETS_SINCE,
      [
        'a CSIDriver of serviceAccountTokenInSecrets without token requests',
        'csi-driver-spec',
        csiDriver({ serviceAccountTokenInSecrets: true }),
      ],
    ],
    [
      VOLUME_ATTRIBUTES_CLASS_SINCE,
      [
        'an NFS PersistentVolume of a volumeAttributesClassName',
        'volume-spec',
        persistentVolume({ ...NFS, volumeAttributesClassName: 'gold' }),
      ],
    ],
    [
      VOLUME_ATTRIBUTES_CLASS_SINCE,
      [
        'a claim of a volumeAttributesClassName in capitals',
        'volume-spec',
        claim({ volumeAttributesClassName: 'Gold' }),
      ],
    ],
    [
      NODE_ALLOCATABLE_UPDATE_SINCE,
      [
        'a CSIDriver of an allocatable count updated every 5 s',
        'csi-driver-spec',
        csiDriver({ nodeAllocatableUpdatePeriodSeconds: 5 }),
      ],
    ],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim of two requests of one name',
        'device-request-spec',
        resourceClaim({ requests: [GPU_REQUEST, GPU_REQUEST] }),
      ],
    ],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim config of no request of the claim',
        'device-request-spec',
        resourceClaim({
          requests: [GPU_REQUEST],
          config: [{ requests: ['cpu'], opaque: { driver: 'gpu.example.com', parameters: { a: 1 } } }],
        }),
      ],
    ],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim constraint of an attribute without a domain',
        'device-request-spec',
        resourceClaim({ requests: [GPU_REQUEST], constraints: [{ matchAttribute: 'numa' }] }),
      ],
    ],
    [DEVICES_SINCE, ['a DeviceClass config without opaque', 'device-request-spec', classOf({ config: [{}] })]],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim toleration of Exists and a value',
        'device-request-spec',
        resourceClaim({
          requests: [
            {
              name: 'gpu',
              exactly: {
                deviceClassName: 'gpu.example.com',
                tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }],
              },
            },
          ],
        }),
      ],
    ],
    [
      DEVICES_SINCE,
      [
        'a DeviceClass of a native extendedResourceName',
        'device-request-spec',
        classOf({ extendedResourceName: 'cpu' }),
      ],
    ],
    // Before CLAIM_TEMPLATES_VALIDATED_SINCE the server takes the StatefulSet and the controller's claim is refused.
    [
      CLAIM_TEMPLATES_VALIDATED_SINCE,
      [
        "a StatefulSet's claim template of ReadWriteOncePod beside ReadWriteOnce",
        'volume-spec',
        claimTemplate({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
      ],
    ],
    [DEVICES_SINCE, ['a DeviceClass selector of a string', 'device-request-spec', deviceClass('device.driver')]],
    [
      DEVICES_SINCE,
      [
        'a VolumeAttributesClass of no parameters',
        'csi-object-spec',
        object('storage.k8s.io/v1', 'VolumeAttributesClass', { driverName: 'csi.example.com' }, false),
      ],
    ],
  ],
  acceptedEverywhere: [
    [
      'a StorageClass of a parameter of an empty value',
      storageClass({ provisioner: 'ebs.csi.aws.com', parameters: { type: '' } }),
    ],
    [
      'a hostPath PersistentVolume of "..x", recycled',
      persistentVolume({ hostPath: { path: '/data/..x' }, persistentVolumeReclaimPolicy: 'Recycle' }),
    ],
    [
      'a claim of one claim as its dataSource and dataSourceRef',
      claim({
        dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'a' },
      }),
    ],
    [
      'a claim of a dataSource the API server drops, of no name',
      claim({ dataSource: { apiGroup: 'example.com', kind: 'Foo', name: '' } }),
    ],
    [
      'a VolumeAttachment of an inline CSI volume',
      volumeAttachment({ source: { inlineVolumeSpec: { ...CSI, accessModes: ['ReadWriteOnce'] } } }),
    ],
    [
      "a claim's data source of the core group that is no claim, which the server drops without a dataSourceRef",
      claim({ dataSource: { kind: 'Foo', name: 'x' } }),
    ],
    [
      'an ephemeral claim template of a populator of another group',
      ephemeralClaim({ dataSource: { apiGroup: 'populator.example.com', kind: 'Foo', name: 'x' } }),
    ],
    ['a claim of ReadWriteOncePod twice', claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOncePod'] })],
    ['a VolumeAttachment of a driver name in capitals', volumeAttachment({ attacher: 'CSI.example.com' })],
    [
      'a CSINode of topology keys and a count',
      csiNode({ topologyKeys: ['topology.example.com/zone'], allocatable: { count: 0 } }),
    ],
    [
      'a local PersistentVolume pinned to a node',
      persistentVolume({ local: { path: 'mnt/disks' }, nodeAffinity: ON_NODE }),
    ],
    [
      'an NFS PersistentVolume of mount options',
      persistentVolume({ nfs: { server: 'nfs.example.com', path: '/' }, mountOptions: ['nfsvers=4.1', 'hard'] }),
    ],
    [
      'a CSI PersistentVolume of an upper-case driver',
      persistentVolume({ csi: { driver: 'EBS.csi.aws.com', volumeHandle: 'vol-1', fsType: 'ext4', readOnly: true } }),
    ],
    [
      'a StorageClass that retains and waits',
      storageClass({
        provisioner: 'rancher.io/local-path',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    ],
    [
      'allowedTopologies of two terms, values no label values',
      zonal([
        { matchLabelExpressions: [{ key: ZONE, values: ['a', 'not a label value!'] }] },
        {
          matchLabelExpressions: [
            { key: ZONE, values: ['a'] },
            { key: 'example.com/rack', values: ['r1'] },
          ],
        },
      ]),
    ],
    [
      'a PersistentVolume and a claim with what they need',
      object(
        'v1',
        'PersistentVolume',
        {
          spec: {
            accessModes: ['ReadWriteOnce'],
            capacity: { storage: '1Gi' },
            csi: { driver: 'disk.csi.example.com', volumeHandle: 'data' },
          },
        },
        false,
      ),
    ],
    [
      'a claim with access modes and a request',
      object('v1', 'PersistentVolumeClaim', {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    ],
    [
      'a CSIDriver of token requests of 10 minutes and of 2^32 seconds',
      object(
        'storage.k8s.io/v1',
        'CSIDriver',
        {
          spec: {
            tokenRequests: [
              { audience: 'a', expirationSeconds: 600 },
              { audience: 'b', expirationSeconds: 4294967296 },
            ],
          },
        },
        false,
      ),
    ],
  ],
  acceptedWhereServed: [
    [
      TOKENS_IN_SECRETS_SINCE,
      [
        'a CSIDriver of serviceAccountTokenInSecrets beside a token request',
        csiDriver({ serviceAccountTokenInSecrets: true, tokenRequests: [{ audience: 'a' }] }),
      ],
    ],
    [
      VOLUME_ATTRIBUTES_CLASS_SINCE,
      [
        'a CSI PersistentVolume of a volumeAttributesClassName',
        persistentVolume({ ...CSI, volumeAttributesClassName: 'gold' }),
      ],
    ],
    [
      VOLUME_ATTRIBUTES_CLASS_SINCE,
      ['a claim of an empty volumeAttributesClassName', claim({ volumeAttributesClassName: '' })],
    ],
    [
      NODE_ALLOCATABLE_UPDATE_SINCE,
      ['a CSIDriver of an allocatable count updated every 10 s', csiDriver({ nodeAllocatableUpdatePeriodSeconds: 10 })],
    ],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim config and constraint of a sub-request, of a driver in capitals',
        resourceClaim({
          requests: [{ name: 'gpu', firstAvailable: [{ name: 'a', deviceClassName: 'gpu.example.com' }] }],
          constraints: [{ requests: ['gpu/a'], distinctAttribute: 'gpu.example.com/numa' }],
          config: [{ requests: ['gpu/a'], opaque: { driver: 'GPU.example.com', parameters: { a: 1 } } }],
        }),
      ],
    ],
    [DEVICES_SINCE, ['a DeviceClass of example.com/gpu', classOf({ extendedResourceName: 'example.com/gpu' })]],
    [
      DEVICES_SINCE,
      [
        'a ResourceClaim constraint of both matchAttribute and distinctAttribute',
        resourceClaim({
          requests: [GPU_REQUEST],
          constraints: [{ matchAttribute: 'gpu.example.com/numa', distinctAttribute: 'gpu.example.com/pci' }],
        }),
      ],
    ],
    [
      DEVICES_SINCE,
      ['a DeviceClass selector of an attribute', deviceClass("device.attributes['example.com'].model == 'a'")],
    ],
  ],
};
