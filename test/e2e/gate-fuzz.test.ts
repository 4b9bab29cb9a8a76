import fc from 'fast-check';
import { Finding } from '../../lib/checks/finding';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { RULES, runChecks } from '../../lib/checks/run-checks';
import { Change, ObjectChanges } from '../checks/object-changes';
import { validObjects } from '../checks/valid-objects';
import { AnyManifest } from '../helpers';
import { objectRefusals, objectVerdict } from './gate';
import { KubectlResult, dryRunStrict, kubectl, kubectlResult, serverRelease, waitFor } from './kubectl';

/**
 * The gate against the API server on generated objects: every valid object of the environments of the server's
 * release (the course and the api-fit apps, test/checks/valid-objects.ts) with one field changed to any JSON value
 * (test/checks/object-changes.ts, the generator of the property test), sent to the server as `npm run apply` sends it,
 * in a server-side dry run, and to the gate in its environment. A change the server refuses while the gate reports
 * nothing on the object is a hole, and fails the test with the object, the change and the server's words. A change
 * the server takes and a rule refuses fails it too, unless the rule is stricter than the server by design (below).
 *
 * `GATE_FUZZ_RUNS` (default 150: 25 to 50 s per version on this machine) and `GATE_FUZZ_SEED` set a longer or another
 * run, `GATE_FUZZ_CORPUS` one on the corpora whose name it matches (`raw` for the raw kinds). One kubectl call per
 * object: a batch (a List) answers with errors that name objects by kind and name, which the changed copies of one
 * object share, and stops at an object kubectl cannot decode.
 *
 * Out of scope, since a dry run of one object cannot see them: admission that reads other objects (ResourceQuota,
 * LimitRange on pods: the raw kinds' quota and limits are in a namespace of no pods, and quota-admission.test.ts holds
 * those rules to the server; the objects' own validation is in scope) and the cluster's
 * own state (a node port or a name another object takes: every object is created in the dry run, but the corpus's
 * Namespaces and ServiceAccounts, which the test creates, as namespaces of its own (`gate-fuzz-<name>`), so that its
 * objects have their namespace and its Pods their ServiceAccount, and which a change of theirs then updates).
 */
jest.setTimeout(600_000);

const RELEASE = serverRelease();
const RUNS = Number(process.env.GATE_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.GATE_FUZZ_SEED ?? 20261201);

/** The corpora whose name it matches: all by default. */
const CORPUS = new RegExp(process.env.GATE_FUZZ_CORPUS ?? '');

/** The environments of the server's release: their objects, their checks. */
const corpora = validObjects().filter((corpus) => corpus.env.kubernetesVersion === RELEASE && CORPUS.test(corpus.name));
const changes = new ObjectChanges(corpora);

/**
 * Findings that refuse by design what the API server takes, and why: those of `rule` (any rule where it is left out)
 * that say `message`, on the changes `change` picks (`course dev: StatefulSet db spec.template...`).
 */
interface ByDesign {
  readonly rule?: string;
  readonly message?: RegExp;
  readonly change?: RegExp;
  readonly why: string;
}

const rules = (ids: readonly string[], why: string): ByDesign[] => ids.map((rule) => ({ rule, why }));

/**
 * What the gate refuses and the API server takes, on purpose: the project's policy, references between objects (a dry
 * run of one object sees none), and what the server stores but a controller, the scheduler or the kubelet then cannot
 * run. A finding of anything else on an object the server takes is a false refusal.
 */
