import { MATCH_CONDITIONS_SINCE } from '../../../lib/checks/webhook-rules';
import { compareReleases } from '../../../lib/config/kubernetes-version';
import { CATCH_ALL_FLOW_SCHEMA } from '../../checks/flowcontrol-fixtures';
import { RAW_CSR } from '../../checks/raw-kinds';
import { Patch, RELEASE, RefusalTables, object } from './builders';

const role = (rules: unknown[]) => object('rbac.authorization.k8s.io/v1', 'Role', { rules });
const clusterRole = (body: Patch) => object('rbac.authorization.k8s.io/v1', 'ClusterRole', body, false);
const RBAC = 'rbac.authorization.k8s.io';
const binding = (body: Patch) =>
  object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    ...body,
  });
/** A webhook that the API server takes, of a configuration of `kind`, with `change` made to it. */
const webhookConfiguration = (kind: string, change: Patch = {}, rule: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    kind,
    {
      webhooks: [
        {
          name: 'check.refusal.example.com',
          clientConfig: { service: { namespace: 'default', name: 'refusal', path: '/check', port: 8443 } },
          rules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], ...rule },
          ],
          failurePolicy: 'Ignore',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          namespaceSelector: { matchLabels: { 'refusal.example.com/checked': 'true' } },
          ...change,
        },
      ],
    },
    false,
  );
/** A validating webhook of these matchConditions. */
const conditioned = (...matchConditions: Patch[]) =>
  webhookConfiguration('ValidatingWebhookConfiguration', { matchConditions });
/** A ValidatingAdmissionPolicy the 1.37 API server takes, with `spec` merged into its spec. */
const validatingPolicy = (spec: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    'ValidatingAdmissionPolicy',
    {
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
          ],
        },
        variables: [{ name: 'replicas', expression: 'has(object.spec.replicas) ? object.spec.replicas : 1' }],
        validations: [{ expression: 'variables.replicas <= 50' }],
        ...spec,
      },
    },
    false,
  );
/** A MutatingAdmissionPolicy the 1.37 API server takes, with `spec` merged into its spec. */
const mutatingPolicy = (spec: Patch = {}) =>
  object(
    'admissionregistration.k8s.io/v1',
    'MutatingAdmissionPolicy',
    {
      spec: {
        reinvocationPolicy: 'Never',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
          ],
        },
        mutations: [
          {
            patchType: 'ApplyConfiguration',
            applyConfiguration: { expression: "Object{metadata: Object.metadata{labels: {'owner': 'course'}}}" },
          },
        ],
        ...spec,
      },
    },
    false,
  );
const policyBinding = (kind: string, spec: Patch) =>
  object('admissionregistration.k8s.io/v1', kind, { spec: { policyName: 'refusal', ...spec } }, false);
/** The release from which the servers serve flowcontrol v1, whose exempt priority level has spec.exempt. */
const FLOWCONTROL_V1_SINCE = '1.29';
/** A FlowSchema or PriorityLevelConfiguration of the server's flowcontrol version (v1beta3 before 1.29, then v1). */
const flowcontrol = (kind: string, spec: Patch) =>
  object(
    `flowcontrol.apiserver.k8s.io/${compareReleases(RELEASE, FLOWCONTROL_V1_SINCE) < 0 ? 'v1beta3' : 'v1'}`,
    kind,
    { spec },
    false,
  );
/** One of the mandatory objects the API server makes and keeps (exempt, catch-all), of this spec. */
const mandatory = (kind: string, name: string, spec: Patch) => ({ ...flowcontrol(kind, spec), metadata: { name } });
const flowSchema = (rule: Patch) =>
  flowcontrol('FlowSchema', {
    priorityLevelConfiguration: { name: 'refusal' },
    rules: [{ subjects: [{ kind: 'Group', group: { name: 'refusal' } }], ...rule }],
  });
const priorityLevel = (limitResponse: Patch) =>
  flowcontrol('PriorityLevelConfiguration', {
    type: 'Limited',
    limited: { nominalConcurrencyShares: 5, limitResponse },
  });
