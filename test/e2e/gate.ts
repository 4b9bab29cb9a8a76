import { Finding } from '../../lib/checks/finding';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { KubectlResult, dryRunStrict, kubectlResult } from './kubectl';

/**
 * What the gate says of objects written as raw manifests, for an environment of the API server's release and nothing
 * external: the findings of the given rules, or, with `warnings`, their warnings. The e2e tests hold these verdicts to
 * what the server does with the same objects.
 */
export function gateVerdicts(
  manifests: readonly AnyManifest[],
  release: string,
  rules: readonly string[],
  warnings = false,
): Finding[] {
  const objects: RenderedObject[] = manifests.map((manifest, position) => ({ path: `e2e/${position}`, manifest }));
  const result = runChecks(objects, { name: 'e2e', kubernetesVersion: release, external: NO_EXTERNAL });
  return (warnings ? result.warnings : result.findings).filter((finding) => rules.includes(finding.rule));
}

/**
 * The API server's verdict on a manifest sent both ways the project applies it, in dry runs that store nothing: as
 * `npm run apply` sends it (server-side apply, strict field validation), then, when that takes it, as the course's
 * `kubectl apply -f` (client-side, strict). The first refusal, or the second's success.
 */
export function serverVerdict(manifest: AnyManifest): KubectlResult {
  const serverSide = dryRunStrict('-', JSON.stringify(manifest));
  return serverSide.status !== 0
    ? serverSide
    : kubectlResult(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], JSON.stringify(manifest));
}

/** A warning, which takes the object: a deprecated apiVersion, pods that would break the namespace's profile. */
const WARNING = /^Warning: /;

/**
 * The lines of kubectl's errors that judge the objects themselves: neither warnings nor, alone on their line, a
 * refusal of the cluster's state that `clusterState` matches (a line of several causes lists them in [...]).
 */
export function objectRefusals(stderr: string, clusterState: RegExp): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !WARNING.test(line) && !(clusterState.test(line) && !line.includes(': [')));
}

/**
 * The server's verdict on one object, sent as `npm run apply` sends it (server-side, strict), in a dry run of it
 * alone; taken when the only refusals are of the cluster's state (`objectRefusals`).
 */
export function objectVerdict(manifest: AnyManifest, clusterState: RegExp): KubectlResult {
  const result = dryRunStrict('-', JSON.stringify(manifest));
  return result.status !== 0 && objectRefusals(result.stderr, clusterState).length === 0
    ? { ...result, status: 0, stderr: '' }
    : result;
}

/**
 * Expects the server and the gate to agree on an object: both take it (`refusal` undefined), or the server refuses it
 * with words that contain `refusal.server` and the gate reports one finding that contains `refusal.gate`.
 */
export function expectAgreement(
  server: KubectlResult,
  findings: readonly string[],
  refusal?: { readonly server: string; readonly gate: string },
): void {
  if (refusal === undefined) {
    expect({ status: server.status, stderr: server.stderr, findings }).toEqual({ status: 0, stderr: '', findings: [] });
  } else {
    expect(server.status).not.toBe(0);
    expect(server.stderr).toContain(refusal.server);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain(refusal.gate);
  }
}
