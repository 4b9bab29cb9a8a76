import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL, TEST_ENV, baseline, findings, withChange } from './fixtures';
import { rawFindings } from './raw-kinds';

/** The baseline plus `manifests`. */
function withObjects(...manifests: AnyManifest[]): RenderedObject[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  return [...baseline(), ...added];
}

function service(name: string, spec: AnyManifest, namespace = 'shop'): AnyManifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** The Endpoints written by hand for a Service without a selector. */
function endpoints(name: string): AnyManifest {
  const subsets = [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ port: 5432 }] }];
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'shop' }, subsets };
}

function deployment(name: string, namespace: string | undefined, labels: Record<string, string>): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

/** A StatefulSet of three pods and its headless Service. */
function statefulSet(name: string, labels: Record<string, string>, extra: AnyManifest = {}): AnyManifest[] {
  const headless = service(name, { clusterIP: 'None', selector: labels, ports: [{ port: 5432 }] });
  const set = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'shop' },
    spec: {
      serviceName: name,
      replicas: 3,
      ...extra,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'db', image: 'postgres:16.4', ports: [{ containerPort: 5432 }] }] },
      },
    },
  };
  return [set, headless];
}

describe('service-selector', () => {
  describe("a StatefulSet's pod by the pod-name label its controller gives each pod", () => {
    const member = (pod: string) =>
      service(`rw-${pod}`, {
        selector: { app: 'pg', 'statefulset.kubernetes.io/pod-name': pod },
        ports: [{ port: 5432 }],
      });

    it('passes the pod of an ordinal the set runs, from its ordinals.start', () => {
      expect(findings(withObjects(...statefulSet('pg', { app: 'pg' }), member('pg-0'), member('pg-2')))).toEqual([]);
      const shifted = statefulSet('pg', { app: 'pg' }, { replicas: 2, ordinals: { start: 5 } });
      expect(findings(withObjects(...shifted, member('pg-5'), member('pg-6')))).toEqual([]);
    });

    it('passes any ordinal of a set that leaves its replicas to an autoscaler', () => {
      const [scaled, headless] = statefulSet('pg', { app: 'pg' });
      delete scaled.spec.replicas;
      expect(findings(withObjects(scaled, headless, member('pg-7')))).toEqual([]);
    });

    it.each([
      ['an ordinal beyond its replicas', 'pg-3'],
      ['an ordinal below ordinals.start', 'pg-0'],
      ['an ordinal written with a leading zero', 'pg-05'],
      ['no ordinal', 'pg-x'],
      ["another set's pod", 'cache-1'],
    ])('fires for %s, naming the pods the set runs', (_, pod) => {
      const shifted = statefulSet('pg', { app: 'pg' }, { replicas: 2, ordinals: { start: 5 } });
      const cache = statefulSet('cache', { app: 'cache' });
      const objects = withObjects(...shifted, ...cache, member(pod));
      expect(findings(objects)).toEqual([
        `service-selector: selector app=pg,statefulset.kubernetes.io/pod-name=${pod} matches no pod template in namespace shop: the pods of StatefulSet pg are pg-5 to pg-6`,
      ]);
      const selectorFindings = runChecks(objects, TEST_ENV).findings.filter(({ rule }) => rule === 'service-selector');
      expect(selectorFindings.map((finding) => finding.fix)).toEqual([
        'name a pod the set runs in statefulset.kubernetes.io/pod-name, or raise its replicas',
      ]);
    });

    it.each([
      [{ replicas: 1 }, 'pg-0'],
      [{ replicas: 0 }, 'none (replicas 0)'],
      [{ replicas: undefined, ordinals: { start: 2 } }, 'pg-2 and up (replicas left to an autoscaler)'],
    ])('names the pods of a set of %j: %s', (extra, members) => {
      const objects = withObjects(...statefulSet('pg', { app: 'pg' }, extra), member('pg-1'));
      expect(findings(objects)).toEqual([
        `service-selector: selector app=pg,statefulset.kubernetes.io/pod-name=pg-1 matches no pod template in namespace shop: the pods of StatefulSet pg are ${members}`,
      ]);
    });

    it('reads a pod name that is no string as no member, which label-syntax reports (run-checks-property)', () => {
      const odd = service('rw-odd', {
        selector: { app: 'pg', 'statefulset.kubernetes.io/pod-name': 5 as unknown as string },
        ports: [{ port: 5432 }],
      });
      expect(findings(withObjects(...statefulSet('pg', { app: 'pg' }), odd))).toEqual([
        'label-syntax: selector "statefulset.kubernetes.io/pod-name" has value 5, which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
        'service-selector: selector app=pg,statefulset.kubernetes.io/pod-name=5 matches no pod template in namespace shop: the pods of StatefulSet pg are pg-0 to pg-2',
      ]);
    });

    it("fires for a Deployment's pods, which no controller gives the label", () => {
      expect(findings(withObjects(deployment('pg', 'shop', { app: 'pg' }), member('pg-0')))).toEqual([
        'service-selector: selector app=pg,statefulset.kubernetes.io/pod-name=pg-0 matches no pod template in namespace shop',
      ]);
    });
  });

  it('fires when a Service selects no pod template', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.selector = { 'app.kubernetes.io/name': 'api' };
    });
    expect(findings(objects)).toEqual([
      'service-selector: selector app.kubernetes.io/name=api matches no pod template in namespace shop',
    ]);
  });

  it('fires when one label of the selector has a value the pod template does not carry', () => {
    const objects = withChange('Service', 'web', (web) => {
      // The baseline shares one labels object between the Service and the Deployment: replace it, do not edit it.
      web.spec.selector = { ...web.spec.selector, 'app.kubernetes.io/instance': 'shop-prod' };
    });
    expect(findings(objects)).toEqual([
      'service-selector: selector app.kubernetes.io/name=web,app.kubernetes.io/instance=shop-prod matches no pod template in namespace shop',
    ]);
  });

  it('fires when only a pod template of another namespace matches the selector', () => {
    const api = service('api', { selector: { app: 'api' }, ports: [{ port: 8080 }] });
    const objects = withObjects(deployment('api', 'tools', { app: 'api' }), api);
    expect(findings(objects, { ...NO_EXTERNAL, namespaces: ['tools'] })).toEqual([
      'service-selector: selector app=api matches no pod template in namespace shop',
    ]);
  });

  it('passes a selector that is a subset of the pod template labels', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.selector = { 'app.kubernetes.io/name': 'web' };
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes an ExternalName Service, which has no selector', () => {
    const external = service('payments', { type: 'ExternalName', externalName: 'payments.example.com' });
    expect(findings(withObjects(external))).toEqual([]);
  });

  it('passes a Service without a selector, whose endpoints are managed by hand', () => {
    expect(findings(withObjects(service('legacy', { ports: [{ port: 5432 }] }), endpoints('legacy')))).toEqual([]);
  });

  // Kubernetes treats an empty selector like a missing one (endpoints managed by hand), not as "every pod".
  it('passes a Service with an empty selector, whose endpoints are managed by hand', () => {
    expect(
      findings(withObjects(service('legacy', { selector: {}, ports: [{ port: 5432 }] }), endpoints('legacy'))),
    ).toEqual([]);
  });

  // Objects without metadata.namespace land in `default`, and the index files them there.
  it('passes a Service and the Deployment it selects when both leave the namespace out (default)', () => {
    const api = service('api', { selector: { app: 'api' }, ports: [{ port: 8080 }] });
    delete api.metadata.namespace;
    const objects = [
      { path: 'plain/Deployment-api', manifest: deployment('api', undefined, { app: 'api' }) },
      { path: 'plain/Service-api', manifest: api },
    ];
    expect(findings(objects)).toEqual([]);
  });
});

