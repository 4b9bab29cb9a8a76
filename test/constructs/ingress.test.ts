import * as kplus from 'cdk8s-plus-27';
import { Deployment } from '../../lib/constructs/deployment';
import { Ingress, PathType } from '../../lib/constructs/ingress';
import { Service, ServiceType } from '../../lib/constructs/service';
import { findObject, testChart } from '../helpers';

function withServices() {
  const chart = testChart();
  const containers = [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }];
  const web = new Service(chart, 'web', {
    selector: new Deployment(chart, 'web-app', { containers }),
    ports: [{ port: 80, targetPort: 'http' }],
  });
  const api = new Service(chart, 'api', {
    selector: new Deployment(chart, 'api-app', { containers }),
    ports: [{ port: 8080 }],
  });
  return { chart, web, api };
}

describe('Ingress', () => {
  it('routes a host and its paths to Services and their ports', () => {
    const { chart, web, api } = withServices();
    new Ingress(chart, 'routes', {
      rules: [
        {
          host: 'web.example.com',
          paths: [
            { path: '/', service: web },
            { path: '/api', service: api, pathType: PathType.EXACT },
          ],
        },
      ],
    });
    const spec = findObject(chart, 'Ingress', 'routes').spec;
    expect(spec.rules).toEqual([
      {
        host: 'web.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 8080 } } } },
          ],
        },
      },
    ]);
  });

  it("lets its controller reach only the ports it routes to, not a Service's other ports", () => {
    const chart = testChart();
    const app = new Deployment(chart, 'app', {
      containers: [
        {
          name: 'app',
          image: 'app:1.0.0',
          ports: [
            { number: 8080, name: 'http' },
            { number: 9090, name: 'metrics' },
          ],
        },
      ],
    });
    const service = new Service(chart, 'app-svc', {
      selector: app,
      ports: [
        { port: 80, targetPort: 'http', name: 'http' },
        { port: 9090, targetPort: 'metrics', name: 'metrics' },
      ],
    });
    new Ingress(chart, 'routes', { rules: [{ host: 'app.example.com', paths: [{ path: '/', service, port: 80 }] }] });
    expect(findObject(chart, 'NetworkPolicy', 'routes-to-app-svc').spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
  });

  it('names a TLS secret and an ingress class', () => {
    const { chart, web } = withServices();
    new Ingress(chart, 'routes', {
      className: 'nginx',
      rules: [{ host: 'web.example.com', paths: [{ path: '/', service: web }] }],
      tls: [{ hosts: ['web.example.com'], secret: kplus.Secret.fromSecretName(chart, 'tls', 'web-tls') }],
    });
    const spec = findObject(chart, 'Ingress', 'routes').spec;
    expect(spec.ingressClassName).toBe('nginx');
    expect(spec.tls).toEqual([{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
  });

  it('fails for a Prefix path with "//"', () => {
    const { chart, web } = withServices();
    expect(() => new Ingress(chart, 'routes', { rules: [{ paths: [{ path: '/api//v1', service: web }] }] })).toThrow(
      'test/routes: rules.paths.path must not contain "//" with pathType Prefix, got "/api//v1"; write the path without it',
    );
  });

  it('passes "//" in an ImplementationSpecific path', () => {
    const { chart, web } = withServices();
    new Ingress(chart, 'routes', {
      rules: [{ paths: [{ path: '/api//v1', pathType: PathType.IMPLEMENTATION_SPECIFIC, service: web }] }],
    });
    expect(findObject(chart, 'Ingress', 'routes').spec.rules[0].http.paths[0].path).toBe('/api//v1');
  });

  it('fails for a path that does not start with a slash', () => {
    const { chart, web } = withServices();
    expect(() => new Ingress(chart, 'routes', { rules: [{ paths: [{ path: 'api', service: web }] }] })).toThrow(
      'test/routes: rules.paths.path must start with \'/\', got "api"; write "/api"',
    );
  });

  it('fails for a port the Service does not have', () => {
    const { chart, web } = withServices();
    expect(() => new Ingress(chart, 'routes', { rules: [{ paths: [{ path: '/', service: web, port: 81 }] }] })).toThrow(
      'test/routes: path "/" routes to port 81 of Service "web" (construct test/web), which has ports 80; set `port` to one of them',
    );
  });

  it('fails for an ExternalName backend', () => {
    const { chart } = withServices();
    const docs = new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
    expect(() => new Ingress(chart, 'routes', { rules: [{ paths: [{ path: '/', service: docs }] }] })).toThrow(
      'test/routes: path "/" routes to ExternalName Service "docs" (construct test/docs), which has no endpoints for the Ingress controller to send requests to; route to a Service of pods',
    );
  });

  it('sends what no rule matches to its defaultBackend, and lets the controller reach it', () => {
    const { chart, web, api } = withServices();
    new Ingress(chart, 'routes', {
      rules: [{ host: 'api.example.com', paths: [{ path: '/', service: api }] }],
      defaultBackend: { service: web },
    });
    expect(findObject(chart, 'Ingress', 'routes').spec.defaultBackend).toEqual({
      service: { name: 'web', port: { number: 80 } },
    });
    expect(findObject(chart, 'NetworkPolicy', 'routes-to-web').spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
  });

  it('takes a defaultBackend alone, without rules', () => {
    const { chart, web } = withServices();
    new Ingress(chart, 'catch-all', { defaultBackend: { service: web, port: 80 } });
    const spec = findObject(chart, 'Ingress', 'catch-all').spec;
    expect(spec).not.toHaveProperty('rules');
    expect(spec.defaultBackend).toEqual({ service: { name: 'web', port: { number: 80 } } });
  });

  it('fails for a defaultBackend port the Service does not have, or an ExternalName one', () => {
    const { chart, web } = withServices();
    expect(() => new Ingress(chart, 'routes', { defaultBackend: { service: web, port: 81 } })).toThrow(
      'test/routes: defaultBackend routes to port 81 of Service "web" (construct test/web), which has ports 80; set `port` to one of them',
    );
    const docs = new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
    expect(() => new Ingress(chart, 'docs-routes', { defaultBackend: { service: docs } })).toThrow(
      'test/docs-routes: defaultBackend routes to ExternalName Service "docs" (construct test/docs), which has no endpoints for the Ingress controller to send requests to; route to a Service of pods',
    );
  });

  it('fails for an IP address as a host', () => {
    const { chart, web } = withServices();
    expect(
      () => new Ingress(chart, 'routes', { rules: [{ host: '10.0.0.1', paths: [{ path: '/', service: web }] }] }),
    ).toThrow(
      'test/routes: rules.host "10.0.0.1" is an IP address, and an Ingress routes DNS names only (the API server refuses it); leave host out to serve every host, or use a name that resolves to the address',
    );
  });

  it('fails without rules and without a defaultBackend', () => {
    for (const rules of [[], undefined]) {
      expect(() => new Ingress(testChart(), 'routes', { rules })).toThrow(
        'test/routes: an Ingress needs at least one rule in `rules`, or a `defaultBackend` for every request',
      );
    }
  });

  it('fails for a rule without paths', () => {
    expect(() => new Ingress(testChart(), 'routes', { rules: [{ host: 'a.example.com', paths: [] }] })).toThrow(
      'test/routes: the rule for host "a.example.com" needs at least one path',
    );
  });

  it('fails for a TLS host that is not a DNS name, and takes a wildcard one (props-fuzz, seed 11)', () => {
    const { chart, web } = withServices();
    const tls = (host: string) => [{ hosts: [host], secret: kplus.Secret.fromSecretName(chart, host, 'web-tls') }];
    const rules = [{ host: 'web.example.com', paths: [{ path: '/', service: web }] }];
    expect(() => new Ingress(chart, 'routes', { rules, tls: tls('*') })).toThrow(
      /^test\/routes: tls\[0\]\.hosts\[0\] must be a DNS-1123 subdomain .*, got "\*"; rename it/,
    );
    new Ingress(chart, 'wildcard', { rules, tls: tls('*.example.com') });
    expect(findObject(chart, 'Ingress', 'wildcard').spec.tls[0].hosts).toEqual(['*.example.com']);
  });

  it('fails for a host that is not a DNS name', () => {
    const { chart, web } = withServices();
    expect(
      () => new Ingress(chart, 'routes', { rules: [{ host: 'Web_Site', paths: [{ path: '/', service: web }] }] }),
    ).toThrow(/test\/routes: rules\.host must be a DNS-1123 subdomain .* got "Web_Site"/);
  });
});
