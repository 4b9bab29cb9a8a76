import { releaseAtLeast } from '../config/kubernetes-version';
import { isDnsLabel, isDomainPrefixedPath } from '../constructs/validation';
import { CONTROLLER_UID_LABELS, JOB_NAME_LABELS } from './controller-labels';
import { Problem } from './finding';
import { unmetRequirement } from './references';
import { Rule, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The first release whose API server takes a Job's successPolicy (JobSuccessPolicy, beta and on by default in 1.31). */
export const SUCCESS_POLICY_SINCE = '1.31';
/** The first release whose API server takes a Job's managedBy (JobManagedBy, beta and on by default in 1.32). */
export const MANAGED_BY_SINCE = '1.32';
/** The most rules a successPolicy may have. */
export const MAX_SUCCESS_RULES = 20;
/** The longest label value, and so the longest name of a Job whose selector the API server makes. */
const MAX_LABEL_VALUE = 63;
/** The longest managedBy the API server takes. */
export const MAX_MANAGED_BY = 63;

/** A uid no label value can equal: the Job's, unknown before the API server creates it. */
const UNKNOWN_UID = '\u0000uid';

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * What the API server refuses of a Job's selector (batch validation's ValidateJob and validateGeneratedSelector): with
 * manualSelector, a selector it requires that selects the pod template's labels; without, none of its own (it makes
 * one of the Job's uid, and refuses a selector it did not make), no template label of the Job's name or uid with
 * another value (it keeps a label the template has, then refuses the template for it), and a name that fits the label.
 */
function jobSelectorProblems(job: Json, spec: Json): Problem[] {
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  if (spec.manualSelector === true) {
    if (!isSet(spec.selector)) {
      return [
        {
          message: 'spec.manualSelector is true and spec.selector is not set, which the API server then requires',
          fix: "give spec.selector the pod template's labels, or remove manualSelector to have the selector made for the Job",
        },
      ];
    }
    const unmet = unmetRequirement(spec.selector, labels);
    return typeof unmet === 'string'
      ? [
          {
            message: `spec.selector requirement ${unmet} does not match the pod template's labels, which the API server refuses: the Job would not select its own pods`,
            fix: 'make the selector and the pod template (spec.template.metadata.labels) agree',
          },
        ]
      : [];
  }
  const name = String(job.metadata?.name ?? '');
  const problems: Problem[] = [];
  if (name.length > MAX_LABEL_VALUE) {
    problems.push({
      message: `the Job's name is ${name.length} characters, and the API server labels its pods job-name=<name>, a label value of at most ${MAX_LABEL_VALUE}: it refuses the Job`,
      fix: `shorten the name to ${MAX_LABEL_VALUE} characters or less`,
    });
  }
  for (const label of JOB_NAME_LABELS.filter((key) => isSet(labels[key]) && labels[key] !== name)) {
    problems.push({
      message: `the pod template's label ${label} is ${JSON.stringify(labels[label])}, not the Job's name ${JSON.stringify(name)}, which the API server refuses (it sets the label to the name)`,
      fix: `remove the label ${label} from the pod template (the API server adds it)`,
    });
  }
  for (const label of CONTROLLER_UID_LABELS.filter((key) => isSet(labels[key]))) {
    problems.push({
      message: `the pod template sets the label ${label}, which the API server refuses: it must be the Job's uid, which the server gives the Job when it creates it`,
      fix: `remove the label ${label} from the pod template (the API server adds it)`,
    });
  }
  if (isSet(spec.selector)) {
    const generated = Object.fromEntries([
      ...JOB_NAME_LABELS.map((key) => [key, name]),
      ...CONTROLLER_UID_LABELS.map((key) => [key, UNKNOWN_UID]),
    ]);
    const unmet = unmetRequirement(spec.selector, generated);
    if (typeof unmet === 'string') {
      problems.push({
        message: `spec.selector is set (${unmet}) and spec.manualSelector is not true: the API server makes the selector of a Job's uid itself, and refuses one it did not make`,
        fix: 'remove spec.selector (the pods are selected by the Job), or set manualSelector: true and keep the selector',
      });
    }
  }
  return problems;
}

