import { limitRangeClaims, limitRangeDefaults, limitRangePods } from '../../lib/checks/limit-range-admission';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

const RULE_IDS = [limitRangePods.id, limitRangeClaims.id, limitRangeDefaults.id];

function limitRange(limits: AnyManifest[], name = 'limits', namespace = 'shop'): AnyManifest {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace }, spec: { limits } };
}

function container(resources?: AnyManifest, name = 'app'): AnyManifest {
  return { name, image: 'nginx:1.27', ...(resources === undefined ? {} : { resources }) };
}

function pod(spec: AnyManifest, namespace = 'shop'): AnyManifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', namespace }, spec };
}

function deployment(containers: AnyManifest[]): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

function claim(storage: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'shop' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
  };
}

/** `rule Kind name: message` of the LimitRange rules' findings on these objects, in namespace shop, on `release`. */
function findings(manifests: AnyManifest[], release = '1.27'): string[] {
  const objects: RenderedObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ...manifests,
  ].map((manifest, position) => ({ path: `test/${position}`, manifest }));
  return runChecks(objects, { name: 'test', kubernetesVersion: release, external: NO_EXTERNAL })
    .findings.filter((finding) => RULE_IDS.includes(finding.rule))
    .map(
      (finding) =>
        `${finding.rule} ${finding.object.manifest.kind} ${finding.object.manifest.metadata.name}: ${finding.message}`,
    );
}

/** The fixes of the LimitRange rules' findings. */
function fixes(manifests: AnyManifest[], release = '1.27'): string[] {
  const objects: RenderedObject[] = manifests.map((manifest, position) => ({ path: `test/${position}`, manifest }));
  return runChecks(objects, { name: 'test', kubernetesVersion: release, external: NO_EXTERNAL })
    .findings.filter((finding) => RULE_IDS.includes(finding.rule))
    .map((finding) => finding.fix);
}

const MAX_CPU = limitRange([{ type: 'Container', max: { cpu: '1' } }]);

