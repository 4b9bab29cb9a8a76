import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Deployment, DeploymentStrategy } from '../../lib/constructs/deployment';
import {
  Service,
  ServiceRefOptions,
  ServiceRefPort,
  ServiceType,
  SessionAffinity,
  TrafficPolicy,
} from '../../lib/constructs/service';
import { KUBERNETES_VERSION_CONTEXT } from '../../lib/constructs/namespace';
import { findObject, objectsOfKind, testChart } from '../helpers';

function withWeb() {
  const chart = testChart();
  const web = new Deployment(chart, 'web', {
    containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

describe('Service', () => {
  it('is a ClusterIP Service selecting the workload by its labels by default', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: 'http' }] });
    const spec = findObject(chart, 'Service', 'web-svc').spec;
    expect(spec.type).toBe('ClusterIP');
    expect(spec.selector).toEqual(web.selectorLabels);
    expect(spec.ports).toEqual([{ port: 80, targetPort: 'http' }]);
  });

  it('opens an explicit node port', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'web-np', {
      type: ServiceType.NODE_PORT,
      selector: web,
      ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
    });
    const spec = findObject(chart, 'Service', 'web-np').spec;
    expect(spec.type).toBe('NodePort');
    expect(spec.ports[0]).toEqual({ port: 80, targetPort: 8080, nodePort: 30080 });
  });

  it('asks for a load balancer', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'web-lb', {
      type: ServiceType.LOAD_BALANCER,
      selector: web,
      ports: [{ port: 80, targetPort: 'http' }],
    });
    expect(findObject(chart, 'Service', 'web-lb').spec.type).toBe('LoadBalancer');
  });

  it('aliases an outside host without selector or ports', () => {
    const chart = testChart();
    new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io' });
    expect(findObject(chart, 'Service', 'docs').spec).toEqual({ type: 'ExternalName', externalName: 'kubernetes.io' });
  });

  it('is headless with clusterIP None', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'peers', { selector: web, headless: true, ports: [{ port: 8080 }] });
    expect(findObject(chart, 'Service', 'peers').spec.clusterIP).toBe('None');
  });

  it('publishes the addresses of pods that are not ready when asked, and leaves the default to Kubernetes', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'peers', {
      selector: web,
      headless: true,
      publishNotReadyAddresses: true,
      ports: [{ port: 8080 }],
    });
    new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: 'http' }] });
    expect(findObject(chart, 'Service', 'peers').spec.publishNotReadyAddresses).toBe(true);
    expect(findObject(chart, 'Service', 'web-svc').spec.publishNotReadyAddresses).toBeUndefined();
  });

  it('fails when publishNotReadyAddresses is not a boolean', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'peers', {
          selector: web,
          publishNotReadyAddresses: 1 as unknown as boolean,
          ports: [{ port: 8080 }],
        }),
    ).toThrow('test/peers: publishNotReadyAddresses must be true or false, got 1 (a number)');
  });

  it('tells its cluster DNS name', () => {
    const { chart, web } = withWeb();
    const service = new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: 'http' }] });
    expect(service.dnsName).toBe('web-svc.ns.svc.cluster.local');
  });

  it('keeps a client on one pod for the affinity timeout, and writes no timeout of its own by default', () => {
    const { chart, web } = withWeb();
    const ports = [{ port: 80, targetPort: 'http' }];
    new Service(chart, 'sticky', {
      selector: web,
      ports,
      sessionAffinity: SessionAffinity.clientIp({ timeout: Duration.hours(1) }),
    });
    new Service(chart, 'sticky-default', { selector: web, ports, sessionAffinity: SessionAffinity.clientIp() });
    new Service(chart, 'spread', { selector: web, ports, sessionAffinity: SessionAffinity.none() });
    expect(findObject(chart, 'Service', 'sticky').spec).toMatchObject({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 3600 } },
    });
    expect(findObject(chart, 'Service', 'sticky-default').spec.sessionAffinity).toBe('ClientIP');
    expect(findObject(chart, 'Service', 'sticky-default').spec).not.toHaveProperty('sessionAffinityConfig');
    expect(findObject(chart, 'Service', 'spread').spec.sessionAffinity).toBe('None');
  });

  it('fails for an affinity timeout beyond a day or of no whole seconds', () => {
    const { chart, web } = withWeb();
    const ports = [{ port: 80, targetPort: 'http' }];
    expect(
      () =>
        new Service(chart, 'sticky', {
          selector: web,
          ports,
          sessionAffinity: SessionAffinity.clientIp({ timeout: Duration.hours(25) }),
        }),
    ).toThrow(
      'test/sticky: sessionAffinity (SessionAffinity.clientIp) timeout must be from 1 to 86400 seconds (a day), got 90000 seconds; keep a client on one pod for at most a day',
    );
    expect(
      () =>
        new Service(chart, 'sticky-ms', {
          selector: web,
          ports,
          sessionAffinity: SessionAffinity.clientIp({ timeout: Duration.millis(500) }),
        }),
    ).toThrow('test/sticky-ms: sessionAffinity (SessionAffinity.clientIp) timeout must be a whole number of seconds');
    expect(
      () =>
        new Service(chart, 'sticky-str', {
          selector: web,
          ports,
          sessionAffinity: 'ClientIP' as unknown as SessionAffinity,
        }),
    ).toThrow('test/sticky-str: sessionAffinity must be a SessionAffinity');
  });

  it('takes traffic policies, source ranges and a class on a LoadBalancer Service', () => {
    const { chart, web } = withWeb();
    new Service(chart, 'edge', {
      type: ServiceType.LOAD_BALANCER,
      selector: web,
      ports: [{ port: 80, targetPort: 'http' }],
      externalTrafficPolicy: TrafficPolicy.LOCAL,
      internalTrafficPolicy: TrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      loadBalancerClass: 'example.com/internal-vip',
    });
    expect(findObject(chart, 'Service', 'edge').spec).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      loadBalancerClass: 'example.com/internal-vip',
    });
  });

  it('fails for an externalTrafficPolicy on a ClusterIP Service, and load balancer fields on a NodePort one', () => {
    const { chart, web } = withWeb();
    const ports = [{ port: 80, targetPort: 'http' }];
    expect(() => new Service(chart, 'a', { selector: web, ports, externalTrafficPolicy: TrafficPolicy.LOCAL })).toThrow(
      'test/a: externalTrafficPolicy is for a NodePort or LoadBalancer Service, got type ClusterIP (the API server refuses it); remove it, or make the type NodePort or LoadBalancer',
    );
    expect(
      () =>
        new Service(chart, 'b', {
          type: ServiceType.NODE_PORT,
          selector: web,
          ports,
          loadBalancerSourceRanges: ['10.0.0.0/8'],
        }),
    ).toThrow(
      'test/b: loadBalancerSourceRanges is for a LoadBalancer Service, got type NodePort (the API server refuses it); remove it, or make the type LoadBalancer',
    );
    expect(() => new Service(chart, 'c', { selector: web, ports, loadBalancerClass: 'example.com/lb' })).toThrow(
      'test/c: loadBalancerClass is for a LoadBalancer Service, got type ClusterIP (the API server refuses it); remove it, or make the type LoadBalancer',
    );
  });

  it('fails for a source range that is no address block, and a class that is no qualified name', () => {
    const { chart, web } = withWeb();
    const base = { type: ServiceType.LOAD_BALANCER, selector: web, ports: [{ port: 80, targetPort: 'http' }] };
    expect(() => new Service(chart, 'a', { ...base, loadBalancerSourceRanges: ['203.0.113.7'] })).toThrow(
      'test/a: loadBalancerSourceRanges must be address blocks such as "203.0.113.0/24", got "203.0.113.7"; for one address write "203.0.113.7/32"',
    );
    expect(() => new Service(chart, 'b', { ...base, loadBalancerClass: 'a/b/c' })).toThrow(
      'test/b: loadBalancerClass must be a qualified name (letters, digits, "-", "_" and ".", with an optional DNS subdomain and "/" before it), got "a/b/c"; e.g. "example.com/internal-vip"',
    );
  });

  it('names what each port speaks in appProtocol, e.g. gRPC over cleartext HTTP/2 beside HTTP', () => {
    const chart = testChart();
    const server = new Deployment(chart, 'model', {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [
            { number: 8080, name: 'http' },
            { number: 9000, name: 'grpc' },
          ],
        },
      ],
    });
    new Service(chart, 'model-svc', {
      selector: server,
      ports: [
        { port: 9000, targetPort: 'grpc', name: 'grpc', appProtocol: 'kubernetes.io/h2c' },
        { port: 80, targetPort: 'http', name: 'http', appProtocol: 'http' },
      ],
    });
    expect(findObject(chart, 'Service', 'model-svc').spec.ports).toEqual([
      { name: 'grpc', port: 9000, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' },
      { name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' },
    ]);
  });

  it('fails for an appProtocol that is no qualified name', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', {
          selector: web,
          ports: [{ port: 80, targetPort: 'http', appProtocol: 'grpc over h2c' }],
        }),
    ).toThrow(
      'test/web-svc: ports.appProtocol must be a qualified name (letters, digits, "-", "_" and ".", with an optional ' +
        'DNS subdomain and "/" before it), got "grpc over h2c"; name the protocol as IANA does ("http", "https"), ' +
        'or as Kubernetes does ("kubernetes.io/h2c", "kubernetes.io/ws")',
    );
  });

  it('fails for a named targetPort that is no IANA service name, as the API servers refuse it', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: 'HTTP' }] })).toThrow(
      "test/web-svc: ports.targetPort must be at most 15 lower-case letters, digits or single '-', with a letter, " +
        'got "HTTP"; rename it, e.g. "http"',
    );
  });

  it('fails for a traffic policy that is not one of TrafficPolicy', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'a', {
          selector: web,
          ports: [{ port: 80, targetPort: 'http' }],
          internalTrafficPolicy: 'local' as TrafficPolicy,
        }),
    ).toThrow('test/a: internalTrafficPolicy must be one of "Cluster", "Local", got "local"');
  });

  it('fails for a targetPort the selected containers do not listen on', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80 }] })).toThrow(
      'test/web-svc: targetPort 80 is not a port of test/web; its containers listen on 8080 ("http"); set targetPort to one of them or add the port to the container',
    );
  });

  it('fails for a node port outside 30000-32767', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-np', {
          type: ServiceType.NODE_PORT,
          selector: web,
          ports: [{ port: 80, targetPort: 8080, nodePort: 8080 }],
        }),
    ).toThrow(/test\/web-np: ports\.nodePort must be an integer from 30000 to 32767 .* got 8080/);
  });

  it('fails for a node port on a ClusterIP Service', () => {
    const { chart, web } = withWeb();
    expect(
      () => new Service(chart, 'web-svc', { selector: web, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
    ).toThrow('test/web-svc: nodePort 30080 needs type NodePort or LoadBalancer, got ClusterIP');
  });

  it('fails for a port outside 1-65535', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, 'web-svc', { selector: web, ports: [{ port: 0, targetPort: 8080 }] })).toThrow(
      'test/web-svc: ports[0].port must be an integer from 1 to 65535, got 0',
    );
  });

  it('fails for an ExternalName Service without a host', () => {
    expect(() => new Service(testChart(), 'docs', { type: ServiceType.EXTERNAL_NAME })).toThrow(
      'test/docs: an ExternalName Service needs `externalName`, the host it aliases, e.g. "db.example.com"',
    );
  });

  it('fails for a URL as externalName, suggesting its host', () => {
    expect(
      () =>
        new Service(testChart(), 'db', { type: ServiceType.EXTERNAL_NAME, externalName: 'http://db.example.com/x' }),
    ).toThrow(
      'test/db: externalName must be a host name, not a URL, got "http://db.example.com/x"; write the host, e.g. "db.example.com"',
    );
  });

  it('fails for an externalName that is not a DNS name', () => {
    expect(
      () => new Service(testChart(), 'db', { type: ServiceType.EXTERNAL_NAME, externalName: 'DB_Host.example.com' }),
    ).toThrow(/test\/db: externalName must be a DNS-1123 subdomain .* got "DB_Host.example.com"/);
  });

  it('fails for an ExternalName Service with a selector', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'docs', { type: ServiceType.EXTERNAL_NAME, externalName: 'kubernetes.io', selector: web }),
    ).toThrow('test/docs: an ExternalName Service aliases a host and selects no pods; remove `selector`');
  });

  it('fails for externalName on another type', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', { selector: web, externalName: 'a.b', ports: [{ port: 80, targetPort: 8080 }] }),
    ).toThrow(
      'test/web-svc: externalName is only for ServiceType.EXTERNAL_NAME, got type ClusterIP; remove it or change the type',
    );
  });

  it('fails without a selector', () => {
    expect(() => new Service(testChart(), 'web-svc', { ports: [{ port: 80 }] })).toThrow(
      'test/web-svc: a ClusterIP Service needs a `selector`, the workload that receives its traffic',
    );
  });

  it('fails without ports', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, 'web-svc', { selector: web })).toThrow(
      'test/web-svc: a ClusterIP Service needs at least one port in `ports`',
    );
  });

  it('fails for unnamed ports when there are several', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', {
          selector: web,
          ports: [
            { port: 80, targetPort: 8080 },
            { port: 81, targetPort: 8080 },
          ],
        }),
    ).toThrow('test/web-svc: a Service with more than one port must name each of them; add `name` to every port');
  });

  it('fails for a headless NodePort Service', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', {
          type: ServiceType.NODE_PORT,
          headless: true,
          selector: web,
          ports: [{ port: 8080 }],
        }),
    ).toThrow('test/web-svc: only a ClusterIP Service can be headless, got type NodePort');
  });

  it('fails for a name that is not a DNS-1123 label', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, 'web.svc', { selector: web, ports: [{ port: 8080 }] })).toThrow(
      /test\/web\.svc: name must be a DNS-1123 label .* got "web\.svc"/,
    );
  });

  it('fails for a name of a digit first before 1.37, whose API servers refuse it, and takes it from 1.37', () => {
    const { chart, web } = withWeb();
    expect(() => new Service(chart, '0web', { selector: web, ports: [{ port: 8080 }] })).toThrow(
      'test/0web: name "0web" must be a DNS-1035 label, starting with a letter (Kubernetes before 1.37 refuses a ' +
        'digit first, and this environment runs 1.27); rename it, e.g. "svc-0web"',
    );
    const app137 = Testing.app();
    app137.node.setContext(KUBERNETES_VERSION_CONTEXT, '1.37');
    const later = testChart(app137);
    const api = new Deployment(later, 'api', {
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }],
    });
    new Service(later, '0web', { selector: api, ports: [{ port: 8080 }] });
    expect(findObject(later, 'Service', '0web').metadata.name).toBe('0web');
  });

  it('fails for the same port and protocol twice', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', {
          selector: web,
          ports: [
            { port: 80, targetPort: 8080, name: 'http' },
            { port: 80, targetPort: 'http', name: 'web' },
          ],
        }),
    ).toThrow(
      'test/web-svc: ports has port 80/TCP more than once; remove the repeated port, or change its number or protocol',
    );
  });

  it('fails for the same port name twice', () => {
    const { chart, web } = withWeb();
    expect(
      () =>
        new Service(chart, 'web-svc', {
          selector: web,
          ports: [
            { port: 80, targetPort: 8080, name: 'http' },
            { port: 81, targetPort: 8080, name: 'http' },
          ],
        }),
    ).toThrow('test/web-svc: ports.name must be unique, got "http" more than once; give each a name of its own');
  });
});

