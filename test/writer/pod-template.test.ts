import { POD_KINDS, podTemplateIn, ROLLING_KINDS } from '../../lib/writer/pod-template';
import { Manifest } from '../../lib/writer/tidy';

const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };

function manifest(kind: string, rest: Record<string, unknown>): Manifest {
  return { apiVersion: 'v1', kind, metadata: { name: 'x' }, ...rest };
}

describe('podTemplateIn', () => {
  it('finds the pod template of each workload kind, and a Pod itself', () => {
    expect(podTemplateIn(manifest('Deployment', { spec: { template } }))).toBe(template);
    expect(podTemplateIn(manifest('CronJob', { spec: { jobTemplate: { spec: { template } } } }))).toBe(template);
    const pod = manifest('Pod', { spec: template.spec });
    expect(podTemplateIn(pod)).toBe(pod);
  });

  it('finds none in objects that run no pods or workloads without a template', () => {
    expect(podTemplateIn(manifest('Service', { spec: { template } }))).toBeUndefined();
    expect(podTemplateIn(manifest('Job', {}))).toBeUndefined();
  });

  it('counts Jobs and Pods among the pod kinds but not among those whose template may change', () => {
    expect([...POD_KINDS].sort()).toEqual([
      'CronJob',
      'DaemonSet',
      'Deployment',
      'Job',
      'Pod',
      'PodTemplate',
      'ReplicaSet',
      'ReplicationController',
      'StatefulSet',
    ]);
    expect([...ROLLING_KINDS].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
  });
});
