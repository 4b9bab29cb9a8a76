import { kindsWith, podTemplatePath } from '../kinds/kinds';
import { RenderedObject } from '../writer/render';
import { isLabelKey, isLabelValue } from '../constructs/validation';
import { formatPath, Step } from './field-path';
import { Problem } from './finding';
import { Rule } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const POD_KINDS = kindsWith('podTemplate');

/** The operators of a label selector requirement (apimachinery's LabelSelectorOperator). */
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
/** The operators of a node selector requirement (core/v1 NodeSelectorOperator). */
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** matchFields of a node selector term select on metadata.name only, with In or NotIn. */
const FIELD_OPERATORS = ['In', 'NotIn'];

/** A selector found in an object, with its path. */
interface Found {
  readonly path: readonly Step[];
  readonly selector: Json;
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

/** The label selectors a pod spec holds: pod (anti-)affinity terms and topology spread constraints. */
function podSpecLabelSelectors(spec: Json, at: readonly Step[]): Found[] {
  const found: Found[] = [];
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const affinity = spec?.affinity?.[kind];
    const base = [...at, 'affinity', kind];
    list(affinity?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) =>
      found.push(...termSelectors(term, [...base, 'requiredDuringSchedulingIgnoredDuringExecution', index])),
    );
    list(affinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, index) =>
      found.push(
        ...termSelectors(weighted?.podAffinityTerm, [
          ...base,
          'preferredDuringSchedulingIgnoredDuringExecution',
          index,
          'podAffinityTerm',
        ]),
      ),
    );
  }
  list(spec?.topologySpreadConstraints).forEach((spread, index) => {
    if (spread?.labelSelector !== undefined) {
      found.push({
        path: [...at, 'topologySpreadConstraints', index, 'labelSelector'],
        selector: spread.labelSelector,
      });
    }
  });
  return found;
}

function termSelectors(term: Json, at: readonly Step[]): Found[] {
  return ['labelSelector', 'namespaceSelector']
    .filter((field) => term?.[field] !== undefined)
    .map((field) => ({ path: [...at, field], selector: term[field] }));
}

/** The label selectors a NetworkPolicy holds: its pods, and the pods and namespaces of each peer. */
function networkPolicySelectors(spec: Json): Found[] {
  const found: Found[] = [{ path: ['spec', 'podSelector'], selector: spec?.podSelector }];
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ]) {
    list(spec?.[direction]).forEach((rule, ruleIndex) =>
      list(rule?.[peers]).forEach((peer, peerIndex) => {
        for (const field of ['podSelector', 'namespaceSelector']) {
          if (peer?.[field] !== undefined) {
            found.push({ path: ['spec', direction, ruleIndex, peers, peerIndex, field], selector: peer[field] });
          }
        }
      }),
    );
  }
  return found.filter(({ selector }) => selector !== undefined);
}

/**
 * The label selectors of an object, each with whether `label-syntax` already checks its matchLabels (a workload's,
 * a PodDisruptionBudget's or a claim's `spec.selector`).
 */
function labelSelectorsOf(object: RenderedObject): (Found & { readonly matchLabelsChecked: boolean })[] {
  const manifest: Json = object.manifest;
  const spec = manifest.spec;
  const found: (Found & { matchLabelsChecked: boolean })[] = [];
  if (manifest.kind === 'NetworkPolicy') {
    found.push(...networkPolicySelectors(spec).map((item) => ({ ...item, matchLabelsChecked: false })));
  } else if (manifest.kind !== 'Service' && isObject(spec?.selector)) {
    found.push({ path: ['spec', 'selector'], selector: spec.selector, matchLabelsChecked: true });
  }
  const templatePath = podTemplatePath(manifest.kind);
  if (templatePath !== undefined) {
    const template = templatePath.reduce<Json>((value, key) => value?.[key], manifest);
    found.push(
      ...podSpecLabelSelectors(template?.spec, [...templatePath, 'spec']).map((item) => ({
        ...item,
        matchLabelsChecked: false,
      })),
    );
  }
  return found;
}

