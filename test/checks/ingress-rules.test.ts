import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL, findings, withChange, TEST_ENV } from './fixtures';
import { rawFindings } from './raw-kinds';

function backend(name: string, port?: AnyManifest): AnyManifest {
  return { service: port === undefined ? { name } : { name, port } };
}

describe('ingress-backend', () => {
  it('fires when a backend names a Service that does not exist', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('api', { number: 80 });
    });
    expect(findings(objects)).toEqual(['ingress-backend: backend Service shop/api does not exist']);
  });

  it('says how to declare a Service made outside the project', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('api', { number: 80 });
    });
    const [finding] = runChecks(objects, TEST_ENV).findings.filter((found) => found.rule === 'ingress-backend');
    expect(finding.fix).toBe(
      'route to a Service of this namespace (pass the Service object), or, for one made outside the project ' +
        `(Service.fromName), declare "shop/api" in the environment's external.services`,
    );
  });

  it('passes a backend Service declared in external.services, and only in its namespace', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('api', { number: 80 });
    });
    expect(findings(objects, { ...NO_EXTERNAL, services: ['shop/api'] })).toEqual([]);
    expect(findings(objects, { ...NO_EXTERNAL, services: ['other/api'] })).toEqual([
      'ingress-backend: backend Service shop/api does not exist',
    ]);
  });

  it('fires when a backend port number is not a port of the Service', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('web', { number: 8080 });
    });
    expect(findings(objects)).toEqual([
      'ingress-backend: backend port 8080 is not a port of Service shop/web, which has 80 ("http")',
    ]);
  });

  it('fires when a backend port name is not a port name of the Service', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('web', { name: 'https' });
    });
    expect(findings(objects)).toEqual([
      'ingress-backend: backend port "https" is not a port of Service shop/web, which has 80 ("http")',
    ]);
  });

  it('fires when a port is missing from a Service with unnamed ports', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('db', { number: 80 });
    });
    expect(findings(objects)).toEqual([
      'ingress-backend: backend port 80 is not a port of Service shop/db, which has 8080',
    ]);
  });

  it('fires when the default backend names a Service that does not exist', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.defaultBackend = backend('fallback', { number: 80 });
    });
    expect(findings(objects)).toEqual(['ingress-backend: backend Service shop/fallback does not exist']);
  });

  it('does not look for the backend Service in another namespace', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.metadata.namespace = 'default';
      ingress.spec.tls = [];
    });
    expect(findings(objects)).toEqual(['ingress-backend: backend Service default/web does not exist']);
  });

  it('passes a backend that names the Service port by name', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].http.paths[0].backend = backend('web', { name: 'http' });
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a resource backend, which names no Service', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      const resource = { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' };
      ingress.spec.defaultBackend = { resource };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('ingress-tls-secret', () => {
  it('fires when the TLS Secret does not exist', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.tls[0].secretName = 'shop-cert';
    });
    expect(findings(objects)).toEqual(['ingress-tls-secret: TLS Secret shop/shop-cert does not exist']);
  });

  it('fires when the declared external Secret is in another namespace', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.tls[0].secretName = 'shop-cert';
    });
    expect(findings(objects, { ...NO_EXTERNAL, secrets: ['cert-manager/shop-cert'] })).toEqual([
      'ingress-tls-secret: TLS Secret shop/shop-cert does not exist',
    ]);
  });

  it('passes a TLS Secret declared in external.secrets', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.tls[0].secretName = 'shop-cert';
    });
    expect(findings(objects, { ...NO_EXTERNAL, secrets: ['shop/shop-cert'] })).toEqual([]);
  });

  it('passes a TLS entry without secretName (the controller default certificate)', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      delete ingress.spec.tls[0].secretName;
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('ingress-path', () => {
  const path = (change: (path: AnyManifest) => void) =>
    withChange('Ingress', 'web', (ingress) => change(ingress.spec.rules[0].http.paths[0]));

  it('fires for a Prefix path with "/../"', () => {
    expect(findings(path((p) => (p.path = '/static/../admin')))).toEqual([
      'ingress-path: path "/static/../admin" contains "/../", which the API server refuses in a Prefix path',
    ]);
  });

  it('fires for a pathType that is not one of the three', () => {
    expect(findings(path((p) => (p.pathType = 'Regex')))).toEqual([
      'ingress-path: pathType "Regex" of path "/" is not Prefix, Exact or ImplementationSpecific',
    ]);
  });

  it('fires for an Exact path without one', () => {
    expect(
      findings(
        path((p) => {
          p.pathType = 'Exact';
          delete p.path;
        }),
      ),
    ).toEqual(["ingress-path: path undefined must start with '/'"]);
  });

  it('passes an ImplementationSpecific rule without a path', () => {
    expect(
      findings(
        path((p) => {
          p.pathType = 'ImplementationSpecific';
          delete p.path;
        }),
      ),
    ).toEqual([]);
  });
});

describe('ingress-spec', () => {
  it('passes a wildcard host and an Ingress with only a defaultBackend', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].host = '*.example.com';
      ingress.spec.tls[0].hosts = ['*.example.com'];
    });
    expect(findings(objects)).toEqual([]);
    const onlyDefault = withChange('Ingress', 'web', (ingress) => {
      ingress.spec = { defaultBackend: { service: { name: 'web', port: { number: 80 } } } };
    });
    expect(findings(onlyDefault)).toEqual([]);
  });
});