describe('limit-range-pods: a Container item', () => {
  it('refuses a container whose limit is above the max', () => {
    expect(findings([MAX_CPU, pod({ containers: [container({ limits: { cpu: '2' } })] })])).toEqual([
      'limit-range-pods Pod probe: container "app" has a cpu limit of 2, above the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]): the API server refuses the pod (LimitRanger: "maximum cpu usage per Container is 1, but limit is 2")',
    ]);
    expect(fixes([MAX_CPU, pod({ containers: [container({ limits: { cpu: '2' } })] })])).toEqual([
      'set a cpu limit of at most 1 (resources.limits.cpu of the container\'s), or raise spec.limits[0].max["cpu"] of LimitRange shop/limits',
    ]);
  });

  it('takes a container that sets no limit: the max is its default limit and request', () => {
    expect(findings([MAX_CPU, pod({ containers: [container()] })])).toEqual([]);
  });

  it('refuses a request above the max, and an init container as a container', () => {
    expect(
      findings([
        MAX_CPU,
        pod({
          initContainers: [container({ requests: { cpu: '1500m' }, limits: { cpu: '1' } }, 'setup')],
          containers: [container()],
        }),
      ]),
    ).toEqual([
      'limit-range-pods Pod probe: init container "setup" requests cpu 1500m, above the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]): the API server refuses the pod (LimitRanger: "maximum cpu usage per Container is 1, but request is 1500m")',
    ]);
  });

  it('reads a request not given as the limit, below the min', () => {
    const min = limitRange([{ type: 'Container', min: { cpu: '100m' } }]);
    expect(findings([min, pod({ containers: [container({ limits: { cpu: '50m' } })] })])).toEqual([
      'limit-range-pods Pod probe: container "app" requests cpu 50m (its limit, which the API server takes for a request not given), below the minimum 100m of LimitRange shop/limits (spec.limits[0].min["cpu"]): the API server refuses the pod (LimitRanger: "minimum cpu usage per Container is 100m, but request is 50m")',
    ]);
    expect(findings([min, pod({ containers: [container()] })])).toEqual([]);
  });

  it('refuses a container without a request where the item has a maxLimitRequestRatio and no default', () => {
    const ratio = limitRange([{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]);
    expect(findings([ratio, deployment([container()])])).toEqual([
      'limit-range-pods Deployment web: container "app" requests no cpu (or 0), which the maxLimitRequestRatio 2 of LimitRange shop/limits (spec.limits[0].maxLimitRequestRatio["cpu"]) requires: the API server takes it and refuses every pod of it, so its controller creates none (FailedCreate) (LimitRanger: "cpu max limit to request ratio per Container is 2, but no request is specified or request is 0")',
    ]);
  });

  it('refuses a limit more than maxLimitRequestRatio times the request', () => {
    const ratio = limitRange([{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }]);
    const resources = { requests: { cpu: '100m' }, limits: { cpu: '1' } };
    expect(findings([ratio, pod({ containers: [container(resources)] })])).toEqual([
      'limit-range-pods Pod probe: container "app" has a cpu limit of 1 and requests cpu 100m: 10.00 times, above the maxLimitRequestRatio 2 of LimitRange shop/limits (spec.limits[0].maxLimitRequestRatio["cpu"]): the API server refuses the pod (LimitRanger: "cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000")',
    ]);
    expect(
      findings([ratio, pod({ containers: [container({ requests: { cpu: '500m' }, limits: { cpu: '1' } })] })]),
    ).toEqual([]);
  });

  it('refuses a request above the default limit a container gets', () => {
    expect(findings([MAX_CPU, pod({ containers: [container({ requests: { cpu: '2' } })] })])).toEqual([
      'limit-range-pods Pod probe: container "app" requests cpu 2 and has a cpu limit of 1 (the default of LimitRange shop/limits, spec.limits[0].default["cpu"], which the API server copies from its max), a request above its limit: the API server refuses the pod (spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit)',
    ]);
  });

  it('refuses a request of a resource that cannot be overcommitted apart from the default limit a container gets', () => {
    const gpu = limitRange([{ type: 'Container', default: { 'example.com/gpu': '2' } }]);
    const requesting = (amount: string) =>
      pod({ containers: [container({ requests: { 'example.com/gpu': amount } })] });
    expect(findings([gpu, requesting('1')])).toEqual([
      'limit-range-pods Pod probe: container "app" requests example.com/gpu 1 and has a example.com/gpu limit of 2 (the default of LimitRange shop/limits, spec.limits[0].default["example.com/gpu"]), which differ, and example.com/gpu cannot be overcommitted (a request is its limit): the API server refuses the pod (spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "1": must be equal to example.com/gpu limit of 2)',
    ]);
    expect(findings([gpu, requesting('2')])).toEqual([]);
    // A pod of no request gets the default request, the default limit: the LimitRange is one value.
    expect(findings([gpu, pod({ containers: [container()] })])).toEqual([]);
  });

  it("leaves a request of a resource that cannot be overcommitted to the LimitRange that gives its limit (quantity's, pod-spec's)", () => {
    const verdicts = (manifests: AnyManifest[]) =>
      runChecks(
        [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, ...manifests].map(
          (manifest, position) => ({
            path: `test/${position}`,
            manifest,
          }),
        ),
        { name: 'test', kubernetesVersion: '1.37', external: NO_EXTERNAL },
      )
        .findings.filter((finding) => ['quantity', 'pod-spec', limitRangePods.id].includes(finding.rule))
        .map((finding) => `${finding.rule}: ${finding.message}`);
    const defaults = limitRange([
      { type: 'Container', default: { 'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', memory: '256Mi' } },
    ]);
    const requesting = pod({
      containers: [container({ requests: { 'example.com/gpu': '1', 'hugepages-2Mi': '2Mi' } })],
    });
    expect(verdicts([defaults, requesting])).toEqual([]);
    expect(verdicts([requesting])).toEqual([
      'quantity: container "app" requests example.com/gpu without a limit, which the API server refuses for an extended resource',
      'pod-spec: container "app" asks for hugepages-2Mi without cpu or memory, which the API server refuses',
      'pod-spec: resources.requests.hugepages-2Mi of container "app" is "2Mi" without a limit, which the API server refuses: huge pages are not overcommitted',
    ]);
  });

  it('refuses a negative default a container gets', () => {
    const negative = limitRange([{ type: 'Container', default: { cpu: '-1' } }]);
    expect(
      findings([negative, pod({ containers: [container()] })]).filter((line) => line.includes('Pod probe')),
    ).toEqual([
      'limit-range-pods Pod probe: container "app" has a cpu limit of -1 (the default of LimitRange shop/limits, spec.limits[0].default["cpu"]) and requests cpu -1 (the default of LimitRange shop/limits, spec.limits[0].defaultRequest["cpu"], which the API server copies from its default), below 0: the API server refuses the pod (spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0)',
    ]);
    expect(fixes([negative, pod({ containers: [container()] })]).slice(1)).toEqual([
      'set cpu in resources.limits of the container, or make spec.limits[0].default["cpu"] and spec.limits[0].defaultRequest["cpu"] of LimitRange shop/limits 0 or more',
    ]);
    expect(
      findings([negative, pod({ containers: [container({ limits: { cpu: '1' } })] })]).filter((line) =>
        line.includes('Pod probe'),
      ),
    ).toEqual([]);
  });

  it("looks only at the LimitRanges of the pod's namespace, and at nothing in a namespace without one", () => {
    const elsewhere = limitRange([{ type: 'Container', max: { cpu: '1' } }], 'limits', 'other');
    expect(findings([elsewhere, pod({ containers: [container({ limits: { cpu: '2' } })] })])).toEqual([]);
    expect(findings([pod({ containers: [container({ limits: { cpu: '2' } })] })])).toEqual([]);
  });
});

describe('limit-range-pods: a Pod item', () => {
  const podMax = limitRange([{ type: 'Pod', max: { cpu: '1' } }]);

  it('refuses a pod whose containers set no limit', () => {
    expect(findings([podMax, pod({ containers: [container()] })])).toEqual([
      'limit-range-pods Pod probe: the pod (its containers together) has no cpu limit, which the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]) requires: the API server refuses the pod (LimitRanger: "maximum cpu usage per Pod is 1.  No limit is specified")',
    ]);
  });

  it("adds up the containers' limits", () => {
    const both = {
      containers: [container({ limits: { cpu: '600m' } }), container({ limits: { cpu: '600m' } }, 'two')],
    };
    expect(findings([podMax, pod(both)])).toEqual([
      'limit-range-pods Pod probe: the pod (its containers together) has a cpu limit of 1200m, above the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]): the API server refuses the pod (LimitRanger: "maximum cpu usage per Pod is 1, but limit is 1200m")',
    ]);
  });

  it('before 1.28, leaves out of the sum a resource one container does not set', () => {
    const one = { containers: [container({ limits: { cpu: '500m' } }), container(undefined, 'two')] };
    expect(findings([podMax, pod(one)], '1.27')).toEqual([
      'limit-range-pods Pod probe: the pod (its containers together) has no cpu limit, which the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]) requires: the API server refuses the pod (LimitRanger: "maximum cpu usage per Pod is 1.  No limit is specified")',
    ]);
    expect(findings([podMax, pod(one)], '1.37')).toEqual([]);
  });

  it("reads the pod's own requests and limits (spec.resources) in place of its containers' sums from 1.34", () => {
    const own = (resources: AnyManifest, limits?: AnyManifest) => pod({ resources, containers: [container(limits)] });
    expect(findings([podMax, own({ limits: { cpu: '2' } }, { limits: { cpu: '500m' } })], '1.37')).toEqual([
      'limit-range-pods Pod probe: the pod (its containers together) has a cpu limit of 2 (the pod\'s own, spec.resources.limits), above the maximum 1 of LimitRange shop/limits (spec.limits[0].max["cpu"]): the API server refuses the pod (LimitRanger: "maximum cpu usage per Pod is 1, but limit is 2")',
    ]);
    // The pod's limit stands for containers of none; its request defaults to theirs, or else to its limit.
    expect(findings([podMax, own({ limits: { cpu: '1' } })], '1.37')).toEqual([]);
    expect(findings([podMax, own({ limits: { cpu: '800m' } }, { requests: { cpu: '300m' } })], '1.37')).toEqual([]);
    const podMin = limitRange([{ type: 'Pod', min: { cpu: '500m' } }]);
    expect(findings([podMin, own({ limits: { cpu: '1' } })], '1.37')).toEqual([]);
    expect(findings([podMin, own({ requests: { cpu: '100m' } }, { requests: { cpu: '50m' } })], '1.37')).toEqual([
      'limit-range-pods Pod probe: the pod (its containers together) requests cpu 100m (the pod\'s own, spec.resources.requests), below the minimum 500m of LimitRange shop/limits (spec.limits[0].min["cpu"]): the API server refuses the pod (LimitRanger: "minimum cpu usage per Pod is 500m, but request is 100m")',
    ]);
  });

  it('takes the largest init container where it needs more than the containers, and sidecars beside it', () => {
    const init = {
      initContainers: [container({ limits: { cpu: '2' } }, 'setup')],
      containers: [container({ limits: { cpu: '500m' } })],
    };
    expect(findings([podMax, pod(init)], '1.37')).toEqual([
      expect.stringContaining('has a cpu limit of 2, above the maximum 1'),
    ]);
    const sidecar = {
      initContainers: [container({ limits: { cpu: '600m' } }, 'proxy')],
      containers: [container({ limits: { cpu: '500m' } })],
    };
    sidecar.initContainers[0].restartPolicy = 'Always';
    expect(findings([podMax, pod(sidecar)], '1.37')).toEqual([
      expect.stringContaining('has a cpu limit of 1100m, above the maximum 1'),
    ]);
  });
});

describe('limit-range-pods: several LimitRanges', () => {
  it('reports what holds whichever LimitRange gives its defaults first', () => {
    const low = limitRange([{ type: 'Container', default: { cpu: '500m' } }], 'low');
    const high = limitRange([{ type: 'Container', default: { cpu: '4' }, max: { cpu: '4' } }], 'high');
    const cap = limitRange([{ type: 'Container', max: { memory: '1Gi' } }], 'cap');
    // A default of 500m or 4 is within the max of 4: taken in either order.
    expect(findings([low, high, pod({ containers: [container()] })])).toEqual([]);
    // The memory limit above the max of `cap` is refused whatever the order.
    expect(findings([low, high, cap, pod({ containers: [container({ limits: { memory: '2Gi' } })] })])).toEqual([
      expect.stringContaining('has a memory limit of 2Gi, above the maximum 1Gi of LimitRange shop/cap'),
    ]);
  });

  it('says nothing of a default that only one order gives', () => {
    const low = limitRange([{ type: 'Container', default: { cpu: '500m' }, max: { cpu: '1' } }], 'low');
    const high = limitRange([{ type: 'Container', default: { cpu: '2' } }], 'high');
    // With `high` first the container's limit is 2, above `low`'s max; with `low` first it is 500m.
    expect(findings([low, high, pod({ containers: [container()] })])).toEqual([]);
  });
});

describe('limit-range-claims', () => {
  const storage = limitRange([{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } }]);

  it('refuses a claim that requests more than the max, or less than the min', () => {
    expect(findings([storage, claim('5Gi')])).toEqual([
      'limit-range-claims PersistentVolumeClaim data: the claim requests storage 5Gi, above the maximum 2Gi of LimitRange shop/limits (spec.limits[0].max["storage"]): the API server refuses the claim (LimitRanger: "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi")',
    ]);
    expect(findings([storage, claim('500Mi')])).toEqual([
      'limit-range-claims PersistentVolumeClaim data: the claim requests storage 500Mi, below the minimum 1Gi of LimitRange shop/limits (spec.limits[0].min["storage"]): the API server refuses the claim (LimitRanger: "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi")',
    ]);
    expect(findings([storage, claim('1Gi')])).toEqual([]);
  });

  it("refuses a StatefulSet's claim template out of bounds", () => {
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [container()] } },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
          },
        ],
      },
    };
    expect(findings([storage, set])).toEqual([
      'limit-range-claims StatefulSet db: volumeClaimTemplate "data" requests storage 10Gi, above the maximum 2Gi of LimitRange shop/limits (spec.limits[0].max["storage"]): the API server takes the object and refuses the claim made of it, so its pods wait for a volume that never comes (LimitRanger: "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 10Gi")',
    ]);
  });
});

