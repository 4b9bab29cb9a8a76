import { customResourceKind, customResourceOrder, customResourceSchema } from '../../lib/checks/custom-resources';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { NO_EXTERNAL, TEST_ENV, baseline } from './fixtures';

const CRD: AnyManifest = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: { size: { type: 'integer', maximum: 10 } },
              },
            },
          },
        },
      },
    ],
  },
};

function widget(apiVersion: string, kind: string, spec: unknown = { size: 3 }): AnyManifest {
  return { apiVersion, kind, metadata: { name: 'w1', namespace: 'shop' }, spec };
}

function objects(...extra: AnyManifest[]): RenderedObject[] {
  return [...baseline(), ...extra.map((manifest, position) => ({ path: `test/extra${position}`, manifest }))];
}

const RULE_IDS = new Set([customResourceKind.id, customResourceSchema.id, customResourceOrder.id]);

/** The findings (and, with `warnings`, the warnings) of the custom-resource rules, as `rule: message` lines. */
function customFindings(list: RenderedObject[], external = NO_EXTERNAL, warnings = false): string[] {
  const result = runChecks(list, { ...TEST_ENV, external });
  return (warnings ? result.warnings : result.findings)
    .filter((finding) => RULE_IDS.has(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

describe('custom-resource-kind', () => {
  it('refuses a custom resource no CustomResourceDefinition of the project defines, nor the environment declares', () => {
    const list = objects(widget('monitoring.coreos.com/v1', 'ServiceMonitor', { endpoints: [] }));
    expect(customFindings(list)).toEqual([
      'custom-resource-kind: no API of the cluster serves ServiceMonitor in version monitoring.coreos.com/v1: the project defines no CustomResourceDefinition of it and the environment\'s external.customResources does not declare it, so kubectl apply refuses the object (no matches for kind "ServiceMonitor" in version "monitoring.coreos.com/v1")',
    ]);
    const [finding] = runChecks(list, TEST_ENV).findings.filter(
      (candidate) => candidate.rule === 'custom-resource-kind',
    );
    expect(finding.fix).toContain("external.customResources (e.g. ['monitoring.coreos.com/v1 ServiceMonitor'])");
  });

  it('passes one the environment declares in external.customResources, in that version', () => {
    const list = objects(widget('monitoring.coreos.com/v1', 'ServiceMonitor', { endpoints: [] }));
    const external = { ...NO_EXTERNAL, customResources: ['monitoring.coreos.com/v1 ServiceMonitor'] };
    expect(customFindings(list, external)).toEqual([]);
    const otherVersion = { ...NO_EXTERNAL, customResources: ['monitoring.coreos.com/v1beta1 ServiceMonitor'] };
    expect(customFindings(list, otherVersion)).toHaveLength(1);
  });

  it('passes one a CustomResourceDefinition of the project defines and serves', () => {
    expect(customFindings(objects(CRD, widget('example.com/v1', 'Widget')))).toEqual([]);
  });

  it('refuses a version the CustomResourceDefinition does not serve', () => {
    expect(customFindings(objects(CRD, widget('example.com/v1alpha1', 'Widget')))).toEqual([
      'custom-resource-kind: CustomResourceDefinition widgets.example.com does not serve version v1alpha1 of Widget; it serves v1, so kubectl apply refuses the object (no matches for kind "Widget" in version "example.com/v1alpha1")',
    ]);
  });

  it('suggests the kind or the group the project defines', () => {
    const [misspelt] = runChecks(objects(CRD, widget('example.com/v1', 'Wigdet')), TEST_ENV).findings.filter(
      (finding) => finding.rule === 'custom-resource-kind',
    );
    expect(misspelt.message).toMatch(/; did you mean Widget\?$/);
    expect(misspelt.fix).toBe('write kind: Widget');
    const [group] = runChecks(objects(CRD, widget('examples.com/v1', 'Widget')), TEST_ENV).findings.filter(
      (finding) => finding.rule === 'custom-resource-kind',
    );
    expect(group.fix).toBe("write the group the project's CustomResourceDefinition defines: example.com");
  });

  it('refuses an apiVersion of no API group at all (a misspelt built-in one)', () => {
    const [finding] = runChecks(objects(widget('app/v1', 'Deployment')), TEST_ENV).findings.filter(
      (candidate) => candidate.rule === 'custom-resource-kind',
    );
    expect(finding.message).toMatch(/; Kubernetes has no API group "app"$/);
  });

  it('leaves built-in kinds, the SealedSecret the project knows, and Lists alone', () => {
    expect(customFindings(baseline())).toEqual([]);
    expect(customFindings(objects({ apiVersion: 'v1', kind: 'List', metadata: {}, items: [] }))).toEqual([]);
    // An apiVersion the release does not serve is the api-version check's to report.
    expect(customFindings(objects(widget('batch/v1beta1', 'CronJob', {})))).toEqual([]);
  });
});

describe('custom-resource-schema', () => {
  it("refuses a custom resource that its CustomResourceDefinition's schema refuses", () => {
    expect(customFindings(objects(CRD, widget('example.com/v1', 'Widget', { size: 11, colour: 'red' })))).toEqual([
      'custom-resource-schema: spec.size is 11; CustomResourceDefinition widgets.example.com (v1) requires at most 10',
      'custom-resource-schema: spec.colour is a field CustomResourceDefinition widgets.example.com (v1) does not know; the API server refuses it (strict field validation)',
    ]);
    expect(customFindings(objects(CRD, widget('example.com/v1', 'Widget', {})))).toEqual([
      'custom-resource-schema: spec.size is missing; CustomResourceDefinition widgets.example.com (v1) requires it',
    ]);
  });

  it('knows no schema of a custom resource the environment declares', () => {
    const external = { ...NO_EXTERNAL, customResources: ['example.com/v1 Widget'] };
    expect(customFindings(objects(widget('example.com/v1', 'Widget', { anything: true })), external)).toEqual([]);
  });
});

describe('custom-resource-order', () => {
  it('warns that a first kubectl apply refuses objects of a definition made in the same environment', () => {
    expect(customFindings(objects(CRD, widget('example.com/v1', 'Widget')), NO_EXTERNAL, true)).toEqual([
      'custom-resource-order: the environment makes this CustomResourceDefinition and 1 Widget object of it: the first kubectl apply -f of the environment creates the definition and refuses the object ("ensure CRDs are installed first")',
    ]);
    expect(customFindings(objects(CRD), NO_EXTERNAL, true)).toEqual([]);
  });

  it('tells to apply with npm run apply, which applies the definitions first', () => {
    const warning = runChecks(objects(CRD, widget('example.com/v1', 'Widget')), {
      ...TEST_ENV,
      external: NO_EXTERNAL,
    }).warnings.find((finding) => finding.rule === customResourceOrder.id);
    expect(warning?.fix).toBe(
      'apply with npm run apply -- --env <env>, which applies the definitions first and waits until they are established; with kubectl apply -f dist/<env>/, apply twice on a new cluster (again once the definition is established), or install the definition with the cluster and declare it in external.customResources',
    );
  });
});
