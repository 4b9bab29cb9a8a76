import { compareReleases } from '../config/kubernetes-version';
import { DNS_LABEL, DNS_SUBDOMAIN, isDnsSubdomain, isLabelKey } from '../constructs/validation';
import { Problem } from './finding';
import { allowedTopologyProblems } from './allowed-topologies';
import { parseQuantity } from './value-rules';
import { claimVolumeReference, statefulSetServiceReference, storageClassReferences } from './references';
import { CheckContext, Rule, formatLabels, madeOutsideProject, namespaceOf, objectExists, specOf } from './rule';
import { podTemplateOf } from './object-index';
import { parameterProblems } from './storage-parameters';
import { kindsWith } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The kinds with a pod template, whose ephemeral volumes carry claim templates. */
const POD_KINDS = kindsWith('podTemplate');

function storageClassProblem(className: string | undefined, where: string, context: CheckContext): Problem | undefined {
  if (className === undefined || className === '' || objectExists('StorageClass', undefined, className, context)) {
    return undefined;
  }
  return {
    message: `${where} asks for StorageClass "${className}", which the project does not define`,
    fix: "define the StorageClass and pass it by object, or declare it in the environment's external.storageClasses",
  };
}

export const storageClassReference: Rule = {
  id: 'storage-class',
  description: 'a PVC, PV or volumeClaimTemplate names a StorageClass we define or the environment declares',
  kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet'],
  check(object, context) {
    return storageClassReferences(object).flatMap(({ name, where }) => storageClassProblem(name, where, context) ?? []);
  },
};

/** Why a claim cannot bind the volume it names: too big, a mode it does not offer, another class. */
function fitProblems(claim: Json, volume: Json): Problem[] {
  const problems: Problem[] = [];
  const volumeName = String(volume.metadata?.name);
  const requested = claim.resources?.requests?.storage;
  const capacity = volume.spec?.capacity?.storage;
  const requestedBytes = parseQuantity(requested);
  const capacityBytes = parseQuantity(capacity);
  if (requestedBytes !== undefined && capacityBytes !== undefined && requestedBytes > capacityBytes) {
    problems.push({
      message: `requested storage ${requested} is more than the ${capacity} of PersistentVolume ${volumeName}`,
      fix: 'request at most the capacity of the volume',
    });
  }
  const offered: string[] = volume.spec?.accessModes ?? [];
  const missing = (claim.accessModes ?? []).filter((mode: string) => !offered.includes(mode));
  if (missing.length > 0) {
    problems.push({
      message: `accessModes ${missing.join(', ')} are not offered by PersistentVolume ${volumeName}, which offers ${offered.join(', ') || 'none'}`,
      fix: 'ask only for access modes the volume offers',
    });
  }
  const volumeClass = volume.spec?.storageClassName ?? '';
  if (claim.storageClassName !== undefined && claim.storageClassName !== volumeClass) {
    problems.push({
      message: `storageClassName "${claim.storageClassName}" differs from "${volumeClass}" of PersistentVolume ${volumeName}; they must match to bind`,
      fix: "ask for the volume's class (or leave storageClass out to take it from the volume)",
    });
  }
  return problems;
}

export const claimVolume: Rule = {
  id: 'claim-volume',
  description: 'a PVC bound by volumeName names a PersistentVolume we define, and fits it (size, access modes, class)',
  kinds: ['PersistentVolumeClaim'],
  check(claim, context) {
    const reference = claimVolumeReference(claim);
    if (reference === undefined) {
      return [];
    }
    const volumeName = reference.name;
    const volume = context.index.get('PersistentVolume', undefined, volumeName);
    if (volume === undefined) {
      // One made outside the project: its size and modes are not known here.
      return madeOutsideProject('PersistentVolume', undefined, volumeName, context.external)
        ? []
        : [
            {
              message: `volumeName "${volumeName}" names no PersistentVolume of the project`,
              fix:
                'define the PersistentVolume and pass it as `volume`, or, when it is made outside the project, bind ' +
                `PersistentVolume.fromName and declare it in the environment's external.persistentVolumes (e.g. ['${volumeName}'])`,
            },
          ];
    }
    return fitProblems(specOf(claim), volume.manifest);
  },
};

