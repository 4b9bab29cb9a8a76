import fc from 'fast-check';
import { Manifest } from '../../lib/writer/tidy';
import {
  CASES,
  FUZZ_ENVIRONMENTS,
  PropChange,
  describeChange,
  propChange,
  synthesizeChange,
} from '../constructs/props-changes';
import { objectVerdict } from './gate';
import { kubectl, kubectlResult, serverRelease } from './kubectl';

/**
 * props-fuzz (test/constructs/props-fuzz.test.ts) against the API server: the constructs of the public API with one
 * prop changed, synthesized in the environment of the server's release, gate included; of each change that synthesizes
 * cleanly, every object the change made differ from the case's valid props is sent as `npm run apply` sends it
 * (server-side, strict) in a dry run. A refusal of the server is a hole: the construct took a value, rendered it, and
 * the gate passed what the server refuses. The test fails with the change, the object and the server's words.
 *
 * `PROPS_FUZZ_E2E_RUNS` (default 100) and `PROPS_FUZZ_SEED` set a longer or another run. Out of scope, since a dry
 * run of one object cannot see them: the cluster's state (a namespace or ServiceAccount a change renamed, which the
 * project then creates too, a node port another test holds).
 */
jest.setTimeout(600_000);

const RELEASE = serverRelease();
const RUNS = Number(process.env.PROPS_FUZZ_E2E_RUNS ?? 100);
const SEED = Number(process.env.PROPS_FUZZ_SEED ?? 20261201);
const ENV = FUZZ_ENVIRONMENTS.find((env) => env.kubernetesVersion === RELEASE);

/** The namespaces of the cases' charts, which the test creates for real, and deletes after. */
const NAMESPACES = ['fuzz', 'other'];

/** A refusal of the cluster's state, not of the object (the dry run creates one object alone). */
const CLUSTER_STATE =
  /namespaces "[^"]*" not found|error looking up service account|provided port is already allocated/;

/** `Kind namespace/name`, the key of an object in its output. */
function keyOf(manifest: Manifest): string {
  const metadata = manifest.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return `${String(manifest.kind)} ${String(metadata?.namespace ?? '')}/${String(metadata?.name)}`;
}

/** The objects of a clean synthesis, by key; none for a refused one. */
function objectsOf(change: PropChange): Map<string, Manifest> {
  const outcome = synthesizeChange(ENV!, change);
  return new Map(
    outcome.kind === 'clean'
      ? outcome.files.flatMap((file) =>
          file.objects.map((object): [string, Manifest] => [keyOf(object.manifest), object.manifest]),
        )
      : [],
  );
}

/** The objects of each case's valid props, by key. */
const BASELINES = new Map(
  CASES.map((_, subject) => [subject, objectsOf({ subject, path: [], kind: 'none', value: undefined })]),
);

/** The objects a change made differ from its case's valid props. */
function changedObjects(change: PropChange): Manifest[] {
  const baseline = BASELINES.get(Math.max(change.subject, 0))!;
  return [...objectsOf(change)]
    .filter(([key, manifest]) => JSON.stringify(baseline.get(key)) !== JSON.stringify(manifest))
    .map(([, manifest]) => manifest);
}

function nameOf(manifest: Manifest): string {
  return String((manifest.metadata as { name?: unknown } | undefined)?.name);
}

/**
 * The CustomResourceDefinitions of the custom resources of the cases' valid props (the CustomResource case's Widget),
 * which the test creates too, and waits for: kubectl maps an object's kind before it sends it.
 */
const DEFINITIONS_IN_USE: readonly Manifest[] = [...BASELINES.values()].flatMap((objects) => {
  const manifests = [...objects.values()];
  return manifests.filter((definition) => {
    const spec = definition.spec as
      { readonly group?: string; readonly names?: { readonly kind?: string } } | undefined;
    return (
      definition.kind === 'CustomResourceDefinition' &&
      manifests.some(
        (manifest) => manifest.kind === spec?.names?.kind && String(manifest.apiVersion).startsWith(`${spec?.group}/`),
      )
    );
  });
});

(ENV === undefined ? describe.skip : describe)(
  `the constructs' clean output under bad props, on the API server of Kubernetes ${RELEASE}`,
  () => {
    beforeAll(() => {
      // The namespaces and ServiceAccounts the objects need, as the valid props of the cases make them.
      const prerequisites = [...BASELINES.values()].flatMap((objects) =>
        [...objects.values()].filter(
          (manifest) =>
            (manifest.kind === 'Namespace' &&
              NAMESPACES.includes(String((manifest.metadata as { name: string }).name))) ||
            manifest.kind === 'ServiceAccount',
        ),
      );
      const unique = [...new Map(prerequisites.map((manifest) => [keyOf(manifest), manifest])).values()];
      kubectl(
        ['apply', '--server-side', '--field-manager=k8s-course', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...unique, ...DEFINITIONS_IN_USE] }),
      );
      for (const definition of DEFINITIONS_IN_USE) {
        kubectl(['wait', '--for=condition=Established', `crd/${nameOf(definition)}`, '--timeout=60s']);
      }
    });

    afterAll(() => {
      kubectlResult(['delete', 'namespace', '--wait=false', '--ignore-not-found', ...NAMESPACES]);
      for (const definition of DEFINITIONS_IN_USE) {
        kubectlResult(['delete', 'crd', '--wait=false', '--ignore-not-found', nameOf(definition)]);
      }
    });

    it('takes the objects of every case’s valid props', () => {
      const refused = [...BASELINES.values()]
        .flatMap((objects) => [...objects.values()])
        .map((manifest) => [keyOf(manifest), objectVerdict(manifest, CLUSTER_STATE)] as const)
        .filter(([, verdict]) => verdict.status !== 0)
        .map(([key, verdict]) => `${key}: ${verdict.stderr.trim()}`);
      expect(refused).toEqual([]);
    });

    it(`takes every object the gate passed (${RUNS} changes, seed ${SEED})`, () => {
      const changes = fc.sample(propChange, { seed: SEED, numRuns: RUNS });
      const holes: string[] = [];
      let sent = 0;
      for (const change of changes) {
        for (const manifest of changedObjects(change)) {
          sent++;
          const verdict = objectVerdict(manifest, CLUSTER_STATE);
          if (verdict.status !== 0) {
            holes.push(
              `${describeChange(change)}\n  server: ${verdict.stderr.trim()}\n  object: ${JSON.stringify(manifest)}`,
            );
          }
        }
      }
      console.log(
        `props-fuzz ${RELEASE}, seed ${SEED}: ${changes.length} changes, ${sent} changed objects sent, ${holes.length} refused`,
      );
      expect(holes).toEqual([]);
    });
  },
);