const csr = (spec: Patch) =>
  object(
    'certificates.k8s.io/v1',
    'CertificateSigningRequest',
    { spec: { request: RAW_CSR, signerName: 'example.com/refusal', usages: ['client auth'], ...spec } },
    false,
  );
const apiService = (name: string, spec: Patch) => ({
  ...object('apiregistration.k8s.io/v1', 'APIService', {}, false),
  metadata: { name },
  spec: {
    group: 'refusal.example.com',
    version: 'v1',
    groupPriorityMinimum: 100,
    versionPriority: 10,
    service: { namespace: 'default', name: 'refusal' },
    ...spec,
  },
});
const lease = (spec: Patch) => object('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'a', ...spec } });
/** The releases that serve ValidatingAdmissionPolicy and MutatingAdmissionPolicy at admissionregistration.k8s.io/v1. */
const VALIDATING_POLICIES_SINCE = '1.30';
const MUTATING_POLICIES_SINCE = '1.37';

/**
 * Admission webhooks and policies, APIServices, CertificateSigningRequests, API priority and fairness (FlowSchema,
 * PriorityLevelConfiguration), Leases and RBAC.
 */
export const CONTROL_PLANE: RefusalTables = {
  refusedEverywhere: [
    [
      'a FlowSchema non-resource rule of "*" beside a URL',
      'flowcontrol-spec',
      flowSchema({ nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '*'] }] }),
    ],
    [
      'a FlowSchema subject written null, which the server reads as a subject of no kind',
      'schema',
      flowSchema({ subjects: [null], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }),
    ],
    [
      'a priority level of a hand larger than its queues',
      'flowcontrol-spec',
      priorityLevel({ type: 'Queue', queuing: { queues: 4, handSize: 5, queueLengthLimit: 10 } }),
    ],
    ['a priority level that queues with no queuing', 'flowcontrol-spec', priorityLevel({ type: 'Queue' })],
    ['a certificate request of an unknown usage', 'certificate-request-spec', csr({ usages: ['client auth_x'] })],
    [
      'a certificate request that is not a PEM certificate request',
      'certificate-request-spec',
      csr({ request: Buffer.from('not a PEM').toString('base64') }),
    ],
    [
      'a certificate request to a signer of a one-label domain',
      'certificate-request-spec',
      csr({ signerName: 'example/x' }),
    ],
    ['an APIService not named <version>.<group>', 'api-service-spec', apiService('v2.refusal.example.com', {})],
    [
      'an APIService of a group priority over 20000',
      'api-service-spec',
      apiService('v1.refusal.example.com', { groupPriorityMinimum: 20001 }),
    ],
    ['a Role rule without verbs', 'role-rules', role([{ apiGroups: [''], resources: ['pods'], verbs: [] }])],
    ['a Role rule without apiGroups', 'role-rules', role([{ resources: ['pods'], verbs: ['get'] }])],
    [
      'a ClusterRole URL rule beside apiGroups',
      'role-rules',
      clusterRole({ rules: [{ apiGroups: [''], nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
    ],
    [
      'a ClusterRole URL rule beside resourceNames',
      'role-rules',
      clusterRole({ rules: [{ resourceNames: ['x'], nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
    ],
    ['a ClusterRole aggregationRule of no selector', 'role-rules', clusterRole({ aggregationRule: {} })],
    [
      'a ClusterRole aggregation selector of a key with a space',
      'selector-syntax',
      clusterRole({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'bad key': 'true' } }] } }),
    ],
    [
      'a ClusterRole aggregation selector of In without values',
      'selector-syntax',
      clusterRole({
        aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }] },
      }),
    ],
    ['a User subject of an empty name', 'binding-spec', binding({ subjects: [{ kind: 'User', name: '' }] })],
    [
      'a binding roleRef name with "/"',
      'binding-spec',
      binding({ roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'team/view' } }),
    ],
    [
      'a binding roleRef name ".."',
      'binding-spec',
      binding({ roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: '..' } }),
    ],
    [
      'a binding roleRef apiGroup cut short',
      'binding-spec',
      binding({ roleRef: { apiGroup: 'rbac', kind: 'ClusterRole', name: 'view' } }),
    ],
    [
      'a binding roleRef kind in the wrong case',
      'binding-spec',
      binding({ roleRef: { apiGroup: RBAC, kind: 'clusterrole', name: 'view' } }),
    ],
    [
      'a subject kind in the wrong case',
      'binding-spec',
      binding({ subjects: [{ kind: 'serviceaccount', name: 'web', namespace: 'default' }] }),
    ],
    [
      'a ServiceAccount subject with the RBAC group',
      'binding-spec',
      binding({ subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default', apiGroup: RBAC }] }),
    ],
    [
      'a ServiceAccount subject name with upper case',
      'binding-spec',
      binding({ subjects: [{ kind: 'ServiceAccount', name: 'Web_SA', namespace: 'default' }] }),
    ],
    [
      'a ClusterRoleBinding ServiceAccount without a namespace',
      'binding-spec',
      {
        ...binding({ subjects: [{ kind: 'ServiceAccount', name: 'web' }] }),
        kind: 'ClusterRoleBinding',
        metadata: { name: 'refusal' },
      },
    ],
    [
      'a webhook whose name has two segments',
      'webhook-spec',
      webhookConfiguration('ValidatingWebhookConfiguration', { name: 'refusal.example' }),
    ],
    [
      'a webhook of an http url',
      'webhook-spec',
      webhookConfiguration('MutatingWebhookConfiguration', { clientConfig: { url: 'http://refusal.example.com/x' } }),
    ],
    [
      'a webhook rule of "*" beside an operation',
      'webhook-spec',
      webhookConfiguration('ValidatingWebhookConfiguration', {}, { operations: ['*', 'CREATE'] }),
    ],
    [
      'a webhook of no AdmissionReview version',
      'webhook-spec',
      webhookConfiguration('ValidatingWebhookConfiguration', { admissionReviewVersions: [] }),
    ],
    [
      'a webhook failurePolicy in the wrong case',
      'enum-values',
      webhookConfiguration('MutatingWebhookConfiguration', { failurePolicy: 'ignore' }),
    ],
    [
      'a webhook objectSelector of no operator',
      'selector-syntax',
      webhookConfiguration('ValidatingWebhookConfiguration', {
        objectSelector: { matchExpressions: [{ key: 'tier', operator: 'InIn', values: ['a'] }] },
      }),
    ],
    [
      'a webhook url of a "%" that is no escape',
      'webhook-spec',
      webhookConfiguration('ValidatingWebhookConfiguration', {
        clientConfig: { url: 'https://refusal.example.com/a%zz' },
      }),
    ],
    [
      'an APIService of service port 0',
      'api-service-spec',
      apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 0 } }),
    ],
    [
      'a CertificateSigningRequest of the legacy signer',
      'certificate-request-spec',
      csr({ signerName: 'kubernetes.io/legacy-unknown' }),
    ],
    [
      'a ValidatingAdmissionPolicy of v1alpha1 (off by default on 1.27, not served by 1.37)',
      compareReleases(RELEASE, VALIDATING_POLICIES_SINCE) < 0 ? 'api-version' : 'schema',
      { ...validatingPolicy(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' },
    ],
    ['a Lease of no duration', 'counts', lease({ leaseDurationSeconds: 0 })],
    [
      'the mandatory FlowSchema catch-all of another matchingPrecedence',
      'flowcontrol-spec',
      mandatory('FlowSchema', 'catch-all', { ...CATCH_ALL_FLOW_SCHEMA, matchingPrecedence: 9000 }),
    ],
    [
      'the mandatory PriorityLevelConfiguration catch-all of other shares',
      'flowcontrol-spec',
      mandatory('PriorityLevelConfiguration', 'catch-all', {
        type: 'Limited',
        limited: { nominalConcurrencyShares: 50, limitResponse: { type: 'Reject' } },
      }),
    ],
  ],
  refusedSince: [
    ...(
      [
        [
          'a webhook matchCondition that does not parse',
          conditioned({ name: 'a', expression: 'object.metadata.name +' }),
        ],
        [
          'a webhook matchCondition of an undeclared name',
          conditioned({ name: 'a', expression: "objekt.kind == 'Pod'" }),
        ],
        [
          'a webhook matchCondition of a dyn, not a bool',
          conditioned({ name: 'a', expression: 'object.metadata.name' }),
        ],
        [
          'a webhook matchCondition that compares a string with null',
          conditioned({ name: 'a', expression: 'request.namespace == null' }),
        ],
        ['a webhook matchCondition of params', conditioned({ name: 'a', expression: 'params.enabled == true' })],
        ['a webhook matchCondition named with a space', conditioned({ name: 'a b', expression: 'true' })],
        [
          'a webhook of 65 matchConditions',
          conditioned(...Array.from({ length: 65 }, (_, index) => ({ name: `c${index}`, expression: 'true' }))),
        ],
      ] as const
    ).map(([name, manifest]) => [MATCH_CONDITIONS_SINCE, [name, 'webhook-spec', manifest]] as const),
  ],
  refusedWhereServed: [
    [
      FLOWCONTROL_V1_SINCE,
      [
        'the exempt priority level of negative shares',
        'flowcontrol-spec',
        mandatory('PriorityLevelConfiguration', 'exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: -1 } }),
      ],
    ],
    ...(
      [
        [
          'a policy validation of a dyn, not a bool',
          validatingPolicy({ validations: [{ expression: 'object.spec' }] }),
        ],
        [
          'a policy variable used before it is declared',
          validatingPolicy({
            variables: [
              { name: 'double', expression: 'variables.replicas * 2' },
              { name: 'replicas', expression: 'object.spec.replicas' },
            ],
          }),
        ],
        [
          'a policy message of authorizer, which messages do not have',
          validatingPolicy({
            validations: [
              {
                expression: 'variables.replicas <= 50',
                messageExpression: "authorizer.path('/').check('get').reason()",
              },
            ],
          }),
        ],
        [
          'a policy audit annotation of a string or a null in one conditional',
          validatingPolicy({
            validations: [],
            auditAnnotations: [{ key: 'high', valueExpression: "variables.replicas > 10 ? 'high' : null" }],
          }),
        ],
        [
          'a policy matchCondition of params without a paramKind',
          validatingPolicy({ matchConditions: [{ name: 'p', expression: 'params.on' }] }),
        ],
        ['a policy variable named with a dash', validatingPolicy({ variables: [{ name: 'a-b', expression: '1' }] })],
        [
          'a policy validation reason of Unauthorized',
          validatingPolicy({ validations: [{ expression: 'true', reason: 'Unauthorized' }] }),
        ],
      ] as const
    ).map(([name, manifest]) => [VALIDATING_POLICIES_SINCE, [name, 'admission-policy-spec', manifest]] as const),
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy binding that both denies and warns',
        'admission-policy-binding',
        policyBinding('ValidatingAdmissionPolicyBinding', { validationActions: ['Deny', 'Warn'] }),
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy binding of a paramRef without parameterNotFoundAction',
        'admission-policy-binding',
        policyBinding('ValidatingAdmissionPolicyBinding', { validationActions: ['Deny'], paramRef: { name: 'p' } }),
      ],
    ],
    [
      MUTATING_POLICIES_SINCE,
      [
        'a mutating policy of a dyn, not an Object',
        'admission-policy-spec',
        mutatingPolicy({
          mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'object' } }],
        }),
      ],
    ],
    [
      MUTATING_POLICIES_SINCE,
      [
        'a mutating policy of DELETE',
        'admission-policy-spec',
        mutatingPolicy({
          matchConstraints: {
            resourceRules: [
              { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['DELETE'], resources: ['deployments'] },
            ],
          },
        }),
      ],
    ],
    [
      MUTATING_POLICIES_SINCE,
      [
        'a MutatingAdmissionPolicy of v1alpha1, an alpha API off by default',
        'api-version',
        { ...mutatingPolicy(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' },
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy matchPolicy in the wrong case',
        'enum-values',
        validatingPolicy({
          matchConstraints: {
            matchPolicy: 'exact',
            resourceRules: [
              { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
            ],
          },
        }),
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy resource rule of scope Global',
        'enum-values',
        validatingPolicy({
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['v1'],
                operations: ['CREATE'],
                resources: ['deployments'],
                scope: 'Global',
              },
            ],
          },
        }),
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy binding matchPolicy in the wrong case',
        'enum-values',
        policyBinding('ValidatingAdmissionPolicyBinding', {
          validationActions: ['Deny'],
          matchResources: { matchPolicy: 'equivalent' },
        }),
      ],
    ],
  ],
  acceptedEverywhere: [
    // Taken as written, and then every call fails its TLS: the gate warns (webhook-spec, api-service-spec).
    [
      'a webhook of a caBundle that is no PEM certificate (a PEM encoded twice)',
      webhookConfiguration('ValidatingWebhookConfiguration', {
        clientConfig: {
          service: { namespace: 'default', name: 'refusal', path: '/check', port: 8443 },
          caBundle: Buffer.from(
            Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64'),
          ).toString('base64'),
        },
      }),
    ],
    [
      'a FlowSchema of a group and a cluster-scoped rule',
      flowSchema({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true }] }),
    ],
    ['a priority level that rejects', priorityLevel({ type: 'Reject' })],
    ['a priority level that queues with the default queuing', priorityLevel({ type: 'Queue', queuing: {} })],
    [
      'a certificate request of server and client usages for ten minutes',
      csr({ usages: ['digital signature', 'server auth', 'client auth'], expirationSeconds: 600 }),
    ],
    [
      'an APIService of a service',
      apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 8443 } }),
    ],
    [
      'a ClusterRole URL rule of empty groups, resources and names',
      clusterRole({
        rules: [{ apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/healthz'], verbs: ['get'] }],
      }),
    ],
    [
      'an aggregated ClusterRole of rules and an empty selector',
      clusterRole({
        aggregationRule: { clusterRoleSelectors: [{}] },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      }),
    ],
    [
      'a binding of a Group and a User of apiGroup "" (defaulted), to a ClusterRole of ":"',
      binding({
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:aggregate-to-view' },
        subjects: [
          { kind: 'Group', name: 'system:authenticated', apiGroup: '' },
          { kind: 'User', name: 'Jane Doe@example.com', apiGroup: '' },
        ],
      }),
    ],
    [
      'a webhook of a Service of any name and namespace',
      webhookConfiguration('MutatingWebhookConfiguration', {
        clientConfig: { service: { namespace: 'Not A Namespace', name: 'My_Svc', path: '/v1.2/check/' } },
      }),
    ],
    [
      'an APIService of a Service of any name and namespace',
      apiService('v1.refusal.example.com', { service: { namespace: 'x/y', name: 'My_Svc', port: 8443 } }),
    ],
    [
      'a binding roleRef without apiGroup (defaulted)',
      binding({ roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'jane' }] }),
    ],
    ['a Role of the core group', role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])],
    [
      'bindings of a ServiceAccount, a User and a Group',
      binding({
        subjects: [
          { kind: 'ServiceAccount', name: 'web', namespace: 'default' },
          { kind: 'User', name: 'alice', apiGroup: RBAC },
          { kind: 'Group', name: 'devs' },
        ],
      }),
    ],
    [
      'webhooks of a service, an https url of a port, and rules of "*" and subresources',
      webhookConfiguration(
        'ValidatingWebhookConfiguration',
        { timeoutSeconds: 30, matchPolicy: 'Exact' },
        {
          operations: ['*'],
          apiGroups: ['*'],
          apiVersions: ['*'],
          resources: ['*', 'pods/status'],
          scope: '*',
        },
      ),
    ],
    [
      'a mutating webhook of an https url with a port and an empty query',
      webhookConfiguration('MutatingWebhookConfiguration', {
        clientConfig: { url: 'HTTPS://refusal.example.com:8443/mutate?' },
        admissionReviewVersions: ['v1beta1', 'v2'],
        reinvocationPolicy: 'IfNeeded',
        sideEffects: 'NoneOnDryRun',
        objectSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      }),
    ],
    [
      'a webhook url of escapes in its path and of a non-ASCII byte in its host',
      webhookConfiguration('ValidatingWebhookConfiguration', {
        clientConfig: { url: 'https://r%C3%A9fusal.example.com/a%2Fb%20c' },
      }),
    ],
    [
      'a webhook url of an IPv6 address of a zone',
      webhookConfiguration('ValidatingWebhookConfiguration', {
        clientConfig: { url: 'https://[fe80::1%25en0]:8443/x' },
      }),
    ],
    [
      'an APIService of service port 1',
      apiService('v1.refusal.example.com', { service: { namespace: 'default', name: 'refusal', port: 1 } }),
    ],
    [
      'a CertificateSigningRequest named in upper case, with "_" and ":"',
      { ...csr({}), metadata: { name: 'Refusal_CSR:a' } },
    ],
    [
      'a webhook of matchConditions that compile (1.27 drops them)',
      conditioned(
        { name: 'not-kube-system', expression: "request.namespace != 'kube-system'" },
        { name: 'example.com/labelled', expression: "has(object.metadata.labels) && 'app' in object.metadata.labels" },
        { name: 'allowed', expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" },
      ),
    ],
    [
      'the mandatory FlowSchema catch-all as the API server fixes it',
      mandatory('FlowSchema', 'catch-all', CATCH_ALL_FLOW_SCHEMA),
    ],
    [
      'the mandatory PriorityLevelConfiguration catch-all as the API server fixes it, lendablePercent left out',
      mandatory('PriorityLevelConfiguration', 'catch-all', {
        type: 'Limited',
        limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } },
      }),
    ],
    ['a Lease of a duration and transitions', lease({ leaseDurationSeconds: 1, leaseTransitions: 0 })],
  ],
  acceptedWhereServed: [
    [
      FLOWCONTROL_V1_SINCE,
      [
        'the exempt priority level of its own shares and lendable percent',
        mandatory('PriorityLevelConfiguration', 'exempt', {
          type: 'Exempt',
          exempt: { nominalConcurrencyShares: 10, lendablePercent: 20 },
        }),
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy of params, variables that use each other, a message, an audit annotation and a matchCondition',
        validatingPolicy({
          paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
          matchConditions: [{ name: 'enabled', expression: "params.data.enabled == 'true' && !request.dryRun" }],
          variables: [
            { name: 'replicas', expression: 'has(object.spec.replicas) ? object.spec.replicas : 1' },
            { name: 'limit', expression: 'int(params.data.limit)' },
            { name: 'over', expression: 'variables.replicas > variables.limit' },
          ],
          validations: [
            {
              expression: '!variables.over',
              messageExpression: "'replicas must be at most ' + string(variables.limit)",
              reason: 'Forbidden',
            },
          ],
          auditAnnotations: [{ key: 'replicas', valueExpression: "variables.over ? 'over' : 'within'" }],
        }),
      ],
    ],
    [
      VALIDATING_POLICIES_SINCE,
      [
        'a policy binding of a paramRef selector that denies and audits',
        policyBinding('ValidatingAdmissionPolicyBinding', {
          validationActions: ['Deny', 'Audit'],
          paramRef: { selector: { matchLabels: { policy: 'refusal' } }, parameterNotFoundAction: 'Allow' },
        }),
      ],
    ],
    [
      MUTATING_POLICIES_SINCE,
      [
        'a mutating policy of a JSON patch, and its binding',
        mutatingPolicy({
          mutations: [
            {
              patchType: 'JSONPatch',
              jsonPatch: { expression: "[JSONPatch{op: 'add', path: '/metadata/labels/owner', value: 'course'}]" },
            },
          ],
        }),
      ],
    ],
    [MUTATING_POLICIES_SINCE, ['a mutating policy binding', policyBinding('MutatingAdmissionPolicyBinding', {})]],
  ],
};
