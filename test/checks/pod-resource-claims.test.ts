import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, withChange } from './fixtures';

/** The pod-spec findings of the baseline with the web Deployment's pod given these claims, and its container these. */
function withClaims(podClaims: AnyManifest[] | undefined, containerClaims: AnyManifest[], release = '1.37'): string[] {
  const objects = withChange('Deployment', 'web', (deployment) => {
    const pod = deployment.spec.template.spec;
    pod.resourceClaims = podClaims;
    pod.containers[0].resources.claims = containerClaims;
  });
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map(({ message, fix }) => `${message} | ${fix}`);
}

describe("pod-spec: a pod's resourceClaims and its containers' resources.claims", () => {
  it('passes a container claim of a pod claim of one source', () => {
    const claims = [
      { name: 'gpu', resourceClaimTemplateName: 'one-gpu' },
      { name: 'shared', resourceClaimName: 'shared-fpga' },
    ];
    expect(withClaims(claims, [{ name: 'gpu' }, { name: 'shared', request: 'fpga' }])).toEqual([]);
  });

  it('refuses a container claim of no pod claim on 1.37, and not on 1.27', () => {
    // 1.37: 'resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty';
    // 1.27 drops the field.
    expect(withClaims(undefined, [{ name: 'gpu' }], '1.27')).toEqual([]);
    expect(withClaims(undefined, [{ name: 'gpu' }])).toEqual([
      'resources.claims[0] of container "app" names claim "gpu", which is not among the pod\'s resourceClaims (none) | name a claim of the pod\'s resourceClaims, or add the claim there',
    ]);
  });

  it('refuses a pod claim of a name that is no DNS label, of no source or of two, and a request that is no DNS label', () => {
    // 1.37: 'resourceClaims[0].name: Invalid value: "GPU": a lowercase RFC 1123 label must consist of ...', 'must
    // specify one of: `resourceClaimName`, `resourceClaimTemplateName`', 'at most one of ... may be specified',
    // 'resources.claims[0].request: Invalid value: "Bad_Req": a lowercase RFC 1123 label ...'.
    const claims = [
      { name: 'GPU', resourceClaimName: 'a' },
      { name: 'none' },
      { name: 'both', resourceClaimName: 'a', resourceClaimTemplateName: 't' },
    ];
    expect(withClaims(claims, [{ name: 'none', request: 'Bad_Req' }])).toEqual([
      'resourceClaims[0].name "GPU" is not a DNS-1123 label (at most 63 lower-case letters, digits or "-"), which Kubernetes 1.37 refuses | rename the claim (and the resources.claims that name it)',
      'resourceClaims[1] ("none") has neither resourceClaimName nor resourceClaimTemplateName; Kubernetes 1.37 takes exactly one | name an existing ResourceClaim (resourceClaimName) or a ResourceClaimTemplate to make one per pod (resourceClaimTemplateName)',
      'resourceClaims[2] ("both") has both resourceClaimName and resourceClaimTemplateName; Kubernetes 1.37 takes exactly one | name an existing ResourceClaim (resourceClaimName) or a ResourceClaimTemplate to make one per pod (resourceClaimTemplateName)',
      'resources.claims[0] of container "app" names request "Bad_Req", which is not a DNS-1123 label, as Kubernetes 1.37 requires | name a request of the ResourceClaim as it is named there',
    ]);
  });
});
