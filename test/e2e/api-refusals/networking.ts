import { RELAXED_SERVICE_NAMES } from '../../../lib/checks/value-rules';
import { Patch, Refusal, RefusalTables, object, selectorOf } from './builders';

const service = (spec: Patch) => ({ spec: { selector: { app: 'refusal' }, ports: [{ port: 80 }], ...spec } });
const networkPolicy = (spec: Patch) => object('networking.k8s.io/v1', 'NetworkPolicy', { spec });
const ingress = (spec: Patch, annotations?: Record<string, string>) => {
  const made = object('networking.k8s.io/v1', 'Ingress', { spec });
  return annotations === undefined ? made : { ...made, metadata: { ...made.metadata, annotations } };
};
const backend = (port: Patch) => ({ service: { name: 'web', port } });
const ipAddress = (name: string) => ({
  ...object('networking.k8s.io/v1', 'IPAddress', {}, false),
  metadata: { name },
  spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'refusal' } },
});
const endpointSlice = (body: Patch) =>
  object('discovery.k8s.io/v1', 'EndpointSlice', {
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.20.0.20'] }],
    ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }],
    ...body,
  });
const endpoints = (subset: Patch) =>
  object('v1', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.20.0.10' }], ports: [{ port: 5432 }], ...subset }] });
const ingressClass = (spec: Patch) =>
  object('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'k8s.io/ingress-nginx', ...spec } }, false);
/** From 1.36 (StrictIPCIDRValidation) the API server refuses CIDRs of leading 0s, IPv4-mapped or with host bits. */
const STRICT_CIDRS_SINCE = '1.36';
/** The release from which the servers serve ServiceCIDR and IPAddress as v1 (1.37 is the one tested). */
const SERVICE_CIDRS_SINCE = '1.37';
const UNNAMED_AND_NAMED_PORTS = [
  { name: '', port: 80 },
  { name: 'https', port: 443 },
];

/** Services, Endpoints, EndpointSlices, Ingresses, IngressClasses, NetworkPolicies, ServiceCIDRs and IPAddresses. */
export const NETWORKING: RefusalTables = {
  refusedEverywhere: [
    [
      'a Service of two ports, one named "" (no name)',
      'service-ports',
      object('v1', 'Service', service({ ports: UNNAMED_AND_NAMED_PORTS })),
    ],
    [
      'a Service sessionAffinity in the wrong case',
      'enum-values',
      object('v1', 'Service', service({ sessionAffinity: 'clientip' })),
    ],
    [
      'an externalTrafficPolicy in the wrong case',
      'enum-values',
      object('v1', 'Service', service({ type: 'NodePort', externalTrafficPolicy: 'local' })),
    ],
    [
      'externalTrafficPolicy on a ClusterIP Service',
      'service-spec',
      object('v1', 'Service', service({ externalTrafficPolicy: 'Local' })),
    ],
    [
      'an internalTrafficPolicy in the wrong case',
      'enum-values',
      object('v1', 'Service', service({ internalTrafficPolicy: 'local' })),
    ],
    [
      'an ipFamilyPolicy in the wrong case',
      'enum-values',
      object('v1', 'Service', service({ ipFamilyPolicy: 'singlestack' })),
    ],
    [
      'an ingressClassName with upper case and "_"',
      'ingress-spec',
      ingress({ ingressClassName: 'Nginx_Class', defaultBackend: backend({ number: 80 }) }),
    ],
    [
      'a backend port by number and by name',
      'ingress-spec',
      ingress({ defaultBackend: backend({ number: 80, name: 'http' }) }),
    ],
    ['a backend of neither a Service nor a resource', 'ingress-spec', ingress({ defaultBackend: {} })],
    ['a backend Service without a port', 'ingress-spec', ingress({ defaultBackend: { service: { name: 'web' } } })],
    [
      'a backend of both a Service and a resource',
      'ingress-spec',
      ingress({ defaultBackend: { ...backend({ number: 80 }), resource: { kind: 'Bucket', name: 'static' } } }),
    ],
    [
      'a NetworkPolicy selector operator misspelt',
      'selector-syntax',
      networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'Inn', values: ['b'] }) }),
    ],
    [
      'Exists with values in a NetworkPolicy',
      'selector-syntax',
      networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'Exists', values: ['b'] }) }),
    ],
    [
      'In without values in a NetworkPolicy',
      'selector-syntax',
      networkPolicy({ podSelector: selectorOf({ key: 'a', operator: 'In' }) }),
    ],
    [
      'a peer namespace selector operator in the wrong case',
      'selector-syntax',
      networkPolicy({
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: selectorOf({ key: 'a', operator: 'notin', values: ['b'] }) }] }],
      }),
    ],
    [
      'an except outside its cidr',
      'ip-block',
      networkPolicy({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }],
      }),
    ],
    [
      'an except equal to its cidr',
      'ip-block',
      networkPolicy({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] }],
      }),
    ],
    [
      'an ipBlock beside a pod selector',
      'ip-block',
      networkPolicy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }),
    ],
    ['an empty peer', 'ip-block', networkPolicy({ podSelector: {}, ingress: [{ from: [{}] }] })],
    [
      'an endPort below its port',
      'port-range',
      networkPolicy({ podSelector: {}, ingress: [{ ports: [{ port: 100, endPort: 50 }] }] }),
    ],
    [
      'an endPort after a named port',
      'port-range',
      networkPolicy({ podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 50 }] }] }),
    ],
    ['a cluster IP that is no address', 'service-spec', object('v1', 'Service', service({ clusterIP: '10.0.0.300' }))],
    [
      'an external IP that is no address',
      'service-spec',
      object('v1', 'Service', service({ externalIPs: ['edge-router'] })),
    ],
    [
      'a source range that is no CIDR block',
      'service-spec',
      object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['not-a-cidr'] })),
    ],
    [
      'source ranges on a NodePort Service',
      'service-spec',
      object('v1', 'Service', service({ type: 'NodePort', loadBalancerSourceRanges: ['10.0.0.0/8'] })),
    ],
    [
      'a load balancer class on a ClusterIP Service',
      'service-spec',
      object('v1', 'Service', service({ loadBalancerClass: 'example.com/lb' })),
    ],
    [
      'a load balancer class that is no qualified name',
      'service-spec',
      object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerClass: 'a/b/c' })),
    ],
    [
      'an empty load balancer class',
      'service-spec',
      object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerClass: '' })),
    ],
    [
      'a ClientIP affinity of more than a day',
      'service-spec',
      object(
        'v1',
        'Service',
        service({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
      ),
    ],
    [
      'an appProtocol with a space',
      'service-spec',
      object('v1', 'Service', service({ ports: [{ port: 80, appProtocol: 'my protocol' }] })),
    ],
    ...['10.0.0.1', '010.000.000.001'].map((host): Refusal => [
      `an IP address (${host}) as an Ingress rule host`,
      'ingress-spec',
      ingress({
        rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] } }],
      }),
    ]),
    [
      'a TLS host with upper case',
      'ingress-spec',
      ingress({ tls: [{ hosts: ['Shop.example.com'] }], defaultBackend: backend({ number: 80 }) }),
    ],
    [
      'a TLS secret name with upper case',
      'ingress-spec',
      ingress({
        tls: [{ hosts: ['shop.example.com'], secretName: 'Web_TLS' }],
        defaultBackend: backend({ number: 80 }),
      }),
    ],
    [
      'an EndpointSlice of a loopback address',
      'endpoints-spec',
      endpointSlice({ endpoints: [{ addresses: ['127.0.0.1'] }] }),
    ],
    [
      'an EndpointSlice port name in upper case',
      'endpoints-spec',
      endpointSlice({ ports: [{ name: 'REDIS', port: 6379 }] }),
    ],
    ['an EndpointSlice of no address type', 'enum-values', endpointSlice({ addressType: 'IP' })],
    ['Endpoints of port 0', 'endpoints-spec', endpoints({ ports: [{ port: 0 }] })],
    [
      'Endpoints of an IPv6 loopback written long',
      'endpoints-spec',
      endpoints({ addresses: [{ ip: '0:0:0:0:0:0:0:1' }] }),
    ],
    [
      'Endpoints of a not-ready link-local multicast address',
      'endpoints-spec',
      endpoints({ notReadyAddresses: [{ ip: 'ff12::1' }] }),
    ],
    [
      'Endpoints of a node name with "_"',
      'endpoints-spec',
      endpoints({ addresses: [{ ip: '10.20.0.10', nodeName: 'Node_1' }] }),
    ],
    [
      'Endpoints of an appProtocol with a space',
      'endpoints-spec',
      endpoints({ ports: [{ port: 5432, appProtocol: 'a b' }] }),
    ],
    [
      'an EndpointSlice of a link-local multicast IPv6 address',
      'endpoints-spec',
      endpointSlice({ addressType: 'IPv6', endpoints: [{ addresses: ['ff12::1'] }] }),
    ],
    [
      'an EndpointSlice endpoint of a node name with "_"',
      'endpoints-spec',
      endpointSlice({ endpoints: [{ addresses: ['10.20.0.20'], nodeName: 'Node_1' }] }),
    ],
    [
      'an EndpointSlice port of an appProtocol with a space',
      'endpoints-spec',
      endpointSlice({ ports: [{ name: 'redis', port: 6379, appProtocol: 'bad proto' }] }),
    ],
    [
      'an EndpointSlice zone hint that is no label value',
      'endpoints-spec',
      endpointSlice({ endpoints: [{ addresses: ['10.20.0.20'], hints: { forZones: [{ name: 'zone a' }] } }] }),
    ],
    [
      'an EndpointSlice zone hint given twice',
      'endpoints-spec',
      endpointSlice({
        endpoints: [{ addresses: ['10.20.0.20'], hints: { forZones: [{ name: 'z1' }, { name: 'z1' }] } }],
      }),
    ],
    [
      'an EndpointSlice of 9 zone hints',
      'endpoints-spec',
      endpointSlice({
        endpoints: [
          { addresses: ['10.20.0.20'], hints: { forZones: [...'123456789'].map((zone) => ({ name: `z${zone}` })) } },
        ],
      }),
    ],
    ...['127.0.0.1', '0.0.0.0', '169.254.169.254', '::1', '224.0.0.1'].map((ip): Refusal => [
      `a Service of external IP ${ip}`,
      'service-spec',
      object('v1', 'Service', service({ externalIPs: [ip] })),
    ]),
    [
      'a Service of clusterIPs without clusterIP',
      'service-spec',
      object('v1', 'Service', service({ clusterIPs: ['10.96.100.12'] })),
    ],
    [
      'a Service whose clusterIPs does not start with its clusterIP',
      'service-spec',
      object('v1', 'Service', service({ clusterIP: '10.96.100.10', clusterIPs: ['10.96.100.11'] })),
    ],
    [
      'a Service of two IPv4 clusterIPs',
      'service-spec',
      object(
        'v1',
        'Service',
        service({
          clusterIP: '10.96.100.10',
          clusterIPs: ['10.96.100.10', '10.96.100.11'],
          ipFamilyPolicy: 'PreferDualStack',
        }),
      ),
    ],
    [
      'a Service of IPv4 twice in ipFamilies',
      'service-spec',
      object('v1', 'Service', service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv4'] })),
    ],
    [
      'a SingleStack Service of two IP families',
      'service-spec',
      object('v1', 'Service', service({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] })),
    ],
    [
      'a Service of an IPv4 cluster IP and ipFamilies IPv6',
      'service-spec',
      object('v1', 'Service', service({ clusterIP: '10.96.100.13', ipFamilies: ['IPv6'] })),
    ],
    ...(
      [
        ['a cluster IP', { clusterIP: '10.96.100.20' }],
        ['ipFamilies', { ipFamilies: ['IPv4'] }],
        ['an ipFamilyPolicy', { ipFamilyPolicy: 'SingleStack' }],
      ] as const
    ).map(([what, fields]): Refusal => [
      `an ExternalName Service of ${what}`,
      'service-spec',
      object('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'db.example.com', ...fields } }),
    ]),
    [
      'a ClusterIP Service of allocateLoadBalancerNodePorts',
      'service-spec',
      object('v1', 'Service', service({ allocateLoadBalancerNodePorts: false })),
    ],
    [
      'a NodePort Service of allocateLoadBalancerNodePorts',
      'service-spec',
      object('v1', 'Service', service({ type: 'NodePort', allocateLoadBalancerNodePorts: true })),
    ],
    [
      'a ClusterIP Service of a healthCheckNodePort',
      'service-spec',
      object('v1', 'Service', service({ healthCheckNodePort: 30555 })),
    ],
    [
      'a LoadBalancer Service of policy Cluster and a healthCheckNodePort',
      'service-spec',
      object('v1', 'Service', service({ type: 'LoadBalancer', healthCheckNodePort: 30556 })),
    ],
    [
      'a healthCheckNodePort of 70000',
      'service-spec',
      object(
        'v1',
        'Service',
        service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 }),
      ),
    ],
    ...['HTTP', 'averyverylongname', '123', 'a--b'].map((name): Refusal => [
      `a Service targetPort named ${JSON.stringify(name)}`,
      'port-name',
      object('v1', 'Service', service({ ports: [{ port: 80, targetPort: name }] })),
    ]),
    ...['my_port', 'HTTP', 'averyverylongname'].map((name): Refusal => [
      `an Ingress backend port named ${JSON.stringify(name)}`,
      'port-name',
      ingress({ defaultBackend: backend({ name }) }),
    ]),
    ['an Ingress backend port of 70000', 'ingress-spec', ingress({ defaultBackend: backend({ number: 70000 }) })],
    ['an Ingress backend port of 0 (none)', 'ingress-spec', ingress({ defaultBackend: backend({ number: 0 }) })],
    [
      'an Ingress resource backend of an apiGroup with "_"',
      'ingress-spec',
      ingress({ defaultBackend: { resource: { apiGroup: 'K8s_example', kind: 'Bucket', name: 'static' } } }),
    ],
    [
      'an Ingress resource backend of a name with "/"',
      'ingress-spec',
      ingress({ defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'a/b' } } }),
    ],
    [
      'an Ingress resource backend of kind ""',
      'ingress-spec',
      ingress({ defaultBackend: { resource: { kind: '', name: 'static' } } }),
    ],
    [
      'an Ingress whose class annotation is another class than ingressClassName',
      'ingress-spec',
      ingress(
        { ingressClassName: 'nginx', defaultBackend: backend({ number: 80 }) },
        { 'kubernetes.io/ingress.class': 'traefik' },
      ),
    ],
    [
      'a NetworkPolicy of three policyTypes',
      'ip-block',
      networkPolicy({ podSelector: {}, policyTypes: ['Ingress', 'Ingress', 'Egress'] }),
    ],
    [
      'an IngressClass whose controller has no domain',
      'ingress-class-spec',
      ingressClass({ controller: 'ingress-nginx' }),
    ],
    [
      'an IngressClass of Cluster parameters with a namespace',
      'ingress-class-spec',
      ingressClass({ parameters: { kind: 'Params', name: 'lb', scope: 'Cluster', namespace: 'default' } }),
    ],
    [
      'an IngressClass without a controller',
      'ingress-class-spec',
      object('networking.k8s.io/v1', 'IngressClass', { spec: {} }, false),
    ],
  ],
  byRelease: [
    [
      RELAXED_SERVICE_NAMES,
      [
        'a Service named with a digit first',
        'object-name',
        { ...object('v1', 'Service', service({})), metadata: { name: '1web', namespace: 'default' } },
      ],
    ],
    [
      RELAXED_SERVICE_NAMES,
      [
        'an Ingress backend named with a digit first',
        'ingress-spec',
        ingress({ defaultBackend: { service: { name: '1web', port: { number: 80 } } } }),
      ],
    ],
  ],
  refusedSince: [
    ...(
      [
        ['a NetworkPolicy ipBlock cidr with bits beyond its prefix', { cidr: '10.1.2.3/8' }],
        ['a NetworkPolicy ipBlock except with bits beyond its prefix', { cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] }],
        ['a NetworkPolicy ipBlock cidr of leading 0s', { cidr: '010.0.0.0/8' }],
        ['a NetworkPolicy ipBlock cidr of an IPv4-mapped address', { cidr: '::ffff:10.0.0.0/104' }],
      ] as const
    ).map(
      ([name, ipBlock]) =>
        [
          STRICT_CIDRS_SINCE,
          [name, 'ip-block', networkPolicy({ podSelector: {}, ingress: [{ from: [{ ipBlock }] }] })],
        ] as const,
    ),
    [
      STRICT_CIDRS_SINCE,
      [
        'a loadBalancerSourceRanges entry with bits beyond its prefix',
        'service-spec',
        object('v1', 'Service', service({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.5/24'] })),
      ],
    ],
  ],
  refusedWhereServed: [
    [
      SERVICE_CIDRS_SINCE,
      [
        'a ServiceCIDR of a CIDR not in canonical form',
        'service-cidr-spec',
        object('networking.k8s.io/v1', 'ServiceCIDR', { spec: { cidrs: ['10.250.0.1/24'] } }, false),
      ],
    ],
    [
      SERVICE_CIDRS_SINCE,
      ['an IPAddress of a name not in canonical form', 'service-cidr-spec', ipAddress('2001:DB8::A')],
    ],
  ],
  acceptedEverywhere: [
    ['a Service of one port named "" (no name)', object('v1', 'Service', service({ ports: [{ name: '', port: 80 }] }))],
    ['a NetworkPolicy without spec (podSelector defaulted)', object('networking.k8s.io/v1', 'NetworkPolicy', {})],
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    ['a NetworkPolicy without podSelector (all pods)', networkPolicy({ policyTypes: ['Ingress'] })],
    // Fields the OpenAPI document marks required (1.27's, or both) that the server takes without (DEFAULTED_REQUIRED).
    ['an EndpointSlice without endpoints', object('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4' })],
    [
      'a NodePort Service with its traffic policies',
      object(
        'v1',
        'Service',
        service({
          type: 'NodePort',
          externalTrafficPolicy: 'Local',
          sessionAffinity: 'ClientIP',
          internalTrafficPolicy: 'Local',
          ipFamilyPolicy: 'SingleStack',
        }),
      ),
    ],
    [
      'an Ingress rule host that looks like an address, and an address as a TLS host',
      ingress({
        tls: [{ hosts: ['10.0.0.1'] }],
        rules: [
          {
            host: '10.0.0.1.nip.io',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] },
          },
        ],
      }),
    ],
    [
      'a LoadBalancer Service of a class, with source ranges, its traffic policies and unready addresses',
      object(
        'v1',
        'Service',
        service({
          type: 'LoadBalancer',
          loadBalancerClass: 'example.com/internal-vip',
          loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
          externalTrafficPolicy: 'Local',
          internalTrafficPolicy: 'Local',
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
          publishNotReadyAddresses: true,
        }),
      ),
    ],
    [
      'an Ingress of a class with a port by name',
      ingress({ ingressClassName: 'nginx', defaultBackend: backend({ name: 'http' }) }),
    ],
    [
      'an Ingress rule with an empty host (every host)',
      ingress({
        rules: [{ host: '', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend({ number: 80 }) }] } }],
      }),
    ],
    [
      'a NetworkPolicy with expressions',
      networkPolicy({
        podSelector: selectorOf({ key: 'a', operator: 'Exists' }),
        ingress: [{ from: [{ namespaceSelector: selectorOf({ key: 'team', operator: 'NotIn', values: ['x'] }) }] }],
      }),
    ],
    [
      'peers of an ipBlock with a strict except, selectors, and a port range',
      networkPolicy({
        podSelector: {},
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { podSelector: {} }],
            ports: [{ port: 8000, endPort: 8080 }],
          },
        ],
      }),
    ],
    [
      'a Service of set addresses, a day of affinity and an app protocol',
      object(
        'v1',
        'Service',
        service({
          type: 'LoadBalancer',
          clusterIP: '10.96.0.50',
          externalIPs: ['203.0.113.10'],
          loadBalancerSourceRanges: ['203.0.113.0/24'],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
          ports: [{ port: 80, appProtocol: 'kubernetes.io/h2c' }],
        }),
      ),
    ],
    [
      'an Ingress with wildcard TLS',
      ingress({ tls: [{ hosts: ['*.example.com'], secretName: 'web-tls' }], defaultBackend: backend({ number: 80 }) }),
    ],
    [
      'an EndpointSlice of named ports, a hostname and a zone',
      endpointSlice({
        endpoints: [{ addresses: ['10.20.0.20', '10.20.0.21'], hostname: 'cache-0', zone: 'zone-a' }],
        ports: [{ name: 'redis', port: 6379 }, { name: 'metrics', port: 9121, appProtocol: 'http' }, { port: 6380 }],
      }),
    ],
    [
      'an EndpointSlice of FQDN addresses',
      endpointSlice({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com'] }] }),
    ],
    [
      'Endpoints of named ports and a not-ready address',
      endpoints({
        notReadyAddresses: [{ ip: '10.20.0.11' }],
        ports: [
          { name: 'pg', port: 5432 },
          { name: 'm', port: 9187 },
        ],
      }),
    ],
    [
      'an IngressClass of Namespace parameters',
      ingressClass({
        controller: 'example.com/ingress/v2',
        parameters: {
          apiGroup: 'k8s.example.com',
          kind: 'Params',
          name: 'lb',
          scope: 'Namespace',
          namespace: 'default',
        },
      }),
    ],
    ['an IngressClass of parameters without a scope', ingressClass({ parameters: { kind: 'Params', name: 'lb' } })],
    ['Endpoints of a multicast address that is not link-local', endpoints({ addresses: [{ ip: '239.1.1.1' }] })],
    [
      'an EndpointSlice of a site-local multicast IPv6 address, a node name and a zone hint of ""',
      endpointSlice({
        addressType: 'IPv6',
        endpoints: [{ addresses: ['ff05::1'], nodeName: 'node-1.example', hints: { forZones: [{ name: '' }] } }],
      }),
    ],
    [
      'a NetworkPolicy of policyType Ingress twice',
      networkPolicy({ podSelector: {}, policyTypes: ['Ingress', 'Ingress'] }),
    ],
    [
      'an Ingress of a TLS secretName "" and a rule without http',
      ingress({
        defaultBackend: backend({ number: 80 }),
        tls: [{ hosts: ['a.example.com'], secretName: '' }],
        rules: [{ host: 'a.example.com' }],
      }),
    ],
    [
      'an Ingress whose class annotation is its ingressClassName',
      ingress(
        { ingressClassName: 'nginx', defaultBackend: backend({ number: 80 }) },
        { 'kubernetes.io/ingress.class': 'nginx' },
      ),
    ],
    [
      'an Ingress resource backend without apiGroup',
      ingress({ defaultBackend: { resource: { kind: 'StorageBucket', name: 'static' } } }),
    ],
    [
      'a Service targetPort of 0 (the port)',
      object('v1', 'Service', service({ ports: [{ port: 80, targetPort: 0 }] })),
    ],
    [
      'a Service targetPort named "http-alt"',
      object('v1', 'Service', service({ ports: [{ port: 80, targetPort: 'http-alt' }] })),
    ],
    [
      'a LoadBalancer Service of policy Local, a healthCheckNodePort and allocateLoadBalancerNodePorts false',
      object(
        'v1',
        'Service',
        service({
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          healthCheckNodePort: 30557,
          allocateLoadBalancerNodePorts: false,
        }),
      ),
    ],
    [
      'a Service of PreferDualStack and one family',
      object('v1', 'Service', service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] })),
    ],
    ['a Service of external IP 239.1.1.1', object('v1', 'Service', service({ externalIPs: ['239.1.1.1'] }))],
  ],
  acceptedWhereServed: [
    [
      SERVICE_CIDRS_SINCE,
      [
        'a ServiceCIDR of both families',
        object(
          'networking.k8s.io/v1',
          'ServiceCIDR',
          { spec: { cidrs: ['10.250.0.0/24', 'fd00:10:250::/112'] } },
          false,
        ),
      ],
    ],
    [SERVICE_CIDRS_SINCE, ['an IPAddress of an IPv6 address', ipAddress('fd00:10:250::a')]],
  ],
};