describe('service-target-port', () => {
  it('fires when a named targetPort is not a port name of the selected containers', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.ports[0].targetPort = 'metrics';
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort "metrics" of port 80 is not a container port of shop/Deployment-web',
    ]);
  });

  it('fires when a numeric targetPort is declared by no selected container', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.ports[0].targetPort = 9090;
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort 9090 of port 80 is not a container port of shop/Deployment-web',
    ]);
  });

  it('fires when a port without targetPort is not a container port', () => {
    const objects = withChange('Service', 'db', (db) => {
      db.spec.ports = [{ port: 6379 }];
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort 6379 of port 6379 is not a container port of shop/StatefulSet-db',
    ]);
  });

  it('fires only for the ports that miss', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.ports = [
        { port: 80, targetPort: 'http', name: 'http' },
        { port: 443, targetPort: 8443, name: 'https' },
      ];
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort 8443 of port 443 is not a container port of shop/Deployment-web',
    ]);
  });

  it('fires when a named targetPort is a container port of another protocol, which no endpoint serves', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.ports[0].protocol = 'UDP';
    });
    expect(findings(objects)).toEqual([
      'service-target-port: targetPort "http" of port 80/UDP is a TCP port of shop/Deployment-web, and Kubernetes ' +
        'resolves a named targetPort by name and protocol, so no endpoint serves it',
    ]);
  });

  it('passes a named targetPort of the same protocol as its container port', () => {
    const objects = withChange('Deployment', 'web', (web) => {
      web.spec.template.spec.containers[0].ports[0].protocol = 'UDP';
    });
    const service = objects.find(
      (object) => object.manifest.kind === 'Service' && object.manifest.metadata.name === 'web',
    );
    (service?.manifest.spec as AnyManifest).ports[0].protocol = 'UDP';
    expect(findings(objects)).toEqual([]);
  });

  it('passes a numeric targetPort that a selected container declares', () => {
    const objects = withChange('Service', 'web', (web) => {
      web.spec.ports[0].targetPort = 8080;
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes a named targetPort that a selected container declares', () => {
    expect(findings(baseline())).toEqual([]);
  });

  it('passes the ports of a Service without a selector', () => {
    expect(
      findings(withObjects(service('legacy', { ports: [{ port: 5432, targetPort: 'pg' }] }), endpoints('legacy'))),
    ).toEqual([]);
  });
});

