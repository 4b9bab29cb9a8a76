import { compareReleases } from '../config/kubernetes-version';
import { isDnsSubdomain, isLabelKey } from '../constructs/validation';
import { Problem } from './finding';
import { parameterProblems } from './storage-parameters';
import { sourceProblems } from './storage-rules';
import { Rule } from './rule';
import { parseQuantity } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The longest CSI node ID: 192 on 1.27 (256 where a driver already has a longer one), 256 later. */
const NODE_ID_LONGER_SINCE = '1.28';

/** A CSI driver's name: at most 63 characters, a DNS-1123 subdomain but for its case (ValidateCSIDriverName). */
export function driverNameProblems(at: string, name: unknown): Problem[] {
  if (typeof name !== 'string' || name === '') {
    return name === undefined
      ? []
      : [{ message: `${at} is empty`, fix: 'name the CSI driver, e.g. "ebs.csi.aws.com"' }];
  }
  return name.length > 63 || !isDnsSubdomain(name.toLowerCase())
    ? [
        {
          message: `${at} ${JSON.stringify(name)} is not a CSI driver name (at most 63 characters of a DNS-1123 subdomain, any case)`,
          fix: 'name the CSI driver as it registers, e.g. "ebs.csi.aws.com"',
        },
      ]
    : [];
}

function subdomainProblems(at: string, value: unknown, what: string): Problem[] {
  return value === undefined || isDnsSubdomain(value)
    ? []
    : [{ message: `${at} ${JSON.stringify(value)} is not a DNS-1123 subdomain`, fix: `name the ${what}` }];
}

function volumeAttachmentProblems(spec: Json): Problem[] {
  const problems = [
    ...driverNameProblems('spec.attacher', spec.attacher),
    ...subdomainProblems('spec.nodeName', spec.nodeName, 'node the volume is attached to'),
  ];
  const source = spec.source ?? {};
  const named = source.persistentVolumeName !== undefined;
  if (named === (source.inlineVolumeSpec !== undefined)) {
    problems.push({
      message: `spec.source has ${named ? 'both persistentVolumeName and inlineVolumeSpec' : 'neither persistentVolumeName nor inlineVolumeSpec'}; it needs exactly one`,
      fix: 'name the PersistentVolume to attach',
    });
  } else if (named) {
    problems.push(
      ...subdomainProblems('spec.source.persistentVolumeName', source.persistentVolumeName, 'PersistentVolume'),
    );
  } else {
    problems.push(...inlineVolumeProblems(source.inlineVolumeSpec ?? {}));
  }
  return problems;
}

/**
 * An inline volume a VolumeAttachment attaches (storage's ValidateVolumeAttachment with the inline PersistentVolume
 * options, 1.27 and 1.37 alike): a CSI volume of access modes, of no storageClassName, capacity or claimRef, whose source
 * a PersistentVolume's could be.
 */
function inlineVolumeProblems(spec: Json): Problem[] {
  const at = 'spec.source.inlineVolumeSpec';
  const problems: Problem[] = [];
  if (spec.csi === undefined || spec.csi === null) {
    const others = Object.keys(spec).filter((field) => INLINE_NOT_SOURCES.indexOf(field) < 0);
    problems.push({
      message: `${at} has no csi source${others.length > 0 ? ` (it has ${others.join(', ')})` : ''}, which the API server refuses: an inline volume is attached by a CSI driver`,
      fix: 'give the volume as csi: { driver, volumeHandle }, or attach a PersistentVolume by persistentVolumeName',
    });
  }
  // A PersistentVolume's own fields an inline volume may not have (core's ValidatePersistentVolumeSpec, inline).
  for (const field of ['capacity', 'claimRef'] as const) {
    if (
      spec[field] !== undefined &&
      spec[field] !== null &&
      (field !== 'capacity' || Object.keys(spec[field]).length > 0)
    ) {
      problems.push({
        message: `${at}.${field} is given, which the API server refuses of an inline volume (Forbidden: may not be specified in the context of inline volumes)`,
        fix: `leave ${field} out of the inline volume: the attachment is of the volume the driver names, not of a claimed one`,
      });
    }
  }
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
    problems.push({
      message: `${at} has no accessModes, which the API server requires of an inline volume too`,
      fix: 'give the access the volume is attached for, e.g. accessModes: ["ReadWriteOnce"]',
    });
  }
  // Its source as a PersistentVolume's: a CSI driver named as a DNS subdomain, a volume handle.
  problems.push(...sourceProblems(spec, `${at}.`));
  if (spec.storageClassName !== undefined && spec.storageClassName !== '') {
    problems.push({
      message: `${at}.storageClassName ${JSON.stringify(spec.storageClassName)} is given, which the API server refuses of an inline volume (Forbidden)`,
      fix: 'leave storageClassName out of the inline volume',
    });
  }
  return problems;
}

/** The fields of a PersistentVolume spec that are no volume source. */
const INLINE_NOT_SOURCES = [
  'accessModes',
  'capacity',
  'claimRef',
  'mountOptions',
  'nodeAffinity',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'volumeAttributesClassName',
  'volumeMode',
];