export const storageClassSpec: Rule = {
  id: 'storage-class-spec',
  description:
    'a StorageClass names its provisioner as the API server takes it (a qualified name, e.g. "ebs.csi.aws.com"), parameters it takes (at most 512, no empty key, 256 KiB), and allowedTopologies it takes (label keys, values, no duplicates)',
  kinds: ['StorageClass'],
  check(storageClass) {
    const topologies = [
      ...allowedTopologyProblems((storageClass.manifest as Json).allowedTopologies),
      ...parameterProblems((storageClass.manifest as Json).parameters, 'StorageClass'),
    ];
    const provisioner: unknown = (storageClass.manifest as Json).provisioner;
    // A missing one is the schema check's (a required field).
    // The API server checks the provisioner lower-cased: KUBERNETES.IO/NO-PROVISIONER is taken.
    if (provisioner === undefined || (typeof provisioner === 'string' && isLabelKey(provisioner.toLowerCase()))) {
      return topologies;
    }
    return [
      ...topologies,
      {
        message:
          provisioner === ''
            ? 'the StorageClass names no provisioner, which the API server refuses'
            : `provisioner ${JSON.stringify(provisioner)} is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
        fix: 'name the CSI driver or in-tree provisioner that makes its volumes, e.g. "rancher.io/local-path" or "ebs.csi.aws.com"',
      },
    ];
  },
};

/** The fields of a PersistentVolume spec that each name a volume source; the API server takes exactly one. */
const VOLUME_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'csi',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'glusterfs',
  'hostPath',
  'iscsi',
  'local',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
];

/** What the API server requires of a claim's spec (a PersistentVolumeClaim's or a volumeClaimTemplate's). */
function claimSpecProblems(spec: Json, where: string): Problem[] {
  const problems: Problem[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
    problems.push({
      message: `${where}has no accessModes; the API server requires at least one`,
      fix: 'ask for the access it needs, e.g. accessModes: ["ReadWriteOnce"]',
    });
  }
  if (spec.resources?.requests?.storage === undefined) {
    problems.push({
      message: `${where}requests no storage (resources.requests.storage), which the API server requires`,
      fix: 'request the size it needs, e.g. "1Gi"',
    });
  }
  // Each mode counts once: [ReadWriteOncePod, ReadWriteOncePod] is taken.
  if (
    Array.isArray(spec.accessModes) &&
    spec.accessModes.includes('ReadWriteOncePod') &&
    new Set(spec.accessModes).size > 1
  ) {
    problems.push({
      message: `${where}accessModes ${spec.accessModes.join(', ')}: the API server refuses ReadWriteOncePod beside other access modes (may not use ReadWriteOncePod with other access modes)`,
      fix: 'ask for ReadWriteOncePod alone (one pod reads and writes), or leave it out',
    });
  }
  return problems;
}

/**
 * The release from which the API server checks that the apiGroup of a claim's dataSource or dataSourceRef is a DNS
 * subdomain (kubernetes/kubernetes#119091; 1.27 takes "Bad_Group", 1.37 refuses it, seen).
 */
export const DATA_SOURCE_GROUP_CHECKED_SINCE = '1.29';

/**
 * The release from which the API server validates a StatefulSet's volumeClaimTemplates as claims
 * (kubernetes/kubernetes#132212; 1.27 takes a template of a data source of no claim kind, 1.37 refuses it, seen).
 * Before it, the controller creates each claim from its template, and the claim is judged then.
 */
export const CLAIM_TEMPLATES_VALIDATED_SINCE = '1.34';

/**
 * A claim's dataSource and dataSourceRef (validateDataSource, validateDataSourceRef): a kind of the core group is
 * PersistentVolumeClaim, and another group is a DNS subdomain (from DATA_SOURCE_GROUP_CHECKED_SINCE). The API server
 * drops a PersistentVolumeClaim's dataSource of another kind than a claim or a VolumeSnapshot before it validates it
 * when no dataSourceRef is given (EnforceDataSourceBackwardsCompatibility, AnyVolumeDataSource's compatibility with
 * older clients), so such a claim is taken, and made empty: `dropped` says whether this claim's would be. The claim
 * templates of a pod's ephemeral volumes (and from CLAIM_TEMPLATES_VALIDATED_SINCE a StatefulSet's) are validated as
 * written.
 */
function dataSourceProblems(spec: Json, where: string, dropped: boolean, release: string): Problem[] {
  const fields = dropped ? (['dataSourceRef'] as const) : (['dataSource', 'dataSourceRef'] as const);
  const groupChecked = compareReleases(release, DATA_SOURCE_GROUP_CHECKED_SINCE) >= 0;
  const problems = fields.flatMap((field): Problem[] => {
    const source = spec[field];
    if (source === undefined || source === null || typeof source !== 'object') {
      return [];
    }
    const missing = (['kind', 'name'] as const).filter((part) => source[part] === undefined || source[part] === '');
    if (missing.length > 0) {
      return [
        {
          message: `${where}${field} has no ${missing.join(' and ')}, which the API server requires (Required value)`,
          fix: `name the ${missing.join(' and ')} of the source, e.g. kind: PersistentVolumeClaim, name: <the claim to clone>`,
        },
      ];
    }
    const group: unknown = source.apiGroup ?? '';
    if (
      group === '' &&
      source.kind !== 'PersistentVolumeClaim' &&
      typeof source.kind === 'string' &&
      source.kind !== ''
    ) {
      return [
        {
          message: `${where}${field} names kind ${JSON.stringify(source.kind)} of the core API group, which the API server refuses (must be 'PersistentVolumeClaim' when referencing the default apiGroup)`,
          fix: 'name a PersistentVolumeClaim to clone, or give the apiGroup of the kind, e.g. snapshot.storage.k8s.io for a VolumeSnapshot',
        },
      ];
    }
    return groupChecked && typeof group === 'string' && group !== '' && !isDnsSubdomain(group)
      ? [
          {
            message: `${where}${field} apiGroup ${JSON.stringify(group)} is not a DNS-1123 subdomain, which the API server refuses`,
            fix: 'write the API group of the kind in lower case, e.g. "snapshot.storage.k8s.io"',
          },
        ]
      : [];
  });
  return [...problems, ...dataSourceAgreement(spec, where)];
}

/**
 * The source a dataSource or dataSourceRef names, as the API server compares them: group, kind and name, where an
 * apiGroup of "" is not a missing one (it compares the pointers' targets: both 1.27 and 1.37 refuse a dataSource of
 * apiGroup "" beside a dataSourceRef of none).
 */
const sourceKey = (source: Json) => JSON.stringify([source.apiGroup ?? null, source.kind ?? '', source.name ?? '']);

/**
 * A claim of both a dataSource and a dataSourceRef: the API server requires them to name one source (both 1.27 and
 * 1.37: "must match dataSourceRef"); the dataSourceRef's namespace is dropped while CrossNamespaceVolumeDataSource is
 * off, as it is on both.
 */
function dataSourceAgreement(spec: Json, where: string): Problem[] {
  const [source, reference] = [spec.dataSource, spec.dataSourceRef];
  if (
    source === undefined ||
    source === null ||
    reference === undefined ||
    reference === null ||
    sourceKey(source) === sourceKey(reference)
  ) {
    return [];
  }
  const named = (value: Json) =>
    `${value.apiGroup ? `${String(value.apiGroup)}/` : value.apiGroup === '' ? 'apiGroup "", ' : ''}${value.kind} "${value.name}"`;
  return [
    {
      message: `${where}dataSource (${named(source)}) and dataSourceRef (${named(reference)}) name different sources, which the API server refuses (must match dataSourceRef)`,
      fix: 'give only dataSourceRef (the API server fills in dataSource), or the same apiGroup, kind and name in both',
    },
  ];
}

/**
 * Whether the API server drops a PersistentVolumeClaim's dataSource before it validates it: when no dataSourceRef is
 * given and it names neither a claim nor a VolumeSnapshot (EnforceDataSourceBackwardsCompatibility).
 */
function dataSourceDropped(spec: Json): boolean {
  if (spec.dataSourceRef !== undefined && spec.dataSourceRef !== null) {
    return false;
  }
  const source = spec.dataSource ?? {};
  const group = source.apiGroup ?? '';
  return !(
    (source.kind === 'PersistentVolumeClaim' && group === '') ||
    (source.kind === 'VolumeSnapshot' && group === 'snapshot.storage.k8s.io')
  );
}

/**
 * The release from which the API server judges a volumeAttributesClassName (VolumeAttributesClass, GA in 1.34; before,
 * off by default, the field is dropped).
 */
export const VOLUME_ATTRIBUTES_CLASS_SINCE = '1.34';

/**
 * A claim's or a volume's volumeAttributesClassName: a DNS subdomain; a PersistentVolume's is not empty and is of a CSI
 * volume (1.37: "has to be specified when using volumeAttributesClassName"). A claim's empty one means no class.
 */
function attributesClassNameProblems(spec: Json, where: string, release: string, volume: boolean): Problem[] {
  const name: unknown = spec.volumeAttributesClassName;
  if (name === undefined || name === null || compareReleases(release, VOLUME_ATTRIBUTES_CLASS_SINCE) < 0) {
    return [];
  }
  const fix = 'name a VolumeAttributesClass (a DNS-1123 subdomain, e.g. "fast-iops"), or leave the field out';
  if (name === '') {
    return volume
      ? [
          {
            message: `${where}volumeAttributesClassName is empty, which the API server refuses of a PersistentVolume`,
            fix,
          },
        ]
      : [];
  }
  const problems: Problem[] = isDnsSubdomain(name)
    ? []
    : [
        {
          message: `${where}volumeAttributesClassName ${JSON.stringify(name)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), which the API server refuses`,
          fix,
        },
      ];
  if (volume && (spec.csi === undefined || spec.csi === null)) {
    problems.push({
      message: `${where}has volumeAttributesClassName ${JSON.stringify(name)} but no csi source, which the API server refuses (a class of attributes is applied by a CSI driver)`,
      fix: 'give volumeAttributesClassName to CSI volumes only, or leave it out',
    });
  }
  return problems;
}

export const volumeSpec: Rule = {
  id: 'volume-spec',
  description:
    "a PersistentVolume has a capacity, access modes and exactly one volume source (a local one with node affinity; node affinity with required terms; an NFS server and absolute path; a CSI driver named as a DNS subdomain and a volume handle; a local path without '..'); a claim (a volumeClaimTemplate, an ephemeral volume's claim template) has access modes and requests storage; ReadWriteOncePod alone; a data source of the core group that is a PersistentVolumeClaim",
  kinds: ['PersistentVolume', 'PersistentVolumeClaim', 'StatefulSet', ...POD_KINDS],
  check(object, context) {
    const spec = specOf(object);
    const release = context.kubernetesVersion;
    switch (object.manifest.kind) {
      case 'PersistentVolumeClaim':
        return [
          ...claimSpecProblems(spec, ''),
          ...attributesClassNameProblems(spec, '', release, false),
          ...dataSourceProblems(spec, '', dataSourceDropped(spec), release),
        ];
      case 'PersistentVolume':
        return [...volumeProblems(spec), ...attributesClassNameProblems(spec, '', release, true)];
      case 'StatefulSet':
        return [
          ...((spec.volumeClaimTemplates ?? []) as Json[]).flatMap((claim) => {
            const where = `volumeClaimTemplate "${claim?.metadata?.name}" `;
            const claimSpec = claim?.spec ?? {};
            return compareReleases(release, CLAIM_TEMPLATES_VALIDATED_SINCE) >= 0
              ? [
                  ...claimSpecProblems(claimSpec, where),
                  ...attributesClassNameProblems(claimSpec, where, release, false),
                  ...dataSourceProblems(claimSpec, where, false, release),
                ]
              : claimSpecProblems(claimSpec, where);
          }),
          ...ephemeralClaimProblems(object, release),
        ];
      default:
        return ephemeralClaimProblems(object, release);
    }
  },
};

/** The claim template of each ephemeral volume of a pod, judged as a claim. */
function ephemeralClaimProblems(object: RenderedObject, release: string): Problem[] {
  return ((podTemplateOf(object)?.spec?.volumes ?? []) as Json[])
    .filter((volume) => volume?.ephemeral?.volumeClaimTemplate !== undefined)
    .flatMap((volume) => {
      const where = `the claim template of ephemeral volume "${volume.name}" `;
      const spec = volume.ephemeral.volumeClaimTemplate.spec ?? {};
      return [
        ...claimSpecProblems(spec, where),
        ...attributesClassNameProblems(spec, where, release, false),
        ...dataSourceProblems(spec, where, false, release),
      ];
    });
}

/** A PersistentVolume's capacity, access modes and one volume source. */
function volumeProblems(spec: Json): Problem[] {
  const problems = claimSpecProblems({ accessModes: spec.accessModes, resources: { requests: { storage: true } } }, '');
  if (spec.capacity?.storage === undefined) {
    problems.push({
      message: 'has no capacity.storage, which the API server requires of a PersistentVolume',
      fix: 'give the size it offers, e.g. capacity: { storage: "10Gi" }',
    });
  }
  const others = Object.keys(spec.capacity ?? {}).filter((resource) => resource !== 'storage');
  if (others.length > 0) {
    problems.push({
      message: `capacity names ${others.map((resource) => JSON.stringify(resource)).join(', ')}; the API server takes only storage in a PersistentVolume's capacity`,
      fix: 'give only capacity.storage, e.g. capacity: { storage: "10Gi" }',
    });
  }
  const sources = VOLUME_SOURCES.filter((source) => spec[source] !== undefined);
  if (sources.length !== 1) {
    problems.push({
      message:
        sources.length === 0
          ? 'names no volume source (hostPath, nfs, csi, local, ...), which the API server requires'
          : `names ${sources.length} volume sources (${sources.join(', ')}); the API server takes exactly one`,
      fix: 'give the one storage the volume is, e.g. csi: { driver, volumeHandle } or nfs: { server, path }',
    });
  }
  return [...problems, ...nodeAffinityProblems(spec), ...sourceProblems(spec)];
}

