import type * as CelModule from '@bufbuild/cel';
import { compareReleases } from '../config/kubernetes-version';
import { CelType, Compiled, OPTIONAL_SYNTAX, compileExpression, typeName } from './admission-cel';
import { schemaCelType } from './crd-cel-types';
import { Problem } from './finding';
import { Rule } from './rule';

/**
 * What the API server (apiextensions validation) refuses of a CustomResourceDefinition's CEL rules
 * (`x-kubernetes-validations`) when it stores the definition, whether or not a custom resource of it exists: an empty
 * rule, message or messageExpression, a message with a line break or a rule of several lines without one, a reason of
 * no known value, a fieldPath that is not a path into the schema (1.28 on); and a rule or messageExpression that does
 * not compile: text that does not parse, a name that is not declared (`self`, `oldSelf` and the variables of macros
 * are), a field `self` (or a field of it) does not have, a field of a scalar or a list, a rule that is a constant other
 * than a boolean or a messageExpression that is a constant other than a string; then, with `self` of the type the
 * schema gives the rule's node (crd-cel-types.ts) and admission-cel.ts's type check, an operator, function or method
 * of no overload for its operands' types, a function the release's environment lacks, and a result that is not a bool
 * (a string for a messageExpression); and a rule whose least estimated cost (leastCost: its variables and selects,
 * the items it iterates, the strings it compares, matches, searches or concatenates) is over the per-rule or
 * per-definition budget. What the gate does not judge, and the server does: what admission-cel.ts does not type, and
 * the cost the least estimate leaves out (most calls, and the sizes of what it does not follow).
 */

type Json = Record<string, unknown>;
// The parsed expression of @bufbuild/cel (a cel.expr.Expr message), read by its case.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Expr = any;

/** The release from which a rule may give a fieldPath and a reason (1.27's schema has neither: the schema rule's). */
const RULE_DETAILS_SINCE = '1.28';
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

/** CEL's reserved words, which a field name escapes (`__namespace__`): a select of one is not the field of that name. */
const RESERVED = new Set(
  'in as break const continue else for function if import let loop package namespace return var void while true false null'.split(
    ' ',
  ),
);

/** The identifiers every CEL environment declares: the type names (`type(self) == int`). */
const TYPE_NAMES = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);

/**
 * The namespaces of CEL's and Kubernetes' libraries, whose functions are called as `<namespace>.<function>(...)`, from
 * 1.28 (1.27's server has none: `sets.contains` is an undeclared reference there; and neither server has `cel.bind`).
 */
const NAMESPACES = new Set(['sets', 'strings', 'math', 'base64', 'optional', 'lists', 'regex']);
const NAMESPACES_SINCE = '1.28';

/** The release from which a rule may use optional syntax (`self.?x`, `[?0]`): 1.27's parser refuses it. */
const OPTIONAL_SYNTAX_SINCE = '1.28';

/** The fields of the object at the root of a schema that CEL sees besides its properties, and metadata's two. */
const ROOT_FIELDS = ['apiVersion', 'kind', 'metadata'];
const ROOT_METADATA: Json = {
  type: 'object',
  properties: { name: { type: 'string' }, generateName: { type: 'string' } },
};

let cel: typeof CelModule | undefined;

function celModule(): typeof CelModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a definition has CEL rules
  cel ??= require('@bufbuild/cel') as typeof CelModule;
  return cel;
}

