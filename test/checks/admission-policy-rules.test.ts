import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

/** The findings on 1.37 (prod, the release that serves admission policies) of a raw policy or binding changed. */
function findings(kind: string, name: string, change: (spec: AnyManifest) => void): string[] {
  return rawFindings(kind, name, (manifest) => change(manifest.spec), 'prod');
}

const validating = (change: (spec: AnyManifest) => void) =>
  findings('ValidatingAdmissionPolicy', 'raw-replica-limit', change);
const mutating = (change: (spec: AnyManifest) => void) =>
  findings('MutatingAdmissionPolicy', 'raw-owner-label', change);
const binding = (change: (spec: AnyManifest) => void) =>
  findings('ValidatingAdmissionPolicyBinding', 'raw-replica-limit', change);

describe('admission-policy-spec', () => {
  it('passes the policies as written', () => {
    expect(validating(() => undefined)).toEqual([]);
    expect(mutating(() => undefined)).toEqual([]);
  });

  it('fires for a validation, message or audit annotation that does not compile to its type, naming the field', () => {
    expect(
      validating((spec) => {
        spec.validations[0].expression = 'variables.replicas';
        spec.validations[0].messageExpression = 'variables.replicas';
        spec.auditAnnotations[0].valueExpression = "variables.replicas > 10 ? 'high' : null";
      }),
    ).toEqual([
      'admission-policy-spec: spec.validations[0].expression "variables.replicas" does not compile: must evaluate to bool but got dyn',
      'admission-policy-spec: spec.validations[0].messageExpression "variables.replicas" does not compile: must evaluate to string but got dyn',
      "admission-policy-spec: spec.auditAnnotations[0].valueExpression \"variables.replicas > 10 ? 'high' : null\" does not compile: compilation failed: ERROR: found no matching overload for '_?_:_' applied to '(bool, string, null_type)'",
    ]);
  });

  it('fires for a variable that is not a CEL identifier, or used before it is declared', () => {
    expect(validating((spec) => (spec.variables[0].name = 'in'))).toEqual([
      'admission-policy-spec: spec.variables[0].name "in" is not a CEL identifier (letters, digits and "_", not a digit first, not a reserved word)',
      'admission-policy-spec: spec.validations[0].expression "variables.replicas <= 50" does not compile: compilation failed: ERROR: undefined field \'replicas\'',
      "admission-policy-spec: spec.validations[0].messageExpression \"'replicas must be at most 50, got ' + string(variables.replicas)\" does not compile: compilation failed: ERROR: undefined field 'replicas'",
      "admission-policy-spec: spec.auditAnnotations[0].valueExpression \"'replicas: ' + string(variables.replicas)\" does not compile: compilation failed: ERROR: undefined field 'replicas'",
    ]);
    expect(
      validating((spec) => spec.variables.unshift({ name: 'double', expression: 'variables.replicas * 2' })),
    ).toEqual([
      'admission-policy-spec: spec.variables[0].expression "variables.replicas * 2" does not compile: compilation failed: ERROR: undefined field \'replicas\'',
    ]);
  });

  it('fires for params without a paramKind, and for a matchCondition that does not compile', () => {
    expect(validating((spec) => (spec.matchConditions[0].expression = 'params.enabled'))).toEqual([
      "admission-policy-spec: spec.matchConditions[0].expression \"params.enabled\" does not compile: compilation failed: ERROR: undeclared reference to 'params' (in container '')",
    ]);
    expect(
      validating((spec) => {
        spec.paramKind = { apiVersion: 'v1', kind: 'ConfigMap' };
        spec.matchConditions[0].expression = "params.data.enabled == 'true'";
      }),
    ).toEqual([]);
  });

  it('fires for the failure policy, reason, message, paramKind, rules and audit keys the API server refuses', () => {
    expect(
      validating((spec) => {
        spec.failurePolicy = 'fail';
        spec.paramKind = { apiVersion: 'a/b/c', kind: 'Config_Map' };
        spec.matchConstraints.resourceRules[0].resourceNames = ['a/b'];
        spec.validations[0].reason = 'Unauthorized';
        spec.validations[0].message = 'a\nb';
        spec.auditAnnotations[0].key = 'A B';
      }),
    ).toEqual([
      'admission-policy-spec: spec.failurePolicy "fail" is not one of Fail, Ignore',
      'admission-policy-spec: spec.paramKind.apiVersion "a/b/c" is not group/version (a DNS-1123 subdomain and a DNS-1035 label) or version',
      'admission-policy-spec: spec.paramKind.kind "Config_Map" is not a kind (a DNS-1035 label but for its case)',
      'admission-policy-spec: spec.matchConstraints.resourceRules[0].resourceNames[0] "a/b" is not a name (not "", "." or "..", without "/" or "%")',
      'admission-policy-spec: spec.validations[0].message "a\\nb" has a line break',
      'admission-policy-spec: spec.validations[0].reason "Unauthorized" is not one of Forbidden, Invalid, RequestEntityTooLarge',
      'admission-policy-spec: spec.auditAnnotations[0].key "A B" does not make a qualified name "raw-replica-limit/<key>" (a key of letters, digits, "-", "_" and ".", at most 63, a letter or digit at each end)',
    ]);
  });

  it('fires for an operation a policy does not know (gate-fuzz on the raw kinds, seed 2, 1.37)', () => {
    expect(validating((spec) => (spec.matchConstraints.resourceRules[0].operations[1] = 'update'))).toEqual([
      'admission-policy-spec: spec.matchConstraints.resourceRules[0].operations[1] "update" is not one of *, CREATE, UPDATE, DELETE, CONNECT',
    ]);
  });

  it('fires for a policy without matchConstraints, resource rules, validations or audit annotations', () => {
    expect(validating((spec) => delete spec.matchConstraints)).toEqual([
      'admission-policy-spec: spec.matchConstraints is missing',
    ]);
    expect(
      validating((spec) => {
        spec.matchConstraints.resourceRules = [];
        spec.validations = [];
        delete spec.auditAnnotations;
      }),
    ).toEqual([
      'admission-policy-spec: spec.matchConstraints.resourceRules is empty; the API server needs one to type the policy',
      'admission-policy-spec: spec.validations and spec.auditAnnotations are both empty; the policy needs one of them',
    ]);
  });

  it('fires for a mutation of the wrong type or shape, a DELETE to mutate, and no reinvocation policy', () => {
    expect(mutating((spec) => (spec.mutations[0].applyConfiguration.expression = 'object'))).toEqual([
      'admission-policy-spec: spec.mutations[0].applyConfiguration.expression "object" does not compile: must evaluate to Object but got dyn',
    ]);
    expect(
      mutating((spec) => {
        spec.mutations[0].patchType = 'JSONPatch';
        spec.matchConstraints.resourceRules[0].operations = ['DELETE'];
        delete spec.reinvocationPolicy;
      }),
    ).toEqual([
      'admission-policy-spec: spec.matchConstraints.resourceRules[0].operations[0] "DELETE" is not one a mutating policy can match (*, CREATE, UPDATE, CONNECT)',
      'admission-policy-spec: spec.mutations[0].applyConfiguration is given beside patchType JSONPatch',
      'admission-policy-spec: spec.mutations[0].jsonPatch is missing; patchType JSONPatch needs it',
      'admission-policy-spec: spec.reinvocationPolicy is empty',
    ]);
    expect(mutating((spec) => (spec.mutations = []))).toEqual(['admission-policy-spec: spec.mutations is empty']);
  });
});

