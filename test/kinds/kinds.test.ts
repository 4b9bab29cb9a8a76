import * as k8s from '../../imports/k8s';
import { lifecycleOf } from '../../lib/checks/api-versions';
import { RULES } from '../../lib/checks/run-checks';
import { compareReleases } from '../../lib/config/kubernetes-version';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { parseEnvironment } from '../../lib/config/environment';
import { buildCourseApp } from '../../lib/course-app';
import { ROOT } from '../../lib/paths';
import { readSealedStore, sealedStorePath } from '../../lib/secrets/sealed-store';
import {
  KINDS,
  RawKind,
  installRank,
  isClusterScoped,
  kindInfo,
  kindsWith,
  parseKinds,
  podTemplateIn,
  qualifiedResource,
} from '../../lib/kinds/kinds';
import { renderApp } from '../../lib/writer/render';

/**
 * The cluster-scoped kinds that Kubernetes 1.27 stores (`kubectl api-resources --namespaced=false
 * --verbs=create,delete,list` on kube-apiserver v1.27.16 with its default API versions; the same list as the "Cluster"
 * resources of https://v1-27.docs.kubernetes.io/docs/reference/kubernetes-api/). test/e2e/kinds.test.ts checks this
 * list, and the module, against the real API server.
 */
const CLUSTER_SCOPED_1_27 = [
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
];

/**
 * The kinds that releases after 1.27 store, with their scope (`kubectl api-resources --verbs=create,delete,list` on
 * kube-apiserver v1.37.2 with its default API versions, less what 1.27 stores); test/e2e/kinds.test.ts checks them on
 * the 1.37 server, and lib/checks/api-versions.json says from which release each is served.
 */
const STORED_AFTER_1_27: Readonly<Record<string, 'Cluster' | 'Namespaced'>> = {
  ClusterTrustBundle: 'Cluster',
  DeviceClass: 'Cluster',
  DeviceTaintRule: 'Cluster',
  IPAddress: 'Cluster',
  MutatingAdmissionPolicy: 'Cluster',
  MutatingAdmissionPolicyBinding: 'Cluster',
  PodCertificateRequest: 'Namespaced',
  ResourceClaim: 'Namespaced',
  ResourceClaimTemplate: 'Namespaced',
  ResourceSlice: 'Cluster',
  ServiceCIDR: 'Cluster',
  StorageVersionMigration: 'Cluster',
  ValidatingAdmissionPolicy: 'Cluster',
  ValidatingAdmissionPolicyBinding: 'Cluster',
  VolumeAttributesClass: 'Cluster',
};

/** Whether lib/checks/api-versions.json says the apiVersion of the kind is first served by a release after 1.27. */
function servedAfter127(apiVersion: string, kind: string): boolean {
  const introduced = lifecycleOf(apiVersion, kind)?.introduced;
  return introduced !== undefined && compareReleases(introduced, '1.27') > 0;
}

/** Kinds of the generated 1.27 bindings that are no stored object one writes in a manifest, and why. */
const NOT_WRITTEN: Readonly<Record<string, string>> = {
  Binding: 'create-only (the scheduler binds pods)',
  ComponentStatus: 'read-only',
  Eviction: 'a subresource of Pod',
  LocalSubjectAccessReview: 'create-only review',
  Scale: 'a subresource',
  SelfSubjectAccessReview: 'create-only review',
  SelfSubjectReview: 'create-only review, alpha and beta in 1.27 and not served by default',
  SelfSubjectRulesReview: 'create-only review',
  Status: 'a response, not an object',
  SubjectAccessReview: 'create-only review',
  TokenRequest: 'a subresource of ServiceAccount',
  TokenReview: 'create-only review',
  ClusterCIDR: 'alpha in 1.27, not served by default',
  ClusterTrustBundle: 'alpha in 1.27, not served by default',
  IPAddress: 'alpha in 1.27, not served by default',
  PodSchedulingContext: 'alpha in 1.27, not served by default',
  ResourceClaim: 'alpha in 1.27, not served by default',
  ResourceClaimTemplate: 'alpha in 1.27, not served by default',
  ResourceClass: 'alpha in 1.27, not served by default',
  StorageVersion: 'alpha in 1.27, not served by default',
  ValidatingAdmissionPolicy: 'alpha in 1.27, not served by default',
  ValidatingAdmissionPolicyBinding: 'alpha in 1.27, not served by default',
};

/** Kinds the project writes that the Kubernetes bindings do not have: custom resources, with where they come from. */
const CUSTOM_RESOURCES: Readonly<Record<string, string>> = {
  SealedSecret: 'bitnami.com/v1alpha1', // the CRD of sealed-secrets v0.29.0 (secrets-tooling/)
};

/** Every apiVersion of every kind in the generated Kubernetes 1.27 bindings (imports/k8s), List kinds aside. */
function bindingVersions(): Map<string, string[]> {
  const versions = new Map<string, string[]>();
  for (const binding of Object.values(k8s)) {
    const gvk = (binding as { GVK?: { apiVersion: string; kind: string } }).GVK;
    if (gvk !== undefined && !gvk.kind.endsWith('List')) {
      versions.set(gvk.kind, [...(versions.get(gvk.kind) ?? []), gvk.apiVersion]);
    }
  }
  return versions;
}

function entry(fields: Record<string, unknown>): RawKind {
  return { kind: 'Widget', apiVersions: ['example.com/v1'], resource: 'widgets', scope: 'Namespaced', ...fields };
}

