import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The pod-spec findings of the baseline plus one object of this pod spec, on a cluster of `release`. */
function podSpecFindings(kind: 'Pod' | 'Deployment', spec: AnyManifest, release = '1.37'): string[] {
  const labels = { app: 'sized' };
  const manifest: AnyManifest =
    kind === 'Pod'
      ? { apiVersion: 'v1', kind, metadata: { name: 'sized', namespace: 'shop', labels }, spec }
      : {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name: 'sized', namespace: 'shop' },
          spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
        };
  const objects: RenderedObject[] = [...baseline(), { path: `extra/${kind}`, manifest }];
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

function container(name: string, resources: AnyManifest): AnyManifest {
  return { name, image: 'busybox:1.36', resources };
}

const REFUSED_PODS =
  'which the API server takes of the template and refuses of every pod of it, so its controller creates none (FailedCreate)';

describe("pod-spec: a pod's own resources against its containers' (PodLevelResources, from 1.34)", () => {
  it("passes a pod's own requests and limits that cover its containers', 100m and 200m in 300m exactly", () => {
    const spec = {
      resources: { requests: { cpu: '300m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      containers: [
        container('a', { requests: { cpu: '100m', memory: '64Mi' } }),
        container('b', { requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '1' } }),
      ],
    };
    expect(podSpecFindings('Pod', spec)).toEqual([]);
    expect(podSpecFindings('Deployment', spec)).toEqual([]);
  });

  it("fires for a pod's own request below what its containers request in all", () => {
    const spec = {
      resources: { requests: { cpu: '100m' } },
      containers: [container('a', { requests: { cpu: '60m' } }), container('b', { requests: { cpu: '60m' } })],
    };
    const finding =
      'resources.requests.cpu of the pod is "100m", below what its containers request in all (120m), which the API server refuses | ' +
      "raise the pod's request to 120m or more, or lower its containers' requests (a container that sets only a limit requests its limit)";
    expect(podSpecFindings('Pod', spec)).toEqual([finding]);
    expect(podSpecFindings('Deployment', spec)).toEqual([finding]);
  });

  it('counts a container that sets only a limit at its limit, which the API server does of pods, not templates', () => {
    const spec = {
      resources: { requests: { cpu: '100m' } },
      containers: [container('a', { limits: { cpu: '500m' } })],
    };
    const message = 'resources.requests.cpu of the pod is "100m", below what its containers request in all (500m),';
    expect(podSpecFindings('Pod', spec)).toEqual([
      expect.stringContaining(`${message} which the API server refuses |`),
    ]);
    expect(podSpecFindings('Deployment', spec)).toEqual([expect.stringContaining(`${message} ${REFUSED_PODS} |`)]);
  });

  it('counts an init container with the sidecars started before it, and the sidecars beside the containers', () => {
    const init = {
      resources: { requests: { cpu: '500m' } },
      initContainers: [container('i', { requests: { cpu: '1' } })],
      containers: [container('a', { requests: { cpu: '100m' } })],
    };
    expect(podSpecFindings('Pod', init)).toEqual([
      expect.stringContaining(
        'resources.requests.cpu of the pod is "500m", below what its containers request in all (1),',
      ),
    ]);
    const sidecar = {
      resources: { requests: { cpu: '250m' } },
      initContainers: [{ ...container('s', { requests: { cpu: '200m' } }), restartPolicy: 'Always' }],
      containers: [container('a', { requests: { cpu: '100m' } })],
    };
    expect(podSpecFindings('Pod', sidecar)).toEqual([
      expect.stringContaining('of the pod is "250m", below what its containers request in all (300m),'),
    ]);
  });

  it("fires for a pod's own request above its own limit", () => {
    const spec = {
      resources: { requests: { cpu: '500m' }, limits: { cpu: '200m' } },
      containers: [container('a', {})],
    };
    expect(podSpecFindings('Pod', spec)).toEqual([
      'resources.requests.cpu of the pod is "500m", above its limit "200m", which the API server refuses | ' +
        "raise the pod's limit or lower its request",
    ]);
  });

  it("fires for a pod's own limit below its containers' requests, which its request defaults to", () => {
    const spec = {
      resources: { limits: { cpu: '200m' } },
      containers: [container('a', { requests: { cpu: '300m' } })],
    };
    const finding = (verdict: string) =>
      `resources.limits.cpu of the pod is "200m", below what its containers request in all (300m), the pod's request when it sets none, ${verdict} | ` +
      "raise the pod's limit to 300m or more, or lower its containers' requests";
    expect(podSpecFindings('Pod', spec)).toEqual([finding('which the API server refuses')]);
    expect(podSpecFindings('Deployment', spec)).toEqual([finding(REFUSED_PODS)]);
  });

  it("fires for a container's limit above the pod's own, and not for an init container's", () => {
    const spec = {
      resources: { limits: { memory: '128Mi', cpu: '500m' } },
      initContainers: [container('i', { requests: { cpu: '100m' }, limits: { cpu: '2' } })],
      containers: [container('a', { requests: { memory: '64Mi' }, limits: { memory: '256Mi' } })],
    };
    expect(podSpecFindings('Pod', spec)).toEqual([
      'container "a" limits memory to "256Mi", above the pod\'s own limit "128Mi", which the API server refuses | ' +
        'lower the container\'s limit to "128Mi" or less, or raise the pod\'s',
    ]);
  });

  it("fires for the pod's huge pages limit below its containers' in all, once", () => {
    const hugePages = (size: string) => ({ memory: '32Mi', 'hugepages-2Mi': size });
    const over = {
      resources: { requests: hugePages('2Mi'), limits: hugePages('2Mi') },
      containers: [container('a', { requests: hugePages('4Mi'), limits: hugePages('4Mi') })],
    };
    expect(podSpecFindings('Pod', over)).toEqual([
      expect.stringContaining(
        'resources.requests.hugepages-2Mi of the pod is "2Mi", below what its containers request',
      ),
      expect.stringContaining('container "a" limits hugepages-2Mi to "4Mi", above the pod\'s own limit "2Mi"'),
    ]);
    const summed = {
      resources: {
        requests: { memory: '64Mi', 'hugepages-2Mi': '4Mi' },
        limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi' },
      },
      containers: [
        container('a', { requests: hugePages('2Mi'), limits: hugePages('2Mi') }),
        container('b', { requests: hugePages('4Mi'), limits: hugePages('4Mi') }),
      ],
    };
    expect(podSpecFindings('Pod', summed)).toEqual([
      expect.stringContaining(
        'resources.requests.hugepages-2Mi of the pod is "4Mi", below what its containers request in all (6Mi)',
      ),
      'resources.limits.hugepages-2Mi of the pod is "4Mi", below its containers\' limits in all (6Mi), which the API server refuses: huge pages are not overcommitted | ' +
        "raise the pod's limit to 6Mi or more",
    ]);
  });

  it("fires for a Windows pod's own resources, and for resource claims in them", () => {
    expect(
      podSpecFindings('Pod', {
        os: { name: 'windows' },
        resources: { requests: { cpu: '1' } },
        containers: [container('a', {})],
      }),
    ).toEqual([
      "the pod sets resources of its own (spec.resources) and runs on Windows (os.name: windows), which the API server refuses | set the requests and limits in the containers' resources, and remove the pod's",
    ]);
    expect(
      podSpecFindings('Pod', {
        resources: { requests: { cpu: '1' }, claims: [{ name: 'gpu' }] },
        resourceClaims: [{ name: 'gpu', resourceClaimName: 'gpu' }],
        containers: [container('a', {})],
      }),
    ).toEqual([
      "resources.claims of the pod lists resource claims, which a pod's own resources do not take | list each claim in the resources.claims of the containers that use it",
    ]);
  });

  it('leaves a release before 1.34 to the schema rule, and values that do not parse to the quantity rules', () => {
    const spec = {
      resources: { requests: { cpu: '100m', memory: 'lots' } },
      containers: [container('a', { requests: { cpu: '1', memory: '1Gi' } })],
    };
    expect(podSpecFindings('Pod', spec, '1.33')).toEqual([]);
    expect(podSpecFindings('Pod', spec, '1.37')).toEqual([
      expect.stringContaining(
        'resources.requests.cpu of the pod is "100m", below what its containers request in all (1),',
      ),
    ]);
  });
});