/** A PersistentVolume's node affinity: required terms, at least one (1.27 and 1.37 alike). */
function nodeAffinityProblems(spec: Json): Problem[] {
  const affinity = spec.nodeAffinity;
  if (affinity === undefined || affinity === null) {
    return spec.local === undefined || spec.local === null
      ? []
      : [
          {
            message:
              'is a local volume without nodeAffinity, which the API server refuses (spec.nodeAffinity: Required value: Local volume requires node affinity)',
            fix: 'pin it to the node that has the disk: nodeAffinity.required.nodeSelectorTerms matching kubernetes.io/hostname',
          },
        ];
  }
  if (affinity.required === undefined || affinity.required === null) {
    return [
      {
        message:
          'nodeAffinity has no required node constraints, which the API server refuses (spec.nodeAffinity.required: Required value)',
        fix: 'give nodeAffinity.required.nodeSelectorTerms, or remove nodeAffinity',
      },
    ];
  }
  const terms: unknown = affinity.required.nodeSelectorTerms;
  return Array.isArray(terms) && terms.length > 0
    ? []
    : [
        {
          message:
            'nodeAffinity.required has no nodeSelectorTerms, which the API server refuses (must have at least one node selector term)',
          fix: 'give at least one term, e.g. a matchExpressions on kubernetes.io/hostname',
        },
      ];
}