describe('ingress-spec: an IP address as a rule host', () => {
  it('refuses an IPv4 address (leading 0s too) as the host of a rule, as both API servers do, and takes it in TLS', () => {
    for (const host of ['10.0.0.1', '010.000.000.001']) {
      const objects = withChange('Ingress', 'web', (ingress) => {
        ingress.spec.rules[0].host = host;
        ingress.spec.tls[0].hosts = [host];
      });
      expect(findings(objects).filter((line) => line.startsWith('ingress-spec'))).toEqual([
        `ingress-spec: host "${host}" is an IP address; the API server takes only a DNS name as a rule's host (must be a DNS name, not an IP address)`,
      ]);
    }
  });

  it('passes a host name that only looks like an address', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules[0].host = '10.0.0.1.nip.io';
    });
    expect(findings(objects).filter((line) => line.startsWith('ingress-spec'))).toEqual([]);
  });
});

describe('ingress-spec: rules without paths', () => {
  it('names the rule by its host, or by its index when it has no host (an empty host is none)', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.rules = [
        { host: 'shop.example.com', http: { paths: [] } },
        { http: { paths: [] } },
        { host: '', http: { paths: [] } },
      ];
    });
    expect(findings(objects).filter((line) => line.startsWith('ingress-spec'))).toEqual([
      'ingress-spec: the rule for host "shop.example.com" has no paths',
      'ingress-spec: rules[1] (every host) has no paths',
      'ingress-spec: rules[2] (every host) has no paths',
    ]);
  });
});

describe('ingress-spec: class name and backend ports', () => {
  it('refuses a class name that is no DNS-1123 subdomain and a backend port given by number and name', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.ingressClassName = 'Nginx_Public';
      ingress.spec.rules[0].http.paths[0].backend.service.port = { number: 80, name: 'http' };
    });
    expect(findings(objects).filter((line) => line.startsWith('ingress-spec'))).toEqual([
      'ingress-spec: ingressClassName "Nginx_Public" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), so it names no IngressClass',
      'ingress-spec: the backend Service "web" names its port both by number (80) and by name ("http"); the API server takes one',
    ]);
  });

  it('passes a class name of the cluster and a default backend with its port by name', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.ingressClassName = 'nginx';
      ingress.spec.defaultBackend = { service: { name: 'web', port: { name: 'http' } } };
    });
    expect(findings(objects, { ...NO_EXTERNAL, ingressClasses: ['nginx'] })).toEqual([]);
  });
});

describe('ingress-spec: TLS and backend names', () => {
  it('refuses a TLS host and secret name that are not DNS names, and a backend Service name that is none', () => {
    const objects = withChange('Ingress', 'web', (ingress) => {
      ingress.spec.tls = [{ hosts: ['Shop.example.com', '*.example.com'], secretName: 'Web_TLS' }];
      ingress.spec.rules[0].http.paths[0].backend.service.name = '1web';
    });
    expect(findings(objects).filter((line) => line.startsWith('ingress-spec'))).toEqual([
      'ingress-spec: tls[0] host "Shop.example.com" is not a DNS name (a DNS-1123 subdomain, optionally after "*.")',
      'ingress-spec: tls[0].secretName "Web_TLS" is not a Secret name (a DNS-1123 subdomain)',
      'ingress-spec: a backend names the Service "1web", which is not a DNS-1035 label, starting with a letter (Kubernetes before 1.37 refuses a digit first, and this environment runs 1.27)',
    ]);
  });

  it('takes a Service name starting with a digit from Kubernetes 1.37 on, for a Service and a backend', () => {
    const objects = withChange('Service', 'web', (svc) => {
      svc.metadata.name = '1web';
    });
    const ingress = objects.find((object) => object.manifest.kind === 'Ingress')!;
    (ingress.manifest.spec as AnyManifest).rules[0].http.paths[0].backend.service.name = '1web';
    const names = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => ['object-name', 'ingress-spec'].includes(finding.rule))
        .map((finding) => `${finding.rule}: ${finding.message}`);
    expect(names('1.37')).toEqual([]);
    expect(names('1.27')).toEqual([
      'object-name: name "1web" must be a DNS-1035 label, starting with a letter (Kubernetes before 1.37 refuses a digit first, and this environment runs 1.27)',
      'ingress-spec: a backend names the Service "1web", which is not a DNS-1035 label, starting with a letter (Kubernetes before 1.37 refuses a digit first, and this environment runs 1.27)',
    ]);
  });
});