describe('service-ports', () => {
  it('passes a headless Service and an ExternalName Service without ports', () => {
    const headless = service('db', { clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'db' } });
    headless.metadata.name = 'db-headless';
    const external = service('docs', { type: 'ExternalName', externalName: 'kubernetes.io.' });
    expect(findings(withObjects(headless, external))).toEqual([]);
  });

  it('takes the one port of a Service named "", which the API server reads as no name', () => {
    const objects = withChange('Service', 'web', (svc) => {
      svc.spec.ports[0].name = '';
    });
    expect(findings(objects)).toEqual([]);
  });

  it('refuses a port named "" beside others, as a port without a name, as both servers do', () => {
    const objects = withChange('Service', 'web', (svc) => {
      svc.spec.ports = [
        { port: 80, targetPort: 'http', name: '' },
        { port: 8080, targetPort: 'http', name: '' },
        { port: 8443, targetPort: 'http', name: 'https' },
      ];
    });
    expect(
      runChecks(objects, TEST_ENV)
        .findings.filter((finding) => finding.rule === 'service-ports' || finding.rule === 'port-name')
        .map((finding) => `${finding.rule}: ${finding.message} | ${finding.fix}`),
    ).toEqual([
      'service-ports: port 80 has no name, and a Service with more than one port must name each | add `name` to every port',
      'service-ports: port 8080 has no name, and a Service with more than one port must name each | add `name` to every port',
    ]);
  });
});

describe('service-spec: externalTrafficPolicy', () => {
  it('refuses it on a ClusterIP Service and passes it on a NodePort one', () => {
    const clusterIp = withChange('Service', 'web', (svc) => {
      svc.spec.externalTrafficPolicy = 'Local';
    });
    expect(findings(clusterIp)).toEqual([
      'service-spec: externalTrafficPolicy "Local" is set on a ClusterIP Service; the API server takes it only for NodePort and LoadBalancer',
    ]);
    const nodePort = withChange('Service', 'web', (svc) => {
      svc.spec.type = 'NodePort';
      svc.spec.externalTrafficPolicy = 'Local';
    });
    expect(findings(nodePort).filter((line) => line.startsWith('service-spec'))).toEqual([]);
  });
});

