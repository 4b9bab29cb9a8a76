import { isLabelKey } from '../constructs/validation';
import { compileAdmissionExpression, expressionProblems } from './admission-cel';
import { Problem } from './finding';

/** The most matchConditions a webhook or an admission policy may have. */
const MAX_MATCH_CONDITIONS = 64;

/** What a condition may use, for the fix. */
const VARIABLES = 'object, oldObject, request, namespaceObject and authorizer';

/**
 * What the API server refuses of the matchConditions at `where` (a webhook's, an admission policy's): more than 64, a
 * name that is empty or not a qualified name (a repeated one is the schema's finding: the list is keyed by name), an expression that is empty or does not compile to a bool in
 * the release's CEL environment (admissionregistration's validateMatchConditions). `params` says whether the policy
 * declares a paramKind, which makes `params` a variable of its conditions.
 */
export function matchConditionProblems(where: string, conditions: unknown, release: string, params = false): Problem[] {
  const items = Array.isArray(conditions) ? conditions : [];
  const problems: Problem[] = [];
  if (items.length > MAX_MATCH_CONDITIONS) {
    problems.push({
      message: `${where} has ${items.length} conditions; at most ${MAX_MATCH_CONDITIONS} are allowed`,
      fix: `join conditions with && to keep at most ${MAX_MATCH_CONDITIONS}`,
    });
  }
  items.forEach((condition, index) => {
    const at = `${where}[${index}]`;
    const { name, expression } = (condition ?? {}) as { name?: unknown; expression?: unknown };
    if (typeof name !== 'string' || name === '') {
      problems.push({ message: `${at}.name is empty`, fix: 'name the condition, e.g. "exclude-kube-system"' });
    } else if (!isLabelKey(name)) {
      problems.push({
        message: `${at}.name ${JSON.stringify(name)} is not a qualified name (letters, digits, "-", "_" and ".", a letter or digit at each end, an optional DNS prefix and "/")`,
        fix: 'name the condition as a label key is named, e.g. "exclude-kube-system"',
      });
    }
    const text = typeof expression === 'string' ? expression.trim() : '';
    const fix = `write a CEL expression of type bool over ${VARIABLES}${params ? ' and params' : ''}, e.g. "request.operation == 'CREATE'"`;
    if (text === '') {
      problems.push({ message: `${at}.expression is empty`, fix });
    } else {
      const compiled = compileAdmissionExpression(text, release, { params, authorizer: true }, 'bool');
      problems.push(...expressionProblems(`${at}.expression`, text, compiled, fix));
    }
  });
  return problems;
}
