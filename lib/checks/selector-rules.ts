import { compareReleases } from '../config/kubernetes-version';
import { kindsWith, podTemplateIn, podTemplatePath } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { isLabelKey, isLabelValue } from '../constructs/validation';
import { formatPath, Step } from './field-path';
import { Problem } from './finding';
import { Rule } from './rule';
import { notOneOf } from './value-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const POD_KINDS = kindsWith('podTemplate');
/** The kinds whose webhooks select the namespaces and objects they are called for. */
const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/** The operators of a label selector requirement (apimachinery's LabelSelectorOperator). */
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** The operators of a node selector requirement (core/v1 NodeSelectorOperator). */
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** matchFields of a node selector term select on metadata.name only, with In or NotIn. */
const FIELD_OPERATORS = ['In', 'NotIn'];

/**
 * Where a selector is, as the steps to it; a function, so that the path is only built for a selector with a problem
 * (most objects have none, and the checks run on every object of every synthesis).
 */
type At = () => readonly Step[];

/** Called with each label selector of an object; `matchLabelsChecked`: label-syntax already checks its matchLabels. */
type LabelSelectorVisitor = (selector: Json, at: At, matchLabelsChecked: boolean) => void;

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

function visitTerm(term: Json, at: At, visit: LabelSelectorVisitor): void {
  if (term?.labelSelector !== undefined) {
    visit(term.labelSelector, () => [...at(), 'labelSelector'], false);
  }
  if (term?.namespaceSelector !== undefined) {
    visit(term.namespaceSelector, () => [...at(), 'namespaceSelector'], false);
  }
}

/** The label selectors of a pod spec: pod (anti-)affinity terms and topology spread constraints. */
function visitPodSpec(spec: Json, at: At, visit: LabelSelectorVisitor): void {
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const affinity = spec?.affinity?.[kind];
    if (affinity === undefined) {
      continue;
    }
    list(affinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) =>
      visitTerm(
        term,
        () => [...at(), 'affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution', index],
        visit,
      ),
    );
    list(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, index) =>
      visitTerm(
        weighted?.podAffinityTerm,
        () => [...at(), 'affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution', index, 'podAffinityTerm'],
        visit,
      ),
    );
  }
  list(spec?.topologySpreadConstraints).forEach((spread, index) => {
    if (spread?.labelSelector !== undefined) {
      visit(spread.labelSelector, () => [...at(), 'topologySpreadConstraints', index, 'labelSelector'], false);
    }
  });
}

/** The label selectors of a NetworkPolicy: its pods', and the pods' and namespaces' of each peer. */
function visitNetworkPolicy(spec: Json, visit: LabelSelectorVisitor): void {
  if (spec?.podSelector !== undefined) {
    visit(spec.podSelector, () => ['spec', 'podSelector'], false);
  }
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ]) {
    list(spec?.[direction]).forEach((rule, ruleIndex) =>
      list(rule?.[peers]).forEach((peer, peerIndex) => {
        for (const field of ['podSelector', 'namespaceSelector']) {
          if (peer?.[field] !== undefined) {
            visit(peer[field], () => ['spec', direction, ruleIndex, peers, peerIndex, field], false);
          }
        }
      }),
    );
  }
}

const MATCH_SELECTORS = (match: string): string[][] => [
  ['spec', match, 'namespaceSelector'],
  ['spec', match, 'objectSelector'],
];

/** The label selectors of the kinds that have them at fixed paths: admission policies and bindings, CSIStorageCapacity. */
const SELECTOR_PATHS: Readonly<Record<string, readonly string[][]>> = {
  ValidatingAdmissionPolicy: MATCH_SELECTORS('matchConstraints'),
  MutatingAdmissionPolicy: MATCH_SELECTORS('matchConstraints'),
  ValidatingAdmissionPolicyBinding: [...MATCH_SELECTORS('matchResources'), ['spec', 'paramRef', 'selector']],
  MutatingAdmissionPolicyBinding: [...MATCH_SELECTORS('matchResources'), ['spec', 'paramRef', 'selector']],
  CSIStorageCapacity: [['nodeTopology']],
};

/**
 * Each label selector of an object: a NetworkPolicy's, a workload's, PodDisruptionBudget's or claim's `spec.selector`
 * (whose matchLabels label-syntax checks), and those of its pod template.
 */
