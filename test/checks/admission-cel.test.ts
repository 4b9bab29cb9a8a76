import {
  CelType,
  compatibilityRelease,
  compileAdmissionExpression,
  compileExpression,
} from '../../lib/checks/admission-cel';

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

/** A `self` of a CustomResourceDefinition's rule: an object of typed fields, as crd-cel-types.ts builds it. */
const SELF: CelType = {
  kind: 'object',
  name: 'selfType',
  fields: {
    name: { kind: 'string' },
    replicas: { kind: 'int' },
    window: { kind: 'duration' },
    tags: { kind: 'list', items: { kind: 'string' } },
    labels: { kind: 'map', items: { kind: 'string' } },
    counts: { kind: 'list', items: { kind: 'int' } },
    flags: { kind: 'list', items: { kind: 'bool' } },
    stamp: { kind: 'timestamp' },
    a: {
      kind: 'object',
      name: 'selfType.a',
      fields: { x: { kind: 'int' }, l: { kind: 'list', items: { kind: 'object', name: 'selfType.a.l', fields: {} } } },
    },
    b: { kind: 'object', name: 'selfType.b', fields: { x: { kind: 'int' } } },
  },
};

/** What compiling a rule (a bool) of that `self` on `release` gives. */
function rule(expression: string, release = '1.37') {
  return compileExpression(expression, release, new Map([['self', SELF]]), 'bool');
}

/**
 * Each row's verdict is both API servers' (1.27 and 1.37), on a CustomResourceDefinition of a rule of such a `self`
 * (kubectl apply --dry-run=server, December 2026).
 */
