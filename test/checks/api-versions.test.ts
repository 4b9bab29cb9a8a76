import data from '../../lib/checks/api-versions.json';
import { API_VERSIONS, lifecycleOf, parseApiVersions, servedAlternatives } from '../../lib/checks/api-versions';
import { NEWEST_RELEASE, compareReleases } from '../../lib/config/kubernetes-version';

const ROW = { apiVersion: 'batch/v1beta1', kind: 'CronJob', introduced: '1.8', deprecated: '1.21', removed: '1.25' };

describe('lib/checks/api-versions.json', () => {
  it('covers the releases up to the newest an environment may declare', () => {
    expect(data.through).toBe(NEWEST_RELEASE);
  });

  // The removals of the deprecated API migration guide, one per release, and the newest the table knows.
  it.each([
    ['extensions/v1beta1', 'Deployment', '1.16', 'apps/v1 Deployment'],
    ['apps/v1beta2', 'StatefulSet', '1.16', 'apps/v1 StatefulSet'],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1 Ingress'],
    [
      'rbac.authorization.k8s.io/v1beta1',
      'ClusterRoleBinding',
      '1.22',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    ],
    [
      'apiextensions.k8s.io/v1beta1',
      'CustomResourceDefinition',
      '1.22',
      'apiextensions.k8s.io/v1 CustomResourceDefinition',
    ],
    ['storage.k8s.io/v1beta1', 'CSIDriver', '1.22', 'storage.k8s.io/v1 CSIDriver'],
    ['batch/v1beta1', 'CronJob', '1.25', 'batch/v1 CronJob'],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.25', 'policy/v1 PodDisruptionBudget'],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25', 'autoscaling/v2 HorizontalPodAutoscaler'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', 'autoscaling/v2 HorizontalPodAutoscaler'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.27', 'storage.k8s.io/v1 CSIStorageCapacity'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.29', 'flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', 'flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
    ['networking.k8s.io/v1beta1', 'ServiceCIDR', '1.37', 'networking.k8s.io/v1 ServiceCIDR'],
  ])('knows that %s %s is removed in %s, for %s', (apiVersion, kind, removed, replacement) => {
    expect(lifecycleOf(apiVersion, kind)).toMatchObject({ removed, replacement });
  });

  it('knows v1 Endpoints is deprecated in 1.33 and still served', () => {
    expect(lifecycleOf('v1', 'Endpoints')).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      introduced: '1.0',
      deprecated: '1.33',
      replacement: 'discovery.k8s.io/v1 EndpointSlice',
    });
  });

  it('names a replacement that the table does not say was removed by the newest release', () => {
    const stale = API_VERSIONS.filter((row) => row.replacement !== undefined).filter((row) => {
      const [apiVersion, kind] = (row.replacement as string).split(' ');
      const replacement = lifecycleOf(apiVersion, kind);
      return replacement?.removed !== undefined && compareReleases(replacement.removed, NEWEST_RELEASE) <= 0;
    });
    expect(stale.map((row) => `${row.apiVersion} ${row.kind} -> ${row.replacement}`)).toEqual([]);
  });

  it('orders the alternatives the release serves by default: not deprecated first', () => {
    expect(servedAlternatives('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', '1.27')).toEqual([
      'flowcontrol.apiserver.k8s.io/v1beta3',
      'flowcontrol.apiserver.k8s.io/v1beta2',
    ]);
    // v1beta2 is served too, but only when the API server turns it on.
    expect(servedAlternatives('resource.k8s.io/v1beta1', 'DeviceClass', '1.34')).toEqual(['resource.k8s.io/v1']);
    expect(servedAlternatives('authentication.k8s.io/v1', 'SelfSubjectReview', '1.27')).toEqual([]);
  });
});

describe('parseApiVersions', () => {
  it.each([
    [
      { ...ROW, removed: '1.25.0' },
      'batch/v1beta1 CronJob: removed must be a release "major.minor" such as "1.25", got "1.25.0"',
    ],
    [{ ...ROW, removed: '1.20' }, 'batch/v1beta1 CronJob: removed must be a release after deprecated 1.21, got "1.20"'],
    [
      { ...ROW, apiVersion: 'batch/beta1' },
      'batch/beta1 CronJob: apiVersion must be an apiVersion such as "batch/v1beta1" or "v1", got "batch/beta1"',
    ],
    [{ ...ROW, kind: 'cronjob' }, 'batch/v1beta1 cronjob: kind must be a kind such as "CronJob", got "cronjob"'],
    [
      { ...ROW, replacement: 'batch/v1' },
      'batch/v1beta1 CronJob: replacement must be "apiVersion Kind", such as "batch/v1 CronJob", got "batch/v1"',
    ],
    [
      { ...ROW, removedIn: '1.25' },
      'batch/v1beta1 CronJob: removedIn must be left out (the fields are apiVersion, kind, introduced, deprecated, removed, offByDefault, replacement, instead), got "1.25"',
    ],
    [
      { ...ROW, apiVersion: 'batch/v1', offByDefault: true },
      'batch/v1 CronJob: offByDefault must be true on an alpha or beta version, or left out, got true',
    ],
    [
      { apiVersion: 'batch/v1', kind: 'CronJob' },
      'batch/v1 CronJob: introduced must be given, or deprecated or removed: the row says nothing, got nothing',
    ],
  ])('refuses a row that breaks the schema, naming it and the field', (row, message) => {
    expect(() => parseApiVersions([row])).toThrow(`lib/checks/api-versions.json: ${message}`);
  });

  it('refuses an apiVersion and kind described twice', () => {
    expect(() => parseApiVersions([ROW, ROW])).toThrow(
      'lib/checks/api-versions.json: batch/v1beta1 CronJob is described twice; keep one row',
    );
  });

  it('takes every row of the committed table', () => {
    expect(parseApiVersions(data.apis)).toHaveLength(data.apis.length);
  });
});
