import { SCHEMA_RELEASES, schemaFileOf } from '../../lib/checks/schema-releases';
import { NEWEST_RELEASE, OLDEST_RELEASE, compareReleases } from '../../lib/config/kubernetes-version';
import { localCluster, localVersions } from '../e2e/local-cluster';

describe('SCHEMA_RELEASES', () => {
  it('lists releases oldest first, from the oldest an environment may declare to the newest', () => {
    const releases = SCHEMA_RELEASES.map(({ release }) => release);
    expect(releases).toEqual([...releases].sort(compareReleases));
    expect(new Set(releases).size).toBe(releases.length);
    expect(releases[0]).toBe(OLDEST_RELEASE);
    expect(releases.at(-1)).toBe(NEWEST_RELEASE);
  });

  it('imports each release from the module its local control plane is built from (cluster/env.sh)', () => {
    expect(SCHEMA_RELEASES.map(({ release }) => release)).toEqual(localVersions());
    for (const { release, module } of SCHEMA_RELEASES) {
      expect(module).toBe(`k8s.io/kubernetes@${localCluster(release).release}`);
    }
  });

  it('keeps each release in a file of its own under imports/', () => {
    expect(schemaFileOf('1.37')).toBe('imports/k8s-schema-1.37.json');
  });
});
