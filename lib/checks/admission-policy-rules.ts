import { isDnsSubdomain, isLabelKey, isPathSegmentName } from '../constructs/validation';
import { CelType, compileAdmissionExpression, expressionProblems } from './admission-cel';
import { Problem } from './finding';
import { matchConditionProblems } from './match-conditions';
import { Rule } from './rule';
import { admissionRuleProblems } from './webhook-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A CEL identifier, which a variable's name must be (and not a reserved word). */
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const CEL_RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(
    ' ',
  ),
);
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const PATCH_TYPES = ['ApplyConfiguration', 'JSONPatch'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
/** The operations a policy may match. */
const POLICY_OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
/** The operations a mutating policy may match: it cannot mutate a delete. */
const MUTATING_OPERATIONS = ['*', 'CREATE', 'UPDATE', 'CONNECT'];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_VALUE_EXPRESSION = 5 * 1024;
/** A DNS-1035 label: a paramKind's version, and its kind in lower case. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function oneOf(at: string, value: unknown, allowed: readonly string[], what: string): Problem[] {
  return value === undefined || allowed.includes(value as string)
    ? []
    : [
        {
          message: `${at} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`,
          fix: `give ${what} one of them`,
        },
      ];
}

/** The paramKind's apiVersion (`group/version`, a DNS-1123 group and a DNS-1035 version) and kind. */
function paramKindProblems(paramKind: Json): Problem[] {
  const problems: Problem[] = [];
  const fix = 'name the kind of the policy’s parameters, e.g. { apiVersion: "v1", kind: "ConfigMap" }';
  const apiVersion = paramKind?.apiVersion;
  const [group, version] =
    typeof apiVersion === 'string' && apiVersion.split('/').length === 2 ? apiVersion.split('/') : ['', apiVersion];
  if (blank(apiVersion)) {
    problems.push({ message: 'spec.paramKind.apiVersion is empty', fix });
  } else if (
    (typeof apiVersion === 'string' && apiVersion.split('/').length > 2) ||
    (group !== '' && !isDnsSubdomain(group)) ||
    !(typeof version === 'string' && version.length <= 63 && DNS_1035_LABEL.test(version))
  ) {
    problems.push({
      message: `spec.paramKind.apiVersion ${JSON.stringify(apiVersion)} is not group/version (a DNS-1123 subdomain and a DNS-1035 label) or version`,
      fix,
    });
  }
  const kind = paramKind?.kind;
  if (blank(kind)) {
    problems.push({ message: 'spec.paramKind.kind is empty', fix });
  } else if (!(kind.length <= 63 && DNS_1035_LABEL.test(kind.toLowerCase()))) {
    problems.push({
      message: `spec.paramKind.kind ${JSON.stringify(kind)} is not a kind (a DNS-1035 label but for its case)`,
      fix,
    });
  }
  return problems;
}

/** A rule of matchConstraints or matchResources: its resourceNames, then what a webhook's rule must be. */
function namedRuleProblems(where: string, rule: Json, mutating: boolean): Problem[] {
  const problems: Problem[] = [];
  list(rule?.resourceNames).forEach((name, index) => {
    if (name === '' || !isPathSegmentName(name)) {
      problems.push({
        message: `${where}.resourceNames[${index}] ${JSON.stringify(name)} is not a name (not "", "." or "..", without "/" or "%")`,
        fix: 'list the names of the objects the policy applies to',
      });
    } else if (list(rule.resourceNames).indexOf(name) !== index) {
      problems.push({
        message: `${where}.resourceNames[${index}] repeats ${JSON.stringify(name)}`,
        fix: 'list each once',
      });
    }
  });
  list(rule?.operations).forEach((operation, index) => {
    if (!mutating && !POLICY_OPERATIONS.includes(operation)) {
      problems.push({
        message: `${where}.operations[${index}] ${JSON.stringify(operation)} is not one of ${POLICY_OPERATIONS.join(', ')}`,
        fix: 'list the operations in upper case, or "*" alone',
      });
    }
  });
  if (mutating) {
    list(rule?.operations).forEach((operation, index) => {
      if (!MUTATING_OPERATIONS.includes(operation)) {
        problems.push({
          message: `${where}.operations[${index}] ${JSON.stringify(operation)} is not one a mutating policy can match (${MUTATING_OPERATIONS.join(', ')})`,
          fix: 'match CREATE and UPDATE: a policy cannot mutate a delete',
        });
      }
    });
  }
  return [...problems, ...admissionRuleProblems(where, rule)];
}

/** matchConstraints or a binding's matchResources: each rule and excluded rule. */
export function matchResourcesProblems(where: string, match: Json, mutating: boolean): Problem[] {
  return ['resourceRules', 'excludeResourceRules'].flatMap((field) =>
    list(match?.[field]).flatMap((rule, index) => namedRuleProblems(`${where}.${field}[${index}]`, rule, mutating)),
  );
}

/** What compiles an expression of the policy: its release, whether it has params, and its variables so far. */
interface PolicyScope {
  readonly release: string;
  readonly params: boolean;
  readonly variables: Map<string, CelType>;
}

function compiled(
  scope: PolicyScope,
  at: string,
  expression: string,
  result: Parameters<typeof compileAdmissionExpression>[3],
  fix: string,
  authorizer = true,
): Problem[] {
  const verdict = compileAdmissionExpression(
    expression,
    scope.release,
    {
      params: scope.params,
      authorizer,
      variables: scope.variables,
      patchTypes: result === 'Object' || result === 'list(JSONPatch)',
    },
    result,
  );
  return expressionProblems(at, expression, verdict, fix);
}

/** The variables, in order: each may use those before it, and adds its own to the scope. */
function variableProblems(variables: unknown, scope: PolicyScope): Problem[] {
  const problems: Problem[] = [];
  list(variables).forEach((variable, index) => {
    const at = `spec.variables[${index}]`;
    const name = variable?.name;
    if (blank(name)) {
      problems.push({ message: `${at}.name is empty`, fix: 'name the variable, e.g. "replicas"' });
    } else if (!CEL_IDENTIFIER.test(name) || CEL_RESERVED.has(name)) {
      problems.push({
        message: `${at}.name ${JSON.stringify(name)} is not a CEL identifier (letters, digits and "_", not a digit first, not a reserved word)`,
        fix: 'name the variable as CEL names one, e.g. "replicaCount"',
      });
    }
    const expression = variable?.expression;
    if (blank(expression)) {
      problems.push({ message: `${at}.expression is empty`, fix: 'give the variable a CEL expression' });
      return;
    }
    const verdict = compileAdmissionExpression(
      expression,
      scope.release,
      { params: scope.params, authorizer: true, variables: scope.variables },
      'any',
    );
    problems.push(
      ...expressionProblems(
        `${at}.expression`,
        expression,
        verdict,
        'write a CEL expression over object, oldObject, request, params and the variables before it',
      ),
    );
    if (typeof name === 'string') {
      scope.variables.set(name, 'type' in verdict && verdict.type !== undefined ? verdict.type : { kind: 'unknown' });
    }
  });
  return problems;
}

function validationProblems(validations: unknown, scope: PolicyScope): Problem[] {
  return list(validations).flatMap((validation, index) => {
    const at = `spec.validations[${index}]`;
    const problems: Problem[] = [];
    const { expression, message, messageExpression, reason } = validation ?? {};
    if (blank(expression)) {
      problems.push({ message: `${at}.expression is empty`, fix: 'give the validation a CEL expression of type bool' });
    } else {
      problems.push(
        ...compiled(
          scope,
          `${at}.expression`,
          expression,
          'bool',
          'write a CEL expression of type bool, e.g. "object.spec.replicas <= 5"',
        ),
      );
    }
    if (typeof messageExpression === 'string' && messageExpression !== '') {
      problems.push(
        ...(blank(messageExpression)
          ? [
              {
                message: `${at}.messageExpression is blank`,
                fix: 'leave it out, or give a CEL expression of type string',
              },
            ]
          : compiled(
              scope,
              `${at}.messageExpression`,
              messageExpression,
              'string',
              'write a CEL expression of type string (authorizer is not available in a message), e.g. "\'replicas: \' + string(object.spec.replicas)"',
              false,
            )),
      );
    }
    if (typeof message === 'string' && message !== '') {
      if (message.trim() === '') {
        problems.push({ message: `${at}.message is blank`, fix: 'leave it out, or say what the validation requires' });
      } else if (/[\n\r]/.test(message.trim())) {
        problems.push({
          message: `${at}.message ${JSON.stringify(message)} has a line break`,
          fix: 'write the message on one line',
        });
      }
    }
    problems.push(...oneOf(`${at}.reason`, reason, REASONS, 'the reason'));
    return problems;
  });
}

function auditAnnotationProblems(name: unknown, annotations: unknown, scope: PolicyScope): Problem[] {
  const items = list(annotations);
  const problems: Problem[] = [];
  if (items.length > MAX_AUDIT_ANNOTATIONS) {
    problems.push({
      message: `spec.auditAnnotations has ${items.length} annotations; at most ${MAX_AUDIT_ANNOTATIONS} are allowed`,
      fix: `keep at most ${MAX_AUDIT_ANNOTATIONS}`,
    });
  }
  const keys = new Set<unknown>();
  items.forEach((annotation, index) => {
    const at = `spec.auditAnnotations[${index}]`;
    const key = annotation?.key;
    if (typeof name === 'string' && name !== '' && !isLabelKey(`${name}/${key ?? ''}`)) {
      problems.push({
        message: `${at}.key ${JSON.stringify(key ?? '')} does not make a qualified name "${name}/<key>" (a key of letters, digits, "-", "_" and ".", at most 63, a letter or digit at each end)`,
        fix: 'name the annotation as a label key is named, e.g. "high-replicas"',
      });
    }
    if (keys.has(key)) {
      problems.push({
        message: `${at}.key repeats ${JSON.stringify(key)}`,
        fix: 'give each audit annotation its own key',
      });
    }
    keys.add(key);
    const value = annotation?.valueExpression;
    if (blank(value)) {
      problems.push({
        message: `${at}.valueExpression is empty`,
        fix: 'give the annotation a CEL expression of type string or null',
      });
    } else if (value.trim().length > MAX_VALUE_EXPRESSION) {
      problems.push({
        message: `${at}.valueExpression is ${value.trim().length} bytes long; at most ${MAX_VALUE_EXPRESSION} are allowed`,
        fix: 'shorten it, or compute parts of it in variables',
      });
    } else {
      problems.push(
        ...compiled(
          scope,
          `${at}.valueExpression`,
          value.trim(),
          'string or null',
          'write a CEL expression of type string or null',
        ),
      );
    }
  });
  return problems;
}

function mutationProblems(mutations: unknown, scope: PolicyScope): Problem[] {
  const items = list(mutations);
  if (items.length === 0) {
    return [{ message: 'spec.mutations is empty', fix: 'give the policy at least one mutation' }];
  }
  return items.flatMap((mutation, index) => {
    const at = `spec.mutations[${index}]`;
    const type = mutation?.patchType;
    if (blank(type)) {
      return [{ message: `${at}.patchType is empty`, fix: `give one of ${PATCH_TYPES.join(', ')}` }];
    }
    if (!PATCH_TYPES.includes(type)) {
      return oneOf(`${at}.patchType`, type, PATCH_TYPES, 'the patch type');
    }
    const [field, other, result] =
      type === 'ApplyConfiguration'
        ? (['applyConfiguration', 'jsonPatch', 'Object'] as const)
        : (['jsonPatch', 'applyConfiguration', 'list(JSONPatch)'] as const);
    const problems: Problem[] = [];
    if (mutation[other] !== undefined) {
      problems.push({ message: `${at}.${other} is given beside patchType ${type}`, fix: `give ${field} alone` });
    }
    const expression = mutation[field]?.expression;
    if (mutation[field] === undefined) {
      problems.push({
        message: `${at}.${field} is missing; patchType ${type} needs it`,
        fix: `give ${field}.expression`,
      });
    } else if (blank(expression)) {
      problems.push({ message: `${at}.${field}.expression is empty`, fix: `give ${field} a CEL expression` });
    } else {
      problems.push(
        ...compiled(
          scope,
          `${at}.${field}.expression`,
          expression.trim(),
          result,
          type === 'ApplyConfiguration'
            ? "write a CEL expression of an Object, e.g. \"Object{metadata: Object.metadata{labels: {'a': 'b'}}}\""
            : "write a CEL expression of a list of JSONPatch, e.g. \"[JSONPatch{op: 'add', path: '/metadata/labels/a', value: 'b'}]\"",
        ),
      );
    }
    return problems;
  });
}

function policyProblems(manifest: Json, release: string): Problem[] {
  const spec = manifest.spec ?? {};
  const mutating = manifest.kind === 'MutatingAdmissionPolicy';
  const scope: PolicyScope = { release, params: spec.paramKind !== undefined, variables: new Map() };
  const problems: Problem[] = [
    ...oneOf('spec.failurePolicy', spec.failurePolicy, FAILURE_POLICIES, 'the failure policy'),
    ...(spec.paramKind === undefined ? [] : paramKindProblems(spec.paramKind)),
  ];
  if (spec.matchConstraints === undefined) {
    problems.push({
      message: 'spec.matchConstraints is missing',
      fix: 'give the resources the policy applies to in matchConstraints.resourceRules',
    });
  } else {
    if (list(spec.matchConstraints.resourceRules).length === 0) {
      problems.push({
        message: 'spec.matchConstraints.resourceRules is empty; the API server needs one to type the policy',
        fix: 'list the resources the policy applies to',
      });
    }
    problems.push(...matchResourcesProblems('spec.matchConstraints', spec.matchConstraints, mutating));
  }
  problems.push(...matchConditionProblems('spec.matchConditions', spec.matchConditions, release, scope.params));
  problems.push(...variableProblems(spec.variables, scope));
  if (mutating) {
    problems.push(...mutationProblems(spec.mutations, scope));
    if (blank(spec.reinvocationPolicy)) {
      problems.push({
        message: 'spec.reinvocationPolicy is empty',
        fix: `give one of ${REINVOCATION_POLICIES.join(', ')}`,
      });
    } else {
      problems.push(
        ...oneOf('spec.reinvocationPolicy', spec.reinvocationPolicy, REINVOCATION_POLICIES, 'the reinvocation policy'),
      );
    }
    return problems;
  }
  if (list(spec.validations).length === 0 && list(spec.auditAnnotations).length === 0) {
    problems.push({
      message: 'spec.validations and spec.auditAnnotations are both empty; the policy needs one of them',
      fix: 'give a validation (an expression that must hold) or an audit annotation',
    });
  }
  problems.push(...validationProblems(spec.validations, scope));
  problems.push(...auditAnnotationProblems(manifest.metadata?.name, spec.auditAnnotations, scope));
  return problems;
}

/**
 * What the API server refuses of a ValidatingAdmissionPolicy or MutatingAdmissionPolicy (admissionregistration's
 * validation, 1.37): its CEL (matchConditions, variables, validations and their messages, audit annotations,
 * mutations), compiled as the server compiles them (admission-cel.ts), and the fields around it: the failure and
 * reinvocation policies, a validation's reason and message, the paramKind, the resource rules of matchConstraints.
 */
export const admissionPolicySpec: Rule = {
  id: 'admission-policy-spec',
  description:
    'a Validating- or MutatingAdmissionPolicy whose CEL (matchConditions, variables, validations, messageExpressions, audit annotations, mutations) does not compile to its type on the release, or whose names, failure or reinvocation policy, reasons, messages, paramKind or resource rules the API server refuses',
  kinds: ['ValidatingAdmissionPolicy', 'MutatingAdmissionPolicy'],
  check(object, context) {
    return policyProblems(object.manifest as Json, context.kubernetesVersion);
  },
};

const VALIDATION_ACTIONS = ['Deny', 'Warn', 'Audit'];
const PARAMETER_NOT_FOUND_ACTIONS = ['Allow', 'Deny'];

function paramRefProblems(paramRef: Json): Problem[] {
  if (paramRef === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  const { name, selector, parameterNotFoundAction } = paramRef ?? {};
  const named = typeof name === 'string' && name !== '';
  if (named && !isPathSegmentName(name)) {
    problems.push({
      message: `spec.paramRef.name ${JSON.stringify(name)} is not a name (not "." or "..", without "/" or "%")`,
      fix: 'name the parameter object',
    });
  }
  if (named === (selector !== undefined)) {
    problems.push({
      message: `spec.paramRef has ${named ? 'both a name and a selector' : 'neither a name nor a selector'}; it needs exactly one`,
      fix: 'name the parameter object, or select parameter objects by label',
    });
  }
  if (blank(parameterNotFoundAction)) {
    problems.push({
      message: 'spec.paramRef.parameterNotFoundAction is empty',
      fix: `give one of ${PARAMETER_NOT_FOUND_ACTIONS.join(', ')}`,
    });
  } else {
    problems.push(
      ...oneOf('spec.paramRef.parameterNotFoundAction', parameterNotFoundAction, PARAMETER_NOT_FOUND_ACTIONS, 'it'),
    );
  }
  return problems;
}

function validationActionProblems(actions: unknown): Problem[] {
  const items = list(actions);
  const fix = `list what to do when the policy fails, among ${VALIDATION_ACTIONS.join(', ')} (Deny and Warn not both)`;
  if (items.length === 0) {
    return [{ message: 'spec.validationActions is empty', fix }];
  }
  const problems: Problem[] = [];
  items.forEach((action, index) => {
    if (!VALIDATION_ACTIONS.includes(action)) {
      problems.push({
        message: `spec.validationActions[${index}] ${JSON.stringify(action)} is not one of ${VALIDATION_ACTIONS.join(', ')}`,
        fix,
      });
    }
  });
  if (items.includes('Deny') && items.includes('Warn')) {
    problems.push({ message: 'spec.validationActions has both Deny and Warn', fix });
  }
  return problems;
}

/**
 * What the API server refuses of a ValidatingAdmissionPolicyBinding or MutatingAdmissionPolicyBinding: a policyName
 * that is empty or not a DNS-1123 subdomain, a paramRef of both or neither name and selector or without its
 * parameterNotFoundAction, matchResources rules as a policy's, and a validating binding's validationActions (a repeated
 * one is the schema's finding: they are a set).
 */
export const admissionPolicyBinding: Rule = {
  id: 'admission-policy-binding',
  description:
    "a Validating- or MutatingAdmissionPolicyBinding without a policyName that is a DNS-1123 subdomain, with a paramRef of both or neither name and selector or no parameterNotFoundAction, resource rules the API server refuses, or validationActions that are none, unknown or both Deny and Warn (a repeated one is the schema's: they are a set)",
  kinds: ['ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicyBinding'],
  check(object) {
    const manifest = object.manifest as Json;
    const spec = manifest.spec ?? {};
    const mutating = manifest.kind === 'MutatingAdmissionPolicyBinding';
    const problems: Problem[] = [];
    if (blank(spec.policyName)) {
      problems.push({ message: 'spec.policyName is empty', fix: 'name the policy the binding applies' });
    } else if (!isDnsSubdomain(spec.policyName)) {
      problems.push({
        message: `spec.policyName ${JSON.stringify(spec.policyName)} is not a DNS-1123 subdomain`,
        fix: 'name the policy as it is named (lower-case letters, digits, "-" and ".")',
      });
    }
    problems.push(...paramRefProblems(spec.paramRef));
    problems.push(...matchResourcesProblems('spec.matchResources', spec.matchResources, mutating));
    if (!mutating) {
      problems.push(...validationActionProblems(spec.validationActions));
    }
    return problems;
  },
};

export const ADMISSION_POLICY_RULES: readonly Rule[] = [admissionPolicySpec, admissionPolicyBinding];
