import { CONFIG_HASH_ANNOTATION, contentHash, suffixContentHashes } from '../../lib/writer/content-hash';
import { Manifest } from '../../lib/writer/tidy';
import { AnyManifest } from '../helpers';

function configMap(name: string, data: Record<string, string>, annotations?: Record<string, string>): AnyManifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', annotations }, data };
}

function deployment(): AnyManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          imagePullSecrets: [{ name: 'registry' }],
          volumes: [
            { name: 'settings', configMap: { name: 'settings' } },
            { name: 'creds', secret: { secretName: 'creds' } },
          ],
          containers: [
            {
              name: 'app',
              env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } }],
              envFrom: [{ secretRef: { name: 'creds' } }],
            },
          ],
        },
      },
    },
  };
}

const secret = (name: string): AnyManifest => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'shop' },
  stringData: { password: 'x' },
});

describe('suffixContentHashes', () => {
  it('suffixes ConfigMap and Secret names with a hash of their content', () => {
    const manifests: Manifest[] = [configMap('settings', { MODE: 'prod' }), secret('creds')];
    suffixContentHashes(manifests);
    expect(manifests[0].metadata.name).toMatch(/^settings-[0-9a-f]{10}$/);
    expect(manifests[1].metadata.name).toMatch(/^creds-[0-9a-f]{10}$/);
  });

  it('makes every reference in the namespace follow', () => {
    const manifests: Manifest[] = [
      configMap('settings', { MODE: 'prod' }),
      secret('creds'),
      secret('registry'),
      deployment(),
    ];
    suffixContentHashes(manifests);
    const [settings, creds, registry, web] = manifests.map((manifest) => manifest.metadata.name);
    const pod = (manifests[3] as AnyManifest).spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'settings', configMap: { name: settings } },
      { name: 'creds', secret: { secretName: creds } },
    ]);
    expect(pod.containers[0].env[0].valueFrom.configMapKeyRef.name).toBe(settings);
    expect(pod.containers[0].envFrom[0].secretRef.name).toBe(creds);
    expect(pod.imagePullSecrets[0].name).toBe(registry);
    expect(web).toBe('web');
  });

  it('changes the name, and so the pod template, when a value changes', () => {
    const before: Manifest[] = [configMap('settings', { MODE: 'prod' }), deployment()];
    const after: Manifest[] = [configMap('settings', { MODE: 'debug' }), deployment()];
    suffixContentHashes(before);
    suffixContentHashes(after);
    expect(after[0].metadata.name).not.toBe(before[0].metadata.name);
    expect(JSON.stringify(after[1])).not.toBe(JSON.stringify(before[1]));
  });

  it('gives the same content the same name on every run', () => {
    expect(contentHash(configMap('a', { MODE: 'prod' }))).toBe(contentHash(configMap('a', { MODE: 'prod' })));
  });

  it('keeps the name of an object annotated not to be hashed, and its references', () => {
    const manifests: Manifest[] = [
      configMap('settings', { MODE: 'prod' }, { 'k8s-course.io/name-suffix-hash': 'false' }),
      deployment(),
    ];
    suffixContentHashes(manifests);
    expect(manifests[0].metadata.name).toBe('settings');
    expect((manifests[1] as AnyManifest).spec.template.spec.volumes[0].configMap.name).toBe('settings');
  });

  it('renames Ingress TLS secrets and Role resourceNames', () => {
    const ingress: AnyManifest = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { tls: [{ secretName: 'tls' }] },
    };
    const role: AnyManifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'shop' },
      rules: [{ resources: ['secrets'], resourceNames: ['tls', 'other'], verbs: ['get'] }],
    };
    const manifests: Manifest[] = [secret('tls'), ingress, role];
    suffixContentHashes(manifests);
    const hashed = manifests[0].metadata.name;
    expect(ingress.spec.tls[0].secretName).toBe(hashed);
    expect(role.rules[0].resourceNames).toEqual([hashed, 'other']);
  });

  it('passes over what an escape hatch wrote in place of a list of references or of its items', () => {
    const broken = deployment();
    broken.spec.template.spec.volumes = [null, 7, { name: 'settings', configMap: { name: 'settings' } }];
    broken.spec.template.spec.containers[0].env = 'MODE=prod';
    broken.spec.template.spec.imagePullSecrets = { name: 'registry' };
    const role: AnyManifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'shop' },
      rules: [0, { resources: 'configmaps', resourceNames: ['settings'], verbs: ['get'] }, { resourceNames: 'x' }],
    };
    const manifests: Manifest[] = [configMap('settings', { MODE: 'prod' }), broken, role];
    suffixContentHashes(manifests);
    expect(broken.spec.template.spec.volumes).toEqual([
      null,
      7,
      { name: 'settings', configMap: { name: manifests[0].metadata.name } },
    ]);
    expect(role.rules).toEqual([
      0,
      { resources: 'configmaps', resourceNames: ['settings'], verbs: ['get'] },
      { resourceNames: 'x' },
    ]);
  });

  it('leaves references in other namespaces alone', () => {
    const other = deployment();
    other.metadata.namespace = 'elsewhere';
    const manifests: Manifest[] = [configMap('settings', { MODE: 'prod' }), other];
    suffixContentHashes(manifests);
    expect(other.spec.template.spec.volumes[0].configMap.name).toBe('settings');
  });

  it('leaves two objects of one name as written, for the duplicate check to report', () => {
    const manifests: Manifest[] = [configMap('same', { A: '1' }), configMap('same', { A: '2' })];
    suffixContentHashes(manifests);
    expect(manifests.map((manifest) => manifest.metadata.name)).toEqual(['same', 'same']);
  });

  describe('objects whose name does not follow their content', () => {
    const KEEP = { 'k8s-course.io/name-suffix-hash': 'false' };
    const sealed = (password: string): AnyManifest => ({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'creds', namespace: 'shop' },
      spec: { encryptedData: { password }, template: { metadata: { name: 'creds', namespace: 'shop' } } },
    });
    const templateAnnotations = (manifests: Manifest[]) =>
      (manifests.find((manifest) => manifest.kind === 'Deployment') as AnyManifest).spec.template.metadata?.annotations;

    it('annotate the pod templates that use them with a hash of their content, annotations first', () => {
      const manifests: Manifest[] = [configMap('settings', { MODE: 'prod' }, KEEP), sealed('AgB1'), deployment()];
      suffixContentHashes(manifests);
      expect(templateAnnotations(manifests)).toEqual({
        [CONFIG_HASH_ANNOTATION]: expect.stringMatching(/^[0-9a-f]{10}$/),
      });
      expect(Object.keys((manifests[2] as AnyManifest).spec.template.metadata)[0]).toBe('annotations');
    });

    it('roll the pods when a kept-name ConfigMap or a SealedSecret changes', () => {
      const hashOf = (settings: string, password: string) => {
        const manifests: Manifest[] = [configMap('settings', { MODE: settings }, KEEP), sealed(password), deployment()];
        suffixContentHashes(manifests);
        return templateAnnotations(manifests)[CONFIG_HASH_ANNOTATION];
      };
      const before = hashOf('prod', 'AgB1');
      expect(hashOf('prod', 'AgB1')).toBe(before);
      expect(hashOf('debug', 'AgB1')).not.toBe(before);
      expect(hashOf('prod', 'AgB2')).not.toBe(before);
    });

    it('leave templates that use only hashed names, and Jobs, without the annotation', () => {
      const hashedOnly: Manifest[] = [configMap('settings', { MODE: 'prod' }), secret('creds'), deployment()];
      suffixContentHashes(hashedOnly);
      expect(templateAnnotations(hashedOnly)).toBeUndefined();
      const job = deployment();
      job.kind = 'Job';
      const manifests: Manifest[] = [sealed('AgB1'), job];
      suffixContentHashes(manifests);
      expect(job.spec.template.metadata).toBeUndefined();
    });

    it('keep the annotations a template already has', () => {
      const web = deployment();
      web.spec.template.metadata = {
        annotations: { 'z.example/note': 'x', 'a.example/note': 'y' },
        labels: { app: 'web' },
      };
      suffixContentHashes([sealed('AgB1'), web]);
      expect(Object.keys(web.spec.template.metadata.annotations)).toEqual([
        'a.example/note',
        CONFIG_HASH_ANNOTATION,
        'z.example/note',
      ]);
      expect(web.spec.template.metadata.labels).toEqual({ app: 'web' });
    });
  });
});
