import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

/** The pod-spec findings of the baseline plus one Pod or Deployment of these annotations and pod spec. */
function podSpecFindings(
  kind: 'Pod' | 'Deployment',
  annotations: AnyManifest,
  spec: AnyManifest,
  release = '1.37',
): string[] {
  const labels = { app: 'confined' };
  const manifest: AnyManifest =
    kind === 'Pod'
      ? { apiVersion: 'v1', kind, metadata: { name: 'confined', namespace: 'shop', labels, annotations }, spec }
      : {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name: 'confined', namespace: 'shop' },
          spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec } },
        };
  const objects: RenderedObject[] = [...baseline(), { path: `extra/${kind}`, manifest }];
  return runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
    .findings.filter((finding) => finding.rule === 'pod-spec')
    .map((finding) => `${finding.message} | ${finding.fix}`);
}

const app = (securityContext: AnyManifest) => ({ containers: [{ name: 'app', image: 'nginx:1.27', securityContext }] });

describe('pod-spec: seccomp and AppArmor annotations beside the fields', () => {
  it('refuses a seccomp annotation of another type than the field, as both API servers do', () => {
    // 1.27 and 1.37, of a Pod: 'spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and
    // field must match'.
    const annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' };
    const spec = { securityContext: { seccompProfile: { type: 'Unconfined' } }, ...app({}) };
    for (const release of ['1.27', '1.37']) {
      expect(podSpecFindings('Pod', annotations, spec, release)).toEqual([
        'annotation seccomp.security.alpha.kubernetes.io/pod: "runtime/default" gives another seccomp profile than securityContext.seccompProfile ({"type":"Unconfined"}), which the API server refuses: where both are set they must match | remove the annotation (the field securityContext.seccompProfile is the one to keep), or make them match',
      ]);
    }
  });

  it("refuses a container's AppArmor annotation of another type than its field from 1.30, in a Deployment too", () => {
    // 1.37: 'containers[0].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must
    // match', of a Pod and of a Deployment.
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' };
    const spec = app({ appArmorProfile: { type: 'Unconfined' } });
    expect(podSpecFindings('Deployment', annotations, spec)).toEqual([
      expect.stringContaining(
        'annotation container.apparmor.security.beta.kubernetes.io/app: "runtime/default" gives another AppArmor profile than securityContext.appArmorProfile of container "app"',
      ),
    ]);
    expect(podSpecFindings('Deployment', annotations, spec, '1.29')).toEqual([]);
  });

  it('passes annotations that match the fields, and annotations without fields', () => {
    const annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'localhost/profiles/app.json',
      'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default',
    };
    const spec = {
      securityContext: {
        seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' },
        appArmorProfile: { type: 'RuntimeDefault' },
      },
      ...app({}),
    };
    expect(podSpecFindings('Pod', annotations, spec)).toEqual([]);
    expect(podSpecFindings('Pod', annotations, app({}))).toEqual([]);
    // 1.37 takes a container's AppArmor annotation beside another profile of the pod's (dry run).
    const podLevel = { securityContext: { appArmorProfile: { type: 'Unconfined' } }, ...app({}) };
    expect(
      podSpecFindings('Pod', { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }, podLevel),
    ).toEqual([]);
  });
});
