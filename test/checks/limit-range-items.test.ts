import { quotaResourcesSpecified } from '../../lib/checks/quota-admission';
import { storedLimits } from '../../lib/checks/limit-range-items';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

function limitRange(limits: unknown[]): RenderedObject {
  return {
    path: 'test/limits',
    manifest: {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: 'shop' },
      spec: { limits },
    },
  };
}

/** The stored item's values of one field, as `resource=value (field, from)`. */
function values(item: AnyManifest, field: 'min' | 'max' | 'default' | 'defaultRequest'): string[] {
  const [stored] = storedLimits(limitRange([item]));
  return [...stored.values[field]].map(
    ([resource, bound]) =>
      `${resource}=${bound.value} (${bound.field}${bound.from === undefined ? '' : `, from ${bound.from}`})`,
  );
}

describe('storedLimits', () => {
  it("gives a Container item's max as its default limit, and the default limit as its default request", () => {
    const item = { type: 'Container', max: { cpu: '2' } };
    expect(values(item, 'default')).toEqual(['cpu=2 (spec.limits[0].default["cpu"], from max)']);
    expect(values(item, 'defaultRequest')).toEqual(['cpu=2 (spec.limits[0].defaultRequest["cpu"], from max)']);
  });

  it("gives a Container item's min as its default request where it has no default limit", () => {
    expect(values({ type: 'Container', min: { memory: '64Mi' } }, 'defaultRequest')).toEqual([
      'memory=64Mi (spec.limits[0].defaultRequest["memory"], from min)',
    ]);
    expect(values({ type: 'Container', min: { cpu: '100m' }, default: { cpu: '1' } }, 'defaultRequest')).toEqual([
      'cpu=1 (spec.limits[0].defaultRequest["cpu"], from default)',
    ]);
  });

  it('keeps the defaults written, and gives none to a Pod item', () => {
    const item = { type: 'Container', max: { cpu: '2' }, default: { cpu: '1' }, defaultRequest: { cpu: '500m' } };
    expect(values(item, 'default')).toEqual(['cpu=1 (spec.limits[0].default["cpu"])']);
    expect(values(item, 'defaultRequest')).toEqual(['cpu=500m (spec.limits[0].defaultRequest["cpu"])']);
    expect(values({ type: 'Pod', max: { cpu: '2' } }, 'default')).toEqual([]);
  });

  it('leaves out a value that is no quantity', () => {
    expect(values({ type: 'Container', max: { cpu: 'lots', memory: '1Gi' } }, 'max')).toEqual([
      'memory=1Gi (spec.limits[0].max["memory"])',
    ]);
  });
});

describe('quota-resources-specified with the defaults a LimitRange stores', () => {
  it("takes the limit and request a Container item's max gives a container that sets none", () => {
    const objects: RenderedObject[] = [
      { path: 'test/ns', manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } },
      {
        path: 'test/quota',
        manifest: {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'compute', namespace: 'shop' },
          spec: { hard: { 'limits.cpu': '4', 'requests.cpu': '4' } },
        },
      },
      limitRange([{ type: 'Container', max: { cpu: '1' } }]),
      {
        path: 'test/pod',
        manifest: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'probe', namespace: 'shop' },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    ];
    const result = runChecks(objects, { name: 'test', kubernetesVersion: '1.27', external: NO_EXTERNAL });
    expect(result.findings.filter((finding) => finding.rule === quotaResourcesSpecified.id)).toEqual([]);
  });
});