interface Walk {
  readonly crd: string;
  /** The name of the version whose schema is walked (`v1`). */
  version: string;
  readonly release: string;
  readonly problems: Problem[];
  /** The least estimated cost of the rules of the version's schema so far. */
  readonly cost: { total: number };
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function refuse(walk: Walk, field: string, value: unknown, why: string, fix: string): void {
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  walk.problems.push({
    message: `CustomResourceDefinition ${walk.crd}, version ${walk.version}: ${field} is ${shown.length > 160 ? `${shown.slice(0, 157)}...` : shown}: ${why}; the API server refuses the definition`,
    fix,
  });
}

/** The expression's parse tree, or why it does not parse (undefined for syntax the gate's parser lacks). */
function parsed(expression: string, release: string): { readonly expr: Expr } | { readonly error: string } | undefined {
  try {
    const result = celModule().parse(expression) as Expr;
    return { expr: result?.expr ?? result };
  } catch (error) {
    // Optional types (`self.?x`, `[?0]`, `{?'a': x}`) and backquoted fields parse on the servers that have them; a
    // `?` of a conditional, or `?.` (which is no CEL), does not make a syntax error one (both servers refuse them).
    const newSyntax =
      (OPTIONAL_SYNTAX.test(expression) || expression.includes('`')) &&
      compareReleases(release, OPTIONAL_SYNTAX_SINCE) >= 0;
    return newSyntax ? undefined : { error: (error as Error).message.split('\n')[0] };
  }
}

/** The child expressions of an expression, and the variables it declares for them. */
function childrenOf(
  expr: Expr,
  namespaces: ReadonlySet<string>,
): { readonly children: Expr[]; readonly declares: string[] } {
  const { case: kind, value } = expr?.exprKind ?? {};
  switch (kind) {
    case 'selectExpr':
      return { children: [value.operand], declares: [] };
    case 'callExpr': {
      // A namespace's name as a call's target is no variable (sets.contains, optional.of); a bare name as an argument
      // of a macro of a library (optMap, transformList, ...), a variable it declares.
      const namespace =
        value.target?.exprKind?.case === 'identExpr' && namespaces.has(value.target.exprKind.value.name as string);
      const target = namespace || value.target === undefined ? [] : [value.target];
      const declares = (value.args as Expr[])
        .filter(
          (arg) => arg?.exprKind?.case === 'identExpr' && (value.target !== undefined || value.function === 'bind'),
        )
        .map((arg) => arg.exprKind.value.name as string);
      return { children: [...target, ...(value.args as Expr[])], declares };
    }
    case 'listExpr':
      return { children: value.elements, declares: [] };
    case 'structExpr':
      return {
        children: (value.entries as Expr[])
          .flatMap((entry) => [entry.keyKind?.case === 'mapKey' ? entry.keyKind.value : undefined, entry.value])
          .filter(Boolean),
        declares: [],
      };
    case 'comprehensionExpr':
      return {
        children: [value.iterRange, value.accuInit, value.loopCondition, value.loopStep, value.result],
        declares: [value.iterVar, value.iterVar2, value.accuVar].filter(
          (name: string) => name !== '' && name !== undefined,
        ),
      };
    default:
      return { children: [], declares: [] };
  }
}

/** The names an expression reads that nothing declares. */
function undeclared(
  expr: Expr,
  declared: ReadonlySet<string>,
  namespaces: ReadonlySet<string>,
  found: Set<string>,
): void {
  if (expr === undefined || expr === null) {
    return;
  }
  if (expr.exprKind?.case === 'identExpr') {
    const name = expr.exprKind.value.name as string;
    if (!declared.has(name) && !TYPE_NAMES.has(name)) {
      found.add(name);
    }
    return;
  }
  const { children, declares } = childrenOf(expr, namespaces);
  const scope = declares.length === 0 ? declared : new Set([...declared, ...declares]);
  for (const child of children) {
    undeclared(child, scope, namespaces, found);
  }
}

/** What CEL calls a property: itself, or undefined when escaped (not a plain identifier) or a reserved word. */
function celName(property: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(property) && !property.includes('__') && !RESERVED.has(property)
    ? property
    : undefined;
}

/**
 * The schema of an expression that selects fields of `self` (`self.spec.retention`), or undefined when the gate cannot
 * tell it; a field the schema does not give is a finding.
 */
function selectedSchema(
  expr: Expr,
  self: Json,
  root: boolean,
  fields: { field: string; type: string }[],
): Json | undefined {
  const kind = expr?.exprKind?.case;
  if (kind === 'identExpr') {
    return expr.exprKind.value.name === 'self' ? self : undefined;
  }
  if (kind !== 'selectExpr') {
    return undefined;
  }
  const operand = expr.exprKind.value.operand;
  const parent = selectedSchema(operand, self, root, fields);
  const field = expr.exprKind.value.field as string;
  if (parent === undefined || parent['x-kubernetes-int-or-string'] === true) {
    return undefined;
  }
  if (parent['x-kubernetes-preserve-unknown-fields'] === true || parent['x-kubernetes-embedded-resource'] === true) {
    return undefined;
  }
  const type = typeof parent.type === 'string' ? parent.type : '';
  if (['string', 'integer', 'number', 'boolean', 'array'].includes(type)) {
    fields.push({ field, type });
    return undefined;
  }
  if (type !== 'object' || field.includes('__') || RESERVED.has(field)) {
    return undefined;
  }
  const additional = parent.additionalProperties;
  if (additional !== undefined && additional !== false) {
    return asObject(additional);
  }
  const properties = asObject(parent.properties) ?? {};
  const property = Object.keys(properties).find((name) => celName(name) === field);
  if (property !== undefined) {
    return asObject(properties[property]);
  }
  const atRoot = root && operand?.exprKind?.case === 'identExpr';
  if (atRoot && ROOT_FIELDS.includes(field)) {
    return field === 'metadata' ? ROOT_METADATA : { type: 'string' };
  }
  if (Object.keys(properties).some((name) => celName(name) === undefined)) {
    // An escaped field name the gate does not decode.
    return undefined;
  }
  fields.push({ field, type: 'object' });
  return undefined;
}

/** The fields an expression selects of `self` that its schema does not have. */
function unknownFields(expr: Expr, self: Json, root: boolean, found: { field: string; type: string }[]): void {
  if (expr === undefined || expr === null) {
    return;
  }
  if (expr.exprKind?.case === 'selectExpr') {
    selectedSchema(expr, self, root, found);
    // The chain's base, when it is not a name (`[self.a].all(...).b`), has selects of its own.
    let base = expr;
    while (base?.exprKind?.case === 'selectExpr') {
      base = base.exprKind.value.operand;
    }
    unknownFields(base?.exprKind?.case === 'identExpr' ? undefined : base, self, root, found);
    return;
  }
  for (const child of childrenOf(expr, NAMESPACES).children) {
    unknownFields(child, self, root, found);
  }
}

/** The constant an expression is, as CEL types it, when it is one. */
function constantType(expr: Expr): string | undefined {
  const { case: kind, value } = expr?.exprKind ?? {};
  if (kind === 'listExpr') {
    return 'list';
  }
  if (kind === 'structExpr') {
    return 'map';
  }
  if (kind !== 'constExpr') {
    return undefined;
  }
  const constant = value.constantKind?.case as string;
  return (
    {
      boolValue: 'bool',
      int64Value: 'int',
      uint64Value: 'uint',
      doubleValue: 'double',
      stringValue: 'string',
      bytesValue: 'bytes',
      nullValue: 'null',
    } as Record<string, string>
  )[constant];
}

/** The functions whose result is a bool whatever their arguments: operators, comparisons and string tests. */
const BOOL_FUNCTIONS = new Set([
  '_==_',
  '_!=_',
  '_<_',
  '_<=_',
  '_>_',
  '_>=_',
  '_&&_',
  '_||_',
  '!_',
  '@in',
  'startsWith',
  'endsWith',
  'matches',
]);

/** Whether CEL types an expression bool without knowing the types of its names: a comparison, a test, all(), ... */
function isBool(expr: Expr): boolean {
  const { case: kind, value } = expr?.exprKind ?? {};
  return (
    (kind === 'constExpr' && value.constantKind?.case === 'boolValue') ||
    (kind === 'callExpr' && BOOL_FUNCTIONS.has(value.function as string)) ||
    (kind === 'comprehensionExpr' && value.accuInit?.exprKind?.value?.constantKind?.case === 'boolValue') ||
    (kind === 'selectExpr' && value.testOnly === true)
  );
}

/** An arithmetic negation of a bool (`-self.name.startsWith('a')`), which has no overload. */
function negatedBool(expr: Expr): boolean {
  if (expr === undefined || expr === null) {
    return false;
  }
  const { case: kind, value } = expr.exprKind ?? {};
  if (kind === 'callExpr' && value.function === '-_' && value.args.length === 1 && isBool(value.args[0])) {
    return true;
  }
  return childrenOf(expr, NAMESPACES).children.some(negatedBool);
}

/** Why an expression does not compile for the server, as far as the gate can tell. */
function compileProblem(
  expression: string,
  self: Json,
  root: boolean,
  result: 'bool' | 'string',
  release: string,
): string | undefined {
  const tree = parsed(expression, release);
  if (tree === undefined) {
    return undefined;
  }
  if ('error' in tree) {
    return `it does not parse: ${tree.error}`;
  }
  const names = new Set<string>();
  const namespaces = compareReleases(release, NAMESPACES_SINCE) >= 0 ? NAMESPACES : new Set<string>();
  undeclared(tree.expr, new Set(['self', 'oldSelf']), namespaces, names);
  if (names.size > 0) {
    return `it reads ${[...names].map((name) => `'${name}'`).join(', ')}, which ${names.size === 1 ? 'is' : 'are'} not declared (undeclared reference): a rule reads self, oldSelf and the variables of its macros`;
  }
  const fields: { field: string; type: string }[] = [];
  unknownFields(tree.expr, self, root, fields);
  if (fields.length > 0) {
    const { field, type } = fields[0];
    return type === 'object'
      ? `it reads the field '${field}', which the schema does not give (undefined field)`
      : `it reads the field '${field}' of a value of type ${type}, which has no fields`;
  }
  if (negatedBool(tree.expr)) {
    return "it negates a bool with '-' (no matching overload for '-_' applied to '(bool)'); '!' negates a bool";
  }
  const constant = constantType(tree.expr);
  if (constant !== undefined && constant !== result) {
    return `it is a constant of type ${constant}, and must evaluate to ${result}`;
  }
  return typeProblem(expression, self, root, result, release);
}

/** The type checks of each expression, by the type of its `self` (one per schema node: crd-cel-types.ts). */
const TYPE_CHECKS = new WeakMap<CelType, Map<string, Compiled>>();

/**
 * The server's type error of an expression, with `self` (and `oldSelf`) of the type the schema gives the rule's node:
 * an operator or function of no overload for its operands (`self.replicas == 'three'`), a function the release's
 * environment lacks (the one before the release, as admission-cel.ts reads it), a list or map of items of the wrong
 * type, or a result that is not a bool (a rule) or a string (a messageExpression).
 */
function typeProblem(
  expression: string,
  schema: Json,
  root: boolean,
  result: 'bool' | 'string',
  release: string,
): string | undefined {
  const self = schemaCelType(schema, root);
  if (self === undefined) {
    return undefined;
  }
  let checks = TYPE_CHECKS.get(self);
  if (checks === undefined) {
    checks = new Map();
    TYPE_CHECKS.set(self, checks);
  }
  const key = `${release}\n${expression}`;
  let compiled = checks.get(key);
  if (compiled === undefined) {
    compiled = compileExpression(
      expression,
      release,
      new Map([
        ['self', self],
        ['oldSelf', self],
      ]),
      'any',
    );
    checks.set(key, compiled);
  }
  if (compiled.error !== undefined) {
    return compiled.error.replace(/^compilation failed: ERROR: /, '');
  }
  if (compiled.cannotJudge !== undefined || compiled.type.kind === 'unknown' || compiled.type.kind === result) {
    return undefined;
  }
  const type = typeName(compiled.type);
  return result === 'bool'
    ? `cel expression must evaluate to a bool, and it is of type ${type}`
    : `messageExpression must evaluate to a string, and it is of type ${type}`;
}

/** Whether a fieldPath (`.spec.replicas`, `['a.b']`) names a field of the schema, as the server's ValidFieldPath reads it. */
function fieldPathProblem(path: string, schema: Json): string | undefined {
  // A quoted name is one token, dots and brackets in it included.
  const tokens = path.match(/'(?:[^'\\]|\\.)*'|[.[\]]|[^.[\]']+|'/g) ?? [];
  let node: Json | undefined = schema;
  for (let position = 0; position < tokens.length; position++) {
    const token = tokens[position];
    let name: string;
    if (token === '.') {
      name = tokens[++position];
      if (name === undefined || name === '.' || name === '[' || name === ']') {
        return 'unexpected end of the path or a delimiter where a field name goes';
      }
    } else if (token === '[') {
      const quoted = tokens[++position];
      if (quoted === undefined || quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
        return `expected a single-quoted field name after [, got ${quoted ?? 'the end'}`;
      }
      name = quoted.slice(1, -1);
      if (tokens[++position] !== ']') {
        return 'expected ]';
      }
    } else {
      return `expected [ or . but got: ${token}`;
    }
    const properties = asObject(node?.properties);
    const additional: unknown = node?.additionalProperties;
    if (properties !== undefined) {
      node = asObject(properties[name]);
      if (node === undefined) {
        return `${JSON.stringify(name)} does not refer to a field of the schema`;
      }
    } else if (additional !== undefined && additional !== false) {
      node = asObject(additional) ?? {};
    } else {
      return `${JSON.stringify(name)} does not refer to a field of the schema`;
    }
  }
  return undefined;
}

