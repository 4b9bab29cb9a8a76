import { Finding } from '../../lib/checks/finding';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL } from '../../lib/config/environment';
import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';

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
