import { metricProblems } from '../../lib/checks/autoscaler-metrics';
import { AnyManifest } from '../helpers';

/** The messages of the problems of one metric, the first of an autoscaler. */
function messages(metric: AnyManifest): string[] {
  return metricProblems(metric, 0).map((problem) => problem.message);
}

const resource = (target: AnyManifest, name = 'cpu') => ({ type: 'Resource', resource: { name, target } });
const containerResource = (target: AnyManifest, fields: AnyManifest = {}) => ({
  type: 'ContainerResource',
  containerResource: { name: 'cpu', container: 'app', target, ...fields },
});
const pods = (target: AnyManifest, name = 'qps') => ({ type: 'Pods', pods: { metric: { name }, target } });
const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' };
const object = (target: AnyManifest, describedObject: AnyManifest = ingress, name = 'hits') => ({
  type: 'Object',
  object: { describedObject, metric: { name }, target },
});
const external = (target: AnyManifest, metric: AnyManifest = { name: 'queue' }) => ({
  type: 'External',
  external: { metric, target },
});

const UTILIZATION = { type: 'Utilization', averageUtilization: 80 };
const AVERAGE = { type: 'AverageValue', averageValue: '100' };
const VALUE = { type: 'Value', value: '100' };

describe('metricProblems: an autoscaler metric as the API server validates it', () => {
  it('passes each source with the target numbers the API server takes', () => {
    const metrics = [
      resource(UTILIZATION),
      resource({ type: 'AverageValue', averageValue: '500m' }, 'memory'),
      containerResource(UTILIZATION),
      pods(AVERAGE),
      object(VALUE),
      object(AVERAGE),
      object({ type: 'Value', value: '1', averageValue: '2' }),
      external(VALUE),
      external({ type: 'AverageValue', averageValue: 5 }),
      pods(AVERAGE, 'Requests Per Second!'),
      // The API server validates no metric selector: a key that is no label key passes.
      external(VALUE, { name: 'queue', selector: { matchLabels: { 'bad key!': 'v' } } }),
    ];
    expect(metrics.flatMap((metric) => messages(metric))).toEqual([]);
  });

  it('passes a target whose type names another of the numbers it gives, as both API servers do', () => {
    expect(messages(resource({ type: 'AverageValue', averageUtilization: 50 }))).toEqual([]);
    expect(messages(resource({ type: 'Utilization', averageValue: '100m' }))).toEqual([]);
    expect(messages(external({ type: 'AverageValue', value: '1' }))).toEqual([]);
    expect(messages(pods({ type: 'Utilization', averageValue: '1' }))).toEqual([]);
  });

  it('warns of an Object target whose type names a number it does not give, which the autoscaler cannot compute', () => {
    // Both API servers take it; the controller reads an Object target by its type (computeStatusForObjectMetric).
    const problems = metricProblems(object({ type: 'Value', averageValue: '10' }), 0);
    expect(problems).toEqual([
      {
        warning: true,
        message:
          'metrics[0].object.target is of type Value but gives no value (only averageValue): the API server takes it, and the autoscaler, which reads an Object target by its type, fails on it at run time ("invalid object metric source: neither a value target nor an average value target was set", ScalingActive False) and never scales',
        fix: "give value: the total the object's metric should have, or make the type AverageValue to aim at averageValue per pod",
      },
    ]);
    expect(messages(object({ type: 'AverageValue', value: '10' }))).toEqual([
      'metrics[0].object.target is of type AverageValue but gives no averageValue (only value): the API server takes it, and the autoscaler, which reads an Object target by its type, fails on it at run time ("invalid object metric source: neither a value target nor an average value target was set", ScalingActive False) and never scales',
    ]);
    // An External target is read by the numbers it gives, whatever its type.
    expect(messages(external({ type: 'Value', averageValue: '10' }))).toEqual([]);
  });

  it('refuses a metric without the source its type names, and one with a second source', () => {
    expect(messages({ type: 'Pods', resource: { name: 'cpu', target: UTILIZATION } })).toEqual([
      'metrics[0] is of type Pods but has no pods',
    ]);
    expect(messages({ ...resource(UTILIZATION), pods: { metric: { name: 'qps' }, target: AVERAGE } })).toEqual([
      'metrics[0] is of type Resource but also has pods; the API server takes only the source its type names',
    ]);
  });

  it('refuses a Pods target without averageValue', () => {
    expect(messages(pods(UTILIZATION))).toEqual([
      'metrics[0].pods.target has no averageValue; the API server requires it of a Pods metric (a Utilization target is only for resources)',
    ]);
  });

  it('refuses a Resource or ContainerResource target of neither or both averageUtilization and averageValue', () => {
    expect(messages(resource(VALUE))).toEqual([
      'metrics[0].resource.target has neither averageUtilization nor averageValue; the API server requires one of a Resource metric',
    ]);
    expect(messages(containerResource({ type: 'Utilization', averageUtilization: 50, averageValue: '1' }))).toEqual([
      'metrics[0].containerResource.target has both averageUtilization and averageValue; the API server takes only one of a ContainerResource metric',
    ]);
  });

  it('refuses an Object target of neither value nor averageValue, and an External one of neither or both', () => {
    expect(messages(object(UTILIZATION))).toEqual([
      'metrics[0].object.target has neither value nor averageValue; the API server requires one of an Object metric (a Utilization target is only for resources)',
    ]);
    expect(messages(external(UTILIZATION))).toEqual([
      'metrics[0].external.target has neither value nor averageValue; the API server requires one of an External metric (a Utilization target is only for resources)',
    ]);
    expect(messages(external({ type: 'Value', value: '1', averageValue: '1' }))).toEqual([
      'metrics[0].external.target has both value and averageValue; the API server takes only one of an External metric',
    ]);
  });

  it('refuses a value or averageValue that is not above 0, and an averageUtilization below 1, of any source', () => {
    expect(messages(object({ type: 'Value', value: '0' }))).toEqual([
      'metrics[0].object.target.value "0" is not a quantity above 0',
    ]);
    expect(messages(external({ type: 'Value', value: -1 }))).toEqual([
      'metrics[0].external.target.value -1 is not a quantity above 0',
    ]);
    expect(messages(resource({ type: 'AverageValue', averageValue: '-100m' }))).toEqual([
      'metrics[0].resource.target.averageValue "-100m" is not a quantity above 0',
    ]);
    expect(messages(containerResource({ type: 'Utilization', averageUtilization: 0 }))).toEqual([
      'metrics[0].containerResource.target.averageUtilization 0 is not an integer of 1 or more',
    ]);
    expect(messages(pods({ ...AVERAGE, averageUtilization: 0 }))).toEqual([
      'metrics[0].pods.target.averageUtilization 0 is not an integer of 1 or more',
    ]);
    // A number the target's source does not read is still validated.
    expect(messages(resource({ ...UTILIZATION, value: '0' }))).toEqual([
      'metrics[0].resource.target.value "0" is not a quantity above 0',
    ]);
  });

  it('refuses an empty resource name and an empty container', () => {
    expect(messages(resource(UTILIZATION, ''))).toEqual([
      'metrics[0].resource.name is empty; the API server requires the resource to measure',
    ]);
    expect(messages(containerResource(UTILIZATION, { container: '' }))).toEqual([
      'metrics[0].containerResource.container is empty; the API server requires the container to measure',
    ]);
  });

  it('refuses a ContainerResource of a container that is no DNS-1123 label, or of a resource no container has', () => {
    expect(messages(containerResource(UTILIZATION, { container: 'Web_App' }))).toEqual([
      'metrics[0].containerResource.container "Web_App" is not a container name (a DNS-1123 label: lower-case letters, digits and "-")',
    ]);
    expect(messages(containerResource(AVERAGE, { name: 'gpu' }))).toEqual([
      'metrics[0].containerResource.name "gpu" is not a resource of a container (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain such as example.com/gpu)',
    ]);
    for (const name of ['memory', 'ephemeral-storage', 'hugepages-2Mi', 'example.com/gpu']) {
      expect(messages(containerResource(AVERAGE, { name }))).toEqual([]);
    }
  });

  it('refuses a metric name or described object that is empty or not a path segment', () => {
    expect(messages(pods(AVERAGE, ''))).toEqual([
      'metrics[0].pods.metric.name is empty; the API server requires the name of the metric',
    ]);
    expect(messages(object(VALUE, ingress, 'a/b'))).toEqual([
      'metrics[0].object.metric.name "a/b" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
    ]);
    expect(messages(external(VALUE, { name: '..' }))).toEqual([
      'metrics[0].external.metric.name ".." may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
    ]);
    expect(messages(object(VALUE, { kind: 'a/b', name: 'x%' }))).toEqual([
      'metrics[0].object.describedObject.kind "a/b" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
      'metrics[0].object.describedObject.name "x%" may not contain "/" or "%" (nor be "." or ".."); the API server refuses it',
    ]);
  });

  it("leaves a metric of an unknown type to enum-values and a target's missing type to the schema check", () => {
    expect(messages({ type: 'Percent', resource: { name: 'cpu', target: UTILIZATION } })).toEqual([]);
    expect(messages(resource({ averageUtilization: 50 }))).toEqual([]);
  });
});