describe('compileExpression of typed variables', () => {
  it.each([
    ['self.a == null'],
    ['self.window == null'],
    ['(self.replicas > 0 ? self.a : null) == null'],
    ['self.a == self.a'],
    ["self.tags == ['a']"],
    ["self.tags.indexOf('a') > 0 && self.tags.min() == 'a' && self.tags.isSorted()"],
    ['self.window.getHours() > 0'],
    ['self.name.size() > 0 && self.labels.size() > 0'],
  ])('takes %s, as the servers do', (expression) => {
    expect(rule(expression, '1.27')).toEqual({ type: { kind: 'bool' } });
    expect(rule(expression)).toEqual({ type: { kind: 'bool' } });
  });

  it.each([
    ['self.name == null', "found no matching overload for '_==_' applied to '(string, null_type)'"],
    ['self.tags != null', "found no matching overload for '_!=_' applied to '(list(string), null_type)'"],
    ['self.labels == null', "found no matching overload for '_==_' applied to '(map(string, string), null_type)'"],
    ['self.a == self.b', "found no matching overload for '_==_' applied to '(selfType.a, selfType.b)'"],
    ['[self.a] == [self.b]', "found no matching overload for '_==_' applied to '(list(selfType.a), list(selfType.b))'"],
    ['self.tags == [1]', "found no matching overload for '_==_' applied to '(list(string), list(int))'"],
    ['self.replicas in self.tags', "found no matching overload for '@in' applied to '(int, list(string))'"],
    ["self.replicas.startsWith('a')", "found no matching overload for 'startsWith' applied to 'int.(string)'"],
    ["self.window.startsWith('1')", "found no matching overload for 'startsWith' applied to 'duration.(string)'"],
    ["self.tags.contains('a')", "found no matching overload for 'contains' applied to 'list(string).(string)'"],
    ["self.name.join(',') == 'a'", "found no matching overload for 'join' applied to 'string.(string)'"],
    ['self.window.getFullYear() > 0', "found no matching overload for 'getFullYear' applied to 'duration.()'"],
    ["self.name.getScheme() == 'a'", "found no matching overload for 'getScheme' applied to 'string.()'"],
    ['self.replicas.size() > 0', "found no matching overload for 'size' applied to 'int.()'"],
  ])('refuses %s, as the servers do: %s', (expression, error) => {
    expect(rule(expression, '1.27')).toEqual({ error: `compilation failed: ERROR: ${error}` });
    expect(rule(expression)).toEqual({ error: `compilation failed: ERROR: ${error}` });
  });

  it("refuses a method on a receiver the release has no overload for: 'a'.reverse() (lists have it from 1.34)", () => {
    expect(rule("'a'.reverse() == 'a'", '1.27')).toEqual({
      error: "compilation failed: ERROR: undeclared reference to 'reverse' (in container '')",
    });
    expect(rule("'a'.reverse() == 'a'")).toEqual({
      error: "compilation failed: ERROR: found no matching overload for 'reverse' applied to 'string.()'",
    });
    expect(rule('self.tags.reverse() == self.tags')).toEqual({ type: { kind: 'bool' } });
  });

  it.each([
    ["'a' in self.labels && 1 in {1: 'a'}"],
    ['self.counts.sum() > 0 && self.counts.max() == 1 && self.flags.min() == true'],
    ["self.tags.indexOf('a') == 0 && self.name.lastIndexOf('a') == 0 && self.stamp.getFullYear() > 2000"],
    ["self.name.find('a') == 'a' && self.name.substring(1) == 'a' && self.tags.join(',') == 'a'"],
    ["self.labels['a'] == 'a' && self.tags[0] == 'a' && {1: 'a'}[1] == 'a'"],
  ])('takes %s, as the servers do: the library types its results', (expression) => {
    expect(rule(expression, '1.27')).toEqual({ type: { kind: 'bool' } });
    expect(rule(expression)).toEqual({ type: { kind: 'bool' } });
  });

  it.each([
    ['1 in self.labels', "found no matching overload for '@in' applied to '(int, map(string, string))'"],
    ["1 in {'a': 1}", "found no matching overload for '@in' applied to '(int, map(string, int))'"],
    ["self.labels[1] == 'a'", "found no matching overload for '_[_]' applied to '(map(string, string), int)'"],
    ["self.tags['a'] == 'a'", "found no matching overload for '_[_]' applied to '(list(string), string)'"],
    ['self.counts.indexOf(1.0) == 0', "found no matching overload for 'indexOf' applied to 'list(int).(double)'"],
    ['self.a.l.isSorted()', "found no matching overload for 'isSorted' applied to 'list(selfType.a.l).()'"],
    ["self.tags.sum() != ''", "found no matching overload for 'sum' applied to 'list(string).()'"],
    ['self.flags.sum() == true', "found no matching overload for 'sum' applied to 'list(bool).()'"],
    ["self.counts.sum() == 'a'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ['self.tags.min() == 1', "found no matching overload for '_==_' applied to '(string, int)'"],
    ["self.counts.join(',') == ''", "found no matching overload for 'join' applied to 'list(int).(string)'"],
    ["self.tags.indexOf('a') == 'x'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ['self.tags.indexOf(1) == 0', "found no matching overload for 'indexOf' applied to 'list(string).(int)'"],
    ["self.name.indexOf('a') == 'x'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ['self.name.indexOf(1) == 0', "found no matching overload for 'indexOf' applied to 'string.(int)'"],
    ["self.name.split(',') == 1", "found no matching overload for '_==_' applied to '(list(string), int)'"],
    ["self.name.find('a') == 1", "found no matching overload for '_==_' applied to '(string, int)'"],
    ["self.stamp.getFullYear() == 'x'", "found no matching overload for '_==_' applied to '(int, string)'"],
  ])('refuses %s, as the servers do: %s', (expression, error) => {
    expect(rule(expression, '1.27')).toEqual({ error: `compilation failed: ERROR: ${error}` });
    expect(rule(expression)).toEqual({ error: `compilation failed: ERROR: ${error}` });
  });

  it.each([
    ["url(self.name).getHost() == 'x' && url(self.name).getQuery()['a'][0] == 'b'"],
    ["quantity(self.name).isGreaterThan(quantity('1')) && quantity(self.name).add(1).isInteger()"],
    ["quantity(self.name).asInteger() == 1 && quantity(self.name) == quantity('1')"],
    ['ip(self.name).family() == 4 && cidr(self.name).ip().family() == 4 && cidr(self.name).containsIP(self.name)'],
    ["string(ip(self.name)) == 'a' && semver(self.name).isGreaterThan(semver('1.0.0'))"],
  ])('takes %s on 1.37, as the server does: the results of url(), quantity(), ip(), cidr()', (expression) => {
    expect(rule(expression)).toEqual({ type: { kind: 'bool' } });
  });

  it.each([
    ["url(self.name) == 'x'", "found no matching overload for '_==_' applied to '(kubernetes.URL, string)'"],
    [
      "url(self.name).startsWith('x')",
      "found no matching overload for 'startsWith' applied to 'kubernetes.URL.(string)'",
    ],
    ['url(self.name).getHost() == 1', "found no matching overload for '_==_' applied to '(string, int)'"],
    ['url(1).getHost() == 1', "found no matching overload for 'url' applied to '(int)'"],
    ["quantity(self.name) == 'x'", "found no matching overload for '_==_' applied to '(kubernetes.Quantity, string)'"],
    [
      "quantity(self.name).compareTo(quantity('1')) == 'a'",
      "found no matching overload for '_==_' applied to '(int, string)'",
    ],
    ["quantity(self.name).asInteger() == 'a'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ['self.name.isInteger()', "found no matching overload for 'isInteger' applied to 'string.()'"],
    [
      'quantity(self.name).isGreaterThan(1)',
      "found no matching overload for 'isGreaterThan' applied to 'kubernetes.Quantity.(int)'",
    ],
    ['ip(self.name) == cidr(self.name)', "found no matching overload for '_==_' applied to '(net.IP, net.CIDR)'"],
    ['ip(self.name).ip().family() == 4', "found no matching overload for 'ip' applied to 'net.IP.()'"],
    ["ip(self.name).family() == 'x'", "found no matching overload for '_==_' applied to '(int, string)'"],
    ["cidr(self.name).masked() == 'a'", "found no matching overload for '_==_' applied to '(net.CIDR, string)'"],
    ['url(self.name).family() == 4', "found no matching overload for 'family' applied to 'kubernetes.URL.()'"],
    ["semver(self.name).major() == 'a'", "found no matching overload for '_==_' applied to '(int, string)'"],
    // sign is a function of a quantity, no method; the methods are no functions; url() and isQuantity() no methods.
    ['quantity(self.name).sign() == 1', "found no matching overload for 'sign' applied to 'kubernetes.Quantity.()'"],
    ['isInteger(quantity(self.name))', "found no matching overload for 'isInteger' applied to '(kubernetes.Quantity)'"],
    ["getHost(url(self.name)) == 'a'", "found no matching overload for 'getHost' applied to '(kubernetes.URL)'"],
    ['self.name.isQuantity()', "found no matching overload for 'isQuantity' applied to 'string.()'"],
    ["self.name.url().getHost() == 'a'", "found no matching overload for 'url' applied to 'string.()'"],
  ])('refuses %s on 1.37, as the server does: %s', (expression, error) => {
    expect(rule(expression)).toEqual({ error: `compilation failed: ERROR: ${error}` });
  });

  it.each([
    ['sign(quantity(self.name)) == -1'],
    ["cidr(self.name).ip().family() == 4 && size(self.name) > 0 && matches(self.name, 'a')"],
  ])('takes %s on 1.37, as the server does: a function called as one', (expression) => {
    expect(rule(expression)).toEqual({ type: { kind: 'bool' } });
  });

  it("refuses matches() called as a function on 1.27, whose cel-go (0.12) has it as a string's method alone", () => {
    expect(rule("matches(self.name, 'a')", '1.27')).toEqual({
      error: "compilation failed: ERROR: found no matching overload for 'matches' applied to '(string, string)'",
    });
    expect(rule("self.name.matches('a')", '1.27')).toEqual({ type: { kind: 'bool' } });
    expect(rule("matches(self.name, 'a')", '1.28')).toEqual({ type: { kind: 'bool' } });
  });
});
