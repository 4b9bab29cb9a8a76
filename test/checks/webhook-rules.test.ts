import { rawFindings, rawWarnings } from './raw-kinds';

const VALIDATING = ['ValidatingWebhookConfiguration', 'raw-policy.example.com'] as const;
const MUTATING = ['MutatingWebhookConfiguration', 'raw-defaults.example.com'] as const;

/** The findings of the raw webhook configuration with its first webhook changed. */
function webhookFindings(
  [kind, name]: readonly [string, string],
  change: (webhook: Record<string, unknown>) => void,
  environment: 'dev' | 'prod' = 'dev',
): string[] {
  return rawFindings(kind, name, (manifest) => change(manifest.webhooks[0]), environment);
}

/** The findings on 1.37 (prod) of the validating webhook with these matchConditions. */
function conditionFindings(conditions: unknown): string[] {
  return webhookFindings(VALIDATING, (webhook) => (webhook.matchConditions = conditions), 'prod');
}

describe('webhook-spec', () => {
  it('passes the webhooks as written', () => {
    expect(webhookFindings(VALIDATING, () => undefined)).toEqual([]);
    expect(webhookFindings(MUTATING, () => undefined)).toEqual([]);
  });

  it('fires for a name that is not fully qualified', () => {
    expect(webhookFindings(VALIDATING, (webhook) => (webhook.name = 'validate.example'))).toEqual([
      'webhook-spec: webhooks[0].name "validate.example" is not a fully qualified name (a DNS-1123 subdomain of at least three segments, e.g. "validate.policy.example.com")',
    ]);
    expect(webhookFindings(VALIDATING, (webhook) => (webhook.name = 'VALIDATE.RAW-POLICY.EXAMPLE.COM'))).toHaveLength(
      1,
    );
  });

  it('fires for AdmissionReview versions that are none, repeated, not labels, or without v1 or v1beta1', () => {
    expect(webhookFindings(VALIDATING, (webhook) => (webhook.admissionReviewVersions = []))).toEqual([
      'webhook-spec: webhooks[0].admissionReviewVersions is empty; it needs one of v1, v1beta1',
    ]);
    expect(
      webhookFindings(MUTATING, (webhook) => (webhook.admissionReviewVersions = ['v1', 'v1beta1/x', 'v1'])),
    ).toEqual([
      'webhook-spec: webhooks[0].admissionReviewVersions[1] "v1beta1/x" is not a version (a DNS-1035 label: lower-case letters, digits and "-", a letter first)',
      'webhook-spec: webhooks[0].admissionReviewVersions[2] repeats "v1"',
    ]);
    expect(webhookFindings(MUTATING, (webhook) => (webhook.admissionReviewVersions = ['v2']))).toEqual([
      'webhook-spec: webhooks[0].admissionReviewVersions ["v2"] has neither v1 nor v1beta1, the versions the API server sends',
    ]);
  });

  it('fires for a client config of neither or both url and service', () => {
    expect(webhookFindings(VALIDATING, (webhook) => (webhook.clientConfig = {}))).toEqual([
      'webhook-spec: webhooks[0].clientConfig has neither url nor service; it needs exactly one',
    ]);
    expect(
      webhookFindings(
        VALIDATING,
        (webhook) => ((webhook.clientConfig as { url: string }).url = 'https://x.example.com'),
      ),
    ).toEqual(['webhook-spec: webhooks[0].clientConfig has both url and service; it needs exactly one']);
  });

  it('fires for a url that is not https, has no host, or has user information, a query or a fragment', () => {
    const url = (value: string) => webhookFindings(MUTATING, (webhook) => (webhook.clientConfig = { url: value }));
    expect(url('http://defaults.example.com/mutate')).toEqual([
      'webhook-spec: webhooks[0].clientConfig.url "http://defaults.example.com/mutate" has the scheme "http"; https is the only one the API server calls',
    ]);
    expect(url('defaults.example.com')).toEqual([
      'webhook-spec: webhooks[0].clientConfig.url "defaults.example.com" is not a URL of the form https://host[/path]',
    ]);
    expect(url('https:///mutate')).toHaveLength(1);
    expect(url('https://admin@defaults.example.com')).toHaveLength(1);
    expect(url('https://defaults.example.com/mutate?x=1')).toEqual([
      'webhook-spec: webhooks[0].clientConfig.url "https://defaults.example.com/mutate?x=1" has a query or a fragment, which the API server refuses in a webhook URL',
    ]);
    expect(url('https://defaults.example.com/mutate#x')).toHaveLength(1);
    expect(url('HTTPS://defaults.example.com:8443/mutate?')).toEqual([]);
    expect(rawFindings(...MUTATING, (manifest) => (manifest.webhooks[0].clientConfig.url = 'ftp://x'))[0]).toMatch(
      /https is the only one/,
    );
  });

  it('fires for a url of a "%" that is no escape, or an escape of an ASCII character in its host, as Go\'s url.Parse refuses', () => {
    const url = (value: string) => webhookFindings(MUTATING, (webhook) => (webhook.clientConfig = { url: value }));
    expect(url('https://defaults.example.com/a%zz')).toEqual([
      'webhook-spec: webhooks[0].clientConfig.url "https://defaults.example.com/a%zz" has an invalid escape "%zz" (a "%" and two hex digits; in the host only of a non-ASCII byte or "%25")',
    ]);
    expect(url('https://defaults.example.com/a%')).toHaveLength(1);
    expect(url('https://a%41.example.com/mutate')).toHaveLength(1);
    expect(url('https://defaults.example.com/a%2Fb%20c')).toEqual([]);
    expect(url('https://a%C3%A9.example.com/mutate')).toEqual([]);
    // An IPv6 address of a zone, its "%" escaped: both API servers take it.
    expect(url('https://[fe80::1%25en0]:8443/mutate')).toEqual([]);
  });

  it("fires for a service of an empty name or namespace, a port outside 1-65535, a path that is not '/' and DNS segments", () => {
    const service = (value: Record<string, unknown>) =>
      webhookFindings(VALIDATING, (webhook) => (webhook.clientConfig = { service: value }));
    expect(service({ name: '', namespace: '', port: 0, path: 'validate' })).toEqual([
      'webhook-spec: webhooks[0].clientConfig.service.name is empty',
      'webhook-spec: webhooks[0].clientConfig.service.namespace is empty',
      'webhook-spec: webhooks[0].clientConfig.service.port 0 is outside 1-65535',
      'webhook-spec: webhooks[0].clientConfig.service.path "validate" must start with "/" and have segments that are DNS-1123 subdomains',
    ]);
    expect(service({ name: 'w', namespace: 'n', path: '/Validate//x' })).toEqual([
      'webhook-spec: webhooks[0].clientConfig.service.path "/Validate//x" must start with "/" and have segments that are DNS-1123 subdomains (not "Validate")',
    ]);
    expect(service({ name: 'w', namespace: 'n', path: '/v1/validate.pods/' })).toEqual([]);
  });

  it('fires for a timeout outside 1-30 s', () => {
    expect(webhookFindings(VALIDATING, (webhook) => (webhook.timeoutSeconds = 31))).toEqual([
      'webhook-spec: webhooks[0].timeoutSeconds 31 is outside 1-30',
    ]);
  });

  it('fires for a rule without operations, groups, versions or resources, and for "*" beside others', () => {
    const rule = (value: Record<string, unknown>) =>
      webhookFindings(VALIDATING, (webhook) => (webhook.rules = [value]));
    expect(rule({ operations: [], apiGroups: [], apiVersions: [''], resources: [] })).toEqual([
      'webhook-spec: webhooks[0].rules[0].operations is empty',
      'webhook-spec: webhooks[0].rules[0].apiGroups is empty',
      'webhook-spec: webhooks[0].rules[0].apiVersions[0] is empty',
      'webhook-spec: webhooks[0].rules[0].resources is empty',
    ]);
    expect(
      rule({ operations: ['*', 'CREATE'], apiGroups: ['*', 'apps'], apiVersions: ['v1'], resources: ['*', 'pods'] }),
    ).toEqual([
      'webhook-spec: webhooks[0].rules[0].operations ["*","CREATE"] has "*" beside others',
      'webhook-spec: webhooks[0].rules[0].apiGroups ["*","apps"] has "*" beside others',
      'webhook-spec: webhooks[0].rules[0].resources has "*" beside other resources without subresources',
    ]);
    expect(
      rule({ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['pods/*', 'pods/status'] }),
    ).toEqual(['webhook-spec: webhooks[0].rules[0].resources[1] "pods/status" is covered by a wildcard before it']);
    expect(rule({ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['*', 'pods/status'] })).toEqual(
      [],
    );
  });

  it('passes matchConditions that compile to a bool on 1.37', () => {
    expect(
      conditionFindings([
        { name: 'not-kube-system', expression: "request.namespace != 'kube-system'" },
        { name: 'example.com/labelled', expression: "has(object.metadata.labels) && 'app' in object.metadata.labels" },
        { name: 'allowed', expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" },
      ]),
    ).toEqual([]);
  });

  it('fires for a matchCondition that does not compile on 1.37, with the field, the expression and the error', () => {
    const findings = (expression: string) =>
      webhookFindings(VALIDATING, (webhook) => (webhook.matchConditions = [{ name: 'only', expression }]), 'prod');
    expect(findings('object.metadata.name +')).toEqual([
      expect.stringMatching(
        /^webhook-spec: webhooks\[0\]\.matchConditions\[0\]\.expression "object\.metadata\.name \+" does not compile: compilation failed: ERROR: /,
      ),
    ]);
    expect(findings('objekt.metadata.name == "x"')).toEqual([
      'webhook-spec: webhooks[0].matchConditions[0].expression "objekt.metadata.name == \\"x\\"" does not compile: compilation failed: ERROR: undeclared reference to \'objekt\' (in container \'\')',
    ]);
    expect(findings('object.metadata.name')).toEqual([
      'webhook-spec: webhooks[0].matchConditions[0].expression "object.metadata.name" does not compile: must evaluate to bool but got dyn',
    ]);
    expect(findings('request.nope == 1')).toEqual([
      'webhook-spec: webhooks[0].matchConditions[0].expression "request.nope == 1" does not compile: compilation failed: ERROR: undefined field \'nope\'',
    ]);
    expect(findings('params.enabled == true')).toEqual([
      "webhook-spec: webhooks[0].matchConditions[0].expression \"params.enabled == true\" does not compile: compilation failed: ERROR: undeclared reference to 'params' (in container '')",
    ]);
    expect(findings('request.namespace == null')).toEqual([
      "webhook-spec: webhooks[0].matchConditions[0].expression \"request.namespace == null\" does not compile: compilation failed: ERROR: found no matching overload for '_==_' applied to '(string, null_type)'",
    ]);
  });

  it("fires for matchConditions of an empty or unqualified name (a repeated one is the schema check's), an empty expression, or more than 64", () => {
    expect(
      conditionFindings([
        { name: '', expression: 'true' },
        { name: 'Not Qualified', expression: 'true' },
        { name: 'twice', expression: 'true' },
        { name: 'twice', expression: '  ' },
      ]),
    ).toEqual([
      'schema: webhooks[0].matchConditions[3] has the key of item 2 (name="twice"), in a list keyed by name: server-side apply (npm run apply) refuses two items with one key',
      'webhook-spec: webhooks[0].matchConditions[0].name is empty',
      'webhook-spec: webhooks[0].matchConditions[1].name "Not Qualified" is not a qualified name (letters, digits, "-", "_" and ".", a letter or digit at each end, an optional DNS prefix and "/")',
      'webhook-spec: webhooks[0].matchConditions[3].expression is empty',
    ]);
    const many = Array.from({ length: 65 }, (_, index) => ({ name: `c${index}`, expression: 'true' }));
    expect(conditionFindings(many)).toEqual([
      'webhook-spec: webhooks[0].matchConditions has 65 conditions; at most 64 are allowed',
    ]);
  });

  it('warns on 1.27, whose API server drops matchConditions, and refuses nothing there', () => {
    const change = (manifest: { webhooks: Record<string, unknown>[] }) =>
      (manifest.webhooks[0].matchConditions = [{ name: 'only', expression: 'object +' }]);
    expect(rawFindings(...VALIDATING, change)).toEqual([]);
    expect(rawWarnings(...VALIDATING, change)).toEqual([
      'webhook-spec: webhooks[0].matchConditions are dropped by the API server of Kubernetes 1.27 (AdmissionWebhookMatchConditions is alpha there, off by default): the webhook is called for every request its rules match',
    ]);
  });
});
