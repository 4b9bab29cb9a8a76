import type * as CelModule from '@bufbuild/cel';
import type { CelValue } from '@bufbuild/cel';
import { compareReleases } from '../config/kubernetes-version';
import { libraryFunctions } from './crd-cel-libraries';
import type { StructuralSchema } from './crd-schema';
import { Problem } from './finding';

/**
 * A CustomResourceDefinition's CEL rules (`x-kubernetes-validations`), run on a custom resource as the API server of
 * the environment's release runs them on a create, with @bufbuild/cel: `self` is the value of the schema node that
 * holds the rule, typed as the schema types it (an integer is a CEL int, a number a double), and the functions are
 * those of Kubernetes' CEL libraries that the release has and the gate provides (crd-cel-libraries.ts). A rule with
 * `oldSelf` (a transition rule) does not apply to a create, unless `optionalOldSelf` makes it (a warning: the gate
 * does not evaluate it). A rule this evaluator cannot parse or run (a function it does not provide) is a warning that
 * the gate cannot vouch for it, not a refusal. Each rule is parsed and planned once per release, at its first use.
 */

/** One entry of `x-kubernetes-validations`. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

/** The release from which a transition rule with optionalOldSelf runs on a create (beta, on by default). */
const OPTIONAL_OLD_SELF_SINCE = '1.30';

/** The release from which a rule may give a fieldPath and a reason (1.27 has messageExpression, not those). */
const RULE_DETAILS_SINCE = '1.28';

/** What the API server's field error says before the detail, by the rule's reason. */
const REASON_WORDS: Readonly<Record<string, string>> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

/** The evaluation errors that the API server reports as the object's (`<error> evaluating rule: <rule>`). */
const OBJECT_ERRORS =
  /no such key|field not found|divide by zero|division by zero|modulus by zero|index out of|out of range|overflow|called on empty list|parse error during conversion|quantities must match|IPv4-mapped|cannot convert value to integer/i;

type Program = (bindings: { self: unknown }) => CelValue | ReturnType<typeof CelModule.celError>;

/** A rule's program, or why it cannot be run. */
type Compiled = { readonly program: Program } | { readonly error: string };

let cel: typeof CelModule | undefined;

/** @bufbuild/cel, loaded at the first rule: a synthesis without CEL rules does not pay for it. */
function celModule(): typeof CelModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a schema has CEL rules
  cel ??= require('@bufbuild/cel') as typeof CelModule;
  return cel;
}

/** The environment of each release, and each rule compiled once per release (parsed and planned). */
const ENVIRONMENTS = new Map<string, ReturnType<typeof CelModule.celEnv>>();
const PROGRAMS = new Map<string, Compiled>();

function compile(expression: string, release: string): Compiled {
  const key = `${release}\n${expression}`;
  let compiled = PROGRAMS.get(key);
  if (compiled === undefined) {
    const { celEnv, parse, plan } = celModule();
    let environment = ENVIRONMENTS.get(release);
    if (environment === undefined) {
      environment = celEnv({ funcs: libraryFunctions(celModule(), release) });
      ENVIRONMENTS.set(release, environment);
    }
    try {
      compiled = { program: plan(environment, parse(expression)) as unknown as Program };
    } catch (error) {
      compiled = { error: (error as Error).message.split('\n')[0] };
    }
    PROGRAMS.set(key, compiled);
  }
  return compiled;
}

/**
 * The problems of `value` (at `path`, of `schema`) under the schema's CEL rules; `source` names the definition.
 * Nothing for a schema without rules.
 */