describe('service-spec: load balancer fields', () => {
  it('refuses loadBalancerSourceRanges and loadBalancerClass on a Service other than LoadBalancer, as both servers do', () => {
    for (const type of ['ClusterIP', 'NodePort']) {
      const objects = withChange('Service', 'web', (svc) => {
        Object.assign(svc.spec, {
          type,
          loadBalancerSourceRanges: ['10.0.0.0/8'],
          loadBalancerClass: 'example.com/lb',
        });
      });
      expect(findings(objects).filter((line) => line.startsWith('service-spec'))).toEqual([
        `service-spec: loadBalancerSourceRanges is set on a ${type} Service; the API server takes it only for LoadBalancer (spec.LoadBalancerSourceRanges: Forbidden: may only be used when \`type\` is 'LoadBalancer')`,
        `service-spec: loadBalancerClass "example.com/lb" is set on a ${type} Service; the API server takes it only for LoadBalancer (spec.loadBalancerClass: Forbidden: may only be used when \`type\` is 'LoadBalancer')`,
      ]);
    }
  });

  it('refuses a loadBalancerClass that is not a qualified name', () => {
    const objects = withChange('Service', 'web', (svc) => {
      Object.assign(svc.spec, { type: 'LoadBalancer', loadBalancerClass: 'a/b/c' });
    });
    expect(
      runChecks(objects, TEST_ENV)
        .findings.filter((finding) => finding.rule === 'service-spec')
        .map((finding) => `${finding.message} | ${finding.fix}`),
    ).toEqual([
      'loadBalancerClass "a/b/c" is not a qualified name (a name of letters, digits, "-", "_" and ".", with an optional DNS subdomain and "/" before it) | name the load balancer implementation as its controller does, e.g. "example.com/internal-vip"',
    ]);
  });

  it('passes them on a LoadBalancer Service, with or without a prefix', () => {
    for (const loadBalancerClass of ['example.com/lb', 'nolb', 'service.k8s.aws/nlb']) {
      const objects = withChange('Service', 'web', (svc) => {
        Object.assign(svc.spec, {
          type: 'LoadBalancer',
          loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
          loadBalancerClass,
          externalTrafficPolicy: 'Local',
          internalTrafficPolicy: 'Local',
          publishNotReadyAddresses: true,
        });
      });
      expect(findings(objects).filter((line) => line.startsWith('service-spec'))).toEqual([]);
    }
  });
});

describe('service-spec: addresses, ranges, affinity and app protocols', () => {
  it('refuses a cluster IP, external IPs and source ranges that are not addresses, a day-long affinity exceeded, a protocol name with spaces', () => {
    const objects = withChange('Service', 'web', (svc) => {
      Object.assign(svc.spec, {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.300',
        externalIPs: ['203.0.113.10', 'edge-router'],
        loadBalancerSourceRanges: ['10.0.0.0/33'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } },
      });
      svc.spec.ports[0].appProtocol = 'my protocol';
    });
    expect(findings(objects).filter((line) => line.startsWith('service-spec'))).toEqual([
      'service-spec: clusterIP "10.0.0.300" is not an IP address (or "None" for a headless Service)',
      'service-spec: externalIPs has "edge-router", which is not an IP address',
      'service-spec: loadBalancerSourceRanges has "10.0.0.0/33", which is not an address block in CIDR notation',
      'service-spec: sessionAffinityConfig.clientIP.timeoutSeconds 86401 is not from 1 to 86400 (a day)',
      'service-spec: appProtocol "my protocol" of port 80 is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")',
    ]);
  });

  it('passes addresses of both families, a day of affinity and qualified protocol names', () => {
    const objects = withChange('Service', 'web', (svc) => {
      Object.assign(svc.spec, {
        clusterIP: '10.96.0.20',
        clusterIPs: ['10.96.0.20', 'fd00::20'],
        externalIPs: ['2001:db8::1'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
      });
      svc.spec.ports[0].appProtocol = 'kubernetes.io/h2c';
    });
    expect(findings(objects).filter((line) => line.startsWith('service-spec'))).toEqual([]);
  });
});

