import { diffValues } from '../../lib/plan/field-diff';
import { identityOf, Json } from '../../lib/plan/identity';
import { parseQuantity } from '../../lib/checks/value-rules';
import { IMMUTABLE_RULES, refusalsOf } from '../../lib/plan/immutable-fields';
import { claim, deployment } from './fixtures';

function refused(before: Json, after: Json, release = '1.27', others: readonly Json[] = []): string[] {
  return refusalsOf({
    id: identityOf(after),
    before,
    after,
    changes: diffValues(before, after),
    release,
    find: (kind, name) => others.find((other) => other.kind === kind && other.metadata.name === name),
  }).map((refusal) => `${refusal.rule.id}: ${refusal.fields.map((field) => field.path.join('.')).join(', ')}`);
}

const statefulSet = (edit: (spec: Json) => void = () => undefined): Json => {
  const spec: Json = { serviceName: 'db', replicas: 1, selector: { matchLabels: { app: 'db' } }, template: {} };
  edit(spec);
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'db' }, spec };
};

describe('the immutable-field rules', () => {
  it("refuse a Deployment's new selector and accept a new image", () => {
    expect(
      refused(
        deployment(),
        deployment((d) => (d.spec.selector.matchLabels.tier = 'web')),
      ),
    ).toEqual(['workload-selector: spec.selector.matchLabels.tier']);
    expect(
      refused(
        deployment(),
        deployment((d) => (d.spec.template.spec.containers[0].image = 'nginx:1.28')),
      ),
    ).toEqual([]);
  });

  it("refuse a StatefulSet's serviceName and volumeClaimTemplates, not its replicas or template", () => {
    expect(
      refused(
        statefulSet(),
        statefulSet((s) => (s.serviceName = 'db2')),
      ),
    ).toEqual(['statefulset-spec: spec.serviceName']);
    expect(
      refused(
        statefulSet(),
        statefulSet((s) => (s.volumeClaimTemplates = [{ metadata: { name: 'data' } }])),
      ),
    ).toEqual(['statefulset-spec: spec.volumeClaimTemplates']);
    expect(
      refused(
        statefulSet(),
        statefulSet((s) => ((s.replicas = 3), (s.template = { metadata: {} }))),
      ),
    ).toEqual([]);
  });

  it('take a field written as its default for the default', () => {
    expect(
      refused(
        statefulSet(),
        statefulSet((s) => (s.podManagementPolicy = 'OrderedReady')),
      ),
    ).toEqual([]);
    expect(
      refused(
        statefulSet(),
        statefulSet((s) => (s.podManagementPolicy = 'Parallel')),
      ),
    ).toEqual(['statefulset-spec: spec.podManagementPolicy']);
  });

  it("follow the release: a StatefulSet's revisionHistoryLimit may change from 1.33 on", () => {
    const after = statefulSet((s) => (s.revisionHistoryLimit = 3));
    expect(refused(statefulSet(), after, '1.27')).toEqual(['statefulset-spec: spec.revisionHistoryLimit']);
    expect(refused(statefulSet(), after, '1.37')).toEqual([]);
  });

  it('refuse a shrinking claim, and a growing one unless its StorageClass allows expansion', () => {
    expect(refused(claim('data', '2Gi'), claim('data', '1500Mi'))).toEqual([
      'claim-shrink: spec.resources.requests.storage',
    ]);
    expect(refused(claim('data', '1Gi'), claim('data', '2Gi'))).toEqual([
      'claim-expansion: spec.resources.requests.storage',
    ]);
    const expandable = { kind: 'StorageClass', metadata: { name: 'standard' }, allowVolumeExpansion: true };
    expect(refused(claim('data', '1Gi'), claim('data', '2Gi'), '1.27', [expandable])).toEqual([]);
    expect(refused(claim('data', '1Gi'), claim('data', '1Gi', 'fast'))).toEqual(['claim-spec: spec.storageClassName']);
  });

  it("let a suspended Job's template change its labels and nodeSelector, not its containers", () => {
    const job = (suspend: boolean, edit: (template: Json) => void = () => undefined): Json => {
      const template: Json = { metadata: {}, spec: { containers: [{ name: 'a', image: 'x:1' }] } };
      edit(template);
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j', namespace: 'b' },
        spec: { suspend, template },
      };
    };
    const relabel = (template: Json) => (template.spec.nodeSelector = { disk: 'ssd' });
    expect(refused(job(true), job(true, relabel))).toEqual([]);
    expect(refused(job(false), job(false, relabel))).toEqual(['job-template: spec.template.spec.nodeSelector.disk']);
    expect(
      refused(
        job(true),
        job(true, (t) => (t.spec.containers[0].image = 'x:2')),
      ),
    ).toHaveLength(1);
  });

  it("refuse an immutable ConfigMap's data only, and a Service's new clusterIP but not its removal", () => {
    const map = (immutable: boolean, value: string): Json => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n' },
      immutable,
      data: { a: value },
    });
    expect(refused(map(true, 'x'), map(true, 'y'))).toEqual(['immutable-data: data.a']);
    expect(refused(map(false, 'x'), map(false, 'y'))).toEqual([]);
    const service = (clusterIP?: string): Json => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'n' },
      spec: { clusterIP, ports: [{ port: 80 }] },
    });
    expect(refused(service(), service('None'))).toEqual(['service-cluster-ip: spec.clusterIP']);
    expect(refused(service('10.0.0.9'), service())).toEqual([]);
  });

  it('each name a field, the server words, a fix and what is lost, under distinct ids', () => {
    for (const rule of IMMUTABLE_RULES) {
      expect(
        [rule.id, rule.field, ...rule.server.map((entry) => entry.words), rule.fix, rule.lost].every(
          (text) => text.trim() !== '',
        ),
      ).toBe(true);
    }
    expect(new Set(IMMUTABLE_RULES.map((rule) => rule.id)).size).toBe(IMMUTABLE_RULES.length);
  });

  it('fill the kubectl target into the fix', () => {
    const [refusal] = refusalsOf({
      id: identityOf(deployment()),
      before: deployment(),
      after: deployment((d) => (d.spec.selector.matchLabels.tier = 'web')),
      changes: diffValues(
        deployment(),
        deployment((d) => (d.spec.selector.matchLabels.tier = 'web')),
      ),
      release: '1.27',
      find: () => undefined,
    });
    expect(refusal.fix).toContain('`kubectl delete deployment.apps web -n web`');
  });
});

describe('parseQuantity', () => {
  it('reads binary and decimal suffixes', () => {
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1500M')).toBe(1.5e9);
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('lots')).toBeUndefined();
  });
});
