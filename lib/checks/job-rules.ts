import { releaseAtLeast } from '../config/kubernetes-version';
import { Problem } from './finding';
import { Rule, specOf } from './rule';
import { notOneOf } from './value-rules';
import { isLabelKey } from '../constructs/validation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The first release that takes backoffLimitPerIndex, maxFailedIndexes and the action FailIndex (JobBackoffLimitPerIndex
 * on by default): 1.27 has no such fields, 1.28 drops them without a word.
 */
export const BACKOFF_LIMIT_PER_INDEX_SINCE = '1.29';
/**
 * The first release whose API server fills in a missing (or null) onPodConditions status of a CronJob's Job template,
 * as it always has for a Job (kubernetes/kubernetes#131525, 1.34; patch releases of some earlier ones may have it):
 * 1.27 refuses a CronJob without it ("Required value"), and 1.37 takes it.
 */
export const CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE = '1.34';
/** The first release that takes podReplacementPolicy (JobPodReplacementPolicy on by default; 1.28 drops it). */
export const POD_REPLACEMENT_POLICY_SINCE = '1.29';
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
const REPLACEMENT_POLICIES = ['TerminatingOrFailed', 'Failed'];
/** The most rules a pod failure policy may have. */
export const MAX_POD_FAILURE_RULES = 20;
/** The most exit codes a rule may list. */
export const MAX_EXIT_CODES = 255;
/** The most pod condition patterns a rule may list. */
export const MAX_CONDITION_PATTERNS = 20;
/** The completions (indexes) above which an Indexed Job with backoffLimitPerIndex needs maxFailedIndexes. */
export const MANY_INDEXES = 100_000;
/** The most maxFailedIndexes and parallelism of an Indexed Job of more than MANY_INDEXES with backoffLimitPerIndex. */
export const MAX_FOR_MANY_INDEXES = 10_000;

function actionsOf(release: string): string[] {
  return releaseAtLeast(release, BACKOFF_LIMIT_PER_INDEX_SINCE)
    ? ['Count', 'FailIndex', 'FailJob', 'Ignore']
    : ['Count', 'FailJob', 'Ignore'];
}

function oneOf(where: string, value: unknown, allowed: readonly string[]): Problem[] {
  const problem = notOneOf(where, value, allowed);
  return problem === undefined ? [] : [problem];
}