/** A CronJob's Job template: the controller makes each Job's selector, so the API server refuses one, and manualSelector. */
function jobTemplateSelectorProblems(spec: Json): Problem[] {
  const problems: Problem[] = [];
  if (isSet(spec.selector)) {
    problems.push({
      message: "jobTemplate.spec.selector is set, which the API server refuses: each Job's selector is made for it",
      fix: 'remove jobTemplate.spec.selector',
    });
  }
  if (spec.manualSelector === true) {
    problems.push({
      message: 'jobTemplate.spec.manualSelector is true, which the API server refuses (it takes false or nothing)',
      fix: 'remove jobTemplate.spec.manualSelector',
    });
  }
  return problems;
}

/**
 * The indexes an interval list such as "0,2-4" names, or the reason the API server refuses it (validateIndexesFormat):
 * intervals of one index or two joined by "-", each below completions, in increasing order without overlap.
 */
export function countIndexes(text: string, completions: number): number | string {
  if (text === '') {
    return 0;
  }
  let last = -1;
  let total = 0;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) {
      return `the interval ${JSON.stringify(interval)} has more than two parts`;
    }
    const numbers = parts.map((part) => (/^[+-]?\d+$/.test(part) ? Number(part) : NaN));
    const [first, end] = numbers;
    if (numbers.some(Number.isNaN)) {
      return `the interval ${JSON.stringify(interval)} is not an index or two joined by "-"`;
    }
    const high = end ?? first!;
    if (first! >= completions || high >= completions) {
      return `the interval ${JSON.stringify(interval)} goes past the last index, ${completions - 1}`;
    }
    if (parts.length === 2 && first! >= high) {
      return `the interval ${JSON.stringify(interval)} does not increase`;
    }
    if (first! <= last) {
      return `the interval ${JSON.stringify(interval)} does not come after the one before`;
    }
    total += high - first! + 1;
    last = high;
  }
  return total;
}

/** What the API server refuses of a successPolicy (validateSuccessPolicy): see jobSpec's description. */
function successPolicyProblems(spec: Json, at: string): Problem[] {
  if (spec.completionMode !== 'Indexed') {
    return [
      {
        message: `${at}successPolicy is set on a Job of completionMode ${JSON.stringify(spec.completionMode ?? 'NonIndexed')}, which the API server refuses: it takes one on an Indexed Job alone`,
        fix: 'set completionMode to Indexed, or remove successPolicy',
      },
    ];
  }
  const rules: unknown[] = Array.isArray(spec.successPolicy.rules) ? spec.successPolicy.rules : [];
  if (rules.length === 0 || rules.length > MAX_SUCCESS_RULES) {
    return [
      {
        message: `${at}successPolicy.rules lists ${rules.length} rules; the API server takes 1 to ${MAX_SUCCESS_RULES}`,
        fix: 'give the rules the Job succeeds by, e.g. [{ succeededIndexes: "0" }] (index 0 succeeding is enough)',
      },
    ];
  }
  const completions: unknown = spec.completions;
  return rules.flatMap((rule: Json, index): Problem[] => {
    const where = `${at}successPolicy.rules[${index}]`;
    const count: unknown = rule?.succeededCount;
    const indexes: unknown = rule?.succeededIndexes;
    if (!isSet(count) && !isSet(indexes)) {
      return [
        {
          message: `${where} has neither succeededCount nor succeededIndexes, which the API server refuses`,
          fix: 'give succeededIndexes (e.g. "0-2"), succeededCount (e.g. 2), or both',
        },
      ];
    }
    if (typeof completions !== 'number') {
      return []; // an Indexed Job without completions is refused for that
    }
    const problems: Problem[] = [];
    const total = typeof indexes === 'string' ? countIndexes(indexes, completions) : undefined;
    if (typeof total === 'string') {
      problems.push({
        message: `${where}.succeededIndexes ${JSON.stringify(indexes)} is refused by the API server: ${total}`,
        fix: `list indexes from 0 to ${completions - 1} in increasing order, single ("3") or as intervals ("0-2"), joined by ",", e.g. "0,2-4"`,
      });
    }
    if (
      typeof count === 'number' &&
      (count < 0 || count > completions || (typeof total === 'number' && count > total))
    ) {
      const most = typeof total === 'number' ? Math.min(total, completions) : completions;
      problems.push({
        message: `${where}.succeededCount ${count} is not from 0 to ${most} (${typeof total === 'number' ? `the indexes succeededIndexes names, and ` : ''}completions ${completions}), which the API server refuses`,
        fix: `set succeededCount to ${most} or less`,
      });
    }
    return problems;
  });
}