describe('limit-range-claims: ephemeral volumes', () => {
  it("refuses a pod's ephemeral volume claim out of bounds", () => {
    const storage = limitRange([{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }]);
    const volume = {
      name: 'scratch',
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '4Gi' } } } },
      },
    };
    expect(findings([storage, deployment([container()])])).toEqual([]);
    const web = deployment([container()]);
    web.spec.template.spec.volumes = [volume];
    expect(findings([storage, web])).toEqual([
      'limit-range-claims Deployment web: ephemeral volume "scratch" requests storage 4Gi, above the maximum 2Gi of LimitRange shop/limits (spec.limits[0].max["storage"]): the API server takes the object and refuses the claim made of it, so its pods wait for a volume that never comes (LimitRanger: "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 4Gi")',
    ]);
    expect(fixes([storage, web])).toEqual([
      'request at most 2Gi of storage (volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests of the pod template), or raise spec.limits[0].max["storage"] of LimitRange shop/limits',
    ]);
  });
});

describe('limit-range-defaults', () => {
  it('refuses a negative default, once where it is written', () => {
    expect(findings([limitRange([{ type: 'Container', default: { cpu: '-1' } }])])).toEqual([
      'limit-range-defaults LimitRange limits: spec.limits[0].default["cpu"] is -1, a default limit below 0: the API server takes the LimitRange, but every container of namespace shop that sets no cpu limit gets it, and the API server refuses its pod (resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0)',
    ]);
  });

  it('refuses a negative max, and the default limit copied from it', () => {
    expect(findings([limitRange([{ type: 'Container', max: { memory: '-1' } }])])).toEqual([
      'limit-range-defaults LimitRange limits: spec.limits[0].max["memory"] is -1, a maximum below 0: the API server takes the LimitRange, but no pod of namespace shop can meet it (a limit below 0 is refused), so the API server refuses every pod that uses memory there, and gives every container that sets no limit this one',
    ]);
  });

  it('refuses default limits and requests further apart than the maxLimitRequestRatio', () => {
    const apart = limitRange([
      { type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '2' } },
    ]);
    expect(findings([apart])).toEqual([
      'limit-range-defaults LimitRange limits: the default limit 1 (spec.limits[0].default["cpu"]) of cpu is 10.00 times the default request 100m (spec.limits[0].defaultRequest["cpu"]), above the maxLimitRequestRatio 2 (spec.limits[0].maxLimitRequestRatio["cpu"]): every container of namespace shop that sets neither gets both, and the API server refuses its pod (LimitRanger: "cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000")',
    ]);
  });
});