describe('service-spec: external IPs by release', () => {
  it('takes leading 0s and an IPv4-mapped address on 1.27 and refuses them from 1.36 on, and a zone on every release (as the 1.27 and 1.37 API servers do)', () => {
    const objects = withChange('Service', 'web', (svc) => {
      svc.spec.externalIPs = ['010.0.0.1', '::ffff:10.0.0.2', 'fe80::1%eth0'];
    });
    const messages = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'service-spec')
        .map((finding) => `${finding.message} | ${finding.fix}`);
    expect(messages('1.27')).toEqual([
      'externalIPs has "fe80::1%eth0", which is not an IP address | list the addresses of the nodes or routers that receive the traffic, e.g. "203.0.113.10"',
    ]);
    expect(messages('1.37')).toEqual([
      'externalIPs has "010.0.0.1", which has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on) | write "10.0.0.1"',
      'externalIPs has "::ffff:10.0.0.2", which is an IPv4-mapped IPv6 address, which Kubernetes 1.37 refuses (from 1.36 on) | write "10.0.0.2"',
      'externalIPs has "fe80::1%eth0", which is not an IP address | list the addresses of the nodes or routers that receive the traffic, e.g. "203.0.113.10"',
    ]);
  });
});

describe('endpoints-spec', () => {
  it('passes the Endpoints and the EndpointSlice as written', () => {
    expect(rawFindings('Endpoints', 'raw-external-db', () => undefined)).toEqual([]);
    expect(rawFindings('EndpointSlice', 'raw-external-cache-1', () => undefined)).toEqual([]);
  });

  it('fires for an EndpointSlice port name that is no DNS-1123 label or repeats, and an address not of its type', () => {
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.ports = [{ ...slice.ports[0], name: 'REDIS' }, slice.ports[0], { ...slice.ports[0], port: 6380 }];
        slice.endpoints[0].addresses = ['fd00::1'];
      }),
    ).toEqual([
      'endpoints-spec: endpoints[0].addresses[0] "fd00::1" is not an IPv4 address',
      'endpoints-spec: ports[0].name "REDIS" is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
      'endpoints-spec: ports[2].name "redis" is the name of an earlier port',
    ]);
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.endpoints[0].addresses = ['127.0.0.1', 'x'];
        slice.endpoints[0].hostname = 'Cache';
      }),
    ).toEqual([
      'endpoints-spec: endpoints[0].addresses[0] "127.0.0.1" is in the loopback range (127.0.0.0/8, ::1/128): the API server takes the address of a pod or host, not of this node or no one',
      'endpoints-spec: endpoints[0].addresses[1] "x" is not an IP address: the API server takes the address of a pod or host, not of this node or no one',
      'endpoints-spec: endpoints[0].hostname "Cache" is not a DNS-1123 label',
    ]);
  });

  it('fires for an Endpoints address that is link-local, a port outside 1-65535, and an unnamed port beside another', () => {
    expect(
      rawFindings('Endpoints', 'raw-external-db', (endpoints) => {
        endpoints.subsets[0].addresses[0].ip = '169.254.0.5';
        endpoints.subsets[0].ports = [
          { port: 0, protocol: 'TCP' },
          { name: 'metrics', port: 9187 },
        ];
      }),
    ).toEqual([
      'endpoints-spec: subsets[0].addresses[0].ip "169.254.0.5" is in the link-local range (169.254.0.0/16, fe80::/10): the API server takes the address of a pod or host, not of this node or no one',
      'endpoints-spec: subsets[0].ports[0] has no name, which a subset of several ports needs',
      'endpoints-spec: subsets[0].ports[0].port 0 is outside 1-65535',
    ]);
    expect(rawFindings('Endpoints', 'raw-external-db', (endpoints) => (endpoints.subsets[0].addresses = []))).toEqual([
      'endpoints-spec: subsets[0] has neither addresses nor notReadyAddresses',
    ]);
  });
});