function ruleProblems(rule: Json, schema: Json, at: string, root: boolean, walk: Walk): void {
  const text = typeof rule.rule === 'string' ? rule.rule.trim() : '';
  const message = typeof rule.message === 'string' ? rule.message : undefined;
  const messageExpression = typeof rule.messageExpression === 'string' ? rule.messageExpression : undefined;
  if (text === '') {
    refuse(
      walk,
      `${at}.rule`,
      rule.rule,
      'a rule is required',
      'write the rule, a CEL expression of self that is true when the value is valid',
    );
    return;
  } else if (message !== undefined && message.length > 0 && message.trim() === '') {
    refuse(
      walk,
      `${at}.message`,
      message,
      'the message must be non-empty if specified',
      'write the message, or leave it out',
    );
  } else if (message !== undefined && /[\r\n]/.test(message.trim())) {
    refuse(walk, `${at}.message`, message, 'the message must not contain line breaks', 'write the message on one line');
  } else if (/[\r\n]/.test(text) && (message ?? '').trim() === '' && (messageExpression ?? '').trim() === '') {
    refuse(
      walk,
      `${at}.message`,
      message,
      'a rule of several lines must give a message',
      'give the rule a message (or a messageExpression)',
    );
  }
  if (messageExpression !== undefined && messageExpression.length > 0 && messageExpression.trim() === '') {
    refuse(
      walk,
      `${at}.messageExpression`,
      messageExpression,
      'the messageExpression must be non-empty if specified',
      'write it, or leave it out',
    );
  }
  if (compareReleases(walk.release, RULE_DETAILS_SINCE) >= 0) {
    detailProblems(rule, schema, at, walk);
  }
  const ruleProblem = compileProblem(text, schema, root, 'bool', walk.release);
  if (ruleProblem !== undefined) {
    refuse(
      walk,
      `${at}.rule`,
      text,
      `the rule does not compile: ${ruleProblem}`,
      'write a CEL expression of self that the API server compiles (kubectl apply --dry-run=server shows its error)',
    );
  }
  if (messageExpression !== undefined && messageExpression.trim() !== '') {
    const problem = compileProblem(messageExpression, schema, root, 'string', walk.release);
    if (problem !== undefined) {
      refuse(
        walk,
        `${at}.messageExpression`,
        messageExpression,
        `the messageExpression does not compile: ${problem}`,
        'write a CEL expression of self that evaluates to a string',
      );
    }
  }
}

