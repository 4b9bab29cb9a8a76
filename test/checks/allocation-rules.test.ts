import { ingressRouteUnique, nodePortAllocated, volumeClaimedOnce } from '../../lib/checks/allocation-rules';
import { runChecks } from '../../lib/checks/run-checks';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { TEST_ENV, baseline } from './fixtures';

const IDS = new Set([nodePortAllocated.id, volumeClaimedOnce.id, ingressRouteUnique.id]);

function allocationFindings(...extra: AnyManifest[]): string[] {
  const objects: RenderedObject[] = [
    ...baseline(),
    ...extra.map((manifest, position) => ({ path: `test/extra${position}`, manifest })),
  ];
  return runChecks(objects, TEST_ENV)
    .findings.filter((finding) => IDS.has(finding.rule))
    .map((finding) => `${finding.rule} ${finding.object.manifest.metadata.name}: ${finding.message}`);
}

function nodePortService(name: string, namespace: string, nodePort: number, protocol = 'TCP'): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      type: 'NodePort',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ port: 80, targetPort: 8080, nodePort, protocol }],
    },
  };
}

function claim(name: string, volumeName: string): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'shop' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'manual',
      volumeName,
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

function ingress(name: string, namespace: string, host: string, path: string, extra: AnyManifest = {}): AnyManifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, ...(extra.annotations === undefined ? {} : { annotations: extra.annotations }) },
    spec: {
      ...(extra.className === undefined ? {} : { ingressClassName: extra.className }),
      rules: [
        {
          host,
          http: {
            paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    },
  };
}

describe('node-port-allocated', () => {
  it('refuses a node port another Service of the environment takes first, whatever its namespace or protocol', () => {
    expect(
      allocationFindings(nodePortService('web-a', 'shop', 30080), nodePortService('web-b', 'default', 30080, 'UDP')),
    ).toEqual([
      'node-port-allocated web-b: nodePort 30080 is taken by Service shop/web-a too: the API server allocates each node port to one Service of the cluster, and refuses this one (provided port is already allocated)',
    ]);
  });

  it('passes different node ports, and Services that leave the choice to the API server', () => {
    const chosen = nodePortService('web-c', 'shop', 30081);
    delete chosen.spec.ports[0].nodePort;
    expect(
      allocationFindings(nodePortService('web-a', 'shop', 30080), nodePortService('web-b', 'shop', 30082), chosen),
    ).toEqual([]);
  });
});

describe('volume-claimed-once', () => {
  it('refuses a claim of a PersistentVolume another claim binds first', () => {
    // The baseline's claim "data" binds data-pv.
    expect(allocationFindings(claim('more-data', 'data-pv'))).toEqual([
      'volume-claimed-once more-data: volumeName "data-pv" is bound by PersistentVolumeClaim shop/data too: a PersistentVolume binds one claim, so this one stays Pending, and so do the pods that mount it',
    ]);
  });
});

describe('ingress-route-unique', () => {
  it('refuses a host and path another Ingress of the same class routes first, in any namespace', () => {
    expect(
      allocationFindings(
        ingress('shop', 'shop', 'store.example.com', '/'),
        ingress('copy', 'default', 'store.example.com', '/'),
      ),
    ).toEqual([
      'ingress-route-unique copy: host "store.example.com" path "/" is routed by Ingress shop/shop too: ingress-nginx refuses this Ingress (host and path already defined), and a controller without that check sends the path to one of the two',
    ]);
  });

  it('passes other paths, other hosts, other classes and canaries', () => {
    expect(
      allocationFindings(
        ingress('shop', 'shop', 'store.example.com', '/'),
        ingress('api', 'shop', 'store.example.com', '/api'),
        ingress('other', 'shop', 'other.example.com', '/'),
        ingress('internal', 'shop', 'store.example.com', '/', { className: 'internal' }),
        ingress('canary', 'shop', 'store.example.com', '/', {
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' },
        }),
      ),
    ).toEqual([]);
  });
});