// Verdicts of dry runs on 1.27 and 1.37 (both the same): each refused change below was refused, each passed one taken.
describe('service-spec: cluster IPs and IP families', () => {
  const serviceSpec = (change: (spec: AnyManifest) => void) =>
    findings(withChange('Service', 'web', (svc) => change(svc.spec))).filter((line) => line.startsWith('service-spec'));

  it('refuses clusterIPs without clusterIP or not led by it, two of one family, None beside an address', () => {
    expect(serviceSpec((spec) => (spec.clusterIPs = ['10.96.100.12']))).toEqual([
      'service-spec: clusterIPs ["10.96.100.12"] is set without clusterIP; the API server takes clusterIPs only when clusterIP is their first',
    ]);
    expect(
      serviceSpec((spec) => Object.assign(spec, { clusterIP: '10.96.100.10', clusterIPs: ['10.96.100.11'] })),
    ).toEqual([
      'service-spec: clusterIPs ["10.96.100.11"] does not start with clusterIP "10.96.100.10"; the API server takes clusterIPs only when clusterIP is their first',
    ]);
    expect(
      serviceSpec((spec) =>
        Object.assign(spec, {
          clusterIP: '10.96.100.10',
          clusterIPs: ['10.96.100.10', '10.96.100.11'],
          ipFamilyPolicy: 'PreferDualStack',
        }),
      ),
    ).toEqual([
      'service-spec: clusterIPs ["10.96.100.10","10.96.100.11"] has two IPv4 addresses; at most one per IP family',
    ]);
    expect(
      serviceSpec((spec) => Object.assign(spec, { clusterIP: 'None', clusterIPs: ['None', '10.96.100.11'] })),
    ).toEqual([
      'service-spec: clusterIPs ["None","10.96.100.11"] has "None" beside an address; "None" must be the only value',
    ]);
  });

  it('refuses repeated IP families, SingleStack with two, and a cluster IP of another family than its ipFamilies entry', () => {
    expect(
      serviceSpec((spec) => Object.assign(spec, { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv4'] })),
    ).toEqual(['service-spec: ipFamilies ["IPv4","IPv4"] names IPv4 twice; give each family once']);
    expect(
      serviceSpec((spec) => Object.assign(spec, { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] })),
    ).toEqual([
      'service-spec: ipFamilyPolicy SingleStack is set with 2 IP families; the API server wants PreferDualStack or RequireDualStack then',
    ]);
    expect(serviceSpec((spec) => Object.assign(spec, { clusterIP: '10.96.100.13', ipFamilies: ['IPv6'] }))).toEqual([
      'service-spec: clusterIPs[0] "10.96.100.13" is not an IPv6 address, as ipFamilies[0] says it is',
    ]);
  });

  it('passes one family asked for PreferDualStack, RequireDualStack alone, a headless Service of a family', () => {
    expect(
      serviceSpec((spec) => Object.assign(spec, { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] })),
    ).toEqual([]);
    expect(serviceSpec((spec) => (spec.ipFamilyPolicy = 'RequireDualStack'))).toEqual([]);
    expect(serviceSpec((spec) => Object.assign(spec, { clusterIP: 'None', ipFamilies: ['IPv6'] }))).toEqual([]);
  });

  it('refuses cluster IPs and IP families on an ExternalName Service', () => {
    const externalName = (extra: AnyManifest) =>
      findings(
        withObjects(service('legacy', { type: 'ExternalName', externalName: 'db.example.com', ...extra })),
      ).filter((line) => line.startsWith('service-spec'));
    expect(externalName({ clusterIP: '10.96.100.20', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' })).toEqual([
      'service-spec: clusterIP "10.96.100.20" is set on an ExternalName Service, which the API server refuses (an ExternalName Service has no cluster IP)',
      'service-spec: ipFamilies is set on an ExternalName Service, which the API server refuses (an ExternalName Service has no cluster IP)',
      'service-spec: ipFamilyPolicy is set on an ExternalName Service, which the API server refuses (an ExternalName Service has no cluster IP)',
    ]);
    expect(externalName({})).toEqual([]);
  });
});

describe('service-spec: allocateLoadBalancerNodePorts and healthCheckNodePort', () => {
  const serviceSpec = (fields: AnyManifest) =>
    findings(withChange('Service', 'web', (svc) => Object.assign(svc.spec, fields))).filter((line) =>
      line.startsWith('service-spec'),
    );

  it('refuses allocateLoadBalancerNodePorts on a ClusterIP or NodePort Service, passes it on a LoadBalancer', () => {
    expect(serviceSpec({ allocateLoadBalancerNodePorts: false })).toEqual([
      'service-spec: allocateLoadBalancerNodePorts is set on a ClusterIP Service; the API server takes it only for LoadBalancer',
    ]);
    expect(serviceSpec({ type: 'NodePort', allocateLoadBalancerNodePorts: true })).toEqual([
      'service-spec: allocateLoadBalancerNodePorts is set on a NodePort Service; the API server takes it only for LoadBalancer',
    ]);
    expect(serviceSpec({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false })).toEqual([]);
  });

  it('refuses healthCheckNodePort but on a LoadBalancer of externalTrafficPolicy Local, and outside 1-65535', () => {
    expect(serviceSpec({ healthCheckNodePort: 30555 })).toEqual([
      'service-spec: healthCheckNodePort 30555 is set on a ClusterIP Service of externalTrafficPolicy Cluster; the API server takes it only for a LoadBalancer Service of externalTrafficPolicy Local',
    ]);
    expect(serviceSpec({ type: 'LoadBalancer', healthCheckNodePort: 30556 })).toHaveLength(1);
    expect(serviceSpec({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 })).toEqual([
      'service-spec: healthCheckNodePort 70000 is outside 1-65535',
    ]);
    expect(serviceSpec({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30557 })).toEqual(
      [],
    );
  });

  it('refuses external IPs that are loopback, unspecified or link-local (any form), passes another multicast one', () => {
    expect(
      serviceSpec({ externalIPs: ['0:0:0:0:0:0:0:1', '0.0.0.0', '169.254.169.254', '224.0.0.1', '239.1.1.1'] }),
    ).toEqual([
      'service-spec: externalIPs has "0:0:0:0:0:0:0:1", which is in the loopback range (127.0.0.0/8, ::1/128)',
      'service-spec: externalIPs has "0.0.0.0", which is unspecified (0.0.0.0, ::)',
      'service-spec: externalIPs has "169.254.169.254", which is in the link-local range (169.254.0.0/16, fe80::/10)',
      'service-spec: externalIPs has "224.0.0.1", which is in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ]);
  });

  it('takes source ranges with bits beyond the prefix on 1.27 and refuses them from 1.36 on', () => {
    const objects = withChange('Service', 'web', (svc) =>
      Object.assign(svc.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.5/24'] }),
    );
    const messages = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'service-spec')
        .map((finding) => `${finding.message} | ${finding.fix}`);
    expect(messages('1.27')).toEqual([]);
    expect(messages('1.37')).toEqual([
      'loadBalancerSourceRanges has "203.0.113.5/24", which has bits set beyond its prefix length, which Kubernetes 1.37 refuses (from 1.36 on) | write "203.0.113.0/24"',
    ]);
  });
});

describe('endpoints-spec: node names, app protocols, hints, special addresses', () => {
  it('refuses Endpoints of a node name that is no DNS subdomain, an app protocol that is no qualified name, an IPv6 loopback written long', () => {
    expect(
      rawFindings('Endpoints', 'raw-external-db', (endpoints) => {
        endpoints.subsets[0].addresses = [{ ip: '10.20.0.10', nodeName: 'Node_1' }];
        endpoints.subsets[0].notReadyAddresses = [{ ip: '0:0:0:0:0:0:0:1' }, { ip: 'ff12::1' }];
        endpoints.subsets[0].ports[0].appProtocol = 'a b';
      }),
    ).toEqual([
      'endpoints-spec: subsets[0].addresses[0].nodeName "Node_1" is not a node name (a DNS-1123 subdomain)',
      'endpoints-spec: subsets[0].notReadyAddresses[0].ip "0:0:0:0:0:0:0:1" is in the loopback range (127.0.0.0/8, ::1/128): the API server takes the address of a pod or host, not of this node or no one',
      'endpoints-spec: subsets[0].notReadyAddresses[1].ip "ff12::1" is in the link-local multicast range (224.0.0.0/24, ff02::/10): the API server takes the address of a pod or host, not of this node or no one',
      'endpoints-spec: subsets[0].ports[0].appProtocol "a b" is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")',
    ]);
  });

  it('refuses an EndpointSlice of a bad node name, app protocol and zone hints (more than 8, repeated, no label value)', () => {
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.endpoints[0].nodeName = 'Node_1';
        slice.endpoints[0].hints = { forZones: [{ name: 'zone a' }, { name: 'z1' }, { name: 'z1' }] };
        slice.ports[0].appProtocol = 'bad proto';
      }),
    ).toEqual([
      'endpoints-spec: endpoints[0].nodeName "Node_1" is not a node name (a DNS-1123 subdomain)',
      'endpoints-spec: endpoints[0].hints.forZones[0].name "zone a" is not a label value (at most 63 letters, digits, "-", "_" or ".")',
      'endpoints-spec: endpoints[0].hints.forZones[2].name "z1" is the name of an earlier zone hint',
      'endpoints-spec: ports[0].appProtocol "bad proto" is not a protocol name (a qualified name such as "http", "kubernetes.io/h2c" or "example.com/custom")',
    ]);
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.endpoints[0].hints = { forZones: Array.from({ length: 9 }, (_, index) => ({ name: `z${index}` })) };
      }),
    ).toEqual(['endpoints-spec: endpoints[0].hints.forZones has 9 zones; at most 8']);
    expect(
      rawFindings('EndpointSlice', 'raw-external-cache-1', (slice) => {
        slice.endpoints[0].hints = { forZones: [{ name: '' }, { name: 'zone-a' }] };
        slice.ports[0].appProtocol = 'kubernetes.io/h2c';
      }),
    ).toEqual([]);
  });

  it('refuses a node hint that is no node name (1.37; 1.27 knows no forNodes, which the schema reports)', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'cache-1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'cache' } },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['10.20.0.20'],
          hints: { forNodes: [{ name: 'Node_1' }, { name: 'node-2' }, { name: 'node-2' }] },
        },
      ],
    };
    const objects = (release: string) =>
      runChecks(withObjects(slice), { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'endpoints-spec')
        .map((finding) => `${finding.rule}: ${finding.message}`);
    expect(objects('1.37')).toEqual([
      'endpoints-spec: endpoints[0].hints.forNodes[0].name "Node_1" is not a node name (a DNS-1123 subdomain)',
      'endpoints-spec: endpoints[0].hints.forNodes[2].name "node-2" is the name of an earlier node hint',
    ]);
  });
});

