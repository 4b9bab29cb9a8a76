import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV } from './fixtures';

function job(podFailurePolicy: AnyManifest, restartPolicy = 'Never'): RenderedObject {
  return {
    path: 'shop/job',
    manifest: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: {
        podFailurePolicy,
        template: { spec: { restartPolicy, containers: [{ name: 'migrate', image: 'shop:1.0.0' }] } },
      },
    },
  };
}

function failurePolicyFindings(object: RenderedObject, release = '1.27'): string[] {
  return runChecks([object], { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-failure-policy' || finding.rule === 'schema')
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

describe('pod-failure-policy', () => {
  it("passes Kubernetes' own example: ignore disruptions (status left to the server's default), fail on exit codes", () => {
    const policy = {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'In', values: [1, 42] } },
      ],
    };
    expect(failurePolicyFindings(job(policy))).toEqual([]);
  });

  it('refuses a policy on pods that restart OnFailure, and rules the API server refuses', () => {
    const policy = {
      rules: [
        { action: 'failjob', onExitCodes: { operator: 'in', values: [3, 1] } },
        {
          action: 'Ignore',
          onExitCodes: { operator: 'In', values: [0, 2] },
          onPodConditions: [{ type: 'DisruptionTarget' }],
        },
        { action: 'Count', onExitCodes: { operator: 'NotIn', values: [] } },
        { action: 'FailIndex', onPodConditions: [{ type: 'DisruptionTarget', status: 'true' }] },
      ],
    };
    expect(failurePolicyFindings(job(policy, 'OnFailure'))).toEqual([
      'pod-failure-policy: podFailurePolicy is set with the pod restartPolicy "OnFailure"; the API server takes it only with Never',
      'pod-failure-policy: podFailurePolicy.rules[0].action "failjob" is not one of Count, FailJob, Ignore',
      'pod-failure-policy: podFailurePolicy.rules[0].onExitCodes.operator "in" is not one of In, NotIn',
      'pod-failure-policy: podFailurePolicy.rules[0].onExitCodes.values [3,1] are not integers in increasing order, each once',
      'pod-failure-policy: podFailurePolicy.rules[1] has both onExitCodes and onPodConditions; the API server takes exactly one',
      'pod-failure-policy: podFailurePolicy.rules[1].onExitCodes matches exit code 0 with In, which the API server refuses (0 is success)',
      'pod-failure-policy: podFailurePolicy.rules[2].onExitCodes.values lists 0 exit codes; the API server takes 1 to 255',
      'pod-failure-policy: podFailurePolicy.rules[3].action "FailIndex" is not one of Count, FailJob, Ignore',
      'pod-failure-policy: podFailurePolicy.rules[3].onPodConditions[0].status "true" is not one of True, False, Unknown',
    ]);
  });

  it("takes FailIndex from 1.29 on, and checks a CronJob's Jobs", () => {
    const failIndex = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] };
    expect(failurePolicyFindings(job(failIndex), '1.37')).toEqual([]);
    const cronJob: RenderedObject = {
      path: 'shop/cron',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop' },
        spec: {
          schedule: '0 * * * *',
          jobTemplate: { spec: (job(failIndex, 'OnFailure').manifest as AnyManifest).spec },
        },
      },
    };
    expect(failurePolicyFindings(cronJob, '1.37')).toEqual([
      'pod-failure-policy: jobTemplate.spec.podFailurePolicy is set with the pod restartPolicy "OnFailure"; the API server takes it only with Never',
    ]);
  });
});