/** The node selector terms of an object: its pods' node affinity, or a PersistentVolume's. */
function nodeSelectorTermsOf(object: RenderedObject): Found[] {
  const manifest: Json = object.manifest;
  if (manifest.kind === 'PersistentVolume') {
    return list(manifest.spec?.nodeAffinity?.required?.nodeSelectorTerms).map((term, index) => ({
      path: ['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms', index],
      selector: term,
    }));
  }
  const templatePath = podTemplatePath(manifest.kind);
  if (templatePath === undefined) {
    return [];
  }
  const affinity = templatePath.reduce<Json>((value, key) => value?.[key], manifest)?.spec?.affinity?.nodeAffinity;
  const base = [...templatePath, 'spec', 'affinity', 'nodeAffinity'];
  return [
    ...list(affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).map((term, index) => ({
      path: [...base, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', index],
      selector: term,
    })),
    ...list(affinity?.preferredDuringSchedulingIgnoredDuringExecution).map((preferred, index) => ({
      path: [...base, 'preferredDuringSchedulingIgnoredDuringExecution', index, 'preference'],
      selector: preferred?.preference,
    })),
  ];
}

/** The problems of one requirement (`{ key, operator, values }`) under the operators allowed where it is. */
function requirementProblems(requirement: Json, where: string, operators: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const { key, operator } = requirement ?? {};
  const values: unknown[] = Array.isArray(requirement?.values) ? requirement.values : [];
  if (typeof key !== 'string' || !isLabelKey(key)) {
    problems.push({
      message: `${where}.key ${JSON.stringify(key)} is not a label key (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")`,
      fix: 'select on the key of a label the objects carry',
    });
  }
  if (!operators.includes(operator)) {
    const sameLetters = operators.find((candidate) => candidate.toLowerCase() === String(operator).toLowerCase());
    problems.push({
      message: `${where}.operator ${JSON.stringify(operator)} is not one of ${operators.join(', ')}`,
      fix:
        sameLetters === undefined
          ? `use one of ${operators.join(', ')}`
          : `write "${sameLetters}" (the API server minds the case)`,
    });
    return problems;
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    problems.push({
      message: `${where} uses ${operator} without values, which the API server refuses`,
      fix: `list the values to match, or use Exists/DoesNotExist to test only the key`,
    });
  } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    problems.push({
      message: `${where} uses ${operator} with values ${JSON.stringify(values)}, which the API server refuses`,
      fix: `remove \`values\` (${operator} tests only the key), or use In/NotIn to match values`,
    });
  } else if ((operator === 'Gt' || operator === 'Lt') && !(values.length === 1 && /^-?\d+$/.test(String(values[0])))) {
    problems.push({
      message: `${where} uses ${operator} with values ${JSON.stringify(values)}; it needs exactly one integer`,
      fix: `give one value, an integer written as a string, e.g. ["3"]`,
    });
  }
  return problems;
}

function labelSelectorProblems({ path, selector }: Found, checkMatchLabels: boolean): Problem[] {
  const where = formatPath(path);
  const problems: Problem[] = [];
  if (checkMatchLabels) {
    for (const [key, value] of Object.entries<Json>(isObject(selector?.matchLabels) ? selector.matchLabels : {})) {
      if (!isLabelKey(key) || typeof value !== 'string' || !isLabelValue(value)) {
        problems.push({
          message: `${where}.matchLabels ${JSON.stringify(key)}: ${JSON.stringify(value)} is not a label key and value (keys: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."; values: at most 63 of those)`,
          fix: 'select on a label the objects carry, written as labels are',
        });
      }
    }
  }
  list(selector?.matchExpressions).forEach((requirement, index) => {
    problems.push(...requirementProblems(requirement, `${where}.matchExpressions[${index}]`, LABEL_OPERATORS));
    if (requirement?.operator === 'In' || requirement?.operator === 'NotIn') {
      for (const value of list(requirement.values).filter((item) => typeof item !== 'string' || !isLabelValue(item))) {
        problems.push({
          message: `${where}.matchExpressions[${index}] has the value ${JSON.stringify(value)}, which is not a label value`,
          fix: 'match label values: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
        });
      }
    }
  });
  return problems;
}

function nodeSelectorTermProblems({ path, selector }: Found): Problem[] {
  const where = formatPath(path);
  return [
    ...list(selector?.matchExpressions).flatMap((requirement, index) =>
      requirementProblems(requirement, `${where}.matchExpressions[${index}]`, NODE_OPERATORS),
    ),
    ...list(selector?.matchFields).flatMap((requirement, index) => {
      const at = `${where}.matchFields[${index}]`;
      if (requirement?.key !== 'metadata.name') {
        return [
          {
            message: `${at}.key ${JSON.stringify(requirement?.key)} is not a field a node can be selected by`,
            fix: 'select on "metadata.name" (the only field matchFields supports), or use matchExpressions on labels',
          },
        ];
      }
      return requirementProblems({ ...requirement, key: 'name' }, at, FIELD_OPERATORS);
    }),
  ];
}

export const selectorSyntax: Rule = {
  id: 'selector-syntax',
  description:
    'every label selector (workloads, PodDisruptionBudgets, claims, NetworkPolicies, pod affinity, topology spread) and node selector term (node affinity, PersistentVolume) has requirements the API server takes: a known operator, values for In and NotIn, none for Exists and DoesNotExist, one integer for Gt and Lt, label syntax',
  kinds: [...POD_KINDS, 'NetworkPolicy', 'PodDisruptionBudget', 'PersistentVolumeClaim', 'PersistentVolume'],
  check(object) {
    return [
      ...labelSelectorsOf(object).flatMap((found) => labelSelectorProblems(found, !found.matchLabelsChecked)),
      ...nodeSelectorTermsOf(object).flatMap(nodeSelectorTermProblems),
    ];
  },
};

export const SELECTOR_RULES: readonly Rule[] = [selectorSyntax];