describe('Service allowFrom', () => {
  function withApi(chart = testChart()) {
    const api = new Deployment(chart, 'api', {
      containers: [{ name: 'api', image: 'api:1.0.0', ports: [{ number: 8080, name: 'http' }] }],
    });
    const db = new Deployment(chart, 'db', {
      containers: [{ name: 'db', image: 'postgres:16.4', ports: [{ number: 5432, name: 'postgres' }] }],
    });
    return { chart, api, db };
  }

  it('lets in the pods of the workloads it names, and no other pod of the namespace', () => {
    const { chart, api, db } = withApi();
    new Service(chart, 'db-svc', { selector: db, allowFrom: [api], ports: [{ port: 5432, targetPort: 'postgres' }] });
    expect(findObject(chart, 'NetworkPolicy', 'db-svc-allow-ingress').spec).toEqual({
      podSelector: { matchLabels: db.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: api.selectorLabels } }],
          ports: [{ port: 'postgres', protocol: 'TCP' }],
        },
      ],
    });
  });

  it("names the namespace of a client in another chart's namespace", () => {
    const app = Testing.app();
    const { chart, db } = withApi(testChart(app));
    const other = new Chart(app, 'other', { namespace: 'reports' });
    const reporter = new Deployment(other, 'reporter', { containers: [{ name: 'reporter', image: 'reporter:1.0.0' }] });
    new Service(chart, 'db-svc', {
      selector: db,
      allowFrom: [reporter],
      ports: [{ port: 5432, targetPort: 'postgres' }],
    });
    expect(findObject(chart, 'NetworkPolicy', 'db-svc-allow-ingress').spec.ingress[0].from).toEqual([
      {
        podSelector: { matchLabels: reporter.selectorLabels },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'reports' } },
      },
    ]);
  });

  it('writes no policy for an empty list, since a rule without peers would let every client in', () => {
    const { chart, db } = withApi();
    new Service(chart, 'db-svc', { selector: db, allowFrom: [], ports: [{ port: 5432, targetPort: 'postgres' }] });
    expect(objectsOfKind(chart, 'NetworkPolicy').map((policy) => policy.metadata.name)).toEqual([]);
  });

  it('lets in every pod of the namespace without it', () => {
    const { chart, db } = withApi();
    new Service(chart, 'db-svc', { selector: db, ports: [{ port: 5432, targetPort: 'postgres' }] });
    expect(findObject(chart, 'NetworkPolicy', 'db-svc-allow-ingress').spec.ingress[0].from).toEqual([
      { podSelector: {} },
    ]);
  });

  it('fails for a Service as a client, whose selector may be none (all pods)', () => {
    const { chart, api, db } = withApi();
    const apiService = new Service(chart, 'api-svc', { selector: api, ports: [{ port: 80, targetPort: 'http' }] });
    expect(
      () =>
        new Service(chart, 'db-svc', {
          selector: db,
          allowFrom: [apiService as never],
          ports: [{ port: 5432, targetPort: 'postgres' }],
        }),
    ).toThrow('test/db-svc: allowFrom[0] must be a workload whose pods may connect, e.g. a Deployment, got');
  });

  it('fails for a client that is not a workload, naming the field and what it takes', () => {
    const { chart, db } = withApi();
    expect(
      () =>
        new Service(chart, 'db-svc', {
          selector: db,
          allowFrom: ['api'] as never,
          ports: [{ port: 5432, targetPort: 'postgres' }],
        }),
    ).toThrow('test/db-svc: allowFrom[0] must be a workload whose pods may connect, e.g. a Deployment, got "api"');
  });

  it('fails for an object of another class as a client, showing its class (props-fuzz, seed 13)', () => {
    const { chart, db } = withApi();
    expect(
      () =>
        new Service(chart, 'db-svc', {
          selector: db,
          allowFrom: [DeploymentStrategy.recreate() as never],
          ports: [{ port: 5432, targetPort: 'postgres' }],
        }),
    ).toThrow(
      'test/db-svc: allowFrom[0] must be a workload whose pods may connect, e.g. a Deployment, got {"type":"Recreate"} ' +
        '(a DeploymentStrategy); or, for pods',
    );
  });
});

