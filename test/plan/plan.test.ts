import { countPlan, planEnvironment, REPLACE_ANNOTATION } from '../../lib/plan/plan';
import { describeId } from '../../lib/plan/identity';
import { toYaml } from '../../lib/writer/yaml';
import { claim, configMap, deployment, memoryFolder, namespace, renderedFile } from './fixtures';

const working = (files: ReturnType<typeof renderedFile>[]) => ({ name: 'dev', release: '1.27', files });

describe('planEnvironment', () => {
  it('finds nothing to do when every file holds the same bytes, and parses none of them', () => {
    const file = renderedFile('web.k8s.yaml', [namespace('web'), deployment()]);
    const folder = memoryFolder({ 'web.k8s.yaml': file.content });
    const read = jest.spyOn(folder, 'read');
    const plan = planEnvironment(working([file]), folder, 'HEAD');
    expect(plan.objects).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });

  it('sees the same objects written in another key order as unchanged', () => {
    const file = renderedFile('web.k8s.yaml', [deployment()]);
    const reordered =
      'kind: Deployment\napiVersion: apps/v1\n' + file.content.replace(/^apiVersion: apps\/v1\nkind: Deployment\n/, '');
    const plan = planEnvironment(working([file]), memoryFolder({ 'web.k8s.yaml': reordered }), 'HEAD');
    expect(plan.objects).toEqual([]);
  });

  it('lists created, changed and deleted objects, the changed fields with both values', () => {
    const base = toYaml([namespace('web'), deployment(), configMap('old-notes', { a: '1' })]);
    const file = renderedFile('web.k8s.yaml', [
      namespace('web'),
      deployment((d) => (d.spec.replicas = 3)),
      configMap('fresh', { b: '2' }),
    ]);
    const plan = planEnvironment(working([file]), memoryFolder({ 'web.k8s.yaml': base }), 'HEAD');
    expect(plan.objects.map((object) => `${object.action} ${describeId(object.id)}`)).toEqual([
      'create ConfigMap web/fresh',
      'delete ConfigMap web/old-notes',
      'change Deployment web/web',
    ]);
    const change = plan.objects.find((object) => object.action === 'change')!;
    expect(change.fields).toEqual([{ path: ['spec', 'replicas'], before: 2, after: 3 }]);
    expect(change.rollsPods).toBe(false);
    expect(change.path).toBe('web.k8s.yaml/web');
    expect(countPlan(plan)).toMatchObject({ created: 1, changed: 1, deleted: 1, rolls: 0, refused: 0 });
  });

  it('reads a content-hash rename as new content and names the workloads it rolls', () => {
    const base = toYaml([configMap('settings-0123456789', { greeting: 'hello' }), deployment()]);
    const file = renderedFile('web.k8s.yaml', [
      configMap('settings-abcdef0123', { greeting: 'hi' }),
      deployment((d) => (d.spec.template.spec.containers[0].envFrom[0].configMapRef.name = 'settings-abcdef0123')),
    ]);
    const plan = planEnvironment(working([file]), memoryFolder({ 'web.k8s.yaml': base }), 'HEAD');
    const settings = plan.objects.find((object) => object.id.kind === 'ConfigMap')!;
    expect(settings).toMatchObject({
      action: 'change',
      renamed: { from: 'settings-0123456789', to: 'settings-abcdef0123' },
      fields: [{ path: ['data', 'greeting'], before: 'hello', after: 'hi' }],
    });
    expect(settings.rolls.map(describeId)).toEqual(['Deployment web/web']);
    expect(plan.objects.find((object) => object.id.kind === 'Deployment')?.rollsPods).toBe(true);
    expect(countPlan(plan)).toMatchObject({ created: 0, deleted: 0, changed: 2, rolls: 1 });
  });

  it('puts refused changes first, and takes the replace annotation as the approval', () => {
    const base = toYaml([configMap('a', { x: '1' }), deployment()]);
    const selector = (d: ReturnType<typeof deployment>) => (d.spec.selector.matchLabels.tier = 'web');
    const refused = planEnvironment(
      working([renderedFile('web.k8s.yaml', [configMap('a', { x: '2' }), deployment(selector)])]),
      memoryFolder({ 'web.k8s.yaml': base }),
      'HEAD',
    );
    expect(refused.objects.map((object) => object.id.kind)).toEqual(['Deployment', 'ConfigMap']);
    expect(refused.objects[0].refusals.map((refusal) => refusal.rule.id)).toEqual(['workload-selector']);
    expect(refused.objects[0].approval).toBeUndefined();
    const approved = planEnvironment(
      working([
        renderedFile('web.k8s.yaml', [
          configMap('a', { x: '1' }),
          deployment((d) => {
            selector(d);
            d.metadata.annotations = { [REPLACE_ANNOTATION]: ' the team label joins the selector ' };
          }),
        ]),
      ]),
      memoryFolder({ 'web.k8s.yaml': base }),
      'HEAD',
    );
    expect(approved.objects[0].approval).toBe('the team label joins the selector');
    expect(countPlan(approved)).toMatchObject({ refused: 1, approved: 1 });
  });

  it('says what deleting a claim and a namespace holding one loses', () => {
    const base = {
      'web.k8s.yaml': toYaml([namespace('web'), claim('data', '1Gi')]),
      'storage.k8s.yaml': toYaml([
        { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'x' },
      ]),
    };
    const plan = planEnvironment(
      working([
        renderedFile('storage.k8s.yaml', [
          { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'x' },
        ]),
      ]),
      memoryFolder(base),
      'HEAD',
    );
    expect(plan.objects.map((object) => [describeId(object.id), object.dataLoss])).toEqual([
      [
        'Namespace web',
        'deleting the namespace deletes everything in it, with PersistentVolumeClaim data and their data',
      ],
      [
        'PersistentVolumeClaim web/data',
        "deleting the claim deletes its data, unless its volume's reclaim policy is Retain (StorageClass standard has reclaimPolicy Delete)",
      ],
    ]);
    expect(countPlan(plan).losesData).toBe(2);
  });

  it('says that deleting a CustomResourceDefinition deletes every resource of its kind in the cluster', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'backups.example.com' },
      spec: { group: 'example.com', names: { kind: 'Backup', plural: 'backups' }, scope: 'Namespaced', versions: [] },
    };
    const backup = (name: string) => ({
      apiVersion: 'example.com/v1',
      kind: 'Backup',
      metadata: { name, namespace: 'web' },
      spec: {},
    });
    const base = { 'backup.k8s.yaml': toYaml([crd, backup('nightly'), backup('weekly')]) };
    const plan = planEnvironment(
      working([renderedFile('backup.k8s.yaml', [backup('nightly'), backup('weekly')])]),
      memoryFolder(base),
      'HEAD',
    );
    expect(plan.objects.map((object) => [describeId(object.id), object.dataLoss])).toEqual([
      [
        'CustomResourceDefinition backups.example.com',
        'deleting the definition deletes every Backup of the cluster (example.com), in every namespace: the 2 the project makes and any made outside it',
      ],
    ]);
  });
});
