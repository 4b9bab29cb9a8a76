import { divisorProblem } from '../../lib/checks/downward-api';
import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, withChange } from './fixtures';

const BYTES = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei';

describe('divisorProblem: the divisors a resourceFieldRef takes, as both API servers check them', () => {
  it.each([
    ['limits.cpu', '1m'],
    ['requests.cpu', '1'],
    ['limits.cpu', '1000m'],
    ['limits.cpu', '0'],
    ['limits.memory', '1Mi'],
    ['limits.memory', '1024Ki'],
    ['requests.memory', '1k'],
    ['limits.memory', '1000'],
    ['limits.ephemeral-storage', '1Gi'],
    ['limits.hugepages-2Mi', '1Ki'],
    ['limits.memory', undefined],
  ])('takes %s with divisor %s', (resource, divisor) => {
    expect(divisorProblem(resource, divisor)).toBeUndefined();
  });

  it.each([
    ['limits.cpu', '3m', '1m or 1'],
    ['limits.cpu', '2', '1m or 1'],
    ['limits.memory', '3Mi', BYTES],
    ['limits.memory', '1024', BYTES],
    ['limits.ephemeral-storage', '1e3', BYTES],
    ['requests.hugepages-1Gi', '2Gi', BYTES],
  ])('refuses %s with divisor %s', (resource, divisor, allowed) => {
    expect(divisorProblem(resource, divisor)).toBe(allowed);
  });
});

describe('pod-spec: the divisor of a resourceFieldRef, in env and in a downwardAPI volume', () => {
  function podSpecProblems(change: (pod: AnyManifest) => void): string[] {
    const objects = withChange('Deployment', 'web', (deployment) => change(deployment.spec.template.spec));
    return runChecks(objects, TEST_ENV)
      .findings.filter((finding) => finding.rule === 'pod-spec')
      .map(({ message, fix }) => `${message} | ${fix}`);
  }

  it('refuses a cpu divisor of 3m in a volume item and a memory divisor of 3Mi in env, as both API servers do', () => {
    // 1.27 and 1.37: 'downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1
    // are supported with the cpu resource'.
    const problems = podSpecProblems((pod) => {
      pod.volumes.push({
        name: 'info',
        downwardAPI: {
          items: [{ path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '3m' } }],
        },
      });
      pod.containers[0].env.push({
        name: 'MEMORY',
        valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '3Mi' } },
      });
    });
    expect(problems).toEqual([
      'env MEMORY of container "app" reads resource "limits.memory" with divisor "3Mi", which the API server refuses; it takes 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei | set divisor to a unit, e.g. 1Mi to read mebibytes, or leave it out (1)',
      'volume "info" item "cpu" reads resource "limits.cpu" with divisor "3m", which the API server refuses; it takes 1m or 1 | set divisor to 1m (millicores) or 1 (cores), or leave it out (1)',
    ]);
  });

  it('passes divisors of 1m for cpu and 1Mi for memory', () => {
    const problems = podSpecProblems((pod) => {
      pod.containers[0].env.push(
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      );
    });
    expect(problems).toEqual([]);
  });
});

describe('pod-spec: the container a resourceFieldRef reads', () => {
  function podSpecProblems(change: (pod: AnyManifest) => void): string[] {
    const objects = withChange('Deployment', 'web', (deployment) => change(deployment.spec.template.spec));
    return runChecks(objects, TEST_ENV)
      .findings.filter((finding) => finding.rule === 'pod-spec')
      .map(({ message, fix }) => `${message} | ${fix}`);
  }

  it('refuses an env var or volume item reading a container the pod does not have, which the kubelet cannot resolve', () => {
    // 1.27 and 1.37 take both (dry runs); the kubelet fails the container ('container nope not found').
    const problems = podSpecProblems((pod) => {
      pod.containers[0].env.push({
        name: 'CPU',
        valueFrom: { resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } },
      });
      pod.volumes.push({
        name: 'info',
        downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { containerName: 'gone', resource: 'limits.cpu' } }] },
      });
    });
    expect(problems).toEqual([
      'env CPU of container "app" reads a resource of container "nope", which the pod does not have; the API server takes it, and the kubelet cannot start the container | name a container of the pod ("app"), or leave containerName out of an env var to read its own',
      'volume "info" item "cpu" reads a resource of container "gone", which the pod does not have; the API server takes it, and the kubelet cannot set the volume up, so the pod never starts | name a container of the pod ("app"), or leave containerName out of an env var to read its own',
    ]);
  });

  it('passes an env var reading another container of the pod, or its own without a name', () => {
    const problems = podSpecProblems((pod) => {
      pod.initContainers = [{ name: 'init', image: 'busybox:1.36' }];
      pod.containers[0].env.push(
        { name: 'INIT_CPU', valueFrom: { resourceFieldRef: { containerName: 'init', resource: 'limits.cpu' } } },
        { name: 'OWN_CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      );
    });
    expect(problems).toEqual([]);
  });
});