/** What the API server refuses of managedBy (validateJobSpec): a domain-prefixed path of at most 63 characters. */
function managedByProblems(spec: Json, at: string): Problem[] {
  const value: unknown = spec.managedBy;
  return typeof value === 'string' && value.length <= MAX_MANAGED_BY && isDomainPrefixedPath(value)
    ? []
    : [
        {
          message: `${at}managedBy ${JSON.stringify(value)} is not a domain-prefixed path of at most ${MAX_MANAGED_BY} characters (such as "kueue.x-k8s.io/multikueue"), which the API server refuses`,
          fix: 'name the controller that manages the Job as its documentation does, or remove managedBy (the built-in Job controller)',
        },
      ];
}

/**
 * An Indexed Job's pods are named `<job>-<index>-<random>` with the hostname `<job>-<index>`, which must be a DNS-1123
 * label: the API server refuses a Job whose last index would make it too long (ValidateJob).
 */
function indexedNameProblems(job: Json, spec: Json): Problem[] {
  const name: unknown = job.metadata?.name;
  const completions: unknown = spec.completions;
  if (
    spec.completionMode !== 'Indexed' ||
    typeof name !== 'string' ||
    typeof completions !== 'number' ||
    completions < 1
  ) {
    return [];
  }
  const hostname = `${name}-${completions - 1}`;
  return isDnsLabel(hostname)
    ? []
    : [
        {
          message: `the hostname of its last pod, ${JSON.stringify(hostname)}, is no DNS-1123 label (at most 63 characters), which the API server refuses for an Indexed Job of ${completions} completions`,
          fix: `shorten the Job's name to at most ${63 - String(completions - 1).length - 1} characters`,
        },
      ];
}

export const jobSpec: Rule = {
  id: 'job-spec',
  description:
    "a Job's selector, generated labels, successPolicy and managedBy are what the API server takes: a selector only with manualSelector (then one that selects the pod template), no template label of the Job's name or uid of its own, no selector or manualSelector in a CronJob's Job template; a successPolicy (from 1.31) only on an Indexed Job, of 1-20 rules each with succeededIndexes (increasing intervals below completions) or succeededCount (at most completions and the indexes named); a managedBy (from 1.32) that is a domain-prefixed path of at most 63 characters; an Indexed Job's last pod hostname a DNS-1123 label",
  kinds: ['Job', 'CronJob'],
  check(object, context) {
    const manifest: Json = object.manifest;
    const cronJob = manifest.kind === 'CronJob';
    const spec: Json = cronJob ? specOf(object).jobTemplate?.spec : specOf(object);
    if (spec === undefined || spec === null || typeof spec !== 'object') {
      return [];
    }
    const at = cronJob ? 'jobTemplate.spec.' : '';
    const release = context.kubernetesVersion;
    return [
      ...(cronJob ? jobTemplateSelectorProblems(spec) : jobSelectorProblems(manifest, spec)),
      ...(cronJob ? [] : indexedNameProblems(manifest, spec)),
      ...(isSet(spec.successPolicy) && releaseAtLeast(release, SUCCESS_POLICY_SINCE)
        ? successPolicyProblems(spec, at)
        : []),
      ...(isSet(spec.managedBy) && releaseAtLeast(release, MANAGED_BY_SINCE) ? managedByProblems(spec, at) : []),
    ];
  },
};
