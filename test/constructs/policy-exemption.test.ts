import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppChart } from '../../lib/charts/app-chart';
import { Pod } from '../../lib/constructs/pod';
import { exemptFromPolicy } from '../../lib/constructs/policy-exemption';
import { RULES } from '../../lib/checks/run-checks';
import { renderEnvironments } from '../../lib/synthesize';
import { AnyManifest, DEV, findObject, testChart } from '../helpers';
import { PodSecurityLevel } from '../../lib/constructs/namespace';

const containers = [{ name: 'app', image: 'nginx:1.27' }];

/** A raw Pod, without the exemptions the Pod construct settles by itself (test/constructs/workload.test.ts). */
function unexemptedPod(chart: Chart): ApiObject {
  return new ApiObject(chart, 'agent', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'agent' },
    spec: { containers },
  });
}

describe('exemptFromPolicy', () => {
  it('writes our rule annotations and the ones kube-score and Polaris honour, with the reason', () => {
    const chart = testChart();
    const pod = unexemptedPod(chart);
    exemptFromPolicy(pod, {
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

  it('adds to the tool exemptions an object already carries, keeping every reason once', () => {
    const chart = testChart();
    const pod = unexemptedPod(chart);
    exemptFromPolicy(pod, {
      rules: [],
      kubeScoreChecks: ['pod-networkpolicy'],
      polarisChecks: ['hostPathSet'],
      reason: 'the node agent reads /var/log',
    });
    exemptFromPolicy(pod, {
      rules: [],
      kubeScoreChecks: ['pod-networkpolicy', 'pod-probes'],
      polarisChecks: ['livenessProbeMissing'],
      reason: 'the agent has no endpoint to probe',
    });
    exemptFromPolicy(pod, { rules: [], polarisChecks: ['hostPortSet'], reason: 'the node agent reads /var/log' });
    const annotations = findObject(chart, 'Pod', 'agent').metadata.annotations;
    expect(annotations['kube-score/ignore']).toBe('pod-networkpolicy,pod-probes');
    expect(annotations['polaris.fairwinds.com/hostPathSet-exempt']).toBe('true');
    expect(annotations['polaris.fairwinds.com/livenessProbeMissing-exempt']).toBe('true');
    expect(annotations['polaris.fairwinds.com/hostPortSet-exempt']).toBe('true');
    expect(annotations['policy.k8s-course.io/exemption-reason']).toBe(
      'the node agent reads /var/log; the agent has no endpoint to probe',
    );
  });

  it('takes a construct and exempts the object it writes, so a chart needs no escape hatch', () => {
    const chart = testChart();
    const pod = new Pod(chart, 'agent', { containers });
    exemptFromPolicy(pod, { rules: [], kubeScoreChecks: ['pod-probes'], reason: 'the agent has no endpoint to probe' });
    expect(findObject(chart, 'Pod', 'agent').metadata.annotations['kube-score/ignore']).toBe('pod-probes');
  });

  it('takes a cdk8s-plus object, whose own object is not public, e.g. a binding of the built-in admin role', () => {
    const chart = testChart();
    const binding = new kplus.RoleBinding(chart, 'tenant-admins', {
      metadata: { name: 'tenant-admins' },
      role: kplus.ClusterRole.fromClusterRoleName(chart, 'admin', 'admin'),
    });
    exemptFromPolicy(binding, { rules: ['rbac-exec-attach'], reason: "the tenant's admins debug their own pods" });
    expect(findObject(chart, 'RoleBinding', 'tenant-admins').metadata.annotations).toMatchObject({
      'policy.k8s-course.io/exempt-rbac-exec-attach': "the tenant's admins debug their own pods",
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
    const chart = testChart();
    const pod = new Pod(chart, 'agent', { containers });
    expect(() => exemptFromPolicy(pod, { rules: ['privilege-escalation'], reason: 'wanted' })).toThrow(
      'test/agent/Resource: exemptFromPolicy.rules[0] "privilege-escalation" is not a rule an object can be exempted from; ' +
        'the rules that can be: pod-security-enforced, ',
    );
  });

  it('fails on a rule id of a typo, and suggests the rule it is nearest', () => {
    const chart = testChart();
    const pod = unexemptedPod(chart);
    expect(() => exemptFromPolicy(pod, { rules: ['host-access', 'host-acess'], reason: 'reads /var/log' })).toThrow(
      'test/agent: exemptFromPolicy.rules[1] "host-acess" is not a rule an object can be exempted from; did you mean ' +
        '"host-access"? (the rules that can be: pod-security-enforced, ',
    );
    expect(findObject(chart, 'Pod', 'agent').metadata.annotations).toBeUndefined();
  });

  it('lists every rule an object can be exempted from, as the gate knows them', () => {
    const chart = testChart();
    const pod = unexemptedPod(chart);
    const exemptible = RULES.filter((rule) => rule.exemptible === true).map((rule) => rule.id);
    expect(exemptible).toEqual(expect.arrayContaining(['host-access', 'pod-security-enforced', 'rbac-exec-attach']));
    expect(() => exemptFromPolicy(pod, { rules: ['nothing-like-it'], reason: 'why' })).toThrow(
      `; the rules that can be: ${exemptible.join(', ')}`,
    );
  });

  it('refuses by the gate an exemption of an unknown rule written by escape hatch, with the nearest rule', () => {
    const build = () => {
      const app = new App();
      const chart = new AppChart(app, 'agents', { env: DEV, namespace: 'agents' });
      const pod = new Pod(chart, 'agent', { containers });
      pod.apiObject.metadata.addAnnotation('policy.k8s-course.io/exempt-host-acess', 'reads /var/log');
      return app;
    };
    expect(() => renderEnvironments({ environments: [DEV], build })).toThrow(
      'exemption: Pod agents/agent (construct agents/agent/Resource)\n' +
        '    "host-acess" is not a policy rule that can be exempted\n' +
        '    fix: did you mean "host-access"? (the rules that can be: pod-security-enforced, ',
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