function detailProblems(rule: Json, schema: Json, at: string, walk: Walk): void {
  if (typeof rule.reason === 'string' && !REASONS.includes(rule.reason)) {
    refuse(
      walk,
      `${at}.reason`,
      rule.reason,
      `a reason is one of ${REASONS.join(', ')}`,
      `write one of ${REASONS.join(', ')}, or leave it out`,
    );
  }
  if (typeof rule.fieldPath !== 'string' || rule.fieldPath === '') {
    return;
  }
  const path = rule.fieldPath;
  const why =
    path.trim() === ''
      ? 'the fieldPath must be non-empty if specified'
      : /[\r\n]/.test(path)
        ? 'the fieldPath must not contain line breaks'
        : fieldPathProblem(path, schema);
  if (why !== undefined) {
    refuse(
      walk,
      `${at}.fieldPath`,
      path,
      `the fieldPath must be a valid path into the schema of the rule (${why})`,
      "write a path of the fields below the rule's, e.g. .spec.replicas or ['a.b']",
    );
  }
}

/** The structural part of a schema node, walked with its rules: properties, additionalProperties, items. */
/**
 * The structural part of a schema node, walked with its rules: properties, additionalProperties, items; `cardinality`
 * is how many values of the node an object may have at least as the server counts them (the maxItems and
 * maxProperties above it, where given).
 */
