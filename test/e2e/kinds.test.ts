import { isServed, lifecycleOf } from '../../lib/checks/api-versions';
import { KINDS, KindInfo } from '../../lib/kinds/kinds';
import { getJson, kubectl, serverRelease } from './kubectl';

/** A resource of the server's discovery, in its group's preferred version. */
interface ServedResource {
  readonly kind: string;
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: string[];
  readonly group: string;
}

describe('lib/kinds against the real API server', () => {
  /** Every resource the server serves in the preferred version of each group, subresources aside. */
  function servedResources(): ServedResource[] {
    const lists = [JSON.parse(kubectl(['get', '--raw', '/api/v1']))];
    const apis = JSON.parse(kubectl(['get', '--raw', '/apis']));
    for (const group of apis.groups as { preferredVersion: { groupVersion: string } }[]) {
      lists.push(JSON.parse(kubectl(['get', '--raw', `/apis/${group.preferredVersion.groupVersion}`])));
    }
    return lists.flatMap((list) =>
      (list.resources as { kind: string; name: string; namespaced: boolean; verbs: string[] }[])
        .filter((resource) => !resource.name.includes('/'))
        .map((resource) => ({
          ...resource,
          group: list.groupVersion.includes('/') ? list.groupVersion.split('/')[0] : '',
        })),
    );
  }

  /**
   * Whether the table of API versions (lib/checks/api-versions.json) says the release serves one of the kind's
   * apiVersions by default; a kind of a newer release (ValidatingAdmissionPolicy on 1.27) is not served by an older one.
   */
  function servedBy(info: KindInfo, release: string): boolean {
    return info.apiVersions.some((apiVersion) => {
      const row = lifecycleOf(apiVersion, info.kind);
      return row === undefined || (isServed(row, release) && row.offByDefault !== true);
    });
  }

  it('gives every kind the scope and resource name the server gives it', () => {
    const served = servedResources();
    const release = serverRelease();
    const problems = KINDS.flatMap((info) => {
      const resource = served.find((candidate) => candidate.kind === info.kind && candidate.group === info.group);
      if (resource === undefined) {
        return info.kind === 'SealedSecret' || !servedBy(info, release)
          ? []
          : [`${info.kind}: not served by Kubernetes ${release}`];
      }
      if (!servedBy(info, release)) {
        return [
          `${info.kind}: served by Kubernetes ${release}, which lib/checks/api-versions.json says does not serve it`,
        ];
      }
      const scope = resource.namespaced ? 'Namespaced' : 'Cluster';
      return resource.name === info.resource && scope === info.scope
        ? []
        : [`${info.kind}: server says ${resource.name}, ${scope}; lib/kinds says ${info.resource}, ${info.scope}`];
    });
    expect(problems).toEqual([]);
  });

  it('describes every stored kind of the built-in API groups', () => {
    const customGroups = new Set(
      getJson(['customresourcedefinitions']).items.map((crd: { spec: { group: string } }) => crd.spec.group),
    );
    const stored = servedResources().filter(
      (resource) =>
        !customGroups.has(resource.group) &&
        ['create', 'delete', 'list'].every((verb) => resource.verbs.includes(verb)),
    );
    expect(stored.map((resource) => resource.kind).filter((kind) => !KINDS.some((info) => info.kind === kind))).toEqual(
      [],
    );
  });
});
