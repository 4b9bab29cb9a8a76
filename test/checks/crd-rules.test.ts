import { CRD_GROUP, crdFindings, crdProblems } from './crd-kinds';

const BACKUPS = `backups.${CRD_GROUP}`;
const SPEC = 'spec.versions[0].schema.openAPIV3Schema.properties[spec]';
const ITEMS = `${SPEC}.properties[destinations].items`;

// The corpus's schema, changed in place by a test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

/** The crd-rules findings of the Backup definition with `change` made to its v1 spec schema, on `environment`. */
function rules(change: (spec: Schema) => void, environment: 'dev' | 'prod' = 'prod'): string[] {
  return crdFindings(
    BACKUPS,
    (crd) => change(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec),
    environment,
  ).filter((finding) => finding.startsWith('crd-rules: '));
}

/** The findings of the destinations items' rule written as `rule`. */
function itemRule(rule: string, environment: 'dev' | 'prod' = 'prod'): string[] {
  return rules((spec) => {
    spec.properties.destinations.items['x-kubernetes-validations'][0].rule = rule;
  }, environment);
}

const refused = (field: string, value: unknown, why: string) =>
  `crd-rules: CustomResourceDefinition ${BACKUPS}: ${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${why}; the API server refuses the definition`;

describe('crd-rules', () => {
  it('passes the corpus’s rules, on 1.27 and 1.37', () => {
    expect(rules(() => undefined, 'dev')).toEqual([]);
    expect(rules(() => undefined, 'prod')).toEqual([]);
  });

  it('refuses a rule that does not parse', () => {
    const found = itemRule("self.url.startsWith('s3://') ||");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^crd-rules: CustomResourceDefinition \S+: \S+\.x-kubernetes-validations\[0\]\.rule is "self\.url\.startsWith\('s3:\/\/'\) \|\|": the rule does not compile: it does not parse: <input>:1:\d+: .*; the API server refuses the definition$/,
    );
  });

  it('refuses a rule that reads a name nothing declares', () => {
    expect(itemRule('url.startsWith("s3://")')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'url.startsWith("s3://")',
        "the rule does not compile: it reads 'url', which is not declared (undeclared reference): a rule reads self, oldSelf and the variables of its macros",
      ),
    ]);
  });

  it('refuses a rule that reads a field the schema does not give, or a field of a string', () => {
    expect(itemRule('self.address.startsWith("s3://")')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'self.address.startsWith("s3://")',
        "the rule does not compile: it reads the field 'address', which the schema does not give (undefined field)",
      ),
    ]);
    expect(itemRule('self.url.scheme == "s3"')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'self.url.scheme == "s3"',
        "the rule does not compile: it reads the field 'scheme' of a value of type string, which has no fields",
      ),
    ]);
  });

  it('refuses a rule that reads a field of an object of no fields', () => {
    expect(
      rules((spec) => {
        delete spec.properties.retention.properties;
      }, 'dev'),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        'self.retention.keep >= self.retention.minimum',
        "the rule does not compile: it reads the field 'keep', which the schema does not give (undefined field)",
      ),
    ]);
  });

  it('refuses a rule that is a constant other than a boolean, and a messageExpression that is one other than a string', () => {
    expect(itemRule('1')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        '1',
        'the rule does not compile: it is a constant of type int, and must evaluate to bool',
      ),
    ]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].messageExpression = 'true';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].messageExpression`,
        'true',
        'the messageExpression does not compile: it is a constant of type bool, and must evaluate to string',
      ),
    ]);
  });

  it("refuses a rule that negates a bool with '-'", () => {
    expect(itemRule("-self.url.startsWith('s3://')")).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        "-self.url.startsWith('s3://')",
        "the rule does not compile: it negates a bool with '-' (no matching overload for '-_' applied to '(bool)'); '!' negates a bool",
      ),
    ]);
    expect(itemRule("!self.url.startsWith('ftp://') && -self.weight < 0")).toEqual([]);
  });

  it('refuses a rule whose least estimated cost is over the budget of a rule: the items it iterates, the values it runs on', () => {
    expect(
      rules((spec) => {
        spec.properties.zones.maxItems = 20_000_000;
        spec.properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, z != "x")' }];
      }),
    ).toEqual([
      refused(
        `${SPEC}.properties[zones].x-kubernetes-validations[0].rule`,
        'self.all(z, z != "x")',
        "its estimated cost is at least 2.00e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 20_000_000;
      }),
    ).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        "self.url.startsWith('s3://') || self.url.startsWith('https://')",
        "its estimated cost is at least 2.00e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 1_000_000;
      }),
    ).toEqual([]);
  });

  it('refuses a messageExpression that concatenates a string of too great a maxLength', () => {
    expect(
      rules((spec) => {
        spec.properties.target.properties.name.maxLength = 998_245_141;
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].messageExpression`,
        "'the backup of ' + self.target.name + ' keeps fewer than the minimum'",
        "its estimated cost is at least 9.98e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
  });

  it('counts a string of no maxLength as long as a request (3,145,726 characters) where a rule concatenates it', () => {
    const concatenating = (maxItems: number) =>
      rules((spec) => {
        spec.properties.destinations.maxItems = maxItems;
        delete spec.properties.destinations.items.properties.name.maxLength;
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule = "self.name + 'x' != 'y'";
      });
    expect(concatenating(32)).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        "self.name + 'x' != 'y'",
        "its estimated cost is at least 1.01e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
    expect(concatenating(31)).toEqual([]);
  });

  it('counts the items of a list of no maxItems as the server does: 1,048,576 strings, fewer objects of required fields', () => {
    const onItems = (maxLength: number) =>
      rules((spec) => {
        delete spec.properties.zones.maxItems;
        spec.properties.zones.items.maxLength = maxLength;
        spec.properties.zones.items['x-kubernetes-validations'] = [{ rule: "self + 'x' != 'y'" }];
      });
    expect(onItems(100)).toEqual([
      refused(
        `${SPEC}.properties[zones].items.x-kubernetes-validations[0].rule`,
        "self + 'x' != 'y'",
        "its estimated cost is at least 1.05e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
    expect(onItems(90)).toEqual([]);
    // An object of a required string of one letter is 9 characters at least ({"s":""}): 314,572 of them, each 32 at least.
    expect(
      rules((spec) => {
        spec.properties.pairs = {
          type: 'array',
          items: {
            type: 'object',
            required: ['s'],
            properties: { s: { type: 'string', maxLength: 320 } },
            'x-kubernetes-validations': [{ rule: "self.s + 'x' != 'y'" }],
          },
        };
      }),
    ).toEqual([
      refused(
        `${SPEC}.properties[pairs].items.x-kubernetes-validations[0].rule`,
        "self.s + 'x' != 'y'",
        "its estimated cost is at least 1.01e+7 (the values it runs on times the items it iterates or the characters it concatenates), over the server's budget of 1e+7 for one rule",
      ),
    ]);
  });

  it('refuses the rules of a schema whose least estimated cost together is over the budget of a schema', () => {
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 6_000_000;
        spec.properties.destinations.items['x-kubernetes-validations'].push(
          ...Array.from({ length: 19 }, (_, position) => ({ rule: `self.weight != ${position}` })),
        );
      }),
    ).toEqual([
      'crd-rules: CustomResourceDefinition backups.crd-kinds.k8s-course.io: spec.versions[0].schema.openAPIV3Schema is "rules of an estimated cost of at least 1.20e+8": the estimated cost of all its rules is over the server\'s budget of 1e+8 for a schema; the API server refuses the definition',
    ]);
  });

  it('takes the variables of macros, namespaces of libraries, the root fields and syntax the gate does not parse', () => {
    expect(itemRule('[self.url].all(u, u.size() > 0) && has(self.weight)')).toEqual([]);
    expect(itemRule('sets.contains([1], [1]) && self.url.optMap(u, u != "").orValue(true)')).toEqual([]);
    expect(itemRule('self.?weight.orValue(0) >= 0')).toEqual([]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = 'self.target.name != "" && int(self.retention.keep) > 0';
      }),
    ).toEqual([]);
  });

  it('refuses on 1.27 the namespaces of libraries and the optional syntax it lacks, and cel.bind on every release', () => {
    expect(itemRule('sets.contains([1], [1])', 'dev')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'sets.contains([1], [1])',
        "the rule does not compile: it reads 'sets', which is not declared (undeclared reference): a rule reads self, oldSelf and the variables of its macros",
      ),
    ]);
    expect(itemRule('self.?weight.orValue(0) >= 0', 'dev')).toEqual([
      expect.stringContaining('the rule does not compile: it does not parse: <input>:1:5: '),
    ]);
    expect(itemRule('cel.bind(v, self.url, v != "")')).toEqual([
      expect.stringContaining("the rule does not compile: it reads 'cel', which is not declared"),
    ]);
  });

  it('refuses a rule of types the server has no overload for, with self typed by the schema (1.27 and 1.37)', () => {
    const typeError = (rule: string, error: string) => [
      refused(`${ITEMS}.x-kubernetes-validations[0].rule`, rule, `the rule does not compile: ${error}`),
    ];
    for (const environment of ['dev', 'prod'] as const) {
      expect(itemRule("self.weight == 'three'", environment)).toEqual(
        typeError("self.weight == 'three'", "found no matching overload for '_==_' applied to '(int, string)'"),
      );
      expect(itemRule('self.name.size() > true', environment)).toEqual(
        typeError('self.name.size() > true', "found no matching overload for '_>_' applied to '(int, bool)'"),
      );
      expect(itemRule("self.weight.startsWith('1')", environment)).toEqual(
        typeError(
          "self.weight.startsWith('1')",
          "found no matching overload for 'startsWith' applied to 'int.(string)'",
        ),
      );
      expect(itemRule('self.weight', environment)).toEqual(
        typeError('self.weight', 'cel expression must evaluate to a bool, and it is of type int'),
      );
    }
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = 'self.zones.all(z, z > 1)';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        'self.zones.all(z, z > 1)',
        "the rule does not compile: found no matching overload for '_>_' applied to '(string, int)'",
      ),
    ]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = "self.retention.window.startsWith('1')";
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        "self.retention.window.startsWith('1')",
        "the rule does not compile: found no matching overload for 'startsWith' applied to 'duration.(string)'",
      ),
    ]);
  });

  it('refuses a messageExpression that is no string by the schema’s types', () => {
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].messageExpression = 'self.retention.keep';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].messageExpression`,
        'self.retention.keep',
        'the messageExpression does not compile: messageExpression must evaluate to a string, and it is of type int',
      ),
    ]);
  });

  it('refuses a field of what x-kubernetes-preserve-unknown-fields keeps, and of an embedded resource beyond its metadata', () => {
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = 'self.options.retries > 0';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        'self.options.retries > 0',
        "the rule does not compile: undefined field 'retries'",
      ),
    ]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = "self.hookPod.kind == 'Pod' && self.hookPod.metadata.name != ''";
      }),
    ).toEqual([]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = 'has(self.hookPod.spec)';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        'has(self.hookPod.spec)',
        "the rule does not compile: undefined field 'spec'",
      ),
    ]);
  });

  it('refuses a function the release lacks: isQuantity on 1.27, includes on 1.37 (its rules compile in 1.36’s environment)', () => {
    expect(itemRule('isQuantity(self.name)', 'dev')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'isQuantity(self.name)',
        "the rule does not compile: undeclared reference to 'isQuantity' (in container '')",
      ),
    ]);
    expect(itemRule('isQuantity(self.name)', 'prod')).toEqual([]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule = "self.zones.includes('a')";
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        "self.zones.includes('a')",
        "the rule does not compile: undeclared reference to 'includes' (in container '')",
      ),
    ]);
  });

  it('takes what the schema types allow: an int-or-string as dyn, a duration beside null, an int beside a double from 1.28', () => {
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].rule =
          "(self.target.port == 80 || self.target.port == 'http') && self.retention.window != null && self.retention.window > duration('1h')";
      }),
    ).toEqual([]);
    expect(itemRule("self.weight < 1.5 && self.url.matches('^s3')", 'prod')).toEqual([]);
    expect(itemRule('self.weight < 1.5', 'dev')).toEqual([
      expect.stringContaining(
        "the rule does not compile: found no matching overload for '_<_' applied to '(int, double)'",
      ),
    ]);
  });

  it('refuses on 1.37 a syntax error beside a conditional, and `?.`, which is no CEL (only `.?` is optional syntax)', () => {
    expect(itemRule("self.name == 'a' ? true :")).toEqual([
      expect.stringContaining('the rule does not compile: it does not parse: <input>:1:'),
    ]);
    expect(itemRule("self?.name == 'a'")).toEqual([
      expect.stringContaining('the rule does not compile: it does not parse: <input>:1:'),
    ]);
  });

  it('refuses an empty message, a message of two lines, a rule of two lines without a message', () => {
    expect(
      rules((spec) => {
        spec.properties.destinations.items['x-kubernetes-validations'][0].message = ' ';
        spec.properties.target['x-kubernetes-validations'] = [{ rule: 'self.name != ""', message: 'one\ntwo' }];
        spec.properties.retention['x-kubernetes-validations'] = [{ rule: 'self.keep > 0 &&\nself.minimum >= 0' }];
      }),
    ).toEqual([
      refused(`${ITEMS}.x-kubernetes-validations[0].message`, ' ', 'the message must be non-empty if specified'),
      refused(
        `${SPEC}.properties[retention].x-kubernetes-validations[0].message`,
        undefined,
        'a rule of several lines must give a message',
      ),
      refused(
        `${SPEC}.properties[target].x-kubernetes-validations[0].message`,
        'one\ntwo',
        'the message must not contain line breaks',
      ),
    ]);
  });

  it('refuses, from 1.28, a reason of no known value and a fieldPath that is not a field of the schema', () => {
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].reason = 'FieldValueTooLong';
        spec['x-kubernetes-validations'][0].fieldPath = '.retention.days';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].reason`,
        'FieldValueTooLong',
        'a reason is one of FieldValueDuplicate, FieldValueForbidden, FieldValueInvalid, FieldValueRequired',
      ),
      refused(
        `${SPEC}.x-kubernetes-validations[0].fieldPath`,
        '.retention.days',
        'the fieldPath must be a valid path into the schema of the rule ("days" does not refer to a field of the schema)',
      ),
    ]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].fieldPath = "['retention'].keep";
      }),
    ).toEqual([]);
    expect(
      rules((spec) => {
        spec['x-kubernetes-validations'][0].fieldPath = ".labels['team.a']";
      }),
    ).toEqual([]);
  });

  it('gives a fix with each finding', () => {
    expect(
      crdProblems(BACKUPS, (crd) => {
        crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.destinations.items[
          'x-kubernetes-validations'
        ][0].rule = 'x';
      }).map((finding) => finding.fix),
    ).toEqual([
      'write a CEL expression of self that the API server compiles (kubectl apply --dry-run=server shows its error)',
    ]);
  });
});