/** What the API server refuses in the exit codes of a rule: none, more than 255, out of order or repeated, 0 under In. */
function exitCodeProblems(where: string, codes: Json, containerNames: readonly string[]): Problem[] {
  const values: unknown[] = Array.isArray(codes?.values) ? codes.values : [];
  const problems = oneOf(`${where}.operator`, codes?.operator, OPERATORS);
  const container = codes?.containerName;
  if (container !== undefined && container !== null && !containerNames.includes(container)) {
    problems.push({
      message: `${where}.containerName ${JSON.stringify(container)} is not a container of the pod template (${containerNames.map((name) => JSON.stringify(name)).join(', ')})`,
      fix: 'name one of its containers or init containers, or remove containerName to match them all',
    });
  }
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
  if (rules.length > MAX_POD_FAILURE_RULES) {
    problems.push({
      message: `${at}podFailurePolicy has ${rules.length} rules; the API server takes at most ${MAX_POD_FAILURE_RULES}`,
      fix: 'merge rules of the same action (a rule takes up to 255 exit codes or 20 conditions)',
    });
  }
  const pod = spec.template?.spec;
  const containerNames: string[] = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map(
    (container: Json) => container?.name,
  );
  rules.forEach((rule, index) => {
    const where = `${at}podFailurePolicy.rules[${index}]`;
    problems.push(...oneOf(`${where}.action`, rule?.action, actionsOf(release)));
    if (
      rule?.action === 'FailIndex' &&
      releaseAtLeast(release, BACKOFF_LIMIT_PER_INDEX_SINCE) &&
      isUnset(spec.backoffLimitPerIndex)
    ) {
      problems.push({
        message: `${where}.action is FailIndex without backoffLimitPerIndex, which the API server refuses`,
        fix: 'set backoffLimitPerIndex (an Indexed Job), or use the action FailJob',
      });
    }
    const onExitCodes = rule?.onExitCodes !== undefined && rule?.onExitCodes !== null;
    const onConditions = Array.isArray(rule?.onPodConditions) && rule.onPodConditions.length > 0;
    if (onExitCodes === onConditions) {
      problems.push({
        message: `${where} has ${onExitCodes ? 'both onExitCodes and onPodConditions' : 'neither onExitCodes nor onPodConditions'}; the API server takes exactly one`,
        fix: 'match either the exit codes of a container or the conditions of the pod, in two rules if you need both',
      });
    }
    if (onExitCodes) {
      problems.push(...exitCodeProblems(`${where}.onExitCodes`, rule.onExitCodes, containerNames));
    }
    if (onConditions && rule.onPodConditions.length > MAX_CONDITION_PATTERNS) {
      problems.push({
        message: `${where}.onPodConditions has ${rule.onPodConditions.length} patterns; the API server takes at most ${MAX_CONDITION_PATTERNS}`,
        fix: 'split them over two rules of the same action',
      });
    }
    ((onConditions ? rule.onPodConditions : []) as Json[]).forEach((pattern, at2) => {
      if (!(typeof pattern?.type === 'string' && isLabelKey(pattern.type))) {
        problems.push({
          message: `${where}.onPodConditions[${at2}].type ${JSON.stringify(pattern?.type ?? null)} is not a condition type (a qualified name, e.g. DisruptionTarget)`,
          fix: 'write the condition type as `kubectl get pod -o yaml` shows it',
        });
      }
      if (pattern?.status !== undefined) {
        problems.push(...oneOf(`${where}.onPodConditions[${at2}].status`, pattern.status, CONDITION_STATUSES));
      } else if (at !== '' && !releaseAtLeast(release, CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE)) {
        problems.push({
          message: `${where}.onPodConditions[${at2}].status is not set, which the API server of Kubernetes ${release} refuses in a CronJob's Job template (it fills in "True" for a Job only, before ${CRON_JOB_CONDITION_STATUS_DEFAULTED_SINCE})`,
          fix: 'write status: "True" (the condition holds), or "False" or "Unknown"',
        });
      }
    });
  });
  return problems;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/** A Job spec's field that a release before `first` does not take (1.27 refuses it, 1.28 drops it), as a problem. */
function tooNew(at: string, field: string, release: string, first: string): Problem {
  return {
    message: `${at}${field} is not taken by Kubernetes ${release} (it comes with ${first}): the API server refuses the field or drops it without a word`,
    fix: `remove ${field}, or raise the environment's kubernetesVersion to ${first} or later once the cluster runs it`,
  };
}

/** backoffLimitPerIndex and maxFailedIndexes of a Job's spec (`at`: where the spec is, for messages). */
function perIndexProblems(spec: Json, at: string, release: string): Problem[] {
  const { backoffLimitPerIndex: perIndex, maxFailedIndexes: maxFailed, completions } = spec;
  const fields = [
    ['backoffLimitPerIndex', perIndex],
    ['maxFailedIndexes', maxFailed],
  ].filter(([, value]) => !isUnset(value)) as [string, unknown][];
  if (!releaseAtLeast(release, BACKOFF_LIMIT_PER_INDEX_SINCE)) {
    return fields.map(([field]) => tooNew(at, field, release, BACKOFF_LIMIT_PER_INDEX_SINCE));
  }
  const problems: Problem[] = fields
    .filter(([, value]) => !Number.isInteger(value) || (value as number) < 0)
    .map(([field, value]) => ({
      message: `${at}${field} must be an integer of 0 or more, got ${JSON.stringify(value)}`,
      fix: `set ${field} to an integer of 0 or more`,
    }));
  if (!isUnset(maxFailed) && isUnset(perIndex)) {
    problems.push({
      message: `${at}maxFailedIndexes is set without backoffLimitPerIndex, which the API server refuses`,
      fix: 'set backoffLimitPerIndex (the retries of each index), or remove maxFailedIndexes',
    });
  }
  if (fields.length > 0 && spec.completionMode !== 'Indexed') {
    problems.push({
      message: `${at}${fields.map(([field]) => field).join(' and ')} on a Job of completionMode ${JSON.stringify(spec.completionMode ?? 'NonIndexed')}; the API server takes ${fields.length > 1 ? 'them' : 'it'} on an Indexed Job alone`,
      fix: 'set completionMode to Indexed, or use backoffLimit',
    });
  }
  if (!isUnset(perIndex) && Number.isInteger(completions) && completions > MANY_INDEXES) {
    problems.push(...manyIndexProblems(spec, at));
  }
  if (Number.isInteger(maxFailed) && Number.isInteger(completions) && maxFailed > completions) {
    problems.push({
      message: `${at}maxFailedIndexes ${maxFailed} is more than completions ${completions}`,
      fix: `set maxFailedIndexes to ${completions} or less`,
    });
  }
  return problems;
}

/** An Indexed Job of more than MANY_INDEXES with per-index limits: maxFailedIndexes given, it and parallelism small. */
function manyIndexProblems(spec: Json, at: string): Problem[] {
  const many = `${at}completions ${spec.completions} is more than ${MANY_INDEXES} with backoffLimitPerIndex`;
  if (isUnset(spec.maxFailedIndexes)) {
    return [
      {
        message: `${many}, and maxFailedIndexes is not set, which the API server then requires`,
        fix: `set maxFailedIndexes to at most ${MAX_FOR_MANY_INDEXES}`,
      },
    ];
  }
  return (['maxFailedIndexes', 'parallelism'] as const)
    .filter((field) => Number.isInteger(spec[field]) && spec[field] > MAX_FOR_MANY_INDEXES)
    .map((field) => ({
      message: `${many}, so ${field} may be at most ${MAX_FOR_MANY_INDEXES}, got ${spec[field]}`,
      fix: `lower ${field} to ${MAX_FOR_MANY_INDEXES} or less`,
    }));
}

/** podReplacementPolicy of a Job's spec: on a release that takes it, of a known value, Failed beside a podFailurePolicy. */
function replacementProblems(spec: Json, at: string, release: string): Problem[] {
  const policy = spec.podReplacementPolicy;
  if (isUnset(policy)) {
    return [];
  }
  if (!releaseAtLeast(release, POD_REPLACEMENT_POLICY_SINCE)) {
    return [tooNew(at, 'podReplacementPolicy', release, POD_REPLACEMENT_POLICY_SINCE)];
  }
  if (!isUnset(spec.podFailurePolicy) && policy !== 'Failed') {
    return [
      {
        message: `${at}podReplacementPolicy is ${JSON.stringify(policy)} beside a podFailurePolicy, which takes Failed alone`,
        fix: 'set podReplacementPolicy to Failed, or remove it (Failed then)',
      },
    ];
  }
  return oneOf(`${at}podReplacementPolicy`, policy, REPLACEMENT_POLICIES);
}

/** A Job's spec and where it is in the object: a Job's own, or a CronJob's Job template's. */
function jobSpecOf(object: Parameters<Rule['check']>[0]): [spec: Json, at: string] {
  const spec = specOf(object);
  return object.manifest.kind === 'CronJob' ? [spec.jobTemplate?.spec, 'jobTemplate.spec.'] : [spec, ''];
}

export const podFailurePolicy: Rule = {
  id: 'pod-failure-policy',
  description:
    "a Job's (or a CronJob's Job's) podFailurePolicy is what the API server takes: pods that restart Never, at most 20 rules of a known action (FailIndex with backoffLimitPerIndex), each on exit codes (In or NotIn, 1-255 codes in increasing order, no 0 under In, of a container the pod has) or on pod conditions (at most 20, of qualified types)",
  kinds: ['Job', 'CronJob'],
  check(object, context) {
    const [spec, at] = jobSpecOf(object);
    return podFailurePolicyProblems(spec, at, context.kubernetesVersion);
  },
};

export const jobFailureHandling: Rule = {
  id: 'job-failure-handling',
  description:
    "a Job's (or a CronJob's Job's) backoffLimitPerIndex, maxFailedIndexes and podReplacementPolicy are what the API server of the release takes: from 1.29, per-index limits on an Indexed Job, at most completions failed indexes (and maxFailedIndexes and parallelism of at most 10000 past 100000 indexes), a known replacement policy (Failed beside a podFailurePolicy)",
  kinds: ['Job', 'CronJob'],
  check(object, context) {
    const [spec, at] = jobSpecOf(object);
    return spec === undefined || spec === null
      ? []
      : [
          ...perIndexProblems(spec, at, context.kubernetesVersion),
          ...replacementProblems(spec, at, context.kubernetesVersion),
        ];
  },
};

export const JOB_RULES: readonly Rule[] = [podFailurePolicy, jobFailureHandling];
