import { ApiObject, Testing } from 'cdk8s';
import { AppChart } from '../../lib/charts/app-chart';
import { Finding } from '../../lib/checks/finding';
import { runChecks } from '../../lib/checks/run-checks';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { SynthesisError, renderEnvironments } from '../../lib/synthesize';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest, DEV } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

const GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

/** The baseline plus one object of this apiVersion and kind, in namespace shop. */
function withObject(apiVersion: string, kind: string, fields: AnyManifest = {}): RenderedObject[] {
  const manifest = { apiVersion, kind, metadata: { name: 'extra', namespace: 'shop' }, ...fields };
  return [...baseline(), { path: 'shop/extra', manifest }];
}

/** The findings and warnings of one rule, as `message | fix` lines, for the objects checked on `release`. */
function report(
  objects: RenderedObject[],
  release: string,
  rule = 'api-version',
): { findings: string[]; warnings: string[] } {
  const result = runChecks(objects, { ...TEST_ENV, kubernetesVersion: release });
  const lines = (found: Finding[]): string[] =>
    found.filter((finding) => finding.rule === rule).map((finding) => `${finding.message} | ${finding.fix}`);
  return { findings: lines(result.findings), warnings: lines(result.warnings) };
}

describe('api-version', () => {
  it('refuses an apiVersion the environment`s release no longer serves, with the release that removed it and the replacement', () => {
    expect(report(withObject('policy/v1beta1', 'PodDisruptionBudget'), '1.27')).toEqual({
      findings: [
        'apiVersion policy/v1beta1 of PodDisruptionBudget is not served by Kubernetes 1.27 (kubernetesVersion of ' +
          'environment test): removed in 1.25, use policy/v1 PodDisruptionBudget' +
          ` | write apiVersion: policy/v1 and migrate the fields that changed (${GUIDE})`,
      ],
      warnings: [],
    });
  });

  it('names the new kind when the replacement is another kind', () => {
    const objects = withObject('v1', 'Endpoints');
    expect(report(objects, '1.33').warnings).toEqual([
      'apiVersion v1 of Endpoints is deprecated in Kubernetes 1.33 (kubernetesVersion of environment test): ' +
        'deprecated since 1.33, use discovery.k8s.io/v1 EndpointSlice' +
        ` | write apiVersion: discovery.k8s.io/v1 and kind: EndpointSlice and migrate the fields that changed (${GUIDE})`,
    ]);
  });

  it('says what replaces an API that no apiVersion replaces', () => {
    expect(report(withObject('policy/v1beta1', 'PodSecurityPolicy'), '1.37').findings).toEqual([
      'apiVersion policy/v1beta1 of PodSecurityPolicy is not served by Kubernetes 1.37 (kubernetesVersion of ' +
        'environment test): removed in 1.25, use Pod Security admission: the pod-security.kubernetes.io labels of ' +
        'each Namespace, which the Namespace construct sets' +
        ' | use Pod Security admission: the pod-security.kubernetes.io labels of each Namespace, which the Namespace ' +
        'construct sets, and leave the object out',
    ]);
  });

  it('points to an apiVersion the release serves when the replacement comes later', () => {
    expect(report(withObject('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema'), '1.27').findings).toEqual([
      'apiVersion flowcontrol.apiserver.k8s.io/v1beta1 of FlowSchema is not served by Kubernetes 1.27 ' +
        '(kubernetesVersion of environment test): removed in 1.26, use flowcontrol.apiserver.k8s.io/v1 FlowSchema' +
        ' | write apiVersion: flowcontrol.apiserver.k8s.io/v1beta3, which 1.27 serves (flowcontrol.apiserver.k8s.io/v1 ' +
        `from 1.29 on), and migrate the fields that changed (${GUIDE})`,
    ]);
  });

  it('refuses an apiVersion newer than the release, with the release that serves it and one to write instead', () => {
    expect(report(withObject('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'), '1.27').findings).toEqual([
      'apiVersion flowcontrol.apiserver.k8s.io/v1 of FlowSchema is not served by Kubernetes 1.27 (kubernetesVersion ' +
        'of environment test): it is served from 1.29 on' +
        ' | write apiVersion: flowcontrol.apiserver.k8s.io/v1beta3, which 1.27 serves, or raise kubernetesVersion of ' +
        'environment test to 1.29 or later (lib/config/environments.ts) once its cluster runs it',
    ]);
  });

  it('refuses a kind no apiVersion of the release serves, asking for a newer release', () => {
    expect(report(withObject('resource.k8s.io/v1', 'DeviceClass'), '1.27').findings).toEqual([
      'apiVersion resource.k8s.io/v1 of DeviceClass is not served by Kubernetes 1.27 (kubernetesVersion of ' +
        'environment test): it is served from 1.34 on' +
        ' | raise kubernetesVersion of environment test to 1.34 or later (lib/config/environments.ts) once its ' +
        'cluster runs it',
    ]);
  });

  it('passes the same object on a release that serves it', () => {
    expect(report(withObject('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'), '1.29')).toEqual({
      findings: [],
      warnings: [],
    });
    expect(report(withObject('resource.k8s.io/v1', 'DeviceClass'), '1.37')).toEqual({ findings: [], warnings: [] });
  });

  it('refuses on the newer release an apiVersion the older one served', () => {
    const objects = withObject('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema');
    expect(report(objects, '1.27')).toEqual({ findings: [], warnings: [] });
    expect(report(objects, '1.31').findings).toEqual([]);
    expect(report(objects, '1.32').findings).toEqual([
      'apiVersion flowcontrol.apiserver.k8s.io/v1beta3 of FlowSchema is not served by Kubernetes 1.32 ' +
        '(kubernetesVersion of environment test): removed in 1.32, use flowcontrol.apiserver.k8s.io/v1 FlowSchema' +
        ` | write apiVersion: flowcontrol.apiserver.k8s.io/v1 and migrate the fields that changed (${GUIDE})`,
    ]);
  });

  it('warns, without failing, of an apiVersion deprecated but still served', () => {
    const objects = withObject('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema');
    expect(report(objects, '1.29')).toEqual({
      findings: [],
      warnings: [
        'apiVersion flowcontrol.apiserver.k8s.io/v1beta3 of FlowSchema is deprecated in Kubernetes 1.29 ' +
          '(kubernetesVersion of environment test): deprecated since 1.29 and removed in 1.32, use ' +
          'flowcontrol.apiserver.k8s.io/v1 FlowSchema' +
          ` | write apiVersion: flowcontrol.apiserver.k8s.io/v1 and migrate the fields that changed (${GUIDE})`,
      ],
    });
    expect(report(withObject('v1', 'Endpoints'), '1.32')).toEqual({ findings: [], warnings: [] });
  });

  it('warns of a beta apiVersion the API server serves only when turned on', () => {
    expect(report(withObject('resource.k8s.io/v1beta2', 'DeviceClass'), '1.33').warnings).toEqual([
      'apiVersion resource.k8s.io/v1beta2 of DeviceClass is a beta API that Kubernetes 1.33 (kubernetesVersion of ' +
        'environment test) serves only when the API server turns it on (--runtime-config=resource.k8s.io/v1beta2=true); ' +
        'beta APIs introduced since 1.24 are off by default' +
        " | turn it on in the cluster's API server (--runtime-config=resource.k8s.io/v1beta2=true), or leave the object out",
    ]);
    expect(report(withObject('resource.k8s.io/v1beta2', 'DeviceClass'), '1.37').warnings).toEqual([
      'apiVersion resource.k8s.io/v1beta2 of DeviceClass is deprecated in Kubernetes 1.37 (kubernetesVersion of ' +
        'environment test): deprecated since 1.36 and removed in 1.39, use resource.k8s.io/v1 DeviceClass' +
        ` | write apiVersion: resource.k8s.io/v1 and migrate the fields that changed (${GUIDE})`,
      'apiVersion resource.k8s.io/v1beta2 of DeviceClass is a beta API that Kubernetes 1.37 (kubernetesVersion of ' +
        'environment test) serves only when the API server turns it on (--runtime-config=resource.k8s.io/v1beta2=true); ' +
        'beta APIs introduced since 1.24 are off by default' +
        ' | write apiVersion: resource.k8s.io/v1, which 1.37 serves by default',
    ]);
  });

  it('leaves an apiVersion first served after 1.27 to this check, not to the schema check of 1.27', () => {
    const flowSchema = {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'course' },
      spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedence: 5000 },
    };
    const objects = [...baseline(), { path: 'shop/flow', manifest: flowSchema }];
    const rules = (release: string): string[] =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.map((finding) => finding.rule)
        .filter((rule) => rule === 'schema' || rule === 'api-version');
    expect(rules('1.37')).toEqual([]);
    expect(rules('1.27')).toEqual(['api-version']);
  });

  it('refuses an alpha apiVersion of a built-in group, which the API servers serve only when turned on', () => {
    const alpha = (kind: string) => withObject('admissionregistration.k8s.io/v1alpha1', kind, { spec: {} });
    expect(report(alpha('ValidatingAdmissionPolicy'), '1.27').findings).toEqual([
      'apiVersion admissionregistration.k8s.io/v1alpha1 of ValidatingAdmissionPolicy is an alpha API, which ' +
        'Kubernetes 1.27 (kubernetesVersion of environment test) serves only when its API server turns on its ' +
        'feature gate and --runtime-config=admissionregistration.k8s.io/v1alpha1=true (alpha APIs are off by default)' +
        ' | leave the object out (an alpha API may change in any release), or raise kubernetesVersion of environment ' +
        'test to 1.30 or later (lib/config/environments.ts), which serves admissionregistration.k8s.io/v1, once its ' +
        'cluster runs it',
    ]);
    expect(report(alpha('MutatingAdmissionPolicy'), '1.37').findings).toEqual([
      'apiVersion admissionregistration.k8s.io/v1alpha1 of MutatingAdmissionPolicy is an alpha API, which ' +
        'Kubernetes 1.37 (kubernetesVersion of environment test) serves only when its API server turns on its ' +
        'feature gate and --runtime-config=admissionregistration.k8s.io/v1alpha1=true (alpha APIs are off by default)' +
        ' | write apiVersion: admissionregistration.k8s.io/v1, which 1.37 serves',
    ]);
    // 1.37 has no ValidatingAdmissionPolicy in v1alpha1: the schema check's finding, with the versions that serve it.
    expect(report(alpha('ValidatingAdmissionPolicy'), '1.37')).toEqual({ findings: [], warnings: [] });
    expect(report(alpha('ValidatingAdmissionPolicy'), '1.37', 'schema').findings).toEqual([
      'apiVersion admissionregistration.k8s.io/v1alpha1 serves no ValidatingAdmissionPolicy in Kubernetes 1.37 | write apiVersion: admissionregistration.k8s.io/v1',
    ]);
    const route = withObject('gateway.networking.k8s.io/v1alpha2', 'TLSRoute', { spec: {} });
    expect(report(route, '1.37')).toEqual({ findings: [], warnings: [] });
  });

  it('leaves alone what the table does not list: stable APIs and custom resources', () => {
    expect(report(baseline(), '1.27')).toEqual({ findings: [], warnings: [] });
    expect(report(baseline(), '1.37')).toEqual({ findings: [], warnings: [] });
  });
});

