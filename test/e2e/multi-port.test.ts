import * as path from 'path';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { MULTI_PORT_NAMESPACE, buildMultiPort } from '../constructs/multi-port-app';
import { tempDir } from '../helpers';
import { applyStrict, getJson, kubectlResult, serverRelease, waitFor } from './kubectl';

jest.setTimeout(180_000);

/**
 * The servers of more than one port of test/constructs/multi-port-app.ts (an API of HTTP, gRPC and metrics; a resolver
 * of TCP and UDP on one number, SCTP and metrics), synthesized for the release of the API server under test and
 * applied with strict field validation: the server takes the ports, protocols and per-port policies as written, and
 * its endpoint controller resolves each named targetPort, by name and protocol, to the container's port.
 */
const RELEASE = serverRelease();

interface SlicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

/** The ports of the EndpointSlices of a Service that have endpoints, by name. */
function slicePorts(service: string): SlicePort[] {
  const slices = getJson(['endpointslices', '-n', MULTI_PORT_NAMESPACE, '-l', `kubernetes.io/service-name=${service}`]);
  return slices.items
    .filter((slice: { endpoints?: unknown[] }) => (slice.endpoints ?? []).length > 0)
    .flatMap((slice: { ports?: SlicePort[] }) => slice.ports ?? [])
    .map(({ name, port, protocol }: SlicePort) => ({ name, port, protocol }))
    .sort((a: SlicePort, b: SlicePort) => a.name.localeCompare(b.name));
}

let file: string;

beforeAll(() => {
  // A namespace an earlier run left terminating takes no new objects.
  kubectlResult(['delete', 'namespace', MULTI_PORT_NAMESPACE, '--ignore-not-found', '--wait=true', '--timeout=120s']);
  const env = parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: RELEASE });
  const outdir = tempDir();
  synthesize({ outdir, environments: [env], build: buildMultiPort, maps: false });
  file = path.join(outdir, 'prod', 'multi-port.k8s.yaml');
});

afterAll(() => {
  kubectlResult(['delete', 'namespace', MULTI_PORT_NAMESPACE, '--ignore-not-found', '--wait=false']);
});

describe(`servers of more than one port on Kubernetes ${RELEASE}`, () => {
  it('are taken with strict field validation, without error or warning', () => {
    const result = applyStrict(file);
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
  });

  it('keep the ports as written: container ports, named Service ports and their protocols', () => {
    const container = getJson(['deployment', 'resolver', '-n', MULTI_PORT_NAMESPACE]).spec.template.spec.containers[0];
    expect(container.ports).toEqual([
      { containerPort: 5353, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 5353, name: 'dns', protocol: 'UDP' },
      { containerPort: 3868, name: 'diameter', protocol: 'SCTP' },
      { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
    ]);
    expect(getJson(['service', 'api', '-n', MULTI_PORT_NAMESPACE]).spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 90, targetPort: 'grpc', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    expect(getJson(['ingress', 'api', '-n', MULTI_PORT_NAMESPACE]).spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'api', port: { number: 80 } },
    });
  });

  it('keep each port open to its own clients: metrics to the monitoring namespace, the rest to the API', () => {
    const rules = getJson(['networkpolicy', 'resolver-allow-ingress', '-n', MULTI_PORT_NAMESPACE]).spec.ingress;
    expect(rules.map((rule: { ports: unknown[] }) => rule.ports)).toEqual([
      [
        { port: 'dns-tcp', protocol: 'TCP' },
        { port: 'dns', protocol: 'UDP' },
        { port: 'diameter', protocol: 'SCTP' },
      ],
      [{ port: 'metrics', protocol: 'TCP' }],
    ]);
    expect(rules[0].from[0].podSelector.matchLabels['app.kubernetes.io/name']).toBe('api');
    expect(rules[1].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expect(getJson(['networkpolicy', 'api-to-api', '-n', MULTI_PORT_NAMESPACE]).spec.ingress[0].ports).toEqual([
      { port: 'http', protocol: 'TCP' },
    ]);
  });

  it('resolve each named targetPort to its container port, by name and protocol', async () => {
    const expected = [
      { name: 'diameter', port: 3868, protocol: 'SCTP' },
      { name: 'dns', port: 5353, protocol: 'UDP' },
      { name: 'dns-tcp', port: 5353, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ];
    await waitFor('the endpoints of the resolver', () => slicePorts('resolver').length === expected.length, 120);
    expect(slicePorts('resolver')).toEqual(expected);
  });

  it('give no endpoint port to a named targetPort of another protocol, which the gate refuses (service-target-port)', async () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'resolver-mixed', namespace: MULTI_PORT_NAMESPACE },
      spec: {
        selector: getJson(['service', 'resolver', '-n', MULTI_PORT_NAMESPACE]).spec.selector,
        ports: [
          { name: 'right', port: 53, targetPort: 'dns', protocol: 'UDP' },
          { name: 'wrong', port: 54, targetPort: 'dns', protocol: 'TCP' },
        ],
      },
    };
    const result = kubectlResult(['apply', '--validate=strict', '-f', '-'], JSON.stringify(service));
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 0 });
    await waitFor('the endpoints of resolver-mixed', () => slicePorts('resolver-mixed').length > 0, 120);
    expect(slicePorts('resolver-mixed')).toEqual([{ name: 'right', port: 5353, protocol: 'UDP' }]);
  });
});
