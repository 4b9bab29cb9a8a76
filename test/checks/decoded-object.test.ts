import { decodedManifest } from '../../lib/checks/decoded-object';
import { REMOVED } from '../../lib/checks/schema-rules';
import { Manifest } from '../../lib/writer/tidy';
import { AnyManifest } from '../helpers';

function deployment(): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: null },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'web', ports: 80 }, null], volumes: [{ name: 'data' }] } },
    },
  };
}

describe('decodedManifest', () => {
  it('is the manifest itself when nothing is to be repaired', () => {
    const manifest = deployment() as Manifest;
    expect(decodedManifest(manifest, [])).toBe(manifest);
  });

  it('leaves out removed fields and sets list items, in a copy along the repaired paths only', () => {
    const manifest = deployment();
    const decoded = decodedManifest(manifest, [
      { path: ['metadata', 'annotations'], value: REMOVED },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'ports'], value: REMOVED },
      { path: ['spec', 'template', 'spec', 'containers', 1], value: {} },
    ]) as AnyManifest;
    expect(decoded.metadata).toEqual({ name: 'web' });
    expect(decoded.spec.template.spec.containers).toEqual([{ name: 'web' }, {}]);
    // What no repair touches is shared with the manifest as written, which stays as it was.
    expect(decoded.spec.selector).toBe(manifest.spec.selector);
    expect(decoded.spec.template.spec.volumes).toBe(manifest.spec.template.spec.volumes);
    expect(manifest).toEqual(deployment());
  });

  it('reads metadata that is not a map as an empty one', () => {
    const manifest = { ...deployment(), metadata: 'web' };
    expect(decodedManifest(manifest, [{ path: ['metadata'], value: REMOVED }]).metadata).toEqual({});
    expect(decodedManifest({ ...manifest, metadata: null }, []).metadata).toEqual({});
  });
});
