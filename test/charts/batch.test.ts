import { Testing } from 'cdk8s';
import { BatchChart } from '../../lib/charts/batch';
import { AnyManifest, DEV, find } from '../helpers';
import { expectRestricted } from './restricted';

function synthBatch(): AnyManifest[] {
  return Testing.synth(new BatchChart(Testing.app(), 'batch', DEV));
}

describe('BatchChart', () => {
  it('puts the Job and the CronJob in the course-batch namespace', () => {
    const manifests = synthBatch();
    expect(find(manifests, 'Namespace', 'course-batch')).toBeDefined();
    expect(find(manifests, 'Job', 'count-to-ten').metadata.namespace).toBe('course-batch');
    expect(find(manifests, 'CronJob', 'heartbeat').metadata.namespace).toBe('course-batch');
  });

  it('runs the Job until three pods succeed, two at a time', () => {
    const spec = find(synthBatch(), 'Job', 'count-to-ten').spec;
    expect(spec.completions).toBe(3);
    expect(spec.parallelism).toBe(2);
  });

  it('retries the Job four times', () => {
    expect(find(synthBatch(), 'Job', 'count-to-ten').spec.backoffLimit).toBe(4);
  });

  it('deletes the finished Job after an hour', () => {
    expect(find(synthBatch(), 'Job', 'count-to-ten').spec.ttlSecondsAfterFinished).toBe(3600);
  });

  it("has the Job's pods count to ten and never restart in place", () => {
    const pod = find(synthBatch(), 'Job', 'count-to-ten').spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].command).toEqual(['sh', '-c', 'for i in $(seq 1 10); do echo $i; done']);
  });

  it('runs the CronJob every minute', () => {
    expect(find(synthBatch(), 'CronJob', 'heartbeat').spec.schedule).toBe('* * * * *');
  });

  it('never runs two heartbeats at once', () => {
    expect(find(synthBatch(), 'CronJob', 'heartbeat').spec.concurrencyPolicy).toBe('Forbid');
  });

  it('keeps the last three successful runs and the last failed one', () => {
    const spec = find(synthBatch(), 'CronJob', 'heartbeat').spec;
    expect(spec.successfulJobsHistoryLimit).toBe(3);
    expect(spec.failedJobsHistoryLimit).toBe(1);
  });

  it('skips a heartbeat that could not start within two minutes', () => {
    expect(find(synthBatch(), 'CronJob', 'heartbeat').spec.startingDeadlineSeconds).toBe(120);
  });

  it('deletes each finished heartbeat Job after ten minutes', () => {
    expect(find(synthBatch(), 'CronJob', 'heartbeat').spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(600);
  });

  it('keeps the CronJob running', () => {
    expect(find(synthBatch(), 'CronJob', 'heartbeat').spec.suspend).toBeUndefined();
  });

  it('runs every pod under the restricted Pod Security profile', () => {
    expectRestricted(synthBatch());
  });
});