function visitLabelSelectors(object: RenderedObject, visit: LabelSelectorVisitor): void {
  const manifest: Json = object.manifest;
  const paths = SELECTOR_PATHS[manifest.kind as string];
  if (paths !== undefined) {
    for (const path of paths) {
      const selector = path.reduce((node: Json, step) => node?.[step], manifest);
      if (selector !== undefined) {
        visit(selector, () => path, false);
      }
    }
    return;
  }
  if (manifest.kind === 'ClusterRole') {
    list(manifest.aggregationRule?.clusterRoleSelectors).forEach((selector, index) =>
      visit(selector, () => ['aggregationRule', 'clusterRoleSelectors', index], false),
    );
    return;
  }
  if (WEBHOOK_KINDS.includes(manifest.kind)) {
    list(manifest.webhooks).forEach((webhook, index) => {
      for (const field of ['namespaceSelector', 'objectSelector']) {
        if (webhook?.[field] !== undefined) {
          visit(webhook[field], () => ['webhooks', index, field], false);
        }
      }
    });
    return;
  }
  if (manifest.kind === 'NetworkPolicy') {
    visitNetworkPolicy(manifest.spec, visit);
  } else if (manifest.kind !== 'Service' && isObject(manifest.spec?.selector)) {
    visit(manifest.spec.selector, () => ['spec', 'selector'], true);
  }
  const templatePath = podTemplatePath(manifest.kind);
  if (templatePath !== undefined) {
    const template = podTemplateIn(manifest);
    visitPodSpec(template?.spec, () => [...templatePath, 'spec'], visit);
  }
}

/** Called with each node selector term of an object. */
type NodeTermVisitor = (term: Json, at: At) => void;