/** The longest CSI driver name the API servers take. */
const CSI_DRIVER_NAME_MAX = 63;

/**
 * An iSCSI qualified name, as the API servers check an iqn and an initiatorName: iqn.YYYY-MM.<reversed domain>[:name]
 * (the iqn regex is anchored at its end only, as Kubernetes' is), eui. and 16, naa. and 32 letters or digits.
 */
const ISCSI_NAMES: readonly (readonly [prefix: string, format: RegExp])[] = [
  ['iqn', /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\f\r ]+)$/],
  ['eui', /^eui[^\n][A-Za-z0-9]{16}$/],
  ['naa', /^naa[^\n][A-Za-z0-9]{32}$/],
];
const ISCSI_NAME_FORMS = 'iqn.YYYY-MM.<reversed domain>[:<name>], eui.<16 hex digits> or naa.<32 hex digits>';

function isIscsiName(name: string): boolean {
  const form = ISCSI_NAMES.find(([prefix]) => name.startsWith(prefix));
  return form !== undefined && form[1].test(name);
}

/**
 * What the API servers require of the common sources beyond their schema (validatePersistentVolumeSource, and
 * validateVolumeSource for the same sources inline in a pod, `where` naming the volume): a local path that is given and
 * does not climb, an NFS server and an absolute NFS path, a CSI driver named as a DNS subdomain (compared in lower
 * case) and a volume handle, an iSCSI target portal, qualified names and a lun of 0-255. An empty string counts as not
 * given, as the servers read it.
 */