const STRICTER_BY_DESIGN: readonly ByDesign[] = [
  ...rules(
    RULES.filter((rule) => rule.exemptible).map((rule) => rule.id),
    'the project’s policy, exemptible with a reason',
  ),
  ...rules(['plaintext-secret', 'sealed-to-dev-key'], 'the project’s policy on secret values'),
  ...rules(
    [
      'duplicate-object',
      'pod-reference',
      'pod-service-account',
      'service-selector',
      'service-target-port',
      'statefulset-service',
      'selector-overlap',
      'ingress-backend',
      'ingress-tls-secret',
      'ingress-class',
      'ingress-route-unique',
      'binding-role',
      'binding-subject',
      'storage-class',
      'claim-volume',
      'volume-claimed-once',
      'autoscaler-target',
      'priority-class',
      'runtime-class',
      'node-port-allocated',
      'quota-resources-specified',
      'quota-capacity',
      'limit-range-pods',
      'limit-range-claims',
    ],
    'a reference to another object, or the environment’s other objects: the server judges one object alone',
  ),
  ...rules(
    ['pod-security-admission', 'volume-claim-template', 'limit-range-defaults'],
    'the server stores the workload (or LimitRange), and refuses the pods or claims its controller makes (or it governs)',
  ),
  ...rules(
    ['image-reference', 'probe-port', 'low-port', 'http-probe', 'host-path', 'non-root-user'],
    'the server stores it, and the kubelet cannot pull, probe, bind, mount or start it',
  ),
  ...(compareReleases(RELEASE, '1.37') < 0
    ? [
        {
          change: /: StatefulSet \S+ spec\.(template|volumeClaimTemplates)\b/,
          why:
            '1.27’s API server does not validate a StatefulSet’s pod template or claim templates (1.37’s does): it ' +
            'stores them, and refuses the pods and claims the controller makes',
        },
      ]
    : []),
  {
    rule: 'schema',
    message: /must be an integer \(int(32|64)\), got -?[\d.]+e\+\d+$/,
    why: 'a number of 1e21 or more for an integer: server-side apply stores some other number without a word',
  },
  {
    rule: 'schema',
    message: /must be an integer \(int32\), got -?\d+$/,
    why:
      'an int32 out of its range: server-side apply on 1.27 and 1.37 stores it wrapped around without a word (a ' +
      'PriorityClass of value 2147483648 as -2147483648; gate-fuzz on the raw kinds, seed 1)',
  },
  {
    rule: 'object-name',
    message: /must be a DNS-1123 subdomain/,
    why:
      'the project names every object a DNS-1123 subdomain, as its constructs do; the server checks no more of some ' +
      'kinds’ names than a path segment (a PodDisruptionBudget’s)',
  },
  {
    rule: 'scheduling',
    message: /topologyKey .* is not a node label key$/,
    why: 'the scheduler finds no node of such a label: the spread constrains nothing, or no pod is scheduled',
  },
  {
    rule: 'ingress-spec',
    message: /^(the rule for host .*|rules\[\d+\] \(every host\)) has no paths$/,
    why: 'a rule without paths routes nothing',
  },
  {
    rule: 'sealed-secret',
    message: /^key "[^"]*" has no sealed value$/,
    why:
      'the API server stores a SealedSecret of an empty encrypted value, which the sealed-secrets controller cannot ' +
      'decrypt: it makes no Secret of it',
  },
  {
    rule: 'secret-type-keys',
    message: /which the API server refuses when the controller creates it$/,
    why:
      'the API server stores a SealedSecret whose Secret lacks the keys of its type (a kubernetes.io/dockerconfigjson ' +
      'of no .dockerconfigjson), and refuses the Secret the sealed-secrets controller makes of it (gate-fuzz on the ' +
      'api-fit inference corpus, seed 44)',
  },
];

