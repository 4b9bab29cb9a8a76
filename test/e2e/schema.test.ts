import { NO_EXTERNAL } from '../../lib/config/environment';
import { runChecks } from '../../lib/checks/run-checks';
import { schemaReleaseFor } from '../../lib/checks/schema-rules';
import { AnyManifest } from '../helpers';
import { kubectlResult, serverRelease } from './kubectl';

jest.setTimeout(60_000);

/** What one side says of an object: accepted, or the field it refuses as unknown. */
type Verdict = 'accepted' | `unknown field ${string}`;

/** The schema check's verdict on `manifest` for an environment of `release`. */
function schemaVerdict(manifest: AnyManifest, release: string): Verdict | string {
  const problems = runChecks([{ path: `schema-e2e/${manifest.kind}`, manifest }], {
    name: 'schema-e2e',
    kubernetesVersion: release,
    external: NO_EXTERNAL,
  }).findings.filter((finding) => finding.rule === 'schema');
  if (problems.length === 0) {
    return 'accepted';
  }
  const unknown = /^(\S+) is not a field of /.exec(problems[0].message);
  return problems.length === 1 && unknown !== null
    ? `unknown field ${unknown[1]}`
    : problems.map((problem) => problem.message).join('; ');
}

/** The two ways `kubectl apply` sends an object: client-side (a create, or a patch) and server-side apply. */
const APPLY_MODES = {
  apply: [],
  'apply --server-side': ['--server-side', '--field-manager=schema-e2e'],
} as const;

/**
 * The API server's verdict on `manifest` under strict field validation (`kubectl apply --validate=strict
 * --dry-run=server`, which stores nothing): accepted only when the object it would store keeps `field`.
 */
function serverVerdict(manifest: AnyManifest, field: readonly string[], mode: readonly string[]): Verdict | string {
  const result = kubectlResult(
    ['apply', ...mode, '--validate=strict', '--dry-run=server', '-o', 'json', '-f', '-'],
    JSON.stringify(manifest),
  );
  if (result.status !== 0) {
    // Server-side apply builds a typed patch first, which refuses a field its schema does not declare.
    const unknown = /unknown field "([^"]+)"|\.(\S+): field not declared in schema/.exec(result.stderr);
    return unknown === null ? result.stderr.trim() : `unknown field ${unknown[1] ?? unknown[2]}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stored = field.reduce<any>((value, key) => value?.[key], JSON.parse(result.stdout));
  return stored === undefined ? `accepted without ${field.join('.')}` : 'accepted';
}

/** One object, the field that tells the releases apart, and the verdict each release must give. */
interface Case {
  readonly name: string;
  readonly manifest: AnyManifest;
  readonly field: readonly string[];
  readonly verdicts: Readonly<Record<string, Verdict>>;
}

const SERVICE_PORTS = [{ name: 'http', port: 80, targetPort: 8080 }];

const CASES: readonly Case[] = [
  {
    name: 'a field no release has (a ConfigMap with dataa)',
    manifest: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'schema-e2e', namespace: 'default' },
      dataa: {},
    },
    field: ['dataa'],
    verdicts: { '1.27': 'unknown field dataa', '1.37': 'unknown field dataa' },
  },
  {
    name: 'a field 1.37 added (a Service with spec.trafficDistribution)',
    manifest: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'schema-e2e', namespace: 'default' },
      spec: { ports: SERVICE_PORTS, selector: { app: 'schema-e2e' }, trafficDistribution: 'PreferClose' },
    },
    field: ['spec', 'trafficDistribution'],
    verdicts: { '1.27': 'unknown field spec.trafficDistribution', '1.37': 'accepted' },
  },
  {
    name: 'a field 1.37 removed (a NetworkPolicy with status)',
    manifest: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'schema-e2e', namespace: 'default' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
      status: { conditions: [] },
    },
    field: ['status'],
    verdicts: { '1.27': 'accepted', '1.37': 'unknown field status' },
  },
  {
    name: 'a misspelt field of a kind only 1.37 serves (a VolumeAttributesClass with driverNam)',
    manifest: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'VolumeAttributesClass',
      metadata: { name: 'schema-e2e' },
      driverName: 'csi.example.com',
      driverNam: 'csi.example.com',
    },
    field: ['driverNam'],
    verdicts: { '1.37': 'unknown field driverNam' },
  },
  {
    name: 'a kind only 1.37 serves, well formed (a VolumeAttributesClass)',
    manifest: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'VolumeAttributesClass',
      metadata: { name: 'schema-e2e' },
      driverName: 'csi.example.com',
      parameters: { iops: '3000' },
    },
    field: ['parameters', 'iops'],
    verdicts: { '1.37': 'accepted' },
  },
];

const RELEASE = serverRelease();
/** A release without a schema of its own is checked against an older one, which need not agree with its server. */
const describeOwnSchema = schemaReleaseFor(RELEASE) === RELEASE ? describe : describe.skip;

describeOwnSchema(`the schema of Kubernetes ${RELEASE} against its API server (--validate=strict)`, () => {
  it.each(CASES.filter((known) => known.verdicts[RELEASE] !== undefined))(
    'agrees with kubectl apply and kubectl apply --server-side on $name',
    ({ manifest, field, verdicts }) => {
      const server = Object.entries(APPLY_MODES).map(([mode, args]) => [mode, serverVerdict(manifest, field, args)]);
      expect({ schema: schemaVerdict(manifest, RELEASE), ...Object.fromEntries(server) }).toEqual({
        schema: verdicts[RELEASE],
        ...Object.fromEntries(Object.keys(APPLY_MODES).map((mode) => [mode, verdicts[RELEASE]])),
      });
    },
  );
});
