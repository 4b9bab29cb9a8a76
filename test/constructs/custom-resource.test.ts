import { Chart } from 'cdk8s';
import { CustomResource } from '../../lib/constructs/custom-resource';
import { CustomResourceDefinition } from '../../lib/constructs/custom-resource-definition';
import { find, renderedTestChart, testChart } from '../helpers';

function widgets(chart: Chart): CustomResourceDefinition {
  const schema = {
    type: 'object' as const,
    properties: { spec: { type: 'object' as const, properties: { size: { type: 'integer' as const } } } },
  };
  return new CustomResourceDefinition(chart, 'widgets', {
    group: 'example.com',
    kind: 'Widget',
    versions: [
      { name: 'v1', schema, storage: true },
      { name: 'v1beta1', schema, served: false },
    ],
  });
}

describe('CustomResource', () => {
  it("is an object of its definition's kind and stored version, in the chart's namespace", () => {
    const manifests = renderedTestChart((chart) => {
      new CustomResource(chart, 'small', { definition: widgets(chart), spec: { size: 1 } });
    });
    const widget = find(manifests, 'Widget', 'small');
    expect(widget.apiVersion).toBe('example.com/v1');
    expect(widget.metadata.namespace).toBe('ns');
    expect(widget.spec).toEqual({ size: 1 });
  });

  it('fails for a version its definition does not serve', () => {
    const chart = testChart();
    const definition = widgets(chart);
    expect(() => new CustomResource(chart, 'small', { definition, version: 'v1beta1', spec: {} })).toThrow(
      'test/small: version "v1beta1" is not served by the definition of Widget (example.com), which serves "v1"; write one of them',
    );
  });

  it('fails for a name that is not a DNS-1123 subdomain', () => {
    const chart = testChart();
    expect(
      () => new CustomResource(chart, 'small', { definition: widgets(chart), name: 'Small_One', spec: {} }),
    ).toThrow(/^test\/small: name must be a DNS-1123 subdomain .*got "Small_One"/);
  });

  it('fails for a definition that is not one', () => {
    expect(() => new CustomResource(testChart(), 'small', { definition: 'widgets' as never, spec: {} })).toThrow(
      'test/small: definition must be a CustomResourceDefinition, got "widgets" (a string)',
    );
  });

  it('fails for a spec that is no JSON value, naming the field', () => {
    const chart = testChart();
    expect(
      () => new CustomResource(chart, 'small', { definition: widgets(chart), spec: { size: [1, Number.NaN] } }),
    ).toThrow(
      'test/small: spec.size[1] must be a JSON value (an object, list, string, number, true, false or null), got NaN (a number)',
    );
  });
});