function walkNode(schema: Json, at: string, root: boolean, cardinality: number, walk: Walk): void {
  const rules = Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : [];
  rules.forEach((rule, position) => {
    const ruleAt = `${at}.x-kubernetes-validations[${position}]`;
    ruleProblems(asObject(rule) ?? {}, schema, ruleAt, root, walk);
    costProblems(asObject(rule) ?? {}, schema, ruleAt, root, cardinality, walk);
  });
  for (const [name, child] of Object.entries(asObject(schema.properties) ?? {})) {
    walkNode(asObject(child) ?? {}, `${at}.properties[${name}]`, false, cardinality, walk);
  }
  const additional = asObject(schema.additionalProperties);
  if (additional !== undefined) {
    walkNode(additional, `${at}.additionalProperties`, false, cardinality * bound(schema.maxProperties), walk);
  }
  const items = asObject(schema.items);
  if (items !== undefined) {
    walkNode(items, `${at}.items`, false, cardinality * listBound(schema), walk);
  }
}

/** A maxItems or maxProperties as a count of values at least: 1 where none is given (the server's estimate is more). */
function bound(limit: unknown): number {
  return typeof limit === 'number' && limit >= 1 ? limit : 1;
}

/** The size of a request, by which the server bounds what a schema leaves unbounded (celconfig.MaxRequestSizeBytes). */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
/** The length the server gives a string of no maxLength: the request's, less the quotes. */
const UNBOUNDED_STRING_LENGTH = MAX_REQUEST_BYTES - 2;

/**
 * The items of a list at least as the server counts them: its maxItems, or, where it gives none, the items of the
 * least serialized size a request holds (the request's size over that size and a comma: 1,048,576 strings or objects
 * of no required field; both servers' "exceeds budget by factor of" tells it), or 1 where the gate does not know the
 * items' least size.
 */
function listBound(schema: Json): number {
  if (schema.maxItems !== undefined) {
    return bound(schema.maxItems);
  }
  const least = leastSerializedSize(asObject(schema.items) ?? {});
  return least === undefined ? 1 : Math.floor(MAX_REQUEST_BYTES / (least + 1));
}

/**
 * The least size of a value of `schema` in JSON, as the server's types give it, where the gate knows it: a string
 * (of no format nor minLength) "" 2, an integer or number 1, a boolean 4 (true), an object 2 ({}) and, for each required
 * property, its name, its value and 4 (quotes, colon, comma); undefined for the others, whose size the server may
 * count otherwise.
 */
function leastSerializedSize(schema: Json): number | undefined {
  const plain = schema['x-kubernetes-int-or-string'] !== true && schema['x-kubernetes-embedded-resource'] !== true;
  if (!plain || schema['x-kubernetes-preserve-unknown-fields'] === true) {
    return undefined;
  }
  switch (schema.type) {
    case 'string':
      return schema.format === undefined && schema.minLength === undefined ? 2 : undefined;
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return 4;
    case 'object': {
      if (schema.additionalProperties !== undefined) {
        return undefined;
      }
      const properties = asObject(schema.properties) ?? {};
      let size = 2;
      for (const name of Array.isArray(schema.required) ? schema.required : []) {
        const property = typeof name === 'string' ? asObject(properties[name]) : undefined;
        const least = property === undefined ? undefined : leastSerializedSize(property);
        if (least === undefined || celName(name as string) !== name) {
          return undefined;
        }
        size += (name as string).length + least + 4;
      }
      return size;
    }
    default:
      return undefined;
  }
}

/**
 * A maxLength counts characters, and the server's cost estimate bytes: 4 of them a character (UTF-8's most), so that
 * a concatenation of a string of maxLength 30,000,000 costs 12,000,000 (both servers: "exceeds budget by factor of
 * 1.2x").
 */
const BYTES_PER_CHARACTER = 4;

/** The formats of a string that CEL reads as another type (crd-cel-types.ts), whose comparisons cost no traversal. */
const NOT_STRINGS = new Set<unknown>(['byte', 'duration', 'date', 'date-time']);

