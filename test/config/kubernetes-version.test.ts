import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import {
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  compareReleases,
  parseRelease,
  releaseAtLeast,
  releaseProblem,
} from '../../lib/config/kubernetes-version';

const ALLOWED = 'must be a Kubernetes release "major.minor" from 1.27 to 1.37';

describe('kubernetesVersion', () => {
  it('is 1.27 for dev and 1.37 for prod, the releases their clusters run', () => {
    expect(parseEnvironment('dev', ENVIRONMENTS.dev).kubernetesVersion).toBe('1.27');
    expect(parseEnvironment('prod', ENVIRONMENTS.prod).kubernetesVersion).toBe('1.37');
  });

  it('spans the release of the schema the project checks with to the newest release of the API table', () => {
    expect(OLDEST_RELEASE).toBe('1.27');
    expect(NEWEST_RELEASE).toBe('1.37');
  });

  it.each([
    [
      '1.26',
      `${ALLOWED}: 1.27 is the oldest, since the project builds on cdk8s-plus-27 and checks against the Kubernetes 1.27 schema`,
    ],
    [
      '1.38',
      `${ALLOWED}: 1.37 is the newest lib/checks/api-versions.json knows; add the API removals and deprecations of the ` +
        'newer releases there (and raise its "through") first',
    ],
    ['v1.37', `${ALLOWED}, such as "1.37" (major and minor only, no "v" and no patch)`],
    ['1.37.2', `${ALLOWED}, such as "1.37" (major and minor only, no "v" and no patch)`],
    ['1.037', `${ALLOWED}, such as "1.37" (major and minor only, no "v" and no patch)`],
  ])('refuses %s, naming the environment, the field, the value and the releases it knows', (value, message) => {
    expect(() => parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: value })).toThrow(
      `environment "prod" is invalid (lib/config/environments.ts):\n  kubernetesVersion: ${message}, got "${value}"`,
    );
  });

  it('refuses a number, which YAML or a hurried edit would make of 1.30', () => {
    expect(() => parseEnvironment('dev', { ...ENVIRONMENTS.dev, kubernetesVersion: 1.3 as unknown as string })).toThrow(
      `  kubernetesVersion: ${ALLOWED}, as a string such as "1.37", got 1.3`,
    );
  });

  it('is required', () => {
    const { kubernetesVersion: _left, ...withoutVersion } = ENVIRONMENTS.dev;
    expect(() => parseEnvironment('dev', withoutVersion)).toThrow(
      `  kubernetesVersion: ${ALLOWED}, as a string such as "1.37", got nothing`,
    );
  });

  it('accepts every release from the oldest to the newest', () => {
    for (let minor = 27; minor <= 37; minor++) {
      expect(releaseProblem(`1.${minor}`)).toBeUndefined();
    }
  });
});

describe('releases', () => {
  it('compare by number, not by text', () => {
    expect(compareReleases('1.9', '1.10')).toBeLessThan(0);
    expect(compareReleases('1.37', '1.37')).toBe(0);
    expect(compareReleases('2.0', '1.99')).toBeGreaterThan(0);
  });

  it('tell a release from its first release on (the first included), by number', () => {
    expect(releaseAtLeast('1.31', '1.31')).toBe(true);
    expect(releaseAtLeast('1.100', '1.31')).toBe(true);
    expect(releaseAtLeast('1.9', '1.31')).toBe(false);
    expect(releaseAtLeast('1.30', '1.31')).toBe(false);
  });

  it('parse "major.minor" only', () => {
    expect(parseRelease('1.37')).toEqual([1, 37]);
    expect(parseRelease('1.37.0')).toBeUndefined();
    expect(() => compareReleases('latest', '1.27')).toThrow(
      '"latest" is not a Kubernetes release written "major.minor", such as "1.37"',
    );
  });
});
