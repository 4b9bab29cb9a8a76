import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV, withChange } from './fixtures';

/** The findings and warnings of the baseline whose web container's readiness probe and preStop hook are `handlers`. */
function verdicts(release: string, handlers: { probe?: AnyManifest; preStop?: AnyManifest }): string[] {
  const objects = withChange('Deployment', 'web', (deployment) => {
    const container = deployment.spec.template.spec.containers[0];
    if (handlers.probe !== undefined) {
      container.readinessProbe = { httpGet: handlers.probe };
    }
    if (handlers.preStop !== undefined) {
      container.lifecycle = { preStop: { httpGet: handlers.preStop } };
    }
  });
  const result = runChecks(objects, { ...TEST_ENV, kubernetesVersion: release });
  return [
    ...result.findings.filter((finding) => ['schema', 'probe-spec'].includes(finding.rule)),
    ...result.warnings.filter((warning) => warning.rule === 'probe-spec'),
  ].map((finding) => `${finding.rule}${finding.warning === true ? ' (warning)' : ''}: ${finding.message}`);
}

const dropped = (where: string, value: string) =>
  `probe-spec (warning): container "app" ${where}.httpGet.protocol "${value}" is dropped by the API server of Kubernetes 1.37 (H2CContainerProbe is alpha there, off by default): the kubelet speaks HTTP/1.1 to it`;

describe("probe-spec: an httpGet handler's protocol", () => {
  it('warns on 1.37, whose API server drops the field whatever its value (an HTTP2 probe over HTTPS too)', () => {
    expect(verdicts('1.37', { probe: { path: '/', port: 8080, protocol: 'HTTP2' } })).toEqual([
      dropped('readinessProbe', 'HTTP2'),
    ]);
    expect(
      verdicts('1.37', {
        probe: { path: '/', port: 8080, scheme: 'HTTPS', protocol: 'FTP' },
        preStop: { path: '/', port: 8080, protocol: 'HTTP1' },
      }),
    ).toEqual([dropped('readinessProbe', 'FTP'), dropped('lifecycle.preStop', 'HTTP1')]);
  });

  it("is schema's unknown field on 1.27, which has no such field", () => {
    expect(verdicts('1.27', { preStop: { path: '/', port: 8080, protocol: 'HTTP2' } })).toEqual([
      'schema: spec.template.spec.containers[0].lifecycle.preStop.httpGet.protocol is not a field of HTTPGetAction',
    ]);
  });

  it('takes an httpGet handler without protocol', () => {
    expect(verdicts('1.37', { probe: { path: '/', port: 8080 }, preStop: { path: '/', port: 8080 } })).toEqual([]);
  });
});
