import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppChart } from '../../lib/charts/app-chart';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { Deployment } from '../../lib/constructs/deployment';
import { Service } from '../../lib/constructs/service';
import {
  FailurePolicy,
  SideEffects,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
  WebhookOperation,
} from '../../lib/constructs/validating-webhook-configuration';
import { find, renderedTestChart, testChart } from '../helpers';
import { TEST_CA_CERTIFICATE } from '../certificates';

const CA = TEST_CA_CERTIFICATE;

function webhookService(chart: Chart): Service {
  const controller = new Deployment(chart, 'controller', {
    replicas: 1,
    containers: [
      { name: 'manager', image: 'registry.example.com/op:1.0.0', ports: [{ number: 9443, name: 'webhook' }] },
    ],
  });
  return new Service(chart, 'webhook', { selector: controller, ports: [{ port: 443, targetPort: 'webhook' }] });
}

function webhook(chart: Chart, overrides: Partial<ValidatingWebhook> = {}): ValidatingWebhook {
  return {
    name: 'vwidget.example.com',
    service: webhookService(chart),
    caCertificate: CA,
    rules: [
      {
        resources: [kplus.ApiResource.custom({ apiGroup: 'example.com', resourceType: 'widgets' })],
        operations: [WebhookOperation.CREATE],
      },
    ],
    ...overrides,
  };
}

describe('ValidatingWebhookConfiguration', () => {
  it('calls the Service of the project over its port, trusting the CA given, failing closed, without side effects', () => {
    const manifests = renderedTestChart((chart) => {
      new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { path: '/validate' })] });
    });
    const configuration = find(manifests, 'ValidatingWebhookConfiguration', 'widgets');
    expect(configuration.metadata.namespace).toBeUndefined();
    expect(configuration.webhooks).toEqual([
      {
        name: 'vwidget.example.com',
        admissionReviewVersions: ['v1'],
        clientConfig: {
          service: { name: 'webhook', namespace: 'ns', port: 443, path: '/validate' },
          caBundle: Buffer.from(CA).toString('base64'),
        },
        rules: [{ apiGroups: ['example.com'], apiVersions: ['*'], resources: ['widgets'], operations: ['CREATE'] }],
        failurePolicy: 'Fail',
        sideEffects: 'None',
      },
    ]);
  });

  it('writes the failure policy, side effects, namespace selector, match conditions and timeout given', () => {
    const env = parseEnvironment('prod', ENVIRONMENTS.prod);
    const app = new App();
    const chart = new AppChart(app, 'op', { env, namespace: 'op' });
    const configuration = new ValidatingWebhookConfiguration(chart, 'widgets', {
      webhooks: [
        webhook(chart, {
          failurePolicy: FailurePolicy.IGNORE,
          sideEffects: SideEffects.NONE_ON_DRY_RUN,
          namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] },
          matchConditions: [{ name: 'not-system', expression: "!request.userInfo.username.startsWith('system:')" }],
          timeout: Duration.seconds(5),
          port: 8443,
        }),
      ],
    });
    expect(configuration.apiObject.toJson().webhooks[0]).toMatchObject({
      clientConfig: { service: { name: 'webhook', namespace: 'op', port: 8443 } },
      failurePolicy: 'Ignore',
      sideEffects: 'NoneOnDryRun',
      namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] },
      matchConditions: [{ name: 'not-system', expression: "!request.userInfo.username.startsWith('system:')" }],
      timeoutSeconds: 5,
    });
  });

  it.each(['widgets', 'widgets.example', 'Widgets.example.com'])(
    'fails for a webhook name of fewer than three segments: %s',
    (name) => {
      const chart = testChart();
      expect(
        () => new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { name })] }),
      ).toThrow(
        `test/widgets: webhooks[0].name must be a DNS-1123 subdomain of at least three segments, in the owner's domain, got "${name}"; write e.g. "vwidgets.example.com"`,
      );
    },
  );

  it('fails for a timeout outside 1-30 seconds', () => {
    const chart = testChart();
    expect(
      () =>
        new ValidatingWebhookConfiguration(chart, 'widgets', {
          webhooks: [webhook(chart, { timeout: Duration.seconds(45) })],
        }),
    ).toThrow('test/widgets: webhooks[0].timeout must be 1 to 30 seconds, got 45 seconds; the API server refuses it');
  });

  it('fails for a path of a segment that is no DNS-1123 subdomain, or empty, which the API server refuses', () => {
    for (const path of ['/Validate', '/validate_widget', '/v1//widgets']) {
      const chart = testChart();
      expect(
        () => new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { path })] }),
      ).toThrow(
        `webhooks[0].path must be "/" or segments of lower-case letters, digits, "-" and "." (DNS-1123 subdomains) between single "/"s, got "${path}"; the API server refuses it; write e.g. "/validate-widgets"`,
      );
    }
    const chart = testChart();
    expect(
      () =>
        new ValidatingWebhookConfiguration(chart, 'widgets', {
          webhooks: [webhook(chart, { path: '/v1.2/widgets/' })],
        }),
    ).not.toThrow();
  });

  it('fails for matchConditions before 1.28, whose API server drops them', () => {
    const chart = testChart();
    expect(
      () =>
        new ValidatingWebhookConfiguration(chart, 'widgets', {
          webhooks: [webhook(chart, { matchConditions: [{ name: 'all', expression: 'true' }] })],
        }),
    ).toThrow(
      "test/widgets: webhooks[0].matchConditions need Kubernetes 1.28 or later, and the environment's kubernetesVersion is 1.27, whose API server drops them; filter with rules and namespaceSelector, or give them only from 1.28",
    );
  });

  it('fails for an operation in the wrong case', () => {
    const chart = testChart();
    const rules = [{ resources: [kplus.ApiResource.PODS], operations: ['create' as WebhookOperation] }];
    expect(
      () => new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { rules })] }),
    ).toThrow(
      /^test\/widgets: webhooks\[0\]\.rules\[0\]\.operations\[0\] must be one of "CREATE", "UPDATE", "DELETE", "CONNECT", "\*", got "create"/,
    );
  });

  it('fails for a CA certificate that is not PEM, such as one already base64-encoded', () => {
    const chart = testChart();
    const caCertificate = Buffer.from(CA).toString('base64');
    expect(
      () => new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { caCertificate })] }),
    ).toThrow(
      `test/widgets: webhooks[0].caCertificate must be PEM certificates ("-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----"), got "${caCertificate.slice(0, 40)}"... (${caCertificate.length} characters); give the CA's certificate as PEM text (its ca.crt), not base64-encoded`,
    );
  });

  it('fails for a PEM block that is no X.509 certificate, which the API server would trust nothing by', () => {
    const chart = testChart();
    const caCertificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(
      () => new ValidatingWebhookConfiguration(chart, 'widgets', { webhooks: [webhook(chart, { caCertificate })] }),
    ).toThrow(
      "test/widgets: webhooks[0].caCertificate holds a PEM block that is no X.509 certificate: the API server would trust no certificate by it; give the CA's certificate as PEM text (its ca.crt)",
    );
  });
});
