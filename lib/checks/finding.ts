import { EXEMPT_ANNOTATION_PREFIX } from '../constructs/policy-exemption';
import { RenderedObject } from '../writer/render';
import { EXEMPTIBLE_RULE_IDS } from './exemptible-rules';

/** What a rule reports about one object. */
export interface Problem {
  /** What is wrong, with the bad value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** Whether it is only a warning: printed by the synthesis, which still writes `dist/`. @default false */
  readonly warning?: boolean;
}

/** A problem of one object, found by one rule. */
export interface Finding extends Problem {
  /** The rule's id, e.g. `service-selector`. */
  readonly rule: string;
  /** The object, with the construct path that made it. */
  readonly object: RenderedObject;
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export function describeObject(object: RenderedObject): string {
  const { kind } = object.manifest;
  // The object as written, whose metadata may be anything a raw object gave it.
  const metadata = (object.manifest.metadata ?? {}) as Record<string, unknown>;
  const namespace = metadata.namespace as string | undefined;
  return namespace === undefined ? `${kind} ${String(metadata.name)}` : `${kind} ${namespace}/${String(metadata.name)}`;
}

/** The findings of one environment as the synthesis report shows them. */
export function formatFindings(environment: string, findings: readonly Finding[]): string {
  return formatList(environment, findings, 'finding');
}

/** The warnings of one environment (findings that do not fail the synthesis) as the synthesis prints them. */
export function formatWarnings(environment: string, warnings: readonly Finding[]): string {
  return formatList(environment, warnings, 'warning');
}

function formatList(environment: string, findings: readonly Finding[], noun: 'finding' | 'warning'): string {
  const lines = [`environment ${environment}: ${findings.length} ${noun}${findings.length === 1 ? '' : 's'}`];
  for (const finding of findings) {
    lines.push(`  ${finding.rule}: ${describeObject(finding.object)} (construct ${finding.object.path})`);
    lines.push(`    ${finding.message}`);
    lines.push(`    fix: ${finding.fix}`);
    if (finding.warning !== true && EXEMPTIBLE_RULE_IDS.includes(finding.rule)) {
      lines.push(`    or, where the app needs it: ${exemptionAdvice(finding.rule)}`);
    }
  }
  return lines.join('\n');
}

/** How to exempt an object from a policy rule, through the constructs and on a raw object. */
export function exemptionAdvice(rule: string): string {
  return `exempt the object, saying why: exemptFromPolicy(construct, { rules: ['${rule}'], reason: '...' }), or the annotation ${EXEMPT_ANNOTATION_PREFIX}${rule}: <reason>`;
}