describe('admission-policy-binding', () => {
  it('passes the bindings as written', () => {
    expect(binding(() => undefined)).toEqual([]);
    expect(findings('MutatingAdmissionPolicyBinding', 'raw-owner-label', () => undefined)).toEqual([]);
  });

  it("fires for validation actions that are none, unknown or both Deny and Warn (a repeated one is the schema check's)", () => {
    expect(binding((spec) => (spec.validationActions = []))).toEqual([
      'admission-policy-binding: spec.validationActions is empty',
    ]);
    expect(binding((spec) => (spec.validationActions = ['Deny', 'deny', 'Deny', 'Warn']))).toEqual([
      'schema: spec.validationActions[2] has the key of item 0 ("Deny"), in a set: server-side apply (npm run apply) refuses two items with one key',
      'admission-policy-binding: spec.validationActions[1] "deny" is not one of Deny, Warn, Audit',
      'admission-policy-binding: spec.validationActions has both Deny and Warn',
    ]);
  });

  it('fires for a policy name that is not a DNS-1123 subdomain, and a paramRef the API server refuses', () => {
    expect(
      binding((spec) => {
        spec.policyName = 'Bad_Name';
        spec.paramRef = { name: 'x', selector: {} };
      }),
    ).toEqual([
      'admission-policy-binding: spec.policyName "Bad_Name" is not a DNS-1123 subdomain',
      'admission-policy-binding: spec.paramRef has both a name and a selector; it needs exactly one',
      'admission-policy-binding: spec.paramRef.parameterNotFoundAction is empty',
    ]);
    expect(binding((spec) => (spec.paramRef = { name: 'x', parameterNotFoundAction: 'Deny' }))).toEqual([]);
  });
});