export function sourceProblems(spec: Json, where = ''): Problem[] {
  const problems: Problem[] = [];
  const empty = (field: string, value: unknown, fix: string) => {
    if (value === '') {
      problems.push({ message: `${field} is empty, which the API server refuses (Required value)`, fix });
    }
  };
  const local = spec.local;
  if (local !== undefined && local !== null && typeof local.path === 'string') {
    empty('local.path', local.path, 'give the directory or device of the disk on the node, e.g. "/mnt/disks/ssd1"');
    if (local.path.split('/').includes('..')) {
      problems.push({
        message: `local.path ${JSON.stringify(local.path)} has a ".." element, which the API server refuses (must not contain '..')`,
        fix: 'write the path without ".."',
      });
    }
  }
  const nfs = spec.nfs;
  if (nfs !== undefined && nfs !== null) {
    empty('nfs.server', nfs.server, "give the NFS server's host name or address");
    if (typeof nfs.path === 'string' && !nfs.path.startsWith('/')) {
      problems.push({
        message: `nfs.path ${JSON.stringify(nfs.path)} is not an absolute path, which the API server refuses`,
        fix: 'write the exported directory from "/", e.g. "/exports/data"',
      });
    }
  }
  const csi = spec.csi;
  if (csi !== undefined && csi !== null && typeof csi.driver === 'string' && csi.driver !== '') {
    const fix = 'name the driver as it names itself, e.g. "ebs.csi.aws.com"';
    if (csi.driver.length > CSI_DRIVER_NAME_MAX) {
      problems.push({
        message: `csi.driver ${JSON.stringify(csi.driver)} is longer than ${CSI_DRIVER_NAME_MAX} characters, which the API server refuses`,
        fix,
      });
    } else if (!DNS_SUBDOMAIN.test(csi.driver.toLowerCase())) {
      problems.push({
        message: `csi.driver ${JSON.stringify(csi.driver)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; the API server compares it in lower case), which the API server refuses`,
        fix,
      });
    }
  }
  if (csi !== undefined && csi !== null) {
    empty('csi.driver', csi.driver, 'name the driver as it names itself, e.g. "ebs.csi.aws.com"');
    empty(
      'csi.volumeHandle',
      csi.volumeHandle,
      'give the id of the volume in its storage system, e.g. "vol-0123456789abcdef0"',
    );
  }
  problems.push(...iscsiProblems(spec.iscsi));
  return where === '' ? problems : problems.map((problem) => ({ ...problem, message: `${where}${problem.message}` }));
}

