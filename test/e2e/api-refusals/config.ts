import { VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE } from '../../../lib/checks/quota-rules';
import { AnyManifest } from '../../helpers';
import { Patch, RefusalTables, deployment, object } from './builders';

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const quota = (spec: Patch) => object('v1', 'ResourceQuota', { spec });
const scopeSelector = (requirement: Patch) => ({ matchExpressions: [requirement] });
const limitRange = (item: Patch) => object('v1', 'LimitRange', { spec: { limits: [{ max: { cpu: '2' }, ...item }] } });
/** A Namespace of `labels` (the Pod Security admission plugin validates its own). */
const labelledNamespace = (labels: Record<string, string>): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'refusal-labels', labels },
});
const sealed = (spec: Patch) =>
  object('bitnami.com/v1alpha1', 'SealedSecret', { spec: { encryptedData: { password: 'AgBsealed==' }, ...spec } });

/**
 * ConfigMaps, Secrets, SealedSecrets, Namespaces, LimitRanges and ResourceQuotas; metadata of any kind (owner
 * references, finalizers, size).
 */
export const CONFIG: RefusalTables = {
  refusedEverywhere: [
    [
      'a Namespace whose Pod Security audit level is no profile',
      'pod-security-labels',
      labelledNamespace({ 'pod-security.kubernetes.io/audit': 'Restricted' }),
    ],
    [
      'a Namespace whose Pod Security enforce-version is no version',
      'pod-security-labels',
      labelledNamespace({ 'pod-security.kubernetes.io/enforce-version': '1.27' }),
    ],
    [
      'a SealedSecret whose template namespace is no string',
      'sealed-secret',
      sealed({ template: { metadata: { namespace: {} } } }),
    ],
    ['a SealedSecret of an unknown field', 'sealed-secret', sealed({ templates: {} })],
    [
      'a SealedSecret whose name is no string (metadata of a custom resource)',
      'schema',
      { ...sealed({}), metadata: { name: true, namespace: 'default' } },
    ],
    [
      'a quota of BestEffort pods limiting cpu',
      'quota-scope',
      quota({ hard: { 'requests.cpu': '1' }, scopes: ['BestEffort'] }),
    ],
    [
      'a quota of the pods that cross namespaces limiting storage',
      'quota-scope',
      quota({
        hard: { 'requests.storage': '1Gi' },
        scopeSelector: scopeSelector({ scopeName: 'CrossNamespacePodAffinity', operator: 'Exists' }),
      }),
    ],
    [
      'a quota of Terminating and NotTerminating pods',
      'quota-scope',
      quota({ hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] }),
    ],
    [
      'a quota scope selector of BestEffort In',
      'quota-scope',
      quota({
        hard: { pods: '1' },
        scopeSelector: scopeSelector({ scopeName: 'BestEffort', operator: 'In', values: ['a'] }),
      }),
    ],
    [
      'a quota scope selector of PriorityClass In no values',
      'quota-scope',
      quota({ hard: { pods: '1' }, scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'In' }) }),
    ],
    [
      'a quota scope selector of PriorityClass Exists with values',
      'quota-scope',
      quota({
        hard: { pods: '1' },
        scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'Exists', values: ['high'] }),
      }),
    ],
    ['a ConfigMap key starting with ".."', 'config-keys', object('v1', 'ConfigMap', { data: { '..data': 'x' } })],
    [
      'an owner reference of an empty uid',
      'owner-references',
      object('v1', 'ConfigMap', {
        metadata: {
          name: 'refusal',
          namespace: 'default',
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '' }],
        },
      }),
    ],
    [
      'two owner references marked controller',
      'owner-references',
      object('v1', 'ConfigMap', {
        metadata: {
          name: 'refusal',
          namespace: 'default',
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1', controller: true },
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: '2', controller: true },
          ],
        },
      }),
    ],
    [
      'an Event as owner',
      'owner-references',
      object('v1', 'ConfigMap', {
        metadata: {
          name: 'refusal',
          namespace: 'default',
          ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1' }],
        },
      }),
    ],
    [
      'a TLS Secret whose tls.key is no base64',
      'schema',
      object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': 'not base64!' } }),
    ],
    [
      'a TLS Secret without tls.key',
      'secret-type-keys',
      object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '' } }),
    ],
    [
      'a dockerconfigjson Secret without .dockerconfigjson',
      'secret-type-keys',
      object('v1', 'Secret', { type: 'kubernetes.io/dockerconfigjson', data: { config: '' } }),
    ],
    [
      'a dockerconfigjson Secret that is not JSON',
      'secret-type-keys',
      object('v1', 'Secret', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': base64('not json') } }),
    ],
    [
      'a dockerconfigjson Secret of a JSON string',
      'secret-type-keys',
      object('v1', 'Secret', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': base64('"auths"') } }),
    ],
    [
      'a dockerconfigjson Secret of JSON data and stringData that is not JSON',
      'secret-type-keys',
      object('v1', 'Secret', {
        type: DOCKER_CONFIG_JSON,
        data: { '.dockerconfigjson': base64('{}') },
        stringData: { '.dockerconfigjson': '{' },
      }),
    ],
    [
      'a dockercfg Secret of stringData that is a JSON array',
      'secret-type-keys',
      object('v1', 'Secret', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '[]' } }),
    ],
    [
      'a basic-auth Secret without username or password',
      'secret-type-keys',
      object('v1', 'Secret', { type: 'kubernetes.io/basic-auth', data: { user: '' } }),
    ],
    [
      'a service-account-token Secret without its annotation',
      'secret-type-keys',
      object('v1', 'Secret', { type: 'kubernetes.io/service-account-token' }),
    ],
    [
      'a finalizer that is no qualified name',
      'finalizer-names',
      object('v1', 'ConfigMap', { metadata: { name: 'refusal', namespace: 'default', finalizers: ['bad finalizer'] } }),
    ],
    [
      'a finalizer of a built-in kind without a domain',
      'finalizer-names',
      object('v1', 'ConfigMap', { metadata: { name: 'refusal', namespace: 'default', finalizers: ['cleanup'] } }),
    ],
    [
      'both the orphan and the foregroundDeletion finalizer',
      'finalizer-names',
      object('v1', 'ConfigMap', {
        metadata: { name: 'refusal', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] },
      }),
    ],
    [
      "a Namespace's spec finalizer without a domain",
      'finalizer-names',
      object('v1', 'Namespace', { spec: { finalizers: ['cleanup'] } }, false),
    ],
    [
      'annotations over 256 KiB',
      'object-size',
      {
        ...deployment('d'),
        metadata: { name: 'd', namespace: 'default', annotations: { 'example.com/notes': 'x'.repeat(257 * 1024) } },
      },
    ],
    ['a ConfigMap over 1 MiB', 'object-size', object('v1', 'ConfigMap', { data: { a: 'x'.repeat(1025 * 1024) } })],
    [
      'a ConfigMap too large for the annotation of kubectl apply',
      'object-size',
      object('v1', 'ConfigMap', { data: { a: 'x'.repeat(300 * 1024) } }),
    ],
    ['a LimitRange item of no type', 'quota-values', limitRange({ type: 'Container_x' })],
    ['a LimitRange Pod item with a default', 'quota-values', limitRange({ type: 'Pod', default: { cpu: '1' } })],
    [
      'a LimitRange ratio below 1',
      'quota-values',
      limitRange({ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }),
    ],
    [
      'a LimitRange ratio above its max over its min',
      'quota-values',
      limitRange({ type: 'Container', min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '50' } }),
    ],
    [
      'a LimitRange of a GPU default and defaultRequest apart',
      'quota-values',
      limitRange({
        type: 'Container',
        default: { 'example.com/gpu': '2' },
        defaultRequest: { 'example.com/gpu': '1' },
      }),
    ],
    [
      'a LimitRange of a hugepages max and defaultRequest apart (the default limit copies the max)',
      'quota-values',
      limitRange({
        type: 'Container',
        max: { cpu: '2', 'hugepages-2Mi': '4Mi' },
        defaultRequest: { 'hugepages-2Mi': '2Mi' },
      }),
    ],
    ['a ResourceQuota of a resource no quota limits', 'quota-hard', quota({ hard: { 'requests.gpu': '1' } })],
    ['a ResourceQuota of half a Secret', 'quota-hard', quota({ hard: { secrets: '1.5' } })],
  ],
  byRelease: [
    [
      VOLUME_ATTRIBUTES_CLASS_SCOPE_SINCE,
      [
        'a quota of the claims of a VolumeAttributesClass',
        'quota-scope',
        quota({
          hard: { 'requests.storage': '10Gi', persistentvolumeclaims: '5' },
          scopeSelector: scopeSelector({ scopeName: 'VolumeAttributesClass', operator: 'In', values: ['gold'] }),
        }),
      ],
    ],
  ],
  acceptedEverywhere: [
    [
      'annotation keys of capitals, which the API server checks lower-cased',
      object('v1', 'ConfigMap', {
        metadata: { name: 'refusal', namespace: 'default', annotations: { 'Example.com/Owner': 'team-a' } },
      }),
    ],
    [
      'one owner reference of the controller beside another',
      object('v1', 'ConfigMap', {
        metadata: {
          name: 'refusal',
          namespace: 'default',
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1', controller: true },
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: '2' },
          ],
        },
      }),
    ],
    [
      'a LimitRange of a GPU default and a min (the default request copies the default)',
      limitRange({ type: 'Container', default: { 'example.com/gpu': '2' }, min: { 'example.com/gpu': '1' } }),
    ],
    [
      'a Namespace of every Pod Security level and version label',
      labelledNamespace({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'baseline',
        'pod-security.kubernetes.io/audit-version': 'v1.0',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.27',
      }),
    ],
    [
      'a SealedSecret with a template of metadata, type, data and immutable',
      sealed({
        template: {
          metadata: { name: 'refusal', labels: { a: 'b' }, annotations: { c: 'd' } },
          type: 'Opaque',
          data: { note: 'x' },
          immutable: true,
        },
      }),
    ],
    [
      'a quota of NotBestEffort pods of a priority class, with counts and extended resources',
      quota({
        hard: { pods: '10', 'requests.cpu': '4', 'count/jobs.batch': '5', 'requests.nvidia.com/gpu': '1' },
        scopes: ['NotBestEffort'],
        scopeSelector: scopeSelector({ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }),
      }),
    ],
    [
      'a quota of BestEffort pods by count',
      quota({ hard: { pods: '10', 'count/pods': '10' }, scopes: ['BestEffort'] }),
    ],
    [
      'a domain-qualified and a standard finalizer',
      object('v1', 'ConfigMap', {
        metadata: { name: 'refusal', namespace: 'default', finalizers: ['example.com/drain', 'orphan'] },
      }),
    ],
    [
      'a Namespace of the standard and a qualified spec finalizer',
      object('v1', 'Namespace', { spec: { finalizers: ['kubernetes', 'example.com/drain'] } }, false),
    ],
    [
      'a dockerconfigjson Secret of stringData JSON over data that is not',
      object('v1', 'Secret', {
        type: DOCKER_CONFIG_JSON,
        data: { '.dockerconfigjson': base64('not json') },
        stringData: { '.dockerconfigjson': ' {"auths": {}} ' },
      }),
    ],
    [
      'a dockercfg Secret of null',
      object('v1', 'Secret', { type: 'kubernetes.io/dockercfg', data: { '.dockercfg': base64('null') } }),
    ],
    [
      'a TLS Secret with its keys',
      object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
    ],
    [
      'a basic-auth Secret with a password only',
      object('v1', 'Secret', { type: 'kubernetes.io/basic-auth', data: { password: '' } }),
    ],
    ['a ConfigMap of 200 KiB', object('v1', 'ConfigMap', { data: { a: 'x'.repeat(200 * 1024) } })],
    ['a LimitRange item of a qualified type', limitRange({ type: 'example.com/gpu' })],
    ['a LimitRange Pod item without defaults', limitRange({ type: 'Pod', default: {} })],
    [
      'a LimitRange ratio of its max over its min',
      limitRange({ type: 'Container', min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: '20' } }),
    ],
    [
      'a ResourceQuota of hugepages, counts of a kind and a whole extended resource',
      quota({
        hard: { 'requests.hugepages-2Mi': '1Gi', 'count/deployments.apps': '5', 'requests.example.com/gpu': '2' },
      }),
    ],
  ],
};