/**
 * The length of a string of `self` as the server's cost estimate takes it: 4 bytes a character of its maxLength, or,
 * of no format, the request's (a concatenation of it costs 314,573 at least, on each value the rule runs on). An enum
 * bounds it from ENUMS_BOUND_SINCE (sizeOf).
 */
function stringLength(schema: Json): number | undefined {
  if (schema.type !== 'string' || schema['x-kubernetes-int-or-string'] === true || NOT_STRINGS.has(schema.format)) {
    return undefined;
  }
  if (typeof schema.maxLength === 'number') {
    return schema.maxLength * BYTES_PER_CHARACTER;
  }
  return schema.format === undefined ? UNBOUNDED_STRING_LENGTH : undefined;
}

/** The server's budget of one rule's estimated cost, times the values it runs on (StaticEstimatedCostLimit). */
const RULE_COST_LIMIT = 10_000_000;
/** The server's budget of all the rules of a version's schema (StaticEstimatedCRDCostLimit). */
const SCHEMA_COST_LIMIT = 100_000_000;

/** CEL's cost estimator's factors (cel-go common/cost.go): per character of a string, per character of a regex. */
const STRING_TRAVERSAL_COST = 0.1;
const REGEX_STRING_LENGTH_COST = 0.25;
/** What reading a variable or selecting a field costs the estimator. */
const SELECT_AND_IDENT_COST = 1;
const COMPARISONS = new Set(['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_']);

/**
 * The calls whose cost, besides their arguments, is not CEL's default of 1: those cel-go's cost.go or Kubernetes'
 * library cost.go estimate by the sizes of their operands (which callEstimate counts where the gate knows them, and
 * else leaves out), and the logical operators and the conditional, which cost their operands alone. Every other call
 * (arithmetic, an index, `!`, size(), a conversion of a scalar, a quantity's or URL's accessor) costs 1 more.
 */
const NOT_DEFAULT_COST = new Set(
  (
    '_&&_ _||_ _?_:_ @in matches contains startsWith endsWith _+_ format string bytes strings.quote check ' +
    'fieldSelector labelSelector isSorted sum max min indexOf lastIndexOf includes url lowerAscii upperAscii ' +
    'substring trim jsonpatch.escapeKey replace split join find findAll cidr isIP isCIDR ip ip.isCanonical ' +
    'containsIP containsCIDR quantity isQuantity semver isSemver validate sets.contains sets.equivalent ' +
    'sets.intersects slice flatten distinct reverse sort sortBy lists.range first last charAt'
  ).split(' '),
);

/**
 * What the cost estimate knows of a value: its schema where the gate follows it, whether it is a string or a list, and
 * the least of the greatest size the server gives it (the characters of a string, the items of a list; 0 unknown).
 */
interface Estimate {
  readonly cost: number;
  readonly size: number;
  readonly kind?: 'string' | 'list';
  readonly schema?: Json;
}

/** Where a rule is: at the root of its version's schema or not, and whether the release bounds a string by its enum. */
interface Site {
  readonly root: boolean;
  readonly enumsBound: boolean;
}

/**
 * The release from which the cost estimate bounds a string of an enum (and no maxLength) by its longest value: 1.37
 * does (it takes 32 concatenations of two strings of an enum), 1.27 counts it as a string of no maxLength (it refuses
 * them, 2.0x); the releases between are taken to bound it, which refuses nothing they take.
 */
const ENUMS_BOUND_SINCE = '1.28';

/** The greatest size the server gives a value of `schema`, as far as the gate knows it (0 where it does not). */
function sizeOf(schema: Json | undefined, enumsBound: boolean): Pick<Estimate, 'size' | 'kind'> {
  if (schema?.type === 'array') {
    return { size: typeof schema.maxItems === 'number' ? schema.maxItems : listBound(schema), kind: 'list' };
  }
  const longest = Array.isArray(schema?.enum) ? Math.max(0, ...schema.enum.map((value) => String(value).length)) : 0;
  const length =
    schema === undefined
      ? undefined
      : enumsBound && schema.type === 'string' && longest > 0 && typeof schema.maxLength !== 'number'
        ? longest
        : stringLength(schema);
  return length === undefined ? { size: 0 } : { size: length, kind: 'string' };
}

/** The schema of a field of a value of `parent` as CEL selects it (a property, a map's value), where the gate reads it. */
function fieldSchema(parent: Json | undefined, field: string): Json | undefined {
  if (parent === undefined || parent.type !== 'object' || parent['x-kubernetes-embedded-resource'] === true) {
    return undefined;
  }
  const additional = asObject(parent.additionalProperties);
  if (additional !== undefined) {
    return additional;
  }
  const properties = asObject(parent.properties) ?? {};
  const property = Object.keys(properties).find((name) => celName(name) === field);
  return property === undefined ? undefined : asObject(properties[property]);
}

const ceil = (cost: number) => Math.ceil(cost - 1e-9);