function iscsiProblems(iscsi: Json): Problem[] {
  if (iscsi === undefined || iscsi === null) {
    return [];
  }
  const problems: Problem[] = [];
  if (iscsi.targetPortal === '') {
    problems.push({
      message: 'iscsi.targetPortal is empty, which the API server refuses (Required value)',
      fix: 'give the address of the iSCSI target, e.g. "10.0.0.1:3260"',
    });
  }
  for (const field of ['iqn', 'initiatorName'] as const) {
    const name: unknown = iscsi[field];
    // An empty iqn is refused as missing; an initiatorName, when given, is checked as it is.
    if (typeof name === 'string' && (name !== '' || field === 'initiatorName') && !isIscsiName(name)) {
      problems.push({
        message: `iscsi.${field} ${JSON.stringify(name)} is not an iSCSI qualified name: ${ISCSI_NAME_FORMS}`,
        fix: `write the ${field === 'iqn' ? "target's" : "initiator's"} name as the storage system shows it, e.g. "iqn.2001-04.com.example:storage"`,
      });
    } else if (name === '') {
      problems.push({
        message: 'iscsi.iqn is empty, which the API server refuses (Required value)',
        fix: 'give the target\'s qualified name, e.g. "iqn.2001-04.com.example:storage"',
      });
    }
  }
  if (typeof iscsi.lun === 'number' && (iscsi.lun < 0 || iscsi.lun > 255)) {
    problems.push({
      message: `iscsi.lun ${iscsi.lun} is outside 0-255, which the API server refuses`,
      fix: "give the number of the target's logical unit, from 0 to 255",
    });
  }
  return problems;
}