/** `pod-reference 3, service-selector 1`: the rules that refused, by design, objects the server took. */
function byDesignCounts(verdicts: readonly Verdict[]): string {
  const counts = new Map<string, number>();
  for (const verdict of verdicts.filter((v) => v.server.status === 0)) {
    const rules = verdict.findings.filter((finding) => byDesign(finding, verdict)).map((finding) => finding.rule);
    for (const rule of new Set(rules)) {
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
  }
  return [...counts].map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none';
}

function byDesign(finding: Finding, verdict: Verdict): boolean {
  return STRICTER_BY_DESIGN.some(
    (entry) =>
      (entry.rule === undefined || entry.rule === finding.rule) &&
      (entry.message === undefined || entry.message.test(finding.message)) &&
      (entry.change === undefined || entry.change.test(verdict.change)),
  );
}

/**
 * Refusals of the server the gate does not make yet, each a known class with its reason; a long run prints them apart
 * from the holes, which fail the test.
 */
const KNOWN_HOLES: readonly { readonly server: RegExp; readonly why: string }[] = [
  // Empty since the schema check reads the lists server-side apply merges by key, and custom-resource-schema refuses a
  // null where the schema does not make a field nullable, as server-side apply does (they were the two known holes).
];

function knownHole(verdict: Verdict): boolean {
  return KNOWN_HOLES.some((known) => known.server.test(verdict.server.stderr));
}

/** The kinds the test creates (not in a dry run) before the others, which need them. */
const PREREQUISITE_KINDS = ['Namespace', 'ServiceAccount'];

/**
 * The CustomResourceDefinitions of the corpora's custom resources (the operator app's Backups), which the test creates
 * too, and waits for: kubectl maps an object's kind before it sends it. A change of one then updates it.
 */
const DEFINITIONS_IN_USE: readonly AnyManifest[] = corpora.flatMap((corpus) =>
  corpus.objects
    .map((object) => object.manifest)
    .filter((crd) => {
      const spec = crd.spec as { readonly group?: string; readonly names?: { readonly kind?: string } } | undefined;
      return (
        crd.kind === 'CustomResourceDefinition' &&
        corpus.objects.some(
          (object) =>
            object.manifest.kind === spec?.names?.kind &&
            String(object.manifest.apiVersion).startsWith(`${spec?.group}/`),
        )
      );
    }),
);

/**
 * A refusal of the cluster's state, not of the object: a node port another test file's Service holds (node ports are
 * cluster-wide, and on 1.37 course.test.ts leaves the course's prod applied, its web-nodeport on 30080).
 */
const CLUSTER_STATE = /provided port is already allocated/;

/** The namespaces the corpora make. */
const NAMESPACES: ReadonlySet<string> = new Set(
  corpora.flatMap((corpus) =>
    corpus.objects
      .filter((object) => object.manifest.kind === 'Namespace')
      .map((object) => String(object.manifest.metadata.name)),
  ),
);

/**
 * The prefix of the test's own copy of each corpus namespace on the server (`gate-fuzz-saas`): what other test files
 * leave in the course's namespaces (objects, which would turn a dry-run create into an update, or a namespace still
 * terminating) does not change what the server says.
 */
const OWN = 'gate-fuzz-';

function ownNamespaces(): string[] {
  return [...NAMESPACES].map((name) => `${OWN}${name}`);
}

/** The manifest as the server gets it: a corpus namespace (its name, or an object's namespace) is the test's own. */
function onServer(manifest: AnyManifest): AnyManifest {
  const metadata = manifest.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return manifest;
  }
  const own = (name: unknown) => (typeof name === 'string' && NAMESPACES.has(name) ? `${OWN}${name}` : name);
  return {
    ...manifest,
    metadata: {
      ...metadata,
      ...(metadata.namespace === undefined ? {} : { namespace: own(metadata.namespace) }),
      ...(manifest.kind === 'Namespace' && metadata.name !== undefined ? { name: own(metadata.name) } : {}),
    },
  };
}

interface Verdict {
  readonly change: string;
  readonly object: AnyManifest;
  readonly server: KubectlResult;
  readonly findings: readonly Finding[];
}

function verdict(change: Change): Verdict {
  const { objects, changed } = changes.changedObjects(change);
  const findings = runChecks(objects, changes.corpusOf(change).env).findings.filter(
    (finding) => finding.object === changed,
  );
  return {
    change: changes.described(change),
    object: changed.manifest,
    server: objectVerdict(onServer(changed.manifest), CLUSTER_STATE),
    findings,
  };
}

