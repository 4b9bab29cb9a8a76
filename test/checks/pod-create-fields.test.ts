import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

const CLASSES: AnyManifest[] = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: 'gvisor' },
    handler: 'runsc',
    overhead: { podFixed: { cpu: '250m', memory: '64Mi' } },
  },
];

/** The pod-spec findings of the baseline, the classes and one Pod or Deployment of this pod spec. */
function podSpecFindings(kind: 'Pod' | 'Deployment', pod: AnyManifest): string[] {
  const labels = { app: 'created' };
  const spec = { containers: [{ name: 'app', image: 'nginx:1.27' }], ...pod };
  const manifest: AnyManifest =
    kind === 'Pod'
      ? { apiVersion: 'v1', kind, metadata: { name: 'created', namespace: 'shop', labels }, spec }
      : {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name: 'created', namespace: 'shop' },
          spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
        };
  const objects: RenderedObject[] = [
    ...baseline(),
    ...CLASSES.map((classObject) => ({ path: `extra/${classObject.kind}`, manifest: classObject })),
    { path: `extra/${kind}`, manifest },
  ];
  return runChecks(objects, TEST_ENV)
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

const TEMPLATE_REFUSED =
  'which the API server takes of the template and refuses of every pod of it, so its controller creates none (FailedCreate)';

describe('pod-spec: fields the API server fills in or adds later, which a manifest does not set', () => {
  it('refuses ephemeralContainers in a Pod and in a template, as both API servers do', () => {
    // 1.27 and 1.37: 'spec.ephemeralContainers: Forbidden: cannot be set on create', and of a Deployment
    // '... Forbidden: ephemeral containers not allowed in pod template'.
    const pod = { ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }] };
    const fix =
      'remove ephemeralContainers: `kubectl debug` adds one to a running pod; run a helper as a container or sidecar instead';
    expect(podSpecFindings('Pod', pod)).toEqual([
      `the pod sets ephemeralContainers, which the API server refuses on create | ${fix}`,
    ]);
    expect(podSpecFindings('Deployment', pod)).toEqual([
      `the pod sets ephemeralContainers, which the API server refuses in a pod template | ${fix}`,
    ]);
  });

  it('refuses a priority other than its PriorityClass gives, of a Pod and of every pod of a template', () => {
    // 1.27 and 1.37, of a Pod: 'the integer value of priority (10) must not be provided in pod spec; priority admission
    // controller computed 0 from the given PriorityClass name'; a Deployment of it is taken.
    const fix = 'remove priority, and set priorityClassName to a PriorityClass of the value you want';
    expect(podSpecFindings('Pod', { priority: 10 })).toEqual([
      `the pod sets priority 10, not the 0 its PriorityClass gives it, which the API server refuses | ${fix}`,
    ]);
    expect(podSpecFindings('Deployment', { priority: 10, priorityClassName: 'high' })).toEqual([
      `the pod sets priority 10, not the 1000 its PriorityClass gives it, ${TEMPLATE_REFUSED} | ${fix}`,
    ]);
  });

  it("passes the priority its class gives, and a class the project does not have (the cluster's)", () => {
    expect(podSpecFindings('Pod', { priority: 1000, priorityClassName: 'high' })).toEqual([]);
    expect(podSpecFindings('Pod', { priority: 2000000000, priorityClassName: 'system-cluster-critical' })).toEqual([]);
    expect(podSpecFindings('Pod', { priority: 5, priorityClassName: 'theirs' })).toEqual([]);
  });

  it('refuses overhead without a RuntimeClass, or other than its class charges', () => {
    // 1.27 and 1.37, of a Pod: 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead'.
    const fix =
      "remove overhead: the RuntimeClass admission plugin sets it from the overhead of the pod's RuntimeClass";
    expect(podSpecFindings('Pod', { overhead: { cpu: '100m' } })).toEqual([
      `the pod sets overhead without a runtimeClassName, which the API server refuses ("Pod Overhead set without corresponding RuntimeClass defined Overhead") | ${fix}`,
    ]);
    expect(podSpecFindings('Deployment', { overhead: { cpu: '100m' }, runtimeClassName: 'gvisor' })).toEqual([
      `the pod sets overhead {"cpu":"100m"}, which RuntimeClass "gvisor" does not charge ({"cpu":"250m","memory":"64Mi"}), ${TEMPLATE_REFUSED} | ${fix}`,
    ]);
  });

  it('refuses a nodeName beside schedulingGates, of a Pod and of every pod of a template', () => {
    // 1.27 and 1.37, of a Pod: 'spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared';
    // a Deployment of it is taken.
    const pod = { nodeName: 'node-1', schedulingGates: [{ name: 'example.com/quota' }] };
    const fix =
      'pick the node with a nodeSelector on kubernetes.io/hostname instead of nodeName, or remove the schedulingGates';
    const why = '("nodeName: cannot be set until all schedulingGates have been cleared")';
    expect(podSpecFindings('Pod', pod)).toEqual([
      `the pod sets nodeName "node-1" beside schedulingGates, which the API server refuses ${why} | ${fix}`,
    ]);
    expect(podSpecFindings('Deployment', pod)).toEqual([
      `the pod sets nodeName "node-1" beside schedulingGates, ${TEMPLATE_REFUSED} ${why} | ${fix}`,
    ]);
    expect(podSpecFindings('Pod', { nodeName: 'node-1', schedulingGates: [] })).toEqual([]);
  });

  it('passes overhead as its RuntimeClass charges it', () => {
    expect(podSpecFindings('Pod', { overhead: { cpu: '250m', memory: '64Mi' }, runtimeClassName: 'gvisor' })).toEqual(
      [],
    );
  });
});