export function celProblems(
  value: unknown,
  schema: StructuralSchema,
  path: string,
  source: string,
  release: string,
  root = false,
): Problem[] {
  const rules: unknown = schema['x-kubernetes-validations'];
  if (!Array.isArray(rules) || rules.length === 0) {
    return [];
  }
  const self = celValueOf(root ? rootOf(value) : value, schema);
  const problems: Problem[] = [];
  for (const rule of rules as ValidationRule[]) {
    // A rule of no text is crd-rules' finding (the API server refuses the definition); there is nothing to run.
    if (typeof rule?.rule !== 'string' || rule.rule.trim() === '') {
      continue;
    }
    if (/\boldSelf\b/.test(rule.rule)) {
      // A transition rule runs on an update only; with optionalOldSelf (1.30), on a create too, with oldSelf unset.
      if (rule.optionalOldSelf === true && compareReleases(release, OPTIONAL_OLD_SELF_SINCE) >= 0) {
        problems.push(
          cannotVouch(rule, path, source, release, 'it reads an optional oldSelf, which the gate does not evaluate'),
        );
      }
      continue;
    }
    const problem = ruleProblem(rule, self, value, path, source, release);
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  return problems;
}

function ruleProblem(
  rule: ValidationRule,
  self: unknown,
  value: unknown,
  path: string,
  source: string,
  release: string,
): Problem | undefined {
  const compiled = compile(rule.rule, release);
  const result = 'error' in compiled ? undefined : compiled.program({ self });
  if (result === true) {
    return undefined;
  }
  const failure =
    'error' in compiled
      ? compiled.error
      : celModule().isCelError(result)
        ? result.message
        : result === false
          ? undefined
          : `it returns ${String(result)}, not true or false`;
  if (failure !== undefined && !OBJECT_ERRORS.test(failure)) {
    return cannotVouch(rule, path, source, release, failure);
  }
  const details = compareReleases(release, RULE_DETAILS_SINCE) >= 0;
  const at =
    details && rule.fieldPath !== undefined
      ? `${path}${rule.fieldPath.startsWith('[') ? '' : '.'}${rule.fieldPath.replace(/^\./, '')}`
      : path;
  const words = (details && rule.reason !== undefined ? REASON_WORDS[rule.reason] : undefined) ?? 'Invalid value';
  const detail =
    failure !== undefined
      ? `${failure} evaluating rule: ${ruleText(rule)}`
      : (messageOf(rule, self, release) ?? messageOrDefault(rule));
  return {
    message: `${at || 'the object'}: ${words}: ${detail} (x-kubernetes-validations of ${source}: ${JSON.stringify(rule.rule.trim())}${valueNote(value)})`,
    fix: `write ${at || 'the object'} so that the rule holds: ${rule.rule.trim()}`,
  };
}

/** The value a rule refused, when it is a scalar short enough to show (the server shows "object" for the others). */
function valueNote(value: unknown): string {
  const text = typeof value === 'object' || value === undefined ? undefined : JSON.stringify(value);
  return text === undefined || text.length > 80 ? '' : `; the value is ${text}`;
}

/** The warning that the gate cannot run a rule, which the API server runs. */
function cannotVouch(rule: ValidationRule, path: string, source: string, release: string, why: string): Problem {
  return {
    warning: true,
    message: `the gate cannot vouch for the rule ${JSON.stringify(rule.rule.trim())} of ${source} at ${path || 'the object'}: ${why}; the API server of Kubernetes ${release} runs it (when the function is one it has)`,
    fix: 'check the object against this rule yourself (kubectl apply --dry-run=server), or write the rule with the functions the gate provides (README, custom-resource-schema)',
  };
}

/** The server's ruleErrorString: the rule's message, or its expression when it has none. */
function ruleText(rule: ValidationRule): string {
  return rule.message !== undefined && rule.message.length > 0 ? rule.message.trim() : rule.rule.trim();
}

/** The server's ruleMessageOrDefault: the rule's message, or `failed rule: <rule>` when it has none. */
function messageOrDefault(rule: ValidationRule): string {
  return rule.message !== undefined && rule.message.length > 0 ? rule.message.trim() : `failed rule: ${ruleText(rule)}`;
}

/** The messageExpression's text, when it gives one the API server uses: a non-empty string of one line. */
function messageOf(rule: ValidationRule, self: unknown, release: string): string | undefined {
  if (rule.messageExpression === undefined) {
    return undefined;
  }
  const compiled = compile(rule.messageExpression, release);
  const message = 'error' in compiled ? undefined : compiled.program({ self });
  return typeof message === 'string' && message.trim() !== '' && !/[\r\n]/.test(message) ? message : undefined;
}

/** The object as a root rule's `self` sees it: of its metadata, only name and generateName. */
function rootOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const { metadata, ...rest } = value as Record<string, unknown>;
  if (typeof metadata !== 'object' || metadata === null) {
    return rest;
  }
  const { name, generateName } = metadata as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries({ name, generateName }).filter(([, field]) => field !== undefined));
  return { ...rest, metadata: kept };
}

/** A value (defaults filled in: crd-defaults.ts) as CEL sees it under its schema: integers as int (bigint). */
export function celValueOf(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    const double = schema?.type === 'number';
    return !double && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' && schema?.format !== undefined) {
    return typedString(value, schema.format);
  }
  if (Array.isArray(value)) {
    return value.map((item) => celValueOf(item, schema?.items));
  }
  if (typeof value === 'object') {
    const fields: Record<string, unknown> = {};
    for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      fields[field] = celValueOf(fieldValue, fieldSchemaOf(schema, field));
    }
    return fields;
  }
  return value;
}

function fieldSchemaOf(schema: StructuralSchema | undefined, field: string): StructuralSchema | undefined {
  const additional = schema?.additionalProperties;
  return schema?.properties?.[field] ?? (typeof additional === 'object' ? additional : undefined);
}

/** A release to compile CEL's standard conversions in: they are the same in every release. */
const STANDARD_RELEASE = '1.27';

/** The CEL expression that makes a string of a format the CEL type Kubernetes gives it: a duration, a timestamp. */
const STRING_TYPES: Readonly<Record<string, string>> = {
  duration: 'duration(self)',
  'date-time': 'timestamp(self)',
  datetime: 'timestamp(self)',
  date: "timestamp(self + 'T00:00:00Z')",
};

/** A string as CEL sees it under its format: bytes, a duration or a timestamp; the string when it does not convert. */
function typedString(value: string, format: string): unknown {
  if (format === 'byte') {
    return new Uint8Array(Buffer.from(value, 'base64'));
  }
  const expression = STRING_TYPES[format];
  const compiled = expression === undefined ? undefined : compile(expression, STANDARD_RELEASE);
  const converted = compiled === undefined || 'error' in compiled ? undefined : compiled.program({ self: value });
  return converted === undefined || celModule().isCelError(converted) ? value : converted;
}