describe('pod-security-version', () => {
  function namespace(labels: Record<string, string>): RenderedObject[] {
    const objects = baseline();
    objects[0] = { path: 'shop/ns', manifest: { ...objects[0].manifest, metadata: { name: 'shop', labels } } };
    return objects;
  }
  const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted' };
  const FIX = (mode: string, release: string): string =>
    `set the label pod-security.kubernetes.io/${mode}-version to "v${release}" (the Namespace construct sets it from the environment)`;

  it('passes an enforce-version that is the environment`s release', () => {
    const objects = namespace({ ...RESTRICTED, 'pod-security.kubernetes.io/enforce-version': 'v1.37' });
    expect(report(objects, '1.37', 'pod-security-version')).toEqual({ findings: [], warnings: [] });
  });

  it('refuses an enforce-version of another release', () => {
    const objects = namespace({ ...RESTRICTED, 'pod-security.kubernetes.io/enforce-version': 'v1.27' });
    expect(report(objects, '1.37', 'pod-security-version').findings).toEqual([
      'pod-security.kubernetes.io/enforce-version is "v1.27", but the environment\'s cluster runs Kubernetes 1.37 ' +
        `(kubernetesVersion of environment test) | ${FIX('enforce', '1.37')}`,
    ]);
  });

  it('refuses an enforce-version of latest', () => {
    const objects = namespace({ ...RESTRICTED, 'pod-security.kubernetes.io/enforce-version': 'latest' });
    expect(report(objects, '1.27', 'pod-security-version').findings).toEqual([
      'pod-security.kubernetes.io/enforce-version is "latest", the profile of whatever release the cluster runs, not ' +
        `that of Kubernetes 1.27 (kubernetesVersion of environment test) | ${FIX('enforce', '1.27')}`,
    ]);
  });

  it('refuses an enforced profile without its version', () => {
    expect(report(namespace(RESTRICTED), '1.27', 'pod-security-version').findings).toEqual([
      'pod-security.kubernetes.io/enforce-version is not set, so the API server enforces the "restricted" profile of ' +
        'whatever release it runs ("latest"), not that of Kubernetes 1.27 (kubernetesVersion of environment test)' +
        ` | ${FIX('enforce', '1.27')}`,
    ]);
  });

  it('refuses a warn-version or audit-version that is set to another release, and leaves them alone when unset', () => {
    const objects = namespace({
      ...RESTRICTED,
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
    expect(report(objects, '1.27', 'pod-security-version').findings).toEqual([
      'pod-security.kubernetes.io/warn-version is "latest", the profile of whatever release the cluster runs, not ' +
        `that of Kubernetes 1.27 (kubernetesVersion of environment test) | ${FIX('warn', '1.27')}`,
    ]);
  });

  it('leaves alone a Namespace without Pod Security labels', () => {
    expect(report(namespace({}), '1.37', 'pod-security-version')).toEqual({ findings: [], warnings: [] });
  });

  it('is set aside by an exemption with a reason, since the API server takes any version (a policy, not a refusal)', () => {
    const objects = namespace(RESTRICTED);
    const manifest = objects[0].manifest;
    objects[0] = {
      ...objects[0],
      manifest: {
        ...manifest,
        metadata: {
          ...manifest.metadata,
          annotations: { 'policy.k8s-course.io/exempt-pod-security-version': 'vendor manifest, follows the cluster' },
        },
      },
    };
    const result = runChecks(objects, { ...TEST_ENV, kubernetesVersion: '1.27' });
    expect(result.findings.filter((finding) => finding.rule === 'pod-security-version')).toEqual([]);
    expect(result.exemptions.map(({ rule, reason }) => `${rule}: ${reason}`)).toEqual([
      'pod-security-version: vendor manifest, follows the cluster',
    ]);
  });
});

describe('a synthesis with warnings', () => {
  const PROD = parseEnvironment('prod', ENVIRONMENTS.prod);

  /** An app with one AppChart for `env` and a raw v1 Endpoints in it. */
  function appWithEndpoints(env: typeof DEV): ReturnType<typeof Testing.app> {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop', { env, namespace: 'shop' });
    new ApiObject(chart, 'legacy', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'legacy' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 9000 }] }],
    });
    return app;
  }

  it('passes, and returns the warnings for the synthesis to print', () => {
    const [result] = renderEnvironments({ environments: [PROD], build: appWithEndpoints });
    expect(result.warnings.map((warning) => `${warning.rule} ${warning.object.path}`)).toEqual([
      'api-version shop/legacy',
    ]);
  });

  it('lists the warnings beside the findings of an environment that fails', () => {
    const build = (env: typeof DEV): ReturnType<typeof Testing.app> => {
      const app = appWithEndpoints(env);
      const chart = app.node.findChild('shop') as AppChart;
      chart.ns.apiObject.metadata.addLabel('pod-security.kubernetes.io/enforce-version', 'latest');
      return app;
    };
    let message = '';
    try {
      renderEnvironments({ environments: [PROD], build });
    } catch (error) {
      expect(error).toBeInstanceOf(SynthesisError);
      message = (error as Error).message;
    }
    expect(message).toContain(
      'environment prod: 1 finding\n  pod-security-version: Namespace shop (construct shop/Namespace/Resource)',
    );
    expect(message).toContain(
      'environment prod: 1 warning\n  api-version: Endpoints shop/legacy (construct shop/legacy)\n' +
        '    apiVersion v1 of Endpoints is deprecated in Kubernetes 1.37 (kubernetesVersion of environment prod)',
    );
  });

  it('passes the same app on dev, whose 1.27 does not deprecate Endpoints', () => {
    const [result] = renderEnvironments({ environments: [DEV], build: appWithEndpoints });
    expect(result.warnings).toEqual([]);
  });
});