/**
 * The least estimated cost of a rule as the server's estimator (cel-go's checker/cost.go, with Kubernetes' sizes of
 * the schema's values) counts it: a variable and a field select 1 each; a comparison a tenth of the smaller size of its
 * operands (strings, lists: `self.a == self.b` of two strings of no maxLength is 314,573); a concatenation a tenth of
 * the sizes of its strings; `matches` a tenth of the string's size (plus one) times a quarter of the pattern's length;
 * `contains` the product of a tenth of each; startsWith and endsWith a tenth of the prefix's; `in` a list the list's
 * size; a conditional its condition and the dearer branch; a comprehension its range, and each of the items it
 * iterates (a list's maxItems, or listBound; a map's maxProperties) its step, 1 at least. A string's size is its
 * maxLength (or its longest enum value), else the request's (stringLength); a value the gate does not follow is of no
 * size; a call of no special cost costs its arguments and 1 (NOT_DEFAULT_COST): the server counts no less, so this
 * refuses no rule it takes.
 */
function leastCost(expression: string, self: Json, root: boolean, release: string): number {
  const tree = parsed(expression, release);
  if (tree === undefined || 'error' in tree) {
    return 0;
  }
  const site: Site = { root, enumsBound: compareReleases(release, ENUMS_BOUND_SINCE) >= 0 };
  return estimate(tree.expr, new Map([['self', self]]), site).cost;
}

function estimate(expr: Expr, scope: ReadonlyMap<string, Json | undefined>, site: Site): Estimate {
  const { case: kind, value } = expr?.exprKind ?? {};
  switch (kind) {
    case 'constExpr': {
      const constant = value.constantKind;
      return constant?.case === 'stringValue'
        ? { cost: 0, size: [...(constant.value as string)].length, kind: 'string' }
        : { cost: 0, size: 0 };
    }
    case 'identExpr': {
      const schema = scope.get(value.name as string);
      return { cost: SELECT_AND_IDENT_COST, ...sizeOf(schema, site.enumsBound), schema };
    }
    case 'selectExpr': {
      const operand = estimate(value.operand, scope, site);
      const field = value.field as string;
      // The root's apiVersion, kind and metadata are the server's own, whatever the schema says of them.
      const rootField = site.root && value.operand?.exprKind?.value?.name === 'self' && ROOT_FIELDS.includes(field);
      const schema = value.testOnly === true || rootField ? undefined : fieldSchema(operand.schema, field);
      return { cost: operand.cost + SELECT_AND_IDENT_COST, ...sizeOf(schema, site.enumsBound), schema };
    }
    case 'listExpr': {
      const elements = (value.elements as Expr[]).map((element) => estimate(element, scope, site));
      return { cost: sum(elements), size: elements.length, kind: 'list' };
    }
    case 'structExpr':
      return { cost: sum(childrenOf(expr, NAMESPACES).children.map((child) => estimate(child, scope, site))), size: 0 };
    case 'comprehensionExpr':
      return comprehensionEstimate(value, scope, site);
    case 'callExpr':
      return callEstimate(expr, scope, site);
    default:
      return { cost: 0, size: 0 };
  }
}

function sum(estimates: readonly Estimate[]): number {
  return estimates.reduce((total, { cost }) => total + cost, 0);
}

function comprehensionEstimate(value: Expr, scope: ReadonlyMap<string, Json | undefined>, site: Site): Estimate {
  const range = estimate(value.iterRange, scope, site);
  const init = estimate(value.accuInit, scope, site);
  const schema = range.schema;
  const items = schema?.type === 'array' ? asObject(schema.items) : asObject(schema?.additionalProperties);
  const iterations = schema?.type === 'object' ? bound(schema.maxProperties) : Math.max(range.size, 1);
  const inLoop = new Map(scope).set(value.accuVar as string, undefined);
  const twoVariables = typeof value.iterVar2 === 'string' && value.iterVar2 !== '';
  inLoop.set(value.iterVar as string, twoVariables || schema?.type !== 'array' ? undefined : items);
  if (twoVariables) {
    inLoop.set(value.iterVar2 as string, items);
  }
  const step = estimate(value.loopCondition, inLoop, site).cost + estimate(value.loopStep, inLoop, site).cost;
  const result = estimate(value.result, new Map(scope).set(value.accuVar as string, undefined), site);
  return { cost: range.cost + init.cost + iterations * Math.max(step, 1) + result.cost, size: 0 };
}

