import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { checkAnnotations, checkLabels } from './validation';

/**
 * Labels and annotations every construct takes. The project's own labels (the recommended `app.kubernetes.io/*`
 * labels of the chart and the workload, and those a construct needs, such as a Namespace's Pod Security labels)
 * take precedence over a user label of the same key, so a selector can never lose them.
 */
export interface MetadataProps {
  /** Labels of the object, beside the recommended ones (which win on the same key). @default - the recommended labels only */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the object (the construct's own, such as a change cause, win on the same key). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What a construct itself puts in an object's metadata. */
export interface OwnMetadata {
  /** Labels the construct needs. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations the construct needs. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Merges user labels under the project's: the chart's recommended labels, then `own`, win on the same key. */
export function withRecommendedLabels(
  scope: IConstruct,
  user: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...user, ...Chart.of(scope).labels, ...own };
}

/** The metadata of an object: its name, the user's labels and annotations (validated) under the construct's own. */
export function objectMetadata(
  scope: IConstruct,
  name: string,
  props: MetadataProps,
  own: OwnMetadata = {},
): k8s.ObjectMeta {
  const labels = withRecommendedLabels(scope, checkLabels(scope, 'labels', props.labels), own.labels);
  const annotations = { ...checkAnnotations(scope, 'annotations', props.annotations), ...own.annotations };
  return {
    name,
    labels: Object.keys(labels).length === 0 ? undefined : labels,
    annotations: Object.keys(annotations).length === 0 ? undefined : annotations,
  };
}
