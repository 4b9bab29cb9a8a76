import { NO_EXTERNAL } from '../../../lib/config/environment';
import { runChecks } from '../../../lib/checks/run-checks';
import { compareReleases } from '../../../lib/config/kubernetes-version';
import { AnyManifest } from '../../helpers';
import { kubectlResult } from '../kubectl';
import { ALL_AREAS } from './all-areas';
import { Acceptance, RELEASE, Refusal, RefusalTables } from './builders';

/**
 * The gate against the API server on values it refuses: each refused object of an area is refused by the real API
 * server (a server-side dry run, which stores nothing) and by the named rule of our checks; each valid object is
 * accepted by both. An object a rule refuses but the server takes, or the reverse, fails here with both verdicts.
 */

/** The rows the server of `release` refuses: everywhere, before a `from`, from a `since`, where served. */
export function refusedOn(release: string, tables: RefusalTables): readonly Refusal[] {
  return [
    ...(tables.refusedEverywhere ?? []),
    ...(tables.byRelease ?? []).filter(([from]) => compareReleases(release, from) < 0).map(([, refusal]) => refusal),
    ...(tables.refusedSince ?? [])
      .filter(([since]) => compareReleases(release, since) >= 0)
      .map(([, refusal]) => refusal),
    ...(tables.refusedWhereServed ?? [])
      .filter(([since]) => compareReleases(release, since) >= 0)
      .map(([, refusal]) => refusal),
  ];
}

/** The rows the server of `release` accepts: everywhere, from a `from`, before a `since`, where served. */
export function acceptedOn(release: string, tables: RefusalTables): readonly Acceptance[] {
  return [
    ...(tables.acceptedEverywhere ?? []),
    ...(tables.byRelease ?? [])
      .filter(([from]) => compareReleases(release, from) >= 0)
      .map(([, [name, , manifest]]) => [name, manifest] as const),
    ...(tables.refusedSince ?? [])
      .filter(([since]) => compareReleases(release, since) < 0)
      .map(([, [name, , manifest]]) => [name, manifest] as const),
    ...(tables.acceptedWhereServed ?? [])
      .filter(([since]) => compareReleases(release, since) >= 0)
      .map(([, acceptance]) => acceptance),
  ];
}

/** The rules that any refusal of any area names, on any release: an accepted row must pass all of them. */
export function rulesUnderTest(areas: Readonly<Record<string, RefusalTables>>): ReadonlySet<string> {
  return new Set(
    Object.values(areas)
      .flatMap((tables) => [
        ...(tables.refusedEverywhere ?? []),
        ...(tables.kubeletRefusals ?? []),
        ...[...(tables.byRelease ?? []), ...(tables.refusedSince ?? []), ...(tables.refusedWhereServed ?? [])].map(
          ([, refusal]) => refusal,
        ),
      ])
      .map(([, rule]) => rule),
  );
}

const RULES_UNDER_TEST = rulesUnderTest(ALL_AREAS);

/** What the API server says: accepted, or its refusal. */
function serverVerdict(manifest: AnyManifest): string {
  const result = kubectlResult(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(manifest));
  return result.status === 0 ? 'accepted' : `refused: ${result.stderr.trim()}`;
}

/** The findings of the rules under test on the object alone, for an environment of the server's release. */
function gateFindings(area: string, manifest: AnyManifest): string[] {
  return runChecks([{ path: `api-refusals/${area}/${manifest.kind}`, manifest }], {
    name: 'api-refusals',
    kubernetesVersion: RELEASE,
    external: NO_EXTERNAL,
  })
    .findings.filter((finding) => RULES_UNDER_TEST.has(finding.rule))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

/**
 * Declares the tests of one area's tables against the server of the kubeconfig (jest's `it.each` refuses an empty
 * table, so a table an area leaves empty on this release declares nothing).
 */
export function describeRefusals(area: string, tables: RefusalTables): void {
  jest.setTimeout(120_000);
  const refused = refusedOn(RELEASE, tables);
  const kubeletRefusals = tables.kubeletRefusals ?? [];
  const accepted = acceptedOn(RELEASE, tables);

  describe(`values the API server of Kubernetes ${RELEASE} refuses, and our checks`, () => {
    if (refused.length > 0) {
      it.each(refused)('%s: refused by the server and by %s', (_name, rule, manifest) => {
        const server = serverVerdict(manifest);
        const gate = gateFindings(area, manifest);
        // On a failure, the server's answer and the rules' findings show in full.
        expect({
          server: server.startsWith('refused') ? 'refused' : server,
          gate: gate.some((line) => line.startsWith(`${rule}: `)) ? rule : gate,
        }).toEqual({ server: 'refused', gate: rule });
      });
    }

    if (kubeletRefusals.length > 0) {
      it.each(kubeletRefusals)(
        '%s: accepted by the server, which the kubelet cannot run, and refused by %s',
        (_name, rule, manifest) => {
          const gate = gateFindings(area, manifest);
          expect({
            server: serverVerdict(manifest),
            gate: gate.some((line) => line.startsWith(`${rule}: `)) ? rule : gate,
          }).toEqual({ server: 'accepted', gate: rule });
        },
      );
    }

    if (accepted.length > 0) {
      it.each(accepted)('%s: accepted by the server and by the rules', (_name, manifest) => {
        expect({ server: serverVerdict(manifest), gate: gateFindings(area, manifest) }).toEqual({
          server: 'accepted',
          gate: [],
        });
      });
    }
  });
}