describe('ingress-tls-hosts', () => {
  const tlsWarnings = (change: (ingress: AnyManifest) => void) =>
    runChecks(withChange('Ingress', 'web', change), TEST_ENV)
      .warnings.filter((warning) => warning.rule === 'ingress-tls-hosts')
      .map((warning) => warning.message);

  it('warns of a rule host that no TLS entry covers, and of a TLS host that no rule routes', () => {
    expect(tlsWarnings((ingress) => (ingress.spec.tls[0].hosts = ['other.example.com']))).toEqual([
      'rule host "shop.example.com" is in no tls.hosts: it is served with the controller\'s default certificate (or over HTTP only), not with a certificate of its own',
      'tls[0] host "other.example.com" is the host of no rule: its certificate serves nothing here',
    ]);
  });

  it('passes exact and wildcard cover, a TLS entry without hosts, and an Ingress without TLS', () => {
    expect(tlsWarnings(() => undefined)).toEqual([]);
    expect(tlsWarnings((ingress) => (ingress.spec.tls[0].hosts = ['*.example.com']))).toEqual([]);
    expect(tlsWarnings((ingress) => delete ingress.spec.tls[0].hosts)).toEqual([]);
    expect(tlsWarnings((ingress) => delete ingress.spec.tls)).toEqual([]);
    // A wildcard covers one label only.
    expect(
      tlsWarnings((ingress) => {
        ingress.spec.tls[0].hosts = ['*.example.com'];
        ingress.spec.rules[0].host = 'a.shop.example.com';
      }),
    ).toHaveLength(2);
  });
});

describe('ingress-spec: backends', () => {
  const backendFindings = (backend: AnyManifest) =>
    findings(withChange('Ingress', 'web', (ingress) => (ingress.spec.rules[0].http.paths[0].backend = backend))).filter(
      (line) => line.startsWith('ingress-spec:'),
    );

  it('refuses a backend of neither a Service nor a resource, or of both, as the API server does', () => {
    expect(backendFindings({})).toEqual([
      'ingress-spec: a backend names neither a Service nor a resource; the API server requires one',
    ]);
    expect(backendFindings({ service: null })).toEqual([
      'ingress-spec: a backend names neither a Service nor a resource; the API server requires one',
    ]);
    expect(
      backendFindings({ service: { name: 'web', port: { number: 80 } }, resource: { kind: 'Bucket', name: 'static' } }),
    ).toEqual(['ingress-spec: a backend names both the Service "web" and a resource; the API server takes one']);
  });

  it('refuses a backend Service without a port', () => {
    expect(backendFindings({ service: { name: 'web' } })).toEqual([
      'ingress-spec: the backend Service "web" gives no port; the API server requires its number or name',
    ]);
    expect(backendFindings({ service: { name: 'web', port: {} } })).toEqual([
      'ingress-spec: the backend Service "web" gives no port; the API server requires its number or name',
    ]);
  });
});

describe('ingress-class-spec', () => {
  const classFindings = (change: (spec: AnyManifest) => void) =>
    rawFindings('IngressClass', 'raw-nginx', (ingressClass) => change(ingressClass.spec));

  it('passes the IngressClass as written, and parameters of Cluster scope without a namespace', () => {
    expect(classFindings(() => undefined)).toEqual([]);
    expect(classFindings((spec) => (spec.parameters = { kind: 'Params', name: 'lb', scope: 'Cluster' }))).toEqual([]);
  });

  it('fires for a controller that is not a domain-prefixed path, or none', () => {
    expect(classFindings((spec) => (spec.controller = 'ingress-nginx'))).toEqual([
      'ingress-class-spec: controller "ingress-nginx" is not a domain-prefixed path of at most 250 characters (such as "k8s.io/ingress-nginx")',
    ]);
    expect(classFindings((spec) => (spec.controller = 'K8s.io/ingress nginx'))).toHaveLength(1);
    expect(rawFindings('IngressClass', 'raw-nginx', (ingressClass) => (ingressClass.spec = {}))).toEqual([
      'ingress-class-spec: has no controller, which the API server requires (the ingress controller that serves the class)',
    ]);
  });

  it('fires for parameters of an apiGroup, kind, name or namespace the API server refuses', () => {
    expect(
      classFindings((spec) =>
        Object.assign(spec.parameters, { apiGroup: 'X-:(', kind: 'a/b', name: '..', namespace: 'raw-kinds.' }),
      ),
    ).toEqual([
      'ingress-class-spec: parameters.apiGroup "X-:(" is not an API group (a DNS-1123 subdomain)',
      'ingress-class-spec: parameters.kind "a/b" is empty, "." or "..", or has "/" or "%"',
      'ingress-class-spec: parameters.name ".." is empty, "." or "..", or has "/" or "%"',
      'ingress-class-spec: parameters.namespace "raw-kinds." is not a namespace name (a DNS-1123 label)',
    ]);
    expect(classFindings((spec) => delete spec.parameters.namespace)).toEqual([
      'ingress-class-spec: parameters.scope is Namespace, and parameters.namespace is not set',
    ]);
    expect(classFindings((spec) => delete spec.parameters.scope)).toEqual([
      'ingress-class-spec: parameters.namespace "raw-kinds" is set, and parameters.scope is Cluster',
    ]);
  });
});

