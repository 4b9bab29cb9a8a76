import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { synthesize } from '../../lib/synthesize';
import { AnyManifest, find, tempDir } from '../helpers';
import { buildMultiPort } from './multi-port-app';

const MONITORING_PEER = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };

describe.each(['dev', 'prod'] as const)('servers of more than one port through the public API, in %s', (name) => {
  const pods = (workload: string) => ({
    podSelector: {
      matchLabels: { 'app.kubernetes.io/instance': `multi-port-${name}`, 'app.kubernetes.io/name': workload },
    },
  });
  let manifests: AnyManifest[];
  let warnings: readonly unknown[];

  beforeAll(() => {
    const outdir = tempDir();
    // Throws when a check of the gate finds a problem.
    const [result] = synthesize({
      outdir,
      environments: [parseEnvironment(name, ENVIRONMENTS[name])],
      build: buildMultiPort,
      maps: false,
    });
    warnings = result.warnings;
    manifests = parseAllDocuments(fs.readFileSync(path.join(outdir, name, 'multi-port.k8s.yaml'), 'utf8'))
      .map((document) => document.toJSON())
      .filter((manifest) => manifest !== null && typeof manifest.kind === 'string');
  });

  it('passes the gate without a warning', () => {
    expect(warnings).toEqual([]);
  });

  it('maps every port by name, with its protocol, on the Service', () => {
    expect(find(manifests, 'Service', 'api').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'grpc', port: 90, targetPort: 'grpc' },
      { name: 'metrics', port: 9090, targetPort: 'metrics' },
    ]);
    expect(find(manifests, 'Service', 'resolver').spec.ports).toEqual([
      { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp' },
      { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
      { name: 'diameter', port: 3868, targetPort: 'diameter', protocol: 'SCTP' },
      { name: 'metrics', port: 9153, targetPort: 'metrics' },
    ]);
  });

  it('opens each port to its own clients only', () => {
    expect(find(manifests, 'NetworkPolicy', 'api-allow-ingress').spec.ingress).toEqual([
      { from: [pods('web')], ports: [{ port: 'http', protocol: 'TCP' }] },
      { from: [pods('web')], ports: [{ port: 'grpc', protocol: 'TCP' }] },
      { from: [MONITORING_PEER], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
    expect(find(manifests, 'NetworkPolicy', 'resolver-allow-ingress').spec.ingress).toEqual([
      {
        from: [pods('api')],
        ports: [
          { port: 'dns-tcp', protocol: 'TCP' },
          { port: 'dns', protocol: 'UDP' },
          { port: 'diameter', protocol: 'SCTP' },
        ],
      },
      { from: [MONITORING_PEER], ports: [{ port: 'metrics', protocol: 'TCP' }] },
    ]);
  });

  it('routes only the HTTP port through the Ingress, and lets its controller reach it alone', () => {
    expect(find(manifests, 'Ingress', 'api').spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 80 });
    expect(find(manifests, 'NetworkPolicy', 'api-to-api').spec.ingress[0].ports).toEqual([
      { port: 'http', protocol: 'TCP' },
    ]);
  });
});
