import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, withChange } from './fixtures';

/** The pod-spec findings of the baseline with the web Deployment's container given this resizePolicy. */
function withResizePolicy(resizePolicy: AnyManifest[], release: string): string[] {
  const objects = withChange('Deployment', 'web', (deployment) => {
    deployment.spec.template.spec.containers[0].resizePolicy = resizePolicy;
  });
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map(({ message, fix }) => `${message} | ${fix}`);
}

describe("pod-spec: a container's resizePolicy", () => {
  it('passes cpu and memory of the restart policies the API server knows', () => {
    const policy = [
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'RestartContainer' },
    ];
    expect(withResizePolicy(policy, '1.37')).toEqual([]);
  });

  it('refuses another resource, one resource twice and an unknown restart policy on 1.37, and not on 1.27', () => {
    // 1.37: 'resizePolicy: Unsupported value: "nvidia.com/gpu": supported values: "cpu", "memory"', '... Unsupported
    // value: "Sometimes"', 'resizePolicy[1]: Duplicate value: "cpu"'; 1.27 drops the field (dry runs of both).
    const policy = [
      { resourceName: 'nvidia.com/gpu', restartPolicy: 'NotRequired' },
      { resourceName: 'cpu', restartPolicy: 'Sometimes' },
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
    ];
    expect(withResizePolicy(policy, '1.27')).toEqual([]);
    expect(withResizePolicy(policy, '1.37')).toEqual([
      'resizePolicy[0] of container "app" names resource "nvidia.com/gpu", which Kubernetes 1.37 refuses: a container resizes cpu and memory in place | name cpu or memory, or remove the item',
      'resizePolicy[1] of container "app" has restartPolicy "Sometimes", which Kubernetes 1.37 refuses; it takes NotRequired or RestartContainer | set NotRequired to resize the running container, or RestartContainer to restart it',
      'resizePolicy[2] of container "app" names resource "cpu" again, which Kubernetes 1.37 refuses | keep one policy for cpu',
    ]);
  });
});