describe('endpoints-spec: EndpointSlice addresses by release', () => {
  const slice = (addressType: string, addresses: string[]) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'cache-1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'cache' } },
    addressType,
    endpoints: [{ addresses }],
  });
  const messages = (manifest: AnyManifest, release: string) =>
    runChecks(withObjects(manifest), { ...TEST_ENV, kubernetesVersion: release })
      .findings.filter((finding) => finding.rule === 'endpoints-spec')
      .map((finding) => finding.message);

  it('takes IPv6 addresses not in canonical form and IPv4 ones of leading 0s on 1.27, and refuses them from 1.36 on', () => {
    const six = slice('IPv6', ['fd00:0:0:0:0:0:0:1', 'FD00::2', 'fd00::3']);
    const four = slice('IPv4', ['010.1.2.3']);
    expect(messages(six, '1.27')).toEqual([]);
    expect(messages(four, '1.27')).toEqual([]);
    expect(messages(six, '1.37')).toEqual([
      'endpoints[0].addresses[0] "fd00:0:0:0:0:0:0:1" is not in canonical form ("fd00::1"), which Kubernetes 1.37 refuses in an EndpointSlice (from 1.36 on)',
      'endpoints[0].addresses[1] "FD00::2" is not in canonical form ("fd00::2"), which Kubernetes 1.37 refuses in an EndpointSlice (from 1.36 on)',
    ]);
    expect(messages(four, '1.37')).toEqual([
      'endpoints[0].addresses[0] "010.1.2.3" has leading 0s, which Kubernetes 1.37 refuses (from 1.36 on): the API server takes the address of a pod or host, not of this node or no one',
    ]);
  });
});
