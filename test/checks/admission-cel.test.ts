import { CelType, compatibilityRelease, compileAdmissionExpression } from '../../lib/checks/admission-cel';

const DYN: CelType = { kind: 'dyn' };
/** A policy's variables: `replicas`, of type dyn. */
const VARIABLES = new Map([['replicas', DYN]]);

/** What compiling a validation (a bool, with authorizer and the policy's variables) on `release` gives. */
function validation(expression: string, release = '1.37') {
  return compileAdmissionExpression(
    expression,
    release,
    { params: false, authorizer: true, variables: VARIABLES },
    'bool',
  );
}

/**
 * Each row's verdict is the 1.37 API server's, on a ValidatingAdmissionPolicy with the expression as a validation
 * (kubectl apply --server-side --dry-run=server, December 2026).
 */
describe('compileAdmissionExpression', () => {
  it.each([
    ['1 < 1.0'],
    ['variables.replicas <= 50'],
    ['object.x.all(k, v, v > 0)'],
    ['sets.contains([1], [1])'],
    ["authorizer.group('').resource('x').check('get').allowed()"],
    ['(1 + 2) > 1'],
    ['[1].map(x, x) == [1]'],
    ['type(1) == int'],
    ['lists.range(3).size() == 3'],
    ["strings.quote('a') == 'a'"],
    ["format.dns1123Label().validate('a').hasValue()"],
    ["isSemver('1.0.0')"],
    ['object.x.transformList(i, v, v).size() > 0'],
    ["has(object.spec) && request.operation == 'CREATE' && !request.dryRun"],
  ])('takes %s, as the server does', (expression) => {
    expect(validation(expression)).toEqual({ type: { kind: 'bool' } });
  });

  it.each([
    ['1 == 1.0', "compilation failed: ERROR: found no matching overload for '_==_' applied to '(int, double)'"],
    ['variables.nope', "compilation failed: ERROR: undefined field 'nope'"],
    ['params.x == 1', "compilation failed: ERROR: undeclared reference to 'params' (in container '')"],
    [
      "null == 'a'",
      "compilation failed: ERROR: found no matching overload for '_==_' applied to '(null_type, string)'",
    ],
    [
      'request.namespace == null',
      "compilation failed: ERROR: found no matching overload for '_==_' applied to '(string, null_type)'",
    ],
    ['object.a.b.c', 'must evaluate to bool but got dyn'],
    ['size(1) == 1', "compilation failed: ERROR: found no matching overload for 'size' applied to '(int)'"],
    ["[1, 'a'].size() > 0", "compilation failed: ERROR: expected type 'int' but found 'string'"],
    [
      'true ? 1 : 1.0',
      "compilation failed: ERROR: found no matching overload for '_?_:_' applied to '(bool, int, double)'",
    ],
    ["'a'.frob()", "compilation failed: ERROR: undeclared reference to 'frob' (in container '')"],
    ["duration('x') > duration('1s')", 'compilation failed: ERROR: invalid duration argument'],
    ['object.x > 1 && 1', "compilation failed: ERROR: expected type 'bool' but found 'int'"],
    ['!1', "compilation failed: ERROR: found no matching overload for '!_' applied to '(int)'"],
    ["-'a' == 1", "compilation failed: ERROR: found no matching overload for '-_' applied to '(string)'"],
    ['x.y == 1', "compilation failed: ERROR: undeclared reference to 'x' (in container '')"],
    ['string(1)', 'must evaluate to bool but got string'],
    ['math.greatest(1, 2) == 2', "compilation failed: ERROR: undeclared reference to 'math' (in container '')"],
    ["'a'.quote() == 'a'", "compilation failed: ERROR: undeclared reference to 'quote' (in container '')"],
    ["base64.decode('YQ==') == b'a'", "compilation failed: ERROR: undeclared reference to 'base64' (in container '')"],
    // lists version 1 came with 1.37, whose new expressions compile in 1.36's environment
    ['object.x.includes(1)', "compilation failed: ERROR: undeclared reference to 'includes' (in container '')"],
  ])('refuses %s as the server does: %s', (expression, error) => {
    expect(validation(expression)).toEqual({ error });
  });

  it('refuses a syntax error with the parser’s words', () => {
    expect(validation('object.x +')).toEqual({ error: expect.stringMatching(/^compilation failed: ERROR: .+/) });
  });

  it('judges a message (a string), an audit annotation (a string or null) and a variable (any type)', () => {
    const message = (expression: string) =>
      compileAdmissionExpression(expression, '1.37', { params: false, authorizer: false }, 'string');
    expect(message("'replicas: ' + string(object.spec.replicas)")).toEqual({ type: { kind: 'string' } });
    expect(message('1')).toEqual({ error: 'must evaluate to string but got int' });
    expect(message('object.x')).toEqual({ error: 'must evaluate to string but got dyn' });
    expect(message("authorizer.path('/').check('get').reason()")).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'authorizer' (in container '')",
    });
    const audit = (expression: string) =>
      compileAdmissionExpression(expression, '1.37', { params: false, authorizer: true }, 'string or null');
    expect(audit('null')).toEqual({ type: { kind: 'null' } });
    expect(audit('object.x')).toEqual({ error: 'must evaluate to one of [string null_type] but got dyn' });
    expect(
      audit("variables.replicas > 10 ? 'high' : null".replace('variables.replicas', 'object.spec.replicas')),
    ).toEqual({
      error: "compilation failed: ERROR: found no matching overload for '_?_:_' applied to '(bool, string, null_type)'",
    });
    expect(compileAdmissionExpression('object.spec', '1.37', { params: true, authorizer: true }, 'any')).toEqual({
      type: { kind: 'dyn' },
    });
  });

  it('compiles in the environment of the release before: quantity from 1.29, sets from 1.30', () => {
    expect(compatibilityRelease('1.37')).toBe('1.36');
    expect(validation("quantity('1Gi').isGreaterThan(quantity('1Mi'))", '1.28')).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'quantity' (in container '')",
    });
    expect(validation("quantity('1Gi').isGreaterThan(quantity('1Mi'))", '1.29')).toEqual({ type: { kind: 'bool' } });
    expect(validation('sets.contains([1], [1])', '1.29')).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'sets' (in container '')",
    });
  });

  it('knows Object and JSONPatch in mutations only, and requires an Object or a list of JSONPatch of them', () => {
    const mutation = (expression: string, result: 'Object' | 'list(JSONPatch)' = 'Object') =>
      compileAdmissionExpression(expression, '1.37', { params: false, authorizer: true, patchTypes: true }, result);
    expect(mutation("Object{metadata: Object.metadata{labels: {'a': 'b'}}}")).toEqual({
      type: { kind: 'object', name: 'Object' },
    });
    expect(mutation("[JSONPatch{op: 'add', path: '/metadata/labels/a', value: 'b'}]", 'list(JSONPatch)')).toEqual({
      type: { kind: 'list', items: { kind: 'object', name: 'JSONPatch' } },
    });
    // Each verdict below is the 1.37 server's, on the raw MutatingAdmissionPolicy.
    expect(mutation("bject{metadata: Object.metadata{labels: {'a': 'b'}}}")).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'bject' (in container '')",
    });
    expect(mutation("-Object{metadata: Object.metadata{labels: {'a': 'b'}}}")).toEqual({
      error: "compilation failed: ERROR: found no matching overload for '-_' applied to '(Object)'",
    });
    expect(mutation("JSONPatch{op: 'add', path: '/metadata/labels/a', value: 'b'}", 'list(JSONPatch)')).toEqual({
      error: 'must evaluate to list(JSONPatch) but got JSONPatch',
    });
    expect(mutation('object')).toEqual({ error: 'must evaluate to Object but got dyn' });
    expect(validation("Object{metadata: Object.metadata{labels: {'a': 'b'}}} != null")).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'Object' (in container '')",
    });
  });

  it('cannot judge optional syntax, which the parser does not read', () => {
    expect(validation('object.?spec.orValue(1) == 1')).toEqual({
      cannotJudge: expect.stringMatching(/^it uses optional syntax/),
    });
  });
});