export const hostPath: Rule = {
  id: 'host-path',
  description:
    "a hostPath PersistentVolume's path is absolute, has no '..' element, and is not the node's root when the volume is recycled",
  kinds: ['PersistentVolume'],
  check(volume) {
    const spec = specOf(volume);
    const path: unknown = spec.hostPath?.path;
    if (path === undefined) {
      return [];
    }
    if (!(typeof path === 'string' && path.startsWith('/'))) {
      return [
        {
          message: `hostPath ${JSON.stringify(path)} must be an absolute path`,
          fix: "write the directory's full path on the node, starting with '/'",
        },
      ];
    }
    if (path.split('/').includes('..')) {
      return [
        {
          message: `hostPath ${JSON.stringify(path)} has a ".." element, which the API server refuses of a PersistentVolume (must not contain '..')`,
          fix: 'write the path without "..", e.g. "/data/x" for "/data/y/../x"',
        },
      ];
    }
    // The API server cleans the path (Go's path.Clean: "//" and "/." are "/") and refuses to recycle the node's root.
    const root = path.split('/').every((part) => part === '' || part === '.');
    return spec.persistentVolumeReclaimPolicy === 'Recycle' && root
      ? [
          {
            message: `hostPath ${JSON.stringify(path)} is the node's root, which the API server refuses to recycle (persistentVolumeReclaimPolicy Recycle: may not be 'recycle' for a hostPath mount of '/')`,
            fix: 'give the volume a directory of its own, e.g. "/data/pv-1", or reclaim it with Retain',
          },
        ]
      : [];
  },
};

export const volumeClaimTemplate: Rule = {
  id: 'volume-claim-template',
  description:
    "a StatefulSet's volumeClaimTemplates have unique DNS-1123 label names, no pod volume of the same name, and absolute mount paths",
  kinds: ['StatefulSet'],
  check(statefulSet) {
    const spec = specOf(statefulSet);
    const pod = spec.template?.spec ?? {};
    const volumes = new Set((pod.volumes ?? []).map((volume: Json) => volume.name));
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const claim of spec.volumeClaimTemplates ?? []) {
      const name: unknown = claim.metadata?.name;
      if (typeof name !== 'string' || name.length > 63 || !DNS_LABEL.test(name)) {
        problems.push({
          message: `volumeClaimTemplate name ${JSON.stringify(name)} is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")`,
          fix: 'rename the volumeClaimTemplate (and its mounts)',
        });
        continue;
      }
      if (seen.has(name)) {
        problems.push({
          message: `volumeClaimTemplate "${name}" appears more than once`,
          fix: 'give each claim a name of its own',
        });
      }
      seen.add(name);
      if (volumes.has(name)) {
        problems.push({
          message: `volumeClaimTemplate "${name}" is also the name of a pod volume, which the controller would replace`,
          fix: 'rename the claim or the pod volume',
        });
      }
      for (const container of pod.containers ?? []) {
        for (const mount of container.volumeMounts ?? []) {
          if (mount.name === name && !(typeof mount.mountPath === 'string' && mount.mountPath.startsWith('/'))) {
            problems.push({
              message: `container "${container.name}" mounts volumeClaimTemplate "${name}" at ${JSON.stringify(mount.mountPath)}, which is not an absolute path`,
              fix: "write the mount path starting with '/'",
            });
          }
        }
      }
    }
    return problems;
  },
};

export const statefulSetService: Rule = {
  id: 'statefulset-service',
  description: "a StatefulSet's serviceName is a headless Service of its namespace that selects its pods",
  kinds: ['StatefulSet'],
  check(statefulSet, context) {
    const spec = specOf(statefulSet);
    const reference = statefulSetServiceReference(statefulSet);
    if (reference === undefined) {
      return []; // a missing serviceName is the schema rule's finding
    }
    const namespace = namespaceOf(statefulSet);
    const service = context.index.get('Service', namespace, reference.name);
    const fix = 'give the StatefulSet a headless Service (clusterIP: None) whose selector matches its pod labels';
    if (service === undefined) {
      return [{ message: `serviceName "${spec.serviceName}" names no Service in namespace ${namespace}`, fix }];
    }
    const serviceSpec = specOf(service);
    if (serviceSpec.clusterIP !== 'None') {
      return [
        {
          message: `Service ${namespace}/${spec.serviceName} is not headless (clusterIP is ${serviceSpec.clusterIP ?? 'allocated'})`,
          fix,
        },
      ];
    }
    const labels = spec.template?.metadata?.labels ?? {};
    const selector: Record<string, string> = serviceSpec.selector ?? {};
    if (!Object.entries(selector).every(([name, value]) => labels[name] === value)) {
      return [
        {
          message: `Service ${namespace}/${spec.serviceName} selects ${formatLabels(selector)}, which the StatefulSet's pods do not carry`,
          fix,
        },
      ];
    }
    return [];
  },
};

