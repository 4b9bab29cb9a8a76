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

/** The crd-rules finding of a rule of a least estimated cost over the budget of a rule. */
const overBudget = (cost: string, factor: string) =>
  `its estimated cost is at least ${cost} (the values it runs on times its variables and selects, the items it iterates and the characters it compares, matches or concatenates), over the server's budget of 1e+7 for one rule (the server: "Forbidden: estimated rule cost exceeds budget by factor of" ${factor})`;

const refused = (field: string, value: unknown, why: string) =>
  `crd-rules: CustomResourceDefinition ${BACKUPS}, version v1: ${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}: ${why}; the API server refuses the definition`;

describe('crd-rules', () => {
  it('passes the corpus’s rules, on 1.27 and 1.37', () => {
    expect(rules(() => undefined, 'dev')).toEqual([]);
    expect(rules(() => undefined, 'prod')).toEqual([]);
  });

  it('refuses a rule that does not parse', () => {
    const found = itemRule("self.url.startsWith('s3://') ||");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^crd-rules: CustomResourceDefinition \S+, version v1: \S+\.x-kubernetes-validations\[0\]\.rule is "self\.url\.startsWith\('s3:\/\/'\) \|\|": the rule does not compile: it does not parse: <input>:1:\d+: .*; the API server refuses the definition$/,
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
    // Both servers: 2,000,000 items at 5 each (the loop's condition 2, its step 3) and the range and result, 1.000000x.
    const onZones = (maxItems: number) =>
      rules((spec) => {
        spec.properties.zones.maxItems = maxItems;
        spec.properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, z != "x")' }];
      });
    expect(onZones(2_000_000)).toEqual([
      refused(
        `${SPEC}.properties[zones].x-kubernetes-validations[0].rule`,
        'self.all(z, z != "x")',
        overBudget('1.00e+7', 'at least 1.00x'),
      ),
    ]);
    expect(onZones(1_999_999)).toEqual([]);
    // Both servers: 1,700,000 items at 6 (two selects, two startsWith of prefixes of 5 and 8 characters), 1.020000x.
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 1_700_000;
      }),
    ).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        "self.url.startsWith('s3://') || self.url.startsWith('https://')",
        overBudget('1.02e+7', 'at least 1.02x'),
      ),
    ]);
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 1_500_000;
      }),
    ).toEqual([]);
  });

  it("counts CEL's default cost of 1 for each call of no special cost (size(), a comparison of two ints)", () => {
    // Both servers: 1,700,000 zones at 6 (the loop's condition 2; its step: accu 1, z 1, size() 1, '<' of ints 1),
    // 1.020000x; 1,600,000 taken. Without the calls' 1, 4 an item, the gate took both.
    const onZones = (maxItems: number) =>
      rules((spec) => {
        spec.properties.zones.maxItems = maxItems;
        spec.properties.zones['x-kubernetes-validations'] = [{ rule: 'self.all(z, size(z) < 64)' }];
      });
    expect(onZones(1_700_000)).toEqual([
      refused(
        `${SPEC}.properties[zones].x-kubernetes-validations[0].rule`,
        'self.all(z, size(z) < 64)',
        overBudget('1.02e+7', 'at least 1.02x'),
      ),
    ]);
    expect(onZones(1_600_000)).toEqual([]);
  });

  it('refuses a messageExpression that concatenates a string of too great a maxLength, at 4 bytes a character', () => {
    // Two concatenations of the name's 60,000,000 bytes (a maxLength of 15,000,000), each a tenth of its bytes.
    const named = (maxLength: number) =>
      rules((spec) => {
        spec.properties.target.properties.name.maxLength = maxLength;
      });
    expect(named(15_000_000)).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].messageExpression`,
        "'the backup of ' + self.target.name + ' keeps fewer than the minimum'",
        overBudget('1.20e+7', 'at least 1.20x'),
      ),
    ]);
    expect(named(12_000_000)).toEqual([]);
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
        overBudget('1.01e+7', 'at least 1.01x'),
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
    // Both servers refuse a maxLength of 90 (4.1x: 39 an item, the concatenation 37 of it) and of 50 (2.4x).
    expect(onItems(90)).toEqual([
      refused(
        `${SPEC}.properties[zones].items.x-kubernetes-validations[0].rule`,
        "self + 'x' != 'y'",
        overBudget('4.09e+7', 'at least 4.09x'),
      ),
    ]);
    expect(onItems(15)).toEqual([]);
    // An object of a required string of one letter is 9 characters at least ({"s":""}): 314,572 of them, each 132 at least.
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
        overBudget('4.15e+7', 'at least 4.15x'),
      ),
    ]);
  });

  it('counts a comparison, matches, contains and `in` of strings and lists by their sizes, as both servers do', () => {
    // Two strings of no maxLength compared: 314,573 and 4 for the selects, on 32 items (both servers: 1.006646x).
    const comparing = (maxItems: number) =>
      rules((spec) => {
        spec.properties.destinations.maxItems = maxItems;
        spec.properties.destinations.items.properties.alias = { type: 'string' };
        delete spec.properties.destinations.items.properties.name.maxLength;
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule = 'self.name != self.alias';
      });
    expect(comparing(32)).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        'self.name != self.alias',
        overBudget('1.01e+7', 'at least 1.01x'),
      ),
    ]);
    expect(comparing(31)).toEqual([]);
    // matches: a tenth of the string's size, plus one, times a quarter of the pattern's length (33 for 130 characters).
    const matching = (pattern: string) =>
      rules((spec) => {
        delete spec.properties.schedule.maxLength;
        spec['x-kubernetes-validations'][0].rule = `self.schedule.matches('${pattern}')`;
      });
    const long = `^${'[0-9]'.repeat(25)}...$`;
    expect(matching(long)).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        `self.schedule.matches('${long}')`,
        overBudget('1.04e+7', 'at least 1.04x'),
      ),
    ]);
    expect(matching(`^${'[0-9]'.repeat(23)}....$`)).toEqual([]);
    // contains: the product of a tenth of each string's size; over the schema's budget too.
    expect(
      rules((spec) => {
        delete spec.properties.schedule.maxLength;
        spec.properties.alias = { type: 'string' };
        spec['x-kubernetes-validations'][0].rule = 'self.schedule.contains(self.alias)';
      }),
    ).toEqual([
      refused(
        `${SPEC}.x-kubernetes-validations[0].rule`,
        'self.schedule.contains(self.alias)',
        overBudget('9.90e+10', 'more than 100x'),
      ),
      expect.stringContaining('is "rules of an estimated cost of at least 9.90e+10"'),
    ]);
    // `in` a list: the list's size, 1,048,576 strings where it has no maxItems, on each of 10 items (1.048577x).
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 10;
        spec.properties.destinations.items.properties.tags = { type: 'array', items: { type: 'string' } };
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule = "'a' in self.tags";
      }),
    ).toEqual([
      refused(`${ITEMS}.x-kubernetes-validations[0].rule`, "'a' in self.tags", overBudget('1.05e+7', 'at least 1.05x')),
    ]);
  });

  it('counts a string of an enum as one of no maxLength on 1.27, and as long as its longest value on 1.37', () => {
    const concatenating = (environment: 'dev' | 'prod') =>
      rules((spec) => {
        spec.properties.destinations.maxItems = 32;
        spec.properties.destinations.items.properties.mode = { type: 'string', enum: ['copy', 'move'] };
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule = "self.mode + 'x' != 'y'";
      }, environment);
    expect(concatenating('dev')).toEqual([
      refused(
        `${ITEMS}.x-kubernetes-validations[0].rule`,
        "self.mode + 'x' != 'y'",
        overBudget('1.01e+7', 'at least 1.01x'),
      ),
    ]);
    expect(concatenating('prod')).toEqual([]);
  });

  it('counts no traversal for a comparison of strings CEL reads as timestamps, whatever their maxLength', () => {
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 1_000_000;
        spec.properties.destinations.items.properties.since = { type: 'string', format: 'date-time', maxLength: 100 };
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule = 'self.since < self.since';
      }),
    ).toEqual([]);
  });

  it('counts the dearer branch of a conditional alone, as both servers do', () => {
    // Each branch concatenates a string of no maxLength (314,573); both together on 31 items would be over the budget.
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 31;
        spec.properties.destinations.items.properties.alias = { type: 'string' };
        delete spec.properties.destinations.items.properties.name.maxLength;
        spec.properties.destinations.items['x-kubernetes-validations'][0].rule =
          "self.weight > 1 ? self.name + 'a' == 'b' : self.alias + 'a' == 'b'";
      }),
    ).toEqual([]);
  });

  it('refuses the rules of a schema whose least estimated cost together is over the budget of a schema', () => {
    expect(
      rules((spec) => {
        spec.properties.destinations.maxItems = 1_600_000;
        spec.properties.destinations.items['x-kubernetes-validations'].push(
          ...Array.from({ length: 30 }, (_, position) => ({ rule: `self.weight != ${position}` })),
        );
      }),
    ).toEqual([
      'crd-rules: CustomResourceDefinition backups.crd-kinds.k8s-course.io, version v1: spec.versions[0].schema.openAPIV3Schema is "rules of an estimated cost of at least 1.54e+8": the estimated cost of all its rules is over the server\'s budget of 1e+8 for a schema (the server: "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of" at least 1.54x); the API server refuses the definition',
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
