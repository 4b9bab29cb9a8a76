import { isLabelKey } from '../constructs/validation';
import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A term's label requirements as the API server compares terms: each key with its set of values (sorted). */
function labelSets(expressions: readonly Json[]): string {
  const sets = new Map<string, string[]>();
  for (const expression of expressions) {
    // A key given twice keeps its last values, as the API server's map of the term does.
    sets.set(String(expression?.key), [...new Set((expression?.values ?? []) as string[])].sort());
  }
  return JSON.stringify([...sets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What the API server refuses of one label requirement of a term (validateTopologySelectorLabelRequirement). */
function requirementProblems(expression: Json, where: string): Problem[] {
  const problems: Problem[] = [];
  const values: unknown = expression?.values;
  // Values left out are the schema check's (a required field).
  if (Array.isArray(values) && values.length === 0) {
    problems.push({
      message: `${where}.values is empty; the API server requires at least one value`,
      fix: `list the values of ${String(expression.key)} the volumes may be made in, e.g. ["eu-west-1a"]`,
    });
  }
  const seen = new Set<unknown>();
  for (const value of Array.isArray(values) ? values : []) {
    if (seen.has(value)) {
      problems.push({
        message: `${where}.values holds ${JSON.stringify(value)} twice, which the API server refuses`,
        fix: 'list each value once',
      });
    }
    seen.add(value);
  }
  const key: unknown = expression?.key;
  if (typeof key === 'string' && !isLabelKey(key)) {
    problems.push({
      message: `${where}.key ${JSON.stringify(key)} is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
      fix: 'select a label the nodes carry, e.g. topology.kubernetes.io/zone',
    });
  }
  return problems;
}

/**
 * What the API server refuses of a StorageClass's allowedTopologies (storage validation's validateAllowedTopologies):
 * each expression of a label key and at least one value, no value or key twice, and no term that selects the same
 * labels as an earlier one. A term of no expressions is refused too: the server compares each term with the empty
 * entries its list starts with, so an empty term is always a duplicate.
 */
export function allowedTopologyProblems(terms: unknown): Problem[] {
  if (!Array.isArray(terms)) {
    return [];
  }
  const problems: Problem[] = [];
  const earlier = new Map<string, number>();
  terms.forEach((term: Json, index) => {
    const where = `allowedTopologies[${index}]`;
    const expressions: Json[] = Array.isArray(term?.matchLabelExpressions) ? term.matchLabelExpressions : [];
    if (expressions.length === 0) {
      problems.push({
        message: `${where} has no matchLabelExpressions, which the API server refuses (it reads an empty term as a duplicate)`,
        fix: 'give the term a label and its values, e.g. { key: topology.kubernetes.io/zone, values: [eu-west-1a] }, or remove it',
      });
      return;
    }
    const keys = new Set<unknown>();
    expressions.forEach((expression, position) => {
      const at = `${where}.matchLabelExpressions[${position}]`;
      problems.push(...requirementProblems(expression, at));
      if (keys.has(expression?.key)) {
        problems.push({
          message: `${at}.key ${JSON.stringify(expression.key)} repeats the key of an earlier expression of the term, which the API server refuses`,
          fix: 'list all the values of a key in one expression',
        });
      }
      keys.add(expression?.key);
    });
    const sets = labelSets(expressions);
    const first = earlier.get(sets);
    if (first !== undefined) {
      problems.push({
        message: `${where} selects the same labels as allowedTopologies[${first}], which the API server refuses as a duplicate`,
        fix: `remove ${where}`,
      });
    } else {
      earlier.set(sets, index);
    }
  });
  return problems;
}