function callEstimate(expr: Expr, scope: ReadonlyMap<string, Json | undefined>, site: Site): Estimate {
  const value = expr.exprKind.value;
  const name = value.function as string;
  const namespace =
    value.target?.exprKind?.case === 'identExpr' && NAMESPACES.has(value.target.exprKind.value.name as string);
  const target: Estimate | undefined =
    value.target === undefined || namespace ? undefined : estimate(value.target, scope, site);
  const args = (value.args as Expr[]).map((arg) => estimate(arg, scope, site));
  const operands = target === undefined ? args : [target, ...args];
  const argumentCost = sum(operands);
  const [a, b] = operands;
  const traversal = (size: number) => ceil(size * STRING_TRAVERSAL_COST);
  if (name === '_?_:_') {
    const [condition, yes, no] = args;
    return { cost: condition.cost + Math.max(yes.cost, no.cost), size: Math.min(yes.size, no.size) };
  }
  if (COMPARISONS.has(name) && operands.length === 2) {
    // A tenth of the smaller of the two sizes, where the gate knows both; two scalars (size 1 each) cost 1.
    const known = a.size > 0 && b.size > 0;
    const empty = (operand: Estimate) => operand.size === 0 && operand.kind !== undefined;
    const cost = known ? traversal(Math.min(a.size, b.size)) : empty(a) || empty(b) ? 0 : 1;
    return { cost: argumentCost + cost, size: 0 };
  }
  if (name === '_+_' && (a.kind === 'string' || b.kind === 'string')) {
    return { cost: argumentCost + traversal(a.size + b.size), size: a.size + b.size, kind: 'string' };
  }
  if (name === '_+_' && (a.kind === 'list' || b.kind === 'list')) {
    return { cost: argumentCost + 1, size: a.size + b.size, kind: 'list' };
  }
  if (name === 'matches' && operands.length === 2 && a.kind === 'string') {
    return { cost: argumentCost + traversal(a.size + 1) * ceil(b.size * REGEX_STRING_LENGTH_COST), size: 0 };
  }
  if (name === 'contains' && target?.kind === 'string' && args.length === 1) {
    return { cost: argumentCost + traversal(target.size) * traversal(args[0].size), size: 0 };
  }
  if ((name === 'startsWith' || name === 'endsWith') && target?.kind === 'string' && args.length === 1) {
    return { cost: argumentCost + traversal(args[0].size), size: 0 };
  }
  if (name === '@in' && b?.kind === 'list') {
    return { cost: argumentCost + b.size, size: 0 };
  }
  // CEL's default cost of a call, 1: a macro's loop condition (`self.all(z, z != 'x')` is 5 an item), size().
  return { cost: argumentCost + (NOT_DEFAULT_COST.has(name) || namespace ? 0 : 1), size: 0 };
}

/** The least factor by which a cost is over its budget, as the server words it (`1.2x`, `more than 100x`). */
function factor(cost: number, limit: number): string {
  return cost > 100 * limit ? 'more than 100x' : `at least ${(cost / limit).toFixed(2)}x`;
}

function costProblems(rule: Json, schema: Json, at: string, root: boolean, cardinality: number, walk: Walk): void {
  for (const field of ['rule', 'messageExpression'] as const) {
    const expression = rule[field];
    if (typeof expression !== 'string' || expression.trim() === '') {
      continue;
    }
    const cost = cardinality * leastCost(expression, schema, root, walk.release);
    walk.cost.total += cost;
    if (cost > RULE_COST_LIMIT) {
      refuse(
        walk,
        `${at}.${field}`,
        expression,
        `its estimated cost is at least ${cost.toExponential(2)} (the values it runs on times its variables and selects, the items it iterates and the characters it compares, matches or concatenates), over the server's budget of ${RULE_COST_LIMIT.toExponential(0)} for one rule (the server: "Forbidden: estimated rule cost exceeds budget by factor of" ${factor(cost, RULE_COST_LIMIT)})`,
        'give the lists, maps and strings it runs on, iterates or concatenates a maxItems, maxProperties or maxLength (or a lower one), or simplify the rule',
      );
    }
  }
}
/** A CustomResourceDefinition whose CEL rules the API server refuses to store. */
export const crdRules: Rule = {
  id: 'crd-rules',
  description:
    "a CustomResourceDefinition's CEL rules (x-kubernetes-validations) compile, as far as the gate can tell (parse, declared names, fields and types of self by the schema, functions of the release), with a non-empty rule and message, a reason and fieldPath the server takes",
  kinds: ['CustomResourceDefinition'],
  check(object, context) {
    const crd = String(object.manifest.metadata.name ?? '');
    const spec = asObject((object.manifest as Json).spec) ?? {};
    const walk: Walk = { crd, version: '', release: context.kubernetesVersion, problems: [], cost: { total: 0 } };
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    versions.forEach((version, position) => {
      const schema = asObject(asObject(asObject(version)?.schema)?.openAPIV3Schema);
      if (schema !== undefined) {
        const at = `spec.versions[${position}].schema.openAPIV3Schema`;
        // The types of every node, named by their path from the root, read once per version.
        schemaCelType(schema, true);
        walk.version = String(asObject(version)?.name ?? position);
        walk.cost.total = 0;
        walkNode(schema, at, true, 1, walk);
        if (walk.cost.total > SCHEMA_COST_LIMIT) {
          refuse(
            walk,
            at,
            `rules of an estimated cost of at least ${walk.cost.total.toExponential(2)}`,
            `the estimated cost of all its rules is over the server's budget of ${SCHEMA_COST_LIMIT.toExponential(0)} for a schema (the server: "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of" ${factor(walk.cost.total, SCHEMA_COST_LIMIT)})`,
            'give the lists, maps and strings the rules run on, iterate or concatenate a maxItems, maxProperties or maxLength (or a lower one), or simplify the rules',
          );
        }
      }
    });
    return walk.problems;
  },
};
