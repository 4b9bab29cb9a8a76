import { ApiObject, Chart, Testing } from 'cdk8s';
import { REPLACE_ANNOTATION } from '../../lib/plan/plan';
import { approveReplace } from '../../lib/plan/replace-approval';

describe('approveReplace', () => {
  it('writes the reason into the k8s-course.io/replace annotation', () => {
    const chart = new Chart(Testing.app(), 'web');
    const object = new ApiObject(chart, 'db', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' } });
    approveReplace(object, ' larger claims; orphan-deleted in the window ');
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({
      [REPLACE_ANNOTATION]: 'larger claims; orphan-deleted in the window',
    });
  });

  it('refuses an empty reason, naming the construct', () => {
    const chart = new Chart(Testing.app(), 'web');
    const object = new ApiObject(chart, 'db', { apiVersion: 'apps/v1', kind: 'StatefulSet' });
    expect(() => approveReplace(object, '  ')).toThrow(
      'web/db: a replace needs a reason, got an empty one; say why the object is replaced and how (the fix the plan gives)',
    );
  });
});