describe('Service ports with clients of their own', () => {
  const MONITORING = { namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } };

  function withMetrics(chart = testChart()) {
    const api = new Deployment(chart, 'api', {
      containers: [
        {
          name: 'api',
          image: 'api:1.0.0',
          ports: [
            { number: 8080, name: 'http' },
            { number: 9090, name: 'metrics' },
          ],
        },
      ],
    });
    const web = new Deployment(chart, 'web', { containers: [{ name: 'web', image: 'web:1.0.0' }] });
    return { chart, api, web };
  }

  it("opens a port with its own allowFrom to those clients only, and the others to the Service's", () => {
    const { chart, api, web } = withMetrics();
    new Service(chart, 'api-svc', {
      selector: api,
      allowFrom: [web],
      ports: [
        { port: 80, targetPort: 'http', name: 'http' },
        { port: 9090, targetPort: 'metrics', name: 'metrics', allowFrom: [MONITORING] },
      ],
    });
    expect(findObject(chart, 'NetworkPolicy', 'api-svc-allow-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: web.selectorLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
  });

  it("keeps a port with its own allowFrom out of the namespace's default rule", () => {
    const { chart, api } = withMetrics();
    new Service(chart, 'api-svc', {
      selector: api,
      ports: [
        { port: 80, targetPort: 'http', name: 'http' },
        { port: 9090, targetPort: 'metrics', name: 'metrics', allowFrom: [MONITORING] },
      ],
    });
    const rules = findObject(chart, 'NetworkPolicy', 'api-svc-allow-ingress').spec.ingress;
    expect(rules[0]).toEqual({ from: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] });
    expect(rules[1].ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    expect(rules).toHaveLength(2);
  });

  it("opens a port with its own clients when the Service's allowFrom is empty, and none for an empty port list", () => {
    const { chart, api, web } = withMetrics();
    new Service(chart, 'api-svc', {
      selector: api,
      allowFrom: [],
      ports: [
        { port: 80, targetPort: 'http', name: 'http' },
        { port: 9090, targetPort: 'metrics', name: 'metrics', allowFrom: [web] },
      ],
    });
    new Service(chart, 'closed', {
      selector: api,
      ports: [{ port: 9090, targetPort: 'metrics', name: 'metrics', allowFrom: [] }],
    });
    expect(findObject(chart, 'NetworkPolicy', 'api-svc-allow-ingress').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: web.selectorLabels } }], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
    expect(objectsOfKind(chart, 'NetworkPolicy').map((policy) => policy.metadata.name)).toEqual([
      'api-svc-allow-ingress',
    ]);
  });

  it('takes pods the project does not make as a peer, by namespace and pod labels, in its allowFrom', () => {
    const { chart, api } = withMetrics();
    new Service(chart, 'api-svc', {
      selector: api,
      allowFrom: [{ namespaces: { team: 'shop' }, pods: { app: 'checkout' } }],
      ports: [{ port: 80, targetPort: 'http' }],
    });
    expect(findObject(chart, 'NetworkPolicy', 'api-svc-allow-ingress').spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { app: 'checkout' } }, namespaceSelector: { matchLabels: { team: 'shop' } } },
    ]);
  });

  it('fails for a peer that selects nothing, naming the field and what it takes', () => {
    const { chart, api } = withMetrics();
    expect(
      () =>
        new Service(chart, 'api-svc', {
          selector: api,
          ports: [{ port: 9090, targetPort: 'metrics', name: 'metrics', allowFrom: [{}] }],
        }),
    ).toThrow(
      'test/api-svc: ports[0].allowFrom[0] must select pods, namespaces or a cidr, got {}; e.g. ' +
        "{ namespaces: { 'kubernetes.io/metadata.name': 'monitoring' } }, or pass a workload",
    );
  });

  it('fails for a peer with a misspelt key, naming it', () => {
    const { chart, api } = withMetrics();
    expect(
      () =>
        new Service(chart, 'api-svc', {
          selector: api,
          allowFrom: [{ namespace: { team: 'shop' } } as never],
          ports: [{ port: 80, targetPort: 'http' }],
        }),
    ).toThrow(/^test\/api-svc: allowFrom\[0\] has an unknown key "namespace"/);
  });

  it('fails for a named targetPort whose container port has another protocol', () => {
    const { chart } = withMetrics();
    const dns = new Deployment(chart, 'dns', {
      containers: [{ name: 'dns', image: 'coredns:1.11.1', ports: [{ number: 5353, name: 'dns' }] }],
    });
    expect(
      () =>
        new Service(chart, 'dns-svc', {
          selector: dns,
          ports: [{ port: 53, targetPort: 'dns', protocol: kplus.Protocol.UDP }],
        }),
    ).toThrow(
      'test/dns-svc: targetPort "dns" is a TCP port of test/dns and port 53 is UDP, so no endpoint would serve it ' +
        '(Kubernetes resolves a named targetPort by name and protocol); give both the same protocol',
    );
  });
});