/**
 * The release from which a CSIDriver's nodeAllocatableUpdatePeriodSeconds is taken and judged (MutableCSINodeAllocatableCount,
 * beta and on in 1.34; the 1.37 API server refuses 5, seen; 1.27 does not know the field, which the schema check says).
 */
export const NODE_ALLOCATABLE_UPDATE_SINCE = '1.34';
/** The shortest period a CSIDriver may ask the kubelet to update its CSINode's allocatable count in. */
const MIN_ALLOCATABLE_UPDATE_SECONDS = 10;

/** The shortest and longest life a CSIDriver's token request may give the tokens it asks for. */
const TOKEN_SECONDS = [600, 2 ** 32] as const;

/**
 * What the API server refuses of a CSIDriver beyond its schema and enums (storage's validateCSIDriverSpec, the same on
 * 1.27 and 1.37): a name over 63 characters, two token requests of one audience, a token life outside 10 minutes to
 * 2^32 seconds.
 */
export const csiDriverSpec: Rule = {
  id: 'csi-driver-spec',
  description:
    'a CSIDriver has a name of at most 63 characters, token requests of distinct audiences, each for 600 s to 2^32 s, (from 1.34) a nodeAllocatableUpdatePeriodSeconds of 10 or more, and serviceAccountTokenInSecrets only beside tokenRequests',
  kinds: ['CSIDriver'],
  check(object, context) {
    const problems: Problem[] = [];
    const period: unknown = specOf(object).nodeAllocatableUpdatePeriodSeconds;
    if (
      typeof period === 'number' &&
      period < MIN_ALLOCATABLE_UPDATE_SECONDS &&
      compareReleases(context.kubernetesVersion, NODE_ALLOCATABLE_UPDATE_SINCE) >= 0
    ) {
      problems.push({
        message: `nodeAllocatableUpdatePeriodSeconds ${period} is under ${MIN_ALLOCATABLE_UPDATE_SECONDS}, which the API server refuses (must be greater than or equal to 10 seconds)`,
        fix: `ask for updates every ${MIN_ALLOCATABLE_UPDATE_SECONDS} seconds or more, e.g. 60, or leave the field out`,
      });
    }
    const name = String(object.manifest.metadata.name);
    if (name.length > 63) {
      problems.push({
        message: `name ${JSON.stringify(name)} is ${name.length} characters; a CSI driver's name has at most 63`,
        fix: 'name the CSIDriver as the driver names itself (its GetPluginInfo name), e.g. "ebs.csi.aws.com"',
      });
    }
    const requests: unknown = specOf(object).tokenRequests;
    // 1.27 does not know the field, which the schema check says; 1.37 needs tokens for it to keep (seen by dry run).
    if (specOf(object).serviceAccountTokenInSecrets === true && !(Array.isArray(requests) && requests.length > 0)) {
      problems.push({
        message:
          'serviceAccountTokenInSecrets is true but the CSIDriver asks for no tokenRequests, which the API server refuses (serviceAccountTokenInSecrets is set but no tokenRequests are specified)',
        fix: 'list the tokenRequests the driver needs, or leave serviceAccountTokenInSecrets out',
      });
    }
    const audiences: unknown[] = [];
    ((specOf(object).tokenRequests ?? []) as Json[]).forEach((request, index) => {
      const audience = request?.audience ?? '';
      if (audiences.includes(audience)) {
        problems.push({
          message: `tokenRequests[${index}].audience ${JSON.stringify(audience)} is the audience of an earlier request`,
          fix: 'ask for one token per audience',
        });
        return;
      }
      audiences.push(audience);
      const seconds: unknown = request?.expirationSeconds;
      if (typeof seconds === 'number' && (seconds < TOKEN_SECONDS[0] || seconds > TOKEN_SECONDS[1])) {
        problems.push({
          message: `tokenRequests[${index}].expirationSeconds ${seconds} is outside ${TOKEN_SECONDS[0]} (10 minutes) to ${TOKEN_SECONDS[1]} (2^32)`,
          fix: 'ask for tokens of 10 minutes or more, e.g. 3600, or leave expirationSeconds out',
        });
      }
    });
    return problems;
  },
};

export const STORAGE_RULES: readonly Rule[] = [
  csiDriverSpec,
  storageClassReference,
  storageClassSpec,
  volumeSpec,
  claimVolume,
  hostPath,
  volumeClaimTemplate,
  statefulSetService,
];
