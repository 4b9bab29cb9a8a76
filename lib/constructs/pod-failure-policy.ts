import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { MAX_CONDITION_PATTERNS, MAX_EXIT_CODES, MAX_POD_FAILURE_RULES } from '../checks/job-rules';
import { PropShape, is } from './prop-shapes';
import { fail, isLabelKey } from './validation';

/** What the Job controller does with a failed pod that a rule matches. */
export enum PodFailureAction {
  /** Fail the whole Job at once and stop its running pods: a bug that retrying cannot fix. */
  FAIL_JOB = 'FailJob',
  /** Fail the pod's index alone (Indexed Jobs with `backoffLimitPerIndex`, Kubernetes 1.29 and later). */
  FAIL_INDEX = 'FailIndex',
  /** Replace the pod without counting it towards `backoffLimit`: a disruption such as a node drain or preemption. */
  IGNORE = 'Ignore',
  /** Count it towards `backoffLimit`, as without a rule. */
  COUNT = 'Count',
}

/** How a rule compares the containers' exit codes with its values. */
export enum ExitCodeOperator {
  /** Matches when a container exited with one of the values. */
  IN = 'In',
  /** Matches when a container exited non-zero with none of the values. */
  NOT_IN = 'NotIn',
}

/** The status a pod condition must have for a rule to match. */
export enum PodConditionStatus {
  TRUE = 'True',
  FALSE = 'False',
  UNKNOWN = 'Unknown',
}

/** The exit codes a rule matches. */
export interface ExitCodeRequirement {
  /** The container (or init container) whose exit code counts. @default - every container */
  readonly containerName?: string;
  /** Whether the codes are those that match (`IN`) or those that do not (`NOT_IN`). */
  readonly operator: ExitCodeOperator;
  /** The exit codes, in increasing order, each once (1 to 255 of them; 0 is success and not taken with `IN`). */
  readonly values: readonly number[];
}

/** A pod condition a rule matches, e.g. `{ type: 'DisruptionTarget' }` for a pod evicted, preempted or drained. */
export interface PodConditionPattern {
  /** The condition type, e.g. `DisruptionTarget`. */
  readonly type: string;
  /** The status the condition must have. @default PodConditionStatus.TRUE */
  readonly status?: PodConditionStatus;
}

/** One rule of a Job's pod failure policy: exactly one of `onExitCodes` and `onPodConditions`. */
export interface PodFailureRule {
  /** What to do with a failed pod the rule matches. */
  readonly action: PodFailureAction;
  /** Match the pod by its containers' exit codes. @default - match by onPodConditions */
  readonly onExitCodes?: ExitCodeRequirement;
  /** Match the pod by its conditions (any of them, at most 20). @default - match by onExitCodes */
  readonly onPodConditions?: readonly PodConditionPattern[];
}

/** The shape of `PodFailureRule`. */
export const POD_FAILURE_RULE_SHAPE = {
  action: is.required(is.oneOf(Object.values(PodFailureAction))),
  onExitCodes: is.object({
    containerName: is.text,
    operator: is.required(is.oneOf(Object.values(ExitCodeOperator))),
    values: is.required(is.list(is.count(0), '[1, 42]')),
  } satisfies PropShape<ExitCodeRequirement>),
  onPodConditions: is.list(
    is.object({
      type: is.required(is.text),
      status: is.oneOf(Object.values(PodConditionStatus)),
    } satisfies PropShape<PodConditionPattern>),
    "[{ type: 'DisruptionTarget' }]",
  ),
} satisfies PropShape<PodFailureRule>;

/** What a pod failure policy depends on besides its rules: the pods' restart policy and containers, per-index limits. */
export interface PodFailureContext {
  readonly restartPolicy: string | undefined;
  /** The names of the pod template's containers and init containers. */
  readonly containerNames: readonly string[];
  readonly backoffLimitPerIndex: number | undefined;
}

/**
 * Renders `podFailurePolicy` (the prop's path, for messages) after refusing what the API server refuses: a policy on
 * pods that do not restart Never, more than 20 rules, a rule of both or neither matchers, FailIndex without
 * backoffLimitPerIndex, exit codes out of order, repeated, 0 under In or for a container the pod lacks, a condition
 * type that is not a qualified name.
 */
