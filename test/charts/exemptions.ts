import { AnyManifest } from '../helpers';

/** The kube-score checks and Polaris checks an object's annotations exempt it from, and its reason, for assertions. */
export function toolExemptions(object: AnyManifest): { kubeScore: string[]; polaris: string[]; reason: string } {
  const annotations: Record<string, string> = object.metadata.annotations ?? {};
  return {
    kubeScore: (annotations['kube-score/ignore'] ?? '').split(',').filter((id) => id !== ''),
    polaris: Object.keys(annotations)
      .filter((key) => /^polaris\.fairwinds\.com\/.+-exempt$/.test(key) && annotations[key] === 'true')
      .map((key) => key.replace(/^polaris\.fairwinds\.com\/(.+)-exempt$/, '$1')),
    reason: annotations['policy.k8s-course.io/exemption-reason'] ?? '',
  };
}
