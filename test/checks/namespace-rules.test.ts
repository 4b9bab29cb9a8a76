import { RenderedObject } from '../../lib/writer/render';
import { AnyManifest } from '../helpers';
import { ObjectIndex } from '../../lib/checks/object-index';
import { namespaceOf } from '../../lib/checks/rule';
import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL, TEST_ENV, baseline, findings } from './fixtures';

/** The baseline plus `manifests`. */
function withObjects(...manifests: AnyManifest[]): RenderedObject[] {
  const added = manifests.map((manifest) => ({ path: `extra/${manifest.kind}-${manifest.metadata.name}`, manifest }));
  return [...baseline(), ...added];
}

function configMap(namespace?: string): AnyManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace }, data: { A: 'b' } };
}

describe('namespace-exists', () => {
  it('fires when an object is in a namespace that is neither created nor declared', () => {
    expect(findings(withObjects(configMap('billing')))).toEqual([
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
    ]);
  });

  it('fires once for every object in the missing namespace', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'extra', namespace: 'billing' },
      stringData: {},
    };
    expect(findings(withObjects(configMap('billing'), secret))).toEqual([
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
      'namespace-exists: namespace "billing" is neither created by the project nor declared',
    ]);
  });

  it('passes a namespace created by the project', () => {
    expect(findings(withObjects(configMap('shop')))).toEqual([]);
  });

  it('passes a namespace declared in external.namespaces', () => {
    expect(findings(withObjects(configMap('billing')), { ...NO_EXTERNAL, namespaces: ['billing'] })).toEqual([]);
  });

  it('passes the built-in namespaces default and kube-system', () => {
    const other = { ...configMap('kube-system'), metadata: { name: 'other', namespace: 'kube-system' } };
    expect(findings(withObjects(configMap('default'), other))).toEqual([]);
  });

  it('passes an object that leaves the namespace out', () => {
    expect(findings(withObjects(configMap()))).toEqual([]);
  });

  it('reads a namespace of "" as default, as kubectl and the API server do', () => {
    expect(findings(withObjects(configMap('')))).toEqual([]);
  });

  it('finds the object of a namespace of "" in default, where references look for it', () => {
    const objects = withObjects(configMap(''));
    const index = new ObjectIndex(objects);
    expect(index.get('ConfigMap', 'default', 'extra')).toBe(objects[objects.length - 1]);
    expect(namespaceOf(objects[objects.length - 1])).toBe('default');
  });

  it('ignores the namespace of a cluster-scoped object', () => {
    const metadata = { name: 'auditor', namespace: 'billing' };
    const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata, rules: [] };
    expect(findings(withObjects(clusterRole))).toEqual([]);
  });
});

describe('pod-security-labels', () => {
  const PREFIX = 'pod-security.kubernetes.io/';
  function namespaceWith(labels: Record<string, string | null>): RenderedObject[] {
    const objects = baseline();
    objects[0] = {
      path: 'shop/ns',
      manifest: {
        ...objects[0].manifest,
        metadata: { name: 'shop', labels: { [`${PREFIX}enforce`]: 'restricted', ...labels } },
      },
    };
    return objects;
  }
  const LEVEL_FIX = (label: string) =>
    `set ${label} to privileged, baseline or restricted (lower case), or remove it (the Namespace construct writes them from podSecurity)`;
  const VERSION_FIX = (label: string) =>
    `set ${label} to "v1.27", the environment's release (or "latest"), or remove it (the Namespace construct writes it from kubernetesVersion)`;

  // pod-security-admission judges the pods; these judge the labels.
  const LABEL_RULES = ['pod-security-enforced', 'pod-security-version', 'pod-security-labels'];

  function labelFindings(objects: RenderedObject[]): string[] {
    return runChecks(objects, TEST_ENV)
      .findings.filter((finding) => LABEL_RULES.includes(finding.rule))
      .map((finding) => `${finding.rule}: ${finding.message} | ${finding.fix}`);
  }

  it('refuses an audit or warn level that is no Pod Security level, as the API server does', () => {
    expect(
      labelFindings(
        namespaceWith({
          [`${PREFIX}enforce-version`]: 'v1.27',
          [`${PREFIX}audit`]: 'Restricted',
          [`${PREFIX}warn`]: null,
        }),
      ),
    ).toEqual([
      `pod-security-labels: the label ${PREFIX}audit is "Restricted", which the API server refuses: a Pod Security level is privileged, baseline or restricted | ${LEVEL_FIX(`${PREFIX}audit`)}`,
      `pod-security-labels: the label ${PREFIX}warn is "", which the API server refuses: a Pod Security level is privileged, baseline or restricted | ${LEVEL_FIX(`${PREFIX}warn`)}`,
    ]);
  });

  it('refuses an enforce level that is no Pod Security level once, as a refusal of the server (not exemptible policy)', () => {
    expect(
      labelFindings(namespaceWith({ [`${PREFIX}enforce`]: 'strict', [`${PREFIX}enforce-version`]: 'v1.27' })),
    ).toEqual([
      `pod-security-labels: the label ${PREFIX}enforce is "strict", which the API server refuses: a Pod Security level is privileged, baseline or restricted | ${LEVEL_FIX(`${PREFIX}enforce`)}`,
    ]);
  });

  it('refuses a version label that is neither latest nor v1.<minor>, once', () => {
    expect(
      labelFindings(
        namespaceWith({
          [`${PREFIX}enforce-version`]: '1.27',
          [`${PREFIX}audit-version`]: 'v1.027',
          [`${PREFIX}warn-version`]: '',
        }),
      ),
    ).toEqual(
      [
        [`${PREFIX}enforce-version`, '1.27'],
        [`${PREFIX}audit-version`, 'v1.027'],
        [`${PREFIX}warn-version`, ''],
      ].map(
        ([label, value]) =>
          `pod-security-labels: the label ${label} is "${value}", which the API server refuses: a Pod Security version is "latest" or "v1.<minor>" (e.g. "v1.27") | ${VERSION_FIX(label)}`,
      ),
    );
  });

  it('passes every level and the versions the server takes', () => {
    expect(
      labelFindings(
        namespaceWith({
          [`${PREFIX}enforce`]: 'privileged',
          [`${PREFIX}enforce-version`]: 'v1.27',
          [`${PREFIX}audit`]: 'baseline',
          [`${PREFIX}warn`]: 'restricted',
        }),
      ),
    ).toEqual([]);
    expect(
      labelFindings(namespaceWith({ [`${PREFIX}enforce-version`]: 'v1.27', [`${PREFIX}warn-version`]: 'v1.0' })).filter(
        (line) => line.startsWith('pod-security-labels'),
      ),
    ).toEqual([]);
  });
});