function shown(verdict: Verdict): string {
  const findings = verdict.findings.map((finding) => `${finding.rule}: ${finding.message}`);
  return [
    verdict.change,
    `  server: ${verdict.server.status === 0 ? 'accepted' : verdict.server.stderr.trim()}`,
    `  gate: ${findings.length === 0 ? 'nothing' : findings.join('\n        ')}`,
    `  object: ${JSON.stringify(verdict.object)}`,
  ].join('\n');
}

(corpora.length === 0 ? describe.skip : describe)(
  `the gate and the API server of Kubernetes ${RELEASE} on valid objects with one field changed`,
  () => {
    beforeAll(async () => {
      const namespaces = ownNamespaces();
      // An earlier run's namespaces may still be terminating: creating one of their objects would fail until then.
      // (A corpus of cluster-scoped objects alone, the CustomResourceDefinitions, has none to wait for.)
      await waitFor(
        `the namespaces ${namespaces.join(', ')} of an earlier run to go`,
        () =>
          namespaces.length === 0 ||
          kubectlResult(['get', 'namespace', ...namespaces, '-o', 'name']).stdout.trim() === '',
        120,
      );
      const prerequisites = corpora.flatMap((corpus) =>
        PREREQUISITE_KINDS.flatMap((kind) =>
          corpus.objects.filter((object) => object.manifest.kind === kind).map((object) => onServer(object.manifest)),
        ),
      );
      prerequisites.push(...DEFINITIONS_IN_USE);
      if (prerequisites.length > 0) {
        kubectl(
          ['apply', '--server-side', '--field-manager=k8s-course', '-f', '-'],
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items: prerequisites }),
        );
      }
      for (const crd of DEFINITIONS_IN_USE) {
        kubectl(['wait', '--for=condition=Established', `crd/${crd.metadata.name}`, '--timeout=60s']);
      }
    });

    afterAll(() => {
      kubectlResult(['delete', 'namespace', '--wait=false', '--ignore-not-found', ...ownNamespaces()]);
      for (const crd of DEFINITIONS_IN_USE) {
        kubectlResult(['delete', 'crd', '--wait=false', '--ignore-not-found', crd.metadata.name]);
      }
    });

    it('takes every object of the corpora as written, as the gate does', () => {
      const server = dryRunStrict(
        '-',
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: corpora.flatMap((corpus) => corpus.objects.map((object) => onServer(object.manifest))),
        }),
      );
      expect(objectRefusals(server.stderr, CLUSTER_STATE)).toEqual([]);
    });

    it(`refuses what the server refuses, and only that but by design (${RUNS} changes, seed ${SEED})`, () => {
      const verdicts = fc.sample(changes.change, { seed: SEED, numRuns: RUNS }).map(verdict);
      const missed = verdicts.filter((v) => v.server.status !== 0 && v.findings.length === 0);
      const holes = missed.filter((v) => !knownHole(v));
      const falseRefusals = verdicts.filter(
        (v) => v.server.status === 0 && v.findings.some((finding) => !byDesign(finding, v)),
      );
      console.log(
        `gate-fuzz ${RELEASE}, seed ${SEED}: ${verdicts.length} changes, ` +
          `${verdicts.filter((v) => v.server.status !== 0).length} refused by the server, ` +
          `${verdicts.filter((v) => v.findings.length > 0).length} by the gate; ` +
          `${holes.length} holes, ${missed.length - holes.length} known, ${falseRefusals.length} false refusals; ` +
          'taken by the server and refused by design: ' +
          `${byDesignCounts(verdicts)}`,
      );
      for (const wrong of [...missed, ...falseRefusals]) {
        console.log(shown(wrong));
      }
      expect({ holes: holes.map(shown), falseRefusals: falseRefusals.map(shown) }).toEqual({
        holes: [],
        falseRefusals: [],
      });
    });
  },
);
