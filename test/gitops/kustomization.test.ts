import { parse } from 'yaml';
import { KUSTOMIZATION_FILE, kustomization, kustomizationResources } from '../../lib/gitops/kustomization';

describe('kustomization', () => {
  it('lists the chart files as resources, in order', () => {
    expect(parse(kustomization(['pods.k8s.yaml', 'web.k8s.yaml']))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['pods.k8s.yaml', 'web.k8s.yaml'],
    });
  });

  it('reads back the files it lists, in order', () => {
    expect(kustomizationResources(kustomization(['storage.k8s.yaml', 'database.k8s.yaml']))).toEqual([
      'storage.k8s.yaml',
      'database.k8s.yaml',
    ]);
  });

  it('refuses a Kustomization without a list of resources', () => {
    expect(() => kustomizationResources('kind: Kustomization\n')).toThrow(
      'the Kustomization lists no resources: run npm run synth to write it again',
    );
  });

  it('is written without a .yaml extension, so kubectl apply -f dist/<env>/ does not read it as a manifest', () => {
    expect(KUSTOMIZATION_FILE).toBe('Kustomization');
  });
});
