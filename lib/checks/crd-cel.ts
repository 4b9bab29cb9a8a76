import type * as CelModule from '@bufbuild/cel';
import type { CelFunc, CelList, CelValue } from '@bufbuild/cel';
import { compareReleases } from '../config/kubernetes-version';
import type { StructuralSchema } from './crd-schema';
import { Problem } from './finding';

/**
 * A CustomResourceDefinition's CEL rules (`x-kubernetes-validations`), run on a custom resource as the API server of
 * the environment's release runs them on a create, with @bufbuild/cel: `self` is the value of the schema node that
 * holds the rule, typed as the schema types it (an integer is a CEL int, a number a double, defaults filled in), and
 * the functions are those of Kubernetes' CEL libraries the release has and this file provides (LIBRARIES). A rule
 * with `oldSelf` (a transition rule) does not apply to a create. A rule this evaluator cannot parse or run (a
 * function it does not provide) is a warning that the gate cannot vouch for it, not a refusal.
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
  /no such key|field not found|divide by zero|division by zero|modulus by zero|index out of|out of range|overflow|called on empty list/i;

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
      environment = celEnv({ funcs: functionsOf(release) });
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
  const rules = schema['x-kubernetes-validations'];
  if (rules === undefined || rules.length === 0) {
    return [];
  }
  const self = celValueOf(root ? rootOf(value) : value, schema);
  const problems: Problem[] = [];
  for (const rule of rules) {
    if (/\boldSelf\b/.test(rule.rule)) {
      continue;
    }
    const problem = ruleProblem(rule, self, path, source, release);
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  return problems;
}

function ruleProblem(
  rule: ValidationRule,
  self: unknown,
  path: string,
  source: string,
  release: string,
): Problem | undefined {
  const compiled = compile(rule.rule, release);
  const result = 'error' in compiled ? undefined : compiled.program({ self });
  if (result === true) {
    return undefined;
  }
  const named = `the rule ${JSON.stringify(rule.rule.trim())} of ${source} at ${path || 'the object'}`;
  const failure =
    'error' in compiled
      ? compiled.error
      : celModule().isCelError(result)
        ? result.message
        : result === false
          ? undefined
          : `it returns ${String(result)}, not true or false`;
  if (failure !== undefined && !OBJECT_ERRORS.test(failure)) {
    return {
      warning: true,
      message: `the gate cannot vouch for ${named}: ${failure}; the API server of Kubernetes ${release} runs it (when the function is one it has)`,
      fix: 'check the object against this rule yourself (kubectl apply --dry-run=server), or write the rule with the functions the gate provides (README, custom-resource-schema)',
    };
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
      : (messageOf(rule, self, release) ?? rule.message?.trim() ?? `failed rule: ${ruleText(rule)}`);
  return {
    message: `${at || 'the object'}: ${words}: ${detail} (x-kubernetes-validations of ${source}: ${JSON.stringify(rule.rule.trim())})`,
    fix: `write ${at || 'the object'} so that the rule holds: ${rule.rule.trim()}`,
  };
}

function ruleText(rule: ValidationRule): string {
  return rule.message !== undefined && rule.message.length > 0 ? rule.message.trim() : rule.rule.trim();
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

/** A value as CEL sees it under its schema: integers as int (bigint), defaults filled in, nulls as null. */
export function celValueOf(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    const double = schema?.type === 'number';
    return !double && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => celValueOf(item, schema?.items));
  }
  if (typeof value === 'object') {
    const fields: Record<string, unknown> = {};
    for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      fields[field] = celValueOf(fieldValue, fieldSchemaOf(schema, field));
    }
    for (const [field, fieldSchema] of Object.entries(schema?.properties ?? {})) {
      if (!(field in fields) && fieldSchema.default !== undefined) {
        fields[field] = celValueOf(fieldSchema.default, fieldSchema);
      }
    }
    return fields;
  }
  return value;
}

function fieldSchemaOf(schema: StructuralSchema | undefined, field: string): StructuralSchema | undefined {
  const additional = schema?.additionalProperties;
  return schema?.properties?.[field] ?? (typeof additional === 'object' ? additional : undefined);
}

/** The release from which Kubernetes' CEL has strings' format and strings.quote (strings library version 2). */
const STRINGS_V2_SINCE = '1.29';
/** The release from which Kubernetes' lists library has includes (lists library version 1). */
const LISTS_V1_SINCE = '1.37';