describe('Service.fromName', () => {
  const refer = (options: ServiceRefOptions, name = 'legacy') => Service.fromName(testChart(), 'legacy', name, options);

  it('refers to a Service by its name and ports, a ClusterIP Service by default, and writes nothing', () => {
    const chart = testChart();
    const service = Service.fromName(chart, 'legacy', 'legacy', { ports: [{ port: 80, targetPort: 'http' }] });
    expect(service.name).toBe('legacy');
    expect(service.type).toBe(ServiceType.CLUSTER_IP);
    expect(service.targetPorts).toEqual([{ port: 'http', protocol: undefined }]);
    expect(service.selectorLabels).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  it('fails for a name that is not a DNS-1123 label, naming the call, the value and a name that is', () => {
    expect(() => refer({ ports: [{ port: 80 }] }, 'My_Service')).toThrow(
      "test/legacy: Service.fromName name must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', " +
        'starting and ending with a letter or digit), got "My_Service"; rename it, e.g. "my-service"',
    );
  });

  it('fails for a port outside 1-65535', () => {
    expect(() => refer({ ports: [{ port: 70000 }] })).toThrow(
      'test/legacy: Service.fromName options.ports[0].port must be an integer from 1 to 65535, got 70000',
    );
  });

  it('fails for a targetPort outside 1-65535', () => {
    expect(() => refer({ ports: [{ port: 80, targetPort: 0 }] })).toThrow(
      'test/legacy: Service.fromName options.ports[0].targetPort must be an integer from 1 to 65535, got 0',
    );
  });

  it('fails for the same port and protocol twice', () => {
    expect(() =>
      refer({
        ports: [
          { port: 80, name: 'http' },
          { port: 80, name: 'web' },
        ],
      }),
    ).toThrow(
      'test/legacy: Service.fromName ports has port 80/TCP more than once; remove the repeated port, or change its ' +
        'number or protocol',
    );
  });

  it('takes the same port number over two protocols', () => {
    const ports = [
      { port: 53, name: 'dns', protocol: kplus.Protocol.UDP },
      { port: 53, name: 'dns-tcp', protocol: kplus.Protocol.TCP },
    ];
    expect(refer({ ports }).ports).toEqual(ports);
  });

  it('fails for a port with allowFrom, since the project writes no policy for a Service it does not create', () => {
    expect(() => refer({ ports: [{ port: 80, allowFrom: [] } as ServiceRefPort] })).toThrow(
      'test/legacy: Service.fromName options.ports[0] has an unknown key "allowFrom"; remove it',
    );
  });

  it('fails for unnamed ports when there are several', () => {
    expect(() => refer({ ports: [{ port: 80 }, { port: 443 }] })).toThrow(
      'test/legacy: a Service with more than one port must name each of them; add `name` to every port of ' +
        '`Service.fromName ports`',
    );
  });

  it('fails for the same port name twice', () => {
    expect(() =>
      refer({
        ports: [
          { port: 80, name: 'http' },
          { port: 81, name: 'http' },
        ],
      }),
    ).toThrow(
      'test/legacy: Service.fromName ports.name must be unique, got "http" more than once; give each a name of its own',
    );
  });

  it('fails for a port name that is not a DNS-1123 label', () => {
    expect(() => refer({ ports: [{ port: 80, name: 'HTTP' }] })).toThrow(
      /^test\/legacy: Service\.fromName ports\.name must be a DNS-1123 label .*, got "HTTP"; rename it, e\.g\. "http"$/,
    );
  });

  it('fails for a node port on a ClusterIP Service, and one outside 30000-32767', () => {
    expect(() => refer({ ports: [{ port: 80, nodePort: 30080 }] })).toThrow(
      'test/legacy: nodePort 30080 needs type NodePort or LoadBalancer, got ClusterIP',
    );
    expect(() => refer({ type: ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 8080 }] })).toThrow(
      /^test\/legacy: Service\.fromName ports\.nodePort must be an integer from 30000 to 32767 .*, got 8080;/,
    );
  });
});
