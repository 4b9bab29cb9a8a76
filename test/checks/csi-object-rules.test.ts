import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

type Change = (manifest: AnyManifest) => void;
const attachment = (change: Change) => rawFindings('VolumeAttachment', 'raw-data-node-1', change);
const node = (change: Change) => rawFindings('CSINode', 'raw-node-1', change);
const capacity = (change: Change) => rawFindings('CSIStorageCapacity', 'raw-zone-a', change);
const attributes = (change: Change) => rawFindings('VolumeAttributesClass', 'raw-fast', change, 'prod');

describe('csi-object-spec', () => {
  it('passes the objects as written', () => {
    for (const findings of [attachment, node, capacity, attributes]) {
      expect(findings(() => undefined)).toEqual([]);
    }
  });

  it('fires for a VolumeAttachment of a bad attacher, node or volume name, or not exactly one source', () => {
    expect(
      attachment((manifest) => {
        manifest.spec.attacher = '-raw.csi.example.com';
        manifest.spec.nodeName = 'raw-node-';
        manifest.spec.source.persistentVolumeName = 'raw-data:';
      }),
    ).toEqual([
      'csi-object-spec: spec.attacher "-raw.csi.example.com" is not a CSI driver name (at most 63 characters of a DNS-1123 subdomain, any case)',
      'csi-object-spec: spec.nodeName "raw-node-" is not a DNS-1123 subdomain',
      'csi-object-spec: spec.source.persistentVolumeName "raw-data:" is not a DNS-1123 subdomain',
    ]);
    expect(attachment((manifest) => (manifest.spec.source = {}))).toEqual([
      'csi-object-spec: spec.source has neither persistentVolumeName nor inlineVolumeSpec; it needs exactly one',
    ]);
  });

  it('fires for a CSINode driver of a bad name, no node ID, a negative count and bad or repeated topology keys', () => {
    expect(
      node((manifest) => {
        manifest.spec.drivers[0] = {
          name: 'raw.csi.example.com.',
          nodeID: '',
          topologyKeys: ['a b', 'topology.raw.csi.example.com/zone', 'topology.raw.csi.example.com/zone'],
          allocatable: { count: -1 },
        };
      }),
    ).toEqual([
      'csi-object-spec: spec.drivers[0].name "raw.csi.example.com." is not a CSI driver name (at most 63 characters of a DNS-1123 subdomain, any case)',
      'csi-object-spec: spec.drivers[0].nodeID is empty',
      'csi-object-spec: spec.drivers[0].allocatable.count -1 is negative',
      'csi-object-spec: spec.drivers[0].topologyKeys[0] "a b" is not a qualified name (a label key)',
      'csi-object-spec: spec.drivers[0].topologyKeys[2] repeats "topology.raw.csi.example.com/zone"',
    ]);
  });

  it('fires for a CSIStorageCapacity of a bad class name or a negative capacity, and a bad node topology label', () => {
    expect(
      capacity((manifest) => {
        manifest.storageClassName = '*';
        manifest.capacity = '-1Gi';
      }),
    ).toEqual([
      'csi-object-spec: storageClassName "*" is not a DNS-1123 subdomain',
      'csi-object-spec: capacity "-1Gi" is negative',
    ]);
    expect(
      capacity((manifest) => (manifest.nodeTopology.matchLabels['topology.raw.csi.example.com/zone'] = '>2T$G')),
    ).toEqual([
      'selector-syntax: nodeTopology.matchLabels "topology.raw.csi.example.com/zone": ">2T$G" is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)',
    ]);
  });

  it('fires for a VolumeAttributesClass of a driver that is not a qualified name, or no parameters', () => {
    expect(attributes((manifest) => (manifest.driverName = 'raw.csi.example.com/x/y'))).toEqual([
      'csi-object-spec: driverName "raw.csi.example.com/x/y" is not a qualified name (a DNS prefix and a name, as a label key)',
    ]);
    expect(attributes((manifest) => (manifest.parameters = {}))).toEqual([
      'csi-object-spec: parameters is empty; a VolumeAttributesClass needs one or more',
    ]);
  });

  it('fires for an inline volume that is not a CSI one, names a storageClassName, capacity or claimRef, has no access modes, or of a driver or handle a PersistentVolume could not have', () => {
    const inline = (spec: AnyManifest) => attachment((manifest) => (manifest.spec.source = { inlineVolumeSpec: spec }));
    expect(inline({ nfs: { server: 'nfs.example.com', path: '/exports' }, accessModes: ['ReadWriteOnce'] })).toEqual([
      'csi-object-spec: spec.source.inlineVolumeSpec has no csi source (it has nfs), which the API server refuses: an inline volume is attached by a CSI driver',
    ]);
    const csi = { driver: 'raw.csi.example.com', volumeHandle: 'vol-1' };
    expect(inline({ csi, storageClassName: 'fast', accessModes: ['ReadWriteOnce'] })).toEqual([
      'csi-object-spec: spec.source.inlineVolumeSpec.storageClassName "fast" is given, which the API server refuses of an inline volume (Forbidden)',
    ]);
    expect(inline({ csi: { driver: 'raw_csi', volumeHandle: '' }, accessModes: ['ReadWriteOnce'] })).toEqual([
      'csi-object-spec: spec.source.inlineVolumeSpec.csi.driver "raw_csi" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; the API server compares it in lower case), which the API server refuses',
      'csi-object-spec: spec.source.inlineVolumeSpec.csi.volumeHandle is empty, which the API server refuses (Required value)',
    ]);
    expect(inline({ csi, capacity: { storage: '1Gi' }, claimRef: { name: 'data', namespace: 'raw' } })).toEqual([
      'csi-object-spec: spec.source.inlineVolumeSpec.capacity is given, which the API server refuses of an inline volume (Forbidden: may not be specified in the context of inline volumes)',
      'csi-object-spec: spec.source.inlineVolumeSpec.claimRef is given, which the API server refuses of an inline volume (Forbidden: may not be specified in the context of inline volumes)',
      'csi-object-spec: spec.source.inlineVolumeSpec has no accessModes, which the API server requires of an inline volume too',
    ]);
    expect(inline({ csi, accessModes: ['ReadWriteOnce'] })).toEqual([]);
  });

  it('fires for a VolumeAttributesClass of an empty parameter key', () => {
    expect(attributes((manifest) => (manifest.parameters = { '': 'x' }))).toEqual([
      'csi-object-spec: parameters has an empty key (of value "x"), which the API server refuses of a VolumeAttributesClass (field can not be empty)',
    ]);
  });
});