export function renderPodFailurePolicy(
  scope: IConstruct,
  rules: readonly PodFailureRule[] | undefined,
  context: PodFailureContext,
): k8s.PodFailurePolicy | undefined {
  if (rules === undefined) {
    return undefined;
  }
  if (context.restartPolicy !== 'Never') {
    fail(
      scope,
      `podFailurePolicy needs pods that restart Never, got restartPolicy ${context.restartPolicy}; leave restartPolicy ` +
        'out (RestartPolicy.NEVER) or remove podFailurePolicy',
    );
  }
  if (rules.length > MAX_POD_FAILURE_RULES) {
    fail(
      scope,
      `podFailurePolicy has ${rules.length} rules, more than the ${MAX_POD_FAILURE_RULES} the API server takes; ` +
        'merge rules of the same action (a rule takes up to 255 exit codes or 20 conditions)',
    );
  }
  return {
    rules: rules.map((rule, index) => renderRule(scope, `podFailurePolicy[${index}]`, rule, context)),
  };
}

function renderRule(
  scope: IConstruct,
  field: string,
  rule: PodFailureRule,
  context: PodFailureContext,
): k8s.PodFailurePolicyRule {
  const conditions = rule.onPodConditions ?? [];
  if ((rule.onExitCodes === undefined) === (conditions.length === 0)) {
    fail(
      scope,
      `${field} has ${rule.onExitCodes === undefined ? 'neither onExitCodes nor onPodConditions' : 'both onExitCodes and onPodConditions'}; ` +
        'a rule matches by exactly one of them: write two rules to match both',
    );
  }
  if (rule.action === PodFailureAction.FAIL_INDEX && context.backoffLimitPerIndex === undefined) {
    fail(
      scope,
      `${field}.action is PodFailureAction.FAIL_INDEX, which needs backoffLimitPerIndex (an Indexed Job's retries ` +
        'per index); set backoffLimitPerIndex, or use PodFailureAction.FAIL_JOB',
    );
  }
  if (conditions.length > MAX_CONDITION_PATTERNS) {
    fail(
      scope,
      `${field}.onPodConditions has ${conditions.length} patterns, more than the ${MAX_CONDITION_PATTERNS} the API ` +
        'server takes; split them over two rules of the same action',
    );
  }
  conditions.forEach((pattern, index) => {
    if (!isLabelKey(pattern.type)) {
      fail(
        scope,
        `${field}.onPodConditions[${index}].type "${pattern.type}" is not a condition type (a qualified name such ` +
          'as DisruptionTarget or example.com/Stuck); write the type as `kubectl get pod -o yaml` shows it',
      );
    }
  });
  // The binding's type makes onPodConditions required: a rule on exit codes has none.
  return {
    action: rule.action,
    onExitCodes: rule.onExitCodes && renderExitCodes(scope, `${field}.onExitCodes`, rule.onExitCodes, context),
    onPodConditions: (conditions.length === 0
      ? undefined
      : conditions.map((pattern) => ({
          type: pattern.type,
          status: pattern.status ?? PodConditionStatus.TRUE,
        }))) as k8s.PodFailurePolicyOnPodConditionsPattern[],
  };
}

function renderExitCodes(
  scope: IConstruct,
  field: string,
  codes: ExitCodeRequirement,
  context: PodFailureContext,
): k8s.PodFailurePolicyOnExitCodesRequirement {
  const values = codes.values;
  if (values.length === 0 || values.length > MAX_EXIT_CODES) {
    fail(scope, `${field}.values has ${values.length} exit codes; a rule takes 1 to ${MAX_EXIT_CODES}`);
  }
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length !== values.length || sorted.some((value, index) => value !== values[index])) {
    fail(
      scope,
      `${field}.values must be in increasing order, each once, got ${JSON.stringify(values)}; write ` +
        JSON.stringify(sorted),
    );
  }
  if (codes.operator === ExitCodeOperator.IN && values.includes(0)) {
    fail(
      scope,
      `${field}.values has 0 under ExitCodeOperator.IN, which the API server refuses (0 is success, never a ` +
        'failure); remove 0',
    );
  }
  if (codes.containerName !== undefined && !context.containerNames.includes(codes.containerName)) {
    fail(
      scope,
      `${field}.containerName "${codes.containerName}" is not a container of the pod (it has ` +
        `${context.containerNames.map((name) => `"${name}"`).join(', ')}); name one of them, or leave it out for all`,
    );
  }
  return { containerName: codes.containerName, operator: codes.operator, values: [...values] };
}