function csiNodeProblems(spec: Json, release: string): Problem[] {
  const maxNodeId = compareReleases(release, NODE_ID_LONGER_SINCE) >= 0 ? 256 : 192;
  const problems: Problem[] = [];
  const drivers: Json[] = Array.isArray(spec.drivers) ? spec.drivers : [];
  drivers.forEach((driver, index) => {
    const at = `spec.drivers[${index}]`;
    problems.push(...driverNameProblems(`${at}.name`, driver?.name));
    const nodeId = driver?.nodeID;
    if (typeof nodeId === 'string' && (nodeId === '' || nodeId.length > maxNodeId)) {
      problems.push({
        message: `${at}.nodeID is ${nodeId === '' ? 'empty' : `${nodeId.length} characters long, over ${maxNodeId}`}`,
        fix: 'give the ID the driver knows the node by',
      });
    }
    const count = driver?.allocatable?.count;
    if (typeof count === 'number' && count < 0) {
      problems.push({ message: `${at}.allocatable.count ${count} is negative`, fix: 'give 0 or more volumes' });
    }
    const keys: unknown[] = Array.isArray(driver?.topologyKeys) ? driver.topologyKeys : [];
    keys.forEach((key, position) => {
      if (typeof key !== 'string' || !isLabelKey(key)) {
        problems.push({
          message: `${at}.topologyKeys[${position}] ${JSON.stringify(key ?? '')} is not a qualified name (a label key)`,
          fix: 'list the node label keys the driver reports, e.g. "topology.ebs.csi.aws.com/zone"',
        });
      } else if (keys.indexOf(key) !== position) {
        problems.push({
          message: `${at}.topologyKeys[${position}] repeats ${JSON.stringify(key)}`,
          fix: 'list each key once',
        });
      }
    });
  });
  return problems;
}

function storageCapacityProblems(manifest: Json): Problem[] {
  const problems = subdomainProblems('storageClassName', manifest.storageClassName, 'StorageClass');
  for (const field of ['capacity', 'maximumVolumeSize']) {
    const amount = parseQuantity(manifest[field]);
    if (field === 'capacity' && amount !== undefined && amount < 0) {
      problems.push({ message: `capacity ${JSON.stringify(manifest[field])} is negative`, fix: 'give 0 or more' });
    }
  }
  return problems;
}

function attributesClassProblems(manifest: Json): Problem[] {
  const problems: Problem[] = [];
  const driver = manifest.driverName;
  if (typeof driver === 'string' && driver !== '' && !isLabelKey(driver.toLowerCase())) {
    problems.push({
      message: `driverName ${JSON.stringify(driver)} is not a qualified name (a DNS prefix and a name, as a label key)`,
      fix: 'name the CSI driver, e.g. "ebs.csi.aws.com"',
    });
  }
  const parameters = manifest.parameters ?? {};
  if (Object.keys(parameters).length === 0) {
    problems.push({
      message: 'parameters is empty; a VolumeAttributesClass needs one or more',
      fix: 'give the attributes the driver applies, e.g. { iops: "4000" }',
    });
  }
  return [...problems, ...parameterProblems(parameters, 'VolumeAttributesClass')];
}

/**
 * What the API server refuses of the objects of CSI drivers' attachments, nodes and capacity (storage's validation):
 * a VolumeAttachment's attacher, node and source; a CSINode's driver names, node IDs, allocatable count and topology
 * keys; a CSIStorageCapacity's class name and capacity; a VolumeAttributesClass's driver and parameters.
 */
export const csiObjectSpec: Rule = {
  id: 'csi-object-spec',
  description:
    'a VolumeAttachment whose attacher is not a CSI driver name, whose nodeName or persistentVolumeName is not a DNS-1123 subdomain, whose source is not exactly one, or whose inline volume is not a CSI one, has no access modes, or has a storageClassName, capacity or claimRef; a CSINode driver of a bad name, an empty or too long nodeID (192 on 1.27, then 256), a negative count, topology keys that are not qualified names or repeat; a CSIStorageCapacity of a class name that is not a DNS-1123 subdomain or a negative capacity; a VolumeAttributesClass of a driverName that is not a qualified name, or of no parameters, an empty key, more than 512 or over 256 KiB',
  kinds: ['VolumeAttachment', 'CSINode', 'CSIStorageCapacity', 'VolumeAttributesClass'],
  check(object, context) {
    const manifest = object.manifest as Json;
    switch (manifest.kind) {
      case 'VolumeAttachment':
        return volumeAttachmentProblems(manifest.spec ?? {});
      case 'CSINode':
        return csiNodeProblems(manifest.spec ?? {}, context.kubernetesVersion);
      case 'CSIStorageCapacity':
        return storageCapacityProblems(manifest);
      default:
        return attributesClassProblems(manifest);
    }
  },
};

export const CSI_OBJECT_RULES: readonly Rule[] = [csiObjectSpec];