/** The node selector terms of an object: its pods' node affinity, or a PersistentVolume's. */
function visitNodeSelectorTerms(object: RenderedObject, visit: NodeTermVisitor): void {
  const manifest: Json = object.manifest;
  if (manifest.kind === 'PersistentVolume') {
    list(manifest.spec?.nodeAffinity?.required?.nodeSelectorTerms).forEach((term, index) =>
      visit(term, () => ['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms', index]),
    );
    return;
  }
  const templatePath = podTemplatePath(manifest.kind);
  const affinity = templatePath === undefined ? undefined : podTemplateIn(manifest)?.spec?.affinity?.nodeAffinity;
  if (affinity === undefined || templatePath === undefined) {
    return;
  }
  const base = () => [...templatePath, 'spec', 'affinity', 'nodeAffinity'];
  list(affinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).forEach((term, index) =>
    visit(term, () => [...base(), 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', index]),
  );
  list(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((preferred, index) =>
    visit(preferred?.preference, () => [
      ...base(),
      'preferredDuringSchedulingIgnoredDuringExecution',
      index,
      'preference',
    ]),
  );
}

/** The problems of one requirement (`{ key, operator, values }`) under the operators allowed where it is. */
function requirementProblems(
  requirement: Json,
  where: () => string,
  operators: readonly string[],
  problems: Problem[],
): void {
  const { key, operator } = requirement ?? {};
  const values: unknown[] = Array.isArray(requirement?.values) ? requirement.values : [];
  if (typeof key !== 'string' || !isLabelKey(key)) {
    problems.push({
      message: `${where()}.key ${JSON.stringify(key)} is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
      fix: 'select on the key of a label the objects carry',
    });
  }
  const unknownOperator = notOneOf(`${where()}.operator`, operator, operators);
  if (unknownOperator !== undefined) {
    problems.push(unknownOperator);
    return;
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    problems.push({
      message: `${where()} uses ${operator} without values, which the API server refuses`,
      fix: `list the values to match, or use Exists/DoesNotExist to test only the key`,
    });
  } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    problems.push({
      message: `${where()} uses ${operator} with values ${JSON.stringify(values)}, which the API server refuses`,
      fix: `remove \`values\` (${operator} tests only the key), or use In/NotIn to match values`,
    });
  } else if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) {
    problems.push({
      message: `${where()} uses ${operator} with values ${JSON.stringify(values)}; it needs exactly one integer`,
      fix: `give one value, an integer written as a string, e.g. ["3"]`,
    });
  } else if ((operator === 'Gt' || operator === 'Lt') && !/^-?\d+$/.test(String(values[0]))) {
    // Both API servers (1.27, 1.37) take one value of any text; the scheduler cannot compare it.
    problems.push({
      message: `${where()} uses ${operator} with the value ${JSON.stringify(values[0])}, which is no integer: the API server takes it, and the scheduler matches no node by it`,
      fix: `give an integer written as a string, e.g. ["3"]`,
    });
  }
}

function labelSelectorProblems(selector: Json, at: At, checkMatchLabels: boolean, problems: Problem[]): void {
  if (checkMatchLabels && isObject(selector?.matchLabels)) {
    for (const key in selector.matchLabels) {
      const value = selector.matchLabels[key];
      if (!isLabelKey(key) || typeof value !== 'string' || !isLabelValue(value)) {
        problems.push({
          message: `${formatPath(at())}.matchLabels ${JSON.stringify(key)}: ${JSON.stringify(value)} is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)`,
          fix: 'select on a label the objects carry, written as labels are',
        });
      }
    }
  }
  const expressions = list(selector?.matchExpressions);
  for (let index = 0; index < expressions.length; index++) {
    const requirement = expressions[index];
    const where = () => `${formatPath(at())}.matchExpressions[${index}]`;
    requirementProblems(requirement, where, LABEL_OPERATORS, problems);
    if (requirement?.operator === 'In' || requirement?.operator === 'NotIn') {
      for (const value of list(requirement.values).filter((item) => typeof item !== 'string' || !isLabelValue(item))) {
        problems.push({
          message: `${where()} has the value ${JSON.stringify(value)}, which is not a label value`,
          fix: 'match label values: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
        });
      }
    }
  }
}

/**
 * The first release whose API server takes only label values in a node selector requirement's In and NotIn values (of
 * node affinity and of a PersistentVolume's): 1.37 refuses "node-1:" ("a valid label must be an empty string or ..."),
 * 1.27 takes it. The release between that started it is not known here, so the gate refuses from 1.37 only.
 */
export const NODE_SELECTOR_VALUES_SINCE = '1.37';

function nodeSelectorTermProblems(term: Json, at: At, release: string, problems: Problem[]): void {
  const labelValuesOnly = compareReleases(release, NODE_SELECTOR_VALUES_SINCE) >= 0;
  list(term?.matchExpressions).forEach((requirement, index) => {
    const where = () => `${formatPath(at())}.matchExpressions[${index}]`;
    requirementProblems(requirement, where, NODE_OPERATORS, problems);
    if (labelValuesOnly && (requirement?.operator === 'In' || requirement?.operator === 'NotIn')) {
      for (const value of list(requirement.values).filter((item) => typeof item !== 'string' || !isLabelValue(item))) {
        problems.push({
          message: `${where()} has the value ${JSON.stringify(value)}, which is not a label value, which the API server of ${release} refuses (from ${NODE_SELECTOR_VALUES_SINCE} on)`,
          fix: 'match node label values: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
        });
      }
    }
  });
  list(term?.matchFields).forEach((requirement, index) => {
    const where = () => `${formatPath(at())}.matchFields[${index}]`;
    if (requirement?.key !== 'metadata.name') {
      problems.push({
        message: `${where()}.key ${JSON.stringify(requirement?.key)} is not a field a node can be selected by`,
        fix: 'select on "metadata.name" (the only field matchFields supports), or use matchExpressions on labels',
      });
      return;
    }
    requirementProblems({ ...requirement, key: 'name' }, where, FIELD_OPERATORS, problems);
    const values = list(requirement?.values);
    if (FIELD_OPERATORS.includes(requirement?.operator) && values.length > 1) {
      // 1.27 and 1.37: 'must be only one value when `operator` is 'In' or 'NotIn' for node field selector'.
      problems.push({
        message: `${where()} selects metadata.name ${JSON.stringify(values)}; the API server takes one node name per requirement`,
        fix: 'give each node name a node selector term of its own (terms are ORed), or select the nodes by a label',
      });
    }
  });
}

export const selectorSyntax: Rule = {
  id: 'selector-syntax',
  description:
    'every label selector (workloads, PodDisruptionBudgets, claims, NetworkPolicies, pod affinity, topology spread, webhooks, admission policies and their bindings, CSIStorageCapacity, ClusterRole aggregation rules) and node selector term (node affinity, PersistentVolume) has requirements the API server takes: a known operator, values for In and NotIn, none for Exists and DoesNotExist, one integer for Gt and Lt, label syntax',
  kinds: [
    ...POD_KINDS,
    'NetworkPolicy',
    'PodDisruptionBudget',
    'PersistentVolumeClaim',
    'PersistentVolume',
    ...WEBHOOK_KINDS,
    ...Object.keys(SELECTOR_PATHS),
    'ClusterRole',
  ],
  check(object, context) {
    const problems: Problem[] = [];
    visitLabelSelectors(object, (selector, at, matchLabelsChecked) =>
      labelSelectorProblems(selector, at, !matchLabelsChecked, problems),
    );
    visitNodeSelectorTerms(object, (term, at) =>
      nodeSelectorTermProblems(term, at, context.kubernetesVersion, problems),
    );
    return problems;
  },
};

export const SELECTOR_RULES: readonly Rule[] = [selectorSyntax];