/**
 * The functions of Kubernetes' CEL libraries this evaluator provides, by release: the strings extension (charAt,
 * indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, join; format and strings.quote from
 * 1.29), the lists library (isSorted, sum, min, max, indexOf, lastIndexOf; includes from 1.37) and the regex library
 * (find, findAll, with JavaScript's regular expressions). CEL's standard functions and macros are @bufbuild/cel's own.
 */
function functionsOf(release: string): CelFunc[] {
  const { strings } = require('@bufbuild/cel/ext') as { strings: CelFunc[] }; // eslint-disable-line @typescript-eslint/no-require-imports -- with @bufbuild/cel
  const { celMethod, listType, CelScalar } = celModule();
  const list = listType(CelScalar.DYN);
  const { DYN, INT, STRING } = CelScalar;
  const stringFunctions =
    compareReleases(release, STRINGS_V2_SINCE) >= 0
      ? strings
      : strings.filter((func) => func.name !== 'format' && func.name !== 'strings.quote');
  const listFunctions = [
    celMethod('isSorted', list, [], CelScalar.BOOL, function (this: CelList) {
      const items = [...this];
      return items.every((item, position) => position === 0 || compare(items[position - 1], item) <= 0);
    }),
    celMethod('sum', list, [], DYN, function (this: CelList) {
      return [...this].reduce((total: CelValue, item) => add(total, item), 0n);
    }),
    celMethod('min', list, [], DYN, function (this: CelList) {
      return extreme([...this], 'min', (a, b) => compare(a, b) < 0);
    }),
    celMethod('max', list, [], DYN, function (this: CelList) {
      return extreme([...this], 'max', (a, b) => compare(a, b) > 0);
    }),
    celMethod('indexOf', list, [DYN], INT, function (this: CelList, wanted: CelValue) {
      return BigInt([...this].findIndex((item) => same(item, wanted)));
    }),
    celMethod('lastIndexOf', list, [DYN], INT, function (this: CelList, wanted: CelValue) {
      const items = [...this];
      let position = items.length - 1;
      while (position >= 0 && !same(items[position], wanted)) {
        position -= 1;
      }
      return BigInt(position);
    }),
    ...(compareReleases(release, LISTS_V1_SINCE) >= 0
      ? [
          celMethod('includes', list, [DYN], CelScalar.BOOL, function (this: CelList, wanted: CelValue) {
            return [...this].some((item) => same(item, wanted));
          }),
        ]
      : []),
  ];
  const regexFunctions = [
    celMethod('find', STRING, [STRING], STRING, function (this: string, pattern: string) {
      return regexOf(pattern).exec(this)?.[0] ?? '';
    }),
    celMethod('findAll', STRING, [STRING], listType(STRING), function (this: string, pattern: string) {
      return findAll(this, pattern, -1);
    }),
    celMethod(
      'findAll',
      STRING,
      [STRING, INT],
      listType(STRING),
      function (this: string, pattern: string, limit: bigint) {
        return findAll(this, pattern, Number(limit));
      },
    ),
  ];
  return [...stringFunctions, ...listFunctions, ...regexFunctions];
}

function findAll(text: string, pattern: string, limit: number): string[] {
  const found = [...text.matchAll(regexOf(pattern, 'g'))].map((match) => match[0]);
  return limit < 0 ? found : found.slice(0, limit);
}

/** A regular expression of Kubernetes' (RE2) syntax as JavaScript reads it: a leading (?i) is the i flag. */
function regexOf(pattern: string, flags = ''): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, `${flags}u${insensitive ? 'i' : ''}`);
}

function extreme(items: CelValue[], name: string, better: (a: CelValue, b: CelValue) => boolean): CelValue {
  if (items.length === 0) {
    throw new Error(`${name} called on empty list`);
  }
  return items.reduce((best, item) => (better(item, best) ? item : best));
}

function compare(a: CelValue, b: CelValue): number {
  const comparable = (value: CelValue) =>
    typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
  if (!comparable(a) || !comparable(b) || typeof a !== typeof b) {
    throw new Error('no such overload');
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function add(a: CelValue, b: CelValue): CelValue {
  if (typeof b === 'bigint' && typeof a === 'bigint') {
    return a + b;
  }
  if (typeof b === 'number') {
    return Number(a) + b;
  }
  throw new Error('no such overload');
}

function same(a: CelValue, b: CelValue): boolean {
  return a === b || (typeof a !== 'object' && typeof b !== 'object' && a == b);
}
