import { Testing } from 'cdk8s';
import { NO_PROVISIONER, ReclaimPolicy, StorageClass, VolumeBindingMode } from '../../lib/constructs/storage-class';
import { findObject, renderedTestChart, testChart } from '../helpers';

describe('StorageClass', () => {
  it('is named after its id unless given a name', () => {
    const chart = testChart();
    const byId = new StorageClass(chart, 'manual');
    const named = new StorageClass(chart, 'other', { name: 'fast-ssd' });
    expect(byId.name).toBe('manual');
    expect(findObject(chart, 'StorageClass', 'fast-ssd').metadata.name).toBe(named.name);
  });

  it('provisions nothing by default, so claims bind to hand-made volumes', () => {
    const chart = testChart();
    new StorageClass(chart, 'manual');
    expect(findObject(chart, 'StorageClass', 'manual').provisioner).toBe('kubernetes.io/no-provisioner');
    expect(NO_PROVISIONER).toBe('kubernetes.io/no-provisioner');
  });

  it('keeps a volume when its claim is deleted, by default', () => {
    const chart = testChart();
    new StorageClass(chart, 'manual');
    expect(findObject(chart, 'StorageClass', 'manual').reclaimPolicy).toBe('Retain');
  });

  it('binds a claim when its first pod is scheduled, by default', () => {
    const chart = testChart();
    new StorageClass(chart, 'manual');
    expect(findObject(chart, 'StorageClass', 'manual').volumeBindingMode).toBe('WaitForFirstConsumer');
  });

  it('writes neither parameters nor allowVolumeExpansion by default', () => {
    const chart = testChart();
    new StorageClass(chart, 'manual');
    const storageClass = findObject(chart, 'StorageClass', 'manual');
    expect(storageClass.parameters).toBeUndefined();
    expect(storageClass.allowVolumeExpansion).toBeUndefined();
  });

  it('writes the provisioner and its parameters', () => {
    const chart = testChart();
    new StorageClass(chart, 'local', {
      provisioner: 'rancher.io/local-path',
      parameters: { nodePath: '/opt/local-path' },
    });
    const storageClass = findObject(chart, 'StorageClass', 'local');
    expect(storageClass.provisioner).toBe('rancher.io/local-path');
    expect(storageClass.parameters).toEqual({ nodePath: '/opt/local-path' });
  });

  it.each([['*'], ['local path'], ['-ebs.csi.aws.com']])(
    'fails for a provisioner that is no qualified name: "%s" (props-fuzz, seed 11)',
    (provisioner) => {
      expect(() => new StorageClass(testChart(), 'local', { provisioner })).toThrow(
        `test/local: provisioner "${provisioner}" is not a qualified name (an optional DNS subdomain prefix and "/", ` +
          'then at most 63 letters, digits, "-", "_" or "."); name the CSI driver or in-tree provisioner that makes ' +
          'its volumes, e.g. "rancher.io/local-path" or "ebs.csi.aws.com"',
      );
    },
  );

  it('fails for parameters the API server refuses: an empty key, more than 512, more than 256 KiB', () => {
    expect(() => new StorageClass(testChart(), 'local', { parameters: { '': 'gp3' } })).toThrow(
      'test/local: parameters has an empty key (of value "gp3"), which the API server refuses of a StorageClass (field can not be ' +
        'empty); give each parameter a name, e.g. type: gp3',
    );
    const many = Object.fromEntries(Array.from({ length: 513 }, (_, index) => [`k${index}`, 'v']));
    expect(() => new StorageClass(testChart(), 'local', { parameters: many })).toThrow(
      'test/local: parameters has 513 entries, over the 512 the API server takes of a StorageClass; keep at most 512',
    );
    expect(() => new StorageClass(testChart(), 'local', { parameters: { a: 'a'.repeat(256 * 1024) } })).toThrow(
      /^test\/local: parameters hold 262145 bytes of keys and values, over the 256 KiB/,
    );
  });

  it('takes a provisioner in upper case, as the API server does', () => {
    const chart = testChart();
    new StorageClass(chart, 'manual', { provisioner: 'KUBERNETES.IO/NO-PROVISIONER' });
    expect(findObject(chart, 'StorageClass', 'manual').provisioner).toBe('KUBERNETES.IO/NO-PROVISIONER');
  });

  it('writes the reclaim policy, binding mode and volume expansion it is given', () => {
    const chart = testChart();
    new StorageClass(chart, 'scratch', {
      reclaimPolicy: ReclaimPolicy.DELETE,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: true,
    });
    const storageClass = findObject(chart, 'StorageClass', 'scratch');
    expect(storageClass.reclaimPolicy).toBe('Delete');
    expect(storageClass.volumeBindingMode).toBe('Immediate');
    expect(storageClass.allowVolumeExpansion).toBe(true);
  });

  it('has no namespace once rendered, being cluster-scoped', () => {
    const manifests = renderedTestChart((chart) => new StorageClass(chart, 'manual'));
    const storageClass = manifests.find((object) => object.kind === 'StorageClass');
    expect(storageClass?.metadata.name).toBe('manual');
    expect(storageClass?.metadata).not.toHaveProperty('namespace');
  });

  it('fails when its name is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(() => new StorageClass(chart, 'Fast_SSD')).toThrow(
      /^test\/Fast_SSD: name must be a DNS-1123 subdomain \(at most 253 lower-case letters, digits, '-' or '\.', .*\), got "Fast_SSD"; rename it, e\.g\. "fast-ssd"$/,
    );
  });

  it('fails when the name it is given is longer than 253 characters', () => {
    const chart = testChart();
    const name = 'a'.repeat(254);
    expect(() => new StorageClass(chart, 'long', { name })).toThrow(
      new RegExp(`^test/long: name must be a DNS-1123 subdomain .*, got "${name}"`),
    );
  });
});

describe('StorageClass.fromName', () => {
  it('refers to a class the cluster has by its name, and writes no StorageClass', () => {
    const chart = testChart();
    expect(StorageClass.fromName(chart, 'standard', 'standard').name).toBe('standard');
    expect(Testing.synth(chart)).toEqual([]);
  });

  it('fails when the name is not a DNS-1123 subdomain, naming the call, the value and a name that is', () => {
    expect(() => StorageClass.fromName(testChart(), 'fast', 'Fast_SSD')).toThrow(
      /^test\/fast: StorageClass\.fromName name must be a DNS-1123 subdomain \(at most 253 lower-case letters, digits, '-' or '\.', .*\), got "Fast_SSD"; rename it, e\.g\. "fast-ssd"$/,
    );
  });
});
