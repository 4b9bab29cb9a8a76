import { App, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart } from '../../lib/charts/app-chart';
import { Environment } from '../../lib/config/environment';
import { Deployment } from '../../lib/constructs/deployment';
import { Ingress } from '../../lib/constructs/ingress';
import { PersistentVolumeClaim } from '../../lib/constructs/persistent-volume-claim';
import { ConfigMapRef, SecretRef, ServiceAccountRef } from '../../lib/constructs/references';
import { Service } from '../../lib/constructs/service';
import { StorageClass } from '../../lib/constructs/storage-class';
import { SynthesisError, renderEnvironments } from '../../lib/synthesize';
import { DEV, findObject, objectsOfKind, testChart } from '../helpers';

/** The synthesis report of one AppChart `shop` built by `add` for an environment with `external`, or '' when it passes. */
function report(external: Partial<Environment['external']>, add: (chart: AppChart) => void): string {
  const env: Environment = { ...DEV, external: { ...DEV.external, ...external } };
  const build = (): App => {
    const app = Testing.app();
    add(new AppChart(app, 'shop', { env, namespace: 'shop' }));
    return app;
  };
  try {
    renderEnvironments({ environments: [env], build });
    return '';
  } catch (error) {
    if (error instanceof SynthesisError) {
      return error.message;
    }
    throw error;
  }
}

describe('references by interface', () => {
  it('a claim names a StorageClass the cluster has, by StorageClass.fromName', () => {
    const chart = testChart();
    new PersistentVolumeClaim(chart, 'data', {
      storage: Size.gibibytes(1),
      storageClass: StorageClass.fromName(chart, 'standard', 'standard'),
    });
    expect(findObject(chart, 'PersistentVolumeClaim', 'data').spec.storageClassName).toBe('standard');
  });

  it('the checks accept that StorageClass when the environment declares it external, and refuse it otherwise', () => {
    const add = (chart: AppChart) =>
      new PersistentVolumeClaim(chart, 'data', {
        storage: Size.gibibytes(1),
        storageClass: StorageClass.fromName(chart, 'standard', 'standard'),
      });
    expect(report({ storageClasses: ['standard'] }, add)).toBe('');
    expect(report({}, add)).toContain('storage-class: PersistentVolumeClaim shop/data');
  });

  it('an Ingress routes to a Service made outside the project, by Service.fromName, and opens no policy for it', () => {
    const chart = testChart();
    const service = Service.fromName(chart, 'legacy', 'legacy', { ports: [{ port: 8080 }] });
    new Ingress(chart, 'routes', { rules: [{ paths: [{ path: '/', service }] }] });
    expect(findObject(chart, 'Ingress', 'routes').spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'legacy', port: { number: 8080 } },
    });
    expect(objectsOfKind(chart, 'NetworkPolicy')).toEqual([]);
  });

  it('the checks accept that Service when the environment declares it external, and refuse it otherwise', () => {
    const add = (chart: AppChart) =>
      new Ingress(chart, 'routes', {
        rules: [
          { paths: [{ path: '/', service: Service.fromName(chart, 'legacy', 'legacy', { ports: [{ port: 8080 }] }) }] },
        ],
      });
    expect(report({ services: ['shop/legacy'] }, add)).toBe('');
    expect(report({}, add)).toContain('ingress-backend: Ingress shop/routes');
  });

  it('pods use a ServiceAccount, ConfigMap and Secret made outside the project, by name', () => {
    const chart = testChart();
    new Deployment(chart, 'web', {
      serviceAccount: ServiceAccountRef.fromName(chart, 'sa', 'web-identity'),
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          envFromConfigMaps: [ConfigMapRef.fromName(chart, 'settings', 'shared-settings')],
          envFromSecrets: [SecretRef.fromName(chart, 'tls', 'web-tls')],
        },
      ],
    });
    const pod = findObject(chart, 'Deployment', 'web').spec.template.spec;
    expect(pod.serviceAccountName).toBe('web-identity');
    expect(pod.containers[0].envFrom).toEqual([
      { configMapRef: { name: 'shared-settings' } },
      { secretRef: { name: 'web-tls' } },
    ]);
  });

  it('the checks accept a Secret the environment declares external, and refuse it otherwise', () => {
    const add = (chart: AppChart) =>
      new Deployment(chart, 'web', {
        replicas: 1,
        containers: [
          { name: 'app', image: 'nginx:1.27', envFromSecrets: [SecretRef.fromName(chart, 'tls', 'web-tls')] },
        ],
      });
    expect(report({ secrets: ['shop/web-tls'] }, add)).toBe('');
    expect(report({}, add)).toContain('pod-reference: Deployment shop/web');
  });

  it('the checks refuse an image pull Secret that exists nowhere, and accept one declared external', () => {
    const add = (chart: AppChart) =>
      new Deployment(chart, 'web', {
        replicas: 1,
        containers: [{ name: 'app', image: 'registry.acme.dev/web:1.0' }],
        imagePullSecrets: [SecretRef.fromName(chart, 'registry', 'acme-registry')],
      });
    expect(report({ secrets: ['shop/acme-registry'] }, add)).toBe('');
    const refused = report({}, add);
    expect(refused).toContain('pod-reference: Deployment shop/web');
    expect(refused).toContain('imagePullSecrets "acme-registry" needs Secret shop/acme-registry, which does not exist');
    expect(refused).toContain(
      'fix: create the Secret (of type kubernetes.io/dockerconfigjson) in this namespace, or declare one made outside ' +
        "the project in the environment's external.secrets as shop/acme-registry",
    );
  });
});

describe('a reference by name', () => {
  it.each<[string, (scope: Construct) => unknown]>([
    ['ServiceAccountRef', (scope) => ServiceAccountRef.fromName(scope, 'ref', 'Web_SA')],
    ['ConfigMapRef', (scope) => ConfigMapRef.fromName(scope, 'ref', 'Web_SA')],
    ['SecretRef', (scope) => SecretRef.fromName(scope, 'ref', 'Web_SA')],
  ])(
    'fails at %s.fromName for a name that is not a DNS-1123 subdomain, with the value and a name that is',
    (call, refer) => {
      expect(() => refer(testChart())).toThrow(
        new RegExp(
          `^test/ref: ${call}\\.fromName name must be a DNS-1123 subdomain \\(at most 253 lower-case letters, digits, ` +
            `'-' or '\\.', starting and ending with a letter or digit\\), got "Web_SA"; rename it, e\\.g\\. "web-sa"$`,
        ),
      );
    },
  );
});
