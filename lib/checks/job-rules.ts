import { compareReleases } from '../config/kubernetes-version';
import { Problem } from './finding';
import { Rule, specOf } from './rule';
import { notOneOf } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The first release that takes the action FailIndex (with backoffLimitPerIndex, on by default from 1.29). */
const FAIL_INDEX_SINCE = '1.29';
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
/** The most exit codes a rule may list. */
const MAX_EXIT_CODES = 255;

function actionsOf(release: string): string[] {
  return compareReleases(release, FAIL_INDEX_SINCE) >= 0
    ? ['Count', 'FailIndex', 'FailJob', 'Ignore']
    : ['Count', 'FailJob', 'Ignore'];
}

function oneOf(where: string, value: unknown, allowed: readonly string[]): Problem[] {
  const problem = notOneOf(where, value, allowed);
  return problem === undefined ? [] : [problem];
}

/** What the API server refuses in the exit codes of a rule: none, more than 255, out of order or repeated, 0 under In. */
function exitCodeProblems(where: string, codes: Json): Problem[] {
  const values: unknown[] = Array.isArray(codes?.values) ? codes.values : [];
  const problems = oneOf(`${where}.operator`, codes?.operator, OPERATORS);
  if (values.length === 0 || values.length > MAX_EXIT_CODES) {
    problems.push({
      message: `${where}.values lists ${values.length} exit codes; the API server takes 1 to ${MAX_EXIT_CODES}`,
      fix: 'list the exit codes the rule is about, e.g. [42]',
    });
    return problems;
  }
  const sorted = values.every(
    (value, index) => Number.isInteger(value) && (index === 0 || (value as number) > (values[index - 1] as number)),
  );
  if (!sorted) {
    problems.push({
      message: `${where}.values ${JSON.stringify(values)} are not integers in increasing order, each once`,
      fix: `sort them and remove repeats, e.g. ${JSON.stringify([...new Set(values.filter(Number.isInteger))].sort((a, b) => (a as number) - (b as number)))}`,
    });
  }
  if (codes?.operator === 'In' && values.includes(0)) {
    problems.push({
      message: `${where} matches exit code 0 with In, which the API server refuses (0 is success)`,
      fix: 'remove 0 from values',
    });
  }
  return problems;
}

/** The pod failure policy of a Job's spec (`at`: where the spec is, for messages) and its pod template. */
function podFailurePolicyProblems(spec: Json, at: string, release: string): Problem[] {
  const policy = spec?.podFailurePolicy;
  if (policy === undefined || policy === null) {
    return [];
  }
  const problems: Problem[] = [];
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (restartPolicy !== 'Never') {
    problems.push({
      message: `${at}podFailurePolicy is set with the pod restartPolicy ${JSON.stringify(restartPolicy ?? 'Always')}; the API server takes it only with Never`,
      fix: "set the pods' restartPolicy to Never (RestartPolicy.NEVER), or remove podFailurePolicy",
    });
  }
  const rules: Json[] = Array.isArray(policy.rules) ? policy.rules : [];
  rules.forEach((rule, index) => {
    const where = `${at}podFailurePolicy.rules[${index}]`;
    problems.push(...oneOf(`${where}.action`, rule?.action, actionsOf(release)));
    const onExitCodes = rule?.onExitCodes !== undefined && rule?.onExitCodes !== null;
    const onConditions = Array.isArray(rule?.onPodConditions) && rule.onPodConditions.length > 0;
    if (onExitCodes === onConditions) {
      problems.push({
        message: `${where} has ${onExitCodes ? 'both onExitCodes and onPodConditions' : 'neither onExitCodes nor onPodConditions'}; the API server takes exactly one`,
        fix: 'match either the exit codes of a container or the conditions of the pod, in two rules if you need both',
      });
    }
    if (onExitCodes) {
      problems.push(...exitCodeProblems(`${where}.onExitCodes`, rule.onExitCodes));
    }
    ((onConditions ? rule.onPodConditions : []) as Json[]).forEach((pattern, at2) => {
      if (pattern?.status !== undefined) {
        problems.push(...oneOf(`${where}.onPodConditions[${at2}].status`, pattern.status, CONDITION_STATUSES));
      }
    });
  });
  return problems;
}

export const podFailurePolicy: Rule = {
  id: 'pod-failure-policy',
  description:
    "a Job's (or a CronJob's Job's) podFailurePolicy is what the API server takes: pods that restart Never, rules of a known action, each on exit codes (In or NotIn, 1-255 codes in increasing order, no 0 under In) or on pod conditions",
  kinds: ['Job', 'CronJob'],
  check(object, context) {
    const spec = specOf(object);
    return object.manifest.kind === 'CronJob'
      ? podFailurePolicyProblems(spec.jobTemplate?.spec, 'jobTemplate.spec.', context.kubernetesVersion)
      : podFailurePolicyProblems(spec, '', context.kubernetesVersion);
  },
};

export const JOB_RULES: readonly Rule[] = [podFailurePolicy];