// Verdicts of dry runs on 1.27 and 1.37 (both the same).
describe('ingress-spec: what both API servers take or refuse of backends, TLS and rules', () => {
  const specFindings = (change: (spec: AnyManifest) => void) => {
    const result = runChecks(
      withChange('Ingress', 'web', (ingress) => change(ingress.spec)),
      TEST_ENV,
    );
    return [...result.findings, ...result.warnings]
      .filter((finding) => finding.rule === 'ingress-spec')
      .map((finding) => `${finding.warning === true ? 'warning' : 'error'}: ${finding.message}`);
  };

  it('refuses a resource backend of an apiGroup that is no DNS subdomain, a kind or name that is no path segment', () => {
    expect(
      specFindings((spec) => {
        spec.rules[0].http.paths[0].backend = { resource: { apiGroup: 'K8s_example', kind: 'Bucket', name: 'a/b' } };
        spec.defaultBackend = { resource: { kind: '', name: 'static' } };
      }),
    ).toEqual([
      'error: defaultBackend.resource.kind "" is empty, "." or "..", or has "/" or "%"',
      'error: a backend\'s resource.apiGroup "K8s_example" is not an API group (a DNS-1123 subdomain)',
      'error: a backend\'s resource.name "a/b" is empty, "." or "..", or has "/" or "%"',
    ]);
    expect(
      specFindings((spec) => {
        spec.rules[0].http.paths[0].backend = { resource: { kind: 'StorageBucket', name: 'static' } };
      }),
    ).toEqual([]);
  });

  it('refuses a backend port number of 0 as none, and one outside 1-65535', () => {
    expect(specFindings((spec) => (spec.rules[0].http.paths[0].backend.service.port = { number: 0 }))).toEqual([
      'error: the backend Service "web" gives no port; the API server requires its number or name',
    ]);
    expect(specFindings((spec) => (spec.rules[0].http.paths[0].backend.service.port = { number: 70000 }))).toEqual([
      'error: the backend Service "web" names port 70000, outside 1-65535',
    ]);
  });

  it('takes a TLS entry of secretName "" (no Secret: the default certificate)', () => {
    expect(specFindings((spec) => (spec.tls = [{ hosts: ['shop.example.com'], secretName: '' }]))).toEqual([]);
    const objects = withChange('Ingress', 'web', (ingress) => (ingress.spec.tls = [{ secretName: '' }]));
    expect(findings(objects).filter((line) => line.startsWith('ingress-tls-secret'))).toEqual([]);
  });

  it('only warns of a rule of a host without http, which the servers take (the default backend serves it)', () => {
    expect(specFindings((spec) => spec.rules.push({ host: 'a.example.com' }))).toEqual([
      'warning: the rule for host "a.example.com" has no http paths, so the controller serves the host from its default backend',
    ]);
  });
});

describe('ingress-spec: the class annotation beside ingressClassName', () => {
  const classFindings = (annotation: string) =>
    findings(
      withChange('Ingress', 'web', (ingress) => {
        ingress.metadata.annotations = { ...ingress.metadata.annotations, 'kubernetes.io/ingress.class': annotation };
        ingress.spec.ingressClassName = 'nginx';
      }),
      { ...NO_EXTERNAL, ingressClasses: ['nginx'] },
    ).filter((line) => line.startsWith('ingress-spec'));

  it('refuses a kubernetes.io/ingress.class annotation of another class, as both API servers do', () => {
    expect(classFindings('traefik')).toEqual([
      'ingress-spec: annotation kubernetes.io/ingress.class "traefik" is not ingressClassName "nginx"; the API server wants them to match when both are set',
    ]);
  });

  it('passes the annotation of the same class', () => {
    expect(classFindings('nginx')).toEqual([]);
  });
});
