import { API_VERSIONS, isServed } from '../../lib/checks/api-versions';
import { NEWEST_RELEASE, OLDEST_RELEASE, compareReleases } from '../../lib/config/kubernetes-version';
import { kubectlResult, serverRelease } from './kubectl';

/** The kinds the server serves in a group version (its discovery document), or none when it does not serve it. */
function servedKinds(apiVersion: string): ReadonlySet<string> {
  const result = kubectlResult(['get', '--raw', apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`]);
  if (result.status !== 0) {
    if (/NotFound|could not find the requested resource/.test(result.stderr)) {
      return new Set();
    }
    throw new Error(`kubectl get --raw for ${apiVersion} exited ${result.status}:\n${result.stderr}`);
  }
  const resources = JSON.parse(result.stdout).resources as { name: string; kind: string }[];
  return new Set(resources.filter((resource) => !resource.name.includes('/')).map((resource) => resource.kind));
}

describe('lib/checks/api-versions.json against the real API server', () => {
  it("is right about every row on the server's release: served by default, or not", () => {
    const release = serverRelease();
    expect(compareReleases(release, OLDEST_RELEASE)).toBeGreaterThanOrEqual(0);
    expect(compareReleases(release, NEWEST_RELEASE)).toBeLessThanOrEqual(0);
    const discovery = new Map<string, ReadonlySet<string>>();
    const wrong = API_VERSIONS.flatMap((row) => {
      const kinds = discovery.get(row.apiVersion) ?? servedKinds(row.apiVersion);
      discovery.set(row.apiVersion, kinds);
      const expected = isServed(row, release) && row.offByDefault !== true;
      const actual = kinds.has(row.kind);
      return actual === expected
        ? []
        : [
            `${row.apiVersion} ${row.kind}: the table says Kubernetes ${release} ${expected ? 'serves' : 'does not serve'} ` +
              `it by default, the API server ${actual ? 'serves' : 'does not serve'} it`,
          ];
    });
    expect(wrong).toEqual([]);
  });
});