describe('lib/kinds', () => {
  it('has as cluster-scoped exactly the kinds Kubernetes 1.27 and later releases store outside namespaces', () => {
    const later = Object.keys(STORED_AFTER_1_27).filter((kind) => STORED_AFTER_1_27[kind] === 'Cluster');
    expect(kindsWith((info) => info.scope === 'Cluster').sort()).toEqual([...CLUSTER_SCOPED_1_27, ...later].sort());
  });

  it('describes every kind that releases after 1.27 store, each with an apiVersion first served after 1.27', () => {
    for (const kind of Object.keys(STORED_AFTER_1_27)) {
      const info = kindInfo(kind);
      expect({ kind, scope: info?.scope, later: info?.apiVersions.some((v) => servedAfter127(v, kind)) }).toEqual({
        kind,
        scope: STORED_AFTER_1_27[kind],
        later: true,
      });
    }
  });

  it('describes every kind of the Kubernetes 1.27 bindings that is a stored object, and no other', () => {
    const versions = bindingVersions();
    const described = [...versions.keys()].filter(
      (kind) => NOT_WRITTEN[kind] === undefined || STORED_AFTER_1_27[kind] !== undefined,
    );
    const later = Object.keys(STORED_AFTER_1_27).filter((kind) => !versions.has(kind));
    expect(KINDS.map((info) => info.kind).sort()).toEqual(
      [...described, ...later, ...Object.keys(CUSTOM_RESOURCES)].sort(),
    );
    expect(
      [...versions.keys()].filter(
        (kind) => NOT_WRITTEN[kind] !== undefined && STORED_AFTER_1_27[kind] === undefined && kindInfo(kind),
      ),
    ).toEqual([]);
  });

  it('gives each kind the apiVersions the bindings have for it, or a later release serves (CRDs: their version)', () => {
    const versions = bindingVersions();
    for (const info of KINDS) {
      const known = versions.get(info.kind) ?? [CUSTOM_RESOURCES[info.kind]];
      const unknown = info.apiVersions.filter(
        (version) => !known.includes(version) && !servedAfter127(version, info.kind),
      );
      expect({ kind: info.kind, unknown }).toEqual({
        kind: info.kind,
        unknown: [],
      });
    }
  });

  it.each(Object.keys(ENVIRONMENTS))('describes every kind the course writes in %s', (name) => {
    const sealed = readSealedStore(sealedStorePath(ROOT, name));
    const app = buildCourseApp(parseEnvironment(name, ENVIRONMENTS[name], sealed));
    const written = new Set(renderApp(app).flatMap((file) => file.objects.map((object) => object.manifest.kind)));
    expect([...written].filter((kind) => kindInfo(kind) === undefined)).toEqual([]);
  });

  it('describes every kind a check looks at', () => {
    const named = new Set(RULES.flatMap((rule) => rule.kinds ?? []));
    expect([...named].filter((kind) => kindInfo(kind) === undefined)).toEqual([]);
  });

  it('says where each workload keeps its pod template, and which templates roll', () => {
    const template = { metadata: {}, spec: { containers: [] } };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const podTemplateOf = (manifest: any) => podTemplateIn(manifest);
    expect(podTemplateOf({ kind: 'Deployment', spec: { template } })).toBe(template);
    expect(podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template } } } })).toBe(template);
    expect(podTemplateOf({ kind: 'PodTemplate', template })).toBe(template);
    const pod = { kind: 'Pod', spec: {} };
    expect(podTemplateOf(pod)).toBe(pod);
    expect(podTemplateOf({ kind: 'Service', spec: { template } })).toBeUndefined();
    expect(kindsWith('rollsPods').sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
  });

  it('orders kinds after Helm, what others use first, and unknown kinds last', () => {
    const order = ['PriorityClass', 'Namespace', 'ServiceAccount', 'ConfigMap', 'ClusterRole', 'Service', 'Deployment'];
    expect([...order].reverse().sort((a, b) => installRank(a) - installRank(b))).toEqual(order);
    expect(installRank('Ingress')).toBeLessThan(installRank('Widget'));
    expect(installRank('Lease')).toBe(installRank('Widget'));
  });

  it('names kinds for kubectl by resource and group, whatever the version', () => {
    expect(qualifiedResource(kindInfo('PriorityClass')!)).toBe('priorityclasses.scheduling.k8s.io');
    expect(qualifiedResource(kindInfo('PersistentVolume')!)).toBe('persistentvolumes');
    expect(isClusterScoped('IngressClass')).toBe(true);
    expect(isClusterScoped('Widget')).toBe(false);
  });

  it('fills in the defaults of an entry', () => {
    const [info] = parseKinds([entry({})]);
    expect(info).toMatchObject({
      group: 'example.com',
      nameRule: 'dns-subdomain',
      maxNameLength: 253,
      rollsPods: false,
    });
    expect(parseKinds([entry({ nameRule: 'dns-label' })])[0].maxNameLength).toBe(63);
  });

  it.each([
    [{ scope: 'Global' }, 'Widget: scope must be Cluster or Namespaced, got "Global"'],
    [{ apiVersions: ['a/v1', 'b/v1'] }, 'Widget: apiVersions must be versions of one API group, got ["a/v1","b/v1"]'],
    [{ nameRule: 'dns' }, 'Widget: nameRule must be dns-label, dns-subdomain, path-segment, got "dns"'],
    [{ rollsPods: true }, 'Widget: rollsPods must be left out for a kind without a pod template, got true'],
  ])('refuses an entry with %j', (fields, message) => {
    expect(() => parseKinds([entry(fields)])).toThrow(`lib/kinds/kinds.json: ${message}`);
  });

  it('refuses a kind described twice', () => {
    expect(() => parseKinds([entry({}), entry({})])).toThrow(
      'lib/kinds/kinds.json: Widget is described twice; keep one entry',
    );
  });
});
