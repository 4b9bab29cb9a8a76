import { App, JsonPatch } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { Pod } from '../../lib/constructs/pod';
import { exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { renderEnvironments } from '../../lib/synthesize';
import { AnyManifest, DEV, findObject, testChart } from '../helpers';
import { PodSecurityLevel } from '../../lib/constructs/namespace';

const containers = [{ name: 'app', image: 'nginx:1.27' }];

describe('exemptFromPolicy', () => {
  it('writes our rule annotations and the ones kube-score and Polaris honour, with the reason', () => {
    const chart = testChart();
    const pod = new Pod(chart, 'agent', { containers });
    exemptFromPolicy(pod.apiObject, {
      rules: ['host-access'],
      kubeScoreChecks: ['container-security-context-user-group-id', 'pod-networkpolicy'],
      polarisChecks: ['hostPathSet'],
      reason: 'the node agent reads /var/log',
    });
    expect(findObject(chart, 'Pod', 'agent').metadata.annotations).toEqual({
      'policy.k8s-course.io/exempt-host-access': 'the node agent reads /var/log',
      'kube-score/ignore': 'container-security-context-user-group-id,pod-networkpolicy',
      'polaris.fairwinds.com/hostPathSet-exempt': 'true',
      'policy.k8s-course.io/exemption-reason': 'the node agent reads /var/log',
    });
  });

  it('lets synthesis pass and lists the exemption with its reason', () => {
    const build = () => {
      const app = new App();
      const chart = new AppChart(app, 'agents', { env: DEV, namespace: 'agents' });
      const pod = new Pod(chart, 'agent', { containers });
      exemptFromPolicy(pod.apiObject, { rules: ['image-pull-policy'], reason: 'the image is preloaded on every node' });
      pod.apiObject.addJsonPatch(JsonPatch.replace('/spec/containers/0/imagePullPolicy', 'Never'));
      return app;
    };
    const [result] = renderEnvironments({ environments: [DEV], build });
    expect(result.exemptions.map((e) => `${e.rule} ${e.object.path}: ${e.reason}`)).toEqual([
      'image-pull-policy agents/agent/Resource: the image is preloaded on every node',
    ]);
  });

  it('writes an exempted privileged container that the API server accepts', () => {
    const build = () => {
      const app = new App();
      const chart = new AppChart(app, 'agents', {
        env: DEV,
        namespace: 'agents',
        podSecurity: PodSecurityLevel.PRIVILEGED,
      });
      const pod = new Pod(chart, 'agent', { containers: [{ ...containers[0], privileged: true }] });
      exemptFromPolicy(pod.apiObject, {
        rules: ['privileged', 'security-context'],
        reason: 'the agent loads kernel modules',
      });
      return app;
    };
    const [result] = renderEnvironments({ environments: [DEV], build });
    const pod = result.files.flatMap((file) => file.objects).find((object) => object.manifest.kind === 'Pod');
    expect((pod?.manifest.spec as AnyManifest).containers[0].securityContext).toMatchObject({
      privileged: true,
      allowPrivilegeEscalation: true,
    });
    expect(result.exemptions.map((e) => e.rule)).toEqual(['security-context', 'privileged']);
  });

  it('cannot exempt from privilege-escalation, which the API server enforces', () => {
    const build = () => {
      const app = new App();
      const chart = new AppChart(app, 'agents', { env: DEV, namespace: 'agents' });
      const pod = new Pod(chart, 'agent', { containers });
      exemptFromPolicy(pod.apiObject, { rules: ['privilege-escalation'], reason: 'wanted' });
      return app;
    };
    expect(() => renderEnvironments({ environments: [DEV], build })).toThrow(
      'exemption: Pod agents/agent (construct agents/agent/Resource)\n    "privilege-escalation" is not a policy rule that can be exempted',
    );
  });

  it('fails without a reason', () => {
    const chart = testChart();
    const pod = new Pod(chart, 'agent', { containers });
    expect(() => exemptFromPolicy(pod.apiObject, { rules: ['host-access'], reason: ' ' })).toThrow(
      'test/agent/Resource: a policy exemption needs a reason, got an empty one; say why the object cannot follow the rule',
    );
  });
});
