import { OPTIONAL_LIST_KEYS_SINCE } from '../../lib/checks/schema-rules';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { AnyManifest } from '../helpers';
import { expectAgreement, gateVerdicts, serverVerdict } from './gate';
import { serverRelease } from './kubectl';

jest.setTimeout(120_000);

/**
 * The lists the API server merges by key when `npm run apply` sends an object (server-side apply): it refuses a null
 * item, two items with one key, and (before 1.34) an item without its key, where a create (the course's client-side
 * `kubectl apply`) takes some of them. The gate's schema check (unique-names, for the names it reports) must agree
 * with the server on both paths (gate.ts' serverVerdict sends each object both ways).
 */
const RELEASE = serverRelease();

type Patch = Record<string, unknown>;

function pod(spec: Patch = {}, container: Patch = {}): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ssa', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...container }], ...spec },
  };
}

function configMap(metadata: Patch): AnyManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'default', ...metadata } };
}

const owner = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid: '0f6c2b0e-1' });

type Case = [string, AnyManifest, { server: string; gate: string } | undefined];

/** [what, the object, the words of the server's refusal and of the gate's finding (undefined: both take it)]. */
const CASES: readonly Case[] = [
  [
    'a null pull secret',
    pod({ imagePullSecrets: [null] }),
    { server: 'may not have a null element', gate: 'spec.imagePullSecrets[0] is null' },
  ],
  [
    'a null container port',
    pod({}, { ports: [null] }),
    { server: 'may not have a null element', gate: 'spec.containers[0].ports[0] is null' },
  ],
  [
    'a null finalizer',
    configMap({ finalizers: [null] }),
    { server: "has an element that's an explicit null", gate: 'metadata.finalizers[0] is null' },
  ],
  [
    'a pull secret twice',
    pod({ imagePullSecrets: [{ name: 'pull' }, { name: 'pull' }] }),
    { server: 'duplicate entries for key [name="pull"]', gate: 'spec.imagePullSecrets[1] has the key of item 0' },
  ],
  [
    'a finalizer twice',
    configMap({ finalizers: ['example.com/a', 'example.com/a'] }),
    { server: 'duplicate entries for key', gate: 'metadata.finalizers[1] has the key of item 0' },
  ],
  [
    'two owners of one uid',
    configMap({ ownerReferences: [owner('a'), owner('b')] }),
    { server: 'duplicate entries for key [uid=', gate: 'metadata.ownerReferences[1] has the key of item 0' },
  ],
  [
    'two host aliases of one IP',
    pod({
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['a'] },
        { ip: '10.0.0.1', hostnames: ['b'] },
      ],
    }),
    { server: 'duplicate entries for key [ip="10.0.0.1"]', gate: 'spec.hostAliases[1] has the key of item 0' },
  ],
  [
    'an env variable twice (unique-names)',
    pod(
      {},
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
    ),
    { server: 'duplicate entries for key [name="A"]', gate: 'env name of container "app" "A" appears more than once' },
  ],
  // From 1.34 the server takes it, with a warning of the empty name (the schema gives the key a default of "").
  ...(compareReleases(RELEASE, OPTIONAL_LIST_KEYS_SINCE) < 0
    ? [
        [
          'a pull secret without a name',
          pod({ imagePullSecrets: [{}] }),
          { server: 'omits key field "name"', gate: 'spec.imagePullSecrets[0] has no name' },
        ] satisfies Case,
      ]
    : []),
  ['a null argument (an atomic list)', pod({}, { args: ['serve', null] }), undefined],
  [
    'service ports of one number and two protocols, the first TCP by default',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ssa', namespace: 'default' },
      spec: {
        ports: [
          { name: 'dns', port: 53 },
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
        ],
      },
    },
    undefined,
  ],
  [
    'host aliases of two IPs',
    pod({
      hostAliases: [
        { ip: '10.0.0.1', hostnames: ['a'] },
        { ip: '10.0.0.2', hostnames: ['a'] },
      ],
    }),
    undefined,
  ],
];

describe(`server-side apply's keyed lists on Kubernetes ${RELEASE}`, () => {
  it.each(CASES)('%s: the server and the gate agree', (_what, manifest, refusal) => {
    const findings = gateVerdicts([manifest], RELEASE, ['schema', 'unique-names']).map((finding) => finding.message);
    expectAgreement(serverVerdict(manifest), findings, refusal);
  });
});
