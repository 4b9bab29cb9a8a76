import { celProblems, celValueOf } from '../../lib/checks/crd-cel';
import { StructuralSchema } from '../../lib/checks/crd-schema';

const SOURCE = 'CustomResourceDefinition widgets.example.com (v1)';

function messages(value: unknown, schema: StructuralSchema, release = '1.37', path = 'spec.range'): string[] {
  return celProblems(value, schema, path, SOURCE, release).map((problem) =>
    problem.warning === true ? `warning: ${problem.message}` : problem.message,
  );
}

const RANGE: StructuralSchema = {
  type: 'object',
  properties: { min: { type: 'integer' }, max: { type: 'integer' } },
  'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min must not exceed max' }],
};

describe('celProblems', () => {
  it('passes a value that every rule holds for, and costs nothing for a schema without rules', () => {
    expect(messages({ min: 1, max: 2 }, RANGE)).toEqual([]);
    expect(messages({ anything: 1 }, { type: 'object' })).toEqual([]);
  });

  it("runs no rule of no text, and no list that is none: the definition is crd-rules' (or schema's) finding", () => {
    for (const validations of [
      [{}],
      [{ rule: '' }],
      [null],
      { rule: 'self.min <= self.max' },
      'self.min <= self.max',
    ]) {
      const schema = { ...RANGE, 'x-kubernetes-validations': validations } as unknown as StructuralSchema;
      expect(messages({ min: 3, max: 2 }, schema)).toEqual([]);
    }
  });

  it("refuses a value a rule does not hold for, with the field path and the rule's message", () => {
    expect(messages({ min: 3, max: 2 }, RANGE)).toEqual([
      `spec.range: Invalid value: min must not exceed max (x-kubernetes-validations of ${SOURCE}: "self.min <= self.max")`,
    ]);
    const [problem] = celProblems({ min: 3, max: 2 }, RANGE, 'spec.range', SOURCE, '1.37');
    expect(problem.fix).toBe('write spec.range so that the rule holds: self.min <= self.max');
  });

  it("says the API server's default message without one, failed rule, and the refused value", () => {
    const schema: StructuralSchema = { type: 'string', 'x-kubernetes-validations': [{ rule: "self.startsWith('a')" }] };
    const empty: StructuralSchema = {
      ...schema,
      'x-kubernetes-validations': [{ rule: "self.startsWith('a')", message: '' }],
    };
    expect(messages('b', empty, '1.37', 'spec.name')[0]).toContain(
      "spec.name: Invalid value: failed rule: self.startsWith('a')",
    );
    expect(messages('b', schema, '1.37', 'spec.name')).toEqual([
      `spec.name: Invalid value: failed rule: self.startsWith('a') (x-kubernetes-validations of ${SOURCE}: "self.startsWith('a')"; the value is "b")`,
    ]);
  });

  it('reads messageExpression, and fieldPath and reason from 1.28 on, which 1.27 does not have', () => {
    const schema: StructuralSchema = {
      ...RANGE,
      'x-kubernetes-validations': [
        {
          rule: 'self.min <= self.max',
          message: 'min must not exceed max',
          messageExpression: "'min ' + string(self.min) + ' is above max ' + string(self.max)",
          fieldPath: '.min',
          reason: 'FieldValueForbidden',
        },
      ],
    };
    expect(messages({ min: 3, max: 2 }, schema)).toEqual([
      `spec.range.min: Forbidden: min 3 is above max 2 (x-kubernetes-validations of ${SOURCE}: "self.min <= self.max")`,
    ]);
    expect(messages({ min: 3, max: 2 }, schema, '1.27')).toEqual([
      `spec.range: Invalid value: min 3 is above max 2 (x-kubernetes-validations of ${SOURCE}: "self.min <= self.max")`,
    ]);
  });

  it('falls back to the message when the messageExpression gives no one-line text', () => {
    const schema: StructuralSchema = {
      ...RANGE,
      'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'too big', messageExpression: "''" }],
    };
    expect(messages({ min: 3, max: 2 }, schema)[0]).toContain('spec.range: Invalid value: too big');
  });

  it('refuses what the API server refuses on an evaluation error, a missing field', () => {
    expect(messages({ min: 3 }, RANGE)).toEqual([
      `spec.range: Invalid value: field not found: max evaluating rule: min must not exceed max (x-kubernetes-validations of ${SOURCE}: "self.min <= self.max")`,
    ]);
  });

  it('skips a transition rule (oldSelf), which does not apply on create', () => {
    const schema: StructuralSchema = { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] };
    expect(messages('a', schema)).toEqual([]);
  });

  it('warns of a transition rule with optionalOldSelf, which runs on create from 1.30, and which it does not evaluate', () => {
    const rule = { rule: '!oldSelf.hasValue() || self == oldSelf.value()', optionalOldSelf: true };
    const schema: StructuralSchema = { type: 'string', 'x-kubernetes-validations': [rule] };
    expect(messages('a', schema, '1.37', 'spec.name')).toEqual([
      `warning: the gate cannot vouch for the rule "${rule.rule}" of ${SOURCE} at spec.name: it reads an optional oldSelf, which the gate does not evaluate; the API server of Kubernetes 1.37 runs it (when the function is one it has)`,
    ]);
    expect(messages('a', schema, '1.29', 'spec.name')).toEqual([]);
  });

  it('warns, naming the rule, when it cannot run a rule: a function it does not provide, or one it cannot parse', () => {
    const schema: StructuralSchema = {
      type: 'string',
      'x-kubernetes-validations': [{ rule: 'isSemver(self)' }, { rule: 'self ==' }],
    };
    const problems = celProblems('1Gi', schema, 'spec.size', SOURCE, '1.37');
    expect(problems.map((problem) => problem.warning)).toEqual([true, true]);
    expect(problems[0].message).toBe(
      `the gate cannot vouch for the rule "isSemver(self)" of ${SOURCE} at spec.size: unbound function: isSemver; the API server of Kubernetes 1.37 runs it (when the function is one it has)`,
    );
    expect(problems[1].message).toContain('the gate cannot vouch for the rule "self ==" of');
  });

  it("runs Kubernetes' list, string and regex libraries, as far as the release has them", () => {
    const rule = (expression: string, self: unknown, release = '1.37') =>
      messages(self, { 'x-kubernetes-validations': [{ rule: expression }] }, release);
    expect(rule('self.isSorted() && self.sum() == 6 && self.min() == 1 && self.max() == 3', [1, 2, 3])).toEqual([]);
    expect(rule('self.isSorted()', [2, 1])).toHaveLength(1);
    expect(rule('self.indexOf(2) == 1 && self.lastIndexOf(2) == 2 && self.indexOf(9) == -1', [1, 2, 2])).toEqual([]);
    expect(rule("self.split(',').size() == 2 && self.lowerAscii() == 'a,b' && self.charAt(1) == ','", 'A,B')).toEqual(
      [],
    );
    expect(rule("self.find('[0-9]+') == '42' && self.findAll('[a-z]').size() == 2", 'ab42')).toEqual([]);
    expect(rule("self.trim().upperAscii().replace('B', 'c') == 'AcC'", ' abc ')).toEqual([]);
    expect(rule("['a', 'b'].join('-') == self", 'a-b')).toEqual([]);
    expect(rule("'%s!'.format([self]) == 'a!'", 'a')).toEqual([]);
    expect(rule("'%s!'.format([self]) == 'a!'", 'a', '1.27')[0]).toContain('the gate cannot vouch');
    expect(rule('self.includes(2)', [1, 2])).toEqual([]);
    expect(rule('self.includes(2)', [1, 2], '1.27')[0]).toContain('the gate cannot vouch');
  });
});

describe('celValueOf', () => {
  it('types values as the schema does: integers as CEL ints, numbers as doubles', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        ratio: { type: 'number' },
        ports: { type: 'array', items: { type: 'integer' } },
      },
    };
    expect(celValueOf({ count: 2, ratio: 1, ports: [80] }, schema)).toEqual({
      count: 2n,
      ratio: 1,
      ports: [80n],
    });
  });
});
