import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The annotation that, set to "false" on a ConfigMap or Secret, keeps its name as written. By default the writer
 * suffixes their names with a hash of their content so a changed value rolls the pods that use it.
 */
export const HASH_SUFFIX_ANNOTATION = 'k8s-course.io/name-suffix-hash';

/**
 * Keeps a ConfigMap's or Secret's name as written, for names that an app or another system looks up: given its
 * ApiObject, or the construct that holds it (a cdk8s-plus `ConfigMap` or `Secret`).
 */
export function keepName(target: ApiObject | IConstruct): void {
  ApiObject.of(target).metadata.addAnnotation(HASH_SUFFIX_ANNOTATION, 'false');
}
