import { ApiObject } from 'cdk8s';
import { IHasApiObject } from '../constructs/policy-exemption';
import { fail } from '../constructs/validation';
import { REPLACE_ANNOTATION } from './plan';

/**
 * Lets `npm run synth` write a change of this object that the API server refuses (a new selector, new
 * volumeClaimTemplates, ...), as a decision with its reason: the annotation `k8s-course.io/replace: "<reason>"`, which
 * the synthesis lists with the fix. The object must then be replaced on the cluster as the fix says.
 */
export function approveReplace(object: ApiObject | IHasApiObject, reason: string): void {
  const target = object instanceof ApiObject ? object : object.apiObject;
  if (reason.trim() === '') {
    fail(
      target,
      'a replace needs a reason, got an empty one; say why the object is replaced and how (the fix the plan gives)',
    );
  }
  target.metadata.addAnnotation(REPLACE_ANNOTATION, reason.trim());
}
